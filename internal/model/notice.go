package model

import (
	"fmt"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"time"
)

// NoticeKind is what a notice is about. Each kind is a numbered document of
// its own series (提醒单〔2024〕第3号).
type NoticeKind string

// The kinds of notice: the two reminders the office's rules send before
// anything goes wrong, and the three steps of the escalation ladder.
const (
	// NoticeDue: a due date or a milestone is N days away (到期提醒).
	NoticeDue NoticeKind = "due"
	// NoticeReport: no progress report for a whole reporting cycle (催报通知).
	NoticeReport NoticeKind = "report"
	// NoticeReminder: the measure turned yellow (提醒单), to its owner.
	NoticeReminder NoticeKind = "reminder"
	// NoticeSupervision: the measure turned orange (督办单), to the unit head
	// and the leader in charge.
	NoticeSupervision NoticeKind = "supervision"
	// NoticeBulletin: the measure is overdue (通报): it is listed in the next
	// bulletin and proposed for the next leadership meeting's agenda.
	NoticeBulletin NoticeKind = "bulletin"
)

// NoticeKinds lists every kind, the ladder last.
var NoticeKinds = []NoticeKind{NoticeDue, NoticeReport, NoticeReminder, NoticeSupervision, NoticeBulletin}

// ValidNoticeKind reports whether k is a kind.
func ValidNoticeKind(k string) bool {
	for _, x := range NoticeKinds {
		if string(x) == k {
			return true
		}
	}
	return false
}

// NoticeRules are what the office configures (Settings › Reminders).
type NoticeRules struct {
	// RemindDays: remind this many days before a due date or a milestone.
	RemindDays []int `json:"remind_days"`
	// ReportEvery: every open measure needs a progress report at least this
	// often (days); 0 turns the reporting cycle off.
	ReportEvery int `json:"report_every"`
	// Ladder turns the escalation ladder (yellow → orange → red) on.
	Ladder bool `json:"ladder"`
	// DigestHour is the hour (institution's time) the day's notices are
	// issued and each account's digest is sent.
	DigestHour int `json:"digest_hour"`
	// SignWithin is how many working days a unit has to sign for a 督办单
	// (签收) before the ladder climbs to 通报 for its measure; 0 turns the
	// step off.
	SignWithin int `json:"sign_within"`
}

// DefaultNoticeRules: a week and a day before, a report every two weeks,
// the ladder on, the digest at 08:00.
var DefaultNoticeRules = NoticeRules{RemindDays: []int{7, 1}, ReportEvery: 14, Ladder: true, DigestHour: 8, SignWithin: 3}

// Validate checks the rules and sorts RemindDays, longest first.
func (r *NoticeRules) Validate() error {
	if len(r.RemindDays) > 5 {
		return Invalid("remind_days", "at most 5 reminders")
	}
	seen := map[int]bool{}
	for _, d := range r.RemindDays {
		if d < 0 || d > 180 {
			return Invalid("remind_days", "%d: days before must be between 0 and 180", d)
		}
		if seen[d] {
			return Invalid("remind_days", "%d is listed twice", d)
		}
		seen[d] = true
	}
	sort.Sort(sort.Reverse(sort.IntSlice(r.RemindDays)))
	if r.ReportEvery != 0 && (r.ReportEvery < 3 || r.ReportEvery > 366) {
		return Invalid("report_every", "must be 0 (off) or between 3 and 366 days")
	}
	if r.DigestHour < 0 || r.DigestHour > 23 {
		return Invalid("digest_hour", "must be an hour between 0 and 23")
	}
	if r.SignWithin < 0 || r.SignWithin > 30 {
		return Invalid("sign_within", "must be 0 (off) or between 1 and 30 working days")
	}
	return nil
}

// NoticeSubject is what the rules look at for one measure on one day.
type NoticeSubject struct {
	// Measure with Status and Alert derived for the day.
	Measure Measure
	// LastReport is the day of its latest progress report, 0 for none.
	LastReport Date
	// UnsignedSince is the day of its oldest standing 督办单 no one has
	// signed for, 0 for none.
	UnsignedSince Date
}

