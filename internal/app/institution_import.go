package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// UnitRow is one row of a units sheet (单位名单) as an office writes it:
// 单位名称 · 单位代码 · 上级单位 · 单位类别 · 简称 · 英文名称. The parent is
// written by name, code or alias, the kind in Chinese (学院) or as its code
// (school). The xlsx package reads and writes sheets of these; app resolves
// them.
type UnitRow struct {
	// Line is the spreadsheet row (1-based) the row came from.
	Line    int
	Name    string
	Code    string
	Parent  string
	Kind    string
	Aliases []string
	NameEn  string
}

// InstitutionImport is what importing a units or people sheet did, or
// would do: each row's action, every bad row, and what the database holds
// that the sheet does not name. Nothing is ever deleted by an import:
// NotInSheet is for the admin to deactivate or disable by hand.
type InstitutionImport struct {
	ImportResult
	NotInSheet []Unlisted
	// NewAccounts are the accounts the import made (or would make). None
	// has a password: they sign in through single sign-on, or once the
	// admin has reset their password.
	NewAccounts []string
}

// Unlisted is a unit, person or account the database holds and the
// imported sheet does not name (不在表中).
type Unlisted struct {
	// Code is the unit code, or the person's account name or staff number.
	Code string
	Name string
	// Unit is the unit the person belongs to (a code; "" for units).
	Unit string
}

// unitKindNames are the unit kinds as sheets write them: the name export
// writes first, then the other words offices use.
var unitKindNames = []struct{ kind, name string }{
	{model.UnitLeadership, "校领导班子"}, {model.UnitParty, "党群部门"}, {model.UnitDepartment, "职能部门"},
	{model.UnitSchool, "学院"}, {model.UnitInstitute, "研究机构"}, {model.UnitAffiliated, "直属单位"},
	{model.UnitLeadership, "校领导"}, {model.UnitLeadership, "学校领导"}, {model.UnitLeadership, "领导班子"},
	{model.UnitParty, "党群机构"}, {model.UnitParty, "党委部门"}, {model.UnitParty, "党群"},
	{model.UnitDepartment, "行政部门"}, {model.UnitDepartment, "职能处室"}, {model.UnitDepartment, "管理部门"},
	{model.UnitDepartment, "行政职能部门"}, {model.UnitDepartment, "机关部处"},
	{model.UnitSchool, "院系"}, {model.UnitSchool, "教学单位"}, {model.UnitSchool, "教学院系"}, {model.UnitSchool, "学部"},
	{model.UnitInstitute, "研究院"}, {model.UnitInstitute, "科研机构"}, {model.UnitInstitute, "研究所"},
	{model.UnitAffiliated, "直属附属单位"}, {model.UnitAffiliated, "直属/附属单位"}, {model.UnitAffiliated, "直附属单位"},
	{model.UnitAffiliated, "附属单位"},
}

// UnitKindName is a unit kind as a units sheet writes it (学院).
func UnitKindName(kind string) string {
	for _, n := range unitKindNames {
		if n.kind == kind {
			return n.name
		}
	}
	return kind
}

// UnitKindOf reads a 单位类别 cell: a kind's Chinese name or its code.
func UnitKindOf(written string) (string, bool) {
	s := model.FoldName(written)
	if slices.Contains(model.UnitKinds, strings.ToLower(s)) {
		return strings.ToLower(s), true
	}
	for _, n := range unitKindNames {
		if s == n.name {
			return n.kind, true
		}
	}
	return "", false
}

// unitKindList is the kinds' names for an error message.
func unitKindList() string {
	names := make([]string, len(model.UnitKinds))
	for i, k := range model.UnitKinds {
		names[i] = UnitKindName(k)
	}
	return strings.Join(names, "、")
}

// unitPlan is one checked row of a units sheet.
type unitPlan struct {
	line    int
	create  bool
	before  model.Unit
	u       model.Unit
	aliases bool // the aliases change (cleared before any unit is written)
}

