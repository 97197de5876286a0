package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/sso"
)

// ssoFlowCookie keeps one sign-in through an identity service between
// sending the browser there and its return: the state the return must
// carry (and, for OpenID Connect, the nonce and the PKCE verifier), and the
// page to go to afterwards. It lives ten minutes and is SameSite=Lax, not
// Strict: the return is a cross-site navigation, which Strict would strip
// the cookie from.
const ssoFlowCookie = "luoshi_sso"

const ssoFlowAge = 10 * 60

type ssoFlow struct {
	Method string   `json:"m"`
	Flow   sso.Flow `json:"f"`
	Next   string   `json:"next"`
}

func setSSOFlow(w http.ResponseWriter, r *http.Request, f ssoFlow) {
	b, _ := json.Marshal(f)
	setCookie(w, r, ssoFlowCookie, base64.RawURLEncoding.EncodeToString(b), "/signin", ssoFlowAge, http.SameSiteLaxMode)
}

// takeSSOFlow reads the flow cookie of method and deletes it: a flow is
// good for one return.
func takeSSOFlow(w http.ResponseWriter, r *http.Request, method string) (ssoFlow, bool) {
	var f ssoFlow
	v, ok := readCookie(r, ssoFlowCookie)
	if !ok {
		return f, false
	}
	setCookie(w, r, ssoFlowCookie, "", "/signin", -1, http.SameSiteLaxMode)
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || json.Unmarshal(b, &f) != nil || f.Method != method || f.Flow.State == "" {
		return ssoFlow{}, false
	}
	return f, true
}

// ssoButtons says which identity services the sign-in page offers.
func (h *handler) ssoButtons(r *http.Request) (cas, oidc bool) {
	o, err := h.a.SignInOptions(r.Context())
	if err != nil {
		h.a.Log.Error("web: sign-in options", "err", err)
	}
	return o.CAS, o.OIDC
}

// signinMessage is the sign-in page's message for a failed sign-in: def
// for a wrong password and the like, or what a single sign-on refusal says.
func signinMessage(err error, def string) (key, arg string) {
	var sr *app.SSORefusal
	if !errors.As(err, &sr) || sr.Reason == "rejected" && def == "signin.failed" {
		return def, ""
	}
	return "signin.sso_" + sr.Reason, sr.Value
}

// ssoFailed shows the sign-in page with what went wrong: never a stack
// trace, and never whether an account exists unless the identity service
// vouched for the person asking.
func (h *handler) ssoFailed(w http.ResponseWriter, r *http.Request, err error, next string) {
	if model.ErrorCode(err) == model.ENOTFOUND {
		h.notFound(w, r)
		return
	}
	var sr *app.SSORefusal
	if !errors.As(err, &sr) {
		h.fail(w, r, err)
		return
	}
	d := signinData{Next: next}
	d.Error, d.ErrorArg = signinMessage(err, "signin.sso_rejected")
	status := http.StatusUnauthorized
	if sr.Reason == "unavailable" {
		status = http.StatusBadGateway
	}
	h.showSignin(w, r, status, d)
}

// ssoSignedIn gives the browser its new session and goes where it was going.
func (h *handler) ssoSignedIn(w http.ResponseWriter, r *http.Request, s app.SignedIn, next string) {
	h.endPreviousSession(r)
	setSessionCookie(w, r, s.Token)
	redirect(w, r, localPath(next, landingOf(s.Account)))
}

// casStart sends the browser to the CAS server's login, remembering the
// state (which comes back in the service URL) and the page asked for.
func (h *handler) casStart(w http.ResponseWriter, r *http.Request) {
	f := ssoFlow{Method: app.SourceCAS, Flow: sso.Flow{State: newToken()}, Next: localPath(r.URL.Query().Get("next"), "")}
	to, err := h.a.CASLogin(r.Context(), f.Flow.State)
	if err != nil {
		h.ssoFailed(w, r, err, f.Next)
		return
	}
	setSSOFlow(w, r, f)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// casCallback is where the CAS server sends the browser back with a
// ticket: the state must be this browser's, and the ticket good for the
// service URL carrying it.
func (h *handler) casCallback(w http.ResponseWriter, r *http.Request) {
	if cas, _ := h.ssoButtons(r); !cas {
		h.notFound(w, r)
		return
	}
	q := r.URL.Query()
	f, ok := takeSSOFlow(w, r, app.SourceCAS)
	if !ok || !sameToken(q.Get("state"), f.Flow.State) {
		h.a.Log.Info("web: cas return without its sign-in (no flow cookie, or another state)")
		h.ssoFailed(w, r, app.ErrSSOFlow, f.Next)
		return
	}
	s, err := h.a.SignInCAS(r.Context(), f.Flow.State, q.Get("ticket"))
	if err != nil {
		h.ssoFailed(w, r, err, f.Next)
		return
	}
	h.ssoSignedIn(w, r, s, f.Next)
}

// oidcStart sends the browser to the OpenID Connect provider with a fresh
// state, nonce and PKCE challenge, keeping them in the flow cookie.
func (h *handler) oidcStart(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"), "")
	flow, to, err := h.a.OIDCLogin(r.Context())
	if err != nil {
		h.ssoFailed(w, r, err, next)
		return
	}
	setSSOFlow(w, r, ssoFlow{Method: app.SourceOIDC, Flow: flow, Next: next})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// oidcCallback is where the provider sends the browser back with a code
// (or an error, e.g. the person declined).
func (h *handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if _, oidc := h.ssoButtons(r); !oidc {
		h.notFound(w, r)
		return
	}
	q := r.URL.Query()
	f, ok := takeSSOFlow(w, r, app.SourceOIDC)
	if !ok {
		h.a.Log.Info("web: oidc return without its sign-in (no flow cookie)")
		h.ssoFailed(w, r, app.ErrSSOFlow, "")
		return
	}
	if e := q.Get("error"); e != "" {
		h.a.Log.Info("web: oidc provider returned an error", "error", e, "description", q.Get("error_description"))
		h.ssoFailed(w, r, app.ErrSSOFlow, f.Next)
		return
	}
	s, err := h.a.SignInOIDC(r.Context(), f.Flow, q.Get("state"), q.Get("code"))
	if err != nil {
		h.ssoFailed(w, r, err, f.Next)
		return
	}
	h.ssoSignedIn(w, r, s, f.Next)
}
