//! The agenda: read by anyone, changed by organisers. Every change posts the version it was
//! based on (`version`), and is refused if the agenda moved since.
use crate::error::AppError;
use crate::model::Agenda;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

#[cfg(feature = "ssr")]
fn slot(room_id: String, day: String, start: String, end: String) -> crate::model::SlotForm {
    crate::model::SlotForm {
        room_id,
        day,
        start,
        end,
    }
}

#[server(endpoint = "get_agenda", input = server_fn::codec::GetUrl)]
pub async fn get_agenda(slug: String) -> Result<Agenda, AppError> {
    let user = caller().await?;
    respond(crate::server::agenda::agenda(&state(), user, &slug).await)
}

#[server(endpoint = "add_room")]
pub async fn add_room(
    slug: String,
    version: i64,
    name: String,
    capacity: String,
) -> Result<i64, AppError> {
    let user = caller().await?;
    let state = state();
    let added = crate::server::agenda::add_room(&state, user, &slug, version, &name, &capacity);
    respond(added.await)
}

/// A topic (`topic_id`) or, with `topic_id` empty, a plain item (`title`).
#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(endpoint = "schedule_session")]
pub async fn schedule_session(
    slug: String,
    version: i64,
    topic_id: Option<String>,
    title: Option<String>,
    room_id: String,
    day: String,
    start: String,
    end: String,
) -> Result<i64, AppError> {
    use crate::server::agenda::Item;
    let user = caller().await?;
    let item = match topic_id.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(id) => Item::Topic(
            id.parse()
                .map_err(|_| AppError::invalid("topic_id", "Pick a topic from the list."))?,
        ),
        None => Item::Plain(title.unwrap_or_default()),
    };
    let slot = slot(room_id, day, start, end);
    let state = state();
    respond(crate::server::agenda::place(&state, user, &slug, version, item, &slot).await)
}

#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(endpoint = "move_session")]
pub async fn move_session(
    slug: String,
    version: i64,
    session_id: i64,
    room_id: String,
    day: String,
    start: String,
    end: String,
) -> Result<i64, AppError> {
    let user = caller().await?;
    let slot = slot(room_id, day, start, end);
    let state = state();
    let moved =
        crate::server::agenda::move_session(&state, user, &slug, version, session_id, &slot);
    respond(moved.await)
}

#[server(endpoint = "swap_sessions")]
pub async fn swap_sessions(
    slug: String,
    version: i64,
    first: i64,
    second: i64,
) -> Result<i64, AppError> {
    let user = caller().await?;
    let state = state();
    respond(crate::server::agenda::swap(&state, user, &slug, version, first, second).await)
}

#[server(endpoint = "unschedule_session")]
pub async fn unschedule_session(
    slug: String,
    version: i64,
    session_id: i64,
) -> Result<i64, AppError> {
    let user = caller().await?;
    let state = state();
    respond(crate::server::agenda::unschedule(&state, user, &slug, version, session_id).await)
}

/// Signed in: stars a session for "My agenda" (`on` = "yes") or unstars it.
#[server(endpoint = "star_session")]
pub async fn star_session(slug: String, session_id: i64, on: String) -> Result<(), AppError> {
    let user = caller().await?;
    let state = state();
    let starred = crate::server::agenda::star(&state, user, &slug, session_id, on == "yes");
    respond(starred.await)
}

/// Signed in: an email each time a starred session moves (the box ticked) or none.
#[server(endpoint = "choose_agenda_mail")]
pub async fn choose_agenda_mail(slug: String, mail: Option<String>) -> Result<(), AppError> {
    let user = caller().await?;
    let state = state();
    let on = mail.is_some();
    respond(crate::server::agenda::choose_mail_on_move(&state, user, &slug, on).await)
}
