package app

import (
	"context"
	"errors"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// One action, one record (issue 15). The faces give each form a one-time
// token and honour the API's Idempotency-Key; a request carrying one runs
// with a Claim in its context. The first change the request makes claims
// the key for its account in the same transaction, so the change and the
// claim are kept or lost together, and a repeat of the submission, on any
// server, finds the claim (or, running at the same moment, fails on it and
// rolls back) and is answered with the first answer. A request that changes
// nothing claims nothing: its repeat simply runs again.

// SubmissionKeep is how long claims are kept: a day's retries and more.
const SubmissionKeep = 48 * time.Hour

// Claim is one request's submission key, handed down in its context.
type Claim struct {
	Account int64
	Key     string
	Digest  string
	// Claimed is set once a change of the request committed with the claim;
	// Repeat when the claim was found taken: the change was rolled back,
	// and the face answers with the first request's answer instead.
	Claimed, Repeat bool
	// Secret is set by a change whose answer shows a secret (a one-time
	// password): the answer is not kept for repeats, which are told the
	// request was done instead.
	Secret bool
}

// answerIsSecret marks the request's claim, if any, as one whose answer
// must not be kept.
func answerIsSecret(ctx context.Context) {
	if c, _ := ctx.Value(claimKey{}).(*Claim); c != nil {
		c.Secret = true
	}
}

type claimKey struct{}

// WithClaim carries c in ctx to the request's changes.
func WithClaim(ctx context.Context, c *Claim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

// errRepeat is a change's error when its request is a repeat.
var errRepeat = model.Errorf(model.ECONFLICT, "this submission was made already")

// write runs fn in one transaction, claiming the request's submission key
// (if it carries one not yet claimed) in it first. Every change of app
// goes through here (change is the usual way in).
func (a *App) write(ctx context.Context, fn func(tx *store.Tx) error) error {
	c, _ := ctx.Value(claimKey{}).(*Claim)
	if c == nil || c.Claimed {
		return a.store.Write(ctx, fn)
	}
	err := a.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.ClaimSubmission(ctx, c.Account, c.Key, c.Digest); err != nil {
			return err
		}
		return fn(tx)
	})
	switch {
	case errors.Is(err, store.ErrSubmitted):
		c.Repeat = true
		return errRepeat
	case err == nil:
		c.Claimed = true
	}
	return err
}

// Submission is the account's claim of key (ENOTFOUND: never claimed, or
// its request changed nothing).
func (a *App) Submission(ctx context.Context, account int64, key string) (model.Submission, error) {
	return a.store.Submission(ctx, account, key)
}

// SameFormWindow is how long a form sent again with a fresh token but the
// content of the account's last submission counts as that submission sent
// again (Back to a page the browser fetched anew, then send).
const SameFormWindow = 10 * time.Minute

// LastSubmission is the account's latest answered submission within
// SameFormWindow; ENOTFOUND when there is none.
func (a *App) LastSubmission(ctx context.Context, account int64) (model.Submission, error) {
	return a.store.LastSubmission(ctx, account, a.Now().Add(-SameFormWindow).UnixMilli())
}

// AnswerSubmission keeps the answer a claimed submission's request got, for
// its repeats. It is bookkeeping, not a change of the institution's data:
// no audit event. It runs to its end even when the client has gone, which
// is when a double click's first answer is most needed.
func (a *App) AnswerSubmission(ctx context.Context, c *Claim, sub model.Submission) error {
	ctx = context.WithoutCancel(ctx)
	sub.Key = c.Key
	return a.store.Write(ctx, func(tx *store.Tx) error { return tx.AnswerSubmission(ctx, c.Account, sub) })
}

// purgeSubmissions removes the claims older than SubmissionKeep (the daily
// job).
func (a *App) purgeSubmissions(ctx context.Context) {
	before := a.Now().Add(-SubmissionKeep).UnixMilli()
	err := a.store.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PurgeSubmissions(ctx, before)
		return err
	})
	if err != nil {
		a.Log.Warn("app: purge submissions", "err", err)
	}
}
