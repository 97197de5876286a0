package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type allocationListData struct {
	Allocations               []model.Allocation
	Kind, Unit, Period, Flag  string
	Kinds, Flags              []string
	Units                     []model.Unit
	Periods                   []model.Period
	CanManage                 bool
	CanSpend                  map[int64]bool
	OverSpentCount, IdleCount int
}

// allocationList shows the resources granted, with filters and the
// over-spent and idle flags.
func (h *handler) allocationList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &allocationListData{Kind: q.Get("kind"), Unit: q.Get("unit"), Period: q.Get("period"), Flag: q.Get("flag"),
		Kinds: model.AllocationKinds, Flags: model.AllocationFlags, CanSpend: map[int64]bool{}}
	f := model.AllocationFilter{Kind: d.Kind, Unit: d.Unit, Period: d.Period, Flag: d.Flag}
	var err error
	if d.Allocations, err = h.a.Allocations(ctx, signedInOf(r).Account, f); err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	for _, al := range d.Allocations {
		if al.OverSpent {
			d.OverSpentCount++
		}
		if al.Idle {
			d.IdleCount++
		}
		d.CanSpend[al.ID] = h.a.CanSpend(ctx, acct, al)
	}
	if d.Units, err = h.a.Units(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Periods, err = h.a.Periods(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanManage = app.CanManageAllocations(acct)
	h.render(w, r, http.StatusOK, "allocation_list", h.newPage(r, "allocations", "allocations.title", d))
}
