package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

func newApp(t *testing.T) *app.App {
	t.Helper()
	s := apptest.OpenStore(t)
	a := apptest.Bare(t, s)
	fixed := time.Date(2025, 3, 1, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	// The store stamps rows with the app's clock, whatever it is set to
	// (as serve --demo wires it): the demo's story moves it.
	s.Now = func() time.Time { return a.Now() }
	return a
}

func TestLoad(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	start := time.Now()
	sum, err := demo.Load(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded in %v: %d units, %d accounts, %d meetings, %d measures, %d reports, %d comments",
		time.Since(start), sum.Units, len(sum.Accounts), sum.Meetings, sum.Measures, sum.Reports, sum.Comments)

	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if today.Day != model.Ymd(2024, 10, 15) {
		t.Errorf("today is %s, want the pinned 2024-10-15", today.Day)
	}
	b, err := a.Board(ctx, app.System, model.BoardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range model.Statuses {
		if b.Totals.ByStatus[s] == 0 {
			t.Errorf("board shows no %s measure: %v", s, b.Totals.ByStatus)
		}
	}
	for _, al := range model.Alerts {
		if b.Totals.ByAlert[al] == 0 {
			t.Errorf("board shows no %s light: %v", al, b.Totals.ByAlert)
		}
	}

	units, err := a.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) < 18 || sum.Units != len(units) {
		t.Errorf("%d units (summary %d), want at least 18", len(units), sum.Units)
	}
	accts, err := apptest.Store(a).Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) < 35 || len(accts) != len(sum.Accounts) {
		t.Errorf("%d accounts (summary %d), want at least 35", len(accts), len(sum.Accounts))
	}
	roles := map[string]int{}
	for _, ac := range accts {
		roles[ac.Role]++
		if ac.Username == "admin" {
			t.Errorf("demo created the admin account")
		}
	}
	for _, r := range []string{model.RoleOffice, model.RoleLeader, model.RoleUnit} {
		if roles[r] == 0 {
			t.Errorf("no %s account: %v", r, roles)
		}
	}
	if _, err := a.SignIn(ctx, "linxiao", demo.Password); err != nil {
		t.Errorf("office clerk cannot sign in with the demo password: %v", err)
	}

	ms, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 20 || len(ms) != sum.Measures {
		t.Errorf("%d measures (summary %d), want at least 20", len(ms), sum.Measures)
	}
	periods := map[string]bool{}
	for _, m := range ms {
		periods[m.Period] = true
		if m.Source.AgendaItem == 0 {
			t.Errorf("%s has no source", m.Code)
			continue
		}
		it, _, err := apptest.Store(a).AgendaItem(ctx, m.Source.AgendaItem)
		if err != nil {
			t.Fatal(err)
		}
		s, e := m.Source.Start, m.Source.End
		if s < 0 || s >= e || e > len(it.Text) {
			t.Errorf("%s: span %d–%d outside agenda item %q (%d bytes)", m.Code, s, e, it.Title, len(it.Text))
			continue
		}
		if strings.TrimSpace(it.Text[s:e]) == "" {
			t.Errorf("%s: empty source text", m.Code)
		}
	}
	if !periods["2024-H1"] || !periods["2024-H2"] {
		t.Errorf("measures in periods %v, want 2024-H1 and 2024-H2", periods)
	}
	ps, err := apptest.Store(a).Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 2 {
		t.Errorf("periods %v", ps)
	}
	meetings, err := a.Meetings(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, mt := range meetings {
		if mt.Kind == "retreat" {
			full, err := a.Meeting(ctx, app.System, mt.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range full.Items {
				for _, name := range []string{"Zhang Jun", "Jiang LAN", "张军"} {
					if strings.Contains(it.Text, name) {
						t.Errorf("agenda item %q names %s", it.Title, name)
					}
				}
			}
			// The issued 2024-H1 summary opens the retreat (0029).
			if len(full.Items) != 4 || full.Items[0].Kind != "briefing" || full.Items[0].Title != model.SummaryTitle ||
				full.Items[2].Speaker != "校长" || full.Items[3].Speaker != "党委书记" {
				t.Errorf("retreat agenda: %+v", full.Items)
			}
		}
	}
}

func TestLoadTwice(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	before, err := apptest.Store(a).Counter(ctx, "measures")
	if err != nil {
		t.Fatal(err)
	}
	_, err = demo.Load(ctx, a)
	if model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("second load: %v, want a conflict", err)
	}
	after, _ := apptest.Store(a).Counter(ctx, "measures")
	if after != before {
		t.Errorf("second load changed the measures counter %d → %d", before, after)
	}
}
