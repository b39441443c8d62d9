//! After the event: write-ups, topic outcomes and the window in which they are taken. A form
//! posted without JavaScript goes back to the page that shows the result.
use crate::error::AppError;
use crate::model::{OutcomeForm, WriteupForm, WriteupPage, Writeups};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

/// Anyone: the event's write-ups, outcomes and attendance.
#[server(endpoint = "get_writeups", input = server_fn::codec::GetUrl)]
pub async fn get_writeups(slug: String) -> Result<Writeups, AppError> {
    let user = caller().await?;
    respond(crate::server::writeups::page(&state(), user, &slug).await)
}

/// Anyone: one write-up and its comments.
#[server(endpoint = "get_writeup", input = server_fn::codec::GetUrl)]
pub async fn get_writeup(slug: String, writeup_id: i64) -> Result<WriteupPage, AppError> {
    let user = caller().await?;
    respond(crate::server::writeups::writeup_page(&state(), user, &slug, writeup_id).await)
}

/// Participant: posts a write-up, then goes to it; an organiser's may be pinned.
#[server(endpoint = "post_writeup")]
pub async fn post_writeup(
    slug: String,
    writeup: WriteupForm,
    pinned: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let pinned = pinned.as_deref() == Some("yes");
    let posted = crate::server::writeups::post(&state(), user, &slug, &writeup, pinned).await;
    let id = respond(posted)?;
    leptos_axum::redirect(&format!("/events/{slug}/writeups/{id}"));
    Ok(())
}

/// Its author: rewrites a write-up.
#[server(endpoint = "edit_writeup")]
pub async fn edit_writeup(
    slug: String,
    writeup_id: i64,
    writeup: WriteupForm,
) -> Result<(), AppError> {
    let user = caller().await?;
    let state = state();
    let edited = crate::server::writeups::edit(&state, user, &slug, writeup_id, &writeup);
    respond(edited.await)?;
    leptos_axum::redirect(&format!("/events/{slug}/writeups/{writeup_id}"));
    Ok(())
}

/// Its author or an organiser: removes a write-up, then goes to the list.
#[server(endpoint = "remove_writeup")]
pub async fn remove_writeup(slug: String, writeup_id: i64) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::writeups::remove(&state(), user, &slug, writeup_id).await)?;
    leptos_axum::redirect(&format!("/events/{slug}/writeups"));
    Ok(())
}

/// Organiser: pins, unpins, features or unfeatures a write-up (`mark`).
#[server(endpoint = "mark_writeup")]
pub async fn mark_writeup(slug: String, writeup_id: i64, mark: String) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::writeups::mark(&state(), user, &slug, writeup_id, &mark).await)
}

/// Its proposer or an organiser: records what came out of a topic.
#[server(endpoint = "record_outcome")]
pub async fn record_outcome(
    slug: String,
    topic_id: i64,
    outcome: OutcomeForm,
) -> Result<(), AppError> {
    let user = caller().await?;
    let state = state();
    let recorded = crate::server::writeups::record_outcome(&state, user, &slug, topic_id, &outcome);
    respond(recorded.await)
}

/// Organiser: features a topic's outcome among the highlights (`on` "yes"), or stops.
#[server(endpoint = "feature_outcome")]
pub async fn feature_outcome(slug: String, topic_id: i64, on: String) -> Result<(), AppError> {
    let user = caller().await?;
    let on = on == "yes";
    respond(crate::server::writeups::feature_outcome(&state(), user, &slug, topic_id, on).await)
}

/// Organiser: the last day of write-ups and comments (YYYY-MM-DD; empty for the default).
#[server(endpoint = "set_writeup_window")]
pub async fn set_writeup_window(slug: String, closes_on: String) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::writeups::set_window(&state(), user, &slug, &closes_on).await)
}

/// Organiser of the event: creates next year's from it (`carry_topics` "yes" takes the
/// unfinished topics along), then opens its editor.
#[server(endpoint = "copy_event")]
pub async fn copy_event(
    slug: String,
    new_slug: String,
    title: String,
    starts_on: String,
    carry_topics: Option<String>,
) -> Result<(), AppError> {
    let user = caller().await?;
    let form = crate::server::writeups::CopyForm {
        new_slug,
        title,
        starts_on,
        carry_topics: carry_topics.as_deref() == Some("yes"),
    };
    let copied = crate::server::writeups::copy_event(&state(), user, &slug, &form).await;
    let new_slug = respond(copied)?;
    leptos_axum::redirect(&format!("/events/{new_slug}/edit?copied"));
    Ok(())
}

/// Admin: imports an event exported from another Hackboard (the file's text), then opens it.
#[server(endpoint = "import_event")]
pub async fn import_event(archive: String) -> Result<(), AppError> {
    let user = caller().await?;
    let slug = respond(crate::server::transfer::import(&state(), user, &archive).await)?;
    leptos_axum::redirect(&format!("/events/{slug}"));
    Ok(())
}
