package model

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Themes are the nine built-in themes of measures and drafts.
var Themes = []string{"talent_training", "discipline", "research", "talent_team", "governance", "party_building", "resources", "culture", "other"}

// Source says where a measure came from: an agenda item and a byte span of its
// text (what the decomposer found), or nothing for a measure typed in by hand.
type Source struct {
	AgendaItem int64 `json:"agenda_item,omitempty"`
	Start      int   `json:"start,omitempty"`
	End        int   `json:"end,omitempty"`
}

// Milestone is an intermediate step of a measure with its own date.
type Milestone struct {
	Title string `json:"title"`
	Due   Date   `json:"due"`
	Done  bool   `json:"done"`
}

// Measure is a work measure (工作举措/督办事项): one task for one lead unit.
// Status and Alert are derived by Derive and filled in when read. A recurring
// measure (Recur) is one occurrence; the next is a new measure (Successor).
type Measure struct {
	ID               int64       `json:"-"`
	Code             string      `json:"code"`
	Title            string      `json:"title"`
	Detail           string      `json:"detail"`
	Theme            string      `json:"theme"`
	Period           string      `json:"period"`
	LeadUnit         string      `json:"lead_unit"`
	CooperatingUnits []string    `json:"cooperating_units"`
	Leader           string      `json:"leader"`
	Owner            string      `json:"owner"`
	Start            Date        `json:"start"`
	Due              Date        `json:"due"`
	Deadline         string      `json:"deadline"`
	Priority         int         `json:"priority"`
	Milestones       []Milestone `json:"milestones"`
	Progress         int         `json:"progress"`
	Cancelled        bool        `json:"cancelled"`
	Recur            string      `json:"recur"` // "", "monthly" or "term": see NextOccurrence
	RecurPrev        int64       `json:"-"`     // id of the occurrence this one follows, 0 for none
	Source           Source      `json:"source"`
	Status           Status      `json:"status"`
	Alert            Alert       `json:"alert"`
	Updated          time.Time   `json:"updated"`
}

var measureCode = regexp.MustCompile(`^\d{4}(H[12])?-\d{3,5}$`)

// ValidMeasureCode reports whether s looks like 2024H2-017.
func ValidMeasureCode(s string) bool { return measureCode.MatchString(s) }

// MeasureCode builds the code of the n-th measure of a period.
func MeasureCode(p Period, n int) string { return fmt.Sprintf("%s-%03d", p.MeasureCodePrefix(), n) }

// Standing is where a measure stands after a change: its progress and the
// status and alert derived from it for the day.
type Standing struct {
	Progress int
	Status   Status
	Alert    Alert
}

// Derive fills in the measure's status and alert for day today.
func (m *Measure) Derive(today Date, th Thresholds) {
	m.Status, m.Alert = Derive(m.Cancelled, m.Progress, m.Start, m.Due, today, th)
}

// Normalize trims text fields, reads the deadline as written into Due (a
// deadline text wins over a bare due date; with neither the period's end is
// the due day) and checks everything that needs no database.
func (m *Measure) Normalize() error {
	var errs Errors
	m.Title = strings.TrimSpace(m.Title)
	m.Detail = strings.TrimSpace(m.Detail)
	m.Deadline = strings.TrimSpace(m.Deadline)
	errs.AddErr(checkText("title", m.Title, 1, 300))
	errs.AddErr(checkText("detail", m.Detail, 0, 20000))
	if m.Theme == "" {
		m.Theme = "other"
	}
	if !oneOf(m.Theme, Themes) {
		errs.Add(Invalid("theme", "must be one of %s", strings.Join(Themes, ", ")))
	}
	p, err := PeriodFromCode(m.Period)
	if err != nil && !errs.AddErr(err) {
		return err
	}
	if m.LeadUnit == "" {
		errs.Add(Invalid("lead_unit", "is required"))
	}
	seen := map[string]bool{}
	for _, c := range m.CooperatingUnits {
		if c == m.LeadUnit {
			errs.Add(Invalid("cooperating_units", "the lead unit %s cannot also cooperate", c))
			break
		}
		if seen[c] {
			errs.Add(Invalid("cooperating_units", "%s is listed twice", c))
			break
		}
		seen[c] = true
	}
	if err != nil {
		// Without a period there is no default start or due day to read
		// the deadline against; what else is wrong is said below.
		m.checkRest(&errs, false)
		return errs.Err()
	}
	if m.Start == 0 {
		m.Start = p.Start
	}
	datesOK := true
	switch {
	case m.Deadline != "" && m.Due != 0 && SaidDayDeadline(m.Deadline):
		// A term deadline (本学期内) or a span (一个月内) was read by app
		// against the academic calendar and the day it was said; keep that
		// day.
	case m.Deadline != "":
		due, ongoing, err := ParseDeadline(m.Deadline, p)
		if err != nil {
			if !errs.AddErr(err) {
				return err
			}
			datesOK = false
		} else if ongoing {
			m.Due = 0
		} else {
			m.Due = due
		}
	case m.Due != 0:
		m.Deadline = m.Due.String()
	default:
		m.Due = p.End
		m.Deadline = p.End.String()
	}
	if datesOK && m.Due != 0 && m.Due < m.Start {
		field := "due"
		if m.Deadline != m.Due.String() {
			field = "deadline"
		}
		errs.Add(Invalid(field, "the due date %s is before the start %s", m.Due, m.Start))
		datesOK = false
	}
	if datesOK {
		errs.AddErr(checkText("deadline", m.Deadline, 0, 100))
	}
	m.checkRest(&errs, datesOK)
	return errs.Err()
}

