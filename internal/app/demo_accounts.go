package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// CreateAccounts adds many accounts that share one password (admin only).
// The password must meet the password rules for every one of them. The
// password is hashed once, not once per account: argon2id costs tens of
// milliseconds by design, which forty demo accounts would otherwise pay forty
// times. All accounts are written in one transaction, with one audit event
// each, so either all exist or none.
func (a *App) CreateAccounts(ctx context.Context, actor model.Account, accts []model.Account, password string) error {
	return a.createAccounts(ctx, actor, accts, password, true)
}

// CreateDemoAccounts is CreateAccounts for the demo institution and test
// fixtures, which System loads: the password rules do not apply, so the demo's
// accounts keep the one short password the demo prints ("demo"). Nothing a
// user or the API reaches calls it.
func (a *App) CreateDemoAccounts(ctx context.Context, accts []model.Account, password string) error {
	return a.createAccounts(ctx, System, accts, password, false)
}

func (a *App) createAccounts(ctx context.Context, actor model.Account, accts []model.Account, password string, rules bool) error {
	if actor.Role != model.RoleAdmin {
		return forbidden("create accounts")
	}
	if password == "" {
		return model.Invalid("password", "is required")
	}
	for i := range accts {
		if err := accts[i].Validate(); err != nil {
			return err
		}
		if rules {
			if err := passwordRules("password", accts[i].Username, password); err != nil {
				return err
			}
		}
	}
	hash := auth.HashPassword(password)
	return a.write(ctx, func(tx *store.Tx) error {
		for i := range accts {
			acct := &accts[i]
			if acct.Unit != "" {
				if ok, err := tx.UnitExists(ctx, acct.Unit); err != nil {
					return err
				} else if !ok {
					return model.Invalid("unit", "unknown unit %q", acct.Unit)
				}
			}
			if _, err := tx.Account(ctx, acct.Username); err == nil {
				return model.Invalid("username", "%q is already taken", acct.Username)
			}
			id, err := tx.InsertAccount(ctx, *acct, hash)
			if err != nil {
				return err
			}
			acct.ID = id
			err = tx.InsertAudit(ctx, model.AuditEvent{
				At: tx.Now(), Actor: actor.Username, Action: "create", Entity: "account",
				EntityID: acct.Username, After: marshal(*acct),
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
