-- What a consulate expects on a visa invitation letter. Organisers and the attendee only;
-- deleted once the event is over (archived): passport data is kept no longer than needed.
CREATE TABLE visa_letters (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    full_name       TEXT NOT NULL,
    nationality     TEXT NOT NULL,
    passport_number TEXT NOT NULL,
    born_on         DATE NOT NULL,
    arrives_on      DATE NOT NULL,
    leaves_on       DATE NOT NULL,
    submitted_at    BIGINT NOT NULL,
    -- Set when an organiser approves the letter; new details clear it.
    approved_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    approved_at     BIGINT,
    CHECK (leaves_on >= arrives_on)
);
