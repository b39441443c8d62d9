//! Server functions by feature: Hackboard's public HTTP API under `/api`.
mod events;

pub use events::{get_event, list_events};
