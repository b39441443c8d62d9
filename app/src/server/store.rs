//! The storage trait: one implementation per database, in `hackboard-server/src/db`.
use crate::model::{EventCard, EventDetails, User};
use async_trait::async_trait;

/// A storage failure; its chain is logged on the server and shown to nobody.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct StoreError {
    context: &'static str,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl StoreError {
    pub fn new(
        context: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        StoreError {
            context,
            source: Box::new(source),
        }
    }
}

/// Lets services use `?` on the store: the cause is logged with its chain, the user sees Internal.
impl From<StoreError> for crate::error::AppError {
    fn from(error: StoreError) -> Self {
        let mut chain = error.to_string();
        let mut next = std::error::Error::source(&error);
        while let Some(cause) = next {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            next = cause.source();
        }
        tracing::error!(error = %chain, "storage failed");
        crate::error::AppError::Internal
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Proves the database answers: used by `/healthz`.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every event, without hotels or long texts; `phase` is left for the caller to fill in.
    async fn list_events(&self) -> Result<Vec<EventCard>, StoreError>;

    async fn find_event(&self, slug: &str) -> Result<Option<EventDetails>, StoreError>;

    async fn count_events(&self) -> Result<u64, StoreError>;

    /// Inserts the event and its hotels in one transaction; `false` if the slug is taken.
    async fn insert_event(&self, event: &EventDetails) -> Result<bool, StoreError>;

    /// Inserts an account; `None` if the email is taken.
    async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError>;

    async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError>;
}

/// An account about to be created; the fields are already validated and the password hashed.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub affiliation: String,
    pub password_hash: String,
    pub is_admin: bool,
}

/// An account with its password hash, which never leaves the server.
#[derive(Clone, Debug)]
pub struct Login {
    pub user: User,
    pub password_hash: String,
}

/// How to look an account up.
#[derive(Clone, Copy, Debug)]
pub enum LoginKey<'a> {
    Id(i64),
    /// A normalized email (see `model::Email`).
    Email(&'a str),
}
