-- After the event: write-ups with their comments, topic outcomes, the write-up window, and
-- the history of topics carried over to a later event.

-- The last day write-ups and comments are taken on a past event (in its time zone); NULL
-- means 30 days after it ends.
ALTER TABLE events ADD COLUMN writeups_close_on DATE;

CREATE TABLE writeups (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id),
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    -- The organisers' thank-you post, shown first.
    pinned     BIGINT NOT NULL DEFAULT 0,
    -- Picked by the organisers as a highlight of the event.
    featured   BIGINT NOT NULL DEFAULT 0,
    -- Unix seconds.
    created_at BIGINT NOT NULL,
    edited_at  BIGINT,
    -- Hidden by an organiser or deleted by its author: gone from every list.
    removed_at BIGINT,
    -- Kept equal to the comments everyone sees, like topics.comments.
    comments   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX writeups_by_event ON writeups (event_id, id);

-- The topics of the event a write-up is about.
CREATE TABLE writeup_topics (
    writeup_id BIGINT NOT NULL REFERENCES writeups (id) ON DELETE CASCADE,
    topic_id   BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (writeup_id, topic_id)
);

-- What came out of a topic, against its expected outcomes_md; links one URL per line.
ALTER TABLE topics ADD COLUMN outcome_md TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN outcome_links TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN outcome_at BIGINT;
ALTER TABLE topics ADD COLUMN outcome_featured BIGINT NOT NULL DEFAULT 0;
-- The topic of an earlier event this one continues.
ALTER TABLE topics ADD COLUMN carried_from BIGINT REFERENCES topics (id) ON DELETE SET NULL;

-- Comments now sit under a topic or a write-up.
ALTER TABLE topic_comments RENAME TO comments;
ALTER TABLE comments ALTER COLUMN topic_id DROP NOT NULL;
ALTER TABLE comments ADD COLUMN writeup_id BIGINT REFERENCES writeups (id) ON DELETE CASCADE;
ALTER TABLE comments ADD CHECK ((topic_id IS NULL) <> (writeup_id IS NULL));
CREATE INDEX comments_by_writeup ON comments (writeup_id, id);
