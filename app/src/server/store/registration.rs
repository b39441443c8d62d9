//! Registrations, their places and history, visa letters and reminders.
use super::StoreError;
use crate::model::{
    Action, AttendanceCounts, Fee, HistoryLine, Mark, Person, Refusal, RegistrationRequest,
    RegistrationState, StipendDecision, VisaDetails, VisaLetter,
};
use crate::server::live::Outgoing;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

#[async_trait]
pub trait RegistrationStore: Send + Sync {
    /// Takes `change` on a registration of the event, in one transaction that holds the
    /// event's place count still: checks it against the current state (`next_state`),
    /// invites from the waiting list while places are free, records the transition, and
    /// publishes what `announce` makes of the new counts. A refusal changes nothing.
    async fn update_registration(
        &self,
        event_id: i64,
        key: RegistrationKey,
        change: &RegistrationChange,
        now: i64,
        announce: AnnounceRegistration,
    ) -> Result<RegistrationUpdate, StoreError>;

    /// Sets the place count and whether requests are taken; more places invite from the
    /// waiting list at once. Returns who was invited.
    async fn update_registration_settings(
        &self,
        event_id: i64,
        settings: RegistrationSettings,
        now: i64,
        announce: AnnounceRegistration,
    ) -> Result<Vec<StoredRegistration>, StoreError>;

    /// `None` if there is no such event.
    async fn find_registration_settings(
        &self,
        event_id: i64,
    ) -> Result<Option<RegistrationSettings>, StoreError>;

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

    async fn count_attendance(&self, event_id: i64) -> Result<AttendanceCounts, StoreError>;

    /// Records an organiser's mark (fee, stipend, visa) on a registration of the event, in its
    /// history too, and publishes what `announce` makes of it; `None` if the event has no
    /// such registration.
    async fn update_registration_mark(
        &self,
        event_id: i64,
        mark: &RegistrationMark,
        now: i64,
        announce: AnnounceRegistration,
    ) -> Result<Option<StoredRegistration>, StoreError>;

    /// Every history line of the event's registrations, with its registration, oldest first.
    async fn list_registration_history(
        &self,
        event_id: i64,
    ) -> Result<Vec<(i64, HistoryLine)>, StoreError>;

    /// Places held at events starting from `from` to `until` whose holders were not reminded
    /// yet, as (event slug, registration id).
    async fn list_due_reminders(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(String, i64)>, StoreError>;

    /// Stamps the reminder as sent and keeps its release token's hash, unless it was already
    /// sent (by another server) or the place is no longer held.
    async fn update_reminder_sent(
        &self,
        registration_id: i64,
        token_hash: &str,
        now: i64,
    ) -> Result<ReminderClaim, StoreError>;

    async fn find_registration_by_release_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<StoredRegistration>, StoreError>;

    /// Keeps (or replaces) the details for a registration's visa letter; new details need a
    /// new approval.
    async fn update_visa_details(
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
    async fn list_visa_letters(&self, event_id: i64) -> Result<Vec<(i64, VisaLetter)>, StoreError>;

    /// Deletes the passport data of every event that ended before `ended_before`.
    async fn delete_visa_details(&self, ended_before: NaiveDate) -> Result<(), StoreError>;
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

/// Builds a registration change's live messages from the counts as they stand after it and
/// the registration that moved (`None` when only the settings changed). The store calls it
/// inside the change's transaction, so it announces exactly what is committed.
pub type AnnounceRegistration = fn(&AttendanceCounts, Option<i64>) -> Vec<Outgoing>;

/// What became of a change to a registration.
#[derive(Clone, Debug)]
pub enum RegistrationUpdate {
    /// Boxed: a registration is large, a refusal one byte.
    Made(Box<RegistrationChanged>),
    Refused(Refusal),
}

/// An organiser's mark on one registration.
#[derive(Clone, Copy, Debug)]
pub struct RegistrationMark {
    pub registration_id: i64,
    pub mark: Mark,
    /// The organiser.
    pub by: i64,
}

/// Whether this server is the one to send a reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderClaim {
    Claimed,
    /// Already sent by another server, or the place is no longer held.
    Skipped,
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
