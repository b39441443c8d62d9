//! Store methods whose SQL and logic are the same on both backends, written once over
//! `sqlx::Database`. Each backend's `Store` delegates to these where it has nothing of its own.
use super::live_log::{publish, Notify};
use super::rows::{
    bind_event_fields, bind_hotel, bind_topic_fields, CommentRow, DueMailRow, EventCardRow,
    EventRow, HotelRow, MailRow, TopicCardRow, TopicRow, UserRow,
};
use super::tx::begin_write;
use super::{sql, store_error, VoteWakes};
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::model::{
    EventCard, EventDetails, LiveMessage, OutboxMail, Subject, TopicCard, TopicFields, TopicVotes,
    User,
};
use hackboard_app::server::live::{Audience, Outgoing};
use hackboard_app::server::{
    CommentChange, DueMail, Login, LoginKey, Mail, NewComment, NewReset, NewUser, Profile,
    StoreError, StoredComment, StoredEvent, StoredTopic,
};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

pub async fn ping<DB>(pool: &Pool<DB>) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
{
    sqlx::query(sql::PING)
        .execute(pool)
        .await
        .map_err(|e| store_error("ping", e))?;
    Ok(())
}

pub async fn list_events<DB>(pool: &Pool<DB>) -> Result<Vec<EventCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> EventCardRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<EventCardRow> = sqlx::query_as(sql::LIST_EVENTS)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list events", e))?;
    Ok(rows.into_iter().map(EventCard::from).collect())
}

pub async fn find_event<DB>(pool: &Pool<DB>, slug: &str) -> Result<Option<StoredEvent>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> EventRow: FromRow<'r, DB::Row>,
    for<'r> HotelRow: FromRow<'r, DB::Row>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| store_error("find event", e))?;
    let row: Option<EventRow> = sqlx::query_as(sql::FIND_EVENT)
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| store_error("find event", e))?;
    let Some(row) = row else { return Ok(None) };
    let hotels: Vec<HotelRow> = sqlx::query_as(sql::LIST_HOTELS)
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| store_error("list hotels", e))?;
    Ok(Some(row.into_stored(hotels)))
}

pub async fn count_events<DB>(pool: &Pool<DB>) -> Result<u64, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let row = sqlx::query(sql::COUNT_EVENTS)
        .fetch_one(pool)
        .await
        .map_err(|e| store_error("count events", e))?;
    let count: i64 = row.try_get(0).map_err(|e| store_error("count events", e))?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// Inserts the event and its hotels in one transaction; `None` if the slug is taken.
pub async fn insert_event<DB>(
    pool: &Pool<DB>,
    event: &EventDetails,
) -> Result<Option<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> NaiveTime: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("insert event", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let inserted = insert_event_in(&mut tx, event).await?;
    tx.commit().await.map_err(fail)?;
    Ok(inserted)
}

/// Inserts the event and its hotels in `tx`; `None` when the slug is taken.
pub(super) async fn insert_event_in<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    event: &EventDetails,
) -> Result<Option<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> NaiveTime: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("insert event", e);
    let query = sqlx::query(sql::INSERT_EVENT).bind(event.slug.as_str());
    let inserted = bind_event_fields(query, event)
        .fetch_optional(&mut **tx)
        .await
        .map_err(fail)?;
    let Some(inserted) = inserted else {
        return Ok(None);
    };
    let event_id: i64 = inserted.try_get(0).map_err(fail)?;
    insert_hotels(tx, event_id, event).await?;
    Ok(Some(event_id))
}

async fn insert_hotels<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    event_id: i64,
    event: &EventDetails,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    for (position, hotel) in event.hotels.iter().enumerate() {
        bind_hotel(sqlx::query(sql::INSERT_HOTEL), event_id, position, hotel)?
            .execute(&mut **tx)
            .await
            .map_err(|e| store_error("insert hotel", e))?;
    }
    Ok(())
}

