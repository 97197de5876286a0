package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// problemJSON is a problem on the wire: units by code, people by account
// name, the linked measures by code; unlinked flags a problem no measure
// addresses; close_out is null until the problem is closed out.
type problemJSON struct {
	Code        string        `json:"code"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Source      string        `json:"source"`
	SourceUnit  *string       `json:"source_unit"`
	AgendaItem  *int64        `json:"agenda_item"`
	Severity    string        `json:"severity"`
	OwnerUnit   string        `json:"owner_unit"`
	Leader      string        `json:"leader"`
	Measures    []string      `json:"measures"`
	Unlinked    bool          `json:"unlinked"`
	Status      string        `json:"status"`
	Notes       string        `json:"notes"`
	CloseOut    *closeOutJSON `json:"close_out"`
	Created     time.Time     `json:"created"`
	Updated     time.Time     `json:"updated"`
}

// closeOutJSON records who signed a problem off (销号) and when.
type closeOutJSON struct {
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

func problemOut(p model.Problem) problemJSON {
	j := problemJSON{Code: p.Code, Title: p.Title, Description: p.Description, Source: p.Source, Severity: p.Severity,
		OwnerUnit: p.OwnerUnit, Leader: p.Leader, Measures: append([]string{}, p.Measures...), Unlinked: p.Unlinked(),
		Status: p.Status, Notes: p.Notes, Created: p.Created.UTC(), Updated: p.Updated.UTC()}
	if p.SourceUnit != "" {
		j.SourceUnit = &p.SourceUnit
	}
	if p.AgendaItem != 0 {
		j.AgendaItem = &p.AgendaItem
	}
	if p.Status == model.ProblemClosed {
		j.CloseOut = &closeOutJSON{By: p.ClosedBy, At: p.ClosedAt.UTC(), Note: p.CloseNote}
	}
	return j
}

// problemFilter reads and checks the register's query parameters.
func problemFilter(r *http.Request) (model.ProblemFilter, error) {
	q, err := queryParams(r, "status", "unit", "severity", "unlinked", "leader")
	if err != nil {
		return model.ProblemFilter{}, err
	}
	f := model.ProblemFilter{Status: q.Get("status"), Unit: q.Get("unit"), Severity: q.Get("severity"), Leader: q.Get("leader")}
	if f.Status != "" && !slices.Contains(model.ProblemStatuses, f.Status) {
		return f, model.Invalid("status", "unknown status %q (%s)", f.Status, strings.Join(model.ProblemStatuses, ", "))
	}
	if f.Severity != "" && !slices.Contains(model.Severities, f.Severity) {
		return f, model.Invalid("severity", "unknown severity %q (%s)", f.Severity, strings.Join(model.Severities, ", "))
	}
	switch q.Get("unlinked") {
	case "", "false", "0":
	case "true", "1":
		f.Unlinked = true
	default:
		return f, model.Invalid("unlinked", "must be true or false")
	}
	return f, nil
}

// listProblems returns the problems matching the filters.
func (h *handler) listProblems(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	f, err := problemFilter(r)
	if err != nil {
		return err
	}
	ps, err := h.app.Problems(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	out := list[problemJSON]{Items: make([]problemJSON, 0, len(ps))}
	for _, p := range ps {
		out.Items = append(out.Items, problemOut(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// problemCreate is the body of POST /api/v1/problems. The owner unit of a
// unit account's problem defaults to its unit; the code is the year's next.
type problemCreate struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Source      string   `json:"source"`
	SourceUnit  string   `json:"source_unit"`
	AgendaItem  int64    `json:"agenda_item"`
	Severity    string   `json:"severity"`
	OwnerUnit   string   `json:"owner_unit"`
	Leader      string   `json:"leader"`
	Measures    []string `json:"measures"`
	Notes       string   `json:"notes"`
}

// createProblem registers a problem and answers with it as stored.
func (h *handler) createProblem(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req problemCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p := model.Problem{Title: req.Title, Description: req.Description, Source: req.Source, SourceUnit: req.SourceUnit,
		AgendaItem: req.AgendaItem, Severity: req.Severity, OwnerUnit: req.OwnerUnit, Leader: req.Leader,
		Measures: nonNilStrings(req.Measures), Notes: req.Notes}
	if err := h.app.CreateProblem(r.Context(), s.Account, &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, problemOut(p))
}

// getProblem returns one problem.
func (h *handler) getProblem(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.Problem(r.Context(), s.Account, r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, problemOut(d.Problem))
}

// problemPatch is the body of PATCH: a JSON merge patch; null clears the
// optional fields and is refused for required ones.
type problemPatch struct {
	Title       optional[string]   `json:"title"`
	Description optional[string]   `json:"description"`
	Source      optional[string]   `json:"source"`
	SourceUnit  optional[string]   `json:"source_unit"`
	AgendaItem  optional[int64]    `json:"agenda_item"`
	Severity    optional[string]   `json:"severity"`
	OwnerUnit   optional[string]   `json:"owner_unit"`
	Leader      optional[string]   `json:"leader"`
	Measures    optional[[]string] `json:"measures"`
	Status      optional[string]   `json:"status"`
	Notes       optional[string]   `json:"notes"`
}

func (p problemPatch) patch() (out app.ProblemPatch, err error) {
	if out.Title, err = required("title", p.Title); err != nil {
		return out, err
	}
	if out.Source, err = required("source", p.Source); err != nil {
		return out, err
	}
	if out.Severity, err = required("severity", p.Severity); err != nil {
		return out, err
	}
	if out.OwnerUnit, err = required("owner_unit", p.OwnerUnit); err != nil {
		return out, err
	}
	if out.Status, err = required("status", p.Status); err != nil {
		return out, err
	}
	out.Description = nullable(p.Description)
	out.SourceUnit = nullable(p.SourceUnit)
	out.AgendaItem = nullable(p.AgendaItem)
	out.Leader = nullable(p.Leader)
	out.Notes = nullable(p.Notes)
	if ms := nullable(p.Measures); ms != nil {
		*ms = nonNilStrings(*ms)
		out.Measures = ms
	}
	return out, nil
}

// patchProblem changes the fields present in the body.
func (h *handler) patchProblem(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req problemPatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	pr, err := h.app.UpdateProblem(r.Context(), s.Account, r.PathValue("code"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, problemOut(pr))
}

// problemClose is the body of POST /api/v1/problems/{code}/close.
type problemClose struct {
	Note string `json:"note"`
}

// closeProblem closes a resolved problem out (销号).
func (h *handler) closeProblem(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req problemClose
	if err := decode(w, r, &req); err != nil {
		return err
	}
	pr, err := h.app.CloseProblem(r.Context(), s.Account, r.PathValue("code"), req.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, problemOut(pr))
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
