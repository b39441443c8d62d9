//! "My agenda" in the store: the sessions each person starred, their calendar-feed token and
//! whether they want an email when a starred session moves. The same on both backends.
use super::store_error;
use super::tx::begin_write;
use hackboard_app::server::{AgendaPrefs, StarMail, StoreError, Updated};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};

/// Keeps the row of someone who has one, and gives `token` to someone who has none.
const ENSURE_PREFS: &str = "
    INSERT INTO agenda_prefs (user_id, feed_token) VALUES ($1, $2)
    ON CONFLICT (user_id) DO NOTHING";

const STAR: &str = "
    INSERT INTO agenda_stars (user_id, session_id) VALUES ($1, $2)
    ON CONFLICT (user_id, session_id) DO NOTHING";

const UNSTAR: &str = "DELETE FROM agenda_stars WHERE user_id = $1 AND session_id = $2";

const STARRED: &str = "
    SELECT st.session_id FROM agenda_stars st
    JOIN agenda_sessions s ON s.id = st.session_id
    WHERE st.user_id = $1 AND s.event_id = $2
    ORDER BY st.session_id";

const PREFS: &str = "SELECT feed_token, mail_on_move FROM agenda_prefs WHERE user_id = $1";

const SET_MAIL: &str = "UPDATE agenda_prefs SET mail_on_move = $2 WHERE user_id = $1";

const FEED_OWNER: &str = "SELECT user_id FROM agenda_prefs WHERE feed_token = $1";

const STAR_MAIL: &str = "
    SELECT u.email, s.id, COALESCE(t.title, s.title) AS title
    FROM agenda_stars st
    JOIN agenda_prefs p ON p.user_id = st.user_id AND p.mail_on_move = 1
    JOIN users u ON u.id = st.user_id
    JOIN agenda_sessions s ON s.id = st.session_id
    LEFT JOIN topics t ON t.id = s.topic_id
    WHERE st.session_id = $1
    ORDER BY u.id";

/// Stars or unstars; `false` when the event has no such session.
pub async fn update_star<DB>(
    pool: &Pool<DB>,
    user_id: i64,
    event_id: i64,
    session_id: i64,
    on: bool,
    new_token: &str,
) -> Result<Updated, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let fail = |e| store_error("star a session", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let found = sqlx::query(super::agenda::SESSION_OF_EVENT)
        .bind(session_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    if found.is_none() {
        return Ok(Updated::Missed);
    }
    sqlx::query(ENSURE_PREFS)
        .bind(user_id)
        .bind(new_token)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    sqlx::query(if on { STAR } else { UNSTAR })
        .bind(user_id)
        .bind(session_id)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    Ok(Updated::Made)
}

/// The sessions of the event the person starred, and their choices if they made any.
pub async fn list_stars<DB>(
    pool: &Pool<DB>,
    user_id: i64,
    event_id: i64,
) -> Result<(Vec<i64>, Option<AgendaPrefs>), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read my agenda", e);
    let mut conn = pool.acquire().await.map_err(fail)?;
    let starred = sqlx::query(STARRED)
        .bind(user_id)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(fail)?
        .iter()
        .map(|row| row.try_get::<i64, _>(0))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let prefs = sqlx::query(PREFS)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(fail)?
        .map(|row| -> Result<AgendaPrefs, sqlx::Error> {
            Ok(AgendaPrefs {
                feed_token: row.try_get(0)?,
                mail_on_move: row.try_get::<i64, _>(1)? == 1,
            })
        })
        .transpose()
        .map_err(fail)?;
    Ok((starred, prefs))
}

pub async fn update_mail_on_move<DB>(
    pool: &Pool<DB>,
    user_id: i64,
    on: bool,
    new_token: &str,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let fail = |e| store_error("save the mail choice", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    sqlx::query(ENSURE_PREFS)
        .bind(user_id)
        .bind(new_token)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    sqlx::query(SET_MAIL)
        .bind(user_id)
        .bind(i64::from(on))
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
    tx.commit().await.map_err(fail)
}

pub async fn find_feed_owner<DB>(pool: &Pool<DB>, token: &str) -> Result<Option<i64>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("find a calendar feed", e);
    let mut conn = pool.acquire().await.map_err(fail)?;
    sqlx::query(FEED_OWNER)
        .bind(token)
        .fetch_optional(&mut *conn)
        .await
        .map_err(fail)?
        .map(|row| row.try_get(0))
        .transpose()
        .map_err(fail)
}

/// Who starred these sessions and asked to be told by email, with the session's title.
pub async fn list_star_mail<DB>(
    pool: &Pool<DB>,
    session_ids: &[i64],
) -> Result<Vec<StarMail>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("read who starred a session", e);
    let mut conn = pool.acquire().await.map_err(fail)?;
    let mut out = Vec::new();
    for session_id in session_ids {
        let rows = sqlx::query(STAR_MAIL)
            .bind(*session_id)
            .fetch_all(&mut *conn)
            .await
            .map_err(fail)?;
        for row in rows {
            out.push(StarMail {
                email: row.try_get(0).map_err(fail)?,
                session_id: row.try_get(1).map_err(fail)?,
                title: row.try_get(2).map_err(fail)?,
            });
        }
    }
    Ok(out)
}
