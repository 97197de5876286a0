package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// ErrSubmitted is ClaimSubmission's answer when the account has claimed the
// key already: the submission is a repeat.
var ErrSubmitted = errors.New("store: submission already claimed")

// ClaimSubmission records that the account's submission key led to the
// change this transaction makes. A repeat, even one running at the same
// moment on another server, finds the row (PostgreSQL makes it wait for
// the first transaction's end) and gets ErrSubmitted.
func (tx *Tx) ClaimSubmission(ctx context.Context, account int64, key, digest string) error {
	_, err := tx.exec(ctx, `INSERT INTO submissions (account_id, key, digest, created_at) VALUES (?, ?, ?, ?)`,
		account, key, digest, tx.now.UnixMilli())
	if err != nil && isUnique(err) {
		return ErrSubmitted
	}
	if err != nil {
		return fmt.Errorf("store: claim submission: %w", err)
	}
	return nil
}

// Submission reads the account's claim of key; ENOTFOUND when there is none.
func (q Queries) Submission(ctx context.Context, account int64, key string) (model.Submission, error) {
	sub := model.Submission{Key: key}
	var body []byte
	err := q.queryRow(ctx, `SELECT digest, status, location, content_type, body FROM submissions WHERE account_id = ? AND key = ?`,
		account, key).Scan(&sub.Digest, &sub.Status, &sub.Location, &sub.ContentType, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, model.Errorf(model.ENOTFOUND, "no submission %s", key)
	}
	if err != nil {
		return sub, fmt.Errorf("store: submission: %w", err)
	}
	sub.Body = body
	return sub, nil
}

// LastSubmission reads the account's latest answered claim made at or
// after since; ENOTFOUND when there is none.
func (q Queries) LastSubmission(ctx context.Context, account, since int64) (model.Submission, error) {
	sub := model.Submission{}
	var body []byte
	err := q.queryRow(ctx, `SELECT key, digest, status, location, content_type, body FROM submissions
		WHERE account_id = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1`,
		account, since).Scan(&sub.Key, &sub.Digest, &sub.Status, &sub.Location, &sub.ContentType, &body)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && sub.Status == 0) {
		return sub, model.Errorf(model.ENOTFOUND, "no recent submission")
	}
	if err != nil {
		return sub, fmt.Errorf("store: last submission: %w", err)
	}
	sub.Body = body
	return sub, nil
}

// AnswerSubmission keeps the answer the claim's first request got.
func (tx *Tx) AnswerSubmission(ctx context.Context, account int64, sub model.Submission) error {
	_, err := tx.exec(ctx, `UPDATE submissions SET status = ?, location = ?, content_type = ?, body = ? WHERE account_id = ? AND key = ?`,
		sub.Status, sub.Location, sub.ContentType, sub.Body, account, sub.Key)
	if err != nil {
		return fmt.Errorf("store: answer submission: %w", err)
	}
	return nil
}

// PurgeSubmissions removes the claims made before before.
func (tx *Tx) PurgeSubmissions(ctx context.Context, before int64) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM submissions WHERE created_at < ?`, before)
	if err != nil {
		return 0, fmt.Errorf("store: purge submissions: %w", err)
	}
	return res.RowsAffected()
}
