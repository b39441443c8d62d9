//! The live hub: in this process, one broadcast channel per event someone is watching, fed in
//! stream order from the store, plus the count of who is watching.
//!
//! The database is the source of truth: the hub only learns *that* an event's stream grew
//! (`catch_up`) and reads what is new from there. So a missed wake-up costs a delay until the
//! next one or the periodic sweep, never a message, and every process sees the same order.
use axum::body::Bytes;
use hackboard_app::model::LiveMessage;
use hackboard_app::server::live::Audience;
use hackboard_app::server::Store;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};

/// Messages one event's channel holds for its slowest reader; past that, the reader is
/// behind by more than a page is worth replaying and is sent a resync instead.
const CHANNEL_CAPACITY: usize = 256;

/// Stored messages read per query while catching up.
const BATCH: u32 = 500;

/// Another process's viewer count is forgotten this long after it last told us (it
/// re-announces every `HEARTBEAT`), so a crashed process stops counting.
const REMOTE_EXPIRY: Duration = Duration::from_secs(30);

/// How often every open page hears the viewer count even if it did not move; it doubles as
/// the keep-alive by which a browser notices a dead connection.
pub const HEARTBEAT: Duration = Duration::from_secs(10);

/// One message as the channel carries it: framed as a server-sent event once, and the same
/// bytes (reference-counted, not copied) written to every receiver.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The stream position; `None` for messages that are not stored (viewers, resync).
    pub seq: Option<i64>,
    pub audience: Audience,
    pub wire: Bytes,
}

impl Frame {
    /// A stored message; `body` is its JSON, which never holds a line break.
    pub fn stored(seq: i64, audience: Audience, body: &str) -> Frame {
        Frame {
            seq: Some(seq),
            audience,
            wire: Bytes::from(format!("id: {seq}\ndata: {body}\n\n")),
        }
    }

    pub fn unstored(message: &LiveMessage) -> Frame {
        let body = serde_json::to_string(message).unwrap_or_else(|_| "{}".into());
        Frame {
            seq: None,
            audience: Audience::Everyone,
            wire: Bytes::from(format!("data: {body}\n\n")),
        }
    }
}

struct Channel {
    sender: broadcast::Sender<Frame>,
    /// The last stored position sent on this channel.
    last: i64,
    /// Streams open on this event in this process.
    local: u32,
    /// Other processes' counts, by instance, with when they last told us.
    remote: HashMap<String, (u32, Instant)>,
    /// The total the pages were last told.
    shown: u32,
    /// The local count other processes were last told.
    announced: u32,
}

impl Channel {
    fn total(&self) -> u32 {
        self.local + self.remote.values().map(|(count, _)| count).sum::<u32>()
    }
}

pub struct Hub {
    store: Arc<dyn Store>,
    /// A random name for this process among those sharing a database.
    pub instance: String,
    channels: Mutex<HashMap<i64, Channel>>,
    per_ip: Mutex<HashMap<IpAddr, u32>>,
    max_per_ip: u32,
    shutdown: watch::Sender<bool>,
    /// Counts the wake-ups and this process's own commits (the store bumps it too): pages
    /// rendered before the last one may be out of date.
    changes: Arc<AtomicU64>,
}

/// A viewer refused because their address already has `max_per_ip` streams open.
#[derive(Debug)]
pub struct TooManyStreams;

impl Hub {
    pub fn new(store: Arc<dyn Store>, max_per_ip: u32, changes: Arc<AtomicU64>) -> Arc<Hub> {
        Arc::new(Hub {
            store,
            instance: hackboard_app::server::random_token()[..16].to_owned(),
            channels: Mutex::default(),
            per_ip: Mutex::default(),
            max_per_ip,
            shutdown: watch::channel(false).0,
            changes,
        })
    }

    /// Live streams open on this process.
    pub fn streams(&self) -> u64 {
        lock(&self.per_ip).values().map(|n| u64::from(*n)).sum()
    }

    /// Something changed in some event (or changes may have been missed).
    pub fn changed(&self) {
        self.changes.fetch_add(1, Ordering::Release);
    }

    /// Equal before and after a render only if nothing changed in between.
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    /// Opens a stream on the event, whose stored position was `head` when it was read.
    pub fn subscribe(
        self: &Arc<Self>,
        event_id: i64,
        head: i64,
        ip: IpAddr,
    ) -> Result<Subscription, TooManyStreams> {
        {
            let mut per_ip = lock(&self.per_ip);
            let open = per_ip.entry(ip).or_default();
            if *open >= self.max_per_ip {
                return Err(TooManyStreams);
            }
            *open += 1;
        }
        let mut channels = lock(&self.channels);
        let channel = channels.entry(event_id).or_insert_with(|| Channel {
            sender: broadcast::channel(CHANNEL_CAPACITY).0,
            last: head,
            local: 0,
            remote: HashMap::new(),
            shown: 0,
            announced: 0,
        });
        channel.local += 1;
        Ok(Subscription {
            receiver: channel.sender.subscribe(),
            viewers: channel.total(),
            shutdown: self.shutdown.subscribe(),
            _guard: Guard {
                hub: Arc::clone(self),
                event_id,
                ip,
            },
        })
    }

