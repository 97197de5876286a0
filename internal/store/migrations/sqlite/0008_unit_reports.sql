-- 0008: units' half-year work reports (半年工作总结), one per unit and
-- period. figures is empty while the report is worked on (the page computes
-- them live) and holds the JSON figures frozen when it was submitted.
CREATE TABLE unit_reports (
    id            INTEGER PRIMARY KEY,
    unit          TEXT NOT NULL REFERENCES units(code),
    period        TEXT NOT NULL REFERENCES periods(code),
    state         TEXT NOT NULL DEFAULT 'draft',
    achievements  TEXT NOT NULL DEFAULT '',
    situation     TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    next_measures TEXT NOT NULL DEFAULT '',
    figures       TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    submitted_at  INTEGER,
    reviewer      TEXT NOT NULL DEFAULT '',
    reviewed_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX unit_reports_unit_period ON unit_reports(unit, period);
-- The office's overview and the compendium read one period by state.
CREATE INDEX unit_reports_period ON unit_reports(period, state, unit);
