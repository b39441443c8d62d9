//! Registration in the store, the same on both backends: every change to who holds a place
//! runs in one transaction that first locks the event (`LOCK_REGISTRATION`), so the
//! place count is never exceeded however many changes arrive at once.
mod reminders;
mod rows;
mod sql;
mod visa;

use super::live_log::{publish, Notify};
use super::store_error;
use super::tx::begin_write;
use chrono::NaiveDate;
use hackboard_app::model::{
    attendance_counts, days_to_text, next_state, promotions, Action, AttendanceCounts, HistoryLine,
    Mark, Refusal, RegistrationState, StipendDecision, WaitingEntry,
};
use hackboard_app::server::{
    AnnounceRegistration, RegistrationChange, RegistrationChanged, RegistrationKey,
    RegistrationMark, RegistrationSettings, RegistrationUpdate, StoreError, StoredRegistration,
};
pub use reminders::{find_registration_by_release_token, list_due_reminders, update_reminder_sent};
use rows::{HistoryRow, PlaceRow, RegistrationRow, RegistrationSettingsRow, StipendBudgetRow};
use sql::{
    registration_by_id, registration_by_user, select_registrations, COUNT_HOLDERS,
    FIND_REGISTRATION_SETTINGS, INSERT_REGISTRATION, INSERT_REGISTRATION_CHANGE,
    LIST_REGISTRATION_HISTORY, LOCK_REGISTRATION, MARK_FEE, MARK_LETTER, MARK_STIPEND, MARK_VISA,
    PLACES, RENEW_REGISTRATION, SET_REGISTRATION_STATE, UPDATE_REGISTRATION_SETTINGS, WAITING_LIST,
};
pub use sql::{visa_letter, visa_letters_of_event};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};
pub use visa::{delete_visa_details, list_visa_letters, update_visa_details};

type Tx<DB> = sqlx::Transaction<'static, DB>;

pub async fn update_registration<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    key: RegistrationKey,
    change: &RegistrationChange,
    now: i64,
    announce: AnnounceRegistration,
) -> Result<RegistrationUpdate, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("update registration", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let settings: Option<RegistrationSettingsRow> = sqlx::query_as(LOCK_REGISTRATION)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(settings) = settings else {
        return Ok(RegistrationUpdate::Refused(Refusal::NoRequest));
    };
    let current = find(&mut tx, event_id, key).await?;
    let holders = holders(&mut tx, event_id).await?;
    let state = match &current {
        Some(row) => Some(row.state()?),
        None => None,
    };
    let place_free = holders < settings.capacity();
    let next = match next_state(state, change.action, place_free, settings.registration_open) {
        Ok(next) => next,
        Err(refusal) => return Ok(RegistrationUpdate::Refused(refusal)),
    };
    let id = match (change.action, &change.request, current) {
        (Action::Request, Some(request), current) => {
            let statement = match &current {
                Some(_) => RENEW_REGISTRATION,
                None => INSERT_REGISTRATION,
            };
            let first = current.as_ref().map_or(event_id, |row| row.id());
            let stipend = request.stipend.as_ref();
            let days = days_to_text(&request.days);
            let row = sqlx::query(statement)
                .bind(first)
                .bind(change.by)
                .bind(next.as_str())
                .bind(days.as_str())
                .bind(request.affiliation.as_str())
                .bind(request.needs_visa)
                .bind(stipend.map(|s| i64::from(s.amount)))
                .bind(stipend.map(|s| s.currency.as_str()))
                .bind(stipend.map_or("", |s| s.reason.as_str()))
                .bind(request.note.as_str())
                .bind(request.listed)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(fail)?;
            row.try_get::<i64, _>(0).map_err(fail)?
        }
        (_, _, Some(row)) => {
            set_state(&mut tx, row.id(), next, now).await?;
            row.id()
        }
        (_, _, None) => return Ok(RegistrationUpdate::Refused(Refusal::NoRequest)),
    };
    let line = Line {
        state: next,
        by: Some(change.by),
        mark: None,
        message: &change.message,
    };
    record(&mut tx, id, line, now).await?;
    let promoted = promote(&mut tx, event_id, settings.capacity(), now).await?;
    let counts = count_in(&mut tx, event_id, &settings).await?;
    publish(&mut tx, event_id, &announce(&counts, Some(id)), notify).await?;
    let registration = find(&mut tx, event_id, RegistrationKey::Id(id))
        .await?
        .ok_or_else(|| fail(sqlx::Error::RowNotFound))?
        .into_stored()?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(RegistrationUpdate::Made(Box::new(RegistrationChanged {
        registration,
        promoted,
    })))
}

