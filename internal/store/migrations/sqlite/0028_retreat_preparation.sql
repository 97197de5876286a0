-- 0028: preparing a retreat (研讨会筹备). A meeting of kind retreat has
-- discussion topics (研讨主题) and groups (分组研讨: which leaders and units
-- sit in each, who convenes it and who reports back, the topics it
-- discusses; members and topics as JSON arrays). The office asks each
-- participant, a unit or a leader, for written remarks (研讨发言材料) by a
-- day: one row per participant, its text once submitted, and the Word file
-- it came in, if any, apart (retreat_remark_files) so lists stay light.
CREATE TABLE retreat_topics (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX retreat_topics_meeting ON retreat_topics(meeting_id, seq);
CREATE TABLE retreat_groups (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    convener    TEXT NOT NULL DEFAULT '',
    reporter    TEXT NOT NULL DEFAULT '',
    leaders     TEXT NOT NULL DEFAULT '[]',
    units       TEXT NOT NULL DEFAULT '[]',
    topics      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX retreat_groups_meeting ON retreat_groups(meeting_id, seq);
CREATE TABLE retreat_remarks (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_kind TEXT NOT NULL,
    participant      TEXT NOT NULL,
    due              INTEGER NOT NULL,
    requested_by     TEXT NOT NULL,
    requested_at     INTEGER NOT NULL,
    title            TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    submitted_on     INTEGER,
    submitted_at     INTEGER,
    submitted_by     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX retreat_remarks_participant ON retreat_remarks(meeting_id, participant_kind, participant);
CREATE INDEX retreat_remarks_open ON retreat_remarks(due) WHERE submitted_at IS NULL;
CREATE INDEX retreat_remarks_of ON retreat_remarks(participant_kind, participant, meeting_id);
CREATE TABLE retreat_remark_files (
    remark_id  INTEGER PRIMARY KEY REFERENCES retreat_remarks(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    format     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    content    BLOB NOT NULL
);
