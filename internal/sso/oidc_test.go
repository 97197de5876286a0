package sso_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/sso"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

const redirectURL = "https://duban.example.edu.cn/signin/oidc/callback"

// authorize follows the authorization URL as a browser would and returns
// the state and code the provider sends back to the callback.
func authorize(t *testing.T, authURL string) (state, code string) {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d %v", res.StatusCode, err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURL {
		t.Fatalf("back to %s", got)
	}
	return loc.Query().Get("state"), loc.Query().Get("code")
}

// TestOIDCFlow: the code flow with PKCE against mockoidc gives the
// username, name, e-mail and the other claims; a wrong state, a code used
// twice and a wrong PKCE verifier are refused.
func TestOIDCFlow(t *testing.T) {
	ctx := context.Background()
	m := ssotest.NewOIDC(t)
	o := sso.OIDC{Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret, RedirectURL: redirectURL,
		Scopes: []string{"profile", "email"}, UsernameClaim: "preferred_username", NameClaim: "name", EmailClaim: "email"}
	if err := o.Check(); err != nil {
		t.Fatal(err)
	}
	start := func(u *ssotest.OIDCUser) (sso.Flow, string, string) {
		m.QueueUser(u)
		f := sso.NewFlow()
		au, err := o.AuthURL(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := url.Parse(au)
		if q.Query().Get("code_challenge_method") != "S256" || q.Query().Get("nonce") != f.Nonce || q.Query().Get("code_challenge") == "" {
			t.Fatalf("authorization URL without PKCE or nonce: %s", au)
		}
		state, code := authorize(t, au)
		return f, state, code
	}
	zhang := &ssotest.OIDCUser{Subject: "u-1001", Username: "zhangsan", Name: "张三", Email: "zhangsan@example.edu.cn", Department: "科学技术处"}
	f, state, code := start(zhang)
	id, err := o.Exchange(ctx, f, state, code)
	if err != nil {
		t.Fatal(err)
	}
	if id.Username != "zhangsan" || id.Name != "张三" || id.Email != "zhangsan@example.edu.cn" || id.First("department") != "科学技术处" {
		t.Errorf("identity %+v", id)
	}
	if _, err := o.Exchange(ctx, f, state, code); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("code used twice: %v", err)
	}

	f, state, code = start(zhang)
	if _, err := o.Exchange(ctx, f, state+"x", code); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("wrong state: %v", err)
	}
	if _, err := o.Exchange(ctx, sso.Flow{}, "", code); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("no state: %v", err)
	}
	f, state, code = start(zhang)
	f.Verifier = sso.NewFlow().Verifier
	if _, err := o.Exchange(ctx, f, state, code); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("wrong verifier: %v", err)
	}
	f, state, code = start(zhang)
	f.Nonce = "other"
	if _, err := o.Exchange(ctx, f, state, code); !errors.Is(err, sso.ErrRejected) {
		t.Errorf("wrong nonce: %v", err)
	}

	// A provider that keeps the username out of the ID token: userinfo.
	f, state, code = start(&ssotest.OIDCUser{Subject: "u-1002", Username: "lisi", Name: "李四", UserinfoOnly: true})
	id, err = o.Exchange(ctx, f, state, code)
	if err != nil || id.Username != "lisi" || id.Name != "李四" {
		t.Errorf("userinfo: %+v %v", id, err)
	}

	o.ClientSecret = "wrong"
	f, state, code = start(zhang)
	if _, err := o.Exchange(ctx, f, state, code); err == nil || errors.Is(err, sso.ErrRejected) {
		t.Errorf("wrong client secret: %v, want an error that is not the user's", err)
	}
	o.Issuer = "http://127.0.0.1:1/oidc"
	if _, err := o.AuthURL(ctx, sso.NewFlow()); err == nil || errors.Is(err, sso.ErrRejected) {
		t.Errorf("provider down: %v", err)
	}
}
