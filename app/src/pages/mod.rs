//! One component per route.
mod event;
mod home;
mod not_found;

pub use event::EventPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
