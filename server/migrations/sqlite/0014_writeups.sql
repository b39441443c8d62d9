-- After the event: write-ups with their comments, topic outcomes, the write-up window, and
-- the history of topics carried over to a later event.

-- The last day write-ups and comments are taken on a past event (in its time zone); NULL
-- means 30 days after it ends.
ALTER TABLE events ADD COLUMN writeups_close_on TEXT;

CREATE TABLE writeups (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    -- The organisers' thank-you post, shown first.
    pinned     INTEGER NOT NULL DEFAULT 0,
    -- Picked by the organisers as a highlight of the event.
    featured   INTEGER NOT NULL DEFAULT 0,
    -- Unix seconds.
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    -- Hidden by an organiser or deleted by its author: gone from every list.
    removed_at INTEGER,
    -- Kept equal to the comments everyone sees, like topics.comments.
    comments   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX writeups_by_event ON writeups (event_id, id);

-- The topics of the event a write-up is about.
CREATE TABLE writeup_topics (
    writeup_id INTEGER NOT NULL REFERENCES writeups (id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (writeup_id, topic_id)
);

-- What came out of a topic, against its expected outcomes_md; links one URL per line.
ALTER TABLE topics ADD COLUMN outcome_md TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN outcome_links TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN outcome_at INTEGER;
ALTER TABLE topics ADD COLUMN outcome_featured INTEGER NOT NULL DEFAULT 0;
-- The topic of an earlier event this one continues.
ALTER TABLE topics ADD COLUMN carried_from INTEGER REFERENCES topics (id) ON DELETE SET NULL;

-- Comments now sit under a topic or a write-up. SQLite cannot drop NOT NULL in place, so the
-- table is rebuilt under its new name.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    topic_id    INTEGER REFERENCES topics (id) ON DELETE CASCADE,
    writeup_id  INTEGER REFERENCES writeups (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    -- The top-level comment this one answers.
    reply_to    INTEGER REFERENCES comments (id),
    body_md     TEXT NOT NULL,
    -- Unix seconds.
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    -- Kept (empty) while replies need it; gone for everyone.
    deleted_at  INTEGER,
    -- By an organiser: organisers still see it, nobody else does.
    hidden_by   INTEGER REFERENCES users (id),
    hidden_at   INTEGER,
    CHECK ((topic_id IS NULL) <> (writeup_id IS NULL))
);
INSERT INTO comments (id, topic_id, author_id, reply_to, body_md, created_at, edited_at,
                      deleted_at, hidden_by, hidden_at)
    SELECT id, topic_id, author_id, reply_to, body_md, created_at, edited_at, deleted_at,
           hidden_by, hidden_at
    FROM topic_comments ORDER BY id;
DROP TABLE topic_comments;
CREATE INDEX comments_by_topic ON comments (topic_id, id);
CREATE INDEX comments_by_writeup ON comments (writeup_id, id);
