//! The live log: each event's stream of live messages, appended in the transaction that made
//! the change, and the wake-up that tells the live hubs it grew.
use super::store_error;
use hackboard_app::server::live::{Audience, Outgoing, StoredLive};
use hackboard_app::server::StoreError;
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const NEXT_LIVE_SEQ: &str =
    "UPDATE events SET live_seq = live_seq + 1 WHERE id = $1 RETURNING live_seq";

const INSERT_LIVE: &str = "
    INSERT INTO live_messages (event_id, seq, audience, body, created_at)
    VALUES ($1, $2, $3, $4, $5)";

const PRUNE_LIVE: &str = "DELETE FROM live_messages WHERE event_id = $1 AND seq <= $2";

const LIVE_SINCE: &str = "
    SELECT seq, audience, body
    FROM live_messages
    WHERE event_id = $1 AND seq > $2
    ORDER BY seq
    LIMIT $3";

/// PostgreSQL only: tells every listening process, when the transaction commits.
const NOTIFY_LIVE: &str = "SELECT pg_notify('hackboard_live', $1)";

/// How many messages an event's stream keeps for browsers catching up.
const LIVE_KEPT: i64 = 1000;

/// How a backend tells the live hubs that an event's stream has grown.
pub struct Notify {
    wake: Wake,
    /// Bumped after each commit and shared with this process's hub (`Hub::changes`): pages
    /// kept before it are out of date at once, not only when the wake-up comes round.
    pub changes: Arc<AtomicU64>,
}

enum Wake {
    /// PostgreSQL's NOTIFY, sent inside the transaction: it reaches every process sharing the
    /// database when, and only if, the change commits.
    InTransaction,
    /// SQLite's one process: told after the commit.
    AfterCommit(tokio::sync::broadcast::Sender<i64>),
}

impl Notify {
    pub fn in_transaction() -> Notify {
        Notify {
            wake: Wake::InTransaction,
            changes: Arc::default(),
        }
    }

    pub fn after_commit(wakes: tokio::sync::broadcast::Sender<i64>) -> Notify {
        Notify {
            wake: Wake::AfterCommit(wakes),
            changes: Arc::default(),
        }
    }

    pub fn committed(&self, event_id: i64) {
        self.changes.fetch_add(1, Ordering::Release);
        if let Wake::AfterCommit(sender) = &self.wake {
            // No receiver means no hub is running (the command line): nobody to tell.
            let _ = sender.send(event_id);
        }
    }
}

/// Appends `live` to the event's stream, each at the next position. Taking the position
/// updates the event row, which orders publishers of one event by commit.
pub async fn publish<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    event_id: i64,
    live: &[Outgoing],
    notify: &Notify,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("publish live message", e);
    let now = chrono::Utc::now().timestamp();
    for outgoing in live {
        let row = sqlx::query(NEXT_LIVE_SEQ)
            .bind(event_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(fail)?;
        let seq: i64 = row.try_get(0).map_err(fail)?;
        sqlx::query(INSERT_LIVE)
            .bind(event_id)
            .bind(seq)
            .bind(outgoing.audience.as_str())
            .bind(outgoing.body.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(fail)?;
        if seq % 100 == 0 {
            sqlx::query(PRUNE_LIVE)
                .bind(event_id)
                .bind(seq - LIVE_KEPT)
                .execute(&mut **tx)
                .await
                .map_err(fail)?;
        }
    }
    if matches!(notify.wake, Wake::InTransaction) && !live.is_empty() {
        let payload = event_id.to_string();
        sqlx::query(NOTIFY_LIVE)
            .bind(payload.as_str())
            .execute(&mut **tx)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

pub async fn list_live<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    after: i64,
    limit: u32,
) -> Result<Vec<StoredLive>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> LiveRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<LiveRow> = sqlx::query_as(LIVE_SINCE)
        .bind(event_id)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("read live messages", e))?;
    Ok(rows.into_iter().map(StoredLive::from).collect())
}

#[derive(sqlx::FromRow)]
pub struct LiveRow {
    seq: i64,
    audience: String,
    body: String,
}

impl From<LiveRow> for StoredLive {
    fn from(row: LiveRow) -> Self {
        StoredLive {
            seq: row.seq,
            audience: Audience::parse(&row.audience),
            body: row.body,
        }
    }
}
