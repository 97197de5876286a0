-- 0004: draft measures the decomposer found in an agenda item, and the
-- office's decisions on them (the review of the task decomposition table).
CREATE TABLE drafts (
    id                INTEGER PRIMARY KEY,
    agenda_item       INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    found             TEXT NOT NULL,
    parent            INTEGER,
    title             TEXT NOT NULL,
    theme             TEXT NOT NULL,
    confidence        REAL NOT NULL DEFAULT 0,
    lead_unit         TEXT NOT NULL DEFAULT '',
    cooperating_units TEXT NOT NULL DEFAULT '[]',
    leader            TEXT NOT NULL DEFAULT '',
    deadline          TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL DEFAULT 'draft',
    measure           TEXT NOT NULL DEFAULT '',
    merged_into       INTEGER,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX drafts_item ON drafts(agenda_item, seq);
