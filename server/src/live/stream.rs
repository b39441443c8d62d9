//! `GET /events/{slug}/live`: an event's live stream as server-sent events.
//!
//! Framed by hand rather than with axum's `Sse`, whose events copy their text per receiver:
//! here every receiver of a message writes the same shared bytes.
//!
//! Stored messages carry their position as the SSE `id`; a browser resumes with `?after=` (or
//! the `Last-Event-ID` header) and is first sent what it missed, then the live messages.
use super::hub::{until_closed, Frame, Hub, Subscription};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hackboard_app::model::LiveMessage;
use hackboard_app::server::live::StoredLive;
use hackboard_app::server::{accounts, rights, AppState};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// The most a reconnecting page is sent to catch up; further behind, it reloads instead.
const REPLAY_LIMIT: u32 = 200;

#[derive(serde::Deserialize)]
pub struct Resume {
    after: Option<i64>,
}

pub async fn live_stream(
    State(state): State<AppState>,
    State(hub): State<Arc<Hub>>,
    Path(slug): Path<String>,
    Query(resume): Query<Resume>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: tower_sessions::Session,
) -> Response {
    let event = match state.store.find_event(&slug).await {
        Ok(Some(event)) => event,
        Ok(None) => return (StatusCode::NOT_FOUND, "No such event.").into_response(),
        Err(error) => return internal(error.into()),
    };
    let organiser = match accounts::current_user(&state, &session).await {
        Ok(Some(user)) => match rights::can_edit(&state, &user, &event).await {
            Ok(organiser) => organiser,
            Err(error) => return internal(error),
        },
        Ok(None) => false,
        Err(error) => return internal(error),
    };
    let Ok(subscription) = hub.subscribe(event.id, event.live_seq, peer.ip()) else {
        let message = "Too many live pages are open from your address. Close some tabs.";
        return (StatusCode::TOO_MANY_REQUESTS, message).into_response();
    };
    // Read after subscribing: whatever lands in between comes twice and is dropped by position.
    let last_event_id = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok()?.parse().ok());
    // The browser's own reconnect sends the last id it saw, which may be past the query's.
    let after = match (resume.after, last_event_id) {
        (Some(query), Some(header)) => query.max(header),
        (query, header) => query.or(header).unwrap_or(event.live_seq),
    };
    let missed = if after <= event.live_seq {
        state
            .store
            .list_live(event.id, after, REPLAY_LIMIT + 1)
            .await
    } else {
        Ok(Vec::new())
    };
    let missed = match missed {
        Ok(missed) => missed,
        Err(error) => return internal(error.into()),
    };
    let mut connection = Connection {
        hub: Arc::clone(&hub),
        event_id: event.id,
        organiser,
        sent: after,
        pending: VecDeque::new(),
        subscription,
    };
    match replay(after, event.live_seq, missed) {
        Replay::Messages(messages) => {
            for message in messages {
                let frame = Frame::stored(message.seq, message.audience, &message.body);
                if let Some(event) = connection.accept(frame) {
                    connection.pending.push_back(event);
                }
            }
        }
        Replay::Resync => {
            let head = hub.position(event.id).max(event.live_seq);
            let resync = connection.resync(head);
            connection.pending.push_back(resync);
        }
    }
    let viewers = LiveMessage::Viewers {
        count: connection.subscription.viewers,
    };
    connection.pending.push_back(Frame::unstored(&viewers).wire);
    let stream = futures::stream::unfold(connection, |mut connection| async move {
        let bytes = connection.next().await?;
        Some((Ok::<_, Infallible>(bytes), connection))
    });
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-store"),
            // Proxies such as nginx would otherwise hold messages back to fill a buffer.
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

