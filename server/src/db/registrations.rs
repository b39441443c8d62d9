//! Registration in the store, the same on both backends: every change to who holds a place
//! runs in one transaction that first locks the event (`LOCK_REGISTRATION`), so the
//! place count is never exceeded however many changes arrive at once.
use super::live_log::{publish, Notify};
use super::tx::begin_write;
use super::{at, store_error};
use chrono::NaiveDate;
use hackboard_app::model::{
    attendance_counts, days_from_text, days_to_text, next_state, Action, Approval,
    AttendanceCounts, Fee, HistoryLine, LiveMessage, Mark, Person, Place, Refusal,
    RegistrationRequest, RegistrationState, Stipend, StipendDecision, VisaDetails, VisaLetter,
};
use hackboard_app::server::live::{Audience, Outgoing};
use hackboard_app::server::{
    RegistrationChange, RegistrationChanged, RegistrationKey, RegistrationSettings, StoreError,
    StoredRegistration,
};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Row, Type,
};

/// A registration change's first statement: locks the event's row, so changes to who holds
/// a place take turns and each counts the places after the last one committed. (SQLite's
/// `BEGIN IMMEDIATE` already holds the whole database.)
pub const LOCK_REGISTRATION: &str = "
    UPDATE events SET capacity = capacity WHERE id = $1
    RETURNING capacity, registration_open, starts_on, ends_on";

pub const SET_REGISTRATION: &str = "
    UPDATE events
    SET capacity = $2, registration_open = $3, stipend_budget = $4, stipend_currency = $5
    WHERE id = $1
    RETURNING capacity, registration_open, starts_on, ends_on";

pub const REGISTRATION_SETTINGS: &str = "
    SELECT capacity, registration_open, starts_on, ends_on, stipend_budget, stipend_currency
    FROM events WHERE id = $1";

const REGISTRATION: &str = "
    SELECT r.id, r.event_id, r.user_id, u.display_name, u.email, r.affiliation,
           u.affiliation AS account_affiliation, r.state, r.days, r.needs_visa, r.visa_cleared,
           r.stipend_amount, r.stipend_currency, r.stipend_reason, r.note, r.listed,
           r.fee, r.stipend_decision, r.created_at, r.changed_at
    FROM registrations r JOIN users u ON u.id = r.user_id";

/// `$1` the event, `$2` the registration.
pub fn registration_by_id() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 AND r.id = $2")
}

/// `$1` the event, `$2` the attendee.
pub fn registration_by_user() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 AND r.user_id = $2")
}

/// `$1` the token's hash; any event.
pub fn registration_by_release_token() -> String {
    format!("{REGISTRATION} WHERE r.release_token_hash = $1")
}

/// Places held at events starting from `$1` to `$2` whose holders were not reminded yet.
pub const DUE_REMINDERS: &str = "
    SELECT e.slug, r.id FROM registrations r JOIN events e ON e.id = r.event_id
    WHERE e.starts_on >= $1 AND e.starts_on <= $2
      AND r.state IN ('invited', 'confirmed') AND r.reminded_at IS NULL
    ORDER BY r.id";

/// Only the first to claim a reminder sends it, however many servers run the job.
pub const CLAIM_REMINDER: &str = "
    UPDATE registrations SET reminded_at = $3, release_token_hash = $2
    WHERE id = $1 AND reminded_at IS NULL AND state IN ('invited', 'confirmed')
    RETURNING id";

fn select_registrations() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 ORDER BY r.created_at, r.id")
}

