//! `/events/{slug}/agenda`: the agenda as attendees follow it. A list by time on a phone, a
//! grid by room on a wide screen, "Now / Next" at the top on the day. Every change arrives
//! live, and the sessions that moved are briefly highlighted. A signed-in reader stars sessions
//! into "My agenda" (`?mine=yes`), is told when one of them moves, and may follow them in a
//! private calendar feed or by email.
use crate::api::{get_agenda, ChooseAgendaMail, StarSession};
use crate::auth::form_error;
use crate::components::{ErrorView, SignInLink};
use crate::live::{Live, LiveBadge};
use crate::model::{Agenda, LiveMessage, MyAgenda, Session};
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

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

/// What changed in the reader's starred sessions since `before`: moved, or taken off.
pub fn starred_changes(before: Option<&Agenda>, now: &Agenda) -> Vec<String> {
    let Some(before) = before else {
        return Vec::new();
    };
    before
        .sessions
        .iter()
        .filter(|old| now.is_starred(old.id) || before.is_starred(old.id))
        .filter_map(|old| match now.sessions.iter().find(|s| s.id == old.id) {
            Some(new) if new.sequence != old.sequence => Some(format!(
                "Moved: {} is now {}.",
                new.title,
                now.place_of(new)
            )),
            Some(_) => None,
            None => Some(format!("Taken off the agenda: {}.", old.title)),
        })
        .collect()
}

