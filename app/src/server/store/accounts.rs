//! Accounts, profiles, passwords and password resets.
use super::StoreError;
use crate::model::User;
use async_trait::async_trait;

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Sets name, affiliation and the `listed` flag; the fields are already validated.
    async fn update_profile(&self, user_id: i64, profile: &Profile) -> Result<(), StoreError>;

    async fn update_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError>;

    /// Stores a password-reset token by its hash.
    async fn insert_reset(&self, reset: &NewReset) -> Result<(), StoreError>;

    /// Marks the reset used and returns its user, if it exists, is unused and `now` is before
    /// it expires; one statement, so two clicks cannot both use it.
    async fn update_reset_used(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError>;

    /// Inserts an account; `None` if the email is taken.
    async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError>;

    async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError>;
}

/// What a participant may change about themselves; validated.
#[derive(Clone, Debug)]
pub struct Profile {
    pub display_name: String,
    pub affiliation: String,
    pub listed: bool,
}

/// A password-reset token, of which only the SHA-256 is stored.
#[derive(Clone, Debug)]
pub struct NewReset {
    pub token_hash: String,
    pub user_id: i64,
    /// Unix seconds.
    pub expires_at: i64,
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
