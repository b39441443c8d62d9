//! `GET /events/{slug}/agenda.ics`: the whole agenda as an iCalendar feed (RFC 5545) that
//! calendar apps subscribe to. Each session keeps its UID for life and its SEQUENCE moves with
//! every change, so a subscribed calendar updates the event in place instead of adding one.
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use hackboard_app::error::AppError;
use hackboard_app::model::Agenda;
use hackboard_app::server::{agenda, AppState};

pub async fn agenda_ics(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    feed(&state, &slug, agenda::agenda(&state, None, &slug).await)
}

/// `GET /events/{slug}/my-agenda.ics?token=`: one person's starred sessions. The token is the
/// only key, so calendar apps that cannot sign in can subscribe.
pub async fn my_agenda_ics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let token = query.token.unwrap_or_default();
    feed(
        &state,
        &slug,
        agenda::starred_agenda(&state, &slug, &token).await,
    )
}

#[derive(serde::Deserialize)]
pub struct FeedQuery {
    token: Option<String>,
}

fn feed(state: &AppState, slug: &str, agenda: Result<Agenda, AppError>) -> Response {
    match agenda {
        Ok(agenda) => {
            let body = calendar(&agenda, &state.public_url, Utc::now());
            let headers = [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{slug}-agenda.ics\""),
                ),
            ];
            (headers, body).into_response()
        }
        Err(error) => super::refusal(error),
    }
}

/// The feed: one VEVENT per session, times in UTC.
pub fn calendar(agenda: &Agenda, public_url: &str, now: DateTime<Utc>) -> String {
    let base = public_url.trim_end_matches('/');
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .split(['/', ':'])
        .next()
        .unwrap_or("hackboard");
    let stamp = utc(now);
    let mut out = String::new();
    let mut line = |text: String| push_folded(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Hackboard//Agenda//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(&agenda.event_title)));
    line(format!("X-WR-TIMEZONE:{}", escape(&agenda.time_zone)));
    for session in &agenda.sessions {
        let room = agenda
            .room(session.room_id)
            .map_or("", |room| room.name.as_str());
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}-session-{}@{host}", agenda.slug, session.id));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART:{}", utc(session.starts_at)));
        line(format!("DTEND:{}", utc(session.ends_at)));
        line(format!("SEQUENCE:{}", session.sequence));
        line(format!("SUMMARY:{}", escape(&session.title)));
        line(format!("LOCATION:{}", escape(room)));
        let url = match session.topic_id {
            Some(topic) => format!("{base}/events/{}/topics/{topic}", agenda.slug),
            None => format!("{base}/events/{}/agenda", agenda.slug),
        };
        line(format!("URL:{url}"));
        if !session.contacts.is_empty() {
            let description = format!("Technical contact: {}", session.contacts);
            line(format!("DESCRIPTION:{}", escape(&description)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, semicolons, commas and line breaks (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next after CRLF and a space (RFC 5545 3.1),
/// never inside a UTF-8 character.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(
            escape("Xen; ARM, and\nmore\\"),
            "Xen\\; ARM\\, and\\nmore\\\\"
        );
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        push_folded(&mut out, &long);
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.iter().all(|line| line.len() <= 75), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), long.replace(' ', ""));
        assert!(lines[1].starts_with(' '));
    }
}
