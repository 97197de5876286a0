package model

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Problem sources: raised by a unit, or in a meeting (an agenda item).
const (
	SourceUnit    = "unit"
	SourceMeeting = "meeting"
)

// ProblemSources lists the ways a problem is raised.
var ProblemSources = []string{SourceUnit, SourceMeeting}

// Severities of a problem, most severe first.
var Severities = []string{"high", "medium", "low"}

// Problem statuses. A problem moves open → in_progress → resolved and is
// then closed out (销号) by the office or the leader in charge.
const (
	ProblemOpen       = "open"
	ProblemInProgress = "in_progress"
	ProblemResolved   = "resolved"
	ProblemClosed     = "closed"
)

// ProblemStatuses lists the statuses in their order.
var ProblemStatuses = []string{ProblemOpen, ProblemInProgress, ProblemResolved, ProblemClosed}

// Problem is a key or difficult problem (重点难点问题) that restricts
// development: raised by a unit or at a meeting, owned by a unit, watched by
// a leader, and addressed by the measures linked to it.
type Problem struct {
	ID          int64    `json:"-"`
	Code        string   `json:"code"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Source      string   `json:"source"`
	SourceUnit  string   `json:"source_unit"`
	AgendaItem  int64    `json:"agenda_item"`
	Severity    string   `json:"severity"`
	OwnerUnit   string   `json:"owner_unit"`
	Leader      string   `json:"leader"`
	Measures    []string `json:"measures"`
	Status      string   `json:"status"`
	Notes       string   `json:"notes"`
	// The close-out (销号): who signed it off, when, and what they said.
	ClosedBy  string    `json:"closed_by"`
	ClosedAt  time.Time `json:"closed_at"`
	CloseNote string    `json:"close_note"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

var problemCode = regexp.MustCompile(`^P\d{4}-\d{3,5}$`)

// ValidProblemCode reports whether s looks like P2024-007.
func ValidProblemCode(s string) bool { return problemCode.MatchString(s) }

// ProblemCode builds the code of the n-th problem registered in a year.
func ProblemCode(year, n int) string { return fmt.Sprintf("P%d-%03d", year, n) }

// Unlinked reports whether no measure addresses the problem: the register
// flags it, since a problem nobody works on is the one that stays.
func (p *Problem) Unlinked() bool { return len(p.Measures) == 0 }

// Validate trims and checks a problem's own fields (that units, accounts,
// agenda items and measures exist is the app's job). A problem raised by a
// unit without naming it was raised by its owner unit.
func (p *Problem) Validate() error {
	var errs Errors
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	p.Notes = strings.TrimSpace(p.Notes)
	if err := checkText("title", p.Title, 1, 300); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("description", p.Description, 0, 20000); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("notes", p.Notes, 0, 20000); err != nil && !errs.AddErr(err) {
		return err
	}
	if p.Source == "" {
		p.Source = SourceUnit
	}
	switch p.Source {
	case SourceUnit:
		if p.AgendaItem != 0 {
			errs.Add(Invalid("agenda_item", "a problem raised by a unit has no agenda item"))
		}
		if p.SourceUnit == "" {
			p.SourceUnit = p.OwnerUnit
		}
	case SourceMeeting:
		if p.AgendaItem == 0 {
			errs.Add(Invalid("agenda_item", "is required for a problem raised in a meeting"))
		}
		if p.SourceUnit != "" {
			errs.Add(Invalid("source_unit", "a problem raised in a meeting has no raising unit"))
		}
	default:
		errs.Add(Invalid("source", "must be one of %s", strings.Join(ProblemSources, ", ")))
	}
	if p.Severity == "" {
		p.Severity = "medium"
	}
	if !oneOf(p.Severity, Severities) {
		errs.Add(Invalid("severity", "must be one of %s", strings.Join(Severities, ", ")))
	}
	if p.OwnerUnit == "" {
		errs.Add(Invalid("owner_unit", "is required"))
	}
	if p.Status == "" {
		p.Status = ProblemOpen
	}
	if !oneOf(p.Status, ProblemStatuses) {
		errs.Add(Invalid("status", "must be one of %s", strings.Join(ProblemStatuses, ", ")))
	}
	if p.Status == ProblemClosed && p.ClosedBy == "" {
		errs.Add(Invalid("status", "a problem is closed only by its close-out"))
	}
	if len(p.Measures) > 200 {
		errs.Add(Invalid("measures", "at most 200 linked measures"))
		return errs.Err()
	}
	seen := map[string]bool{}
	for _, m := range p.Measures {
		if !ValidMeasureCode(m) {
			errs.Add(Invalid("measures", "%q is not a measure code like 2024H2-017", m))
			break
		}
		if seen[m] {
			errs.Add(Invalid("measures", "%s is listed twice", m))
			break
		}
		seen[m] = true
	}
	return errs.Err()
}

// MoveTo changes the status of a problem that is not closed. Work may go
// forward or back among open, in progress and resolved (a resolved problem
// can come back); closed is reached only through CloseOut and is final.
func (p *Problem) MoveTo(status string) error {
	if p.Status == ProblemClosed {
		return Errorf(ECONFLICT, "problem %s is closed out and can no longer change", p.Code)
	}
	if status == ProblemClosed {
		return Invalid("status", "close a problem out with its close-out, which records who signed it off")
	}
	if !oneOf(status, ProblemStatuses) {
		return Invalid("status", "must be one of %s", strings.Join(ProblemStatuses[:3], ", "))
	}
	p.Status = status
	return nil
}

// CloseOut signs a resolved problem off (销号), recording who and when.
func (p *Problem) CloseOut(by string, at time.Time, note string) error {
	note = strings.TrimSpace(note)
	if p.Status == ProblemClosed {
		return Errorf(ECONFLICT, "problem %s is already closed out", p.Code)
	}
	if p.Status != ProblemResolved {
		return Errorf(ECONFLICT, "problem %s is %s: only a resolved problem can be closed out", p.Code, p.Status)
	}
	if by == "" {
		return Invalid("closed_by", "is required")
	}
	if err := checkText("note", note, 0, 5000); err != nil {
		return err
	}
	p.Status, p.ClosedBy, p.ClosedAt, p.CloseNote = ProblemClosed, by, at, note
	return nil
}
