//! Statements that read the same on SQLite and PostgreSQL (`$N` placeholders work on both).
//! Statements that must differ (locking, full-text search) live in the backend's own module.

pub const PING: &str = "SELECT 1";

pub const COUNT_EVENTS: &str = "SELECT COUNT(*) FROM events";

pub const LIST_EVENTS: &str = "
    SELECT slug, title, tagline, starts_on, ends_on, time_zone, venue_name
    FROM events
    ORDER BY starts_on, slug";

pub const FIND_EVENT: &str = "
    SELECT id, revision, live_seq, slug, title, tagline, starts_on, ends_on, day_starts, day_ends, time_zone,
           venue_name, venue_address, map_url, social_on, social_md, transport_md, visa_md
    FROM events
    WHERE slug = $1";

pub const LIST_HOTELS: &str = "
    SELECT name, address, nearest_station, travel_minutes, distance_note,
           rate_min, rate_max, currency, directions_url
    FROM hotels
    WHERE event_id = $1
    ORDER BY position";

pub const INSERT_EVENT: &str = "
    INSERT INTO events (slug, title, tagline, starts_on, ends_on, day_starts, day_ends, time_zone,
                        venue_name, venue_address, map_url, social_on, social_md, transport_md,
                        visa_md)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
    ON CONFLICT (slug) DO NOTHING
    RETURNING id";

pub const INSERT_HOTEL: &str = "
    INSERT INTO hotels (event_id, position, name, address, nearest_station, travel_minutes,
                        distance_note, rate_min, rate_max, currency, directions_url)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

pub const INSERT_USER: &str = "
    INSERT INTO users (email, display_name, affiliation, password_hash, is_admin)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (email) DO NOTHING
    RETURNING id";

pub const FIND_USER: &str = "
    SELECT id, email, display_name, affiliation, is_admin, listed, password_hash
    FROM users
    WHERE id = $1";

pub const FIND_USER_BY_EMAIL: &str = "
    SELECT id, email, display_name, affiliation, is_admin, listed, password_hash
    FROM users
    WHERE email = $1";

/// The slug never changes: it is a public URL.
pub const UPDATE_EVENT: &str = "
    UPDATE events
    SET title = $3, tagline = $4, starts_on = $5, ends_on = $6, day_starts = $7, day_ends = $8,
        time_zone = $9, venue_name = $10, venue_address = $11, map_url = $12, social_on = $13,
        social_md = $14, transport_md = $15, visa_md = $16, revision = revision + 1
    WHERE id = $1 AND revision = $2
    RETURNING id";

pub const DELETE_HOTELS: &str = "DELETE FROM hotels WHERE event_id = $1";

pub const IS_ORGANISER: &str = "
    SELECT COUNT(*) FROM event_organisers WHERE event_id = $1 AND user_id = $2";

pub const LIST_ORGANISERS: &str = "
    SELECT u.id, u.email, u.display_name, u.affiliation, u.is_admin, u.listed, u.password_hash
    FROM users u JOIN event_organisers o ON o.user_id = u.id
    WHERE o.event_id = $1
    ORDER BY u.display_name, u.id";

pub const ADD_ORGANISER: &str = "
    INSERT INTO event_organisers (event_id, user_id) VALUES ($1, $2)
    ON CONFLICT DO NOTHING";

pub const REMOVE_ORGANISER: &str = "
    DELETE FROM event_organisers WHERE event_id = $1 AND user_id = $2";

pub const UPDATE_PROFILE: &str = "
    UPDATE users SET display_name = $2, affiliation = $3, listed = $4 WHERE id = $1";

pub const SET_PASSWORD_HASH: &str = "UPDATE users SET password_hash = $2 WHERE id = $1";

pub const INSERT_RESET: &str = "
    INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)";

pub const TAKE_RESET: &str = "
    UPDATE password_resets SET used_at = $2
    WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
    RETURNING user_id";

pub const INSERT_MAIL: &str = "
    INSERT INTO outbox (recipient, subject, body, created_at, retry_at) VALUES ($1, $2, $3, $4, $5)
    RETURNING id";

pub const MARK_MAIL_SENT: &str = "
    UPDATE outbox SET sent_at = $2, attempts = attempts + 1, retry_at = NULL WHERE id = $1";

pub const MARK_MAIL_FAILED: &str = "
    UPDATE outbox SET attempts = attempts + 1, last_error = $2, retry_at = $3 WHERE id = $1";

/// The WHERE is checked again on the row itself: of two servers leasing at once, the second
/// finds it leased (PostgreSQL re-reads a row it waited for) and skips it.
pub const LEASE_DUE_MAIL: &str = "
    UPDATE outbox SET retry_at = $2
    WHERE sent_at IS NULL AND retry_at <= $1 AND id IN (
        SELECT id FROM outbox WHERE sent_at IS NULL AND retry_at <= $1
        ORDER BY retry_at, id LIMIT $3)
    RETURNING id, recipient, subject, body, attempts";

pub const LIST_MAIL: &str = "
    SELECT id, recipient, subject, body, created_at, sent_at, attempts, last_error, retry_at
    FROM outbox
    ORDER BY id DESC
    LIMIT $1";

/// `$1` the event, `$2` the proposer, `$3..$11` the fields (see `rows::bind_topic_fields`),
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

