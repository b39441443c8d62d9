//! Copying an event into next year's, and event files for another installation.
use super::events::StoredEvent;
use super::StoreError;
use crate::model::EventDetails;
use async_trait::async_trait;

#[async_trait]
pub trait TransferStore: Send + Sync {
    /// Next year's event from `from_event` in one transaction: `details` with its hotels, the
    /// rooms, organisers and place count, and with `carry_topics` every topic without a
    /// recorded outcome (unverified, linked to its origin). `None` when the slug is taken;
    /// else the new event's id and how many topics carried over.
    async fn copy_event(
        &self,
        from_event: i64,
        details: &EventDetails,
        carry_topics: bool,
        now: i64,
    ) -> Result<Option<(i64, u64)>, StoreError>;

    /// The event as a versioned JSON file, everything but secrets and passport data.
    async fn export_event(&self, event: &StoredEvent) -> Result<String, StoreError>;

    /// Imports a file made by `export_event`, in one transaction. `Ok(Err(why))` refuses a
    /// malformed or hostile file, or one whose event's short name is taken, and changes
    /// nothing; `Ok(Ok(slug))` is the imported event.
    async fn import_event(&self, json: &str) -> Result<Result<String, String>, StoreError>;
}
