//! Transactions that write, the same way on both backends.
use sqlx::{Database, Pool};

/// A transaction that writes. SQLite's default transaction takes the write lock at its first
/// write and fails at once, without waiting, when another writer got in first; `BEGIN
/// IMMEDIATE` takes the lock up front, waiting its turn (`busy_timeout`). PostgreSQL locks rows
/// as it goes and needs neither.
pub async fn begin_write<DB: Database>(
    pool: &Pool<DB>,
) -> Result<sqlx::Transaction<'static, DB>, sqlx::Error> {
    if DB::NAME == "SQLite" {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}
