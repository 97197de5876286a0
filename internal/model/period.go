package model

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period is a half-year ("2024-H2") or a year ("2024"); every report,
// indicator value and measure deadline falls in one.
type Period struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Start Date   `json:"start"`
	End   Date   `json:"end"`
}

var periodCode = regexp.MustCompile(`^(\d{4})(?:-H([12]))?$`)

// PeriodFromCode builds the period a code names, with its dates and a
// Chinese name. Its year is one a date may have (MinYear to MaxYear).
func PeriodFromCode(code string) (Period, error) {
	m := periodCode.FindStringSubmatch(code)
	if m == nil {
		return Period{}, Invalid("period", "%q is not a period code (2024-H2 or 2024)", code)
	}
	y, _ := strconv.Atoi(m[1])
	if y < MinYear || y > MaxYear {
		return Period{}, Invalid("period", "%q is out of range: the year must be %d to %d", code, MinYear, MaxYear)
	}
	h, _ := strconv.Atoi(m[2])
	return periodOf(y, h), nil
}

// periodOf is the half-year h (1 or 2) of year y, or the whole year (h 0).
func periodOf(y, h int) Period {
	switch h {
	case 1:
		return Period{Code: fmt.Sprintf("%d-H1", y), Name: fmt.Sprintf("%d年上半年", y), Start: Ymd(y, 1, 1), End: Ymd(y, 6, 30)}
	case 2:
		return Period{Code: fmt.Sprintf("%d-H2", y), Name: fmt.Sprintf("%d年下半年", y), Start: Ymd(y, 7, 1), End: Ymd(y, 12, 31)}
	}
	return Period{Code: strconv.Itoa(y), Name: fmt.Sprintf("%d年", y), Start: Ymd(y, 1, 1), End: Ymd(y, 12, 31)}
}

// HalfYearOf returns the half-year period that contains d. It is defined
// for every day; PeriodFromCode refuses the code of one outside the years
// dates may have.
func HalfYearOf(d Date) Period {
	t := d.Time()
	h := 1
	if t.Month() > time.June {
		h = 2
	}
	return periodOf(t.Year(), h)
}

// MeasureCodePrefix is the period part of measure codes: "2024-H2" → "2024H2".
func (p Period) MeasureCodePrefix() string {
	out := make([]byte, 0, len(p.Code))
	for i := 0; i < len(p.Code); i++ {
		if p.Code[i] != '-' {
			out = append(out, p.Code[i])
		}
	}
	return string(out)
}

// Contains reports whether d falls in the period.
func (p Period) Contains(d Date) bool { return d >= p.Start && d <= p.End }