/// `$1` the event, `$2` the attendee, `$3` the state, `$4..$11` the request, `$12` now.
pub const INSERT_REGISTRATION: &str = "
    INSERT INTO registrations (event_id, user_id, state, days, affiliation, needs_visa,
                               stipend_amount, stipend_currency, stipend_reason, note, listed,
                               created_at, changed_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
    RETURNING id";

/// A request made again after a cancellation: `$1` the registration, then as the insert.
pub const RENEW_REGISTRATION: &str = "
    UPDATE registrations
    SET state = $3, days = $4, affiliation = $5, needs_visa = $6, stipend_amount = $7,
        stipend_currency = $8, stipend_reason = $9, note = $10, listed = $11,
        visa_cleared = FALSE, waiting_since = NULL, changed_at = $12
    WHERE id = $1 AND user_id = $2
    RETURNING id";

/// The waiting list keeps its order: joining it stamps the time, staying on it keeps it.
pub const SET_REGISTRATION_STATE: &str = "
    UPDATE registrations
    SET state = $2, changed_at = $3,
        waiting_since = CASE WHEN $2 = 'waiting' THEN COALESCE(waiting_since, $3) END
    WHERE id = $1";

pub const INSERT_REGISTRATION_CHANGE: &str = "
    INSERT INTO registration_changes (registration_id, state, by_user, message, at, mark)
    VALUES ($1, $2, $3, $4, $5, $6)";

/// `$1` the event, `$2` the registration, `$3` the fee, `$4` now.
pub const MARK_FEE: &str = "
    UPDATE registrations SET fee = $3, changed_at = $4 WHERE event_id = $1 AND id = $2";

/// `$3` the decision, NULL for undecided.
pub const MARK_STIPEND: &str = "
    UPDATE registrations SET stipend_decision = $3, changed_at = $4
    WHERE event_id = $1 AND id = $2";

pub const MARK_VISA: &str = "
    UPDATE registrations SET visa_cleared = $3, changed_at = $4 WHERE event_id = $1 AND id = $2";

pub const REGISTRATION_HISTORY: &str = "
    SELECT c.registration_id, c.state, c.mark, c.message, c.at, u.display_name AS by_name
    FROM registration_changes c
    JOIN registrations r ON r.id = c.registration_id
    LEFT JOIN users u ON u.id = c.by_user
    WHERE r.event_id = $1
    ORDER BY c.id";

pub const COUNT_HOLDERS: &str = "
    SELECT COUNT(*) FROM registrations
    WHERE event_id = $1 AND state IN ('invited', 'confirmed')";

pub const FIRST_WAITING: &str = "
    SELECT id FROM registrations
    WHERE event_id = $1 AND state = 'waiting'
    ORDER BY waiting_since, id
    LIMIT 1";

pub const PLACES: &str = "
    SELECT state, needs_visa, visa_cleared, days FROM registrations
    WHERE event_id = $1 AND state IN ('invited', 'confirmed', 'waiting')";

/// `$1` the event, `$2` the registration, `$3` the approving organiser, `$4` now.
pub const MARK_LETTER: &str = "
    UPDATE visa_letters SET approved_by = $3, approved_at = $4
    WHERE registration_id = $2
      AND registration_id IN (SELECT id FROM registrations WHERE event_id = $1)";

/// New details need a new approval.
pub const SAVE_VISA_DETAILS: &str = "
    INSERT INTO visa_letters (registration_id, full_name, nationality, passport_number, born_on,
                              arrives_on, leaves_on, submitted_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (registration_id) DO UPDATE
    SET full_name = $2, nationality = $3, passport_number = $4, born_on = $5, arrives_on = $6,
        leaves_on = $7, submitted_at = $8, approved_by = NULL, approved_at = NULL";

const VISA_LETTER: &str = "
    SELECT v.registration_id, v.full_name, v.nationality, v.passport_number, v.born_on,
           v.arrives_on, v.leaves_on, v.submitted_at, v.approved_at,
           u.display_name AS approver
    FROM visa_letters v LEFT JOIN users u ON u.id = v.approved_by";

pub fn visa_letter() -> String {
    format!("{VISA_LETTER} WHERE v.registration_id = $1")
}

pub fn visa_letters_of_event() -> String {
    format!(
        "{VISA_LETTER} WHERE v.registration_id IN \
         (SELECT id FROM registrations WHERE event_id = $1)"
    )
}

/// Passport data is kept until the event is over.
pub const FORGET_VISA_LETTERS: &str = "
    DELETE FROM visa_letters WHERE registration_id IN (
        SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.ends_on < $1)";

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

/// Invites the first on the waiting list while places are free.
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
    usize: ColumnIndex<DB::Row>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let fail = |e| store_error("invite from the waiting list", e);
    let mut promoted = Vec::new();
    let mut held = holders(tx, event_id).await?;
    while held < capacity {
        let first = sqlx::query(FIRST_WAITING)
            .bind(event_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(fail)?;
        let Some(first) = first else { break };
        let id: i64 = first.try_get(0).map_err(fail)?;
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
        held += 1;
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

pub async fn due_reminders<DB>(
    pool: &Pool<DB>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(String, i64)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
    for<'r> (String, i64): FromRow<'r, DB::Row>,
{
    sqlx::query_as(DUE_REMINDERS)
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("find due reminders", e))
}

pub async fn claim_reminder<DB>(
    pool: &Pool<DB>,
    registration_id: i64,
    token_hash: &str,
    now: i64,
) -> Result<bool, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let claimed = sqlx::query(CLAIM_REMINDER)
        .bind(registration_id)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("claim reminder", e))?;
    Ok(claimed.is_some())
}

pub async fn find_by_release_token<DB>(
    pool: &Pool<DB>,
    token_hash: &str,
) -> Result<Option<StoredRegistration>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'r> RegistrationRow: FromRow<'r, DB::Row>,
{
    let statement = registration_by_release_token();
    let row: Option<RegistrationRow> = sqlx::query_as(&statement)
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(|e| store_error("find registration by release token", e))?;
    row.map(RegistrationRow::into_stored).transpose()
}

pub async fn save_visa_details<DB>(
    pool: &Pool<DB>,
    registration_id: i64,
    details: &VisaDetails,
    now: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(SAVE_VISA_DETAILS)
        .bind(registration_id)
        .bind(details.full_name.as_str())
        .bind(details.nationality.as_str())
        .bind(details.passport_number.as_str())
        .bind(details.born_on)
        .bind(details.arrives_on)
        .bind(details.leaves_on)
        .bind(now)
        .execute(pool)
        .await
        .map_err(|e| store_error("save visa details", e))?;
    Ok(())
}

pub async fn visa_letters<DB>(
    pool: &Pool<DB>,
    statement: &str,
    id: i64,
) -> Result<Vec<(i64, VisaLetter)>, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> VisaLetterRow: FromRow<'r, DB::Row>,
{
    let rows: Vec<VisaLetterRow> = sqlx::query_as(statement)
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(|e| store_error("read visa letters", e))?;
    Ok(rows.into_iter().map(VisaLetterRow::into_letter).collect())
}

pub async fn forget_visa_letters<DB>(
    pool: &Pool<DB>,
    ended_before: NaiveDate,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(FORGET_VISA_LETTERS)
        .bind(ended_before)
        .execute(pool)
        .await
        .map_err(|e| store_error("forget visa letters", e))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct RegistrationRow {
    id: i64,
    event_id: i64,
    user_id: i64,
    display_name: String,
    email: String,
    affiliation: String,
    account_affiliation: String,
    pub state: String,
    days: String,
    needs_visa: bool,
    visa_cleared: bool,
    stipend_amount: Option<i64>,
    stipend_currency: Option<String>,
    stipend_reason: String,
    note: String,
    listed: bool,
    fee: String,
    stipend_decision: Option<String>,
    created_at: i64,
    changed_at: i64,
}

impl RegistrationRow {
    pub fn id(&self) -> i64 {
        self.id
    }

    pub fn state(&self) -> Result<RegistrationState, StoreError> {
        RegistrationState::parse(&self.state)
            .ok_or_else(|| StoreError::new("read registration", UnknownValue(self.state.clone())))
    }

    pub fn into_stored(self) -> Result<StoredRegistration, StoreError> {
        let state = self.state()?;
        let stipend = match (self.stipend_amount, self.stipend_currency) {
            (Some(amount), Some(currency)) => Some(Stipend {
                amount: u32::try_from(amount).unwrap_or_default(),
                currency,
                reason: self.stipend_reason,
            }),
            _ => None,
        };
        let shown_affiliation = if self.affiliation.is_empty() {
            self.account_affiliation
        } else {
            self.affiliation.clone()
        };
        Ok(StoredRegistration {
            id: self.id,
            event_id: self.event_id,
            person: Person {
                id: self.user_id,
                display_name: self.display_name,
                affiliation: shown_affiliation,
            },
            email: self.email,
            state,
            request: RegistrationRequest {
                days: days_from_text(&self.days),
                affiliation: self.affiliation,
                needs_visa: self.needs_visa,
                stipend,
                note: self.note,
                listed: self.listed,
            },
            visa_cleared: self.visa_cleared,
            fee: Fee::parse(&self.fee)
                .ok_or_else(|| StoreError::new("read registration", UnknownValue(self.fee)))?,
            stipend_decision: match self.stipend_decision {
                Some(decision) => {
                    Some(StipendDecision::parse(&decision).ok_or_else(|| {
                        StoreError::new("read registration", UnknownValue(decision))
                    })?)
                }
                None => None,
            },
            created_at: at(self.created_at),
            changed_at: at(self.changed_at),
        })
    }
}

/// The event's registration settings and days, as `LOCK_REGISTRATION` returns them.
#[derive(sqlx::FromRow)]
pub struct RegistrationSettingsRow {
    pub capacity: i64,
    pub registration_open: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The settings an organiser changes, beside the event's days.
#[derive(sqlx::FromRow)]
pub struct StipendBudgetRow {
    stipend_budget: Option<i64>,
    stipend_currency: String,
}

impl StipendBudgetRow {
    pub fn budget(&self) -> Option<u32> {
        self.stipend_budget
            .map(|budget| u32::try_from(budget).unwrap_or_default())
    }

    pub fn currency(self) -> String {
        self.stipend_currency
    }
}

/// One line of `REGISTRATION_HISTORY`.
#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    registration_id: i64,
    state: String,
    mark: Option<String>,
    message: String,
    at: i64,
    by_name: Option<String>,
}

impl HistoryRow {
    pub fn into_line(self) -> Result<(i64, HistoryLine), StoreError> {
        let unknown = |value: String| StoreError::new("read history", UnknownValue(value));
        let state = RegistrationState::parse(&self.state).ok_or_else(|| unknown(self.state))?;
        let mark = match self.mark {
            Some(mark) => Some(Mark::parse(&mark).ok_or_else(|| unknown(mark))?),
            None => None,
        };
        let line = HistoryLine {
            at: at(self.at),
            by: self.by_name,
            state,
            mark,
            message: self.message,
        };
        Ok((self.registration_id, line))
    }
}

impl RegistrationSettingsRow {
    pub fn capacity(&self) -> u32 {
        u32::try_from(self.capacity).unwrap_or_default()
    }
}

#[derive(sqlx::FromRow)]
pub struct PlaceRow {
    state: String,
    needs_visa: bool,
    visa_cleared: bool,
    days: String,
}

impl PlaceRow {
    pub fn into_place(self) -> Option<Place> {
        Some(Place {
            state: RegistrationState::parse(&self.state)?,
            visa_pending: self.needs_visa && !self.visa_cleared,
            days: days_from_text(&self.days),
        })
    }
}

/// A stored value the model does not know: the database was changed behind the app's back.
#[derive(Debug, thiserror::Error)]
#[error("unknown value {0:?} in the database")]
pub struct UnknownValue(String);

#[derive(sqlx::FromRow)]
pub struct VisaLetterRow {
    registration_id: i64,
    full_name: String,
    nationality: String,
    passport_number: String,
    born_on: NaiveDate,
    arrives_on: NaiveDate,
    leaves_on: NaiveDate,
    submitted_at: i64,
    approved_at: Option<i64>,
    approver: Option<String>,
}

impl VisaLetterRow {
    pub fn into_letter(self) -> (i64, VisaLetter) {
        let approval = self.approved_at.map(|approved_at| Approval {
            by: self.approver.unwrap_or_else(|| "the organisers".into()),
            at: at(approved_at),
        });
        let letter = VisaLetter {
            details: VisaDetails {
                full_name: self.full_name,
                nationality: self.nationality,
                passport_number: self.passport_number,
                born_on: self.born_on,
                arrives_on: self.arrives_on,
                leaves_on: self.leaves_on,
            },
            submitted_at: at(self.submitted_at),
            approval,
        };
        (self.registration_id, letter)
    }
}
