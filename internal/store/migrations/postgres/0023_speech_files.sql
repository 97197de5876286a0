-- 0023: the file a speech arrived in (a Word document or a text file),
-- kept with its agenda item: the item's text is what luoshi read from it,
-- the file what the speaker's office sent. One file per item; a new upload
-- replaces it. In the database, like evidence, so every server serves it
-- and a backup holds it.
CREATE TABLE agenda_files (
    item_id    BIGINT PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    format     TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    content    BYTEA NOT NULL
);
