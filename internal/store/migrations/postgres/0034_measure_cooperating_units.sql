-- 0034: a measure's cooperating units, kept in its row as well as in
-- measure_units. Every list, page and export shows them; reading them from
-- measure_units took a second query per list (25 seeks and rows through
-- the driver): 17 % of the server's CPU on the large institution's
-- overdue list. measure_units stays the truth the unit filters read; the
-- column is its copy, written with it in the same statement (sorted codes
-- joined by commas; unit codes hold no comma).
ALTER TABLE measures ADD COLUMN cooperating_units TEXT NOT NULL DEFAULT '';
UPDATE measures SET cooperating_units = (SELECT string_agg(u.unit, ',' ORDER BY u.unit COLLATE "C") FROM measure_units u WHERE u.measure_id = measures.id)
WHERE id IN (SELECT measure_id FROM measure_units);
