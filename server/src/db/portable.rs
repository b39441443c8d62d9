//! Store methods whose SQL and logic are the same on both backends, written once over
//! `sqlx::Database`. Each backend's `Store` delegates to these where it has nothing of its own.
use super::rows::{bind_event, bind_hotel, EventCardRow, EventRow, HotelRow, UserRow};
use super::{sql, store_error};
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::model::{EventCard, EventDetails};
use hackboard_app::server::{Login, LoginKey, NewUser, StoreError};
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

pub async fn find_event<DB>(pool: &Pool<DB>, slug: &str) -> Result<Option<EventDetails>, StoreError>
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
    Ok(Some(row.into_details(hotels)))
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

/// Inserts the event and its hotels in one transaction; `false` if the slug is taken.
pub async fn insert_event<DB>(pool: &Pool<DB>, event: &EventDetails) -> Result<bool, StoreError>
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
    let mut tx = pool.begin().await.map_err(fail)?;
    let inserted = bind_event(sqlx::query(sql::INSERT_EVENT), event)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(inserted) = inserted else {
        return Ok(false);
    };
    let event_id: i64 = inserted.try_get(0).map_err(fail)?;
    for (position, hotel) in event.hotels.iter().enumerate() {
        bind_hotel(sqlx::query(sql::INSERT_HOTEL), event_id, position, hotel)?
            .execute(&mut *tx)
            .await
            .map_err(|e| store_error("insert hotel", e))?;
    }
    tx.commit().await.map_err(fail)?;
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
