package app

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// EvidenceField is the form field (web and API) that carries evidence
// files, and the field errors about them name.
const EvidenceField = "evidence"

// EvidenceFromForm reads the files of a parsed multipart form's evidence
// field. It refuses too many files and oversized ones before reading any
// content (the form's parser has already bounded the whole body), and keeps
// each file's name as the client sent it, path and all, so that
// model.CleanFileName can refuse a path rather than silently trim it (the
// multipart package's Filename is already trimmed). A file input left
// empty (a part with no name and no content) is skipped.
func EvidenceFromForm(form *multipart.Form) ([]model.Evidence, error) {
	if form == nil {
		return nil, nil
	}
	var parts []*multipart.FileHeader
	for _, fh := range form.File[EvidenceField] {
		if fh.Size == 0 && rawFileName(fh) == "" {
			continue
		}
		parts = append(parts, fh)
	}
	if err := tooManyFiles(0, len(parts)); err != nil {
		return nil, err
	}
	out := make([]model.Evidence, 0, len(parts))
	for _, fh := range parts {
		name := rawFileName(fh)
		if fh.Size > model.MaxEvidenceSize {
			return nil, model.Invalid(EvidenceField, "%s is larger than %d MB", name, model.MaxEvidenceSize>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fmt.Errorf("app: open uploaded file: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(f, model.MaxEvidenceSize+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("app: read uploaded file: %w", err)
		}
		out = append(out, model.Evidence{Name: name, Data: data})
	}
	return out, nil
}

// rawFileName is the filename parameter of a part's Content-Disposition as
// sent, or the multipart package's trimmed one when it cannot be parsed.
func rawFileName(fh *multipart.FileHeader) string {
	if _, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition")); err == nil {
		if name, ok := params["filename"]; ok {
			return name
		}
	}
	return fh.Filename
}

// checkEvidence checks files about to join a report that has have files:
// their number, then each file (model.Evidence.Validate). It runs before
// the write transaction, so the content sniffing and hashing of up to 50 MB
// never hold the database's one writer.
func checkEvidence(actor model.Account, files []model.Evidence, have int) error {
	if err := tooManyFiles(have, len(files)); err != nil {
		return err
	}
	for i := range files {
		if err := files[i].Validate(EvidenceField); err != nil {
			return err
		}
		files[i].Author = actor.Username
	}
	return nil
}

// tooManyFiles refuses sent more files on a report that has have.
func tooManyFiles(have, sent int) error {
	switch {
	case have+sent <= model.MaxEvidenceFiles:
		return nil
	case have == 0:
		return model.Invalid(EvidenceField, "%d files sent; a progress report carries at most %d", sent, model.MaxEvidenceFiles)
	}
	return model.Invalid(EvidenceField, "the report has %d files and %d more were sent; a progress report carries at most %d",
		have, sent, model.MaxEvidenceFiles)
}

// AddEvidence attaches files to a progress report already filed on measure
// code, in one transaction with one audit event: the office to any report,
// a unit to its own (CanAddEvidence), up to model.MaxEvidenceFiles per
// report, while the office has not accepted the report.
func (a *App) AddEvidence(ctx context.Context, actor model.Account, code string, reportID int64, files []model.Evidence) ([]model.Evidence, error) {
	if len(files) == 0 {
		return nil, model.Invalid(EvidenceField, "send at least one file")
	}
	if err := checkEvidence(actor, files, 0); err != nil {
		return nil, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	err = a.change(ctx, actor, "add_evidence", "measure", func(tx *store.Tx, ev *Event) error {
		m, err := tx.Measure(ctx, code, t)
		if err != nil {
			return err
		}
		if !CanReport(actor, m) {
			return forbidden("add evidence to reports on " + code)
		}
		rep, measureID, err := tx.ProgressReport(ctx, reportID)
		if err != nil {
			return err
		}
		if measureID != m.ID {
			return model.Errorf(model.ENOTFOUND, "progress report %d is not a report on %s", reportID, code)
		}
		author, err := tx.Account(ctx, rep.Author)
		if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
			return err
		}
		if !CanAddEvidence(actor, m, author) {
			return forbidden(fmt.Sprintf("add evidence to progress report %d, filed outside your unit", reportID))
		}
		if m.Cancelled {
			return model.Errorf(model.ECONFLICT, "measure %s is cancelled", code)
		}
		if rep.Review == model.ReviewAccepted {
			return model.Errorf(model.ECONFLICT, "progress report %d has been accepted; file a new report to add evidence", reportID)
		}
		have, err := tx.EvidenceCount(ctx, reportID)
		if err != nil {
			return err
		}
		if err := tooManyFiles(have, len(files)); err != nil {
			return err
		}
		for i := range files {
			files[i].Measure = code
			if err := tx.InsertEvidence(ctx, measureID, reportID, &files[i]); err != nil {
				return err
			}
		}
		ev.ID = code
		ev.After = map[string]any{"report": reportID, "evidence": files}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Evidence returns one evidence file with its content, for a download by
// someone who may see it (CanSeeEvidence).
func (a *App) Evidence(ctx context.Context, actor model.Account, id int64) (model.Evidence, error) {
	e, err := a.store.Evidence(ctx, id)
	if err != nil {
		return e, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Evidence{}, err
	}
	m, err := a.store.Measure(ctx, e.Measure, t)
	if err != nil {
		return model.Evidence{}, err
	}
	if !CanSeeEvidence(actor, m) {
		return model.Evidence{}, forbidden(fmt.Sprintf("see the evidence of %s", m.Code))
	}
	return e, nil
}

// EvidenceHeaders are the response headers an evidence file is sent with,
// by the web and the API alike. A file is what a unit uploaded, so it is
// never shown inside the site: it always downloads (attachment), with the
// type decided at upload and no sniffing, and under a CSP that sandboxes it
// should a browser render it anyway.
func EvidenceHeaders(e model.Evidence) http.Header {
	h := http.Header{}
	h.Set("Content-Type", e.Type)
	h.Set("Content-Disposition", ContentDisposition(e.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Download-Options", "noopen")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+e.SHA256+`"`)
	return h
}

// ContentDisposition says "download as name": filename* carries the name
// in UTF-8 as RFC 5987 and RFC 6266 say, which every current browser reads
// (Chinese names included); filename is an ASCII stand-in for older
// programs, with every other character replaced by "_".
func ContentDisposition(name string) string { return ContentDispositionAs("", name) }

// ContentDispositionAs is ContentDisposition with the ASCII stand-in
// given ("measures.xlsx" for 2024年暑期工作研讨会重点任务分解表.xlsx); "" makes
// it from name. Every download luoshi serves is named through here.
func ContentDispositionAs(ascii, name string) string {
	if ascii == "" {
		ascii = name
	}
	var plain, enc strings.Builder
	for _, c := range ascii {
		if c == '"' || c == '\\' || c < 0x20 || c >= 0x7f {
			plain.WriteByte('_')
		} else {
			plain.WriteRune(c)
		}
	}
	for _, b := range []byte(name) {
		if attrChar(b) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + plain.String() + `"; filename*=UTF-8''` + enc.String()
}

// attrChar reports whether b may stand unencoded in an RFC 5987 value.
func attrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}