pub async fn update_registration_settings<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    settings: RegistrationSettings,
    now: i64,
    announce: AnnounceRegistration,
) -> Result<Vec<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("update registration settings", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let row: RegistrationSettingsRow = sqlx::query_as(UPDATE_REGISTRATION_SETTINGS)
        .bind(event_id)
        .bind(i64::from(settings.capacity))
        .bind(settings.open)
        .bind(settings.stipend_budget.map(i64::from))
        .bind(settings.stipend_currency.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let promoted = promote(&mut tx, event_id, row.capacity(), now).await?;
    let counts = count_in(&mut tx, event_id, &row).await?;
    publish(&mut tx, event_id, &announce(&counts, None), notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(promoted)
}

pub async fn find_registration_settings<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Option<RegistrationSettings>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> StipendBudgetRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("read registration settings", e);
    let row = sqlx::query(FIND_REGISTRATION_SETTINGS)
        .bind(event_id)
        .fetch_optional(pool)
        .await
        .map_err(fail)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let settings = RegistrationSettingsRow::from_row(&row).map_err(fail)?;
    let budget = StipendBudgetRow::from_row(&row).map_err(fail)?;
    Ok(Some(RegistrationSettings {
        capacity: settings.capacity(),
        open: settings.registration_open,
        stipend_budget: budget.budget(),
        stipend_currency: budget.currency(),
    }))
}

pub async fn update_registration_mark<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    marked: &RegistrationMark,
    now: i64,
    announce: AnnounceRegistration,
) -> Result<Option<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("update registration mark", e);
    let RegistrationMark {
        registration_id,
        mark,
        by,
    } = *marked;
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let settings: Option<RegistrationSettingsRow> = sqlx::query_as(LOCK_REGISTRATION)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(settings) = settings else {
        return Ok(None);
    };
    // A registration of another event is left alone by the `event_id` in each statement.
    let query = match mark {
        Mark::Fee(fee) => sqlx::query(MARK_FEE)
            .bind(event_id)
            .bind(registration_id)
            .bind(fee.as_str()),
        Mark::Stipend(decision) => sqlx::query(MARK_STIPEND)
            .bind(event_id)
            .bind(registration_id)
            .bind(decision.map(StipendDecision::as_str)),
        Mark::VisaCleared(cleared) => sqlx::query(MARK_VISA)
            .bind(event_id)
            .bind(registration_id)
            .bind(cleared),
        Mark::LetterApproved => sqlx::query(MARK_LETTER)
            .bind(event_id)
            .bind(registration_id)
            .bind(by),
    };
    query.bind(now).execute(&mut *tx).await.map_err(fail)?;
    // No row: nothing changed, and dropping the transaction ends it.
    let Some(row) = find(&mut tx, event_id, RegistrationKey::Id(registration_id)).await? else {
        return Ok(None);
    };
    let line = Line {
        state: row.state()?,
        by: Some(by),
        mark: Some(mark),
        message: "",
    };
    record(&mut tx, registration_id, line, now).await?;
    let counts = count_in(&mut tx, event_id, &settings).await?;
    let live = announce(&counts, Some(registration_id));
    publish(&mut tx, event_id, &live, notify).await?;
    let registration = row.into_stored()?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(registration))
}

pub async fn list_registration_history<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Vec<(i64, HistoryLine)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> HistoryRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<HistoryRow> = sqlx::query_as(LIST_REGISTRATION_HISTORY)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("read registration history", e))?;
    rows.into_iter().map(HistoryRow::into_line).collect()
}

pub async fn find_registration<DB>(
    pool: &Pool<DB>,
    event_id: i64,
    key: RegistrationKey,
) -> Result<Option<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let (statement, second) = key_query(key);
    let row: Option<RegistrationRow> = sqlx::query_as(&statement)
        .bind(event_id)
        .bind(second)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find registration", e))?;
    row.map(RegistrationRow::into_stored).transpose()
}

pub async fn list_registrations<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<Vec<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let statement = select_registrations();
    let rows: Vec<RegistrationRow> = sqlx::query_as(&statement)
        .bind(event_id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("list registrations", e))?;
    rows.into_iter().map(RegistrationRow::into_stored).collect()
}

