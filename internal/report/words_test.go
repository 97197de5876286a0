package report

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

var reRun = regexp.MustCompile(`(?s)<(?:w:t|t)(?: [^>]*)?>(.*?)</(?:w:t|t)>`)

// runs is the text of a .docx or .xlsx, one string per run or cell.
func runs(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		if f.Name != "word/document.xml" && f.Name != "xl/sharedStrings.xml" && !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		r, _ := f.Open()
		x, _ := io.ReadAll(r)
		r.Close()
		for _, m := range reRun.FindAllSubmatch(x, -1) {
			out = append(out, strings.TrimSpace(string(m[1])))
		}
	}
	return out
}

// TestCompendiumWords writes a compendium whose reports carry every report
// state and every indicator judgement, in Chinese and in English, as .docx
// and .xlsx: no stored value appears as text, each state and judgement is
// the catalog's word the web shows, and a second-half report's last section
// is next year's first half.
func TestCompendiumWords(t *testing.T) {
	judgements := []string{"met", "on_course", "behind", "fell", "held", "not_reported", "not_set"}
	states := []string{model.ReportSubmitted, model.ReportResubmitted, model.ReportAccepted}
	p, _ := model.PeriodFromCode("2024-H2")
	var entries []app.CompendiumEntry
	for i, st := range states {
		fig := model.ReportFigures{AsOf: model.Ymd(2024, 10, 15), Measures: model.MeasureFigures{Total: 7,
			ByStatus: map[model.Status]int{model.Done: 1, model.OnTrack: 1, model.AtRisk: 1, model.NotStarted: 1, model.Overdue: 1, model.Cancelled: 1}}}
		for _, j := range judgements {
			v := 1.0
			fig.Indicators = append(fig.Indicators, model.IndicatorFigure{Code: "ZB-" + j, Name: "指标" + j[:2], Unit: "%", Target: &v, Judgement: j})
		}
		entries = append(entries, app.CompendiumEntry{Unit: model.Unit{Code: "U" + string(rune('A'+i)), Name: "单位" + string(rune('甲'+i)), NameEn: "Unit " + string(rune('A'+i))},
			Report: model.UnitReport{State: st, Period: p.Code, Achievements: "成绩", Situation: "形势", Problems: "问题", NextMeasures: "举措",
				Figures: fig, SubmittedAt: time.Date(2024, 10, 10, 2, 0, 0, 0, time.UTC)}})
	}
	raw := map[string]bool{}
	for _, v := range append(append(judgements, states...), "done", "on_track", "at_risk", "not_started", "overdue", "cancelled") {
		raw[v] = true
	}
	for _, lang := range i18n.Languages {
		c := NewCompendiumIn(lang, p, entries, time.UTC)
		for name, write := range map[string]func(io.Writer, Compendium) error{"docx": WriteDocx, "xlsx": WriteXlsx} {
			var buf bytes.Buffer
			if err := write(&buf, c); err != nil {
				t.Fatal(err)
			}
			text := runs(t, buf.Bytes())
			all := strings.Join(text, "\n")
			for _, s := range text {
				if raw[s] || s == "—" {
					t.Errorf("%s %s: a raw value %q", lang, name, s)
				}
			}
			for _, want := range []string{i18n.T(lang, "status.at_risk"), i18n.T(lang, "status.cancelled"), i18n.T(lang, "ureport_state.resubmitted"),
				i18n.T(lang, "ureport.next_measures_h2")} {
				if !strings.Contains(all, want) {
					t.Errorf("%s %s lacks the catalog's %q", lang, name, want)
				}
			}
			if name == "docx" {
				for _, j := range judgements {
					if !strings.Contains(all, i18n.T(lang, "judgement."+j)) {
						t.Errorf("%s docx lacks the judgement %q", lang, i18n.T(lang, "judgement."+j))
					}
				}
			}
			if lang == "en" && !strings.Contains(all, "Unit A") {
				t.Errorf("en %s: units not named in English", name)
			}
		}
	}
	if NextMeasuresKey("2024-H1") != "ureport.next_measures_h1" || i18n.T("zh-CN", NextMeasuresKey("2024-H2")) != "明年上半年工作举措" {
		t.Error("the last section is not the next half-year's")
	}
}
