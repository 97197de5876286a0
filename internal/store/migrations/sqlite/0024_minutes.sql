-- 0024: meeting minutes (会议纪要). A meeting records who was on leave
-- (请假) and who sat in (列席) beside who attended. Minutes are numbered per
-- kind of meeting and year (the counter minutes_seq:KIND:YEAR), frozen as
-- issued (body: the minutes as JSON), voided like bulletins; one standing
-- set per meeting.
ALTER TABLE meetings ADD COLUMN on_leave TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN sitting_in TEXT NOT NULL DEFAULT '';
CREATE TABLE minutes (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    issued_on   INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL,
    issuer      TEXT NOT NULL,
    body        TEXT NOT NULL,
    voided_at   INTEGER,
    voided_by   TEXT NOT NULL DEFAULT '',
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX minutes_kind_year_number ON minutes(kind, year, number);
CREATE UNIQUE INDEX minutes_standing ON minutes(meeting_id) WHERE voided_at IS NULL;
CREATE INDEX minutes_meeting ON minutes(meeting_id, id);
