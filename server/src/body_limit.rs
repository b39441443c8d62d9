//! Request body limits. Server functions read their whole body before looking at it, so
//! without a limit one client could hand the server gigabytes. A body that says it is too large
//! is refused before it is read; one that does not say is cut off where it passes the limit.
use crate::config::Limits;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;

/// The one server function that takes a whole event file.
const IMPORT: &str = "/api/import_event";

pub async fn limit(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let allowed = if request.uri().path() == IMPORT {
        limits.max_import
    } else {
        limits.max_body
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > allowed as u64) {
        return too_large(allowed);
    }
    let request = request.map(|body| Body::new(Limited::new(body, allowed)));
    next.run(request).await
}

fn too_large(allowed: usize) -> Response {
    let text = format!(
        "The request is larger than the {} KB this address takes.",
        allowed / 1024
    );
    (StatusCode::PAYLOAD_TOO_LARGE, text).into_response()
}
