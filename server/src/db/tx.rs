//! Transactions that write, the same way on both backends.
use super::store_error;
use hackboard_app::server::StoreError;
use sqlx::{Database, Encode, Executor, IntoArguments, Pool, Type};

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

/// Runs a statement that takes two integers and returns nothing.
pub(super) async fn execute_with_two<DB>(
    pool: &Pool<DB>,
    statement: &'static str,
    values: (i64, i64),
    context: &'static str,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(statement)
        .bind(values.0)
        .bind(values.1)
        .execute(pool)
        .await
        .map_err(|e| store_error(context, e))?;
    Ok(())
}
