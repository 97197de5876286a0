package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type reportFormData struct {
	Report model.UnitReport
	Errs   map[string]string
}

func reportPath(r *http.Request) string {
	return "/reports/" + r.PathValue("unit") + "/" + r.PathValue("period")
}

// reportEdit shows the unit's form for its report's four sections.
func (h *handler) reportEdit(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	unit := r.PathValue("unit")
	if !app.CanWriteReport(acct, unit) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to write the report of %s", unit))
		return
	}
	d, err := h.a.UnitReport(r.Context(), acct, unit, r.PathValue("period"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !d.Report.Editable() {
		h.fail(w, r, model.Errorf(model.ECONFLICT, "the report is %s and cannot be edited", d.Report.State))
		return
	}
	h.showReportForm(w, r, http.StatusOK, &reportFormData{Report: d.Report})
}

func (h *handler) showReportForm(w http.ResponseWriter, r *http.Request, status int, d *reportFormData) {
	p := h.newPage(r, "reports", "ureport.edit", d)
	p.Title = p.T("ureport.edit_of", p.UnitName(r.PathValue("unit")), periodName(p.Lang, r.PathValue("period")))
	h.render(w, r, status, "report_form", p)
}

// reportSave saves the unit's text; with the "submit" button it also
// submits the report. Bad input shows the form again as typed (422).
func (h *handler) reportSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	unit, period := r.PathValue("unit"), r.PathValue("period")
	text := app.ReportText{Achievements: r.PostForm.Get("achievements"), Situation: r.PostForm.Get("situation"),
		Problems: r.PostForm.Get("problems"), NextMeasures: r.PostForm.Get("next_measures")}
	_, err := h.a.SaveReport(r.Context(), acct, unit, period, text)
	if err == nil && r.PostForm.Get("action") == "submit" {
		_, err = h.a.SubmitReport(r.Context(), acct, unit, period)
	}
	if errs := fieldErrors(r, err); errs != nil {
		d := &reportFormData{Errs: errs, Report: model.UnitReport{Unit: unit, Period: period,
			Achievements: text.Achievements, Situation: text.Situation, Problems: text.Problems, NextMeasures: text.NextMeasures}}
		h.showReportForm(w, r, http.StatusUnprocessableEntity, d)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, reportPath(r))
}

// reportSubmit submits the report as it stands.
func (h *handler) reportSubmit(w http.ResponseWriter, r *http.Request) {
	_, err := h.a.SubmitReport(r.Context(), signedInOf(r).Account, r.PathValue("unit"), r.PathValue("period"))
	if errs := fieldErrors(r, err); errs != nil {
		// A section is missing: the unit fills it in on the form.
		d, rerr := h.a.UnitReport(r.Context(), signedInOf(r).Account, r.PathValue("unit"), r.PathValue("period"))
		if rerr != nil {
			h.fail(w, r, rerr)
			return
		}
		h.showReportForm(w, r, http.StatusUnprocessableEntity, &reportFormData{Report: d.Report, Errs: errs})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, reportPath(r))
}

// reportReturn sends the report back with the office's comment; without
// one the page comes back with the message by the comment box (422).
func (h *handler) reportReturn(w http.ResponseWriter, r *http.Request) {
	comment := r.PostForm.Get("comment")
	_, err := h.a.ReturnReport(r.Context(), signedInOf(r).Account, r.PathValue("unit"), r.PathValue("period"), comment)
	if fieldErrors(r, err) != nil {
		msg := errorText(r, err)
		h.showReport(w, r, http.StatusUnprocessableEntity, returnForm{Comment: comment, Err: msg})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, reportPath(r))
}

// reportWithdraw takes the unit's sent report back to work on it again.
func (h *handler) reportWithdraw(w http.ResponseWriter, r *http.Request) {
	if _, err := h.a.WithdrawReport(r.Context(), signedInOf(r).Account, r.PathValue("unit"), r.PathValue("period")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, reportPath(r))
}

// reportAccept accepts the report (office).
func (h *handler) reportAccept(w http.ResponseWriter, r *http.Request) {
	if _, err := h.a.AcceptReport(r.Context(), signedInOf(r).Account, r.PathValue("unit"), r.PathValue("period")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, reportPath(r))
}