/// Replaces fields and hotels in one transaction, if nobody saved since `revision`, and
/// publishes `live` with them.
pub async fn update_event<DB>(
    pool: &Pool<DB>,
    id: i64,
    revision: i64,
    event: &EventDetails,
    live: &[Outgoing],
    notify: &Notify,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> NaiveTime: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("update event", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let query = sqlx::query(sql::UPDATE_EVENT).bind(id).bind(revision);
    let updated = bind_event_fields(query, event)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    if updated.is_none() {
        return Ok(false);
    }
    sqlx::query(sql::DELETE_HOTELS)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    insert_hotels(&mut tx, id, event).await?;
    publish(&mut tx, id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(id);
    Ok(true)
}

/// Inserts an account; `None` if the email is taken (the unique index decides, not a lookup).
pub async fn insert_user<DB>(pool: &Pool<DB>, user: &NewUser) -> Result<Option<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("insert user", e);
    let row = sqlx::query(sql::INSERT_USER)
        .bind(user.email.as_str())
        .bind(user.display_name.as_str())
        .bind(user.affiliation.as_str())
        .bind(user.password_hash.as_str())
        .bind(user.is_admin)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    row.map(|row| row.try_get(0)).transpose().map_err(fail)
}

/// An account and its password hash, by id or by (normalized) email.
pub async fn find_login<DB>(pool: &Pool<DB>, by: LoginKey<'_>) -> Result<Option<Login>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> UserRow: FromRow<'r, DB::Row>,
{
    let query = match by {
        LoginKey::Id(id) => sqlx::query_as::<_, UserRow>(sql::FIND_USER).bind(id),
        LoginKey::Email(email) => sqlx::query_as::<_, UserRow>(sql::FIND_USER_BY_EMAIL).bind(email),
    };
    let row = query
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find user", e))?;
    Ok(row.map(Login::from))
}

/// Runs a statement that takes two integers and returns nothing.
async fn execute_with_two<DB>(
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

pub async fn is_organiser<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    user_id: i64,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("check organiser", e);
    let row = sqlx::query(sql::IS_ORGANISER)
        .bind(event_id)
        .bind(user_id)
        .fetch_one(pool)
        .await
        .map_err(fail)?;
    let count: i64 = row.try_get(0).map_err(fail)?;
    Ok(count > 0)
}

pub async fn list_organisers<DB>(pool: &Pool<DB>, event_id: i64) -> Result<Vec<User>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> UserRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<UserRow> = sqlx::query_as(sql::LIST_ORGANISERS)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list organisers", e))?;
    Ok(rows.into_iter().map(|row| Login::from(row).user).collect())
}

pub async fn add_organiser<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    user_id: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let ids = (event_id, user_id);
    execute_with_two(pool, sql::ADD_ORGANISER, ids, "add organiser").await
}

pub async fn remove_organiser<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    user_id: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let ids = (event_id, user_id);
    execute_with_two(pool, sql::REMOVE_ORGANISER, ids, "remove organiser").await
}

pub async fn update_profile<DB>(
    pool: &Pool<DB>,
    user_id: i64,
    profile: &Profile,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(sql::UPDATE_PROFILE)
        .bind(user_id)
        .bind(profile.display_name.as_str())
        .bind(profile.affiliation.as_str())
        .bind(profile.listed)
        .execute(pool)
        .await
        .map_err(|e| store_error("update profile", e))?;
    Ok(())
}

pub async fn set_password_hash<DB>(
    pool: &Pool<DB>,
    user_id: i64,
    hash: &str,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(sql::SET_PASSWORD_HASH)
        .bind(user_id)
        .bind(hash)
        .execute(pool)
        .await
        .map_err(|e| store_error("set password", e))?;
    Ok(())
}

pub async fn insert_reset<DB>(pool: &Pool<DB>, reset: &NewReset) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(sql::INSERT_RESET)
        .bind(reset.token_hash.as_str())
        .bind(reset.user_id)
        .bind(reset.expires_at)
        .execute(pool)
        .await
        .map_err(|e| store_error("insert password reset", e))?;
    Ok(())
}

pub async fn take_reset<DB>(
    pool: &Pool<DB>,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("take password reset", e);
    let row = sqlx::query(sql::TAKE_RESET)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    row.map(|row| row.try_get(0)).transpose().map_err(fail)
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
    let row = sqlx::query(sql::INSERT_MAIL)
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

pub async fn mark_mail_sent<DB>(pool: &Pool<DB>, id: i64, at: i64) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    execute_with_two(pool, sql::MARK_MAIL_SENT, (id, at), "mark mail sent").await
}

pub async fn mark_mail_failed<DB>(
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
    sqlx::query(sql::MARK_MAIL_FAILED)
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
    let rows: Vec<DueMailRow> = sqlx::query_as(sql::LEASE_DUE_MAIL)
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
    let rows: Vec<MailRow> = sqlx::query_as(sql::LIST_MAIL)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list mail", e))?;
    Ok(rows.into_iter().map(OutboxMail::from).collect())
}

/// Stores a proposal and announces its card, in one transaction.
pub async fn insert_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    proposer_id: i64,
    fields: &TopicFields,
    now: i64,
) -> Result<TopicCard, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("insert topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let query = sqlx::query(sql::INSERT_TOPIC)
        .bind(event_id)
        .bind(proposer_id);
    let row = bind_topic_fields(query, fields)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let id: i64 = row.try_get(0).map_err(fail)?;
    let card = card_in(&mut tx, id)
        .await?
        .ok_or_else(|| fail(sqlx::Error::RowNotFound))?;
    let created = LiveMessage::TopicCreated {
        topic: card.clone(),
    };
    publish(
        &mut tx,
        event_id,
        &[Outgoing::new(Audience::Everyone, &created)],
        notify,
    )
    .await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(card)
}

