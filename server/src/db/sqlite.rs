//! The embedded default: one SQLite file in WAL mode.
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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    pub sessions: Sessions,
    pub(super) notify: Notify,
    pub votes: Arc<VoteWakes>,
    /// The event ids whose live stream grew, for this process's hub.
    pub live_wakes: tokio::sync::broadcast::Sender<i64>,
}

impl SqliteStore {
    /// Creates the file (and its folder) on first run, then migrates.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("DATABASE_URL {url:?} is not a valid SQLite URL"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let file = options.get_filename().to_owned();
        if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).with_context(|| {
                format!(
                    "cannot create the data folder {}: make it writable or set DATABASE_URL \
                     to a writable place",
                    folder.display()
                )
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| {
                format!(
                    "cannot open the database file {}: make its folder writable or set \
                     DATABASE_URL to a writable place",
                    file.display()
                )
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .with_context(|| format!("cannot update the schema of {}", file.display()))?;
        let sessions = tower_sessions_sqlx_store::SqliteStore::new(pool.clone());
        sessions
            .migrate()
            .await
            .context("cannot create the sessions table")?;
        let live_wakes = tokio::sync::broadcast::channel(1024).0;
        Ok(SqliteStore {
            pool,
            sessions: Sessions::new(sessions),
            notify: Notify::after_commit(live_wakes.clone()),
            votes: Arc::default(),
            live_wakes,
        })
    }
}

/// FTS5 with `$1` the event and `$2` the match expression; titles weigh ten times more.
const SEARCH_TOPICS: &str = "
    SELECT t.id
    FROM topics_search JOIN topics t ON t.id = topics_search.rowid
    WHERE topics_search MATCH $2 AND t.event_id = $1 AND t.withdrawn_at IS NULL
    ORDER BY bm25(topics_search, 10.0, 1.0), t.id";

/// Every term as a quoted prefix, all of them required. Terms are letters and digits only,
/// so nothing in them reads as FTS5 syntax.
fn search(terms: &[String]) -> (&'static str, String) {
    let query = terms
        .iter()
        .map(|term| format!("\"{term}\"*"))
        .collect::<Vec<_>>()
        .join(" ");
    (SEARCH_TOPICS, query)
}

/// Marks the event's moved counts as announced and returns them (`$1` the event). SQLite has
/// one writer at a time, so nothing changes them between this and the commit.
const CLAIM_VOTES: &str = "
    UPDATE topics SET votes_shown = votes
    WHERE event_id = $1 AND votes <> votes_shown
    RETURNING id, votes";

super::store_impl::impl_store!(SqliteStore, search: search, claim_votes: CLAIM_VOTES);
