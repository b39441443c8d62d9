//! `GET /events/{slug}/export.json`: the whole event as a file to import into another
//! Hackboard (`hackboard import`). Organisers only: it names every participant by email.
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hackboard_app::server::{accounts, transfer, AppState};

pub async fn event_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: tower_sessions::Session,
) -> Response {
    let exported = match accounts::current_user(&state, &session).await {
        Ok(user) => transfer::export(&state, user, &slug).await,
        Err(error) => Err(error),
    };
    match exported {
        Ok(json) => {
            let disposition = format!("attachment; filename=\"{slug}.hackboard.json\"");
            let headers = [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ];
            (headers, json).into_response()
        }
        Err(error) => super::refusal(error),
    }
}
