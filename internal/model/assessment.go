package model

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Tenths are points to one decimal (12.5 points is 125), so that a score
// computed on either engine, frozen as JSON and read back is the same
// number to the last digit. JSON carries them as a decimal number.
type Tenths int

// MarshalJSON writes t as a decimal number: 125 → 12.5.
func (t Tenths) MarshalJSON() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalJSON reads a number with at most one decimal.
func (t *Tenths) UnmarshalJSON(b []byte) error {
	v, err := ParseTenths(string(bytes.Trim(b, `"`)))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// String writes t as 12.5, 12 or -0.5.
func (t Tenths) String() string {
	sign := ""
	v := int(t)
	if v < 0 {
		sign, v = "-", -v
	}
	if v%10 == 0 {
		return sign + strconv.Itoa(v/10)
	}
	return sign + strconv.Itoa(v/10) + "." + strconv.Itoa(v%10)
}

// ParseTenths reads "12.5", "12" or "-3".
func ParseTenths(s string) (Tenths, error) {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e6 {
		return 0, Invalid("points", "%q is not a number", s)
	}
	v := math.Round(f * 10)
	if math.Abs(v-f*10) > 1e-6 {
		return 0, Invalid("points", "%q: points have at most one decimal", s)
	}
	return Tenths(v), nil
}

// Grades of an assessment, best first; GradeNone for a unit with no record
// in the year (nothing to assess, so no grade).
const (
	GradeExcellent = "excellent" // 优秀
	GradeGood      = "good"      // 良好
	GradePass      = "pass"      // 合格
	GradeFail      = "fail"      // 不合格
	GradeNone      = ""
)

// Grades lists the grades, best first.
var Grades = []string{GradeExcellent, GradeGood, GradePass, GradeFail}

// Grading modes: by thresholds alone, or by quotas on top of them.
const (
	GradeByThreshold = "threshold"
	GradeByQuota     = "quota"
)

// AssessmentRules are what the office sets for a year's assessment: the
// points of each component (they add up to 100), the points deducted per
// 督办单 and per 通报, and how grades are given.
type AssessmentRules struct {
	OnTime     int `json:"on_time"`    // measures completed on time
	Reports    int `json:"reports"`    // progress reports kept to the cycle
	Indicators int `json:"indicators"` // indicators met
	Problems   int `json:"problems"`   // problems closed out
	// PerSupervision and PerBulletin are deducted per 督办单 and per 通报.
	PerSupervision Tenths `json:"per_supervision"`
	PerBulletin    Tenths `json:"per_bulletin"`
	// Mode is GradeByThreshold or GradeByQuota. The thresholds are the
	// lowest totals of 优秀, 良好 and 合格 in both modes; with quotas at
	// most ExcellentPct percent of the graded units are 优秀 and at most
	// GoodPct percent 良好.
	Mode         string `json:"mode"`
	Excellent    Tenths `json:"excellent"`
	Good         Tenths `json:"good"`
	Pass         Tenths `json:"pass"`
	ExcellentPct int    `json:"excellent_pct"`
	GoodPct      int    `json:"good_pct"`
}

// DefaultAssessmentRules: 40 · 20 · 30 · 10, one point off per 督办单 and
// two per 通报, 优秀 from 90, 良好 from 80, 合格 from 60, quotas 20 % and
// 50 % (used only in quota mode).
var DefaultAssessmentRules = AssessmentRules{OnTime: 40, Reports: 20, Indicators: 30, Problems: 10,
	PerSupervision: 10, PerBulletin: 20, Mode: GradeByThreshold, Excellent: 900, Good: 800, Pass: 600,
	ExcellentPct: 20, GoodPct: 50}

// Validate checks the rules.
func (r *AssessmentRules) Validate() error {
	var errs Errors
	for _, w := range []struct {
		field string
		v     int
	}{{"on_time", r.OnTime}, {"reports", r.Reports}, {"indicators", r.Indicators}, {"problems", r.Problems}} {
		if w.v < 0 || w.v > 100 {
			errs.Add(Invalid(w.field, "must be between 0 and 100 points"))
		}
	}
	if sum := r.OnTime + r.Reports + r.Indicators + r.Problems; sum != 100 {
		errs.Add(Invalid("on_time", "the components' points must add up to 100 (they add up to %d)", sum))
	}
	for _, d := range []struct {
		field string
		v     Tenths
	}{{"per_supervision", r.PerSupervision}, {"per_bulletin", r.PerBulletin}} {
		if d.v < 0 || d.v > 200 {
			errs.Add(Invalid(d.field, "must be between 0 and 20 points"))
		}
	}
	if r.Mode != GradeByThreshold && r.Mode != GradeByQuota {
		errs.Add(Invalid("mode", "must be threshold or quota"))
	}
	if r.Pass < 0 || r.Good < r.Pass || r.Excellent < r.Good || r.Excellent > 1000 {
		errs.Add(Invalid("excellent", "thresholds must rise from pass to good to excellent, between 0 and 100"))
	}
	if r.ExcellentPct < 0 || r.ExcellentPct > 100 || r.GoodPct < 0 || r.GoodPct > 100 {
		errs.Add(Invalid("excellent_pct", "quotas are percentages between 0 and 100"))
	}
	return errs.Err()
}

// Ratio is how many of a component's records count for the unit (Hits) of
// how many there are (Of).
type Ratio struct {
	Hits int `json:"hits"`
	Of   int `json:"of"`
}

// AssessmentCounts are a unit's records in a year, counted.
type AssessmentCounts struct {
	OnTime      Ratio `json:"on_time"`
	Reports     Ratio `json:"reports"`
	Indicators  Ratio `json:"indicators"`
	Problems    Ratio `json:"problems"`
	Supervision int   `json:"supervision"` // 督办单
	Bulletins   int   `json:"bulletins"`   // 通报
}

// Empty reports whether the unit has no record at all in the year.
func (c AssessmentCounts) Empty() bool {
	return c.OnTime.Of == 0 && c.Reports.Of == 0 && c.Indicators.Of == 0 && c.Problems.Of == 0 &&
		c.Supervision == 0 && c.Bulletins == 0
}

// Adjustment is the office's points for one unit, with its reason.
type Adjustment struct {
	Unit    string    `json:"unit"`
	Points  Tenths    `json:"points"`
	Reason  string    `json:"reason"`
	Author  string    `json:"author"`
	Updated time.Time `json:"updated"`
}

// Validate checks an adjustment: between −20 and +20 points, a reason.
func (a *Adjustment) Validate() error {
	a.Reason = strings.TrimSpace(a.Reason)
	var errs Errors
	if a.Unit == "" {
		errs.Add(Invalid("unit", "is required"))
	}
	if a.Points < -200 || a.Points > 200 {
		errs.Add(Invalid("points", "must be between -20 and 20"))
	}
	if err := checkText("reason", a.Reason, 1, 500); err != nil && !errs.AddErr(err) {
		return err
	}
	return errs.Err()
}

// AssessmentRow is one unit's result.
type AssessmentRow struct {
	Rank   int              `json:"rank"` // 序号: place by total, 0 for an ungraded unit
	Unit   string           `json:"unit"`
	Name   string           `json:"name"`
	Counts AssessmentCounts `json:"counts"`
	// Points per component, the deductions (positive), the adjustment and
	// the total.
	OnTime     Tenths `json:"on_time"`
	Reports    Tenths `json:"reports"`
	Indicators Tenths `json:"indicators"`
	Problems   Tenths `json:"problems"`
	Deductions Tenths `json:"deductions"`
	Adjustment Tenths `json:"adjustment"`
	Reason     string `json:"reason"` // the adjustment's
	Total      Tenths `json:"total"`
	Grade      string `json:"grade"`
}

// UnitAssessment is a year's unit assessment (督办考核) as computed now (a draft) or as
// published (frozen).
type UnitAssessment struct {
	Year  int             `json:"year"`
	Rules AssessmentRules `json:"rules"`
	// Cutoff is the last day the records are read to: the year's last day,
	// or today while the year runs.
	Cutoff      Date            `json:"cutoff"`
	Published   bool            `json:"published"`
	PublishedAt time.Time       `json:"published_at"`
	PublishedBy string          `json:"published_by"`
	Rows        []AssessmentRow `json:"rows"`
	// Sources are the records behind each unit's figures, by unit, as a
	// result is published (stored a unit apiece, so its drill-down never
	// changes either); nil when read.
	Sources map[string]AssessmentSources `json:"sources,omitempty"`
}

// Row returns unit's row.
func (a *UnitAssessment) Row(unit string) (AssessmentRow, bool) {
	for _, r := range a.Rows {
		if r.Unit == unit {
			return r, true
		}
	}
	return AssessmentRow{}, false
}

// AssessmentSource is one record behind a figure: a measure, a notice, an
// indicator or a problem, and whether it counts for the unit (Hit: done
// on time, reported to the cycle, met, closed; for a deduction, always).
type AssessmentSource struct {
	Kind  string `json:"kind"` // measure, notice, indicator, problem
	Ref   string `json:"ref"`  // measure, indicator or problem code; notice id
	Title string `json:"title"`
	Day   Date   `json:"day"` // due day, notice day; 0 when none
	Hit   bool   `json:"hit"`
	// Note says why: the day a measure was done, a notice's kind, an
	// indicator's judgement, a problem's status.
	Note string `json:"note"`
}

// AssessmentSources are one unit's records, by component.
type AssessmentSources struct {
	OnTime     []AssessmentSource `json:"on_time"`
	Reports    []AssessmentSource `json:"reports"`
	Indicators []AssessmentSource `json:"indicators"`
	Problems   []AssessmentSource `json:"problems"`
	Deductions []AssessmentSource `json:"deductions"`
}

// Counts counts the sources the way the scores count records.
func (s AssessmentSources) Counts() AssessmentCounts {
	ratio := func(list []AssessmentSource) Ratio {
		r := Ratio{Of: len(list)}
		for _, x := range list {
			if x.Hit {
				r.Hits++
			}
		}
		return r
	}
	c := AssessmentCounts{OnTime: ratio(s.OnTime), Reports: ratio(s.Reports), Indicators: ratio(s.Indicators), Problems: ratio(s.Problems)}
	for _, d := range s.Deductions {
		switch d.Note {
		case string(NoticeSupervision):
			c.Supervision++
		case string(NoticeBulletin):
			c.Bulletins++
		}
	}
	return c
}

// share is weight·hits/of in tenths, rounded half up; a component with
// nothing in it gives its full weight (a unit is not marked down for work
// it was not given).
func share(weight int, r Ratio) Tenths {
	if r.Of == 0 {
		return Tenths(weight * 10)
	}
	return Tenths((weight*10*r.Hits*2 + r.Of) / (2 * r.Of))
}

// ScoreRow fills a row's points and total from its counts, the rules and
// the adjustment. The grade is GradeRows' job (quotas need every row).
func ScoreRow(row *AssessmentRow, r AssessmentRules) {
	c := row.Counts
	row.OnTime = share(r.OnTime, c.OnTime)
	row.Reports = share(r.Reports, c.Reports)
	row.Indicators = share(r.Indicators, c.Indicators)
	row.Problems = share(r.Problems, c.Problems)
	row.Deductions = Tenths(c.Supervision)*r.PerSupervision + Tenths(c.Bulletins)*r.PerBulletin
	row.Total = row.OnTime + row.Reports + row.Indicators + row.Problems - row.Deductions + row.Adjustment
}

// GradeRows grades and ranks scored rows, sorting them by total (highest
// first, then by unit code). A unit with no record gets no grade and no
// rank. By thresholds, a total at or above a grade's threshold earns it.
// By quotas, additionally at most ExcellentPct percent of the graded units
// (rounded down) are 优秀 and at most GoodPct percent 良好; units with equal
// totals get the same grade, so a tie that would overrun a quota goes down
// a grade together (and that grade is then closed to lower totals).
func GradeRows(rows []AssessmentRow, r AssessmentRules) {
	sort.SliceStable(rows, func(i, j int) bool {
		ei, ej := rows[i].Counts.Empty(), rows[j].Counts.Empty()
		if ei != ej {
			return ej
		}
		if rows[i].Total != rows[j].Total {
			return rows[i].Total > rows[j].Total
		}
		return rows[i].Unit < rows[j].Unit
	})
	graded := 0
	for _, row := range rows {
		if !row.Counts.Empty() {
			graded++
		}
	}
	byThreshold := func(t Tenths) string {
		switch {
		case t >= r.Excellent:
			return GradeExcellent
		case t >= r.Good:
			return GradeGood
		case t >= r.Pass:
			return GradePass
		}
		return GradeFail
	}
	quota := map[string]int{GradeExcellent: graded * r.ExcellentPct / 100, GradeGood: graded * r.GoodPct / 100}
	used := map[string]int{}
	closed := map[string]bool{}
	rank := 0
	for i := 0; i < graded; {
		j := i
		for j < graded && rows[j].Total == rows[i].Total {
			j++
		}
		g := byThreshold(rows[i].Total)
		if r.Mode == GradeByQuota {
			// A grade whose quota a group overran stays closed to every
			// lower total, so a lower total never gets a better grade.
			for (g == GradeExcellent || g == GradeGood) && (closed[g] || used[g]+(j-i) > quota[g]) {
				closed[g] = true
				if g == GradeExcellent {
					g = GradeGood
				} else {
					g = GradePass
				}
			}
			used[g] += j - i
		}
		for k := i; k < j; k++ {
			rows[k].Grade = g
			rows[k].Rank = rank + 1
		}
		rank += j - i
		i = j
	}
	for k := graded; k < len(rows); k++ {
		rows[k].Grade, rows[k].Rank = GradeNone, 0
	}
}

// YearJudgement is how an indicator counts in year's assessment: the
// judgement of its value for the latest period of the year with an actual
// figure (the year itself, then its second half, then its first). It
// counts (ok) when judged held, fell, met, on course or behind, and is met
// when held or met; an indicator with no actual in the year, or nothing
// to judge it against, does not count.
func YearJudgement(ind Indicator, values []IndicatorValue, year int) (j Judgement, ok bool) {
	y := strconv.Itoa(year)
	for _, p := range []string{y, y + "-H2", y + "-H1"} {
		for _, v := range values {
			if v.Period != p || v.Actual == nil {
				continue
			}
			j = Judge(ind, v).Judgement
			return j, j != NotSet && j != NotReported
		}
	}
	return NotReported, false
}

// IndicatorMet reports whether a judgement counts as met in an assessment.
func IndicatorMet(j Judgement) bool { return j == Held || j == Met }
