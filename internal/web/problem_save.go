package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// problemForm is the problem form's input as typed, kept on a 422. The
// office sees every field; a unit account all but the owner and the leader.
type problemForm struct {
	Code, Status                                       string
	Office                                             bool
	Title, Description, Source, SourceUnit, AgendaItem string
	Severity, OwnerUnit, Leader, Notes                 string
	Units                                              []model.Unit
	Leaders                                            []model.Account
	Severities, Sources, Statuses                      []string
	Errs                                               map[string]string
}

// Err is the message for a field ("" when none).
func (f *problemForm) Err(field string) string { return f.Errs[field] }

func (h *handler) showProblemForm(w http.ResponseWriter, r *http.Request, status int, f *problemForm) {
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
	f.Severities, f.Sources, f.Statuses = model.Severities, model.ProblemSources, model.ProblemStatuses[:3]
	key := "problem.new"
	if f.Code != "" {
		key = "problem.edit"
	}
	h.render(w, r, status, "problem_form", h.newPage(r, "problems", key, f))
}

// problemNew shows an empty problem form: the office for any unit, a unit
// account for its own.
func (h *handler) problemNew(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) && acct.Role != model.RoleUnit {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "register problems"))
		return
	}
	h.showProblemForm(w, r, http.StatusOK, &problemForm{Office: app.IsOffice(acct), Source: model.SourceUnit, Severity: "medium", OwnerUnit: acct.Unit})
}

// problemEdit shows a problem in its form to those who may change it.
func (h *handler) problemEdit(w http.ResponseWriter, r *http.Request) {
	det, err := h.a.Problem(r.Context(), signedInOf(r).Account, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	p := det.Problem
	if !app.CanEditProblem(acct, p) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "change problem %s", p.Code))
		return
	}
	if p.Status == model.ProblemClosed {
		h.fail(w, r, model.Errorf(model.ECONFLICT, "problem %s is closed out and can no longer change", p.Code))
		return
	}
	f := &problemForm{Code: p.Code, Status: p.Status, Office: app.IsOffice(acct), Title: p.Title, Description: p.Description,
		Source: p.Source, SourceUnit: p.SourceUnit, Severity: p.Severity, OwnerUnit: p.OwnerUnit, Leader: p.Leader, Notes: p.Notes}
	if p.AgendaItem != 0 {
		f.AgendaItem = strconv.FormatInt(p.AgendaItem, 10)
	}
	h.showProblemForm(w, r, http.StatusOK, f)
}

// problemSave registers or changes a problem. A unit's input never carries
// the owner or the leader, so it cannot touch what it may not change.
func (h *handler) problemSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	code := r.PathValue("code")
	pf := r.PostForm
	trim := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &problemForm{Code: code, Status: trim("status"), Office: app.IsOffice(acct), Title: pf.Get("title"), Description: pf.Get("description"),
		Source: trim("source"), SourceUnit: trim("source_unit"), AgendaItem: trim("agenda_item"), Severity: trim("severity"),
		OwnerUnit: trim("owner_unit"), Leader: trim("leader"), Notes: pf.Get("notes")}
	if !f.Office {
		f.OwnerUnit = acct.Unit
	}
	var item int64
	if f.AgendaItem != "" {
		var err error
		if item, err = strconv.ParseInt(f.AgendaItem, 10, 64); err != nil || item <= 0 {
			f.Errs = fieldErrors(r, model.Invalid("agenda_item", "must be an agenda item's number"))
			h.showProblemForm(w, r, http.StatusUnprocessableEntity, f)
			return
		}
	}
	if f.Source == model.SourceMeeting {
		f.SourceUnit = ""
	} else {
		item = 0
	}
	var err error
	if code == "" {
		p := model.Problem{Title: f.Title, Description: f.Description, Source: f.Source, SourceUnit: f.SourceUnit, AgendaItem: item,
			Severity: f.Severity, OwnerUnit: f.OwnerUnit, Leader: f.Leader, Notes: f.Notes, Measures: []string{}}
		if err = h.a.CreateProblem(ctx, acct, &p); err == nil {
			code = p.Code
		}
	} else {
		patch := app.ProblemPatch{Title: &f.Title, Description: &f.Description, Source: &f.Source, SourceUnit: &f.SourceUnit,
			AgendaItem: &item, Severity: &f.Severity, Notes: &f.Notes}
		if f.Status != "" {
			patch.Status = &f.Status
		}
		if f.Office {
			patch.OwnerUnit, patch.Leader = &f.OwnerUnit, &f.Leader
		}
		_, err = h.a.UpdateProblem(ctx, acct, code, patch)
	}
	if err != nil {
		if errs := fieldErrors(r, err); errs != nil {
			f.Errs = errs
			h.showProblemForm(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/problems/"+code)
}
