-- Password-reset links (only a hash of the token is kept) and every email the app sends.
-- Times are Unix seconds, the same on both backends.
CREATE TABLE password_resets (
    token_hash TEXT   PRIMARY KEY,  -- SHA-256, hex
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient  TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT  -- NULL until handed to the SMTP server, or for good without one
);
