//! The scale-out backend: several hackboard processes can share one PostgreSQL database.
use super::live_log::Notify;
use super::{Sessions, VoteWakes};
use anyhow::Context;
use hackboard_app::model::{
    EventCard, EventDetails, OutboxMail, Subject, TopicCard, TopicFields, User,
};
use hackboard_app::server::live::{Outgoing, StoredLive};
use hackboard_app::server::{
    CommentChange, DueMail, Login, LoginKey, Mail, NewComment, NewReset, NewUser, Profile,
    StoreError, StoredComment, StoredEvent, StoredTopic,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub struct PostgresStore {
    /// Also the live hub's, to LISTEN for other processes' changes.
    pub pool: PgPool,
    pub sessions: Sessions,
    pub(super) notify: Notify,
    pub votes: Arc<VoteWakes>,
}

impl PostgresStore {
    /// Connects (failing within seconds when the server is unreachable), then migrates.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url).context("the URL is not valid")?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .context("cannot connect; is PostgreSQL running and is DATABASE_URL right?")?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .context("cannot update the schema")?;
        let sessions = tower_sessions_sqlx_store::PostgresStore::new(pool.clone());
        sessions
            .migrate()
            .await
            .context("cannot create the sessions table")?;
        Ok(PostgresStore {
            pool,
            sessions: Sessions::new(sessions),
            notify: Notify::in_transaction(),
            votes: Arc::default(),
        })
    }
}

/// `$1` the event, `$2` the `tsquery`; the generated `search` column has a GIN index.
const SEARCH_TOPICS: &str = "
    SELECT id
    FROM topics
    WHERE event_id = $1 AND withdrawn_at IS NULL AND search @@ to_tsquery('simple', $2)
    ORDER BY ts_rank(search, to_tsquery('simple', $2)) DESC, id";

/// Every term as a prefix (`:*`), all of them required. Terms are letters and digits only,
/// so nothing in them reads as `tsquery` syntax.
fn search(terms: &[String]) -> (&'static str, String) {
    let query = terms
        .iter()
        .map(|term| format!("{term}:*"))
        .collect::<Vec<_>>()
        .join(" & ");
    (SEARCH_TOPICS, query)
}

/// Marks the event's moved counts as announced and returns them (`$1` the event). The rows
/// stay locked until the batch commits, so a vote landing meanwhile waits and is announced by
/// the next batch; locking in id order keeps two processes' batches from deadlocking.
const CLAIM_VOTES: &str = "
    UPDATE topics SET votes_shown = votes
    WHERE id IN (
        SELECT id FROM topics
        WHERE event_id = $1 AND votes <> votes_shown
        ORDER BY id
        FOR UPDATE)
    RETURNING id, votes";

super::store_impl::impl_store!(PostgresStore, search: search, claim_votes: CLAIM_VOTES);
