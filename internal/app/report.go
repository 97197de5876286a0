package app

import (
	"context"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Unit report permissions, in one place:
//   - a unit account writes and submits its own unit's report, and reads
//     only its own unit's reports (a half-year summary is frank about the
//     unit's problems; other units have no need to read it);
//   - the office (and admin) reads every report, returns a submitted one
//     with a comment or accepts it, and sees who has not submitted; it does
//     not write a unit's text for it, so the author is always the unit;
//   - leaders read every report and the compendium, and change nothing.

// CanWriteReport reports whether a may write and submit unit's report.
func CanWriteReport(a model.Account, unit string) bool {
	return a.Role == model.RoleUnit && a.Unit != "" && a.Unit == unit
}

// CanSeeReport reports whether a may read unit's reports.
func CanSeeReport(a model.Account, unit string) bool {
	return CanSeeAllReports(a) || CanWriteReport(a, unit)
}

// CanSeeAllReports reports whether a may read every unit's reports, the
// period overview and the compendium.
func CanSeeAllReports(a model.Account) bool { return IsOffice(a) || a.Role == model.RoleLeader }

// CanReviewReports reports whether a may return or accept reports.
func CanReviewReports(a model.Account) bool { return IsOffice(a) }

// ReportDetail is a report as its page shows it: figures live or frozen,
// and its history (newest first) from the audit trail.
type ReportDetail struct {
	Report  model.UnitReport
	Unit    model.Unit
	History []model.AuditEvent
}

// reportID is a report's id in the audit trail.
func reportID(unit, period string) string { return unit + "/" + period }

// UnitReport returns unit's report for period, or an empty not-started one
// when the unit has not begun it. A report being worked on carries figures
// computed from live data; a submitted or accepted one its frozen figures.
func (a *App) UnitReport(ctx context.Context, actor model.Account, unit, period string) (ReportDetail, error) {
	if !CanSeeReport(actor, unit) {
		return ReportDetail{}, forbidden("read the reports of " + unit)
	}
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return ReportDetail{}, err
	}
	u, err := a.store.Unit(ctx, unit)
	if err != nil {
		return ReportDetail{}, err
	}
	r, err := a.store.UnitReport(ctx, unit, p.Code)
	if model.ErrorCode(err) == model.ENOTFOUND {
		r, err = model.UnitReport{Unit: unit, Period: p.Code, State: model.ReportNotStarted}, nil
	}
	if err != nil {
		return ReportDetail{}, err
	}
	if !r.Frozen() {
		t, err := a.Today(ctx)
		if err != nil {
			return ReportDetail{}, err
		}
		if r.Figures, err = liveFigures(ctx, a.store.Queries, t, unit, p); err != nil {
			return ReportDetail{}, err
		}
	}
	hist, err := a.store.AuditEvents(ctx, "report", reportID(unit, p.Code), 100)
	if err != nil {
		return ReportDetail{}, err
	}
	return ReportDetail{Report: r, Unit: u, History: hist}, nil
}

// liveFigures computes a unit's figures for a period from today's data.
func liveFigures(ctx context.Context, q store.Queries, t model.Today, unit string, p model.Period) (model.ReportFigures, error) {
	f := model.ReportFigures{AsOf: t.Day}
	var err error
	if f.Measures, err = q.ReportMeasureFigures(ctx, t, unit, p.Code); err != nil {
		return f, err
	}
	f.Indicators, err = reportIndicatorFigures(ctx, q, t, unit, p)
	return f, err
}

// reportIndicatorFigures is the hook through which a report gets the unit's
// indicators (those it owns) against their targets for the period, judged
// by the indicator register's rule; they are frozen with the rest.
func reportIndicatorFigures(ctx context.Context, q store.Queries, t model.Today, unit string, p model.Period) ([]model.IndicatorFigure, error) {
	inds, err := q.Indicators(ctx, model.IndicatorFilter{Unit: unit})
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	vals, err := q.PeriodValues(ctx, p.Code)
	if err != nil {
		return nil, err
	}
	out := make([]model.IndicatorFigure, 0, len(inds))
	for _, ind := range inds {
		v := vals[ind.Code]
		out = append(out, model.IndicatorFigure{Code: ind.Code, Name: ind.Name, Kind: ind.Kind, Unit: ind.MeasureUnit,
			Baseline: v.Baseline, Target: v.Target, Actual: v.Actual, Judgement: string(model.Judge(ind, v).Judgement)})
	}
	return out, nil
}

