//! Signing up, in and out: validation, password checks and the session around them.
use super::passwords::{hash_password, verify_password};
use super::{rights, AppState, LoginKey, NewUser, Profile};
use crate::error::AppError;
use crate::model::{check_password, Affiliation, DisplayName, Email, User};
use std::net::IpAddr;
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
const USER_ID: &str = "user_id";

/// What a new account is made from: the sign-up form, or `hackboard user create`.
pub struct AccountForm {
    pub email: String,
    pub display_name: String,
    pub affiliation: String,
    pub password: String,
}

pub async fn sign_up(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    form: AccountForm,
) -> Result<User, AppError> {
    state.attempt(ip, &form.email.trim().to_lowercase())?;
    let user = create_account(state, form, false).await?;
    start_session(session, user.id).await?;
    Ok(user)
}

/// Validates, hashes and stores a new account; also used by `hackboard user create`.
pub async fn create_account(
    state: &AppState,
    form: AccountForm,
    is_admin: bool,
) -> Result<User, AppError> {
    let email = Email::parse(&form.email).map_err(|m| AppError::invalid("email", m))?;
    let display_name =
        DisplayName::parse(&form.display_name).map_err(|m| AppError::invalid("display_name", m))?;
    let affiliation =
        Affiliation::parse(&form.affiliation).map_err(|m| AppError::invalid("affiliation", m))?;
    check_password(&form.password).map_err(|m| AppError::invalid("password", m))?;
    let new_user = NewUser {
        email: email.as_str().to_owned(),
        display_name: display_name.as_str().to_owned(),
        affiliation: affiliation.as_str().to_owned(),
        password_hash: hash_password(form.password).await?,
        is_admin,
    };
    let id = state.store.insert_user(&new_user).await?.ok_or_else(|| {
        AppError::invalid(
            "email",
            "An account with this email already exists. Sign in instead.",
        )
    })?;
    Ok(User {
        id,
        email: new_user.email,
        display_name: new_user.display_name,
        affiliation: new_user.affiliation,
        is_admin,
        listed: true,
    })
}

/// A wrong email and a wrong password get the same answer, after the same work; attempts
/// are limited per account and per IP address.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    email: &str,
    password: String,
) -> Result<User, AppError> {
    state.attempt(ip, &email.trim().to_lowercase())?;
    let login = match Email::parse(email) {
        Ok(email) => {
            state
                .store
                .find_login(LoginKey::Email(email.as_str()))
                .await?
        }
        Err(_) => None,
    };
    let hash = login.as_ref().map(|l| l.password_hash.clone());
    match (login, verify_password(password, hash).await) {
        (Some(login), true) => {
            start_session(session, login.user.id).await?;
            Ok(login.user)
        }
        _ => Err(AppError::invalid("password", "Wrong email or password.")),
    }
}

/// Ends the session for good: its record is deleted, the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_failed)
}

pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(id) = session.get::<i64>(USER_ID).await.map_err(session_failed)? else {
        return Ok(None);
    };
    Ok(state
        .store
        .find_login(LoginKey::Id(id))
        .await?
        .map(|login| login.user))
}

/// Signed in only: name, affiliation, and whether they appear in public attendee lists.
pub async fn update_profile(
    state: &AppState,
    user: Option<User>,
    display_name: &str,
    affiliation: &str,
    listed: bool,
) -> Result<User, AppError> {
    let user = rights::participant(user)?;
    let display_name =
        DisplayName::parse(display_name).map_err(|m| AppError::invalid("display_name", m))?;
    let affiliation =
        Affiliation::parse(affiliation).map_err(|m| AppError::invalid("affiliation", m))?;
    let profile = Profile {
        display_name: display_name.as_str().to_owned(),
        affiliation: affiliation.as_str().to_owned(),
        listed,
    };
    state.store.update_profile(user.id, &profile).await?;
    Ok(User {
        display_name: profile.display_name,
        affiliation: profile.affiliation,
        listed,
        ..user
    })
}

/// Signed in only, and only with the current password: a borrowed phone is not enough.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    user: Option<User>,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    check_password(&new_password).map_err(|m| AppError::invalid("new_password", m))?;
    let login = state.store.find_login(LoginKey::Id(user.id)).await?;
    let hash = login.map(|l| l.password_hash);
    if !verify_password(current_password, hash).await {
        return Err(AppError::invalid(
            "current_password",
            "That is not your current password.",
        ));
    }
    set_password(state, user.id, new_password).await?;
    start_session(session, user.id).await
}

pub async fn set_password(
    state: &AppState,
    user_id: i64,
    password: String,
) -> Result<(), AppError> {
    let hash = hash_password(password).await?;
    state.store.update_password_hash(user_id, &hash).await?;
    Ok(())
}

/// A new session id at every sign-in, so an id planted before sign-in is worth nothing.
pub async fn start_session(session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_failed)?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(session_failed)
}

fn session_failed(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store failed");
    AppError::Internal
}
