//! After the event in the store: write-ups with their topic links, topic outcomes, and the
//! write-up window. The same on both backends; every change tells the event's live stream.
use super::live_log::{publish, Notify};
use super::store_error;
use super::tx::begin_write;
use chrono::NaiveDate;
use hackboard_app::model::{OutcomeDraft, Person, TopicLink, TopicOrigin, WriteupDraft};
use hackboard_app::server::live::Outgoing;
use hackboard_app::server::{StoreError, StoredOutcome, StoredWriteup, Updated, WriteupChange};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

const INSERT: &str = "
    INSERT INTO writeups (event_id, author_id, title, body_md, pinned, created_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id";

/// Links only topics of the write-up's own event.
const LINK_TOPIC: &str = "
    INSERT INTO writeup_topics (writeup_id, topic_id)
    SELECT w.id, t.id FROM writeups w JOIN topics t ON t.event_id = w.event_id
    WHERE w.id = $1 AND t.id = $2";

const UNLINK_TOPICS: &str = "DELETE FROM writeup_topics WHERE writeup_id = $1";

const EDIT: &str = "
    UPDATE writeups SET title = $2, body_md = $3, edited_at = $4
    WHERE id = $1 AND removed_at IS NULL
    RETURNING event_id";

const REMOVE: &str = "
    UPDATE writeups SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL
    RETURNING event_id";

const PIN: &str = "
    UPDATE writeups SET pinned = $2 WHERE id = $1 AND removed_at IS NULL
    RETURNING event_id";

const FEATURE: &str = "
    UPDATE writeups SET featured = $2 WHERE id = $1 AND removed_at IS NULL
    RETURNING event_id";

const WRITEUP: &str = "
    SELECT w.id, w.event_id, w.author_id, u.display_name, u.affiliation, w.title, w.body_md,
           w.pinned, w.featured, w.comments, w.created_at, w.edited_at
    FROM writeups w JOIN users u ON u.id = w.author_id
    WHERE w.removed_at IS NULL";

const LINKS: &str = "
    SELECT wt.writeup_id, t.id, t.title
    FROM writeup_topics wt
    JOIN topics t ON t.id = wt.topic_id
    JOIN writeups w ON w.id = wt.writeup_id
    WHERE w.event_id = $1
    ORDER BY t.title, t.id";

const SET_OUTCOME: &str = "
    UPDATE topics
    SET outcome_md = $3, outcome_links = $4,
        outcome_at = CASE WHEN $3 = '' THEN NULL ELSE $5 END,
        outcome_featured = CASE WHEN $3 = '' THEN 0 ELSE outcome_featured END
    WHERE id = $2 AND event_id = $1 AND withdrawn_at IS NULL
    RETURNING id";

const FEATURE_OUTCOME: &str = "
    UPDATE topics SET outcome_featured = $3
    WHERE id = $2 AND event_id = $1 AND outcome_md <> ''
    RETURNING id";

const OUTCOME: &str = "
    SELECT id, title, outcomes_md, outcome_md, outcome_links, outcome_featured
    FROM topics WHERE outcome_md <> '' AND withdrawn_at IS NULL";

const ORIGIN: &str = "
    SELECT e.slug, e.title AS event_title, p.id AS topic_id, p.title
    FROM topics t
    JOIN topics p ON p.id = t.carried_from
    JOIN events e ON e.id = p.event_id
    WHERE t.id = $1";

const WINDOW: &str = "SELECT writeups_close_on FROM events WHERE id = $1";

const SET_WINDOW: &str = "UPDATE events SET writeups_close_on = $2 WHERE id = $1";

#[derive(FromRow)]
pub struct WriteupRow {
    id: i64,
    event_id: i64,
    author_id: i64,
    display_name: String,
    affiliation: String,
    title: String,
    body_md: String,
    pinned: i64,
    featured: i64,
    comments: i64,
    created_at: i64,
    edited_at: Option<i64>,
}

impl WriteupRow {
    fn stored(self, topics: Vec<TopicLink>) -> StoredWriteup {
        StoredWriteup {
            id: self.id,
            event_id: self.event_id,
            author: Person {
                id: self.author_id,
                display_name: self.display_name,
                affiliation: self.affiliation,
            },
            title: self.title,
            body_md: self.body_md,
            topics,
            pinned: self.pinned != 0,
            featured: self.featured != 0,
            comments: u32::try_from(self.comments).unwrap_or_default(),
            created_at: chrono::DateTime::from_timestamp(self.created_at, 0).unwrap_or_default(),
            edited: self.edited_at.is_some(),
        }
    }
}

#[derive(FromRow)]
pub struct OutcomeRow {
    id: i64,
    title: String,
    outcomes_md: String,
    outcome_md: String,
    outcome_links: String,
    outcome_featured: i64,
}

impl From<OutcomeRow> for StoredOutcome {
    fn from(row: OutcomeRow) -> Self {
        StoredOutcome {
            topic: TopicLink {
                id: row.id,
                title: row.title,
            },
            expected_md: row.outcomes_md,
            outcome_md: row.outcome_md,
            links: row.outcome_links.lines().map(str::to_owned).collect(),
            featured: row.outcome_featured != 0,
        }
    }
}

async fn link_topics<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    writeup_id: i64,
    topic_ids: &[i64],
) -> Result<(), sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(UNLINK_TOPICS)
        .bind(writeup_id)
        .execute(&mut **tx)
        .await?;
    for topic_id in topic_ids {
        sqlx::query(LINK_TOPIC)
            .bind(writeup_id)
            .bind(*topic_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A write-up about to be posted: by whom, where, and whether organisers pin it.
pub struct Post<'a> {
    pub event_id: i64,
    pub author_id: i64,
    pub draft: &'a WriteupDraft,
    pub pinned: bool,
}

pub async fn insert_writeup<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    post: Post<'_>,
    now: i64,
    live: &[Outgoing],
) -> Result<i64, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let Post {
        event_id,
        author_id,
        draft,
        pinned,
    } = post;
    let fail = |e| store_error("post a write-up", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let row = sqlx::query(INSERT)
        .bind(event_id)
        .bind(author_id)
        .bind(draft.title.as_str())
        .bind(draft.body_md.as_str())
        .bind(i64::from(pinned))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let id: i64 = row.try_get(0).map_err(fail)?;
    link_topics(&mut tx, id, &draft.topic_ids)
        .await
        .map_err(fail)?;
    publish(&mut tx, event_id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(id)
}

pub async fn update_writeup<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    writeup_id: i64,
    change: &WriteupChange,
    now: i64,
    live: &[Outgoing],
) -> Result<Updated, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("change a write-up", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let statement = match change {
        WriteupChange::Edit(draft) => sqlx::query(EDIT)
            .bind(writeup_id)
            .bind(draft.title.as_str())
            .bind(draft.body_md.as_str())
            .bind(now),
        WriteupChange::Remove => sqlx::query(REMOVE).bind(writeup_id).bind(now),
        WriteupChange::Pin(on) => sqlx::query(PIN).bind(writeup_id).bind(i64::from(*on)),
        WriteupChange::Feature(on) => sqlx::query(FEATURE).bind(writeup_id).bind(i64::from(*on)),
    };
    let Some(row) = statement.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(Updated::Missed);
    };
    let event_id: i64 = row.try_get(0).map_err(fail)?;
    if let WriteupChange::Edit(draft) = change {
        link_topics(&mut tx, writeup_id, &draft.topic_ids)
            .await
            .map_err(fail)?;
    }
    publish(&mut tx, event_id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Updated::Made)
}

