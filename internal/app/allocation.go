package app

import (
	"context"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Allocations lists allocations, flagged for today; everyone signed in reads them.
func (a *App) Allocations(ctx context.Context, actor model.Account, f model.AllocationFilter) ([]model.Allocation, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	f.Day = t.Day
	return a.store.Allocations(ctx, f)
}

// Allocation returns one allocation, flagged for today.
func (a *App) Allocation(ctx context.Context, actor model.Account, id int64) (model.Allocation, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return model.Allocation{}, err
	}
	return a.store.Allocation(ctx, id, t.Day)
}

// CanSpend reports whether acct may record spending on al (for showing
// forms; UpdateAllocation checks again).
func (a *App) CanSpend(ctx context.Context, acct model.Account, al model.Allocation) bool {
	if IsOffice(acct) {
		return true
	}
	lead := ""
	if al.Measure != "" {
		t, err := a.Today(ctx)
		if err != nil {
			return false
		}
		m, err := a.store.Measure(ctx, al.Measure, t)
		if err != nil {
			return false
		}
		lead = m.LeadUnit
	}
	return CanRecordSpending(acct, al, lead)
}

// CreateAllocation grants resources to a measure or a unit (office).
func (a *App) CreateAllocation(ctx context.Context, actor model.Account, al *model.Allocation) error {
	if !CanManageAllocations(actor) {
		return forbidden("grant resources")
	}
	if err := al.Validate(); err != nil {
		return err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "allocation", func(tx *store.Tx, ev *Event) error {
		if _, err := checkAllocationRefs(ctx, tx, t, al); err != nil {
			return err
		}
		p, _ := model.PeriodFromCode(al.Period)
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.InsertAllocation(ctx, al); err != nil {
			return err
		}
		al.Flag(t.Day)
		ev.ID, ev.After = strconv.FormatInt(al.ID, 10), al
		return nil
	})
}

// AllocationPatch is a change to an allocation: nil fields stay as they are.
type AllocationPatch struct {
	Kind       *string
	Measure    *string
	Unit       *string
	Period     *string
	Granted    *model.Amount
	AmountUnit *string
	Spent      *model.Amount
	Note       *string
}

// officeOnlyField names the first field set that only the office may change:
// a receiving unit records what it spent, nothing else.
func (p AllocationPatch) officeOnlyField() string {
	switch {
	case p.Kind != nil:
		return "kind"
	case p.Measure != nil:
		return "measure"
	case p.Unit != nil:
		return "unit"
	case p.Period != nil:
		return "period"
	case p.Granted != nil:
		return "granted"
	case p.AmountUnit != nil:
		return "amount_unit"
	case p.Note != nil:
		return "note"
	}
	return ""
}

func (p AllocationPatch) apply(al *model.Allocation) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&al.Kind, p.Kind)
	set(&al.Measure, p.Measure)
	set(&al.Unit, p.Unit)
	set(&al.Period, p.Period)
	set(&al.AmountUnit, p.AmountUnit)
	set(&al.Note, p.Note)
	if p.Kind != nil && p.AmountUnit == nil {
		al.AmountUnit = ""
	}
	if p.Granted != nil {
		al.Granted = *p.Granted
	}
	if p.Spent != nil {
		al.Spent = *p.Spent
	}
}

// UpdateAllocation applies a patch: the office any field, the receiving
// unit (or the lead unit of the receiving measure) the amount spent.
func (a *App) UpdateAllocation(ctx context.Context, actor model.Account, id int64, p AllocationPatch) (model.Allocation, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return model.Allocation{}, err
	}
	var out model.Allocation
	err = a.change(ctx, actor, "update", "allocation", func(tx *store.Tx, ev *Event) error {
		al, err := tx.Allocation(ctx, id, t.Day)
		if err != nil {
			return err
		}
		lead, err := checkAllocationRefs(ctx, tx, t, &al)
		if err != nil {
			return err
		}
		if !CanRecordSpending(actor, al, lead) {
			return forbidden("change allocation " + strconv.FormatInt(id, 10))
		}
		if f := p.officeOnlyField(); f != "" && !IsOffice(actor) {
			return &model.Error{Code: model.EFORBIDDEN, Field: f, Message: "only the office may change " + f}
		}
		before := al
		p.apply(&al)
		if err := al.Validate(); err != nil {
			return err
		}
		if _, err := checkAllocationRefs(ctx, tx, t, &al); err != nil {
			return err
		}
		pd, _ := model.PeriodFromCode(al.Period)
		if err := tx.EnsurePeriod(ctx, pd); err != nil {
			return err
		}
		if err := tx.UpdateAllocation(ctx, &al); err != nil {
			return err
		}
		al.Flag(t.Day)
		out = al
		ev.ID, ev.Before, ev.After = strconv.FormatInt(id, 10), before, al
		return nil
	})
	return out, err
}

// checkAllocationRefs checks the measure or unit an allocation goes to
// exists and returns the lead unit of its measure ("" for a unit's grant).
func checkAllocationRefs(ctx context.Context, tx *store.Tx, t model.Today, al *model.Allocation) (string, error) {
	if al.Measure != "" {
		m, err := tx.Measure(ctx, al.Measure, t)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return "", model.Invalid("measure", "unknown measure %s", al.Measure)
		}
		return m.LeadUnit, err
	}
	if ok, err := tx.UnitExists(ctx, al.Unit); err != nil {
		return "", err
	} else if !ok {
		return "", model.Invalid("unit", "unknown unit %q", al.Unit)
	}
	return "", nil
}