// Trigger is an occasion for a notice. Key names the occasion exactly, so
// the same occasion never gives two notices, whoever looks and how often:
// a changed due date is a new occasion, another day of the same one is not.
type Trigger struct {
	Kind      NoticeKind
	Key       string
	Due       Date   // the day the notice is about: the due date or milestone
	Milestone string // the milestone's title, for a milestone reminder
	DaysLeft  int    // days until Due (due reminders)
	DaysSince int    // days without a progress report (report notices)
	Since     Date   // the last report, or the start when there is none
}

// NoticeTriggers applies the rules to one measure on day today. Cancelled,
// completed and not yet started measures get nothing.
//   - Due reminders: with days left L ≥ 0 to a due date or an open
//     milestone, the smallest N of RemindDays with L ≤ N is the occasion, so
//     a day the scheduler missed is made up and each N fires at most once.
//   - Reporting cycle: G days since the last report (or the start); each
//     whole cycle k = G / ReportEvery ≥ 1 is an occasion.
//   - Ladder: the measure's current light (yellow, orange, red) for its
//     current due date is an occasion; a step jumped over is not issued.
func NoticeTriggers(r NoticeRules, s NoticeSubject, today Date) []Trigger {
	m := s.Measure
	if m.Cancelled || m.Progress >= 100 || m.Start > today {
		return nil
	}
	var out []Trigger
	remind := func(key string, due Date, milestone string) {
		left := int(due - today)
		if due == 0 || left < 0 {
			return
		}
		n := -1
		for _, d := range r.RemindDays {
			if left <= d && (n < 0 || d < n) {
				n = d
			}
		}
		if n < 0 {
			return
		}
		out = append(out, Trigger{Kind: NoticeDue, Key: key + ":" + strconv.Itoa(n), Due: due, Milestone: milestone, DaysLeft: left})
	}
	if m.Due != 0 {
		remind(fmt.Sprintf("due:%s:%s", m.Code, m.Due), m.Due, "")
	}
	for i, ms := range m.Milestones {
		if !ms.Done && ms.Due != 0 && (m.Due == 0 || ms.Due < m.Due) {
			remind(fmt.Sprintf("milestone:%s:%d:%s", m.Code, i, ms.Due), ms.Due, ms.Title)
		}
	}
	if r.ReportEvery > 0 {
		since := s.LastReport
		if since < m.Start {
			since = m.Start
		}
		if gap := int(today - since); gap >= r.ReportEvery {
			k := gap / r.ReportEvery
			out = append(out, Trigger{Kind: NoticeReport, Key: fmt.Sprintf("report:%s:%s:%d", m.Code, since, k), Due: m.Due, DaysSince: gap, Since: since})
		}
	}
	if r.Ladder && m.Due != 0 {
		kind := NoticeKind("")
		switch m.Alert {
		case AlertYellow:
			kind = NoticeReminder
		case AlertOrange:
			kind = NoticeSupervision
		case AlertRed:
			kind = NoticeBulletin
		}
		// A 督办单 no one signed for within SignWithin working days
		// climbs to 通报, as red would: the same occasion, issued once.
		if r.SignWithin > 0 && s.UnsignedSince != 0 && WorkingDays(s.UnsignedSince, today) > r.SignWithin {
			kind = NoticeBulletin
		}
		if kind != "" {
			out = append(out, Trigger{Kind: kind, Key: fmt.Sprintf("%s:%s:%s", kind, m.Code, m.Due), Due: m.Due, DaysLeft: int(m.Due - today)})
		}
	}
	return out
}

