//! Who may do what. Every mutating server function starts here, on the server.
use super::{AppState, StoredEvent};
use crate::error::AppError;
use crate::model::{writeups_close_on, Part, Slug, User};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

/// Anyone signed in is a participant.
pub fn participant(user: Option<User>) -> Result<User, AppError> {
    user.ok_or(AppError::SignInRequired)
}

pub fn admin(user: Option<User>) -> Result<User, AppError> {
    let user = participant(user)?;
    if user.is_admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The event, if `user` organises it or is an admin.
pub async fn organiser(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<(User, StoredEvent), AppError> {
    let user = participant(user)?;
    let event = event(state, slug).await?;
    if can_edit(state, &user, &event).await? {
        Ok((user, event))
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn can_edit(
    state: &AppState,
    user: &User,
    event: &StoredEvent,
) -> Result<bool, AppError> {
    Ok(user.is_admin || state.store.is_organiser(event.id, user.id).await?)
}

/// The event with `slug`, or `NotFound`.
pub async fn event(state: &AppState, slug: &str) -> Result<StoredEvent, AppError> {
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let event = state.store.find_event(slug.as_str()).await?;
    event.ok_or(AppError::NotFound)
}

/// Whether `part` of the event may change today: an archived event's planning is read-only,
/// and its write-ups and comments close when the organisers' window does.
pub async fn writable(state: &AppState, event: &StoredEvent, part: Part) -> Result<(), AppError> {
    let details = &event.details;
    let chosen = match part {
        Part::Planning => None,
        Part::Comments | Part::Writeups => state.store.find_writeup_window(event.id).await?,
    };
    let closes_on = writeups_close_on(details.ends_on, chosen);
    let today = today_in(&details.time_zone);
    crate::model::writable(details.starts_on, details.ends_on, closes_on, today, part)
        .map_err(AppError::Conflict)
}

/// Why `part` of the event is closed today, for the page to say; `None` while it is open.
pub async fn closed(
    state: &AppState,
    event: &StoredEvent,
    part: Part,
) -> Result<Option<String>, AppError> {
    match writable(state, event, part).await {
        Ok(()) => Ok(None),
        Err(AppError::Conflict(why)) => Ok(Some(why)),
        Err(error) => Err(error),
    }
}

/// Today's date where the event happens (UTC when the zone is unknown): what may be done to
/// an event changes when it is over.
pub(super) fn today_in(time_zone: &str) -> NaiveDate {
    let now = Utc::now();
    match time_zone.parse::<Tz>() {
        Ok(tz) => now.with_timezone(&tz).date_naive(),
        Err(_) => now.date_naive(),
    }
}
