//! What a page shows instead of its content when loading it failed, with the matching status.
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_http_status(error.status());
    let (heading, text) = match &error {
        AppError::NotFound => ("Not found", error.to_string()),
        AppError::Network(_) => ("You seem to be offline", error.to_string()),
        _ => ("Something went wrong", error.to_string()),
    };
    view! {
        <Title text=heading />
        <section class="error-view" role="alert">
            <h1>{heading}</h1>
            <p>{text}</p>
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
