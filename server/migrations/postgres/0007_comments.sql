-- Peer-review comments under a topic; replies go one level deep.
CREATE TABLE topic_comments (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic_id    BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users (id),
    -- The top-level comment this one answers.
    reply_to    BIGINT REFERENCES topic_comments (id),
    body_md     TEXT NOT NULL,
    -- Unix seconds.
    created_at  BIGINT NOT NULL,
    edited_at   BIGINT,
    -- Kept (empty) while replies need it; gone for everyone.
    deleted_at  BIGINT,
    -- By an organiser: organisers still see it, nobody else does.
    hidden_by   BIGINT REFERENCES users (id),
    hidden_at   BIGINT
);
CREATE INDEX topic_comments_by_topic ON topic_comments (topic_id, id);

-- Full-text search over titles and descriptions. 'simple' keeps words as written: topics are
-- full of names (PVH, NFV, ARM) that an English stemmer would mangle.
ALTER TABLE topics ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description_md)) STORED;
CREATE INDEX topics_search ON topics USING GIN (search);
