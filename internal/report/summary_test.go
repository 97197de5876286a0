package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

func sampleSummary(issued bool) SummaryDoc {
	p, _ := model.PeriodFromCode("2024-H1")
	v := func(f float64) *float64 { return &f }
	s := model.Summary{Period: p.Code, State: model.SummaryDraft, Sections: []model.SummarySection{
		{Key: model.SectionOverview, Text: "上半年，学校各项工作稳中有进。\n基础工作稳步推进，竞争性指标跨越式增长。"},
		{Key: model.SectionMeasures, Text: "本期工作举措4项：已办结2项。"},
		{Key: model.SectionIndicators, Text: "竞争性指标8项。"},
		{Key: model.SectionProblems, Text: "本期以来提出重点难点问题8个。"},
		{Key: model.SectionResources, Text: "资源配置方面，经费下达7560万元。"},
	}, Figures: model.SummaryFigures{AsOf: model.Ymd(2024, 7, 12),
		Measures: model.SummaryMeasures{All: model.StatusRow{Total: 4, ByStatus: map[model.Status]int{model.Done: 2, model.Overdue: 2}},
			ByTheme: []model.StatusRow{{Key: "research", Total: 4, ByStatus: map[model.Status]int{model.Done: 2, model.Overdue: 2}}},
			ByUnit:  []model.StatusRow{{Key: "KJC", Total: 4, ByStatus: map[model.Status]int{model.Done: 2, model.Overdue: 2}}}},
		Indicators: model.SummaryIndicators{Behind: []model.IndicatorFigure{{Code: "ZB-03", Name: "国家级一流本科课程", Owner: "KJC", Baseline: v(42), Target: v(50), Actual: v(46)}}},
		Problems:   model.SummaryProblems{Raised: 1, Open: 1, OpenHigh: []model.ProblemLine{{Code: "P2024-001", Title: "实验用房紧张<急>", OwnerUnit: "KJC"}}},
		Resources:  []model.ResourceFigure{{Kind: "budget", AmountUnit: "万元", Grants: 2, Granted: 756000, Spent: 237500}},
	}}
	doc := SummaryDoc{Summary: s, Period: p, UnitNames: map[string]string{"KJC": "科学技术处"}, OfficeName: "党委办公室、校长办公室"}
	if issued {
		doc.Summary.State, doc.Summary.IssuedAt, doc.IssuedOn = model.SummaryIssued, time.Now(), model.Ymd(2024, 7, 12)
	}
	return doc
}

// TestSummaryDocx: the summary's document holds its title and period, each
// section's heading and text, the figures' tables with unit names, text
// escaped; a draft says so, an issued one is signed by the office.
func TestSummaryDocx(t *testing.T) {
	for _, issued := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteSummaryDocx(&buf, sampleSummary(issued)); err != nil {
			t.Fatal(err)
		}
		doc := docxParts(t, buf.Bytes())["word/document.xml"]
		for _, want := range []string{"学校上半年工作总结", "（2024年上半年）", "一、总体情况", "五、资源配置与使用", "基础工作稳步推进",
			"科学技术处", "国家级一流本科课程", "实验用房紧张&lt;急&gt;", "7560万元", "31%"} {
			if !strings.Contains(doc, want) {
				t.Errorf("issued %v: the document lacks %q", issued, want)
			}
		}
		if got := strings.Contains(doc, "【草稿】"); got == issued {
			t.Errorf("issued %v: draft mark shown %v", issued, got)
		}
		if got := strings.Contains(doc, `<w:pStyle w:val="Signature"/>`); got != issued {
			t.Errorf("issued %v: signature day shown %v", issued, got)
		}
	}
}

// TestSummaryInLibreOffice converts the issued summary with LibreOffice and
// leaves the PDF and PNGs of its pages for a look; the text is there.
func TestSummaryInLibreOffice(t *testing.T) {
	soffice := officeTools(t)
	dir, err := os.MkdirTemp("", "luoshi-summary-docx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF and pages in %s", dir)
	var buf bytes.Buffer
	if err := WriteSummaryDocx(&buf, sampleSummary(true)); err != nil {
		t.Fatal(err)
	}
	pdf := toPDF(t, soffice, dir, "summary.docx", buf.Bytes())
	out, err := exec.Command("pdftotext", pdf, filepath.Join(dir, "summary.txt")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "summary.txt"))
	for _, want := range []string{"学校上半年工作总结", "二、工作举措落实情况", "党委办公室、校长办公室"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
