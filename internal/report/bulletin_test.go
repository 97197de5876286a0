package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

func sampleBulletin() model.Bulletin {
	return model.Bulletin{ID: 7, Year: 2024, Number: 3, From: model.Ymd(2024, 9, 1), To: model.Ymd(2024, 9, 30),
		IssuedOn: model.Ymd(2024, 10, 15), Issuer: "office1", Office: "DB",
		Sections: model.BulletinSections{
			Overdue: []model.BulletinItem{{Code: "2024H2-007", Title: "建设<分析>测试中心 & 平台", LeadUnit: "KJC", LeadUnitName: "科学技术处",
				Leader: "leader1", LeaderName: "王校长", Due: model.Ymd(2024, 9, 20), DaysOverdue: 10, Progress: 40}},
			Orange: []model.BulletinItem{{Code: "2024H2-011", Title: "修订本科培养方案", LeadUnit: "JWC", LeadUnitName: "教务处",
				Due: model.Ymd(2024, 10, 1), Progress: 20}},
			Completed: []model.BulletinItem{{Code: "2024H2-002", Title: "完成新生入学教育", LeadUnit: "XGB", LeadUnitName: "学生工作部",
				Due: model.Ymd(2024, 9, 30), Completed: model.Ymd(2024, 9, 1), Progress: 100}},
		}}
}

// docxParts opens a .docx as a zip, checks every part is well-formed XML
// and returns the parts by name.
func docxParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(body)
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
	return parts
}

// TestBulletinDocx checks the bulletin's .docx opens as a zip of
// well-formed parts and its document holds the title, number, office,
// the four sections and every measure, with text escaped.
func TestBulletinDocx(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBulletinDocx(&buf, BulletinDoc{Bulletin: sampleBulletin(), OfficeName: "党政办公室"}); err != nil {
		t.Fatal(err)
	}
	doc := docxParts(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{"督办通报", "2024年第3期", "党政办公室", "2024年10月15日", "2024年9月1日至2024年9月30日",
		"一、总体情况", "二、逾期及红灯事项", "三、橙灯事项", "四、按期办结事项", "（二）按分管校领导",
		"2024H2-007", "建设&lt;分析&gt;测试中心 &amp; 平台", "王校长", "2024H2-011", "修订本科培养方案", "未明确",
		"2024H2-002", "完成新生入学教育", "学生工作部", "w:tbl"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}

	var empty bytes.Buffer
	if err := WriteBulletinDocx(&empty, BulletinDoc{Bulletin: model.Bulletin{From: model.Ymd(2024, 9, 1), To: model.Ymd(2024, 9, 30)}}); err != nil {
		t.Fatal(err)
	}
	doc = docxParts(t, empty.Bytes())["word/document.xml"]
	for _, want := range []string{"预览", "本期无逾期及红灯事项", "本期无橙灯事项", "本期无办结事项"} {
		if !strings.Contains(doc, want) {
			t.Errorf("empty preview lacks %q", want)
		}
	}
	if n := BulletinFileName(sampleBulletin()); n != "督办通报2024年第3期.docx" {
		t.Errorf("file name %q", n)
	}
}

// TestBulletinDocxVoided: a voided supplement says so in its heading.
func TestBulletinDocxVoided(t *testing.T) {
	b := sampleBulletin()
	b.Supplement = true
	b.Voided = &model.Void{At: time.Date(2024, 10, 20, 9, 0, 0, 0, time.UTC), By: "linxiao", Reason: "范围重复"}
	var buf bytes.Buffer
	if err := WriteBulletinDocx(&buf, BulletinDoc{Bulletin: b, OfficeName: "党政办公室"}); err != nil {
		t.Fatal(err)
	}
	text := docxParts(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{"（2024年第3期，补充通报）", "【已作废】2024年10月20日作废。原因：范围重复"} {
		if !strings.Contains(text, want) {
			t.Errorf("docx lacks %q:\n%s", want, text)
		}
	}
}