// checkRest checks a measure's recurrence, priority, progress and
// milestones, adding to errs; the milestones' days are checked against
// the start and due day only when datesOK (they were read without error).
func (m *Measure) checkRest(errs *Errors, datesOK bool) {
	m.Recur = strings.TrimSpace(m.Recur)
	if !oneOf(m.Recur, Recurrences) {
		errs.Add(Invalid("recur", "must be monthly, term or empty (does not recur)"))
	} else if m.Recur != "" && datesOK && m.Due == 0 {
		errs.Add(Invalid("recur", "an ongoing measure (no due date) cannot recur"))
	}
	if m.Priority < 0 || m.Priority > 3 {
		errs.Add(Invalid("priority", "must be 0 (normal) to 3 (highest)"))
	}
	if m.Progress < 0 || m.Progress > 100 {
		errs.Add(Invalid("progress", "must be between 0 and 100"))
	}
	if len(m.Milestones) > 50 {
		errs.Add(Invalid("milestones", "at most 50 milestones"))
		return
	}
	for i := range m.Milestones {
		ms := &m.Milestones[i]
		ms.Title = strings.TrimSpace(ms.Title)
		f := fmt.Sprintf("milestones[%d]", i)
		errs.AddErr(checkText(f+".title", ms.Title, 1, 200))
		if ms.Due == 0 {
			errs.Add(Invalid(f+".due", "is required"))
		} else if datesOK && (ms.Due < m.Start || (m.Due != 0 && ms.Due > m.Due)) {
			errs.Add(Invalid(f+".due", "must fall between the start and the due date"))
		}
	}
}

// ProgressReport is a unit's report on a measure: how far it is, what was done.
type ProgressReport struct {
	ID        int64     `json:"id"`
	Measure   string    `json:"measure"`
	Date      Date      `json:"date"`
	Percent   int       `json:"percent"`
	Note      string    `json:"note"`
	Risk      bool      `json:"risk"`
	Author    string    `json:"author"`
	Review    string    `json:"review"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
	// Evidence is the files attached to the report (without their content
	// when read back for a page).
	Evidence []Evidence `json:"evidence,omitempty"`
	// HiddenEvidence counts files the reader may not open (app cuts
	// Evidence to nil for them): pages say how many there are, not what.
	HiddenEvidence int `json:"-"`
	// MayWithdraw: the reader may take this report back (app sets it for a
	// report waiting for review, CanWithdrawProgress).
	MayWithdraw bool `json:"-"`
}

// Review states of a progress report.
const (
	ReviewPending  = "pending"
	ReviewAccepted = "accepted"
	ReviewReturned = "returned"
	// ReviewWithdrawn: its unit took it back before review (撤回); it stays
	// in the history and no longer counts.
	ReviewWithdrawn = "withdrawn"
)

// Validate checks a progress report on day today (no future dates).
func (r *ProgressReport) Validate(today Date) error {
	r.Note = strings.TrimSpace(r.Note)
	if r.Date == 0 {
		r.Date = today
	}
	var errs Errors
	if r.Date > today {
		errs.Add(Invalid("date", "cannot be in the future"))
	}
	if r.Percent < 0 || r.Percent > 100 {
		errs.Add(Invalid("percent", "must be between 0 and 100"))
	}
	if err := checkText("note", r.Note, 1, 5000); err != nil && !errs.AddErr(err) {
		return err
	}
	if r.Review == "" {
		r.Review = ReviewPending
	}
	return errs.Err()
}

// Comment is a leader's or the office's remark on a measure.
type Comment struct {
	ID        int64     `json:"id"`
	Measure   string    `json:"measure"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
	// Mentions are the accounts the text names (@姓名), when it was added.
	Mentions []string `json:"mentions,omitempty"`
}

// AuditEvent records one change: who, when, what, before and after as JSON.
// Seq, PrevHash and Hash place it in the audit chain (see AuditHash).
type AuditEvent struct {
	ID       int64     `json:"id"`
	Seq      int64     `json:"seq"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before"`
	After    string    `json:"after"`
}
