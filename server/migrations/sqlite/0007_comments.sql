-- Peer-review comments under a topic; replies go one level deep.
CREATE TABLE topic_comments (
    id          INTEGER PRIMARY KEY,
    topic_id    INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    -- The top-level comment this one answers.
    reply_to    INTEGER REFERENCES topic_comments (id),
    body_md     TEXT NOT NULL,
    -- Unix seconds.
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    -- Kept (empty) while replies need it; gone for everyone.
    deleted_at  INTEGER,
    -- By an organiser: organisers still see it, nobody else does.
    hidden_by   INTEGER REFERENCES users (id),
    hidden_at   INTEGER
);
CREATE INDEX topic_comments_by_topic ON topic_comments (topic_id, id);

-- Full-text search over titles and descriptions, kept in step by triggers.
CREATE VIRTUAL TABLE topics_search USING fts5 (
    title, description_md, content = 'topics', content_rowid = 'id'
);
INSERT INTO topics_search (rowid, title, description_md)
    SELECT id, title, description_md FROM topics;
CREATE TRIGGER topics_search_insert AFTER INSERT ON topics BEGIN
    INSERT INTO topics_search (rowid, title, description_md)
    VALUES (new.id, new.title, new.description_md);
END;
CREATE TRIGGER topics_search_delete AFTER DELETE ON topics BEGIN
    INSERT INTO topics_search (topics_search, rowid, title, description_md)
    VALUES ('delete', old.id, old.title, old.description_md);
END;
CREATE TRIGGER topics_search_update AFTER UPDATE OF title, description_md ON topics BEGIN
    INSERT INTO topics_search (topics_search, rowid, title, description_md)
    VALUES ('delete', old.id, old.title, old.description_md);
    INSERT INTO topics_search (rowid, title, description_md)
    VALUES (new.id, new.title, new.description_md);
END;
