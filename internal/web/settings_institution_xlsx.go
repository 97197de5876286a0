package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// institutionSheet is one of the institution's sheets as the settings
// pages serve it: the units sheet (单位名单) or the people sheet (人员名单).
type institutionSheet struct {
	// Name is "units" or "people": the template picks its words by it.
	Name  string
	nav   string
	path  string // the settings page; import and export hang below it
	file  string // the download's ASCII name
	title string // the download's name as the office sees it
	read  func(ctx context.Context, a *app.App, actor model.Account, r io.Reader, opt app.ImportOptions) (xlsx.InstitutionReport, error)
	write func(ctx context.Context, a *app.App, actor model.Account, w io.Writer) error
}

var (
	unitsSheet = institutionSheet{Name: "units", nav: "unit_settings", path: "/settings/units", file: "units.xlsx", title: "单位名单",
		read: xlsx.ImportUnits, write: xlsx.ExportUnits}
	peopleSheet = institutionSheet{Name: "people", nav: "people", path: "/settings/people", file: "people.xlsx", title: "人员名单",
		read: xlsx.ImportPeople, write: xlsx.ExportPeople}
)

// sheetImportData is the import page of a units or people sheet: the form,
// then what a check or an import found or did.
type sheetImportData struct {
	importData
	Sheet      institutionSheet
	NotInSheet []app.Unlisted
	// MoreNotInSheet counts the entries a redirect did not carry.
	MoreNotInSheet int
	NewAccounts    int
}

// Title is the page's catalog key.
func (d *sheetImportData) Title() string { return "sheet_import." + d.Sheet.Name + "_title" }

func (h *handler) unitsExport(w http.ResponseWriter, r *http.Request) {
	h.sheetExport(w, r, unitsSheet)
}
func (h *handler) peopleExport(w http.ResponseWriter, r *http.Request) {
	h.sheetExport(w, r, peopleSheet)
}
func (h *handler) unitsImportPage(w http.ResponseWriter, r *http.Request) {
	h.sheetImportPage(w, r, unitsSheet)
}
func (h *handler) peopleImportPage(w http.ResponseWriter, r *http.Request) {
	h.sheetImportPage(w, r, peopleSheet)
}
func (h *handler) unitsImport(w http.ResponseWriter, r *http.Request) {
	h.sheetImport(w, r, unitsSheet)
}
func (h *handler) peopleImport(w http.ResponseWriter, r *http.Request) {
	h.sheetImport(w, r, peopleSheet)
}

// sheetExport downloads the units or people sheet (admin, office: app
// checks), in the layout the import reads.
func (h *handler) sheetExport(w http.ResponseWriter, r *http.Request, s institutionSheet) {
	var buf bytes.Buffer
	if err := s.write(r.Context(), h.a, signedInOf(r).Account, &buf); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", xlsxType)
	hd.Set("Content-Disposition", app.ContentDispositionAs(s.file, s.title+".xlsx"))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

func (h *handler) showSheetImport(w http.ResponseWriter, r *http.Request, status int, d *sheetImportData) {
	h.render(w, r, status, "institution_import", h.newPage(r, d.Sheet.nav, d.Title(), d))
}

// sheetImportPage shows the upload form (admin), or after an import the
// counts and lists the redirect carried.
func (h *handler) sheetImportPage(w http.ResponseWriter, r *http.Request, s institutionSheet) {
	if !app.CanManageInstitution(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import the %s sheet", s.Name))
		return
	}
	d := &sheetImportData{Sheet: s}
	h.showSheetImport(w, r, http.StatusOK, d)
}

// sheetImport checks (dry_run) or imports an uploaded units or people
// sheet (admin) and shows the report: every bad row with its column and
// reason and nothing written; or what was created, updated and left, the
// accounts made without a password, and who is not in the sheet.
func (h *handler) sheetImport(w http.ResponseWriter, r *http.Request, s institutionSheet) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import the %s sheet", s.Name))
		return
	}
	d := &sheetImportData{Sheet: s}
	d.Submitted, d.DryRun = true, r.PostForm.Get("dry_run") != ""
	page := func(status int) { h.showSheetImport(w, r, status, d) }
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
	rep, err := s.read(r.Context(), h.a, acct, file, app.ImportOptions{DryRun: d.DryRun})
	d.Errors, d.Actions, d.NotInSheet, d.NewAccounts = rep.Errors, rep.Actions, rep.NotInSheet, len(rep.NewAccounts)
	d.Created, d.Updated, d.Unchanged = rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged)
	switch {
	case model.ErrorCode(err) == model.EINVALID:
		d.Errors, d.Message = sheetErrors(r, err, d.Errors)
		page(http.StatusUnprocessableEntity)
	case err != nil:
		h.fail(w, r, err)
	default:
		// The report is the answer itself, not a redirect: who is not in
		// the sheet are names and staff numbers, which must not travel in
		// an address (proxy logs, history). A repeated import changes
		// nothing, so a reload that posts again is harmless.
		w.Header().Set("Cache-Control", "no-store")
		page(http.StatusOK)
	}
}
