-- 0019: numbered documents are issued deliberately and taken back openly.
-- A bulletin may be a supplement (补充通报) to one whose range it overlaps;
-- a bulletin or notice is voided (作废) with a reason and by whom, its
-- number staying used. A withdrawn progress report keeps its row with
-- review 'withdrawn' and no longer counts; the partial index keeps the
-- reads of counting reports on an index.
ALTER TABLE bulletins ADD COLUMN supplement BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bulletins ADD COLUMN voided_at BIGINT;
ALTER TABLE bulletins ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE bulletins ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX bulletins_range ON bulletins(to_day, from_day) WHERE voided_at IS NULL;

ALTER TABLE notices ADD COLUMN voided_at BIGINT;
ALTER TABLE notices ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';

CREATE INDEX progress_reports_counting ON progress_reports(measure_id, id) WHERE review <> 'withdrawn';
