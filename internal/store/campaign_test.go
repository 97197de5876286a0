package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// checkCompletion compares every cell of a campaign's matrix with counts
// made by direct SQL on the sessions and summaries.
func checkCompletion(t *testing.T, s *store.Store, m model.CampaignCompletion, step string) {
	t.Helper()
	ctx := context.Background()
	c := m.Campaign
	count := func(q string, args ...any) int {
		t.Helper()
		n, err := s.CountSQL(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM campaign_units WHERE campaign_id = ?`, c.ID); n != len(m.Rows) {
		t.Errorf("%s: %d rows, %d units take part", step, len(m.Rows), n)
	}
	done := 0
	for _, row := range m.Rows {
		for i, r := range c.Requirements {
			cell := row.Cells[i]
			want := model.CompletionCell{}
			if r.Monthly {
				ok := true
				for _, end := range c.Months() {
					if end >= m.Day {
						t.Fatalf("%s: the demo's months are all past on %s", step, m.Day)
					}
					n := count(`SELECT count(*) FROM campaign_sessions WHERE campaign_id = ? AND unit = ? AND kind = ? AND day BETWEEN ? AND ?`,
						c.ID, row.Unit, r.Kind, int64(end.Time().AddDate(0, 0, 1-end.Time().Day()).Unix()/86400), int64(end))
					want.Held += min(n, r.Count)
					want.Required += r.Count
					ok = ok && n >= r.Count
				}
				want.State = model.CellMissed
				if ok {
					want.State = model.CellDone
				}
			} else {
				want.Held = count(`SELECT count(*) FROM campaign_sessions WHERE campaign_id = ? AND unit = ? AND kind = ? AND day <= ?`,
					c.ID, row.Unit, r.Kind, int64(r.Due))
				want.Required, want.State = r.Count, model.CellMissed
				if want.Held >= r.Count {
					want.State = model.CellDone
				}
			}
			if cell.Held != want.Held || cell.Required != want.Required || cell.State != want.State {
				t.Errorf("%s: %s × %s: %d/%d %s, direct count %d/%d %s", step, row.Unit, r.Title, cell.Held, cell.Required, cell.State,
					want.Held, want.Required, want.State)
			}
			if cell.State == model.CellDone {
				done++
			}
		}
		in := count(`SELECT count(*) FROM campaign_summaries WHERE campaign_id = ? AND unit = ?`, c.ID, row.Unit)
		if got := row.Summary.State == model.CellDone; got != (in == 1) {
			t.Errorf("%s: %s's summary %s, %d in", step, row.Unit, row.Summary.State, in)
		}
		if in == 1 {
			done++
		}
		if n := count(`SELECT count(*) FROM campaign_sessions WHERE campaign_id = ? AND unit = ?`, c.ID, row.Unit); n != row.Sessions {
			t.Errorf("%s: %s held %d sessions, the matrix says %d", step, row.Unit, n, row.Sessions)
		}
	}
	if done != m.Done || m.Cells != len(m.Rows)*(len(c.Requirements)+1) || m.Percent != done*100/m.Cells {
		t.Errorf("%s: totals %d of %d (%d%%), direct %d", step, m.Done, m.Cells, m.Percent, done)
	}
}

// TestCampaignCompletionDemo: on the demo institution (党纪学习教育, April to
// July 2024) the completion matrix equals direct SQL counts, shows both
// done and missed cells, and follows a session recorded late (the
// "campaigns" counter moves, the cached matrix is not served).
func TestCampaignCompletionDemo(t *testing.T) {
	ctx := context.Background()
	s := apptest.OpenStore(t)
	a := apptest.Bare(t, s)
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	s.Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office, err := a.AccountOf(ctx, app.System, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := a.CampaignsOverlapping(ctx, office, model.Ymd(2024, 1, 1), model.Ymd(2024, 6, 30))
	if err != nil || len(cs) != 1 || cs[0].Title != demo.DemoCampaign {
		t.Fatalf("campaigns of 2024 H1: %+v, %v", cs, err)
	}
	if later, _ := a.CampaignsOverlapping(ctx, office, model.Ymd(2024, 8, 1), 0); len(later) != 0 {
		t.Errorf("campaigns after July: %+v", later)
	}
	m, err := a.CampaignCompletion(ctx, office, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	checkCompletion(t, s, m, "demo")
	if m.Totals[model.CellMissed] == 0 || m.Totals[model.CellDone] < m.Cells/2 || len(m.Rows) < 15 {
		t.Fatalf("the demo matrix shows %v over %d units: want mostly done, some missed", m.Totals, len(m.Rows))
	}
	// GJC left May's group study out; its liaison records it late.
	gjc, err := a.AccountOf(ctx, office, "gjc")
	if err != nil {
		t.Fatal(err)
	}
	people, err := a.StudyPeople(ctx, gjc, "GJC")
	if err != nil || len(people) == 0 {
		t.Fatal("GJC's people", err)
	}
	ss := model.StudySession{Campaign: cs[0].ID, Unit: "GJC", Kind: "group_study", Date: model.Ymd(2024, 5, 30), Topic: "补学组织纪律",
		Attendance: []model.Attendance{{Person: people[0].ID, Present: true}}}
	if err := a.RecordStudySession(ctx, gjc, &ss); err != nil {
		t.Fatal(err)
	}
	after, err := a.CampaignCompletion(ctx, office, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	checkCompletion(t, s, after, "after a late session")
	if after.Done != m.Done+1 {
		t.Errorf("done %d after GJC's late session, was %d", after.Done, m.Done)
	}
	// A unit's account sees its own row only.
	own, err := a.CampaignCompletion(ctx, gjc, cs[0].ID)
	if err != nil || len(own.Rows) != 1 || own.Rows[0].Unit != "GJC" {
		t.Errorf("GJC's own matrix: %+v, %v", own.Rows, err)
	}
}
