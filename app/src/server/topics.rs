//! The topic board's rules: who may propose, edit, verify, withdraw and vote, around the store.
use super::{render_markdown, rights, AppState, StoredTopic};
use crate::error::AppError;
use crate::model::{
    search_terms, Board, BoardView, LiveMessage, Part, Subject, TopicCard, TopicForm, TopicPage,
    TopicVotes, User,
};
use crate::server::live::{Audience, Outgoing};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What open boards learn of a new topic.
pub fn announce_created(card: &TopicCard) -> Vec<Outgoing> {
    let created = LiveMessage::TopicCreated {
        topic: card.clone(),
    };
    vec![Outgoing::new(Audience::Everyone, &created)]
}

/// What open boards learn of an edited or (un)verified topic.
pub fn announce_changed(card: &TopicCard) -> Vec<Outgoing> {
    let changed = LiveMessage::TopicChanged {
        topic: card.clone(),
    };
    vec![Outgoing::new(Audience::Everyone, &changed)]
}

/// What open boards learn of a batch of votes: every count that moved, in one message.
pub fn announce_votes(counts: &[TopicVotes]) -> Vec<Outgoing> {
    let changed = LiveMessage::VotesChanged {
        counts: counts.to_vec(),
    };
    vec![Outgoing::new(Audience::Everyone, &changed)]
}

/// A bad field of the form, named as the page names it: `topic[title]`.
fn invalid((field, message): (&'static str, String)) -> AppError {
    AppError::invalid(&format!("topic[{field}]"), message)
}

/// Anyone signed in proposes a topic for the event; returns the new topic's id.
pub async fn propose(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    form: &TopicForm,
) -> Result<i64, AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let fields = form.check().map_err(invalid)?;
    let card = state
        .store
        .insert_topic(event.id, user.id, &fields, now(), announce_created)
        .await?;
    Ok(card.id)
}

/// The topic, if it belongs to the event with `slug` (a topic id under another event's
/// address is not found, rather than quietly shown).
pub(super) async fn topic_of(
    state: &AppState,
    slug: &str,
    topic_id: i64,
) -> Result<(crate::server::StoredEvent, StoredTopic), AppError> {
    let event = rights::event(state, slug).await?;
    match state.store.find_topic(topic_id).await? {
        Some(topic) if topic.event_id == event.id => Ok((event, topic)),
        _ => Err(AppError::NotFound),
    }
}

pub(super) fn withdrawn() -> AppError {
    AppError::Conflict("This topic was withdrawn, so it can no longer change.".into())
}

/// Its proposer, or an organiser of its event, edits a topic.
pub async fn edit(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
    form: &TopicForm,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let (event, topic) = topic_of(state, slug, topic_id).await?;
    if topic.proposer.id != user.id && !rights::can_edit(state, &user, &event).await? {
        return Err(AppError::Forbidden);
    }
    rights::writable(state, &event, Part::Planning).await?;
    let fields = form.check().map_err(invalid)?;
    let updated = state
        .store
        .update_topic(topic_id, &fields, now(), announce_changed)
        .await?;
    updated.map(|_| ()).ok_or_else(withdrawn)
}

/// Organisers mark a topic verified, or take the mark back.
pub async fn verify(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
    verified: bool,
) -> Result<(), AppError> {
    let (user, event) = rights::organiser(state, user, slug).await?;
    topic_of(state, slug, topic_id).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let by = verified.then_some(user.id);
    let changed = state
        .store
        .verify_topic(topic_id, by, now(), announce_changed)
        .await?;
    changed.map(|_| ()).ok_or_else(withdrawn)
}

/// Its proposer, or an organiser, withdraws a topic; withdrawing twice is no error.
pub async fn withdraw(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let (event, topic) = topic_of(state, slug, topic_id).await?;
    if topic.proposer.id != user.id && !rights::can_edit(state, &user, &event).await? {
        return Err(AppError::Forbidden);
    }
    rights::writable(state, &event, Part::Planning).await?;
    let withdrawn = LiveMessage::TopicWithdrawn { topic_id };
    let live = [Outgoing::new(Audience::Everyone, &withdrawn)];
    state.store.withdraw_topic(topic_id, now(), &live).await?;
    Ok(())
}

