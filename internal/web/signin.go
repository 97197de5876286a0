package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// signinCSRFCookie holds the sign-in form's double-submit token: there is
// no session yet to keep a token in, so the cookie and the hidden field
// must match, which a cross-site form cannot arrange.
const signinCSRFCookie = "luoshi_signin_csrf"

type signinData struct {
	Username string
	Next     string
	CSRF     string
	Error    string
	// ErrorArg fills in Error's message (single sign-on refusals name a
	// value); CAS and OIDC show the identity services' buttons.
	ErrorArg  string
	CAS, OIDC bool
}

func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// signinPage shows the sign-in form with a fresh double-submit token.
func (h *handler) signinPage(w http.ResponseWriter, r *http.Request) {
	h.showSignin(w, r, http.StatusOK, signinData{Next: localPath(r.URL.Query().Get("next"), "")})
}

func (h *handler) showSignin(w http.ResponseWriter, r *http.Request, status int, d signinData) {
	d.CSRF = newToken()
	d.CAS, d.OIDC = h.ssoButtons(r)
	setCookie(w, r, signinCSRFCookie, d.CSRF, "/signin", 0, http.SameSiteStrictMode)
	p := h.newPage(r, "", "signin.title", d)
	p.User, p.CSRF = nil, ""
	h.render(w, r, status, "signin", p)
}

// signinSubmit checks the double-submit token and the password, then sets
// the session cookie and goes where the user was going. Every failure gets
// the same page and status (no account enumeration), except too many
// failures from one address (429, with Retry-After).
func (h *handler) signinSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, model.Errorf(model.EINVALID, "bad form"))
		return
	}
	c, ok := readCookie(r, signinCSRFCookie)
	if !ok || !sameToken(c, r.PostForm.Get("csrf")) {
		h.fail(w, r, errCSRF)
		return
	}
	d := signinData{Username: r.PostForm.Get("username"), Next: localPath(r.PostForm.Get("next"), "")}
	s, err := h.a.PasswordSignIn(r.Context(), d.Username, r.PostForm.Get("password"))
	if err != nil {
		switch model.ErrorCode(err) {
		case model.EUNAUTHORIZED, model.EINVALID:
			d.Error, d.ErrorArg = signinMessage(err, "signin.failed")
			h.showSignin(w, r, http.StatusUnauthorized, d)
		case model.ETOOMANY:
			d.Error = "signin.too_many"
			retryAfter(w, err)
			h.showSignin(w, r, http.StatusTooManyRequests, d)
		default:
			h.fail(w, r, err)
		}
		return
	}
	h.endPreviousSession(r)
	setSessionCookie(w, r, s.Token)
	setCookie(w, r, signinCSRFCookie, "", "/signin", -1, http.SameSiteStrictMode)
	redirect(w, r, localPath(d.Next, landingOf(s.Account)))
}

// endPreviousSession ends the session the browser was in before signing in
// anew, if any: a sign-in always starts a session under a new token, and the
// old token must not outlive it.
func (h *handler) endPreviousSession(r *http.Request) {
	if old, err := h.session(r); err == nil {
		if err := h.a.SignOut(r.Context(), old); err != nil {
			h.a.Log.Warn("web: end previous session", "err", err)
		}
	}
}

// signout ends the session and clears the cookie.
func (h *handler) signout(w http.ResponseWriter, r *http.Request) {
	if err := h.a.SignOut(r.Context(), signedInOf(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	clearSessionCookie(w, r)
	// Pages the browser kept for Back go with the session.
	w.Header().Set("Clear-Site-Data", `"cache"`)
	redirect(w, r, "/signin")
}

// setLanguage keeps the chosen language on the account and returns to the
// page the switch was pressed on.
func (h *handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	if err := h.a.SetLanguage(r.Context(), signedInOf(r).Account, r.PostForm.Get("lang")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, localPath(r.PostForm.Get("next"), "/"))
}
