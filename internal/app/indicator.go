package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// IndicatorLine is an indicator with its value of one period and the
// judgement of that value. Value is empty (but names the period) when
// nothing was entered.
type IndicatorLine struct {
	Indicator  model.Indicator
	Value      model.IndicatorValue
	Entered    bool
	Assessment model.Assessment
	Locked     bool
}

// Indicators lists the indicators a filter selects with their values of
// period and the judgement of each; everyone signed in sees all of them.
func (a *App) Indicators(ctx context.Context, f store.IndicatorFilter, period string) ([]IndicatorLine, error) {
	if _, err := model.PeriodFromCode(period); err != nil {
		return nil, err
	}
	inds, err := a.Store.Indicators(ctx, f)
	if err != nil {
		return nil, err
	}
	vals, err := a.Store.PeriodValues(ctx, period)
	if err != nil {
		return nil, err
	}
	_, locked, err := a.Store.PeriodLock(ctx, period)
	if err != nil {
		return nil, err
	}
	out := make([]IndicatorLine, len(inds))
	for i, ind := range inds {
		v, ok := vals[ind.Code]
		if !ok {
			v = model.IndicatorValue{Indicator: ind.Code, Period: period}
		}
		out[i] = IndicatorLine{Indicator: ind, Value: v, Entered: ok, Assessment: model.Judge(ind, v), Locked: locked}
	}
	return out, nil
}

// IndicatorDetail is everything the indicator page shows.
type IndicatorDetail struct {
	Indicator   model.Indicator
	Values      []IndicatorLine // latest period first
	Corrections []model.IndicatorCorrection
	Locks       map[string]model.PeriodLock
	History     []model.AuditEvent
}

// Indicator returns one indicator with its values, corrections and history.
func (a *App) Indicator(ctx context.Context, code string) (IndicatorDetail, error) {
	var d IndicatorDetail
	var err error
	if d.Indicator, err = a.Store.Indicator(ctx, code); err != nil {
		return d, err
	}
	vals, err := a.Store.IndicatorValues(ctx, d.Indicator.ID)
	if err != nil {
		return d, err
	}
	if d.Locks, err = a.Store.PeriodLocks(ctx); err != nil {
		return d, err
	}
	for _, v := range vals {
		_, locked := d.Locks[v.Period]
		d.Values = append(d.Values, IndicatorLine{Indicator: d.Indicator, Value: v, Entered: true,
			Assessment: model.Judge(d.Indicator, v), Locked: locked})
	}
	if d.Corrections, err = a.Store.IndicatorCorrections(ctx, d.Indicator); err != nil {
		return d, err
	}
	d.History, err = a.Store.AuditEvents(ctx, "indicator", code, 100)
	return d, err
}

// CreateIndicator adds an indicator (office).
func (a *App) CreateIndicator(ctx context.Context, actor model.Account, ind *model.Indicator) error {
	if !CanManageIndicators(actor) {
		return forbidden("create indicators")
	}
	if err := ind.Validate(); err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "indicator", func(tx *store.Tx, ev *Event) error {
		if err := insertIndicator(ctx, tx, ind); err != nil {
			return err
		}
		ev.ID, ev.After = ind.Code, ind
		return nil
	})
}

// insertIndicator writes a checked new indicator inside tx.
func insertIndicator(ctx context.Context, tx *store.Tx, ind *model.Indicator) error {
	if _, err := tx.Indicator(ctx, ind.Code); err == nil {
		return model.Invalid("code", "indicator %s already exists", ind.Code)
	} else if model.ErrorCode(err) != model.ENOTFOUND {
		return err
	}
	if err := checkOwner(ctx, tx, ind.OwnerUnit); err != nil {
		return err
	}
	return tx.InsertIndicator(ctx, ind)
}

func checkOwner(ctx context.Context, tx *store.Tx, unit string) error {
	ok, err := tx.UnitExists(ctx, unit)
	if err != nil {
		return err
	}
	if !ok {
		return model.Invalid("owner_unit", "unknown unit %q", unit)
	}
	return nil
}

// IndicatorPatch is a change to an indicator: nil fields stay as they are.
type IndicatorPatch struct {
	Name        *string
	Kind        *string
	MeasureUnit *string
	Direction   *string
	OwnerUnit   *string
	Theme       *string
	Description *string
}

