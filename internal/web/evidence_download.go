package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// evidenceDownload sends an evidence file to whoever may see it, always
// as a download (see app.EvidenceHeaders).
func (h *handler) evidenceDownload(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no evidence %q", r.PathValue("id")))
		return
	}
	e, err := h.a.Evidence(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for k, v := range app.EvidenceHeaders(e) {
		w.Header()[k] = v
	}
	http.ServeContent(w, r, "", e.CreatedAt, bytes.NewReader(e.Data))
}
