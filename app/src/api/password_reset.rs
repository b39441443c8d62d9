//! Forgotten passwords: a link by email, and the outbox admins read when there is no SMTP.
use crate::error::AppError;
use crate::model::{OutboxMail, User};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, client_ip, respond, session, state};

/// Anyone: emails a reset link if an account has this address; the answer never says.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let requested =
        crate::server::password_reset::request(&state(), client_ip().await, &email).await;
    respond(requested)?;
    leptos_axum::redirect("/password/forgot?sent");
    Ok(())
}

/// Anyone holding a valid link: a new password, and signed in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<User, AppError> {
    let reset =
        crate::server::password_reset::reset(&state(), &session().await?, &token, new_password)
            .await;
    let user = respond(reset)?;
    leptos_axum::redirect("/account?saved=password");
    Ok(user)
}

/// Admin: the newest emails the app sent or queued.
#[server(endpoint = "list_outbox", input = server_fn::codec::GetUrl)]
pub async fn list_outbox() -> Result<Vec<OutboxMail>, AppError> {
    let user = caller().await?;
    respond(crate::server::password_reset::outbox(&state(), user).await)
}
