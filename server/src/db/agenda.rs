//! The agenda in the store, the same on both backends. Every change first moves the event's
//! `agenda_version`, but only from the version the organiser saw: that one statement both
//! refuses a stale change and makes concurrent changes to one event take turns.
use super::live_log::{publish, Notify};
use super::tx::begin_write;
use super::{at, store_error};
use hackboard_app::model::{AgendaTopic, Room};
use hackboard_app::server::{
    AgendaChange, AgendaEdit, AgendaRefusal, AnnounceAgenda, StoreError, StoredAgenda,
    StoredSession,
};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

pub const AGENDA_VERSION: &str = "SELECT agenda_version FROM events WHERE id = $1";

/// `$2` the version the change is based on: no row if another change came first.
pub const BUMP_AGENDA_VERSION: &str = "
    UPDATE events SET agenda_version = agenda_version + 1
    WHERE id = $1 AND agenda_version = $2
    RETURNING agenda_version";

pub const AGENDA_ROOMS: &str = "
    SELECT id, name, capacity FROM agenda_rooms WHERE event_id = $1 ORDER BY id";

/// A topic's session shows the topic's current title, contacts and votes.
pub const AGENDA_SESSIONS: &str = "
    SELECT s.id, s.room_id, s.topic_id, COALESCE(t.title, s.title) AS title, s.starts_at,
           s.ends_at, s.sequence, COALESCE(t.contacts, '') AS contacts,
           COALESCE(t.votes, 0) AS interest
    FROM agenda_sessions s LEFT JOIN topics t ON t.id = s.topic_id
    WHERE s.event_id = $1
    ORDER BY s.starts_at, s.room_id, s.id";

pub const UNSCHEDULED_TOPICS: &str = "
    SELECT t.id, t.title, t.votes, t.contacts FROM topics t
    WHERE t.event_id = $1 AND t.withdrawn_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM agenda_sessions s WHERE s.topic_id = t.id)
    ORDER BY t.votes DESC, t.id";

pub const ROOM_NAMED: &str = "SELECT id FROM agenda_rooms WHERE event_id = $1 AND name = $2";

pub const INSERT_ROOM: &str = "
    INSERT INTO agenda_rooms (event_id, name, capacity) VALUES ($1, $2, $3)";

/// `$1` the room, `$2` the event.
pub const ROOM_OF_EVENT: &str = "SELECT id FROM agenda_rooms WHERE id = $1 AND event_id = $2";

pub const OPEN_TOPIC_OF_EVENT: &str = "
    SELECT id FROM topics WHERE id = $1 AND event_id = $2 AND withdrawn_at IS NULL";

pub const SCHEDULED_TOPIC: &str = "
    SELECT id FROM agenda_sessions WHERE topic_id = $1 AND event_id = $2";

pub const SESSION_OF_EVENT: &str = "
    SELECT id FROM agenda_sessions WHERE id = $1 AND event_id = $2";

pub const SESSION_SLOT: &str = "
    SELECT room_id, starts_at, ends_at FROM agenda_sessions WHERE id = $1 AND event_id = $2";

/// A session in room `$1` overlapping `$2..$3`, other than `$4` and `$5`.
pub const ROOM_TAKEN: &str = "
    SELECT COALESCE(t.title, s.title) FROM agenda_sessions s
    LEFT JOIN topics t ON t.id = s.topic_id
    WHERE s.room_id = $1 AND s.starts_at < $3 AND s.ends_at > $2 AND s.id <> $4 AND s.id <> $5
    LIMIT 1";

pub const INSERT_AGENDA_SESSION: &str = "
    INSERT INTO agenda_sessions (event_id, room_id, topic_id, title, starts_at, ends_at)
    VALUES ($1, $2, $3, $4, $5, $6)";

pub const MOVE_AGENDA_SESSION: &str = "
    UPDATE agenda_sessions
    SET room_id = $2, starts_at = $3, ends_at = $4, sequence = sequence + 1
    WHERE id = $1";

pub const DELETE_AGENDA_SESSION: &str = "DELETE FROM agenda_sessions WHERE id = $1";

type Tx<DB> = sqlx::Transaction<'static, DB>;

