package api

import (
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// measureJSON is a measure on the wire, as DESIGN.md fixes it: dates
// YYYY-MM-DD, due null for ongoing work, the deadline as written, units by
// code and people by account name.
type measureJSON struct {
	Code             string          `json:"code"`
	Title            string          `json:"title"`
	Detail           string          `json:"detail"`
	Theme            string          `json:"theme"`
	Period           string          `json:"period"`
	LeadUnit         string          `json:"lead_unit"`
	CooperatingUnits []string        `json:"cooperating_units"`
	Leader           string          `json:"leader"`
	Owner            string          `json:"owner"`
	Start            model.Date      `json:"start"`
	Due              model.Date      `json:"due"`
	Deadline         string          `json:"deadline"`
	Priority         int             `json:"priority"`
	Recur            string          `json:"recur"`
	Milestones       []milestoneJSON `json:"milestones"`
	Status           model.Status    `json:"status"`
	Alert            model.Alert     `json:"alert"`
	Progress         int             `json:"progress"`
	Cancelled        bool            `json:"cancelled"`
	Source           *sourceJSON     `json:"source"`
	Updated          time.Time       `json:"updated"`
}

// milestoneJSON is a step of a measure, in requests and responses alike.
type milestoneJSON struct {
	Title string     `json:"title"`
	Due   model.Date `json:"due"`
	Done  bool       `json:"done"`
}

// sourceJSON is where a measure came from: a byte span of an agenda item's
// text. A measure typed in by hand has source null.
type sourceJSON struct {
	AgendaItem int64 `json:"agenda_item"`
	Start      int   `json:"start"`
	End        int   `json:"end"`
}

// measureOut is a measure as the API shows it; lists are [] rather than null
// so clients need not test for both.
func measureOut(m model.Measure) measureJSON {
	j := measureJSON{Code: m.Code, Title: m.Title, Detail: m.Detail, Theme: m.Theme, Period: m.Period,
		LeadUnit: m.LeadUnit, CooperatingUnits: append([]string{}, m.CooperatingUnits...), Leader: m.Leader, Owner: m.Owner,
		Start: m.Start, Due: m.Due, Deadline: m.Deadline, Priority: m.Priority, Recur: m.Recur, Milestones: milestonesOut(m.Milestones),
		Status: m.Status, Alert: m.Alert, Progress: m.Progress, Cancelled: m.Cancelled, Updated: m.Updated.UTC()}
	if m.Source.AgendaItem != 0 {
		j.Source = &sourceJSON{AgendaItem: m.Source.AgendaItem, Start: m.Source.Start, End: m.Source.End}
	}
	return j
}

// measuresJSON converts a list, [] when empty.
func measuresJSON(ms []model.Measure) []measureJSON {
	out := make([]measureJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, measureOut(m))
	}
	return out
}

// milestonesOut and milestonesIn keep the wire type apart from the model.
func milestonesOut(ms []model.Milestone) []milestoneJSON {
	out := make([]milestoneJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, milestoneJSON(m))
	}
	return out
}

func milestonesIn(ms []milestoneJSON) []model.Milestone {
	out := make([]model.Milestone, 0, len(ms))
	for _, m := range ms {
		out = append(out, model.Milestone(m))
	}
	return out
}

// measureCreate is the body of POST /api/v1/measures. Code is optional
// (the period's next code is used); period defaults to the half-year of the
// start day, or of today.
type measureCreate struct {
	Code             string          `json:"code"`
	Title            string          `json:"title"`
	Detail           string          `json:"detail"`
	Theme            string          `json:"theme"`
	Period           string          `json:"period"`
	LeadUnit         string          `json:"lead_unit"`
	CooperatingUnits []string        `json:"cooperating_units"`
	Leader           string          `json:"leader"`
	Owner            string          `json:"owner"`
	Start            model.Date      `json:"start"`
	Due              model.Date      `json:"due"`
	Deadline         string          `json:"deadline"`
	Priority         int             `json:"priority"`
	Recur            string          `json:"recur"`
	Milestones       []milestoneJSON `json:"milestones"`
	Source           *sourceJSON     `json:"source"`
}

