-- 0006: indicators (指标), their values per period, the corrections made
-- to values of locked periods, and the period locks themselves.
CREATE TABLE indicators (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    measure_unit TEXT NOT NULL DEFAULT '',
    direction    TEXT NOT NULL DEFAULT 'higher',
    owner_unit   TEXT NOT NULL REFERENCES units(code),
    theme        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX indicators_owner_unit ON indicators(owner_unit, code);
CREATE INDEX indicators_theme ON indicators(theme, code);
CREATE INDEX indicators_kind ON indicators(kind, code);

CREATE TABLE indicator_values (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period       TEXT NOT NULL REFERENCES periods(code),
    baseline     REAL,
    target       REAL,
    actual       REAL,
    note         TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    benchmark    TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, period)
);
CREATE INDEX indicator_values_period ON indicator_values(period, indicator_id);

CREATE TABLE indicator_corrections (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period       TEXT NOT NULL REFERENCES periods(code),
    reason       TEXT NOT NULL,
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX indicator_corrections_indicator ON indicator_corrections(indicator_id, period, id);

CREATE TABLE period_locks (
    period    TEXT PRIMARY KEY REFERENCES periods(code),
    locked_by TEXT NOT NULL,
    locked_at INTEGER NOT NULL
);
