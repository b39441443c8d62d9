//! After the event: anyone signed in posts a write-up, organisers pin their thank-you and
//! feature highlights, proposers record what came out of their topics. All of it is taken
//! from the event's first day until the write-up window closes.
use super::topics::topic_of;
use super::{
    comments, render_markdown, rights, AppState, Copied, StoredEvent, StoredOutcome, StoredWriteup,
    Updated, WriteupChange,
};
use crate::error::AppError;
use crate::model::{
    writeups_close_on, LiveMessage, Outcome, OutcomeForm, Part, Subject, TopicLink, User, Writeup,
    WriteupForm, WriteupPage, Writeups,
};
use crate::server::live::{Audience, Outgoing};
use chrono::NaiveDate;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What open pages learn when a write-up or an outcome changes: to read the list again.
pub fn announce() -> [Outgoing; 1] {
    [Outgoing::new(
        Audience::Everyone,
        &LiveMessage::WriteupsChanged,
    )]
}

pub fn view(stored: &StoredWriteup) -> Writeup {
    Writeup {
        id: stored.id,
        author: stored.author.clone(),
        title: stored.title.clone(),
        html: render_markdown(&stored.body_md),
        markdown: stored.body_md.clone(),
        topics: stored.topics.clone(),
        pinned: stored.pinned,
        featured: stored.featured,
        comments: stored.comments,
        created_at: stored.created_at,
        edited: stored.edited,
    }
}

pub fn outcome_view(stored: &StoredOutcome) -> Outcome {
    Outcome {
        topic: stored.topic.clone(),
        expected_html: render_markdown(&stored.expected_md),
        html: render_markdown(&stored.outcome_md),
        markdown: stored.outcome_md.clone(),
        links: stored.links.clone(),
        featured: stored.featured,
    }
}

/// A bad field of a form, named as the page names it: `writeup[title]`, `outcome[links]`.
fn invalid(form: &'static str) -> impl Fn((&'static str, String)) -> AppError {
    move |(field, message)| AppError::invalid(&format!("{form}[{field}]"), message)
}

fn removed() -> AppError {
    AppError::Conflict("This write-up was removed.".into())
}

/// The viewer and whether they organise the event.
async fn viewer(
    state: &AppState,
    user: &Option<User>,
    event: &StoredEvent,
) -> Result<(Option<i64>, bool), AppError> {
    match user {
        Some(user) => Ok((Some(user.id), rights::can_edit(state, user, event).await?)),
        None => Ok((None, false)),
    }
}

/// The event's write-ups, outcomes and attendance: its summary after the fact.
pub async fn page(state: &AppState, user: Option<User>, slug: &str) -> Result<Writeups, AppError> {
    let event = rights::event(state, slug).await?;
    let live_seq = u64::try_from(event.live_seq).unwrap_or_default();
    let (viewer, organiser) = viewer(state, &user, &event).await?;
    let details = &event.details;
    let chosen_close = state.store.find_writeup_window(event.id).await?;
    let writeups = state.store.list_writeups(event.id).await?;
    let outcomes = state.store.list_outcomes(event.id).await?;
    let counts = state.store.count_attendance(event.id).await?;
    Ok(Writeups {
        slug: details.slug.clone(),
        event_title: details.title.clone(),
        starts_on: details.starts_on,
        phase: super::events::phase_of(details),
        closed: rights::closed(state, &event, Part::Writeups).await?,
        closes_on: writeups_close_on(details.ends_on, chosen_close),
        chosen_close,
        viewer,
        organiser,
        writeups: writeups.iter().map(view).collect(),
        outcomes: outcomes.iter().map(outcome_view).collect(),
        topics: topic_links(state, &event).await?,
        attendees: counts.confirmed + counts.provisional,
        live_seq,
    })
}

async fn topic_links(state: &AppState, event: &StoredEvent) -> Result<Vec<TopicLink>, AppError> {
    let topics = state.store.list_topics(event.id).await?;
    Ok(topics
        .into_iter()
        .map(|t| TopicLink {
            id: t.id,
            title: t.title,
        })
        .collect())
}

