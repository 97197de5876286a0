package ssotest

import (
	"crypto/tls"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/lor00x/goldap/message"
	"github.com/vjeantet/ldapserver"
)

func init() { ldapserver.Logger = ldapserver.DiscardingLogger }

// Entry is a person in a Directory.
type Entry struct {
	DN       string
	Password string
	Attrs    map[string][]string
}

// Directory is an LDAP server on 127.0.0.1 over a few entries. It answers
// simple binds (the service account, or an entry with its password) and
// subtree searches, evaluating equality, presence, substring, and, or and
// not filters itself, so a filter that an unescaped username widened would
// really match more people. A search needs the service account bound on
// the connection.
type Directory struct {
	// URL is ldap://127.0.0.1:PORT (ldaps:// in TLS mode).
	URL string
	// BindDN and BindPassword are the service account's.
	BindDN, BindPassword string
	Entries              []Entry

	mu       sync.Mutex
	bound    map[string]string // client address → DN bound as
	searches []string
}

// Searches returns every search filter received so far, as the server
// read it.
func (d *Directory) Searches() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.searches...)
}

// Modes of a Directory: plain, StartTLS offered, TLS from the start.
const (
	Plain    = "none"
	StartTLS = "starttls"
	LDAPS    = "ldaps"
)

// NewDirectory starts a directory for the test. cert is used by the
// StartTLS and LDAPS modes.
func NewDirectory(t testing.TB, mode string, cert *tls.Certificate, entries ...Entry) *Directory {
	t.Helper()
	d := &Directory{BindDN: "cn=luoshi,ou=services,dc=example,dc=edu,dc=cn", BindPassword: "service-pw",
		bound: map[string]string{}}
	for _, e := range entries {
		if _, ok := e.Attrs["objectClass"]; !ok {
			attrs := map[string][]string{"objectClass": {"top", "person", "inetOrgPerson"}}
			for k, v := range e.Attrs {
				attrs[k] = v
			}
			e.Attrs = attrs
		}
		d.Entries = append(d.Entries, e)
	}
	var tc *tls.Config
	if cert != nil {
		tc = &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
	}
	routes := ldapserver.NewRouteMux()
	routes.Bind(d.bind)
	routes.Search(d.search)
	if mode == StartTLS {
		routes.Extended(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
			conn := tls.Server(m.Client.GetConn(), tc)
			res := ldapserver.NewExtendedResponse(ldapserver.LDAPResultSuccess)
			res.SetResponseName(ldapserver.NoticeOfStartTLS)
			w.Write(res)
			if err := conn.Handshake(); err != nil {
				return
			}
			m.Client.SetConn(conn)
		}).RequestName(ldapserver.NoticeOfStartTLS)
	}
	routes.NotFound(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
		w.Write(ldapserver.NewResponse(ldapserver.LDAPResultUnwillingToPerform))
	})
	srv := ldapserver.NewServer()
	srv.Handle(routes)
	addr := make(chan string, 1)
	done := make(chan struct{})
	go srv.ListenAndServe("127.0.0.1:0", func(s *ldapserver.Server) {
		s.Listener = parkingListener{s.Listener, done}
		if mode == LDAPS {
			s.Listener = tls.NewListener(s.Listener, tc)
		}
		addr <- s.Listener.Addr().String()
	})
	a := <-addr
	d.URL = "ldap://" + a
	if mode == LDAPS {
		d.URL = "ldaps://" + a
	}
	// ldapserver's accept loop cannot be stopped cleanly (Stop races with
	// it, and a closed listener makes it use a nil connection), so the
	// listener is closed under it and its Accept then waits forever.
	t.Cleanup(func() { close(done) })
	return d
}

// parkingListener is a listener whose Accept, once done is closed, closes
// the real listener and never returns.
type parkingListener struct {
	net.Listener
	done chan struct{}
}

func (l parkingListener) Accept() (net.Conn, error) {
	type accepted struct {
		c   net.Conn
		err error
	}
	ch := make(chan accepted, 1)
	go func() {
		c, err := l.Listener.Accept()
		ch <- accepted{c, err}
	}()
	select {
	case a := <-ch:
		if a.err == nil {
			return a.c, nil
		}
		<-l.done
	case <-l.done:
	}
	l.Listener.Close()
	select {}
}

