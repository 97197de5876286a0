-- 0026: bulletins and notices keep their document number as it was issued
-- (督通〔2024〕3号, 督办单〔2024〕第3号), by the office's format then
-- (Settings › Documents): a later format does not renumber what was sent.
-- Those issued before have none and are numbered by the current format.
ALTER TABLE bulletins ADD COLUMN number_text TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN number_text TEXT NOT NULL DEFAULT '';
