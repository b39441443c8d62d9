//! `GET /events/{slug}/schedule.xml` and `/schedule.json`: the agenda in the frab / pentabarf
//! format that conference apps read (Giggity, EventFahrplan, ConfClerk, pyfahrplan). Both are
//! drawn from one [`Schedule`], checked against the published schemas in the test suite
//! (`end2end/schema/`). The version is the agenda's, so apps polling the file see each change;
//! GUIDs are UUIDs derived from the session's address, so a session keeps its GUID for life.
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use hackboard_app::model::{Agenda, Session};
use hackboard_app::server::{agenda, AppState};
use serde_json::{json, Value};
use uuid::Uuid;

use super::xml;

/// The grid conference apps draw: the agenda is edited in quarter hours.
const TIMESLOT: &str = "00:15";

pub async fn schedule_xml(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    export(
        &state,
        &slug,
        "application/xml; charset=utf-8",
        |schedule| schedule.xml(),
    )
    .await
}

pub async fn schedule_json(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    export(&state, &slug, "application/json", |schedule| {
        schedule.json().to_string()
    })
    .await
}

async fn export(
    state: &AppState,
    slug: &str,
    content_type: &'static str,
    render: impl Fn(&Schedule) -> String,
) -> Response {
    match agenda::agenda(state, None, slug).await {
        Ok(agenda) => {
            let body = render(&Schedule::new(&agenda, &state.public_url));
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        Err(error) => super::refusal(error),
    }
}

/// The agenda as conference apps see it: days, then rooms, then talks.
pub struct Schedule {
    version: String,
    title: String,
    acronym: String,
    url: String,
    time_zone: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
    rooms: Vec<RoomEntry>,
    days: Vec<Day>,
}

struct RoomEntry {
    name: String,
    guid: Uuid,
}

struct Day {
    index: usize,
    date: NaiveDate,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    /// Every room of the event, in order, each with its talks of the day.
    rooms: Vec<(String, Vec<Talk>)>,
}

struct Talk {
    id: i64,
    guid: Uuid,
    room: String,
    title: String,
    kind: &'static str,
    track: &'static str,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    slug: String,
    url: String,
    persons: Vec<String>,
}

impl Schedule {
    pub fn new(agenda: &Agenda, public_url: &str) -> Schedule {
        let base = public_url.trim_end_matches('/');
        let event_url = format!("{base}/events/{}", agenda.slug);
        let acronym = acronym(&agenda.slug);
        let guid = |what: &str| {
            Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                format!("{event_url}/{what}").as_bytes(),
            )
        };
        let offset = FixedOffset::east_opt(agenda.utc_offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero is an offset"));
        let days = agenda
            .days
            .iter()
            .enumerate()
            .map(|(i, date)| {
                let rooms = agenda
                    .rooms
                    .iter()
                    .map(|room| {
                        let talks = agenda
                            .sessions
                            .iter()
                            .filter(|s| s.room_id == room.id && s.day() == *date)
                            .map(|session| Talk {
                                id: session.id,
                                guid: guid(&format!("sessions/{}", session.id)),
                                room: room.name.clone(),
                                title: session.title.clone(),
                                kind: if session.topic_id.is_some() {
                                    "workshop"
                                } else {
                                    "other"
                                },
                                track: if session.topic_id.is_some() {
                                    "Topics"
                                } else {
                                    "Plenary"
                                },
                                start: session_time(session, true),
                                end: session_time(session, false),
                                slug: talk_slug(&acronym, session),
                                url: match session.topic_id {
                                    Some(topic) => format!("{event_url}/topics/{topic}"),
                                    None => format!("{event_url}/agenda"),
                                },
                                persons: persons(&session.contacts),
                            })
                            .collect();
                        (room.name.clone(), talks)
                    })
                    .collect();
                let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
                let last = date.and_hms_opt(23, 59, 0).expect("23:59 exists");
                Day {
                    index: i + 1,
                    date: *date,
                    start: at_offset(midnight, offset),
                    end: at_offset(last, offset),
                    rooms,
                }
            })
            .collect();
        Schedule {
            version: agenda.version.to_string(),
            title: agenda.event_title.clone(),
            acronym,
            url: event_url.clone(),
            time_zone: agenda.time_zone.clone(),
            first_day: agenda.days.first().copied().unwrap_or_default(),
            last_day: agenda.days.last().copied().unwrap_or_default(),
            rooms: agenda
                .rooms
                .iter()
                .map(|room| RoomEntry {
                    name: room.name.clone(),
                    guid: guid(&format!("rooms/{}", room.id)),
                })
                .collect(),
            days,
        }
    }

    pub fn xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
        let mut put = |text: String| {
            out.push_str(&text);
            out.push('\n');
        };
        put(format!(
            "  <generator name=\"Hackboard\" version=\"{}\"/>",
            env!("CARGO_PKG_VERSION")
        ));
        put(format!("  <url>{}/schedule.xml</url>", xml(&self.url)));
        put(format!("  <version>{}</version>", xml(&self.version)));
        put("  <conference>".into());
        put(format!("    <title>{}</title>", xml(&self.title)));
        put(format!("    <acronym>{}</acronym>", self.acronym));
        put(format!("    <start>{}</start>", self.first_day));
        put(format!("    <end>{}</end>", self.last_day));
        put(format!("    <days>{}</days>", self.days.len()));
        put(format!(
            "    <timeslot_duration>{TIMESLOT}</timeslot_duration>"
        ));
        put(format!("    <url>{}</url>", xml(&self.url)));
        put(format!(
            "    <time_zone_name>{}</time_zone_name>",
            xml(&self.time_zone)
        ));
        put("  </conference>".into());
        for day in &self.days {
            put(format!(
                "  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">",
                day.index,
                day.date,
                stamp(day.start),
                stamp(day.end)
            ));
            for ((name, talks), room) in day.rooms.iter().zip(&self.rooms) {
                put(format!(
                    "    <room name=\"{}\" guid=\"{}\">",
                    xml(name),
                    room.guid
                ));
                for talk in talks {
                    put(format!(
                        "      <event id=\"{}\" guid=\"{}\">",
                        talk.id, talk.guid
                    ));
                    put(format!("        <date>{}</date>", stamp(talk.start)));
                    put(format!(
                        "        <start>{}</start>",
                        talk.start.format("%H:%M")
                    ));
                    put(format!("        <duration>{}</duration>", talk.duration()));
                    put(format!("        <room>{}</room>", xml(&talk.room)));
                    put(format!("        <slug>{}</slug>", talk.slug));
                    put(format!("        <url>{}</url>", xml(&talk.url)));
                    put(format!("        <title>{}</title>", xml(&talk.title)));
                    put("        <subtitle></subtitle>".into());
                    put(format!("        <track>{}</track>", talk.track));
                    put(format!("        <type>{}</type>", talk.kind));
                    put("        <language>en</language>".into());
                    put("        <abstract></abstract>".into());
                    put("        <persons>".into());
                    for person in &talk.persons {
                        put(format!("          <person>{}</person>", xml(person)));
                    }
                    put("        </persons>".into());
                    put("        <links></links>".into());
                    put("      </event>".into());
                }
                put("    </room>".into());
            }
            put("  </day>".into());
        }
        put("</schedule>".into());
        out
    }

    pub fn json(&self) -> Value {
        let days: Vec<Value> = self
            .days
            .iter()
            .map(|day| {
                let rooms: serde_json::Map<String, Value> = day
                    .rooms
                    .iter()
                    .map(|(name, talks)| {
                        let talks = talks.iter().map(Talk::json).collect();
                        (name.clone(), Value::Array(talks))
                    })
                    .collect();
                json!({
                    "index": day.index,
                    "date": day.date.to_string(),
                    "day_start": stamp(day.start),
                    "day_end": stamp(day.end),
                    "rooms": rooms,
                })
            })
            .collect();
        let rooms: Vec<Value> = self
            .rooms
            .iter()
            .map(|room| json!({ "name": room.name, "guid": room.guid.to_string() }))
            .collect();
        let mut conference = json!({
            "acronym": self.acronym,
            "title": self.title,
            "start": self.first_day.to_string(),
            "end": self.last_day.to_string(),
            "daysCount": self.days.len(),
            "timeslot_duration": TIMESLOT,
            "url": self.url,
            "rooms": rooms,
            "days": days,
        });
        // The schema only knows "Area/City" names and UTC; apps fall back to the offsets.
        if plain_zone_name(&self.time_zone) {
            conference["time_zone_name"] = json!(self.time_zone);
        }
        json!({
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": { "name": "Hackboard", "version": env!("CARGO_PKG_VERSION") },
            "schedule": {
                "version": self.version,
                "url": format!("{}/schedule.json", self.url),
                "conference": conference,
            },
        })
    }
}

