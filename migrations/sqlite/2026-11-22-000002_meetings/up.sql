CREATE TABLE meeting_series (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    title TEXT NOT NULL,
    rrule TEXT NOT NULL,
    first_date DATE NOT NULL,
    start_time TIME NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    time_zone TEXT NOT NULL,
    location TEXT NOT NULL,
    is_public BOOLEAN NOT NULL,
    exdates TEXT NOT NULL DEFAULT '',
    effective_from DATE NOT NULL,
    deleted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_series_board ON meeting_series (board_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    series_id BIGINT REFERENCES meeting_series (id),
    occurrence_date DATE,
    title TEXT NOT NULL,
    starts_local TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    time_zone TEXT NOT NULL,
    location TEXT NOT NULL,
    is_public BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'postponed', 'cancelled')),
    overridden BOOLEAN NOT NULL DEFAULT FALSE,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One meeting per occurrence of a series: the claim that keeps materialising idempotent.
CREATE UNIQUE INDEX meetings_occurrence ON meetings (series_id, occurrence_date);
CREATE INDEX meetings_board_start ON meetings (board_id, starts_local);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    is_public BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (sector IN ('civil_society', 'military', 'police', 'government', 'other')),
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_stated')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attendance_meeting ON attendance (meeting_id);

CREATE TABLE minutes (
    meeting_id BIGINT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'circulated', 'approved', 'frozen')),
    approved_by BIGINT REFERENCES users (id),
    approved_at_meeting BIGINT REFERENCES meetings (id),
    approved_at TIMESTAMP,
    frozen_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    agenda_item_id BIGINT REFERENCES agenda_items (id),
    text TEXT NOT NULL,
    responsible_unit_id BIGINT REFERENCES units (id),
    responsible TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_meeting ON decisions (meeting_id);
CREATE INDEX decisions_unit ON decisions (responsible_unit_id);

-- The notification outbox: rows are written in the transaction of the change that causes them
-- and delivered later, so that a mail outage loses nothing.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    not_after TIMESTAMP,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    logged_at TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