func (d *Directory) bind(w ldapserver.ResponseWriter, m *ldapserver.Message) {
	r := m.GetBindRequest()
	dn, pw := string(r.Name()), string(r.AuthenticationSimple())
	ok := r.AuthenticationChoice() == "simple" && pw != "" &&
		(strings.EqualFold(dn, d.BindDN) && pw == d.BindPassword || d.entryPassword(dn) == pw)
	key := m.Client.Addr().String()
	d.mu.Lock()
	if ok {
		d.bound[key] = dn
	} else {
		delete(d.bound, key)
	}
	d.mu.Unlock()
	if !ok {
		res := ldapserver.NewBindResponse(ldapserver.LDAPResultInvalidCredentials)
		res.SetDiagnosticMessage("invalid credentials")
		w.Write(res)
		return
	}
	w.Write(ldapserver.NewBindResponse(ldapserver.LDAPResultSuccess))
}

func (d *Directory) entryPassword(dn string) string {
	for _, e := range d.Entries {
		if strings.EqualFold(e.DN, dn) {
			return e.Password
		}
	}
	return ""
}

func (d *Directory) search(w ldapserver.ResponseWriter, m *ldapserver.Message) {
	r := m.GetSearchRequest()
	d.mu.Lock()
	who := d.bound[m.Client.Addr().String()]
	d.searches = append(d.searches, r.FilterString())
	d.mu.Unlock()
	if !strings.EqualFold(who, d.BindDN) {
		w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultInsufficientAccessRights))
		return
	}
	base := strings.ToLower(string(r.BaseObject()))
	n := 0
	for _, e := range d.Entries {
		if !strings.HasSuffix(strings.ToLower(e.DN), base) || !matches(r.Filter(), e.Attrs) {
			continue
		}
		n++
		if limit := int(r.SizeLimit()); limit > 0 && n > limit {
			w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultSizeLimitExceeded))
			return
		}
		res := ldapserver.NewSearchResultEntry(e.DN)
		for _, a := range r.Attributes() {
			if vs := e.Attrs[string(a)]; len(vs) > 0 {
				vals := make([]message.AttributeValue, len(vs))
				for i, v := range vs {
					vals[i] = message.AttributeValue(v)
				}
				res.AddAttribute(message.AttributeDescription(a), vals...)
			}
		}
		w.Write(res)
	}
	w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultSuccess))
}

// matches evaluates a filter against an entry's attributes (names and
// values compared without case, as the usual matching rules do).
func matches(f message.Filter, attrs map[string][]string) bool {
	values := func(name string) []string {
		for k, vs := range attrs {
			if strings.EqualFold(k, name) {
				return vs
			}
		}
		return nil
	}
	switch f := f.(type) {
	case message.FilterAnd:
		for _, c := range f {
			if !matches(c, attrs) {
				return false
			}
		}
		return true
	case message.FilterOr:
		for _, c := range f {
			if matches(c, attrs) {
				return true
			}
		}
		return false
	case message.FilterNot:
		return !matches(f.Filter, attrs)
	case message.FilterPresent:
		return strings.EqualFold(string(f), "objectClass") || len(values(string(f))) > 0
	case message.FilterEqualityMatch:
		for _, v := range values(string(f.AttributeDesc())) {
			if strings.EqualFold(v, string(f.AssertionValue())) {
				return true
			}
		}
		return false
	case message.FilterSubstrings:
		for _, v := range values(string(f.Type_())) {
			if substrings(strings.ToLower(v), f.Substrings()) {
				return true
			}
		}
		return false
	}
	return false
}

func substrings(v string, parts []message.Substring) bool {
	for _, p := range parts {
		switch p := p.(type) {
		case message.SubstringInitial:
			s := strings.ToLower(string(p))
			if !strings.HasPrefix(v, s) {
				return false
			}
			v = v[len(s):]
		case message.SubstringAny:
			s := strings.ToLower(string(p))
			i := strings.Index(v, s)
			if i < 0 {
				return false
			}
			v = v[i+len(s):]
		case message.SubstringFinal:
			if !strings.HasSuffix(v, strings.ToLower(string(p))) {
				return false
			}
		}
	}
	return true
}
