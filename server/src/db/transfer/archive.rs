//! The file: its rows, read and checked before anything is written.
use super::{FORMAT, VERSION};
use chrono::NaiveDate;
use hackboard_app::model::{EventDetails, Slug};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use std::collections::BTreeSet;

/// No text in a file may be longer: the longest a form takes is 50,000 characters.
pub(super) const STRING_MAX: usize = 100_000;

/// The file. Every list is in the order its rows were made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventArchive {
    pub format: String,
    pub version: u32,
    pub event: EventDetails,
    pub settings: Settings,
    /// Everyone the event's rows name; matched by email on import.
    pub people: Vec<PersonRow>,
    pub organisers: Vec<i64>,
    pub topics: Vec<TopicRow>,
    pub votes: Vec<VoteRow>,
    pub writeups: Vec<WriteupRow>,
    pub writeup_topics: Vec<WriteupTopicRow>,
    pub comments: Vec<CommentRow>,
    pub rooms: Vec<RoomRow>,
    pub sessions: Vec<SessionRow>,
    pub registrations: Vec<RegistrationRow>,
    pub registration_changes: Vec<ChangeRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub capacity: i64,
    pub registration_open: bool,
    pub stipend_budget: Option<i64>,
    pub stipend_currency: String,
    pub writeups_close_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct PersonRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub affiliation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct TopicRow {
    pub id: i64,
    pub proposer_id: i64,
    pub title: String,
    pub description_md: String,
    pub outcomes_md: String,
    pub contacts: String,
    pub mailing_list: String,
    pub chat_channel: String,
    pub difficulty: String,
    pub skills: String,
    pub gsoc: String,
    pub verified_by: Option<i64>,
    pub verified_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub created_at: i64,
    pub active_at: i64,
    pub outcome_md: String,
    pub outcome_links: String,
    pub outcome_at: Option<i64>,
    pub outcome_featured: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct VoteRow {
    pub topic_id: i64,
    pub user_id: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct WriteupRow {
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub body_md: String,
    pub pinned: i64,
    pub featured: i64,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub removed_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct WriteupTopicRow {
    pub writeup_id: i64,
    pub topic_id: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct CommentRow {
    pub id: i64,
    pub topic_id: Option<i64>,
    pub writeup_id: Option<i64>,
    pub author_id: i64,
    pub reply_to: Option<i64>,
    pub body_md: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub hidden_by: Option<i64>,
    pub hidden_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct RoomRow {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct SessionRow {
    pub id: i64,
    pub room_id: i64,
    pub topic_id: Option<i64>,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub sequence: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct RegistrationRow {
    pub id: i64,
    pub user_id: i64,
    pub state: String,
    pub days: String,
    pub affiliation: String,
    pub needs_visa: bool,
    pub visa_cleared: bool,
    pub stipend_amount: Option<i64>,
    pub stipend_currency: Option<String>,
    pub stipend_reason: String,
    pub note: String,
    pub listed: bool,
    pub waiting_since: Option<i64>,
    pub created_at: i64,
    pub changed_at: i64,
    pub fee: String,
    pub stipend_decision: Option<String>,
    pub reminded_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromRow)]
#[serde(deny_unknown_fields)]
pub struct ChangeRow {
    pub registration_id: i64,
    pub state: String,
    pub by_user: Option<i64>,
    pub message: String,
    pub at: i64,
    pub mark: Option<String>,
}

/// Reads a file as far as to say what is wrong with it, in words for the person importing.
pub fn parse(json: &str) -> Result<EventArchive, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("The file is not JSON: {e}."))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(format!(
            "The file is not a Hackboard event export (its \"format\" is not \"{FORMAT}\")."
        ));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "The file is version {v}; this Hackboard reads version {VERSION}."
            ))
        }
        None => return Err("The file says no version.".into()),
    }
    if let Some(path) = oversized(&value, "") {
        return Err(format!(
            "The text at {path} is longer than {STRING_MAX} characters."
        ));
    }
    let archive: EventArchive = serde_json::from_value(value)
        .map_err(|e| format!("The file does not hold a whole event: {e}."))?;
    check(&archive)?;
    Ok(archive)
}

/// The path of the first string longer than `STRING_MAX`, if any.
pub(super) fn oversized(value: &serde_json::Value, path: &str) -> Option<String> {
    match value {
        serde_json::Value::String(s) if s.chars().count() > STRING_MAX => Some(path.to_owned()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| oversized(item, &format!("{path}[{i}]"))),
        serde_json::Value::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| oversized(item, &format!("{path}.{key}"))),
        _ => None,
    }
}