pub async fn list_agenda<DB>(pool: &Pool<DB>, event_id: i64) -> Result<StoredAgenda, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> RoomRow: FromRow<'r, DB::Row>,
    for<'r> AgendaSessionRow: FromRow<'r, DB::Row>,
    for<'r> AgendaTopicRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("read agenda", e);
    let mut conn = pool.acquire().await.map_err(fail)?;
    // The version first: rows read after it are at least as new, so a change based on it is
    // at worst refused as stale, never applied over something unseen.
    let version: i64 = sqlx::query(AGENDA_VERSION)
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(fail)?;
    let rooms: Vec<RoomRow> = sqlx::query_as(AGENDA_ROOMS)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(fail)?;
    let sessions: Vec<AgendaSessionRow> = sqlx::query_as(AGENDA_SESSIONS)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(fail)?;
    let topics: Vec<AgendaTopicRow> = sqlx::query_as(UNSCHEDULED_TOPICS)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(fail)?;
    Ok(StoredAgenda {
        version,
        rooms: rooms.into_iter().map(Room::from).collect(),
        sessions: sessions.into_iter().map(Into::into).collect(),
        topics: topics.into_iter().map(AgendaTopic::from).collect(),
    })
}

pub async fn update_agenda<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    base_version: i64,
    edit: &AgendaEdit,
    announce: AnnounceAgenda,
) -> Result<AgendaChange, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("change agenda", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let bumped = sqlx::query(BUMP_AGENDA_VERSION)
        .bind(event_id)
        .bind(base_version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(bumped) = bumped else {
        return Ok(AgendaChange::Refused(AgendaRefusal::Stale));
    };
    let version: i64 = bumped.try_get(0).map_err(fail)?;
    if let Err(refusal) = apply(&mut tx, event_id, edit).await? {
        return Ok(AgendaChange::Refused(refusal));
    }
    publish(&mut tx, event_id, &announce(version), notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(AgendaChange::Made { version })
}

async fn apply<DB>(
    tx: &mut Tx<DB>,
    event_id: i64,
    edit: &AgendaEdit,
) -> Result<Result<(), AgendaRefusal>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("change agenda", e);
    match edit {
        AgendaEdit::AddRoom { name, capacity } => {
            if exists(tx, ROOM_NAMED, event_id, name).await? {
                return Ok(Err(AgendaRefusal::RoomNameTaken));
            }
            sqlx::query(INSERT_ROOM)
                .bind(event_id)
                .bind(name.as_str())
                .bind(i64::from(*capacity))
                .execute(&mut **tx)
                .await
                .map_err(fail)?;
        }
        AgendaEdit::Place {
            topic_id,
            title,
            at,
        } => {
            if !has(tx, ROOM_OF_EVENT, at.room_id, event_id).await? {
                return Ok(Err(AgendaRefusal::NoSuchRoom));
            }
            if let Some(topic_id) = topic_id {
                if !has(tx, OPEN_TOPIC_OF_EVENT, *topic_id, event_id).await? {
                    return Ok(Err(AgendaRefusal::TopicUnavailable));
                }
                if has(tx, SCHEDULED_TOPIC, *topic_id, event_id).await? {
                    return Ok(Err(AgendaRefusal::AlreadyScheduled));
                }
            }
            if let Some(with) = taken(tx, at.room_id, at.starts_at, at.ends_at, &[]).await? {
                return Ok(Err(AgendaRefusal::RoomTaken { with }));
            }
            sqlx::query(INSERT_AGENDA_SESSION)
                .bind(event_id)
                .bind(at.room_id)
                .bind(*topic_id)
                .bind(title.as_str())
                .bind(at.starts_at)
                .bind(at.ends_at)
                .execute(&mut **tx)
                .await
                .map_err(fail)?;
        }
        AgendaEdit::Move { session_id, to } => {
            if !has(tx, SESSION_OF_EVENT, *session_id, event_id).await? {
                return Ok(Err(AgendaRefusal::NoSuchSession));
            }
            if !has(tx, ROOM_OF_EVENT, to.room_id, event_id).await? {
                return Ok(Err(AgendaRefusal::NoSuchRoom));
            }
            let with = taken(tx, to.room_id, to.starts_at, to.ends_at, &[*session_id]).await?;
            if let Some(with) = with {
                return Ok(Err(AgendaRefusal::RoomTaken { with }));
            }
            place(tx, *session_id, to.room_id, to.starts_at, to.ends_at).await?;
        }
        AgendaEdit::Swap { first, second } => {
            let (Some(a), Some(b)) = (
                slot_of(tx, *first, event_id).await?,
                slot_of(tx, *second, event_id).await?,
            ) else {
                return Ok(Err(AgendaRefusal::NoSuchSession));
            };
            // Each takes the other's room and start, and keeps its own length.
            let first_to = (b.0, b.1, b.1 + (a.2 - a.1));
            let second_to = (a.0, a.1, a.1 + (b.2 - b.1));
            let both = [*first, *second];
            for (room, starts, ends) in [first_to, second_to] {
                if let Some(with) = taken(tx, room, starts, ends, &both).await? {
                    return Ok(Err(AgendaRefusal::RoomTaken { with }));
                }
            }
            place(tx, *first, first_to.0, first_to.1, first_to.2).await?;
            place(tx, *second, second_to.0, second_to.1, second_to.2).await?;
        }
        AgendaEdit::Unschedule { session_id } => {
            if !has(tx, SESSION_OF_EVENT, *session_id, event_id).await? {
                return Ok(Err(AgendaRefusal::NoSuchSession));
            }
            sqlx::query(DELETE_AGENDA_SESSION)
                .bind(*session_id)
                .execute(&mut **tx)
                .await
                .map_err(fail)?;
        }
    }
    Ok(Ok(()))
}

/// Whether `statement` finds a row for (`id`, `event_id`).
async fn has<DB>(
    tx: &mut Tx<DB>,
    statement: &str,
    id: i64,
    event_id: i64,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let found = sqlx::query(statement)
        .bind(id)
        .bind(event_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| store_error("check agenda change", e))?;
    Ok(found.is_some())
}

async fn exists<DB>(
    tx: &mut Tx<DB>,
    statement: &str,
    event_id: i64,
    name: &str,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let found = sqlx::query(statement)
        .bind(event_id)
        .bind(name)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| store_error("check agenda change", e))?;
    Ok(found.is_some())
}

