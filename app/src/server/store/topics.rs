//! Topics, their votes and their search.
use super::{StoreError, Updated};
use crate::model::{Person, TopicCard, TopicFields, TopicVotes};
use crate::server::live::Outgoing;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The live messages for a topic's card as it now is. The service chooses them; the store
/// publishes them in the change's transaction, once the card is read back.
pub type AnnounceTopic = fn(&TopicCard) -> Vec<Outgoing>;

/// The live messages for the vote counts that moved, by topic id, chosen by the service.
pub type AnnounceVotes = fn(&[TopicVotes]) -> Vec<Outgoing>;

#[async_trait]
pub trait TopicStore: Send + Sync {
    /// Stores a proposal and announces it; returns its card.
    async fn insert_topic(
        &self,
        event_id: i64,
        proposer_id: i64,
        fields: &TopicFields,
        now: i64,
        announce: AnnounceTopic,
    ) -> Result<TopicCard, StoreError>;

    /// Replaces a topic's fields and announces it; `None` if it is gone or withdrawn.
    async fn update_topic(
        &self,
        topic_id: i64,
        fields: &TopicFields,
        now: i64,
        announce: AnnounceTopic,
    ) -> Result<Option<TopicCard>, StoreError>;

    /// Marks the topic verified by `by` (or not, with `None`) and announces it.
    async fn verify_topic(
        &self,
        topic_id: i64,
        by: Option<i64>,
        now: i64,
        announce: AnnounceTopic,
    ) -> Result<Option<TopicCard>, StoreError>;

    /// Withdraws the topic and publishes `live`; `Missed` if it was already.
    async fn withdraw_topic(
        &self,
        topic_id: i64,
        now: i64,
        live: &[Outgoing],
    ) -> Result<Updated, StoreError>;

    async fn find_topic(&self, topic_id: i64) -> Result<Option<StoredTopic>, StoreError>;

    /// The event's topics that are not withdrawn, most votes first.
    async fn list_topics(&self, event_id: i64) -> Result<Vec<TopicCard>, StoreError>;

    /// Gives or takes back `user_id`'s vote (a repeat changes nothing) and returns the new
    /// count; `None` if the topic is gone, withdrawn or another event's. The count is
    /// announced later, with others, by `publish_votes`.
    async fn update_vote(
        &self,
        event_id: i64,
        topic_id: i64,
        user_id: i64,
        on: bool,
        now: i64,
    ) -> Result<Option<u32>, StoreError>;

    /// Marks every count of the event's topics that moved since it was last announced as
    /// announced and publishes what `announce` makes of them, in one transaction; returns
    /// how many.
    async fn publish_votes(
        &self,
        event_id: i64,
        announce: AnnounceVotes,
    ) -> Result<usize, StoreError>;

    /// The events with vote counts not yet announced (left behind by a process that stopped).
    async fn list_unpublished_votes(&self) -> Result<Vec<i64>, StoreError>;

    /// The topics of the event `user_id` votes for.
    async fn list_votes(&self, event_id: i64, user_id: i64) -> Result<Vec<i64>, StoreError>;

    /// The ids of the event's topics whose title or description has every word of `terms`
    /// (each a prefix), best match first.
    async fn search_topics(&self, event_id: i64, terms: &[String]) -> Result<Vec<i64>, StoreError>;
}

/// A topic as stored, with who proposed and who verified it.
#[derive(Clone, Debug)]
pub struct StoredTopic {
    pub id: i64,
    pub event_id: i64,
    pub fields: TopicFields,
    pub proposer: Person,
    pub verified: Option<Verified>,
    pub withdrawn: bool,
    pub created_at: DateTime<Utc>,
    pub active_at: DateTime<Utc>,
    pub votes: u32,
    pub comments: u32,
    /// On the agenda.
    pub scheduled: bool,
}

impl StoredTopic {
    pub fn card(&self) -> TopicCard {
        TopicCard {
            id: self.id,
            title: self.fields.title.clone(),
            difficulty: self.fields.difficulty,
            gsoc: self.fields.gsoc,
            skills: self.fields.skills.clone(),
            proposer: self.proposer.clone(),
            votes: self.votes,
            comments: self.comments,
            verified: self.verified.is_some(),
            created_at: self.created_at,
            active_at: self.active_at,
            scheduled: self.scheduled,
        }
    }
}

/// An organiser's mark that a topic is real and ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub by_id: i64,
    pub by_name: String,
    pub at: DateTime<Utc>,
}
