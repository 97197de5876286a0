// Package ssotest serves what luoshi's single sign-on talks to, for tests:
// a small CAS server (an http handler on loopback) and a small LDAP
// directory (vjeantet/ldapserver on loopback, plain, StartTLS or ldaps).
package ssotest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// CAS is a CAS server on 127.0.0.1. Its /login signs in whoever the test
// said (SignInAs) without asking, issues a service ticket and sends the
// browser back to the service with it; /serviceValidate (2.0, no
// attributes) and /p3/serviceValidate (3.0, with attributes) accept a ticket
// once, and only for the service it was issued for.
type CAS struct {
	// URL is the server's base, e.g. http://127.0.0.1:PORT/cas.
	URL string

	mu      sync.Mutex
	user    string
	attrs   map[string][]string
	tickets map[string]casTicket
	checks  int
}

// Validations counts the validation requests so far.
func (c *CAS) Validations() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checks
}

type casTicket struct {
	service, user string
	attrs         map[string][]string
}

// NewCAS starts a CAS server for the test.
func NewCAS(t testing.TB) *CAS {
	c := &CAS{tickets: map[string]casTicket{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cas/login", c.login)
	mux.HandleFunc("GET /cas/serviceValidate", func(w http.ResponseWriter, r *http.Request) { c.validate(w, r, false) })
	mux.HandleFunc("GET /cas/p3/serviceValidate", func(w http.ResponseWriter, r *http.Request) { c.validate(w, r, true) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c.URL = srv.URL + "/cas"
	return c
}

// SignInAs makes /login issue tickets for user with attrs from now on.
func (c *CAS) SignInAs(user string, attrs map[string][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.user, c.attrs = user, attrs
}

// Issue issues a ticket for service to the signed-in user, as /login does.
func (c *CAS) Issue(service string) string {
	b := make([]byte, 16)
	rand.Read(b)
	tk := "ST-1-" + hex.EncodeToString(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tickets[tk] = casTicket{service: service, user: c.user, attrs: c.attrs}
	return tk
}

func (c *CAS) login(w http.ResponseWriter, r *http.Request) {
	service := r.URL.Query().Get("service")
	u, err := url.Parse(service)
	if service == "" || err != nil || u.Scheme == "" {
		http.Error(w, "no service", http.StatusBadRequest)
		return
	}
	q := u.Query()
	q.Set("ticket", c.Issue(service))
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (c *CAS) validate(w http.ResponseWriter, r *http.Request, v3 bool) {
	q := r.URL.Query()
	c.mu.Lock()
	c.checks++
	tk, ok := c.tickets[q.Get("ticket")]
	delete(c.tickets, q.Get("ticket")) // once, whatever the outcome
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	var b strings.Builder
	b.WriteString("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n")
	switch {
	case q.Get("ticket") == "" || q.Get("service") == "":
		fmt.Fprintf(&b, "  <cas:authenticationFailure code=\"INVALID_REQUEST\">ticket and service are required</cas:authenticationFailure>\n")
	case !ok:
		fmt.Fprintf(&b, "  <cas:authenticationFailure code=\"INVALID_TICKET\">Ticket %s not recognized</cas:authenticationFailure>\n", esc(q.Get("ticket")))
	case tk.service != q.Get("service"):
		fmt.Fprintf(&b, "  <cas:authenticationFailure code=\"INVALID_SERVICE\">Ticket was issued for another service</cas:authenticationFailure>\n")
	default:
		fmt.Fprintf(&b, "  <cas:authenticationSuccess>\n    <cas:user>%s</cas:user>\n", esc(tk.user))
		if v3 {
			b.WriteString("    <cas:attributes>\n")
			names := make([]string, 0, len(tk.attrs))
			for n := range tk.attrs {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				for _, v := range tk.attrs[n] {
					fmt.Fprintf(&b, "      <cas:%s>%s</cas:%s>\n", n, esc(v), n)
				}
			}
			b.WriteString("    </cas:attributes>\n")
		}
		b.WriteString("  </cas:authenticationSuccess>\n")
	}
	b.WriteString("</cas:serviceResponse>\n")
	w.Write([]byte(b.String()))
}

func esc(s string) string { return html.EscapeString(s) }