// UnitReports lists stored reports matching f; a unit account sees only its
// own unit's, whatever it asks for. Figures are those stored (frozen ones).
func (a *App) UnitReports(ctx context.Context, actor model.Account, f model.ReportFilter) ([]model.UnitReport, error) {
	if !CanSeeAllReports(actor) {
		if actor.Role != model.RoleUnit || actor.Unit == "" {
			return nil, forbidden("read reports")
		}
		if f.Unit != "" && f.Unit != actor.Unit {
			return []model.UnitReport{}, nil
		}
		f.Unit = actor.Unit
	}
	if f.Period != "" {
		if _, err := model.PeriodFromCode(f.Period); err != nil {
			return nil, err
		}
	}
	if f.State != "" && !contains(model.ReportStates, f.State) {
		return nil, model.Invalid("state", "must be one of %s", strings.Join(model.ReportStates, ", "))
	}
	out, err := a.store.UnitReports(ctx, f)
	if out == nil && err == nil {
		out = []model.UnitReport{}
	}
	return out, err
}

// ReportStatus is a line of the office's period overview: a unit and where
// its report stands.
type ReportStatus struct {
	Unit   model.Unit
	Report model.UnitReport // State not_started when there is none
}

// ReportOverview lists every unit but the leadership group with its report
// state for period, so the office sees who has not submitted.
func (a *App) ReportOverview(ctx context.Context, actor model.Account, period string) ([]ReportStatus, error) {
	if !CanSeeAllReports(actor) {
		return nil, forbidden("see every unit's reports")
	}
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return nil, err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	reps, err := a.store.UnitReports(ctx, model.ReportFilter{Period: p.Code})
	if err != nil {
		return nil, err
	}
	byUnit := map[string]model.UnitReport{}
	for _, r := range reps {
		byUnit[r.Unit] = r
	}
	var out []ReportStatus
	for _, u := range units {
		if u.Kind == model.UnitLeadership {
			continue
		}
		r, ok := byUnit[u.Code]
		if !ok {
			r = model.UnitReport{Unit: u.Code, Period: p.Code, State: model.ReportNotStarted}
		}
		out = append(out, ReportStatus{Unit: u, Report: r})
	}
	return out, nil
}

// NotSubmitted returns the units of an overview whose report has not been
// submitted: not started, a draft, or returned and not yet sent again.
func NotSubmitted(rows []ReportStatus) []model.Unit {
	var out []model.Unit
	for _, r := range rows {
		switch r.Report.State {
		case model.ReportNotStarted, model.ReportDraft, model.ReportReturned:
			out = append(out, r.Unit)
		}
	}
	return out
}

// ReportText is what a unit writes: the four sections.
type ReportText struct {
	Achievements, Situation, Problems, NextMeasures string
}

// reportChange loads (or starts) a report inside one transaction, applies
// an action of the state machine through fn and saves it with one audit
// event. Permission is checked by the caller before anything is read.
func (a *App) reportChange(ctx context.Context, actor model.Account, unit, period, action string, fn func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error) (model.UnitReport, error) {
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return model.UnitReport{}, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.UnitReport{}, err
	}
	var out model.UnitReport
	err = a.change(ctx, actor, action, "report", func(tx *store.Tx, ev *Event) error {
		u, err := tx.Unit(ctx, unit)
		if err != nil {
			return err
		}
		if u.Kind == model.UnitLeadership {
			return model.Invalid("unit", "the leadership group does not write a unit report")
		}
		r, err := tx.UnitReport(ctx, unit, p.Code)
		if model.ErrorCode(err) == model.ENOTFOUND {
			r, err = model.UnitReport{Unit: unit, Period: p.Code, State: model.ReportNotStarted}, nil
		} else if err == nil {
			ev.Before = reportAudit(r)
		}
		if err != nil {
			return err
		}
		next, err := model.NextReportState(r.State, action)
		if err != nil {
			return err
		}
		if err := fn(tx, t, p, &r); err != nil {
			return err
		}
		r.State = next
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.SaveUnitReport(ctx, &r); err != nil {
			return err
		}
		ev.ID, ev.After = reportID(unit, p.Code), reportAudit(r)
		out = r
		return nil
	})
	if err != nil {
		return model.UnitReport{}, err
	}
	if !out.Frozen() {
		out.Figures, err = liveFigures(ctx, a.store.Queries, t, unit, p)
	}
	return out, err
}

// reportAudit is what the audit trail keeps of a report: its state and
// text, the comment, and the figures only when frozen.
func reportAudit(r model.UnitReport) map[string]any {
	m := map[string]any{"state": r.State, "achievements": r.Achievements, "situation": r.Situation,
		"problems": r.Problems, "next_measures": r.NextMeasures}
	if r.Comment != "" {
		m["comment"] = r.Comment
	}
	if r.Frozen() {
		m["figures"] = r.Figures
	}
	return m
}

