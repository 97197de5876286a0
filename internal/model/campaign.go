package model

import (
	"strconv"
	"strings"
	"time"
)

// StudyKinds are the kinds of study session (学习形式) a campaign asks for:
// 集中学习, 专题党课, 警示教育, 研讨交流, 其他.
var StudyKinds = []string{"group_study", "party_lecture", "warning_education", "seminar", "other"}

// Campaign is a study campaign (学习教育, e.g. 党纪学习教育) the office opens
// for a span of months: the sessions each unit must hold (Requirements),
// the materials to study, and the day the units' summaries are due. Units
// lists the units taking part (unit codes).
type Campaign struct {
	ID           int64         `json:"id"`
	Title        string        `json:"title"`
	Start        Date          `json:"start"`
	End          Date          `json:"end"`
	SummaryDue   Date          `json:"summary_due"`
	Materials    string        `json:"materials"`
	Units        []string      `json:"units"`
	Requirements []Requirement `json:"requirements"`
	CreatedBy    string        `json:"created_by"`
	CreatedAt    time.Time     `json:"created_at"`
}

// Requirement is what every unit of a campaign must hold: Count sessions
// of Kind by Due, or, Monthly, Count sessions of Kind in every month of the
// campaign (each month's by its last day).
type Requirement struct {
	ID      int64  `json:"id"`
	Seq     int    `json:"seq"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Count   int    `json:"count"`
	Monthly bool   `json:"monthly"`
	Due     Date   `json:"due"` // the last month's end when Monthly
}

// Limits on a campaign.
const (
	MaxRequirements   = 20
	MaxRequiredCount  = 50
	MaxCampaignMonths = 24
	MaxCampaignText   = 5000
	MaxSummaryText    = 20000
	MaxSessionPeople  = 500
)

// Months are the months a campaign spans, each as its last day.
func (c Campaign) Months() []Date {
	var out []Date
	for d := c.Start; d <= c.End && len(out) <= MaxCampaignMonths; d = d.EndOfMonth() + 1 {
		out = append(out, d.EndOfMonth())
	}
	return out
}

// Validate checks a campaign and numbers its requirements; a monthly
// requirement is due at the campaign's end.
func (c *Campaign) Validate() error {
	var errs Errors
	c.Title, c.Materials = strings.TrimSpace(c.Title), strings.TrimSpace(c.Materials)
	if err := checkText("title", c.Title, 1, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("materials", c.Materials, 0, MaxCampaignText); err != nil && !errs.AddErr(err) {
		return err
	}
	switch {
	case c.Start == 0:
		errs.Add(Invalid("start", "is required (YYYY-MM-DD)"))
	case c.End == 0:
		errs.Add(Invalid("end", "is required (YYYY-MM-DD)"))
	case c.End < c.Start:
		errs.Add(Invalid("end", "%s is before the start %s", c.End, c.Start))
	case len(c.Months()) > MaxCampaignMonths:
		errs.Add(Invalid("end", "a campaign spans at most %d months", MaxCampaignMonths))
	}
	if c.SummaryDue == 0 {
		errs.Add(Invalid("summary_due", "is required (YYYY-MM-DD)"))
	} else if c.Start != 0 && c.SummaryDue < c.Start {
		errs.Add(Invalid("summary_due", "%s is before the start %s", c.SummaryDue, c.Start))
	}
	if len(c.Units) == 0 {
		errs.Add(Invalid("units", "choose at least one unit"))
	}
	if len(c.Requirements) == 0 {
		errs.Add(Invalid("requirements", "add at least one requirement"))
	}
	if len(c.Requirements) > MaxRequirements {
		errs.Add(Invalid("requirements", "at most %d requirements", MaxRequirements))
	}
	for i := range c.Requirements {
		r := &c.Requirements[i]
		f := "requirements[" + strconv.Itoa(i) + "]"
		r.Seq = i + 1
		r.Title = strings.TrimSpace(r.Title)
		if !oneOf(r.Kind, StudyKinds) {
			errs.Add(Invalid(f+".kind", "must be one of %s", strings.Join(StudyKinds, ", ")))
		}
		if err := checkText(f+".title", r.Title, 1, 200); err != nil && !errs.AddErr(err) {
			return err
		}
		if r.Count < 1 || r.Count > MaxRequiredCount {
			errs.Add(Invalid(f+".count", "must be between 1 and %d", MaxRequiredCount))
		}
		if r.Monthly {
			r.Due = c.End
		}
		switch {
		case r.Due == 0:
			errs.Add(Invalid(f+".due", "is required (YYYY-MM-DD)"))
		case c.Start != 0 && r.Due < c.Start:
			errs.Add(Invalid(f+".due", "%s is before the start %s", r.Due, c.Start))
		}
	}
	return errs.Err()
}

// StudySession is a unit's study session in a campaign: a meeting of kind
// study (Meeting), with its kind, topic, materials and who of the unit's
// people attended or was absent and why.
type StudySession struct {
	ID         int64        `json:"id"`
	Campaign   int64        `json:"campaign"`
	Unit       string       `json:"unit"`
	Meeting    int64        `json:"meeting"`
	Kind       string       `json:"kind"`
	Date       Date         `json:"date"`
	Topic      string       `json:"topic"`
	Place      string       `json:"place"`
	Materials  string       `json:"materials"`
	Attendance []Attendance `json:"attendance"`
	Files      []Evidence   `json:"files"`
	RecordedBy string       `json:"recorded_by"`
	CreatedAt  time.Time    `json:"created_at"`
}

// Attendance is one of the unit's people at a session: present, or absent
// with the reason (请假原因).
type Attendance struct {
	Person  int64  `json:"person"`
	Name    string `json:"name"`
	Present bool   `json:"present"`
	Reason  string `json:"reason"`
}

// Present counts the people who attended.
func (s StudySession) Present() int {
	n := 0
	for _, a := range s.Attendance {
		if a.Present {
			n++
		}
	}
	return n
}

// Validate checks a session against its campaign: a kind the campaign asks
// for or another study kind, a day within the campaign, a topic, and each
// person at most once, an absence with its reason.
func (s *StudySession) Validate(c Campaign) error {
	var errs Errors
	s.Topic, s.Materials, s.Place = strings.TrimSpace(s.Topic), strings.TrimSpace(s.Materials), strings.TrimSpace(s.Place)
	if !oneOf(s.Kind, StudyKinds) {
		errs.Add(Invalid("kind", "must be one of %s", strings.Join(StudyKinds, ", ")))
	}
	switch {
	case s.Date == 0:
		errs.Add(Invalid("date", "is required (YYYY-MM-DD)"))
	case s.Date < c.Start || s.Date > c.End:
		errs.Add(Invalid("date", "%s is outside the campaign (%s to %s)", s.Date, c.Start, c.End))
	}
	if err := checkText("topic", s.Topic, 1, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("place", s.Place, 0, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("materials", s.Materials, 0, MaxCampaignText); err != nil && !errs.AddErr(err) {
		return err
	}
	if len(s.Attendance) > MaxSessionPeople {
		errs.Add(Invalid("attendance", "at most %d people", MaxSessionPeople))
	}
	seen := map[int64]bool{}
	for i := range s.Attendance {
		a := &s.Attendance[i]
		f := "attendance[" + strconv.Itoa(i) + "]"
		a.Reason = strings.TrimSpace(a.Reason)
		if seen[a.Person] {
			errs.Add(Invalid(f+".person", "%s is listed twice", a.Name))
		}
		seen[a.Person] = true
		if a.Present {
			a.Reason = ""
		} else if err := checkText(f+".reason", a.Reason, 1, 200); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	if s.Present() == 0 {
		errs.Add(Invalid("attendance", "no one attended"))
	}
	return errs.Err()
}

// CampaignSummary is a unit's summary of its campaign (学习教育总结),
// submitted once the sessions are held; a unit may submit it again until
// the office reads it.
type CampaignSummary struct {
	Campaign    int64     `json:"campaign"`
	Unit        string    `json:"unit"`
	Body        string    `json:"body"`
	SubmittedBy string    `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Cell lights of the completion matrix, the board's light words: done
// (green), due soon (amber), missed (red), and open (grey: not due yet).
const (
	CellDone    = "done"
	CellDueSoon = "due_soon"
	CellMissed  = "missed"
	CellOpen    = "open"
)

// CellLights lists the cell states in the legend's order. A cell not met
// with DueSoonDays (the board's window) or fewer left is due soon.
var CellLights = []string{CellDone, CellDueSoon, CellMissed, CellOpen}

// CompletionCell is one unit × requirement of the matrix: the sessions
// held that count, how many were asked for so far, and its light. Missed
// names the first day by which the unit fell short (0 when it did not).
type CompletionCell struct {
	Held     int    `json:"held"`
	Required int    `json:"required"`
	State    string `json:"state"`
	Missed   Date   `json:"missed"`
	// Due is the day the next shortfall would count as missed: the
	// requirement's day, or the current month's end for a monthly one.
	Due Date `json:"due"`
}

// CompletionRow is one unit's line of the matrix: a cell per requirement,
// then the summary's.
type CompletionRow struct {
	Unit     string           `json:"unit"`
	UnitName string           `json:"unit_name"`
	Cells    []CompletionCell `json:"cells"`
	Summary  CompletionCell   `json:"summary"`
	Sessions int              `json:"sessions"`
	Done     bool             `json:"done"` // every cell and the summary done
}

// CampaignCompletion is the completion matrix of a campaign as of Day:
// per unit and requirement, with the totals by light and the share of
// (unit, requirement) cells done, summaries counted as a requirement.
type CampaignCompletion struct {
	Campaign Campaign        `json:"campaign"`
	Day      Date            `json:"day"`
	Rows     []CompletionRow `json:"rows"`
	Totals   map[string]int  `json:"totals"` // by light, summaries included
	Cells    int             `json:"cells"`
	Done     int             `json:"done"`
	// Percent is Done / Cells, rounded down; 0 for a campaign without units.
	Percent int `json:"percent"`
	// UnitsDone counts the units whose every cell is done.
	UnitsDone int `json:"units_done"`
}

// SessionCount is how many sessions of a kind a unit held in a month (its
// last day), the input the matrix is computed from.
type SessionCount struct {
	Unit  string
	Kind  string
	Month Date
	N     int
}

// Judge computes cell for requirement r from the unit's sessions of r's
// kind per month (byMonth: month end → count, sessions up to r.Due only for
// a requirement by a day), on day today.
func (r Requirement) Judge(c Campaign, byMonth map[Date]int, upToDue int, today Date) CompletionCell {
	cell := CompletionCell{}
	if !r.Monthly {
		cell.Held, cell.Required, cell.Due = upToDue, r.Count, r.Due
		switch {
		case cell.Held >= r.Count:
			cell.State = CellDone
		case today > r.Due:
			cell.State, cell.Missed = CellMissed, r.Due
		case int(r.Due-today) <= DueSoonDays:
			cell.State = CellDueSoon
		default:
			cell.State = CellOpen
		}
		return cell
	}
	for _, m := range c.Months() {
		n := byMonth[m]
		cell.Required += r.Count
		cell.Held += min(n, r.Count)
		if m >= today { // the month running now: due at its end
			cell.Due = m
			break
		}
		if n < r.Count && cell.Missed == 0 {
			cell.Missed = m
		}
	}
	if cell.Due == 0 {
		cell.Due = r.Due
	}
	switch {
	case cell.Missed != 0:
		cell.State = CellMissed
	case cell.Held >= cell.Required:
		cell.State = CellDone
	case int(cell.Due-today) <= DueSoonDays:
		cell.State = CellDueSoon
	default:
		cell.State = CellOpen
	}
	return cell
}

// SummaryCell is the light of a unit's campaign summary on day today.
func SummaryCell(c Campaign, submitted bool, today Date) CompletionCell {
	cell := CompletionCell{Required: 1, Due: c.SummaryDue}
	switch {
	case submitted:
		cell.Held, cell.State = 1, CellDone
	case today > c.SummaryDue:
		cell.State, cell.Missed = CellMissed, c.SummaryDue
	case int(c.SummaryDue-today) <= DueSoonDays:
		cell.State = CellDueSoon
	default:
		cell.State = CellOpen
	}
	return cell
}

// CheckCampaignSummary checks a unit's campaign summary text.
func CheckCampaignSummary(body string) error { return checkText("body", body, 1, MaxSummaryText) }
