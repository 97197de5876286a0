package model

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// Allocation kinds: money, staff posts, rooms.
var AllocationKinds = []string{"budget", "posts", "space"}

// AmountUnits is the unit each kind is counted in (万元, 个, 平方米).
var AmountUnits = map[string]string{"budget": "万元", "posts": "个", "space": "平方米"}

// Allocation is a grant of resources (资源配置) for a period to exactly one
// measure or one unit, and how much of it has been spent.
type Allocation struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	Measure    string    `json:"measure"`
	Unit       string    `json:"unit"`
	Period     string    `json:"period"`
	Granted    Amount    `json:"granted"`
	AmountUnit string    `json:"amount_unit"`
	Spent      Amount    `json:"spent"`
	Note       string    `json:"note"`
	Updated    time.Time `json:"updated"`
	// Derived by Flag.
	OverSpent bool `json:"over_spent"`
	Idle      bool `json:"idle"`
}

// Allocation flags, as the lists filter by them.
const (
	FlagOverSpent = "over_spent"
	FlagIdle      = "idle"
)

// AllocationFlags lists the flags.
var AllocationFlags = []string{FlagOverSpent, FlagIdle}

// IdleSpentPercent is the share of a grant below which it counts as idle
// once more than half of its period has passed. Ten percent is a choice,
// not a rule anyone wrote down: low enough that slow but real spending is
// not flagged, high enough that a grant nobody touched is.
const IdleSpentPercent = 10

// Validate trims and checks an allocation's own fields (that the measure,
// unit and period exist is the app's job). An empty amount unit is the
// kind's.
func (a *Allocation) Validate() error {
	var errs Errors
	a.Note = strings.TrimSpace(a.Note)
	a.Measure = strings.TrimSpace(a.Measure)
	a.Unit = strings.TrimSpace(a.Unit)
	if !oneOf(a.Kind, AllocationKinds) {
		errs.Add(Invalid("kind", "must be one of %s", strings.Join(AllocationKinds, ", ")))
	}
	switch {
	case a.Measure != "" && a.Unit != "":
		errs.Add(Invalid("unit", "an allocation goes to a measure or to a unit, not both"))
	case a.Measure == "" && a.Unit == "":
		errs.Add(Invalid("measure", "give the measure or the unit the allocation goes to"))
	case a.Measure != "" && !ValidMeasureCode(a.Measure):
		errs.Add(Invalid("measure", "%q is not a measure code like 2024H2-017", a.Measure))
	}
	if _, err := PeriodFromCode(a.Period); err != nil && !errs.AddErr(err) {
		return err
	}
	if a.Granted < 0 {
		errs.Add(Invalid("granted", "cannot be negative"))
	}
	if a.Spent < 0 {
		errs.Add(Invalid("spent", "cannot be negative"))
	}
	if a.AmountUnit == "" {
		a.AmountUnit = AmountUnits[a.Kind]
	}
	if a.AmountUnit != AmountUnits[a.Kind] && oneOf(a.Kind, AllocationKinds) {
		errs.Add(Invalid("amount_unit", "a %s allocation is counted in %s", a.Kind, AmountUnits[a.Kind]))
	}
	errs.AddErr(checkText("note", a.Note, 0, 2000))
	return errs.Err()
}

// Flag derives the over-spent and idle flags for day today. A grant is idle
// when more than half its period has passed and less than IdleSpentPercent
// of it is spent.
func (a *Allocation) Flag(today Date) {
	a.OverSpent = a.Spent > a.Granted
	a.Idle = false
	p, err := PeriodFromCode(a.Period)
	if err != nil || a.Granted == 0 {
		return
	}
	a.Idle = PeriodMoreThanHalfOver(p, today) && int64(a.Spent)*100 < int64(a.Granted)*IdleSpentPercent
}

// PeriodMoreThanHalfOver reports whether more than half of p's days have
// passed on today (today itself counted as passed). The store's flag filter
// writes the same test in SQL.
func PeriodMoreThanHalfOver(p Period, today Date) bool {
	return 2*(int64(today)-int64(p.Start)+1) > int64(p.End)-int64(p.Start)+1
}

// Amount is a quantity in hundredths (0.01 万元, 0.01 平方米), so sums and
// comparisons are exact; it reads and writes as a decimal number.
type Amount int64

// MaxAmount bounds an amount either side of zero: ten trillion (of 万元,
// posts or square metres) is more than any grant, and its hundredths fit in
// an int64 exactly.
const MaxAmount = 1e13

// ParseAmount reads "12", "12.5" or "1,200.25" (at most two decimals).
func ParseAmount(s string) (Amount, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	tooLarge := errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0) // "1e400", not "Inf"
	if !tooLarge && (err != nil || math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, Reasonf("%q is not a number", s)
	}
	return amountOf(f)
}

// amountOf converts a number read as float64; beyond MaxAmount it says so,
// rather than let the conversion to int64 wrap (1e300 became negative).
func amountOf(f float64) (Amount, error) {
	if math.Abs(f) > MaxAmount {
		return 0, Reasonf("%v is too large: an amount is at most %s either side of zero", f, strconv.FormatFloat(MaxAmount, 'f', -1, 64))
	}
	h := math.Round(f * 100)
	if math.Abs(h-f*100) > 1e-6 {
		return 0, Reasonf("%v has more than two decimals", f)
	}
	return Amount(h), nil
}

// String writes the amount with no trailing zeros: 12, 12.5, 12.25.
func (a Amount) String() string {
	return strconv.FormatFloat(float64(a)/100, 'f', -1, 64)
}

// MarshalJSON writes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number with at most two decimals.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return Reasonf("must be a number")
	}
	v, err := amountOf(f)
	if err != nil {
		return err
	}
	*a = v
	return nil
}
