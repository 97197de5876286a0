-- An inbox keyed by account. The daily run writes each notice's
-- recipients in one go; in the table as 0011 made it every recipient was
-- a row in four trees (the rowid table, the (notice_id, account) key, the
-- account index and the unread index), two of them holding the same key.
-- Keyed by (account, notice_id) WITHOUT ROWID, a recipient is an entry in
-- two: the table itself, which the inbox and the unread count walk, and the
-- notice's index. The unread index is not made again: with the key above
-- SQLite's planner takes the key for the unread count anyway (EXPLAIN QUERY
-- PLAN on the large institution after its first daily run), and an
-- account's rows lie together, a few pages for thousands of notices.
CREATE TABLE notice_recipients_by_account (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    account   TEXT NOT NULL,
    read_at   INTEGER,
    PRIMARY KEY (account, notice_id)
) WITHOUT ROWID;
INSERT INTO notice_recipients_by_account (notice_id, account, read_at)
    SELECT notice_id, account, read_at FROM notice_recipients ORDER BY account, notice_id;
DROP TABLE notice_recipients;
ALTER TABLE notice_recipients_by_account RENAME TO notice_recipients;
CREATE INDEX notice_recipients_notice ON notice_recipients(notice_id);
