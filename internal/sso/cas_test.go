package sso_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/sso"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

const service = "https://duban.example.edu.cn/signin/cas/callback?state=abc"

// TestCASValidate: a CAS 3.0 ticket gives the user and attributes, once;
// a replayed ticket and a ticket for another service are refused; CAS 2.0
// gives the user.
func TestCASValidate(t *testing.T) {
	ctx := context.Background()
	srv := ssotest.NewCAS(t)
	srv.SignInAs("zhangsan", map[string][]string{"cn": {"张三"}, "mail": {"zhangsan@example.edu.cn"}, "ou": {"科学技术处", "教务处"}})
	cas := sso.CAS{BaseURL: srv.URL, Version: sso.CAS3, NameAttr: "cn", EmailAttr: "mail"}
	if err := cas.Check(); err != nil {
		t.Fatal(err)
	}
	tk := srv.Issue(service)
	id, err := cas.Validate(ctx, tk, service)
	if err != nil {
		t.Fatal(err)
	}
	if id.Username != "zhangsan" || id.Name != "张三" || id.Email != "zhangsan@example.edu.cn" ||
		strings.Join(id.Attributes["ou"], ",") != "科学技术处,教务处" {
		t.Errorf("identity: %+v", id)
	}
	if _, err := cas.Validate(ctx, tk, service); !errors.Is(err, sso.ErrRejected) || !strings.Contains(err.Error(), "INVALID_TICKET") {
		t.Errorf("replayed ticket: %v", err)
	}
	tk = srv.Issue("https://evil.example.com/")
	if _, err := cas.Validate(ctx, tk, service); !errors.Is(err, sso.ErrRejected) || !strings.Contains(err.Error(), "INVALID_SERVICE") {
		t.Errorf("ticket for another service: %v", err)
	}
	n := srv.Validations()
	for _, bad := range []string{"", "ST-1<script>", strings.Repeat("A", 300)} {
		if _, err := cas.Validate(ctx, bad, service); !errors.Is(err, sso.ErrRejected) {
			t.Errorf("ticket %q: %v", bad, err)
		}
	}
	if srv.Validations() != n {
		t.Errorf("implausible tickets were sent to the server")
	}

	cas.Version = sso.CAS2
	id, err = cas.Validate(ctx, srv.Issue(service), service)
	if err != nil || id.Username != "zhangsan" || len(id.Attributes) != 0 {
		t.Errorf("CAS 2.0: %+v %v", id, err)
	}

	if got := cas.LoginURL(service); got != srv.URL+"/login?service=https%3A%2F%2Fduban.example.edu.cn%2Fsignin%2Fcas%2Fcallback%3Fstate%3Dabc" {
		t.Errorf("login URL %s", got)
	}
}

// TestCASNoRedirect: a validation answer that redirects elsewhere is not
// followed, so the ticket goes nowhere else; a server that is down is an
// error, not a rejection.
func TestCASNoRedirect(t *testing.T) {
	hit := false
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = true }))
	defer elsewhere.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer redirecting.Close()
	cas := sso.CAS{BaseURL: redirecting.URL + "/cas", Version: sso.CAS3}
	_, err := cas.Validate(context.Background(), "ST-1-abc", service)
	if err == nil || errors.Is(err, sso.ErrRejected) || hit {
		t.Errorf("redirect: %v, followed %v", err, hit)
	}
	redirecting.Close()
	if _, err := cas.Validate(context.Background(), "ST-1-abc", service); err == nil || errors.Is(err, sso.ErrRejected) {
		t.Errorf("server down: %v", err)
	}
}

// TestCASCheck: the base must be an http(s) address and the version known.
func TestCASCheck(t *testing.T) {
	for _, c := range []struct {
		url, version, field string
	}{
		{"https://cas.example.edu.cn/cas", "3.0", ""},
		{"http://127.0.0.1:8443/cas", "2.0", ""},
		{"cas.example.edu.cn", "3.0", "url"},
		{"ftp://cas.example.edu.cn", "3.0", "url"},
		{"https://cas.example.edu.cn/cas?x=1", "3.0", "url"},
		{"https://cas.example.edu.cn/cas", "4.0", "version"},
	} {
		err := sso.CAS{BaseURL: c.url, Version: c.version}.Check()
		var ce *sso.ConfigError
		if (c.field == "" && err != nil) || (c.field != "" && (!errors.As(err, &ce) || ce.Field != c.field)) {
			t.Errorf("%s %s: %v, want field %q", c.url, c.version, err, c.field)
		}
	}
}
