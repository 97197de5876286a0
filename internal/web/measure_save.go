package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// maxMilestones bounds the milestone fieldsets a form may post.
const maxMilestones = 50

type milestoneInput struct {
	Title, Due string
	Done       bool
}

// measureForm is the measure form's input as typed, kept on a 422. Office
// sees every field; a unit account only the working ones (Office false).
type measureForm struct {
	Code                                           string
	Office                                         bool
	Title, Detail, Theme, Period, LeadUnit, Leader string
	Owner, Start, Due, Deadline, Priority, Recur   string
	Cooperating                                    map[string]bool
	Cancelled                                      bool
	Milestones                                     []milestoneInput
	Units                                          []model.Unit
	Leaders                                        []model.Account
	Themes                                         []string
	Errs                                           map[string]string
}

// Err is the message for a field ("" when none).
func (f *measureForm) Err(field string) string { return f.Errs[field] }

// MsErr is the message for one milestone's field.
func (f *measureForm) MsErr(i int, field string) string {
	return f.Errs[fmt.Sprintf("milestones[%d].%s", i, field)]
}

func (h *handler) showMeasureForm(w http.ResponseWriter, r *http.Request, status int, f *measureForm) {
	ctx := r.Context()
	var err error
	if f.Units, err = h.a.Units(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if f.Leaders, err = h.a.Leaders(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	f.Themes = model.Themes
	key := "measure.new"
	if f.Code != "" {
		key = "measure.edit"
	}
	h.render(w, r, status, "measure_form", h.newPage(r, "measures", key, f))
}

// measureNew shows an empty measure form (office).
func (h *handler) measureNew(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "create measures"))
		return
	}
	period := ""
	if t, err := h.a.Today(r.Context()); err == nil {
		period = model.HalfYearOf(t.Day).Code
	}
	h.showMeasureForm(w, r, http.StatusOK, &measureForm{Office: true, Theme: "other", Period: period, Priority: "0"})
}

// measureEdit shows a measure in its form: all fields to the office, the
// working fields to the lead unit, 403 to everyone else (MeasureDetail.May).
func (h *handler) measureEdit(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	det, err := h.a.Measure(r.Context(), acct, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := det.Measure
	if !det.May.Edit {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "change measure %s", m.Code))
		return
	}
	f := &measureForm{Code: m.Code, Office: app.IsOffice(acct), Title: m.Title, Detail: m.Detail, Theme: m.Theme, Period: m.Period,
		LeadUnit: m.LeadUnit, Leader: m.Leader, Owner: m.Owner, Start: m.Start.String(), Due: m.Due.String(), Deadline: m.Deadline,
		Priority: strconv.Itoa(m.Priority), Recur: m.Recur, Cancelled: m.Cancelled, Cooperating: map[string]bool{}}
	for _, u := range m.CooperatingUnits {
		f.Cooperating[u] = true
	}
	for _, ms := range m.Milestones {
		f.Milestones = append(f.Milestones, milestoneInput{Title: ms.Title, Due: ms.Due.String(), Done: ms.Done})
	}
	h.showMeasureForm(w, r, http.StatusOK, f)
}

// measureSave creates or changes a measure. Office input becomes a whole
// measure or a patch of every field; a unit's input a patch of detail, owner
// and milestones only, so it can never touch what it may not change.
func (h *handler) measureSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	code := r.PathValue("code")
	var orig model.Measure
	if code == "" {
		if !app.CanManage(acct) {
			h.fail(w, r, model.Errorf(model.EFORBIDDEN, "create measures"))
			return
		}
	} else {
		det, err := h.a.Measure(ctx, acct, code)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		orig = det.Measure
		if !det.May.Edit {
			h.fail(w, r, model.Errorf(model.EFORBIDDEN, "change measure %s", code))
			return
		}
	}
	pf := r.PostForm
	trim := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &measureForm{Code: code, Office: app.IsOffice(acct), Title: pf.Get("title"), Detail: pf.Get("detail"), Theme: trim("theme"),
		Period: trim("period"), LeadUnit: trim("lead_unit"), Leader: trim("leader"), Owner: trim("owner"), Start: trim("start"),
		Due: trim("due"), Deadline: trim("deadline"), Priority: trim("priority"), Recur: trim("recur"), Cancelled: pf.Get("cancelled") != "",
		Cooperating: map[string]bool{}}
	var coop []string
	for _, u := range pf["cooperating_units"] {
		if u = strings.TrimSpace(u); u != "" && !f.Cooperating[u] {
			f.Cooperating[u] = true
			coop = append(coop, u)
		}
	}
	n, _ := strconv.Atoi(pf.Get("milestones"))
	if n < 0 || n > maxMilestones {
		n = 0
	}
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("ms.%d.", i)
		in := milestoneInput{Title: pf.Get(p + "title"), Due: strings.TrimSpace(pf.Get(p + "due")), Done: pf.Get(p+"done") != ""}
		if pf.Get(p+"remove") != "" || (strings.TrimSpace(in.Title) == "" && in.Due == "" && pf.Get("add_milestone") == "") {
			continue
		}
		f.Milestones = append(f.Milestones, in)
	}
	if pf.Get("add_milestone") != "" {
		if len(f.Milestones) < maxMilestones {
			f.Milestones = append(f.Milestones, milestoneInput{})
		}
		h.showMeasureForm(w, r, http.StatusOK, f)
		return
	}
	err := h.saveMeasure(r, acct, f, coop, orig)
	if errs := fieldErrors(r, err); errs != nil {
		f.Errs = errs
		h.showMeasureForm(w, r, http.StatusUnprocessableEntity, f)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/measures/"+f.Code)
}

