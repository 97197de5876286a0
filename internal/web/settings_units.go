package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// unitRow is a unit in the settings' tree, flattened: its depth indents it.
type unitRow struct {
	Unit  model.Unit
	Depth int
}

// Indent is the row's indentation class (d0 … d6; deeper rows stay at d6).
func (r unitRow) Indent() string { return "d" + strconv.Itoa(min(r.Depth, 6)) }

// unitTree orders units as a tree: roots by kind (leadership first), then
// each unit's children under it in the stored order (sort order, code). A
// unit whose parent is unknown is a root, so no unit is ever left out.
func unitTree(units []model.Unit) []unitRow {
	known := map[string]bool{}
	for _, u := range units {
		known[u.Code] = true
	}
	children := map[string][]model.Unit{}
	var roots []model.Unit
	for _, u := range units {
		if u.Parent != "" && u.Parent != u.Code && known[u.Parent] {
			children[u.Parent] = append(children[u.Parent], u)
		} else {
			roots = append(roots, u)
		}
	}
	kind := map[string]int{}
	for i, k := range model.UnitKinds {
		kind[k] = i
	}
	sort.SliceStable(roots, func(i, j int) bool { return kind[roots[i].Kind] < kind[roots[j].Kind] })
	out := make([]unitRow, 0, len(units))
	seen := map[string]bool{}
	var walk func(u model.Unit, depth int)
	walk = func(u model.Unit, depth int) {
		if seen[u.Code] {
			return
		}
		seen[u.Code] = true
		out = append(out, unitRow{Unit: u, Depth: depth})
		for _, c := range children[u.Code] {
			walk(c, depth+1)
		}
	}
	for _, u := range roots {
		walk(u, 0)
	}
	// A cycle stored before the app refused them would hide its units.
	for _, u := range units {
		walk(u, 0)
	}
	return out
}

// unitOption is a unit offered in a select or as a checkbox, in tree order,
// its label indented by depth.
type unitOption struct {
	Code, Label string
	Inactive    bool
}

// unitOptions offers the active units in tree order, plus the units in
// keep (a current value) even when deactivated, so a form never quietly
// changes what it shows.
func unitOptions(units []model.Unit, lang string, keep ...string) []unitOption {
	var out []unitOption
	for _, row := range unitTree(units) {
		u := row.Unit
		if u.Inactive && !oneOf(u.Code, keep) {
			continue
		}
		name := u.Name
		if lang == "en" && u.NameEn != "" {
			name = u.NameEn
		}
		out = append(out, unitOption{Code: u.Code, Label: strings.Repeat("\u3000", row.Depth) + name, Inactive: u.Inactive})
	}
	return out
}

// splitList splits a list typed in one field: by 、 , ， ; ； or new lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool {
		return c == '、' || c == ',' || c == '，' || c == ';' || c == '；' || c == '\n' || c == '\r'
	})
}

type unitSettingsData struct {
	Rows  []unitRow
	Admin bool
	// Saved is the unit just created or changed; Merged what a merge did.
	Saved  string
	Merged *mergeFlash
}

// unitSettingsPage lists every unit as a tree, deactivated and merged ones
// greyed but listed. The admin and the office see it; only the admin gets
// the buttons that change units.
func (h *handler) unitSettingsPage(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin and the office manage units"))
		return
	}
	units, err := h.a.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &unitSettingsData{Rows: unitTree(units), Admin: app.CanManageInstitution(acct), Saved: q.Get("saved"), Merged: mergeFlashOf(q)}
	h.render(w, r, http.StatusOK, "unit_settings", h.newPage(r, "unit_settings", "unit_settings.title", d))
}

// unitForm is the unit form as typed, kept on a 422. Code is fixed once a
// unit exists (New false).
type unitForm struct {
	New                                            bool
	Code, Name, NameEn, Kind, Parent, Seq, Aliases string
	Inactive                                       bool
	MergedInto                                     string
	Kinds                                          []string
	Parents                                        []unitOption
	Errs                                           map[string]string
}

