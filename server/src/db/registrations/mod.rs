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
    LiveMessage, Mark, Refusal, RegistrationState, StipendDecision, WaitingEntry,
};
use hackboard_app::server::live::{Audience, Outgoing};
use hackboard_app::server::{
    RegistrationChange, RegistrationChanged, RegistrationKey, RegistrationSettings, StoreError,
    StoredRegistration,
};
pub use reminders::{claim_reminder, due_reminders, find_by_release_token};
use rows::{HistoryRow, PlaceRow, RegistrationRow, RegistrationSettingsRow, StipendBudgetRow};
use sql::{
    registration_by_id, registration_by_user, select_registrations, COUNT_HOLDERS,
    INSERT_REGISTRATION, INSERT_REGISTRATION_CHANGE, LOCK_REGISTRATION, MARK_FEE, MARK_LETTER,
    MARK_STIPEND, MARK_VISA, PLACES, REGISTRATION_HISTORY, REGISTRATION_SETTINGS,
    RENEW_REGISTRATION, SET_REGISTRATION, SET_REGISTRATION_STATE, WAITING_LIST,
};
pub use sql::{visa_letter, visa_letters_of_event};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};
pub use visa::{forget_visa_letters, save_visa_details, visa_letters};

type Tx<DB> = sqlx::Transaction<'static, DB>;

pub async fn change_registration<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    key: RegistrationKey,
    change: &RegistrationChange,
    now: i64,
) -> Result<Result<RegistrationChanged, Refusal>, StoreError>
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
    let fail = |e| store_error("change registration", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let settings: Option<RegistrationSettingsRow> = sqlx::query_as(LOCK_REGISTRATION)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some(settings) = settings else {
        return Ok(Err(Refusal::NoRequest));
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
        Err(refusal) => return Ok(Err(refusal)),
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
        (_, _, None) => return Ok(Err(Refusal::NoRequest)),
    };
    let line = Line {
        state: next,
        by: Some(change.by),
        mark: None,
        message: &change.message,
    };
    record(&mut tx, id, line, now).await?;
    let promoted = promote(&mut tx, event_id, settings.capacity(), now).await?;
    announce(&mut tx, event_id, Some(id), &settings, notify).await?;
    let registration = find(&mut tx, event_id, RegistrationKey::Id(id))
        .await?
        .ok_or_else(|| fail(sqlx::Error::RowNotFound))?
        .into_stored()?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Ok(RegistrationChanged {
        registration,
        promoted,
    }))
}

pub async fn set_registration<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    settings: RegistrationSettings,
    now: i64,
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
    let fail = |e| store_error("set registration", e);
    let mut tx = begin_write(pool).await.map_err(fail)?;
    let row: RegistrationSettingsRow = sqlx::query_as(SET_REGISTRATION)
        .bind(event_id)
        .bind(i64::from(settings.capacity))
        .bind(settings.open)
        .bind(settings.stipend_budget.map(i64::from))
        .bind(settings.stipend_currency.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
    let promoted = promote(&mut tx, event_id, row.capacity(), now).await?;
    announce(&mut tx, event_id, None, &row, notify).await?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(promoted)
}

pub async fn registration_settings<DB>(
    pool: &Pool<DB>,
    event_id: i64,
) -> Result<RegistrationSettings, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationSettingsRow: FromRow<'r, DB::Row>,
    for<'r> StipendBudgetRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("read registration settings", e);
    let row = sqlx::query(REGISTRATION_SETTINGS)
        .bind(event_id)
        .fetch_one(pool)
        .await
        .map_err(fail)?;
    let settings = RegistrationSettingsRow::from_row(&row).map_err(fail)?;
    let budget = StipendBudgetRow::from_row(&row).map_err(fail)?;
    Ok(RegistrationSettings {
        capacity: settings.capacity(),
        open: settings.registration_open,
        stipend_budget: budget.budget(),
        stipend_currency: budget.currency(),
    })
}

pub async fn mark_registration<DB>(
    pool: &Pool<DB>,
    notify: &Notify,
    event_id: i64,
    registration_id: i64,
    mark: Mark,
    by: i64,
    now: i64,
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
    let fail = |e| store_error("mark registration", e);
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
    announce(&mut tx, event_id, Some(registration_id), &settings, notify).await?;
    let registration = row.into_stored()?;
    tx.commit().await.map_err(fail)?;
    notify.committed(event_id);
    Ok(Some(registration))
}

pub async fn registration_history<DB>(
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
    let rows: Vec<HistoryRow> = sqlx::query_as(REGISTRATION_HISTORY)
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

pub async fn attendance<DB>(pool: &Pool<DB>, event_id: i64) -> Result<AttendanceCounts, StoreError>
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
    let settings: RegistrationSettingsRow = sqlx::query_as(REGISTRATION_SETTINGS)
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

/// Publishes the counts as they stand in the transaction, and tells organisers which
/// registration moved.
async fn announce<DB>(
    tx: &mut Tx<DB>,
    event_id: i64,
    registration_id: Option<i64>,
    settings: &RegistrationSettingsRow,
    notify: &Notify,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB>,
    usize: ColumnIndex<DB::Row>,
    for<'r> PlaceRow: FromRow<'r, DB::Row>,
{
    let places: Vec<PlaceRow> = sqlx::query_as(PLACES)
        .bind(event_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(|e| store_error("count attendance", e))?;
    let changed = LiveMessage::AttendanceChanged {
        counts: counts(settings, places),
    };
    let mut outgoing = vec![Outgoing::new(Audience::Everyone, &changed)];
    if let Some(registration_id) = registration_id {
        let moved = LiveMessage::RegistrationChanged { registration_id };
        outgoing.push(Outgoing::new(Audience::Organisers, &moved));
    }
    publish(tx, event_id, &outgoing, notify).await
}