// ImportUnits creates and updates units from the rows of a units sheet
// (admin). Units are matched by code: a known code updates the unit's name,
// kind, parent, aliases and English name (columns the sheet lacks stay as
// they are), a new one creates it. A parent may be a unit further down the
// same sheet. Every row is checked first against the units as the whole
// sheet leaves them (a moved alias, a parent cycle, two units of one name)
// and every problem collected with its row and field; only when no row
// failed is anything written, in one transaction with one audit event per
// unit created or changed. A re-import of the same sheet writes nothing.
// Units missing from the sheet stay; active ones are listed as NotInSheet.
func (a *App) ImportUnits(ctx context.Context, actor model.Account, rows []UnitRow, opt ImportOptions) (InstitutionImport, error) {
	res := InstitutionImport{ImportResult: ImportResult{DryRun: opt.DryRun}}
	if !CanManageInstitution(actor) {
		return res, forbidden("import units")
	}
	if len(rows) == 0 {
		return res, model.Invalid("rows", "the sheet holds no units")
	}
	start := res // a write lost with its batch runs again (store/commit.go): from here
	err := a.write(ctx, func(tx *store.Tx) error {
		res = start
		units, err := tx.Units(ctx)
		if err != nil {
			return err
		}
		plans, errs := planUnits(units, rows, opt)
		opt.told("checking", len(rows), len(rows))
		if len(errs) > 0 {
			res.Errors = errs
			return errRows
		}
		for _, p := range plans {
			if p.aliases {
				if err := tx.SetUnitAliases(ctx, p.u.Code, nil); err != nil {
					return err
				}
			}
		}
		inSheet := map[string]bool{}
		for i, p := range plans {
			opt.told("writing", i, len(plans))
			inSheet[p.u.Code] = true
			act := ImportAction{Line: p.line, Code: p.u.Code, Title: p.u.Name}
			ev := model.AuditEvent{At: tx.Now(), Actor: actor.Username, Entity: "unit", EntityID: p.u.Code, After: marshal(p.u)}
			switch {
			case p.create:
				act.Action, ev.Action = ImportCreate, "create"
				err = tx.InsertUnit(ctx, p.u)
			case sameUnit(p.before, p.u):
				act.Action = ImportUnchanged
				res.Actions = append(res.Actions, act)
				continue
			default:
				act.Action, ev.Action, ev.Before = ImportUpdate, "update", marshal(p.before)
				err = tx.UpdateUnit(ctx, p.u)
			}
			if err != nil {
				return err
			}
			if err := tx.InsertAudit(ctx, ev); err != nil {
				return err
			}
			res.Actions = append(res.Actions, act)
		}
		opt.told("writing", len(plans), len(plans))
		sort.SliceStable(res.Actions, func(i, j int) bool { return res.Actions[i].Line < res.Actions[j].Line })
		for _, u := range units {
			if !u.Inactive && !inSheet[u.Code] {
				res.NotInSheet = append(res.NotInSheet, Unlisted{Code: u.Code, Name: u.Name})
			}
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	return res, importOutcome(&res, err, len(rows))
}

// importOutcome turns an import transaction's end into its result: bad
// rows (nothing written, EINVALID), a dry run (rolled back on purpose), or
// a failure.
func importOutcome(res *InstitutionImport, err error, rows int) error {
	switch {
	case errors.Is(err, errRows):
		res.Actions, res.NotInSheet, res.NewAccounts = nil, nil, nil
		sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Line < res.Errors[j].Line })
		return model.Invalid("rows", "%d of %d rows have errors; nothing was imported", badLines(res.Errors), rows)
	case errors.Is(err, errDryRun):
		return nil
	case err != nil:
		*res = InstitutionImport{ImportResult: ImportResult{DryRun: res.DryRun}}
		return err
	}
	return nil
}

// sameUnit reports whether an import leaves a unit as it was.
func sameUnit(a, b model.Unit) bool {
	aa, ba := slices.Clone(a.Aliases), slices.Clone(b.Aliases)
	slices.Sort(aa)
	slices.Sort(ba)
	return a.Name == b.Name && a.NameEn == b.NameEn && a.Kind == b.Kind && a.Parent == b.Parent && slices.Equal(aa, ba)
}

// planUnits checks a units sheet against the units there are and returns
// the units to write, parents before their children, or every problem.
func planUnits(units []model.Unit, rows []UnitRow, opt ImportOptions) ([]unitPlan, []RowError) {
	var errs []RowError
	badAt := func(line int, field, format string, args ...any) {
		errs = append(errs, rowError(line, field, format, args...))
	}
	byCode := map[string]model.Unit{} // upper-case code → unit
	for _, u := range units {
		byCode[strings.ToUpper(u.Code)] = u
	}
	var plans []unitPlan
	parents := map[string]string{} // code → the parent as written
	codeRow, nameRow := map[string]int{}, map[string]int{}
	refused := map[string]bool{} // codes and names of rows refused already
	for _, row := range rows {
		n := len(errs)
		code := strings.TrimSpace(row.Code)
		name := strings.TrimSpace(row.Name)
		if code == "" {
			badAt(row.Line, "code", "is required")
		} else {
			if prev, ok := codeRow[strings.ToUpper(code)]; ok {
				badAt(row.Line, "code", "unit code %s is also on row %d", code, prev)
			} else {
				codeRow[strings.ToUpper(code)] = row.Line
			}
		}
		if name == "" {
			badAt(row.Line, "name", "is required")
		} else {
			if prev, ok := nameRow[name]; ok {
				badAt(row.Line, "name", "%s is also on row %d", name, prev)
			} else {
				nameRow[name] = row.Line
			}
		}
		p := unitPlan{line: row.Line}
		if old, ok := byCode[strings.ToUpper(code)]; ok && code != "" {
			if old.Inactive {
				if old.MergedInto != "" {
					badAt(row.Line, "code", "unit %s (%s) was merged into %s and stays inactive", old.Code, old.Name, old.MergedInto)
				} else {
					badAt(row.Line, "code", "unit %s (%s) is deactivated: reactivate it on the units page first", old.Code, old.Name)
				}
			}
			p.before = old
			p.before.Aliases = slices.Clone(old.Aliases)
			p.u = old
			p.u.Aliases = slices.Clone(old.Aliases)
		} else {
			p.create = true
			p.u = model.Unit{Code: code, Aliases: []string{}}
		}
		p.u.Name = name
		if opt.has("name_en") {
			p.u.NameEn = row.NameEn
		}
		if opt.has("aliases") {
			p.u.Aliases = row.Aliases
		}
		switch kind, ok := UnitKindOf(row.Kind); {
		case ok:
			p.u.Kind = kind
		case strings.TrimSpace(row.Kind) != "":
			badAt(row.Line, "kind", "unknown unit kind %q: write one of %s", strings.TrimSpace(row.Kind), unitKindList())
		case p.create:
			badAt(row.Line, "kind", "is required for a new unit (%s)", unitKindList())
		}
		if len(errs) == n {
			parent := p.u.Parent
			p.u.Parent = "" // resolved below, once every row is known
			if err := p.u.Validate(); err != nil {
				errs = append(errs, errorRow(row.Line, err))
			}
			p.u.Parent = parent
		}
		if len(errs) > n {
			refused[strings.ToUpper(code)], refused[model.FoldName(name)] = true, true
			continue
		}
		if opt.has("parent") {
			parents[p.u.Code] = row.Parent
		}
		plans = append(plans, p)
	}

	// The units as the sheet leaves them, to resolve parents in and check.
	final := map[string]model.Unit{}
	for _, u := range units {
		final[u.Code] = u
	}
	for _, p := range plans {
		final[p.u.Code] = p.u
	}
	names := unitIndex(final)
	ok := plans[:0]
	for _, p := range plans {
		written, given := parents[p.u.Code]
		if !given {
			ok = append(ok, p)
			continue
		}
		parent, err := names.resolve(written)
		if err != nil {
			if s := model.FoldName(written); !refused[s] && !refused[strings.ToUpper(s)] {
				badAt(p.line, "parent", "%s", err)
			}
			continue
		}
		if parent == p.u.Code {
			badAt(p.line, "parent", "a unit cannot be its own parent")
			continue
		}
		if pu := final[parent]; parent != "" && pu.Inactive && parent != p.before.Parent {
			badAt(p.line, "parent", "unit %s (%s) is deactivated", pu.Code, pu.Name)
			continue
		}
		p.u.Parent = parent
		final[p.u.Code] = p.u
		ok = append(ok, p)
	}
	plans = ok
	sheetRow := map[string]int{}
	for _, p := range plans {
		sheetRow[p.u.Code] = p.line
	}
	for i := range plans {
		p := &plans[i]
		if cycle := parentCycle(final, p.u.Code); cycle != "" {
			badAt(p.line, "parent", "%s: a unit cannot be under itself", cycle)
		}
		for _, e := range nameClashes(final, p.u, sheetRow) {
			badAt(p.line, e.Field, "%s", e)
		}
		p.aliases = !p.create && !sameAliases(p.before.Aliases, p.u.Aliases)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return parentsFirst(plans), nil
}

func sameAliases(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// unitNameIndex resolves a unit as a sheet writes a parent: its code, name,
// alias or English name (after folding full-width forms and blanks), else
// an abbreviation that fits one active unit only. A merged unit's name
// leads to the unit it went into.
type unitNameIndex struct {
	keys   map[string]string // folded name or alias → code ("" when two units share it)
	code   map[string]string // upper-case code → code
	active []model.Unit      // for abbreviations
}

func unitIndex(units map[string]model.Unit) unitNameIndex {
	ix := unitNameIndex{keys: map[string]string{}, code: map[string]string{}}
	add := func(k, code string) {
		k = model.FoldName(k)
		if k == "" {
			return
		}
		if prev, ok := ix.keys[k]; ok && prev != code {
			code = ""
		}
		ix.keys[k] = code
	}
	var list []model.Unit
	for _, u := range units {
		list = append(list, u)
		ix.code[strings.ToUpper(u.Code)] = u.Code
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
	byCode := map[string]model.Unit{}
	for _, u := range list {
		byCode[u.Code] = u
	}
	for _, u := range list {
		live := liveUnit(byCode, u.Code)
		if u.Inactive {
			continue
		}
		ix.active = append(ix.active, u)
		add(u.Name, live)
		add(strings.ToLower(u.NameEn), live)
		for _, al := range u.Aliases {
			add(al, live)
		}
	}
	// A merged unit's old name is its successor's alias already; a unit
	// deactivated without a merge is still found by its code and name.
	for _, u := range list {
		if k := model.FoldName(u.Name); u.Inactive && k != "" {
			if _, taken := ix.keys[k]; !taken {
				ix.keys[k] = u.Code
			}
		}
	}
	return ix
}

// resolve returns the code of the unit written ("" for a blank cell).
func (ix unitNameIndex) resolve(written string) (string, error) {
	s := model.FoldName(written)
	if s == "" {
		return "", nil
	}
	if code, ok := ix.code[strings.ToUpper(s)]; ok {
		return code, nil
	}
	if code, ok := ix.keys[s]; ok {
		if code == "" {
			return "", model.Reasonf("%q names more than one unit; write the code", s)
		}
		return code, nil
	}
	if code, ok := ix.keys[strings.ToLower(s)]; ok && code != "" {
		return code, nil
	}
	// An abbreviation: the characters of one unit's name in order (科技处).
	var hits []string
	if utf8.RuneCountInString(s) >= 2 && model.HasHan(s) {
		for _, u := range ix.active {
			if subsequence(s, model.FoldName(u.Name)) {
				hits = append(hits, u.Name)
			}
		}
	}
	switch len(hits) {
	case 0:
		return "", model.Reasonf("unknown unit %q", s)
	case 1:
		return ix.keys[model.FoldName(hits[0])], nil
	}
	sort.Strings(hits)
	return "", model.Reasonf("%q could be any of %s; write the full name", s, strings.Join(hits, "、"))
}

// parentCycle describes the cycle a unit's parents make ("A → B → A"), or
// "" when they reach the root.
func parentCycle(units map[string]model.Unit, code string) string {
	path := []string{units[code].Name}
	at := units[code].Parent
	for steps := 0; at != "" && steps <= len(units); steps++ {
		u, ok := units[at]
		if !ok {
			return ""
		}
		path = append(path, u.Name)
		if at == code {
			return strings.Join(path, " → ")
		}
		at = u.Parent
	}
	return ""
}

// nameClashes checks that no other unit, as the sheet leaves them, is
// called by u's name or one of its aliases. A clash with another row of
// the sheet is reported once, on the row whose alias it is. Units merged
// into u keep their names as u's aliases.
func nameClashes(units map[string]model.Unit, u model.Unit, sheetRow map[string]int) []*model.Error {
	var out []*model.Error
	codes := make([]string, 0, len(units))
	for c := range units {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	fu := model.FoldName(u.Name)
	for _, c := range codes {
		x := units[c]
		if x.Code == u.Code || (x.Inactive && liveUnit(units, x.Code) == u.Code) {
			continue
		}
		where := x.Code + " (" + x.Name + ")"
		if line, ok := sheetRow[x.Code]; ok {
			where += fmt.Sprintf(", row %d", line)
		}
		_, xInSheet := sheetRow[x.Code]
		if model.FoldName(x.Name) == fu && !xInSheet {
			out = append(out, model.Invalid("name", "unit %s is already called %s", where, u.Name))
		}
		for _, al := range x.Aliases {
			if al == fu && !xInSheet {
				out = append(out, model.Invalid("name", "%s is an alias of unit %s", u.Name, where))
			}
		}
		for _, al := range u.Aliases {
			if al == model.FoldName(x.Name) || strings.EqualFold(al, x.Code) || slices.Contains(x.Aliases, al) {
				out = append(out, model.Invalid("aliases", "%s already names unit %s", al, where))
			}
		}
	}
	return out
}

// parentsFirst orders plans so a unit is written after its parent when
// both are in the sheet (a new parent must exist before its child), in
// sheet order otherwise.
func parentsFirst(plans []unitPlan) []unitPlan {
	at := map[string]int{}
	for i, p := range plans {
		at[p.u.Code] = i
	}
	done := make([]bool, len(plans))
	out := make([]unitPlan, 0, len(plans))
	var visit func(i int)
	visit = func(i int) {
		if done[i] {
			return
		}
		done[i] = true // no cycles: planUnits refused them
		if j, ok := at[plans[i].u.Parent]; ok {
			visit(j)
		}
		out = append(out, plans[i])
	}
	for i := range plans {
		visit(i)
	}
	return out
}

// UnitSheet returns the active units as rows of a units sheet, each after
// its parent, siblings in display order, with its parent by name and its
// kind in Chinese, so a re-import of the sheet changes nothing. The admin
// and the office may export it.
func (a *App) UnitSheet(ctx context.Context, actor model.Account) ([]UnitRow, string, error) {
	if !CanSeeAccounts(actor) {
		return nil, "", forbidden("export units")
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, "", err
	}
	byCode := map[string]model.Unit{}
	children := map[string][]model.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	for _, u := range units {
		if u.Inactive {
			continue
		}
		parent := u.Parent
		if _, ok := byCode[parent]; !ok {
			parent = ""
		}
		children[parent] = append(children[parent], u)
	}
	var rows []UnitRow
	seen := map[string]bool{}
	var walk func(parent string)
	walk = func(parent string) {
		for _, u := range children[parent] {
			if seen[u.Code] {
				continue
			}
			seen[u.Code] = true
			rows = append(rows, UnitRow{Name: u.Name, Code: u.Code, Parent: byCode[u.Parent].Name, Kind: UnitKindName(u.Kind),
				Aliases: slices.Clone(u.Aliases), NameEn: u.NameEn})
			walk(u.Code)
		}
	}
	walk("")
	// Active units under an inactive parent (a tree an admin left half
	// moved) come last rather than not at all.
	for _, u := range units {
		if !u.Inactive && !seen[u.Code] {
			seen[u.Code] = true
			rows = append(rows, UnitRow{Name: u.Name, Code: u.Code, Parent: byCode[u.Parent].Name, Kind: UnitKindName(u.Kind),
				Aliases: slices.Clone(u.Aliases), NameEn: u.NameEn})
		}
	}
	return rows, "单位名单", nil
}
