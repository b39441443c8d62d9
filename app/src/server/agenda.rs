//! The agenda: anyone reads it; organisers add rooms and place, move, swap and unschedule
//! sessions. Each change names the version it was based on, and the store refuses it if
//! another change came first. Times are typed in the event's zone and kept in UTC.
use super::mail::send;
use super::passwords::random_token;
use super::{
    rights, AgendaChange, AgendaEdit, AgendaRefusal, AppState, Mail, Placement, StoredEvent,
    StoredSession,
};
use crate::error::AppError;
use crate::model::{
    check_item_title, check_room, Agenda, LiveMessage, MyAgenda, Part, Session, Slot, SlotForm,
    User,
};
use crate::server::live::{Audience, Outgoing};
use crate::server::Updated;
use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// What a new session is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Topic(i64),
    /// A plain item's title, as typed.
    Plain(String),
}

fn zone(event: &StoredEvent) -> Tz {
    // The editor checks the zone; a database edited by hand falls back to UTC.
    event.details.time_zone.parse().unwrap_or(Tz::UTC)
}

fn days(event: &StoredEvent) -> Vec<NaiveDate> {
    let details = &event.details;
    details
        .starts_on
        .iter_days()
        .take_while(|day| *day <= details.ends_on)
        .collect()
}

fn localize(session: StoredSession, zone: Tz) -> Session {
    Session {
        id: session.id,
        room_id: session.room_id,
        topic_id: session.topic_id,
        title: session.title,
        local_start: session.starts_at.with_timezone(&zone).naive_local(),
        local_end: session.ends_at.with_timezone(&zone).naive_local(),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        sequence: session.sequence,
        contacts: session.contacts,
        interest: session.interest,
    }
}

/// Anyone: the agenda in the event's zone; organisers also get the topics to place.
pub async fn agenda(state: &AppState, user: Option<User>, slug: &str) -> Result<Agenda, AppError> {
    let event = rights::event(state, slug).await?;
    let can_edit = match &user {
        Some(user) => rights::can_edit(state, user, &event).await?,
        None => false,
    };
    let stored = state.store.list_agenda(event.id).await?;
    let zone = zone(&event);
    let noon = event
        .details
        .starts_on
        .and_hms_opt(12, 0, 0)
        .unwrap_or_default();
    let utc_offset_minutes = zone.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60;
    let mine = match &user {
        Some(user) => {
            let (starred, prefs) = state.store.list_stars(user.id, event.id).await?;
            Some(MyAgenda {
                starred,
                feed_url: prefs
                    .as_ref()
                    .map(|prefs| feed_url(state, &event.details.slug, &prefs.feed_token)),
                mail_on_move: prefs.is_some_and(|prefs| prefs.mail_on_move),
            })
        }
        None => None,
    };
    Ok(Agenda {
        mine,
        read_at: chrono::Utc::now(),
        utc_offset_minutes,
        days: days(&event),
        live_seq: u64::try_from(event.live_seq).unwrap_or_default(),
        version: stored.version,
        rooms: stored.rooms,
        sessions: stored
            .sessions
            .into_iter()
            .map(|session| localize(session, zone))
            .collect(),
        topics: if can_edit { stored.topics } else { Vec::new() },
        can_edit,
        slug: event.details.slug,
        event_title: event.details.title,
        time_zone: event.details.time_zone,
    })
}

/// The slot in UTC; a wall-clock time the clocks skip that night is refused.
fn placement(event: &StoredEvent, slot: &SlotForm) -> Result<Placement, AppError> {
    let slot: Slot = slot
        .check(&days(event))
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    let zone = zone(event);
    let utc = |field: &str, local| {
        to_utc(zone, local).ok_or_else(|| {
            AppError::invalid(
                field,
                "That time does not exist that day: the clocks change.",
            )
        })
    };
    Ok(Placement {
        room_id: slot.room_id,
        starts_at: utc("start", slot.local_start())?,
        ends_at: utc("end", slot.local_end())?,
    })
}

