-- 0030: unit assessments (督办考核). One row per year: the office's rules
-- (weights, deductions, grading) as JSON, and once published who published
-- it, when, and the frozen result (every unit's figures, as JSON) that
-- later changes to the data never touch; the records behind each unit's
-- figures are frozen with it, a row per unit (read one unit at a time).
-- Adjustments are the office's points per unit, each with its reason.
CREATE TABLE assessments (
    year         INTEGER PRIMARY KEY,
    rules        TEXT NOT NULL,
    published_at BIGINT,
    published_by TEXT NOT NULL DEFAULT '',
    result       TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL
);
CREATE TABLE assessment_sources (
    year INTEGER NOT NULL,
    unit TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (year, unit)
);
CREATE TABLE assessment_adjustments (
    year       INTEGER NOT NULL,
    unit       TEXT NOT NULL REFERENCES units(code),
    points     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (year, unit)
);
-- The year's measures by due day, with what the on-time count reads, so
-- the count reads the index alone.
CREATE INDEX measures_assess_due ON measures(due_day, lead_unit, cancelled, progress, last_report_day);