impl Talk {
    /// "H:MM"; a session starts and ends on one day.
    fn duration(&self) -> String {
        let minutes = (self.end - self.start).num_minutes().max(0);
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }

    fn json(&self) -> Value {
        let persons: Vec<Value> = self
            .persons
            .iter()
            .map(|name| json!({ "name": name }))
            .collect();
        json!({
            "id": self.id,
            "guid": self.guid.to_string(),
            "date": stamp(self.start),
            "start": self.start.format("%H:%M").to_string(),
            "end": stamp(self.end),
            "duration": self.duration(),
            "room": self.room,
            "slug": self.slug,
            "url": self.url,
            "title": self.title,
            "subtitle": "",
            "track": self.track,
            "type": self.kind,
            "language": "en",
            "abstract": "",
            "persons": persons,
            "links": [],
        })
    }
}

/// Session times with the zone's offset on that day (it may differ from the event's first day
/// across a daylight-saving change).
fn session_time(session: &Session, start: bool) -> DateTime<FixedOffset> {
    let (utc, local) = if start {
        (session.starts_at, session.local_start)
    } else {
        (session.ends_at, session.local_end)
    };
    let seconds = (local - utc.naive_utc()).num_seconds() as i32;
    let offset = FixedOffset::east_opt(seconds)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero is an offset"));
    utc.with_timezone(&offset)
}

