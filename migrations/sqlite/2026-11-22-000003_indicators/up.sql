CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL REFERENCES boards (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL CHECK (measure IN ('count', 'percentage', 'ratio', 'index', 'qualitative_scale')),
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    data_source TEXT NOT NULL DEFAULT '',
    responsible_unit_id BIGINT REFERENCES units (id),
    by_region BOOLEAN NOT NULL DEFAULT FALSE,
    by_sex BOOLEAN NOT NULL DEFAULT FALSE,
    by_age BOOLEAN NOT NULL DEFAULT FALSE,
    agreed_decision_id BIGINT REFERENCES decisions (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (board_id, code)
);

-- Where an indicator stood when the board agreed on it.
CREATE TABLE indicator_baselines (
    indicator_id BIGINT PRIMARY KEY NOT NULL REFERENCES indicators (id),
    value DOUBLE PRECISION NOT NULL,
    date DATE NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE indicator_targets (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (indicator_id, period)
);

-- One figure per indicator, month and group; '' stands for "not divided by this".
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT '',
    age_group TEXT NOT NULL DEFAULT '',
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (indicator_id, period, region, sex, age_group)
);
CREATE INDEX indicator_values_period ON indicator_values (period);

-- Months a secretary opened again after they locked.
CREATE TABLE reopened_periods (
    board_id BIGINT NOT NULL REFERENCES boards (id),
    period TEXT NOT NULL,
    reason TEXT NOT NULL,
    reopened_by BIGINT REFERENCES users (id),
    reopened_at TIMESTAMP NOT NULL,
    PRIMARY KEY (board_id, period)
);
