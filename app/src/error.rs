//! `AppError`: every failure a user can be shown, the same type on both sides of a server function.
use leptos::prelude::FromServerFnError;
use leptos::server_fn::{codec::JsonEncoding, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    /// Bad input, reported next to the field it concerns.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The action needs an account: the page offers the sign-in link.
    #[error("Sign in to do this.")]
    SignInRequired,
    /// Signed in, but without the role this needs.
    #[error("You are not allowed to do this.")]
    Forbidden,
    /// Someone else changed the thing in between; the message says what to do.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts from one place or at one account.
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    TooManyRequests(u64),
    /// The real cause is in the server log, never in the response.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request did not make it to the server and back (offline, timeout, bad reply).
    #[error("Could not reach Hackboard: {0}")]
    Network(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The HTTP status a page showing this error is served with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 400,
            AppError::SignInRequired => 401,
            AppError::Forbidden => 403,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
            AppError::Network(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            // Unknown arguments (a mangled URL, a stale form) are a bad request, not an outage.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::invalid("", m),
            ServerFnErrorErr::ServerError(_) => AppError::Internal,
            // On the server these are the request's body: not UTF-8, or cut off at the size
            // limit. In the browser they are the answer, which did not arrive whole.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(m) | ServerFnErrorErr::Request(m) => {
                AppError::invalid("", format!("The request could not be read: {m}."))
            }
            other => AppError::Network(other.to_string()),
        };
        // Arguments are read before the function runs, so its `respond` never sees these.
        #[cfg(feature = "ssr")]
        answer_with(&error);
        error
    }
}

/// Sets the status of the answer to a call that failed with `error` (see `api::respond`).
#[cfg(feature = "ssr")]
pub(crate) fn answer_with(error: &AppError) {
    let form_post = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    let status = http::StatusCode::from_u16(error.status());
    if let (false, Ok(status), Some(response)) = (
        form_post,
        status,
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) {
        response.set_status(status);
    }
}
