//! Files for other programs: spreadsheets now, calendars and conference apps later.
mod ical;
mod registrations_csv;

pub use ical::agenda_ics;
pub use registrations_csv::registrations_csv;
