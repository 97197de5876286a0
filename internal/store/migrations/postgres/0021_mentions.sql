-- 0021: who a comment mentions (@姓名 or @username), and when they saw it
-- (opening the measure); the to-do list counts the mentions not seen yet.
CREATE TABLE comment_mentions (
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    account    TEXT NOT NULL,
    seen_at    BIGINT,
    PRIMARY KEY (comment_id, account)
);
CREATE INDEX comment_mentions_unseen ON comment_mentions(account, comment_id) WHERE seen_at IS NULL;

-- The office's to-do counts each speech's drafts still to decide.
CREATE INDEX drafts_open ON drafts(agenda_item) WHERE state = 'draft';

-- A form sent again with a fresh token but the same content as the
-- account's last submission (Back to a page the browser fetched anew,
-- then send) is answered as a repeat: the last submission is looked up.
CREATE INDEX submissions_account ON submissions(account_id, created_at);
