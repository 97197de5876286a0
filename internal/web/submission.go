package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/submission"
)

// submissionField is the hidden field of every form that changes
// something (the "csrf" template writes it): a token made for that one
// rendering of the form, so submitting it twice makes one record.
const submissionField = "submission"

// Submission is a fresh one-time token for one form of the page.
func (p *page) Submission() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// guardSubmission runs the route once per form token: a repeat gets the
// first answer (usually the redirect to what was made), never a second
// record. What makes two posts the same submission is the path and every
// field but the tokens, files by name and size.
func (h *handler) guardSubmission(w http.ResponseWriter, r *http.Request, rt route, acct model.Account, key string) {
	if err := submission.CheckKey(key, submissionField); err != nil {
		h.fail(w, r, err)
		return
	}
	form := make(url.Values, len(r.PostForm))
	for k, v := range r.PostForm {
		if k != "csrf" && k != submissionField {
			form[k] = v
		}
	}
	parts := [][]byte{[]byte(r.Method), []byte(r.URL.RequestURI()), []byte(form.Encode())}
	if r.MultipartForm != nil {
		names := make([]string, 0, len(r.MultipartForm.File))
		for k := range r.MultipartForm.File {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			for _, f := range r.MultipartForm.File[k] {
				parts = append(parts, fmt.Appendf(nil, "%s\x00%s\x00%d", k, f.Filename, f.Size))
			}
		}
	}
	req := submission.Request{Account: acct.ID, Key: key, Field: submissionField, Digest: submission.Digest(parts...), SameContent: true}
	submission.Guard(h.a, w, r, req, h.refuseSubmission, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.handle(h, w, r) }))
}

// refuseSubmission tells the reader, in their language, why a repeated
// form was not run again: it was sent before with other content (Back,
// changed, resubmitted), or its first sending is still being saved.
func (h *handler) refuseSubmission(w http.ResponseWriter, r *http.Request, err error) {
	e := model.ErrorOf(err)
	if e == nil || model.ClientGone(r.Context(), err) {
		h.fail(w, r, err)
		return
	}
	lang := i18n.Lang(signedInOf(r).Account.Lang)
	switch {
	case e.Code == model.EINVALID && e.Field == submissionField:
		h.fail(w, r, &model.Error{Code: model.ECONFLICT, Field: submissionField, Message: i18n.T(lang, "submission.reused")})
	case e.Code == model.ECONFLICT:
		h.fail(w, r, &model.Error{Code: model.ECONFLICT, RetryAfter: e.RetryAfter, Message: i18n.T(lang, "submission.running")})
	default:
		h.fail(w, r, err)
	}
}
