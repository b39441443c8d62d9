//! Accounts, profiles, passwords and password resets.
use super::store_error;
use hackboard_app::model::User;
use hackboard_app::server::{Login, LoginKey, NewReset, NewUser, Profile, StoreError};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

pub const INSERT_USER: &str = "
    INSERT INTO users (email, display_name, affiliation, password_hash, is_admin)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (email) DO NOTHING
    RETURNING id";

pub const FIND_USER: &str = "
    SELECT id, email, display_name, affiliation, is_admin, listed, password_hash
    FROM users
    WHERE id = $1";

pub const FIND_USER_BY_EMAIL: &str = "
    SELECT id, email, display_name, affiliation, is_admin, listed, password_hash
    FROM users
    WHERE email = $1";

pub const UPDATE_PROFILE: &str = "
    UPDATE users SET display_name = $2, affiliation = $3, listed = $4 WHERE id = $1";

pub const UPDATE_PASSWORD_HASH: &str = "UPDATE users SET password_hash = $2 WHERE id = $1";

pub const INSERT_RESET: &str = "
    INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)";

pub const UPDATE_RESET_USED: &str = "
    UPDATE password_resets SET used_at = $2
    WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
    RETURNING user_id";

#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    affiliation: String,
    is_admin: bool,
    listed: bool,
    password_hash: String,
}

impl From<UserRow> for Login {
    fn from(row: UserRow) -> Self {
        Login {
            user: User {
                id: row.id,
                email: row.email,
                display_name: row.display_name,
                affiliation: row.affiliation,
                is_admin: row.is_admin,
                listed: row.listed,
            },
            password_hash: row.password_hash,
        }
    }
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
    let row = sqlx::query(INSERT_USER)
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
        LoginKey::Id(id) => sqlx::query_as::<_, UserRow>(FIND_USER).bind(id),
        LoginKey::Email(email) => sqlx::query_as::<_, UserRow>(FIND_USER_BY_EMAIL).bind(email),
    };
    let row = query
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find user", e))?;
    Ok(row.map(Login::from))
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
    sqlx::query(UPDATE_PROFILE)
        .bind(user_id)
        .bind(profile.display_name.as_str())
        .bind(profile.affiliation.as_str())
        .bind(profile.listed)
        .execute(pool)
        .await
        .map_err(|e| store_error("update profile", e))?;
    Ok(())
}

pub async fn update_password_hash<DB>(
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
    sqlx::query(UPDATE_PASSWORD_HASH)
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
    sqlx::query(INSERT_RESET)
        .bind(reset.token_hash.as_str())
        .bind(reset.user_id)
        .bind(reset.expires_at)
        .execute(pool)
        .await
        .map_err(|e| store_error("insert password reset", e))?;
    Ok(())
}

pub async fn update_reset_used<DB>(
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
    let row = sqlx::query(UPDATE_RESET_USED)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    row.map(|row| row.try_get(0)).transpose().map_err(fail)
}
