//! Keeps what a refused plain form post typed, for the page it goes back to.
//!
//! Leptos answers a plain post (no JavaScript yet) with a redirect to the Referer, carrying
//! the error in `__err`; the page draws the error beside its field, but its forms as they
//! first were. Here the refused post's fields wait in the session until that page is
//! rendered once, where its form fills them back in (`hackboard_app::kept_form`). Passwords,
//! passport details and tokens are never kept, nor bodies too large for a session.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hackboard_app::kept_form::KeptForm;
use tower_sessions::Session;

const KEY: &str = "kept_form";

/// More than any form but the event import (which is not kept) sends.
const MAX_KEPT: usize = 64 * 1024;

pub async fn keep(session: Session, mut request: Request, next: Next) -> Response {
    if is_plain_post(&request) {
        let (parts, body) = request.into_parts();
        // The body limit outside has already capped what this reads.
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let path = parts.uri.path().to_owned();
        let response = next
            .run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await;
        if refused(&response) && bytes.len() <= MAX_KEPT {
            let kept = KeptForm {
                path,
                body: without_secrets(&bytes),
            };
            if let Err(error) = session.insert(KEY, kept).await {
                tracing::warn!(%error, "cannot keep a refused form");
            }
        }
        return response;
    }
    if request.method() == Method::GET && returns_refused(&request) {
        match session.remove::<KeptForm>(KEY).await {
            Ok(Some(kept)) => {
                request.extensions_mut().insert(kept);
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "cannot read a kept form"),
        }
    }
    next.run(request).await
}

/// A form a browser posted to a server function by itself, wanting a page back.
fn is_plain_post(request: &Request) -> bool {
    let header_has = |name, part: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains(part))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
}

/// Leptos's redirect back to the page with the error.
fn refused(response: &Response) -> bool {
    response.status().is_redirection()
        && response
            .headers()
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|location| location.contains("__err="))
}

fn returns_refused(request: &Request) -> bool {
    request
        .uri()
        .query()
        .is_some_and(|query| query.contains("__err="))
}

fn without_secrets(body: &[u8]) -> String {
    let secret = |name: &str| {
        ["password", "passport", "token"]
            .iter()
            .any(|s| name.contains(s))
    };
    let fields = form_urlencoded::parse(body).filter(|(name, _)| !secret(name));
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_dropped_and_the_rest_kept_as_sent() {
        let body = b"email=ada%40example.org&password=hunter2&passport_number=X1&days%5B%5D=2026-12-17&note=a+b";
        assert_eq!(
            without_secrets(body),
            "email=ada%40example.org&days%5B%5D=2026-12-17&note=a+b"
        );
    }
}
