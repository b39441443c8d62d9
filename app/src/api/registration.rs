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

/// Participant: asks for an invitation. Checkboxes are present ("on") when ticked; `days[]`
/// are the ticked days (none at all: every day, unless the form offered days to pick).
#[allow(clippy::too_many_arguments)] // one argument per form field
#[server(endpoint = "request_invitation")]
pub async fn request_invitation(
    slug: String,
    days: Option<Vec<String>>,
    pick_days: Option<String>,
    affiliation: String,
    needs_visa: Option<String>,
    stipend_amount: String,
    stipend_currency: String,
    stipend_reason: String,
    note: String,
    listed: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let days = days.unwrap_or_default();
    if pick_days.is_some() && days.is_empty() {
        return respond(Err(AppError::invalid(
            "days",
            "Tick the days you come, at least one.",
        )));
    }
    let form = crate::model::RegistrationForm {
        days: days.join(","),
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
    let user = caller().await?;
    let decision = crate::model::Decision::parse(&decision)
        .ok_or_else(|| AppError::invalid("decision", "Approve, wait or decline."))?;
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

/// Organiser: approves the ticked requests (`ids[]`); says how many were invited, put on
/// the waiting list, or had been decided already.
#[server(endpoint = "approve_registrations")]
pub async fn approve_registrations(
    slug: String,
    ids: Option<Vec<i64>>,
) -> Result<String, AppError> {
    let user = caller().await?;
    let state = state();
    let ids = ids.unwrap_or_default();
    let approved = crate::server::registration::approve_many(&state, user, &slug, ids).await;
    respond(approved).map(|done| {
        let mut parts = vec![format!("{} invited", done.invited)];
        if done.waiting > 0 {
            parts.push(format!(
                "{} on the waiting list (no place left)",
                done.waiting
            ));
        }
        if done.skipped > 0 {
            parts.push(format!("{} already decided", done.skipped));
        }
        parts.join(", ") + "."
    })
}

/// Organiser: records `fee:paid`, `fee:waived`, `stipend:granted`, `visa:cleared` and the like.
#[server(endpoint = "mark_registration")]
pub async fn mark_registration(
    slug: String,
    registration_id: i64,
    mark: String,
) -> Result<(), AppError> {
    let user = caller().await?;
    let mark = crate::model::Mark::parse(&mark)
        .ok_or_else(|| AppError::invalid("mark", "That is not something to record."))?;
    let state = state();
    let marked = crate::server::registration::mark(&state, user, &slug, registration_id, mark);
    respond(marked.await)
}

/// Organiser: the number of places, whether requests are taken, and the stipend budget
/// (empty: none).
#[server(endpoint = "configure_registration")]
pub async fn configure_registration(
    slug: String,
    capacity: String,
    open: Option<String>,
    stipend_budget: Option<String>,
    stipend_currency: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let capacity: u32 = capacity.trim().parse().map_err(|_| {
        AppError::invalid(
            "capacity",
            "The number of places is a whole number, like 40.",
        )
    })?;
    let budget = stipend_budget.unwrap_or_default();
    let stipend_budget = match budget.trim() {
        "" => None,
        budget => Some(budget.parse::<u32>().map_err(|_| {
            AppError::invalid(
                "stipend_budget",
                "The budget is a whole number, like 2000, or empty for none.",
            )
        })?),
    };
    let settings = crate::server::RegistrationSettings {
        capacity,
        open: open.is_some(),
        stipend_budget,
        stipend_currency: stipend_currency
            .unwrap_or_else(|| "EUR".into())
            .trim()
            .to_ascii_uppercase(),
    };
    let state = state();
    let configured = crate::server::registration::configure(&state, user, &slug, settings);
    respond(configured.await)
}

/// Whoever holds the reminder's link: releases that place to the waiting list.
#[server(endpoint = "release_place")]
pub async fn release_place(slug: String, token: String) -> Result<(), AppError> {
    respond(crate::server::reminders::release(&state(), &slug, &token).await)?;
    // Also where a plain form post lands: the page says it is done.
    leptos_axum::redirect(&format!("/events/{slug}/release?released"));
    Ok(())
}

/// Its attendee: the visa letter page.
#[server(endpoint = "get_visa_letter", input = server_fn::codec::GetUrl)]
pub async fn get_visa_letter(slug: String) -> Result<crate::model::VisaLetterPage, AppError> {
    let user = caller().await?;
    respond(crate::server::visa::letter_page(&state(), user, &slug).await)
}

/// Its attendee: the details for the visa letter.
#[server(endpoint = "submit_visa_details")]
pub async fn submit_visa_details(
    slug: String,
    full_name: String,
    nationality: String,
    passport_number: String,
    born_on: String,
    arrives_on: String,
    leaves_on: String,
) -> Result<(), AppError> {
    let user = caller().await?;
    let form = crate::model::VisaForm {
        full_name,
        nationality,
        passport_number,
        born_on,
        arrives_on,
        leaves_on,
    };
    respond(crate::server::visa::submit(&state(), user, &slug, &form).await)
}

/// Organiser: approves a visa letter.
#[server(endpoint = "approve_visa_letter")]
pub async fn approve_visa_letter(slug: String, registration_id: i64) -> Result<(), AppError> {
    let user = caller().await?;
    let state = state();
    respond(crate::server::visa::approve(&state, user, &slug, registration_id).await)
}
