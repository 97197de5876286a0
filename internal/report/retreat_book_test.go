package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// sampleBook is a retreat with two briefing items (the first the
// institution's summary), two topics, two groups, remarks from three of
// four participants and one from a unit in no group, and the sample
// compendium's unit reports.
func sampleBook() RetreatBook {
	long := strings.Repeat("上半年学校各项工作稳步推进，基础工作稳中有进，竞争性指标跨越增长。", 30)
	m := model.Meeting{ID: 2, Kind: "retreat", Title: "2024年暑期工作研讨会", Date: model.Ymd(2024, 6, 29), Place: "良乡校区",
		Items: []model.AgendaItem{
			{Seq: 1, Kind: "briefing", Title: "学校2024年上半年工作总结", Speaker: "党政办公室", Text: long + "\n" + long},
			{Seq: 2, Kind: "speech", Title: "校长讲话", Text: "不进汇编的讲话。"},
			{Seq: 3, Kind: "briefing", Title: "党纪学习教育开展情况通报", Text: "各单位按要求开展集中学习。"},
		}}
	topics := []model.RetreatTopic{{ID: 1, Title: "加快推进高质量发展", Description: "深入研讨主题。"}, {ID: 2, Title: "研判重点难点问题"}}
	groups := []model.RetreatGroup{
		{ID: 1, Name: "第一组（人才培养）", Leaders: []string{"sunyan"}, Units: []string{"JWC", "YJSY"}, Convener: "sunyan", Reporter: "JWC", Topics: []int64{1, 2}},
		{ID: 2, Name: "第二组（科学研究）", Leaders: []string{"zhaoliping"}, Units: []string{"KJC"}, Convener: "zhaoliping", Reporter: "KJC", Topics: []int64{1}},
	}
	sub := func(kind, ref, name, title, text string, on model.Date) model.Remarks {
		return model.Remarks{Participant: model.Participant{Kind: kind, Ref: ref}, Name: name, Due: model.Ymd(2024, 6, 25), Title: title, Text: text, SubmittedOn: on}
	}
	remarks := []model.Remarks{
		sub("leader", "sunyan", "孙燕", "关于人才培养", "推进本科教育教学改革。", model.Ymd(2024, 6, 20)),
		sub("unit", "JWC", "教务处", "关于专业评估", "一、评估进展。\n二、下一步举措。", model.Ymd(2024, 6, 21)),
		sub("unit", "YJSY", "研究生院", "", "", 0),
		sub("unit", "KJC", "科学技术处", "关于有组织科研", "加强重大平台建设。", model.Ymd(2024, 6, 27)),
		sub("leader", "zhaoliping", "赵立平", "", "", 0),
		sub("unit", "RSC", "人事处", "关于人才引进", "完善人才引进办法。", model.Ymd(2024, 6, 24)),
	}
	names := map[string]string{"sunyan": "孙燕", "zhaoliping": "赵立平", "JWC": "教务处", "YJSY": "研究生院", "KJC": "科学技术处", "RSC": "人事处"}
	return RetreatBook{Prep: app.RetreatPrep{Meeting: m, Topics: topics, Groups: groups, Remarks: remarks, Names: names}, Reports: sample()}
}

// TestRetreatBookOrder: the book holds, in order, the briefing items (not
// the speeches), the topics and groups, each group's remarks with those
// missing named, the remarks of a unit in no group, and the unit reports;
// its contents have a PAGEREF per part, each to a bookmark the part's
// title carries.
func TestRetreatBookOrder(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRetreatBook(&b, sampleBook()); err != nil {
		t.Fatal(err)
	}
	doc := docxParts(t, b.Bytes())["word/document.xml"]
	text := strings.Join(runs(t, b.Bytes()), "|")
	order := []string{"目　录", "学校2024年上半年工作总结", "党纪学习教育开展情况通报", "研讨主题与分组安排", "（一）加快推进高质量发展",
		"（一）第一组（人才培养）", "召集人：孙燕", "汇报人：教务处", "参加单位：教务处、研究生院", "研讨主题：加快推进高质量发展；研判重点难点问题",
		"第一组（人才培养）研讨发言材料", "（一）孙燕：关于人才培养", "（二）教务处：关于专业评估", "未提交：研究生院",
		"第二组（科学研究）研讨发言材料", "（一）科学技术处：关于有组织科研", "未提交：赵立平",
		"其他研讨发言材料", "（一）人事处：关于人才引进", "科学技术处2024年下半年工作总结"}
	at := strings.LastIndex(text, "目　录")
	for _, w := range order[1:] {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Fatalf("after %d: %q missing or out of order in %s", at, w, text)
		}
		at += i
	}
	if strings.Contains(text, "不进汇编的讲话") {
		t.Error("a speech is in the book; only briefing items belong there")
	}
	refs := regexp.MustCompile(`PAGEREF (_Toc\d+) `).FindAllStringSubmatch(doc, -1)
	parts := RetreatBookParts(sampleBook())
	if len(refs) != len(parts) || len(parts) != 8 {
		t.Fatalf("%d PAGEREFs for %d parts %v", len(refs), len(parts), parts)
	}
	for _, r := range refs {
		if strings.Count(doc, `w:name="`+r[1]+`"`) != 1 {
			t.Errorf("PAGEREF %s has no bookmark", r[1])
		}
	}
	if s := docxParts(t, b.Bytes())["word/settings.xml"]; !strings.Contains(s, "updateFields") {
		t.Error("Word is not asked to update the contents on opening")
	}
}

// TestRetreatBookInLibreOffice: LibreOffice opens the book; its contents
// page lists every part with the page the part begins on, as printed.
func TestRetreatBookInLibreOffice(t *testing.T) {
	soffice := officeTools(t)
	dir := t.TempDir()
	if keep := os.Getenv("LUOSHI_KEEP_DOCS"); keep != "" {
		dir = keep
	}
	var b bytes.Buffer
	if err := WriteRetreatBook(&b, sampleBook()); err != nil {
		t.Fatal(err)
	}
	pdf := toPDF(t, soffice, dir, "retreat_book.docx", b.Bytes())
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
	contents := -1
	for i, p := range pages {
		if strings.Contains(flat(p), "目录") {
			contents = i
			break
		}
	}
	if contents < 0 {
		t.Fatalf("no contents page in %s", filepath.Base(pdf))
	}
	for _, part := range RetreatBookParts(sampleBook()) {
		// The contents line: the title, dots, the page number.
		re := regexp.MustCompile(regexp.QuoteMeta(flat(part)) + `[.…·]*(\d+)`)
		m := re.FindStringSubmatch(flat(pages[contents]))
		if m == nil {
			t.Errorf("the contents page lacks %q:\n%s", part, pages[contents])
			continue
		}
		n, _ := strconv.Atoi(m[1])
		begins := 0
		for i := contents + 1; i < len(pages); i++ {
			lines := strings.Split(strings.TrimSpace(pages[i]), "\n")
			if len(lines) > 0 && strings.Contains(flat(strings.Join(lines[:min(3, len(lines))], "")), flat(part)) {
				begins = i + 1
				break
			}
		}
		if begins != n {
			t.Errorf("the contents say %q begins on page %d; it is printed on page %d", part, n, begins)
		}
	}
	if len(pages) < 8 {
		t.Errorf("%d pages; every part begins on a new page", len(pages))
	}
}
