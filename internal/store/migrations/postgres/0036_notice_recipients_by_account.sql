-- An inbox keyed by account (the SQLite twin says why). PostgreSQL keeps
-- its heap apart from every index anyway; the key becomes (account,
-- notice_id), which the inbox walks, and the notice's own index replaces
-- the account index that repeated it.
ALTER TABLE notice_recipients DROP CONSTRAINT notice_recipients_pkey;
ALTER TABLE notice_recipients ADD PRIMARY KEY (account, notice_id);
DROP INDEX notice_recipients_account;
CREATE INDEX notice_recipients_notice ON notice_recipients(notice_id);
