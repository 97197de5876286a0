package app

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Units lists all units, active or not; everyone signed in may see them.
// Pages that offer units for something new use ActiveUnits.
func (a *App) Units(ctx context.Context) ([]model.Unit, error) {
	us, err := rememberOf(ctx, a, "units", unitsTable, func(ctx context.Context) ([]model.Unit, error) { return a.store.Units(ctx) })
	return slices.Clone(us), err
}

// UnitIndex is every unit by code, and a version that changes when a unit
// is added or its code, names or activity change: pages key what they keep
// on it, since units change without touching measures.
type UnitIndex struct {
	ByCode  map[string]model.Unit
	Version uint64
}

// UnitIndex returns the units by code, built once per read of the units and
// shared between requests: callers must not change it. Every page's layout
// wanted the map, and the board's and dashboard's keys the version, which
// each request built again (sorting and hashing 120 units for every board).
func (a *App) UnitIndex(ctx context.Context) (UnitIndex, error) {
	return rememberOf(ctx, a, "unit-index", unitsTable, func(ctx context.Context) (UnitIndex, error) {
		us, err := a.store.Units(ctx)
		if err != nil {
			return UnitIndex{}, err
		}
		ix := UnitIndex{ByCode: make(map[string]model.Unit, len(us))}
		slices.SortFunc(us, func(a, b model.Unit) int { return strings.Compare(a.Code, b.Code) })
		h := fnv.New64a()
		for _, u := range us {
			ix.ByCode[u.Code] = u
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\x00", u.Code, u.Name, u.NameEn, u.Inactive)
		}
		ix.Version = h.Sum64()
		return ix, nil
	})
}

// ActiveUnits lists the units that may be named on anything new.
func (a *App) ActiveUnits(ctx context.Context) ([]model.Unit, error) {
	all, err := a.Units(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(u model.Unit) bool { return u.Inactive }), nil
}

// CanManageInstitution reports whether a may change units, people,
// accounts and the institution's profile: the admin. Leaders' portfolios
// and the academic calendar are the office's to keep too (IsOffice).
func CanManageInstitution(a model.Account) bool { return IsAdmin(a) }

// CreateUnit adds a unit (admin).
func (a *App) CreateUnit(ctx context.Context, actor model.Account, u model.Unit) error {
	if !CanManageInstitution(actor) {
		return forbidden("create units")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "unit", func(tx *store.Tx, ev *Event) error {
		if ok, err := tx.UnitExists(ctx, u.Code); err != nil {
			return err
		} else if ok {
			return model.Errorf(model.ECONFLICT, "unit %s already exists", u.Code).WithField("code")
		}
		if err := checkUnitPlace(ctx, tx, u); err != nil {
			return err
		}
		ev.ID, ev.After = u.Code, u
		return tx.InsertUnit(ctx, u)
	})
}

// UnitPatch is a change to a unit; nil fields stay as they are.
type UnitPatch struct {
	Name     *string
	NameEn   *string
	Kind     *string
	Parent   *string
	Seq      *int
	Aliases  *[]string
	Inactive *bool
}

