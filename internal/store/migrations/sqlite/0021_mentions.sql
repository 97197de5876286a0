-- 0021: who a comment mentions (@姓名 or @username), and when they saw it
-- (opening the measure); the to-do list counts the mentions not seen yet.
CREATE TABLE comment_mentions (
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    account    TEXT NOT NULL,
    seen_at    INTEGER,
    PRIMARY KEY (comment_id, account)
);
CREATE INDEX comment_mentions_unseen ON comment_mentions(account, comment_id) WHERE seen_at IS NULL;

-- The office's to-do counts each speech's drafts still to decide.
CREATE INDEX drafts_open ON drafts(agenda_item) WHERE state = 'draft';
