//! Chores on a clock, every quarter of an hour (`Config::chores_every`) and at start: the no-show reminders due today
//! go out (several servers may run this: each reminder is claimed in the database first), and
//! the passport data of events that are over is deleted.
use crate::live::{until_closed, Hub};
use hackboard_app::server::reminders::send_reminders;
use hackboard_app::server::AppState;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{interval, MissedTickBehavior};

pub const EVERY: Duration = Duration::from_secs(15 * 60);

pub fn start(hub: &Arc<Hub>, state: AppState, every: Duration) {
    let mut closed = hub.closed();
    tokio::spawn(async move {
        let mut timer = interval(every);
        timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = until_closed(&mut closed) => return,
                _ = timer.tick() => {}
            }
            let today = chrono::Utc::now().date_naive();
            match send_reminders(&state, today).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "sent no-show reminders"),
                Err(error) => tracing::error!(%error, "cannot send the no-show reminders"),
            }
            if let Err(error) = state.store.delete_visa_details(today).await {
                tracing::error!(%error, "cannot delete the passport data of past events");
            }
        }
    });
}
