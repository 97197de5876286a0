package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/report"
)

// summaryData is the institution's summary page: each section's figures
// beside its text (a field for the office while it drafts), the retreat
// it went to once issued, and the void form.
type summaryData struct {
	D        app.SummaryDetail
	Sections []summarySection
	Prev     string
	Next     string
	CanEdit  bool
	CanVoid  bool
	Saved    bool
	Errs     map[string]string
	VoidErr  string
	Reason   string
	Statuses []model.Status
	Title    string
	// Tables are the measures by theme and by unit; Lists the indicators
	// behind and fallen, by name.
	Tables []statusTable
	Lists  []indicatorList
	// BasicJudgements and CompetitiveJudgements are the rows of the
	// judged indicators' table.
	BasicJudgements, CompetitiveJudgements []string
	People                                 map[string]string
}

// Person is an account's display name, or the username when unknown.
func (d *summaryData) Person(username string) string {
	if n := d.People[username]; n != "" {
		return n
	}
	return username
}

// statusTable is a table of measures by status, by theme or by unit.
type statusTable struct {
	By   string // theme or unit
	Rows []model.StatusRow
}

// indicatorList is a list of indicators of one judgement.
type indicatorList struct {
	Judgement string
	Rows      []model.IndicatorFigure
}

// summarySection is one section as the page shows it.
type summarySection struct {
	Key, Text, Generated, Err string
	N                         int
}

// summaryStatuses are the columns of the measures tables.
var summaryStatuses = []model.Status{model.Done, model.OnTrack, model.AtRisk, model.Overdue, model.NotStarted}

// Judged is the count of judgement j of kind.
func (d *summaryData) Judged(kind string, j string) int {
	if kind == model.IndicatorCompetitive {
		return d.D.Summary.Figures.Indicators.Competitive[model.Judgement(j)]
	}
	return d.D.Summary.Figures.Indicators.Basic[model.Judgement(j)]
}

