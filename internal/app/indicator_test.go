package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

func fig(f float64) app.Figure { return app.Figure{Set: true, Value: &f} }

// newIndicator creates ZB-KY (科研经费, competitive, owned by KJC) with a
// baseline and target for 2024-H2.
func newIndicator(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	ind := model.Indicator{Code: "ZB-KY", Name: "科研经费", Kind: model.IndicatorCompetitive, MeasureUnit: "万元", OwnerUnit: "KJC", Theme: "research"}
	if err := a.CreateIndicator(ctx, office, &ind); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetIndicatorValue(ctx, office, "ZB-KY", "2024-H2", app.ValuePatch{Baseline: fig(10000), Target: fig(12000)}); err != nil {
		t.Fatal(err)
	}
}

func TestIndicatorPermissions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	newIndicator(t, a)
	actual := app.ValuePatch{Actual: fig(11000)}
	cases := []struct {
		user string
		p    app.ValuePatch
		want string
	}{
		{apptest.UnitKJC, actual, ""},                                                 // owner unit enters its actual
		{apptest.UnitJWC, actual, model.EFORBIDDEN},                                   // another unit
		{apptest.UnitRSC, actual, model.EFORBIDDEN},                                   // another unit
		{apptest.Leader, actual, model.EFORBIDDEN},                                    // leaders read
		{apptest.UnitKJC, app.ValuePatch{Target: fig(9000)}, model.EFORBIDDEN},        // the office sets targets
		{apptest.UnitKJC, app.ValuePatch{Target: fig(12000), Actual: fig(11800)}, ""}, // an unchanged target may be sent along
		{apptest.Office, app.ValuePatch{Target: fig(12500)}, ""},
		{apptest.Admin, actual, ""},
	}
	for _, c := range cases {
		_, err := a.SetIndicatorValue(ctx, apptest.Account(t, a, c.user), "ZB-KY", "2024-H2", c.p)
		if got := model.ErrorCode(err); got != c.want {
			t.Errorf("%s sets %+v: %q (%v), want %q", c.user, c.p, got, err, c.want)
		}
	}
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	if err := a.CreateIndicator(ctx, kjc, &model.Indicator{Code: "X", Name: "x", Kind: model.IndicatorBasic, OwnerUnit: "KJC"}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit creates an indicator: %v", err)
	}
	name := "改名"
	if _, err := a.UpdateIndicator(ctx, kjc, "ZB-KY", app.IndicatorPatch{Name: &name}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit renames an indicator: %v", err)
	}
	if _, err := a.LockPeriod(ctx, kjc, "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit locks a period: %v", err)
	}
	lines, err := a.Indicators(ctx, app.System, model.IndicatorFilter{}, "2024-H2")
	if err != nil || len(lines) != 1 {
		t.Fatal(lines, err)
	}
	if l := lines[0]; *l.Value.Actual != 11000 || *l.Value.Target != 12500 || l.Assessment.Judgement != model.Behind || l.Value.UpdatedBy != apptest.Admin {
		t.Errorf("line: %+v", l)
	}
}

// TestPeriodLock: after the office locks a period a write is a conflict and
// changes nothing; a correction by the office with a reason goes through
// and is recorded, old and new value, in the corrections and the audit.
func TestPeriodLock(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	newIndicator(t, a)
	office, kjc := apptest.Account(t, a, apptest.Office), apptest.Account(t, a, apptest.UnitKJC)
	if _, err := a.SetIndicatorValue(ctx, kjc, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11000)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetIndicatorValue(ctx, kjc, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11100), Reason: "补录"}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("reason on an open period: %v", err)
	}
	l, err := a.LockPeriod(ctx, office, "2024-H2")
	if err != nil || l.LockedBy != apptest.Office {
		t.Fatal(l, err)
	}
	if l2, err := a.LockPeriod(ctx, apptest.Account(t, a, apptest.Admin), "2024-H2"); err != nil || l2.LockedBy != apptest.Office {
		t.Errorf("relock: %+v %v", l2, err)
	}
	before := dumpAll(t, a)
	for _, who := range []model.Account{kjc, office} {
		_, err := a.SetIndicatorValue(ctx, who, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11900)})
		if model.ErrorCode(err) != model.ECONFLICT {
			t.Errorf("%s writes a locked period: %v", who.Username, err)
		}
	}
	if _, err := a.SetIndicatorValue(ctx, kjc, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11900), Reason: "漏报"}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit corrects: %v", err)
	}
	if _, err := a.SetIndicatorValue(ctx, office, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11000), Reason: "无变化"}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("empty correction: %v", err)
	}
	if _, err := a.ImportIndicators(ctx, office, "2024-H2", []app.IndicatorRow{{Line: 3, Code: "ZB-KY", Actual: "1"}}, false); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("import into a locked period: %v", err)
	}
	after := dumpAll(t, a)
	for tb := range before {
		if strings.Join(before[tb], "\n") != strings.Join(after[tb], "\n") {
			t.Errorf("table %s changed by refused writes", tb)
		}
	}
	line, err := a.SetIndicatorValue(ctx, office, "ZB-KY", "2024-H2", app.ValuePatch{Actual: fig(11900), Reason: "科技处漏报横向经费"})
	if err != nil || *line.Value.Actual != 11900 || !line.Locked {
		t.Fatalf("correction: %+v %v", line, err)
	}
	d, err := a.Indicator(ctx, app.System, "ZB-KY")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Corrections) != 1 {
		t.Fatalf("%d corrections", len(d.Corrections))
	}
	c := d.Corrections[0]
	if c.Reason != "科技处漏报横向经费" || *c.Before.Actual != 11000 || *c.After.Actual != 11900 || c.Author != apptest.Office {
		t.Errorf("correction recorded: %+v", c)
	}
	ev := d.History[0]
	if ev.Action != "correct_values" || !strings.Contains(ev.Before, `"actual":11000`) || !strings.Contains(ev.After, `"actual":11900`) ||
		!strings.Contains(ev.After, "科技处漏报横向经费") {
		t.Errorf("audit event: %+v", ev)
	}
	// Another period stays open.
	if _, err := a.SetIndicatorValue(ctx, kjc, "ZB-KY", "2025-H1", app.ValuePatch{Actual: fig(3000)}); err != nil {
		t.Errorf("open period: %v", err)
	}
}

