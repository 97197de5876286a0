package web

import (
	"bytes"
	"io"
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/report"
)

type compendiumData struct {
	Period  string
	Periods []string
	Entries []app.CompendiumEntry
}

// compendiumOf reads a period's compendium: every submitted or accepted
// report, for the page and the downloads.
func (h *handler) compendiumOf(r *http.Request) (report.Compendium, error) {
	p, err := h.reportPeriod(r)
	if err != nil {
		return report.Compendium{}, err
	}
	entries, err := h.a.Compendium(r.Context(), signedInOf(r).Account, p.Code)
	if err != nil {
		return report.Compendium{}, err
	}
	lang := i18n.Lang(signedInOf(r).Account.Lang)
	c := report.NewCompendiumIn(lang, p, entries, loc)
	// The institution's name heads the compendium, as offices title it
	// (北京理工大学2024年上半年各单位工作总结汇编).
	if in, err := h.a.Institution(r.Context()); err == nil {
		switch {
		case lang == "en" && in.NameEn != "":
			c.Title = in.NameEn + ": " + c.Title
		case lang != "en" && in.Name != "":
			c.Title = in.Name + c.Title
		}
	}
	return c, nil
}

// compendiumPage is the printable compendium: a contents list, then each
// unit's report on a new A4 page.
func (h *handler) compendiumPage(w http.ResponseWriter, r *http.Request) {
	c, err := h.compendiumOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &compendiumData{Period: c.Period.Code, Periods: h.reportPeriods(r, c.Period), Entries: c.Entries}
	p := h.newPage(r, "reports", "ureport.compendium", d)
	p.Title = p.T("ureport.compendium_of", periodName(p.Lang, c.Period.Code))
	h.render(w, r, http.StatusOK, "report_compendium", p)
}

// compendiumDocx downloads the compendium as a Word document.
func (h *handler) compendiumDocx(w http.ResponseWriter, r *http.Request) {
	h.compendiumFile(w, r, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", report.WriteDocx)
}

// compendiumXlsx downloads the compendium as a workbook, a row per unit.
func (h *handler) compendiumXlsx(w http.ResponseWriter, r *http.Request) {
	h.compendiumFile(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.WriteXlsx)
}

func (h *handler) compendiumFile(w http.ResponseWriter, r *http.Request, ext, ctype string, write func(w io.Writer, c report.Compendium) error) {
	c, err := h.compendiumOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, c); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", app.ContentDispositionAs("compendium-"+c.Period.Code+"."+ext, c.Title+"."+ext))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
