package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// documentsForm is Settings › Documents: the number format of each
// document kind as typed, with an example of the number it gives.
type documentsForm struct {
	Kinds   []string
	Formats map[string]string
	Example map[string]string
	Saved   bool
	Errs    map[string]string
}

// Err is the message beside a kind's format.
func (f *documentsForm) Err(kind string) string { return f.Errs["formats["+kind+"]"] }

// documentSettingsPage shows the document numbers' formats (office).
func (h *handler) documentSettingsPage(w http.ResponseWriter, r *http.Request) {
	if !app.IsOffice(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "set the document numbers"))
		return
	}
	formats, err := h.a.DocumentFormats(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showDocumentSettings(w, r, http.StatusOK, &documentsForm{Formats: formats, Saved: r.URL.Query().Get("saved") != ""})
}

func (h *handler) showDocumentSettings(w http.ResponseWriter, r *http.Request, status int, f *documentsForm) {
	f.Kinds, f.Example = model.DocKinds, map[string]string{}
	in, err := h.a.Institution(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	day, err := h.a.Today(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, k := range f.Kinds {
		if f.Errs["formats["+k+"]"] == "" {
			f.Example[k] = model.DocumentNumber(f.Formats[k], in, day.Day.Time().Year(), 3)
		}
	}
	h.render(w, r, status, "document_settings", h.newPage(r, "document_settings", "document_settings.title", f))
}

// documentSettingsSave stores the formats; a bad one comes back beside
// its field with nothing saved.
func (h *handler) documentSettingsSave(w http.ResponseWriter, r *http.Request) {
	cur, err := h.a.DocumentFormats(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &documentsForm{Formats: cur}
	sent := map[string]string{}
	for _, k := range model.DocKinds {
		if v, ok := r.PostForm["format."+k]; ok && len(v) > 0 {
			sent[k], f.Formats[k] = v[0], v[0]
		}
	}
	_, err = h.a.SetDocumentFormats(r.Context(), signedInOf(r).Account, sent)
	if errs := fieldErrors(r, err); errs != nil {
		f.Errs = errs
		h.showDocumentSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/documents?saved=1")
}
