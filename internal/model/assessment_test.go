package model

import (
	"encoding/json"
	"testing"
)

func TestTenths(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Tenths
		out  string
	}{{"12.5", 125, "12.5"}, {"12", 120, "12"}, {"-0.5", -5, "-0.5"}, {" 3.0 ", 30, "3"}, {"0", 0, "0"}} {
		got, err := ParseTenths(c.in)
		if err != nil || got != c.want || got.String() != c.out {
			t.Errorf("ParseTenths(%q) = %d %q, %v; want %d %q", c.in, got, got.String(), err, c.want, c.out)
		}
	}
	for _, bad := range []string{"1.25", "abc", "", "NaN", "1e9"} {
		if _, err := ParseTenths(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseTenths(%q): %v, want invalid", bad, err)
		}
	}
	var r AssessmentRules
	if err := json.Unmarshal([]byte(`{"per_supervision":1.5,"per_bulletin":2}`), &r); err != nil || r.PerSupervision != 15 || r.PerBulletin != 20 {
		t.Errorf("JSON: %+v %v", r, err)
	}
	if b, _ := json.Marshal(DefaultAssessmentRules); !json.Valid(b) {
		t.Errorf("rules marshal to %s", b)
	}
}

// TestScoreRow: each component is weight × hits ÷ records, rounded half
// up to a tenth; an empty component is full; deductions per notice; the
// adjustment adds.
func TestScoreRow(t *testing.T) {
	r := DefaultAssessmentRules
	row := AssessmentRow{Counts: AssessmentCounts{OnTime: Ratio{2, 3}, Reports: Ratio{1, 6}, Problems: Ratio{0, 4}, Supervision: 2, Bulletins: 1}, Adjustment: -15}
	ScoreRow(&row, r)
	// 40·2/3 = 26.67 → 26.7; 20·1/6 = 3.33 → 3.3; indicators none → 30;
	// problems 0; deductions 2·1 + 1·2 = 4; adjustment −1.5.
	if row.OnTime != 267 || row.Reports != 33 || row.Indicators != 300 || row.Problems != 0 || row.Deductions != 40 || row.Total != 267+33+300-40-15 {
		t.Errorf("scored %+v", row)
	}
	half := AssessmentRow{Counts: AssessmentCounts{OnTime: Ratio{1, 8}}} // 40/8 = 5.0; 20 full
	ScoreRow(&half, AssessmentRules{OnTime: 1, Reports: 99})
	if half.OnTime != 1 { // 0.125 → 0.1
		t.Errorf("1·1/8 = %v, want 0.1", half.OnTime)
	}
}

// TestGradeRows: thresholds alone; quotas that cap 优秀 and 良好 with ties
// going down together; units with no record ungraded and last.
func TestGradeRows(t *testing.T) {
	some := AssessmentCounts{OnTime: Ratio{1, 1}}
	rows := func(totals ...Tenths) []AssessmentRow {
		var out []AssessmentRow
		for i, tot := range totals {
			out = append(out, AssessmentRow{Unit: string(rune('A' + i)), Total: tot, Counts: some})
		}
		return append(out, AssessmentRow{Unit: "Z", Total: 1000})
	}
	grades := func(rs []AssessmentRow) string {
		s := ""
		for _, r := range rs {
			s += r.Unit + ":" + map[string]string{GradeExcellent: "E", GradeGood: "G", GradePass: "P", GradeFail: "F", GradeNone: "-"}[r.Grade] + strconvI(r.Rank) + " "
		}
		return s
	}
	th := DefaultAssessmentRules
	rs := rows(950, 900, 850, 700, 500)
	GradeRows(rs, th)
	if got, want := grades(rs), "A:E1 B:E2 C:G3 D:P4 E:F5 Z:-0 "; got != want {
		t.Errorf("thresholds: %s, want %s", got, want)
	}
	q := th
	q.Mode, q.ExcellentPct, q.GoodPct = GradeByQuota, 20, 40
	// Ten graded units: at most 2 excellent, 4 good. B and C tie at 94: A
	// plus both would make 3, so they go down to good together.
	rs = rows(960, 940, 940, 920, 910, 900, 850, 820, 700, 500)
	GradeRows(rs, q)
	if got, want := grades(rs), "A:E1 B:G2 C:G2 D:G4 E:G5 F:P6 G:P7 H:P8 I:P9 J:F10 Z:-0 "; got != want {
		t.Errorf("quotas: %s, want %s", got, want)
	}
}

func strconvI(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