func (p IndicatorPatch) apply(ind *model.Indicator) {
	for _, f := range []struct {
		dst *string
		src *string
	}{{&ind.Name, p.Name}, {&ind.Kind, p.Kind}, {&ind.MeasureUnit, p.MeasureUnit}, {&ind.Direction, p.Direction},
		{&ind.OwnerUnit, p.OwnerUnit}, {&ind.Theme, p.Theme}, {&ind.Description, p.Description}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// UpdateIndicator changes an indicator's fields (office); its code stays.
func (a *App) UpdateIndicator(ctx context.Context, actor model.Account, code string, p IndicatorPatch) (model.Indicator, error) {
	var out model.Indicator
	if !CanManageIndicators(actor) {
		return out, forbidden("change indicators")
	}
	err := a.change(ctx, actor, "update", "indicator", func(tx *store.Tx, ev *Event) error {
		ind, err := tx.Indicator(ctx, code)
		if err != nil {
			return err
		}
		before := ind
		p.apply(&ind)
		if err := ind.Validate(); err != nil {
			return err
		}
		if err := checkOwner(ctx, tx, ind.OwnerUnit); err != nil {
			return err
		}
		if err := tx.UpdateIndicator(ctx, &ind); err != nil {
			return err
		}
		out = ind
		ev.ID, ev.Before, ev.After = code, before, ind
		return nil
	})
	return out, err
}

// Figure is a number in a value patch: Set when given, Value nil to clear it.
type Figure struct {
	Set   bool
	Value *float64
}

// ValuePatch is a change to an indicator's value of a period: unset fields
// stay as they are. Reason, given only for a locked period, makes the
// change a correction.
type ValuePatch struct {
	Baseline, Target, Actual  Figure
	Note, Evidence, Benchmark *string
	Reason                    string
}

func (p ValuePatch) apply(v *model.IndicatorValue) {
	for _, f := range []struct {
		dst **float64
		src Figure
	}{{&v.Baseline, p.Baseline}, {&v.Target, p.Target}, {&v.Actual, p.Actual}} {
		if f.src.Set {
			if f.src.Value == nil {
				*f.dst = nil
			} else {
				n := *f.src.Value
				*f.dst = &n
			}
		}
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&v.Note, p.Note}, {&v.Evidence, p.Evidence}, {&v.Benchmark, p.Benchmark}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// SetIndicatorValue enters an indicator's figures for a period. The office
// sets every figure; a unit account of the owner unit enters the results
// (actual, benchmark, note, evidence) but not the baseline or target. Once
// the office has locked the period, a change is refused (ECONFLICT) unless
// it is the office's correction with a reason, which is recorded with the
// value before and after.
func (a *App) SetIndicatorValue(ctx context.Context, actor model.Account, code, period string, p ValuePatch) (IndicatorLine, error) {
	var out IndicatorLine
	if _, err := model.PeriodFromCode(period); err != nil {
		return out, err
	}
	p.Reason = strings.TrimSpace(p.Reason)
	if n := len([]rune(p.Reason)); n > 1000 {
		return out, model.Invalid("reason", "must be at most 1000 characters (got %d)", n)
	}
	action := "set_values"
	if p.Reason != "" {
		action = "correct_values"
	}
	err := a.change(ctx, actor, action, "indicator", func(tx *store.Tx, ev *Event) error {
		ind, err := tx.Indicator(ctx, code)
		if err != nil {
			return err
		}
		if !CanEnterValues(actor, ind) {
			return forbidden("enter values of indicator " + code)
		}
		cur, _, err := tx.IndicatorValue(ctx, ind, period)
		if err != nil {
			return err
		}
		next := cur
		p.apply(&next)
		if err := next.Validate(); err != nil {
			return err
		}
		if !IsOffice(actor) {
			for _, f := range []struct {
				name string
				a, b *float64
			}{{"baseline", cur.Baseline, next.Baseline}, {"target", cur.Target, next.Target}} {
				if !sameFigure(f.a, f.b) {
					return &model.Error{Code: model.EFORBIDDEN, Field: f.name, Message: "only the office sets the " + f.name}
				}
			}
		}
		lock, locked, err := tx.PeriodLock(ctx, period)
		if err != nil {
			return err
		}
		switch {
		case locked && p.Reason == "":
			return model.Errorf(model.ECONFLICT, "period %s was locked by %s on %s; its values change only by a correction with a reason",
				period, lock.LockedBy, lock.LockedAt.In(a.Location).Format("2006-01-02"))
		case locked && !IsOffice(actor):
			return forbidden("correct values of the locked period " + period)
		case !locked && p.Reason != "":
			return model.Invalid("reason", "period %s is open: a reason is given only for a correction of a locked period", period)
		case locked && cur.SameFigures(next):
			return model.Invalid("", "the correction changes nothing")
		}
		pd, _ := model.PeriodFromCode(period)
		if err := tx.EnsurePeriod(ctx, pd); err != nil {
			return err
		}
		next.UpdatedBy = actor.Username
		if err := tx.SaveIndicatorValue(ctx, ind.ID, &next); err != nil {
			return err
		}
		ev.ID, ev.Before, ev.After = code, cur, next
		if locked {
			c := model.IndicatorCorrection{Indicator: code, Period: period, Reason: p.Reason, Before: cur, After: next, Author: actor.Username}
			if err := tx.InsertIndicatorCorrection(ctx, ind.ID, &c); err != nil {
				return err
			}
			ev.After = map[string]any{"reason": p.Reason, "value": next, "correction": c.ID}
		}
		out = IndicatorLine{Indicator: ind, Value: next, Entered: true, Assessment: model.Judge(ind, next), Locked: locked}
		return nil
	})
	return out, err
}

func sameFigure(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// LockPeriod closes a period (office): from then on its indicator values
// change only by a recorded correction. Locking a locked period changes
// nothing and returns the lock there.
func (a *App) LockPeriod(ctx context.Context, actor model.Account, period string) (model.PeriodLock, error) {
	if !CanLockPeriods(actor) {
		return model.PeriodLock{}, forbidden("lock periods")
	}
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return model.PeriodLock{}, err
	}
	if l, ok, err := a.Store.PeriodLock(ctx, period); err != nil || ok {
		return l, err
	}
	var out model.PeriodLock
	err = a.change(ctx, actor, "lock", "period", func(tx *store.Tx, ev *Event) error {
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.LockPeriod(ctx, period, actor.Username); err != nil {
			return err
		}
		l, _, err := tx.PeriodLock(ctx, period)
		out = l
		ev.ID, ev.After = period, l
		return err
	})
	return out, err
}

// PeriodLocks returns every locked period's lock.
func (a *App) PeriodLocks(ctx context.Context) (map[string]model.PeriodLock, error) {
	return a.Store.PeriodLocks(ctx)
}

// IndicatorRow is one row of an indicator sheet (指标考核表) as written:
// 代码 · 名称 · 类型 · 计量单位 · 责任单位 · 基期值 · 目标值 · 完成值 · 备注.
// The xlsx package reads and writes sheets of these; app resolves them.
type IndicatorRow struct {
	Line        int
	Code        string
	Name        string
	Kind        string
	MeasureUnit string
	OwnerUnit   string
	Baseline    string
	Target      string
	Actual      string
	Note        string
}

// KindName is an indicator kind as sheets write it.
func KindName(kind string) string {
	switch kind {
	case model.IndicatorBasic:
		return "基础性"
	case model.IndicatorCompetitive:
		return "竞争性"
	}
	return kind
}

// kindOf reads a kind as offices write it.
func kindOf(s string) (string, error) {
	switch strings.ToLower(model.FoldName(s)) {
	case "基础性", "基础性指标", "基础", "basic":
		return model.IndicatorBasic, nil
	case "竞争性", "竞争性指标", "竞争", "competitive":
		return model.IndicatorCompetitive, nil
	}
	return "", fmt.Errorf("%q is neither 基础性 nor 竞争性", s)
}

// ParseFigure reads a number as offices type it: "95", "95%", "1,234.5",
// full-width digits; "" is no figure.
func ParseFigure(s string) (*float64, error) {
	s = strings.TrimSpace(model.FoldName(s))
	s = strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%")
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	return &f, nil
}

// FormatFigure writes a figure without needless decimals; nil is "".
func FormatFigure(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// indicatorPlan is one checked row of an indicator sheet.
type indicatorPlan struct {
	line   int
	create bool
	ind    model.Indicator
	before model.Indicator
	value  model.IndicatorValue
	cur    model.IndicatorValue
}

// ImportIndicators writes an indicator sheet's rows for one period
// (office): a row whose code is known sets that indicator's figures (and
// its name, kind, measurement unit and owner unit when given); a new code
// creates the indicator. A blank cell leaves its figure as it is, so a
// sheet of actuals alone keeps the baselines and targets. Every row is checked first; with any bad row
// nothing is written and every problem is listed with its row and field. A
// locked period takes no import (ECONFLICT): correct its values one by one.
func (a *App) ImportIndicators(ctx context.Context, actor model.Account, period string, rows []IndicatorRow, dryRun bool) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun}
	if !CanManageIndicators(actor) {
		return res, forbidden("import indicators")
	}
	pd, err := model.PeriodFromCode(period)
	if err != nil {
		return res, err
	}
	if len(rows) == 0 {
		return res, model.Invalid("rows", "the sheet holds no indicators")
	}
	dir, err := a.directory(ctx)
	if err != nil {
		return res, err
	}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		if l, locked, err := tx.PeriodLock(ctx, period); err != nil {
			return err
		} else if locked {
			return model.Errorf(model.ECONFLICT, "period %s was locked by %s; its values change only by corrections", period, l.LockedBy)
		}
		if err := tx.EnsurePeriod(ctx, pd); err != nil {
			return err
		}
		var plans []indicatorPlan
		seen := map[string]int{}
		for _, row := range rows {
			p, errs := planIndicatorRow(ctx, tx, dir, period, row, seen)
			if len(errs) > 0 {
				res.Errors = append(res.Errors, errs...)
				continue
			}
			plans = append(plans, p)
		}
		if len(res.Errors) > 0 {
			return errRows
		}
		for _, p := range plans {
			act, err := writeIndicatorPlan(ctx, tx, actor, &p)
			if err != nil {
				return err
			}
			res.Actions = append(res.Actions, act)
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	switch {
	case errors.Is(err, errRows):
		res.Actions = nil
		sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Line < res.Errors[j].Line })
		return res, model.Invalid("rows", "%d of %d rows have errors; nothing was imported", badLines(res.Errors), len(rows))
	case errors.Is(err, errDryRun):
		return res, nil
	case err != nil:
		return ImportResult{DryRun: dryRun}, err
	}
	return res, nil
}

// planIndicatorRow checks one row and builds what it writes.
func planIndicatorRow(ctx context.Context, tx *store.Tx, dir *directory, period string, row IndicatorRow, seen map[string]int) (indicatorPlan, []RowError) {
	p := indicatorPlan{line: row.Line}
	var errs []RowError
	bad := func(field, format string, args ...any) {
		errs = append(errs, RowError{Line: row.Line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	code := strings.TrimSpace(model.FoldName(row.Code))
	if code == "" {
		bad("code", "is required")
		return p, errs
	}
	if first, dup := seen[code]; dup {
		bad("code", "%s is also on row %d", code, first)
		return p, errs
	}
	seen[code] = row.Line
	ind, err := tx.Indicator(ctx, code)
	switch model.ErrorCode(err) {
	case "":
	case model.ENOTFOUND:
		p.create = true
		ind = model.Indicator{Code: code, Direction: model.HigherIsBetter, Theme: "other"}
	default:
		return p, []RowError{{Line: row.Line, Field: "", Message: "internal error"}}
	}
	p.before = ind
	if name := strings.TrimSpace(row.Name); name != "" {
		ind.Name = name
	}
	if k := strings.TrimSpace(row.Kind); k != "" {
		if kind, err := kindOf(k); err != nil {
			bad("kind", "%v", err)
		} else {
			ind.Kind = kind
		}
	}
	if mu := strings.TrimSpace(row.MeasureUnit); mu != "" {
		ind.MeasureUnit = mu
	}
	if u := strings.TrimSpace(row.OwnerUnit); u != "" {
		if code, err := dir.unit(u); err != nil {
			bad("owner_unit", "%v", err)
		} else {
			ind.OwnerUnit = code
		}
	}
	if p.create {
		for field, v := range map[string]string{"name": ind.Name, "kind": ind.Kind, "owner_unit": ind.OwnerUnit} {
			if v == "" && !hasError(errs, field) {
				bad(field, "is required for a new indicator")
			}
		}
	}
	if len(errs) == 0 {
		if err := ind.Validate(); err != nil {
			errs = append(errs, rowError(row.Line, err))
		}
	}
	p.ind = ind
	if !p.create {
		if p.cur, _, err = tx.IndicatorValue(ctx, ind, period); err != nil {
			return p, []RowError{{Line: row.Line, Field: "", Message: "internal error"}}
		}
	} else {
		p.cur = model.IndicatorValue{Indicator: code, Period: period}
	}
	v := p.cur
	for _, f := range []struct {
		field string
		text  string
		dst   **float64
	}{{"baseline", row.Baseline, &v.Baseline}, {"target", row.Target, &v.Target}, {"actual", row.Actual, &v.Actual}} {
		n, err := ParseFigure(f.text)
		if err != nil {
			bad(f.field, "%v", err)
			continue
		}
		if n != nil {
			*f.dst = n
		}
	}
	if note := strings.TrimSpace(row.Note); note != "" {
		v.Note = note
	}
	if len(errs) == 0 {
		if err := v.Validate(); err != nil {
			errs = append(errs, rowError(row.Line, err))
		}
	}
	p.value = v
	return p, errs
}

func hasError(errs []RowError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// writeIndicatorPlan writes one checked row with its audit event.
func writeIndicatorPlan(ctx context.Context, tx *store.Tx, actor model.Account, p *indicatorPlan) (ImportAction, error) {
	act := ImportAction{Line: p.line, Code: p.ind.Code, Title: p.ind.Name}
	switch {
	case p.create:
		if err := insertIndicator(ctx, tx, &p.ind); err != nil {
			return act, err
		}
		act.Action = ImportCreate
	case p.ind != p.before:
		if err := checkOwner(ctx, tx, p.ind.OwnerUnit); err != nil {
			return act, err
		}
		if err := tx.UpdateIndicator(ctx, &p.ind); err != nil {
			return act, err
		}
		act.Action = ImportUpdate
	case p.value.SameFigures(p.cur) && !p.cur.Updated.IsZero():
		act.Action = ImportUnchanged
		return act, nil
	default:
		act.Action = ImportUpdate
	}
	p.value.UpdatedBy = actor.Username
	if err := tx.SaveIndicatorValue(ctx, p.ind.ID, &p.value); err != nil {
		return act, err
	}
	action := "import"
	return act, tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor.Username, Action: action, Entity: "indicator",
		EntityID: p.ind.Code, Before: marshal(map[string]any{"indicator": p.before, "value": p.cur}),
		After: marshal(map[string]any{"indicator": p.ind, "value": p.value})})
}

// IndicatorSheet returns the indicators a filter selects with their values
// of period as rows of an indicator sheet, with its title; units by name.
func (a *App) IndicatorSheet(ctx context.Context, f store.IndicatorFilter, period string) ([]IndicatorRow, string, error) {
	pd, err := model.PeriodFromCode(period)
	if err != nil {
		return nil, "", err
	}
	lines, err := a.Indicators(ctx, f, period)
	if err != nil {
		return nil, "", err
	}
	units, err := a.Store.Units(ctx)
	if err != nil {
		return nil, "", err
	}
	name := map[string]string{}
	for _, u := range units {
		name[u.Code] = u.Name
	}
	rows := make([]IndicatorRow, len(lines))
	for i, l := range lines {
		owner := name[l.Indicator.OwnerUnit]
		if owner == "" {
			owner = l.Indicator.OwnerUnit
		}
		rows[i] = IndicatorRow{Code: l.Indicator.Code, Name: l.Indicator.Name, Kind: KindName(l.Indicator.Kind),
			MeasureUnit: l.Indicator.MeasureUnit, OwnerUnit: owner, Baseline: FormatFigure(l.Value.Baseline),
			Target: FormatFigure(l.Value.Target), Actual: FormatFigure(l.Value.Actual), Note: l.Value.Note}
	}
	return rows, pd.Name + "指标完成情况表", nil
}
