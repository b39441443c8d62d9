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
    /// Delivery attempts made.
    pub attempts: u32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it is tried again; `None` once sent, given up, or with no mail server.
    pub retry_at: Option<i64>,
}
