-- Civilian-harm incidents. What may reach a unit sits in `incidents` and its counted parts;
-- narrative, coordinates, identities and sources sit in their own tables, read by the board only.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    occurred_on DATE NOT NULL,
    occurred_time TIME,
    region TEXT NOT NULL,
    province TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'moderate', 'high', 'critical')),
    status TEXT NOT NULL CHECK (status IN ('reported', 'under_assessment', 'credible', 'not_credible', 'under_investigation', 'response_recorded', 'closed')),
    unit_id BIGINT REFERENCES units (id),
    reported_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX incidents_board ON incidents (board_id, id);
CREATE INDEX incidents_month ON incidents (board_id, occurred_on);
CREATE INDEX incidents_unit ON incidents (unit_id);

CREATE TABLE incident_harms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    harm TEXT NOT NULL,
    UNIQUE (incident_id, harm)
);

-- Victims counted by sex and age group; no names here.
CREATE TABLE incident_victims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    sex TEXT NOT NULL,
    age_group TEXT NOT NULL,
    victims INTEGER NOT NULL CHECK (victims > 0),
    UNIQUE (incident_id, sex, age_group)
);

CREATE TABLE incident_perpetrators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL CHECK (kind IN ('unit', 'non_state_armed_group', 'unknown')),
    unit_id BIGINT REFERENCES units (id),
    group_name TEXT NOT NULL DEFAULT '',
    involvement TEXT NOT NULL
);
CREATE INDEX incident_perpetrators_incident ON incident_perpetrators (incident_id);
CREATE INDEX incident_perpetrators_unit ON incident_perpetrators (unit_id);

-- Confidential: the board only.
CREATE TABLE incident_confidential (
    incident_id BIGINT PRIMARY KEY NOT NULL REFERENCES incidents (id),
    narrative TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);

CREATE TABLE incident_identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_group TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_identities_incident ON incident_identities (incident_id);

CREATE TABLE incident_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    reliability TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_sources_incident ON incident_sources (incident_id);

-- What the security sector did: acknowledgement, amends, disciplinary action, referral.
CREATE TABLE incident_responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX incident_responses_incident ON incident_responses (incident_id, id);

-- Each step of an incident, oldest first; its dates come from here.
CREATE TABLE incident_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor_user_id BIGINT REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- Grievance deadlines per board, in business days; NULL keeps the installation's default.
ALTER TABLE boards ADD COLUMN grievance_ack_days INTEGER CHECK (grievance_ack_days BETWEEN 1 AND 60);
ALTER TABLE boards ADD COLUMN grievance_response_days INTEGER CHECK (grievance_response_days BETWEEN 1 AND 120);
