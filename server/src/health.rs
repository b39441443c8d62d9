//! `/healthz`: 200 when the database answers, 503 when it does not.
use axum::extract::State;
use axum::http::StatusCode;
use hackboard_app::server::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(error = %error, cause = ?std::error::Error::source(&error), "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
