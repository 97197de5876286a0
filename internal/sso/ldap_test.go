package sso_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/channel/channeltest"
	"github.com/luoshi-edu/luoshi/internal/sso"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

// people is the tiny directory the LDAP tests sign in against.
var people = []ssotest.Entry{
	{DN: "uid=zhangsan,ou=people,dc=example,dc=edu,dc=cn", Password: "zs-pw",
		Attrs: map[string][]string{"uid": {"zhangsan"}, "cn": {"张三"}, "mail": {"zhangsan@example.edu.cn"}, "ou": {"科学技术处"}}},
	{DN: "uid=lisi,ou=people,dc=example,dc=edu,dc=cn", Password: "ls-pw",
		Attrs: map[string][]string{"uid": {"lisi"}, "cn": {"李四"}, "ou": {"教务处"}}},
	// Two entries share a mail address: a filter on mail is ambiguous.
	{DN: "uid=wangwu,ou=people,dc=example,dc=edu,dc=cn", Password: "ww-pw",
		Attrs: map[string][]string{"uid": {"wangwu"}, "cn": {"王五"}, "mail": {"office@example.edu.cn"}}},
	{DN: "uid=zhaoliu,ou=people,dc=example,dc=edu,dc=cn", Password: "zl-pw",
		Attrs: map[string][]string{"uid": {"zhaoliu"}, "cn": {"赵六"}, "mail": {"office@example.edu.cn"}}},
}

func directoryConfig(d *ssotest.Directory, security string) sso.LDAP {
	return sso.LDAP{URL: d.URL, Security: security, BindDN: d.BindDN, BindPassword: d.BindPassword,
		BaseDN: "ou=people,dc=example,dc=edu,dc=cn", Filter: "(&(objectClass=person)(uid=%s))",
		NameAttr: "cn", EmailAttr: "mail", Attributes: []string{"ou"}}
}

// TestLDAPBind: search as the service account, then bind as the person:
// the right password gives the entry's attributes; a wrong password, an
// unknown user, an empty password and an injection-like username are
// refused.
func TestLDAPBind(t *testing.T) {
	ctx := context.Background()
	d := ssotest.NewDirectory(t, ssotest.Plain, nil, people...)
	l := directoryConfig(d, sso.LDAPPlain)
	id, err := l.Authenticate(ctx, "zhangsan", "zs-pw")
	if err != nil {
		t.Fatal(err)
	}
	if id.Username != "zhangsan" || id.Name != "张三" || id.Email != "zhangsan@example.edu.cn" || id.First("ou") != "科学技术处" {
		t.Errorf("identity %+v", id)
	}
	for _, c := range []struct{ user, pw string }{
		{"zhangsan", "wrong"},
		{"zhangsan", ""},
		{"nobody", "zs-pw"},
		{"*", "zs-pw"},
		{"*)(uid=*", "zs-pw"},
		{"zhangsan)(|(uid=*", "zs-pw"},
		{"zhang*", "zs-pw"},
	} {
		if _, err := l.Authenticate(ctx, c.user, c.pw); !errors.Is(err, sso.ErrRejected) {
			t.Errorf("%q/%q: %v, want rejected", c.user, c.pw, err)
		}
	}
	found := false
	for _, s := range d.Searches() {
		found = found || strings.Contains(s, "uid=*)(uid=*")
	}
	if !found {
		t.Errorf("the injection-like username did not reach the server as a value: %q", d.Searches())
	}

	l.Filter = "(mail=%s)"
	if _, err := l.Authenticate(ctx, "office@example.edu.cn", "ww-pw"); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("two entries: %v", err)
	}

	l = directoryConfig(d, sso.LDAPPlain)
	l.BindPassword = "wrong"
	if _, err := l.Authenticate(ctx, "zhangsan", "zs-pw"); err == nil || errors.Is(err, sso.ErrRejected) {
		t.Errorf("service account refused: %v, want an error that is not the user's", err)
	}
}

// TestLDAPTLS: StartTLS and ldaps against the directory's own certificate.
func TestLDAPTLS(t *testing.T) {
	cert, pool := channeltest.Cert(t)
	for _, mode := range []string{ssotest.StartTLS, ssotest.LDAPS} {
		d := ssotest.NewDirectory(t, mode, &cert, people...)
		l := directoryConfig(d, mode)
		l.RootCAs = pool
		if id, err := l.Authenticate(context.Background(), "lisi", "ls-pw"); err != nil || id.Name != "李四" {
			t.Errorf("%s: %+v %v", mode, id, err)
		}
		l.RootCAs = nil // the system's roots do not trust the test certificate
		if _, err := l.Authenticate(context.Background(), "lisi", "ls-pw"); err == nil || errors.Is(err, sso.ErrRejected) {
			t.Errorf("%s with an untrusted certificate: %v", mode, err)
		}
	}
}

// TestLDAPCheck: the address, security, base DN and filter are checked;
// plain LDAP is refused unless the server is on this machine.
func TestLDAPCheck(t *testing.T) {
	ok := sso.LDAP{URL: "ldap://ldap.example.edu.cn", Security: sso.LDAPStartTLS, BaseDN: "dc=example,dc=edu,dc=cn", Filter: "(uid=%s)"}
	for _, c := range []struct {
		change func(*sso.LDAP)
		field  string
	}{
		{func(*sso.LDAP) {}, ""},
		{func(l *sso.LDAP) { l.URL, l.Security = "ldaps://ldap.example.edu.cn:636", sso.LDAPS }, ""},
		{func(l *sso.LDAP) { l.URL, l.Security = "ldap://127.0.0.1:3389", sso.LDAPPlain }, ""},
		{func(l *sso.LDAP) { l.URL, l.Security = "ldap://localhost", sso.LDAPPlain }, ""},
		{func(l *sso.LDAP) { l.Security = sso.LDAPPlain }, "security"},
		{func(l *sso.LDAP) { l.URL, l.Security = "ldap://10.0.0.5", sso.LDAPPlain }, "security"},
		{func(l *sso.LDAP) { l.Security = sso.LDAPS }, "security"},
		{func(l *sso.LDAP) { l.URL = "ldaps://ldap.example.edu.cn" }, "security"},
		{func(l *sso.LDAP) { l.Security = "tls" }, "security"},
		{func(l *sso.LDAP) { l.URL = "https://ldap.example.edu.cn" }, "url"},
		{func(l *sso.LDAP) { l.URL = "ldap://" }, "url"},
		{func(l *sso.LDAP) { l.BaseDN = "" }, "base_dn"},
		{func(l *sso.LDAP) { l.BaseDN = "not a dn" }, "base_dn"},
		{func(l *sso.LDAP) { l.Filter = "(uid=zhangsan)" }, "filter"},
		{func(l *sso.LDAP) { l.Filter = "(uid=%s)(cn=%s)" }, "filter"},
		{func(l *sso.LDAP) { l.Filter = "(uid=%s" }, "filter"},
	} {
		l := ok
		c.change(&l)
		err := l.Check()
		var ce *sso.ConfigError
		if (c.field == "" && err != nil) || (c.field != "" && (!errors.As(err, &ce) || ce.Field != c.field)) {
			t.Errorf("%+v: %v, want field %q", l, err, c.field)
		}
	}
}
