package api

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// retreatSeed is a retreat prepared for the route tests: two topics and
// two groups (one of each to delete), and the requests for remarks of the
// first group's leader1, KJC and JWC (JWC's to withdraw).
type retreatSeed struct {
	base             string // /api/v1/meetings/ID
	topic, topic2    string // …/topics/ID
	group, group2    string
	kjc, jwc, leader string // …/submissions/ID
}

func seedRetreat(t *testing.T, a *app.App) retreatSeed {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	m := model.Meeting{Kind: "retreat", Title: "2024年秋季工作研讨会", Date: model.Ymd(2024, 10, 30),
		Items: []model.AgendaItem{{Kind: "briefing", Title: "学校上半年工作总结", Text: "稳步推进。"}}}
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	s := retreatSeed{base: fmt.Sprintf("/api/v1/meetings/%d", m.ID)}
	t1, t2 := model.RetreatTopic{Title: "加快推进高质量发展"}, model.RetreatTopic{Title: "待删除的主题"}
	for _, tp := range []*model.RetreatTopic{&t1, &t2} {
		if err := a.SaveRetreatTopic(ctx, office, m.ID, tp); err != nil {
			t.Fatal(err)
		}
	}
	g1 := model.RetreatGroup{Name: "第一组", Leaders: []string{apptest.Leader}, Units: []string{"KJC", "JWC"}, Convener: apptest.Leader, Topics: []int64{t1.ID}}
	g2 := model.RetreatGroup{Name: "第二组", Units: []string{"DB"}}
	for _, g := range []*model.RetreatGroup{&g1, &g2} {
		if err := a.SaveRetreatGroup(ctx, office, m.ID, g); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := a.RequestRemarks(ctx, office, m.ID, []model.Participant{{Kind: "leader", Ref: apptest.Leader}, {Kind: "unit", Ref: "KJC"}, {Kind: "unit", Ref: "JWC"}}, model.Ymd(2024, 10, 20))
	if err != nil {
		t.Fatal(err)
	}
	s.topic, s.topic2 = fmt.Sprintf("%s/topics/%d", s.base, t1.ID), fmt.Sprintf("%s/topics/%d", s.base, t2.ID)
	s.group, s.group2 = fmt.Sprintf("%s/groups/%d", s.base, g1.ID), fmt.Sprintf("%s/groups/%d", s.base, g2.ID)
	for _, r := range rs {
		p := fmt.Sprintf("%s/submissions/%d", s.base, r.ID)
		switch r.Participant.Ref {
		case "KJC":
			s.kjc = p
		case "JWC":
			s.jwc = p
		default:
			s.leader = p
		}
	}
	return s
}

// TestSubmitRemarksFile: a unit liaison sends its remarks as a Word file;
// the text is read from it, the file kept, and the list shows it
// submitted; another unit sees none of it.
func TestSubmitRemarksFile(t *testing.T) {
	e := newEnv(t)
	rt := seedRetreat(t, e.a)
	docx, err := os.ReadFile("../speechfile/testdata/libreoffice-speech.docx")
	if err != nil {
		t.Fatal(err)
	}
	status, b := e.do("PUT", rt.kjc, e.tokens["own"], multipartFiles("file", apptest.EvidenceFile{Name: "科技处发言.docx", Data: docx}))
	if status != http.StatusOK {
		t.Fatalf("upload: %d %s", status, b)
	}
	var got model.Remarks
	mustUnmarshal(t, b, &got)
	if !strings.Contains(got.Text, "各单位要在9月底前完成专题学习") || got.File == nil || got.File.Format != "docx" || got.State != model.RemarksSubmitted {
		t.Errorf("the remarks after the upload: %+v", got)
	}
	status, b = e.do("GET", rt.base+"/submissions", e.tokens["own"], "")
	if status != http.StatusOK || !strings.Contains(string(b), `"state":"submitted"`) || strings.Contains(string(b), `"JWC"`) {
		t.Errorf("kjc1's list: %d %.400s", status, b)
	}
	status, b = e.do("GET", rt.base+"/submissions", e.tokens["other"], "")
	if status != http.StatusOK || string(b) != `{"submissions":[]}`+"\n" && string(b) != `{"submissions":[]}` {
		t.Errorf("rsc1's list: %d %s", status, b)
	}
}
