package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// progressJSON is a progress report on the wire.
type progressJSON struct {
	ID        int64      `json:"id"`
	Measure   string     `json:"measure"`
	Date      model.Date `json:"date"`
	Percent   int        `json:"percent"`
	Note      string     `json:"note"`
	Risk      bool       `json:"risk"`
	Author    string     `json:"author"`
	Review    string     `json:"review"`
	Comment   string     `json:"comment"`
	CreatedAt time.Time  `json:"created_at"`
	// Evidence describes the report's files; [] for an account that may not
	// open them (app.CanSeeEvidence).
	Evidence []evidenceJSON `json:"evidence"`
}

// progressOut is a report as the API shows it.
func progressOut(r model.ProgressReport) progressJSON {
	return progressJSON{ID: r.ID, Measure: r.Measure, Date: r.Date, Percent: r.Percent, Note: r.Note, Risk: r.Risk,
		Author: r.Author, Review: r.Review, Comment: r.Comment, CreatedAt: r.CreatedAt.UTC(), Evidence: evidenceList(r.Evidence)}
}

// progressCreated answers a new report with where the measure now stands,
// so a client need not fetch the measure to show its new light.
type progressCreated struct {
	progressJSON
	Status   model.Status `json:"status"`
	Alert    model.Alert  `json:"alert"`
	Progress int          `json:"progress"`
}

// progressRequest is the body of a new progress report; date defaults to today.
type progressRequest struct {
	Date    model.Date `json:"date"`
	Percent int        `json:"percent"`
	Note    string     `json:"note"`
	Risk    bool       `json:"risk"`
}

// reviewRequest is the office's verdict on a report: accepted or returned.
type reviewRequest struct {
	Review  string `json:"review"`
	Comment string `json:"comment"`
}

// progressPage is one page of a measure's reports, newest first.
type progressPage struct {
	Items      []progressJSON `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// listProgress lists a measure's reports, newest first, a page at a time
// (limit, cursor).
func (h *handler) listProgress(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "limit", "cursor")
	if err != nil {
		return err
	}
	limit, err := limitParam(q, app.DefaultProgressLimit, app.MaxProgressLimit)
	if err != nil {
		return err
	}
	var before int64
	if v := q.Get("cursor"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before <= 0 {
			return model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	p, err := h.app.ProgressReports(r.Context(), s.Account, r.PathValue("code"), limit, before)
	if err != nil {
		return err
	}
	out := progressPage{Items: make([]progressJSON, 0, len(p.Reports)), NextCursor: p.Next}
	for _, rep := range p.Reports {
		out.Items = append(out.Items, progressOut(rep))
	}
	return writeJSON(w, http.StatusOK, out)
}

// reportProgress files a report (the measure's units and the office).
func (h *handler) reportProgress(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req progressRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rep := model.ProgressReport{Date: req.Date, Percent: req.Percent, Note: req.Note, Risk: req.Risk}
	st, err := h.app.ReportProgress(r.Context(), s.Account, r.PathValue("code"), &rep)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, progressCreated{progressJSON: progressOut(rep), Status: st.Status, Alert: st.Alert, Progress: st.Progress})
}

// reviewProgress accepts or returns a report (office) and answers with it.
func (h *handler) reviewProgress(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "progress report")
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := h.app.ReviewProgress(r.Context(), s.Account, id, req.Review, req.Comment); err != nil {
		return err
	}
	rep, err := h.app.ProgressReport(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, progressOut(rep))
}

// withdrawProgress takes back a report not yet reviewed; it answers with
// the measure as it now stands (its progress back to the latest report
// still counting).
func (h *handler) withdrawProgress(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "progress report %q not found", r.PathValue("id"))
	}
	m, err := h.app.WithdrawProgress(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measureOut(m))
}
