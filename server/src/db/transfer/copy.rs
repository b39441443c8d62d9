//! Next year's event from a past one: its page, hotels, rooms and organisers, and on request
//! the topics that were not finished, each pointing at where it came from.
use crate::db::store_error;
use crate::db::tx::begin_write;
use chrono::NaiveDate;
use hackboard_app::server::{Copied, StoreError};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Type};

const COPY_ROOMS: &str = "
    INSERT INTO agenda_rooms (event_id, name, capacity)
    SELECT $2, name, capacity FROM agenda_rooms WHERE event_id = $1 ORDER BY id";

const COPY_ORGANISERS: &str = "
    INSERT INTO event_organisers (event_id, user_id)
    SELECT $2, user_id FROM event_organisers WHERE event_id = $1";

/// The place count and the stipend budget's currency carry over; the budget itself is new.
const COPY_SETTINGS: &str = "
    UPDATE events
    SET capacity = (SELECT capacity FROM events WHERE id = $1),
        stipend_currency = (SELECT stipend_currency FROM events WHERE id = $1)
    WHERE id = $2";

/// Topics without a recorded outcome go on, unverified, each pointing at where it came from.
const CARRY_TOPICS: &str = "
    INSERT INTO topics (event_id, proposer_id, title, description_md, outcomes_md, contacts,
                        mailing_list, chat_channel, difficulty, skills, gsoc, created_at,
                        active_at, carried_from)
    SELECT $2, proposer_id, title, description_md, outcomes_md, contacts, mailing_list,
           chat_channel, difficulty, skills, gsoc, $3, $3, id
    FROM topics
    WHERE event_id = $1 AND withdrawn_at IS NULL AND outcome_md = ''
    ORDER BY id
    RETURNING id";

/// Next year's event from `from_event`, in one transaction: `details` (the copied page with
/// its new slug and dates) and hotels, the rooms, the organisers, and on request the topics
/// that were not finished.
pub async fn copy_event<DB>(
    pool: &Pool<DB>,
    from_event: i64,
    details: &hackboard_app::model::EventDetails,
    carry_topics: bool,
    now: i64,
) -> Result<Copied, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> chrono::NaiveTime: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("copy an event", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let Some(event_id) = crate::db::events::insert_event_in(&mut tx, details).await? else {
        return Ok(Copied::SlugTaken);
    };
    for statement in [COPY_ROOMS, COPY_ORGANISERS, COPY_SETTINGS] {
        sqlx::query(statement)
            .bind(from_event)
            .bind(event_id)
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
    }
    let carried = if carry_topics {
        sqlx::query(CARRY_TOPICS)
            .bind(from_event)
            .bind(event_id)
            .bind(now)
            .fetch_all(&mut *tx)
            .await
            .map_err(fail)?
            .len() as u64
    } else {
        0
    };
    tx.commit().await.map_err(fail)?;
    Ok(Copied::Made {
        event_id,
        topics: carried,
    })
}
