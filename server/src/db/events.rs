//! Events, their hotels and organisers: SQL, rows and the functions both backends share.
use super::accounts::UserRow;
use super::live_log::{publish, Notify};
use super::store_error;
use super::tx::{begin_write, execute_with_two};
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::model::{EventCard, EventDetails, Hotel, Phase, RateRange, User, Venue};
use hackboard_app::server::live::Outgoing;
use hackboard_app::server::{Login, StoreError, StoredEvent, Updated};
use sqlx::query::Query;
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

pub const PING: &str = "SELECT 1";

pub const COUNT_EVENTS: &str = "SELECT COUNT(*) FROM events";

pub const LIST_EVENTS: &str = "
    SELECT slug, title, tagline, starts_on, ends_on, time_zone, venue_name
    FROM events
    ORDER BY starts_on, slug";

pub const FIND_EVENT: &str = "
    SELECT id, revision, live_seq, slug, title, tagline, starts_on, ends_on, day_starts, day_ends, time_zone,
           venue_name, venue_address, map_url, social_on, social_md, transport_md, visa_md
    FROM events
    WHERE slug = $1";

pub const LIST_HOTELS: &str = "
    SELECT name, address, nearest_station, travel_minutes, distance_note,
           rate_min, rate_max, currency, directions_url
    FROM hotels
    WHERE event_id = $1
    ORDER BY position";

pub const INSERT_EVENT: &str = "
    INSERT INTO events (slug, title, tagline, starts_on, ends_on, day_starts, day_ends, time_zone,
                        venue_name, venue_address, map_url, social_on, social_md, transport_md,
                        visa_md)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
    ON CONFLICT (slug) DO NOTHING
    RETURNING id";

pub const INSERT_HOTEL: &str = "
    INSERT INTO hotels (event_id, position, name, address, nearest_station, travel_minutes,
                        distance_note, rate_min, rate_max, currency, directions_url)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// The slug never changes: it is a public URL.
pub const UPDATE_EVENT: &str = "
    UPDATE events
    SET title = $3, tagline = $4, starts_on = $5, ends_on = $6, day_starts = $7, day_ends = $8,
        time_zone = $9, venue_name = $10, venue_address = $11, map_url = $12, social_on = $13,
        social_md = $14, transport_md = $15, visa_md = $16, revision = revision + 1
    WHERE id = $1 AND revision = $2
    RETURNING id";

pub const DELETE_HOTELS: &str = "DELETE FROM hotels WHERE event_id = $1";

pub const IS_ORGANISER: &str = "
    SELECT COUNT(*) FROM event_organisers WHERE event_id = $1 AND user_id = $2";

pub const LIST_ORGANISERS: &str = "
    SELECT u.id, u.email, u.display_name, u.affiliation, u.is_admin, u.listed, u.password_hash
    FROM users u JOIN event_organisers o ON o.user_id = u.id
    WHERE o.event_id = $1
    ORDER BY u.display_name, u.id";

pub const INSERT_ORGANISER: &str = "
    INSERT INTO event_organisers (event_id, user_id) VALUES ($1, $2)
    ON CONFLICT DO NOTHING";

pub const DELETE_ORGANISER: &str = "
    DELETE FROM event_organisers WHERE event_id = $1 AND user_id = $2";

#[derive(sqlx::FromRow)]
pub struct EventCardRow {
    slug: String,
    title: String,
    tagline: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    time_zone: String,
    venue_name: String,
}

