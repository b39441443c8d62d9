//! Shared types and the pure rules about them, compiled for the browser and the server alike.
mod account;
mod dates;
mod event;
mod hotel;
mod slug;

pub use account::{check_password, Affiliation, DisplayName, Email, User};
pub use dates::{format_date_range, format_hours, Phase};
pub use event::{ArchiveYear, Event, EventCard, EventDetails, EventIndex, Social, Venue};
pub use hotel::{Hotel, HotelOrder, RateRange};
pub use slug::Slug;
