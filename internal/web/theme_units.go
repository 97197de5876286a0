package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

type themeUnitsData struct {
	Themes []string
	Map    map[string]string
	Units  []model.Unit
	Error  string
	Saved  bool
}

// themeUnitsPage is the office's theme → lead unit map: the lead unit a
// draft is given until the institution's own measures suggest better.
func (h *handler) themeUnitsPage(w http.ResponseWriter, r *http.Request) {
	h.showThemeUnits(w, r, http.StatusOK, nil, "")
}

func (h *handler) showThemeUnits(w http.ResponseWriter, r *http.Request, status int, typed map[string]string, msg string) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office sets the theme map"))
		return
	}
	ctx := r.Context()
	d := &themeUnitsData{Themes: model.Themes, Map: typed, Error: msg, Saved: r.URL.Query().Get("saved") != ""}
	var err error
	if d.Map == nil {
		if d.Map, err = h.a.ThemeUnits(ctx); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Units, err = h.a.Units(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "theme_units", h.newPage(r, "themes", "themes.title", d))
}

// themeUnitsSave stores the map; a bad unit shows the form again (422).
func (h *handler) themeUnitsSave(w http.ResponseWriter, r *http.Request) {
	m := map[string]string{}
	for _, th := range model.Themes {
		m[th] = r.PostForm.Get("unit-" + th)
	}
	if err := h.a.SetThemeUnits(r.Context(), signedInOf(r).Account, m); err != nil {
		if _, msg := fieldError(r, err); msg != "" {
			h.showThemeUnits(w, r, http.StatusUnprocessableEntity, m, msg)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/themes?saved=1")
}
