-- What a consulate expects on a visa invitation letter. Organisers and the attendee only;
-- deleted once the event is over (archived): passport data is kept no longer than needed.
CREATE TABLE visa_letters (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    full_name       TEXT NOT NULL,
    nationality     TEXT NOT NULL,
    passport_number TEXT NOT NULL,
    born_on         TEXT NOT NULL,
    arrives_on      TEXT NOT NULL,
    leaves_on       TEXT NOT NULL,
    submitted_at    INTEGER NOT NULL,
    -- Set when an organiser approves the letter; new details clear it.
    approved_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    approved_at     INTEGER,
    CHECK (leaves_on >= arrives_on)
);
