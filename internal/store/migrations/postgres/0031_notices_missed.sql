-- 0031: the notices page counts, per unit, the measures that missed a
-- reporting cycle lately (report notices from a day on, not voided). This
-- index holds those rows in day order with what the count reads, so the
-- count reads the window's notices only, not every report notice ever sent.
CREATE INDEX notices_missed ON notices(kind, day, unit, measure, voided_at);
