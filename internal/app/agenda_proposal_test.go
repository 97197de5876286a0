package app_test

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

// TestAgendaProposals: on the demo the next meeting is proposed the open
// key problems, the competitive indicators behind and the units that
// missed their 2024-H1 report, each once; one click adds it as the
// agenda's last item with one audit event, and a repeated click adds
// nothing; a proposal no longer standing is refused.
func TestAgendaProposals(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office := apptest.Account(t, a, "linxiao")
	next := model.Meeting{Kind: "president_office", Title: "2024年第17次校长办公会", Date: model.Ymd(2024, 10, 22),
		Items: []model.AgendaItem{{Kind: "decision", Title: "会议审议事项", Text: "审议有关事项。"}}}
	if err := a.SaveMeeting(ctx, office, &next); err != nil {
		t.Fatal(err)
	}
	ps, err := a.AgendaProposals(ctx, office, next.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := apptest.Store(a)
	count := func(q string, args ...any) int {
		n, err := s.CountQuery(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	byKind := map[string]int{}
	seen := map[string]bool{}
	for _, p := range ps {
		byKind[p.Kind]++
		if seen[p.Kind+"/"+p.Ref] {
			t.Errorf("proposed twice: %s %s", p.Kind, p.Ref)
		}
		seen[p.Kind+"/"+p.Ref] = true
		if p.Added != 0 || p.Item.Title == "" || p.Item.Text == "" {
			t.Errorf("proposal %+v", p)
		}
	}
	if want := count(`SELECT count(*) FROM problems WHERE status IN ('open', 'in_progress') AND severity = 'high'`); byKind[app.ProposalProblem] != want || want == 0 {
		t.Errorf("key problems proposed: %d, want %d", byKind[app.ProposalProblem], want)
	}
	// Reports of 2024-H1 not submitted: every unit but the leadership group
	// without a submitted, resubmitted or accepted report.
	wantReports := count(`SELECT count(*) FROM units u WHERE u.kind <> 'leadership' AND NOT EXISTS (SELECT 1 FROM unit_reports r
		WHERE r.unit = u.code AND r.period = '2024-H1' AND r.state IN ('submitted', 'resubmitted', 'accepted'))`)
	if byKind[app.ProposalReport] != wantReports || wantReports == 0 {
		t.Errorf("missed reports proposed: %d, want %d", byKind[app.ProposalReport], wantReports)
	}
	judged, err := s.JudgedIndicators(ctx, "2024-H2", model.IndicatorCompetitive)
	if err != nil {
		t.Fatal(err)
	}
	behind := 0
	for _, f := range judged {
		if f.Judgement == string(model.Behind) {
			behind++
		}
	}
	if byKind[app.ProposalIndicator] != behind || behind == 0 {
		t.Errorf("indicators behind proposed: %d, want %d", byKind[app.ProposalIndicator], behind)
	}

	var problem app.AgendaProposal
	for _, p := range ps {
		if p.Kind == app.ProposalProblem {
			problem = p
			break
		}
	}
	audited := apptest.AuditCount(t, a)
	item, added, err := a.AddAgendaProposal(ctx, office, next.ID, problem.Kind, problem.Ref)
	if err != nil || !added {
		t.Fatalf("add: %v %v", added, err)
	}
	if apptest.AuditCount(t, a) != audited+1 {
		t.Errorf("add wrote %d audit events", apptest.AuditCount(t, a)-audited)
	}
	m, _ := a.Meeting(ctx, office, next.ID)
	if len(m.Items) != 2 || m.Items[1].ID != item.ID || m.Items[1].Title != problem.Item.Title || !strings.Contains(m.Items[1].Text, problem.Ref) {
		t.Errorf("agenda after add: %+v", m.Items)
	}
	again, added, err := a.AddAgendaProposal(ctx, office, next.ID, problem.Kind, problem.Ref)
	if err != nil || added || again.ID != item.ID {
		t.Errorf("second click: %+v %v %v", again, added, err)
	}
	if m, _ := a.Meeting(ctx, office, next.ID); len(m.Items) != 2 || apptest.AuditCount(t, a) != audited+1 {
		t.Errorf("second click changed something: %d items", len(m.Items))
	}
	ps, _ = a.AgendaProposals(ctx, office, next.ID)
	for _, p := range ps {
		if p.Ref == problem.Ref && p.Added != item.ID {
			t.Errorf("added proposal shows %d, want %d", p.Added, item.ID)
		}
	}
	// Removing the item from the agenda proposes it again.
	m, _ = a.Meeting(ctx, office, next.ID)
	m.Items = m.Items[:1]
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	ps, _ = a.AgendaProposals(ctx, office, next.ID)
	for _, p := range ps {
		if p.Ref == problem.Ref && p.Added != 0 {
			t.Errorf("removed item still counts as added")
		}
	}
	// Refused: not standing, unknown kind, not the office.
	if _, _, err := a.AddAgendaProposal(ctx, office, next.ID, app.ProposalReport, "JWC/2024-H1"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a submitted report: %v", err)
	}
	if _, _, err := a.AddAgendaProposal(ctx, office, next.ID, "measure", "x"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("unknown kind: %v", err)
	}
	if _, _, err := a.AddAgendaProposal(ctx, apptest.Account(t, a, "chenguoqiang"), next.ID, problem.Kind, problem.Ref); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("leader adds: %v", err)
	}
}
