package sso

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

// LDAP security: StartTLS on ldap://, TLS from the start on ldaps://, or
// none, which is allowed only to this machine (a directory proxy on
// loopback): a password must not cross the network in clear.
const (
	LDAPStartTLS = "starttls"
	LDAPS        = "ldaps"
	LDAPPlain    = "none"
)

// LDAP is a directory that people sign in against with a search and a bind:
// the service account (BindDN, or anonymous when empty) finds the person's
// entry with Filter, then luoshi binds as that entry with the password typed.
type LDAP struct {
	URL      string // ldap://ldap.example.edu.cn or ldaps://…:636
	Security string
	BindDN   string
	// BindPassword is the service account's password.
	BindPassword string
	BaseDN       string
	// Filter finds a person; %s stands for the username, escaped per RFC
	// 4515, e.g. (uid=%s) or (&(objectClass=person)(uid=%s)).
	Filter string
	// NameAttr and EmailAttr name the attributes holding the name and the
	// e-mail address; Attributes are further ones to return (the unit's).
	NameAttr, EmailAttr string
	Attributes          []string
	// RootCAs are the certificates the server's is checked against (nil:
	// the system's).
	RootCAs *x509.CertPool
}

// Check reports a setting that cannot work.
func (l LDAP) Check() error {
	u, err := url.Parse(l.URL)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Hostname() == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return &ConfigError{"url", "must be an ldap:// or ldaps:// address, e.g. ldaps://ldap.example.edu.cn"}
	}
	switch l.Security {
	case LDAPS:
		if u.Scheme != "ldaps" {
			return &ConfigError{"security", "TLS from the start needs an ldaps:// address"}
		}
	case LDAPStartTLS, LDAPPlain:
		if u.Scheme != "ldap" {
			return &ConfigError{"security", "an ldaps:// address uses TLS from the start"}
		}
		if l.Security == LDAPPlain && !isLoopback(u.Hostname()) {
			return &ConfigError{"security", "without TLS only a server on this machine (127.0.0.1) is allowed"}
		}
	default:
		return &ConfigError{"security", "must be starttls, ldaps or none"}
	}
	if strings.TrimSpace(l.BaseDN) == "" {
		return &ConfigError{"base_dn", "is required, e.g. ou=people,dc=example,dc=edu,dc=cn"}
	}
	if _, err := ldap.ParseDN(l.BaseDN); err != nil {
		return &ConfigError{"base_dn", "is not a DN: " + err.Error()}
	}
	if strings.Count(l.Filter, "%s") != 1 {
		return &ConfigError{"filter", "must contain %s once, where the username goes, e.g. (uid=%s)"}
	}
	if _, err := ldap.CompileFilter(l.filter("x")); err != nil {
		return &ConfigError{"filter", "is not an LDAP filter: " + err.Error()}
	}
	return nil
}

// filter puts the username into Filter, escaped so that it can only ever be
// a value: "*)(uid=*" matches a user of that name, not everyone.
func (l LDAP) filter(username string) string {
	return strings.Replace(l.Filter, "%s", ldap.EscapeFilter(username), 1)
}

// Authenticate checks username and password against the directory and
// returns the person's entry as an Identity.
func (l LDAP) Authenticate(ctx context.Context, username, password string) (Identity, error) {
	if err := l.Check(); err != nil {
		return Identity{}, err
	}
	if username == "" || password == "" {
		// An empty password would be an unauthenticated bind, which
		// many servers accept.
		return Identity{}, rejected("ldap: empty username or password")
	}
	conn, err := l.dial()
	if err != nil {
		return Identity{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetTimeout(Timeout)

	if l.BindDN != "" {
		err = conn.Bind(l.BindDN, l.BindPassword)
	} else {
		err = conn.UnauthenticatedBind("")
	}
	if err != nil {
		return Identity{}, fmt.Errorf("sso: ldap: service account bind: %w", err)
	}
	attrs := []string{}
	for _, a := range append([]string{l.NameAttr, l.EmailAttr}, l.Attributes...) {
		if a != "" {
			attrs = append(attrs, a)
		}
	}
	req := ldap.NewSearchRequest(l.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 2, int(Timeout.Seconds()), false,
		l.filter(username), attrs, nil)
	res, err := conn.Search(req)
	if ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) || (err == nil && len(res.Entries) > 1) {
		return Identity{}, rejected("ldap: more than one entry for %q", username)
	}
	if err != nil {
		return Identity{}, fmt.Errorf("sso: ldap: search: %w", err)
	}
	if len(res.Entries) == 0 {
		return Identity{}, rejected("ldap: no entry for %q", username)
	}
	e := res.Entries[0]
	if err := conn.Bind(e.DN, password); err != nil {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			return Identity{}, rejected("ldap: wrong password for %q", username)
		}
		return Identity{}, fmt.Errorf("sso: ldap: bind: %w", err)
	}
	id := Identity{Username: username, Attributes: map[string][]string{}}
	for _, a := range e.Attributes {
		id.Attributes[a.Name] = a.Values
	}
	id.Name, id.Email = e.GetAttributeValue(l.NameAttr), e.GetAttributeValue(l.EmailAttr)
	return id, nil
}

func (l LDAP) dial() (*ldap.Conn, error) {
	u, _ := url.Parse(l.URL)
	tc := &tls.Config{RootCAs: l.RootCAs, ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	conn, err := ldap.DialURL(l.URL, ldap.DialWithDialer(&net.Dialer{Timeout: Timeout}), ldap.DialWithTLSConfig(tc))
	if err != nil {
		return nil, fmt.Errorf("sso: ldap: %w", err)
	}
	if l.Security == LDAPStartTLS {
		if err := conn.StartTLS(tc); err != nil {
			conn.Close()
			return nil, fmt.Errorf("sso: ldap: starttls: %w", err)
		}
	}
	return conn, nil
}
