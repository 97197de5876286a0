package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// indicatorRow is an indicator line as the pages show it: figures written
// out, the judgement and its light.
type indicatorRow struct {
	app.IndicatorLine
	Baseline, Target, Actual, Attainment string
	Light                                string
}

func indicatorRowOf(l app.IndicatorLine) indicatorRow {
	r := indicatorRow{IndicatorLine: l, Baseline: app.FormatFigure(l.Value.Baseline), Target: app.FormatFigure(l.Value.Target),
		Actual: app.FormatFigure(l.Value.Actual), Light: l.Assessment.Judgement.Light()}
	if a := l.Assessment.Attainment; a != nil {
		r.Attainment = strings.TrimSuffix(fmt.Sprintf("%.1f", *a), ".0") + "%"
	}
	return r
}

type indicatorListData struct {
	Kind, Unit, Theme, Period string
	// Missing: only the values opened for the period whose actual figure
	// is still to enter (?missing=1, the to-do list's link).
	Missing bool
	filterChoices
	Kinds   []string
	Rows    []indicatorRow
	Counts  []judgementCount
	Lock    model.PeriodLock
	Locked  bool
	CanEdit bool
}

type judgementCount struct {
	Judgement model.Judgement
	Light     string
	N         int
}

// ExportLink downloads the list as filtered as an indicator sheet.
func (d *indicatorListData) ExportLink() string {
	return link("/indicators/export.xlsx", "kind", d.Kind, "unit", d.Unit, "theme", d.Theme, "period", d.Period)
}

// periodOr returns the period a request names, or the current half-year.
func (h *handler) periodOr(r *http.Request, code string) (string, error) {
	if code != "" {
		_, err := model.PeriodFromCode(code)
		return code, err
	}
	t, err := h.a.Today(r.Context())
	if err != nil {
		return "", err
	}
	return model.HalfYearOf(t.Day).Code, nil
}

// indicatorList lists the indicators with filters and, for the chosen
// period, each one's figures and judgement light.
func (h *handler) indicatorList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx := r.Context()
	d := &indicatorListData{Kind: q.Get("kind"), Unit: q.Get("unit"), Theme: q.Get("theme"), Kinds: model.IndicatorKinds, Missing: q.Get("missing") == "1",
		CanEdit: app.CanManageIndicators(signedInOf(r).Account)}
	var err error
	if d.Period, err = h.periodOr(r, q.Get("period")); err != nil {
		h.fail(w, r, err)
		return
	}
	lines, err := h.a.Indicators(ctx, signedInOf(r).Account, model.IndicatorFilter{Kind: d.Kind, Unit: d.Unit, Theme: d.Theme}, d.Period)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	n := map[model.Judgement]int{}
	for _, l := range lines {
		if d.Missing && !app.IndicatorMissing(l) {
			continue
		}
		d.Rows = append(d.Rows, indicatorRowOf(l))
		n[l.Assessment.Judgement]++
	}
	for _, j := range model.Judgements {
		d.Counts = append(d.Counts, judgementCount{Judgement: j, Light: j.Light(), N: n[j]})
	}
	locks, err := h.a.PeriodLocks(ctx, signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Lock, d.Locked = locks[d.Period]
	if d.filterChoices, err = h.filterChoices(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Periods = withPeriod(d.Periods, d.Period)
	h.render(w, r, http.StatusOK, "indicator_list", h.newPage(r, "indicators", "indicators.title", d))
}

// withPeriod adds a period to the choices when it is not there yet (a
// half-year no measure or value has named).
func withPeriod(ps []model.Period, code string) []model.Period {
	for _, p := range ps {
		if p.Code == code {
			return ps
		}
	}
	p, err := model.PeriodFromCode(code)
	if err != nil {
		return ps
	}
	return append([]model.Period{p}, ps...)
}

// periodLock closes a period (office) and returns to the list of it.
func (h *handler) periodLock(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := h.a.LockPeriod(r.Context(), signedInOf(r).Account, code); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, link("/indicators", "period", code))
}
