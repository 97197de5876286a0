-- 0022: the day of each measure's latest progress report that counts
-- (withdrawn ones aside), kept on the measure as reports are made and
-- withdrawn. "No report this cycle" (the to-do list's red measures without
-- a report, a unit's measures to report on) reads it instead of searching
-- every measure's reports.
ALTER TABLE measures ADD COLUMN last_report_day BIGINT;
UPDATE measures SET last_report_day = (SELECT MAX(p.day) FROM progress_reports p
    WHERE p.measure_id = measures.id AND p.review <> 'withdrawn');
