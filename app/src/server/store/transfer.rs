//! Copying an event into next year's, and event files for another installation.
use super::events::StoredEvent;
use super::StoreError;
use crate::model::EventDetails;
use async_trait::async_trait;

#[async_trait]
pub trait TransferStore: Send + Sync {
    /// Next year's event from `from_event` in one transaction: `details` with its hotels, the
    /// rooms, organisers and place count, and with `carry_topics` every topic without a
    /// recorded outcome (unverified, linked to its origin).
    async fn copy_event(
        &self,
        from_event: i64,
        details: &EventDetails,
        carry_topics: bool,
        now: i64,
    ) -> Result<Copied, StoreError>;

    /// The event as a versioned JSON file, everything but secrets and passport data.
    async fn export_event(&self, event: &StoredEvent) -> Result<String, StoreError>;

    /// Imports a file made by `export_event`, in one transaction; a refusal changes nothing.
    async fn import_event(&self, json: &str) -> Result<Imported, StoreError>;
}

/// What became of a copy of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copied {
    Made { event_id: i64, topics: u64 },
    SlugTaken,
}

/// What became of an imported event file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    Made {
        slug: String,
    },
    /// A malformed or hostile file, or one whose event's short name is taken; the text says
    /// which.
    Refused(String),
}
