//! Accounts: sign up, sign in, sign out, and who is signed in.
use crate::error::AppError;
use crate::model::User;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|error| {
            tracing::error!(%error, "no session layer");
            AppError::Internal
        })
}

/// Anyone: creates an account and signs it in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    affiliation: String,
    password: String,
) -> Result<User, AppError> {
    use crate::server::accounts::{self, AccountForm};
    let state = expect_context::<crate::server::AppState>();
    let form = AccountForm {
        email,
        display_name,
        affiliation,
        password,
    };
    let user = accounts::sign_up(&state, &session().await?, form).await?;
    leptos_axum::redirect("/");
    Ok(user)
}

/// Anyone: signs in with email and password.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<User, AppError> {
    let state = expect_context::<crate::server::AppState>();
    let user =
        crate::server::accounts::sign_in(&state, &session().await?, &email, password).await?;
    leptos_axum::redirect("/");
    Ok(user)
}

/// Anyone: ends the caller's session (a no-op when signed out).
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::accounts::sign_out(&session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Anyone: the signed-in user, or `None`.
#[server(endpoint = "current_user", input = server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::accounts::current_user(&state, &session().await?).await
}
