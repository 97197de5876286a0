package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// indicatorJSON is an indicator on the wire; Value is its value of the
// period asked for (null when none was entered), Values (on GET one) every
// period's.
type indicatorJSON struct {
	Code        string           `json:"code"`
	Name        string           `json:"name"`
	Kind        string           `json:"kind"`
	MeasureUnit string           `json:"measure_unit"`
	Direction   string           `json:"direction"`
	OwnerUnit   string           `json:"owner_unit"`
	Theme       string           `json:"theme"`
	Description string           `json:"description"`
	Updated     time.Time        `json:"updated"`
	Value       *valueJSON       `json:"value,omitempty"`
	Values      []valueJSON      `json:"values,omitempty"`
	Corrections []correctionJSON `json:"corrections,omitempty"`
}

// valueJSON is a value of one period with its judgement; numbers are null
// until entered, attainment null for basic indicators.
type valueJSON struct {
	Period     string          `json:"period"`
	Baseline   *float64        `json:"baseline"`
	Target     *float64        `json:"target"`
	Actual     *float64        `json:"actual"`
	Note       string          `json:"note"`
	Evidence   string          `json:"evidence"`
	Benchmark  string          `json:"benchmark"`
	Judgement  model.Judgement `json:"judgement"`
	Attainment *float64        `json:"attainment"`
	Locked     bool            `json:"locked"`
	UpdatedBy  string          `json:"updated_by"`
	Updated    *time.Time      `json:"updated"`
}

