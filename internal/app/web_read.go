package app

import (
	"context"
	"slices"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Leaders lists the leaders' accounts. Everyone signed in may see who is in
// charge: the board and the measure lists filter by leader.
func (a *App) Leaders(ctx context.Context) ([]model.Account, error) {
	ls, err := rememberOf(ctx, a, "leaders", []string{"accounts"}, func(ctx context.Context) ([]model.Account, error) {
		return enabled(a.store.AccountsBy(ctx, store.AccountFilter{Role: model.RoleLeader}))
	})
	return slices.Clone(ls), err
}

// UnitAccounts lists the accounts acting for one unit, so a unit's page can
// say whom to contact about its measures.
func (a *App) UnitAccounts(ctx context.Context, actor model.Account, unit string) ([]model.Account, error) {
	return enabled(a.store.AccountsBy(ctx, store.AccountFilter{Unit: unit}))
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
func (a *App) Periods(ctx context.Context) ([]model.Period, error) {
	ps, err := rememberOf(ctx, a, "periods", []string{"periods"}, func(ctx context.Context) ([]model.Period, error) { return a.store.Periods(ctx) })
	return slices.Clone(ps), err
}

// Unit returns one unit.
func (a *App) Unit(ctx context.Context, code string) (model.Unit, error) {
	return a.store.Unit(ctx, code)
}

// ProgressReport returns one progress report with its evidence files'
// descriptions, so a review can go back to its measure.
func (a *App) ProgressReport(ctx context.Context, actor model.Account, id int64) (model.ProgressReport, error) {
	if err := canRead(actor); err != nil {
		return model.ProgressReport{}, err
	}
	r, measure, err := a.store.ProgressReport(ctx, id)
	if err != nil {
		return r, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return r, err
	}
	m, err := a.store.Measure(ctx, r.Measure, t)
	if err != nil {
		return r, err
	}
	files, err := a.store.MeasureEvidence(ctx, measure, r.Measure)
	for _, e := range files {
		if e.Report == r.ID {
			r.Evidence = append(r.Evidence, e)
		}
	}
	rs := []model.ProgressReport{r}
	cutEvidence(rs, RightsOn(actor, m))
	return rs[0], err
}

// AccountNames maps the given usernames to the people's names, so pages show
// who reported, commented or changed something by name rather than login.
func (a *App) AccountNames(ctx context.Context, actor model.Account, usernames []string) (map[string]string, error) {
	uniq := []string{}
	seen := map[string]bool{"": true}
	for _, u := range usernames {
		if !seen[u] {
			seen[u] = true
			uniq = append(uniq, u)
		}
	}
	accts, err := a.store.AccountsBy(ctx, store.AccountFilter{Usernames: uniq})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(accts))
	for _, acct := range accts {
		out[acct.Username] = acct.Name
	}
	return out, nil
}
