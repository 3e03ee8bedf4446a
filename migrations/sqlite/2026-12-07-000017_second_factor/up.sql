-- A second factor for signing in. A sign-in that has passed the password but still owes its
-- second factor is a session `awaiting_code`: it opens nothing but the second step; one whose
-- account must have a second factor and has none is `awaiting_enrolment`: it opens nothing but
-- setting one up. A session that passed a second factor says which (`second_factor`).
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'open'
    CHECK (stage IN ('open', 'awaiting_code', 'awaiting_enrolment'));
ALTER TABLE sessions ADD COLUMN second_factor TEXT
    CHECK (second_factor IN ('totp', 'recovery_code'));

-- An account's authenticator app (RFC 6238): its shared secret, whether the person confirmed it
-- with a first code, and the last time step whose code was accepted (each code counts once).
CREATE TABLE totp_factors (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    last_step BIGINT NOT NULL DEFAULT 0
);

-- Single-use codes for when the authenticator is lost, kept as hashes only.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
