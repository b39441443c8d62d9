//! The background tasks that keep a hub current: wake-ups from the store, a periodic sweep,
//! and viewer counts shared with the other processes on the same PostgreSQL.
use super::hub::{until_closed, Hub, HEARTBEAT};
use crate::db::LiveSource;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::time::{interval, Interval, MissedTickBehavior};

/// A safety net under wake-ups: every watched event is re-read this often anyway.
const SWEEP: Duration = Duration::from_secs(5);

const LIVE_CHANNEL: &str = "hackboard_live";
const PRESENCE_CHANNEL: &str = "hackboard_presence";

/// Starts the hub's tasks; they end when the hub closes.
pub fn start(hub: &Arc<Hub>, source: &LiveSource) {
    match source {
        LiveSource::Local(wakes) => {
            tokio::spawn(pump_local(Arc::clone(hub), wakes.subscribe()));
            tokio::spawn(presence(Arc::clone(hub), None));
        }
        LiveSource::Postgres(pool) => {
            tokio::spawn(pump_postgres(Arc::clone(hub), pool.clone()));
            tokio::spawn(presence(Arc::clone(hub), Some(pool.clone())));
        }
    }
}

async fn pump_local(hub: Arc<Hub>, mut wakes: broadcast::Receiver<i64>) {
    let mut closed = hub.closed();
    let mut sweep = every(SWEEP);
    loop {
        tokio::select! {
            () = until_closed(&mut closed) => return,
            _ = sweep.tick() => hub.catch_up_all().await,
            woken = wakes.recv() => match woken {
                Ok(event_id) => {
                    hub.changed();
                    // Wake-ups that piled up while we read are served by one read each.
                    let mut events = BTreeSet::from([event_id]);
                    while let Ok(event_id) = wakes.try_recv() {
                        events.insert(event_id);
                    }
                    for event_id in events {
                        hub.catch_up(event_id).await;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    hub.changed();
                    hub.catch_up_all().await;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
        }
    }
}

/// Listens for NOTIFY from every process (this one included); reconnects when the database
/// connection drops, then catches up on everything watched, since notices sent meanwhile are lost.
async fn pump_postgres(hub: Arc<Hub>, pool: PgPool) {
    let mut closed = hub.closed();
    let mut retry = Duration::from_millis(250);
    loop {
        let listening = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener
                .listen_all([LIVE_CHANNEL, PRESENCE_CHANNEL])
                .await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            () = until_closed(&mut closed) => return,
            listening = listening => match listening {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "cannot LISTEN for live changes; retrying");
                    tokio::time::sleep(retry).await;
                    retry = (retry * 2).min(Duration::from_secs(10));
                    continue;
                }
            },
        };
        retry = Duration::from_millis(250);
        hub.changed();
        hub.catch_up_all().await;
        let mut sweep = every(SWEEP);
        loop {
            tokio::select! {
                () = until_closed(&mut closed) => return,
                _ = sweep.tick() => hub.catch_up_all().await,
                notice = listener.try_recv() => match notice {
                    Ok(Some(notice)) => match notice.channel() {
                        LIVE_CHANNEL => {
                            if let Ok(event_id) = notice.payload().parse() {
                                hub.changed();
                                hub.catch_up(event_id).await;
                            }
                        }
                        _ => {
                            if let Some((instance, event_id, count)) = parse_presence(notice.payload()) {
                                hub.remote_viewers(instance, event_id, count);
                            }
                        }
                    },
                    // The connection dropped and is back: what was sent meanwhile is lost.
                    Ok(None) => {
                        hub.changed();
                        hub.catch_up_all().await;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "lost the LISTEN connection; reconnecting");
                        break;
                    }
                },
            }
        }
    }
}

/// Once a second, tells pages how many are watching; with PostgreSQL, first tells the other
/// processes how many watch here.
async fn presence(hub: Arc<Hub>, pool: Option<PgPool>) {
    let mut closed = hub.closed();
    let mut tick = every(Duration::from_secs(1));
    let beats = HEARTBEAT.as_secs().max(1);
    let mut ticks = 0u64;
    loop {
        tokio::select! {
            () = until_closed(&mut closed) => return,
            _ = tick.tick() => {}
        }
        ticks += 1;
        let announce = hub.presence_tick(ticks.is_multiple_of(beats));
        let Some(pool) = &pool else { continue };
        for (event_id, count) in announce {
            let payload = format!("{} {event_id} {count}", hub.instance);
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(PRESENCE_CHANNEL)
                .bind(payload)
                .execute(pool)
                .await;
            if let Err(error) = sent {
                tracing::warn!(%error, "cannot share the viewer count");
            }
        }
    }
}

/// A timer that, after a busy stretch, waits a whole period again instead of firing in a burst.
fn every(period: Duration) -> Interval {
    let mut timer = interval(period);
    timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
    timer
}

/// `INSTANCE EVENT COUNT`, as `presence` sends it.
fn parse_presence(payload: &str) -> Option<(&str, i64, u32)> {
    let mut parts = payload.split(' ');
    let instance = parts.next()?;
    let event_id = parts.next()?.parse().ok()?;
    let count = parts.next()?.parse().ok()?;
    Some((instance, event_id, count))
}

#[cfg(test)]
mod tests {
    use super::parse_presence;

    #[test]
    fn presence_notices_parse_and_junk_is_ignored() {
        assert_eq!(parse_presence("ab12 7 3"), Some(("ab12", 7, 3)));
        assert_eq!(parse_presence("ab12 seven 3"), None);
        assert_eq!(parse_presence("ab12 7"), None);
    }
}
