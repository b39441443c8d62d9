//! Writing an event into the file.
use super::archive::{
    ChangeRow, CommentRow, EventArchive, PersonRow, RegistrationRow, RoomRow, SessionRow, Settings,
    TopicRow, VoteRow, WriteupRow, WriteupTopicRow,
};
use super::{FORMAT, VERSION};
use crate::db::store_error;
use hackboard_app::model::EventDetails;
use hackboard_app::server::StoreError;
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};
use std::collections::HashMap;

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

/// The event as a file.
pub async fn export_event<DB>(
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
