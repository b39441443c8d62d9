//! Files for other programs: spreadsheets now, calendars and conference apps later.
mod registrations_csv;

pub use registrations_csv::registrations_csv;
