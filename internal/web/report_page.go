package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type reportPageData struct {
	app.ReportDetail
	CanWrite, CanSubmit, CanReview bool
	// CanWithdraw: the unit may take its sent report back (撤回).
	CanWithdraw bool
	Return      returnForm
	// people names the history's actors.
	people
}

// returnForm is the office's return-with-comment form as typed.
type returnForm struct {
	Comment, Err string
}

// reportPage shows a unit's report: its figures (live or frozen), its
// sections, its history and the actions the reader may take.
func (h *handler) reportPage(w http.ResponseWriter, r *http.Request) {
	h.showReport(w, r, http.StatusOK, returnForm{})
}

func (h *handler) showReport(w http.ResponseWriter, r *http.Request, status int, ret returnForm) {
	acct := signedInOf(r).Account
	d, err := h.a.UnitReport(r.Context(), acct, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep := d.Report
	data := &reportPageData{ReportDetail: d, Return: ret}
	data.CanWrite = app.CanWriteReport(acct, rep.Unit) && rep.Editable()
	data.CanSubmit = data.CanWrite && rep.State != model.ReportNotStarted
	sent := rep.State == model.ReportSubmitted || rep.State == model.ReportResubmitted
	data.CanReview = app.CanReviewReports(acct) && sent
	data.CanWithdraw = app.CanWriteReport(acct, rep.Unit) && sent
	var names []string
	for _, ev := range d.History {
		names = append(names, ev.Actor)
	}
	if data.people, err = h.a.AccountNames(r.Context(), acct, names); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "reports", "ureport.title", data)
	p.Title = p.T("ureport.of", p.UnitName(rep.Unit), periodName(p.Lang, rep.Period))
	h.render(w, r, status, "report_page", p)
}

// figureTabs are a report's measure counts by status, each linking to the
// unit's measures of the period in that status.
func figureTabs(f model.MeasureFigures, unit, period string) []statusTab {
	out := make([]statusTab, 0, len(model.Statuses))
	for _, s := range model.Statuses {
		out = append(out, statusTab{Status: string(s), N: f.Count(s), Href: link("/measures", "unit", unit, "period", period, "status", string(s))})
	}
	return out
}

// Tabs are the page's figures by status.
func (d *reportPageData) Tabs() []statusTab {
	return figureTabs(d.Report.Figures.Measures, d.Report.Unit, d.Report.Period)
}
