//! "Forgot your password?": a single-use link by email, valid for an hour.
use super::accounts::{set_password, start_session};
use super::{mail, random_token, token_hash, AppState, LoginKey, Mail, NewReset};
use crate::error::AppError;
use crate::model::{check_password, Email, User};
use tower_sessions::Session;

const LINK_LIFETIME_SECONDS: i64 = 60 * 60;

/// Sends a link if an account has this email. The answer is the same either way, so the form
/// does not tell who has an account.
pub async fn request(state: &AppState, ip: std::net::IpAddr, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", m))?;
    state.attempt(ip, &format!("reset:{}", email.as_str()))?;
    let Some(login) = state
        .store
        .find_login(LoginKey::Email(email.as_str()))
        .await?
    else {
        return Ok(());
    };
    let token = random_token();
    let reset = NewReset {
        token_hash: token_hash(&token),
        user_id: login.user.id,
        expires_at: mail::unix_now() + LINK_LIFETIME_SECONDS,
    };
    state.store.insert_reset(&reset).await?;
    let link = format!(
        "{}/password/reset?token={token}",
        state.public_url.trim_end_matches('/')
    );
    let body = format!(
        "Hello {},\n\nSomeone, hopefully you, asked to reset the password of your Hackboard \
         account. Choose a new one here:\n\n{link}\n\nThe link works once, within an hour. If \
         you did not ask, ignore this email: your password stays as it is.\n",
        login.user.display_name
    );
    let mail = Mail {
        recipient: login.user.email,
        subject: "Reset your Hackboard password".into(),
        body,
    };
    mail::send(state, mail).await
}

/// Sets the new password and signs in, if the link is unused and not expired.
pub async fn reset(
    state: &AppState,
    session: &Session,
    token: &str,
    new_password: String,
) -> Result<User, AppError> {
    // Checked first, so a too-short password does not use up the link.
    check_password(&new_password).map_err(|m| AppError::invalid("new_password", m))?;
    let expired = || {
        AppError::invalid(
            "token",
            "This link has expired or was already used. Ask for a new one.",
        )
    };
    let user_id = state
        .store
        .update_reset_used(&token_hash(token.trim()), mail::unix_now())
        .await?
        .ok_or_else(expired)?;
    set_password(state, user_id, new_password).await?;
    start_session(session, user_id).await?;
    let login = state.store.find_login(LoginKey::Id(user_id)).await?;
    login.map(|l| l.user).ok_or_else(expired)
}

/// Admins only: the newest emails, for reading reset links when no SMTP server is set up.
pub async fn outbox(
    state: &AppState,
    user: Option<User>,
) -> Result<Vec<crate::model::OutboxMail>, AppError> {
    super::rights::admin(user)?;
    Ok(state.store.list_mail(100).await?)
}
