//! Comments on topics and write-ups, and the counts they keep.
use super::live_log::{publish, Notify};
use super::tx::begin_write;
use super::{at, store_error};
use hackboard_app::model::{Person, Subject};
use hackboard_app::server::{
    AnnounceComment, CommentChange, NewComment, StoreError, StoredComment,
};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

/// A write-up comment's first statement: locks the write-up (not removed), so the recount
/// that follows sees every comment committed before it. A topic's is `TOUCH_TOPIC`.
pub const TOUCH_WRITEUP: &str = "
    UPDATE writeups SET comments = comments
    WHERE id = $1 AND removed_at IS NULL
    RETURNING event_id";

/// `$1` the topic, `$2` the write-up: exactly one is set.
pub const INSERT_COMMENT: &str = "
    INSERT INTO comments (topic_id, writeup_id, author_id, reply_to, body_md, created_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id";

pub const EDIT_COMMENT: &str = "
    UPDATE comments SET body_md = $2, edited_at = $3
    WHERE id = $1 AND deleted_at IS NULL
    RETURNING id";

/// The words go; the row stays, for the replies under it.
pub const DELETE_COMMENT: &str = "
    UPDATE comments SET body_md = '', deleted_at = $2
    WHERE id = $1 AND deleted_at IS NULL
    RETURNING id";

/// `$2` the organiser hiding it (NULL shows it again), `$3` when.
pub const HIDE_COMMENT: &str = "
    UPDATE comments
    SET hidden_by = $2, hidden_at = CASE WHEN $2 IS NULL THEN NULL ELSE $3 END
    WHERE id = $1 AND deleted_at IS NULL
    RETURNING id";

/// Counts what everyone sees, so the card's number matches the page.
pub const COUNT_COMMENTS: &str = "
    UPDATE topics
    SET comments = (SELECT COUNT(*) FROM comments
                    WHERE topic_id = $1 AND deleted_at IS NULL AND hidden_at IS NULL)
    WHERE id = $1
    RETURNING comments";

pub const COUNT_WRITEUP_COMMENTS: &str = "
    UPDATE writeups
    SET comments = (SELECT COUNT(*) FROM comments
                    WHERE writeup_id = $1 AND deleted_at IS NULL AND hidden_at IS NULL)
    WHERE id = $1
    RETURNING comments";

const COMMENT: &str = "
    SELECT c.id, c.topic_id, c.writeup_id, COALESCE(t.event_id, w.event_id) AS event_id,
           c.reply_to, c.author_id, u.display_name, u.affiliation,
           c.body_md, c.created_at, c.edited_at, c.deleted_at, c.hidden_at
    FROM comments c
    LEFT JOIN topics t ON t.id = c.topic_id
    LEFT JOIN writeups w ON w.id = c.writeup_id
    JOIN users u ON u.id = c.author_id";

fn select_comment() -> String {
    format!("{COMMENT} WHERE c.id = $1")
}

/// The comments under a topic (`column` "topic_id") or a write-up ("writeup_id").
fn select_comments(column: &str) -> String {
    format!("{COMMENT} WHERE c.{column} = $1 ORDER BY c.id")
}

#[derive(sqlx::FromRow)]
pub struct CommentRow {
    id: i64,
    topic_id: Option<i64>,
    writeup_id: Option<i64>,
    event_id: i64,
    reply_to: Option<i64>,
    author_id: i64,
    display_name: String,
    affiliation: String,
    body_md: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    hidden_at: Option<i64>,
}

impl From<CommentRow> for StoredComment {
    fn from(row: CommentRow) -> Self {
        // The table's CHECK says exactly one of the two is set.
        let subject = match (row.topic_id, row.writeup_id) {
            (Some(topic), _) => Subject::Topic(topic),
            (None, writeup) => Subject::Writeup(writeup.unwrap_or_default()),
        };
        StoredComment {
            id: row.id,
            subject,
            event_id: row.event_id,
            reply_to: row.reply_to,
            author: Person {
                id: row.author_id,
                display_name: row.display_name,
                affiliation: row.affiliation,
            },
            body_md: row.body_md,
            created_at: at(row.created_at),
            edited: row.edited_at.is_some(),
            deleted: row.deleted_at.is_some(),
            hidden: row.hidden_at.is_some(),
        }
    }
}

/// The statement that locks a comment's subject (a topic not withdrawn, a write-up not
/// removed) and returns its event, or nothing when it is gone.
fn touch_subject<'q, DB>(
    subject: Subject,
    now: i64,
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
{
    match subject {
        Subject::Topic(id) => sqlx::query(super::topics::TOUCH_TOPIC).bind(id).bind(now),
        Subject::Writeup(id) => sqlx::query(TOUCH_WRITEUP).bind(id),
    }
}

/// Locks the comment's subject by `touch_subject`, runs `change` (which returns the
/// comment's id, or nothing), then recounts and announces the subject's comments. `None` when
/// either changed nothing.
async fn with_comment<'q, DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    subject: Subject,
    now: i64,
    change: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    announce: AnnounceComment,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("change comment", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let touch = touch_subject::<DB>(subject, now);
    let Some(touched) = touch.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let event_id: i64 = touched.try_get(0).map_err(fail)?;
    let Some(changed) = change.fetch_optional(&mut *tx).await.map_err(fail)? else {
        return Ok(None);
    };
    let comment_id: i64 = changed.try_get(0).map_err(fail)?;
    let statement = select_comment();
    let comment: StoredComment = sqlx::query_as::<_, CommentRow>(&statement)
        .bind(comment_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?
        .into();
    let (recount, id) = match subject {
        Subject::Topic(id) => (COUNT_COMMENTS, id),
        Subject::Writeup(id) => (COUNT_WRITEUP_COMMENTS, id),
    };
    let counted = sqlx::query(recount)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let comments: i64 = counted.try_get(0).map_err(fail)?;
    let live = announce(&comment, u32::try_from(comments).unwrap_or_default());
    publish(&mut tx, event_id, &live, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(comment))
}

pub async fn insert_comment<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    comment: &NewComment,
    now: i64,
    announce: AnnounceComment,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let (topic_id, writeup_id) = match comment.subject {
        Subject::Topic(id) => (Some(id), None),
        Subject::Writeup(id) => (None, Some(id)),
    };
    let insert = sqlx::query(INSERT_COMMENT)
        .bind(topic_id)
        .bind(writeup_id)
        .bind(comment.author_id)
        .bind(comment.reply_to)
        .bind(comment.body_md.as_str())
        .bind(now);
    with_comment(pool, notify, comment.subject, now, insert, announce).await
}

pub async fn update_comment<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    comment_id: i64,
    change: &CommentChange,
    now: i64,
    announce: AnnounceComment,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    // A comment never changes subject, so reading it before the transaction is safe.
    let Some(stored) = find_comment(pool, comment_id).await? else {
        return Ok(None);
    };
    let statement = match change {
        CommentChange::Edit(body) => sqlx::query(EDIT_COMMENT)
            .bind(comment_id)
            .bind(body.as_str())
            .bind(now),
        CommentChange::Delete => sqlx::query(DELETE_COMMENT).bind(comment_id).bind(now),
        CommentChange::Hide(by) => sqlx::query(HIDE_COMMENT)
            .bind(comment_id)
            .bind(*by)
            .bind(now),
    };
    with_comment(pool, notify, stored.subject, now, statement, announce).await
}

pub async fn find_comment<DB>(
    pool: &Pool<DB>,
    comment_id: i64,
) -> Result<Option<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let statement = select_comment();
    let row: Option<CommentRow> = sqlx::query_as(&statement)
        .bind(comment_id)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find comment", e))?;
    Ok(row.map(StoredComment::from))
}

pub async fn list_comments<DB>(
    pool: &Pool<DB>,
    subject: Subject,
) -> Result<Vec<StoredComment>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> CommentRow: FromRow<'r, DB::Row>,
{
    let (column, id) = match subject {
        Subject::Topic(id) => ("topic_id", id),
        Subject::Writeup(id) => ("writeup_id", id),
    };
    let statement = select_comments(column);
    let rows: Vec<CommentRow> = sqlx::query_as(&statement)
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list comments", e))?;
    Ok(rows.into_iter().map(StoredComment::from).collect())
}
