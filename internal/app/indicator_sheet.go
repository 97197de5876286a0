package app

import (
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

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
	return "", model.Reasonf("%q is neither 基础性 nor 竞争性", s)
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
		return nil, model.Reasonf("%q is not a number", s)
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
	start := res // a write lost with its batch runs again (store/commit.go): from here
	err = a.write(ctx, func(tx *store.Tx) error {
		res = start
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
		errs = append(errs, rowError(row.Line, field, format, args...))
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
			errs = append(errs, errorRow(row.Line, err))
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
			errs = append(errs, errorRow(row.Line, err))
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
func (a *App) IndicatorSheet(ctx context.Context, actor model.Account, f model.IndicatorFilter, period string) ([]IndicatorRow, string, error) {
	pd, err := model.PeriodFromCode(period)
	if err != nil {
		return nil, "", err
	}
	lines, err := a.Indicators(ctx, actor, f, period)
	if err != nil {
		return nil, "", err
	}
	units, err := a.store.Units(ctx)
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
