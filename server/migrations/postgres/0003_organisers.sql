-- Who organises which event, and a revision counter so two organisers cannot overwrite
-- each other's edits unseen.
CREATE TABLE event_organisers (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_organisers_by_user ON event_organisers (user_id);

ALTER TABLE events ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
