-- 0025: a 督办单 is signed for (签收) by its unit — who and when — and
-- answered with a receipt (回执: the handling and the expected day, as
-- JSON). The daily job finds the measures whose 督办单 stand unsigned
-- through the partial index.
ALTER TABLE notices ADD COLUMN signed_at BIGINT;
ALTER TABLE notices ADD COLUMN signed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
CREATE INDEX notices_unsigned ON notices(measure_id, day) WHERE kind = 'supervision' AND signed_at IS NULL AND voided_at IS NULL;
