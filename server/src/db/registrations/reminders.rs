//! Reminders before the event: which places are due one, and the release link they carry.
use super::rows::RegistrationRow;
use super::sql::{registration_by_release_token, LIST_DUE_REMINDERS, UPDATE_REMINDER_SENT};
use crate::db::store_error;
use chrono::NaiveDate;
use hackboard_app::server::{ReminderClaim, StoreError, StoredRegistration};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Pool, Type};

pub async fn list_due_reminders<DB>(
    pool: &Pool<DB>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(String, i64)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'r> (String, i64): FromRow<'r, DB::Row>,
{
    sqlx::query_as(LIST_DUE_REMINDERS)
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("find due reminders", e))
}

pub async fn update_reminder_sent<DB>(
    pool: &Pool<DB>,
    registration_id: i64,
    token_hash: &str,
    now: i64,
) -> Result<ReminderClaim, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let claimed = sqlx::query(UPDATE_REMINDER_SENT)
        .bind(registration_id)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("update reminder sent", e))?;
    Ok(match claimed {
        Some(_) => ReminderClaim::Claimed,
        None => ReminderClaim::Skipped,
    })
}

pub async fn find_registration_by_release_token<DB>(
    pool: &Pool<DB>,
    token_hash: &str,
) -> Result<Option<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let statement = registration_by_release_token();
    let row: Option<RegistrationRow> = sqlx::query_as(&statement)
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find registration by release token", e))?;
    row.map(RegistrationRow::into_stored).transpose()
}
