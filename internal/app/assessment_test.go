package app_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// directAssessment counts every unit's records of year up to until in
// plain SQL, written apart from the store's: the day a measure was done is
// looked up in its progress reports (not the measure's last_report_day),
// a chased measure found with EXISTS, a problem's year read from its code;
// indicators are judged from their values read one by one.
func directAssessment(t *testing.T, a *app.App, year int, until model.Date) map[string]model.AssessmentCounts {
	t.Helper()
	ctx := context.Background()
	s := apptest.Store(a)
	from := int64(model.Ymd(year, 1, 1))
	to := int64(until)
	out := map[string]model.AssessmentCounts{}
	each := func(query string, fill func(c *model.AssessmentCounts, v [2]int), args ...any) {
		t.Helper()
		got, err := s.CountsBySQL(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		for u, v := range got {
			c := out[u]
			fill(&c, v)
			out[u] = c
		}
	}
	each(`SELECT m.lead_unit, count(*), sum(CASE WHEN m.progress >= 100 AND coalesce((SELECT max(p.day) FROM progress_reports p
		WHERE p.measure_id = m.id AND p.review <> 'withdrawn'), m.due_day) <= m.due_day THEN 1 ELSE 0 END)
		FROM measures m WHERE m.cancelled = 0 AND m.due_day BETWEEN ? AND ? GROUP BY m.lead_unit`,
		func(c *model.AssessmentCounts, v [2]int) { c.OnTime = model.Ratio{Of: v[0], Hits: v[1]} }, from, to)
	each(`SELECT m.lead_unit, count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM notices n WHERE n.measure_id = m.id AND n.kind = 'report'
		AND n.voided_at IS NULL AND n.day BETWEEN ? AND ?) THEN 0 ELSE 1 END)
		FROM measures m WHERE m.cancelled = 0 AND m.start_day <= ? AND coalesce(m.due_day, ?) >= ? GROUP BY m.lead_unit`,
		func(c *model.AssessmentCounts, v [2]int) { c.Reports = model.Ratio{Of: v[0], Hits: v[1]} }, from, to, to, from, from)
	each(`SELECT owner_unit, count(*), sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) FROM problems
		WHERE substr(code, 2, 4) = ? GROUP BY owner_unit`,
		func(c *model.AssessmentCounts, v [2]int) { c.Problems = model.Ratio{Of: v[0], Hits: v[1]} }, strconv.Itoa(year))
	each(`SELECT unit, sum(CASE WHEN kind = 'supervision' THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'bulletin' THEN 1 ELSE 0 END)
		FROM notices WHERE kind IN ('supervision', 'bulletin') AND voided_at IS NULL AND day BETWEEN ? AND ? GROUP BY unit`,
		func(c *model.AssessmentCounts, v [2]int) { c.Supervision, c.Bulletins = v[0], v[1] }, from, to)
	inds, err := s.Indicators(ctx, model.IndicatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	y := strconv.Itoa(year)
	for _, ind := range inds {
		vals, err := s.IndicatorValues(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		best := map[string]model.IndicatorValue{}
		for _, v := range vals {
			if v.Actual != nil {
				best[v.Period] = v
			}
		}
		for _, p := range []string{y, y + "-H2", y + "-H1"} {
			v, ok := best[p]
			if !ok {
				continue
			}
			j := model.Judge(ind, v).Judgement
			if j != model.NotSet {
				c := out[ind.OwnerUnit]
				c.Indicators.Of++
				if j == model.Held || j == model.Met {
					c.Indicators.Hits++
				}
				out[ind.OwnerUnit] = c
			}
			break
		}
	}
	return out
}

// checkAssessment compares year's draft with direct counts for every
// unit, and each unit's drill-down with its figures (the first few units
// only when there are many).
func checkAssessment(t *testing.T, a *app.App, year int, drill int) {
	t.Helper()
	ctx := context.Background()
	office := model.Account{Username: "office-test", Role: model.RoleOffice}
	v, err := a.Assessment(ctx, office, year)
	if err != nil {
		t.Fatal(err)
	}
	want := directAssessment(t, a, year, v.Cutoff)
	got := map[string]model.AssessmentCounts{}
	for _, r := range v.Rows {
		if !r.Counts.Empty() {
			got[r.Unit] = r.Counts
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%d assessment counts (+) differ from direct counts (-):\n%s", year, diff)
	}
	for i, r := range v.Rows {
		if i >= drill {
			break
		}
		_, src, err := a.AssessmentUnit(ctx, office, year, r.Unit)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r.Counts, src.Counts()); diff != "" {
			t.Errorf("%d %s: the drill-down (+) does not count to the figures (-):\n%s", year, r.Unit, diff)
		}
	}
}

// TestAssessmentDemo: on the demo the 2024 draft's figures equal direct
// counts, the published 2023 result stays as published when its data
// changes, a published year is never published, re-ruled or adjusted
// again, an adjustment needs a reason, and each reader sees their units.
func TestAssessmentDemo(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	checkAssessment(t, a, 2024, 100)
	office, err := a.AccountOf(ctx, app.System, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	v24, err := a.Assessment(ctx, office, 2024)
	if err != nil {
		t.Fatal(err)
	}
	var busy int
	for _, r := range v24.Rows {
		if r.Counts.OnTime.Of > 0 && r.Counts.Reports.Of > 0 {
			busy++
		}
	}
	if v24.Published || busy < 5 || v24.Cutoff != model.Ymd(2024, 10, 15) {
		t.Fatalf("the 2024 draft shows too little to check: %d units with measures, published %v, cutoff %s", busy, v24.Published, v24.Cutoff)
	}

	// 2023 is published: its figures stay when a 2023 figure changes.
	before, err := a.Assessment(ctx, office, 2023)
	if err != nil {
		t.Fatal(err)
	}
	row, ok := before.Row("KJC")
	if !before.Published || !ok || row.Adjustment != 20 || row.Counts.Indicators.Of != 2 {
		t.Fatalf("2023: published %v, KJC %+v", before.Published, row)
	}
	high := 999999.0
	if _, err := a.SetIndicatorValue(ctx, office, "ZB-06", "2023", app.ValuePatch{Actual: app.Figure{Set: true, Value: &high}}); err != nil {
		t.Fatal(err)
	}
	after, err := a.Assessment(ctx, office, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before.Rows, after.Rows); diff != "" {
		t.Errorf("the published 2023 result changed with its data:\n%s", diff)
	}
	if _, src, err := a.AssessmentUnit(ctx, office, 2023, "KJC"); err != nil || len(src.Indicators) != 2 || src.Indicators[1].Hit {
		t.Errorf("2023 KJC drill-down: %+v, %v (want the figures as published: ZB-06 not met)", src.Indicators, err)
	}
	for what, err := range map[string]error{
		"publish": func() error { _, err := a.PublishAssessment(ctx, office, 2023); return err }(),
		"rules": func() error {
			_, err := a.SetAssessmentRules(ctx, office, 2023, model.DefaultAssessmentRules)
			return err
		}(),
		"adjust": func() error {
			_, err := a.AdjustAssessment(ctx, office, 2023, model.Adjustment{Unit: "JWC", Points: 10, Reason: "补记"})
			return err
		}(),
	} {
		if model.ErrorCode(err) != model.ECONFLICT {
			t.Errorf("%s on a published year: %v, want a conflict", what, err)
		}
	}

	// An adjustment needs a reason; with one it moves the total.
	_, err = a.AdjustAssessment(ctx, office, 2024, model.Adjustment{Unit: "JWC", Points: 15, Reason: "  "})
	var e *model.Error
	if !errors.As(err, &e) || e.Code != model.EINVALID || e.Field != "reason" {
		t.Errorf("adjustment without a reason: %v, want invalid reason", err)
	}
	jwc, _ := v24.Row("JWC")
	if _, err := a.AdjustAssessment(ctx, office, 2024, model.Adjustment{Unit: "JWC", Points: 15, Reason: "承办全国教学成果奖评审"}); err != nil {
		t.Fatal(err)
	}
	v24b, err := a.Assessment(ctx, office, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := v24b.Row("JWC"); got.Total != jwc.Total+15 || got.Reason != "承办全国教学成果奖评审" {
		t.Errorf("JWC after +1.5: %v (%q), want %v", got.Total, got.Reason, jwc.Total+15)
	}

	// Publish 2024; then a measure is done and a notice-free unit changes:
	// the published figures stay.
	pub, err := a.PublishAssessment(ctx, office, 2024)
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: model.Today{Day: apptest.Today, Thresholds: model.DefaultThresholds}, Status: model.Overdue, Limit: 1})
	if err != nil || len(ms) == 0 {
		t.Fatal("no overdue measure", err)
	}
	r := model.ProgressReport{Percent: 100, Note: "已完成"}
	if _, err := a.ReportProgress(ctx, office, ms[0].Code, &r); err != nil {
		t.Fatal(err)
	}
	frozen, err := a.Assessment(ctx, office, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pub.Rows, frozen.Rows); diff != "" || !frozen.Published {
		t.Errorf("the published 2024 result changed after a measure was done:\n%s", diff)
	}
	u, src, err := a.AssessmentUnit(ctx, office, 2024, ms[0].LeadUnit)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u.Counts, src.Counts()); diff != "" {
		t.Errorf("published drill-down of %s does not count to its figures:\n%s", ms[0].LeadUnit, diff)
	}

	// Who sees what: the leader their portfolio's units, a unit itself.
	for _, c := range []struct {
		user  string
		units []string
	}{{"chenguoqiang", []string{"FGC", "JCY"}}, {"kjc", []string{"KJC"}}} {
		acct, err := a.AccountOf(ctx, app.System, c.user)
		if err != nil {
			t.Fatal(err)
		}
		v, err := a.Assessment(ctx, acct, 2024)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range v.Rows {
			got = append(got, r.Unit)
		}
		if diff := cmp.Diff(c.units, sortedCopy(got)); diff != "" || v.MayManage {
			t.Errorf("%s sees units %v (may manage %v):\n%s", c.user, got, v.MayManage, diff)
		}
		if _, _, err := a.AssessmentUnit(ctx, acct, 2024, "RSC"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("%s opens RSC's records: %v, want not found", c.user, err)
		}
		if _, err := a.PublishAssessment(ctx, acct, 2022); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s publishes: %v, want forbidden", c.user, err)
		}
	}
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// TestAssessmentGenerated: on a generated institution (2023 and 2024
// measures, thousands of reports) both years' figures equal direct counts.
func TestAssessmentGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an institution")
	}
	ctx := context.Background()
	a := generatedSmall(t)
	for _, y := range []int{2023, 2024} {
		checkAssessment(t, a, y, 5)
		v, err := a.Assessment(ctx, model.Account{Username: "o", Role: model.RoleOffice}, y)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range v.Rows {
			n += r.Counts.OnTime.Of
		}
		if n < 100 {
			t.Errorf("%d: %d measures due, too few to check", y, n)
		}
	}
}
