package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// allocationJSON is an allocation on the wire: to a measure (by code) or a
// unit (by code), the other null; amounts as decimal numbers in amount_unit;
// over_spent and idle are the flags for today.
type allocationJSON struct {
	ID         int64        `json:"id"`
	Kind       string       `json:"kind"`
	Measure    *string      `json:"measure"`
	Unit       *string      `json:"unit"`
	Period     string       `json:"period"`
	Granted    model.Amount `json:"granted"`
	AmountUnit string       `json:"amount_unit"`
	Spent      model.Amount `json:"spent"`
	Note       string       `json:"note"`
	OverSpent  bool         `json:"over_spent"`
	Idle       bool         `json:"idle"`
	Updated    time.Time    `json:"updated"`
}

func allocationOut(a model.Allocation) allocationJSON {
	j := allocationJSON{ID: a.ID, Kind: a.Kind, Period: a.Period, Granted: a.Granted, AmountUnit: a.AmountUnit,
		Spent: a.Spent, Note: a.Note, OverSpent: a.OverSpent, Idle: a.Idle, Updated: a.Updated.UTC()}
	if a.Measure != "" {
		j.Measure = &a.Measure
	}
	if a.Unit != "" {
		j.Unit = &a.Unit
	}
	return j
}

// allocationFilter reads and checks the list's query parameters.
func allocationFilter(r *http.Request) (model.AllocationFilter, error) {
	q, err := queryParams(r, "kind", "unit", "measure", "period", "flag")
	if err != nil {
		return model.AllocationFilter{}, err
	}
	f := model.AllocationFilter{Kind: q.Get("kind"), Unit: q.Get("unit"), Measure: q.Get("measure"), Period: q.Get("period"), Flag: q.Get("flag")}
	if f.Kind != "" && !slices.Contains(model.AllocationKinds, f.Kind) {
		return f, model.Invalid("kind", "unknown kind %q (%s)", f.Kind, strings.Join(model.AllocationKinds, ", "))
	}
	if f.Flag != "" && !slices.Contains(model.AllocationFlags, f.Flag) {
		return f, model.Invalid("flag", "unknown flag %q (%s)", f.Flag, strings.Join(model.AllocationFlags, ", "))
	}
	return f, checkPeriod(f.Period)
}

// listAllocations returns the allocations matching the filters.
func (h *handler) listAllocations(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	f, err := allocationFilter(r)
	if err != nil {
		return err
	}
	as, err := h.app.Allocations(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	out := list[allocationJSON]{Items: make([]allocationJSON, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, allocationOut(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

// allocationCreate is the body of POST /api/v1/allocations: exactly one of
// measure and unit; amount_unit defaults to the kind's.
type allocationCreate struct {
	Kind       string       `json:"kind"`
	Measure    string       `json:"measure"`
	Unit       string       `json:"unit"`
	Period     string       `json:"period"`
	Granted    model.Amount `json:"granted"`
	AmountUnit string       `json:"amount_unit"`
	Spent      model.Amount `json:"spent"`
	Note       string       `json:"note"`
}

// createAllocation grants resources (office).
func (h *handler) createAllocation(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req allocationCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	a := model.Allocation{Kind: req.Kind, Measure: req.Measure, Unit: req.Unit, Period: req.Period,
		Granted: req.Granted, AmountUnit: req.AmountUnit, Spent: req.Spent, Note: req.Note}
	if err := h.app.CreateAllocation(r.Context(), s.Account, &a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, allocationOut(a))
}

// allocationID reads the {id} of the path; anything else is not found.
func allocationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "allocation %q not found", r.PathValue("id"))
	}
	return id, nil
}

// getAllocation returns one allocation.
func (h *handler) getAllocation(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := allocationID(r)
	if err != nil {
		return err
	}
	a, err := h.app.Allocation(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, allocationOut(a))
}

// allocationPatch is the body of PATCH: a JSON merge patch. Moving a grant
// from a measure to a unit sets one and nulls the other.
type allocationPatch struct {
	Kind       optional[string]       `json:"kind"`
	Measure    optional[string]       `json:"measure"`
	Unit       optional[string]       `json:"unit"`
	Period     optional[string]       `json:"period"`
	Granted    optional[model.Amount] `json:"granted"`
	AmountUnit optional[string]       `json:"amount_unit"`
	Spent      optional[model.Amount] `json:"spent"`
	Note       optional[string]       `json:"note"`
}

func (p allocationPatch) patch() (out app.AllocationPatch, err error) {
	if out.Kind, err = required("kind", p.Kind); err != nil {
		return out, err
	}
	if out.Period, err = required("period", p.Period); err != nil {
		return out, err
	}
	if out.Granted, err = required("granted", p.Granted); err != nil {
		return out, err
	}
	if out.Spent, err = required("spent", p.Spent); err != nil {
		return out, err
	}
	out.Measure = nullable(p.Measure)
	out.Unit = nullable(p.Unit)
	out.AmountUnit = nullable(p.AmountUnit)
	out.Note = nullable(p.Note)
	return out, nil
}

// patchAllocation changes the fields present in the body; app decides which
// of them the signed-in account may change.
func (h *handler) patchAllocation(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := allocationID(r)
	if err != nil {
		return err
	}
	var req allocationPatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	a, err := h.app.UpdateAllocation(r.Context(), s.Account, id, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, allocationOut(a))
}