fn at_offset(local: chrono::NaiveDateTime, offset: FixedOffset) -> DateTime<FixedOffset> {
    local
        .and_local_timezone(offset)
        .single()
        .expect("a fixed offset maps every wall-clock time once")
}

fn stamp(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The event's slug as the formats want it: lower-case letters, digits and `_`, four at least.
fn acronym(slug: &str) -> String {
    let mut out: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while out.len() < 4 {
        out.push('_');
    }
    out
}

/// `{acronym}-{id}-{title}`, unique by the id and readable by the title.
fn talk_slug(acronym: &str, session: &Session) -> String {
    let mut title = String::new();
    for c in session.title.chars() {
        if c.is_ascii_alphanumeric() {
            title.push(c.to_ascii_lowercase());
        } else if !title.ends_with('-') {
            title.push('-');
        }
        if title.len() >= 40 {
            break;
        }
    }
    let title = title.trim_matches('-');
    if title.is_empty() {
        format!("{acronym}-session-{}", session.id)
    } else {
        format!("{acronym}-session-{}-{title}", session.id)
    }
}

/// The technical contacts, one person each ("Ian Campbell, Julien Grall").
fn persons(contacts: &str) -> Vec<String> {
    contacts
        .split([',', ';'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the schema's pattern takes the zone name: it wants "Area/City" (matched from the
/// start only) or UTC.
fn plain_zone_name(zone: &str) -> bool {
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.next().is_some_and(|c| c.is_ascii_lowercase())
    };
    zone == "UTC"
        || matches!(zone.split_once('/'), Some((area, city))
            if capitalised(area) && area[1..].chars().all(|c| c.is_ascii_lowercase()) && capitalised(city))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_the_formats_patterns() {
        assert_eq!(acronym("london-2026"), "london_2026");
        assert_eq!(acronym("xen"), "xen_");
        assert!(plain_zone_name("Europe/London"));
        assert!(plain_zone_name("UTC"));
        assert!(plain_zone_name("America/Argentina/Buenos_Aires"));
        assert!(!plain_zone_name("Etc/GMT+1"));
        assert_eq!(
            persons(" Ian Campbell, Julien Grall;"),
            ["Ian Campbell", "Julien Grall"]
        );
        assert_eq!(xml("R&D <\"x\">"), "R&amp;D &lt;&quot;x&quot;&gt;");
    }
}
