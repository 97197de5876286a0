// Package submission makes a repeated request harmless for both faces: a
// form's one-time token or an API request's Idempotency-Key is claimed with
// the first change the request makes (app.Claim), and a repeat of the same
// submission — a double click, Back and resubmit, a retry after a timeout —
// gets the first request's answer again and writes nothing.
package submission

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Request is one submission: whose, its key, the field a refusal names
// ("submission" for a form, "Idempotency-Key" for the API) and the digest
// of what was sent.
type Request struct {
	Account int64
	Key     string
	Field   string
	Digest  string
	// SameContent also answers, as a repeat, a request with a new key whose
	// content is the account's last submission's, made moments ago: a
	// form's page shown again by Back can carry a fresh token (the browser
	// fetched it anew) with the text the reader typed restored. Not for the
	// API, whose clients choose their keys.
	SameContent bool
}

// Digest is the SHA-256 of the parts of a request that make it the same
// request: method, path and body, each length-prefixed.
func Digest(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i, l := 0, len(p); i < 8; i, l = i+1, l>>8 {
			n[i] = byte(l)
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CheckKey refuses keys that cannot be one: empty, longer than 255 bytes,
// or holding anything but printable ASCII.
func CheckKey(key, field string) error {
	if key == "" || len(key) > 255 {
		return model.Invalid(field, "must be 1 to 255 characters")
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return model.Invalid(field, "must be printable ASCII without spaces")
		}
	}
	return nil
}

// wait bounds how long a repeat waits for the first request's answer while
// that request is still running (the first click of a double click): long
// enough for any change, short of a browser's patience.
var wait = 15 * time.Second

// maxKept bounds the answer kept for repeats; a larger one (a long import
// report) is kept without its body, and a repeat is told it was done.
const maxKept = 4 << 20

// Guard runs next once for req: a first request runs with req's claim in
// its context and its answer is kept if it changed anything; a repeat is
// answered with that answer, after waiting for it if the first is still
// running. refuse writes an error the face's way: the key reused for
// another request (EINVALID naming req.Field), or a first request still
// running past the wait (ECONFLICT with RetryAfter).
func Guard(a *app.App, w http.ResponseWriter, r *http.Request, req Request, refuse func(http.ResponseWriter, *http.Request, error), next http.Handler) {
	ctx := r.Context()
	if sub, err := a.Submission(ctx, req.Account, req.Key); err == nil {
		replay(a, w, r, req, sub, refuse)
		return
	} else if model.ErrorCode(err) != model.ENOTFOUND {
		refuse(w, r, err)
		return
	}
	if req.SameContent {
		if last, err := a.LastSubmission(ctx, req.Account); err == nil && last.Digest == req.Digest {
			replay(a, w, r, req, last, refuse)
			return
		}
	}
	c := &app.Claim{Account: req.Account, Key: req.Key, Digest: req.Digest}
	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, r.WithContext(app.WithClaim(ctx, c)))
	if c.Repeat {
		sub, err := awaitAnswer(ctx, a, req)
		if err != nil {
			refuse(w, r, err)
			return
		}
		replay(a, w, r, req, sub, refuse)
		return
	}
	if c.Claimed {
		sub := model.Submission{Digest: req.Digest, Status: rec.status, Location: rec.header.Get("Location"), ContentType: rec.header.Get("Content-Type")}
		if rec.body.Len() <= maxKept && !c.Secret {
			sub.Body = rec.body.Bytes()
		}
		if err := a.AnswerSubmission(ctx, c, sub); err != nil {
			a.Log.Warn("submission: keep answer", "key", req.Key, "err", err)
		}
	}
	rec.writeTo(w)
}

// replay answers a repeat with the first request's answer.
func replay(a *app.App, w http.ResponseWriter, r *http.Request, req Request, sub model.Submission, refuse func(http.ResponseWriter, *http.Request, error)) {
	if sub.Digest != req.Digest {
		refuse(w, r, model.Invalid(req.Field, "was already used for another request; send a new one"))
		return
	}
	if !sub.Answered() {
		var err error
		if sub, err = awaitAnswer(r.Context(), a, req); err != nil {
			refuse(w, r, err)
			return
		}
	}
	h := w.Header()
	if sub.Location != "" {
		h.Set("Location", sub.Location)
	}
	if sub.ContentType != "" {
		h.Set("Content-Type", sub.ContentType)
	}
	h.Set("Idempotent-Replayed", "true")
	w.WriteHeader(sub.Status)
	w.Write(sub.Body)
}

// errStillRunning answers a repeat whose first request has not answered
// within the wait.
var errStillRunning = &model.Error{Code: model.ECONFLICT, RetryAfter: time.Second,
	Message: "the first request with this submission is still running; try again in a moment"}

// awaitAnswer waits for the first request's answer to be kept.
func awaitAnswer(ctx context.Context, a *app.App, req Request) (model.Submission, error) {
	deadline := time.Now().Add(wait)
	for {
		sub, err := a.Submission(ctx, req.Account, req.Key)
		switch {
		case err != nil && model.ErrorCode(err) != model.ENOTFOUND:
			return sub, err
		case err == nil && sub.Answered():
			return sub, nil
		case time.Now().After(deadline):
			return sub, errStillRunning
		}
		select {
		case <-ctx.Done():
			return sub, errors.Join(errStillRunning, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// recorder holds a first request's answer until it is kept.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) writeTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
