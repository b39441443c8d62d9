//! Tries again, on a clock (`Config::mail_retry_every`), the emails whose delivery failed and
//! whose wait is over. Several servers may run it: each email is leased in the database first.
use crate::live::{until_closed, Hub};
use hackboard_app::server::{mail, AppState};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{interval, MissedTickBehavior};

pub const EVERY: Duration = Duration::from_secs(30);

pub fn start(hub: &Arc<Hub>, state: AppState, every: Duration) {
    if state.mail_sender.is_none() {
        return;
    }
    let mut closed = hub.closed();
    tokio::spawn(async move {
        let mut timer = interval(every);
        timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = until_closed(&mut closed) => return,
                _ = timer.tick() => {}
            }
            match mail::retry_due(&state).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "sent emails that had failed before"),
                Err(error) => tracing::error!(%error, "cannot retry the emails that failed"),
            }
        }
    });
}
