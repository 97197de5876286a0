package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// decisionMeeting records a president's office meeting that decides two
// things, with its attendance.
func decisionMeeting(t *testing.T, a *app.App, day model.Date) model.Meeting {
	t.Helper()
	m := model.Meeting{Kind: "president_office", Title: "校长办公会", Date: day, Place: "第一会议室", Presider: "陈国强",
		Attendees: "陈国强、王立平、李明", OnLeave: "赵敏（出差）", SittingIn: "党政办公室、教务处负责人",
		Items: []model.AgendaItem{
			{Kind: "briefing", Title: "听取教务处关于本科教学评估的汇报", Text: "教务处汇报了评估准备情况。"},
			{Kind: "decision", Title: "本科教学评估整改", Text: "原则同意整改方案，由教务处牵头落实。"},
			{Kind: "decision", Title: "实验室安全", Text: "同意开展实验室安全专项检查。"},
		}}
	if err := a.SaveMeeting(context.Background(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// minutesScenarios are the minutes routes for TestRoutes: everyone signed
// in reads them and their document; the office (and the admin) issues
// and voids.
func minutesScenarios(t *testing.T, a *app.App) []scenario {
	toIssue := decisionMeeting(t, a, model.Ymd(2024, 10, 8))
	issued := decisionMeeting(t, a, model.Ymd(2024, 10, 9))
	m, err := a.IssueMinutes(context.Background(), apptest.Account(t, a, apptest.Office), issued.ID, app.MinutesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ip, mp := fmt.Sprintf("/meetings/%d/minutes", toIssue.ID), fmt.Sprintf("/meetings/%d/minutes", issued.ID)
	reason := func() url.Values { return url.Values{"reason": {"议定事项有误"}} }
	return []scenario{
		{"GET /meetings/{id}/minutes", ip, nil, signedInOnly(ok)},
		{"GET /meetings/{id}/minutes", mp, nil, signedInOnly(ok)},
		{"GET /meetings/{id}/minutes", "/meetings/9999/minutes", nil, signedInOnly(notFound)},
		{"GET /meetings/{id}/minutes.docx", ip + ".docx", nil, signedInOnly(ok)},
		{"GET /meetings/{id}/minutes.docx", mp + ".docx", nil, signedInOnly(ok)},
		// The admin issues them first; then they stand (409).
		{"POST /meetings/{id}/minutes", ip, func() url.Values { return url.Values{} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"POST /meetings/{id}/minutes/{minutes}/void", fmt.Sprintf("%s/%d/void", mp, m.ID), reason,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		// Minutes of another meeting: not found there, whoever asks.
		{"POST /meetings/{id}/minutes/{minutes}/void", fmt.Sprintf("%s/%d/void", ip, m.ID), reason, signedInOnly(notFound)},
	}
}

// TestMinutes drafts, words, issues and voids minutes as an office does:
// the draft proposes a decision per decision item, with the measures
// accepted from it; an emptied decision comes back beside its field;
// issued minutes take the next number of their kind's series in the
// year, are frozen (a later measure does not change them) and print as
// an official document; voided, their number stays used.
func TestMinutes(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	m := decisionMeeting(t, a, model.Ymd(2024, 10, 8))
	dec := m.Items[1]
	ms := model.Measure{Title: "完成本科教学评估整改", Theme: "talent_training", Period: "2024-H2", LeadUnit: "JWC",
		CooperatingUnits: []string{"KJC"}, Deadline: "2024年12月底前", Source: model.Source{AgendaItem: dec.ID, Start: 0, End: 9}}
	if err := a.CreateMeasure(ctx, office, &ms); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	path := fmt.Sprintf("/meetings/%d/minutes", m.ID)
	_, page := c.get(path)
	for _, want := range []string{"校长办公会议纪要", "（预览，未印发）", "原则同意整改方案，由教务处牵头落实。", "同意开展实验室安全专项检查。",
		ms.Code, "完成本科教学评估整改", "教务处", "科学技术处", "2024年12月底前", "赵敏（出差）", "党政办公室、教务处负责人",
		`name="decision.` + fmt.Sprint(dec.ID) + `.0"`, "陈国强在第一会议室主持召开校长办公会"} {
		if !strings.Contains(page, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if strings.Contains(page, "听取教务处关于本科教学评估的汇报") {
		t.Errorf("a briefing became a decision although the meeting has decision items")
	}

	// An emptied decision: 422 beside its field, nothing issued.
	code, page, _ := c.post(path, url.Values{"decision." + fmt.Sprint(dec.ID) + ".0": {"  "}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="decision-0"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Fatalf("an empty decision: %d", code)
	}
	if s, _, _ := a.MeetingMinutes(ctx, office, m.ID); s != nil {
		t.Fatalf("a refused issue issued minutes")
	}
	worded := "原则同意本科教学评估整改方案，由教务处牵头、科学技术处配合，于12月底前完成。"
	if code, _, _ := c.post(path, url.Values{"decision." + fmt.Sprint(dec.ID) + ".0": {worded}}); code != http.StatusSeeOther {
		t.Fatalf("issue: %d", code)
	}
	_, page = c.get(path)
	for _, want := range []string{"〔2024〕第1期", worded, "同意开展实验室安全专项检查。", ms.Code} {
		if !strings.Contains(page, want) {
			t.Errorf("the issued minutes lack %q", want)
		}
	}
	if strings.Contains(page, `name="decision.`) {
		t.Errorf("issued minutes still offer their wording for editing")
	}
	// Frozen: a measure accepted afterwards is not in them.
	late := model.Measure{Title: "修订实验室安全管理办法", Theme: "resources", Period: "2024-H2", LeadUnit: "KJC", Deadline: "2024年11月底前",
		Source: model.Source{AgendaItem: m.Items[2].ID, Start: 0, End: 9}}
	if err := a.CreateMeasure(ctx, office, &late); err != nil {
		t.Fatal(err)
	}
	if _, page = c.get(path); strings.Contains(page, late.Code) {
		t.Errorf("issued minutes changed with a later measure")
	}
	code, b, h := c.download(path + ".docx")
	doc := strings.Join(officeText(t, b), "")
	if code != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("minutes.docx: %d %v", code, h)
	}
	for _, want := range []string{"校长办公会议纪要", "〔2024〕第1期", "一、" + worded, "二、同意开展实验室安全专项检查。", ms.Code, "出席：", "请假：", "赵敏（出差）", "列席：", "印发"} {
		if !strings.Contains(doc, want) {
			t.Errorf("minutes.docx lacks %q", want)
		}
	}

	// Another president's office meeting that year: 第2期; a standing
	// committee's minutes count apart: 第1期.
	second := decisionMeeting(t, a, model.Ymd(2024, 10, 22))
	sc := model.Meeting{Kind: "standing_committee", Title: "党委常委会", Date: model.Ymd(2024, 10, 23),
		Items: []model.AgendaItem{{Kind: "decision", Title: "议定事项", Text: "同意。"}}}
	if err := a.SaveMeeting(ctx, office, &sc); err != nil {
		t.Fatal(err)
	}
	for meeting, want := range map[int64]int{second.ID: 2, sc.ID: 1} {
		got, err := a.IssueMinutes(ctx, office, meeting, app.MinutesRequest{})
		if err != nil || got.Number != want {
			t.Errorf("meeting %d: number %d, want %d (%v)", meeting, got.Number, want, err)
		}
	}
	// Voided, the number stays used: issued again, 第3期.
	standing, _, _ := a.MeetingMinutes(ctx, office, m.ID)
	if code, _, _ := c.post(fmt.Sprintf("%s/%d/void", path, standing.ID), url.Values{"reason": {"议定事项表述有误"}}); code != http.StatusSeeOther {
		t.Fatalf("void: %d", code)
	}
	again, err := a.IssueMinutes(ctx, office, m.ID, app.MinutesRequest{})
	if err != nil || again.Number != 3 {
		t.Fatalf("issued again: %d, %v", again.Number, err)
	}
	if _, page = c.get(path); !strings.Contains(page, "〔2024〕第3期") || !strings.Contains(page, "议定事项表述有误") {
		t.Errorf("the page does not show the new minutes and the voided ones")
	}
}
