package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// The reminders ladder for study campaigns: the daily job looks at every
// campaign still running (or whose summaries came due lately) and, for
// each unit's requirement not met, issues what it issues for a measure:
//   - before its day, a due reminder (到期提醒) at each of the rules'
//     RemindDays, to the unit's accounts;
//   - once missed, with the ladder on, a reminder (提醒单) the day after to
//     the unit's accounts, and a supervision notice (督办单) to them and
//     the office when it is still missed campaignEscalateDays later.
//
// Each occasion (kind, campaign, requirement, unit, its day, step) gives
// one notice, however often the job looks.

// campaignEscalateDays is how long a missed requirement waits between 提醒单
// and 督办单.
const campaignEscalateDays = 7

// campaignLookBack: a campaign whose end and summaries lie further back is
// not looked at any more.
const campaignLookBack = 92

// campaignOccasion names a campaign notice's occasion; req is the
// requirement's seq, or "summary".
func campaignOccasion(kind model.NoticeKind, campaign int64, req, unit string, due model.Date, step int) string {
	return fmt.Sprintf("campaign:%s:%d:%s:%s:%s:%d", kind, campaign, req, unit, due, step)
}

// planCampaignNotices works out the campaign notices due on t.Day that
// have not been issued yet.
func (a *App) planCampaignNotices(ctx context.Context, t model.Today, r model.NoticeRules) ([]plannedNotice, error) {
	cs, err := a.store.Campaigns(ctx, t.Day.AddDays(-campaignLookBack), t.Day)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	type pending struct {
		n     model.Notice
		unit  string
		kind  model.NoticeKind
		title string
	}
	var all []pending
	var occasions []string
	for _, c := range cs {
		if c.End < t.Day.AddDays(-campaignLookBack) && c.SummaryDue < t.Day.AddDays(-campaignLookBack) {
			continue
		}
		m, err := a.store.CampaignCompletion(ctx, c.ID, t.Day)
		if err != nil {
			return nil, err
		}
		for _, row := range m.Rows {
			cells := append([]model.CompletionCell{}, row.Cells...)
			cells = append(cells, row.Summary)
			for i, cell := range cells {
				req, title := "summary", c.Title+" · 学习总结"
				if i < len(c.Requirements) {
					req, title = fmt.Sprint(c.Requirements[i].Seq), c.Title+" · "+c.Requirements[i].Title
				}
				tr, ok := campaignTrigger(r, c.ID, req, row.Unit, cell, t.Day)
				if !ok {
					continue
				}
				progress := 0
				if cell.Required > 0 {
					progress = min(100, cell.Held*100/cell.Required)
				}
				n := model.Notice{Kind: tr.Kind, Year: t.Day.Time().Year(), Day: t.Day, Unit: row.Unit, Trigger: tr.Key}
				n.Snapshot = model.NoticeSnapshot{Title: title, LeadUnitName: row.UnitName, Due: tr.Due, DaysLeft: tr.DaysLeft,
					Progress: progress, Status: model.OnTrack, Alert: model.AlertYellow, Campaign: c.ID}
				if tr.Due < t.Day {
					n.Snapshot.DaysOverdue, n.Snapshot.Status, n.Snapshot.Alert = int(t.Day-tr.Due), model.Overdue, model.AlertRed
				}
				all = append(all, pending{n: n, unit: row.Unit, kind: tr.Kind, title: title})
				occasions = append(occasions, tr.Key)
			}
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	have, err := a.store.NoticeOccasions(ctx, occasions)
	if err != nil {
		return nil, err
	}
	au, err := a.noticeAudience(ctx)
	if err != nil {
		return nil, err
	}
	var out []plannedNotice
	for _, p := range all {
		if have[p.n.Trigger] {
			continue
		}
		set := map[string]bool{}
		for _, acct := range au.unitAccounts[p.unit] {
			set[acct] = true
		}
		if p.kind == model.NoticeSupervision {
			for _, acct := range au.office {
				set[acct] = true
			}
		}
		for acct := range set {
			p.n.Recipients = append(p.n.Recipients, acct)
		}
		sort.Strings(p.n.Recipients)
		out = append(out, plannedNotice{notice: p.n})
	}
	return out, nil
}

// campaignTrigger is the occasion, if any, cell gives on day today: a due
// reminder at the smallest of RemindDays not less than the days left, or,
// once missed and with the ladder on, 提醒单 then 督办单.
func campaignTrigger(r model.NoticeRules, campaign int64, req, unit string, cell model.CompletionCell, today model.Date) (model.Trigger, bool) {
	switch cell.State {
	case model.CellDueSoon, model.CellOpen:
		left := int(cell.Due - today)
		n := -1
		for _, d := range r.RemindDays {
			if left >= 0 && left <= d && (n < 0 || d < n) {
				n = d
			}
		}
		if n < 0 {
			return model.Trigger{}, false
		}
		return model.Trigger{Kind: model.NoticeDue, Key: campaignOccasion(model.NoticeDue, campaign, req, unit, cell.Due, n),
			Due: cell.Due, DaysLeft: left}, true
	case model.CellMissed:
		if !r.Ladder {
			return model.Trigger{}, false
		}
		kind := model.NoticeReminder
		if int(today-cell.Missed) > campaignEscalateDays {
			kind = model.NoticeSupervision
		}
		return model.Trigger{Kind: kind, Key: campaignOccasion(kind, campaign, req, unit, cell.Missed, 0), Due: cell.Missed}, true
	}
	return model.Trigger{}, false
}
