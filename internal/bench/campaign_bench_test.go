package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// campaignScale is an institution of Large's 120 units (and 3,000 people)
// with few measures: the completion matrix reads units, sessions and
// summaries, never measures.
var campaignScale = Scale{Name: "campaign", Units: Large.Units, People: Large.People, Measures: 300, Reports: 600, Meetings: 2}

// campaignBench generates campaignScale with a year-long campaign over
// every unit: a group study and a seminar every month, two Party lectures
// by 2024-06-30, a warning education by 2024-09-30, and a summary; each
// unit holds its sessions (with its people's attendance) but every
// seventh unit misses months, every fifth a lecture, and a third of the
// units have no summary in yet. It returns the app, the store and the
// campaign's id.
func campaignBench(b *testing.B) (*app.App, *store.Store, int64, int) {
	b.Helper()
	ctx := context.Background()
	s, err := store.Open(filepath.Join(b.TempDir(), "campaign.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := Generate(ctx, s, campaignScale, benchSeed); err != nil {
		b.Fatal(err)
	}
	a := app.New(s, nil)
	apptest.Keep(a, s)
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	s.Now = a.Now
	units, err := a.Units(ctx)
	if err != nil {
		b.Fatal(err)
	}
	office := model.Account{Username: OfficeAccount, Role: model.RoleOffice}
	c := model.Campaign{Title: "党纪学习教育", Start: model.Ymd(2024, 1, 1), End: model.Ymd(2024, 12, 31), SummaryDue: model.Ymd(2024, 12, 31),
		Requirements: []model.Requirement{
			{Kind: "group_study", Title: "每月至少一次集中学习", Count: 1, Monthly: true},
			{Kind: "seminar", Title: "每月一次研讨交流", Count: 1, Monthly: true},
			{Kind: "party_lecture", Title: "两次专题党课", Count: 2, Due: model.Ymd(2024, 6, 30)},
			{Kind: "warning_education", Title: "一次警示教育", Count: 1, Due: model.Ymd(2024, 9, 30)},
		}}
	for _, u := range units {
		if u.Kind != model.UnitLeadership {
			c.Units = append(c.Units, u.Code)
		}
	}
	if err := a.SaveCampaign(ctx, office, &c); err != nil {
		b.Fatal(err)
	}
	people, err := s.People(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	byUnit := map[string][]int64{}
	for _, p := range people {
		byUnit[p.Unit] = append(byUnit[p.Unit], p.ID)
	}
	sessions := 0
	err = s.Write(ctx, func(tx *store.Tx) error {
		for i, u := range c.Units {
			var held []model.StudySession
			for m := 1; m <= 10; m++ {
				if i%7 == 3 && m%4 == 0 {
					continue
				}
				day := model.Ymd(2024, time.Month(m), 5+i%20)
				held = append(held, model.StudySession{Kind: "group_study", Date: day, Topic: "集中学习"},
					model.StudySession{Kind: "seminar", Date: day + 1, Topic: "研讨交流"})
			}
			for k := range 2 - b2n(i%5 == 2) {
				held = append(held, model.StudySession{Kind: "party_lecture", Date: model.Ymd(2024, 5, 10+k), Topic: "专题党课"})
			}
			held = append(held, model.StudySession{Kind: "warning_education", Date: model.Ymd(2024, 9, 3), Topic: "警示教育"})
			for _, ss := range held {
				ss.Campaign, ss.Unit, ss.RecordedBy = c.ID, u, OfficeAccount
				for k, p := range byUnit[u] {
					ss.Attendance = append(ss.Attendance, model.Attendance{Person: p, Present: k%9 != 4, Reason: "出差"})
				}
				mt := model.Meeting{Kind: "study", Title: u + " · " + ss.Topic, Date: ss.Date, Period: model.HalfYearOf(ss.Date).Code}
				if err := tx.InsertMeeting(ctx, &mt); err != nil {
					return err
				}
				ss.Meeting = mt.ID
				if err := tx.InsertStudySession(ctx, &ss); err != nil {
					return err
				}
				sessions++
			}
			if i%3 != 0 {
				if err := tx.PutCampaignSummary(ctx, &model.CampaignSummary{Campaign: c.ID, Unit: u, Body: "总结", SubmittedBy: OfficeAccount}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return a, s, c.ID, sessions
}

func b2n(v bool) int {
	if v {
		return 1
	}
	return 0
}

// BenchmarkCampaignCompletion is a campaign's completion matrix on an
// institution of 120 units with about 3,000 sessions: "compute" on a new
// day every time (the cache misses: what the first reader of a day or of a
// change waits for), "cached" as the day's later readers get it. Each
// reports its p99 (issue 19: ≤ 200 ms to compute).
func BenchmarkCampaignCompletion(b *testing.B) {
	a, s, id, sessions := campaignBench(b)
	ctx := context.Background()
	office := model.Account{Username: OfficeAccount, Role: model.RoleOffice}
	m, err := a.CampaignCompletion(ctx, office, id)
	if err != nil {
		b.Fatal(err)
	}
	fmt.Printf("campaign: %d units × %d requirements, %d sessions, %v\n", len(m.Rows), len(m.Campaign.Requirements), sessions, m.Totals)
	if len(m.Rows) < 100 || m.Totals[model.CellMissed] == 0 || m.Totals[model.CellDone] == 0 {
		b.Fatalf("the generated matrix shows too little: %d rows, %v", len(m.Rows), m.Totals)
	}
	run := func(b *testing.B, newDay bool) {
		var took []time.Duration
		i := 0
		for b.Loop() {
			i++
			day := Today
			if newDay {
				day += model.Date(i)
			}
			t0 := time.Now()
			if _, err := s.CampaignCompletion(ctx, id, day); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Microseconds())/1000, "p99-ms")
	}
	b.Run("compute", func(b *testing.B) { run(b, true) })
	b.Run("cached", func(b *testing.B) { run(b, false) })
}
