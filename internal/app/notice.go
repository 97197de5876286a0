package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Notices, in one place:
//   - the office (and admin) sets the rules, reads every notice and carries
//     bulletin notices into a meeting's agenda; leaders read every notice;
//   - a unit account reads its unit's notices and those addressed to it;
//   - the admin configures mail and webhooks and retries failed deliveries;
//   - every account reads its own inbox, sets its e-mail address and its
//     calendar secret.
//
// Notices are issued by the daily job (RunDay), once a day across servers.

// Setting keys of notices.
const (
	settingNoticeRules = "notice.rules"
	settingMail        = "notice.mail"
)

// Scheduler is the actor the daily job's audit events name.
var Scheduler = model.Account{Username: "scheduler", Role: model.RoleAdmin}

// IsAdmin reports whether a is the administrator.
func IsAdmin(a model.Account) bool { return a.Role == model.RoleAdmin }

// canReadAllNotices: the office, the admin and leaders.
func canReadAllNotices(a model.Account) bool { return IsOffice(a) || a.Role == model.RoleLeader }

// canReadNotice: all-readers, the notice's unit, and its recipients.
func canReadNotice(a model.Account, n model.Notice) bool {
	if canReadAllNotices(a) || (a.Unit != "" && a.Unit == n.Unit) {
		return true
	}
	for _, r := range n.Recipients {
		if r == a.Username {
			return true
		}
	}
	return false
}

// NoticeRules returns the rules in force.
func (a *App) NoticeRules(ctx context.Context) (model.NoticeRules, error) {
	r := model.DefaultNoticeRules
	v, err := a.store.Setting(ctx, settingNoticeRules, "")
	if err != nil || v == "" {
		return r, err
	}
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return r, fmt.Errorf("app: setting %s: %w", settingNoticeRules, err)
	}
	return r, nil
}

// SetNoticeRules changes the rules (office).
func (a *App) SetNoticeRules(ctx context.Context, actor model.Account, r model.NoticeRules) error {
	if !IsOffice(actor) {
		return forbidden("set the reminder rules")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	before, err := a.NoticeRules(ctx)
	if err != nil {
		return err
	}
	return a.change(ctx, actor, "update", "setting", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = settingNoticeRules, before, r
		return tx.SetSetting(ctx, settingNoticeRules, marshal(r))
	})
}

// A page of notices holds DefaultNoticeLimit of them unless the caller asks
// for another number, at most MaxNoticeLimit.
const (
	DefaultNoticeLimit = store.DefaultNoticeLimit
	MaxNoticeLimit     = store.MaxNoticeLimit
)

// Notices lists notices for actor: f.Recipient set to actor is the inbox;
// otherwise the all-readers list with filters, and a unit account's list is
// limited to its unit.
func (a *App) Notices(ctx context.Context, actor model.Account, f model.NoticeFilter) ([]model.Notice, error) {
	if actor.Username == "" {
		return nil, forbidden("read notices")
	}
	if f.Kind != "" && !model.ValidNoticeKind(f.Kind) {
		return nil, model.Invalid("kind", "must be one of %s", kindList())
	}
	f.Reader = actor.Username
	if f.Recipient != "" && f.Recipient != actor.Username {
		return nil, forbidden("read another account's inbox")
	}
	if f.Recipient == "" && !canReadAllNotices(actor) {
		if actor.Unit == "" {
			f.Recipient = actor.Username
		} else {
			if f.Unit != "" && f.Unit != actor.Unit {
				return nil, forbidden("read another unit's notices")
			}
			f.Unit = actor.Unit
		}
	}
	return a.store.Notices(ctx, f)
}

