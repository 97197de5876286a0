-- 0015: failed sign-ins, counted in the database so that every server sharing
-- it sees the same counts (a lock set through one server holds on all).
-- kind 'user': a username as typed (existing or not, so a lock says nothing
-- about whether the account exists); failures in a row, the run restarting
-- when the last one is older than the observation gap; locked_until set when
-- the run reaches the limit, 0 when not locked. A success deletes the row.
-- kind 'client': a client address (an IPv6 /64); failures within a window
-- that began at first_at.
-- Each attempt is counted before its password is checked (and refunded on
-- success), in one statement, so servers checking at once cannot both slip
-- under a limit. Rows whose last attempt is an hour old and whose lock has
-- ended are deleted by the next attempt.
CREATE TABLE signin_failures (
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    first_at     INTEGER NOT NULL,
    last_at      INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, name)
);
CREATE INDEX signin_failures_last ON signin_failures(last_at);
