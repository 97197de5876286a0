-- 0007: the problem register (重点难点问题) with the measures that address
-- each problem, and resource allocations (资源配置) to measures or units.
CREATE TABLE problems (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    source_unit TEXT REFERENCES units(code),
    agenda_item INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    severity    TEXT NOT NULL,
    owner_unit  TEXT NOT NULL REFERENCES units(code),
    leader      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open',
    notes       TEXT NOT NULL DEFAULT '',
    closed_by   TEXT NOT NULL DEFAULT '',
    closed_at   INTEGER,
    close_note  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX problems_owner_unit ON problems(owner_unit, id);
CREATE INDEX problems_status ON problems(status, id);
CREATE INDEX problems_severity ON problems(severity, id);
CREATE INDEX problems_leader ON problems(leader, id);
CREATE INDEX problems_agenda_item ON problems(agenda_item);

CREATE TABLE problem_measures (
    problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    measure    TEXT NOT NULL REFERENCES measures(code),
    PRIMARY KEY (problem_id, measure)
);
CREATE INDEX problem_measures_measure ON problem_measures(measure, problem_id);

CREATE TABLE allocations (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    measure     TEXT REFERENCES measures(code),
    unit        TEXT REFERENCES units(code),
    period      TEXT NOT NULL REFERENCES periods(code),
    granted     INTEGER NOT NULL,
    amount_unit TEXT NOT NULL,
    spent       INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK ((measure IS NULL) <> (unit IS NULL))
);
CREATE INDEX allocations_kind ON allocations(kind, id);
CREATE INDEX allocations_measure ON allocations(measure, id);
CREATE INDEX allocations_unit ON allocations(unit, id);
CREATE INDEX allocations_period ON allocations(period, id);
