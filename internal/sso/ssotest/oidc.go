package ssotest

import (
	"encoding/json"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// NewOIDC starts mockoidc on 127.0.0.1 for the test. Its authorization
// endpoint signs in, without asking, the next user queued with QueueUser.
func NewOIDC(t testing.TB) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return m
}

// OIDCUser is a person at the provider, with the claims a campus provider
// sends: preferred_username, name, email and department.
type OIDCUser struct {
	Subject, Username, Name, Email, Department string
	// UserinfoOnly leaves everything but sub out of the ID token, as some
	// providers do: the rest is only at the userinfo endpoint.
	UserinfoOnly bool
}

// ID is the subject.
func (u *OIDCUser) ID() string { return u.Subject }

func (u *OIDCUser) claims() map[string]any {
	c := map[string]any{"sub": u.Subject}
	for k, v := range map[string]string{"preferred_username": u.Username, "name": u.Name, "email": u.Email, "department": u.Department} {
		if v != "" {
			c[k] = v
		}
	}
	return c
}

// Userinfo is the userinfo endpoint's answer (every claim, whatever the scope).
func (u *OIDCUser) Userinfo([]string) ([]byte, error) { return json.Marshal(u.claims()) }

// Claims are the ID token's claims.
func (u *OIDCUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.UserinfoOnly {
		return base, nil
	}
	return &idClaims{IDTokenClaims: base, extra: u.claims()}, nil
}

// idClaims are the registered claims and the nonce plus the user's own.
type idClaims struct {
	*mockoidc.IDTokenClaims
	extra map[string]any
}

func (c *idClaims) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.IDTokenClaims)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range c.extra {
		if k != "sub" {
			m[k] = v
		}
	}
	return json.Marshal(m)
}
