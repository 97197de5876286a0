package web

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// indicatorForm is the indicator form's input as typed, kept on a 422.
type indicatorForm struct {
	Edit                                                       bool
	Code, Name, Kind, MeasureUnit, Direction, OwnerUnit, Theme string
	Description                                                string
	Units                                                      []model.Unit
	Kinds, Directions, Themes                                  []string
	Errs                                                       map[string]string
}

// Err is the message for a field ("" when none).
func (f *indicatorForm) Err(field string) string { return f.Errs[field] }

func (h *handler) showIndicatorForm(w http.ResponseWriter, r *http.Request, status int, f *indicatorForm) {
	if !app.CanManageIndicators(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to edit indicators"))
		return
	}
	var err error
	if f.Units, err = h.a.Units(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f.Kinds, f.Directions, f.Themes = model.IndicatorKinds, model.Directions, model.Themes
	key := "indicators.new"
	if f.Edit {
		key = "indicator.edit"
	}
	h.render(w, r, status, "indicator_form", h.newPage(r, "indicators", key, f))
}

// indicatorNew shows an empty indicator form (office).
func (h *handler) indicatorNew(w http.ResponseWriter, r *http.Request) {
	h.showIndicatorForm(w, r, http.StatusOK, &indicatorForm{Kind: model.IndicatorBasic, Direction: model.HigherIsBetter, Theme: "other"})
}

// indicatorEdit shows an indicator's form (office).
func (h *handler) indicatorEdit(w http.ResponseWriter, r *http.Request) {
	d, err := h.a.Indicator(r.Context(), signedInOf(r).Account, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	i := d.Indicator
	h.showIndicatorForm(w, r, http.StatusOK, &indicatorForm{Edit: true, Code: i.Code, Name: i.Name, Kind: i.Kind, MeasureUnit: i.MeasureUnit,
		Direction: i.Direction, OwnerUnit: i.OwnerUnit, Theme: i.Theme, Description: i.Description})
}

// indicatorSave creates (/indicators/new) or changes an indicator (office).
func (h *handler) indicatorSave(w http.ResponseWriter, r *http.Request) {
	pf := r.PostForm
	f := &indicatorForm{Code: strings.TrimSpace(pf.Get("code")), Name: pf.Get("name"), Kind: pf.Get("kind"), MeasureUnit: pf.Get("measure_unit"),
		Direction: pf.Get("direction"), OwnerUnit: pf.Get("owner_unit"), Theme: pf.Get("theme"), Description: pf.Get("description")}
	acct := signedInOf(r).Account
	var err error
	if code := r.PathValue("code"); code != "" {
		f.Edit, f.Code = true, code
		_, err = h.a.UpdateIndicator(r.Context(), acct, code, app.IndicatorPatch{Name: &f.Name, Kind: &f.Kind, MeasureUnit: &f.MeasureUnit,
			Direction: &f.Direction, OwnerUnit: &f.OwnerUnit, Theme: &f.Theme, Description: &f.Description})
	} else {
		ind := model.Indicator{Code: f.Code, Name: f.Name, Kind: f.Kind, MeasureUnit: f.MeasureUnit, Direction: f.Direction,
			OwnerUnit: f.OwnerUnit, Theme: f.Theme, Description: f.Description}
		err = h.a.CreateIndicator(r.Context(), acct, &ind)
		f.Code = ind.Code
	}
	if errs := fieldErrors(r, err); errs != nil {
		f.Errs = errs
		h.showIndicatorForm(w, r, http.StatusUnprocessableEntity, f)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/indicators/"+f.Code)
}