/// The write-up, if it is one of the event's.
async fn writeup_of(
    state: &AppState,
    slug: &str,
    writeup_id: i64,
) -> Result<(StoredEvent, StoredWriteup), AppError> {
    let event = rights::event(state, slug).await?;
    match state.store.find_writeup(writeup_id).await? {
        Some(writeup) if writeup.event_id == event.id => Ok((event, writeup)),
        _ => Err(AppError::NotFound),
    }
}

/// One write-up with its comments.
pub async fn writeup_page(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    writeup_id: i64,
) -> Result<WriteupPage, AppError> {
    let (event, writeup) = writeup_of(state, slug, writeup_id).await?;
    let live_seq = u64::try_from(event.live_seq).unwrap_or_default();
    let (viewer, organiser) = viewer(state, &user, &event).await?;
    let comments = state
        .store
        .list_comments(Subject::Writeup(writeup_id))
        .await?;
    let closed = rights::closed(state, &event, Part::Comments).await?;
    Ok(WriteupPage {
        slug: event.details.slug.clone(),
        event_title: event.details.title.clone(),
        writeup: view(&writeup),
        comments: comments
            .iter()
            .map(|c| comments::view(c, organiser))
            .collect(),
        topics: topic_links(state, &event).await?,
        closed,
        viewer,
        organiser,
        live_seq,
    })
}

/// Anyone signed in posts a write-up; an organiser's may be the pinned thank-you. Returns
/// its id.
pub async fn post(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    form: &WriteupForm,
    pinned: bool,
) -> Result<i64, AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    if pinned && !rights::can_edit(state, &user, &event).await? {
        return Err(AppError::Forbidden);
    }
    rights::writable(state, &event, Part::Writeups).await?;
    let draft = form.check().map_err(invalid("writeup"))?;
    let id = state
        .store
        .insert_writeup(event.id, user.id, &draft, pinned, now(), &announce())
        .await?;
    Ok(id)
}

/// Its author rewrites a write-up.
pub async fn edit(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    writeup_id: i64,
    form: &WriteupForm,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let (event, writeup) = writeup_of(state, slug, writeup_id).await?;
    if writeup.author.id != user.id {
        return Err(AppError::Forbidden);
    }
    rights::writable(state, &event, Part::Writeups).await?;
    let draft = form.check().map_err(invalid("writeup"))?;
    let change = WriteupChange::Edit(draft);
    let changed = state
        .store
        .update_writeup(writeup_id, &change, now(), &announce())
        .await?;
    match changed {
        Updated::Made => Ok(()),
        Updated::Missed => Err(removed()),
    }
}