/// The event's write-ups, or only `writeup_id`, with their topic links.
async fn read<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    writeup_id: Option<i64>,
) -> Result<Vec<StoredWriteup>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> WriteupRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("read write-ups", e);
    let rows: Vec<WriteupRow> = match writeup_id {
        Some(id) => {
            let statement = format!("{WRITEUP} AND w.id = $1");
            sqlx::query_as(&statement).bind(id).fetch_all(pool).await
        }
        None => {
            let statement =
                format!("{WRITEUP} AND w.event_id = $1 ORDER BY w.pinned DESC, w.id DESC");
            sqlx::query_as(&statement)
                .bind(event_id)
                .fetch_all(pool)
                .await
        }
    }
    .map_err(fail)?;
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let links = sqlx::query(LINKS)
        .bind(first.event_id)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    let mut by_writeup: Vec<(i64, TopicLink)> = Vec::new();
    for link in links {
        let writeup: i64 = link.try_get(0).map_err(fail)?;
        let id: i64 = link.try_get(1).map_err(fail)?;
        let title: String = link.try_get(2).map_err(fail)?;
        by_writeup.push((writeup, TopicLink { id, title }));
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let topics = by_writeup
                .iter()
                .filter(|(writeup, _)| *writeup == row.id)
                .map(|(_, link)| link.clone())
                .collect();
            row.stored(topics)
        })
        .collect())
}

