package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestImportResolvesNames checks how ImportMeasures reads the names an
// office writes: units by code, name, English name or abbreviation,
// leaders by account or name (with a title after it), and every bad row
// reported with its field while nothing is written.
func TestImportResolvesNames(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	if err := a.CreateUnit(ctx, app.System, model.Unit{Code: "KXY", Name: "科学研究院", Kind: model.UnitInstitute}); err != nil {
		t.Fatal(err)
	}
	rows := []app.MeasureRow{
		{Line: 3, Task: "一、科学研究", Title: "甲", LeadUnit: "科技处", CooperatingUnits: []string{"jwc", "Human Resources Office"}, Leader: "王校长（副校长）", Deadline: "2024年12月底前"},
		{Line: 4, Task: "党建", Title: "乙", LeadUnit: "ＫＪＣ", Leader: "leader1", Deadline: "2025年3月"},
		{Line: 5, Title: "丙", LeadUnit: "人事处", Deadline: "本学期内"},
	}
	var told []string
	res, err := a.ImportMeasures(ctx, office, rows, app.ImportOptions{Progress: func(stage string, done, total int) {
		told = append(told, fmt.Sprintf("%s %d/%d", stage, done, total))
	}})
	if err != nil {
		t.Fatal(err, res.Errors)
	}
	// Progress hears each row checked, then each written, ending at the total.
	if got, want := strings.Join(told, ", "), "checking 1/3, checking 2/3, checking 3/3, writing 0/3, writing 1/3, writing 2/3, writing 3/3"; got != want {
		t.Errorf("progress told %q, want %q", got, want)
	}
	want := []struct {
		code, lead, leader, theme, period string
		coop                              int
	}{
		{"2024H2-004", "KJC", apptest.Leader, "research", "2024-H2", 2},
		{"2025H1-001", "KJC", apptest.Leader, "party_building", "2025-H1", 0},
		{"2024H2-005", "RSC", "", "other", "2024-H2", 0},
	}
	for i, w := range want {
		d, err := a.Measure(ctx, app.System, res.Actions[i].Code)
		m := d.Measure
		if err != nil || m.Code != w.code || m.LeadUnit != w.lead || m.Leader != w.leader || m.Theme != w.theme || m.Period != w.period || len(m.CooperatingUnits) != w.coop {
			t.Errorf("row %d: %+v %v", rows[i].Line, m, err)
		}
		if len(d.History) != 1 || d.History[0].Action != "create" || d.History[0].Actor != apptest.Office {
			t.Errorf("row %d: history %+v", rows[i].Line, d.History)
		}
	}

	before, _, _ := a.Measures(ctx, app.System, storeAll())
	bad := []app.MeasureRow{
		{Line: 7, Title: "好", LeadUnit: "教务处"},
		{Line: 8, Title: "坏一", LeadUnit: "科学", Deadline: "2024-12-31"},
		{Line: 9, Title: "坏二", LeadUnit: "教务处", Leader: "林晓"},
		{Line: 10, Title: "坏三", LeadUnit: "教务处", Leader: "王校长、林晓"},
		{Line: 11, Title: "", LeadUnit: "教务处", Deadline: "明年吧"},
		{Line: 12, Title: "坏五", LeadUnit: "教务处", Code: "2024H2-001"},
		{Line: 13, Title: "坏六", LeadUnit: "教务处", Code: "2024H2-001"},
		{Line: 14, Title: "坏七", LeadUnit: "教务处", Code: "17"},
	}
	res, err = a.ImportMeasures(ctx, office, bad, app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(res.Actions) != 0 {
		t.Fatalf("bad rows: %v %+v", err, res.Actions)
	}
	got := map[int]string{}
	for _, e := range res.Errors {
		got[e.Line] += e.Field + ": " + e.Message + "; "
	}
	for line, want := range map[int]string{
		8:  "lead_unit: \"科学\" could be any of 科学技术处、科学研究院",
		9:  "leader: 林晓 (office1) is not a leader's account",
		10: "leader: one leader in charge per measure",
		11: "title: is required",
		13: "code: 2024H2-001 is also on row 12",
		14: "code: \"17\" is not a measure code",
	} {
		if !strings.Contains(got[line], want) {
			t.Errorf("row %d: %q, want %q", line, got[line], want)
		}
	}
	if got[7] != "" || got[12] != "" {
		t.Errorf("good rows reported: %q %q", got[7], got[12])
	}
	after, _, _ := a.Measures(ctx, app.System, storeAll())
	if len(after) != len(before) {
		t.Errorf("bad rows wrote measures: %d → %d", len(before), len(after))
	}

	// A row with an existing code updates that measure, with its audit event.
	res, err = a.ImportMeasures(ctx, office, []app.MeasureRow{{Line: 3, Task: "科学研究", Title: "推进重大科研平台建设", LeadUnit: "科学技术处",
		CooperatingUnits: []string{"人事处"}, Leader: "王校长", Deadline: "2024年11月底前", Code: apptest.MeasureA}}, app.ImportOptions{})
	if err != nil || res.Count(app.ImportUpdate) != 1 {
		t.Fatalf("update: %v %+v %+v", err, res.Actions, res.Errors)
	}
	d, _ := a.Measure(ctx, app.System, apptest.MeasureA)
	if d.Measure.Due != model.Ymd(2024, 11, 30) || len(d.Measure.CooperatingUnits) != 1 || d.History[0].Action != "update" || d.History[0].Before == "" {
		t.Errorf("after update: %+v, history %+v", d.Measure, d.History[0])
	}

	if _, err := a.ImportMeasures(ctx, apptest.Account(t, a, apptest.UnitKJC), rows, app.ImportOptions{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit account: %v", err)
	}
}

func TestThemeOfTask(t *testing.T) {
	for task, want := range map[string]string{
		"科学研究": "research", "research": "research", "加强党的建设": "party_building", "一流学科建设": "discipline",
		"深化综合改革": "governance", "师资队伍建设": "talent_team", "其他": "other", "安全稳定": "", "": "",
	} {
		if got := app.ThemeOfTask(task); got != want {
			t.Errorf("ThemeOfTask(%q) = %q, want %q", task, got, want)
		}
	}
	for _, th := range model.Themes {
		if app.ThemeOfTask(app.ThemeName(th)) != th {
			t.Errorf("theme %s does not come back from its name %q", th, app.ThemeName(th))
		}
	}
}

func storeAll() model.MeasureFilter { return model.MeasureFilter{Limit: 1000} }
