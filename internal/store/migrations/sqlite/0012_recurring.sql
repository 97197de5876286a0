-- 0012: recurring measures ("每月召开一次安全生产检查", "每学期开展一次教学检查").
-- A recurring measure is one occurrence with its own due day; once that day
-- has passed, the daily job creates the next occurrence as a new measure.
-- recur: '' (does not recur), 'monthly' or 'term'. recur_prev: the id of the
-- occurrence this one follows, NULL for the first. It is deliberately not a
-- foreign key: CopyAll copies measures in batches in no set order, and
-- measures are never deleted.
ALTER TABLE measures ADD COLUMN recur TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN recur_prev INTEGER;
-- One occurrence never gets two successors, however many servers run the
-- daily job (NULLs do not collide).
CREATE UNIQUE INDEX measures_recur_prev ON measures(recur_prev);
-- The daily job's question: recurring measures whose due day has passed
-- (and that have no successor, which measures_recur_prev answers).
CREATE INDEX measures_recur_due ON measures(due_day, id) WHERE recur <> '';
