-- A failed delivery is tried again later, with a growing wait, and the outbox says why it
-- failed. `retry_at` NULL: nothing to try (sent, given up, or no mail server configured).
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN retry_at INTEGER;
CREATE INDEX outbox_retry_at ON outbox (retry_at) WHERE retry_at IS NOT NULL;
