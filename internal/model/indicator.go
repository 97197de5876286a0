package model

import (
	"math"
	"strings"
	"time"
)

// Indicator kinds: a basic indicator is judged on holding its floor, a
// competitive one on progress to its target ("steady progress in basic
// work, leap-forward growth of competitive indicators").
const (
	IndicatorBasic       = "basic"
	IndicatorCompetitive = "competitive"
)

// IndicatorKinds lists the kinds in display order.
var IndicatorKinds = []string{IndicatorBasic, IndicatorCompetitive}

// Directions: whether more of an indicator is better (funding, courses) or
// less (the student–teacher ratio, accidents).
const (
	HigherIsBetter = "higher"
	LowerIsBetter  = "lower"
)

// Directions lists the directions.
var Directions = []string{HigherIsBetter, LowerIsBetter}

// Indicator is a target-assessment indicator (指标) one unit answers for.
type Indicator struct {
	ID          int64     `json:"-"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	MeasureUnit string    `json:"measure_unit"` // 计量单位: 项, 人, 万元, 名次, %
	Direction   string    `json:"direction"`
	OwnerUnit   string    `json:"owner_unit"`
	Theme       string    `json:"theme"`
	Description string    `json:"description"`
	Updated     time.Time `json:"updated"`
}

// Validate trims and checks an indicator's fields (the owner unit's
// existence is the app's job).
func (ind *Indicator) Validate() error {
	var errs Errors
	ind.Code = strings.TrimSpace(ind.Code)
	ind.Name = strings.TrimSpace(ind.Name)
	ind.MeasureUnit = strings.TrimSpace(ind.MeasureUnit)
	ind.Description = strings.TrimSpace(ind.Description)
	if !codePattern.MatchString(ind.Code) {
		errs.Add(Invalid("code", "must be 1–32 letters, digits, '-', '_' or '.'"))
	}
	if err := checkLine("name", ind.Name, 1, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if !oneOf(ind.Kind, IndicatorKinds) {
		errs.Add(Invalid("kind", "must be one of %s", strings.Join(IndicatorKinds, ", ")))
	}
	if ind.Direction == "" {
		ind.Direction = HigherIsBetter
	}
	if !oneOf(ind.Direction, Directions) {
		errs.Add(Invalid("direction", "must be one of %s", strings.Join(Directions, ", ")))
	}
	if err := checkLine("measure_unit", ind.MeasureUnit, 0, 20); err != nil && !errs.AddErr(err) {
		return err
	}
	if ind.OwnerUnit == "" {
		errs.Add(Invalid("owner_unit", "is required"))
	}
	if ind.Theme == "" {
		ind.Theme = "other"
	}
	if !oneOf(ind.Theme, Themes) {
		errs.Add(Invalid("theme", "must be one of %s", strings.Join(Themes, ", ")))
	}
	errs.AddErr(checkText("description", ind.Description, 0, 5000))
	return errs.Err()
}

// IndicatorValue is an indicator's figures for one period. The numbers are
// nil until someone enters them. Benchmark is a competitive indicator's peer
// rank or evaluation grade as written ("A-", "第12名"), shown beside the
// judgement.
type IndicatorValue struct {
	Indicator string    `json:"indicator"`
	Period    string    `json:"period"`
	Baseline  *float64  `json:"baseline"`
	Target    *float64  `json:"target"`
	Actual    *float64  `json:"actual"`
	Note      string    `json:"note"`
	Evidence  string    `json:"evidence"`
	Benchmark string    `json:"benchmark"`
	UpdatedBy string    `json:"updated_by"`
	Updated   time.Time `json:"updated"`
}

// Validate trims and checks a value's fields.
func (v *IndicatorValue) Validate() error {
	var errs Errors
	if _, err := PeriodFromCode(v.Period); err != nil && !errs.AddErr(err) {
		return err
	}
	for _, n := range []struct {
		field string
		v     *float64
	}{{"baseline", v.Baseline}, {"target", v.Target}, {"actual", v.Actual}} {
		if n.v != nil && (math.IsNaN(*n.v) || math.IsInf(*n.v, 0) || math.Abs(*n.v) > 1e15) {
			errs.Add(Invalid(n.field, "must be a finite number"))
		}
	}
	v.Note = strings.TrimSpace(v.Note)
	v.Evidence = strings.TrimSpace(v.Evidence)
	v.Benchmark = strings.TrimSpace(v.Benchmark)
	if err := checkText("note", v.Note, 0, 2000); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("evidence", v.Evidence, 0, 2000); err != nil && !errs.AddErr(err) {
		return err
	}
	errs.AddErr(checkLine("benchmark", v.Benchmark, 0, 50))
	return errs.Err()
}

// SameFigures reports whether two values hold the same figures and texts.
func (v IndicatorValue) SameFigures(w IndicatorValue) bool {
	return sameNum(v.Baseline, w.Baseline) && sameNum(v.Target, w.Target) && sameNum(v.Actual, w.Actual) &&
		v.Note == w.Note && v.Evidence == w.Evidence && v.Benchmark == w.Benchmark
}

func sameNum(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// IndicatorCorrection is a change to a value of a locked period: who, why,
// and the value before and after.
type IndicatorCorrection struct {
	ID        int64          `json:"id"`
	Indicator string         `json:"indicator"`
	Period    string         `json:"period"`
	Reason    string         `json:"reason"`
	Before    IndicatorValue `json:"before"`
	After     IndicatorValue `json:"after"`
	Author    string         `json:"author"`
	CreatedAt time.Time      `json:"created_at"`
}

// PeriodLock records that the office closed a period: its indicator values
// change only by a correction from then on.
type PeriodLock struct {
	Period   string    `json:"period"`
	LockedBy string    `json:"locked_by"`
	LockedAt time.Time `json:"locked_at"`
}

// Judgement is what an indicator's value of a period says.
type Judgement string

// Judgements. A basic indicator is held or fell; a competitive one met, on
// course or behind; either is not reported without an actual, and not set
// when the figure it is measured against is missing.
const (
	NotReported Judgement = "not_reported"
	NotSet      Judgement = "not_set"
	Held        Judgement = "held"
	Fell        Judgement = "fell"
	Met         Judgement = "met"
	OnCourse    Judgement = "on_course"
	Behind      Judgement = "behind"
)

// Judgements lists every judgement.
var Judgements = []Judgement{Held, Fell, Met, OnCourse, Behind, NotReported, NotSet}

// OnCourseAt is the attainment (percent of the planned gain) from which a
// competitive indicator short of its target is on course rather than behind.
const OnCourseAt = 80.0

// MaxAttainment caps the attainment shown: beyond ten times the plan the
// figure says nothing more, and a target barely above the baseline would
// otherwise print absurd numbers.
const MaxAttainment = 999.0

// Assessment is the judgement of one value, with the attainment (percent of
// the planned gain reached, competitive indicators only) and the benchmark
// to show beside it.
type Assessment struct {
	Judgement  Judgement `json:"judgement"`
	Attainment *float64  `json:"attainment"`
	Benchmark  string    `json:"benchmark"`
}

// better reports whether a is at least as good as b in direction dir.
func better(dir string, a, b float64) bool {
	if dir == LowerIsBetter {
		return a <= b
	}
	return a >= b
}

// Judge assesses a value of an indicator. A basic indicator holds when its
// actual is not worse than its floor: the baseline, or the target when no
// baseline is given. A competitive indicator's attainment is (actual −
// baseline) / (target − baseline), which reads the same for either direction;
// it is met when the actual is at or beyond the target (direction-aware, so
// a target that allows a decline is still met by doing better), on course at
// OnCourseAt percent, else behind. Attainment is clamped to [0,
// MaxAttainment]; a met indicator shows at least 100.
func Judge(ind Indicator, v IndicatorValue) Assessment {
	out := Assessment{Judgement: NotReported}
	if ind.Kind == IndicatorCompetitive {
		out.Benchmark = v.Benchmark
	}
	if v.Actual == nil {
		return out
	}
	actual := *v.Actual
	if ind.Kind != IndicatorCompetitive {
		floor := v.Baseline
		if floor == nil {
			floor = v.Target
		}
		switch {
		case floor == nil:
			out.Judgement = NotSet
		case better(ind.Direction, actual, *floor):
			out.Judgement = Held
		default:
			out.Judgement = Fell
		}
		return out
	}
	if v.Target == nil || v.Baseline == nil {
		out.Judgement = NotSet
		return out
	}
	base, target := *v.Baseline, *v.Target
	met := better(ind.Direction, actual, target)
	var pct float64
	switch {
	case target == base && met:
		pct = 100
	case !better(ind.Direction, target, base) || target == base:
		// A target that allows a decline, missed: the fall went further
		// than allowed, which is no progress at all.
		pct = 0
	default:
		pct = (actual - base) / (target - base) * 100
	}
	if met {
		pct = max(pct, 100)
	} else {
		pct = min(pct, 99.9) // short of the target is never shown as 100 %
	}
	switch {
	case met:
		out.Judgement = Met
	case pct >= OnCourseAt:
		out.Judgement = OnCourse
	default:
		out.Judgement = Behind
	}
	// Shown to one decimal, never rounded up to the next judgement's edge.
	shown := math.Floor(min(max(pct, 0), MaxAttainment)*10) / 10
	out.Attainment = &shown
	return out
}

// Light is the status light of a judgement, in the measures' colours: met
// is done, held and on course are green (on track), behind orange, fell
// red, and nothing to judge is not started.
func (j Judgement) Light() string {
	switch j {
	case Met:
		return "done"
	case Held, OnCourse:
		return "green"
	case Behind:
		return "orange"
	case Fell:
		return "red"
	}
	return "not-started"
}
