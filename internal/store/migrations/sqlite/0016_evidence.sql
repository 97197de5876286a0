-- 0016: evidence attached to progress reports (佐证材料). The files live in
-- the database, not on one server's disk, so every server sharing the
-- database serves them and a backup holds them. measure_id repeats the
-- report's measure so a measure page reads its files' names in one indexed
-- query; content is read only for a download. media_type is decided from
-- the content when the file is uploaded; sha256 lets an auditor check a
-- file is the one that was filed.
CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    content    BLOB NOT NULL
);
CREATE INDEX evidence_report ON evidence(report_id, id);
CREATE INDEX evidence_measure ON evidence(measure_id, id);
