package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Leaders lists the leaders' accounts. Everyone signed in may see who is in
// charge: the board and the measure lists filter by leader.
func (a *App) Leaders(ctx context.Context) ([]model.Account, error) {
	all, err := a.Store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.Account
	for _, acct := range all {
		if acct.Role == model.RoleLeader && !acct.Disabled {
			out = append(out, acct)
		}
	}
	return out, nil
}

// UnitAccounts lists the accounts acting for one unit, so a unit's page can
// say whom to contact about its measures.
func (a *App) UnitAccounts(ctx context.Context, unit string) ([]model.Account, error) {
	all, err := a.Store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.Account
	for _, acct := range all {
		if acct.Unit == unit && !acct.Disabled {
			out = append(out, acct)
		}
	}
	return out, nil
}

// Periods lists the periods measures and meetings fall in, for filters.
func (a *App) Periods(ctx context.Context) ([]model.Period, error) { return a.Store.Periods(ctx) }

// Unit returns one unit.
func (a *App) Unit(ctx context.Context, code string) (model.Unit, error) {
	return a.Store.Unit(ctx, code)
}

// ProgressReport returns one progress report, so a review can go back to
// its measure.
func (a *App) ProgressReport(ctx context.Context, id int64) (model.ProgressReport, error) {
	r, _, err := a.Store.ProgressReport(ctx, id)
	return r, err
}

// AccountNames maps every username to the person's name, so pages show who
// reported, commented or changed something by name rather than login.
func (a *App) AccountNames(ctx context.Context) (map[string]string, error) {
	all, err := a.Store.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(all))
	for _, acct := range all {
		out[acct.Username] = acct.Name
	}
	return out, nil
}
