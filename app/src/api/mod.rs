//! Server functions by feature: Hackboard's public HTTP API under `/api`.
mod accounts;
mod events;

pub use accounts::{current_user, sign_in, sign_out, sign_up, SignIn, SignOut, SignUp};
pub use events::{get_event, list_events};
