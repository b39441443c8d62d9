//! The storage trait: one implementation per database, in `hackboard-server/src/db`.
use super::live::{Audience, Outgoing, StoredLive};
use crate::model::{
    Action, AgendaTopic, AttendanceCounts, Comment, EventCard, EventDetails, Fee, HistoryLine,
    LiveMessage, Mark, OutboxMail, Outcome, OutcomeDraft, Person, Refusal, RegistrationRequest,
    RegistrationState, Room, StipendDecision, Subject, TopicCard, TopicFields, TopicLink,
    TopicOrigin, User, VisaDetails, VisaLetter, Writeup, WriteupDraft,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

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

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Proves the database answers: used by `/healthz`.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every event, without hotels or long texts; `phase` is left for the caller to fill in.
    async fn list_events(&self) -> Result<Vec<EventCard>, StoreError>;

    async fn find_event(&self, slug: &str) -> Result<Option<StoredEvent>, StoreError>;

    async fn count_events(&self) -> Result<u64, StoreError>;

    /// Inserts the event and its hotels in one transaction; `None` if the slug is taken.
    async fn insert_event(&self, event: &EventDetails) -> Result<Option<i64>, StoreError>;

    /// Replaces the event's fields and hotels (the slug stays) if it is still at `revision`,
    /// and publishes `live` with it; `false` if someone saved it in between.
    async fn update_event(
        &self,
        id: i64,
        revision: i64,
        event: &EventDetails,
        live: &[Outgoing],
    ) -> Result<bool, StoreError>;

    /// The event's stored live messages after position `after`, oldest first, at most `limit`.
    async fn live_since(
        &self,
        event_id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredLive>, StoreError>;

    async fn is_organiser(&self, event_id: i64, user_id: i64) -> Result<bool, StoreError>;

    /// The event's organisers, by name.
    async fn list_organisers(&self, event_id: i64) -> Result<Vec<User>, StoreError>;

    /// Idempotent: naming an organiser twice keeps one.
    async fn add_organiser(&self, event_id: i64, user_id: i64) -> Result<(), StoreError>;

    async fn remove_organiser(&self, event_id: i64, user_id: i64) -> Result<(), StoreError>;

    /// Sets name, affiliation and the `listed` flag; the fields are already validated.
    async fn update_profile(&self, user_id: i64, profile: &Profile) -> Result<(), StoreError>;

    async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError>;

    /// Stores a password-reset token by its hash.
    async fn insert_reset(&self, reset: &NewReset) -> Result<(), StoreError>;

    /// Marks the reset used and returns its user, if it exists, is unused and `now` is before
    /// it expires; one statement, so two clicks cannot both use it.
    async fn take_reset(&self, token_hash: &str, now: i64) -> Result<Option<i64>, StoreError>;

    /// Queues an email in the outbox and returns its id. `retry_at`: when to try it again if
    /// the first attempt never reports back (the process stopped); `None` without a sender.
    async fn insert_mail(
        &self,
        mail: &Mail,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<i64, StoreError>;

    async fn mark_mail_sent(&self, id: i64, at: i64) -> Result<(), StoreError>;

    /// Records a failed attempt and when to try again (`None`: given up).
    async fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError>;

    /// Up to `limit` unsent emails due for another try at `now`, each leased until
    /// `lease_until` in one statement, so two servers never send the same one at once.
    async fn lease_due_mail(
        &self,
        now: i64,
        lease_until: i64,
        limit: u32,
    ) -> Result<Vec<DueMail>, StoreError>;

    /// The newest `limit` emails, newest first.
    async fn list_mail(&self, limit: u32) -> Result<Vec<OutboxMail>, StoreError>;

    /// Inserts an account; `None` if the email is taken.
    async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError>;

    async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError>;

    /// Stores a proposal and announces it; returns its card.
    async fn insert_topic(
        &self,
        event_id: i64,
        proposer_id: i64,
        fields: &TopicFields,
        now: i64,
    ) -> Result<TopicCard, StoreError>;

    /// Replaces a topic's fields and announces it; `None` if it is gone or withdrawn.
    async fn update_topic(
        &self,
        topic_id: i64,
        fields: &TopicFields,
        now: i64,
    ) -> Result<Option<TopicCard>, StoreError>;

    /// Marks the topic verified by `by` (or not, with `None`) and announces it.
    async fn verify_topic(
        &self,
        topic_id: i64,
        by: Option<i64>,
        now: i64,
    ) -> Result<Option<TopicCard>, StoreError>;

    /// Withdraws the topic and announces it; `false` if it was already.
    async fn withdraw_topic(&self, topic_id: i64, now: i64) -> Result<bool, StoreError>;

    async fn find_topic(&self, topic_id: i64) -> Result<Option<StoredTopic>, StoreError>;

    /// The event's topics that are not withdrawn, most votes first.
    async fn list_topics(&self, event_id: i64) -> Result<Vec<TopicCard>, StoreError>;

    /// Gives or takes back `user_id`'s vote (a repeat changes nothing) and returns the new
    /// count; `None` if the topic is gone, withdrawn or another event's. The count is
    /// announced later, with others, by `publish_votes`.
    async fn set_vote(
        &self,
        event_id: i64,
        topic_id: i64,
        user_id: i64,
        on: bool,
        now: i64,
    ) -> Result<Option<u32>, StoreError>;

    /// Announces, in one live message, every count of the event's topics that moved since it
    /// was last announced; returns how many.
    async fn publish_votes(&self, event_id: i64) -> Result<usize, StoreError>;

    /// The events with vote counts not yet announced (left behind by a process that stopped).
    async fn unpublished_votes(&self) -> Result<Vec<i64>, StoreError>;

    /// The topics of the event `user_id` votes for.
    async fn votes_of(&self, event_id: i64, user_id: i64) -> Result<Vec<i64>, StoreError>;

    /// The ids of the event's topics whose title or description has every word of `terms`
    /// (each a prefix), best match first.
    async fn search_topics(&self, event_id: i64, terms: &[String]) -> Result<Vec<i64>, StoreError>;

    /// Stores a comment (its parent already checked), recounts the topic's comments and
    /// announces both; `None` if the topic is gone or withdrawn.
    async fn insert_comment(
        &self,
        comment: &NewComment,
        now: i64,
    ) -> Result<Option<StoredComment>, StoreError>;

    /// Changes a comment, recounts and announces as `insert_comment` does; `None` if the
    /// comment was deleted or its topic withdrawn.
    async fn change_comment(
        &self,
        comment_id: i64,
        change: &CommentChange,
        now: i64,
    ) -> Result<Option<StoredComment>, StoreError>;

    async fn find_comment(&self, comment_id: i64) -> Result<Option<StoredComment>, StoreError>;

    /// Every comment under the topic, deleted and hidden ones included, oldest first.
    async fn list_comments(&self, subject: Subject) -> Result<Vec<StoredComment>, StoreError>;

    /// Posts a write-up, linked to those of `draft.topic_ids` that are topics of the event;
    /// returns its id.
    async fn insert_writeup(
        &self,
        event_id: i64,
        author_id: i64,
        draft: &WriteupDraft,
        pinned: bool,
        now: i64,
    ) -> Result<i64, StoreError>;

    /// `false` when the write-up is gone.
    async fn change_writeup(
        &self,
        writeup_id: i64,
        change: &WriteupChange,
        now: i64,
    ) -> Result<bool, StoreError>;

    async fn find_writeup(&self, writeup_id: i64) -> Result<Option<StoredWriteup>, StoreError>;

    /// Pinned first, then newest first.
    async fn list_writeups(&self, event_id: i64) -> Result<Vec<StoredWriteup>, StoreError>;

    /// Records (or, with an empty draft, takes back) what came out of a topic of the event;
    /// `false` when the event has no such topic.
    async fn set_outcome(
        &self,
        event_id: i64,
        topic_id: i64,
        draft: &OutcomeDraft,
        now: i64,
    ) -> Result<bool, StoreError>;

    async fn feature_outcome(
        &self,
        event_id: i64,
        topic_id: i64,
        on: bool,
    ) -> Result<bool, StoreError>;

    /// The recorded outcomes of the event's topics, by title.
    async fn list_outcomes(&self, event_id: i64) -> Result<Vec<StoredOutcome>, StoreError>;

    async fn find_outcome(&self, topic_id: i64) -> Result<Option<StoredOutcome>, StoreError>;

    async fn topic_origin(&self, topic_id: i64) -> Result<Option<TopicOrigin>, StoreError>;

    /// The organisers' last day for write-ups and comments, if they chose one.
    async fn writeup_window(&self, event_id: i64) -> Result<Option<NaiveDate>, StoreError>;

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

    async fn set_writeup_window(
        &self,
        event_id: i64,
        closes_on: Option<NaiveDate>,
    ) -> Result<(), StoreError>;

    /// Takes `change` on a registration of the event, in one transaction that holds the
    /// event's place count still: checks it against the current state (`next_state`),
    /// invites from the waiting list while places are free, records the transition, and
    /// announces the new counts. `Err(Refusal)` changes nothing.
    async fn change_registration(
        &self,
        event_id: i64,
        key: RegistrationKey,
        change: &RegistrationChange,
        now: i64,
    ) -> Result<Result<RegistrationChanged, Refusal>, StoreError>;

    /// Sets the place count and whether requests are taken; more places invite from the
    /// waiting list at once.
    async fn set_registration(
        &self,
        event_id: i64,
        settings: RegistrationSettings,
        now: i64,
    ) -> Result<Vec<StoredRegistration>, StoreError>;

    async fn registration_settings(
        &self,
        event_id: i64,
    ) -> Result<RegistrationSettings, StoreError>;

    async fn find_registration(
        &self,
        event_id: i64,
        key: RegistrationKey,
    ) -> Result<Option<StoredRegistration>, StoreError>;

    /// Every registration of the event, oldest first.
    async fn list_registrations(
        &self,
        event_id: i64,
    ) -> Result<Vec<StoredRegistration>, StoreError>;

    async fn attendance(&self, event_id: i64) -> Result<AttendanceCounts, StoreError>;

    /// Records an organiser's mark (fee, stipend, visa) on a registration of the event, in its
    /// history too, and announces it; `None` if the event has no such registration.
    async fn mark_registration(
        &self,
        event_id: i64,
        registration_id: i64,
        mark: Mark,
        by: i64,
        now: i64,
    ) -> Result<Option<StoredRegistration>, StoreError>;

    /// Every history line of the event's registrations, with its registration, oldest first.
    async fn registration_history(
        &self,
        event_id: i64,
    ) -> Result<Vec<(i64, HistoryLine)>, StoreError>;

    /// Places held at events starting from `from` to `until` whose holders were not reminded
    /// yet, as (event slug, registration id).
    async fn due_reminders(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(String, i64)>, StoreError>;

    /// Stamps the reminder and keeps its release token's hash; false if it was already sent
    /// (by another server) or the place is no longer held.
    async fn claim_reminder(
        &self,
        registration_id: i64,
        token_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    async fn find_registration_by_release_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<StoredRegistration>, StoreError>;

    /// Keeps (or replaces) the details for a registration's visa letter; new details need a
    /// new approval.
    async fn save_visa_details(
        &self,
        registration_id: i64,
        details: &VisaDetails,
        now: i64,
    ) -> Result<(), StoreError>;

    async fn find_visa_letter(
        &self,
        registration_id: i64,
    ) -> Result<Option<VisaLetter>, StoreError>;

    /// The event's letters, with their registration.
    async fn visa_letters(&self, event_id: i64) -> Result<Vec<(i64, VisaLetter)>, StoreError>;

    /// Deletes the passport data of every event that ended before `ended_before`.
    async fn forget_visa_letters(&self, ended_before: NaiveDate) -> Result<(), StoreError>;

    /// The event's agenda, with its version and the topics not on it yet.
    async fn agenda(&self, event_id: i64) -> Result<StoredAgenda, StoreError>;

    /// Makes `edit` if the agenda is still at `base_version`, announces it and returns the new
    /// version. `Err(AgendaRefusal)` changes nothing.
    async fn change_agenda(
        &self,
        event_id: i64,
        base_version: i64,
        edit: &AgendaEdit,
    ) -> Result<Result<i64, AgendaRefusal>, StoreError>;

    /// Stars (`on`) or unstars a session of the event for the person, giving them `new_token`
    /// for their calendar feed if they have none yet; `false` when the event has no such
    /// session.
    async fn star_session(
        &self,
        user_id: i64,
        event_id: i64,
        session_id: i64,
        on: bool,
        new_token: &str,
    ) -> Result<bool, StoreError>;

    /// The sessions of the event the person starred, and their feed and mail choice.
    async fn my_agenda(
        &self,
        user_id: i64,
        event_id: i64,
    ) -> Result<(Vec<i64>, Option<AgendaPrefs>), StoreError>;

    /// Whether the person is emailed when a starred session moves.
    async fn set_mail_on_move(
        &self,
        user_id: i64,
        on: bool,
        new_token: &str,
    ) -> Result<(), StoreError>;

    /// The person whose calendar feed has this token.
    async fn feed_owner(&self, token: &str) -> Result<Option<i64>, StoreError>;

    /// Who starred these sessions and asked for an email when one moves.
    async fn star_mail(&self, session_ids: &[i64]) -> Result<Vec<StarMail>, StoreError>;
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

/// Which registration: by its id, or by its attendee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationKey {
    Id(i64),
    User(i64),
}

/// What is done to a registration, by whom.
#[derive(Clone, Debug)]
pub struct RegistrationChange {
    pub action: Action,
    /// The attendee, or the organiser deciding.
    pub by: i64,
    /// What the attendee asks for: only with `Action::Request`.
    pub request: Option<RegistrationRequest>,
    /// An organiser's word to the attendee, with a decision.
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct RegistrationChanged {
    pub registration: StoredRegistration,
    /// Invited from the waiting list because a place freed up.
    pub promoted: Vec<StoredRegistration>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationSettings {
    pub capacity: u32,
    pub open: bool,
    /// Whole units of `stipend_currency`; `None`: no budget set.
    pub stipend_budget: Option<u32>,
    pub stipend_currency: String,
}

/// A registration as stored, with its attendee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRegistration {
    pub id: i64,
    pub event_id: i64,
    /// The affiliation given with the request, or the account's.
    pub person: Person,
    pub email: String,
    pub state: RegistrationState,
    pub request: RegistrationRequest,
    pub visa_cleared: bool,
    pub fee: Fee,
    pub stipend_decision: Option<StipendDecision>,
    pub created_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
}

/// A comment about to be stored; the text is checked.
#[derive(Clone, Debug)]
pub struct NewComment {
    pub subject: Subject,
    pub author_id: i64,
    /// A top-level comment of the same subject.
    pub reply_to: Option<i64>,
    pub body_md: String,
}

/// What can happen to a comment after it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentChange {
    /// Its author rewrites it (checked text).
    Edit(String),
    /// Its author deletes it: the text is erased, the place kept for any replies.
    Delete,
    /// An organiser hides it (`Some(organiser)`) or shows it again (`None`).
    Hide(Option<i64>),
}

/// A comment as stored.
#[derive(Clone, Debug)]
pub struct StoredComment {
    pub id: i64,
    pub subject: Subject,
    pub event_id: i64,
    pub reply_to: Option<i64>,
    pub author: Person,
    pub body_md: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub deleted: bool,
    pub hidden: bool,
}

impl StoredComment {
    /// The comment as a viewer may see it: organisers read hidden comments, nobody reads a
    /// deleted one.
    pub fn view(&self, organiser: bool) -> Comment {
        let comment = Comment {
            id: self.id,
            subject: self.subject,
            reply_to: self.reply_to,
            author: self.author.clone(),
            html: super::render_markdown(&self.body_md),
            markdown: self.body_md.clone(),
            created_at: self.created_at,
            edited: self.edited,
            hidden: self.hidden,
            gone: false,
        };
        if self.deleted || (self.hidden && !organiser) {
            comment.tombstone()
        } else {
            comment
        }
    }

    /// The messages announcing this comment as it now is: a hidden one reaches organisers
    /// with its text and everyone else as a placeholder.
    pub fn announce(&self) -> Vec<Outgoing> {
        let changed = |organiser| LiveMessage::CommentChanged {
            comment: self.view(organiser),
        };
        if self.hidden && !self.deleted {
            vec![
                Outgoing::new(Audience::Organisers, &changed(true)),
                Outgoing::new(Audience::Public, &changed(false)),
            ]
        } else {
            vec![Outgoing::new(Audience::Everyone, &changed(false))]
        }
    }
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

impl StoredWriteup {
    pub fn view(&self) -> Writeup {
        Writeup {
            id: self.id,
            author: self.author.clone(),
            title: self.title.clone(),
            html: super::render_markdown(&self.body_md),
            markdown: self.body_md.clone(),
            topics: self.topics.clone(),
            pinned: self.pinned,
            featured: self.featured,
            comments: self.comments,
            created_at: self.created_at,
            edited: self.edited,
        }
    }
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

impl StoredOutcome {
    pub fn view(&self) -> Outcome {
        Outcome {
            topic: self.topic.clone(),
            expected_html: super::render_markdown(&self.expected_md),
            html: super::render_markdown(&self.outcome_md),
            markdown: self.outcome_md.clone(),
            links: self.links.clone(),
            featured: self.featured,
        }
    }
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

/// What a participant may change about themselves; validated.
#[derive(Clone, Debug)]
pub struct Profile {
    pub display_name: String,
    pub affiliation: String,
    pub listed: bool,
}

/// A password-reset token, of which only the SHA-256 is stored.
#[derive(Clone, Debug)]
pub struct NewReset {
    pub token_hash: String,
    pub user_id: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// An email as the app writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// An email waiting in the outbox for another try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueMail {
    pub id: i64,
    pub mail: Mail,
    /// Attempts made so far.
    pub attempts: u32,
}

/// An account about to be created; the fields are already validated and the password hashed.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub affiliation: String,
    pub password_hash: String,
    pub is_admin: bool,
}

/// An account with its password hash, which never leaves the server.
#[derive(Clone, Debug)]
pub struct Login {
    pub user: User,
    pub password_hash: String,
}

/// How to look an account up.
#[derive(Clone, Copy, Debug)]
pub enum LoginKey<'a> {
    Id(i64),
    /// A normalized email (see `model::Email`).
    Email(&'a str),
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
