//! `GET /events/{slug}/registrations.csv`: every request with what organisers track, for a
//! spreadsheet. Organisers only; the same rights and data as their queue.
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hackboard_app::error::AppError;
use hackboard_app::model::{AttendeeGroup, QueueEntry};
use hackboard_app::server::{accounts, registration, AppState};

const HEADER: [&str; 17] = [
    "name",
    "email",
    "affiliation",
    "state",
    "group",
    "days",
    "needs visa letter",
    "visa granted",
    "fee",
    "stipend amount",
    "stipend currency",
    "stipend reason",
    "stipend decision",
    "listed",
    "note",
    "requested on",
    "last change",
];

pub async fn registrations_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: tower_sessions::Session,
) -> Response {
    let queue = match accounts::current_user(&state, &session).await {
        Ok(user) => registration::queue(&state, user, &slug).await,
        Err(error) => Err(error),
    };
    match queue {
        Ok(queue) => {
            let disposition = format!("attachment; filename=\"{}-registrations.csv\"", queue.slug);
            let headers = [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ];
            (headers, to_csv(&queue.entries)).into_response()
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = match error {
                AppError::SignInRequired => {
                    "Sign in as an organiser of the event to download its list.".to_owned()
                }
                other => other.to_string(),
            };
            (status, message).into_response()
        }
    }
}

/// RFC 4180: CRLF line ends, every field quoted.
pub fn to_csv(entries: &[QueueEntry]) -> String {
    let mut out = String::new();
    push_row(&mut out, HEADER.iter().map(|h| (*h).to_owned()));
    for entry in entries {
        let visa_pending = entry.request.needs_visa && !entry.visa_cleared;
        let group = AttendeeGroup::of(entry.state, visa_pending).map_or("", AttendeeGroup::heading);
        let days = if entry.request.days.is_empty() {
            "every day".to_owned()
        } else {
            hackboard_app::model::days_to_text(&entry.request.days).replace(',', " ")
        };
        let stipend = entry.request.stipend.as_ref();
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        let changed = entry
            .history
            .last()
            .map(|line| line.at.format("%Y-%m-%d %H:%M").to_string());
        push_row(
            &mut out,
            [
                entry.person.display_name.clone(),
                entry.email.clone(),
                entry.person.affiliation.clone(),
                entry.state.as_str().to_owned(),
                group.to_owned(),
                days,
                yes_no(entry.request.needs_visa),
                yes_no(entry.visa_cleared),
                entry.fee.as_str().to_owned(),
                stipend.map(|s| s.amount.to_string()).unwrap_or_default(),
                stipend.map(|s| s.currency.clone()).unwrap_or_default(),
                stipend.map(|s| s.reason.clone()).unwrap_or_default(),
                entry
                    .stipend_decision
                    .map(|d| d.as_str().to_owned())
                    .unwrap_or_default(),
                yes_no(entry.request.listed),
                entry.request.note.clone(),
                entry.requested_on.to_string(),
                changed.unwrap_or_default(),
            ],
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let quoted: Vec<String> = fields.into_iter().map(|field| quote(&field)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// Quotes a field, and defuses one a spreadsheet would run as a formula (`=HYPERLINK(…)` typed
/// as an affiliation) by starting it with an apostrophe.
fn quote(field: &str) -> String {
    let defused = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(quote("Citrix"), "\"Citrix\"");
        assert_eq!(quote("say \"hi\", then go"), "\"say \"\"hi\"\", then go\"");
        assert_eq!(quote("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("-5"), "\"'-5\"");
    }
}
