//! The outbox: emails queued, leased for sending, sent or failed.
use super::store_error;
use super::tx::execute_with_two;
use hackboard_app::model::OutboxMail;
use hackboard_app::server::{DueMail, Mail, StoreError};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

pub const INSERT_MAIL: &str = "
    INSERT INTO outbox (recipient, subject, body, created_at, retry_at) VALUES ($1, $2, $3, $4, $5)
    RETURNING id";

pub const UPDATE_MAIL_SENT: &str = "
    UPDATE outbox SET sent_at = $2, attempts = attempts + 1, retry_at = NULL WHERE id = $1";

pub const UPDATE_MAIL_FAILED: &str = "
    UPDATE outbox SET attempts = attempts + 1, last_error = $2, retry_at = $3 WHERE id = $1";

/// The WHERE is checked again on the row itself: of two servers leasing at once, the second
/// finds it leased (PostgreSQL re-reads a row it waited for) and skips it.
pub const LEASE_DUE_MAIL: &str = "
    UPDATE outbox SET retry_at = $2
    WHERE sent_at IS NULL AND retry_at <= $1 AND id IN (
        SELECT id FROM outbox WHERE sent_at IS NULL AND retry_at <= $1
        ORDER BY retry_at, id LIMIT $3)
    RETURNING id, recipient, subject, body, attempts";

pub const LIST_MAIL: &str = "
    SELECT id, recipient, subject, body, created_at, sent_at, attempts, last_error, retry_at
    FROM outbox
    ORDER BY id DESC
    LIMIT $1";

#[derive(sqlx::FromRow)]
pub struct MailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i64,
    last_error: Option<String>,
    retry_at: Option<i64>,
}

impl From<MailRow> for OutboxMail {
    fn from(row: MailRow) -> Self {
        OutboxMail {
            id: row.id,
            recipient: row.recipient,
            subject: row.subject,
            body: row.body,
            created_at: row.created_at,
            sent_at: row.sent_at,
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            last_error: row.last_error,
            retry_at: row.retry_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct DueMailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl From<DueMailRow> for hackboard_app::server::DueMail {
    fn from(row: DueMailRow) -> Self {
        hackboard_app::server::DueMail {
            id: row.id,
            mail: hackboard_app::server::Mail {
                recipient: row.recipient,
                subject: row.subject,
                body: row.body,
            },
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
        }
    }
}

pub async fn insert_mail<DB>(
    pool: &Pool<DB>,
    mail: &Mail,
    now: i64,
    retry_at: Option<i64>,
) -> Result<i64, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("queue mail", e);
    let row = sqlx::query(INSERT_MAIL)
        .bind(mail.recipient.as_str())
        .bind(mail.subject.as_str())
        .bind(mail.body.as_str())
        .bind(now)
        .bind(retry_at)
        .fetch_one(pool)
        .await
        .map_err(fail)?;
    row.try_get(0).map_err(fail)
}

pub async fn update_mail_sent<DB>(pool: &Pool<DB>, id: i64, at: i64) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    execute_with_two(pool, UPDATE_MAIL_SENT, (id, at), "mark mail sent").await
}

pub async fn update_mail_failed<DB>(
    pool: &Pool<DB>,
    id: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(UPDATE_MAIL_FAILED)
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(pool)
        .await
        .map_err(|e| store_error("mark mail failed", e))?;
    Ok(())
}

pub async fn lease_due_mail<DB>(
    pool: &Pool<DB>,
    now: i64,
    lease_until: i64,
    limit: u32,
) -> Result<Vec<DueMail>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> DueMailRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<DueMailRow> = sqlx::query_as(LEASE_DUE_MAIL)
        .bind(now)
        .bind(lease_until)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("lease due mail", e))?;
    Ok(rows.into_iter().map(DueMail::from).collect())
}

pub async fn list_mail<DB>(pool: &Pool<DB>, limit: u32) -> Result<Vec<OutboxMail>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> MailRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<MailRow> = sqlx::query_as(LIST_MAIL)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list mail", e))?;
    Ok(rows.into_iter().map(OutboxMail::from).collect())
}