/// Runs `statement` on the topic (it returns the event's id when it changed something), then
/// announces the topic's new card; `None` if it changed nothing.
async fn change_topic<'q, DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    statement: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("change topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let Some(row) = statement.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let event_id: i64 = row.try_get(0).map_err(fail)?;
    let Some(card) = card_in(&mut tx, topic_id).await? else {
        return Ok(None);
    };
    let changed = LiveMessage::TopicChanged {
        topic: card.clone(),
    };
    publish(
        &mut tx,
        event_id,
        &[Outgoing::new(Audience::Everyone, &changed)],
        notify,
    )
    .await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(card))
}

pub async fn update_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    fields: &TopicFields,
    now: i64,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let query = sqlx::query(sql::UPDATE_TOPIC).bind(topic_id).bind(now);
    change_topic(pool, notify, topic_id, bind_topic_fields(query, fields)).await
}

pub async fn verify_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    by: Option<i64>,
    now: i64,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let query = sqlx::query(sql::VERIFY_TOPIC)
        .bind(topic_id)
        .bind(by)
        .bind(now);
    change_topic(pool, notify, topic_id, query).await
}

pub async fn withdraw_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    now: i64,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("withdraw topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let row = sqlx::query(sql::WITHDRAW_TOPIC)
        .bind(topic_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(row) = row else { return Ok(false) };
    let event_id: i64 = row.try_get(0).map_err(fail)?;
    let withdrawn = LiveMessage::TopicWithdrawn { topic_id };
    publish(
        &mut tx,
        event_id,
        &[Outgoing::new(Audience::Everyone, &withdrawn)],
        notify,
    )
    .await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(true)
}

async fn card_in<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    topic_id: i64,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let statement = sql::topic_card();
    let row: Option<TopicCardRow> = sqlx::query_as(&statement)
        .bind(topic_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| store_error("read topic card", e))?;
    Ok(row.map(TopicCard::from))
}

pub async fn find_topic<DB>(
    pool: &Pool<DB>,
    topic_id: i64,
) -> Result<Option<StoredTopic>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicRow: FromRow<'r, DB::Row>,
{
    let row: Option<TopicRow> = sqlx::query_as(sql::FIND_TOPIC)
        .bind(topic_id)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find topic", e))?;
    Ok(row.map(StoredTopic::from))
}

pub async fn list_topics<DB>(pool: &Pool<DB>, event_id: i64) -> Result<Vec<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let statement = sql::list_topics();
    let rows: Vec<TopicCardRow> = sqlx::query_as(&statement)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list topics", e))?;
    Ok(rows.into_iter().map(TopicCard::from).collect())
}

/// Gives or takes back a vote and stores the new count. Voters on one topic take turns (the
/// first statement locks its row) and each recounts, so concurrent votes always add up. The
/// count is announced by the next batch (`publish_votes`), so votes on different topics never
/// wait for each other, as they would taking turns on the event's stream.
pub async fn set_vote<DB>(
    pool: &Pool<DB>,
    wakes: &VoteWakes,
    event_id: i64,
    topic_id: i64,
    user_id: i64,
    on: bool,
    now: i64,
) -> Result<Option<u32>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("vote", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let touched = sqlx::query(sql::TOUCH_TOPIC_OF_EVENT)
        .bind(topic_id)
        .bind(now)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    if touched.is_none() {
        return Ok(None); // gone, withdrawn or another event's
    }
    let statement = if on { sql::ADD_VOTE } else { sql::REMOVE_VOTE };
    sqlx::query(statement)
        .bind(topic_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    let counted = sqlx::query(sql::COUNT_VOTES)
        .bind(topic_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let votes: i64 = counted.try_get(0).map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    wakes.counted(event_id);
    Ok(Some(u32::try_from(votes).unwrap_or_default()))
}

/// Announces the event's counts that moved since they were last announced, as one message.
/// `claim` is the backend's statement that marks them announced and returns them.
pub async fn publish_votes<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    claim: &str,
    event_id: i64,
) -> Result<usize, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("announce votes", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    // The topics first, then the stream, in the order a comment takes them: no deadlock.
    let rows = sqlx::query(claim)
        .bind(event_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(fail)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut counts = rows
        .iter()
        .map(|row| {
            let topic_id: i64 = row.try_get(0)?;
            let votes: i64 = row.try_get(1)?;
            let votes = u32::try_from(votes).unwrap_or_default();
            Ok(TopicVotes { topic_id, votes })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(fail)?;
    counts.sort_by_key(|count| count.topic_id);
    let announced = counts.len();
    let changed = LiveMessage::VotesChanged { counts };
    publish(
        &mut tx,
        event_id,
        &[Outgoing::new(Audience::Everyone, &changed)],
        notify,
    )
    .await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(announced)
}

pub async fn unpublished_votes<DB>(pool: &Pool<DB>) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("find votes to announce", e);
    let rows = sqlx::query(sql::UNPUBLISHED_VOTES)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}

pub async fn votes_of<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    user_id: i64,
) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read votes", e);
    let rows = sqlx::query(sql::VOTES_OF)
        .bind(event_id)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}

/// The ids of the event's topics matching `statement`, the backend's full-text query with
/// `$1` the event and `$2` the terms as its own syntax writes them.
pub async fn search_topics<DB>(
    pool: &Pool<DB>,
    statement: &str,
    event_id: i64,
    query: &str,
) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("search topics", e);
    let rows = sqlx::query(statement)
        .bind(event_id)
        .bind(query)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}

