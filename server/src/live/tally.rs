//! Announces vote counts in batches. A vote commits without a message (a message takes the
//! next position in the event's stream, one row every writer of the event takes turns on);
//! this task then announces every count that moved, one message per event, at most every
//! `BATCH`. The first vote after a quiet spell goes out at once.
use super::hub::{until_closed, Hub};
use crate::db::VoteWakes;
use hackboard_app::server::{topics, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{interval, MissedTickBehavior};

/// How long votes gather before the next batch goes out.
const BATCH: Duration = Duration::from_millis(100);

/// How often the database is asked for counts nobody announced: those of a process that
/// stopped between a vote and its batch. The first ask is at start.
const SWEEP: Duration = Duration::from_secs(5);

pub fn start(hub: &Arc<Hub>, store: Arc<dyn Store>, wakes: Arc<VoteWakes>) {
    tokio::spawn(announce(Arc::clone(hub), store, wakes));
}

async fn announce(hub: Arc<Hub>, store: Arc<dyn Store>, wakes: Arc<VoteWakes>) {
    let mut closed = hub.closed();
    let mut sweep = interval(SWEEP);
    sweep.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        let events = tokio::select! {
            () = until_closed(&mut closed) => return,
            events = wakes.next() => events.into_iter().collect(),
            _ = sweep.tick() => match store.list_unpublished_votes().await {
                Ok(events) => events,
                Err(error) => {
                    tracing::warn!(%error, "cannot look for vote counts to announce");
                    Vec::new()
                }
            },
        };
        for event_id in events {
            if let Err(error) = store.publish_votes(event_id, topics::announce_votes).await {
                // The counts stay marked unannounced: the next batch or sweep retries.
                tracing::warn!(%error, event_id, "cannot announce vote counts");
                wakes.counted(event_id);
            }
        }
        tokio::select! {
            () = until_closed(&mut closed) => return,
            () = tokio::time::sleep(BATCH) => {}
        }
    }
}
