//! Shared types and the pure rules about them, compiled for the browser and the server alike.
mod account;
mod agenda;
mod comment;
mod dates;
mod event;
mod event_form;
mod hotel;
mod live;
mod mail;
mod registration;
mod return_to;
mod slug;
pub(crate) mod text;
mod topic;
mod visa;
mod writeup;

pub use account::{check_password, Affiliation, DisplayName, Email, Person, User};
pub use agenda::{
    check_item_title, check_room, conflicts, Agenda, AgendaTopic, Conflict, MyAgenda, Room,
    Session, Slot, SlotForm,
};
pub use comment::{check_comment, threads, upsert, Comment, Subject, Thread, COMMENT_MAX};
pub use dates::{format_date_range, format_hours, Phase};
pub use event::{ArchiveYear, Event, EventCard, EventDetails, EventIndex, Social, Venue};
pub use event_form::{EditableEvent, EventForm, HotelForm, HotelOp};
pub use hotel::{Hotel, HotelOrder, RateRange};
pub use live::{reconnect_delay_ms, AttendanceCounts, LiveCursor, LiveMessage, TopicVotes};
pub use mail::OutboxMail;
pub use registration::{
    attendance_counts, business_days, days_from_text, days_to_text, next_state, promotions,
    stipend_totals, Action, Attendee, AttendeeGroup, Decision, Fee, HistoryLine, Mark,
    MyRegistration, Place, QueueEntry, QueueFilter, Refusal, RegistrationForm, RegistrationPanel,
    RegistrationQueue, RegistrationRequest, RegistrationState, Stipend, StipendDecision,
    StipendTotal, WaitingEntry, ANSWER_SOON, CURRENCIES, STIPEND_MAX,
};
pub use return_to::{return_to, with_return_to};
pub use slug::Slug;
pub use topic::{
    search_terms, Board, BoardFilter, BoardView, Difficulty, Gsoc, TopicCard, TopicFields,
    TopicForm, TopicPage, TopicSort, BOARD_PAGE, TITLE_MAX,
};
pub use visa::{Approval, VisaDetails, VisaForm, VisaLetter, VisaLetterPage};
pub use writeup::{
    next_year, writable, writeups_close_on, Outcome, OutcomeDraft, OutcomeForm, Part, TopicLink,
    TopicOrigin, Writeup, WriteupDraft, WriteupForm, WriteupPage, Writeups, OUTCOME_LINKS_MAX,
    OUTCOME_MAX, WRITEUP_MAX, WRITEUP_TITLE_MAX,
};