fn internal(error: hackboard_app::error::AppError) -> Response {
    tracing::error!(%error, "cannot open a live stream");
    let message = "The live stream is not available right now; the page retries by itself.";
    (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
}

#[derive(Debug, PartialEq, Eq)]
enum Replay {
    Messages(Vec<StoredLive>),
    Resync,
}

/// What a page resuming `after` must be sent, given the stream's position `head` when the
/// event was read and what the store holds after `after` (at most `REPLAY_LIMIT + 1`).
fn replay(after: i64, head: i64, missed: Vec<StoredLive>) -> Replay {
    // Positions have no gaps, so a first message past `after + 1` means the rest was pruned;
    // a position past the head is from another database (or a restored backup).
    let pruned = match missed.first() {
        Some(first) => first.seq != after + 1,
        None => after < head,
    };
    if after > head || pruned || missed.len() > REPLAY_LIMIT as usize {
        Replay::Resync
    } else {
        Replay::Messages(missed)
    }
}

struct Connection {
    hub: Arc<Hub>,
    event_id: i64,
    organiser: bool,
    /// The last stored position this page has been sent (or skipped as not for it).
    sent: i64,
    pending: VecDeque<Bytes>,
    subscription: Subscription,
}

impl Connection {
    async fn next(&mut self) -> Option<Bytes> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        loop {
            let received = tokio::select! {
                () = until_closed(&mut self.subscription.shutdown) => return None,
                received = self.subscription.receiver.recv() => received,
            };
            match received {
                Ok(frame) => {
                    if let Some(event) = self.accept(frame) {
                        return Some(event);
                    }
                }
                // This page fell behind the channel: it reloads rather than replays.
                Err(RecvError::Lagged(_)) => {
                    let head = self.hub.position(self.event_id);
                    return Some(self.resync(head));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// The bytes to send for `frame`, unless this page already has it or may not see it.
    fn accept(&mut self, frame: Frame) -> Option<Bytes> {
        if let Some(seq) = frame.seq {
            if seq <= self.sent {
                return None;
            }
            self.sent = seq;
        }
        frame.audience.reaches(self.organiser).then_some(frame.wire)
    }

    /// Tells the page to reload and carry on from `head`, which may be behind a position it
    /// named that the stream has never reached.
    fn resync(&mut self, head: i64) -> Bytes {
        self.sent = head;
        let seq = u64::try_from(self.sent).unwrap_or_default();
        Frame::unstored(&LiveMessage::Resync { seq }).wire
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::SqliteStore;
    use hackboard_app::model::TopicVotes;
    use hackboard_app::server::live::{Audience, Outgoing};
    use hackboard_app::server::EventStore;
    use std::net::Ipv4Addr;

    fn stored(seqs: std::ops::RangeInclusive<i64>) -> Vec<StoredLive> {
        seqs.map(|seq| StoredLive {
            seq,
            audience: Audience::Everyone,
            body: "{}".into(),
        })
        .collect()
    }

    #[test]
    fn a_page_that_missed_a_few_messages_is_sent_them() {
        assert_eq!(replay(4, 6, stored(5..=6)), Replay::Messages(stored(5..=6)));
        assert_eq!(replay(6, 6, Vec::new()), Replay::Messages(Vec::new()));
        // Messages stored after the event was read come along too.
        assert_eq!(replay(6, 6, stored(7..=7)), Replay::Messages(stored(7..=7)));
    }

    #[test]
    fn a_page_too_far_behind_or_from_elsewhere_reloads() {
        assert_eq!(replay(1, 900, stored(400..=600)), Replay::Resync, "pruned");
        assert_eq!(replay(0, 300, stored(1..=201)), Replay::Resync, "too many");
        assert_eq!(
            replay(10, 3, Vec::new()),
            Replay::Resync,
            "ahead of the stream"
        );
        assert_eq!(replay(2, 5, Vec::new()), Replay::Resync, "all pruned");
    }

    fn connection(hub: &Arc<Hub>, event_id: i64) -> Connection {
        let subscription = hub.subscribe(event_id, 0, Ipv4Addr::LOCALHOST.into());
        Connection {
            hub: Arc::clone(hub),
            event_id,
            organiser: false,
            sent: 0,
            pending: VecDeque::new(),
            subscription: subscription.expect("under the address limit"),
        }
    }

    #[tokio::test]
    async fn a_page_that_stops_reading_is_told_to_reload_while_others_carry_on() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}/live.db", folder.path().display());
        let store = Arc::new(SqliteStore::open(&url).await.expect("a database"));
        let details = crate::demo::upcoming(chrono::Utc::now().date_naive());
        let inserted = store.insert_event(&details).await.expect("stored");
        let event_id = inserted.expect("a new slug");
        let hub = Hub::new(store.clone(), 10, Arc::default());
        let mut stalled = connection(&hub, event_id);
        let mut reading = connection(&hub, event_id);

        // 300 messages, more than a channel holds, in three rounds the reader keeps up with.
        for (round, revision) in (1..=3).zip(1..) {
            let live: Vec<Outgoing> = (1..=100)
                .map(|n| LiveMessage::VotesChanged {
                    counts: vec![TopicVotes {
                        topic_id: 1,
                        votes: round * 100 + n,
                    }],
                })
                .map(|message| Outgoing::new(Audience::Everyone, &message))
                .collect();
            let saved = store.update_event(event_id, revision, &details, &live);
            assert_eq!(
                saved.await.expect("saved"),
                hackboard_app::server::Updated::Made
            );
            hub.catch_up(event_id).await;
            for _ in 0..100 {
                let bytes = reading.next().await.expect("a message");
                assert!(std::str::from_utf8(&bytes).is_ok_and(|s| s.contains("votes_changed")));
            }
        }

        let resync = stalled.next().await.expect("a message");
        assert_eq!(&resync[..], b"data: {\"kind\":\"resync\",\"seq\":300}\n\n");
    }
}
