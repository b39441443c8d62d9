//! What an event's live stream (`/events/{slug}/live`) carries, for the server and the browser.
//!
//! Every message says what changed in full (a count, not "+1"; the whole topic card, not a
//! diff), so applying one twice or after a fresh snapshot leaves the same page. That, and the
//! stream position each stored message has, is what makes a reconnect safe.
use super::{Comment, Event, Subject, TopicCard};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveMessage {
    /// The public event page as it now reads (the receiver keeps its own `can_edit`).
    EventChanged {
        event: Box<Event>,
    },
    TopicCreated {
        topic: TopicCard,
    },
    TopicChanged {
        topic: TopicCard,
    },
    TopicWithdrawn {
        topic_id: i64,
    },
    /// Counts that moved since the last such message: votes are announced in batches.
    VotesChanged {
        counts: Vec<TopicVotes>,
    },
    /// A comment as its receivers may see it: new, edited, hidden (organisers get the text,
    /// others a placeholder), shown again or deleted.
    CommentChanged {
        comment: Comment,
    },
    /// The number of comments a topic's card or a write-up shows.
    CommentCount {
        subject: Subject,
        comments: u32,
    },
    /// A write-up or a topic outcome was posted, changed or removed: the event's write-up
    /// and summary pages read themselves again.
    WriteupsChanged,
    AttendanceChanged {
        counts: AttendanceCounts,
    },
    /// For organisers: a registration moved or was marked; their queue reads itself again.
    RegistrationChanged {
        registration_id: i64,
    },
    /// The agenda moved to `version`: pages read it again (one small request each) and
    /// highlight what moved.
    AgendaChanged {
        version: i64,
    },
    /// How many pages are open on the event now. Not stored: sent on connect and when it moves.
    Viewers {
        count: u32,
    },
    /// The receiver missed more than the stream keeps: reload the event's data, then carry on
    /// from `seq`. Not stored.
    Resync {
        seq: u64,
    },
}

/// A topic's vote count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicVotes {
    pub topic_id: i64,
    pub votes: u32,
}

/// The public registration counts of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceCounts {
    pub capacity: u32,
    pub confirmed: u32,
    pub provisional: u32,
    pub waiting: u32,
    /// People holding a place on each day of the event.
    pub per_day: Vec<(NaiveDate, u32)>,
}

/// Where a browser is in an event's stream: the last stored message it applied.
///
/// Stored messages arrive in order with their position; a reconnect resumes after `seq`, and
/// anything at or before it (sent again because the server could not know it arrived) is
/// dropped, so no count ever goes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveCursor {
    pub seq: u64,
}

impl LiveCursor {
    /// Whether a message at `position` (none for messages that are not stored) is new; moves
    /// the cursor past it if so.
    pub fn accept(&mut self, position: Option<u64>) -> bool {
        match position {
            None => true,
            Some(seq) if seq > self.seq => {
                self.seq = seq;
                true
            }
            Some(_) => false,
        }
    }
}

/// How long to wait before reconnect number `attempt` (1, 2, …): doubling from half a second
/// up to ten, with `jitter` in 0..1 spreading a room full of phones over the last quarter so
/// they do not all return at the same instant after a restart.
pub fn reconnect_delay_ms(attempt: u32, jitter: f64) -> u32 {
    let doubled = 500u32.saturating_mul(1 << attempt.saturating_sub(1).min(5));
    let ceiling = doubled.min(10_000);
    let spread = f64::from(ceiling) * 0.25 * jitter.clamp(0.0, 1.0);
    ceiling - spread as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_sent_again_after_a_reconnect_is_dropped() {
        let mut cursor = LiveCursor { seq: 7 };
        assert!(cursor.accept(Some(8)));
        assert!(!cursor.accept(Some(8)), "the same message twice");
        assert!(!cursor.accept(Some(5)), "an older message");
        assert!(cursor.accept(None), "a viewer count has no position");
        assert!(cursor.accept(Some(9)));
        assert_eq!(cursor.seq, 9);
    }

    #[test]
    fn reconnects_back_off_to_ten_seconds() {
        let delays: Vec<u32> = (1..=7).map(|n| reconnect_delay_ms(n, 0.0)).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
        assert_eq!(reconnect_delay_ms(6, 1.0), 7500);
    }

    #[test]
    fn messages_name_their_kind_on_the_wire() {
        let json = serde_json::to_string(&LiveMessage::VotesChanged {
            counts: vec![TopicVotes {
                topic_id: 3,
                votes: 12,
            }],
        });
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"{"kind":"votes_changed","counts":[{"topic_id":3,"votes":12}]}"#)
        );
    }
}
