package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Reminders by hand (提醒单): the office chooses measures on a list and
// sends each lead unit a numbered reminder at once, after seeing what will
// be issued. Each measure gets at most one hand reminder a day, so a
// repeated or overlapping request issues nothing twice.

// MaxReminders is how many measures one request reminds at most.
const MaxReminders = 200

// Why a chosen measure gets no reminder.
const (
	RemindSkipClosed   = "closed"   // completed or cancelled
	RemindSkipReminded = "reminded" // already reminded by hand today
)

// ReminderLine is one chosen measure in the preview: who would receive its
// reminder, or why it gets none.
type ReminderLine struct {
	Measure    model.Measure
	Recipients []string // account usernames
	Skip       string
}

// noticeAudience is who notices go to: each unit's accounts and the
// office's (enabled accounts only), with everyone's display name and each
// unit's name.
type noticeAudience struct {
	unitName     map[string]string
	unitAccounts map[string][]string
	office       []string
	names        map[string]string
}

func (a *App) noticeAudience(ctx context.Context) (noticeAudience, error) {
	au := noticeAudience{unitName: map[string]string{}, unitAccounts: map[string][]string{}, names: map[string]string{}}
	units, err := a.store.Units(ctx)
	if err != nil {
		return au, err
	}
	for _, u := range units {
		au.unitName[u.Code] = u.Name
	}
	accts, err := a.store.Accounts(ctx)
	if err != nil {
		return au, err
	}
	for _, ac := range accts {
		au.names[ac.Username] = ac.Name
		if ac.Disabled {
			continue
		}
		switch ac.Role {
		case model.RoleUnit:
			au.unitAccounts[ac.Unit] = append(au.unitAccounts[ac.Unit], ac.Username)
		case model.RoleOffice:
			au.office = append(au.office, ac.Username)
		}
	}
	return au, nil
}

// handOccasion names a hand reminder's occasion: one per measure a day.
func handOccasion(code string, day model.Date) string { return fmt.Sprintf("hand:%s:%s", code, day) }

// PlanReminders shows the office what reminding the chosen measures would
// issue, in the order chosen. An unknown code is refused, naming it.
func (a *App) PlanReminders(ctx context.Context, actor model.Account, codes []string) ([]ReminderLine, error) {
	p, err := a.planReminders(ctx, actor, codes)
	if err != nil {
		return nil, err
	}
	return p.lines, nil
}

// reminderPlan is what reminding the chosen measures reads: the lines, the
// day and the audience the notices are made for.
type reminderPlan struct {
	lines []ReminderLine
	today model.Today
	au    noticeAudience
}

func (a *App) planReminders(ctx context.Context, actor model.Account, codes []string) (reminderPlan, error) {
	var p reminderPlan
	if !CanManage(actor) {
		return p, forbidden("send reminders")
	}
	codes = cleanCodes(codes)
	if len(codes) == 0 {
		return p, model.Invalid("measures", "choose at least one measure")
	}
	if len(codes) > MaxReminders {
		return p, model.Invalid("measures", "at most %d measures at once", MaxReminders)
	}
	t, err := a.Today(ctx)
	if err != nil {
		return p, err
	}
	p.today = t
	ms, _, err := a.store.Measures(ctx, model.MeasureFilter{Today: t, Codes: codes, Limit: MaxMeasureLimit})
	if err != nil {
		return p, err
	}
	byCode := make(map[string]model.Measure, len(ms))
	occasions := make([]string, 0, len(ms))
	for _, m := range ms {
		byCode[m.Code] = m
		occasions = append(occasions, handOccasion(m.Code, t.Day))
	}
	have, err := a.store.NoticeOccasions(ctx, occasions)
	if err != nil {
		return p, err
	}
	au, err := a.noticeAudience(ctx)
	if err != nil {
		return p, err
	}
	p.au = au
	p.lines = make([]ReminderLine, 0, len(codes))
	for _, c := range codes {
		m, ok := byCode[c]
		if !ok {
			return p, model.Invalid("measures", "there is no measure %s", c)
		}
		l := ReminderLine{Measure: m}
		switch {
		case m.Cancelled || m.Progress >= 100:
			l.Skip = RemindSkipClosed
		case have[handOccasion(c, t.Day)]:
			l.Skip = RemindSkipReminded
		default:
			l.Recipients = model.NoticeRecipients(model.NoticeReminder, m, au.unitAccounts, au.office)
		}
		p.lines = append(p.lines, l)
	}
	return p, nil
}

// cleanCodes trims the codes and drops blanks and repeats, keeping order.
func cleanCodes(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// RemindMeasures issues a numbered reminder (提醒单) for each chosen open
// measure not reminded by hand today, with the office's note, to the
// measure's owner and its lead unit's accounts; their mail and chat
// deliveries are queued at once. One transaction and one audit event; the
// notices issued come back in the order chosen. When none can be issued
// the request is refused and nothing is written.
func (a *App) RemindMeasures(ctx context.Context, actor model.Account, codes []string, note string) ([]model.Notice, error) {
	note = strings.TrimSpace(note)
	if err := model.CheckReminderNote(note); err != nil {
		return nil, err
	}
	plan, err := a.planReminders(ctx, actor, codes)
	if err != nil {
		return nil, err
	}
	lines, t, au := plan.lines, plan.today, plan.au
	mail, hooks, err := a.deliveryTargets(ctx)
	if err != nil {
		return nil, err
	}
	formats, err := a.noticeFormats(ctx)
	if err != nil {
		return nil, err
	}
	var issued []model.Notice
	err = a.change(ctx, actor, "remind", "notices", func(tx *store.Tx, ev *Event) error {
		occasions := make([]string, 0, len(lines))
		for _, l := range lines {
			occasions = append(occasions, handOccasion(l.Measure.Code, t.Day))
		}
		// Another request may have reminded some meanwhile.
		have, err := tx.NoticeOccasions(ctx, occasions)
		if err != nil {
			return err
		}
		var ns []model.Notice
		var ids []int64
		for _, l := range lines {
			m := l.Measure
			if l.Skip != "" || have[handOccasion(m.Code, t.Day)] {
				continue
			}
			tr := model.Trigger{Kind: model.NoticeReminder, Key: handOccasion(m.Code, t.Day), Due: m.Due}
			if m.Due != 0 {
				tr.DaysLeft = int(m.Due - t.Day)
			}
			n := model.NewNotice(tr, m, t.Day, au.unitName[m.LeadUnit], au.names[m.Leader])
			n.Snapshot.Note, n.Snapshot.IssuedBy = note, actor.Username
			n.Recipients = l.Recipients
			ns, ids = append(ns, n), append(ids, m.ID)
		}
		if len(ns) == 0 {
			return model.Invalid("measures", "every chosen measure is closed or was reminded today")
		}
		for i := range ns {
			ns[i].NumberFormat = formats[ns[i].Kind]
		}
		if issued, err = tx.InsertNotices(ctx, ns, ids); err != nil {
			return err
		}
		if len(issued) != len(ns) {
			return model.Errorf(model.ECONFLICT, "another request reminded some of these measures meanwhile")
		}
		if _, err := a.queueDeliveries(ctx, tx, t.Day, mail, hooks, issued); err != nil {
			return err
		}
		numbers := make([]string, len(issued))
		for i, n := range issued {
			numbers[i] = fmt.Sprintf("%s:%d", n.Measure, n.Number)
		}
		ev.ID = t.Day.String()
		ev.After = map[string]any{"kind": model.NoticeReminder, "year": issued[0].Year, "numbers": numbers, "note": note}
		return nil
	})
	return issued, err
}
