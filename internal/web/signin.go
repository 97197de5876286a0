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
	http.SetCookie(w, &http.Cookie{Name: signinCSRFCookie, Value: d.CSRF, Path: "/signin", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	p := h.newPage(r, "", "signin.title", d)
	p.User, p.CSRF = nil, ""
	h.render(w, r, status, "signin", p)
}

// signinSubmit checks the double-submit token and the password, then sets
// the session cookie and goes where the user was going.
func (h *handler) signinSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, model.Errorf(model.EINVALID, "bad form"))
		return
	}
	c, err := r.Cookie(signinCSRFCookie)
	if err != nil || !sameToken(c.Value, r.PostForm.Get("csrf")) {
		h.fail(w, r, errCSRF)
		return
	}
	d := signinData{Username: r.PostForm.Get("username"), Next: localPath(r.PostForm.Get("next"), "")}
	s, err := h.a.SignIn(r.Context(), d.Username, r.PostForm.Get("password"))
	if err != nil {
		switch model.ErrorCode(err) {
		case model.EUNAUTHORIZED, model.EINVALID:
			d.Error = "signin.failed"
			h.showSignin(w, r, http.StatusUnauthorized, d)
		default:
			h.fail(w, r, err)
		}
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.Token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.SetCookie(w, &http.Cookie{Name: signinCSRFCookie, Path: "/signin", MaxAge: -1})
	redirect(w, r, localPath(d.Next, "/"))
}

// signout ends the session and clears the cookie.
func (h *handler) signout(w http.ResponseWriter, r *http.Request) {
	if err := h.a.SignOut(r.Context(), signedInOf(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
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
