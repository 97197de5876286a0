package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// A page of measures holds DefaultMeasureLimit of them unless the caller
// asks for another number, at most MaxMeasureLimit.
const (
	DefaultMeasureLimit = store.DefaultMeasureLimit
	MaxMeasureLimit     = store.MaxMeasureLimit
)

// Measures lists measures; everyone signed in sees all of them.
func (a *App) Measures(ctx context.Context, actor model.Account, f model.MeasureFilter) ([]model.Measure, string, error) {
	f, err := a.measureFilter(ctx, f)
	if err != nil {
		return nil, "", err
	}
	return a.store.Measures(ctx, f)
}

// StatusCounts counts the measures of a filter by status.
func (a *App) StatusCounts(ctx context.Context, actor model.Account, f model.MeasureFilter) (map[model.Status]int, error) {
	f, err := a.measureFilter(ctx, f)
	if err != nil {
		return nil, err
	}
	return a.store.StatusCounts(ctx, f)
}

// measureFilter completes f with today and, for Unreported, the day the
// current reporting cycle began (the reminder rules' ReportEvery; with the
// cycle turned off, no measure is unreported).
func (a *App) measureFilter(ctx context.Context, f model.MeasureFilter) (model.MeasureFilter, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return f, err
	}
	f.Today = t
	if f.Unreported {
		r, err := a.NoticeRules(ctx)
		if err != nil {
			return f, err
		}
		f.ReportSince = t.Day.AddDays(-r.ReportEvery)
		if r.ReportEvery <= 0 {
			f.ReportSince = 0 // no measure began before day 0: none match
		}
	}
	return f, nil
}

// Board returns the supervision board.
func (a *App) Board(ctx context.Context, actor model.Account, f model.BoardFilter) (*model.Board, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	f.Today = t
	return a.store.Board(ctx, f)
}

// A page of progress reports holds DefaultProgressLimit of them unless the
// caller asks for another number, at most MaxProgressLimit.
const (
	DefaultProgressLimit = store.DefaultProgressLimit
	MaxProgressLimit     = store.MaxProgressLimit
)

// ProgressPage is one page of a measure's reports, newest first, each with
// its files, and the cursor of the next page ("" at the end).
type ProgressPage struct {
	Measure model.Measure
	Reports []model.ProgressReport
	Next    string
}

// ProgressReports returns one page of the reports of the measure code:
// limit of them (0: DefaultProgressLimit; at most MaxProgressLimit) with an id below before (0: from the newest).
func (a *App) ProgressReports(ctx context.Context, actor model.Account, code string, limit int, before int64) (ProgressPage, error) {
	var p ProgressPage
	if err := canRead(actor); err != nil {
		return p, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return p, err
	}
	if p.Measure, err = a.store.Measure(ctx, code, t); err != nil {
		return p, err
	}
	f := store.ProgressFilter{Measure: p.Measure.ID, Code: code, Limit: limit, Before: before}
	if p.Reports, p.Next, err = a.store.ProgressPage(ctx, f); err != nil || len(p.Reports) == 0 {
		return p, err
	}
	files, err := a.store.ReportEvidence(ctx, p.Measure.ID, code, p.Reports[len(p.Reports)-1].ID, p.Reports[0].ID)
	if err != nil {
		return p, err
	}
	at := make(map[int64]int, len(p.Reports))
	for i, r := range p.Reports {
		at[r.ID] = i
	}
	for _, e := range files {
		if i, ok := at[e.Report]; ok {
			p.Reports[i].Evidence = append(p.Reports[i].Evidence, e)
		}
	}
	cutEvidence(p.Reports, RightsOn(actor, p.Measure))
	return p, nil
}

// MeasureDetail is everything the measure page shows.
type MeasureDetail struct {
	Measure  model.Measure
	Reports  []model.ProgressReport
	Comments []model.Comment
	// History is the measure's audit events, nil for a reader who may not
	// read them (May.SeeHistory); reports' files are cut the same way.
	History []model.AuditEvent
	// May is what the reader may do with the measure.
	May MeasureRights
	// Source is the agenda item the measure came from, with its meeting.
	SourceItem    *model.AgendaItem
	SourceMeeting int64
	SourceText    string
}

