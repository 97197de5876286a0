// Package sso checks a person's identity with the university's identity
// service: CAS 2.0/3.0 service tickets, OpenID Connect (authorization code
// with PKCE) and LDAP bind. It knows nothing of luoshi's accounts or its
// database: each protocol answers with an Identity, and app decides which
// account that is, or creates one.
package sso

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Identity is who the identity service says signed in.
type Identity struct {
	Username string
	Name     string
	Email    string
	// Attributes are everything else the service told about the person
	// (CAS attributes, OIDC claims, LDAP attributes), by name.
	Attributes map[string][]string
}

// First returns the first value of an attribute, or "".
func (id Identity) First(name string) string {
	if vs := id.Attributes[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// ErrRejected is the identity service saying no: a wrong password, an
// unknown user, a ticket that is invalid, used or for another service, a
// state that does not match. Every other error means the service could not
// be asked or answered something unexpected.
var ErrRejected = errors.New("sso: rejected")

func rejected(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRejected, fmt.Sprintf(format, args...))
}

// ConfigError names the setting that is wrong, so a settings form can point
// at it.
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string { return "sso: " + e.Field + ": " + e.Reason }

// Timeout bounds each exchange with an identity service: a campus service
// that hangs must not hold sign-in requests open.
const Timeout = 10 * time.Second

// httpClient returns a copy of c (or a new client) that never follows a
// redirect: a ticket or a code is sent to the configured service and to no
// other host it might point at.
func httpClient(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	if out.Timeout == 0 {
		out.Timeout = Timeout
	}
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &out
}

// CheckHTTPURL reports whether s is an absolute http or https URL with a
// host and no query or fragment (a base that paths are appended to).
func CheckHTTPURL(field, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return &ConfigError{field, "must be an http:// or https:// address, e.g. https://id.example.edu.cn"}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return &ConfigError{field, "must not have a query (?) or fragment (#)"}
	}
	return nil
}

// isLoopback reports whether host is this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
