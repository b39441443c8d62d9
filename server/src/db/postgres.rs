//! The scale-out backend: several hackboard processes can share one PostgreSQL database.
use super::{portable, Sessions};
use anyhow::Context;
use async_trait::async_trait;
use hackboard_app::model::{EventCard, EventDetails};
use hackboard_app::server::{Login, LoginKey, NewUser, Store, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
    pub sessions: Sessions,
}

impl PostgresStore {
    /// Connects (failing within seconds when the server is unreachable), then migrates.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url).context("the URL is not valid")?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .context("cannot connect; is PostgreSQL running and is DATABASE_URL right?")?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .context("cannot update the schema")?;
        let sessions = tower_sessions_sqlx_store::PostgresStore::new(pool.clone());
        sessions
            .migrate()
            .await
            .context("cannot create the sessions table")?;
        Ok(PostgresStore {
            pool,
            sessions: Sessions::new(sessions),
        })
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn ping(&self) -> Result<(), StoreError> {
        portable::ping(&self.pool).await
    }

    async fn list_events(&self) -> Result<Vec<EventCard>, StoreError> {
        portable::list_events(&self.pool).await
    }

    async fn find_event(&self, slug: &str) -> Result<Option<EventDetails>, StoreError> {
        portable::find_event(&self.pool, slug).await
    }

    async fn count_events(&self) -> Result<u64, StoreError> {
        portable::count_events(&self.pool).await
    }

    async fn insert_event(&self, event: &EventDetails) -> Result<bool, StoreError> {
        portable::insert_event(&self.pool, event).await
    }

    async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError> {
        portable::insert_user(&self.pool, user).await
    }

    async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError> {
        portable::find_login(&self.pool, by).await
    }
}
