-- The live agenda: rooms, and sessions placed in them. Every change moves the event's
-- agenda_version; a change based on an older version is refused, so two organisers editing
-- at once never silently overwrite each other.
ALTER TABLE events ADD COLUMN agenda_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE agenda_rooms (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    -- Rooms are shown in the order they were added.
    UNIQUE (event_id, name)
);

CREATE TABLE agenda_sessions (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    room_id   INTEGER NOT NULL REFERENCES agenda_rooms (id) ON DELETE CASCADE,
    -- NULL for a plain item (welcome, lunch, the social), which has its own title.
    topic_id  INTEGER REFERENCES topics (id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    -- Unix seconds, UTC.
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL,
    -- iCalendar SEQUENCE: moves with every change to the session.
    sequence  INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at),
    -- A topic is on the agenda once.
    UNIQUE (event_id, topic_id)
);
CREATE INDEX agenda_sessions_by_room ON agenda_sessions (room_id, starts_at);
