//! Files for other programs: spreadsheets, calendars, and the QR code phones scan.
mod ical;
mod qr;
mod registrations_csv;

pub use ical::agenda_ics;
pub use qr::event_qr;
pub use registrations_csv::registrations_csv;