// summaries sends /summaries to the summary of the half-year just ended
// (a unit account: the latest issued one).
func (h *handler) summaries(w http.ResponseWriter, r *http.Request) {
	p, err := h.a.SummaryPeriod(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/summaries/"+p, http.StatusSeeOther)
}

// summaryPage shows a period's summary.
func (h *handler) summaryPage(w http.ResponseWriter, r *http.Request) {
	h.showSummary(w, r, http.StatusOK, &summaryData{Saved: r.URL.Query().Get("saved") != ""}, nil)
}

func (h *handler) showSummary(w http.ResponseWriter, r *http.Request, status int, d *summaryData, posted []model.SummarySection) {
	acct := signedInOf(r).Account
	det, err := h.a.Summary(r.Context(), acct, r.PathValue("period"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.D, d.Statuses = det, summaryStatuses
	f := det.Summary.Figures
	d.Tables = []statusTable{{"theme", f.Measures.ByTheme}, {"unit", f.Measures.ByUnit}}
	for _, l := range []indicatorList{{"behind", f.Indicators.Behind}, {"fell", f.Indicators.Fell}} {
		if len(l.Rows) > 0 {
			d.Lists = append(d.Lists, l)
		}
	}
	d.BasicJudgements = []string{"held", "fell", "not_reported", "not_set"}
	d.CompetitiveJudgements = []string{"met", "on_course", "behind", "not_reported", "not_set"}
	d.CanEdit = app.CanDraftSummary(acct) && !det.Summary.Frozen()
	d.CanVoid = app.CanDraftSummary(acct) && det.Summary.Frozen()
	d.Title = model.SummaryTitleOf(det.Period.Code)
	d.Prev = model.HalfYearOf(det.Period.Start - 1).Code
	if strings.Contains(det.Period.Code, "-H") {
		d.Next = model.HalfYearOf(det.Period.End + 1).Code
	}
	var actors []string
	for _, ev := range det.History {
		actors = append(actors, ev.Actor)
	}
	if d.People, err = h.a.AccountNames(r.Context(), acct, actors); err != nil {
		h.fail(w, r, err)
		return
	}
	gen := map[string]string{}
	for _, s := range det.Generated {
		gen[s.Key] = s.Text
	}
	text := map[string]string{}
	for _, s := range det.Summary.Sections {
		text[s.Key] = s.Text
	}
	for i, s := range posted {
		text[s.Key] = s.Text
		if e := d.Errs["sections["+strconv.Itoa(i)+"].text"]; e != "" {
			d.Errs[s.Key] = e
		}
	}
	for i, k := range model.SummarySectionKeys {
		d.Sections = append(d.Sections, summarySection{Key: k, N: i + 1, Text: text[k], Generated: gen[k], Err: d.Errs[k]})
	}
	p := h.newPage(r, "summaries", "summary.title", d)
	p.Title = det.Period.Code + " " + i18n.T(p.Lang, "summary.title")
	h.render(w, r, status, "summary", p)
}

// summarySections reads the sections the form posts (section.KEY).
func summarySections(r *http.Request) []model.SummarySection {
	var out []model.SummarySection
	for _, k := range model.SummarySectionKeys {
		if v, ok := r.PostForm["section."+k]; ok && len(v) > 0 {
			out = append(out, model.SummarySection{Key: k, Text: v[0]})
		}
	}
	return out
}

// summarySave saves the office's text; with issue set it then issues it.
func (h *handler) summarySave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	period := r.PathValue("period")
	secs := summarySections(r)
	_, err := h.a.SaveSummary(r.Context(), acct, period, secs)
	if errs := fieldErrors(r, err); errs != nil {
		h.showSummary(w, r, http.StatusUnprocessableEntity, &summaryData{Errs: errs}, secs)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/summaries/"+period+"?saved=1")
}

// summaryIssue saves the posted text and issues the summary into its
// retreat's agenda, then shows the retreat at the briefing.
func (h *handler) summaryIssue(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	period := r.PathValue("period")
	if secs := summarySections(r); len(secs) > 0 {
		_, err := h.a.SaveSummary(r.Context(), acct, period, secs)
		if errs := fieldErrors(r, err); errs != nil {
			h.showSummary(w, r, http.StatusUnprocessableEntity, &summaryData{Errs: errs}, secs)
			return
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	s, err := h.a.IssueSummary(r.Context(), acct, period)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/meetings/"+strconv.FormatInt(s.Meeting, 10)+"#item-"+strconv.FormatInt(s.AgendaItem, 10))
}

// summaryVoid voids an issued summary with the office's reason.
func (h *handler) summaryVoid(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	period := r.PathValue("period")
	reason := r.PostForm.Get("reason")
	_, err := h.a.VoidSummary(r.Context(), acct, period, reason)
	if field, _ := fieldError(r, err); field == "reason" {
		lang := i18n.Lang(acct.Lang)
		h.showSummary(w, r, http.StatusUnprocessableEntity, &summaryData{Reason: reason, VoidErr: i18n.T(lang, "void.reason_required")}, nil)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/summaries/"+period)
}

// summaryDocx downloads the summary as a Word document in the official
// layout: the issued one as issued, a draft with its live figures.
func (h *handler) summaryDocx(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	det, err := h.a.Summary(ctx, signedInOf(r).Account, r.PathValue("period"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	units, err := h.a.Units(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	doc := report.SummaryDoc{Summary: det.Summary, Period: det.Period, UnitNames: names, OfficeName: h.a.OfficeName(ctx)}
	if !det.Summary.IssuedAt.IsZero() {
		doc.IssuedOn = model.DateOf(det.Summary.IssuedAt.In(h.a.Location))
	}
	var buf bytes.Buffer
	if err := report.WriteSummaryDocx(&buf, doc); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", app.ContentDispositionAs("summary-"+det.Period.Code+".docx", report.SummaryFileName(det.Summary, det.Period)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