/// The page's actions, made once so the agenda reloads after each.
#[derive(Clone, Copy)]
struct MineActions {
    star: ServerAction<StarSession>,
    mail: ServerAction<ChooseAgendaMail>,
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let live = Live::new();
    provide_context(live);
    let actions = MineActions {
        star: ServerAction::new(),
        mail: ServerAction::new(),
    };
    let agenda = use_live_agenda(live, move || {
        actions.star.version().get() + actions.mail.version().get()
    });
    let query = use_query_map();
    let only_mine = Memo::new(move |_| query.read().get("mine").as_deref() == Some("yes"));
    let previous: StoredValue<Option<Agenda>> = StoredValue::new(None);
    // Kept until dismissed: the next live change must not wipe out news of the last one.
    let notices = RwSignal::new(Vec::<String>::new());
    view! {
        <div class="notice starred-notice" role="status" hidden=move || notices.with(Vec::is_empty)>
            <ul>{move || notices.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
            <button type="button" class="button-link" on:click=move |_| notices.set(Vec::new())>
                "Dismiss"
            </button>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading the agenda…"</p> }>
            {move || agenda.get().map(|loaded| match loaded {
                Ok(agenda) => {
                    live.follow(&agenda.slug, agenda.live_seq);
                    let (moved, changes) = previous.with_value(|before| {
                        (moved_since(before.as_ref(), &agenda), starred_changes(before.as_ref(), &agenda))
                    });
                    if !changes.is_empty() {
                        notices.update(|all| all.extend(changes));
                    }
                    previous.set_value(Some(agenda.clone()));
                    view! { <AgendaView agenda moved only_mine=only_mine.get() actions /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn AgendaView(
    mut agenda: Agenda,
    moved: Vec<i64>,
    only_mine: bool,
    actions: MineActions,
) -> impl IntoView {
    let slug = agenda.slug.clone();
    let signed_in = agenda.mine.is_some();
    let starred_count = agenda.mine.as_ref().map_or(0, |mine| mine.starred.len());
    let only_mine = only_mine && signed_in;
    if only_mine {
        let starred: Vec<i64> = agenda
            .mine
            .as_ref()
            .map(|m| m.starred.clone())
            .unwrap_or_default();
        agenda.sessions.retain(|s| starred.contains(&s.id));
    }
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
            view! { <Day day=*day agenda=agenda.clone() sessions moved=moved.clone() actions /> }
        })
        .collect_view();
    let empty = agenda.sessions.is_empty().then(|| {
        let text = if only_mine {
            "You have not starred any session yet. Star the ones you want to go to, and they \
             gather here."
        } else {
            "Nothing is scheduled yet. The agenda appears here as the organisers build it, live."
        };
        view! { <p class="empty">{text}</p> }
    });
    let switch = signed_in.then(|| {
        let all = format!("/events/{slug}/agenda");
        let mine = format!("/events/{slug}/agenda?mine=yes");
        view! {
            <nav class="queue-filters" aria-label="Which sessions">
                <a class="chip" href=all aria-current=(!only_mine).then_some("true")>"Everything"</a>
                <a class="chip" href=mine aria-current=only_mine.then_some("true")>
                    "My agenda (" {starred_count} ")"
                </a>
            </nav>
        }
    });
    let follow = agenda
        .mine
        .clone()
        .map(|mine| view! { <FollowMine slug=slug.clone() mine mail=actions.mail /> });
    let visitor = (!signed_in).then(|| {
        view! {
            <p class="muted">
                <SignInLink>"Sign in"</SignInLink>
                " to star sessions and build your own agenda."
            </p>
        }
    });
    view! {
        <Title text=format!("Agenda · {}", agenda.event_title) />
        <Meta name="description" content=format!("The agenda of {}: every session's room and time, kept up to date live.", agenda.event_title) />
        <section class="agenda">
            <p class="event-status">
                <a href=format!("/events/{slug}")>{agenda.event_title.clone()}</a>
                " " <LiveBadge />
            </p>
            <h1>{if only_mine { "My agenda" } else { "Agenda" }}</h1>
            <p class="actions">
                <a class="button-link" href=format!("/events/{slug}/agenda/now")>"Now / Next"</a>
                <a class="button-link" href=format!("/events/{slug}/agenda.ics")>"Calendar feed"</a>
                {agenda.can_edit.then(|| view! {
                    <a class="button-link" href=format!("/events/{slug}/agenda/edit")>"Edit the agenda"</a>
                })}
            </p>
            <p class="muted">
                <span class="as-of">"As of " {agenda.as_of()} "."</span>
                " Times in " {agenda.time_zone.clone()} ". Subscribe to the calendar feed and \
                 your calendar follows every change."
            </p>
            {switch}
            {visitor}
            <p class="form-error" role="alert">{form_error(actions.star.value())}</p>
            {empty}
            {days}
            {follow}
        </section>
    }
}

/// The private feed of starred sessions, and the email choice.
#[component]
fn FollowMine(slug: String, mine: MyAgenda, mail: ServerAction<ChooseAgendaMail>) -> impl IntoView {
    let feed = mine.feed_url.map(|url| {
        view! {
            <p>
                <a href=url>"Calendar feed of your starred sessions"</a>
                " · private: keep the address to yourself."
            </p>
        }
    });
    let saved = move || {
        mail.value()
            .get()
            .is_some_and(|r| r.is_ok())
            .then_some("Saved.")
    };
    view! {
        <section class="card follow-mine" aria-labelledby="follow-heading">
            <h2 id="follow-heading">"Follow your agenda"</h2>
            {feed}
            <ActionForm action=mail attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <label class="check">
                    <input type="checkbox" name="mail" checked=mine.mail_on_move />
                    " Email me when a session I starred moves"
                </label>
                <button type="submit" class="button-link">"Save"</button>
                <span class="muted" role="status">{saved}</span>
            </ActionForm>
            <p class="form-error" role="alert">{form_error(mail.value())}</p>
        </section>
    }
}

/// The star of one session, for a signed-in reader.
fn star_button(
    agenda: &Agenda,
    session: &Session,
    star: ServerAction<StarSession>,
) -> impl IntoView {
    agenda.mine.is_some().then(|| {
        let on = agenda.is_starred(session.id);
        let label = format!("Star {}", session.title);
        let slug = agenda.slug.clone();
        let id = session.id;
        view! {
            <ActionForm action=star attr:class="inline-form star-form">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="session_id" value=id />
                <input type="hidden" name="on" value=if on { "no" } else { "yes" } />
                <button type="submit" class="star" aria-pressed=if on { "true" } else { "false" }
                    aria-label=label>
                    {if on { "★" } else { "☆" }}
                </button>
            </ActionForm>
        }
    })
}

/// One day: a list by time (phones) and a grid by room (wide screens).
#[component]
fn Day(
    day: NaiveDate,
    agenda: Agenda,
    sessions: Vec<Session>,
    moved: Vec<i64>,
    actions: MineActions,
) -> impl IntoView {
    if sessions.is_empty() {
        return None;
    }
    let room_name = |id: i64| agenda.room(id).map(|r| r.name.clone()).unwrap_or_default();
    let items = sessions
        .iter()
        .map(|session| {
            let changed = moved.contains(&session.id);
            let title = session_title(&agenda.slug, session);
            let star = star_button(&agenda, session, actions.star);
            view! {
                <li class="agenda-item" class:just-changed=changed class:starred=agenda.is_starred(session.id)
                    data-session=session.id>
                    <time datetime=session.starts_at.to_rfc3339()>{session.hours()}</time>
                    <span class="agenda-title">{title}</span>
                    <span class="muted">{room_name(session.room_id)}</span>
                    {star}
                </li>
            }
        })
        .collect_view();
    let grid = grid(&agenda, &sessions, &moved, actions.star);
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
fn grid(
    agenda: &Agenda,
    sessions: &[Session],
    moved: &[i64],
    star: ServerAction<StarSession>,
) -> impl IntoView {
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
            let star = star_button(agenda, session, star);
            Some(view! {
                <div class="grid-session" class:plain=session.topic_id.is_none() class:just-changed=changed
                    class:starred=agenda.is_starred(session.id) style=style>
                    <span class="grid-time">{session.hours()}</span>
                    <span class="agenda-title">{title}</span>
                    {star}
                </div>
            })
        })
        .collect_view();
    let columns = format!(
        "grid-template-columns: 3.5rem repeat({}, minmax(8rem, 1fr))",
        agenda.rooms.len().max(1)
    );
    view! {
        // Shown instead of the list on wide screens (CSS), never with it.
        <div class="agenda-grid" style=columns>{heads}{hours}{blocks}</div>
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
