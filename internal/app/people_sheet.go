package app

import (
	"context"
	"sort"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// notInSheet lists the people and enabled accounts no row named: people by
// their account (or 工号), accounts without a person by name. Admin
// accounts, and people whose every account is disabled, are left out.
func (st *peopleState) notInSheet(plans []personPlan) []Unlisted {
	matched, used := map[int64]bool{}, map[string]bool{}
	for _, p := range plans {
		matched[p.person.ID] = true
		if p.acct != nil {
			used[p.acct.Username] = true
		}
	}
	live := func(a model.Account) bool { return !a.Disabled && a.Role != model.RoleAdmin }
	var out []Unlisted
	for _, per := range st.people {
		if matched[per.ID] {
			continue
		}
		code := per.StaffNo
		accts := st.linked[per.ID]
		var enabled []model.Account
		for _, a := range accts {
			if live(a) {
				enabled = append(enabled, a)
			}
			used[a.Username] = true
		}
		if len(accts) > 0 && len(enabled) == 0 {
			continue
		}
		if len(enabled) > 0 {
			code = enabled[0].Username
		}
		out = append(out, Unlisted{Code: code, Name: per.Name, Unit: per.Unit})
	}
	for _, a := range st.accounts {
		if used[a.Username] || !live(a) || (a.PersonID != 0 && matched[a.PersonID]) {
			continue
		}
		out = append(out, Unlisted{Code: a.Username, Name: a.Name, Unit: a.Unit})
	}
	return out
}

// PeopleSheet returns everyone as rows of a people sheet, in unit order:
// each person with their account (the first enabled one that is not an
// admin's) and, for a leader, the units of the portfolio in force today;
// then the enabled accounts that have no person yet. A re-import of the
// sheet changes nothing. The admin and the office may export it.
func (a *App) PeopleSheet(ctx context.Context, actor model.Account) ([]PersonRow, string, error) {
	if !CanSeeAccounts(actor) {
		return nil, "", forbidden("export people")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, "", err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, "", err
	}
	people, err := a.store.People(ctx, "")
	if err != nil {
		return nil, "", err
	}
	accts, err := a.store.Accounts(ctx)
	if err != nil {
		return nil, "", err
	}
	ps, err := a.store.Portfolios(ctx)
	if err != nil {
		return nil, "", err
	}
	cur := ps.At(t.Day)
	byCode, order := map[string]model.Unit{}, map[string]int{}
	for i, u := range units {
		byCode[u.Code], order[u.Code] = u, i
	}
	unitName := func(code string) string {
		if u, ok := byCode[code]; ok {
			return u.Name
		}
		return code
	}
	personIDs := map[int64]bool{}
	for _, p := range people {
		personIDs[p.ID] = true
	}
	linked := map[int64]model.Account{}
	type sheetRow struct {
		unit string
		row  PersonRow
	}
	var rows []sheetRow
	withAccount := func(r *PersonRow, acct model.Account) {
		r.Role, r.Username = RoleName(acct.Role), acct.Username
		if r.Email == "" {
			r.Email = acct.Email
		}
		if acct.Role != model.RoleLeader {
			return
		}
		for _, u := range cur[acct.Username].Units {
			if x, ok := byCode[u]; ok && !x.Inactive {
				r.Portfolio = append(r.Portfolio, x.Name)
			}
		}
	}
	for _, acct := range accts {
		if _, taken := linked[acct.PersonID]; acct.PersonID != 0 && !taken && !acct.Disabled && acct.Role != model.RoleAdmin {
			linked[acct.PersonID] = acct
		}
	}
	for _, p := range people {
		r := PersonRow{Name: p.Name, StaffNo: p.StaffNo, Unit: unitName(p.Unit), Title: p.Title, Email: p.Email, Phone: p.Phone}
		if acct, ok := linked[p.ID]; ok {
			withAccount(&r, acct)
		}
		rows = append(rows, sheetRow{p.Unit, r})
	}
	for _, acct := range accts {
		if acct.Disabled || acct.Role == model.RoleAdmin || acct.Unit == "" || (acct.PersonID != 0 && personIDs[acct.PersonID]) {
			continue
		}
		r := PersonRow{Name: acct.Name, Unit: unitName(acct.Unit)}
		withAccount(&r, acct)
		rows = append(rows, sheetRow{acct.Unit, r})
	}
	sort.SliceStable(rows, func(i, j int) bool { return order[rows[i].unit] < order[rows[j].unit] })
	out := make([]PersonRow, len(rows))
	for i, r := range rows {
		out[i] = r.row
	}
	return out, "人员名单", nil
}
