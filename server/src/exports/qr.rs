//! `GET /events/{slug}/qr.svg`: a QR code of the event's agenda address, for the event page
//! and for printing at the venue: a phone's camera opens the agenda in one step.
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hackboard_app::server::{rights, AppState};
use qrcode::render::svg;
use qrcode::QrCode;

pub async fn event_qr(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let event = match rights::event(&state, &slug).await {
        Ok(event) => event,
        Err(error) => return super::refusal(error),
    };
    let url = format!(
        "{}/events/{}/agenda",
        state.public_url.trim_end_matches('/'),
        event.details.slug
    );
    match QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let image = code
                .render::<svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            let headers = [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ];
            (headers, image).into_response()
        }
        // An address too long for a QR code: the links beside it still work.
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
