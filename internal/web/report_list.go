package web

import (
	"net/http"
	"slices"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type reportListData struct {
	Period       string
	Periods      []string
	Rows         []app.ReportStatus
	NotSubmitted int
	// Waiting: only the reports sent and not yet accepted or returned
	// (?state=waiting, the to-do list's link).
	Waiting bool
	// Leader: only the units in this leader's portfolio (?leader=).
	Leader, LeaderName string
}

// reportPeriod is the period a report page asks for (?period=), by default
// the half-year of the institution's today.
func (h *handler) reportPeriod(r *http.Request) (model.Period, error) {
	if v := r.URL.Query().Get("period"); v != "" {
		return model.PeriodFromCode(v)
	}
	t, err := h.a.Today(r.Context())
	if err != nil {
		return model.Period{}, err
	}
	return model.HalfYearOf(t.Day), nil
}

// reportPeriods lists the half-years a period selector offers: those the
// institution has, and the current one.
func (h *handler) reportPeriods(r *http.Request, cur model.Period) []string {
	out := []string{cur.Code}
	ps, err := h.a.Periods(r.Context())
	if err != nil {
		return out
	}
	for _, p := range ps {
		if p.Code != cur.Code && len(p.Code) == len("2024-H2") {
			out = append(out, p.Code)
		}
	}
	return out
}

// reportList is the office's (and leaders') overview of a period: every
// unit with its report's state, who has not submitted counted at the top.
// A unit account goes straight to its own unit's report.
func (h *handler) reportList(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	p, err := h.reportPeriod(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !app.CanSeeAllReports(acct) {
		if acct.Role == model.RoleUnit && acct.Unit != "" {
			redirect(w, r, "/reports/"+acct.Unit+"/"+p.Code)
			return
		}
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to see reports"))
		return
	}
	rows, err := h.a.ReportOverview(r.Context(), acct, p.Code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &reportListData{Period: p.Code, Periods: h.reportPeriods(r, p), Rows: rows, NotSubmitted: len(app.NotSubmitted(rows)),
		Waiting: r.URL.Query().Get("state") == app.ReportsWaiting}
	if d.Waiting {
		d.Rows = slices.DeleteFunc(slices.Clone(d.Rows), func(s app.ReportStatus) bool { return !app.IsWaiting(s.Report.State) })
	}
	if d.Leader = r.URL.Query().Get("leader"); d.Leader != "" {
		units, err := h.a.LeaderUnits(r.Context(), d.Leader)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Rows = slices.DeleteFunc(slices.Clone(d.Rows), func(s app.ReportStatus) bool { return !slices.Contains(units, s.Unit.Code) })
		names, err := h.a.AccountNames(r.Context(), acct, []string{d.Leader})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.LeaderName = people(names).Person(d.Leader)
	}
	h.render(w, r, http.StatusOK, "report_list", h.newPage(r, "reports", "ureport.title", d))
}
