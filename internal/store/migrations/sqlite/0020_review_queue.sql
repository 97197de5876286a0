-- 0020: the office's review queue (待审核) and a unit's returned reports
-- read progress reports by review state across all measures, newest first.
CREATE INDEX progress_reports_review ON progress_reports(review, id);