pub async fn count_attendance<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<AttendanceCounts, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("count attendance", e);
    let mut conn = pool.acquire().await.map_err(fail)?;
    let settings: RegistrationSettingsRow = sqlx::query_as(FIND_REGISTRATION_SETTINGS)
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(fail)?;
    let places: Vec<PlaceRow> = sqlx::query_as(PLACES)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(fail)?;
    Ok(counts(&settings, places))
}

fn counts(settings: &RegistrationSettingsRow, places: Vec<PlaceRow>) -> AttendanceCounts {
    let places: Vec<_> = places
        .into_iter()
        .filter_map(PlaceRow::into_place)
        .collect();
    let (starts_on, ends_on): (NaiveDate, NaiveDate) = (settings.starts_on, settings.ends_on);
    attendance_counts(settings.capacity(), starts_on, ends_on, &places)
}

fn key_query(key: RegistrationKey) -> (String, i64) {
    match key {
        RegistrationKey::Id(id) => (registration_by_id(), id),
        RegistrationKey::User(user_id) => (registration_by_user(), user_id),
    }
}

async fn find<DB>(
    tx: &mut Tx<DB>,
    event_id: i64,
    key: RegistrationKey,
) -> Result<Option<RegistrationRow>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let (statement, second) = key_query(key);
    sqlx::query_as(&statement)
        .bind(event_id)
        .bind(second)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| store_error("find registration", e))
}

async fn holders<DB>(tx: &mut Tx<DB>, event_id: i64) -> Result<u32, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let fail = |e| store_error("count places", e);
    let row = sqlx::query(COUNT_HOLDERS)
        .bind(event_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(fail)?;
    let count: i64 = row.try_get(0).map_err(fail)?;
    Ok(u32::try_from(count).unwrap_or_default())
}

async fn set_state<DB>(
    tx: &mut Tx<DB>,
    id: i64,
    state: RegistrationState,
    now: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(SET_REGISTRATION_STATE)
        .bind(id)
        .bind(state.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(|e| store_error("change registration state", e))?;
    Ok(())
}

/// What a history line records.
struct Line<'a> {
    state: RegistrationState,
    /// `None` when it happened by itself.
    by: Option<i64>,
    mark: Option<Mark>,
    message: &'a str,
}

/// Keeps the transition or mark for the organisers' history.
async fn record<DB>(tx: &mut Tx<DB>, id: i64, line: Line<'_>, now: i64) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
{
    let mark = line.mark.map(Mark::as_string);
    sqlx::query(INSERT_REGISTRATION_CHANGE)
        .bind(id)
        .bind(line.state.as_str())
        .bind(line.by)
        .bind(line.message)
        .bind(now)
        .bind(mark.as_deref())
        .execute(&mut **tx)
        .await
        .map_err(|e| store_error("record registration change", e))?;
    Ok(())
}

/// Invites whom `model::promotions` moves up from the waiting list.
async fn promote<DB>(
    tx: &mut Tx<DB>,
    event_id: i64,
    capacity: u32,
    now: i64,
) -> Result<Vec<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'r> i64: Decode<'r, DB>,
    for<'r> Option<i64>: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("invite from the waiting list", e);
    let held = holders(tx, event_id).await?;
    let rows = sqlx::query(WAITING_LIST)
        .bind(event_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(fail)?;
    let waiting = rows
        .iter()
        .map(|row| {
            Ok(WaitingEntry {
                id: row.try_get(0)?,
                since: row.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(fail)?;
    let mut promoted = Vec::new();
    for id in promotions(capacity, held, &waiting) {
        set_state(tx, id, RegistrationState::Invited, now).await?;
        let line = Line {
            state: RegistrationState::Invited,
            by: None,
            mark: None,
            message: "",
        };
        record(tx, id, line, now).await?;
        if let Some(row) = find(tx, event_id, RegistrationKey::Id(id)).await? {
            promoted.push(row.into_stored()?);
        }
    }
    Ok(promoted)
}

/// The counts as they stand in the transaction, for its announcement.
async fn count_in<DB>(
    tx: &mut Tx<DB>,
    event_id: i64,
    settings: &RegistrationSettingsRow,
) -> Result<AttendanceCounts, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let places: Vec<PlaceRow> = sqlx::query_as(PLACES)
        .bind(event_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(|e| store_error("count attendance", e))?;
    Ok(counts(settings, places))
}