func kindList() string {
	s := make([]string, len(model.NoticeKinds))
	for i, k := range model.NoticeKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Notice returns a notice actor may read.
func (a *App) Notice(ctx context.Context, actor model.Account, id int64) (model.Notice, error) {
	n, err := a.store.Notice(ctx, id, actor.Username)
	if err != nil {
		return n, err
	}
	if !canReadNotice(actor, n) {
		return model.Notice{}, forbidden("read this notice")
	}
	return n, nil
}

// ReadNotice returns a notice and records that actor opened it when it is
// addressed to them (a mark in their inbox, not a change to audit).
func (a *App) ReadNotice(ctx context.Context, actor model.Account, id int64) (model.Notice, error) {
	n, err := a.Notice(ctx, actor, id)
	if err != nil || n.Read {
		return n, err
	}
	for _, r := range n.Recipients {
		if r == actor.Username {
			err = a.write(ctx, func(tx *store.Tx) error {
				_, err := tx.MarkNoticeRead(ctx, id, actor.Username)
				return err
			})
			n.Read = err == nil
			return n, err
		}
	}
	return n, nil
}

// VoidNotice voids a numbered notice (作废) with the office's reason: its
// number stays used, it stays readable, struck through with who voided it
// and why; it leaves its recipients' unread counts, the missed-report
// counts and the carry-over proposals. One audit event.
func (a *App) VoidNotice(ctx context.Context, actor model.Account, id int64, reason string) (model.Notice, error) {
	if !CanManage(actor) {
		return model.Notice{}, forbidden("void notices")
	}
	reason = strings.TrimSpace(reason)
	if err := model.CheckVoidReason(reason); err != nil {
		return model.Notice{}, err
	}
	var n model.Notice
	err := a.change(ctx, actor, "void", "notice", func(tx *store.Tx, ev *Event) error {
		if _, err := tx.Notice(ctx, id, ""); err != nil {
			return err
		}
		if err := tx.VoidNotice(ctx, id, actor.Username, reason); err != nil {
			return err
		}
		var err error
		if n, err = tx.Notice(ctx, id, actor.Username); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(id, 10)
		ev.After = map[string]any{"kind": n.Kind, "year": n.Year, "number": n.Number, "measure": n.Measure, "reason": reason}
		return nil
	})
	return n, err
}

// UnreadNotices counts actor's unopened notices.
func (a *App) UnreadNotices(ctx context.Context, actor model.Account) (int, error) {
	return a.store.UnreadNotices(ctx, actor.Username)
}

// MissedReports counts per unit the measures that missed a reporting cycle
// within the current cycle (the last ReportEvery days).
func (a *App) MissedReports(ctx context.Context, actor model.Account) (map[string]int, error) {
	if actor.Username == "" {
		return nil, forbidden("read notices")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.NoticeRules(ctx)
	if err != nil || r.ReportEvery == 0 {
		return map[string]int{}, err
	}
	// Shared, as the memo's values are: the notices page only reads it.
	since := t.Day.AddDays(-r.ReportEvery)
	return remember(ctx, a, "missed-reports:"+since.String(), func(ctx context.Context) (map[string]int, error) {
		return a.store.MissedReports(ctx, since)
	})
}

// CarryOverProposals lists the bulletin notices proposed for the next
// leadership meeting's agenda: overdue measures not yet carried over.
func (a *App) CarryOverProposals(ctx context.Context, actor model.Account) ([]model.Notice, error) {
	if !CanManage(actor) {
		return nil, forbidden("carry items over")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	return a.store.CarryOverProposals(ctx, t)
}

// CarryOver adds a bulletin notice's measure to a meeting's agenda as a
// carried-over discussion item, and records the item on the notice (office).
func (a *App) CarryOver(ctx context.Context, actor model.Account, noticeID, meetingID int64) (model.AgendaItem, error) {
	if !CanManage(actor) {
		return model.AgendaItem{}, forbidden("carry items over")
	}
	var item model.AgendaItem
	err := a.change(ctx, actor, "carry_over", "notice", func(tx *store.Tx, ev *Event) error {
		n, err := tx.Notice(ctx, noticeID, "")
		if err != nil {
			return err
		}
		if n.Kind != model.NoticeBulletin {
			return model.Invalid("notice", "only a bulletin notice (通报) is carried over to a meeting")
		}
		m, err := tx.Meeting(ctx, meetingID)
		if err != nil {
			return err
		}
		s := n.Snapshot
		item = model.AgendaItem{Seq: len(m.Items) + 1, Kind: "discussion",
			Title: fmt.Sprintf("遗留督办事项：%s（%s）", s.Title, n.Measure),
			Text: fmt.Sprintf("%s %s，牵头单位%s，分管校领导%s，完成时限%s，进度%d%%，已逾期%d天。",
				n.Measure, s.Title, s.LeadUnitName, s.LeaderName, s.Deadline, s.Progress, s.DaysOverdue)}
		m.Items = append(m.Items, item)
		if err := tx.UpdateMeeting(ctx, &m); err != nil {
			return err
		}
		item = m.Items[len(m.Items)-1]
		if err := tx.SetNoticeAgendaItem(ctx, n.ID, item.ID); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(n.ID, 10)
		ev.After = map[string]any{"meeting": meetingID, "agenda_item": item.ID, "measure": n.Measure}
		return nil
	})
	return item, err
}

// A transaction of the daily job writes at most noticeChunk notices and
// chunkRecipients recipient rows (a notice to a unit goes to each of its
// accounts, so the rows, not the notices, are most of the work): about
// 40 ms of the writer's time on the large institution, on a 2-core machine.
const (
	noticeChunk     = 250
	chunkRecipients = 6000
)

// chunks cuts the day's plan into the transactions that write it: each
// holds at least one notice and stays within noticeChunk notices and
// chunkRecipients recipients.
func chunks(plan []plannedNotice) [][]plannedNotice {
	var out [][]plannedNotice
	start, rows := 0, 0
	for i, p := range plan {
		if i > start && (i-start == noticeChunk || rows+len(p.notice.Recipients) > chunkRecipients) {
			out = append(out, plan[start:i])
			start, rows = i, 0
		}
		rows += len(p.notice.Recipients)
	}
	if start < len(plan) {
		out = append(out, plan[start:])
	}
	return out
}

// errDayDone rolls back a daily run another server already made.
var errDayDone = errors.New("app: the day's notices were already issued")

// DayRun is what one daily run did.
type DayRun struct {
	Day        model.Date
	Ran        bool // false: not due yet, or another server did it
	Notices    int
	Deliveries int
	// Renewed are the codes of the recurring measures' new occurrences.
	Renewed []string
	// Took is how long the run took, from its start to its last commit.
	Took time.Duration
}

// RunDay is the daily job: on the institution's day, once the digest hour
// has come, it issues the notices the rules call for and queues the day's
// deliveries: one mail digest per account with an address that got
// notices, one message per webhook that wants any. Each occasion gives one
// notice, and the day runs once, across restarts and servers: owner leases
// the job in the database, and the transaction that writes the notices
// also records the day, so a second server's run rolls back.
func (a *App) RunDay(ctx context.Context, owner string) (DayRun, error) {
	began := time.Now()
	t, err := a.Today(ctx)
	if err != nil {
		return DayRun{}, err
	}
	run := DayRun{Day: t.Day}
	r, err := a.NoticeRules(ctx)
	if err != nil {
		return run, err
	}
	now := a.Now()
	if now.In(a.Location).Hour() < r.DigestHour {
		if last, err := a.store.JobDay(ctx, "daily"); err != nil || last >= t.Day.AddDays(-1) {
			return run, err
		}
		// A day was missed entirely (the server was down at the hour):
		// catch it up now rather than wait.
	}
	if last, err := a.store.JobDay(ctx, "daily"); err != nil || last >= t.Day {
		return run, err
	}
	claimed := false
	err = a.write(ctx, func(tx *store.Tx) error {
		var err error
		claimed, err = tx.ClaimJob(ctx, "daily", owner, t.Day, now.UnixMilli(), now.Add(10*time.Minute).UnixMilli())
		return err
	})
	if err != nil || !claimed {
		return run, err
	}
	a.purgeAuditDaily(ctx) // audit retention (audit.go), in its own transaction
	a.purgeSubmissions(ctx)
	// Half-years come into being as time passes (setup.go).
	if err := a.EnsurePeriods(ctx); err != nil {
		a.Log.Warn("app: ensure periods", "err", err)
	}
	// Campaigns' and retreats' notices are few: they are planned first, and
	// issued with their unit's.
	extra, err := a.planCampaignNotices(ctx, t, r)
	if err != nil {
		return run, err
	}
	// Requests for a retreat's remarks are chased too (retreat.go).
	remarks, err := a.planRemarks(ctx, t, r)
	if err != nil {
		return run, err
	}
	extra = append(extra, remarks...)
	au, err := a.noticeAudience(ctx)
	if err != nil {
		return run, err
	}
	mail, hooks, err := a.deliveryTargets(ctx)
	if err != nil {
		return run, err
	}
	formats, err := a.noticeFormats(ctx)
	if err != nil {
		return run, err
	}
	insert := func(tx *store.Tx, chunk []plannedNotice) (map[model.NoticeKind]int, error) {
		ns := make([]model.Notice, len(chunk))
		ids := make([]int64, len(chunk))
		for i, p := range chunk {
			ns[i], ids[i] = p.notice, p.measureID
			ns[i].NumberFormat = formats[ns[i].Kind]
		}
		issued, err := tx.InsertNotices(ctx, ns, ids)
		byKind := map[model.NoticeKind]int{}
		for _, n := range issued {
			byKind[n.Kind]++
		}
		run.Notices += len(issued)
		return byKind, err
	}
	// Unit by unit, in the order of the units' codes: a unit's measures
	// are read, their notices planned and, once they fill a chunk,
	// written, so the run holds one unit's measures and a chunk's notices
	// at a time. Planned all at once, the large institution's first run
	// (23,489 notices) held some 40 MB of measures and notices and peaked
	// at 143-157 MB resident; unit by unit, at 71 MB, in the same 2.5 s. A
	// transaction then touches the inboxes of a few units' accounts, not
	// a few rows in every account's (2.5 times faster for that run), and
	// a day's notices to one unit carry consecutive numbers.
	//
	// A large first run is written in several transactions (chunks), so
	// the writer is never held for long; the last chunk goes with the
	// day's record. A run cut short is finished by the next one: what was
	// written is skipped, and deliveries are made from every notice of
	// the day.
	unsigned, err := a.store.UnsignedSupervision(ctx)
	if err != nil {
		return run, err
	}
	extraOf := map[string][]plannedNotice{}
	for _, n := range extra {
		extraOf[n.notice.Unit] = append(extraOf[n.notice.Unit], n)
	}
	var plan []plannedNotice
	for _, unit := range dayUnits(au, extraOf) {
		p, err := a.planDay(ctx, t, r, au, unit, unsigned)
		if err != nil {
			return run, err
		}
		plan = append(plan, p...)
		plan = append(plan, extraOf[unit]...)
		parts := chunks(plan)
		if len(parts) < 2 {
			continue
		}
		for _, chunk := range parts[:len(parts)-1] {
			err := a.change(ctx, Scheduler, "issue", "notices", func(tx *store.Tx, ev *Event) error {
				byKind, err := insert(tx, chunk)
				ev.ID, ev.After = t.Day.String(), map[string]any{"day": t.Day, "notices": byKind}
				return err
			})
			if err != nil {
				return run, err
			}
		}
		// A new array: the written notices' can go.
		plan = slices.Clone(parts[len(parts)-1])
	}
	err = a.change(ctx, Scheduler, "issue", "notices", func(tx *store.Tx, ev *Event) error {
		ok, err := tx.FinishJobDay(ctx, "daily", t.Day)
		if err != nil {
			return err
		}
		if !ok {
			return errDayDone
		}
		renewed, err := a.renewRecurring(ctx, tx, t)
		if err != nil {
			return err
		}
		byKind, err := insert(tx, plan)
		if err != nil {
			return err
		}
		n, err := a.queueDeliveries(ctx, tx, t.Day, mail, hooks, nil)
		if err != nil {
			return err
		}
		run.Deliveries, run.Ran, run.Renewed = n, true, renewed
		ev.ID = t.Day.String()
		ev.After = map[string]any{"day": t.Day, "notices": byKind, "deliveries": n, "renewed": renewed}
		return nil
	})
	if errors.Is(err, errDayDone) {
		return DayRun{Day: t.Day}, nil
	}
	run.Took = time.Since(began)
	return run, err
}

type plannedNotice struct {
	notice    model.Notice
	measureID int64
}

// dayUnits are the units the daily run goes through, in order: every
// unit, and whatever else the extra notices name (a leader's remarks
// notice has no unit, and comes first).
func dayUnits(au noticeAudience, extraOf map[string][]plannedNotice) []string {
	units := make([]string, 0, len(au.unitName)+len(extraOf))
	for u := range au.unitName {
		units = append(units, u)
	}
	for u := range extraOf {
		units = append(units, u)
	}
	slices.Sort(units)
	return slices.Compact(units)
}

// planDay works out, outside the write transaction, the notices the rules
// call for on day t.Day about the measures unit leads that have not been
// issued yet, with recipients; unsigned is UnsignedSupervision, read at
// the day's start.
func (a *App) planDay(ctx context.Context, t model.Today, r model.NoticeRules, au noticeAudience, unit string, unsigned map[int64]model.Date) ([]plannedNotice, error) {
	subjects, err := a.store.NoticeSubjects(ctx, t, unit, unsigned)
	if err != nil {
		return nil, err
	}
	type pending struct {
		tr model.Trigger
		m  *model.Measure
	}
	var all []pending
	var occasions []string
	for i := range subjects {
		for _, tr := range model.NoticeTriggers(r, subjects[i], t.Day) {
			all = append(all, pending{tr, &subjects[i].Measure})
			occasions = append(occasions, tr.Key)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	have, err := a.store.NoticeOccasions(ctx, occasions)
	if err != nil {
		return nil, err
	}
	// Notices with the same kind, owner and (where it counts) leader share
	// one list of recipients, read only from here on: the large
	// institution's first run made 23,489 lists of 28 accounts, from a few
	// thousand distinct.
	type audience struct {
		kind          model.NoticeKind
		owner, leader string
	}
	lists := map[audience][]string{}
	out := make([]plannedNotice, 0, len(all)-len(have))
	for _, p := range all {
		if have[p.tr.Key] {
			continue
		}
		n := model.NewNotice(p.tr, *p.m, t.Day, au.unitName[p.m.LeadUnit], au.names[p.m.Leader])
		k := audience{p.tr.Kind, p.m.Owner, ""}
		if model.NoticeToLeader(p.tr.Kind) {
			k.leader = p.m.Leader
		}
		r, ok := lists[k]
		if !ok {
			r = model.NoticeRecipients(p.tr.Kind, *p.m, au.unitAccounts, au.office)
			lists[k] = r
		}
		n.Recipients = r
		out = append(out, plannedNotice{n, p.m.ID})
	}
	return out, nil
}

// deliveryTargets are where notices go besides the inbox: the mail
// settings and the webhooks.
func (a *App) deliveryTargets(ctx context.Context) (MailSettings, []model.Webhook, error) {
	mail, err := a.mailSettings(ctx)
	if err != nil {
		return mail, nil, err
	}
	hooks, err := a.store.Webhooks(ctx)
	return mail, hooks, err
}

// queueDeliveries makes the deliveries of every notice of day: a mail
// digest per recipient with an address, a message per webhook that wants
// any. Keys are unique, so queueing again adds only what is missing. With
// hand set (reminders the office sent by hand, after the day's digest may
// have gone), the deliveries carry those notices only, under keys of their
// own.
func (a *App) queueDeliveries(ctx context.Context, tx *store.Tx, day model.Date, mail MailSettings, hooks []model.Webhook, hand []model.Notice) (int, error) {
	queued := 0
	suffix := day.String()
	if len(hand) > 0 {
		suffix += ":hand:" + strconv.FormatInt(hand[0].ID, 10)
	}
	add := func(d model.Delivery) error {
		d.Day, d.NextAt = day, tx.Now()
		ok, err := tx.InsertDelivery(ctx, &d)
		if ok {
			queued++
		}
		return err
	}
	if mail.Host != "" {
		per := map[string][]int64{}
		if hand != nil {
			for _, n := range hand {
				for _, r := range n.Recipients {
					per[r] = append(per[r], n.ID)
				}
			}
		} else {
			var err error
			if per, err = tx.NoticeRecipientsOn(ctx, day); err != nil {
				return 0, err
			}
		}
		names := make([]string, 0, len(per))
		for acct := range per {
			names = append(names, acct)
		}
		if len(names) > 0 {
			accts, err := tx.AccountsBy(ctx, store.AccountFilter{Usernames: names})
			if err != nil {
				return 0, err
			}
			for _, ac := range accts {
				if ac.Email == "" || ac.Disabled {
					continue
				}
				if err := add(model.Delivery{Key: "mail:" + ac.Username + ":" + suffix, Channel: model.ChannelMail,
					Target: ac.Username, Notices: per[ac.Username]}); err != nil {
					return 0, err
				}
			}
		}
	}
	today := hand
	for _, h := range hooks {
		if !h.Enabled {
			continue
		}
		if today == nil {
			var err error
			if today, err = tx.NoticesOn(ctx, day); err != nil {
				return 0, err
			}
		}
		var ids []int64
		for _, n := range today {
			if h.Wants(n.Unit) {
				ids = append(ids, n.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		id := strconv.FormatInt(h.ID, 10)
		if err := add(model.Delivery{Key: "webhook:" + id + ":" + suffix, Channel: model.ChannelWebhook,
			Target: id, Notices: ids}); err != nil {
			return 0, err
		}
	}
	return queued, nil
}

// SetEmail changes actor's own e-mail address.
func (a *App) SetEmail(ctx context.Context, actor model.Account, email string) error {
	email = strings.TrimSpace(email)
	if email != "" && !model.ValidEmail(email) {
		return model.Invalid("email", "%q is not an e-mail address", email)
	}
	return a.change(ctx, actor, "update", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = actor.Username, map[string]string{"email": actor.Email}, map[string]string{"email": email}
		return tx.SetAccountEmail(ctx, actor.ID, email)
	})
}

// CalendarToken returns actor's calendar secret, "" when none was made.
func (a *App) CalendarToken(ctx context.Context, actor model.Account) (string, error) {
	return a.store.CalendarToken(ctx, actor.ID)
}

// ResetCalendarToken gives actor a new calendar secret: the old feed
// address stops working at once.
func (a *App) ResetCalendarToken(ctx context.Context, actor model.Account) (string, error) {
	b := make([]byte, 20)
	rand.Read(b)
	token := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	err := a.change(ctx, actor, "reset_calendar", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID = actor.Username
		return tx.SetCalendarToken(ctx, actor.ID, token)
	})
	if err == nil {
		answerIsSecret(ctx)
	}
	return token, err
}

// CalendarFeed returns the account a calendar secret belongs to and the
// measures its feed lists: open measures with a due date that it is
// responsible for (its unit's as lead or cooperating unit; a leader's
// portfolio; for the office, all), soonest first, at most 2,000.
func (a *App) CalendarFeed(ctx context.Context, token string) (model.Account, []model.Measure, error) {
	if len(token) < 16 {
		return model.Account{}, nil, model.Errorf(model.ENOTFOUND, "no such calendar")
	}
	acct, err := a.store.AccountByCalendarToken(ctx, token)
	if err != nil {
		return acct, nil, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return acct, nil, err
	}
	f := store.CalendarFilter{Today: t, Limit: store.MaxCalendarLimit}
	switch acct.Role {
	case model.RoleUnit:
		f.Unit = acct.Unit
	case model.RoleLeader:
		f.Leader = acct.Username
	}
	ms, err := a.store.CalendarMeasures(ctx, f)
	return acct, ms, err
}
