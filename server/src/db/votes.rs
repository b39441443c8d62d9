//! Votes: giving and taking them back, and announcing the counts that moved in batches.
use super::live_log::{publish, Notify};
use super::tx::begin_write;
use super::{store_error, VoteWakes};
use hackboard_app::model::TopicVotes;
use hackboard_app::server::{AnnounceVotes, StoreError};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};

const ADD_VOTE: &str =
    "INSERT INTO topic_votes (topic_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

const REMOVE_VOTE: &str = "DELETE FROM topic_votes WHERE topic_id = $1 AND user_id = $2";

/// A vote's first statement: locks the topic's row (if it is the event `$3`'s and not
/// withdrawn), so voters on one topic take turns and each one's count (in a later statement)
/// sees every vote committed before it.
const TOUCH_TOPIC_OF_EVENT: &str = "
    UPDATE topics SET active_at = $2
    WHERE id = $1 AND event_id = $3 AND withdrawn_at IS NULL
    RETURNING id";

/// Counts rather than adds one, so the count is right whatever ran before.
const COUNT_VOTES: &str = "
    UPDATE topics SET votes = (SELECT COUNT(*) FROM topic_votes WHERE topic_id = $1)
    WHERE id = $1
    RETURNING votes";

/// The events whose vote counts moved since they were last announced.
const LIST_UNPUBLISHED_VOTES: &str =
    "SELECT DISTINCT event_id FROM topics WHERE votes <> votes_shown ORDER BY event_id";

const LIST_VOTES: &str = "
    SELECT v.topic_id FROM topic_votes v JOIN topics t ON t.id = v.topic_id
    WHERE t.event_id = $1 AND v.user_id = $2 AND t.withdrawn_at IS NULL";

/// Gives or takes back a vote and stores the new count. Voters on one topic take turns (the
/// first statement locks its row) and each recounts, so concurrent votes always add up. The
/// count is announced by the next batch (`publish_votes`), so votes on different topics never
/// wait for each other, as they would taking turns on the event's stream.
pub async fn update_vote<DB>(
    pool: &Pool<DB>,
    wakes: &VoteWakes,
    event_id: i64,
    topic_id: i64,
    user_id: i64,
    on: bool,
    now: i64,
) -> Result<Option<u32>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("vote", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let touched = sqlx::query(TOUCH_TOPIC_OF_EVENT)
        .bind(topic_id)
        .bind(now)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    if touched.is_none() {
        return Ok(None); // gone, withdrawn or another event's
    }
    let statement = if on { ADD_VOTE } else { REMOVE_VOTE };
    sqlx::query(statement)
        .bind(topic_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    let counted = sqlx::query(COUNT_VOTES)
        .bind(topic_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let votes: i64 = counted.try_get(0).map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    wakes.counted(event_id);
    Ok(Some(u32::try_from(votes).unwrap_or_default()))
}

/// Publishes what `announce` makes of the event's counts that moved since they were last
/// announced. `claim` is the backend's statement that marks them announced and returns them.
pub async fn publish_votes<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    claim: &str,
    event_id: i64,
    announce: AnnounceVotes,
) -> Result<usize, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("announce votes", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    // The topics first, then the stream, in the order a comment takes them: no deadlock.
    let rows = sqlx::query(claim)
        .bind(event_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(fail)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut counts = rows
        .iter()
        .map(|row| {
            let topic_id: i64 = row.try_get(0)?;
            let votes: i64 = row.try_get(1)?;
            let votes = u32::try_from(votes).unwrap_or_default();
            Ok(TopicVotes { topic_id, votes })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(fail)?;
    counts.sort_by_key(|count| count.topic_id);
    publish(&mut tx, event_id, &announce(&counts), notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(counts.len())
}

pub async fn list_unpublished_votes<DB>(pool: &Pool<DB>) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("find votes to announce", e);
    let rows = sqlx::query(LIST_UNPUBLISHED_VOTES)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}

pub async fn list_votes<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    user_id: i64,
) -> Result<Vec<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read votes", e);
    let rows = sqlx::query(LIST_VOTES)
        .bind(event_id)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(fail)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(fail))
        .collect()
}
