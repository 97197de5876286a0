-- 0032: search ranks a document whose title holds the words above one that
-- holds them only in its text, and newer above older within each: an order
-- the index can walk and stop at the page's end, instead of scoring every
-- match (bm25 took 10–18 ms for a common word on 60,000 measures).
-- title_tokens is the title as internal/search tokenizes it, the index's
-- second column. The tokens are written by Go, so the documents are
-- dropped here and store.backfillSearch writes them again when Migrate
-- ends, as it does for a database from before 0009.
DROP TRIGGER search_docs_insert;
DROP TRIGGER search_docs_delete;
DROP TRIGGER search_docs_update;
DROP TABLE search_fts;
DELETE FROM search_docs;
ALTER TABLE search_docs ADD COLUMN title_tokens TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, tokens, content='search_docs', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens);
END;
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens) VALUES ('delete', old.id, old.title_tokens, old.tokens);
END;
CREATE TRIGGER search_docs_update AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens) VALUES ('delete', old.id, old.title_tokens, old.tokens);
    INSERT INTO search_fts(rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens);
END;
