package web

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// maxUpload bounds an uploaded spreadsheet.
const maxUpload = 10 << 20

// evidenceUploads are the routes whose multipart bodies carry evidence
// files rather than one spreadsheet, and so may be larger.
var evidenceUploads = map[string]bool{"POST /measures/{code}/progress": true}

// parsePost reads a POST body within its limit: a form, or a multipart
// upload (a spreadsheet to import) of at most maxUpload, or evidence files
// of at most model.MaxEvidenceRequest together, whose file parts beyond
// 1 MB go to temporary files the server removes after the request. The
// limit applies before anything is parsed.
func parsePost(w http.ResponseWriter, r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		limit, tooLarge := int64(maxUpload+1<<20), model.Invalid("file", "the file is larger than 10 MB")
		if evidenceUploads[r.Pattern] {
			limit = model.MaxEvidenceRequest
			tooLarge = model.Invalid(app.EvidenceField, "the files sent together are larger than %d MB; send at most %d files of at most %d MB each",
				model.MaxEvidenceRequest>>20, model.MaxEvidenceFiles, model.MaxEvidenceSize>>20)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return tooLarge
			}
			return model.Errorf(model.EINVALID, "bad form")
		}
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return model.Errorf(model.EINVALID, "bad form")
	}
	return nil
}

// xlsxType is the media type of .xlsx files.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// measureExport downloads the task decomposition table of the measures the
// list's filters select (office).
func (h *handler) measureExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := model.MeasureFilter{Unit: q.Get("unit"), Leader: q.Get("leader"), Theme: q.Get("theme"), Status: model.Status(q.Get("status")),
		Alert: model.Alert(q.Get("alert")), Period: q.Get("period"), Text: q.Get("q")}
	if m := q.Get("meeting"); m != "" {
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil || id <= 0 {
			h.fail(w, r, model.Invalid("meeting", "not a meeting id"))
			return
		}
		f.Meeting = id
	}
	h.sendTable(w, r, f)
}

// meetingExport downloads the task decomposition table of one meeting's
// measures (office).
func (h *handler) meetingExport(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to export"))
		return
	}
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.sendTable(w, r, model.MeasureFilter{Meeting: id})
}

func (h *handler) sendTable(w http.ResponseWriter, r *http.Request, f model.MeasureFilter) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to export"))
		return
	}
	rows, title, err := h.a.ExportRows(r.Context(), signedInOf(r).Account, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, title, xlsx.FromMeasureRows(rows)); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", xlsxType)
	hd.Set("Content-Disposition", app.ContentDispositionAs("measures.xlsx", title+".xlsx"))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// importData is the import page: the form, then what a check or an import
// found or did.
type importData struct {
	File      string
	Submitted bool
	DryRun    bool
	Message   string // a problem with the file as a whole
	Errors    []xlsx.RowError
	Actions   []app.ImportAction
	Created   int
	Updated   int
	Unchanged int
}

// measureImportPage shows the upload form (office).
func (h *handler) measureImportPage(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import measures"))
		return
	}
	d := &importData{}
	if q := r.URL.Query(); q.Get("done") != "" {
		// The result of an import, after the redirect that keeps a reload
		// from posting the file again.
		d.Submitted = true
		d.Created, _ = strconv.Atoi(q.Get("created"))
		d.Updated, _ = strconv.Atoi(q.Get("updated"))
		d.Unchanged, _ = strconv.Atoi(q.Get("unchanged"))
		var codes []string
		for _, ca := range strings.Split(q.Get("codes"), ",") {
			c, action, _ := strings.Cut(ca, ":")
			if model.ValidMeasureCode(c) && (action == app.ImportCreate || action == app.ImportUpdate) {
				d.Actions = append(d.Actions, app.ImportAction{Code: c, Action: action})
				codes = append(codes, c)
			}
		}
		if len(codes) > 0 {
			ms, _, err := h.a.Measures(r.Context(), signedInOf(r).Account, model.MeasureFilter{Codes: codes, Limit: app.MaxMeasureLimit})
			if err != nil {
				h.fail(w, r, err)
				return
			}
			titles := make(map[string]string, len(ms))
			for _, m := range ms {
				titles[m.Code] = m.Title
			}
			for i := range d.Actions {
				d.Actions[i].Title = titles[d.Actions[i].Code]
			}
		}
	}
	h.render(w, r, http.StatusOK, "measure_import", h.newPage(r, "measures", "import.title", d))
}

