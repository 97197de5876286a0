package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// The to-do list (待办): what waits for the reader, by role, each line a
// count and the filtered list where the work is done. A count is the
// number of rows that list shows (a test holds them to it), so a line
// links only to a list filtered exactly as it counts.

// Kinds of to-do lines.
const (
	TodoReview         = "review"          // office: progress reports to review
	TodoReportsWaiting = "reports_waiting" // office: half-year reports sent, not yet accepted or returned
	TodoCloseOut       = "close_out"       // office: problems resolved, waiting for close-out
	TodoDeliveries     = "deliveries"      // admin: failed deliveries
	TodoRed            = "red"             // leader: red measures in the portfolio; unit: of the unit
	TodoOrange         = "orange"          // leader: orange measures in the portfolio
	TodoReturned       = "returned"        // unit: progress reports returned for changes
	TodoUnread         = "unread"          // everyone: notices not opened yet
	TodoUnitReport     = "unit_report"     // unit: the half-year report to write or send again
	TodoRedUnreported  = "red_unreported"  // office: red measures with no report this cycle
	TodoToReport       = "to_report"       // unit: open measures with no report this cycle
	TodoDrafts         = "drafts"          // office: a speech's drafts not yet decided (one line a speech)
	TodoMentions       = "mentions"        // everyone: comments naming them, not seen yet
	TodoIndicators     = "indicators"      // unit: indicator values to enter for an open half-year
	TodoRemarks        = "remarks"         // unit, leader: remarks a retreat still to come asks of them (one line a request)
)

// TodoItem is one line of the to-do list. Subject names what a line of a
// kind that comes once per thing is about (the speech whose drafts wait).
type TodoItem struct {
	Kind    string
	Count   int
	URL     string
	Subject string
}

// Todo lists what waits for actor, leaving out what is done (count 0).
func (a *App) Todo(ctx context.Context, actor model.Account) ([]TodoItem, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	// Every page shows the reader's to-do in its navigation: the counts
	// are remembered between requests until something is written.
	key := fmt.Sprintf("todo|%s|%s|%s|%t|%v", actor.Username, actor.Role, actor.Unit, IsAdmin(actor), t)
	items, err := remember(ctx, a, key, func(ctx context.Context) ([]TodoItem, error) { return a.todo(ctx, actor, t) })
	return slices.Clone(items), err
}

