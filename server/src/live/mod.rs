//! Live updates: every page open on an event hears its changes within a second, whichever
//! server process made them. See docs/ARCHITECTURE.md, "Live updates".
mod hub;
mod pump;
mod stream;
mod tally;

pub use hub::{until_closed, Hub};
pub use pump::start;
pub use stream::live_stream;
pub use tally::start as start_tally;