/// Ids unique in each list, and every reference to a row of the file.
pub(super) fn check(archive: &EventArchive) -> Result<(), String> {
    Slug::parse(&archive.event.slug).map_err(|m| format!("The event's short name {m}."))?;
    if archive.event.ends_on < archive.event.starts_on {
        return Err("The event ends before it starts.".into());
    }
    fn ids<'a>(kind: &str, ids: impl Iterator<Item = &'a i64>) -> Result<BTreeSet<i64>, String> {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(*id) {
                return Err(format!("Two {kind} have the id {id}."));
            }
        }
        Ok(seen)
    }
    let people = ids("people", archive.people.iter().map(|p| &p.id))?;
    let topics = ids("topics", archive.topics.iter().map(|t| &t.id))?;
    let writeups = ids("write-ups", archive.writeups.iter().map(|w| &w.id))?;
    let comments = ids("comments", archive.comments.iter().map(|c| &c.id))?;
    let rooms = ids("rooms", archive.rooms.iter().map(|r| &r.id))?;
    ids("sessions", archive.sessions.iter().map(|s| &s.id))?;
    let registrations = ids("registrations", archive.registrations.iter().map(|r| &r.id))?;
    let mut emails = BTreeSet::new();
    for person in &archive.people {
        if !emails.insert(person.email.to_lowercase()) {
            return Err(format!("Two people have the email {}.", person.email));
        }
    }
    let known = |set: &BTreeSet<i64>, kind: &str, id: i64| {
        if set.contains(&id) {
            Ok(())
        } else {
            Err(format!(
                "A row names {kind} {id}, which the file does not have."
            ))
        }
    };
    for id in &archive.organisers {
        known(&people, "person", *id)?;
    }
    for t in &archive.topics {
        known(&people, "person", t.proposer_id)?;
        if let Some(by) = t.verified_by {
            known(&people, "person", by)?;
        }
    }
    for v in &archive.votes {
        known(&topics, "topic", v.topic_id)?;
        known(&people, "person", v.user_id)?;
    }
    for w in &archive.writeups {
        known(&people, "person", w.author_id)?;
    }
    for l in &archive.writeup_topics {
        known(&writeups, "write-up", l.writeup_id)?;
        known(&topics, "topic", l.topic_id)?;
    }
    for c in &archive.comments {
        known(&people, "person", c.author_id)?;
        match (c.topic_id, c.writeup_id) {
            (Some(topic), None) => known(&topics, "topic", topic)?,
            (None, Some(writeup)) => known(&writeups, "write-up", writeup)?,
            _ => {
                return Err(format!(
                    "Comment {} must be about one topic or one write-up.",
                    c.id
                ))
            }
        }
        if let Some(parent) = c.reply_to {
            // Replies come after what they answer, so they can be made in order.
            if parent >= c.id || !comments.contains(&parent) {
                return Err(format!(
                    "Comment {} answers a comment before it that is missing.",
                    c.id
                ));
            }
        }
        if let Some(by) = c.hidden_by {
            known(&people, "person", by)?;
        }
    }
    for s in &archive.sessions {
        known(&rooms, "room", s.room_id)?;
        if let Some(topic) = s.topic_id {
            known(&topics, "topic", topic)?;
        }
    }
    for r in &archive.registrations {
        known(&people, "person", r.user_id)?;
    }
    for c in &archive.registration_changes {
        known(&registrations, "registration", c.registration_id)?;
        if let Some(by) = c.by_user {
            known(&people, "person", by)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_another_kind_or_version_says_so() {
        let other = parse(r#"{"format": "pretalx", "version": 1}"#).expect_err("refused");
        assert!(other.contains("not a Hackboard event export"), "{other}");
        let newer = parse(r#"{"format": "hackboard-event", "version": 7}"#).expect_err("refused");
        assert_eq!(
            newer,
            "The file is version 7; this Hackboard reads version 1."
        );
        let partial = parse(r#"{"format": "hackboard-event", "version": 1}"#).expect_err("refused");
        assert!(partial.contains("does not hold a whole event"), "{partial}");
        assert!(parse("not json")
            .expect_err("refused")
            .starts_with("The file is not JSON"));
    }

    #[test]
    fn a_huge_string_is_named_by_its_place() {
        let huge = "x".repeat(STRING_MAX + 1);
        let json = format!(
            r#"{{"format": "hackboard-event", "version": 1, "topics": [{{"title": "{huge}"}}]}}"#
        );
        assert_eq!(
            parse(&json).expect_err("refused"),
            format!("The text at .topics[0].title is longer than {STRING_MAX} characters.")
        );
    }

    proptest::proptest! {
        /// A hostile file gets a reason, never a panic: any text, and JSON of the right kind
        /// with any value in any field.
        #[test]
        fn any_file_gets_an_answer(text in "(.|\n){0,200}", field in "[a-z_]{1,12}", number in proptest::num::i64::ANY) {
            let _ = parse(&text);
            let json = format!(
                r#"{{"format": "hackboard-event", "version": 1, "{field}": {number}, "people": [{{"id": {number}}}]}}"#
            );
            proptest::prop_assert!(parse(&json).is_err());
        }
    }
}
