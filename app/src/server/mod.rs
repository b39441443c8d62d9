//! Server-only code: the storage trait, services that apply rules around it, and the app state.
pub mod accounts;
mod events;
mod markdown;
mod passwords;
mod state;
mod store;

pub use events::{event_index, event_page};
pub use markdown::render_markdown;
pub use state::AppState;
pub use store::{Login, LoginKey, NewUser, Store, StoreError};
