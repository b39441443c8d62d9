-- Registration: who asked to come, where each request stands, and every change to it.
ALTER TABLE events ADD COLUMN capacity BIGINT NOT NULL DEFAULT 40 CHECK (capacity >= 0);
ALTER TABLE events ADD COLUMN registration_open BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE registrations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- requested, invited, confirmed, waiting, declined or cancelled.
    state            TEXT NOT NULL,
    -- The days attended, comma-separated YYYY-MM-DD; empty for every day.
    days             TEXT NOT NULL,
    affiliation      TEXT NOT NULL,
    needs_visa       BOOLEAN NOT NULL,
    -- Set by an organiser once the visa is granted: until then a place is provisional.
    visa_cleared     BOOLEAN NOT NULL DEFAULT FALSE,
    stipend_amount   BIGINT CHECK (stipend_amount > 0),
    stipend_currency TEXT,
    stipend_reason   TEXT NOT NULL,
    note             TEXT NOT NULL,
    -- Shown on the public attendee list.
    listed           BOOLEAN NOT NULL,
    -- Unix seconds. The waiting list is in the order people joined it.
    waiting_since    BIGINT,
    created_at       BIGINT NOT NULL,
    changed_at       BIGINT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX registrations_by_state ON registrations (event_id, state);

-- Every transition: to which state, by whom (NULL: automatic, as a promotion from the
-- waiting list), with the organiser's message if any.
CREATE TABLE registration_changes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    state           TEXT NOT NULL,
    by_user         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    message         TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX registration_changes_by_registration ON registration_changes (registration_id);
