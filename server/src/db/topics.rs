//! Topics, votes and search.
use super::live_log::{publish, Notify};
use super::tx::begin_write;
use super::{at, count, store_error};
use hackboard_app::model::{Difficulty, Gsoc, Person, TopicCard, TopicFields};
use hackboard_app::server::live::Outgoing;
use hackboard_app::server::{AnnounceTopic, StoreError, StoredTopic, Updated, Verified};
use sqlx::query::Query;
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

/// `$1` the event, `$2` the proposer, `$3..$11` the fields (see `bind_topic_fields`),
/// `$12` now.
pub const INSERT_TOPIC: &str = "
    INSERT INTO topics (event_id, proposer_id, title, description_md, outcomes_md, contacts,
                        mailing_list, chat_channel, difficulty, skills, gsoc, created_at, active_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
    RETURNING id";

pub const UPDATE_TOPIC: &str = "
    UPDATE topics
    SET title = $3, description_md = $4, outcomes_md = $5, contacts = $6, mailing_list = $7,
        chat_channel = $8, difficulty = $9, skills = $10, gsoc = $11, active_at = $2
    WHERE id = $1 AND withdrawn_at IS NULL
    RETURNING event_id";

/// `$2` who verifies (NULL to take it back), `$3` when.
pub const VERIFY_TOPIC: &str = "
    UPDATE topics SET verified_by = $2, verified_at = CASE WHEN $2 IS NULL THEN NULL ELSE $3 END
    WHERE id = $1 AND withdrawn_at IS NULL
    RETURNING event_id";

pub const WITHDRAW_TOPIC: &str = "
    UPDATE topics SET withdrawn_at = $2
    WHERE id = $1 AND withdrawn_at IS NULL
    RETURNING event_id";

const TOPIC_CARD: &str = "
    SELECT t.id, t.title, t.difficulty, t.gsoc, t.skills, t.proposer_id, u.display_name,
           u.affiliation, t.votes, t.comments, t.verified_at, t.created_at, t.active_at,
           EXISTS (SELECT 1 FROM agenda_sessions s WHERE s.topic_id = t.id) AS scheduled
    FROM topics t JOIN users u ON u.id = t.proposer_id";

pub fn topic_card() -> String {
    format!("{TOPIC_CARD} WHERE t.id = $1")
}

fn select_topics() -> String {
    format!(
        "{TOPIC_CARD} WHERE t.event_id = $1 AND t.withdrawn_at IS NULL ORDER BY t.votes DESC, t.id"
    )
}

pub const FIND_TOPIC: &str = "
    SELECT t.id, t.event_id, t.title, t.description_md, t.outcomes_md, t.contacts, t.mailing_list,
           t.chat_channel, t.difficulty, t.skills, t.gsoc, t.proposer_id, p.display_name,
           p.affiliation, t.verified_by, v.display_name AS verifier_name, t.verified_at,
           t.withdrawn_at, t.created_at, t.active_at, t.votes, t.comments,
           EXISTS (SELECT 1 FROM agenda_sessions s WHERE s.topic_id = t.id) AS scheduled
    FROM topics t
    JOIN users p ON p.id = t.proposer_id
    LEFT JOIN users v ON v.id = t.verified_by
    WHERE t.id = $1";

/// A new comment's first statement, like a vote's, returning the topic's event.
pub const TOUCH_TOPIC: &str = "
    UPDATE topics SET active_at = $2
    WHERE id = $1 AND withdrawn_at IS NULL
    RETURNING event_id";

/// Binds a topic's nine fields, in `INSERT_TOPIC`'s and `UPDATE_TOPIC`'s order.
pub fn bind_topic_fields<'q, DB>(
    query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    fields: &'q TopicFields,
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(fields.title.as_str())
        .bind(fields.description_md.as_str())
        .bind(fields.outcomes_md.as_str())
        .bind(fields.contacts.as_str())
        .bind(fields.mailing_list.as_str())
        .bind(fields.chat_channel.as_str())
        .bind(fields.difficulty.as_str())
        .bind(fields.skills.as_str())
        .bind(fields.gsoc.as_str())
}

#[derive(sqlx::FromRow)]
pub struct TopicCardRow {
    id: i64,
    title: String,
    difficulty: String,
    gsoc: String,
    skills: String,
    proposer_id: i64,
    display_name: String,
    affiliation: String,
    votes: i64,
    comments: i64,
    verified_at: Option<i64>,
    created_at: i64,
    active_at: i64,
    scheduled: bool,
}