impl From<EventCardRow> for EventCard {
    fn from(row: EventCardRow) -> Self {
        EventCard {
            slug: row.slug,
            title: row.title,
            tagline: row.tagline,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            time_zone: row.time_zone,
            venue_name: row.venue_name,
            // The service decides, with the clock, in the event's zone.
            phase: Phase::Upcoming,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub revision: i64,
    live_seq: i64,
    slug: String,
    title: String,
    tagline: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    day_starts: NaiveTime,
    day_ends: NaiveTime,
    time_zone: String,
    venue_name: String,
    venue_address: String,
    map_url: Option<String>,
    social_on: Option<NaiveDate>,
    social_md: String,
    transport_md: String,
    visa_md: String,
}

impl EventRow {
    pub fn into_stored(self, hotels: Vec<HotelRow>) -> StoredEvent {
        let (id, revision, live_seq) = (self.id, self.revision, self.live_seq);
        StoredEvent {
            id,
            revision,
            live_seq,
            details: self.into_details(hotels),
        }
    }

    fn into_details(self, hotels: Vec<HotelRow>) -> EventDetails {
        EventDetails {
            slug: self.slug,
            title: self.title,
            tagline: self.tagline,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            day_starts: self.day_starts,
            day_ends: self.day_ends,
            time_zone: self.time_zone,
            venue: Venue {
                name: self.venue_name,
                address: self.venue_address,
                map_url: self.map_url,
            },
            social_on: self.social_on,
            social_md: self.social_md,
            transport_md: self.transport_md,
            visa_md: self.visa_md,
            hotels: hotels.into_iter().map(Hotel::from).collect(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct HotelRow {
    name: String,
    address: String,
    nearest_station: String,
    travel_minutes: Option<i32>,
    distance_note: String,
    rate_min: Option<i32>,
    rate_max: Option<i32>,
    currency: String,
    directions_url: Option<String>,
}

impl From<HotelRow> for Hotel {
    fn from(row: HotelRow) -> Self {
        // CHECK constraints keep these non-negative.
        let unsigned = |v: i32| u32::try_from(v).unwrap_or_default();
        let rate = match (row.rate_min, row.rate_max) {
            (Some(min), max) => Some(RateRange {
                min: unsigned(min),
                max: unsigned(max.unwrap_or(min)),
                currency: row.currency,
            }),
            (None, _) => None,
        };
        Hotel {
            name: row.name,
            address: row.address,
            nearest_station: row.nearest_station,
            travel_minutes: row.travel_minutes.map(unsigned),
            distance_note: row.distance_note,
            rate,
            directions_url: row.directions_url,
        }
    }
}

/// Binds the fourteen fields after the slug (`INSERT_EVENT`) or after id and revision
/// (`UPDATE_EVENT`), in the same order in both.
pub fn bind_event_fields<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    event: &'q EventDetails,
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB>,
    NaiveDate: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB>,
    NaiveTime: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(event.title.as_str())
        .bind(event.tagline.as_str())
        .bind(event.starts_on)
        .bind(event.ends_on)
        .bind(event.day_starts)
        .bind(event.day_ends)
        .bind(event.time_zone.as_str())
        .bind(event.venue.name.as_str())
        .bind(event.venue.address.as_str())
        .bind(event.venue.map_url.as_deref())
        .bind(event.social_on)
        .bind(event.social_md.as_str())
        .bind(event.transport_md.as_str())
        .bind(event.visa_md.as_str())
}

/// Binds the eleven parameters of `INSERT_HOTEL`.
pub fn bind_hotel<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    event_id: i64,
    position: usize,
    hotel: &'q Hotel,
) -> Result<Query<'q, DB, <DB as Database>::Arguments<'q>>, StoreError>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB>,
    i32: Encode<'q, DB> + Type<DB>,
    Option<i32>: Encode<'q, DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    let small = |v: u32| i32::try_from(v).map_err(|e| store_error("hotel figure out of range", e));
    let minutes = hotel.travel_minutes.map(small).transpose()?;
    let position = i32::try_from(position).map_err(|e| store_error("too many hotels", e))?;
    let (min, max) = match &hotel.rate {
        Some(rate) => (Some(small(rate.min)?), Some(small(rate.max)?)),
        None => (None, None),
    };
    let currency = hotel.rate.as_ref().map_or("EUR", |r| r.currency.as_str());
    Ok(query
        .bind(event_id)
        .bind(position)
        .bind(hotel.name.as_str())
        .bind(hotel.address.as_str())
        .bind(hotel.nearest_station.as_str())
        .bind(minutes)
        .bind(hotel.distance_note.as_str())
        .bind(min)
        .bind(max)
        .bind(currency)
        .bind(hotel.directions_url.as_deref()))
}

pub async fn ping<DB>(pool: &Pool<DB>) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
{
    sqlx::query(PING)
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
    let rows: Vec<EventCardRow> = sqlx::query_as(LIST_EVENTS)
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
    let row: Option<EventRow> = sqlx::query_as(FIND_EVENT)
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| store_error("find event", e))?;
    let Some(row) = row else { return Ok(None) };
    let hotels: Vec<HotelRow> = sqlx::query_as(LIST_HOTELS)
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
    let row = sqlx::query(COUNT_EVENTS)
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
    let query = sqlx::query(INSERT_EVENT).bind(event.slug.as_str());
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
        bind_hotel(sqlx::query(INSERT_HOTEL), event_id, position, hotel)?
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
) -> Result<Updated, StoreError>
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
    let query = sqlx::query(UPDATE_EVENT).bind(id).bind(revision);
    let updated = bind_event_fields(query, event)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    if updated.is_none() {
        return Ok(Updated::Missed);
    }
    sqlx::query(DELETE_HOTELS)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    insert_hotels(&mut tx, id, event).await?;
    publish(&mut tx, id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(id);
    Ok(Updated::Made)
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
    let row = sqlx::query(IS_ORGANISER)
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
    let rows: Vec<UserRow> = sqlx::query_as(LIST_ORGANISERS)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list organisers", e))?;
    Ok(rows.into_iter().map(|row| Login::from(row).user).collect())
}

pub async fn insert_organiser<DB>(
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
    execute_with_two(pool, INSERT_ORGANISER, ids, "add organiser").await
}

pub async fn delete_organiser<DB>(
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
    execute_with_two(pool, DELETE_ORGANISER, ids, "remove organiser").await
}
