//! Statements that read the same on SQLite and PostgreSQL (`$N` placeholders work on both).
//! Statements that must differ (locking, full-text search) live in the backend's own module.

pub const PING: &str = "SELECT 1";

pub const COUNT_EVENTS: &str = "SELECT COUNT(*) FROM events";

pub const LIST_EVENTS: &str = "
    SELECT slug, title, tagline, starts_on, ends_on, time_zone, venue_name
    FROM events
    ORDER BY starts_on, slug";

pub const FIND_EVENT: &str = "
    SELECT id, slug, title, tagline, starts_on, ends_on, day_starts, day_ends, time_zone,
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
