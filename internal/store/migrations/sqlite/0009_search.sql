-- 0009: search. One row per searchable thing (a meeting, an agenda item's
-- speech, a measure, a unit's half-year report, a problem), written in the
-- same transaction as the thing itself. tokens is the text as
-- internal/search tokenizes it (Chinese bigrams, lowercased words), space
-- separated; unit is the unit a report belongs to, so readers who may not
-- see it are filtered out in the query. The FTS5 index reads tokens through
-- the triggers below; store.Reindex fills the table on a database that had
-- rows before this migration.
CREATE TABLE search_docs (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,
    ref    TEXT NOT NULL,
    unit   TEXT NOT NULL DEFAULT '',
    title  TEXT NOT NULL,
    body   TEXT NOT NULL DEFAULT '',
    tokens TEXT NOT NULL
);
CREATE UNIQUE INDEX search_docs_kind_ref ON search_docs(kind, ref);

-- The tokens are already split, so unicode61 only has to cut at spaces; it
-- keeps Han characters together as letters. Diacritics stay, as in
-- PostgreSQL's 'simple' configuration.
CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_docs', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
END;
CREATE TRIGGER search_docs_update AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
END;