// createMeasure adds a measure (office) and answers with it as stored.
func (h *handler) createMeasure(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req measureCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	m := model.Measure{Code: req.Code, Title: req.Title, Detail: req.Detail, Theme: req.Theme, Period: req.Period,
		LeadUnit: req.LeadUnit, CooperatingUnits: req.CooperatingUnits, Leader: req.Leader, Owner: req.Owner,
		Start: req.Start, Due: req.Due, Deadline: req.Deadline, Priority: req.Priority, Recur: req.Recur,
		Milestones: milestonesIn(req.Milestones)}
	if m.CooperatingUnits == nil {
		m.CooperatingUnits = []string{}
	}
	if req.Source != nil {
		m.Source = model.Source(*req.Source)
	}
	if m.Period == "" {
		day := m.Start
		if day == 0 {
			t, err := h.app.Today(r.Context())
			if err != nil {
				return err
			}
			day = t.Day
		}
		m.Period = model.HalfYearOf(day).Code
	}
	if err := h.app.CreateMeasure(r.Context(), s.Account, &m); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, measureOut(m))
}

// getMeasure returns one measure.
func (h *handler) getMeasure(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.Measure(r.Context(), s.Account, r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measureOut(d.Measure))
}

// measurePatch is the body of PATCH: a JSON merge patch. Absent fields stay
// as they are; "due": null makes the measure ongoing; null clears the
// optional text fields and lists ("recur": null: it no longer recurs); null
// for a required field is refused.
type measurePatch struct {
	Title            optional[string]          `json:"title"`
	Detail           optional[string]          `json:"detail"`
	Theme            optional[string]          `json:"theme"`
	Period           optional[string]          `json:"period"`
	LeadUnit         optional[string]          `json:"lead_unit"`
	CooperatingUnits optional[[]string]        `json:"cooperating_units"`
	Leader           optional[string]          `json:"leader"`
	Owner            optional[string]          `json:"owner"`
	Start            optional[model.Date]      `json:"start"`
	Due              optional[model.Date]      `json:"due"`
	Deadline         optional[string]          `json:"deadline"`
	Priority         optional[int]             `json:"priority"`
	Milestones       optional[[]milestoneJSON] `json:"milestones"`
	Cancelled        optional[bool]            `json:"cancelled"`
	Recur            optional[string]          `json:"recur"`
}

// required returns o's value, refusing null for a field that must have one.
func required[T any](field string, o optional[T]) (*T, error) {
	if !o.Set {
		return nil, nil
	}
	if o.Null {
		return nil, model.Invalid(field, "cannot be null")
	}
	v := o.Value
	return &v, nil
}

// nullable returns o's value, with null meaning the zero value.
func nullable[T any](o optional[T]) *T {
	if !o.Set {
		return nil
	}
	v := o.Value
	return &v
}

// patch turns the body into app.MeasurePatch, refusing null where a value is required.
func (p measurePatch) patch() (out app.MeasurePatch, err error) {
	if out.Title, err = required("title", p.Title); err != nil {
		return out, err
	}
	if out.Theme, err = required("theme", p.Theme); err != nil {
		return out, err
	}
	if out.Period, err = required("period", p.Period); err != nil {
		return out, err
	}
	if out.LeadUnit, err = required("lead_unit", p.LeadUnit); err != nil {
		return out, err
	}
	if out.Start, err = required("start", p.Start); err != nil {
		return out, err
	}
	if out.Deadline, err = required("deadline", p.Deadline); err != nil {
		return out, err
	}
	if out.Priority, err = required("priority", p.Priority); err != nil {
		return out, err
	}
	if out.Cancelled, err = required("cancelled", p.Cancelled); err != nil {
		return out, err
	}
	out.Detail = nullable(p.Detail)
	out.Leader = nullable(p.Leader)
	out.Owner = nullable(p.Owner)
	out.Due = nullable(p.Due)
	out.Recur = nullable(p.Recur)
	if cu := nullable(p.CooperatingUnits); cu != nil {
		if *cu == nil {
			*cu = []string{}
		}
		out.CooperatingUnits = cu
	}
	if ms := nullable(p.Milestones); ms != nil {
		in := milestonesIn(*ms)
		out.Milestones = &in
	}
	return out, nil
}

// patchMeasure changes the fields present in the body; app decides which
// of them the signed-in account may change.
func (h *handler) patchMeasure(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req measurePatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	m, err := h.app.UpdateMeasure(r.Context(), s.Account, r.PathValue("code"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measureOut(m))
}
