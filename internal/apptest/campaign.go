package apptest

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// StudyCampaign opens a study campaign for KJC, JWC and RSC (September to
// December 2024: a group study every month, a Party lecture by
// 2024-10-20) with two people in each unit, and returns its id and the
// people's ids by unit.
func StudyCampaign(t testing.TB, a *app.App) (int64, map[string][]int64) {
	t.Helper()
	ctx := t.Context()
	people := map[string][]int64{}
	for _, u := range []string{"KJC", "JWC", "RSC"} {
		for _, name := range []string{"张" + u, "李" + u} {
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
