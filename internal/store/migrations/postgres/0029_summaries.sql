-- 0029: the institution's half-year summary (学校半年工作总结), one per
-- period: its sections' text as the office edited it (JSON), and its
-- figures frozen (JSON) once issued; issuing puts it on the period's
-- retreat agenda (meeting, agenda_item). Agenda proposals record which
-- proposed item (a key problem, a competitive indicator behind, a unit
-- that missed its report) was added to which meeting's agenda, so a
-- repeated click adds nothing new; removing the agenda item drops the row.
CREATE TABLE summaries (
    period      TEXT PRIMARY KEY REFERENCES periods(code),
    state       TEXT NOT NULL,
    sections    TEXT NOT NULL,
    figures     TEXT NOT NULL DEFAULT '',
    meeting_id  BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    agenda_item BIGINT REFERENCES agenda_items(id) ON DELETE SET NULL,
    author      TEXT NOT NULL DEFAULT '',
    issued_by   TEXT NOT NULL DEFAULT '',
    issued_at   BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX summaries_meeting ON summaries(meeting_id);
CREATE INDEX summaries_agenda_item ON summaries(agenda_item);

CREATE TABLE agenda_proposals (
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL,
    agenda_item BIGINT NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, kind, ref)
);
CREATE INDEX agenda_proposals_item ON agenda_proposals(agenda_item);

-- The summary's problems are those raised since its period began; the
-- retreat a summary is issued to is found by kind and day.
CREATE INDEX problems_created ON problems(created_at);
CREATE INDEX meetings_kind_day ON meetings(kind, day);
-- The summary counts a period's measures by theme, lead unit and status
-- from this index alone (no row is read: at 60,000 measures reading the
-- rows cost several times more than the count).
CREATE INDEX measures_period_summary ON measures(period, theme, lead_unit, cancelled, progress, due_day, start_day);
