-- Follow-up actions: commitments assigned to a unit with a due date, verified by the board.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source_kind TEXT NOT NULL CHECK (source_kind IN ('decision', 'indicator', 'incident', 'grievance', 'none')),
    source_id BIGINT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    due_date DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'blocked', 'reported_done', 'verified')),
    verified_at TIMESTAMP,
    verified_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX actions_board ON actions (board_id, id);
CREATE INDEX actions_unit ON actions (unit_id, id);
CREATE INDEX actions_due ON actions (status, due_date);

-- What happened to an action, oldest first: status reports, verification, sending back.
CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    kind TEXT NOT NULL CHECK (kind IN ('status', 'verified', 'sent_back')),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_user_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, id);
