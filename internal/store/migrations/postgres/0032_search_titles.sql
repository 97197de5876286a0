-- 0032: search ranks a document whose title holds the words above one that
-- holds them only in its text, and newer above older within each: an order
-- the index can walk and stop at the page's end, instead of scoring every
-- match with ts_rank. title_tokens is the title as internal/search
-- tokenizes it. tsv holds the title's tokens weighted A and the whole
-- text's weighted D; a query asks for one weight, so a phrase never
-- straddles the two parts. The tokens are written by Go, so the documents
-- are dropped here and store.backfillSearch writes them again when Migrate
-- ends, as it does for a database from before 0009.
DELETE FROM search_docs;
DROP INDEX search_docs_tsv;
ALTER TABLE search_docs DROP COLUMN tsv;
ALTER TABLE search_docs ADD COLUMN title_tokens TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS
    (setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', tokens)) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
