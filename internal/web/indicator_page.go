package web

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// valueForm is the value form's input as typed, kept on a 422.
type valueForm struct {
	Period                            string
	Baseline, Target, Actual          string
	Note, Evidence, Benchmark, Reason string
	Office, Locked, Show              bool
	Errs                              map[string]string
}

// Err is the message for a field ("" when none).
func (f *valueForm) Err(field string) string { return f.Errs[field] }

type indicatorData struct {
	Indicator   model.Indicator
	Period      string
	Current     indicatorRow
	Rows        []indicatorRow
	Corrections []correctionRow
	History     []model.AuditEvent
	Periods     []model.Period
	Form        valueForm
	CanEdit     bool
	// people names who entered and corrected the values.
	people
}

type correctionRow struct {
	model.IndicatorCorrection
	Before, After indicatorRow
}

// indicatorPage shows an indicator: its figures and judgement per period,
// the corrections of locked periods, and the value form for the period
// chosen to those who may enter it.
func (h *handler) indicatorPage(w http.ResponseWriter, r *http.Request) {
	h.showIndicator(w, r, http.StatusOK, nil)
}

func (h *handler) showIndicator(w http.ResponseWriter, r *http.Request, status int, form *valueForm) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	det, err := h.a.Indicator(ctx, signedInOf(r).Account, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	period := r.URL.Query().Get("period")
	if form != nil {
		period = form.Period
	}
	if period, err = h.periodOr(r, period); err != nil {
		h.fail(w, r, err)
		return
	}
	d := &indicatorData{Indicator: det.Indicator, Period: period, History: det.History, CanEdit: app.CanManageIndicators(acct)}
	_, locked := det.Locks[period]
	cur := app.IndicatorLine{Indicator: det.Indicator, Value: model.IndicatorValue{Indicator: det.Indicator.Code, Period: period}, Locked: locked}
	for _, l := range det.Values {
		d.Rows = append(d.Rows, indicatorRowOf(l))
		if l.Value.Period == period {
			cur = l
		}
	}
	cur.Assessment = model.Judge(det.Indicator, cur.Value)
	d.Current = indicatorRowOf(cur)
	for _, c := range det.Corrections {
		d.Corrections = append(d.Corrections, correctionRow{IndicatorCorrection: c,
			Before: indicatorRowOf(app.IndicatorLine{Indicator: det.Indicator, Value: c.Before}),
			After:  indicatorRowOf(app.IndicatorLine{Indicator: det.Indicator, Value: c.After})})
	}
	if form != nil {
		d.Form = *form
	} else {
		v := cur.Value
		d.Form = valueForm{Period: period, Baseline: d.Current.Baseline, Target: d.Current.Target, Actual: d.Current.Actual,
			Note: v.Note, Evidence: v.Evidence, Benchmark: v.Benchmark}
	}
	var names []string
	for _, l := range det.Values {
		names = append(names, l.Value.UpdatedBy)
	}
	for _, c := range det.Corrections {
		names = append(names, c.Author)
	}
	if d.people, err = h.a.AccountNames(ctx, acct, names); err != nil {
		h.fail(w, r, err)
		return
	}
	office := app.IsOffice(acct)
	d.Form.Office, d.Form.Locked = office, locked
	d.Form.Show = app.CanEnterValues(acct, det.Indicator) && (!locked || office)
	periods, err := h.a.Periods(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Periods = withPeriod(periods, period)
	p := h.newPage(r, "indicators", "indicators.title", d)
	p.Title = det.Indicator.Name
	h.render(w, r, status, "indicator_page", p)
}

// indicatorValueSave enters an indicator's figures for a period: the
// owner unit its results, the office everything (a correction, with a
// reason, once the period is locked).
func (h *handler) indicatorValueSave(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	acct := signedInOf(r).Account
	pf := r.PostForm
	f := valueForm{Period: strings.TrimSpace(pf.Get("period")), Baseline: strings.TrimSpace(pf.Get("baseline")),
		Target: strings.TrimSpace(pf.Get("target")), Actual: strings.TrimSpace(pf.Get("actual")), Note: pf.Get("note"),
		Evidence: pf.Get("evidence"), Benchmark: pf.Get("benchmark"), Reason: pf.Get("reason")}
	p := app.ValuePatch{Note: &f.Note, Evidence: &f.Evidence, Benchmark: &f.Benchmark, Reason: f.Reason}
	var err error
	type figureField struct {
		name, text string
		dst        *app.Figure
	}
	// A unit enters results only; the office's form carries every figure.
	fields := []figureField{{"actual", f.Actual, &p.Actual}}
	if app.IsOffice(acct) {
		fields = append(fields, figureField{"baseline", f.Baseline, &p.Baseline}, figureField{"target", f.Target, &p.Target})
	}
	for _, fl := range fields {
		n, perr := app.ParseFigure(fl.text)
		if perr != nil {
			err = model.Invalid(fl.name, "%v", perr)
			break
		}
		*fl.dst = app.Figure{Set: true, Value: n}
	}
	if err == nil {
		_, err = h.a.SetIndicatorValue(r.Context(), acct, code, f.Period, p)
	}
	if field, msg := fieldError(r, err); field != "" {
		f.Errs = map[string]string{field: msg}
		r.URL.RawQuery = ""
		h.showIndicator(w, r, http.StatusUnprocessableEntity, &f)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, link("/indicators/"+code, "period", f.Period)+"#values")
}
