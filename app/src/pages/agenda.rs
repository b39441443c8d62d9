//! `/events/{slug}/agenda`: the agenda as attendees follow it. A list by time on a phone, a
//! grid by room on a wide screen, "Now / Next" at the top on the day. Every change arrives
//! live, and the sessions that moved are briefly highlighted.
use crate::api::get_agenda;
use crate::components::ErrorView;
use crate::live::{Live, LiveBadge};
use crate::model::{Agenda, LiveMessage, Session};
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The agenda resource, reloaded on every live change and whenever `saves` moves (the
/// editor's own changes).
pub fn use_live_agenda(
    live: Live,
    saves: impl Fn() -> usize + Send + Sync + 'static,
) -> Resource<Result<Agenda, crate::error::AppError>> {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let reloads = RwSignal::new(0u32);
    live.on_message(move |message| {
        if matches!(message, LiveMessage::AgendaChanged { .. }) {
            reloads.update(|n| *n += 1);
        }
    });
    Resource::new(
        move || (slug(), reloads.get(), live.resyncs.get(), saves()),
        |(slug, ..)| get_agenda(slug),
    )
}

/// The sessions of `now` that are new or moved since `before`.
pub fn moved_since(before: Option<&Agenda>, now: &Agenda) -> Vec<i64> {
    let Some(before) = before else {
        return Vec::new();
    };
    now.sessions
        .iter()
        .filter(|session| {
            !before
                .sessions
                .iter()
                .any(|old| old.id == session.id && old.sequence == session.sequence)
        })
        .map(|session| session.id)
        .collect()
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let live = Live::new();
    provide_context(live);
    let agenda = use_live_agenda(live, || 0);
    let previous: StoredValue<Option<Agenda>> = StoredValue::new(None);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the agenda…"</p> }>
            {move || agenda.get().map(|loaded| match loaded {
                Ok(agenda) => {
                    live.follow(&agenda.slug, agenda.live_seq);
                    let moved = previous.with_value(|before| moved_since(before.as_ref(), &agenda));
                    previous.set_value(Some(agenda.clone()));
                    view! { <AgendaView agenda moved /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn AgendaView(agenda: Agenda, moved: Vec<i64>) -> impl IntoView {
    let slug = agenda.slug.clone();
    let days = agenda
        .days
        .iter()
        .map(|day| {
            let sessions: Vec<Session> = agenda
                .sessions
                .iter()
                .filter(|s| s.day() == *day)
                .cloned()
                .collect();
            view! { <Day day=*day agenda=agenda.clone() sessions moved=moved.clone() /> }
        })
        .collect_view();
    let empty = agenda.sessions.is_empty().then(|| {
        view! { <p class="empty">"Nothing is scheduled yet. The agenda appears here as the organisers build it, live."</p> }
    });
    view! {
        <Title text=format!("Agenda · {}", agenda.event_title) />
        <section class="agenda">
            <p class="event-status">
                <a href=format!("/events/{slug}")>{agenda.event_title.clone()}</a>
                " " <LiveBadge />
            </p>
            <h1>"Agenda"</h1>
            <p class="actions">
                <a class="button-link" href=format!("/events/{slug}/agenda/now")>"Now / Next"</a>
                <a class="button-link" href=format!("/events/{slug}/agenda.ics")>"Calendar feed"</a>
                {agenda.can_edit.then(|| view! {
                    <a class="button-link" href=format!("/events/{slug}/agenda/edit")>"Edit the agenda"</a>
                })}
            </p>
            <p class="muted">
                "Times in " {agenda.time_zone.clone()} ". Subscribe to the calendar feed and \
                 your calendar follows every change."
            </p>
            {empty}
            {days}
        </section>
    }
}

/// One day: a list by time (phones) and a grid by room (wide screens).
#[component]
fn Day(day: NaiveDate, agenda: Agenda, sessions: Vec<Session>, moved: Vec<i64>) -> impl IntoView {
    if sessions.is_empty() {
        return None;
    }
    let room_name = |id: i64| agenda.room(id).map(|r| r.name.clone()).unwrap_or_default();
    let items = sessions
        .iter()
        .map(|session| {
            let changed = moved.contains(&session.id);
            let title = session_title(&agenda.slug, session);
            view! {
                <li class="agenda-item" class:just-changed=changed data-session=session.id>
                    <time datetime=session.starts_at.to_rfc3339()>{session.hours()}</time>
                    <span class="agenda-title">{title}</span>
                    <span class="muted">{room_name(session.room_id)}</span>
                </li>
            }
        })
        .collect_view();
    let grid = grid(&agenda, &sessions, &moved);
    Some(view! {
        <section class="agenda-day" aria-label=day.format("%A %-d %B").to_string()>
            <h2>{day.format("%A %-d %B").to_string()}</h2>
            <ol class="agenda-list">{items}</ol>
            {grid}
        </section>
    })
}

/// A session's title, linking to its topic.
pub fn session_title(slug: &str, session: &Session) -> AnyView {
    match session.topic_id {
        Some(topic) => view! {
            <a href=format!("/events/{slug}/topics/{topic}")>{session.title.clone()}</a>
        }
        .into_any(),
        None => view! { {session.title.clone()} }.into_any(),
    }
}

/// Rooms across, quarter hours down, from the day's first start to its last end.
fn grid(agenda: &Agenda, sessions: &[Session], moved: &[i64]) -> impl IntoView {
    let first = sessions
        .iter()
        .map(Session::start_minute)
        .min()
        .unwrap_or(9 * 60)
        / 15
        * 15;
    let last = sessions
        .iter()
        .map(Session::end_minute)
        .max()
        .unwrap_or(18 * 60);
    let row = |minute: u32| (minute.saturating_sub(first)) / 15 + 2;
    let heads = agenda
        .rooms
        .iter()
        .enumerate()
        .map(|(index, room)| {
            let style = format!("grid-column: {}; grid-row: 1", index + 2);
            view! { <div class="grid-room" style=style>{room.name.clone()}</div> }
        })
        .collect_view();
    let hours = (first..last)
        .step_by(60)
        .map(|minute| {
            let style = format!("grid-column: 1; grid-row: {}", row(minute));
            view! { <div class="grid-hour" style=style>{format!("{:02}:{:02}", minute / 60, minute % 60)}</div> }
        })
        .collect_view();
    let blocks = sessions
        .iter()
        .filter_map(|session| {
            let column = agenda.rooms.iter().position(|r| r.id == session.room_id)? + 2;
            let start = row(session.start_minute());
            let style = format!(
                "grid-column: {column}; grid-row: {start} / {}",
                row(session.end_minute()).max(start + 1)
            );
            let changed = moved.contains(&session.id);
            let title = session_title(&agenda.slug, session);
            Some(view! {
                <div class="grid-session" class:plain=session.topic_id.is_none() class:just-changed=changed style=style>
                    <span class="grid-time">{session.hours()}</span>
                    <span class="agenda-title">{title}</span>
                </div>
            })
        })
        .collect_view();
    let columns = format!(
        "grid-template-columns: 3.5rem repeat({}, minmax(8rem, 1fr))",
        agenda.rooms.len().max(1)
    );
    view! {
        <div class="agenda-grid" style=columns aria-hidden="true">{heads}{hours}{blocks}</div>
    }
}

/// What is on in each room at `now`, and what comes next there.
pub fn now_and_next(
    agenda: &Agenda,
    now: chrono::DateTime<Utc>,
) -> Vec<(String, Option<Session>, Option<Session>)> {
    agenda
        .rooms
        .iter()
        .map(|room| {
            let in_room = agenda.sessions.iter().filter(|s| s.room_id == room.id);
            let current = in_room
                .clone()
                .find(|s| s.starts_at <= now && now < s.ends_at)
                .cloned();
            let next = in_room
                .filter(|s| s.starts_at > now)
                .min_by_key(|s| s.starts_at)
                .cloned();
            (room.name.clone(), current, next)
        })
        .collect()
}
