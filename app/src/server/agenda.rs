//! The agenda: anyone reads it; organisers add rooms and place, move, swap and unschedule
//! sessions. Each change names the version it was based on, and the store refuses it if
//! another change came first. Times are typed in the event's zone and kept in UTC.
use super::{rights, AgendaEdit, AgendaRefusal, AppState, Placement, StoredEvent, StoredSession};
use crate::error::AppError;
use crate::model::{check_item_title, check_room, Agenda, Session, Slot, SlotForm, User};
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
    let stored = state.store.agenda(event.id).await?;
    let zone = zone(&event);
    let noon = event
        .details
        .starts_on
        .and_hms_opt(12, 0, 0)
        .unwrap_or_default();
    let utc_offset_minutes = zone.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60;
    Ok(Agenda {
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

async fn change(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    version: i64,
    edit: impl FnOnce(&StoredEvent) -> Result<AgendaEdit, AppError>,
) -> Result<i64, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    let edit = edit(&event)?;
    let changed = state.store.change_agenda(event.id, version, &edit).await?;
    changed.map_err(|refusal| match refusal {
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
