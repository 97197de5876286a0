-- 0022: the day of each measure's latest progress report that counts
-- (withdrawn ones aside), kept on the measure as reports are made and
-- withdrawn. "No report this cycle" (the to-do list's red measures without
-- a report, a unit's measures to report on) reads it instead of searching
-- every measure's reports.
ALTER TABLE measures ADD COLUMN last_report_day INTEGER;
UPDATE measures SET last_report_day = (SELECT MAX(p.day) FROM progress_reports p
    WHERE p.measure_id = measures.id AND p.review <> 'withdrawn');
-- The office's red measures with no report this cycle: overdue open
-- measures read from the index alone, without visiting each row. It
-- replaces measures_open_due (the same rows, due_day first), which the
-- planner would otherwise pick for being the first.
CREATE INDEX measures_open_due_reported ON measures(due_day, last_report_day, start_day) WHERE cancelled = 0 AND progress < 100;
DROP INDEX measures_open_due;
