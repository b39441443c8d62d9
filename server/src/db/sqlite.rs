//! The embedded default: one SQLite file in WAL mode.
use super::{portable, Sessions};
use anyhow::Context;
use hackboard_app::model::{EventCard, EventDetails, OutboxMail, TopicCard, TopicFields, User};
use hackboard_app::server::live::{Outgoing, StoredLive};
use hackboard_app::server::{
    Login, LoginKey, Mail, NewReset, NewUser, Profile, StoreError, StoredEvent, StoredTopic,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
    pub sessions: Sessions,
    notify: portable::Notify,
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
        sqlx::migrate!("migrations/sqlite")
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
            notify: portable::Notify::AfterCommit(live_wakes.clone()),
            live_wakes,
        })
    }
}

portable::store_by_portable!(SqliteStore);
