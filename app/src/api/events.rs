//! Reading events.
use crate::error::AppError;
use crate::model::{Event, EventIndex};
use leptos::prelude::*;

/// Anyone: upcoming events and the archive, for the home page.
#[server(endpoint = "list_events", input = server_fn::codec::GetUrl)]
pub async fn list_events() -> Result<EventIndex, AppError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::event_index(&state).await
}

/// Anyone: one event's public page.
#[server(endpoint = "get_event", input = server_fn::codec::GetUrl)]
pub async fn get_event(slug: String) -> Result<Event, AppError> {
    use super::context::{caller, respond, state};
    respond(crate::server::event_page(&state(), caller().await?, &slug).await)
}