/// The statement that locks a comment's subject (a topic not withdrawn, a write-up not
/// removed) and returns its event, or nothing when it is gone.
fn touch_subject<'q, DB>(
    subject: Subject,
    now: i64,
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
{
    match subject {
        Subject::Topic(id) => sqlx::query(sql::TOUCH_TOPIC).bind(id).bind(now),
        Subject::Writeup(id) => sqlx::query(sql::TOUCH_WRITEUP).bind(id),
    }
}

/// Locks the comment's subject by `touch_subject`, runs `change` (which returns the
/// comment's id, or nothing), then recounts and announces the subject's comments. `None` when
/// either changed nothing.
async fn with_comment<'q, DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    subject: Subject,
    now: i64,
    change: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("change comment", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let touch = touch_subject::<DB>(subject, now);
    let Some(touched) = touch.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let event_id: i64 = touched.try_get(0).map_err(fail)?;
    let Some(changed) = change.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let comment_id: i64 = changed.try_get(0).map_err(fail)?;
    let statement = sql::find_comment();
    let comment: StoredComment = sqlx::query_as::<_, CommentRow>(&statement)
        .bind(comment_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?
        .into();
    let (recount, id) = match subject {
        Subject::Topic(id) => (sql::COUNT_COMMENTS, id),
        Subject::Writeup(id) => (sql::COUNT_WRITEUP_COMMENTS, id),
    };
    let counted = sqlx::query(recount)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let comments: i64 = counted.try_get(0).map_err(fail)?;
    let mut live = comment.announce();
    live.push(Outgoing::new(
        Audience::Everyone,
        &LiveMessage::CommentCount {
            subject,
            comments: u32::try_from(comments).unwrap_or_default(),
        },
    ));
    publish(&mut tx, event_id, &live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(comment))
}

pub async fn insert_comment<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    comment: &NewComment,
    now: i64,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let (topic_id, writeup_id) = match comment.subject {
        Subject::Topic(id) => (Some(id), None),
        Subject::Writeup(id) => (None, Some(id)),
    };
    let insert = sqlx::query(sql::INSERT_COMMENT)
        .bind(topic_id)
        .bind(writeup_id)
        .bind(comment.author_id)
        .bind(comment.reply_to)
        .bind(comment.body_md.as_str())
        .bind(now);
    with_comment(pool, notify, comment.subject, now, insert).await
}

pub async fn change_comment<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    comment_id: i64,
    change: &CommentChange,
    now: i64,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    // A comment never changes subject, so reading it before the transaction is safe.
    let Some(stored) = find_comment(pool, comment_id).await? else {
        return Ok(None);
    };
    let statement = match change {
        CommentChange::Edit(body) => sqlx::query(sql::EDIT_COMMENT)
            .bind(comment_id)
            .bind(body.as_str())
            .bind(now),
        CommentChange::Delete => sqlx::query(sql::DELETE_COMMENT).bind(comment_id).bind(now),
        CommentChange::Hide(by) => sqlx::query(sql::HIDE_COMMENT)
            .bind(comment_id)
            .bind(*by)
            .bind(now),
    };
    with_comment(pool, notify, stored.subject, now, statement).await
}

pub async fn find_comment<DB>(
    pool: &Pool<DB>,
    comment_id: i64,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let statement = sql::find_comment();
    let row: Option<CommentRow> = sqlx::query_as(&statement)
        .bind(comment_id)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find comment", e))?;
    Ok(row.map(StoredComment::from))
}

pub async fn list_comments<DB>(
    pool: &Pool<DB>,
    subject: Subject,
) -> Result<Vec<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let (column, id) = match subject {
        Subject::Topic(id) => ("topic_id", id),
        Subject::Writeup(id) => ("writeup_id", id),
    };
    let statement = sql::list_comments(column);
    let rows: Vec<CommentRow> = sqlx::query_as(&statement)
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list comments", e))?;
    Ok(rows.into_iter().map(StoredComment::from).collect())
}
