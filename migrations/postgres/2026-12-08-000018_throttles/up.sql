-- The throttles' counts, kept here so that every instance on one database shares them: per key
-- (a keyed hash of what is counted: a client address, an account, a kind of request), the hits
-- since the window started (in seconds since 1970).
CREATE TABLE throttle_counts (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
