package model

import (
	"math"
	"testing"
)

func num(f float64) *float64 { return &f }

// TestJudge walks every judgement across its boundaries, for both kinds and
// both directions.
func TestJudge(t *testing.T) {
	basicUp := Indicator{Kind: IndicatorBasic, Direction: HigherIsBetter}
	basicDown := Indicator{Kind: IndicatorBasic, Direction: LowerIsBetter}
	compUp := Indicator{Kind: IndicatorCompetitive, Direction: HigherIsBetter}
	compDown := Indicator{Kind: IndicatorCompetitive, Direction: LowerIsBetter}
	v := func(base, target, actual *float64) IndicatorValue {
		return IndicatorValue{Baseline: base, Target: target, Actual: actual}
	}
	cases := []struct {
		name       string
		ind        Indicator
		val        IndicatorValue
		judgement  Judgement
		attainment float64 // -1: none
	}{
		{"basic: no actual", basicUp, v(num(95), num(95), nil), NotReported, -1},
		{"basic: actual above floor", basicUp, v(num(95), nil, num(96)), Held, -1},
		{"basic: actual equals floor", basicUp, v(num(95), nil, num(95)), Held, -1},
		{"basic: just below floor", basicUp, v(num(95), nil, num(94.99)), Fell, -1},
		{"basic: target is the floor without a baseline", basicUp, v(nil, num(90), num(89)), Fell, -1},
		{"basic: target floor held", basicUp, v(nil, num(90), num(90)), Held, -1},
		{"basic: baseline wins over target", basicUp, v(num(80), num(90), num(85)), Held, -1},
		{"basic: no floor at all", basicUp, v(nil, nil, num(3)), NotSet, -1},
		{"basic lower: below floor holds", basicDown, v(num(18), nil, num(17.5)), Held, -1},
		{"basic lower: equals floor holds", basicDown, v(num(18), nil, num(18)), Held, -1},
		{"basic lower: above floor fell", basicDown, v(num(18), nil, num(18.01)), Fell, -1},
		{"basic: zero is a value", basicDown, v(num(0), nil, num(0)), Held, -1},

		{"comp: no actual", compUp, v(num(10), num(20), nil), NotReported, -1},
		{"comp: no target", compUp, v(num(10), nil, num(15)), NotSet, -1},
		{"comp: no baseline", compUp, v(nil, num(20), num(15)), NotSet, -1},
		{"comp: exactly at target", compUp, v(num(10), num(20), num(20)), Met, 100},
		{"comp: beyond target", compUp, v(num(10), num(20), num(25)), Met, 150},
		{"comp: just short of target", compUp, v(num(10), num(20), num(19.999)), OnCourse, 99.9},
		{"comp: on-course edge", compUp, v(num(10), num(20), num(18)), OnCourse, 80},
		{"comp: just under on-course edge", compUp, v(num(10), num(20), num(17.999)), Behind, 79.9},
		{"comp: no gain", compUp, v(num(10), num(20), num(10)), Behind, 0},
		{"comp: went backwards, clamped", compUp, v(num(10), num(20), num(5)), Behind, 0},
		{"comp: far beyond, capped", compUp, v(num(10), num(10.001), num(100)), Met, MaxAttainment},
		{"comp: target equals baseline, held", compUp, v(num(10), num(10), num(10)), Met, 100},
		{"comp: target equals baseline, fell", compUp, v(num(10), num(10), num(9)), Behind, 0},
		{"comp lower: at target", compDown, v(num(50), num(30), num(30)), Met, 100},
		{"comp lower: better than target", compDown, v(num(50), num(30), num(20)), Met, 150},
		{"comp lower: on-course edge", compDown, v(num(50), num(30), num(34)), OnCourse, 80},
		{"comp lower: behind", compDown, v(num(50), num(30), num(40)), Behind, 50},
		{"comp lower: worse than baseline", compDown, v(num(50), num(30), num(60)), Behind, 0},
		{"comp: target allowing a decline, done better", compUp, v(num(10), num(8), num(12)), Met, 100},
		{"comp: target allowing a decline, halfway", compUp, v(num(10), num(8), num(7)), Behind, 0},
	}
	for _, c := range cases {
		got := Judge(c.ind, c.val)
		if got.Judgement != c.judgement {
			t.Errorf("%s: judgement %s, want %s", c.name, got.Judgement, c.judgement)
		}
		switch {
		case c.attainment < 0 && got.Attainment != nil:
			t.Errorf("%s: attainment %v, want none", c.name, *got.Attainment)
		case c.attainment >= 0 && (got.Attainment == nil || math.Abs(*got.Attainment-c.attainment) > 1e-9):
			t.Errorf("%s: attainment %v, want %v", c.name, got.Attainment, c.attainment)
		}
	}
}

// TestJudgeBenchmark: a competitive indicator shows its rank or grade beside
// the judgement; a basic one has none to show.
func TestJudgeBenchmark(t *testing.T) {
	val := IndicatorValue{Baseline: num(3), Target: num(5), Actual: num(4), Benchmark: "A-"}
	if a := Judge(Indicator{Kind: IndicatorCompetitive}, val); a.Benchmark != "A-" || a.Judgement != Behind {
		t.Errorf("competitive: %+v", a)
	}
	if a := Judge(Indicator{Kind: IndicatorBasic}, val); a.Benchmark != "" || a.Judgement != Held {
		t.Errorf("basic: %+v", a)
	}
	if a := Judge(Indicator{Kind: IndicatorCompetitive}, IndicatorValue{Benchmark: "B+"}); a.Benchmark != "B+" || a.Judgement != NotReported {
		t.Errorf("no actual: %+v", a)
	}
}

func TestJudgementLights(t *testing.T) {
	want := map[Judgement]string{Held: "green", Met: "done", OnCourse: "green", Behind: "orange", Fell: "red", NotReported: "not-started", NotSet: "not-started"}
	for _, j := range Judgements {
		if j.Light() != want[j] {
			t.Errorf("%s: light %s, want %s", j, j.Light(), want[j])
		}
	}
}

func TestIndicatorValidate(t *testing.T) {
	ok := Indicator{Code: "ZB-01", Name: "本科生就业率", Kind: IndicatorBasic, MeasureUnit: "%", OwnerUnit: "JWC"}
	if err := ok.Validate(); err != nil || ok.Theme != "other" || ok.Direction != HigherIsBetter {
		t.Fatalf("valid indicator: %v %+v", err, ok)
	}
	cases := []struct {
		field  string
		change func(*Indicator)
	}{
		{"code", func(i *Indicator) { i.Code = "指标一" }},
		{"name", func(i *Indicator) { i.Name = " " }},
		{"kind", func(i *Indicator) { i.Kind = "core" }},
		{"direction", func(i *Indicator) { i.Direction = "up" }},
		{"owner_unit", func(i *Indicator) { i.OwnerUnit = "" }},
		{"theme", func(i *Indicator) { i.Theme = "space" }},
	}
	for _, c := range cases {
		ind := ok
		c.change(&ind)
		if e := ErrorOf(ind.Validate()); e == nil || e.Field != c.field {
			t.Errorf("%s: %v", c.field, e)
		}
	}
	v := IndicatorValue{Period: "2024-H3"}
	if e := ErrorOf(v.Validate()); e == nil || e.Field != "period" {
		t.Errorf("bad period: %v", e)
	}
	v = IndicatorValue{Period: "2024-H2", Actual: num(math.NaN())}
	if e := ErrorOf(v.Validate()); e == nil || e.Field != "actual" {
		t.Errorf("NaN: %v", e)
	}
}
