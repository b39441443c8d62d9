//! Events, their hotels and organisers, and their live log.
use super::{StoreError, Updated};
use crate::model::{EventCard, EventDetails, User};
use crate::server::live::{Outgoing, StoredLive};
use async_trait::async_trait;

#[async_trait]
pub trait EventStore: Send + Sync {
    /// Proves the database answers: used by `/healthz`.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every event, without hotels or long texts; `phase` is left for the caller to fill in.
    async fn list_events(&self) -> Result<Vec<EventCard>, StoreError>;

    async fn find_event(&self, slug: &str) -> Result<Option<StoredEvent>, StoreError>;

    async fn count_events(&self) -> Result<u64, StoreError>;

    /// Inserts the event and its hotels in one transaction; `None` if the slug is taken.
    async fn insert_event(&self, event: &EventDetails) -> Result<Option<i64>, StoreError>;

    /// Replaces the event's fields and hotels (the slug stays) if it is still at `revision`,
    /// and publishes `live` with it; `Missed` if someone saved it in between.
    async fn update_event(
        &self,
        id: i64,
        revision: i64,
        event: &EventDetails,
        live: &[Outgoing],
    ) -> Result<Updated, StoreError>;

    /// The event's stored live messages after position `after`, oldest first, at most `limit`.
    async fn list_live(
        &self,
        event_id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredLive>, StoreError>;

    async fn is_organiser(&self, event_id: i64, user_id: i64) -> Result<bool, StoreError>;

    /// The event's organisers, by name.
    async fn list_organisers(&self, event_id: i64) -> Result<Vec<User>, StoreError>;

    /// Idempotent: naming an organiser twice keeps one.
    async fn insert_organiser(&self, event_id: i64, user_id: i64) -> Result<(), StoreError>;

    async fn delete_organiser(&self, event_id: i64, user_id: i64) -> Result<(), StoreError>;
}

/// An event as stored: its id, the revision an edit must start from, its live stream's
/// position, and its details.
#[derive(Clone, Debug)]
pub struct StoredEvent {
    pub id: i64,
    pub revision: i64,
    pub live_seq: i64,
    pub details: EventDetails,
}
