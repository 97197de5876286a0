package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// AccountOf returns one account to those who may list accounts (the admin
// and the office), so an account's settings page reads one row rather than
// every account of the institution.
func (a *App) AccountOf(ctx context.Context, actor model.Account, username string) (model.Account, error) {
	if !CanSeeAccounts(actor) {
		return model.Account{}, forbidden("see accounts")
	}
	return a.store.Account(ctx, username)
}
