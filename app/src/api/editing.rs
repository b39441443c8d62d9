//! Organisers edit their event; admins create events and name organisers.
use crate::error::AppError;
use crate::model::{EditableEvent, EventForm};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

/// Organiser of the event, or admin: the editor's form and the organisers.
#[server(endpoint = "event_editor", input = server_fn::codec::GetUrl)]
pub async fn event_editor(slug: String) -> Result<EditableEvent, AppError> {
    let user = caller().await?;
    respond(crate::server::editor(&state(), user, &slug).await)
}

/// Organiser of the event, or admin: saves every field and the hotels. `op` comes from the
/// button that submitted the form ("up-2", "remove-0"); a plain save has none.
#[server(endpoint = "update_event")]
pub async fn update_event(
    slug: String,
    revision: i64,
    op: Option<String>,
    event: EventForm,
) -> Result<(), AppError> {
    use crate::model::HotelOp;
    let user = caller().await?;
    let op = op.as_deref().and_then(HotelOp::parse);
    let saved = crate::server::save(&state(), user, &slug, revision, op, &event).await;
    let revision = respond(saved)?;
    // A new URL for every save: the page reloads the form from what was stored.
    leptos_axum::redirect(&format!("/events/{slug}/edit?saved={revision}"));
    Ok(())
}

/// Admin: a new event with the few fields it cannot exist without; the editor does the rest.
#[server(endpoint = "create_event")]
pub async fn create_event(
    slug: String,
    title: String,
    starts_on: String,
    ends_on: String,
    time_zone: String,
    venue_name: String,
) -> Result<(), AppError> {
    let user = caller().await?;
    let form = crate::server::NewEventForm {
        slug,
        title,
        starts_on,
        ends_on,
        time_zone,
        venue_name,
    };
    let slug = respond(crate::server::create_event(&state(), user, form).await)?;
    leptos_axum::redirect(&format!("/events/{slug}/edit"));
    Ok(())
}

/// Admin: makes the account with this email an organiser of the event.
#[server(endpoint = "add_organiser")]
pub async fn add_organiser(slug: String, email: String) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::add_organiser(&state(), user, &slug, &email).await)
}

/// Admin: the account stops organising the event.
#[server(endpoint = "remove_organiser")]
pub async fn remove_organiser(slug: String, user_id: i64) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::remove_organiser(&state(), user, &slug, user_id).await)
}
