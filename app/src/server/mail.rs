//! Every email the app sends goes into the outbox first; with SMTP configured it is then
//! handed to the mail server in the background, so no request waits on it.
use super::{AppState, Mail};
use crate::error::AppError;
use async_trait::async_trait;

/// Delivers one email; implemented with SMTP in hackboard-server.
#[async_trait]
pub trait MailSender: Send + Sync + 'static {
    async fn send(&self, mail: &Mail) -> Result<(), String>;
}

pub async fn send(state: &AppState, mail: Mail) -> Result<(), AppError> {
    let id = state.store.insert_mail(&mail, unix_now()).await?;
    if let Some(sender) = state.mail_sender.clone() {
        let store = state.store.clone();
        tokio::spawn(async move {
            match sender.send(&mail).await {
                Ok(()) => {
                    if let Err(error) = store.mark_mail_sent(id, unix_now()).await {
                        tracing::error!(%error, id, "sent mail, but cannot mark it sent");
                    }
                }
                Err(error) => {
                    tracing::error!(%error, id, "cannot send mail; it stays in the outbox")
                }
            }
        });
    }
    Ok(())
}

pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