// Measure returns one measure with its reports, comments and history, cut
// to what actor may see: the reports' files only for those who may open
// them, the history only for those who may read it (the rules of
// permission.go and audit.go), so the page and the API show the same.
func (a *App) Measure(ctx context.Context, actor model.Account, code string) (MeasureDetail, error) {
	var d MeasureDetail
	if err := canRead(actor); err != nil {
		return d, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return d, err
	}
	if d.Measure, err = a.store.Measure(ctx, code, t); err != nil {
		return d, err
	}
	d.May = RightsOn(actor, d.Measure)
	if d.Reports, err = a.store.ProgressReports(ctx, d.Measure.ID, code); err != nil {
		return d, err
	}
	files, err := a.store.MeasureEvidence(ctx, d.Measure.ID, code)
	if err != nil {
		return d, err
	}
	for _, e := range files {
		for i := range d.Reports {
			if d.Reports[i].ID == e.Report {
				d.Reports[i].Evidence = append(d.Reports[i].Evidence, e)
			}
		}
	}
	if d.Comments, err = a.store.Comments(ctx, d.Measure.ID, code); err != nil {
		return d, err
	}
	cutEvidence(d.Reports, d.May)
	if err := a.markWithdrawable(ctx, actor, d.Reports); err != nil {
		return d, err
	}
	if d.May.SeeHistory {
		if d.History, err = a.store.AuditEvents(ctx, "measure", code, 100); err != nil {
			return d, err
		}
	}
	if id := d.Measure.Source.AgendaItem; id != 0 {
		it, meeting, err := a.store.AgendaItem(ctx, id)
		if err != nil {
			return d, err
		}
		d.SourceItem, d.SourceMeeting = &it, meeting
		s, e := d.Measure.Source.Start, d.Measure.Source.End
		if 0 <= s && s < e && e <= len(it.Text) {
			d.SourceText = it.Text[s:e]
		}
	}
	return d, nil
}

// MeasurePatch is a change to a measure: nil fields stay as they are.
type MeasurePatch struct {
	Title            *string
	Detail           *string
	Theme            *string
	Period           *string
	LeadUnit         *string
	CooperatingUnits *[]string
	Leader           *string
	Owner            *string
	Start            *model.Date
	Due              *model.Date
	Deadline         *string
	Priority         *int
	Milestones       *[]model.Milestone
	Cancelled        *bool
	Recur            *string
}

// officeOnlyField names the first field set that only the office may
// change: the rest (detail, owner, milestones) the lead unit may too, how
// the work is organised, not what was asked of it or by when.
func (p MeasurePatch) officeOnlyField() string {
	switch {
	case p.Title != nil:
		return "title"
	case p.Theme != nil:
		return "theme"
	case p.Period != nil:
		return "period"
	case p.LeadUnit != nil:
		return "lead_unit"
	case p.CooperatingUnits != nil:
		return "cooperating_units"
	case p.Leader != nil:
		return "leader"
	case p.Start != nil:
		return "start"
	case p.Due != nil:
		return "due"
	case p.Deadline != nil:
		return "deadline"
	case p.Priority != nil:
		return "priority"
	case p.Cancelled != nil:
		return "cancelled"
	case p.Recur != nil:
		return "recur"
	}
	return ""
}

func (p MeasurePatch) apply(m *model.Measure) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&m.Title, p.Title)
	set(&m.Detail, p.Detail)
	set(&m.Theme, p.Theme)
	set(&m.Period, p.Period)
	set(&m.LeadUnit, p.LeadUnit)
	set(&m.Leader, p.Leader)
	set(&m.Owner, p.Owner)
	set(&m.Recur, p.Recur)
	if p.CooperatingUnits != nil {
		m.CooperatingUnits = append([]string{}, (*p.CooperatingUnits)...)
	}
	if p.Start != nil {
		m.Start = *p.Start
	}
	if p.Due != nil {
		m.Due = *p.Due
		m.Deadline = ""
		if *p.Due == 0 {
			m.Deadline = "长期坚持"
		}
	}
	set(&m.Deadline, p.Deadline)
	if p.Priority != nil {
		m.Priority = *p.Priority
	}
	if p.Milestones != nil {
		m.Milestones = append([]model.Milestone{}, (*p.Milestones)...)
	}
	if p.Cancelled != nil {
		m.Cancelled = *p.Cancelled
	}
}

