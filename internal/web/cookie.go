package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/origin"
)

// Cookies are HttpOnly always, and Secure when the browser reached us over
// https (directly, or through a trusted proxy that says so). A Secure cookie
// takes the __Host- prefix: the browser then keeps it only when set by this
// very host over https with Path=/ and no Domain, so no sibling host of the
// campus domain can plant a session or a sign-in token of its own. Over
// plain http the prefix is not allowed, and the plain name is used.
const hostPrefix = "__Host-"

// cookieName is a cookie's name as the request's scheme has it.
func cookieName(r *http.Request, name string) string {
	if origin.Of(r).Secure() {
		return hostPrefix + name
	}
	return name
}

// setCookie sets (or, with maxAge < 0, deletes) one of luoshi's cookies
// with the flags above. Secure cookies have Path "/" as __Host- requires.
func setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge int, sameSite http.SameSite) {
	secure := origin.Of(r).Secure()
	if secure {
		path = "/"
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName(r, name), Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: sameSite})
}

// readCookie reads one of luoshi's cookies under the name the request's
// scheme gives it: over https only the __Host- one counts.
func readCookie(r *http.Request, name string) (string, bool) {
	c, err := r.Cookie(cookieName(r, name))
	if err != nil || c.Value == "" {
		return "", false
	}
	return c.Value, true
}

// The session cookie is SameSite=Lax, not Strict: a link to a measure in a
// digest e-mail or a chat message is a cross-site navigation, and Strict
// would show the reader the sign-in form although signed in. Lax still
// keeps it off cross-site POSTs, and every POST checks the CSRF token too.
// The sign-in form's token cookie is Strict: nobody arrives at a sign-in
// POST by following a link.

// setSessionCookie gives the browser its session token.
func setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	setCookie(w, r, sessionCookie, token, "/", 0, http.SameSiteLaxMode)
}

// clearSessionCookie makes the browser forget its session token.
func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	setCookie(w, r, sessionCookie, "", "/", -1, http.SameSiteLaxMode)
}