// importedURL is where a successful import redirects: the counts and, for a
// table of ordinary size, the codes written.
func importedURL(d *importData) string {
	v := url.Values{"done": {"1"}, "created": {strconv.Itoa(d.Created)}, "updated": {strconv.Itoa(d.Updated)},
		"unchanged": {strconv.Itoa(d.Unchanged)}}
	var codes []string
	for _, a := range d.Actions {
		if a.Action != app.ImportUnchanged {
			codes = append(codes, a.Code+":"+a.Action)
		}
	}
	if len(codes) <= 100 {
		v.Set("codes", strings.Join(codes, ","))
	}
	return "/measures/import?" + v.Encode()
}

// uploadedSheet returns the .xlsx file posted in the form's file field, or
// the catalog key of what is wrong with it: none sent, not .xlsx, too big.
// Every sheet import reads its upload through here.
func uploadedSheet(r *http.Request) (*multipart.FileHeader, string) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return nil, "import.no_file"
	}
	hdr := r.MultipartForm.File["file"][0]
	if !strings.HasSuffix(strings.ToLower(hdr.Filename), ".xlsx") {
		return hdr, "import.not_xlsx"
	}
	if hdr.Size > maxUpload {
		return hdr, "import.too_big"
	}
	return hdr, ""
}

// sheetErrors is what a refused import shows: its bad rows, or, when the
// file itself is wrong (no row named), the error's message alone.
func sheetErrors(r *http.Request, err error, rows []xlsx.RowError) ([]xlsx.RowError, string) {
	if len(rows) == 0 || rows[0].Row == 0 {
		return nil, errorText(r, err)
	}
	return rows, ""
}

// measureImport checks ("check only") or imports an uploaded task
// decomposition table and shows the row-by-row report: every bad row with
// its column and reason, and nothing written; or what was created and
// updated.
func (h *handler) measureImport(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "not allowed to import measures"))
		return
	}
	d := &importData{Submitted: true, DryRun: r.PostForm.Get("action") == "check"}
	page := func(status int) {
		h.render(w, r, status, "measure_import", h.newPage(r, "measures", "import.title", d))
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
	rep, err := xlsx.ImportMeasures(r.Context(), h.a, acct, file, app.ImportOptions{DryRun: d.DryRun})
	d.Errors, d.Actions = rep.Errors, rep.Actions
	d.Created, d.Updated, d.Unchanged = rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), rep.Count(app.ImportUnchanged)
	switch {
	case model.ErrorCode(err) == model.EINVALID:
		d.Errors, d.Message = sheetErrors(r, err, d.Errors)
		page(http.StatusUnprocessableEntity)
	case err != nil:
		h.fail(w, r, err)
	case d.DryRun:
		page(http.StatusOK)
	default:
		redirect(w, r, importedURL(d))
	}
}

// i18nMsg is a catalog message in the signed-in account's language.
func i18nMsg(r *http.Request, key string) string {
	return i18n.T(i18n.Lang(signedInOf(r).Account.Lang), key)
}

// ExportLink downloads the task decomposition table of the list as
// filtered (status included; the cursor is not a filter).
func (d *measureListData) ExportLink() string {
	return link("/measures/export.xlsx", "unit", d.Unit, "leader", d.Leader, "theme", d.Theme, "status", d.Status,
		"alert", d.Alert, "period", d.Period, "q", d.Q)
}
