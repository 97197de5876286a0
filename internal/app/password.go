package app

import (
	"context"
	"errors"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// The password rules' lengths, for pages that state the rules.
const (
	MinPasswordLen = auth.MinPasswordLen
	PassphraseLen  = auth.PassphraseLen
)

// ruleReused is the rule a new password breaks by being the current one.
const ruleReused = "reused"

// passwordError is a validation error that also says which password rule
// was broken, so the UI can name it in the reader's language.
type passwordError struct {
	err  *model.Error
	rule string
}

func (e *passwordError) Error() string { return e.err.Error() }
func (e *passwordError) Unwrap() error { return e.err }

// PasswordRuleOf returns the password rule err reports as broken (one of
// auth's Rule… names, or "reused"), or "".
func PasswordRuleOf(err error) string {
	var pe *passwordError
	if errors.As(err, &pe) {
		return pe.rule
	}
	return ""
}

// passwordRules checks a new password for an account against the rules
// (auth.CheckPasswordRules), as a validation error on field.
func passwordRules(field, username, password string) error {
	if re := auth.CheckPasswordRules(username, password); re != nil {
		return &passwordError{err: model.Invalid(field, "%s", re.Message), rule: re.Rule}
	}
	return nil
}

// ChangePassword sets a new password for the signed-in account. The current
// password is required and checked like a sign-in (it counts towards the
// lock, so a session left open cannot be used to guess it); the new one
// must meet the rules. Every other session of the account ends: whoever
// knew the old password is signed out everywhere but here.
func (a *App) ChangePassword(ctx context.Context, s SignedIn, current, next string) error {
	acct := s.Account
	if current == "" {
		return model.Invalid("current_password", "is required")
	}
	if next == "" {
		return model.Invalid("new_password", "is required")
	}
	if err := passwordRules("new_password", acct.Username, next); err != nil {
		return err
	}
	if next == current {
		return &passwordError{err: model.Invalid("new_password", "must differ from the current password"), rule: ruleReused}
	}
	at, err := a.startSignin(ctx, acct.Username)
	if err != nil {
		return err
	}
	_, hash, err := a.store.PasswordHash(ctx, acct.Username)
	if err != nil {
		return err
	}
	if !checkPassword(hash, current) || at.locked {
		if err := a.signinFailed(ctx, at); model.ErrorCode(err) == model.EINTERNAL {
			return err
		}
		return model.Invalid("current_password", "is wrong, or the account is locked for a while")
	}
	newHash := auth.HashPassword(next)
	return a.change(ctx, acct, "change_password", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID = acct.Username
		if err := tx.SigninSucceeded(ctx, at.username, at.client); err != nil {
			return err
		}
		if err := tx.SetPasswordHash(ctx, acct.ID, newHash); err != nil {
			return err
		}
		return tx.DeleteOtherSessions(ctx, acct.ID, auth.HashToken(s.Token))
	})
}
