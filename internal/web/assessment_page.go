package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// assessmentData is the assessment page: a year's table, the formulas,
// and for the office while the year is a draft the rules, adjustment and
// publish forms.
type assessmentData struct {
	V     app.AssessmentView
	Years []int
	Rules model.AssessmentRules // the rules form's values
	Errs  map[string]string     // the rules form's messages by field
	// The adjustment form.
	AdjUnit, AdjPoints, AdjReason string
	AdjErrs                       map[string]string
	Units                         []model.AssessmentRow // the units one may adjust
}

// Modes lists the grading modes for the rules form.
func (d *assessmentData) Modes() []string {
	return []string{model.GradeByThreshold, model.GradeByQuota}
}

func assessmentYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < model.MinYear || y > model.MaxYear {
		return 0, model.Errorf(model.ENOTFOUND, "no assessment of year %q", r.PathValue("year"))
	}
	return y, nil
}

// assessmentsHome opens the running year's assessment (a live draft); the
// page links every other year.
func (h *handler) assessmentsHome(w http.ResponseWriter, r *http.Request) {
	t, err := h.a.Today(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/assessments/%d", t.Day.Time().Year()))
}

func (h *handler) assessmentPage(w http.ResponseWriter, r *http.Request) {
	h.showAssessment(w, r, http.StatusOK, &assessmentData{})
}

func (h *handler) showAssessment(w http.ResponseWriter, r *http.Request, status int, d *assessmentData) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	if d.V, err = h.a.Assessment(ctx, acct, year); err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := h.a.Today(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	seen := map[int]bool{t.Day.Time().Year(): true, t.Day.Time().Year() - 1: true, year: true}
	for y := range d.V.Years {
		seen[y] = true
	}
	for y := range seen {
		d.Years = append(d.Years, y)
	}
	slices.Sort(d.Years)
	slices.Reverse(d.Years)
	if d.Errs == nil {
		d.Rules = d.V.Rules
	}
	d.Units = d.V.Rows
	p := h.newPage(r, "assessments", "assess.title", d)
	p.Title = i18n.T(p.Lang, "assess.title_year", year)
	h.render(w, r, status, "assessment", p)
}

// rulesFromForm reads the rules form; a field that is no number is an
// error naming it.
func rulesFromForm(r *http.Request) (model.AssessmentRules, error) {
	var out model.AssessmentRules
	var errs model.Errors
	ints := map[string]*int{"on_time": &out.OnTime, "reports": &out.Reports, "indicators": &out.Indicators, "problems": &out.Problems,
		"excellent_pct": &out.ExcellentPct, "good_pct": &out.GoodPct}
	for f, dst := range ints {
		v, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(f)))
		if err != nil {
			errs.Add(model.Invalid(f, "must be a whole number"))
		}
		*dst = v
	}
	tenths := map[string]*model.Tenths{"per_supervision": &out.PerSupervision, "per_bulletin": &out.PerBulletin,
		"excellent": &out.Excellent, "good": &out.Good, "pass": &out.Pass}
	for f, dst := range tenths {
		v, err := model.ParseTenths(r.PostForm.Get(f))
		if err != nil {
			errs.Add(model.Invalid(f, "must be a number with at most one decimal"))
		}
		*dst = v
	}
	out.Mode = r.PostForm.Get("mode")
	return out, errs.Err()
}

// assessmentRules sets a draft year's rules; bad values come back beside
// their fields.
func (h *handler) assessmentRules(w http.ResponseWriter, r *http.Request) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rules, err := rulesFromForm(r)
	if err == nil {
		_, err = h.a.SetAssessmentRules(r.Context(), signedInOf(r).Account, year, rules)
	}
	if errs := fieldErrors(r, err); errs != nil {
		h.showAssessment(w, r, http.StatusUnprocessableEntity, &assessmentData{Rules: rules, Errs: errs})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/assessments/%d", year))
}

// assessmentAdjust records the office's adjustment of one unit's points.
func (h *handler) assessmentAdjust(w http.ResponseWriter, r *http.Request) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &assessmentData{AdjUnit: r.PostForm.Get("unit"), AdjPoints: r.PostForm.Get("points"), AdjReason: r.PostForm.Get("reason")}
	pts, err := model.ParseTenths(d.AdjPoints)
	if err == nil {
		_, err = h.a.AdjustAssessment(r.Context(), signedInOf(r).Account, year, model.Adjustment{Unit: d.AdjUnit, Points: pts, Reason: d.AdjReason})
	}
	if errs := fieldErrors(r, err); errs != nil {
		d.AdjErrs = errs
		h.showAssessment(w, r, http.StatusUnprocessableEntity, d)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/assessments/%d#u-%s", year, d.AdjUnit))
}

// assessmentPublish freezes the year's result.
func (h *handler) assessmentPublish(w http.ResponseWriter, r *http.Request) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.a.PublishAssessment(r.Context(), signedInOf(r).Account, year); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/assessments/%d", year))
}

