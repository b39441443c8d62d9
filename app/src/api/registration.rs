//! Registration: requests, the organisers' queue and decisions, the attendee's confirmation.
use crate::error::AppError;
use crate::model::{RegistrationPanel, RegistrationQueue};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

/// Anyone: the counts, and the caller's own request.
#[server(endpoint = "get_registration", input = server_fn::codec::GetUrl)]
pub async fn get_registration(slug: String) -> Result<RegistrationPanel, AppError> {
    let user = caller().await?;
    respond(crate::server::registration::panel(&state(), user, &slug).await)
}

/// Participant: asks for an invitation. Checkboxes are present ("on") when ticked.
#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(endpoint = "request_invitation")]
pub async fn request_invitation(
    slug: String,
    days: String,
    affiliation: String,
    needs_visa: Option<String>,
    stipend_amount: String,
    stipend_currency: String,
    stipend_reason: String,
    note: String,
    listed: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let form = crate::model::RegistrationForm {
        days,
        affiliation,
        needs_visa: needs_visa.is_some(),
        stipend_amount,
        stipend_currency,
        stipend_reason,
        note,
        listed: listed.is_some(),
    };
    let requested = crate::server::registration::request(&state(), user, &slug, &form).await;
    respond(requested).map(|_| ())
}

/// Its attendee: confirms the place they were offered.
#[server(endpoint = "confirm_place")]
pub async fn confirm_place(slug: String) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::registration::confirm(&state(), user, &slug).await)
}

/// Its attendee: withdraws the request, or releases the place to the waiting list.
#[server(endpoint = "cancel_registration")]
pub async fn cancel_registration(slug: String) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::registration::cancel(&state(), user, &slug).await)
}

/// Organiser: every request.
#[server(endpoint = "get_registration_queue", input = server_fn::codec::GetUrl)]
pub async fn get_registration_queue(slug: String) -> Result<RegistrationQueue, AppError> {
    let user = caller().await?;
    respond(crate::server::registration::queue(&state(), user, &slug).await)
}

/// Organiser: `approve`, `wait` or `decline` a request, with an optional message.
#[server(endpoint = "decide_registration")]
pub async fn decide_registration(
    slug: String,
    registration_id: i64,
    decision: String,
    message: Option<String>,
) -> Result<(), AppError> {
    use crate::model::Decision;
    let user = caller().await?;
    let decision = match decision.as_str() {
        "approve" => Decision::Approve,
        "wait" => Decision::Wait,
        "decline" => Decision::Decline,
        _ => return Err(AppError::invalid("decision", "Approve, wait or decline.")),
    };
    let message = message.unwrap_or_default();
    let state = state();
    let decided = crate::server::registration::decide(
        &state,
        user,
        &slug,
        registration_id,
        decision,
        &message,
    );
    respond(decided.await).map(|_| ())
}

/// Organiser: the number of places and whether requests are taken.
#[server(endpoint = "configure_registration")]
pub async fn configure_registration(
    slug: String,
    capacity: String,
    open: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let capacity: u32 = capacity.trim().parse().map_err(|_| {
        AppError::invalid(
            "capacity",
            "The number of places is a whole number, like 40.",
        )
    })?;
    let state = state();
    let configured =
        crate::server::registration::configure(&state, user, &slug, capacity, open.is_some());
    respond(configured.await)
}
