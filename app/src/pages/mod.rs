//! One component per route.
mod account;
mod event;
mod event_edit;
mod home;
mod new_event;
mod not_found;
mod outbox;
mod password_reset;
mod propose_topic;
mod sign_in;
mod sign_up;
mod topic;
mod topic_board;
mod topic_comments;

pub use account::AccountPage;
pub use event::EventPage;
pub use event_edit::EventEditPage;
pub use home::HomePage;
pub use new_event::NewEventPage;
pub use not_found::NotFoundPage;
pub use outbox::OutboxPage;
pub use password_reset::{ForgotPasswordPage, ResetPasswordPage};
pub use propose_topic::ProposeTopicPage;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
pub use topic::TopicDetailPage;
pub use topic_board::TopicBoardPage;