// UpdateUnit renames, moves, reorders, re-kinds, re-aliases, deactivates or
// reactivates a unit (admin). A move that would put a unit under itself is
// refused; so is deactivating the unit of the last office account or a
// unit that still has active children.
func (a *App) UpdateUnit(ctx context.Context, actor model.Account, code string, p UnitPatch) (model.Unit, error) {
	if !CanManageInstitution(actor) {
		return model.Unit{}, forbidden("change units")
	}
	var out model.Unit
	err := a.change(ctx, actor, "update", "unit", func(tx *store.Tx, ev *Event) error {
		u, err := tx.Unit(ctx, code)
		if err != nil {
			return err
		}
		before := u
		before.Aliases = slices.Clone(u.Aliases)
		setIf(&u.Name, p.Name)
		setIf(&u.NameEn, p.NameEn)
		setIf(&u.Kind, p.Kind)
		setIf(&u.Parent, p.Parent)
		setIf(&u.Seq, p.Seq)
		setIf(&u.Aliases, p.Aliases)
		setIf(&u.Inactive, p.Inactive)
		if u.MergedInto != "" && !u.Inactive {
			return model.Invalid("inactive", "unit %s was merged into %s and stays inactive", u.Code, u.MergedInto)
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := checkUnitPlace(ctx, tx, u); err != nil {
			return err
		}
		if u.Inactive && !before.Inactive {
			if err := checkDeactivate(ctx, tx, u.Code); err != nil {
				return err
			}
		}
		if !u.Inactive && before.Inactive && u.Parent != "" {
			if p, err := tx.Unit(ctx, u.Parent); err != nil {
				return err
			} else if p.Inactive {
				return model.Invalid("inactive", "its parent %s (%s) is deactivated: reactivate it or move the unit first", p.Code, p.Name)
			}
		}
		ev.ID, ev.Before, ev.After = u.Code, before, u
		out = u
		return tx.UpdateUnit(ctx, u)
	})
	return out, err
}

// checkUnitPlace checks a unit's parent (exists, is active, and is not the
// unit itself or below it) and that none of its aliases is another unit's
// name, code or alias.
func checkUnitPlace(ctx context.Context, tx *store.Tx, u model.Unit) error {
	units, err := tx.Units(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]model.Unit{}
	for _, x := range units {
		byCode[x.Code] = x
	}
	if u.Parent != "" {
		p, ok := byCode[u.Parent]
		if !ok {
			return model.Invalid("parent", "unknown unit %q", u.Parent)
		}
		if p.Inactive && byCode[u.Code].Parent != u.Parent {
			return model.Invalid("parent", "unit %s is deactivated", u.Parent)
		}
		for at, steps := u.Parent, 0; at != "" && steps <= len(units); steps++ {
			if at == u.Code {
				return model.Invalid("parent", "%s is under %s already: moving it there would make a cycle", u.Parent, u.Code)
			}
			at = byCode[at].Parent
		}
	}
	for _, x := range units {
		if x.Code == u.Code {
			continue
		}
		if x.Name == u.Name {
			return model.Errorf(model.ECONFLICT, "unit %s is already called %s", x.Code, u.Name).WithField("name")
		}
		if x.MergedInto == u.Code {
			// A unit merged into this one: its name is this one's alias.
			continue
		}
		for _, al := range u.Aliases {
			if al == x.Name || strings.EqualFold(al, x.Code) || slices.Contains(x.Aliases, al) {
				return model.Errorf(model.ECONFLICT, "%s already names unit %s (%s)", al, x.Code, x.Name).WithField("aliases")
			}
		}
		if slices.Contains(x.Aliases, u.Name) && x.Code != u.MergedInto {
			return model.Errorf(model.ECONFLICT, "%s is an alias of unit %s (%s)", u.Name, x.Code, x.Name).WithField("name")
		}
	}
	return nil
}

// checkDeactivate refuses to deactivate a unit that would leave the office
// without an account, or that still has active units under it.
func checkDeactivate(ctx context.Context, tx *store.Tx, code string) error {
	total, err := tx.CountAccountsBy(ctx, model.RoleOffice, "")
	if err != nil {
		return err
	}
	here, err := tx.CountAccountsBy(ctx, model.RoleOffice, code)
	if err != nil {
		return err
	}
	if here > 0 && here == total {
		return model.Invalid("inactive", "the last office accounts belong to %s: move one to another unit first", code)
	}
	units, err := tx.Units(ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.Parent == code && !u.Inactive {
			return model.Invalid("inactive", "unit %s (%s) is still active under it: move or deactivate it first", u.Code, u.Name)
		}
	}
	return nil
}

// MergeResult is what a merge moved.
type MergeResult struct {
	From  string         `json:"from"`
	Into  string         `json:"into"`
	Moved model.UnitMove `json:"moved"`
}

// MergeUnit merges unit from into unit into (机构调整), admin only, in one
// transaction with one audit event that says what moved: from's open
// measures (as lead and as cooperating unit), indicators, open problems,
// half-year reports, accounts, people, open drafts and child units go to
// into; its finished measures and its history stay where they were. from is
// deactivated and remembered as merged into into, and its name becomes
// into's alias, so sheets and speeches that still use the old name find
// the unit that does the work now.
func (a *App) MergeUnit(ctx context.Context, actor model.Account, from, into string) (MergeResult, error) {
	res := MergeResult{From: from, Into: into}
	if !CanManageInstitution(actor) {
		return res, forbidden("merge units")
	}
	if into == "" {
		return res, model.Invalid("into", "is required")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return res, err
	}
	err = a.change(ctx, actor, "merge", "unit", func(tx *store.Tx, ev *Event) error {
		src, err := tx.Unit(ctx, from)
		if err != nil {
			return err
		}
		if from == into {
			return model.Invalid("into", "a unit cannot be merged into itself")
		}
		dst, err := tx.Unit(ctx, into)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return model.Invalid("into", "unknown unit %q", into)
		} else if err != nil {
			return err
		}
		if src.Inactive {
			return model.Invalid("from", "unit %s is already inactive", from)
		}
		if dst.Inactive {
			return model.Invalid("into", "unit %s is deactivated", into)
		}
		units, err := tx.Units(ctx)
		if err != nil {
			return err
		}
		parent := map[string]string{}
		for _, u := range units {
			parent[u.Code] = u.Parent
		}
		for at, steps := dst.Parent, 0; at != "" && steps <= len(units); steps++ {
			if at == from {
				return model.Invalid("into", "%s is under %s: a unit cannot be merged into its own child", into, from)
			}
			at = parent[at]
		}
		codes, err := tx.OpenMeasureCodesOfUnit(ctx, from)
		if err != nil {
			return err
		}
		for _, c := range codes {
			m, err := tx.Measure(ctx, c, t)
			if err != nil {
				return err
			}
			if m.LeadUnit == from {
				m.LeadUnit = into
				res.Moved.Measures++
			}
			coop := m.CooperatingUnits[:0:0]
			for _, u := range m.CooperatingUnits {
				switch {
				case u == from:
					res.Moved.Cooperations++
					if into != m.LeadUnit && !slices.Contains(coop, into) {
						coop = append(coop, into)
					}
				case u == m.LeadUnit:
				default:
					coop = append(coop, u)
				}
			}
			m.CooperatingUnits = coop
			if err := saveMeasure(ctx, tx, t, &m); err != nil {
				return err
			}
		}
		moved, err := tx.MoveUnitRecords(ctx, from, into)
		if err != nil {
			return err
		}
		moved.Measures, moved.Cooperations = res.Moved.Measures, res.Moved.Cooperations
		res.Moved = moved
		// A leader in charge of the merged unit is in charge of its work in
		// the surviving unit from today: a new assignment, the old one kept
		// as history (分工调整).
		ps, err := tx.Portfolios(ctx)
		if err != nil {
			return err
		}
		for _, p := range ps.At(t.Day) {
			if !slices.Contains(p.Units, from) {
				continue
			}
			np := model.Portfolio{Leader: p.Leader, From: t.Day, Themes: p.Themes, By: actor.Username}
			for _, u := range p.Units {
				if u == from {
					u = into
				}
				if !slices.Contains(np.Units, u) {
					np.Units = append(np.Units, u)
				}
			}
			if err := tx.PutPortfolio(ctx, np); err != nil {
				return err
			}
			res.Moved.Portfolios++
		}
		before := src
		src.Inactive, src.MergedInto = true, into
		if err := tx.UpdateUnit(ctx, src); err != nil {
			return err
		}
		if !slices.Contains(dst.Aliases, src.Name) {
			dst.Aliases = append(dst.Aliases, src.Name)
			if err := tx.SetUnitAliases(ctx, dst.Code, dst.Aliases); err != nil {
				return err
			}
		}
		ev.ID, ev.Before = from, before
		ev.After = struct {
			model.Unit
			Moved model.UnitMove `json:"moved"`
		}{src, res.Moved}
		return nil
	})
	return res, err
}

