package model

import "fmt"

// Recurrences of a measure. A recurring measure ("每月召开一次安全生产检查",
// "每学期开展一次教学检查") is one occurrence with its own due day; once that
// day has passed, the daily job creates the next occurrence as a new measure
// (Successor) and the previous one keeps its own status, overdue or not.
const (
	RecurNone    = ""
	RecurMonthly = "monthly"
	RecurTerm    = "term"
)

// Recurrences are the values Measure.Recur may take, "" (does not recur) first.
var Recurrences = []string{RecurNone, RecurMonthly, RecurTerm}

// NextOccurrence returns the start and due day of the occurrence that
// follows one due on prev: it starts the day after prev and is due at the
// end of the month (monthly) or of the term (term) after the one prev falls
// in. ok is false for a measure that does not recur or has no due day.
//
// A term is a half-year: the first (1 January–30 June, the spring term) or
// the second (1 July–31 December, the autumn term). That is the notion
// ParseDeadline already uses: it reads 本学期/本学期内 as the last day of
// the measure's period, and measures' periods are half-years ("2024-H2"),
// so "the end of the next term" is the end of the next half-year.
func NextOccurrence(recur string, prev Date) (start, due Date, ok bool) {
	if prev == 0 {
		return 0, 0, false
	}
	start = prev.AddDays(1)
	switch recur {
	case RecurMonthly:
		return start, prev.EndOfMonth().AddDays(1).EndOfMonth(), true
	case RecurTerm:
		return start, HalfYearOf(HalfYearOf(prev).End.AddDays(1)).End, true
	}
	return 0, 0, false
}

// occurrenceDeadline is the deadline as an office would write it for an
// occurrence due on due: "2025年1月底前" for a month, "本学期内" for a term
// (read against the occurrence's own half-year, which Successor makes its
// period).
func occurrenceDeadline(recur string, due Date) string {
	if recur == RecurTerm {
		return "本学期内"
	}
	t := due.Time()
	return fmt.Sprintf("%d年%d月底前", t.Year(), int(t.Month()))
}

// Successor returns the occurrence that follows m, not yet normalized or
// stored: a new measure (no code) with m's title, detail, theme, lead and
// cooperating units, leader, owner, priority and recurrence, no milestones
// and no progress, dated by NextOccurrence, in the half-year of its due day
// (as accepted drafts are), and following m. ok is false when m does not
// recur or has no due day.
func (m Measure) Successor() (next Measure, ok bool) {
	start, due, ok := NextOccurrence(m.Recur, m.Due)
	if !ok {
		return Measure{}, false
	}
	return Measure{
		Title: m.Title, Detail: m.Detail, Theme: m.Theme, Period: HalfYearOf(due).Code,
		LeadUnit: m.LeadUnit, CooperatingUnits: append([]string{}, m.CooperatingUnits...),
		Leader: m.Leader, Owner: m.Owner, Priority: m.Priority,
		Start: start, Due: due, Deadline: occurrenceDeadline(m.Recur, due),
		Milestones: []Milestone{}, Recur: m.Recur, RecurPrev: m.ID,
		// The next occurrence answers the same words of the same speech.
		Source: m.Source,
	}, true
}
