//! Accounts: sign up, sign in, sign out, who is signed in, and the profile.
use crate::error::AppError;
use crate::model::User;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{caller, client_ip, respond, session, state};

/// Anyone: creates an account, signs it in and goes on to `return_to` (a page of this site).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    affiliation: String,
    password: String,
    #[server(default)] return_to: Option<String>,
) -> Result<User, AppError> {
    use crate::server::accounts::{self, AccountForm};
    let form = AccountForm {
        email,
        display_name,
        affiliation,
        password,
    };
    let signed_up = accounts::sign_up(&state(), &session().await?, client_ip().await, form).await;
    let user = respond(signed_up)?;
    leptos_axum::redirect(crate::model::return_to(return_to.as_deref()));
    Ok(user)
}

/// Anyone: signs in with email and password and goes on to `return_to` (a page of this site).
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] return_to: Option<String>,
) -> Result<User, AppError> {
    let (session, ip) = (session().await?, client_ip().await);
    let signed_in =
        crate::server::accounts::sign_in(&state(), &session, ip, &email, password).await;
    let user = respond(signed_in)?;
    leptos_axum::redirect(crate::model::return_to(return_to.as_deref()));
    Ok(user)
}

/// Anyone: ends the caller's session (a no-op when signed out).
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    respond(crate::server::accounts::sign_out(&session().await?).await)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Anyone: the signed-in user, or `None`.
#[server(endpoint = "current_user", input = server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<User>, AppError> {
    respond(caller().await)
}

/// Participant: their name, affiliation, and whether public attendee lists show them.
/// `listed` is a checkbox: present ("on") when ticked, absent otherwise.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    display_name: String,
    affiliation: String,
    listed: Option<String>,
) -> Result<User, AppError> {
    let user = caller().await?;
    let updated = crate::server::accounts::update_profile(
        &state(),
        user,
        &display_name,
        &affiliation,
        listed.is_some(),
    )
    .await;
    let user = respond(updated)?;
    leptos_axum::redirect("/account?saved=profile");
    Ok(user)
}

/// Participant: a new password, given the current one.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let user = caller().await?;
    let changed = crate::server::accounts::change_password(
        &state(),
        &session().await?,
        user,
        current_password,
        new_password,
    )
    .await;
    respond(changed)?;
    leptos_axum::redirect("/account?saved=password");
    Ok(())
}
