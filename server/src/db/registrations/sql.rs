//! The statements of registration, visa letters and reminders.

/// A registration change's first statement: locks the event's row, so changes to who holds
/// a place take turns and each counts the places after the last one committed. (SQLite's
/// `BEGIN IMMEDIATE` already holds the whole database.)
pub(super) const LOCK_REGISTRATION: &str = "
    UPDATE events SET capacity = capacity WHERE id = $1
    RETURNING capacity, registration_open, starts_on, ends_on";

pub(super) const UPDATE_REGISTRATION_SETTINGS: &str = "
    UPDATE events
    SET capacity = $2, registration_open = $3, stipend_budget = $4, stipend_currency = $5
    WHERE id = $1
    RETURNING capacity, registration_open, starts_on, ends_on";

pub(super) const FIND_REGISTRATION_SETTINGS: &str = "
    SELECT capacity, registration_open, starts_on, ends_on, stipend_budget, stipend_currency
    FROM events WHERE id = $1";

pub(super) const REGISTRATION: &str = "
    SELECT r.id, r.event_id, r.user_id, u.display_name, u.email, r.affiliation,
           u.affiliation AS account_affiliation, r.state, r.days, r.needs_visa, r.visa_cleared,
           r.stipend_amount, r.stipend_currency, r.stipend_reason, r.note, r.listed,
           r.fee, r.stipend_decision, r.created_at, r.changed_at
    FROM registrations r JOIN users u ON u.id = r.user_id";

/// `$1` the event, `$2` the registration.
pub(super) fn registration_by_id() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 AND r.id = $2")
}

/// `$1` the event, `$2` the attendee.
pub(super) fn registration_by_user() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 AND r.user_id = $2")
}

/// `$1` the token's hash; any event.
pub(super) fn registration_by_release_token() -> String {
    format!("{REGISTRATION} WHERE r.release_token_hash = $1")
}

/// Places held at events starting from `$1` to `$2` whose holders were not reminded yet.
pub(super) const LIST_DUE_REMINDERS: &str = "
    SELECT e.slug, r.id FROM registrations r JOIN events e ON e.id = r.event_id
    WHERE e.starts_on >= $1 AND e.starts_on <= $2
      AND r.state IN ('invited', 'confirmed') AND r.reminded_at IS NULL
    ORDER BY r.id";

/// Only the first to claim a reminder sends it, however many servers run the job.
pub(super) const UPDATE_REMINDER_SENT: &str = "
    UPDATE registrations SET reminded_at = $3, release_token_hash = $2
    WHERE id = $1 AND reminded_at IS NULL AND state IN ('invited', 'confirmed')
    RETURNING id";

pub(super) fn select_registrations() -> String {
    format!("{REGISTRATION} WHERE r.event_id = $1 ORDER BY r.created_at, r.id")
}

/// `$1` the event, `$2` the attendee, `$3` the state, `$4..$11` the request, `$12` now.
pub(super) const INSERT_REGISTRATION: &str = "
    INSERT INTO registrations (event_id, user_id, state, days, affiliation, needs_visa,
                               stipend_amount, stipend_currency, stipend_reason, note, listed,
                               created_at, changed_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
    RETURNING id";

/// A request made again after a cancellation: `$1` the registration, then as the insert.
pub(super) const RENEW_REGISTRATION: &str = "
    UPDATE registrations
    SET state = $3, days = $4, affiliation = $5, needs_visa = $6, stipend_amount = $7,
        stipend_currency = $8, stipend_reason = $9, note = $10, listed = $11,
        visa_cleared = FALSE, waiting_since = NULL, changed_at = $12
    WHERE id = $1 AND user_id = $2
    RETURNING id";

/// The waiting list keeps its order: joining it stamps the time, staying on it keeps it.
pub(super) const SET_REGISTRATION_STATE: &str = "
    UPDATE registrations
    SET state = $2, changed_at = $3,
        waiting_since = CASE WHEN $2 = 'waiting' THEN COALESCE(waiting_since, $3) END
    WHERE id = $1";

pub(super) const INSERT_REGISTRATION_CHANGE: &str = "
    INSERT INTO registration_changes (registration_id, state, by_user, message, at, mark)
    VALUES ($1, $2, $3, $4, $5, $6)";

/// `$1` the event, `$2` the registration, `$3` the fee, `$4` now.
pub(super) const MARK_FEE: &str = "
    UPDATE registrations SET fee = $3, changed_at = $4 WHERE event_id = $1 AND id = $2";

/// `$3` the decision, NULL for undecided.
pub(super) const MARK_STIPEND: &str = "
    UPDATE registrations SET stipend_decision = $3, changed_at = $4
    WHERE event_id = $1 AND id = $2";

pub(super) const MARK_VISA: &str = "
    UPDATE registrations SET visa_cleared = $3, changed_at = $4 WHERE event_id = $1 AND id = $2";

pub(super) const LIST_REGISTRATION_HISTORY: &str = "
    SELECT c.registration_id, c.state, c.mark, c.message, c.at, u.display_name AS by_name
    FROM registration_changes c
    JOIN registrations r ON r.id = c.registration_id
    LEFT JOIN users u ON u.id = c.by_user
    WHERE r.event_id = $1
    ORDER BY c.id";

pub(super) const COUNT_HOLDERS: &str = "
    SELECT COUNT(*) FROM registrations
    WHERE event_id = $1 AND state IN ('invited', 'confirmed')";

/// In no order: `model::promotions` decides who moves up.
pub(super) const WAITING_LIST: &str = "
    SELECT id, waiting_since FROM registrations WHERE event_id = $1 AND state = 'waiting'";

pub(super) const PLACES: &str = "
    SELECT state, needs_visa, visa_cleared, days FROM registrations
    WHERE event_id = $1 AND state IN ('invited', 'confirmed', 'waiting')";

/// `$1` the event, `$2` the registration, `$3` the approving organiser, `$4` now.
pub(super) const MARK_LETTER: &str = "
    UPDATE visa_letters SET approved_by = $3, approved_at = $4
    WHERE registration_id = $2
      AND registration_id IN (SELECT id FROM registrations WHERE event_id = $1)";

/// New details need a new approval.
pub(super) const UPDATE_VISA_DETAILS: &str = "
    INSERT INTO visa_letters (registration_id, full_name, nationality, passport_number, born_on,
                              arrives_on, leaves_on, submitted_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (registration_id) DO UPDATE
    SET full_name = $2, nationality = $3, passport_number = $4, born_on = $5, arrives_on = $6,
        leaves_on = $7, submitted_at = $8, approved_by = NULL, approved_at = NULL";

pub(super) const VISA_LETTER: &str = "
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
pub(super) const DELETE_VISA_DETAILS: &str = "
    DELETE FROM visa_letters WHERE registration_id IN (
        SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.ends_on < $1)";
