-- 0018: one action, one record. A form's one-time token or an API
-- request's Idempotency-Key is claimed, per account, in the same
-- transaction as the change it caused, so a repeated submission (a double
-- click, Back and resubmit, a retry after a timeout) finds the claim and is
-- answered with the first answer, kept here, instead of writing again.
-- digest is the SHA-256 of the method, path and body: the same key with
-- another body is refused. status is 0 until the first answer is written.
-- Claims are kept two days (the daily job removes older ones), so they
-- hold across servers and a day's retries.
CREATE TABLE submissions (
    account_id   BIGINT NOT NULL,
    key          TEXT NOT NULL,
    digest       TEXT NOT NULL,
    status       BIGINT NOT NULL DEFAULT 0,
    location     TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    body         BYTEA,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX submissions_created ON submissions(created_at);