/// Unix seconds of a wall-clock time in `zone`; `None` in the hour the clocks skip. In the
/// hour they repeat, the first.
fn to_utc(zone: Tz, local: NaiveDateTime) -> Option<i64> {
    zone.from_local_datetime(&local)
        .earliest()
        .map(|at| at.timestamp())
}

/// What every open agenda learns of a change: to fetch this version.
fn announce(version: i64) -> Vec<Outgoing> {
    let changed = LiveMessage::AgendaChanged { version };
    vec![Outgoing::new(Audience::Everyone, &changed)]
}

async fn change(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    edit: impl FnOnce(&StoredEvent) -> Result<AgendaEdit, AppError>,
) -> Result<i64, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let edit = edit(&event)?;
    // Read before the change: taking a session off the agenda takes its stars with it.
    let to_tell = match &edit {
        AgendaEdit::Move { session_id, .. } | AgendaEdit::Unschedule { session_id } => {
            state.store.list_star_mail(&[*session_id]).await?
        }
        AgendaEdit::Swap { first, second } => {
            state.store.list_star_mail(&[*first, *second]).await?
        }
        AgendaEdit::AddRoom { .. } | AgendaEdit::Place { .. } => Vec::new(),
    };
    let changed = state
        .store
        .update_agenda(event.id, version, &edit, announce)
        .await?;
    let refusal = match changed {
        AgendaChange::Made { version } => {
            if !to_tell.is_empty() {
                tell_starrers(state, &event, to_tell).await?;
            }
            return Ok(version);
        }
        AgendaChange::Refused(refusal) => refusal,
    };
    Err(match refusal {
        AgendaRefusal::NoSuchRoom => AppError::invalid("room_id", refusal.message()),
        AgendaRefusal::TopicUnavailable | AgendaRefusal::AlreadyScheduled => {
            AppError::invalid("topic_id", refusal.message())
        }
        AgendaRefusal::RoomNameTaken => AppError::invalid("name", refusal.message()),
        AgendaRefusal::Stale | AgendaRefusal::NoSuchSession | AgendaRefusal::RoomTaken { .. } => {
            AppError::Conflict(refusal.message())
        }
    })
}

/// Emails everyone who starred a session that moved (and asked to be told) where it is now.
async fn tell_starrers(
    state: &AppState,
    event: &StoredEvent,
    to_tell: Vec<super::StarMail>,
) -> Result<(), AppError> {
    let stored = state.store.list_agenda(event.id).await?;
    let zone = zone(event);
    let base = state.public_url.trim_end_matches('/');
    let link = format!("{base}/events/{}/agenda?mine=yes", event.details.slug);
    let event_title = &event.details.title;
    for person in to_tell {
        let now = stored
            .sessions
            .iter()
            .find(|s| s.id == person.session_id)
            .cloned()
            .map(|session| localize(session, zone));
        let title = &person.title;
        let text = match now {
            Some(session) => {
                let room = stored
                    .rooms
                    .iter()
                    .find(|room| room.id == session.room_id)
                    .map_or("", |room| room.name.as_str());
                format!(
                    "\"{title}\", a session you starred at {event_title}, moved. It is now on {} {} in {room}.",
                    session.local_start.format("%A %-d %B"),
                    session.hours()
                )
            }
            None => format!(
                "\"{title}\", a session you starred at {event_title}, was taken off the agenda."
            ),
        };
        let mail = Mail {
            recipient: person.email,
            subject: format!("Agenda change: {title}"),
            body: format!(
                "{text}\n\nYour agenda: {link}\n\nYou get these emails because you asked for them on \
                 the agenda page; untick the box there to stop them."
            ),
        };
        send(state, mail).await?;
    }
    Ok(())
}

/// The private calendar feed of someone's starred sessions.
fn feed_url(state: &AppState, slug: &str, token: &str) -> String {
    let base = state.public_url.trim_end_matches('/');
    format!("{base}/events/{slug}/my-agenda.ics?token={token}")
}