pub fn list_topics() -> String {
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

pub const ADD_VOTE: &str =
    "INSERT INTO topic_votes (topic_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

pub const REMOVE_VOTE: &str = "DELETE FROM topic_votes WHERE topic_id = $1 AND user_id = $2";

/// A vote's first statement: locks the topic's row (if it is the event `$3`'s and not
/// withdrawn), so voters on one topic take turns and each one's count (in a later statement)
/// sees every vote committed before it.
pub const TOUCH_TOPIC_OF_EVENT: &str = "
    UPDATE topics SET active_at = $2
    WHERE id = $1 AND event_id = $3 AND withdrawn_at IS NULL
    RETURNING id";

/// A new comment's first statement, like a vote's, returning the topic's event.
pub const TOUCH_TOPIC: &str = "
    UPDATE topics SET active_at = $2
    WHERE id = $1 AND withdrawn_at IS NULL
    RETURNING event_id";

/// Counts rather than adds one, so the count is right whatever ran before.
pub const COUNT_VOTES: &str = "
    UPDATE topics SET votes = (SELECT COUNT(*) FROM topic_votes WHERE topic_id = $1)
    WHERE id = $1
    RETURNING votes";

/// The events whose vote counts moved since they were last announced.
pub const UNPUBLISHED_VOTES: &str =
    "SELECT DISTINCT event_id FROM topics WHERE votes <> votes_shown ORDER BY event_id";

pub const VOTES_OF: &str = "
    SELECT v.topic_id FROM topic_votes v JOIN topics t ON t.id = v.topic_id
    WHERE t.event_id = $1 AND v.user_id = $2 AND t.withdrawn_at IS NULL";

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

pub fn find_comment() -> String {
    format!("{COMMENT} WHERE c.id = $1")
}

/// The comments under a topic (`column` "topic_id") or a write-up ("writeup_id").
pub fn list_comments(column: &str) -> String {
    format!("{COMMENT} WHERE c.{column} = $1 ORDER BY c.id")
}

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

pub fn list_registrations() -> String {
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

pub const AGENDA_VERSION: &str = "SELECT agenda_version FROM events WHERE id = $1";

/// `$2` the version the change is based on: no row if another change came first.
pub const BUMP_AGENDA_VERSION: &str = "
    UPDATE events SET agenda_version = agenda_version + 1
    WHERE id = $1 AND agenda_version = $2
    RETURNING agenda_version";

pub const AGENDA_ROOMS: &str = "
    SELECT id, name, capacity FROM agenda_rooms WHERE event_id = $1 ORDER BY id";

/// A topic's session shows the topic's current title, contacts and votes.
pub const AGENDA_SESSIONS: &str = "
    SELECT s.id, s.room_id, s.topic_id, COALESCE(t.title, s.title) AS title, s.starts_at,
           s.ends_at, s.sequence, COALESCE(t.contacts, '') AS contacts,
           COALESCE(t.votes, 0) AS interest
    FROM agenda_sessions s LEFT JOIN topics t ON t.id = s.topic_id
    WHERE s.event_id = $1
    ORDER BY s.starts_at, s.room_id, s.id";

pub const UNSCHEDULED_TOPICS: &str = "
    SELECT t.id, t.title, t.votes, t.contacts FROM topics t
    WHERE t.event_id = $1 AND t.withdrawn_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM agenda_sessions s WHERE s.topic_id = t.id)
    ORDER BY t.votes DESC, t.id";

pub const ROOM_NAMED: &str = "SELECT id FROM agenda_rooms WHERE event_id = $1 AND name = $2";

pub const INSERT_ROOM: &str = "
    INSERT INTO agenda_rooms (event_id, name, capacity) VALUES ($1, $2, $3)";

/// `$1` the room, `$2` the event.
pub const ROOM_OF_EVENT: &str = "SELECT id FROM agenda_rooms WHERE id = $1 AND event_id = $2";

pub const OPEN_TOPIC_OF_EVENT: &str = "
    SELECT id FROM topics WHERE id = $1 AND event_id = $2 AND withdrawn_at IS NULL";

pub const SCHEDULED_TOPIC: &str = "
    SELECT id FROM agenda_sessions WHERE topic_id = $1 AND event_id = $2";

pub const SESSION_OF_EVENT: &str = "
    SELECT id FROM agenda_sessions WHERE id = $1 AND event_id = $2";

pub const SESSION_SLOT: &str = "
    SELECT room_id, starts_at, ends_at FROM agenda_sessions WHERE id = $1 AND event_id = $2";

/// A session in room `$1` overlapping `$2..$3`, other than `$4` and `$5`.
pub const ROOM_TAKEN: &str = "
    SELECT COALESCE(t.title, s.title) FROM agenda_sessions s
    LEFT JOIN topics t ON t.id = s.topic_id
    WHERE s.room_id = $1 AND s.starts_at < $3 AND s.ends_at > $2 AND s.id <> $4 AND s.id <> $5
    LIMIT 1";

pub const INSERT_AGENDA_SESSION: &str = "
    INSERT INTO agenda_sessions (event_id, room_id, topic_id, title, starts_at, ends_at)
    VALUES ($1, $2, $3, $4, $5, $6)";

pub const MOVE_AGENDA_SESSION: &str = "
    UPDATE agenda_sessions
    SET room_id = $2, starts_at = $3, ends_at = $4, sequence = sequence + 1
    WHERE id = $1";

pub const DELETE_AGENDA_SESSION: &str = "DELETE FROM agenda_sessions WHERE id = $1";
