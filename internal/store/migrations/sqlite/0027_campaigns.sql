-- 0027: study campaigns (学习教育). The office opens a campaign with its
-- requirements (sessions of a kind each unit must hold: count by a day, or
-- count every month) and the day the units' summaries are due. A unit's
-- study session is a meeting of kind study; campaign_sessions links it to
-- the campaign and the unit, with its kind (which requirements it counts
-- for), and campaign_attendance says who of the unit's people attended or
-- was absent and why. campaign_files are a session's photos or minutes.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    start_day   INTEGER NOT NULL,
    end_day     INTEGER NOT NULL,
    summary_due INTEGER NOT NULL,
    materials   TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX campaigns_span ON campaigns(end_day, start_day);
CREATE TABLE campaign_units (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    unit        TEXT NOT NULL,
    PRIMARY KEY (campaign_id, unit)
);
CREATE TABLE campaign_requirements (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    count       INTEGER NOT NULL,
    monthly     INTEGER NOT NULL DEFAULT 0,
    due_day     INTEGER NOT NULL
);
CREATE INDEX campaign_requirements_campaign ON campaign_requirements(campaign_id, seq);
CREATE TABLE campaign_sessions (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    unit        TEXT NOT NULL,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    kind        TEXT NOT NULL,
    day         INTEGER NOT NULL,
    topic       TEXT NOT NULL,
    materials   TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX campaign_sessions_unit ON campaign_sessions(campaign_id, unit, kind, day);
CREATE UNIQUE INDEX campaign_sessions_meeting ON campaign_sessions(meeting_id);
CREATE TABLE campaign_attendance (
    session_id INTEGER NOT NULL REFERENCES campaign_sessions(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    present    INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, person_id)
);
CREATE TABLE campaign_files (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES campaign_sessions(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    content    BLOB NOT NULL
);
CREATE INDEX campaign_files_session ON campaign_files(session_id, id);
CREATE TABLE campaign_summaries (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    unit         TEXT NOT NULL,
    body         TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, unit)
);
