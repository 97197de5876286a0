-- 0003: each measure remembers the value of the "measures" change counter at
-- its last write, so the board can fold in just the measures changed since it
-- last looked instead of rescanning all of them.
ALTER TABLE measures ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX measures_rev ON measures(rev);
