//! Reading the file into a new event, in one transaction.
use super::archive::{parse, EventArchive};
use crate::db::events::insert_event_in;
use crate::db::store_error;
use crate::db::tx::begin_write;
use chrono::{NaiveDate, NaiveTime};
use hackboard_app::server::{Imported, StoreError};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};
use std::collections::BTreeMap;

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

/// Checks a file and imports it in one transaction: people are matched by email (new ones
/// get an account without a password, to be set by "forgot password").
pub async fn import_event<DB>(pool: &Pool<DB>, json: &str) -> Result<Imported, StoreError>
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
    let archive = match parse(json) {
        Ok(archive) => archive,
        Err(why) => return Ok(Imported::Refused(why)),
    };
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let Some(event_id) = insert_event_in(&mut tx, &archive.event).await? else {
        return Ok(Imported::Refused(format!(
            "An event already uses the short name \"{}\".",
            archive.event.slug
        )));
    };
    match fill(&mut tx, event_id, &archive).await {
        Ok(()) => {}
        // The file broke a rule the checks above do not know: refused, and rolled back.
        Err(error) if error.as_database_error().is_some() => {
            return Ok(Imported::Refused(format!(
                "The file does not fit this installation's rules: {error}."
            )))
        }
        Err(error) => return Err(fail(error)),
    }
    tx.commit().await.map_err(fail)?;
    Ok(Imported::Made {
        slug: archive.event.slug,
    })
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
        sqlx::query(crate::db::events::INSERT_ORGANISER)
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