/// Signed in: stars (`on`) or unstars a session.
pub async fn star(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    session_id: i64,
    on: bool,
) -> Result<(), AppError> {
    let user = user.ok_or(AppError::SignInRequired)?;
    let event = rights::event(state, slug).await?;
    let starred = state
        .store
        .update_star(user.id, event.id, session_id, on, &random_token())
        .await?;
    match starred {
        Updated::Made => Ok(()),
        Updated::Missed => Err(AppError::Conflict(AgendaRefusal::NoSuchSession.message())),
    }
}

/// Signed in: whether a starred session moving sends an email.
pub async fn choose_mail_on_move(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    on: bool,
) -> Result<(), AppError> {
    let user = user.ok_or(AppError::SignInRequired)?;
    rights::event(state, slug).await?;
    let token = random_token();
    Ok(state.store.update_mail_on_move(user.id, on, &token).await?)
}

/// The feed of the starred sessions of the person holding `token`, as an agenda.
pub async fn starred_agenda(state: &AppState, slug: &str, token: &str) -> Result<Agenda, AppError> {
    let owner = state.store.find_feed_owner(token).await?;
    let user_id = owner.ok_or(AppError::NotFound)?;
    let event = rights::event(state, slug).await?;
    let (starred, _) = state.store.list_stars(user_id, event.id).await?;
    let mut agenda = agenda(state, None, slug).await?;
    agenda
        .sessions
        .retain(|session| starred.contains(&session.id));
    agenda.event_title = format!("My agenda · {}", agenda.event_title);
    Ok(agenda)
}

pub async fn add_room(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    name: &str,
    capacity: &str,
) -> Result<i64, AppError> {
    change(state, user, slug, version, |_| {
        let (name, capacity) = check_room(name, capacity)
            .map_err(|(field, message)| AppError::invalid(field, message))?;
        Ok(AgendaEdit::AddRoom { name, capacity })
    })
    .await
}

pub async fn place(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    item: Item,
    slot: &SlotForm,
) -> Result<i64, AppError> {
    change(state, user, slug, version, |event| {
        let at = placement(event, slot)?;
        let (topic_id, title) = match item {
            // The session shows the topic's own title, whatever it becomes.
            Item::Topic(id) => (Some(id), String::new()),
            Item::Plain(title) => {
                let title = check_item_title(&title).map_err(|m| AppError::invalid("title", m))?;
                (None, title)
            }
        };
        Ok(AgendaEdit::Place {
            topic_id,
            title,
            at,
        })
    })
    .await
}

/// Moves or resizes a session.
pub async fn move_session(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    session_id: i64,
    slot: &SlotForm,
) -> Result<i64, AppError> {
    change(state, user, slug, version, |event| {
        Ok(AgendaEdit::Move {
            session_id,
            to: placement(event, slot)?,
        })
    })
    .await
}

pub async fn swap(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    first: i64,
    second: i64,
) -> Result<i64, AppError> {
    change(state, user, slug, version, |_| {
        if first == second {
            return Err(AppError::invalid(
                "second",
                "Pick two different sessions to swap.",
            ));
        }
        Ok(AgendaEdit::Swap { first, second })
    })
    .await
}

pub async fn unschedule(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    session_id: i64,
) -> Result<i64, AppError> {
    change(state, user, slug, version, |_| {
        Ok(AgendaEdit::Unschedule { session_id })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("a time")
    }

    #[test]
    fn wall_clock_times_become_utc_in_the_events_zone() {
        let london = Tz::Europe__London;
        let summer = to_utc(london, local("2014-05-29 10:00"));
        assert_eq!(
            summer,
            Some(local("2014-05-29 09:00").and_utc().timestamp())
        );
        let winter = to_utc(london, local("2014-12-04 10:00"));
        assert_eq!(
            winter,
            Some(local("2014-12-04 10:00").and_utc().timestamp())
        );
        // 01:30 on 30 March 2014 never happened in London.
        assert_eq!(to_utc(london, local("2014-03-30 01:30")), None);
    }
}
