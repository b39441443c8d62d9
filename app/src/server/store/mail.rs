//! The outbox: emails queued, sent, failed and retried.
use super::StoreError;
use crate::model::OutboxMail;
use async_trait::async_trait;

#[async_trait]
pub trait MailStore: Send + Sync {
    /// Queues an email in the outbox and returns its id. `retry_at`: when to try it again if
    /// the first attempt never reports back (the process stopped); `None` without a sender.
    async fn insert_mail(
        &self,
        mail: &Mail,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<i64, StoreError>;

    async fn update_mail_sent(&self, id: i64, at: i64) -> Result<(), StoreError>;

    /// Records a failed attempt and when to try again (`None`: given up).
    async fn update_mail_failed(
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
