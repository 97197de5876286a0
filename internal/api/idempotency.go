package api

import (
	"bytes"
	"io"
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/submission"
)

// idempotencyHeader names the key a client sends to make a POST, PATCH,
// PUT or DELETE safe to retry: the same key with the same body gets the
// first answer again (with Idempotent-Replayed: true) and changes nothing;
// the same key with another body is 422 naming the header. Keys are per
// account and kept two days (app.SubmissionKeep), in the database, so they
// hold across servers.
const idempotencyHeader = "Idempotency-Key"

// guardIdempotent runs next once per account and key. The body is read
// here, for its digest, and handed on unchanged; one larger than any route
// takes is left to the route to refuse (413) without the guard.
func (h *handler) guardIdempotent(w http.ResponseWriter, r *http.Request, s app.SignedIn, key string, next http.Handler) {
	if err := submission.CheckKey(key, idempotencyHeader); err != nil {
		h.writeError(w, r, err)
		return
	}
	limit := int64(max(maxBody, model.MaxEvidenceRequest))
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		h.writeError(w, r, model.Invalid("body", "could not be read"))
		return
	}
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if int64(len(body)) > limit {
		next.ServeHTTP(w, r)
		return
	}
	req := submission.Request{Account: s.Account.ID, Key: key, Field: idempotencyHeader,
		Digest: submission.Digest([]byte(r.Method), []byte(r.URL.RequestURI()), body)}
	submission.Guard(h.app, w, r, req, h.writeError, next)
}
