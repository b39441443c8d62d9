//! Moving one event between Hackboard installations: a versioned JSON file with everything
//! about the event but secrets (passwords, tokens) and passport data. The same on both
//! backends. Ids in the file are the file's own, numbered from 1 in the order rows were
//! made, so two exports of equal events are equal files. An import runs in one transaction:
//! a refused file leaves nothing behind.
use super::events::insert_event_in;
use super::store_error;
use super::tx::begin_write;
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::model::{EventDetails, Slug};
use hackboard_app::server::StoreError;
use serde::{Deserialize, Serialize};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const FORMAT: &str = "hackboard-event";
pub const VERSION: u32 = 1;
/// No text in a file may be longer: the longest a form takes is 50,000 characters.
const STRING_MAX: usize = 100_000;

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

const SETTINGS: &str = "
    SELECT capacity, registration_open, stipend_budget, stipend_currency, writeups_close_on
    FROM events WHERE id = $1";
const ORGANISERS: &str =
    "SELECT user_id FROM event_organisers WHERE event_id = $1 ORDER BY user_id";
const TOPICS: &str = "
    SELECT id, proposer_id, title, description_md, outcomes_md, contacts, mailing_list,
           chat_channel, difficulty, skills, gsoc, verified_by, verified_at, withdrawn_at,
           created_at, active_at, outcome_md, outcome_links, outcome_at, outcome_featured
    FROM topics WHERE event_id = $1 ORDER BY id";
const VOTES: &str = "
    SELECT v.topic_id, v.user_id FROM topic_votes v JOIN topics t ON t.id = v.topic_id
    WHERE t.event_id = $1 ORDER BY v.topic_id, v.user_id";
const WRITEUPS: &str = "
    SELECT id, author_id, title, body_md, pinned, featured, created_at, edited_at, removed_at
    FROM writeups WHERE event_id = $1 ORDER BY id";
const WRITEUP_TOPICS: &str = "
    SELECT wt.writeup_id, wt.topic_id FROM writeup_topics wt
    JOIN writeups w ON w.id = wt.writeup_id
    WHERE w.event_id = $1 ORDER BY wt.writeup_id, wt.topic_id";
const COMMENTS: &str = "
    SELECT c.id, c.topic_id, c.writeup_id, c.author_id, c.reply_to, c.body_md, c.created_at,
           c.edited_at, c.deleted_at, c.hidden_by, c.hidden_at
    FROM comments c
    LEFT JOIN topics t ON t.id = c.topic_id
    LEFT JOIN writeups w ON w.id = c.writeup_id
    WHERE COALESCE(t.event_id, w.event_id) = $1 ORDER BY c.id";
const ROOMS: &str = "SELECT id, name, capacity FROM agenda_rooms WHERE event_id = $1 ORDER BY id";
const SESSIONS: &str = "
    SELECT id, room_id, topic_id, title, starts_at, ends_at, sequence
    FROM agenda_sessions WHERE event_id = $1 ORDER BY id";
const REGISTRATIONS: &str = "
    SELECT id, user_id, state, days, affiliation, needs_visa, visa_cleared, stipend_amount,
           stipend_currency, stipend_reason, note, listed, waiting_since, created_at,
           changed_at, fee, stipend_decision, reminded_at
    FROM registrations WHERE event_id = $1 ORDER BY id";
const CHANGES: &str = "
    SELECT c.registration_id, c.state, c.by_user, c.message, c.at, c.mark
    FROM registration_changes c JOIN registrations r ON r.id = c.registration_id
    WHERE r.event_id = $1 ORDER BY c.id";
/// Everyone the event's rows name, in the order their accounts were made.
const PEOPLE: &str = "
    SELECT id, email, display_name, affiliation FROM users WHERE id IN (
        SELECT user_id FROM event_organisers WHERE event_id = $1
        UNION SELECT proposer_id FROM topics WHERE event_id = $1
        UNION SELECT verified_by FROM topics WHERE event_id = $1
        UNION SELECT v.user_id FROM topic_votes v JOIN topics t ON t.id = v.topic_id
              WHERE t.event_id = $1
        UNION SELECT author_id FROM writeups WHERE event_id = $1
        UNION SELECT c.author_id FROM comments c
              LEFT JOIN topics t ON t.id = c.topic_id
              LEFT JOIN writeups w ON w.id = c.writeup_id
              WHERE COALESCE(t.event_id, w.event_id) = $1
        UNION SELECT c.hidden_by FROM comments c
              LEFT JOIN topics t ON t.id = c.topic_id
              LEFT JOIN writeups w ON w.id = c.writeup_id
              WHERE COALESCE(t.event_id, w.event_id) = $1
        UNION SELECT user_id FROM registrations WHERE event_id = $1
        UNION SELECT c.by_user FROM registration_changes c
              JOIN registrations r ON r.id = c.registration_id WHERE r.event_id = $1)
    ORDER BY id";

