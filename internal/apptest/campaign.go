package apptest

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// StudyCampaign opens a study campaign for KJC, JWC and RSC (September to
// December 2024: a group study every month, a Party lecture by
// 2024-10-20) with two people in each unit (张科 and 李科 in KJC, 张教
// and 李教 in JWC, 张人 and 李人 in RSC), and returns its id and the
// people's ids by unit.
func StudyCampaign(t testing.TB, a *app.App) (int64, map[string][]int64) {
	t.Helper()
	ctx := t.Context()
	people := map[string][]int64{}
	short := map[string]string{"KJC": "科", "JWC": "教", "RSC": "人"}
	for _, u := range []string{"KJC", "JWC", "RSC"} {
		for _, name := range []string{"张" + short[u], "李" + short[u]} {
			p := model.Person{Name: name, Unit: u, Title: "科员"}
			if err := a.SavePerson(ctx, app.System, &p); err != nil {
				t.Fatal(err)
			}
			people[u] = append(people[u], p.ID)
		}
	}
	c := model.Campaign{Title: "党纪学习教育", Start: model.Ymd(2024, 9, 1), End: model.Ymd(2024, 12, 31), SummaryDue: model.Ymd(2025, 1, 10),
		Units: []string{"KJC", "JWC", "RSC"},
		Requirements: []model.Requirement{
			{Kind: "group_study", Title: "每月至少一次集中学习", Count: 1, Monthly: true},
			{Kind: "party_lecture", Title: "一次专题党课", Count: 1, Due: model.Ymd(2024, 10, 20)},
		}}
	if err := a.SaveCampaign(ctx, Account(t, a, Office), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID, people
}
