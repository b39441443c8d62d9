-- Votes reach open pages in batches (see server/src/live/tally.rs): a vote stores its count,
-- and the count last announced stays here until a batch announces the new one. A count that
-- differs is one no page has heard yet, even after a crash.
ALTER TABLE topics ADD COLUMN votes_shown BIGINT NOT NULL DEFAULT 0;
UPDATE topics SET votes_shown = votes;