// CreateMeasure adds a measure (office). Its code is the period's next one
// unless m.Code is set (imports keep theirs).
func (a *App) CreateMeasure(ctx context.Context, actor model.Account, m *model.Measure) error {
	if !CanManage(actor) {
		return forbidden("create measures")
	}
	if m.Code != "" && !model.ValidMeasureCode(m.Code) {
		return model.Invalid("code", "%q is not a measure code like 2024H2-017", m.Code)
	}
	m.Progress, m.Cancelled = 0, false
	t, err := a.Today(ctx)
	if err != nil {
		return err
	}
	if err := a.resolveDeadline(ctx, a.store, m, a.saidOn(ctx, *m, t.Day)); err != nil {
		return err
	}
	if err := m.Normalize(); err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "measure", func(tx *store.Tx, ev *Event) error {
		if err := a.insertMeasure(ctx, tx, t, m); err != nil {
			return err
		}
		ev.ID, ev.After = m.Code, m
		return nil
	})
}

// saveMeasure writes a changed, checked measure inside tx: it records the
// measure's period and derives its status for t.
func saveMeasure(ctx context.Context, tx *store.Tx, t model.Today, m *model.Measure) error {
	p, _ := model.PeriodFromCode(m.Period)
	if err := tx.EnsurePeriod(ctx, p); err != nil {
		return err
	}
	if err := tx.UpdateMeasure(ctx, m); err != nil {
		return err
	}
	m.Derive(t.Day, t.Thresholds)
	return nil
}

// insertMeasure writes a normalized new measure inside tx: it checks the
// units, accounts and source it names, records its period, gives it the
// period's next code unless it has one, and derives its status for t.
func (a *App) insertMeasure(ctx context.Context, tx *store.Tx, t model.Today, m *model.Measure) error {
	if err := a.checkRefs(ctx, tx, m); err != nil {
		return err
	}
	// A deactivated or merged unit keeps its old measures but takes no new
	// one (a recurring measure's next occurrence continues its series). A
	// new measure without a leader in charge gets the one whose portfolio
	// (分管) holds its lead unit, else its theme.
	if m.RecurPrev == 0 {
		if m.Leader == "" {
			ps, err := tx.Portfolios(ctx)
			if err != nil {
				return err
			}
			m.Leader = ps.LeaderOf(m.LeadUnit, m.Theme, t.Day)
		}
		if err := refuseInactive(ctx, tx, "lead_unit", m.LeadUnit); err != nil {
			return err
		}
		if err := refuseInactive(ctx, tx, "cooperating_units", m.CooperatingUnits...); err != nil {
			return err
		}
	}
	p, _ := model.PeriodFromCode(m.Period)
	if err := tx.EnsurePeriod(ctx, p); err != nil {
		return err
	}
	if m.Source.AgendaItem != 0 {
		it, _, err := tx.AgendaItem(ctx, m.Source.AgendaItem)
		if err != nil {
			return model.Invalid("source", "unknown agenda item %d", m.Source.AgendaItem)
		}
		if m.Source.Start < 0 || m.Source.End < m.Source.Start || m.Source.End > len(it.Text) {
			return model.Invalid("source", "span %d–%d lies outside the agenda item's text", m.Source.Start, m.Source.End)
		}
	}
	if m.Code == "" {
		code, err := tx.NextMeasureCode(ctx, p)
		if err != nil {
			return err
		}
		m.Code = code
	}
	if err := tx.InsertMeasure(ctx, m); err != nil {
		return err
	}
	m.Derive(t.Day, t.Thresholds)
	return nil
}

