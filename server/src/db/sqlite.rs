//! The embedded default: one SQLite file in WAL mode.
use super::rows::{bind_event, bind_hotel, EventCardRow, EventRow, HotelRow};
use super::{sql, store_error};
use anyhow::Context;
use async_trait::async_trait;
use hackboard_app::model::{EventCard, EventDetails};
use hackboard_app::server::{Store, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
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
        Ok(SqliteStore { pool })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query(sql::PING).execute(&self.pool).await.map_err(|e| store_error("ping", e))?;
        Ok(())
    }

    async fn list_events(&self) -> Result<Vec<EventCard>, StoreError> {
        let rows: Vec<EventCardRow> = sqlx::query_as(sql::LIST_EVENTS)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| store_error("list events", e))?;
        Ok(rows.into_iter().map(EventCard::from).collect())
    }

    async fn find_event(&self, slug: &str) -> Result<Option<EventDetails>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(|e| store_error("find event", e))?;
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

    async fn count_events(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(sql::COUNT_EVENTS)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| store_error("count events", e))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn insert_event(&self, event: &EventDetails) -> Result<bool, StoreError> {
        let fail = |e| store_error("insert event", e);
        let mut tx = self.pool.begin().await.map_err(fail)?;
        let inserted = bind_event(sqlx::query(sql::INSERT_EVENT), event)
            .fetch_optional(&mut *tx)
            .await
            .map_err(fail)?;
        let Some(inserted) = inserted else { return Ok(false) };
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
}
