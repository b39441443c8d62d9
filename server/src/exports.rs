//! Files for other programs: spreadsheets, calendars, conference apps, and the QR code phones
//! scan.
mod ical;
mod qr;
mod registrations_csv;
mod schedule;

pub use ical::{agenda_ics, my_agenda_ics};
pub use qr::event_qr;
pub use registrations_csv::registrations_csv;
pub use schedule::{schedule_json, schedule_xml};