// refuseInactive refuses units that are deactivated on something new.
func refuseInactive(ctx context.Context, q interface {
	UnitState(context.Context, string) (model.Unit, error)
}, field string, codes ...string) error {
	for _, c := range codes {
		if c == "" {
			continue
		}
		u, err := q.UnitState(ctx, c)
		if err != nil {
			if model.ErrorCode(err) == model.ENOTFOUND {
				return model.Invalid(field, "unknown unit %q", c)
			}
			return err
		}
		if u.Inactive {
			if u.MergedInto != "" {
				return model.Invalid(field, "unit %s (%s) was merged into %s", u.Code, u.Name, u.MergedInto)
			}
			return model.Invalid(field, "unit %s (%s) is deactivated", u.Code, u.Name)
		}
	}
	return nil
}

// setIf copies *src into *dst when a patch gives it.
func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// unitNames maps every way a unit is written in text — its Chinese name and
// its aliases — to the unit that does its work now: an active unit's code,
// or for a merged one the unit it went into. Deactivated units that were not
// merged are left out (nothing new goes to them).
func (a *App) unitNames(ctx context.Context) (map[string]string, error) {
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	return unitNameMap(units), nil
}

func unitNameMap(units []model.Unit) map[string]string {
	byCode := map[string]model.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	out := map[string]string{}
	for _, u := range units {
		code := liveUnit(byCode, u.Code)
		if code == "" {
			continue
		}
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			out[n] = code
			out[model.FoldName(n)] = code
		}
	}
	// An active unit's own name wins over a merged unit's alias of it.
	for _, u := range units {
		if !u.Inactive {
			out[u.Name] = u.Code
			out[model.FoldName(u.Name)] = u.Code
		}
	}
	return out
}

// liveUnit follows merges from a unit to the active unit that does its work
// now ("" when it ends at a unit deactivated without a merge).
func liveUnit(byCode map[string]model.Unit, code string) string {
	for steps := 0; steps <= len(byCode); steps++ {
		u, ok := byCode[code]
		if !ok {
			return ""
		}
		if !u.Inactive {
			return u.Code
		}
		if u.MergedInto == "" {
			return ""
		}
		code = u.MergedInto
	}
	return ""
}

// ssoUnit is the unit an identity service's unit attribute gives: the one
// the admin mapped (a unit since merged gives the unit it went into), else
// the unit the value names by its name, 简称 or former name; "" if none.
func (a *App) ssoUnit(ctx context.Context, mapped string, values []string) (string, error) {
	units, err := a.store.Units(ctx)
	if err != nil {
		return "", err
	}
	if mapped != "" {
		byCode := map[string]model.Unit{}
		for _, u := range units {
			byCode[u.Code] = u
		}
		return liveUnit(byCode, mapped), nil
	}
	names := unitNameMap(units)
	for _, v := range values {
		if code, ok := names[model.FoldName(v)]; ok {
			return code, nil
		}
	}
	return "", nil
}
