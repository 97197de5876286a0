package web

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type problemData struct {
	P                   model.Problem
	Measures            []model.Measure
	History             []historyRow
	SourceItem          *model.AgendaItem
	SourceMeeting       int64
	People              map[string]string
	CanEdit, CanClose   bool
	LinkCode, LinkErr   string
	CloseNote, CloseErr string
}

// Person is an account's display name, or the username when unknown.
func (d *problemData) Person(username string) string {
	if n, ok := d.People[username]; ok && n != "" {
		return n
	}
	return username
}

// problemPage shows one problem: where it came from, who owns it, the
// measures that address it with their lights, and its close-out record.
func (h *handler) problemPage(w http.ResponseWriter, r *http.Request) {
	h.showProblem(w, r, http.StatusOK, &problemData{})
}

// showProblem renders the problem page with d's forms (kept input and the
// error after a failed link or close-out).
func (h *handler) showProblem(w http.ResponseWriter, r *http.Request, status int, d *problemData) {
	ctx := r.Context()
	det, err := h.a.Problem(ctx, signedInOf(r).Account, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	d.P, d.Measures, d.SourceItem, d.SourceMeeting = det.Problem, det.Measures, det.SourceItem, det.SourceMeeting
	open := d.P.Status != model.ProblemClosed
	d.CanEdit = open && app.CanEditProblem(acct, d.P)
	d.CanClose = d.P.Status == model.ProblemResolved && app.CanCloseProblem(acct, d.P)
	names := []string{d.P.Leader, d.P.ClosedBy}
	for _, ev := range det.History {
		names = append(names, ev.Actor)
		names = append(names, usernamesIn(ev.Before)...)
		names = append(names, usernamesIn(ev.After)...)
		d.History = append(d.History, historyRow{Event: ev, Changes: diff(ev)})
	}
	if d.People, err = h.a.AccountNames(ctx, signedInOf(r).Account, names); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "problems", "problems.title", d)
	readableRows(p, "problem", d.People, d.History)
	p.Title = d.P.Code + " " + d.P.Title
	h.render(w, r, status, "problem_page", p)
}

// problemLink links a measure to a problem, or unlinks it (unlink=1).
func (h *handler) problemLink(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	measure := strings.TrimSpace(r.PostForm.Get("measure"))
	link := r.PostForm.Get("unlink") == ""
	if _, err := h.a.LinkProblemMeasure(r.Context(), signedInOf(r).Account, code, measure, link); err != nil {
		if _, msg := fieldError(r, err); msg != "" {
			h.showProblem(w, r, http.StatusUnprocessableEntity, &problemData{LinkCode: measure, LinkErr: msg})
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/problems/"+code+"#measures")
}

// problemClose closes a resolved problem out (销号).
func (h *handler) problemClose(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	note := r.PostForm.Get("note")
	if _, err := h.a.CloseProblem(r.Context(), signedInOf(r).Account, code, note); err != nil {
		if _, msg := fieldError(r, err); msg != "" {
			h.showProblem(w, r, http.StatusUnprocessableEntity, &problemData{CloseNote: note, CloseErr: msg})
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/problems/"+code)
}