// saveMeasure turns the form into app calls; f.Code is set on success.
func (h *handler) saveMeasure(r *http.Request, acct model.Account, f *measureForm, coop []string, orig model.Measure) error {
	// What the form itself cannot read is collected, so every bad field
	// is flagged at once.
	var bad model.Errors
	var milestones []model.Milestone
	for i, in := range f.Milestones {
		d, err := model.ParseDate(in.Due)
		if err != nil {
			bad.Add(model.Invalid(fmt.Sprintf("milestones[%d].due", i), "%v", err))
		}
		milestones = append(milestones, model.Milestone{Title: in.Title, Due: d, Done: in.Done})
	}
	if milestones == nil {
		milestones = []model.Milestone{}
	}
	if !f.Office {
		if len(bad) > 0 {
			return bad.Err()
		}
		p := app.MeasurePatch{Detail: &f.Detail, Owner: &f.Owner, Milestones: &milestones}
		_, err := h.a.UpdateMeasure(r.Context(), acct, f.Code, p)
		return err
	}
	start, err := model.ParseDate(f.Start)
	if err != nil {
		bad.Add(model.Invalid("start", "%v", err))
	}
	due, err := model.ParseDate(f.Due)
	if err != nil {
		bad.Add(model.Invalid("due", "%v", err))
	}
	prio, err := strconv.Atoi(f.Priority)
	if err != nil {
		bad.Add(model.Invalid("priority", "must be 0 to 3"))
	}
	if len(bad) > 0 {
		if f.Code == "" {
			// The rest of a new measure is checked as app would, so its
			// other bad fields show too.
			m := model.Measure{Title: f.Title, Detail: f.Detail, Theme: f.Theme, Period: f.Period, LeadUnit: f.LeadUnit,
				CooperatingUnits: coop, Start: start, Due: due, Deadline: f.Deadline, Priority: prio, Recur: f.Recur, Milestones: milestones}
			for _, e := range model.ErrorsOf(m.Normalize()) {
				if !slices.ContainsFunc(bad, func(b *model.Error) bool { return b.Field == e.Field }) {
					bad.Add(e)
				}
			}
		}
		return bad.Err()
	}
	if coop == nil {
		coop = []string{}
	}
	if f.Code == "" {
		m := model.Measure{Title: f.Title, Detail: f.Detail, Theme: f.Theme, Period: f.Period, LeadUnit: f.LeadUnit,
			CooperatingUnits: coop, Leader: f.Leader, Owner: f.Owner, Start: start, Due: due, Deadline: f.Deadline,
			Priority: prio, Recur: f.Recur, Milestones: milestones}
		if err := h.a.CreateMeasure(r.Context(), acct, &m); err != nil {
			return err
		}
		f.Code = m.Code
		return nil
	}
	p := app.MeasurePatch{Title: &f.Title, Detail: &f.Detail, Theme: &f.Theme, Period: &f.Period, LeadUnit: &f.LeadUnit,
		CooperatingUnits: &coop, Leader: &f.Leader, Owner: &f.Owner, Start: &start, Priority: &prio, Milestones: &milestones,
		Cancelled: &f.Cancelled, Recur: &f.Recur}
	// The deadline as written wins, as on creation; a changed date with
	// the old wording untouched means the office retyped the date.
	if f.Deadline != "" && !(f.Deadline == orig.Deadline && due != orig.Due) {
		p.Deadline = &f.Deadline
	} else {
		p.Due = &due
	}
	_, err = h.a.UpdateMeasure(r.Context(), acct, f.Code, p)
	return err
}
