//! Comments under a topic (peer review) or a write-up. Each returns the comment as the caller now sees it;
//! a form posted without JavaScript goes back to the topic page, which shows it.
use crate::error::AppError;
use crate::model::{Comment, Subject};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

/// Participant: comments on a topic or write-up (`on`), or answers the comment `reply_to`.
#[server(endpoint = "add_comment")]
pub async fn add_comment(
    slug: String,
    on: Subject,
    reply_to: Option<i64>,
    body: String,
) -> Result<Comment, AppError> {
    let user = caller().await?;
    let state = state();
    let added = crate::server::comments::add(&state, user, &slug, on, reply_to, &body);
    respond(added.await)
}

/// Its author: rewrites a comment.
#[server(endpoint = "edit_comment")]
pub async fn edit_comment(
    slug: String,
    comment_id: i64,
    body: String,
) -> Result<Comment, AppError> {
    let user = caller().await?;
    respond(crate::server::comments::edit(&state(), user, &slug, comment_id, &body).await)
}

/// Its author: deletes a comment.
#[server(endpoint = "delete_comment")]
pub async fn delete_comment(slug: String, comment_id: i64) -> Result<Comment, AppError> {
    let user = caller().await?;
    respond(crate::server::comments::delete(&state(), user, &slug, comment_id).await)
}

/// Organiser: hides a comment from everyone else, or shows it again.
#[server(endpoint = "hide_comment")]
pub async fn hide_comment(
    slug: String,
    comment_id: i64,
    hidden: bool,
) -> Result<Comment, AppError> {
    let user = caller().await?;
    respond(crate::server::comments::hide(&state(), user, &slug, comment_id, hidden).await)
}
