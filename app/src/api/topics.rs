//! The topic board: proposals, their pages, verification, withdrawal and votes.
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::BoardView;
use crate::model::{Board, TopicForm, TopicPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, respond, state};

/// Anyone: the event's topics as the board's address asks for them (`BoardView`), with the
/// caller's votes.
#[server(endpoint = "topic_board", input = server_fn::codec::GetUrl)]
#[allow(clippy::too_many_arguments)] // one argument per parameter of the board's address
pub async fn topic_board(
    slug: String,
    q: Option<String>,
    difficulty: Option<String>,
    gsoc: Option<String>,
    verified: Option<String>,
    scheduled: Option<String>,
    sort: Option<String>,
    show: Option<String>,
) -> Result<Board, AppError> {
    let user = caller().await?;
    let view = BoardView::parse(|key| {
        match key {
            "q" => &q,
            "difficulty" => &difficulty,
            "gsoc" => &gsoc,
            "verified" => &verified,
            "scheduled" => &scheduled,
            "sort" => &sort,
            "show" => &show,
            _ => &None,
        }
        .clone()
    });
    respond(crate::server::topics::board(&state(), user, &slug, &view).await)
}

/// Anyone: one topic's page.
#[server(endpoint = "get_topic", input = server_fn::codec::GetUrl)]
pub async fn get_topic(slug: String, topic_id: i64) -> Result<TopicPage, AppError> {
    let user = caller().await?;
    respond(crate::server::topics::topic_page(&state(), user, &slug, topic_id).await)
}

/// Participant: proposes a topic, then goes to its page.
#[server(endpoint = "propose_topic")]
pub async fn propose_topic(slug: String, topic: TopicForm) -> Result<(), AppError> {
    let user = caller().await?;
    let proposed = crate::server::topics::propose(&state(), user, &slug, &topic).await;
    let id = respond(proposed)?;
    leptos_axum::redirect(&format!("/events/{slug}/topics/{id}"));
    Ok(())
}

/// Its proposer or an organiser: changes a topic's fields.
#[server(endpoint = "edit_topic")]
pub async fn edit_topic(slug: String, topic_id: i64, topic: TopicForm) -> Result<(), AppError> {
    let user = caller().await?;
    let edited = crate::server::topics::edit(&state(), user, &slug, topic_id, &topic).await;
    respond(edited)?;
    leptos_axum::redirect(&format!("/events/{slug}/topics/{topic_id}?saved"));
    Ok(())
}

/// Organiser: marks a topic verified, or takes the mark back.
#[server(endpoint = "verify_topic")]
pub async fn verify_topic(slug: String, topic_id: i64, verified: bool) -> Result<(), AppError> {
    let user = caller().await?;
    let changed = crate::server::topics::verify(&state(), user, &slug, topic_id, verified).await;
    respond(changed)?;
    leptos_axum::redirect(&format!("/events/{slug}/topics/{topic_id}"));
    Ok(())
}

/// Its proposer or an organiser: withdraws a topic, then goes back to the board.
#[server(endpoint = "withdraw_topic")]
pub async fn withdraw_topic(slug: String, topic_id: i64) -> Result<(), AppError> {
    let user = caller().await?;
    respond(crate::server::topics::withdraw(&state(), user, &slug, topic_id).await)?;
    leptos_axum::redirect(&format!("/events/{slug}/topics"));
    Ok(())
}

/// Participant: votes for a topic (`on`) or takes the vote back; returns the new count.
#[server(endpoint = "vote")]
pub async fn vote(slug: String, topic_id: i64, on: bool) -> Result<u32, AppError> {
    let user = caller().await?;
    respond(crate::server::topics::vote(&state(), user, &slug, topic_id, on).await)
}