// UpdateMeasure applies a patch to a measure. The office may change every
// field; a unit account of the lead unit the detail, the owner and the
// milestones (CanEdit); a cooperating unit none.
func (a *App) UpdateMeasure(ctx context.Context, actor model.Account, code string, p MeasurePatch) (model.Measure, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return model.Measure{}, err
	}
	var out model.Measure
	err = a.change(ctx, actor, "update", "measure", func(tx *store.Tx, ev *Event) error {
		m, err := tx.Measure(ctx, code, t)
		if err != nil {
			return err
		}
		if !CanEdit(actor, m) {
			return forbidden("change measure " + code)
		}
		if f := p.officeOnlyField(); f != "" && !IsOffice(actor) {
			return &model.Error{Code: model.EFORBIDDEN, Field: f, Message: "only the office may change " + f}
		}
		before := m
		p.apply(&m)
		if m.Deadline != before.Deadline && model.SaidDayDeadline(m.Deadline) {
			if err := a.resolveDeadline(ctx, tx, &m, a.saidOn(ctx, m, t.Day)); err != nil {
				return err
			}
		}
		if err := m.Normalize(); err != nil {
			return err
		}
		if err := a.checkRefs(ctx, tx, &m); err != nil {
			return err
		}
		// A deactivated unit stays where it was but is given nothing new.
		if m.LeadUnit != before.LeadUnit {
			if err := refuseInactive(ctx, tx, "lead_unit", m.LeadUnit); err != nil {
				return err
			}
		}
		for _, u := range m.CooperatingUnits {
			if !slices.Contains(before.CooperatingUnits, u) {
				if err := refuseInactive(ctx, tx, "cooperating_units", u); err != nil {
					return err
				}
			}
		}
		if err := saveMeasure(ctx, tx, t, &m); err != nil {
			return err
		}
		out = m
		ev.ID, ev.Before, ev.After = code, before, m
		return nil
	})
	return out, err
}

// saidOn is the day a measure's deadline was said: its meeting's day when
// it comes from a meeting's words, else today.
func (a *App) saidOn(ctx context.Context, m model.Measure, today model.Date) model.Date {
	if m.Source.AgendaItem == 0 {
		return today
	}
	_, meetingID, err := a.store.AgendaItem(ctx, m.Source.AgendaItem)
	if err != nil {
		return today
	}
	mt, err := a.store.Meeting(ctx, meetingID)
	if err != nil || mt.Date == 0 {
		return today
	}
	return mt.Date
}

// refReader is what reference checks read: the store or a transaction.
type refReader interface {
	UnitExists(context.Context, string) (bool, error)
	Account(context.Context, string) (model.Account, error)
}

