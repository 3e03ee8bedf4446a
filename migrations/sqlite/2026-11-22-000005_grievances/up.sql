-- Grievances. Who filed one is kept apart, in grievance_contacts, read only by the secretariat.
CREATE TABLE grievances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    tracking_hash TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('public', 'secretariat')),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    alleged_unit_id BIGINT REFERENCES units (id),
    status TEXT NOT NULL CHECK (status IN ('received', 'acknowledged', 'referred', 'responded', 'resolved', 'not_resolved', 'closed')),
    unit_id BIGINT REFERENCES units (id),
    unit_summary TEXT NOT NULL DEFAULT '',
    response TEXT NOT NULL DEFAULT '',
    filed_at TIMESTAMP NOT NULL,
    ack_due DATE NOT NULL,
    response_due DATE NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX grievances_board ON grievances (board_id, id);
CREATE INDEX grievances_unit ON grievances (unit_id, id);

CREATE TABLE grievance_contacts (
    grievance_id BIGINT PRIMARY KEY NOT NULL REFERENCES grievances (id),
    name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

-- Each step of a grievance, oldest first; its dates come from here.
CREATE TABLE grievance_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    grievance_id BIGINT NOT NULL REFERENCES grievances (id),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor_user_id BIGINT REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX grievance_events_grievance ON grievance_events (grievance_id, id);
