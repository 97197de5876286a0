package app

import (
	"context"
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
func (a *App) Indicators(ctx context.Context, actor model.Account, f model.IndicatorFilter, period string) ([]IndicatorLine, error) {
	if _, err := model.PeriodFromCode(period); err != nil {
		return nil, err
	}
	inds, err := a.store.Indicators(ctx, f)
	if err != nil {
		return nil, err
	}
	vals, err := a.store.PeriodValues(ctx, period)
	if err != nil {
		return nil, err
	}
	_, locked, err := a.store.PeriodLock(ctx, period)
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
func (a *App) Indicator(ctx context.Context, actor model.Account, code string) (IndicatorDetail, error) {
	var d IndicatorDetail
	var err error
	if d.Indicator, err = a.store.Indicator(ctx, code); err != nil {
		return d, err
	}
	vals, err := a.store.IndicatorValues(ctx, d.Indicator.ID)
	if err != nil {
		return d, err
	}
	if d.Locks, err = a.store.PeriodLocks(ctx); err != nil {
		return d, err
	}
	for _, v := range vals {
		_, locked := d.Locks[v.Period]
		d.Values = append(d.Values, IndicatorLine{Indicator: d.Indicator, Value: v, Entered: true,
			Assessment: model.Judge(d.Indicator, v), Locked: locked})
	}
	if d.Corrections, err = a.store.IndicatorCorrections(ctx, d.Indicator); err != nil {
		return d, err
	}
	d.History, err = a.store.AuditEvents(ctx, "indicator", code, 100)
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
	if l, ok, err := a.store.PeriodLock(ctx, period); err != nil || ok {
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
func (a *App) PeriodLocks(ctx context.Context, actor model.Account) (map[string]model.PeriodLock, error) {
	return a.store.PeriodLocks(ctx)
}
