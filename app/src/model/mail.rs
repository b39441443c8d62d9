//! The outbox as an admin reads it.
use serde::{Deserialize, Serialize};

/// An email the app sent, or queued when no SMTP server is configured; times are Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}
