package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// prepRetreat records a retreat with a briefing, a topic and a group of
// leader1, KJC and JWC, each asked for remarks; two more topics and a
// group to delete.
func prepRetreat(t *testing.T, a *app.App) (m model.Meeting, del [2]int64, delGroup int64, rs []model.Remarks) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	m = model.Meeting{Kind: "retreat", Title: "2024年秋季工作研讨会", Date: model.Ymd(2024, 10, 30), Place: "中关村校区",
		Items: []model.AgendaItem{{Kind: "briefing", Title: "学校上半年工作总结", Text: "上半年学校各项工作稳步推进。"}}}
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	topics := []model.RetreatTopic{{Title: "加快推进高质量发展", Description: "深入研讨。"}, {Title: "待删除甲"}, {Title: "待删除乙"}}
	for i := range topics {
		if err := a.SaveRetreatTopic(ctx, office, m.ID, &topics[i]); err != nil {
			t.Fatal(err)
		}
	}
	g := model.RetreatGroup{Name: "第一组", Leaders: []string{apptest.Leader}, Units: []string{"KJC", "JWC"}, Convener: apptest.Leader, Reporter: "KJC", Topics: []int64{topics[0].ID}}
	g2 := model.RetreatGroup{Name: "第二组", Units: []string{"DB"}}
	for _, x := range []*model.RetreatGroup{&g, &g2} {
		if err := a.SaveRetreatGroup(ctx, office, m.ID, x); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := a.RequestRemarks(ctx, office, m.ID, []model.Participant{{Kind: "leader", Ref: apptest.Leader}, {Kind: "unit", Ref: "KJC"}, {Kind: "unit", Ref: "JWC"}}, model.Ymd(2024, 10, 20))
	if err != nil {
		t.Fatal(err)
	}
	return m, [2]int64{topics[1].ID, topics[2].ID}, g2.ID, rs
}

// retreatScenarios are the preparation's routes for TestRoutes: everyone
// signed in reads the page; the office prepares; a participant writes its
// own remarks; the office and leaders download the book.
func retreatScenarios(t *testing.T, a *app.App) []scenario {
	m, del, delGroup, rs := prepRetreat(t, a)
	var kjc, jwc int64
	for _, r := range rs {
		switch r.Participant.Ref {
		case "KJC":
			kjc = r.ID
		case "JWC":
			jwc = r.ID
		}
	}
	if _, err := a.SubmitRemarks(context.Background(), apptest.Account(t, a, apptest.UnitKJC), m.ID, kjc,
		app.RemarksSubmission{Text: "科技处发言", File: &model.SpeechFile{Name: "发言.txt", Data: []byte("科技处发言")}}); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/meetings/%d", m.ID)
	// The admin deletes the first, the office the second (the first is gone for it).
	topicDel := want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: notFound}}
	return []scenario{
		{"GET /meetings/{id}/prep", base + "/prep", nil, signedInOnly(ok)},
		{"GET /meetings/{id}/prep", "/meetings/9999/prep", nil, signedInOnly(notFound)},
		{"POST /meetings/{id}/topics", base + "/topics", func() url.Values { return url.Values{"title": {"研判重点难点问题"}} }, officeOnly(see)},
		{"POST /meetings/{id}/topics", base + "/topics", func() url.Values { return url.Values{"title": {""}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: http.StatusUnprocessableEntity, apptest.Office: http.StatusUnprocessableEntity}}},
		{"POST /meetings/{id}/topics/{topic}/delete", fmt.Sprintf("%s/topics/%d/delete", base, del[0]), nil, topicDel},
		{"POST /meetings/{id}/groups", base + "/groups", func() url.Values {
			return url.Values{"name": {"第三组"}, "units": {"RSC"}}
		}, want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusUnprocessableEntity}}},
		{"POST /meetings/{id}/groups/{group}/delete", fmt.Sprintf("%s/groups/%d/delete", base, delGroup), nil, topicDel},
		{"POST /meetings/{id}/remarks", base + "/remarks", func() url.Values { return url.Values{"due": {"2024-10-21"}} }, officeOnly(see)},
		{"GET /meetings/{id}/remarks/{remarks}", fmt.Sprintf("%s/remarks/%d", base, kjc), nil,
			want{def: ok, role: map[string]int{"anon": see, apptest.UnitRSC: denied}}},
		{"GET /meetings/{id}/remarks/{remarks}/file", fmt.Sprintf("%s/remarks/%d/file", base, kjc), nil,
			want{def: ok, role: map[string]int{"anon": see, apptest.UnitRSC: denied}}},
		{"POST /meetings/{id}/remarks/{remarks}", fmt.Sprintf("%s/remarks/%d", base, kjc), func() url.Values {
			return url.Values{"title": {"关于有组织科研"}, "text": {"一、上半年进展。"}}
		}, involved(see)},
		{"POST /meetings/{id}/remarks/{remarks}/delete", fmt.Sprintf("%s/remarks/%d/delete", base, jwc), nil, topicDel},
		{"GET /meetings/{id}/book.docx", base + "/book.docx", nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok}}},
		{"GET /meetings/{id}/book.docx", "/meetings/9999/book.docx", nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: notFound, apptest.Office: notFound, apptest.Leader: notFound}}},
	}
}
