//! Files for other programs: spreadsheets, calendars, conference apps, and the QR code phones
//! scan.
mod atom;
mod event_json;
mod ical;
mod qr;
mod registrations_csv;
mod schedule;

pub use atom::writeups_atom;
pub use event_json::event_json;
pub use ical::{agenda_ics, my_agenda_ics};
pub use qr::event_qr;
pub use registrations_csv::registrations_csv;
pub use schedule::{schedule_json, schedule_xml};

/// Text escaped for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A refusal as a file's address answers it: the error's status and its sentence.
fn refusal(error: hackboard_app::error::AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::from_u16(error.status())
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}
