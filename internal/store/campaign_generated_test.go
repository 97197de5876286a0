package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestCampaignCompletionGenerated: on a generated institution, with a
// campaign over every unit whose units keep its requirements unevenly
// (months left out, a lecture short, summaries missing), the completion
// matrix equals direct SQL counts, on either engine.
func TestCampaignCompletionGenerated(t *testing.T) {
	ctx := context.Background()
	s := apptest.OpenStore(t)
	if err := bench.Generate(ctx, s, bench.Tiny, 11); err != nil {
		t.Fatal(err)
	}
	a := app.New(s, nil)
	apptest.Keep(a, s)
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	s.Now = a.Now
	office := model.Account{Username: bench.OfficeAccount, Role: model.RoleOffice}
	units, err := a.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := model.Campaign{Title: "主题教育", Start: model.Ymd(2024, 1, 1), End: model.Ymd(2024, 6, 30), SummaryDue: model.Ymd(2024, 7, 10),
		Requirements: []model.Requirement{
			{Kind: "group_study", Title: "每月至少一次集中学习", Count: 1, Monthly: true},
			{Kind: "seminar", Title: "每月两次研讨交流", Count: 2, Monthly: true},
			{Kind: "party_lecture", Title: "两次专题党课", Count: 2, Due: model.Ymd(2024, 5, 31)},
		}}
	for _, u := range units {
		if u.Kind != model.UnitLeadership {
			c.Units = append(c.Units, u.Code)
		}
	}
	if err := a.SaveCampaign(ctx, office, &c); err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, func(tx *store.Tx) error {
		for i, u := range c.Units {
			var held []model.StudySession
			for m := 1; m <= 6; m++ {
				day := model.Ymd(2024, time.Month(m), 3+i%20)
				if !(i%4 == 1 && m == 3) {
					held = append(held, model.StudySession{Kind: "group_study", Date: day, Topic: "集中学习"})
				}
				for k := range 2 - min(1, i%3) { // a third of the units hold two seminars a month
					held = append(held, model.StudySession{Kind: "seminar", Date: day + model.Date(k+1), Topic: "研讨交流"})
				}
			}
			for k := range i % 3 { // none, one or two lectures, one of them after the day
				held = append(held, model.StudySession{Kind: "party_lecture", Date: model.Ymd(2024, 5, 20+k*15), Topic: "专题党课"})
			}
			for _, ss := range held {
				ss.Campaign, ss.Unit, ss.RecordedBy = c.ID, u, bench.OfficeAccount
				mt := model.Meeting{Kind: "study", Title: u + " · " + ss.Topic, Date: ss.Date, Period: model.HalfYearOf(ss.Date).Code}
				if err := tx.InsertMeeting(ctx, &mt); err != nil {
					return err
				}
				ss.Meeting = mt.ID
				if err := tx.InsertStudySession(ctx, &ss); err != nil {
					return err
				}
			}
			if i%2 == 0 {
				if err := tx.PutCampaignSummary(ctx, &model.CampaignSummary{Campaign: c.ID, Unit: u, Body: "总结", SubmittedBy: bench.OfficeAccount}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.CampaignCompletion(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkCompletion(t, s, m, "generated")
	if m.Totals[model.CellMissed] == 0 || m.Totals[model.CellDone] == 0 || len(m.Rows) != len(c.Units) {
		t.Errorf("the generated matrix shows %v over %d units: want both done and missed cells", m.Totals, len(m.Rows))
	}
}
