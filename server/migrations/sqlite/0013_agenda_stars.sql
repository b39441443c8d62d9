-- "My agenda": the sessions each person starred, and how they want to hear when one moves.
CREATE TABLE agenda_stars (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES agenda_sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, session_id)
);
CREATE INDEX agenda_stars_by_session ON agenda_stars (session_id);

CREATE TABLE agenda_prefs (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- The secret in the address of the person's calendar feed of starred sessions.
    feed_token   TEXT NOT NULL UNIQUE,
    -- 1 when they asked for an email each time a starred session moves.
    mail_on_move INTEGER NOT NULL DEFAULT 0
);