// NoticeRecipients says who receives a notice of kind k about m:
//   - due, report and reminder notices: the owner and the lead unit's
//     accounts (its head and liaison);
//   - supervision notices: those and the leader in charge;
//   - bulletin notices: those, the leader and every office account.
//
// unitAccounts maps a unit to its accounts. The result is sorted, without
// repeats or blanks.
func NoticeRecipients(k NoticeKind, m Measure, unitAccounts map[string][]string, office []string) []string {
	set := map[string]bool{m.Owner: true}
	for _, a := range unitAccounts[m.LeadUnit] {
		set[a] = true
	}
	if NoticeToLeader(k) {
		set[m.Leader] = true
	}
	if k == NoticeBulletin {
		for _, a := range office {
			set[a] = true
		}
	}
	delete(set, "")
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// NoticeToLeader reports whether a notice of kind k goes to the measure's
// leader in charge as well (NoticeRecipients).
func NoticeToLeader(k NoticeKind) bool { return k == NoticeSupervision || k == NoticeBulletin }

// Notice is a numbered document sent about a measure.
type Notice struct {
	ID      int64      `json:"id"`
	Kind    NoticeKind `json:"kind"`
	Year    int        `json:"year"`
	Number  int        `json:"number"`
	Day     Date       `json:"day"`
	Created time.Time  `json:"created"`
	Measure string     `json:"measure"`
	Unit    string     `json:"unit"`
	Leader  string     `json:"leader"`
	Trigger string     `json:"-"`
	// Snapshot is the measure as it stood when the notice was issued.
	Snapshot NoticeSnapshot `json:"snapshot"`
	// AgendaItem is the agenda item a bulletin notice was carried into, 0
	// while it is only proposed.
	AgendaItem int64    `json:"agenda_item,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
	// Read is whether the account reading the list has opened it.
	Read bool `json:"read"`
	// Voided is set once the office voided the notice; nil while it stands.
	Voided *Void `json:"voided"`
	// Signed says who of the unit signed for a 督办单 (签收) and when; nil
	// until someone does. Receipt is the unit's answer (回执).
	Signed  *Signature `json:"signed"`
	Receipt *Receipt   `json:"receipt"`
	// NumberText is the notice's number as issued, by the office's format
	// then (督办单〔2024〕第3号); NumberFormat is that format, given to the
	// store with the institution's short name in it, to number by.
	NumberText   string `json:"number_text"`
	NumberFormat string `json:"-"`
}

// Signature records who signed for a notice and when.
type Signature struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// Receipt is a unit's answer to a 督办单 (回执): how it is handling the
// measure (办理情况) and when it expects to finish (预计完成时间).
type Receipt struct {
	Handling string    `json:"handling"`
	Expected Date      `json:"expected"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// MaxReceiptText bounds a receipt's account of the handling.
const MaxReceiptText = 2000

// CheckReceipt checks a receipt against the notice it answers: the handling
// told, and an expected day no earlier than the notice's.
func CheckReceipt(r *Receipt, n Notice) error {
	r.Handling = strings.TrimSpace(r.Handling)
	var errs Errors
	if err := checkText("handling", r.Handling, 1, MaxReceiptText); err != nil && !errs.AddErr(err) {
		return err
	}
	switch {
	case r.Expected == 0:
		errs.Add(Invalid("expected", "is required (YYYY-MM-DD)"))
	case r.Expected < n.Day:
		errs.Add(Invalid("expected", "%s is before the notice's day %s", r.Expected, n.Day))
	}
	return errs.Err()
}

// SignedFor reports whether a notice is one a unit signs for: a 督办单.
func (n Notice) SignedFor() bool { return n.Kind == NoticeSupervision }

// WorkingDays counts the working days (Monday to Friday) after from up to
// and including to; 0 when to is not after from.
func WorkingDays(from, to Date) int {
	n := 0
	for d := from + 1; d <= to; d++ {
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// NoticeSnapshot freezes what a notice says, so it never changes afterwards.
type NoticeSnapshot struct {
	Title        string `json:"title"`
	LeadUnitName string `json:"lead_unit_name"`
	LeaderName   string `json:"leader_name"`
	Owner        string `json:"owner"`
	Due          Date   `json:"due"`
	Deadline     string `json:"deadline"`
	Progress     int    `json:"progress"`
	Status       Status `json:"status"`
	Alert        Alert  `json:"alert"`
	Milestone    string `json:"milestone,omitempty"`
	DaysLeft     int    `json:"days_left"`
	DaysOverdue  int    `json:"days_overdue"`
	DaysSince    int    `json:"days_since"`
	Since        Date   `json:"since"`
	// Note is what the office wrote on a reminder it sent by hand, and
	// IssuedBy who sent it; both empty on the rules' notices.
	Note     string `json:"note,omitempty"`
	IssuedBy string `json:"issued_by,omitempty"`
	// Campaign is the study campaign a notice about a campaign requirement
	// (no measure) is about, 0 for a measure's notice.
	Campaign int64 `json:"campaign,omitempty"`
}

// MaxReminderNote is how long the office's note on a reminder may be.
const MaxReminderNote = 500

// CheckReminderNote checks the office's note on a reminder sent by hand.
func CheckReminderNote(note string) error { return checkText("note", note, 0, MaxReminderNote) }

// NewNotice makes the notice for trigger t about m on day (number and
// recipients are the store's and app's to fill in).
func NewNotice(t Trigger, m Measure, day Date, unitName, leaderName string) Notice {
	n := Notice{Kind: t.Kind, Year: day.Time().Year(), Day: day, Measure: m.Code, Unit: m.LeadUnit, Leader: m.Leader, Trigger: t.Key}
	n.Snapshot = NoticeSnapshot{Title: m.Title, LeadUnitName: unitName, LeaderName: leaderName, Owner: m.Owner,
		Due: m.Due, Deadline: m.Deadline, Progress: m.Progress, Status: m.Status, Alert: m.Alert,
		Milestone: t.Milestone, DaysLeft: t.DaysLeft, DaysSince: t.DaysSince, Since: t.Since}
	if t.Due != 0 && t.Milestone != "" {
		n.Snapshot.Due = t.Due
	}
	if m.Due != 0 && day > m.Due {
		n.Snapshot.DaysOverdue = int(day - m.Due)
	}
	return n
}

// Delivery states.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// Delivery channels.
const (
	ChannelMail    = "mail"
	ChannelWebhook = "webhook"
)

// Delivery is one message to send: an account's digest of a day's notices
// by mail, or a day's notices to a chat group's webhook. Key is unique, so
// each is sent once across restarts and servers.
type Delivery struct {
	ID         int64     `json:"id"`
	Key        string    `json:"key"`
	Channel    string    `json:"channel"`
	Target     string    `json:"target"` // account username, or webhook id
	Day        Date      `json:"day"`
	Notices    []int64   `json:"notices"`
	State      string    `json:"state"`
	Attempts   int       `json:"attempts"`
	NextAt     time.Time `json:"next_at"`
	LastError  string    `json:"last_error"`
	LeaseOwner string    `json:"-"`
	LeaseUntil time.Time `json:"-"`
	SentAt     time.Time `json:"sent_at"`
	Created    time.Time `json:"created"`
}

// Backoff is how long to wait after the attempt-th failed attempt (1, 2…):
// a minute, doubling, at most six hours.
func Backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// MaxDeliveryAttempts is when a delivery is given up and shown to the admin
// as failed (about 4¼ hours of retries with Backoff).
const MaxDeliveryAttempts = 8

// Webhook kinds.
var WebhookKinds = []string{"wecom", "dingtalk", "feishu", "slack", "json"}

// Webhook is a chat group's robot that receives the day's notices; Units
// limits it to notices about those lead units (none: all).
type Webhook struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Kind    string    `json:"kind"`
	URL     string    `json:"url"`
	Secret  string    `json:"-"`
	Units   []string  `json:"units"`
	Enabled bool      `json:"enabled"`
	Created time.Time `json:"created"`
}

// Wants reports whether the webhook takes notices about unit.
func (w Webhook) Wants(unit string) bool {
	if len(w.Units) == 0 {
		return true
	}
	for _, u := range w.Units {
		if u == unit {
			return true
		}
	}
	return false
}

// ValidEmail reports whether s is one plain e-mail address (no name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}
