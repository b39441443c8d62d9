-- Events and the hotels suggested on their pages.
CREATE TABLE events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          TEXT        NOT NULL UNIQUE,
    title         TEXT        NOT NULL,
    tagline       TEXT        NOT NULL DEFAULT '',
    starts_on     DATE        NOT NULL,  -- in the event's time zone
    ends_on       DATE        NOT NULL,
    day_starts    TIME        NOT NULL,  -- local
    day_ends      TIME        NOT NULL,
    time_zone     TEXT        NOT NULL,  -- IANA name
    venue_name    TEXT        NOT NULL,
    venue_address TEXT        NOT NULL DEFAULT '',
    map_url       TEXT,
    social_on     DATE,
    social_md     TEXT        NOT NULL DEFAULT '',
    transport_md  TEXT        NOT NULL DEFAULT '',
    visa_md       TEXT        NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE hotels (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        BIGINT  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    address         TEXT    NOT NULL DEFAULT '',
    nearest_station TEXT    NOT NULL DEFAULT '',
    travel_minutes  INTEGER CHECK (travel_minutes >= 0),
    distance_note   TEXT    NOT NULL DEFAULT '',
    rate_min        INTEGER CHECK (rate_min >= 0),
    rate_max        INTEGER CHECK (rate_max >= rate_min),
    currency        TEXT    NOT NULL DEFAULT 'EUR',
    directions_url  TEXT,
    UNIQUE (event_id, position)
);
