//! What every server function and route reaches through Leptos context.
use super::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}
