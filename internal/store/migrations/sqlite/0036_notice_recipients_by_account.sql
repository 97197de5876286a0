-- An inbox keyed by account. The daily run writes each notice's
-- recipients in one go; in the table as 0011 made it every recipient was
-- a row in four trees (the rowid table, the (notice_id, account) key, the
-- account index and the unread index), two of them holding the same key.
-- Keyed by (account, notice_id) WITHOUT ROWID, a recipient is an entry in
-- three: the table itself, which the inbox walks, the notice's index, which
-- only grows at its end, and the unread index.
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
CREATE INDEX notice_recipients_unread ON notice_recipients(account, notice_id) WHERE read_at IS NULL;