/// Anyone signed in votes for a topic (`on`) or takes the vote back; doing it twice changes
/// nothing. Returns the topic's vote count.
pub async fn vote(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
    on: bool,
) -> Result<u32, AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    // The vote's own transaction checks the topic is the event's and not withdrawn; only a
    // refusal looks further, for its reason.
    let counted = state
        .store
        .update_vote(event.id, topic_id, user.id, on, now());
    if let Some(count) = counted.await? {
        return Ok(count);
    }
    match state.store.find_topic(topic_id).await? {
        Some(topic) if topic.event_id == event.id => Err(withdrawn()),
        _ => Err(AppError::NotFound),
    }
}

/// The event's board as `view` asks for it, with the viewer's votes.
pub async fn board(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    view: &BoardView,
) -> Result<Board, AppError> {
    let event = rights::event(state, slug).await?;
    // The position first: a change landing after it is sent again, never missed.
    let live_seq = u64::try_from(event.live_seq).unwrap_or_default();
    let mut topics = state.store.list_topics(event.id).await?;
    let terms = search_terms(&view.filter.search);
    if !terms.is_empty() {
        let found = state.store.search_topics(event.id, &terms).await?;
        topics.retain(|topic| found.contains(&topic.id));
    }
    let (topics, matching, next) = view.window(topics);
    let my_votes = match &user {
        Some(user) => state.store.list_votes(event.id, user.id).await?,
        None => Vec::new(),
    };
    let archived = rights::closed(state, &event, Part::Planning)
        .await?
        .is_some();
    Ok(Board {
        slug: event.details.slug,
        event_title: event.details.title,
        topics,
        matching,
        next,
        search: terms.join(" "),
        my_votes,
        signed_in: user.is_some(),
        archived,
        live_seq,
    })
}

/// One topic's page; a withdrawn topic is gone.
pub async fn topic_page(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
) -> Result<TopicPage, AppError> {
    let (event, topic) = topic_of(state, slug, topic_id).await?;
    if topic.withdrawn {
        return Err(AppError::NotFound);
    }
    let live_seq = u64::try_from(event.live_seq).unwrap_or_default();
    let (voted, organiser) = match &user {
        Some(user) => {
            let votes = state.store.list_votes(event.id, user.id).await?;
            let organiser = rights::can_edit(state, user, &event).await?;
            (votes.contains(&topic_id), organiser)
        }
        None => (false, false),
    };
    let may_edit = organiser || user.as_ref().is_some_and(|u| u.id == topic.proposer.id);
    let planning = rights::closed(state, &event, Part::Planning)
        .await?
        .is_none();
    let writing = rights::closed(state, &event, Part::Writeups)
        .await?
        .is_none();
    let comments_closed = rights::closed(state, &event, Part::Comments).await?;
    let comments = state.store.list_comments(Subject::Topic(topic_id)).await?;
    let outcome = state.store.find_outcome(topic_id).await?;
    let carried_from = state.store.find_topic_origin(topic_id).await?;
    Ok(TopicPage {
        slug: event.details.slug,
        event_title: event.details.title,
        card: topic.card(),
        description_html: render_markdown(&topic.fields.description_md),
        outcomes_html: render_markdown(&topic.fields.outcomes_md),
        contacts: topic.fields.contacts.clone(),
        mailing_list: topic.fields.mailing_list.clone(),
        chat_channel: topic.fields.chat_channel.clone(),
        verified: topic.verified.map(|v| (v.by_name, v.at)),
        voted,
        signed_in: user.is_some(),
        edit: (may_edit && planning).then(|| TopicForm::from(&topic.fields)),
        organiser,
        viewer: user.as_ref().map(|u| u.id),
        comments: comments
            .iter()
            .map(|c| super::comments::view(c, organiser))
            .collect(),
        outcome: outcome.as_ref().map(super::writeups::outcome_view),
        can_record_outcome: may_edit && writing,
        carried_from,
        archived: !planning,
        comments_closed,
        live_seq,
    })
}
