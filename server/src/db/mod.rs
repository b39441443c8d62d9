//! Storage: picks the backend from `DATABASE_URL`, connects, and runs its migrations.
//!
//! `Store` (in hackboard-app) is the sum of one trait per feature; each backend implements them
//! all through `store_impl`. Each feature's file holds its SQL, its rows and its functions,
//! generic over `sqlx::Database` where both backends read alike; what must differ stays in the
//! backend. Two pieces are shared by every feature: `tx` (transactions that write) and
//! `live_log` (each event's stream of live messages).
mod accounts;
mod agenda;
mod comments;
mod events;
mod live_log;
mod mail;
mod postgres;
mod registrations;
mod sessions;
mod sqlite;
mod stars;
mod store_impl;
mod topics;
pub mod transfer;
mod tx;
mod votes;
mod writeups;

use anyhow::Context;
use hackboard_app::server::{Store, StoreError};
use std::collections::BTreeSet;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

pub use postgres::PostgresStore;
pub use sessions::Sessions;
pub use sqlite::SqliteStore;

/// The database named by a `DATABASE_URL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(DatabaseUrl::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            anyhow::bail!(
                "DATABASE_URL {:?} is not a database URL: use sqlite://PATH (the default is \
                 sqlite://data/hackboard.db) or postgres://USER:PASSWORD@HOST/DATABASE",
                redact(url)
            )
        }
    }

    /// The URL with any password replaced, fit for logs and error messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => redact(url),
        }
    }
}

/// The app's data and its sessions, in one database.
#[derive(Clone)]
pub struct Database {
    pub store: Arc<dyn Store>,
    pub pool: Pool,
    pub sessions: Sessions,
    pub live: LiveSource,
    pub votes: Arc<VoteWakes>,
    /// Counts this process's commits, for its hub (`Hub::changes`).
    pub changes: Arc<AtomicU64>,
}

/// The events this process counted votes for since their counts were last announced; the
/// tally task (`live::tally`) waits on it.
#[derive(Default)]
pub struct VoteWakes {
    events: Mutex<BTreeSet<i64>>,
    woken: tokio::sync::Notify,
}

impl VoteWakes {
    pub fn counted(&self, event_id: i64) {
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(event_id);
        self.woken.notify_one();
    }

    /// Waits for a vote, then takes every event counted so far.
    pub async fn next(&self) -> BTreeSet<i64> {
        self.woken.notified().await;
        std::mem::take(
            &mut *self
                .events
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// Where the live hub hears that an event's stream grew.
#[derive(Clone)]
pub enum LiveSource {
    /// SQLite: this process made every change.
    Local(tokio::sync::broadcast::Sender<i64>),
    /// PostgreSQL: any process may have; they NOTIFY on `hackboard_live`.
    Postgres(sqlx::PgPool),
}

/// The connection pool, for `/metrics`.
#[derive(Clone)]
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

pub struct PoolStats {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

impl Pool {
    pub fn stats(&self) -> PoolStats {
        let (open, idle, max) = match self {
            Pool::Sqlite(pool) => (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            ),
            Pool::Postgres(pool) => (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            ),
        };
        PoolStats {
            open,
            idle: u32::try_from(idle).unwrap_or(u32::MAX),
            max,
        }
    }
}

/// The newest schema version this binary migrates to.
pub fn newest_migration() -> i64 {
    sqlite::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or_default()
}

/// Connects and brings the schema up to date.
pub async fn open(url: &DatabaseUrl) -> anyhow::Result<Database> {
    Ok(match url {
        DatabaseUrl::Sqlite(raw) => {
            let store = SqliteStore::open(raw).await?;
            Database {
                pool: Pool::Sqlite(store.pool.clone()),
                sessions: store.sessions.clone(),
                live: LiveSource::Local(store.live_wakes.clone()),
                votes: Arc::clone(&store.votes),
                changes: Arc::clone(&store.notify.changes),
                store: Arc::new(store),
            }
        }
        DatabaseUrl::Postgres(raw) => {
            let store = PostgresStore::open(raw)
                .await
                .with_context(|| format!("cannot use the database at {}", url.redacted()))?;
            Database {
                pool: Pool::Postgres(store.pool.clone()),
                sessions: store.sessions.clone(),
                live: LiveSource::Postgres(store.pool.clone()),
                votes: Arc::clone(&store.votes),
                changes: Arc::clone(&store.notify.changes),
                store: Arc::new(store),
            }
        }
    })
}

pub(crate) fn store_error(
    context: &'static str,
    source: impl std::error::Error + Send + Sync + 'static,
) -> StoreError {
    StoreError::new(context, source)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or_default()
}

/// Unix seconds as a time; out-of-range values (never written by the app) read as the epoch.
fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        let url = DatabaseUrl::parse("postgres://hb:s3cret@db.example:5432/hb").expect("valid url");
        assert_eq!(url.redacted(), "postgres://hb:***@db.example:5432/hb");
    }

    #[test]
    fn unknown_scheme_says_which_urls_work() {
        let message = DatabaseUrl::parse("mysql://root:pw@localhost/hb")
            .expect_err("refused")
            .to_string();
        assert!(
            message.contains("sqlite://") && message.contains("postgres://"),
            "{message}"
        );
        assert!(!message.contains("pw@"), "{message}");
    }
}