// checkRefs checks that the units and accounts a measure names exist, with
// the field that names a missing one.
func (a *App) checkRefs(ctx context.Context, q refReader, m *model.Measure) error {
	if m.LeadUnit == "" {
		return model.Invalid("lead_unit", "is required")
	}
	if err := checkUnits(ctx, q, m.LeadUnit, m.CooperatingUnits); err != nil {
		return err
	}
	if err := checkLeader(ctx, q, m.Leader); err != nil {
		return err
	}
	if m.Owner != "" {
		if _, err := q.Account(ctx, m.Owner); model.ErrorCode(err) == model.ENOTFOUND {
			return model.Invalid("owner", "unknown account %q", m.Owner)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// checkUnits checks that a lead unit (when given) and cooperating units exist.
func checkUnits(ctx context.Context, q refReader, lead string, cooperating []string) error {
	for i, u := range append([]string{lead}, cooperating...) {
		if u == "" && i == 0 {
			continue
		}
		ok, err := q.UnitExists(ctx, u)
		if err != nil {
			return err
		}
		if !ok {
			field := "lead_unit"
			if i > 0 {
				field = "cooperating_units"
			}
			return model.Invalid(field, "unknown unit %q", u)
		}
	}
	return nil
}

// checkLeader checks that a leader in charge names a leader's account.
func checkLeader(ctx context.Context, q refReader, leader string) error {
	if leader == "" {
		return nil
	}
	acct, err := q.Account(ctx, leader)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.Invalid("leader", "unknown account %q", leader)
	} else if err != nil {
		return err
	}
	if acct.Role != model.RoleLeader {
		return model.Invalid("leader", "%s is not a leader's account", leader)
	}
	return nil
}

// ReportProgress files a progress report on a measure, with the evidence
// files in r.Evidence, in one transaction. It moves the measure's progress,
// and with it the derived status, and answers where the measure now stands:
// derived in the change from the row it read, so filing a report reads
// nothing after its commit.
func (a *App) ReportProgress(ctx context.Context, actor model.Account, code string, r *model.ProgressReport) (model.Standing, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return model.Standing{}, err
	}
	if err := r.Validate(t.Day); err != nil {
		return model.Standing{}, err
	}
	if err := checkEvidence(actor, r.Evidence, 0); err != nil {
		return model.Standing{}, err
	}
	r.Author, r.Measure, r.Review, r.Comment = actor.Username, code, model.ReviewPending, ""
	var st model.Standing
	err = a.change(ctx, actor, "report_progress", "measure", func(tx *store.Tx, ev *Event) error {
		m, err := tx.ReportTarget(ctx, code, actor.Unit)
		if err != nil {
			return err
		}
		if !canReportInvolved(actor, m.Involved) {
			return forbidden("report progress on " + code)
		}
		if m.Cancelled {
			return model.Errorf(model.ECONFLICT, "measure %s is cancelled", code)
		}
		if r.Date < m.Start.AddDays(-31) {
			return model.Invalid("date", "is long before the measure starts (%s)", m.Start)
		}
		if err := tx.InsertProgress(ctx, m.ID, r); err != nil {
			return err
		}
		for i := range r.Evidence {
			r.Evidence[i].Measure = code
			if err := tx.InsertEvidence(ctx, m.ID, r.ID, &r.Evidence[i]); err != nil {
				return err
			}
		}
		ev.ID = code
		ev.Before = map[string]any{"progress": m.Progress}
		ev.After = r
		st.Progress = r.Percent
		st.Status, st.Alert = model.Derive(m.Cancelled, r.Percent, m.Start, m.Due, t.Day, t.Thresholds)
		return nil
	})
	if err != nil {
		return model.Standing{}, err
	}
	return st, nil
}

// ReviewProgress accepts or returns a progress report with a comment (office).
func (a *App) ReviewProgress(ctx context.Context, actor model.Account, id int64, review, comment string) error {
	if !CanReview(actor) {
		return forbidden("review progress reports")
	}
	comment = strings.TrimSpace(comment)
	switch review {
	case model.ReviewAccepted:
	case model.ReviewReturned:
		if comment == "" {
			return model.Invalid("comment", "say why the report is returned")
		}
	default:
		return model.Invalid("review", "must be accepted or returned")
	}
	if len([]rune(comment)) > 2000 {
		return model.Invalid("comment", "must be at most 2000 characters")
	}
	return a.change(ctx, actor, "review_progress", "measure", func(tx *store.Tx, ev *Event) error {
		r, _, err := tx.ProgressReport(ctx, id)
		if err != nil {
			return err
		}
		if r.Review == model.ReviewWithdrawn {
			return model.Errorf(model.ECONFLICT, "progress report %d was withdrawn by its unit", id)
		}
		ev.ID = r.Measure
		ev.Before = r
		r.Review, r.Comment = review, comment
		ev.After = r
		return tx.ReviewProgress(ctx, id, review, comment)
	})
}

// CanWithdrawProgress reports whether a may take back r (撤回), a report on
// a measure filed by author: the author, or an account of the author's
// unit (a liaison takes back what a colleague sent by mistake).
func CanWithdrawProgress(a model.Account, r model.ProgressReport, author model.Account) bool {
	return a.Username == r.Author || (a.Role == model.RoleUnit && a.Unit != "" && author.Role == model.RoleUnit && author.Unit == a.Unit)
}

// markWithdrawable sets MayWithdraw on the reports waiting for review that
// actor may take back, reading their authors' accounts in one query.
func (a *App) markWithdrawable(ctx context.Context, actor model.Account, rs []model.ProgressReport) error {
	var authors []string
	for _, r := range rs {
		if r.Review == model.ReviewPending && !slices.Contains(authors, r.Author) {
			authors = append(authors, r.Author)
		}
	}
	if len(authors) == 0 {
		return nil
	}
	accts, err := a.store.AccountsBy(ctx, store.AccountFilter{Usernames: authors})
	if err != nil {
		return err
	}
	byName := make(map[string]model.Account, len(accts))
	for _, ac := range accts {
		byName[ac.Username] = ac
	}
	for i, r := range rs {
		rs[i].MayWithdraw = r.Review == model.ReviewPending && CanWithdrawProgress(actor, r, byName[r.Author])
	}
	return nil
}

// WithdrawProgress takes back a progress report before the office has
// reviewed it: the report stays, marked withdrawn, and no longer counts;
// the measure's progress goes back to the latest report still counting.
// One audit event; it answers with the measure as it now stands.
func (a *App) WithdrawProgress(ctx context.Context, actor model.Account, id int64) (model.Measure, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return model.Measure{}, err
	}
	var m model.Measure
	err = a.change(ctx, actor, "withdraw_progress", "measure", func(tx *store.Tx, ev *Event) error {
		r, measureID, err := tx.ProgressReport(ctx, id)
		if err != nil {
			return err
		}
		author, err := tx.Account(ctx, r.Author)
		if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
			return err
		}
		if !CanWithdrawProgress(actor, r, author) {
			return forbidden("withdraw this progress report")
		}
		ev.ID, ev.Before = r.Measure, r
		if _, err := tx.WithdrawProgress(ctx, id, measureID); err != nil {
			return err
		}
		r.Review = model.ReviewWithdrawn
		ev.After = r
		m, err = tx.Measure(ctx, r.Measure, t)
		return err
	})
	return m, err
}

