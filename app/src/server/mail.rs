//! Every email the app sends goes into the outbox first; with SMTP configured it is then
//! handed to the mail server in the background, so no request waits on it. A failed attempt
//! is tried again later, each wait twice the last (`retry_wait`), until `MAX_ATTEMPTS`; the
//! admins' outbox shows every failure with its reason. `retry_due` is run on a clock by the
//! server.
use super::{AppState, DueMail, Mail, Store};
use crate::error::AppError;
use async_trait::async_trait;
use std::sync::Arc;

/// Delivers one email; implemented with SMTP in hackboard-server.
#[async_trait]
pub trait MailSender: Send + Sync + 'static {
    async fn send(&self, mail: &Mail) -> Result<(), String>;
}

/// Attempts before an email is given up (the last wait is an hour).
pub const MAX_ATTEMPTS: u32 = 8;

/// How long an attempt may take before another server may try the same email.
const LEASE_SECONDS: i64 = 5 * 60;

/// Seconds to wait after the `failed`th failed attempt: 1, 2, 4 … minutes, at most an hour;
/// `None` once `MAX_ATTEMPTS` have failed.
pub fn retry_wait(failed: u32) -> Option<i64> {
    (failed < MAX_ATTEMPTS).then(|| (60_i64 << failed.saturating_sub(1).min(6)).min(3600))
}

pub async fn send(state: &AppState, mail: Mail) -> Result<(), AppError> {
    let now = unix_now();
    // Should this process stop before the first attempt reports back, another tries later.
    let lease = state.mail_sender.as_ref().map(|_| now + LEASE_SECONDS);
    let id = state.store.insert_mail(&mail, now, lease).await?;
    if let Some(sender) = state.mail_sender.clone() {
        let store = state.store.clone();
        let due = DueMail {
            id,
            mail,
            attempts: 0,
        };
        tokio::spawn(async move { deliver(&store, sender.as_ref(), due).await });
    }
    Ok(())
}

/// Tries the emails whose wait is over; returns how many went out.
pub async fn retry_due(state: &AppState) -> Result<usize, AppError> {
    let Some(sender) = state.mail_sender.clone() else {
        return Ok(0);
    };
    let now = unix_now();
    let due = state
        .store
        .lease_due_mail(now, now + LEASE_SECONDS, 20)
        .await?;
    let mut sent = 0;
    for mail in due {
        if deliver(&state.store, sender.as_ref(), mail).await {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn deliver(store: &Arc<dyn Store>, sender: &dyn MailSender, due: DueMail) -> bool {
    let id = due.id;
    match sender.send(&due.mail).await {
        Ok(()) => {
            if let Err(error) = store.update_mail_sent(id, unix_now()).await {
                tracing::error!(%error, id, "sent mail, but cannot mark it sent");
            }
            true
        }
        Err(error) => {
            let failed = due.attempts + 1;
            let retry_at = retry_wait(failed).map(|wait| unix_now() + wait);
            match retry_at {
                Some(_) => tracing::warn!(%error, id, failed, "cannot send mail; will try again"),
                None => tracing::error!(%error, id, failed, "cannot send mail; giving up"),
            }
            if let Err(error) = store.update_mail_failed(id, &error, retry_at).await {
                tracing::error!(%error, id, "cannot record a failed delivery");
            }
            false
        }
    }
}

pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wait_doubles_up_to_an_hour_then_it_gives_up() {
        let waits: Vec<Option<i64>> = (1..=MAX_ATTEMPTS).map(retry_wait).collect();
        assert_eq!(
            waits,
            [
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                Some(3600),
                None
            ]
        );
    }
}
