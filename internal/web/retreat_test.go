package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
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

// visibleText is a page's main text as read: no tags, scripts or styles
// (the navigation, with its language switch, left out).
func visibleText(body string) string {
	if m := regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`).FindStringSubmatch(body); m != nil {
		body = m[1]
	}
	body = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`).ReplaceAllString(body, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " "))
}

// TestRetreatPrepPages: in Chinese, the preparation page, a participant's
// page and the chasing notices read without English words or formatting
// slips; a bad form comes back with its field flagged; the office's
// forms are the office's only; the book downloads for a leader.
func TestRetreatPrepPages(t *testing.T) {
	a, srv := newServer(t)
	m, _, _, rs := prepRetreat(t, a)
	var kjc int64
	for _, r := range rs {
		if r.Participant.Ref == "KJC" {
			kjc = r.ID
		}
	}
	base := fmt.Sprintf("/meetings/%d", m.ID)
	clean := func(where, body string) {
		t.Helper()
		if i := strings.Index(body, "%!"); i >= 0 {
			t.Errorf("%s: a formatting slip near %q", where, body[max(0, i-60):min(len(body), i+60)])
		}
		if w := i18n.LatinWords(visibleText(body)); len(w) > 0 {
			t.Errorf("%s: English words %q", where, w)
		}
	}
	unit := newClient(t, srv.URL)
	unit.signIn(apptest.UnitKJC)
	code, body := unit.get(base + "/prep")
	if code != http.StatusOK || !strings.Contains(body, "加快推进高质量发展") || strings.Contains(body, `id="topic-form"`) || strings.Contains(body, `id="book-docx"`) {
		t.Fatalf("kjc1's preparation page: %d", code)
	}
	clean("kjc1 prep", body)
	if n := strings.Count(body, `data-participant=`); n != 1 {
		t.Errorf("kjc1 sees %d requests, want its own", n)
	}
	// The request is on kjc1's to-do list, linking to its page.
	code, body = unit.get("/todo")
	if want := fmt.Sprintf(`<li data-kind="remarks"><a href="%s/remarks/%d">`, base, kjc); code != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("kjc1's to-do list lacks %s", want)
	}
	clean("kjc1 todo", body)
	// An empty submission is refused on its field, in Chinese.
	code, body, _ = unit.post(fmt.Sprintf("%s/remarks/%d", base, kjc), url.Values{"title": {"关于有组织科研"}, "text": {"  "}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`name="text"[^>]*aria-invalid="true"`).MatchString(body) {
		t.Errorf("empty remarks: %d", code)
	}
	clean("kjc1 empty remarks", body)
	code, _, _ = unit.post(fmt.Sprintf("%s/remarks/%d", base, kjc), url.Values{"title": {"关于有组织科研"}, "text": {"一、上半年进展。\n二、下半年举措。"}})
	if code != http.StatusSeeOther {
		t.Fatalf("kjc1 submits: %d", code)
	}
	code, body = unit.get(fmt.Sprintf("%s/remarks/%d", base, kjc))
	if code != http.StatusOK || !strings.Contains(body, `data-state="submitted"`) || !strings.Contains(body, "二、下半年举措。") {
		t.Errorf("kjc1's remarks after submitting: %d", code)
	}
	clean("kjc1 remarks", body)

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, body = office.get(base + "/prep")
	if code != http.StatusOK || !strings.Contains(body, `id="group-form"`) || !strings.Contains(body, `data-state="submitted"`) {
		t.Errorf("the office's preparation page: %d", code)
	}
	clean("office prep", body)
	code, body, _ = office.post(base+"/groups", url.Values{"name": {"第三组"}, "units": {"RSC"}, "convener": {"RSC"}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`name="convener"[^>]*aria-invalid="true"`).MatchString(body) ||
		!strings.Contains(body, `value="RSC" checked`) {
		t.Errorf("a group convened by a unit: %d", code)
	}
	clean("office bad group", body)

	// The daily job chases JWC and the leader; their notices read well.
	if _, err := a.RunDay(t.Context(), "test"); err != nil {
		t.Fatal(err)
	}
	jwc := newClient(t, srv.URL)
	jwc.signIn(apptest.UnitJWC)
	code, body = jwc.get("/notices")
	id := regexp.MustCompile(`href="/notices/(\d+)"`).FindStringSubmatch(body)
	if code != http.StatusOK || id == nil || !strings.Contains(body, m.Title+"研讨发言材料") || strings.Contains(body, `href="/measures/"`) {
		t.Fatalf("jwc1's notices: %d", code)
	}
	clean("jwc1 notices", body)
	code, body = jwc.get("/notices/" + id[1])
	if code != http.StatusOK || !strings.Contains(body, m.Title+"研讨发言材料") || strings.Contains(body, `href="/measures/"`) {
		t.Errorf("jwc1's notice: %d", code)
	}
	clean("jwc1 notice", body)

	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(srv.URL + base + "/book.docx")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the book without a session: %d", resp.StatusCode)
	}
	code, body = leader.get(base + "/book.docx")
	if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("the leader's book: %d", code)
	}
}
