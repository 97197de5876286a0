package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// indicatorExport downloads the indicator sheet of a period as the list's
// filters select it; everyone who sees the list may take it away.
func (h *handler) indicatorExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	period, err := h.periodOr(r, q.Get("period"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows, title, err := h.a.IndicatorSheet(r.Context(), signedInOf(r).Account, model.IndicatorFilter{Kind: q.Get("kind"), Unit: q.Get("unit"), Theme: q.Get("theme")}, period)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.WriteIndicators(&buf, title, rows); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", xlsxType)
	hd.Set("Content-Disposition", app.ContentDispositionAs("indicators-"+period+".xlsx", title+".xlsx"))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// indicatorImportData is the indicator import page.
type indicatorImportData struct {
	importData
	Period  string
	Periods []model.Period
}

func (h *handler) showIndicatorImport(w http.ResponseWriter, r *http.Request, status int, d *indicatorImportData) {
	periods, err := h.a.Periods(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Period == "" {
		if d.Period, err = h.periodOr(r, ""); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	d.Periods = withPeriod(periods, d.Period)
	h.render(w, r, status, "indicator_import", h.newPage(r, "indicators", "indicators.import_title", d))
}

// indicatorImportPage shows the upload form (office), or after an import
// what it did.
func (h *handler) indicatorImportPage(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageIndicators(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import indicators"))
		return
	}
	q := r.URL.Query()
	d := &indicatorImportData{Period: q.Get("period")}
	if d.Period != "" {
		if _, err := model.PeriodFromCode(d.Period); err != nil {
			d.Period = ""
		}
	}
	if q.Get("done") != "" {
		d.Submitted = true
		d.Created, _ = strconv.Atoi(q.Get("created"))
		d.Updated, _ = strconv.Atoi(q.Get("updated"))
		d.Unchanged, _ = strconv.Atoi(q.Get("unchanged"))
	}
	h.showIndicatorImport(w, r, http.StatusOK, d)
}

// indicatorImport checks or imports an uploaded indicator sheet for a
// period: every bad row listed with its column and reason and nothing
// written, or all of it written.
func (h *handler) indicatorImport(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageIndicators(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import indicators"))
		return
	}
	d := &indicatorImportData{Period: r.FormValue("period")}
	d.Submitted, d.DryRun = true, r.FormValue("action") == "check"
	page := func(status int) { h.showIndicatorImport(w, r, status, d) }
	if _, err := model.PeriodFromCode(d.Period); err != nil {
		d.Period, d.Message = "", errorText(r, err)
		page(http.StatusUnprocessableEntity)
		return
	}
	hdr, problem := uploadedSheet(r)
	if hdr != nil {
		d.File = hdr.Filename
	}
	if problem != "" {
		d.Message = i18nMsg(r, problem)
		page(http.StatusUnprocessableEntity)
		return
	}
	file, err := hdr.Open()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer file.Close()
	rep, err := xlsx.ImportIndicators(r.Context(), h.a, acct, d.Period, file, d.DryRun)
	d.Errors, d.Actions = rep.Errors, rep.Actions
	d.Created, d.Updated, d.Unchanged = rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged)
	switch code := model.ErrorCode(err); {
	case code == model.EINVALID || code == model.ECONFLICT:
		d.Errors, d.Message = sheetErrors(r, err, d.Errors)
		page(model.HTTPStatus(code))
	case err != nil:
		h.fail(w, r, err)
	case d.DryRun:
		page(http.StatusOK)
	default:
		redirect(w, r, "/indicators/import?"+url.Values{"done": {"1"}, "period": {d.Period}, "created": {strconv.Itoa(d.Created)},
			"updated": {strconv.Itoa(d.Updated)}, "unchanged": {strconv.Itoa(d.Unchanged)}}.Encode())
	}
}
