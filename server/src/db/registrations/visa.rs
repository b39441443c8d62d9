//! The details for visa letters, kept until the event is over.
use super::rows::VisaLetterRow;
use super::sql::{DELETE_VISA_DETAILS, UPDATE_VISA_DETAILS};
use crate::db::store_error;
use chrono::NaiveDate;
use hackboard_app::model::{VisaDetails, VisaLetter};
use hackboard_app::server::StoreError;
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Pool, Type};

pub async fn update_visa_details<DB>(
    pool: &Pool<DB>,
    registration_id: i64,
    details: &VisaDetails,
    now: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(UPDATE_VISA_DETAILS)
        .bind(registration_id)
        .bind(details.full_name.as_str())
        .bind(details.nationality.as_str())
        .bind(details.passport_number.as_str())
        .bind(details.born_on)
        .bind(details.arrives_on)
        .bind(details.leaves_on)
        .bind(now)
        .execute(pool)
        .await
        .map_err(|e| store_error("save visa details", e))?;
    Ok(())
}

pub async fn list_visa_letters<DB>(
    pool: &Pool<DB>,
    statement: &str,
    id: i64,
) -> Result<Vec<(i64, VisaLetter)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> VisaLetterRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<VisaLetterRow> = sqlx::query_as(statement)
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("read visa letters", e))?;
    Ok(rows.into_iter().map(VisaLetterRow::into_letter).collect())
}

pub async fn delete_visa_details<DB>(
    pool: &Pool<DB>,
    ended_before: NaiveDate,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(DELETE_VISA_DETAILS)
        .bind(ended_before)
        .execute(pool)
        .await
        .map_err(|e| store_error("forget visa letters", e))?;
    Ok(())
}
