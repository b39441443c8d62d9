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
    INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)
    RETURNING id";

pub const MARK_MAIL_SENT: &str = "UPDATE outbox SET sent_at = $2 WHERE id = $1";

pub const LIST_MAIL: &str = "
    SELECT id, recipient, subject, body, created_at, sent_at
    FROM outbox
    ORDER BY id DESC
    LIMIT $1";

pub const NEXT_LIVE_SEQ: &str =
    "UPDATE events SET live_seq = live_seq + 1 WHERE id = $1 RETURNING live_seq";

pub const INSERT_LIVE: &str = "
    INSERT INTO live_messages (event_id, seq, audience, body, created_at)
    VALUES ($1, $2, $3, $4, $5)";

pub const PRUNE_LIVE: &str = "DELETE FROM live_messages WHERE event_id = $1 AND seq <= $2";

pub const LIVE_SINCE: &str = "
    SELECT seq, audience, body
    FROM live_messages
    WHERE event_id = $1 AND seq > $2
    ORDER BY seq
    LIMIT $3";

/// PostgreSQL only: tells every listening process, when the transaction commits.
pub const NOTIFY_LIVE: &str = "SELECT pg_notify('hackboard_live', $1)";