pub async fn find_writeup<DB>(
    pool: &Pool<DB>,
    writeup_id: i64,
) -> Result<Option<StoredWriteup>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> WriteupRow: FromRow<'r, DB::Row>,
{
    Ok(read(pool, 0, Some(writeup_id)).await?.pop())
}

pub async fn list_writeups<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Vec<StoredWriteup>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> WriteupRow: FromRow<'r, DB::Row>,
{
    read(pool, event_id, None).await
}

/// Runs an outcome statement returning the topic's id when it changed something, and
/// publishes `live` with it.
async fn change_outcome<'q, DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    statement: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    live: &[Outgoing],
) -> Result<Updated, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("record an outcome", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    if statement
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?
        .is_none()
    {
        return Ok(Updated::Missed);
    }
    publish(&mut tx, event_id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Updated::Made)
}

pub async fn update_outcome<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    topic_id: i64,
    draft: &OutcomeDraft,
    now: i64,
    live: &[Outgoing],
) -> Result<Updated, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let links = draft.links.join("\n");
    let statement = sqlx::query(SET_OUTCOME)
        .bind(event_id)
        .bind(topic_id)
        .bind(draft.outcome_md.as_str())
        .bind(links.as_str())
        .bind(now);
    change_outcome(pool, notify, event_id, statement, live).await
}

pub async fn update_outcome_featured<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    topic_id: i64,
    on: bool,
    live: &[Outgoing],
) -> Result<Updated, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let statement = sqlx::query(FEATURE_OUTCOME)
        .bind(event_id)
        .bind(topic_id)
        .bind(i64::from(on));
    change_outcome(pool, notify, event_id, statement, live).await
}

pub async fn list_outcomes<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Vec<StoredOutcome>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> OutcomeRow: FromRow<'r, DB::Row>,
{
    let statement = format!("{OUTCOME} AND event_id = $1 ORDER BY title, id");
    let rows: Vec<OutcomeRow> = sqlx::query_as(&statement)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("read outcomes", e))?;
    Ok(rows.into_iter().map(StoredOutcome::from).collect())
}

pub async fn find_outcome<DB>(
    pool: &Pool<DB>,
    topic_id: i64,
) -> Result<Option<StoredOutcome>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> OutcomeRow: FromRow<'r, DB::Row>,
{
    let statement = format!("{OUTCOME} AND id = $1");
    let row: Option<OutcomeRow> = sqlx::query_as(&statement)
        .bind(topic_id)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("read an outcome", e))?;
    Ok(row.map(StoredOutcome::from))
}

pub async fn find_topic_origin<DB>(
    pool: &Pool<DB>,
    topic_id: i64,
) -> Result<Option<TopicOrigin>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read a topic's history", e);
    let row = sqlx::query(ORIGIN)
        .bind(topic_id)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    row.map(|row| {
        Ok(TopicOrigin {
            slug: row.try_get(0)?,
            event_title: row.try_get(1)?,
            topic_id: row.try_get(2)?,
            title: row.try_get(3)?,
        })
    })
    .transpose()
    .map_err(fail)
}

pub async fn find_writeup_window<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Option<NaiveDate>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> Option<NaiveDate>: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read the write-up window", e);
    let row = sqlx::query(WINDOW)
        .bind(event_id)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    match row {
        Some(row) => row.try_get(0).map_err(fail),
        None => Ok(None),
    }
}

pub async fn update_writeup_window<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    closes_on: Option<NaiveDate>,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(SET_WINDOW)
        .bind(event_id)
        .bind(closes_on)
        .execute(pool)
        .await
        .map_err(|e| store_error("set the write-up window", e))?;
    Ok(())
}
