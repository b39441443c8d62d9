//! Peer-review comments: anyone signed in writes and replies, authors edit and delete their
//! own, organisers hide abusive ones.
use super::topics::{topic_of, withdrawn};
use super::{rights, AppState, CommentChange, NewComment, StoredComment, StoredEvent};
use crate::error::AppError;
use crate::model::{check_comment, Comment, LiveMessage, Part, Subject, User};
use crate::server::live::{Audience, Outgoing};
use crate::server::render_markdown;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The comment as a viewer may see it: organisers read hidden comments, nobody reads a
/// deleted one.
pub fn view(stored: &StoredComment, organiser: bool) -> Comment {
    let comment = Comment {
        id: stored.id,
        subject: stored.subject,
        reply_to: stored.reply_to,
        author: stored.author.clone(),
        html: render_markdown(&stored.body_md),
        markdown: stored.body_md.clone(),
        created_at: stored.created_at,
        edited: stored.edited,
        hidden: stored.hidden,
        gone: false,
    };
    if stored.deleted || (stored.hidden && !organiser) {
        comment.tombstone()
    } else {
        comment
    }
}

/// What open pages learn when a comment changes: the comment as it now is (a hidden one
/// reaches organisers with its text and everyone else as a placeholder) and its subject's
/// new count.
pub fn announce(stored: &StoredComment, comments: u32) -> Vec<Outgoing> {
    let changed = |organiser| LiveMessage::CommentChanged {
        comment: view(stored, organiser),
    };
    let mut live = if stored.hidden && !stored.deleted {
        vec![
            Outgoing::new(Audience::Organisers, &changed(true)),
            Outgoing::new(Audience::Public, &changed(false)),
        ]
    } else {
        vec![Outgoing::new(Audience::Everyone, &changed(false))]
    };
    let count = LiveMessage::CommentCount {
        subject: stored.subject,
        comments,
    };
    live.push(Outgoing::new(Audience::Everyone, &count));
    live
}

fn body(text: &str) -> Result<String, AppError> {
    check_comment(text).map_err(|message| AppError::invalid("body", message))
}

/// A deleted comment, or one under a withdrawn topic or removed write-up.
fn gone() -> AppError {
    AppError::Conflict(
        "This comment was deleted, or what it is about was withdrawn, so it can no longer change."
            .into(),
    )
}

fn writeup_gone() -> AppError {
    AppError::Conflict("This write-up was removed, so it takes no more comments.".into())
}

/// The event of what a comment is about, if that is still there and under the event with
/// `slug`.
async fn event_of(state: &AppState, slug: &str, subject: Subject) -> Result<StoredEvent, AppError> {
    match subject {
        Subject::Topic(topic_id) => {
            let (event, topic) = topic_of(state, slug, topic_id).await?;
            if topic.withdrawn {
                return Err(withdrawn());
            }
            Ok(event)
        }
        Subject::Writeup(writeup_id) => {
            let event = rights::event(state, slug).await?;
            match state.store.find_writeup(writeup_id).await? {
                Some(writeup) if writeup.event_id == event.id => Ok(event),
                _ => Err(AppError::NotFound),
            }
        }
    }
}

/// Comments on a topic or a write-up (or replies to `reply_to`); returns the comment as its
/// author sees it. A reply to a reply answers the same top-level comment: threads go one
/// level deep.
pub async fn add(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    subject: Subject,
    reply_to: Option<i64>,
    text: &str,
) -> Result<Comment, AppError> {
    let user = rights::participant(user)?;
    let event = event_of(state, slug, subject).await?;
    rights::writable(state, &event, Part::Comments).await?;
    let body_md = body(text)?;
    let reply_to = match reply_to {
        None => None,
        Some(id) => match state.store.find_comment(id).await? {
            Some(parent) if parent.subject == subject && !parent.deleted && !parent.hidden => {
                Some(parent.reply_to.unwrap_or(parent.id))
            }
            _ => {
                return Err(AppError::invalid(
                    "body",
                    "The comment you answer is gone; post yours as a new comment.",
                ))
            }
        },
    };
    let new = NewComment {
        subject,
        author_id: user.id,
        reply_to,
        body_md,
    };
    let stored = state.store.insert_comment(&new, now(), announce).await?;
    let stored = stored.ok_or_else(|| match subject {
        Subject::Topic(_) => withdrawn(),
        Subject::Writeup(_) => writeup_gone(),
    })?;
    let organiser = rights::can_edit(state, &user, &event).await?;
    Ok(view(&stored, organiser))
}

/// The comment, if it is under a topic or write-up of the event with `slug`.
async fn comment_of(
    state: &AppState,
    slug: &str,
    comment_id: i64,
) -> Result<(StoredEvent, StoredComment), AppError> {
    let event = rights::event(state, slug).await?;
    match state.store.find_comment(comment_id).await? {
        Some(comment) if comment.event_id == event.id => Ok((event, comment)),
        _ => Err(AppError::NotFound),
    }
}

async fn change(
    state: &AppState,
    comment_id: i64,
    change: CommentChange,
) -> Result<StoredComment, AppError> {
    let changed = state
        .store
        .update_comment(comment_id, &change, now(), announce)
        .await?;
    changed.ok_or_else(gone)
}

/// Its author rewrites a comment.
pub async fn edit(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    comment_id: i64,
    text: &str,
) -> Result<Comment, AppError> {
    let user = rights::participant(user)?;
    let (event, comment) = comment_of(state, slug, comment_id).await?;
    if comment.author.id != user.id {
        return Err(AppError::Forbidden);
    }
    if comment.deleted {
        return Err(gone());
    }
    rights::writable(state, &event, Part::Comments).await?;
    if comment.hidden {
        return Err(AppError::Conflict(
            "An organiser hid this comment, so it can no longer be edited.".into(),
        ));
    }
    let body_md = body(text)?;
    let changed = change(state, comment_id, CommentChange::Edit(body_md)).await?;
    Ok(view(&changed, false))
}

/// Its author deletes a comment; deleting twice is no error.
pub async fn delete(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    comment_id: i64,
) -> Result<Comment, AppError> {
    let user = rights::participant(user)?;
    let (event, comment) = comment_of(state, slug, comment_id).await?;
    if comment.author.id != user.id {
        return Err(AppError::Forbidden);
    }
    if comment.deleted {
        return Ok(view(&comment, false));
    }
    rights::writable(state, &event, Part::Comments).await?;
    let changed = change(state, comment_id, CommentChange::Delete).await?;
    Ok(view(&changed, false))
}

/// Organisers hide a comment from everyone else, or show it again.
pub async fn hide(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    comment_id: i64,
    hidden: bool,
) -> Result<Comment, AppError> {
    let (user, _) = rights::organiser(state, user, slug).await?;
    comment_of(state, slug, comment_id).await?;
    let by = hidden.then_some(user.id);
    let changed = change(state, comment_id, CommentChange::Hide(by)).await?;
    Ok(view(&changed, true))
}
