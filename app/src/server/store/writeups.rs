//! Write-ups after the event and the outcomes of its topics.
use super::{StoreError, Updated};
use crate::model::{OutcomeDraft, Person, TopicLink, TopicOrigin, WriteupDraft};
use crate::server::live::Outgoing;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// Every change publishes `live`, the messages its service chose, in the change's
/// transaction.
#[async_trait]
pub trait WriteupStore: Send + Sync {
    /// Posts a write-up, linked to those of `draft.topic_ids` that are topics of the event;
    /// returns its id.
    async fn insert_writeup(
        &self,
        event_id: i64,
        author_id: i64,
        draft: &WriteupDraft,
        pinned: bool,
        now: i64,
        live: &[Outgoing],
    ) -> Result<i64, StoreError>;

    /// `Missed` when the write-up is gone.
    async fn update_writeup(
        &self,
        writeup_id: i64,
        change: &WriteupChange,
        now: i64,
        live: &[Outgoing],
    ) -> Result<Updated, StoreError>;

    async fn find_writeup(&self, writeup_id: i64) -> Result<Option<StoredWriteup>, StoreError>;

    /// Pinned first, then newest first.
    async fn list_writeups(&self, event_id: i64) -> Result<Vec<StoredWriteup>, StoreError>;

    /// Records (or, with an empty draft, takes back) what came out of a topic of the event;
    /// `Missed` when the event has no such topic.
    async fn update_outcome(
        &self,
        event_id: i64,
        topic_id: i64,
        draft: &OutcomeDraft,
        now: i64,
        live: &[Outgoing],
    ) -> Result<Updated, StoreError>;

    /// `Missed` when the topic has no recorded outcome.
    async fn update_outcome_featured(
        &self,
        event_id: i64,
        topic_id: i64,
        on: bool,
        live: &[Outgoing],
    ) -> Result<Updated, StoreError>;

    /// The recorded outcomes of the event's topics, by title.
    async fn list_outcomes(&self, event_id: i64) -> Result<Vec<StoredOutcome>, StoreError>;

    async fn find_outcome(&self, topic_id: i64) -> Result<Option<StoredOutcome>, StoreError>;

    async fn find_topic_origin(&self, topic_id: i64) -> Result<Option<TopicOrigin>, StoreError>;

    /// The organisers' last day for write-ups and comments, if they chose one.
    async fn find_writeup_window(&self, event_id: i64) -> Result<Option<NaiveDate>, StoreError>;

    async fn update_writeup_window(
        &self,
        event_id: i64,
        closes_on: Option<NaiveDate>,
    ) -> Result<(), StoreError>;
}

/// A write-up as stored (never a removed one).
#[derive(Clone, Debug)]
pub struct StoredWriteup {
    pub id: i64,
    pub event_id: i64,
    pub author: Person,
    pub title: String,
    pub body_md: String,
    pub topics: Vec<TopicLink>,
    pub pinned: bool,
    pub featured: bool,
    pub comments: u32,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
}

/// What can happen to a write-up after it is posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteupChange {
    /// Its author rewrites it (checked).
    Edit(WriteupDraft),
    /// Its author deletes it, or an organiser takes it down.
    Remove,
    /// Organisers pin (the thank-you post) and feature (a highlight).
    Pin(bool),
    Feature(bool),
}

/// A topic's recorded outcome.
#[derive(Clone, Debug)]
pub struct StoredOutcome {
    pub topic: TopicLink,
    pub expected_md: String,
    pub outcome_md: String,
    pub links: Vec<String>,
    pub featured: bool,
}
