package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// officialBulletin is a bulletin long enough to run over several pages,
// with its head and closing filled in.
func officialBulletin(t *testing.T, rows int) []byte {
	t.Helper()
	b := sampleBulletin()
	units := []struct{ code, name string }{{"KJC", "科学技术处"}, {"JWC", "教务处"}, {"MKS", "马克思主义学院"}, {"RSC", "人事处"}}
	for i := range rows {
		u := units[i%len(units)]
		b.Sections.Overdue = append(b.Sections.Overdue, model.BulletinItem{Code: fmt.Sprintf("2024H2-%03d", 100+i),
			Title: "推进国家级一流本科专业建设点建设，完成专业认证自评报告", LeadUnit: u.code, LeadUnitName: u.name,
			Leader: "leader1", LeaderName: "王立平", Due: model.Ymd(2024, 9, 20), DaysOverdue: 100 + i, Progress: 100 * i / max(1, rows)})
	}
	var buf bytes.Buffer
	doc := BulletinDoc{Bulletin: b, Mark: "示范大学党政办公室", OfficeName: "党政办公室", Number: "督通〔2024〕3号"}
	if err := WriteBulletinDocx(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// officialNotice is a 督办单 to the science office and its leader.
func officialNotice(t *testing.T) []byte {
	t.Helper()
	n := model.Notice{ID: 3, Kind: model.NoticeSupervision, Year: 2024, Number: 12, Day: model.Ymd(2024, 10, 15), Measure: "2024H2-007",
		Unit: "KJC", Leader: "leader1", Recipients: []string{"kjc1", "leader1"},
		Snapshot: model.NoticeSnapshot{Title: "建设校级分析测试中心", LeadUnitName: "科学技术处", LeaderName: "王立平", Due: model.Ymd(2024, 9, 30),
			Progress: 40, Status: model.Overdue, DaysOverdue: 15}}
	var buf bytes.Buffer
	if err := WriteNoticeDocx(&buf, NoticeDoc{Notice: n, Mark: "示范大学党政办公室", OfficeName: "党政办公室", UnitName: "科学技术处",
		Recipients: []string{"李明", "王立平"}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// officialMinutes are a president's office meeting's minutes, issued.
func officialMinutes(t *testing.T) []byte {
	t.Helper()
	m := model.Minutes{ID: 1, Meeting: 4, Kind: "president_office", Year: 2024, Number: 12, MeetingTitle: "2024年第12次校长办公会",
		Date: model.Ymd(2024, 10, 8), Place: "第一会议室", Presider: "陈国强", Present: "陈国强、王立平、李明", OnLeave: "赵敏（出差）",
		SittingIn: "党政办公室、教务处负责人", IssuedOn: model.Ymd(2024, 10, 10), Issuer: "office1", Office: "党政办公室",
		Decisions: []model.Decision{
			{Item: 1, Text: "原则同意本科教学评估整改方案，由教务处牵头落实。", Measures: []model.MinutesMeasure{
				{Code: "2024H2-031", Title: "完成本科教学评估整改", LeadUnit: "教务处", Cooperating: "科学技术处、人事处", Deadline: "2024年12月底前"}}},
			{Item: 2, Text: "同意开展实验室安全专项检查。"},
		}}
	var buf bytes.Buffer
	if err := WriteMinutesDocx(&buf, MinutesDoc{Minutes: m, OfficeName: "党政办公室"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// attr returns the value of attribute name in the first element of part
// that matches tag, or "".
func attr(part, tag, name string) string {
	el := regexp.MustCompile(`<` + regexp.QuoteMeta(tag) + `\b[^>]*>`).FindString(part)
	m := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `="([^"]*)"`).FindStringSubmatch(el)
	if m == nil {
		return ""
	}
	return m[1]
}

// style returns a style's definition in styles.xml.
func style(t *testing.T, styles, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<w:style [^>]*w:styleId="` + id + `".*?</w:style>`).FindString(styles)
	if m == "" {
		t.Fatalf("styles.xml has no style %s", id)
	}
	return m
}

// TestOfficialLayoutXML reads the bulletin's and the compendium's parts
// and checks the GB/T 9704 layout in them: A4, margins 37/28 mm and a
// 156 × 225 mm type area, 22 lines on the grid, body in 3号 仿宋_GB2312
// (仿宋 as its alternative), title in 2号 小标宋, headings 黑体 and 楷体,
// the red mark and the red rule under the number, page numbers "— N —"
// in 4号 宋体 right on odd pages and left on even ones, and the record
// block between rules.
func TestOfficialLayoutXML(t *testing.T) {
	var comp bytes.Buffer
	if err := WriteDocx(&comp, sample()); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"bulletin": officialBulletin(t, 3), "compendium": comp.Bytes(), "notice": officialNotice(t), "minutes": officialMinutes(t)} {
		p := docxParts(t, b)
		doc, st := p["word/document.xml"], p["word/styles.xml"]
		mm := func(tw string) float64 { v, _ := strconv.Atoi(tw); return float64(v) / 56.6929 }
		for _, c := range []struct {
			what string
			got  float64
			want float64
		}{
			{"page width", mm(attr(doc, "w:pgSz", "w:w")), 210},
			{"page height", mm(attr(doc, "w:pgSz", "w:h")), 297},
			{"top margin", mm(attr(doc, "w:pgMar", "w:top")), 37},
			{"left margin", mm(attr(doc, "w:pgMar", "w:left")), 28},
			{"type area width", 210 - mm(attr(doc, "w:pgMar", "w:left")) - mm(attr(doc, "w:pgMar", "w:right")), 156},
			{"type area height", 297 - mm(attr(doc, "w:pgMar", "w:top")) - mm(attr(doc, "w:pgMar", "w:bottom")), 225},
			{"lines per page", (297 - mm(attr(doc, "w:pgMar", "w:top")) - mm(attr(doc, "w:pgMar", "w:bottom"))) / mm(attr(doc, "w:docGrid", "w:linePitch")), 22},
		} {
			if d := c.got - c.want; d > 0.1 || d < -0.1 {
				t.Errorf("%s: %s is %.2f, want %.2f", name, c.what, c.got, c.want)
			}
		}
		if g := attr(doc, "w:docGrid", "w:type"); g != "lines" {
			t.Errorf("%s: docGrid type %q", name, g)
		}
		defaults := regexp.MustCompile(`(?s)<w:docDefaults>.*?</w:docDefaults>`).FindString(st)
		// 28 characters of 16 pt, each set closer by the spacing, fit the
		// 156 mm line, and 29 do not.
		tight, _ := strconv.Atoi(attr(defaults, "w:spacing", "w:val"))
		pitch := 16 + float64(tight)/20
		if line := 156 * 72 / 25.4; 28*pitch > line || 29*pitch <= line {
			t.Errorf("%s: characters %.2f pt apart make no 28-character line", name, pitch)
		}
		if attr(defaults, "w:rFonts", "w:eastAsia") != fontBody || attr(defaults, "w:sz", "w:val") != "32" {
			t.Errorf("%s: body text is not 3号 %s: %s", name, fontBody, defaults)
		}
		for id, want := range map[string][2]string{"Title": {fontTitle, "44"}, "Heading1": {fontHeading, ""}, "Heading2": {fontSub, ""}, "Mark": {fontTitle, ""}} {
			s := style(t, st, id)
			if attr(s, "w:rFonts", "w:eastAsia") != want[0] || (want[1] != "" && attr(s, "w:sz", "w:val") != want[1]) {
				t.Errorf("%s: style %s is not %v: %s", name, id, want, s)
			}
		}
		if c := attr(style(t, st, "Mark"), "w:color", "w:val"); c != red {
			t.Errorf("%s: the mark is coloured %q", name, c)
		}
		if attr(style(t, st, "DocNo"), "w:bottom", "w:color") != red {
			t.Errorf("%s: no red rule under the number", name)
		}
		if !strings.Contains(p["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`) {
			t.Errorf("%s: 仿宋_GB2312 has no alternative", name)
		}
		if !strings.Contains(p["word/settings.xml"], "<w:evenAndOddHeaders/>") {
			t.Errorf("%s: odd and even pages share a footer", name)
		}
		for part, side := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
			f := p[part]
			if !strings.Contains(f, "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>") || !strings.Contains(f, "— ") ||
				!strings.Contains(f, " —") || attr(f, "w:jc", "w:val") != side || attr(f, "w:sz", "w:val") != "28" || attr(f, "w:rFonts", "w:eastAsia") != fontPageNo {
				t.Errorf("%s: %s is no page number on the %s: %s", name, part, side, f)
			}
		}
		if !strings.Contains(doc, `w:type="default" r:id="rIdFooterOdd"`) || !strings.Contains(doc, `w:type="even" r:id="rIdFooterEven"`) {
			t.Errorf("%s: the section does not use the footers", name)
		}
	}
	doc := docxParts(t, officialBulletin(t, 3))["word/document.xml"]
	for _, want := range []string{`<w:pStyle w:val="Mark"/></w:pPr><w:r><w:rPr><w:sz w:val="`, "示范大学党政办公室", "督通〔2024〕3号",
		"抄送：校领导。", "2024年10月15日印发", `<w:noWrap/>`, `<w:tblHeader/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the bulletin lacks %q", want)
		}
	}
}

// requireOffice is set by CI, where a missing LibreOffice is a failure.
const requireOffice = "LUOSHI_REQUIRE_OFFICE"

// officeTools returns soffice, or skips (fails under requireOffice) with
// the reason when it or poppler's tools are missing.
func officeTools(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " not found (apt-get install libreoffice-writer libreoffice-calc poppler-utils fonts-noto-cjk)"
			if os.Getenv(requireOffice) != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	soffice, _ := exec.LookPath("soffice")
	return soffice
}

// toPDF converts a document with LibreOffice as an office would open it,
// and leaves a PNG of its first page beside the PDF.
func toPDF(t *testing.T, soffice, dir, name string, b []byte) string {
	t.Helper()
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "lo-profile")
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice %s: %v\n%s", name, err, out)
	}
	pdf := strings.TrimSuffix(in, filepath.Ext(in)) + ".pdf"
	if out, err := exec.Command("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", pdf, strings.TrimSuffix(pdf, ".pdf")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	return pdf
}

var (
	reWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
	rePage = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
)

// TestOfficialInLibreOffice converts the bulletin (long enough for three
// pages) and the compendium with LibreOffice and checks the PDF as an
// office sees it: A4 pages, the text there, page numbers "— N —" on every
// page, and no word outside the type area but the page number under it.
// The PDFs and PNGs of their first pages stay in a folder the test names.
func TestOfficialInLibreOffice(t *testing.T) {
	soffice := officeTools(t)
	dir, err := os.MkdirTemp("", "luoshi-docx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("documents, PDFs and first pages in %s", dir)
	var comp bytes.Buffer
	if err := WriteDocx(&comp, sample()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		b        []byte
		minPages int
		texts    []string
		whole    []string
	}{
		{"bulletin.docx", officialBulletin(t, 40), 3, []string{"示范大学党政办公室", "督通〔2024〕3号", "督办通报", "各单位：", "一、总体情况", "2024H2-139", "抄送：校领导。", "2024年10月15日印发"},
			[]string{"2024H2-007", "2024H2-139", "2024-09-20", "40%", "2024-10-01"}},
		{"notice.docx", officialNotice(t), 1, []string{"示范大学党政办公室", "督办单〔2024〕第12号", "科学技术处、王立平同志：", "建设校级分析测试中心",
			"2024年10月15日印发"}, []string{"2024H2-007", "2024-09-30", "40%"}},
		{"minutes.docx", officialMinutes(t), 1, []string{"校长办公会议纪要", "〔2024〕第12期", "2024年10月8日，陈国强在第一会议室主持召开2024年第12次校长办公会",
			"一、原则同意本科教学评估整改方案", "二、同意开展实验室安全专项检查。", "出席：陈国强、王立平、李明", "请假：赵敏（出差）", "列席：", "2024年10月10日印发"},
			[]string{"2024H2-031", "2024年12月底前"}},
		{"compendium.docx", comp.Bytes(), 2, []string{"2024年下半年各单位工作总结汇编", "科学技术处2024年下半年工作总结", "本科教学改革取得进展。"}, nil},
	} {
		pdf := toPDF(t, soffice, dir, c.name, c.b)
		text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(text)), "")
		for _, want := range c.texts {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("%s: the PDF lacks %q", c.name, want)
			}
		}
		boxes, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(string(boxes), "<page ")[1:]
		// Codes, dates and percentages are never broken across lines: each
		// stands whole on one printed line.
		lines := map[string]bool{}
		for _, l := range strings.Split(string(text), "\n") {
			lines[strings.Join(strings.Fields(l), "")] = true
		}
		for _, want := range c.whole {
			found := false
			for l := range lines {
				found = found || strings.Contains(l, want)
			}
			if !found {
				t.Errorf("%s: %q is broken across lines (or missing)", c.name, want)
			}
		}
		if len(pages) < c.minPages {
			t.Errorf("%s: %d pages, want at least %d", c.name, len(pages), c.minPages)
		}
		const pt = 72 / 25.4 // points per mm
		const slack = 2 * pt
		for i, pg := range pages {
			m := rePage.FindStringSubmatch("<page " + pg)
			w, _ := strconv.ParseFloat(m[1], 64)
			h, _ := strconv.ParseFloat(m[2], 64)
			if d := w - 210*pt; d > 1 || d < -1 || h-297*pt > 1 || h-297*pt < -1 {
				t.Errorf("%s page %d is %.0f × %.0f pt, not A4", c.name, i+1, w, h)
			}
			number := fmt.Sprintf("—%d—", i+1)
			var footer strings.Builder
			for _, wm := range reWord.FindAllStringSubmatch(pg, -1) {
				x0, _ := strconv.ParseFloat(wm[1], 64)
				y0, _ := strconv.ParseFloat(wm[2], 64)
				x1, _ := strconv.ParseFloat(wm[3], 64)
				y1, _ := strconv.ParseFloat(wm[4], 64)
				if y0 > (37+225)*pt {
					// Under the type area: the page number's line only,
					// its top 7 mm under the area, give or take.
					footer.WriteString(wm[5])
					if y0 > (37+225+12)*pt {
						t.Errorf("%s page %d: %q sits %.0f mm from the top, under the page number's place", c.name, i+1, wm[5], y0/pt)
					}
					continue
				}
				if x0 < 28*pt-slack || x1 > (28+156)*pt+slack || y0 < 37*pt-slack || y1 > (37+225)*pt+slack {
					t.Errorf("%s page %d: %q at (%.0f, %.0f)–(%.0f, %.0f) mm is outside the type area", c.name, i+1, wm[5], x0/pt, y0/pt, x1/pt, y1/pt)
				}
			}
			if got := footer.String(); got != number {
				t.Errorf("%s page %d: under the type area %q, want the page number %q", c.name, i+1, got, number)
			}
		}
	}
}

// TestSpreadsheetsInLibreOffice prints the compendium's workbook, a task
// decomposition table, the indicators' sheet and the institution's units
// and people with LibreOffice: A4 landscape pages, page
// numbers in the footer, every unit's block starting a page with its
// title and its first lines together, every column on the page, and a
// cancelled measure marked.
func TestSpreadsheetsInLibreOffice(t *testing.T) {
	soffice := officeTools(t)
	dir, err := os.MkdirTemp("", "luoshi-xlsx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("workbooks, PDFs and first pages in %s", dir)
	var comp bytes.Buffer
	if err := WriteXlsx(&comp, sample()); err != nil {
		t.Fatal(err)
	}
	var rows []xlsx.Row
	for i := range 60 {
		rows = append(rows, xlsx.Row{Seq: strconv.Itoa(i + 1), Task: []string{"人才培养", "科学研究", "资源保障"}[i/20], Title: "推进国家级一流本科专业建设点建设，完成专业认证自评报告并报送主管部门",
			Leader: "王立平", LeadUnit: "教务处", CooperatingUnits: []string{"研究生院", "人事处"}, Deadline: "2024年12月底前", Due: "2024-12-31",
			Code: fmt.Sprintf("2024H2-%03d", i+1), Cancelled: i == 7})
	}
	var table bytes.Buffer
	if err := xlsx.Export(&table, "示范大学重点任务分解表", rows); err != nil {
		t.Fatal(err)
	}
	var indicators, units, people bytes.Buffer
	var irows []app.IndicatorRow
	var urows []app.UnitRow
	var prows []app.PersonRow
	for i := range 40 {
		irows = append(irows, app.IndicatorRow{Code: fmt.Sprintf("ZB-%02d", i+1), Name: "国家级一流本科课程建设数量", Kind: "competitive",
			MeasureUnit: "门", OwnerUnit: "教务处", Baseline: "12", Target: "20", Actual: "15", Note: "含线上线下混合式课程"})
		urows = append(urows, app.UnitRow{Name: fmt.Sprintf("马克思主义学院%d", i+1), Code: fmt.Sprintf("U%02d", i+1), Parent: "", Kind: "school",
			Aliases: []string{"马院"}, NameEn: "School of Marxism"})
		prows = append(prows, app.PersonRow{Name: "王立平", StaffNo: fmt.Sprintf("2004%04d", i), Unit: "人事处", Title: "处长", Role: "单位",
			Username: fmt.Sprintf("wanglp%d", i), Email: "wanglp@example.edu.cn", Phone: "010-68910000"})
	}
	for _, w := range []struct {
		buf   *bytes.Buffer
		write func() error
	}{
		{&indicators, func() error { return xlsx.WriteIndicators(&indicators, "示范大学指标完成情况", irows) }},
		{&units, func() error { return xlsx.WriteUnits(&units, "示范大学机构", urows) }},
		{&people, func() error { return xlsx.WritePeople(&people, "示范大学人员", prows) }},
	} {
		if err := w.write(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name     string
		b        []byte
		minPages int
		together [][2]string // a title and the line after it, on one page
		texts    []string
	}{
		{"compendium.xlsx", comp.Bytes(), 3, [][2]string{{"科学技术处2024年下半年工作总结", "本单位工作数据"}, {"教务处2024年下半年工作总结", "本单位工作数据"}},
			[]string{"2024年下半年各单位工作总结汇编", "一是建成平台。", "本科教学改革取得进展。"}},
		{"table.xlsx", table.Bytes(), 2, nil, []string{"示范大学重点任务分解表", "2024H2-060", "截止日期", "已撤销", "编号"}},
		// (every page of the table repeats its title and header: below)
		{"indicators.xlsx", indicators.Bytes(), 1, nil, []string{"示范大学指标完成情况", "ZB-40", "国家级一流本科课程建设数量"}},
		{"units.xlsx", units.Bytes(), 1, nil, []string{"示范大学机构", "马克思主义学院40", "U40"}},
		{"people.xlsx", people.Bytes(), 1, nil, []string{"示范大学人员", "wanglp39", "20040039"}},
	} {
		pdf := toPDF(t, soffice, dir, c.name, c.b)
		out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(string(out), "\f")
		if pages[len(pages)-1] == "" {
			pages = pages[:len(pages)-1]
		}
		if len(pages) < c.minPages {
			t.Errorf("%s: %d pages, want at least %d", c.name, len(pages), c.minPages)
		}
		flat := strings.Join(strings.Fields(string(out)), "")
		for _, want := range c.texts {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the PDF lacks %q", c.name, want)
			}
		}
		if c.name == "table.xlsx" {
			for i, p := range pages {
				if f := strings.Join(strings.Fields(p), ""); !strings.Contains(f, "示范大学重点任务分解表") || !strings.Contains(f, "具体举措") {
					t.Errorf("%s page %d does not repeat the title and the header", c.name, i+1)
				}
			}
		}
		for _, tg := range c.together {
			ok := false
			for _, p := range pages {
				f := strings.Join(strings.Fields(p), "")
				if strings.Contains(f, tg[0]) && strings.Contains(f, tg[1]) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: %q and %q are not on one page", c.name, tg[0], tg[1])
			}
		}
		boxes, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for i, pg := range strings.Split(string(boxes), "<page ")[1:] {
			m := rePage.FindStringSubmatch("<page " + pg)
			w, _ := strconv.ParseFloat(m[1], 64)
			h, _ := strconv.ParseFloat(m[2], 64)
			const pt = 72 / 25.4
			if d := w - 297*pt; d > 1 || d < -1 || h-210*pt > 1 || h-210*pt < -1 {
				t.Errorf("%s page %d is %.0f × %.0f pt, not A4 landscape", c.name, i+1, w, h)
			}
			if number := fmt.Sprintf("第%d页", i+1); !strings.Contains(strings.Join(strings.Fields(pages[min(i, len(pages)-1)]), ""), number) {
				t.Errorf("%s page %d has no page number %q", c.name, i+1, number)
			}
		}
	}
}
