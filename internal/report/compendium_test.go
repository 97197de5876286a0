package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/xuri/excelize/v2"
)

func sample() Compendium {
	p, _ := model.PeriodFromCode("2024-H2")
	fig := model.ReportFigures{AsOf: model.Ymd(2024, 10, 15), Measures: model.MeasureFigures{Total: 3,
		ByStatus: map[model.Status]int{model.Done: 1, model.Overdue: 2},
		Overdue:  []model.OverdueMeasure{{Code: "2024H2-007", Title: "建设<分析>测试中心 & 平台", Due: model.Ymd(2024, 9, 30), Progress: 40}}}}
	return NewCompendium(p, []app.CompendiumEntry{
		{Unit: model.Unit{Code: "KJC", Name: "科学技术处"}, Report: model.UnitReport{Unit: "KJC", Period: p.Code, State: model.ReportAccepted,
			Achievements: "一是建成平台。\n二是获批国家重点项目3项。", Situation: "竞争加剧。", Problems: "经费不足。", NextMeasures: "加快平台建设。",
			Figures: fig, SubmittedAt: time.Date(2024, 10, 10, 2, 0, 0, 0, time.UTC)}},
		{Unit: model.Unit{Code: "JWC", Name: "教务处"}, Report: model.UnitReport{Unit: "JWC", Period: p.Code, State: model.ReportSubmitted,
			Achievements: "本科教学改革取得进展。", Situation: "形势", Problems: "问题", NextMeasures: "举措"}},
	}, time.FixedZone("CST", 8*3600))
}

// TestDocx opens the package with a zip reader, checks every part is
// well-formed XML and that document.xml carries each unit's texts.
func TestDocx(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDocx(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{"2024年下半年各单位工作总结汇编", "科学技术处2024年下半年工作总结", "一是建成平台。", "二是获批国家重点项目3项。",
		"本科教学改革取得进展。", "建设&lt;分析&gt;测试中心 &amp; 平台", "2024年10月10日 10:00", "<w:tbl>", "pageBreakBefore", "四、明年上半年工作举措"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	// The contents list comes before the first unit's page.
	if strings.Index(doc, "1. 科学技术处") > strings.Index(doc, "pageBreakBefore") {
		t.Errorf("contents list not at the top")
	}
}

// TestXlsx opens the workbook and finds each unit's report as a block on
// a page of its own: its title, state, figures and sections line by line,
// and a page break before each block.
func TestXlsx(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXlsx(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("工作总结汇编")
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, r := range rows {
		at[strings.Join(r, "|")] = i + 1
	}
	for _, want := range []string{"2024年下半年各单位工作总结汇编", "科学技术处2024年下半年工作总结", "教务处2024年下半年工作总结",
		"牵头举措总数|3", "已逾期|2", "已办结|1", "一、主要成绩", "一是建成平台。", "二是获批国家重点项目3项。", "本科教学改革取得进展。", "四、明年上半年工作举措"} {
		if at[want] == 0 {
			t.Errorf("no row %q in %q", want, rows)
		}
	}
	sheet := docxParts(t, b)["xl/worksheets/sheet1.xml"]
	for _, unit := range []string{"科学技术处2024年下半年工作总结", "教务处2024年下半年工作总结"} {
		if brk := fmt.Sprintf(`<brk id="%d"`, at[unit]-1); !strings.Contains(sheet, brk) {
			t.Errorf("no page break before %s (row %d)", unit, at[unit])
		}
	}
	for _, want := range []string{`orientation="landscape"`, `paperSize="9"`, `fitToWidth="1"`, `fitToHeight="0"`, `&amp;P`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the sheet's print setup lacks %q: %s", want, regexp.MustCompile(`<pageSetup[^>]*>`).FindString(sheet))
		}
	}
}
