package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// PersonRow is one row of a people sheet (人员名单) as an office writes it:
// 姓名 · 工号 · 所在单位 · 职务 · 角色 · 账号 · 邮箱 · 手机 · 分管单位. Units are
// written by name, code or alias, the role in Chinese (校领导) or as its
// code (leader). The xlsx package reads and writes sheets of these.
type PersonRow struct {
	// Line is the spreadsheet row (1-based) the row came from.
	Line     int
	Name     string
	StaffNo  string
	Unit     string
	Title    string
	Role     string
	Username string
	Email    string
	Phone    string
	// Portfolio is the units a leader is in charge of (分管单位).
	Portfolio []string
}

// roleNames are the roles as sheets write them: the name export writes
// first, then the other words offices use.
var roleNames = []struct{ role, name string }{
	{model.RoleOffice, "办公室"}, {model.RoleLeader, "校领导"}, {model.RoleUnit, "单位"}, {model.RoleAdmin, "管理员"},
	{model.RoleOffice, "督查办"}, {model.RoleOffice, "督办"}, {model.RoleOffice, "督查督办"},
	{model.RoleLeader, "学校领导"}, {model.RoleLeader, "领导"},
	{model.RoleUnit, "单位联络员"}, {model.RoleUnit, "联络员"}, {model.RoleUnit, "单位账号"},
	{model.RoleAdmin, "系统管理员"},
}

// RoleName is a role as a people sheet writes it (校领导).
func RoleName(role string) string {
	for _, n := range roleNames {
		if n.role == role {
			return n.name
		}
	}
	return role
}

// RoleOf reads a 角色 cell: a role's Chinese name or its code.
func RoleOf(written string) (string, bool) {
	s := model.FoldName(written)
	if slices.Contains(model.Roles, strings.ToLower(s)) {
		return strings.ToLower(s), true
	}
	for _, n := range roleNames {
		if s == n.name {
			return n.role, true
		}
	}
	return "", false
}

// peopleState is what a people import checks rows against, read in its
// transaction.
type peopleState struct {
	units    map[string]model.Unit
	names    unitNameIndex
	dir      *directory
	people   []model.Person
	byID     map[int64]model.Person
	byStaff  map[string]model.Person
	accounts []model.Account
	byUser   map[string]model.Account
	linked   map[int64][]model.Account // person id → accounts, by username
	current  map[string]model.Portfolio
	today    model.Date
}

func loadPeopleState(ctx context.Context, tx *store.Tx, dir *directory, today model.Date) (*peopleState, error) {
	st := &peopleState{units: map[string]model.Unit{}, dir: dir, byID: map[int64]model.Person{}, byStaff: map[string]model.Person{},
		byUser: map[string]model.Account{}, linked: map[int64][]model.Account{}, today: today}
	units, err := tx.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		st.units[u.Code] = u
	}
	st.names = unitIndex(st.units)
	if st.people, err = tx.People(ctx, ""); err != nil {
		return nil, err
	}
	for _, p := range st.people {
		st.byID[p.ID] = p
		if p.StaffNo != "" {
			st.byStaff[p.StaffNo] = p
		}
	}
	if st.accounts, err = tx.Accounts(ctx); err != nil {
		return nil, err
	}
	for _, a := range st.accounts {
		st.byUser[a.Username] = a
		if a.PersonID != 0 {
			st.linked[a.PersonID] = append(st.linked[a.PersonID], a)
		}
	}
	ps, err := tx.Portfolios(ctx)
	if err != nil {
		return nil, err
	}
	st.current = ps.At(today)
	return st, nil
}

// unit resolves a unit as written to the active unit that does its work:
// exactly by code, name, alias or English name, else as directory.unit
// reads abbreviations.
func (st *peopleState) unit(written string) (string, error) {
	code, err := st.names.resolve(written)
	if err != nil || code == "" {
		if code, err = st.dir.unit(written); err != nil {
			return "", err
		}
	}
	if u := st.units[code]; u.Inactive {
		live := liveUnit(st.units, code)
		if live == "" {
			return "", model.Reasonf("unit %q (%s) is deactivated", strings.TrimSpace(written), u.Code)
		}
		code = live
	}
	return code, nil
}

// personPlan is one checked row of a people sheet.
type personPlan struct {
	line            int
	person          model.Person
	personBefore    model.Person
	newPerson       bool
	acct            *model.Account // nil when the row has no account
	acctBefore      model.Account
	newAcct         bool
	portfolio       *model.Portfolio // nil when the portfolio stays
	portfolioBefore model.Portfolio
}

