//! Logs on stderr, filtered by `RUST_LOG`: readable lines, or one JSON object a line with
//! `HACKBOARD_LOG_FORMAT=json` for journald, Loki and the like.
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let json = std::env::var("HACKBOARD_LOG_FORMAT").is_ok_and(|format| format == "json");
    // A second init (in tests) is harmless; ignore it.
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init()
    } else {
        builder.try_init()
    };
}
