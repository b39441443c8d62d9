//! `/events/{slug}/agenda/now`: what is on in each room now and what comes next, for a phone
//! in a corridor; `/events/{slug}/agenda/screen`, the same in large type for a screen at the
//! venue. Both follow the clock by themselves and the agenda live.
use super::agenda::{now_and_next, session_title, use_live_agenda};
use crate::components::ErrorView;
use crate::live::{Live, LiveBadge};
use crate::model::Agenda;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

/// The time now, moved on every 20 seconds in the browser. It starts at the server's time,
/// which hydration must draw again, and takes the browser's once the page is live: a session
/// that began in between would otherwise draw another page than the server sent.
fn use_clock() -> RwSignal<DateTime<Utc>> {
    let now = RwSignal::new(SharedValue::new(current_time).into_inner());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let tick = move || now.set(current_time());
            let every = std::time::Duration::from_secs(20);
            if let Ok(handle) = leptos::leptos_dom::helpers::set_interval_with_handle(tick, every) {
                on_cleanup(move || handle.clear());
            }
        }
        now.set(current_time());
    });
    now
}

fn current_time() -> DateTime<Utc> {
    #[cfg(feature = "hydrate")]
    {
        let millis = js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        now_on_server()
    }
}

#[cfg(feature = "ssr")]
fn now_on_server() -> DateTime<Utc> {
    Utc::now()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn now_on_server() -> DateTime<Utc> {
    DateTime::default()
}

#[component]
pub fn AgendaNowPage() -> impl IntoView {
    view! { <NowNext screen=false /> }
}

#[component]
pub fn AgendaScreenPage() -> impl IntoView {
    view! { <NowNext screen=true /> }
}

#[component]
fn NowNext(screen: bool) -> impl IntoView {
    let live = Live::new();
    provide_context(live);
    let agenda = use_live_agenda(live, || 0);
    let now = use_clock();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the agenda…"</p> }>
            {move || agenda.get().map(|loaded| match loaded {
                Ok(agenda) => {
                    live.follow(&agenda.slug, agenda.live_seq);
                    view! { <Rooms agenda now screen /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Rooms(agenda: Agenda, now: RwSignal<DateTime<Utc>>, screen: bool) -> impl IntoView {
    let slug = agenda.slug.clone();
    let title = agenda.event_title.clone();
    let shown = agenda.clone();
    let offset = chrono::Duration::minutes(i64::from(agenda.utc_offset_minutes));
    let clock = move || (now.get() + offset).format("%H:%M").to_string();
    let rooms = move || {
        let at = now.get();
        now_and_next(&shown, at)
            .into_iter()
            .map(|(room, current, next)| {
                let current = match current {
                    Some(session) => view! {
                        <p class="now">
                            <span class="label">"Now"</span>
                            <strong>{session_title(&shown.slug, &session)}</strong>
                            <span class="muted">" until " {session.local_end.format("%H:%M").to_string()}</span>
                        </p>
                    }
                    .into_any(),
                    None => view! { <p class="now muted"><span class="label">"Now"</span>"Free"</p> }.into_any(),
                };
                let today = (at + offset).date_naive();
                let next = next.map(|session| {
                    let format = if session.day() == today { "%H:%M" } else { "%a %H:%M" };
                    let when = session.local_start.format(format).to_string();
                    view! {
                        <p class="next">
                            <span class="label">"Next"</span>
                            {session_title(&shown.slug, &session)}
                            <span class="muted">" · " {when}</span>
                        </p>
                    }
                });
                view! {
                    <li class="room-now card">
                        <h2>{room}</h2>
                        {current}
                        {next}
                    </li>
                }
            })
            .collect_view()
    };
    let empty = agenda
        .rooms
        .is_empty()
        .then(|| view! { <p class="empty">"No rooms yet."</p> });
    view! {
        <Title text=format!("Now · {title}") />
        <section class="now-next" class:projector=screen>
            <p class="event-status">
                <a href=format!("/events/{slug}/agenda")>{title}</a>
                " " <LiveBadge />
            </p>
            <h1>"Now / Next" " " <span class="clock">{clock}</span></h1>
            <p class="muted as-of">"Agenda as of " {agenda.as_of()} "."</p>
            {empty}
            <ul class="rooms-now">{rooms}</ul>
        </section>
    }
}
