package api

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// evidenceJSON is an evidence file's description; url downloads it with
// the same bearer token.
type evidenceJSON struct {
	ID        int64     `json:"id"`
	Report    int64     `json:"report"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	URL       string    `json:"url"`
}

func evidenceOut(e model.Evidence) evidenceJSON {
	return evidenceJSON{ID: e.ID, Report: e.Report, Name: e.Name, Type: e.Type, Size: e.Size, SHA256: e.SHA256,
		Author: e.Author, CreatedAt: e.CreatedAt.UTC(), URL: fmt.Sprintf("/api/v1/evidence/%d", e.ID)}
}

// evidenceList converts a list, [] when empty.
func evidenceList(es []model.Evidence) []evidenceJSON {
	out := make([]evidenceJSON, 0, len(es))
	for _, e := range es {
		out = append(out, evidenceOut(e))
	}
	return out
}

// addEvidence attaches files to a progress report already filed:
// POST /api/v1/measures/{code}/progress/{id}/evidence with a
// multipart/form-data body whose file parts are named "evidence" (curl -F
// evidence=@scan.pdf -F evidence=@photo.jpg). Multipart rather than base64
// in JSON: files go as they are, a third smaller, and through the same
// parser and limits as the web form. The body is bounded before it is
// parsed; each file is checked by its content (see model.Evidence.Validate)
// and all are stored in one transaction, or none.
func (h *handler) addEvidence(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "progress report")
	if err != nil {
		return err
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return model.Invalid("", "send multipart/form-data with the files in parts named %q", app.EvidenceField)
	}
	r.Body = http.MaxBytesReader(w, r.Body, model.MaxEvidenceRequest)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return model.Invalid(app.EvidenceField, "the files sent together are larger than %d MB; send at most %d files of at most %d MB each",
				model.MaxEvidenceRequest>>20, model.MaxEvidenceFiles, model.MaxEvidenceSize>>20)
		}
		return model.Invalid("", "the multipart body cannot be read: %v", err)
	}
	files, err := app.EvidenceFromForm(r.MultipartForm)
	if err != nil {
		return err
	}
	stored, err := h.app.AddEvidence(r.Context(), s.Account, r.PathValue("code"), id, files)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, list[evidenceJSON]{Items: evidenceList(stored)})
}

// getEvidence downloads an evidence file, as the web does: always as an
// attachment, never to be shown inline (app.EvidenceHeaders).
func (h *handler) getEvidence(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "evidence")
	if err != nil {
		return err
	}
	e, err := h.app.Evidence(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	for k, v := range app.EvidenceHeaders(e) {
		w.Header()[k] = v
	}
	http.ServeContent(w, r, "", e.CreatedAt, bytes.NewReader(e.Data))
	return nil
}
