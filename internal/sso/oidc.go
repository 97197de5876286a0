package sso

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDC is an OpenID Connect provider and luoshi's registration with it.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is luoshi's callback, as registered with the provider.
	RedirectURL string
	// Scopes always include openid.
	Scopes []string
	// UsernameClaim names the claim holding the username (usually
	// preferred_username); NameClaim and EmailClaim the name and e-mail.
	UsernameClaim, NameClaim, EmailClaim string
	// Client talks to the provider (nil: a client with Timeout). Redirects
	// are never followed.
	Client *http.Client
}

// Check reports a setting that cannot work.
func (o OIDC) Check() error {
	if err := CheckHTTPURL("issuer", o.Issuer); err != nil {
		return err
	}
	if strings.TrimSpace(o.ClientID) == "" {
		return &ConfigError{"client_id", "is required"}
	}
	if strings.TrimSpace(o.UsernameClaim) == "" {
		return &ConfigError{"username_claim", "is required"}
	}
	return nil
}

// Flow is what one sign-in keeps between sending the browser to the
// provider and its return: the state the return must carry, the nonce the
// ID token must carry, and the PKCE verifier the code is exchanged with.
// The caller keeps it (luoshi: in a short-lived cookie).
type Flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
}

// NewFlow makes a fresh state, nonce and PKCE verifier.
func NewFlow() Flow {
	return Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (o OIDC) scopes() []string {
	out := []string{oidc.ScopeOpenID}
	for _, s := range o.Scopes {
		if s != "" && s != oidc.ScopeOpenID {
			out = append(out, s)
		}
	}
	return out
}

func (o OIDC) setup(ctx context.Context) (context.Context, *oidc.Provider, *oauth2.Config, error) {
	ctx = oidc.ClientContext(ctx, httpClient(o.Client))
	p, err := oidc.NewProvider(ctx, o.Issuer) // as given: it must equal the provider's own, trailing slash and all
	if err != nil {
		return ctx, nil, nil, fmt.Errorf("sso: oidc: discovery: %w", err)
	}
	cfg := &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.RedirectURL, Scopes: o.scopes()}
	return ctx, p, cfg, nil
}

// AuthURL is where the browser goes to sign in at the provider.
func (o OIDC) AuthURL(ctx context.Context, f Flow) (string, error) {
	_, _, cfg, err := o.setup(ctx)
	if err != nil {
		return "", err
	}
	return cfg.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// Exchange finishes a sign-in: state must be the flow's, the code is
// exchanged with the flow's verifier, and the ID token must be signed by the
// provider, for this client, and carry the flow's nonce.
func (o OIDC) Exchange(ctx context.Context, f Flow, state, code string) (Identity, error) {
	if f.State == "" || subtle.ConstantTimeCompare([]byte(state), []byte(f.State)) != 1 {
		return Identity{}, rejected("oidc: state does not match")
	}
	if code == "" {
		return Identity{}, rejected("oidc: no code")
	}
	ctx, p, cfg, err := o.setup(ctx)
	if err != nil {
		return Identity{}, err
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			// A code that is unknown, used or for another verifier; a
			// wrong client secret (invalid_client) is luoshi's fault.
			return Identity{}, rejected("oidc: token: %v", err)
		}
		return Identity{}, fmt.Errorf("sso: oidc: token: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, errors.New("sso: oidc: the token response has no id_token")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.ClientID}).Verify(ctx, raw)
	if err != nil {
		return Identity{}, rejected("oidc: id token: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return Identity{}, rejected("oidc: nonce does not match")
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("sso: oidc: claims: %w", err)
	}
	if _, ok := claims[o.UsernameClaim]; !ok && p.UserInfoEndpoint() != "" {
		// Some providers put only sub in the ID token: ask userinfo, for
		// the same subject.
		info, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return Identity{}, fmt.Errorf("sso: oidc: userinfo: %w", err)
		}
		more := map[string]any{}
		if err := info.Claims(&more); err != nil {
			return Identity{}, fmt.Errorf("sso: oidc: userinfo: %w", err)
		}
		if info.Subject != idt.Subject {
			return Identity{}, rejected("oidc: userinfo is for another subject")
		}
		for k, v := range more {
			if _, ok := claims[k]; !ok {
				claims[k] = v
			}
		}
	}
	id := Identity{Attributes: map[string][]string{}}
	for k, v := range claims {
		if vs := claimStrings(v); len(vs) > 0 {
			id.Attributes[k] = vs
		}
	}
	id.Username, id.Name, id.Email = id.First(o.UsernameClaim), id.First(o.NameClaim), id.First(o.EmailClaim)
	if id.Username == "" {
		return Identity{}, fmt.Errorf("sso: oidc: the provider sent no %q claim", o.UsernameClaim)
	}
	return id, nil
}

// claimStrings turns a claim into strings: a string, a number, a boolean,
// or a list of them; objects are left out.
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case float64:
		return []string{strconv.FormatFloat(v, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(v)}
	case []any:
		var out []string
		for _, e := range v {
			if vs := claimStrings(e); len(vs) == 1 {
				out = append(out, vs[0])
			}
		}
		return out
	}
	return nil
}
