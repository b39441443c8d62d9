-- Each event's live stream: a position counter on the event, and the recent messages a
-- reconnecting browser may have missed. A message is written in the transaction of the change
-- it reports, so the stream never tells of a change that was rolled back, nor misses one.
ALTER TABLE events ADD COLUMN live_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE live_messages (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    -- everyone, organisers or public: who may receive it.
    audience   TEXT NOT NULL,
    body       TEXT NOT NULL,
    -- Unix seconds.
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, seq)
);
