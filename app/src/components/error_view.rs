//! What a page shows instead of its content when loading it failed, with the matching status.
use super::SignInLink;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_http_status(error.status());
    let heading = match &error {
        AppError::NotFound => "Not found",
        AppError::SignInRequired => "Sign in first",
        AppError::Forbidden => "Not for your account",
        AppError::Network(_) => "You seem to be offline",
        _ => "Something went wrong",
    };
    let sign_in = matches!(error, AppError::SignInRequired).then(|| {
        view! {
            <p>
                <SignInLink>"Sign in"</SignInLink>" or "
                <SignInLink form="/signup">"create an account"</SignInLink>
            </p>
        }
    });
    view! {
        <Title text=heading />
        <section class="error-view" role="alert">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            {sign_in}
            <p>
                <A href="/">"See all events"</A>
            </p>
        </section>
    }
}

/// Sets the status of the server's response; the browser has no response to change.
fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