// correctionJSON is a recorded change to a locked period's value.
type correctionJSON struct {
	ID        int64     `json:"id"`
	Period    string    `json:"period"`
	Reason    string    `json:"reason"`
	Before    valueJSON `json:"before"`
	After     valueJSON `json:"after"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

func indicatorOut(ind model.Indicator) indicatorJSON {
	return indicatorJSON{Code: ind.Code, Name: ind.Name, Kind: ind.Kind, MeasureUnit: ind.MeasureUnit, Direction: ind.Direction,
		OwnerUnit: ind.OwnerUnit, Theme: ind.Theme, Description: ind.Description, Updated: ind.Updated.UTC()}
}

func valueOut(ind model.Indicator, v model.IndicatorValue, locked bool) valueJSON {
	as := model.Judge(ind, v)
	j := valueJSON{Period: v.Period, Baseline: v.Baseline, Target: v.Target, Actual: v.Actual, Note: v.Note, Evidence: v.Evidence,
		Benchmark: v.Benchmark, Judgement: as.Judgement, Attainment: as.Attainment, Locked: locked, UpdatedBy: v.UpdatedBy}
	if !v.Updated.IsZero() {
		u := v.Updated.UTC()
		j.Updated = &u
	}
	return j
}

func lineOut(l app.IndicatorLine) indicatorJSON {
	j := indicatorOut(l.Indicator)
	v := valueOut(l.Indicator, l.Value, l.Locked)
	j.Value = &v
	return j
}

// listIndicators lists indicators with their value of a period (default:
// the current half-year) and its judgement; filters kind, unit, theme.
func (h *handler) listIndicators(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "kind", "unit", "theme", "period")
	if err != nil {
		return err
	}
	f := model.IndicatorFilter{Kind: q.Get("kind"), Unit: q.Get("unit"), Theme: q.Get("theme")}
	if f.Kind != "" && !slices.Contains(model.IndicatorKinds, f.Kind) {
		return model.Invalid("kind", "unknown kind %q (one of %s)", f.Kind, strings.Join(model.IndicatorKinds, ", "))
	}
	if err := checkTheme(f.Theme); err != nil {
		return err
	}
	period := q.Get("period")
	if period == "" {
		t, err := h.app.Today(r.Context())
		if err != nil {
			return err
		}
		period = model.HalfYearOf(t.Day).Code
	}
	lines, err := h.app.Indicators(r.Context(), s.Account, f, period)
	if err != nil {
		return err
	}
	out := list[indicatorJSON]{Items: make([]indicatorJSON, 0, len(lines))}
	for _, l := range lines {
		out.Items = append(out.Items, lineOut(l))
	}
	return writeJSON(w, http.StatusOK, out)
}

// indicatorCreate is the body of POST /api/v1/indicators.
type indicatorCreate struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	MeasureUnit string `json:"measure_unit"`
	Direction   string `json:"direction"`
	OwnerUnit   string `json:"owner_unit"`
	Theme       string `json:"theme"`
	Description string `json:"description"`
}

// createIndicator adds an indicator (office).
func (h *handler) createIndicator(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req indicatorCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ind := model.Indicator{Code: req.Code, Name: req.Name, Kind: req.Kind, MeasureUnit: req.MeasureUnit, Direction: req.Direction,
		OwnerUnit: req.OwnerUnit, Theme: req.Theme, Description: req.Description}
	if err := h.app.CreateIndicator(r.Context(), s.Account, &ind); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, indicatorOut(ind))
}

// getIndicator returns one indicator with every period's value and the
// corrections made.
func (h *handler) getIndicator(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.Indicator(r.Context(), s.Account, r.PathValue("code"))
	if err != nil {
		return err
	}
	j := indicatorOut(d.Indicator)
	j.Values = make([]valueJSON, 0, len(d.Values))
	for _, l := range d.Values {
		j.Values = append(j.Values, valueOut(l.Indicator, l.Value, l.Locked))
	}
	j.Corrections = make([]correctionJSON, 0, len(d.Corrections))
	for _, c := range d.Corrections {
		_, locked := d.Locks[c.Period]
		j.Corrections = append(j.Corrections, correctionJSON{ID: c.ID, Period: c.Period, Reason: c.Reason,
			Before: valueOut(d.Indicator, c.Before, locked), After: valueOut(d.Indicator, c.After, locked), Author: c.Author,
			CreatedAt: c.CreatedAt.UTC()})
	}
	return writeJSON(w, http.StatusOK, j)
}

// indicatorPatch is the body of PATCH: absent fields stay; none may be null.
type indicatorPatch struct {
	Name        optional[string] `json:"name"`
	Kind        optional[string] `json:"kind"`
	MeasureUnit optional[string] `json:"measure_unit"`
	Direction   optional[string] `json:"direction"`
	OwnerUnit   optional[string] `json:"owner_unit"`
	Theme       optional[string] `json:"theme"`
	Description optional[string] `json:"description"`
}

// patchIndicator changes an indicator's fields (office).
func (h *handler) patchIndicator(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req indicatorPatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	var p app.IndicatorPatch
	var err error
	for _, f := range []struct {
		name string
		src  optional[string]
		dst  **string
	}{{"name", req.Name, &p.Name}, {"kind", req.Kind, &p.Kind}, {"direction", req.Direction, &p.Direction},
		{"owner_unit", req.OwnerUnit, &p.OwnerUnit}, {"theme", req.Theme, &p.Theme}} {
		if *f.dst, err = required(f.name, f.src); err != nil {
			return err
		}
	}
	p.MeasureUnit = nullable(req.MeasureUnit)
	p.Description = nullable(req.Description)
	ind, err := h.app.UpdateIndicator(r.Context(), s.Account, r.PathValue("code"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, indicatorOut(ind))
}

// valuePut is the body of PUT …/values/{period}: the figures to set (absent
// ones stay, null clears), and for a locked period the correction's reason.
type valuePut struct {
	Baseline  optional[float64] `json:"baseline"`
	Target    optional[float64] `json:"target"`
	Actual    optional[float64] `json:"actual"`
	Note      optional[string]  `json:"note"`
	Evidence  optional[string]  `json:"evidence"`
	Benchmark optional[string]  `json:"benchmark"`
	Reason    string            `json:"reason"`
}

func figureOf(o optional[float64]) app.Figure {
	if !o.Set {
		return app.Figure{}
	}
	if o.Null {
		return app.Figure{Set: true}
	}
	v := o.Value
	return app.Figure{Set: true, Value: &v}
}

// putIndicatorValue sets an indicator's figures for a period: the owner
// unit its results, the office everything; 409 once the period is locked,
// unless it is the office's correction with a reason.
func (h *handler) putIndicatorValue(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req valuePut
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p := app.ValuePatch{Baseline: figureOf(req.Baseline), Target: figureOf(req.Target), Actual: figureOf(req.Actual),
		Note: nullable(req.Note), Evidence: nullable(req.Evidence), Benchmark: nullable(req.Benchmark), Reason: req.Reason}
	l, err := h.app.SetIndicatorValue(r.Context(), s.Account, r.PathValue("code"), r.PathValue("period"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lineOut(l))
}

// lockPeriod closes a period (office); locking it again answers the lock.
func (h *handler) lockPeriod(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	l, err := h.app.LockPeriod(r.Context(), s.Account, r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		Period   string    `json:"period"`
		LockedBy string    `json:"locked_by"`
		LockedAt time.Time `json:"locked_at"`
	}{l.Period, l.LockedBy, l.LockedAt.UTC()})
}
