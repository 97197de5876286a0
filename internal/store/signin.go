package store

import (
	"context"
	"database/sql"
)

// Kinds of sign-in failure counts.
const (
	SigninUser   = "user"
	SigninClient = "client"
)

// SigninCount is one row of signin_failures: a run of failed sign-ins by one
// username or from one client address. Times are unix seconds.
type SigninCount struct {
	Failures    int
	First       int64
	Last        int64
	LockedUntil int64
}

// SigninFailures returns the current count of a username or client address
// (zero when there is none), read without a write so that a client already
// over its limit costs no write.
func (q Queries) SigninFailures(ctx context.Context, kind, name string) (SigninCount, error) {
	var c SigninCount
	err := q.queryRow(ctx, `SELECT failures, first_at, last_at, locked_until FROM signin_failures WHERE kind = ? AND name = ?`,
		kind, name).Scan(&c.Failures, &c.First, &c.Last, &c.LockedUntil)
	if err == sql.ErrNoRows {
		return SigninCount{}, nil
	}
	return c, err
}

// CountSigninAttempt counts one more attempt of a username or client address,
// in one statement, and returns the count after it. The run starts again at 1
// when its lock has ended, when it began at or before firstBefore, or when its
// last attempt was at or before lastBefore (0 disables either test); while a
// lock lasts the count keeps growing and the lock stays. Being one
// INSERT … ON CONFLICT DO UPDATE, two servers counting at once are serialized
// on the row and each sees the other's attempt.
func (tx *Tx) CountSigninAttempt(ctx context.Context, kind, name string, firstBefore, lastBefore int64) (SigninCount, error) {
	now := tx.now.Unix()
	const restart = `signin_failures.locked_until <= ? AND (signin_failures.locked_until > 0
		OR signin_failures.first_at <= ? OR signin_failures.last_at <= ?)`
	c := SigninCount{Last: now}
	err := tx.queryRow(ctx, `INSERT INTO signin_failures (kind, name, failures, first_at, last_at, locked_until)
		VALUES (?, ?, 1, ?, ?, 0)
		ON CONFLICT (kind, name) DO UPDATE SET
			failures = CASE WHEN `+restart+` THEN 1 ELSE signin_failures.failures + 1 END,
			first_at = CASE WHEN `+restart+` THEN excluded.first_at ELSE signin_failures.first_at END,
			locked_until = CASE WHEN signin_failures.locked_until > ? THEN signin_failures.locked_until ELSE 0 END,
			last_at = excluded.last_at
		RETURNING failures, first_at, locked_until`,
		kind, name, now, now,
		now, firstBefore, lastBefore,
		now, firstBefore, lastBefore,
		now).Scan(&c.Failures, &c.First, &c.LockedUntil)
	return c, err
}

// LockSignin locks a username until a time, unless a lock already lasts, and
// reports whether this call set it (so that of two servers failing at once
// only one records the lock).
func (tx *Tx) LockSignin(ctx context.Context, username string, until int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE signin_failures SET locked_until = ? WHERE kind = ? AND name = ? AND locked_until <= ?`,
		until, SigninUser, username, tx.now.Unix())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SigninSucceeded ends a username's run of failures and takes back the
// attempt counted for the client address: only failures count against it.
//
// It takes the client's row before the username's, in the order
// CountSigninAttempt's callers do, so that on PostgreSQL a sign-in ending and
// another starting for the same account and address cannot deadlock.
func (tx *Tx) SigninSucceeded(ctx context.Context, username, client string) error {
	if _, err := tx.exec(ctx, `UPDATE signin_failures SET failures = failures - 1 WHERE kind = ? AND name = ? AND failures > 0`,
		SigninClient, client); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM signin_failures WHERE kind = ? AND name = ?`, SigninUser, username)
	return err
}

// DeleteOldSigninFailures removes runs whose last attempt was before a time
// and whose lock (if any) has ended.
func (tx *Tx) DeleteOldSigninFailures(ctx context.Context, lastBefore int64) error {
	_, err := tx.exec(ctx, `DELETE FROM signin_failures WHERE last_at < ? AND locked_until <= ?`, lastBefore, tx.now.Unix())
	return err
}

// SigninLocks returns the usernames locked at a time, with when each lock
// ends, for the admin's account list.
func (q Queries) SigninLocks(ctx context.Context, at int64) (map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT name, locked_until FROM signin_failures WHERE kind = ? AND locked_until > ?`, SigninUser, at)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var until int64
		if err := rows.Scan(&name, &until); err != nil {
			return nil, err
		}
		out[name] = until
	}
	return out, rows.Err()
}
