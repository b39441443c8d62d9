-- What organisers track beside the state: the fee, the travel-stipend decision and budget,
-- and the no-show reminder with its one-click release.

-- unpaid, paid or waived: the seed's fee, given to charity, is recorded by an organiser.
ALTER TABLE registrations ADD COLUMN fee TEXT NOT NULL DEFAULT 'unpaid';
-- NULL until an organiser decides; then granted or refused.
ALTER TABLE registrations ADD COLUMN stipend_decision TEXT;
-- Unix seconds the "do you still come?" reminder went out; NULL: not yet.
ALTER TABLE registrations ADD COLUMN reminded_at BIGINT;
-- SHA-256 of the token in the reminder's "release my place" link.
ALTER TABLE registrations ADD COLUMN release_token_hash TEXT;
CREATE UNIQUE INDEX registrations_by_release_token ON registrations (release_token_hash);

-- The travel-stipend budget, in whole units of its currency; NULL: none set.
ALTER TABLE events ADD COLUMN stipend_budget BIGINT CHECK (stipend_budget >= 0);
ALTER TABLE events ADD COLUMN stipend_currency TEXT NOT NULL DEFAULT 'EUR';

-- A history line is either a transition (mark NULL) or an organiser's mark, such as
-- "fee:paid", "stipend:granted" or "visa:cleared"; state is then the state it was in.
ALTER TABLE registration_changes ADD COLUMN mark TEXT;