/// Reading rows of every kind this module knows, on a backend.
pub trait Rows<DB: Database>: for<'r> FromRow<'r, DB::Row> + Send + Unpin {}
impl<DB: Database, T> Rows<DB> for T where T: for<'r> FromRow<'r, DB::Row> + Send + Unpin {}

async fn all<DB, T>(pool: &Pool<DB>, statement: &str, event_id: i64) -> Result<Vec<T>, sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    T: Rows<DB>,
{
    sqlx::query_as(statement)
        .bind(event_id)
        .fetch_all(pool)
        .await
}

/// File ids for `ids` (in their order), from 1.
fn numbering(ids: impl IntoIterator<Item = i64>) -> HashMap<i64, i64> {
    ids.into_iter().zip(1..).collect()
}

fn renumber(map: &HashMap<i64, i64>, id: i64) -> i64 {
    map.get(&id).copied().unwrap_or_default()
}

/// The event as a file; `None` when there is no such event.
pub async fn export<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    event: EventDetails,
) -> Result<EventArchive, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    Settings: Rows<DB>,
    PersonRow: Rows<DB>,
    TopicRow: Rows<DB>,
    VoteRow: Rows<DB>,
    WriteupRow: Rows<DB>,
    WriteupTopicRow: Rows<DB>,
    CommentRow: Rows<DB>,
    RoomRow: Rows<DB>,
    SessionRow: Rows<DB>,
    RegistrationRow: Rows<DB>,
    ChangeRow: Rows<DB>,
{
    let fail = |e| store_error("export an event", e);
    let settings: Settings = sqlx::query_as(SETTINGS)
        .bind(event_id)
        .fetch_one(pool)
        .await
        .map_err(fail)?;
    let organiser_rows = sqlx::query(ORGANISERS)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    let organisers: Vec<i64> = organiser_rows
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    let mut topics: Vec<TopicRow> = all(pool, TOPICS, event_id).await.map_err(fail)?;
    let mut votes: Vec<VoteRow> = all(pool, VOTES, event_id).await.map_err(fail)?;
    let mut writeups: Vec<WriteupRow> = all(pool, WRITEUPS, event_id).await.map_err(fail)?;
    let mut writeup_topics: Vec<WriteupTopicRow> =
        all(pool, WRITEUP_TOPICS, event_id).await.map_err(fail)?;
    let mut comments: Vec<CommentRow> = all(pool, COMMENTS, event_id).await.map_err(fail)?;
    let mut rooms: Vec<RoomRow> = all(pool, ROOMS, event_id).await.map_err(fail)?;
    let mut sessions: Vec<SessionRow> = all(pool, SESSIONS, event_id).await.map_err(fail)?;
    let mut registrations: Vec<RegistrationRow> =
        all(pool, REGISTRATIONS, event_id).await.map_err(fail)?;
    let mut changes: Vec<ChangeRow> = all(pool, CHANGES, event_id).await.map_err(fail)?;

    let mut people: Vec<PersonRow> = all(pool, PEOPLE, event_id).await.map_err(fail)?;
    let person = numbering(people.iter().map(|p| p.id));
    let topic = numbering(topics.iter().map(|t| t.id));
    let writeup = numbering(writeups.iter().map(|w| w.id));
    let comment = numbering(comments.iter().map(|c| c.id));
    let room = numbering(rooms.iter().map(|r| r.id));
    let session = numbering(sessions.iter().map(|s| s.id));
    let registration = numbering(registrations.iter().map(|r| r.id));
    let p = |id| renumber(&person, id);
    for row in &mut people {
        row.id = p(row.id);
    }
    let organisers = organisers.into_iter().map(p).collect();
    for row in &mut topics {
        row.id = renumber(&topic, row.id);
        row.proposer_id = p(row.proposer_id);
        row.verified_by = row.verified_by.map(p);
    }
    for row in &mut votes {
        row.topic_id = renumber(&topic, row.topic_id);
        row.user_id = p(row.user_id);
    }
    for row in &mut writeups {
        row.id = renumber(&writeup, row.id);
        row.author_id = p(row.author_id);
    }
    for row in &mut writeup_topics {
        row.writeup_id = renumber(&writeup, row.writeup_id);
        row.topic_id = renumber(&topic, row.topic_id);
    }
    for row in &mut comments {
        row.id = renumber(&comment, row.id);
        row.topic_id = row.topic_id.map(|id| renumber(&topic, id));
        row.writeup_id = row.writeup_id.map(|id| renumber(&writeup, id));
        row.author_id = p(row.author_id);
        row.reply_to = row.reply_to.map(|id| renumber(&comment, id));
        row.hidden_by = row.hidden_by.map(p);
    }
    for row in &mut rooms {
        row.id = renumber(&room, row.id);
    }
    for row in &mut sessions {
        row.id = renumber(&session, row.id);
        row.room_id = renumber(&room, row.room_id);
        row.topic_id = row.topic_id.map(|id| renumber(&topic, id));
    }
    for row in &mut registrations {
        row.id = renumber(&registration, row.id);
        row.user_id = p(row.user_id);
    }
    for row in &mut changes {
        row.registration_id = renumber(&registration, row.registration_id);
        row.by_user = row.by_user.map(p);
    }
    Ok(EventArchive {
        format: FORMAT.into(),
        version: VERSION,
        event,
        settings,
        people,
        organisers,
        topics,
        votes,
        writeups,
        writeup_topics,
        comments,
        rooms,
        sessions,
        registrations,
        registration_changes: changes,
    })
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
fn oversized(value: &serde_json::Value, path: &str) -> Option<String> {
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
fn check(archive: &EventArchive) -> Result<(), String> {
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

const ENSURE_PERSON: &str = "
    INSERT INTO users (email, display_name, affiliation, password_hash) VALUES ($1, $2, $3, '!')
    ON CONFLICT (email) DO NOTHING";
const PERSON_BY_EMAIL: &str = "SELECT id FROM users WHERE lower(email) = lower($1)";
const SET_SETTINGS: &str = "
    UPDATE events SET capacity = $2, registration_open = $3, stipend_budget = $4,
                      stipend_currency = $5, writeups_close_on = $6
    WHERE id = $1";
const INSERT_TOPIC: &str = "
    INSERT INTO topics (event_id, proposer_id, title, description_md, outcomes_md, contacts,
                        mailing_list, chat_channel, difficulty, skills, gsoc, verified_by,
                        verified_at, withdrawn_at, created_at, active_at, outcome_md,
                        outcome_links, outcome_at, outcome_featured)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            $19, $20)
    RETURNING id";
const INSERT_VOTE: &str = "INSERT INTO topic_votes (topic_id, user_id) VALUES ($1, $2)";
const INSERT_WRITEUP: &str = "
    INSERT INTO writeups (event_id, author_id, title, body_md, pinned, featured, created_at,
                          edited_at, removed_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    RETURNING id";
const INSERT_WRITEUP_TOPIC: &str =
    "INSERT INTO writeup_topics (writeup_id, topic_id) VALUES ($1, $2)";
const INSERT_COMMENT: &str = "
    INSERT INTO comments (topic_id, writeup_id, author_id, reply_to, body_md, created_at,
                          edited_at, deleted_at, hidden_by, hidden_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    RETURNING id";
const INSERT_ROOM: &str =
    "INSERT INTO agenda_rooms (event_id, name, capacity) VALUES ($1, $2, $3) RETURNING id";
const INSERT_SESSION: &str = "
    INSERT INTO agenda_sessions (event_id, room_id, topic_id, title, starts_at, ends_at, sequence)
    VALUES ($1, $2, $3, $4, $5, $6, $7)";
const INSERT_REGISTRATION: &str = "
    INSERT INTO registrations (event_id, user_id, state, days, affiliation, needs_visa,
                               visa_cleared, stipend_amount, stipend_currency, stipend_reason,
                               note, listed, waiting_since, created_at, changed_at, fee,
                               stipend_decision, reminded_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    RETURNING id";
const INSERT_CHANGE: &str = "
    INSERT INTO registration_changes (registration_id, state, by_user, message, at, mark)
    VALUES ($1, $2, $3, $4, $5, $6)";
/// Counts are kept by the statements that change votes and comments; an import sets them.
const RECOUNT_TOPICS: &str = "
    UPDATE topics
    SET votes = (SELECT COUNT(*) FROM topic_votes v WHERE v.topic_id = topics.id),
        votes_shown = (SELECT COUNT(*) FROM topic_votes v WHERE v.topic_id = topics.id),
        comments = (SELECT COUNT(*) FROM comments c WHERE c.topic_id = topics.id
                    AND c.deleted_at IS NULL AND c.hidden_at IS NULL)
    WHERE event_id = $1";
const RECOUNT_WRITEUPS: &str = "
    UPDATE writeups
    SET comments = (SELECT COUNT(*) FROM comments c WHERE c.writeup_id = writeups.id
                    AND c.deleted_at IS NULL AND c.hidden_at IS NULL)
    WHERE event_id = $1";

/// Maps the file's ids to the new rows' ids.
fn mapped(map: &BTreeMap<i64, i64>, id: i64) -> i64 {
    // `check` has made sure every reference is to a row of the file.
    map.get(&id).copied().unwrap_or_default()
}

/// Imports a checked file in one transaction: people are matched by email (new ones get an
/// account without a password, to be set by "forgot password"). `Err` with the reason when
/// the event's short name is taken.
pub async fn import<DB>(
    pool: &Pool<DB>,
    archive: &EventArchive,
) -> Result<Result<i64, String>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> NaiveTime: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("import an event", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let Some(event_id) = insert_event_in(&mut tx, &archive.event).await? else {
        return Ok(Err(format!(
            "An event already uses the short name \"{}\".",
            archive.event.slug
        )));
    };
    match fill(&mut tx, event_id, archive).await {
        Ok(()) => {}
        // The file broke a rule the checks above do not know: refused, and rolled back.
        Err(error) if error.as_database_error().is_some() => {
            return Ok(Err(format!(
                "The file does not fit this installation's rules: {error}."
            )))
        }
        Err(error) => return Err(fail(error)),
    }
    tx.commit().await.map_err(fail)?;
    Ok(Ok(event_id))
}

/// Fills the new event's rows in `tx` from a checked file.
async fn fill<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    event_id: i64,
    archive: &EventArchive,
) -> Result<(), sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let s = &archive.settings;
    sqlx::query(SET_SETTINGS)
        .bind(event_id)
        .bind(s.capacity)
        .bind(s.registration_open)
        .bind(s.stipend_budget)
        .bind(s.stipend_currency.as_str())
        .bind(s.writeups_close_on)
        .execute(&mut **tx)
        .await?;

    let mut people = BTreeMap::new();
    for person in &archive.people {
        sqlx::query(ENSURE_PERSON)
            .bind(person.email.as_str())
            .bind(person.display_name.as_str())
            .bind(person.affiliation.as_str())
            .execute(&mut **tx)
            .await?;
        let row = sqlx::query(PERSON_BY_EMAIL)
            .bind(person.email.as_str())
            .fetch_one(&mut **tx)
            .await?;
        people.insert(person.id, row.try_get::<i64, _>(0)?);
    }
    let p = |id| mapped(&people, id);
    for organiser in &archive.organisers {
        sqlx::query(super::events::ADD_ORGANISER)
            .bind(event_id)
            .bind(p(*organiser))
            .execute(&mut **tx)
            .await?;
    }
    let mut topics = BTreeMap::new();
    for t in &archive.topics {
        let row = sqlx::query(INSERT_TOPIC)
            .bind(event_id)
            .bind(p(t.proposer_id))
            .bind(t.title.as_str())
            .bind(t.description_md.as_str())
            .bind(t.outcomes_md.as_str())
            .bind(t.contacts.as_str())
            .bind(t.mailing_list.as_str())
            .bind(t.chat_channel.as_str())
            .bind(t.difficulty.as_str())
            .bind(t.skills.as_str())
            .bind(t.gsoc.as_str())
            .bind(t.verified_by.map(p))
            .bind(t.verified_at)
            .bind(t.withdrawn_at)
            .bind(t.created_at)
            .bind(t.active_at)
            .bind(t.outcome_md.as_str())
            .bind(t.outcome_links.as_str())
            .bind(t.outcome_at)
            .bind(t.outcome_featured)
            .fetch_one(&mut **tx)
            .await?;
        topics.insert(t.id, row.try_get::<i64, _>(0)?);
    }
    for v in &archive.votes {
        sqlx::query(INSERT_VOTE)
            .bind(mapped(&topics, v.topic_id))
            .bind(p(v.user_id))
            .execute(&mut **tx)
            .await?;
    }
    let mut writeups = BTreeMap::new();
    for w in &archive.writeups {
        let row = sqlx::query(INSERT_WRITEUP)
            .bind(event_id)
            .bind(p(w.author_id))
            .bind(w.title.as_str())
            .bind(w.body_md.as_str())
            .bind(w.pinned)
            .bind(w.featured)
            .bind(w.created_at)
            .bind(w.edited_at)
            .bind(w.removed_at)
            .fetch_one(&mut **tx)
            .await?;
        writeups.insert(w.id, row.try_get::<i64, _>(0)?);
    }
    for l in &archive.writeup_topics {
        sqlx::query(INSERT_WRITEUP_TOPIC)
            .bind(mapped(&writeups, l.writeup_id))
            .bind(mapped(&topics, l.topic_id))
            .execute(&mut **tx)
            .await?;
    }
    let mut comments = BTreeMap::new();
    for c in &archive.comments {
        let row = sqlx::query(INSERT_COMMENT)
            .bind(c.topic_id.map(|id| mapped(&topics, id)))
            .bind(c.writeup_id.map(|id| mapped(&writeups, id)))
            .bind(p(c.author_id))
            .bind(c.reply_to.map(|id| mapped(&comments, id)))
            .bind(c.body_md.as_str())
            .bind(c.created_at)
            .bind(c.edited_at)
            .bind(c.deleted_at)
            .bind(c.hidden_by.map(p))
            .bind(c.hidden_at)
            .fetch_one(&mut **tx)
            .await?;
        comments.insert(c.id, row.try_get::<i64, _>(0)?);
    }
    let mut rooms = BTreeMap::new();
    for r in &archive.rooms {
        let row = sqlx::query(INSERT_ROOM)
            .bind(event_id)
            .bind(r.name.as_str())
            .bind(r.capacity)
            .fetch_one(&mut **tx)
            .await?;
        rooms.insert(r.id, row.try_get::<i64, _>(0)?);
    }
    for s in &archive.sessions {
        sqlx::query(INSERT_SESSION)
            .bind(event_id)
            .bind(mapped(&rooms, s.room_id))
            .bind(s.topic_id.map(|id| mapped(&topics, id)))
            .bind(s.title.as_str())
            .bind(s.starts_at)
            .bind(s.ends_at)
            .bind(s.sequence)
            .execute(&mut **tx)
            .await?;
    }
    let mut registrations = BTreeMap::new();
    for r in &archive.registrations {
        let row = sqlx::query(INSERT_REGISTRATION)
            .bind(event_id)
            .bind(p(r.user_id))
            .bind(r.state.as_str())
            .bind(r.days.as_str())
            .bind(r.affiliation.as_str())
            .bind(r.needs_visa)
            .bind(r.visa_cleared)
            .bind(r.stipend_amount)
            .bind(r.stipend_currency.as_deref())
            .bind(r.stipend_reason.as_str())
            .bind(r.note.as_str())
            .bind(r.listed)
            .bind(r.waiting_since)
            .bind(r.created_at)
            .bind(r.changed_at)
            .bind(r.fee.as_str())
            .bind(r.stipend_decision.as_deref())
            .bind(r.reminded_at)
            .fetch_one(&mut **tx)
            .await?;
        registrations.insert(r.id, row.try_get::<i64, _>(0)?);
    }
    for c in &archive.registration_changes {
        sqlx::query(INSERT_CHANGE)
            .bind(mapped(&registrations, c.registration_id))
            .bind(c.state.as_str())
            .bind(c.by_user.map(p))
            .bind(c.message.as_str())
            .bind(c.at)
            .bind(c.mark.as_deref())
            .execute(&mut **tx)
            .await?;
    }
    for recount in [RECOUNT_TOPICS, RECOUNT_WRITEUPS] {
        sqlx::query(recount)
            .bind(event_id)
            .execute(&mut **tx)
            .await?;
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