    /// The last stored position this process has sent for the event.
    pub fn position(&self, event_id: i64) -> i64 {
        lock(&self.channels)
            .get(&event_id)
            .map_or(0, |channel| channel.last)
    }

    /// Reads what the event's stream gained since this hub last looked, and sends it on.
    /// Only the pump calls this, one event at a time, so positions go out in order.
    pub async fn catch_up(&self, event_id: i64) {
        loop {
            let Some(last) = lock(&self.channels).get(&event_id).map(|c| c.last) else {
                return; // nobody here watches it
            };
            let rows = match self.store.list_live(event_id, last, BATCH).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::warn!(%error, event_id, "cannot read the live stream; retrying on the next sweep");
                    return;
                }
            };
            let full = rows.len() == BATCH as usize;
            let mut channels = lock(&self.channels);
            let Some(channel) = channels.get_mut(&event_id) else {
                return;
            };
            for row in rows {
                if row.seq <= channel.last {
                    continue;
                }
                channel.last = row.seq;
                // No receivers is not an error: the last page may have just closed.
                let _ = channel
                    .sender
                    .send(Frame::stored(row.seq, row.audience, &row.body));
            }
            if !full {
                return;
            }
        }
    }

    /// Catches up on every event watched here: after a missed wake-up or a lost listener.
    pub async fn catch_up_all(&self) {
        let watched: Vec<i64> = lock(&self.channels).keys().copied().collect();
        for event_id in watched {
            self.catch_up(event_id).await;
        }
    }

    /// Another process's viewer count for an event.
    pub fn remote_viewers(&self, instance: &str, event_id: i64, count: u32) {
        if instance == self.instance {
            return;
        }
        if let Some(channel) = lock(&self.channels).get_mut(&event_id) {
            if count == 0 {
                channel.remote.remove(instance);
            } else {
                channel
                    .remote
                    .insert(instance.to_owned(), (count, Instant::now()));
            }
        }
    }

    /// Once a second: tells pages whose viewer count moved (all of them on a heartbeat), and
    /// returns the local counts other processes should hear, as (event, count). Drops the
    /// channels nobody watches any more.
    pub fn presence_tick(&self, heartbeat: bool) -> Vec<(i64, u32)> {
        let now = Instant::now();
        let mut announce = Vec::new();
        lock(&self.channels).retain(|&event_id, channel| {
            channel
                .remote
                .retain(|_, (_, at)| now.duration_since(*at) < REMOTE_EXPIRY);
            if heartbeat || channel.local != channel.announced {
                announce.push((event_id, channel.local));
                channel.announced = channel.local;
            }
            let total = channel.total();
            if heartbeat || total != channel.shown {
                channel.shown = total;
                let _ = channel
                    .sender
                    .send(Frame::unstored(&LiveMessage::Viewers { count: total }));
            }
            channel.local > 0 || channel.sender.receiver_count() > 0
        });
        announce
    }

    /// Ends every stream: the server is shutting down.
    pub fn close(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn closed(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// Completes when the hub closes.
pub async fn until_closed(closed: &mut watch::Receiver<bool>) {
    // An error means the hub is gone, which closes everything just the same.
    let _closed = closed.wait_for(|closed| *closed).await.is_ok();
}

/// An open stream's share of the hub: its receiver, and the counts it holds until dropped.
pub struct Subscription {
    pub receiver: broadcast::Receiver<Frame>,
    /// The viewer count including this stream.
    pub viewers: u32,
    pub shutdown: watch::Receiver<bool>,
    _guard: Guard,
}

struct Guard {
    hub: Arc<Hub>,
    event_id: i64,
    ip: IpAddr,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(channel) = lock(&self.hub.channels).get_mut(&self.event_id) {
            channel.local = channel.local.saturating_sub(1);
        }
        let mut per_ip = lock(&self.hub.per_ip);
        if let Some(open) = per_ip.get_mut(&self.ip) {
            *open -= 1;
            if *open == 0 {
                per_ip.remove(&self.ip);
            }
        }
    }
}

/// A poisoned lock only means another thread panicked mid-update of plain counters; carrying
/// on beats taking every live page down with it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
