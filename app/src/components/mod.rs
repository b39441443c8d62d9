//! Reusable pieces of pages.
mod error_view;
mod event_card;
mod form_field;
mod hotel_list;
mod outcome_links;
mod sign_in_link;
mod site_header;
mod vote_button;

pub use error_view::ErrorView;
pub use event_card::EventCardView;
pub use form_field::FormField;
pub use hotel_list::HotelList;
pub use outcome_links::OutcomeLinks;
pub use sign_in_link::SignInLink;
pub use site_header::SiteHeader;
pub use vote_button::VoteButton;