// assessmentXlsx downloads the year's result as a 考核结果 sheet (the rows
// the reader may see).
func (h *handler) assessmentXlsx(w http.ResponseWriter, r *http.Request) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.a.Assessment(r.Context(), signedInOf(r).Account, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title := fmt.Sprintf("%d年度督办考核结果", year)
	if !v.Published {
		title += "（草稿）"
	}
	var buf bytes.Buffer
	if err := xlsx.WriteAssessment(&buf, title, v.UnitAssessment); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", xlsxType)
	hd.Set("Content-Disposition", app.ContentDispositionAs(fmt.Sprintf("assessment-%d.xlsx", year), title+".xlsx"))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// sourceLine is one record on the drill-down page.
type sourceLine struct {
	Href, Ref, Title string
	Day              model.Date
	Hit              bool
	Note             string
	Links            []sourceLink // the 催报通知 that chased a measure
}

type sourceLink struct{ Href, Text string }

// assessmentSection is one component on the drill-down page.
type assessmentSection struct {
	ID, Title, Formula string
	Points             model.Tenths
	Ratio              *model.Ratio
	Lines              []sourceLine
}

type assessmentUnitData struct {
	Year      int
	Published bool
	Row       model.AssessmentRow
	Sections  []assessmentSection
}

// assessmentUnitPage lists the records behind each of a unit's figures.
func (h *handler) assessmentUnitPage(w http.ResponseWriter, r *http.Request) {
	year, err := assessmentYear(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	row, src, err := h.a.AssessmentUnit(ctx, acct, year, r.PathValue("unit"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.a.Assessment(ctx, acct, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := langOf(r)
	lines := func(list []model.AssessmentSource) []sourceLine {
		out := []sourceLine{}
		for _, s := range list {
			l := sourceLine{Ref: s.Ref, Title: s.Title, Day: s.Day, Hit: s.Hit}
			switch s.Kind {
			case "measure":
				l.Href = "/measures/" + s.Ref
			case "indicator":
				l.Href = "/indicators/" + s.Ref
			case "problem":
				l.Href = "/problems/" + s.Ref
			case "notice": // titled "督办单〔2024〕第1号 2024H2-006": the number links
				l.Href = "/notices/" + s.Ref
				if number, measure, ok := strings.Cut(s.Title, " "); ok && number != "" {
					l.Ref, l.Title = number, measure
				}
			}
			l.Note = sourceNote(lang, s, &l)
			out = append(out, l)
		}
		return out
	}
	c, rl := row.Counts, v.Rules
	d := &assessmentUnitData{Year: year, Published: v.Published, Row: row, Sections: []assessmentSection{
		{ID: "on-time", Title: i18n.T(lang, "assess.on_time"), Formula: i18n.T(lang, "assess.formula.on_time", rl.OnTime), Points: row.OnTime, Ratio: &c.OnTime, Lines: lines(src.OnTime)},
		{ID: "reports", Title: i18n.T(lang, "assess.reports"), Formula: i18n.T(lang, "assess.formula.reports", rl.Reports), Points: row.Reports, Ratio: &c.Reports, Lines: lines(src.Reports)},
		{ID: "indicators", Title: i18n.T(lang, "assess.indicators"), Formula: i18n.T(lang, "assess.formula.indicators", rl.Indicators), Points: row.Indicators, Ratio: &c.Indicators, Lines: lines(src.Indicators)},
		{ID: "problems", Title: i18n.T(lang, "assess.problems"), Formula: i18n.T(lang, "assess.formula.problems", rl.Problems), Points: row.Problems, Ratio: &c.Problems, Lines: lines(src.Problems)},
		{ID: "deductions", Title: i18n.T(lang, "assess.deductions"), Formula: i18n.T(lang, "assess.formula.deductions", rl.PerSupervision.String(), rl.PerBulletin.String()), Points: row.Deductions, Lines: lines(src.Deductions)},
	}}
	p := h.newPage(r, "assessments", "assess.unit_title", d)
	p.Title = i18n.T(p.Lang, "assess.unit_title_of", year, p.UnitName(row.Unit))
	h.render(w, r, http.StatusOK, "assessment_unit", p)
}

// sourceNote says why a record counts or not, in the reader's language.
func sourceNote(lang string, s model.AssessmentSource, l *sourceLine) string {
	kind, val, _ := strings.Cut(s.Note, ":")
	switch {
	case s.Kind == "measure" && kind == "done":
		d, err := model.ParseDate(val)
		if err != nil {
			return ""
		}
		return i18n.T(lang, "assess.note.done", i18n.Date(lang, d.Time()))
	case s.Kind == "measure" && kind == "progress":
		n, _ := strconv.Atoi(val)
		return i18n.T(lang, "assess.note.progress", n)
	case s.Kind == "measure" && kind == "chased":
		var ns []string
		_ = json.Unmarshal([]byte(val), &ns)
		for _, n := range ns {
			id, text, _ := strings.Cut(n, ":")
			l.Links = append(l.Links, sourceLink{Href: "/notices/" + id, Text: text})
		}
		return i18n.T(lang, "assess.note.chased")
	case s.Kind == "measure" && s.Hit:
		return i18n.T(lang, "assess.note.no_chase")
	case s.Kind == "indicator":
		return i18n.T(lang, "judgement."+s.Note)
	case s.Kind == "problem":
		return i18n.T(lang, "problem_status."+s.Note)
	case s.Kind == "notice":
		return i18n.T(lang, "notice.kind."+s.Note)
	}
	return ""
}
