package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// remarksDocx is a minimal Word document holding paragraphs.
func remarksDocx(t *testing.T, paras ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			func() string {
				s := ""
				for _, p := range paras {
					s += `<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`
				}
				return s
			}() + `</w:body></w:document>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// newRetreat records a retreat held on day, with a briefing item.
func newRetreat(t *testing.T, a *app.App, day model.Date) model.Meeting {
	t.Helper()
	m := model.Meeting{Kind: "retreat", Title: "2024年秋季工作研讨会", Date: day, Place: "中关村校区",
		Items: []model.AgendaItem{{Kind: "briefing", Title: "学校上半年工作总结", Text: "上半年学校各项工作稳步推进。"}}}
	if err := a.SaveMeeting(context.Background(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// prepare sets a topic and a group of the leader, KJC and JWC, and asks
// them for remarks by due.
func prepare(t *testing.T, a *app.App, meeting int64, due model.Date) []model.Remarks {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	topic := model.RetreatTopic{Title: "加快推进高质量发展", Description: "深入研讨。"}
	if err := a.SaveRetreatTopic(ctx, office, meeting, &topic); err != nil {
		t.Fatal(err)
	}
	g := model.RetreatGroup{Name: "第一组", Leaders: []string{apptest.Leader}, Units: []string{"KJC", "JWC"},
		Convener: apptest.Leader, Reporter: "KJC", Topics: []int64{topic.ID}}
	if err := a.SaveRetreatGroup(ctx, office, meeting, &g); err != nil {
		t.Fatal(err)
	}
	rs, err := a.RequestRemarks(ctx, office, meeting, nil, due)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("requests %+v, want the leader's, KJC's and JWC's", rs)
	}
	return rs
}

func remarkOf(t *testing.T, rs []model.Remarks, ref string) model.Remarks {
	t.Helper()
	for _, r := range rs {
		if r.Participant.Ref == ref {
			return r
		}
	}
	t.Fatalf("no request for %s in %+v", ref, rs)
	return model.Remarks{}
}

// TestRemarksPermissionsAndStates: the office prepares; a unit submits
// its own remarks only, reads its own requests only; a leader submits
// their own and reads all; the states follow the days.
func TestRemarksPermissionsAndStates(t *testing.T) {
	a := apptest.New(t)
	ctx := t.Context()
	m := newRetreat(t, a, model.Ymd(2024, 10, 25))
	rs := prepare(t, a, m.ID, model.Ymd(2024, 10, 18))
	kjc, rsc, jwc := apptest.Account(t, a, apptest.UnitKJC), apptest.Account(t, a, apptest.UnitRSC), apptest.Account(t, a, apptest.UnitJWC)
	leader := apptest.Account(t, a, apptest.Leader)

	// Who may prepare.
	for _, who := range []model.Account{leader, kjc} {
		if err := a.SaveRetreatTopic(ctx, who, m.ID, &model.RetreatTopic{Title: "另一主题"}); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s adds a topic: %v, want EFORBIDDEN", who.Username, err)
		}
		if _, err := a.RequestRemarks(ctx, who, m.ID, nil, model.Ymd(2024, 10, 20)); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s requests remarks: %v, want EFORBIDDEN", who.Username, err)
		}
	}
	// Who submits what.
	kjcReq, jwcReq, ldrReq := remarkOf(t, rs, "KJC"), remarkOf(t, rs, "JWC"), remarkOf(t, rs, apptest.Leader)
	for _, c := range []struct {
		who model.Account
		req model.Remarks
	}{{rsc, kjcReq}, {jwc, kjcReq}, {kjc, ldrReq}, {leader, kjcReq}} {
		if _, err := a.SubmitRemarks(ctx, c.who, m.ID, c.req.ID, app.RemarksSubmission{Text: "发言"}); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s submits %s's remarks: %v, want EFORBIDDEN", c.who.Username, c.req.Participant.Ref, err)
		}
	}
	todoRemarks := func(who model.Account) []string {
		t.Helper()
		items, err := a.Todo(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		var urls []string
		for _, it := range items {
			if it.Kind == app.TodoRemarks {
				urls = append(urls, it.URL)
			}
		}
		return urls
	}
	if got := todoRemarks(kjc); len(got) != 1 || got[0] != fmt.Sprintf("/meetings/%d/remarks/%d", m.ID, kjcReq.ID) {
		t.Errorf("kjc1's to-do lines for remarks: %v", got)
	}
	if got := todoRemarks(rsc); len(got) != 0 {
		t.Errorf("rsc1's to-do lines for remarks: %v", got)
	}
	got, err := a.SubmitRemarks(ctx, kjc, m.ID, kjcReq.ID, app.RemarksSubmission{Title: "关于有组织科研", Text: "一、上半年进展。\n二、下半年举措。"})
	if err != nil {
		t.Fatal(err)
	}
	if got := todoRemarks(kjc); len(got) != 0 {
		t.Errorf("kjc1's to-do lines for remarks once sent: %v", got)
	}
	if got := todoRemarks(leader); len(got) != 1 {
		t.Errorf("the leader's to-do lines for remarks: %v", got)
	}
	if got.State != model.RemarksSubmitted || got.SubmittedBy != apptest.UnitKJC || got.SubmittedOn != apptest.Today {
		t.Errorf("KJC's remarks: %+v", got)
	}
	// A Word file's text replaces the typed one, and the file is kept.
	doc := remarksDocx(t, "一、关于人才培养。", "二、关于学科建设。")
	got, err = a.SubmitRemarks(ctx, leader, m.ID, ldrReq.ID, app.RemarksSubmission{Text: "被文件替代", File: &model.SpeechFile{Name: "发言.docx", Data: doc}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, "关于人才培养") || strings.Contains(got.Text, "被文件替代") || got.File == nil || got.File.Format != "docx" {
		t.Errorf("the leader's remarks from a file: %+v", got)
	}
	f, err := a.RemarksFile(ctx, apptest.Account(t, a, apptest.Office), m.ID, ldrReq.ID)
	if err != nil || !bytes.Equal(f.Data, doc) {
		t.Errorf("the file back: %d bytes, %v", len(f.Data), err)
	}
	if _, err := a.RemarksFile(ctx, rsc, m.ID, ldrReq.ID); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("RSC opens the leader's file: %v, want EFORBIDDEN", err)
	}
	// A bad file is refused on its field.
	if _, err := a.SubmitRemarks(ctx, jwc, m.ID, jwcReq.ID, app.RemarksSubmission{File: &model.SpeechFile{Name: "x.docx", Data: []byte("not a zip")}}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a broken file: %v, want EINVALID", err)
	}

	// Who reads what.
	for _, c := range []struct {
		who  model.Account
		want []string
	}{{kjc, []string{"KJC"}}, {rsc, nil}, {leader, []string{apptest.Leader, "KJC", "JWC"}}, {apptest.Account(t, a, apptest.Office), []string{apptest.Leader, "KJC", "JWC"}}} {
		rs, err := a.RetreatRemarks(ctx, c.who, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, r := range rs {
			refs = append(refs, r.Participant.Ref)
		}
		if len(refs) != len(c.want) {
			t.Errorf("%s reads %v, want %v", c.who.Username, refs, c.want)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(strings.Join(refs, ","), w) {
				t.Errorf("%s reads %v, want %v", c.who.Username, refs, c.want)
			}
		}
	}
	if _, err := a.RetreatRemark(ctx, rsc, m.ID, kjcReq.ID); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("RSC reads KJC's remarks: %v, want EFORBIDDEN", err)
	}
	if _, _, _, err := a.RetreatBookData(ctx, kjc, m.ID); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("KJC reads the book: %v, want EFORBIDDEN", err)
	}

	// States: JWC has not sent by the 18th; on the 21st it is overdue, and
	// what it sends then is late.
	if err := a.PinToday(ctx, app.System, model.Ymd(2024, 10, 21)); err != nil {
		t.Fatal(err)
	}
	rs, err = a.RetreatRemarks(ctx, leader, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"KJC": model.RemarksSubmitted, apptest.Leader: model.RemarksSubmitted, "JWC": model.RemarksOverdue}
	for _, r := range rs {
		if r.State != want[r.Participant.Ref] {
			t.Errorf("%s on the 21st: %s, want %s", r.Participant.Ref, r.State, want[r.Participant.Ref])
		}
	}
	a.Now = func() time.Time { return time.Date(2024, 10, 21, 10, 0, 0, 0, a.Location) }
	got, err = a.SubmitRemarks(ctx, jwc, m.ID, jwcReq.ID, app.RemarksSubmission{Text: "迟交的发言"})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != model.RemarksLate || got.SubmittedOn != model.Ymd(2024, 10, 21) {
		t.Errorf("JWC's late remarks: %s on %s", got.State, got.SubmittedOn)
	}

	// A meeting that is no retreat has no preparation.
	if _, err := a.RetreatPrep(ctx, leader, 9999); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("no meeting: %v", err)
	}
	other := model.Meeting{Kind: "president_office", Title: "校长办公会", Date: apptest.Today}
	if err := a.SaveMeeting(ctx, apptest.Account(t, a, apptest.Office), &other); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RetreatPrep(ctx, leader, other.ID); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("not a retreat: %v, want EINVALID", err)
	}
	// A group names real leaders and units, each in one group.
	office := apptest.Account(t, a, apptest.Office)
	for _, g := range []model.RetreatGroup{
		{Name: "第二组", Leaders: []string{apptest.UnitKJC}},
		{Name: "第二组", Units: []string{"NOPE"}},
		{Name: "第二组", Units: []string{"KJC"}},
		{Name: "第二组", Units: []string{"RSC"}, Convener: "RSC"},
	} {
		if err := a.SaveRetreatGroup(ctx, office, m.ID, &g); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("group %+v: %v, want EINVALID", g, err)
		}
	}
}

// TestRemarksChasedByDailyJob: an open request gets a due reminder as its
// day nears and a 提醒单 once it has passed, to the unit's accounts or
// the leader; once sent, or once the retreat is held, nothing more.
func TestRemarksChasedByDailyJob(t *testing.T) {
	a := apptest.New(t)
	ctx := t.Context()
	m := newRetreat(t, a, model.Ymd(2024, 10, 30))
	rs := prepare(t, a, m.ID, model.Ymd(2024, 10, 20))
	notices := func(kind model.NoticeKind) map[string][]string {
		t.Helper()
		ns, err := a.Notices(ctx, app.System, model.NoticeFilter{Kind: string(kind), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, n := range ns {
			if strings.HasPrefix(n.Snapshot.Title, m.Title) {
				key := n.Unit
				if key == "" {
					key = n.Leader
				}
				full, err := a.Notice(ctx, app.System, n.ID)
				if err != nil {
					t.Fatal(err)
				}
				out[key] = full.Recipients
			}
		}
		return out
	}
	run := func(day model.Date) {
		t.Helper()
		if err := a.PinToday(ctx, app.System, day); err != nil {
			t.Fatal(err)
		}
		a.Now = func() time.Time {
			return time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location).AddDate(0, 0, int(day-apptest.Today))
		}
		if _, err := a.RunDay(ctx, "test"); err != nil {
			t.Fatal(err)
		}
	}
	// The 15th: five days before the 20th, within the rules' seven.
	run(apptest.Today)
	due := notices(model.NoticeDue)
	if len(due) != 3 || len(due["KJC"]) == 0 || due["KJC"][0] != apptest.UnitKJC || len(due[apptest.Leader]) != 1 {
		t.Errorf("due reminders on the 15th: %v", due)
	}
	// KJC sends its remarks; on the 22nd the other two are overdue.
	if _, err := a.SubmitRemarks(ctx, apptest.Account(t, a, apptest.UnitKJC), m.ID, remarkOf(t, rs, "KJC").ID, app.RemarksSubmission{Text: "科技处发言"}); err != nil {
		t.Fatal(err)
	}
	run(model.Ymd(2024, 10, 22))
	rem := notices(model.NoticeReminder)
	if len(rem) != 2 || rem["KJC"] != nil || len(rem["JWC"]) == 0 || rem["JWC"][0] != apptest.UnitJWC || len(rem[apptest.Leader]) == 0 {
		t.Errorf("提醒单 on the 22nd: %v, want JWC's and the leader's", rem)
	}
	// Once a day: the 23rd issues no second 提醒单; after the retreat, no
	// notice at all.
	run(model.Ymd(2024, 10, 23))
	if got := notices(model.NoticeReminder); len(got) != 2 {
		t.Errorf("提醒单 on the 23rd: %v", got)
	}
	before := len(notices(model.NoticeDue)) + len(notices(model.NoticeReminder))
	if err := a.WithdrawRemarks(ctx, apptest.Account(t, a, apptest.Office), m.ID, remarkOf(t, rs, "JWC").ID); err != nil {
		t.Fatal(err)
	}
	run(model.Ymd(2024, 10, 31))
	if after := len(notices(model.NoticeDue)) + len(notices(model.NoticeReminder)); after != before {
		t.Errorf("after the retreat: %d notices about it, want %d", after, before)
	}
}

// TestRetreatPrepDemo: the demo's 2024 retreat has its topics, four groups
// and a request per member, whose states agree with the days they were
// sent on: most on time, two late, three missing.
func TestRetreatPrepDemo(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office, err := a.AccountOf(ctx, app.System, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := a.Meetings(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, m := range ms {
		if m.Kind == "retreat" && m.Title == "2024年暑期工作研讨会" {
			id = m.ID
		}
	}
	p, err := a.RetreatPrep(ctx, office, id)
	if err != nil {
		t.Fatal(err)
	}
	// the agenda: the issued half-year summary first, the briefing, two speeches
	if len(p.Topics) != 3 || len(p.Groups) != 4 || len(p.Meeting.Items) != 4 || p.Meeting.Items[0].Title != "学校上半年工作总结" {
		t.Fatalf("demo retreat: %d topics, %d groups, %d agenda items", len(p.Topics), len(p.Groups), len(p.Meeting.Items))
	}
	members := 0
	for _, g := range p.Groups {
		members += len(g.Leaders) + len(g.Units)
	}
	count := map[string]int{}
	for _, r := range p.Remarks {
		switch {
		case r.SubmittedOn == 0:
			count[model.RemarksOverdue]++
		case r.SubmittedOn > r.Due:
			count[model.RemarksLate]++
		default:
			count[model.RemarksSubmitted]++
		}
	}
	if len(p.Remarks) != members || members == 0 {
		t.Errorf("%d requests for %d members", len(p.Remarks), members)
	}
	if got := p.Counts(); got[model.RemarksOverdue] != count[model.RemarksOverdue] || got[model.RemarksLate] != count[model.RemarksLate] ||
		got[model.RemarksSubmitted] != count[model.RemarksSubmitted] || len(got) != 3 {
		t.Errorf("states %v, direct counts %v", got, count)
	}
	if count[model.RemarksOverdue] != 3 || count[model.RemarksLate] != 2 {
		t.Errorf("the demo has %v; the story says three missing and two late", count)
	}
}
