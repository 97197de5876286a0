-- 0001: units, people, accounts, sessions, periods, meetings, measures,
-- progress reports, comments, audit events, settings and change counters.
CREATE TABLE units (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    kind    TEXT NOT NULL,
    parent  TEXT REFERENCES units(code),
    seq     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX units_parent ON units(parent);

CREATE TABLE people (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    unit  TEXT NOT NULL REFERENCES units(code),
    title TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_unit ON people(unit);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    unit          TEXT REFERENCES units(code),
    name          TEXT NOT NULL,
    person_id     INTEGER REFERENCES people(id),
    email         TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'zh-CN',
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX accounts_unit ON accounts(unit);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE periods (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER NOT NULL
);

CREATE TABLE meetings (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL,
    day       INTEGER NOT NULL,
    place     TEXT NOT NULL DEFAULT '',
    presider  TEXT NOT NULL DEFAULT '',
    attendees TEXT NOT NULL DEFAULT '',
    period    TEXT NOT NULL REFERENCES periods(code)
);
CREATE INDEX meetings_day ON meetings(day);

CREATE TABLE agenda_items (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    speaker    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, seq);

CREATE TABLE measures (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    theme        TEXT NOT NULL,
    period       TEXT NOT NULL REFERENCES periods(code),
    lead_unit    TEXT NOT NULL REFERENCES units(code),
    leader       TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    start_day    INTEGER NOT NULL,
    due_day      INTEGER,
    deadline     TEXT NOT NULL DEFAULT '',
    priority     INTEGER NOT NULL DEFAULT 0,
    milestones   TEXT NOT NULL DEFAULT '[]',
    progress     INTEGER NOT NULL DEFAULT 0,
    cancelled    INTEGER NOT NULL DEFAULT 0,
    source_item  INTEGER REFERENCES agenda_items(id),
    source_start INTEGER NOT NULL DEFAULT 0,
    source_end   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX measures_lead_unit ON measures(lead_unit, id);
CREATE INDEX measures_leader ON measures(leader, id);
CREATE INDEX measures_theme ON measures(theme, id);
CREATE INDEX measures_period ON measures(period, id);
CREATE INDEX measures_source ON measures(source_item);
-- Open measures by due day: the overdue and due-soon lists.
CREATE INDEX measures_open_due ON measures(due_day) WHERE cancelled = 0 AND progress < 100;

CREATE TABLE measure_units (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    unit       TEXT NOT NULL REFERENCES units(code),
    PRIMARY KEY (measure_id, unit)
);
CREATE INDEX measure_units_unit ON measure_units(unit, measure_id);

CREATE TABLE progress_reports (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    percent    INTEGER NOT NULL,
    note       TEXT NOT NULL,
    risk       INTEGER NOT NULL DEFAULT 0,
    author     TEXT NOT NULL,
    review     TEXT NOT NULL DEFAULT 'pending',
    comment    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX progress_reports_measure ON progress_reports(measure_id, id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_measure ON comments(measure_id, id);

CREATE TABLE audit_events (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Change counters: a row per thing whose cached aggregate must be dropped
-- when it changes ("measures" for the board), and per-period measure numbers.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
