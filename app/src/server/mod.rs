//! Server-only code: the storage trait, services that apply rules around it, and the app state.
pub mod accounts;
pub mod agenda;
pub mod comments;
mod event_editing;
mod events;
pub mod live;
pub mod mail;
mod markdown;
pub mod password_reset;
mod passwords;
mod rate_limit;
pub mod registration;
pub mod reminders;
pub mod rights;
mod state;
mod store;
pub mod topics;
pub mod transfer;
pub mod visa;
pub mod writeups;

pub use event_editing::{
    add_organiser, create_event, editor, remove_organiser, save, NewEventForm,
};
pub use events::{event_index, event_page, public_event};
pub use mail::MailSender;
pub use markdown::render_markdown;
pub use passwords::{random_token, token_hash};
pub use rate_limit::RateLimiter;
pub use state::AppState;
pub use store::{
    AccountStore, AgendaChange, AgendaEdit, AgendaPrefs, AgendaRefusal, AgendaStore,
    AnnounceAgenda, AnnounceComment, AnnounceRegistration, AnnounceTopic, AnnounceVotes,
    CommentChange, CommentStore, Copied, DueMail, EventStore, Imported, Login, LoginKey, Mail,
    MailStore, NewComment, NewReset, NewUser, Placement, Profile, RegistrationChange,
    RegistrationChanged, RegistrationKey, RegistrationMark, RegistrationSettings,
    RegistrationStore, RegistrationUpdate, ReminderClaim, StarMail, Store, StoreError,
    StoredAgenda, StoredComment, StoredEvent, StoredOutcome, StoredRegistration, StoredSession,
    StoredTopic, StoredWriteup, TopicStore, TransferStore, Updated, Verified, WriteupChange,
    WriteupStore,
};
