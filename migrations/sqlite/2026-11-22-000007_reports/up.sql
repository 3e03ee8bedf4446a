-- Monthly accountability reports. One draft per board, month and revision: the unique index is
-- what makes the drafting job run exactly once, on any number of instances.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    period TEXT NOT NULL,
    revision INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published', 'superseded')),
    document TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    supersedes_id BIGINT REFERENCES reports (id),
    drafted_at TIMESTAMP NOT NULL,
    approved_by BIGINT REFERENCES users (id),
    approved_at TIMESTAMP,
    published_by BIGINT REFERENCES users (id),
    published_at TIMESTAMP,
    pdf_sha256 TEXT,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (board_id, period, revision)
);
CREATE INDEX reports_published ON reports (status, published_at);

-- The signed PDF of a published report, byte for byte.
CREATE TABLE report_files (
    report_id BIGINT PRIMARY KEY NOT NULL REFERENCES reports (id),
    pdf BLOB NOT NULL
);

-- A unit's acknowledgement of a published report, with a short reply; it goes into the next
-- month's report.
CREATE TABLE report_replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    user_id BIGINT REFERENCES users (id),
    text TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL,
    UNIQUE (report_id, unit_id)
);

-- Whether publishing a board's report needs a second officer's approval.
ALTER TABLE boards ADD COLUMN two_person_approval BOOLEAN NOT NULL DEFAULT TRUE;
