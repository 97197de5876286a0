package api

import (
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// reportJSON is a unit's half-year report on the wire. figures are live
// while the report is worked on and frozen (frozen: true) from submission;
// in lists only frozen figures are given, others are null.
type reportJSON struct {
	Unit         string               `json:"unit"`
	Period       string               `json:"period"`
	State        string               `json:"state"`
	Achievements string               `json:"achievements"`
	Situation    string               `json:"situation"`
	Problems     string               `json:"problems"`
	NextMeasures string               `json:"next_measures"`
	Figures      *model.ReportFigures `json:"figures"`
	Frozen       bool                 `json:"frozen"`
	Comment      string               `json:"comment"`
	Author       string               `json:"author"`
	SubmittedAt  *time.Time           `json:"submitted_at"`
	Reviewer     string               `json:"reviewer"`
	ReviewedAt   *time.Time           `json:"reviewed_at"`
}

func reportOut(r model.UnitReport, withFigures bool) reportJSON {
	j := reportJSON{Unit: r.Unit, Period: r.Period, State: r.State, Achievements: r.Achievements, Situation: r.Situation,
		Problems: r.Problems, NextMeasures: r.NextMeasures, Frozen: r.Frozen(), Comment: r.Comment, Author: r.Author,
		Reviewer: r.Reviewer, SubmittedAt: timeOrNil(r.SubmittedAt), ReviewedAt: timeOrNil(r.ReviewedAt)}
	if withFigures || r.Frozen() {
		f := r.Figures
		if f.Measures.ByStatus == nil {
			f.Measures.ByStatus = map[model.Status]int{}
		}
		if f.Measures.Overdue == nil {
			f.Measures.Overdue = []model.OverdueMeasure{}
		}
		j.Figures = &f
	}
	return j
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// reportRequest is the unit's text of a report.
type reportRequest struct {
	Achievements string `json:"achievements"`
	Situation    string `json:"situation"`
	Problems     string `json:"problems"`
	NextMeasures string `json:"next_measures"`
}

// returnRequest is the office's comment when it returns a report.
type returnRequest struct {
	Comment string `json:"comment"`
}

// listReports lists reports by period, unit and state; a unit account gets
// only its own unit's.
func (h *handler) listReports(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q := r.URL.Query()
	reps, err := h.app.UnitReports(r.Context(), s.Account, model.ReportFilter{Period: q.Get("period"), Unit: q.Get("unit"), State: q.Get("state")})
	if err != nil {
		return err
	}
	out := list[reportJSON]{Items: make([]reportJSON, 0, len(reps))}
	for _, rep := range reps {
		out.Items = append(out.Items, reportOut(rep, false))
	}
	return writeJSON(w, http.StatusOK, out)
}

// getReport shows one report with its figures; a unit that has not begun
// its report gets state not_started and the live figures.
func (h *handler) getReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.UnitReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(d.Report, true))
}

// putReport writes the text of the unit's draft (or returned) report.
func (h *handler) putReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req reportRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := h.app.SaveReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"),
		app.ReportText{Achievements: req.Achievements, Situation: req.Situation, Problems: req.Problems, NextMeasures: req.NextMeasures})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep, true))
}

// submitReport sends the report to the office, freezing its figures.
func (h *handler) submitReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	rep, err := h.app.SubmitReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep, true))
}

// returnReport sends a report back with the office's comment.
func (h *handler) returnReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req returnRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep, err := h.app.ReturnReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"), req.Comment)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep, true))
}

// acceptReport accepts a submitted report (office).
func (h *handler) acceptReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	rep, err := h.app.AcceptReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep, true))
}

// withdrawReport takes the unit's sent report back (撤回).
func (h *handler) withdrawReport(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	rep, err := h.app.WithdrawReport(r.Context(), s.Account, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep, true))
}
