-- Single-use links that let a person choose a password: an invitation to a new account, or a
-- reset of a forgotten password. Only the hash of the link's token is kept; a link works once
-- (`used_at`) and until it expires.
CREATE TABLE account_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_links_user ON account_links (user_id);
