-- 0026: a bulletin keeps its document number as it was issued (督通〔2024〕3号),
-- by the office's format then (Settings › Documents): a later format does
-- not renumber what was sent. Bulletins issued before have none and print
-- by the current format.
ALTER TABLE bulletins ADD COLUMN number_text TEXT NOT NULL DEFAULT '';
