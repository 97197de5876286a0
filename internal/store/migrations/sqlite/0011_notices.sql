-- 0011: reminders, escalation and notifications.
-- A notice is a numbered document (提醒单〔2024〕第3号) about a measure.
-- occasion names the occasion (kind, measure, due date, step), so an
-- occasion gives one notice however often and by however many servers it
-- is looked at. snapshot is the measure as it stood, frozen as JSON.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    measure_id  INTEGER REFERENCES measures(id),
    measure     TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    leader      TEXT NOT NULL DEFAULT '',
    occasion    TEXT NOT NULL UNIQUE,
    snapshot    TEXT NOT NULL,
    agenda_item INTEGER
);
CREATE UNIQUE INDEX notices_number ON notices(kind, year, number);
CREATE INDEX notices_measure ON notices(measure_id, id);
CREATE INDEX notices_unit ON notices(unit, id);
CREATE INDEX notices_kind ON notices(kind, id);
CREATE INDEX notices_day ON notices(day);

-- Who a notice is addressed to, and when they opened it (the inbox).
CREATE TABLE notice_recipients (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    account   TEXT NOT NULL,
    read_at   INTEGER,
    PRIMARY KEY (notice_id, account)
);
CREATE INDEX notice_recipients_account ON notice_recipients(account, notice_id);
CREATE INDEX notice_recipients_unread ON notice_recipients(account, notice_id) WHERE read_at IS NULL;

-- Chat group robots the admin configured. units: comma-separated unit
-- codes whose notices go there, '' for all.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    units      TEXT NOT NULL DEFAULT '',
    enabled    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

-- One row per message to send: an account's daily digest by mail, or a
-- day's notices to a webhook. key is unique ("mail:linxiao:2024-10-15"),
-- so each goes out once across restarts and servers. notices is the JSON
-- list of notice ids it carries, fixed when it is made. A sender leases a
-- row (lease_owner, lease_until) before sending; failures are retried at
-- next_at with backoff until state 'failed', which the admin may retry.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL,
    target      TEXT NOT NULL,
    day         INTEGER NOT NULL,
    notices     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    sent_at     INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX deliveries_pending ON deliveries(next_at) WHERE state = 'pending';
CREATE INDEX deliveries_state ON deliveries(state, id);

-- Scheduled jobs: which day a job last ran for, and who holds it now.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    day         INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0
);

-- The secret of an account's calendar feed (/calendar/TOKEN.ics); NULL
-- until the account asks for one, changed when it is reset.
ALTER TABLE accounts ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX accounts_calendar_token ON accounts(calendar_token);
