-- People with an account. Emails are stored trimmed and lowercased (model::Email).
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT        NOT NULL UNIQUE,
    display_name  TEXT        NOT NULL,
    affiliation   TEXT        NOT NULL DEFAULT '',
    password_hash TEXT        NOT NULL,  -- Argon2id, PHC string
    is_admin      BOOLEAN     NOT NULL DEFAULT FALSE,
    listed        BOOLEAN     NOT NULL DEFAULT TRUE,  -- shown in public attendee lists
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