// Err is the message for a field ("" when none).
func (f *unitForm) Err(field string) string { return f.Errs[field] }

var unitFields = []string{"code", "name", "name_en", "kind", "parent", "seq", "aliases", "inactive"}

func (h *handler) showUnitForm(w http.ResponseWriter, r *http.Request, status int, f *unitForm) {
	units, err := h.a.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "unit_settings", "unit_settings.new", f)
	if !f.New {
		p.Title = p.T("unit_settings.edit", f.Code)
	}
	for _, o := range unitOptions(units, p.Lang, f.Parent) {
		if o.Code != f.Code {
			f.Parents = append(f.Parents, o)
		}
	}
	f.Kinds = model.UnitKinds
	h.render(w, r, status, "unit_form", p)
}

// unitNew shows an empty unit form (admin).
func (h *handler) unitNew(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageInstitution(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin creates units"))
		return
	}
	h.showUnitForm(w, r, http.StatusOK, &unitForm{New: true, Kind: model.UnitDepartment, Parent: r.URL.Query().Get("parent")})
}

// unitEdit shows a unit in its form (admin).
func (h *handler) unitEdit(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageInstitution(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes units"))
		return
	}
	u, err := h.a.Unit(r.Context(), r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &unitForm{Code: u.Code, Name: u.Name, NameEn: u.NameEn, Kind: u.Kind, Parent: u.Parent, Seq: strconv.Itoa(u.Seq),
		Aliases: strings.Join(u.Aliases, "、"), Inactive: u.Inactive, MergedInto: u.MergedInto}
	h.showUnitForm(w, r, http.StatusOK, f)
}

// unitSave creates a unit (no code in the path) or changes one (admin).
// Bad input comes back to the form with the message by its field (422, or
// 409 for a name or code another unit has) and nothing written.
func (h *handler) unitSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes units"))
		return
	}
	ctx := r.Context()
	pf := r.PostForm
	v := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &unitForm{New: r.PathValue("code") == "", Code: v("code"), Name: v("name"), NameEn: v("name_en"), Kind: v("kind"),
		Parent: v("parent"), Seq: v("seq"), Aliases: v("aliases"), Inactive: pf.Get("inactive") != ""}
	var stored model.Unit
	if !f.New {
		var err error
		if stored, err = h.a.Unit(ctx, r.PathValue("code")); err != nil {
			h.fail(w, r, err)
			return
		}
		f.Code, f.MergedInto = stored.Code, stored.MergedInto
		if f.MergedInto != "" {
			f.Inactive = true
		}
	}
	err := h.saveUnit(r, acct, f)
	if err == nil {
		redirect(w, r, "/settings/units?saved="+url.QueryEscape(f.Code)+"#unit-"+f.Code)
		return
	}
	status, field, msg, ok := formError(r, err)
	if !ok {
		h.fail(w, r, err)
		return
	}
	f.Errs = formErrs(field, msg, unitFields...)
	h.showUnitForm(w, r, status, f)
}

// saveUnit turns the form into the app call.
func (h *handler) saveUnit(r *http.Request, acct model.Account, f *unitForm) error {
	seq := 0
	if f.Seq != "" {
		n, err := strconv.Atoi(f.Seq)
		if err != nil {
			return model.Invalid("seq", "must be a whole number")
		}
		seq = n
	}
	aliases := splitList(f.Aliases)
	if f.New {
		return h.a.CreateUnit(r.Context(), acct, model.Unit{Code: f.Code, Name: f.Name, NameEn: f.NameEn, Kind: f.Kind,
			Parent: f.Parent, Seq: seq, Aliases: aliases})
	}
	p := app.UnitPatch{Name: &f.Name, NameEn: &f.NameEn, Kind: &f.Kind, Parent: &f.Parent, Seq: &seq, Aliases: &aliases}
	if f.MergedInto == "" {
		p.Inactive = &f.Inactive
	}
	_, err := h.a.UpdateUnit(r.Context(), acct, f.Code, p)
	return err
}