impl From<TopicCardRow> for TopicCard {
    fn from(row: TopicCardRow) -> Self {
        TopicCard {
            id: row.id,
            title: row.title,
            // Only the app writes these columns, from the same enums.
            difficulty: Difficulty::parse(&row.difficulty).unwrap_or_default(),
            gsoc: Gsoc::parse(&row.gsoc).unwrap_or_default(),
            skills: row.skills,
            proposer: Person {
                id: row.proposer_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            votes: count(row.votes),
            comments: count(row.comments),
            verified: row.verified_at.is_some(),
            created_at: at(row.created_at),
            active_at: at(row.active_at),
            scheduled: row.scheduled,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct TopicRow {
    id: i64,
    event_id: i64,
    title: String,
    description_md: String,
    outcomes_md: String,
    contacts: String,
    mailing_list: String,
    chat_channel: String,
    difficulty: String,
    skills: String,
    gsoc: String,
    proposer_id: i64,
    display_name: String,
    affiliation: String,
    verified_by: Option<i64>,
    verifier_name: Option<String>,
    verified_at: Option<i64>,
    withdrawn_at: Option<i64>,
    created_at: i64,
    active_at: i64,
    votes: i64,
    comments: i64,
    scheduled: bool,
}

impl From<TopicRow> for StoredTopic {
    fn from(row: TopicRow) -> Self {
        StoredTopic {
            id: row.id,
            event_id: row.event_id,
            fields: TopicFields {
                title: row.title,
                description_md: row.description_md,
                outcomes_md: row.outcomes_md,
                contacts: row.contacts,
                mailing_list: row.mailing_list,
                chat_channel: row.chat_channel,
                difficulty: Difficulty::parse(&row.difficulty).unwrap_or_default(),
                skills: row.skills,
                gsoc: Gsoc::parse(&row.gsoc).unwrap_or_default(),
            },
            proposer: Person {
                id: row.proposer_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            verified: match (row.verified_by, row.verifier_name, row.verified_at) {
                (Some(id), Some(name), Some(when)) => Some(Verified {
                    by_id: id,
                    by_name: name,
                    at: at(when),
                }),
                _ => None,
            },
            withdrawn: row.withdrawn_at.is_some(),
            created_at: at(row.created_at),
            active_at: at(row.active_at),
            votes: count(row.votes),
            comments: count(row.comments),
            scheduled: row.scheduled,
        }
    }
}

/// Stores a proposal and publishes what `announce` makes of its card, in one transaction.
pub async fn insert_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    proposer_id: i64,
    fields: &TopicFields,
    now: i64,
    announce: AnnounceTopic,
) -> Result<TopicCard, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("insert topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let query = sqlx::query(INSERT_TOPIC).bind(event_id).bind(proposer_id);
    let row = bind_topic_fields(query, fields)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let id: i64 = row.try_get(0).map_err(fail)?;
    let card = card_in(&mut tx, id)
        .await?
        .ok_or_else(|| fail(sqlx::Error::RowNotFound))?;
    publish(&mut tx, event_id, &announce(&card), notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(card)
}

/// Runs `statement` on the topic (it returns the event's id when it changed something), then
/// publishes what `announce` makes of the topic's new card; `None` if it changed nothing.
async fn change_topic<'q, DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    statement: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    announce: AnnounceTopic,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("change topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let Some(row) = statement.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let event_id: i64 = row.try_get(0).map_err(fail)?;
    let Some(card) = card_in(&mut tx, topic_id).await? else {
        return Ok(None);
    };
    publish(&mut tx, event_id, &announce(&card), notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(card))
}

pub async fn update_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    fields: &TopicFields,
    now: i64,
    announce: AnnounceTopic,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let query = sqlx::query(UPDATE_TOPIC).bind(topic_id).bind(now);
    let statement = bind_topic_fields(query, fields);
    change_topic(pool, notify, topic_id, statement, announce).await
}

pub async fn verify_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
    by: Option<i64>,
    now: i64,
    announce: AnnounceTopic,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let query = sqlx::query(VERIFY_TOPIC).bind(topic_id).bind(by).bind(now);
    change_topic(pool, notify, topic_id, query, announce).await
}

pub async fn withdraw_topic<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    topic_id: i64,
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
    let fail = |e| store_error("withdraw topic", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let row = sqlx::query(WITHDRAW_TOPIC)
        .bind(topic_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(row) = row else {
        return Ok(Updated::Missed);
    };
    let event_id: i64 = row.try_get(0).map_err(fail)?;
    publish(&mut tx, event_id, live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Updated::Made)
}

async fn card_in<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    topic_id: i64,
) -> Result<Option<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let statement = topic_card();
    let row: Option<TopicCardRow> = sqlx::query_as(&statement)
        .bind(topic_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| store_error("read topic card", e))?;
    Ok(row.map(TopicCard::from))
}

pub async fn find_topic<DB>(
    pool: &Pool<DB>,
    topic_id: i64,
) -> Result<Option<StoredTopic>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicRow: FromRow<'r, DB::Row>,
{
    let row: Option<TopicRow> = sqlx::query_as(FIND_TOPIC)
        .bind(topic_id)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find topic", e))?;
    Ok(row.map(StoredTopic::from))
}

pub async fn list_topics<DB>(pool: &Pool<DB>, event_id: i64) -> Result<Vec<TopicCard>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> TopicCardRow: FromRow<'r, DB::Row>,
{
    let statement = select_topics();
    let rows: Vec<TopicCardRow> = sqlx::query_as(&statement)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list topics", e))?;
    Ok(rows.into_iter().map(TopicCard::from).collect())
}

/// The ids of the event's topics matching `statement`, the backend's full-text query with
/// `$1` the event and `$2` the terms as its own syntax writes them.
pub async fn search_topics<DB>(
    pool: &Pool<DB>,
    statement: &str,
    event_id: i64,
    query: &str,
) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("search topics", e);
    let rows = sqlx::query(statement)
        .bind(event_id)
        .bind(query)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}