// SaveReport writes the unit's text of a draft (or returned) report,
// starting the report when there is none.
func (a *App) SaveReport(ctx context.Context, actor model.Account, unit, period string, text ReportText) (model.UnitReport, error) {
	if !CanWriteReport(actor, unit) {
		return model.UnitReport{}, forbidden("write the report of " + unit)
	}
	in := model.UnitReport{Achievements: text.Achievements, Situation: text.Situation, Problems: text.Problems, NextMeasures: text.NextMeasures}
	if err := in.Validate(false); err != nil {
		return model.UnitReport{}, err
	}
	return a.reportChange(ctx, actor, unit, period, model.ReportSave, func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error {
		r.Achievements, r.Situation, r.Problems, r.NextMeasures = in.Achievements, in.Situation, in.Problems, in.NextMeasures
		r.Author = actor.Username
		return nil
	})
}

// SubmitReport sends the report to the office and freezes its figures as
// they stand now. Every section must be written.
func (a *App) SubmitReport(ctx context.Context, actor model.Account, unit, period string) (model.UnitReport, error) {
	if !CanWriteReport(actor, unit) {
		return model.UnitReport{}, forbidden("submit the report of " + unit)
	}
	return a.reportChange(ctx, actor, unit, period, model.ReportSubmit, func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error {
		if err := r.Validate(true); err != nil {
			return err
		}
		f, err := liveFigures(ctx, tx.Queries, t, unit, p)
		if err != nil {
			return err
		}
		r.Figures, r.Author, r.SubmittedAt = f, actor.Username, tx.Now()
		r.Reviewer, r.ReviewedAt = "", time.Time{}
		return nil
	})
}

// WithdrawReport takes the unit's sent report back (撤回) before the office
// has accepted or returned it: it is a draft again (returned, when it was a
// second reading), its figures live again, and it no longer counts as
// submitted; the history keeps the withdrawal.
func (a *App) WithdrawReport(ctx context.Context, actor model.Account, unit, period string) (model.UnitReport, error) {
	if !CanWriteReport(actor, unit) {
		return model.UnitReport{}, forbidden("withdraw the report of " + unit)
	}
	return a.reportChange(ctx, actor, unit, period, model.ReportWithdraw, func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error {
		r.SubmittedAt = time.Time{}
		return nil
	})
}

// ReturnReport sends a submitted report back to the unit with the office's
// comment (required); its figures go live again until it is resubmitted.
func (a *App) ReturnReport(ctx context.Context, actor model.Account, unit, period, comment string) (model.UnitReport, error) {
	if !CanReviewReports(actor) {
		return model.UnitReport{}, forbidden("return reports")
	}
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return model.UnitReport{}, model.Invalid("comment", "say what the unit should change")
	}
	if err := checkComment(comment); err != nil {
		return model.UnitReport{}, err
	}
	return a.reportChange(ctx, actor, unit, period, model.ReportReturn, func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error {
		r.Comment, r.Reviewer, r.ReviewedAt = comment, actor.Username, tx.Now()
		r.Figures = model.ReportFigures{}
		return nil
	})
}

// AcceptReport accepts a submitted report; it stays frozen from then on.
func (a *App) AcceptReport(ctx context.Context, actor model.Account, unit, period string) (model.UnitReport, error) {
	if !CanReviewReports(actor) {
		return model.UnitReport{}, forbidden("accept reports")
	}
	return a.reportChange(ctx, actor, unit, period, model.ReportAccept, func(tx *store.Tx, t model.Today, p model.Period, r *model.UnitReport) error {
		r.Reviewer, r.ReviewedAt = actor.Username, tx.Now()
		return nil
	})
}

func checkComment(c string) error {
	if n := len([]rune(c)); n > 2000 {
		return model.Invalid("comment", "must be at most 2000 characters (got %d)", n)
	}
	return nil
}

// CompendiumEntry is one unit's report in a period's compendium.
type CompendiumEntry struct {
	Unit   model.Unit
	Report model.UnitReport
}

// Compendium gathers the submitted, resubmitted and accepted reports of a
// period in the institution's unit order, for the printable page and the
// .docx and .xlsx downloads (office and leaders).
func (a *App) Compendium(ctx context.Context, actor model.Account, period string) ([]CompendiumEntry, error) {
	rows, err := a.ReportOverview(ctx, actor, period)
	if err != nil {
		return nil, err
	}
	var out []CompendiumEntry
	for _, r := range rows {
		if r.Report.Frozen() {
			out = append(out, CompendiumEntry(r))
		}
	}
	return out, nil
}
