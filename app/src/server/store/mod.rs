//! The storage traits, one per feature, and `Store`, their sum: one implementation per
//! database, in `hackboard-server/src/db`.
mod accounts;
mod agenda;
mod comments;
mod events;
mod mail;
mod registration;
mod topics;
mod transfer;
mod writeups;

pub use accounts::{AccountStore, Login, LoginKey, NewReset, NewUser, Profile};
pub use agenda::{
    AgendaChange, AgendaEdit, AgendaPrefs, AgendaRefusal, AgendaStore, AnnounceAgenda, Placement,
    StarMail, StoredAgenda, StoredSession,
};
pub use comments::{AnnounceComment, CommentChange, CommentStore, NewComment, StoredComment};
pub use events::{EventStore, StoredEvent};
pub use mail::{DueMail, Mail, MailStore};
pub use registration::{
    AnnounceRegistration, RegistrationChange, RegistrationChanged, RegistrationKey,
    RegistrationMark, RegistrationSettings, RegistrationStore, RegistrationUpdate, ReminderClaim,
    StoredRegistration,
};
pub use topics::{AnnounceTopic, AnnounceVotes, StoredTopic, TopicStore, Verified};
pub use transfer::{Copied, Imported, TransferStore};
pub use writeups::{StoredOutcome, StoredWriteup, WriteupChange, WriteupStore};

/// What became of an update of one stored thing. Nothing to update is an ordinary case, not
/// an error: each method says what it means there (gone, withdrawn, another event's, or saved
/// by someone else meanwhile).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Updated {
    Made,
    /// Nothing matched, so nothing changed.
    Missed,
}

/// A storage failure; its chain is logged on the server and shown to nobody.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct StoreError {
    context: &'static str,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl StoreError {
    pub fn new(
        context: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        StoreError {
            context,
            source: Box::new(source),
        }
    }
}

/// Lets services use `?` on the store: the cause is logged with its chain, the user sees Internal.
impl From<StoreError> for crate::error::AppError {
    fn from(error: StoreError) -> Self {
        let mut chain = error.to_string();
        let mut next = std::error::Error::source(&error);
        while let Some(cause) = next {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            next = cause.source();
        }
        tracing::error!(error = %chain, "storage failed");
        crate::error::AppError::Internal
    }
}

/// Everything the app keeps, as the one object the state holds (`Arc<dyn Store>`); a trait
/// object's supertrait methods need no import.
pub trait Store:
    EventStore
    + AccountStore
    + MailStore
    + TopicStore
    + CommentStore
    + WriteupStore
    + TransferStore
    + RegistrationStore
    + AgendaStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: EventStore
        + AccountStore
        + MailStore
        + TopicStore
        + CommentStore
        + WriteupStore
        + TransferStore
        + RegistrationStore
        + AgendaStore
        + Send
        + Sync
        + 'static
{
}
