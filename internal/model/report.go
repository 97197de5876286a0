package model

import (
	"strings"
	"time"
)

// Unit report states. ReportNotStarted is never stored: it is what a unit
// without a report row for a period shows.
const (
	ReportNotStarted  = "not_started"
	ReportDraft       = "draft"
	ReportSubmitted   = "submitted"
	ReportReturned    = "returned"
	ReportResubmitted = "resubmitted"
	ReportAccepted    = "accepted"
)

// ReportStates lists the states in the order of the workflow.
var ReportStates = []string{ReportNotStarted, ReportDraft, ReportSubmitted, ReportReturned, ReportResubmitted, ReportAccepted}

// Unit report actions: the transitions of the state machine.
const (
	ReportSave   = "save"
	ReportSubmit = "submit"
	ReportReturn = "return"
	ReportAccept = "accept"
	// ReportWithdraw takes a sent report back before the office has
	// accepted or returned it (撤回): it is worked on again.
	ReportWithdraw = "withdraw"
)

// ReportActions lists every action, for tables of transitions.
var ReportActions = []string{ReportSave, ReportSubmit, ReportReturn, ReportAccept, ReportWithdraw}

// reportTransitions is the whole state machine: state → action → next
// state. A returned report is worked on like a draft and, when sent again,
// is "resubmitted" so the office sees it is a second reading.
var reportTransitions = map[string]map[string]string{
	ReportNotStarted:  {ReportSave: ReportDraft},
	ReportDraft:       {ReportSave: ReportDraft, ReportSubmit: ReportSubmitted},
	ReportReturned:    {ReportSave: ReportReturned, ReportSubmit: ReportResubmitted},
	ReportSubmitted:   {ReportReturn: ReportReturned, ReportAccept: ReportAccepted, ReportWithdraw: ReportDraft},
	ReportResubmitted: {ReportReturn: ReportReturned, ReportAccept: ReportAccepted, ReportWithdraw: ReportReturned},
	ReportAccepted:    {},
}

// NextReportState is the state a report in state goes to by action, or a
// conflict error saying the action is not possible now.
func NextReportState(state, action string) (string, error) {
	next, ok := reportTransitions[state][action]
	if !ok {
		return "", Errorf(ECONFLICT, "a report in state %s cannot be %s", state, pastTense(action))
	}
	return next, nil
}

func pastTense(action string) string {
	switch action {
	case ReportSave:
		return "edited"
	case ReportSubmit:
		return "submitted"
	case ReportReturn:
		return "returned"
	case ReportAccept:
		return "accepted"
	case ReportWithdraw:
		return "withdrawn"
	}
	return action
}

// UnitReport is a unit's half-year work report (半年工作总结) for one period.
// Its sections are plain text whose line breaks are kept. Figures are the
// unit's numbers: computed from live data while the unit works on the
// report, and frozen (stored) from the moment it is submitted, so what the
// office reviews and compiles is what the unit saw when it signed off.
type UnitReport struct {
	ID           int64
	Unit         string
	Period       string
	State        string
	Achievements string // 主要成绩
	Situation    string // 形势分析
	Problems     string // 存在问题
	NextMeasures string // 下半年工作举措
	Figures      ReportFigures
	// Comment is the office's comment when it last returned the report.
	Comment     string
	Author      string
	SubmittedAt time.Time
	Reviewer    string
	ReviewedAt  time.Time
	Updated     time.Time
}

// Editable reports whether the unit may change the report's text.
func (r UnitReport) Editable() bool {
	return r.State == ReportNotStarted || r.State == ReportDraft || r.State == ReportReturned || r.State == ""
}

// Frozen reports whether the report's figures are the stored ones taken at
// submission rather than live.
func (r UnitReport) Frozen() bool {
	return r.State == ReportSubmitted || r.State == ReportResubmitted || r.State == ReportAccepted
}

// ReportSections names the text sections in order, by their field names.
var ReportSections = []string{"achievements", "situation", "problems", "next_measures"}

// Section returns a section's text by its field name.
func (r UnitReport) Section(field string) string {
	switch field {
	case "achievements":
		return r.Achievements
	case "situation":
		return r.Situation
	case "problems":
		return r.Problems
	case "next_measures":
		return r.NextMeasures
	}
	return ""
}

// maxSection bounds one section: a long half-year summary is a few
// thousand characters.
const maxSection = 20000

// Validate tidies the sections (line breaks normalised, surrounding space
// trimmed) and checks their length; complete additionally requires every
// section, as a submission does.
func (r *UnitReport) Validate(complete bool) error {
	for _, p := range []*string{&r.Achievements, &r.Situation, &r.Problems, &r.NextMeasures} {
		*p = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	}
	for _, f := range ReportSections {
		min := 0
		if complete {
			min = 1
		}
		if err := checkText(f, r.Section(f), min, maxSection); err != nil {
			return err
		}
	}
	return nil
}

// ReportFigures are a unit's numbers for a period as a report shows them.
// Indicators stay empty until an indicator register provides them.
type ReportFigures struct {
	AsOf       Date              `json:"as_of"`
	Measures   MeasureFigures    `json:"measures"`
	Indicators []IndicatorFigure `json:"indicators,omitempty"`
}

// MeasureFigures are the measures a unit leads in a period, by status, and
// the overdue ones by name.
type MeasureFigures struct {
	Total    int              `json:"total"`
	ByStatus map[Status]int   `json:"by_status"`
	Overdue  []OverdueMeasure `json:"overdue"`
}

// Count is the number of measures in one status.
func (m MeasureFigures) Count(s Status) int { return m.ByStatus[s] }

// OverdueMeasure is a line of a report's overdue list.
type OverdueMeasure struct {
	Code     string `json:"code"`
	Title    string `json:"title"`
	Due      Date   `json:"due"`
	Progress int    `json:"progress"`
}

// IndicatorFigure is an indicator of the unit against its target for the
// period, as a report shows it.
type IndicatorFigure struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Unit     string   `json:"unit"`
	Baseline *float64 `json:"baseline,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Actual   *float64 `json:"actual,omitempty"`
	// Judgement is the indicator register's verdict ("met", "behind", …).
	Judgement string `json:"judgement,omitempty"`
	// Owner and Attainment are the owner unit and the percent of the
	// planned gain reached, as the institution's summary lists them.
	Owner      string   `json:"owner,omitempty"`
	Attainment *float64 `json:"attainment,omitempty"`
}
