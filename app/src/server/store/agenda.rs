//! The agenda: rooms, sessions, and the sessions people star.
use super::{StoreError, Updated};
use crate::model::{AgendaTopic, Room};
use crate::server::live::Outgoing;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait AgendaStore: Send + Sync {
    /// The event's agenda, with its version and the topics not on it yet.
    async fn list_agenda(&self, event_id: i64) -> Result<StoredAgenda, StoreError>;

    /// Makes `edit` if the agenda is still at `base_version` and publishes what `announce`
    /// makes of the new version, in one transaction. A refusal changes nothing.
    async fn update_agenda(
        &self,
        event_id: i64,
        base_version: i64,
        edit: &AgendaEdit,
        announce: AnnounceAgenda,
    ) -> Result<AgendaChange, StoreError>;

    /// Stars (`on`) or unstars a session of the event for the person, giving them `new_token`
    /// for their calendar feed if they have none yet; `Missed` when the event has no such
    /// session.
    async fn update_star(
        &self,
        user_id: i64,
        event_id: i64,
        session_id: i64,
        on: bool,
        new_token: &str,
    ) -> Result<Updated, StoreError>;

    /// The sessions of the event the person starred, and their feed and mail choice.
    async fn list_stars(
        &self,
        user_id: i64,
        event_id: i64,
    ) -> Result<(Vec<i64>, Option<AgendaPrefs>), StoreError>;

    /// Whether the person is emailed when a starred session moves.
    async fn update_mail_on_move(
        &self,
        user_id: i64,
        on: bool,
        new_token: &str,
    ) -> Result<(), StoreError>;

    /// The person whose calendar feed has this token.
    async fn find_feed_owner(&self, token: &str) -> Result<Option<i64>, StoreError>;

    /// Who starred these sessions and asked for an email when one moves.
    async fn list_star_mail(&self, session_ids: &[i64]) -> Result<Vec<StarMail>, StoreError>;
}

/// A person's choices for "My agenda".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaPrefs {
    /// The secret in their calendar feed's address.
    pub feed_token: String,
    pub mail_on_move: bool,
}

/// Someone to tell that a session they starred moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarMail {
    pub email: String,
    pub session_id: i64,
    /// The title as it was before the change.
    pub title: String,
}

/// The agenda as stored: times in UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAgenda {
    pub version: i64,
    pub rooms: Vec<Room>,
    /// By start, then room.
    pub sessions: Vec<StoredSession>,
    /// Topics of the event not on the agenda, not withdrawn, most-voted first.
    pub topics: Vec<AgendaTopic>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub id: i64,
    pub room_id: i64,
    pub topic_id: Option<i64>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub sequence: u32,
    pub contacts: String,
    pub interest: u32,
}

/// Where a session goes: a room of the event, UTC unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub room_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// A change to the agenda, checked but for what only the store can see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaEdit {
    AddRoom {
        name: String,
        capacity: u32,
    },
    /// A topic (its title is the topic's) or a plain item.
    Place {
        topic_id: Option<i64>,
        title: String,
        at: Placement,
    },
    /// Moves or resizes.
    Move {
        session_id: i64,
        to: Placement,
    },
    /// Each takes the other's room and start time, keeping its own length.
    Swap {
        first: i64,
        second: i64,
    },
    Unschedule {
        session_id: i64,
    },
}

/// The live messages for the agenda's new version, chosen by the service.
pub type AnnounceAgenda = fn(i64) -> Vec<Outgoing>;

/// What became of an agenda change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaChange {
    Made { version: i64 },
    Refused(AgendaRefusal),
}

/// Why an agenda change is refused; the text says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaRefusal {
    Stale,
    NoSuchRoom,
    NoSuchSession,
    TopicUnavailable,
    AlreadyScheduled,
    RoomNameTaken,
    RoomTaken { with: String },
}

impl AgendaRefusal {
    pub fn message(&self) -> String {
        match self {
            AgendaRefusal::Stale => "Someone else changed the agenda meanwhile: it now shows their                                      change. Look, then make yours again."
                .into(),
            AgendaRefusal::NoSuchRoom => "That room is not one of this event's.".into(),
            AgendaRefusal::NoSuchSession => {
                "That session is no longer on the agenda: reload to see it as it is.".into()
            }
            AgendaRefusal::TopicUnavailable => {
                "That topic was withdrawn or belongs to another event.".into()
            }
            AgendaRefusal::AlreadyScheduled => {
                "That topic is already on the agenda: move its session instead.".into()
            }
            AgendaRefusal::RoomNameTaken => "The event already has a room of that name.".into(),
            AgendaRefusal::RoomTaken { with } => {
                format!("The room is taken at that time by “{with}”.")
            }
        }
    }
}