// ImportPeople creates and updates people, their accounts and leaders'
// portfolios from the rows of a people sheet (admin). A person is matched
// by 工号 when the row gives one, else by the person of its 账号, else by
// 姓名 in 所在单位 (a fallback never takes someone with another 工号). A row
// with 账号 creates or updates that account (role, unit, name, e-mail),
// linked to the person; a 校领导 row without one gets a leader account
// named after its 工号, lower-cased, so the person can lead measures. New
// accounts get no password: they sign in through single sign-on, or once
// the admin has reset the password. 分管单位 on a leader's row sets the
// portfolio in force from today when it differs (its themes stay). Admin
// accounts are never imported into or changed. Every row is checked first;
// with any bad row nothing is written, otherwise everything is, in one
// transaction with one audit event per person, account and portfolio
// changed. Nobody is deleted: people and accounts the sheet does not name
// are listed as NotInSheet for the admin to disable.
func (a *App) ImportPeople(ctx context.Context, actor model.Account, rows []PersonRow, opt ImportOptions) (InstitutionImport, error) {
	res := InstitutionImport{ImportResult: ImportResult{DryRun: opt.DryRun}}
	if !CanManageInstitution(actor) {
		return res, forbidden("import people")
	}
	if len(rows) == 0 {
		return res, model.Invalid("rows", "the sheet holds no people")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return res, err
	}
	dir, err := a.directory(ctx)
	if err != nil {
		return res, err
	}
	start := res // a write lost with its batch runs again (store/commit.go): from here
	err = a.write(ctx, func(tx *store.Tx) error {
		res = start
		st, err := loadPeopleState(ctx, tx, dir, t.Day)
		if err != nil {
			return err
		}
		plans, errs := st.plan(rows, opt)
		opt.told("checking", len(rows), len(rows))
		if len(errs) > 0 {
			res.Errors = errs
			return errRows
		}
		for i := range plans {
			opt.told("writing", i, len(plans))
			act, err := writePersonPlan(ctx, tx, actor, &plans[i])
			if e := model.ErrorOf(err); e != nil && e.Code == model.EINVALID {
				// A rule only the whole sheet's writes can check (the last
				// office account demoted): the row says why, nothing stays.
				res.Errors = append(res.Errors, errorRow(plans[i].line, err))
				return errRows
			} else if err != nil {
				return err
			}
			if plans[i].newAcct {
				res.NewAccounts = append(res.NewAccounts, plans[i].acct.Username)
			}
			res.Actions = append(res.Actions, act)
		}
		opt.told("writing", len(plans), len(plans))
		res.NotInSheet = st.notInSheet(plans)
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	return res, importOutcome(&res, err, len(rows))
}

// plan checks every row and returns what each writes, or every problem.
func (st *peopleState) plan(rows []PersonRow, opt ImportOptions) ([]personPlan, []RowError) {
	var errs []RowError
	var plans []personPlan
	seenStaff, seenUser := map[string]int{}, map[string]int{}
	claimed := map[int64]int{} // person id → the row that matched it
	for _, row := range rows {
		p, rowErrs := st.planRow(row, opt, seenStaff, seenUser, claimed)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		plans = append(plans, p)
	}
	return plans, errs
}

func (st *peopleState) planRow(row PersonRow, opt ImportOptions, seenStaff, seenUser map[string]int, claimed map[int64]int) (personPlan, []RowError) {
	p := personPlan{line: row.Line}
	var errs []RowError
	bad := func(field, format string, args ...any) {
		errs = append(errs, rowError(row.Line, field, format, args...))
	}
	name := model.FoldName(row.Name)
	if name == "" {
		bad("name", "is required")
	}
	unit, err := st.unit(row.Unit)
	if err != nil {
		bad("unit", "%s", err)
	}
	staffNo := strings.TrimSpace(row.StaffNo)
	if staffNo != "" {
		if prev, ok := seenStaff[staffNo]; ok {
			bad("staff_no", "%s is also on row %d", staffNo, prev)
		} else {
			seenStaff[staffNo] = row.Line
		}
	}
	role := ""
	if r := strings.TrimSpace(row.Role); r != "" {
		var ok bool
		if role, ok = RoleOf(r); !ok {
			bad("role", "unknown role %q: write 办公室, 校领导, 单位 (office, leader, unit)", r)
		} else if role == model.RoleAdmin {
			bad("role", "admin accounts are not made or changed by an import: use the accounts page")
		}
	}
	email := strings.TrimSpace(row.Email)
	if email != "" && !model.ValidEmail(email) {
		bad("email", "%q is not an e-mail address", email)
	}
	username := strings.ToLower(strings.TrimSpace(row.Username))
	existing, hasAcct := st.byUser[username]
	hasAcct = hasAcct && username != ""

	// The person: by 工号, else by the account's person, else by name in
	// the unit; a fallback never takes someone with another 工号.
	var person *model.Person
	fits := func(x model.Person) bool { return x.StaffNo == "" || x.StaffNo == staffNo }
	if x, ok := st.byStaff[staffNo]; ok && staffNo != "" {
		person = &x
	}
	if person == nil && hasAcct && existing.PersonID != 0 {
		if x, ok := st.byID[existing.PersonID]; ok && fits(x) {
			person = &x
		}
	}
	if person == nil && name != "" && unit != "" {
		var hits []model.Person
		for _, x := range st.people {
			if x.Name == name && x.Unit == unit && fits(x) {
				hits = append(hits, x)
			}
		}
		switch {
		case len(hits) == 1:
			person = &hits[0]
		case len(hits) > 1:
			bad("name", "%d people are called %s in %s: give the row a 工号 or 账号 to say which", len(hits), name, st.units[unit].Name)
		}
	}
	if person != nil {
		if prev, ok := claimed[person.ID]; ok {
			bad("name", "row %d is the same person (%s)", prev, person.Name)
		} else {
			claimed[person.ID] = row.Line
		}
	}

	// The account: as written, else a leader's own, else one named after
	// the leader's 工号.
	userField := "username"
	if username == "" && role == model.RoleLeader {
		if person != nil {
			for _, x := range st.linked[person.ID] {
				if x.Role == model.RoleLeader {
					username = x.Username
					break
				}
			}
		}
		if username == "" && staffNo == "" {
			bad("username", "a 校领导 needs a 账号, or a 工号 to name the leader account after")
		} else if username == "" {
			username, userField = strings.ToLower(staffNo), "staff_no"
		}
		existing, hasAcct = st.byUser[username]
	} else if username == "" && role != "" && role != model.RoleAdmin {
		bad("username", "a %s account needs a 账号 (only a 校领导 row gets one named after its 工号)", RoleName(role))
	}
	if username != "" {
		if prev, ok := seenUser[username]; ok {
			bad(userField, "account %s is also on row %d", username, prev)
		} else {
			seenUser[username] = row.Line
		}
		switch {
		case username == "admin" || (hasAcct && existing.Role == model.RoleAdmin):
			bad(userField, "%s is an admin account: an import does not change admin accounts", username)
		case hasAcct && existing.PersonID != 0 && (person == nil || existing.PersonID != person.ID):
			other := st.byID[existing.PersonID]
			bad(userField, "account %s belongs to %s (%s)", username, other.Name, st.units[other.Unit].Name)
		case !hasAcct && role == "":
			bad("role", "is required for the new account %s", username)
		}
	}
	finalRole := role
	if finalRole == "" && hasAcct {
		finalRole = existing.Role
	}
	var portfolio []string
	if len(row.Portfolio) > 0 && finalRole != model.RoleLeader {
		bad("portfolio", "分管单位 is only for 校领导 rows")
	} else {
		for _, w := range row.Portfolio {
			code, err := st.unit(w)
			if err != nil {
				bad("portfolio", "%s", err)
			} else if !slices.Contains(portfolio, code) {
				portfolio = append(portfolio, code)
			}
		}
	}

	// The person as the row leaves them; a blank 工号 never clears one.
	if person != nil {
		p.person, p.personBefore = *person, *person
	} else {
		p.newPerson = true
	}
	p.person.Name, p.person.Unit = name, unit
	if unit == "" {
		p.person.Unit = "-" // reported above; check the other fields still
	}
	if opt.has("title") {
		p.person.Title = row.Title
	}
	if opt.has("email") {
		p.person.Email = email
	}
	if staffNo != "" {
		p.person.StaffNo = staffNo
	}
	if opt.has("phone") {
		p.person.Phone = row.Phone
	}
	if err := p.person.Validate(); err != nil {
		if e := model.ErrorOf(err); e == nil || (e.Field != "name" && e.Field != "email") {
			errs = append(errs, errorRow(row.Line, err))
		}
	}
	if len(errs) > 0 {
		return p, errs
	}

	if username != "" {
		acct := model.Account{Username: username}
		if hasAcct {
			acct = existing
			p.acctBefore = existing
		} else {
			p.newAcct = true
		}
		acct.Name, acct.Unit = name, unit
		if role != "" {
			acct.Role = role
		}
		if opt.has("email") {
			acct.Email = email
		}
		if err := acct.Validate(); err != nil {
			if e := model.ErrorOf(err); e != nil && e.Field == "username" && userField == "staff_no" {
				return p, []RowError{{Line: row.Line, Field: "staff_no", Message: fmt.Sprintf("the leader account would be named %q after the 工号, which is no account name: write a 账号", username)}}
			}
			return p, []RowError{errorRow(row.Line, err)}
		}
		p.acct = &acct
	}
	if finalRole == model.RoleLeader && opt.has("portfolio") && p.acct != nil {
		cur, has := st.current[p.acct.Username]
		if portfolio == nil {
			portfolio = []string{}
		}
		if (has || len(portfolio) > 0) && !sameAliases(cur.Units, portfolio) {
			themes := cur.Themes
			if themes == nil {
				themes = []string{}
			}
			p.portfolio = &model.Portfolio{Leader: p.acct.Username, From: st.today, Units: portfolio, Themes: themes}
			p.portfolioBefore = cur
		}
	}
	return p, nil
}

// writePersonPlan writes one checked row: the person, the account, the
// portfolio, each with its audit event when it changes.
func writePersonPlan(ctx context.Context, tx *store.Tx, actor model.Account, p *personPlan) (ImportAction, error) {
	act := ImportAction{Line: p.line, Code: p.person.StaffNo, Title: p.person.Name, Action: ImportUnchanged}
	if act.Code == "" && p.acct != nil {
		act.Code = p.acct.Username
	}
	audit := func(action, entity, id string, before, after any) error {
		return tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor.Username, Action: action, Entity: entity,
			EntityID: id, Before: marshal(before), After: marshal(after)})
	}
	switch {
	case p.newPerson:
		id, err := tx.InsertPerson(ctx, p.person)
		if err != nil {
			return act, err
		}
		p.person.ID = id
		act.Action = ImportCreate
		if err := audit("create", "person", personKey(p.person), nil, p.person); err != nil {
			return act, err
		}
	case p.person != p.personBefore:
		if err := tx.UpdatePerson(ctx, p.person); err != nil {
			return act, err
		}
		act.Action = ImportUpdate
		if err := audit("update", "person", personKey(p.person), p.personBefore, p.person); err != nil {
			return act, err
		}
	}
	if p.acct != nil {
		p.acct.PersonID = p.person.ID
		switch {
		case p.newAcct:
			id, err := tx.InsertAccount(ctx, *p.acct, "")
			if err != nil {
				return act, err
			}
			p.acct.ID = id
			if act.Action == ImportUnchanged {
				act.Action = ImportUpdate
			}
			if err := audit("create", "account", p.acct.Username, nil, accountAudit(*p.acct, false)); err != nil {
				return act, err
			}
		case *p.acct != p.acctBefore:
			if err := checkAccountChange(ctx, tx, p.acctBefore, *p.acct); err != nil {
				return act, err
			}
			if err := tx.UpdateAccount(ctx, *p.acct); err != nil {
				return act, err
			}
			_, hash, err := tx.PasswordHash(ctx, p.acct.Username)
			if err != nil {
				return act, err
			}
			if act.Action == ImportUnchanged {
				act.Action = ImportUpdate
			}
			if err := audit("update", "account", p.acct.Username, accountAudit(p.acctBefore, hash != ""), accountAudit(*p.acct, hash != "")); err != nil {
				return act, err
			}
		}
	}
	if p.portfolio != nil {
		p.portfolio.By = actor.Username
		if err := tx.PutPortfolio(ctx, *p.portfolio); err != nil {
			return act, err
		}
		if act.Action == ImportUnchanged {
			act.Action = ImportUpdate
		}
		var before any
		if p.portfolioBefore.Leader != "" {
			before = p.portfolioBefore
		}
		if err := audit("set_portfolio", "account", p.portfolio.Leader, before, PortfolioResult{Portfolio: *p.portfolio, Moved: []string{}}); err != nil {
			return act, err
		}
	}
	return act, nil
}
