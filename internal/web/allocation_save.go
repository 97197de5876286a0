package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// allocationForm is the allocation form's input as typed, kept on a 422.
// The office sees every field; a receiving unit only the amount spent.
type allocationForm struct {
	ID                               int64
	Office                           bool
	Kind, Measure, Unit, Period      string
	Granted, AmountUnit, Spent, Note string
	Kinds                            []string
	Units                            []model.Unit
	Errs                             map[string]string
}

// Err is the message for a field ("" when none).
func (f *allocationForm) Err(field string) string { return f.Errs[field] }

func (h *handler) showAllocationForm(w http.ResponseWriter, r *http.Request, status int, f *allocationForm) {
	var err error
	if f.Units, err = h.a.Units(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f.Kinds = model.AllocationKinds
	key := "allocation.new"
	if f.ID != 0 {
		key = "allocation.edit"
	}
	h.render(w, r, status, "allocation_form", h.newPage(r, "allocations", key, f))
}

// allocationNew shows an empty allocation form (office).
func (h *handler) allocationNew(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageAllocations(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "grant resources"))
		return
	}
	period := ""
	if t, err := h.a.Today(r.Context()); err == nil {
		period = model.HalfYearOf(t.Day).Code
	}
	h.showAllocationForm(w, r, http.StatusOK, &allocationForm{Office: true, Kind: "budget", Period: period,
		Measure: r.URL.Query().Get("measure"), Unit: r.URL.Query().Get("unit")})
}

// loadAllocation reads the {id} of the path and the allocation, checking the
// signed-in account may change it.
func (h *handler) loadAllocation(r *http.Request) (model.Allocation, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return model.Allocation{}, model.Errorf(model.ENOTFOUND, "allocation %q not found", r.PathValue("id"))
	}
	al, err := h.a.Allocation(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		return al, err
	}
	if !h.a.CanSpend(r.Context(), signedInOf(r).Account, al) {
		return al, model.Errorf(model.EFORBIDDEN, "change allocation %d", id)
	}
	return al, nil
}

// allocationEdit shows an allocation in its form.
func (h *handler) allocationEdit(w http.ResponseWriter, r *http.Request) {
	al, err := h.loadAllocation(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showAllocationForm(w, r, http.StatusOK, &allocationForm{ID: al.ID, Office: app.IsOffice(signedInOf(r).Account), Kind: al.Kind,
		Measure: al.Measure, Unit: al.Unit, Period: al.Period, Granted: al.Granted.String(), AmountUnit: al.AmountUnit,
		Spent: al.Spent.String(), Note: al.Note})
}

// allocationSave grants resources or changes a grant; a receiving unit's
// input is only the amount spent.
func (h *handler) allocationSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	var orig model.Allocation
	if r.PathValue("id") == "" {
		if !app.CanManageAllocations(acct) {
			h.fail(w, r, model.Errorf(model.EFORBIDDEN, "grant resources"))
			return
		}
	} else {
		var err error
		if orig, err = h.loadAllocation(r); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	pf := r.PostForm
	trim := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &allocationForm{ID: orig.ID, Office: app.IsOffice(acct), Kind: trim("kind"), Measure: trim("measure"), Unit: trim("unit"),
		Period: trim("period"), Granted: trim("granted"), AmountUnit: orig.AmountUnit, Spent: trim("spent"), Note: pf.Get("note")}
	if !f.Office {
		f.Kind, f.Measure, f.Unit, f.Period, f.Granted, f.Note = orig.Kind, orig.Measure, orig.Unit, orig.Period, orig.Granted.String(), orig.Note
	}
	fail := func(err error) {
		if errs := fieldErrors(r, err); errs != nil {
			f.Errs = errs
			h.showAllocationForm(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.fail(w, r, err)
	}
	spent, err := model.ParseAmount(f.Spent)
	if err != nil {
		fail(model.Invalid("spent", "%v", err))
		return
	}
	if !f.Office {
		if _, err := h.a.UpdateAllocation(ctx, acct, orig.ID, app.AllocationPatch{Spent: &spent}); err != nil {
			fail(err)
			return
		}
		redirect(w, r, "/allocations")
		return
	}
	granted, err := model.ParseAmount(f.Granted)
	if err != nil {
		fail(model.Invalid("granted", "%v", err))
		return
	}
	if orig.ID == 0 {
		al := model.Allocation{Kind: f.Kind, Measure: f.Measure, Unit: f.Unit, Period: f.Period, Granted: granted, Spent: spent, Note: f.Note}
		err = h.a.CreateAllocation(ctx, acct, &al)
	} else {
		amountUnit := ""
		_, err = h.a.UpdateAllocation(ctx, acct, orig.ID, app.AllocationPatch{Kind: &f.Kind, Measure: &f.Measure, Unit: &f.Unit,
			Period: &f.Period, Granted: &granted, Spent: &spent, Note: &f.Note, AmountUnit: &amountUnit})
	}
	if err != nil {
		fail(err)
		return
	}
	redirect(w, r, "/allocations")
}