// AddComment records a remark on a measure and returns it as stored.
func (a *App) AddComment(ctx context.Context, actor model.Account, code, text string) (model.Comment, error) {
	c := model.Comment{Measure: code, Author: actor.Username, Text: strings.TrimSpace(text)}
	if c.Text == "" {
		return c, model.Invalid("text", "is required")
	}
	if n := len([]rune(c.Text)); n > 2000 {
		return c, model.Invalid("text", "must be at most 2000 characters (got %d)", n)
	}
	t, err := a.Today(ctx)
	if err != nil {
		return c, err
	}
	if strings.ContainsAny(c.Text, "@＠") {
		accts, err := a.store.Accounts(ctx)
		if err != nil {
			return c, err
		}
		c.Mentions = model.Mentions(c.Text, actor.Username, accts)
	}
	err = a.change(ctx, actor, "comment", "measure", func(tx *store.Tx, ev *Event) error {
		m, err := tx.Measure(ctx, code, t)
		if err != nil {
			return err
		}
		if !CanComment(actor, m) {
			return forbidden(fmt.Sprintf("comment on %s", code))
		}
		ev.ID, ev.After = code, &c
		if err := tx.InsertComment(ctx, m.ID, &c); err != nil {
			return err
		}
		return tx.InsertMentions(ctx, c.ID, c.Mentions)
	})
	return c, err
}

// Mentions lists the comments that name actor (@姓名), newest first; with
// unseen, only those on measures actor has not opened since.
func (a *App) Mentions(ctx context.Context, actor model.Account, unseen bool) ([]model.Mention, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	return a.store.Mentions(ctx, actor.Username, unseen, model.MaxMentions)
}

// SeeMentions marks the comments naming actor on measure code seen, as the
// measure page does when actor opens it. Nothing is written when there is
// nothing to mark.
func (a *App) SeeMentions(ctx context.Context, actor model.Account, m model.Measure) error {
	if n, err := a.store.CountUnseenMentions(ctx, actor.Username); err != nil || n == 0 {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error { return tx.SeeMentions(ctx, actor.Username, m.ID) })
}
