package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Leaders lists the leaders' accounts. Everyone signed in may see who is in
// charge: the board and the measure lists filter by leader.
func (a *App) Leaders(ctx context.Context) ([]model.Account, error) {
	return enabled(a.Store.AccountsBy(ctx, store.AccountFilter{Role: model.RoleLeader}))
}

// UnitAccounts lists the accounts acting for one unit, so a unit's page can
// say whom to contact about its measures.
func (a *App) UnitAccounts(ctx context.Context, unit string) ([]model.Account, error) {
	return enabled(a.Store.AccountsBy(ctx, store.AccountFilter{Unit: unit}))
}

// enabled drops disabled accounts.
func enabled(all []model.Account, err error) ([]model.Account, error) {
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, acct := range all {
		if !acct.Disabled {
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

// ProgressReport returns one progress report with its evidence files'
// descriptions, so a review can go back to its measure.
func (a *App) ProgressReport(ctx context.Context, id int64) (model.ProgressReport, error) {
	r, measure, err := a.Store.ProgressReport(ctx, id)
	if err != nil {
		return r, err
	}
	files, err := a.Store.MeasureEvidence(ctx, measure, r.Measure)
	for _, e := range files {
		if e.Report == r.ID {
			r.Evidence = append(r.Evidence, e)
		}
	}
	return r, err
}

// AccountNames maps the given usernames to the people's names, so pages show
// who reported, commented or changed something by name rather than login.
func (a *App) AccountNames(ctx context.Context, usernames []string) (map[string]string, error) {
	uniq := []string{}
	seen := map[string]bool{"": true}
	for _, u := range usernames {
		if !seen[u] {
			seen[u] = true
			uniq = append(uniq, u)
		}
	}
	accts, err := a.Store.AccountsBy(ctx, store.AccountFilter{Usernames: uniq})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(accts))
	for _, acct := range accts {
		out[acct.Username] = acct.Name
	}
	return out, nil
}