/// Its author deletes a write-up, or an organiser takes it down; whenever, so abuse can go
/// after the window too.
pub async fn remove(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    writeup_id: i64,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let (event, writeup) = writeup_of(state, slug, writeup_id).await?;
    if writeup.author.id != user.id && !rights::can_edit(state, &user, &event).await? {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .update_writeup(writeup_id, &WriteupChange::Remove, now(), &announce())
        .await?;
    Ok(())
}

/// Organisers pin a write-up (the thank-you post) or feature it as a highlight: `mark` is
/// "pin", "unpin", "feature" or "unfeature".
pub async fn mark(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    writeup_id: i64,
    mark: &str,
) -> Result<(), AppError> {
    rights::organiser(state, user, slug).await?;
    writeup_of(state, slug, writeup_id).await?;
    let change = match mark {
        "pin" => WriteupChange::Pin(true),
        "unpin" => WriteupChange::Pin(false),
        "feature" => WriteupChange::Feature(true),
        "unfeature" => WriteupChange::Feature(false),
        _ => {
            return Err(AppError::invalid(
                "mark",
                "Choose pin, unpin, feature or unfeature.",
            ))
        }
    };
    let changed = state
        .store
        .update_writeup(writeup_id, &change, now(), &announce())
        .await?;
    match changed {
        Updated::Made => Ok(()),
        Updated::Missed => Err(removed()),
    }
}

/// A topic's proposer, or an organiser, records what came out of it; an empty outcome takes
/// it back.
pub async fn record_outcome(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
    form: &OutcomeForm,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let (event, topic) = topic_of(state, slug, topic_id).await?;
    if topic.proposer.id != user.id && !rights::can_edit(state, &user, &event).await? {
        return Err(AppError::Forbidden);
    }
    rights::writable(state, &event, Part::Writeups).await?;
    let draft = form.check().map_err(invalid("outcome"))?;
    let recorded = state
        .store
        .update_outcome(event.id, topic_id, &draft, now(), &announce())
        .await?;
    match recorded {
        Updated::Made => Ok(()),
        Updated::Missed => Err(AppError::Conflict("This topic was withdrawn.".into())),
    }
}

/// Organisers feature a topic's outcome among the event's highlights, or stop featuring it.
pub async fn feature_outcome(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    topic_id: i64,
    on: bool,
) -> Result<(), AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    topic_of(state, slug, topic_id).await?;
    let featured = state
        .store
        .update_outcome_featured(event.id, topic_id, on, &announce())
        .await?;
    match featured {
        Updated::Made => Ok(()),
        Updated::Missed => Err(AppError::invalid(
            "topic",
            "Record the topic's outcome before featuring it.",
        )),
    }
}

/// Organisers choose the last day of write-ups and comments: `closes_on` as YYYY-MM-DD, on or
/// after the event's last day; empty for the default.
pub async fn set_window(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    closes_on: &str,
) -> Result<(), AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    let closes_on = closes_on.trim();
    let chosen = if closes_on.is_empty() {
        None
    } else {
        let day = NaiveDate::parse_from_str(closes_on, "%Y-%m-%d").map_err(|_| {
            AppError::invalid(
                "closes_on",
                "Give the day as YYYY-MM-DD, such as 2014-06-30.",
            )
        })?;
        if day < event.details.ends_on {
            return Err(AppError::invalid(
                "closes_on",
                "Write-ups close on or after the event's last day.",
            ));
        }
        Some(day)
    };
    state.store.update_writeup_window(event.id, chosen).await?;
    Ok(())
}

/// "Copy to next year" as typed: the new event's short name, title and first day, and
/// whether unfinished topics carry over.
#[derive(Clone, Debug, Default)]
pub struct CopyForm {
    pub new_slug: String,
    pub title: String,
    pub starts_on: String,
    pub carry_topics: bool,
}

/// An organiser of a past event (or an admin) creates next year's from it: venue, hotels,
/// transport, visa text, rooms and organisers, the same length and hours, moved to the new
/// first day. Returns the new event's slug.
pub async fn copy_event(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    form: &CopyForm,
) -> Result<String, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    let new_slug = crate::model::Slug::parse(form.new_slug.trim())
        .map_err(|m| AppError::invalid("new_slug", format!("The short name {m}.")))?;
    let old = &event.details;
    let starts_on = NaiveDate::parse_from_str(form.starts_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("starts_on", "Give the first day as YYYY-MM-DD."))?;
    let shift = starts_on.signed_duration_since(old.starts_on);
    let mut editable = crate::model::EventForm::from(old);
    editable.title = form.title.clone();
    editable.starts_on = starts_on.to_string();
    editable.ends_on = (old.ends_on + shift).to_string();
    editable.social_on = old
        .social_on
        .map(|day| (day + shift).to_string())
        .unwrap_or_default();
    let details = super::event_editing::parse_form(new_slug.as_str(), &editable, None)
        .map_err(super::event_editing::unprefixed)?;
    let copied = state
        .store
        .copy_event(event.id, &details, form.carry_topics, now());
    match copied.await? {
        Copied::Made { .. } => Ok(new_slug.to_string()),
        Copied::SlugTaken => Err(AppError::invalid(
            "new_slug",
            "An event already uses this short name; pick another.",
        )),
    }
}
