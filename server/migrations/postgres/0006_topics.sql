-- The topic board: what people propose to discuss or hack on, and who wants it.
CREATE TABLE topics (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    proposer_id    BIGINT NOT NULL REFERENCES users (id),
    title          TEXT NOT NULL,
    description_md TEXT NOT NULL,
    outcomes_md    TEXT NOT NULL,
    contacts       TEXT NOT NULL,
    mailing_list   TEXT NOT NULL,
    chat_channel   TEXT NOT NULL,
    -- n/a, beginner, intermediate, moderate or advanced.
    difficulty     TEXT NOT NULL,
    skills         TEXT NOT NULL,
    -- yes, no, unknown or n/a.
    gsoc           TEXT NOT NULL,
    verified_by    BIGINT REFERENCES users (id),
    -- Unix seconds, like every time below.
    verified_at    BIGINT,
    withdrawn_at   BIGINT,
    created_at     BIGINT NOT NULL,
    -- The last change to the topic, a vote or a comment: "recent activity" sorts by it.
    active_at      BIGINT NOT NULL,
    -- Kept equal to the rows in topic_votes by the statement that changes them.
    votes          BIGINT NOT NULL DEFAULT 0,
    comments       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX topics_by_event ON topics (event_id, votes DESC);

CREATE TABLE topic_votes (
    topic_id BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_votes_by_user ON topic_votes (user_id);