/// The title of a session other than `except` in the room at that time, if any.
async fn taken<DB>(
    tx: &mut Tx<DB>,
    room_id: i64,
    starts_at: i64,
    ends_at: i64,
    except: &[i64],
) -> Result<Option<String>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("check the room is free", e);
    let row = sqlx::query(ROOM_TAKEN)
        .bind(room_id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(except.first().copied().unwrap_or(0))
        .bind(except.get(1).copied().unwrap_or(0))
        .fetch_optional(&mut **tx)
        .await
        .map_err(fail)?;
    row.map(|row| row.try_get::<String, _>(0))
        .transpose()
        .map_err(fail)
}

/// (room, start, end) of a session of the event.
async fn slot_of<DB>(
    tx: &mut Tx<DB>,
    session_id: i64,
    event_id: i64,
) -> Result<Option<(i64, i64, i64)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read a session", e);
    let row = sqlx::query(SESSION_SLOT)
        .bind(session_id)
        .bind(event_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(fail)?;
    match row {
        Some(row) => Ok(Some((
            row.try_get(0).map_err(fail)?,
            row.try_get(1).map_err(fail)?,
            row.try_get(2).map_err(fail)?,
        ))),
        None => Ok(None),
    }
}

async fn place<DB>(
    tx: &mut Tx<DB>,
    session_id: i64,
    room_id: i64,
    starts_at: i64,
    ends_at: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(MOVE_AGENDA_SESSION)
        .bind(session_id)
        .bind(room_id)
        .bind(starts_at)
        .bind(ends_at)
        .execute(&mut **tx)
        .await
        .map_err(|e| store_error("move a session", e))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct RoomRow {
    id: i64,
    name: String,
    capacity: i64,
}

impl From<RoomRow> for Room {
    fn from(row: RoomRow) -> Self {
        Room {
            id: row.id,
            name: row.name,
            capacity: u32::try_from(row.capacity).unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendaSessionRow {
    id: i64,
    room_id: i64,
    topic_id: Option<i64>,
    title: String,
    starts_at: i64,
    ends_at: i64,
    sequence: i64,
    contacts: String,
    interest: i64,
}

impl From<AgendaSessionRow> for StoredSession {
    fn from(row: AgendaSessionRow) -> Self {
        StoredSession {
            id: row.id,
            room_id: row.room_id,
            topic_id: row.topic_id,
            title: row.title,
            starts_at: at(row.starts_at),
            ends_at: at(row.ends_at),
            sequence: u32::try_from(row.sequence).unwrap_or_default(),
            contacts: row.contacts,
            interest: u32::try_from(row.interest).unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendaTopicRow {
    id: i64,
    title: String,
    votes: i64,
    contacts: String,
}

impl From<AgendaTopicRow> for AgendaTopic {
    fn from(row: AgendaTopicRow) -> Self {
        AgendaTopic {
            id: row.id,
            title: row.title,
            votes: u32::try_from(row.votes).unwrap_or_default(),
            contacts: row.contacts,
        }
    }
}