func dumpAll(t *testing.T, a *app.App) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tables, err := apptest.Store(a).Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		if out[tb], err = apptest.Store(a).Dump(ctx, tb); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestImportIndicatorsAllOrNothing: one bad row and nothing is written,
// every bad row listed; the good sheet then creates and updates.
func TestImportIndicatorsAllOrNothing(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	newIndicator(t, a)
	office := apptest.Account(t, a, apptest.Office)
	good := []app.IndicatorRow{
		{Line: 3, Code: "ZB-KY", Actual: "11,500"},
		{Line: 4, Code: "ZB-JY", Name: "本科生就业率", Kind: "基础性", MeasureUnit: "%", OwnerUnit: "教务处", Baseline: "95", Target: "95", Actual: "96.2%"},
	}
	bad := append(append([]app.IndicatorRow{}, good...),
		app.IndicatorRow{Line: 5, Code: "ZB-X", Name: "x", Kind: "重要", OwnerUnit: "KJC"},
		app.IndicatorRow{Line: 6, Code: "ZB-Y", Name: "y", Kind: "竞争性", OwnerUnit: "火星处", Actual: "很多"},
		app.IndicatorRow{Line: 7, Code: "ZB-JY"},
		app.IndicatorRow{Line: 8, Code: "ZB-Z", Kind: "basic"})
	before := dumpAll(t, a)
	res, err := a.ImportIndicators(ctx, office, "2024-H2", bad, false)
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("bad sheet: %v", err)
	}
	want := map[int][]string{5: {"kind"}, 6: {"owner_unit", "actual"}, 7: {"code"}, 8: {"name", "owner_unit"}}
	got := map[int][]string{}
	for _, e := range res.Errors {
		got[e.Line] = append(got[e.Line], e.Field)
	}
	for line, fields := range want {
		for _, f := range fields {
			if !strings.Contains(strings.Join(got[line], ","), f) {
				t.Errorf("row %d: errors %v, want %s", line, got[line], f)
			}
		}
	}
	if len(got) != len(want) || len(res.Actions) != 0 {
		t.Errorf("errors on rows %v, actions %v", got, res.Actions)
	}
	after := dumpAll(t, a)
	for tb := range before {
		if strings.Join(before[tb], "\n") != strings.Join(after[tb], "\n") {
			t.Errorf("table %s changed by a refused import", tb)
		}
	}
	if _, err := a.ImportIndicators(ctx, apptest.Account(t, a, apptest.UnitKJC), "2024-H2", good, false); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit imports: %v", err)
	}
	res, err = a.ImportIndicators(ctx, office, "2024-H2", good, false)
	if err != nil || res.Count(app.ImportCreate) != 1 || res.Count(app.ImportUpdate) != 1 {
		t.Fatalf("good sheet: %+v %v", res, err)
	}
	lines, _ := a.Indicators(ctx, app.System, model.IndicatorFilter{}, "2024-H2")
	if len(lines) != 2 || *lines[0].Value.Actual != 96.2 || lines[0].Indicator.OwnerUnit != "JWC" || lines[0].Assessment.Judgement != model.Held ||
		*lines[1].Value.Actual != 11500 || *lines[1].Value.Baseline != 10000 {
		t.Errorf("after import: %+v", lines)
	}
	res, err = a.ImportIndicators(ctx, office, "2024-H2", good, false)
	if err != nil || res.Count(app.ImportUnchanged) != 2 {
		t.Errorf("re-import: %+v %v", res, err)
	}
}
