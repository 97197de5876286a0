package web

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// noAccount is the role filter's value for people without an account.
const noAccount = "none"

// personRow is one line of the people table: an account with the person
// behind it, or a person without an account (Username "").
type personRow struct {
	Name, Username, Role, Unit   string
	Title, Email, Phone, StaffNo string
	Disabled, MustChange         bool
}

// peopleGroup is one unit's rows ("" for accounts without a unit).
type peopleGroup struct {
	Unit string
	Rows []personRow
}

type peopleData struct {
	// Unit and Role are the filters; Units and Roles what they offer.
	Unit, Role string
	Units      []unitOption
	Roles      []string
	Groups     []peopleGroup
	Count      int
	Admin      bool
	// Created is the account just created.
	Created string
}

// peoplePage lists the accounts and the people of the institution in one
// table grouped by unit, filtered by unit and role. The admin and the
// office see it; only the admin gets the links that change accounts.
func (h *handler) peoplePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	q := r.URL.Query()
	d := &peopleData{Unit: q.Get("unit"), Role: q.Get("role"), Roles: append(slices.Clone(model.Roles), noAccount),
		Admin: app.CanManageInstitution(acct), Created: q.Get("created")}
	accts, err := h.a.Accounts(ctx, acct)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Role != "" && !oneOf(d.Role, d.Roles) {
		h.fail(w, r, model.Invalid("role", "unknown role %q", d.Role))
		return
	}
	people, err := h.a.People(ctx, acct, d.Unit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	units, err := h.a.Units(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Units = unitOptions(units, i18n.Lang(acct.Lang), d.Unit)
	d.Groups = peopleGroups(accts, people, units, d.Unit, d.Role)
	for _, g := range d.Groups {
		d.Count += len(g.Rows)
	}
	h.render(w, r, http.StatusOK, "people", h.newPage(r, "people", "people.title", d))
}

// peopleGroups joins accounts to their people, adds the people without an
// account, keeps the rows the filters select, and groups them by unit in
// the units' tree order; rows without a unit come last. Within a unit,
// accounts come by role (office, leader, unit, admin) and name, then the
// people without an account.
func peopleGroups(accts []model.Account, people []model.Person, units []model.Unit, unit, role string) []peopleGroup {
	byID := map[int64]model.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	used := map[int64]bool{}
	var rows []personRow
	for _, a := range accts {
		row := personRow{Name: a.Name, Username: a.Username, Role: a.Role, Unit: a.Unit, Email: a.Email,
			Disabled: a.Disabled, MustChange: a.MustChangePassword}
		if p, ok := byID[a.PersonID]; ok && a.PersonID != 0 {
			used[p.ID] = true
			row.Title, row.Phone, row.StaffNo = p.Title, p.Phone, p.StaffNo
			if row.Email == "" {
				row.Email = p.Email
			}
		}
		if (unit == "" || a.Unit == unit) && (role == "" || role == a.Role) {
			rows = append(rows, row)
		}
	}
	if role == "" || role == noAccount {
		for _, p := range people {
			if !used[p.ID] && (unit == "" || p.Unit == unit) {
				rows = append(rows, personRow{Name: p.Name, Unit: p.Unit, Title: p.Title, Email: p.Email, Phone: p.Phone, StaffNo: p.StaffNo})
			}
		}
	}
	roleOrder := map[string]int{"": len(model.Roles)}
	for i, r := range model.Roles {
		roleOrder[r] = i
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if roleOrder[a.Role] != roleOrder[b.Role] {
			return roleOrder[a.Role] < roleOrder[b.Role]
		}
		return a.Name < b.Name
	})
	byUnit := map[string][]personRow{}
	for _, row := range rows {
		byUnit[row.Unit] = append(byUnit[row.Unit], row)
	}
	var out []peopleGroup
	for _, u := range unitTree(units) {
		if rs := byUnit[u.Unit.Code]; len(rs) > 0 {
			out = append(out, peopleGroup{Unit: u.Unit.Code, Rows: rs})
			delete(byUnit, u.Unit.Code)
		}
	}
	// Rows of a unit code no longer known, then rows without a unit.
	rest := make([]string, 0, len(byUnit))
	for code := range byUnit {
		rest = append(rest, code)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] != "" && (rest[j] == "" || rest[i] < rest[j]) })
	for _, code := range rest {
		out = append(out, peopleGroup{Unit: code, Rows: byUnit[code]})
	}
	return out
}

// newAccountForm is the new account form as typed, kept on a 422; the
// password is never shown back.
type newAccountForm struct {
	Username, Name, Role, Unit, Email string
	Title, StaffNo, Phone             string
	Units                             []unitOption
	Roles                             []string
	MinPassword, Passphrase           int
	Errs                              map[string]string
}

// Err is the message for a field ("" when none).
func (f *newAccountForm) Err(field string) string { return f.Errs[field] }

var newAccountFields = []string{"username", "name", "role", "unit", "email", "password", "title", "staff_no", "phone"}

func (h *handler) showNewAccount(w http.ResponseWriter, r *http.Request, status int, f *newAccountForm) {
	units, err := h.a.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "people", "people.new", f)
	f.Units, f.Roles = unitOptions(units, p.Lang), model.Roles
	f.MinPassword, f.Passphrase = app.MinPasswordLen, app.PassphraseLen
	h.render(w, r, status, "people_form", p)
}

// peopleNew shows the form for a new account and its person (admin).
func (h *handler) peopleNew(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageInstitution(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin creates accounts"))
		return
	}
	h.showNewAccount(w, r, http.StatusOK, &newAccountForm{Role: model.RoleUnit, Unit: r.URL.Query().Get("unit")})
}

// peopleSave creates the account and, when it has a unit, its person
// (admin). A blank password makes an account that cannot sign in with a
// luoshi password (a leader who never signs in, or someone who signs in
// through the campus identity service) until the admin resets it.
func (h *handler) peopleSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin creates accounts"))
		return
	}
	pf := r.PostForm
	v := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &newAccountForm{Username: v("username"), Name: v("name"), Role: v("role"), Unit: v("unit"), Email: v("email"),
		Title: v("title"), StaffNo: v("staff_no"), Phone: v("phone")}
	in := app.NewAccount{Account: model.Account{Username: f.Username, Name: f.Name, Role: f.Role, Unit: f.Unit, Email: f.Email},
		Password: pf.Get("password"), Title: f.Title, StaffNo: f.StaffNo, Phone: f.Phone}
	created, err := h.a.SaveNewAccount(r.Context(), acct, in)
	if err == nil {
		redirect(w, r, link("/settings/people", "created", created.Username)+"#account-"+created.Username)
		return
	}
	status, field, msg, ok := formError(r, err)
	if !ok {
		h.fail(w, r, err)
		return
	}
	if rule := app.PasswordRuleOf(err); rule != "" {
		msg = i18n.T(i18n.Lang(acct.Lang), "account.password_rule_"+rule)
	}
	f.Errs = formErrs(field, msg, newAccountFields...)
	h.showNewAccount(w, r, status, f)
}