// todo counts what waits for actor on day t.
func (a *App) todo(ctx context.Context, actor model.Account, t model.Today) ([]TodoItem, error) {
	var items []TodoItem
	add := func(kind string, n int, err error, path string, query ...string) error {
		if err != nil || n == 0 {
			return err
		}
		v := url.Values{}
		for i := 0; i+1 < len(query); i += 2 {
			v.Set(query[i], query[i+1])
		}
		u := path
		if len(v) > 0 {
			u += "?" + v.Encode()
		}
		items = append(items, TodoItem{Kind: kind, Count: n, URL: u})
		return nil
	}
	period := model.HalfYearOf(t.Day).Code
	q := a.store.Queries
	switch {
	case IsOffice(actor):
		n, err := q.CountReviewQueue(ctx, model.ReviewFilter{Review: model.ReviewPending})
		if err := add(TodoReview, n, err, "/progress", "review", model.ReviewPending); err != nil {
			return nil, err
		}
		waiting, err := a.waitingReports(ctx, period)
		if err := add(TodoReportsWaiting, waiting, err, "/reports", "period", period, "state", ReportsWaiting); err != nil {
			return nil, err
		}
		f, err := a.measureFilter(ctx, model.MeasureFilter{Alert: model.AlertRed, Unreported: true})
		if err != nil {
			return nil, err
		}
		n, err = q.CountMeasures(ctx, f)
		if err := add(TodoRedUnreported, n, err, "/measures", "alert", string(model.AlertRed), "unreported", "1"); err != nil {
			return nil, err
		}
		open, err := q.OpenDrafts(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range open {
			items = append(items, TodoItem{Kind: TodoDrafts, Count: o.Count, Subject: o.MeetingTitle + " · " + o.ItemTitle,
				URL: fmt.Sprintf("/meetings/%d/items/%d/drafts", o.Meeting, o.Item)})
		}
		ps, err := q.Problems(ctx, model.ProblemFilter{Status: model.ProblemResolved})
		if err := add(TodoCloseOut, len(ps), err, "/problems", "status", model.ProblemResolved); err != nil {
			return nil, err
		}
		if IsAdmin(actor) {
			c, err := q.DeliveryCounts(ctx)
			if err := add(TodoDeliveries, c[model.DeliveryFailed], err, "/settings/deliveries", "state", model.DeliveryFailed); err != nil {
				return nil, err
			}
		}
	case actor.Role == model.RoleLeader:
		for _, c := range []struct {
			kind  string
			alert model.Alert
		}{{TodoRed, model.AlertRed}, {TodoOrange, model.AlertOrange}} {
			n, err := q.CountMeasures(ctx, model.MeasureFilter{Today: t, Leader: actor.Username, Alert: c.alert})
			if err := add(c.kind, n, err, "/measures", "leader", actor.Username, "alert", string(c.alert)); err != nil {
				return nil, err
			}
		}
		units, err := a.leaderUnits(ctx, t, actor.Username)
		if err != nil {
			return nil, err
		}
		if len(units) > 0 {
			waiting, err := a.waitingReports(ctx, period, units...)
			if err := add(TodoReportsWaiting, waiting, err, "/reports", "period", period, "state", ReportsWaiting, "leader", actor.Username); err != nil {
				return nil, err
			}
		}
	case actor.Role == model.RoleUnit && actor.Unit != "":
		n, err := q.CountMeasures(ctx, model.MeasureFilter{Today: t, Unit: actor.Unit, Alert: model.AlertRed})
		if err := add(TodoRed, n, err, "/measures", "unit", actor.Unit, "alert", string(model.AlertRed)); err != nil {
			return nil, err
		}
		f, err := a.measureFilter(ctx, model.MeasureFilter{Unit: actor.Unit, Unreported: true})
		if err != nil {
			return nil, err
		}
		n, err = q.CountMeasures(ctx, f)
		if err := add(TodoToReport, n, err, "/measures", "unit", actor.Unit, "unreported", "1"); err != nil {
			return nil, err
		}
		n, err = q.CountReviewQueue(ctx, model.ReviewFilter{Review: model.ReviewReturned, Unit: actor.Unit})
		if err := add(TodoReturned, n, err, "/progress", "review", model.ReviewReturned, "unit", actor.Unit); err != nil {
			return nil, err
		}
		if ip, ok, err := a.openIndicatorPeriod(ctx, t); err != nil {
			return nil, err
		} else if ok {
			n, err := a.indicatorsToEnter(ctx, actor, actor.Unit, ip)
			if err := add(TodoIndicators, n, err, "/indicators", "unit", actor.Unit, "period", ip, "missing", "1"); err != nil {
				return nil, err
			}
		}
		due, err := a.unitReportDue(ctx, t, actor.Unit, period)
		if err := add(TodoUnitReport, due, err, fmt.Sprintf("/reports/%s/%s", url.PathEscape(actor.Unit), period)); err != nil {
			return nil, err
		}
	}
	remarks, err := a.todoRemarks(ctx, actor, t)
	if err != nil {
		return nil, err
	}
	items = append(items, remarks...)
	n, err := q.UnreadNotices(ctx, actor.Username)
	if err := add(TodoUnread, n, err, "/notices", "tab", "mine", "unread", "1"); err != nil {
		return nil, err
	}
	n, err = q.CountUnseenMentions(ctx, actor.Username)
	if err := add(TodoMentions, min(n, model.MaxMentions), err, "/mentions", "unseen", "1"); err != nil {
		return nil, err
	}
	return items, nil
}

// ReportsWaiting is the report overview's filter for reports sent and not
// yet accepted or returned (submitted, or resubmitted after a return).
const ReportsWaiting = "waiting"

// IsWaiting reports whether a report state waits for the office.
func IsWaiting(state string) bool {
	return state == model.ReportSubmitted || state == model.ReportResubmitted
}

// waitingReports counts the period's reports waiting for the office, of
// the given units only when there are any.
func (a *App) waitingReports(ctx context.Context, period string, units ...string) (int, error) {
	rs, err := a.store.UnitReports(ctx, model.ReportFilter{Period: period})
	n := 0
	for _, r := range rs {
		if IsWaiting(r.State) && (len(units) == 0 || slices.Contains(units, r.Unit)) {
			n++
		}
	}
	return n, err
}

// leaderUnits are the units in leader's portfolio on day t.
func (a *App) leaderUnits(ctx context.Context, t model.Today, leader string) ([]string, error) {
	all, err := a.store.Portfolios(ctx)
	if err != nil {
		return nil, err
	}
	return all.At(t.Day)[leader].Units, nil
}

// LeaderUnits are the units in leader's portfolio today, for lists that
// narrow to them.
func (a *App) LeaderUnits(ctx context.Context, leader string) ([]string, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	return a.leaderUnits(ctx, t, leader)
}

// openIndicatorPeriod is the half-year whose indicator values units enter
// now: the one just ended while the office has not locked it, else the
// current one from its last month on (as the half-year report).
func (a *App) openIndicatorPeriod(ctx context.Context, t model.Today) (string, bool, error) {
	cur := model.HalfYearOf(t.Day)
	prev := model.HalfYearOf(cur.Start.AddDays(-1))
	locks, err := a.store.PeriodLocks(ctx)
	if err != nil {
		return "", false, err
	}
	if _, locked := locks[prev.Code]; !locked {
		return prev.Code, true, nil
	}
	if _, locked := locks[cur.Code]; !locked && t.Day >= cur.End.AddDays(-30) {
		return cur.Code, true, nil
	}
	return "", false, nil
}

// indicatorsToEnter counts unit's indicators whose value for period the
// office opened (a target or baseline set) and that still lack the actual
// figure: the rows of the indicator list with missing=1.
func (a *App) indicatorsToEnter(ctx context.Context, actor model.Account, unit, period string) (int, error) {
	lines, err := a.Indicators(ctx, actor, model.IndicatorFilter{Unit: unit}, period)
	n := 0
	for _, l := range lines {
		if IndicatorMissing(l) {
			n++
		}
	}
	return n, err
}

// IndicatorMissing reports whether a unit still has to enter an indicator's
// actual figure for the line's half-year.
func IndicatorMissing(l IndicatorLine) bool { return l.Entered && l.Value.Actual == nil && !l.Locked }

// unitReportDue is 1 when the unit's half-year report waits for it: it was
// returned, or started and not sent, or the half-year's last month has
// come and it is not begun.
func (a *App) unitReportDue(ctx context.Context, t model.Today, unit, period string) (int, error) {
	u, err := a.store.Unit(ctx, unit)
	if err != nil || u.Kind == model.UnitLeadership {
		return 0, err
	}
	r, err := a.store.UnitReport(ctx, unit, period)
	state := r.State
	if model.ErrorCode(err) == model.ENOTFOUND {
		state, err = model.ReportNotStarted, nil
	}
	if err != nil {
		return 0, err
	}
	switch state {
	case model.ReportReturned, model.ReportDraft:
		return 1, nil
	case model.ReportNotStarted:
		if p := model.HalfYearOf(t.Day); t.Day >= p.End.AddDays(-30) {
			return 1, nil
		}
	}
	return 0, nil
}

// ReviewQueue lists progress reports by review state across measures: the
// office's queue of reports to review, or a unit's returned reports. A
// unit account sees its own unit's only.
func (a *App) ReviewQueue(ctx context.Context, actor model.Account, f model.ReviewFilter) ([]model.QueuedReport, string, error) {
	if err := canRead(actor); err != nil {
		return nil, "", err
	}
	if !IsOffice(actor) && actor.Role != model.RoleLeader {
		if actor.Role != model.RoleUnit || actor.Unit == "" {
			return nil, "", forbidden("see the review queue")
		}
		f.Unit = actor.Unit
	}
	return a.store.ReviewQueue(ctx, f)
}

// ReviewMany accepts (or returns, with one comment) several progress
// reports at once, as the office does from its queue: one transaction, one
// audit event per report, so each measure's history shows its review.
// Reports reviewed or withdrawn meanwhile make the whole batch a conflict,
// naming the first, and nothing is written.
func (a *App) ReviewMany(ctx context.Context, actor model.Account, ids []int64, review, comment string) error {
	if !CanReview(actor) {
		return forbidden("review progress reports")
	}
	if err := RequirePasswordChanged(actor); err != nil {
		return err
	}
	if len(ids) == 0 {
		return model.Invalid("ids", "choose at least one report")
	}
	if len(ids) > model.MaxReviewLimit {
		return model.Invalid("ids", "at most %d reports at once", model.MaxReviewLimit)
	}
	if review == model.ReviewReturned && comment == "" {
		return model.Invalid("comment", "say why the reports are returned")
	}
	if review != model.ReviewAccepted && review != model.ReviewReturned {
		return model.Invalid("review", "must be accepted or returned")
	}
	return a.write(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			r, _, err := tx.ProgressReport(ctx, id)
			if err != nil {
				return err
			}
			if r.Review != model.ReviewPending {
				return model.Errorf(model.ECONFLICT, "progress report %d on %s is %s already", id, r.Measure, r.Review)
			}
			before := r
			r.Review, r.Comment = review, comment
			if err := tx.ReviewProgress(ctx, id, review, comment); err != nil {
				return err
			}
			if err := tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor.Username, Action: "review_progress", Entity: "measure",
				EntityID: r.Measure, Before: marshal(before), After: marshal(r)}); err != nil {
				return err
			}
		}
		return nil
	})
}
