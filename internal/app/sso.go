package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/sso"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// settingSSO keeps the single sign-on settings as JSON.
const settingSSO = "signin.sso"

// Sign-in methods besides the local password, as accounts.source records
// the one that created an account.
const (
	SourceLocal = "local"
	SourceCAS   = "cas"
	SourceOIDC  = "oidc"
	SourceLDAP  = "ldap"
)

// Provisioning: what happens when someone the identity service vouches for
// has no account yet.
const (
	ProvisionCreate = "create"
	ProvisionRefuse = "refuse"
)

// SSOSettings are how people sign in, as the admin set them. Field names
// follow the settings form. The OIDC client secret and the LDAP bind
// password are never shown back: an empty one on save keeps the stored one
// (as long as the client id or bind DN it belongs to is unchanged).
type SSOSettings struct {
	// LocalPasswords lets accounts other than the admin's sign in with a
	// luoshi password. The admin always does.
	LocalPasswords bool `json:"local_passwords"`
	// SiteURL is luoshi's public address, e.g. https://duban.example.edu.cn:
	// the identity service sends the browser back to it. It is never taken
	// from a request's Host header, which the browser's sender controls.
	SiteURL string `json:"site_url"`

	CASEnabled   bool   `json:"cas_enabled"`
	CASURL       string `json:"cas_url"`
	CASVersion   string `json:"cas_version"`
	CASNameAttr  string `json:"cas_name_attr"`
	CASEmailAttr string `json:"cas_email_attr"`
	CASUnitAttr  string `json:"cas_unit_attr"`

	OIDCEnabled       bool   `json:"oidc_enabled"`
	OIDCIssuer        string `json:"oidc_issuer"`
	OIDCClientID      string `json:"oidc_client_id"`
	OIDCClientSecret  string `json:"oidc_client_secret,omitempty"`
	OIDCScopes        string `json:"oidc_scopes"`
	OIDCUsernameClaim string `json:"oidc_username_claim"`
	OIDCNameClaim     string `json:"oidc_name_claim"`
	OIDCEmailClaim    string `json:"oidc_email_claim"`
	OIDCUnitClaim     string `json:"oidc_unit_claim"`

	LDAPEnabled      bool   `json:"ldap_enabled"`
	LDAPURL          string `json:"ldap_url"`
	LDAPSecurity     string `json:"ldap_security"`
	LDAPBindDN       string `json:"ldap_bind_dn"`
	LDAPBindPassword string `json:"ldap_bind_password,omitempty"`
	LDAPBaseDN       string `json:"ldap_base_dn"`
	LDAPFilter       string `json:"ldap_filter"`
	LDAPNameAttr     string `json:"ldap_name_attr"`
	LDAPEmailAttr    string `json:"ldap_email_attr"`
	LDAPUnitAttr     string `json:"ldap_unit_attr"`

	// Provision is ProvisionCreate or ProvisionRefuse; a created account
	// gets ProvisionRole and the unit UnitMap gives for the unit attribute.
	Provision     string        `json:"provision"`
	ProvisionRole string        `json:"provision_role"`
	UnitMap       []UnitMapping `json:"unit_map"`

	// HasOIDCClientSecret and HasLDAPBindPassword say a secret is stored,
	// without showing it.
	HasOIDCClientSecret bool `json:"-"`
	HasLDAPBindPassword bool `json:"-"`
}

// UnitMapping maps a value of the identity service's unit attribute (e.g.
// 科学技术处, or a DN) to a unit code (KJC).
type UnitMapping struct {
	Value string `json:"value"`
	Unit  string `json:"unit"`
}

// ProvisionRoles are the roles an account created on first sign-in may get
// (never admin).
var ProvisionRoles = []string{model.RoleUnit, model.RoleLeader, model.RoleOffice}

// defaultSSO are the settings before the admin saved any: local passwords
// only, and the usual attribute names of campus directories.
func defaultSSO() SSOSettings {
	return SSOSettings{LocalPasswords: true,
		CASVersion: sso.CAS3, CASNameAttr: "cn", CASEmailAttr: "mail", CASUnitAttr: "ou",
		OIDCScopes: "openid profile email", OIDCUsernameClaim: "preferred_username", OIDCNameClaim: "name",
		OIDCEmailClaim: "email", OIDCUnitClaim: "department",
		LDAPSecurity: sso.LDAPStartTLS, LDAPFilter: "(uid=%s)", LDAPNameAttr: "cn", LDAPEmailAttr: "mail", LDAPUnitAttr: "ou",
		Provision: ProvisionCreate, ProvisionRole: model.RoleUnit}
}

func (a *App) ssoSettings(ctx context.Context) (SSOSettings, error) {
	s := defaultSSO()
	v, err := a.store.Setting(ctx, settingSSO, "")
	if err != nil || v == "" {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("app: setting %s: %w", settingSSO, err)
	}
	return s, nil
}

// SSOSettings returns the sign-in settings without their secrets (admin).
func (a *App) SSOSettings(ctx context.Context, actor model.Account) (SSOSettings, error) {
	if !IsAdmin(actor) {
		return SSOSettings{}, forbidden("see the sign-in settings")
	}
	s, err := a.ssoSettings(ctx)
	return withoutSecrets(s), err
}

func withoutSecrets(s SSOSettings) SSOSettings {
	s.HasOIDCClientSecret, s.HasLDAPBindPassword = s.OIDCClientSecret != "", s.LDAPBindPassword != ""
	s.OIDCClientSecret, s.LDAPBindPassword = "", ""
	return s
}

// SetSSOSettings changes the sign-in settings (admin). Every address, the
// LDAP security and filter, the role and the unit map are checked; a bad
// one is EINVALID naming its form field and nothing is saved.
func (a *App) SetSSOSettings(ctx context.Context, actor model.Account, s SSOSettings) error {
	if !IsAdmin(actor) {
		return forbidden("change the sign-in settings")
	}
	before, err := a.ssoSettings(ctx)
	if err != nil {
		return err
	}
	trimSSO(&s)
	if s.OIDCClientSecret == "" && s.OIDCClientID == before.OIDCClientID {
		s.OIDCClientSecret = before.OIDCClientSecret
	}
	if s.LDAPBindPassword == "" && s.LDAPBindDN == before.LDAPBindDN {
		s.LDAPBindPassword = before.LDAPBindPassword
	}
	if err := checkSSO(s); err != nil {
		return err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, u := range units {
		known[u.Code] = true
	}
	seen := map[string]bool{}
	for i, m := range s.UnitMap {
		if m.Value == "" {
			return model.Invalid("unit_map", "line %d: the attribute value is empty", i+1)
		}
		if seen[m.Value] {
			return model.Invalid("unit_map", "%q is mapped twice", m.Value)
		}
		seen[m.Value] = true
		if !known[m.Unit] {
			return model.Invalid("unit_map", "%q: no unit %q", m.Value, m.Unit)
		}
	}
	return a.change(ctx, actor, "update", "setting", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = settingSSO, withoutSecrets(before), withoutSecrets(s)
		return tx.SetSetting(ctx, settingSSO, marshal(s))
	})
}

func trimSSO(s *SSOSettings) {
	for _, p := range []*string{&s.SiteURL, &s.CASURL, &s.CASVersion, &s.CASNameAttr, &s.CASEmailAttr, &s.CASUnitAttr,
		&s.OIDCIssuer, &s.OIDCClientID, &s.OIDCUsernameClaim, &s.OIDCNameClaim, &s.OIDCEmailClaim, &s.OIDCUnitClaim,
		&s.LDAPURL, &s.LDAPSecurity, &s.LDAPBindDN, &s.LDAPBaseDN, &s.LDAPFilter, &s.LDAPNameAttr, &s.LDAPEmailAttr,
		&s.LDAPUnitAttr, &s.Provision, &s.ProvisionRole} {
		*p = strings.TrimSpace(*p)
	}
	s.SiteURL = strings.TrimRight(s.SiteURL, "/")
	s.OIDCScopes = strings.Join(strings.Fields(s.OIDCScopes), " ")
	for i := range s.UnitMap {
		s.UnitMap[i].Value, s.UnitMap[i].Unit = strings.TrimSpace(s.UnitMap[i].Value), strings.TrimSpace(s.UnitMap[i].Unit)
	}
}

// checkSSO checks each method's settings when it is on or filled in, and
// requires them when it is on.
func checkSSO(s SSOSettings) error {
	if s.SiteURL != "" {
		if err := sso.CheckHTTPURL("site_url", s.SiteURL); err != nil {
			return configInvalid("", err)
		}
	} else if s.CASEnabled || s.OIDCEnabled {
		return model.Invalid("site_url", "is required for CAS and OpenID Connect: the identity service sends the browser back to it")
	}
	if s.CASEnabled || s.CASURL != "" {
		if s.CASURL == "" {
			return model.Invalid("cas_url", "is required when CAS is on")
		}
		if err := s.cas().Check(); err != nil {
			return configInvalid("cas_", err)
		}
	}
	if s.OIDCEnabled || s.OIDCIssuer != "" {
		if s.OIDCIssuer == "" {
			return model.Invalid("oidc_issuer", "is required when OpenID Connect is on")
		}
		if err := s.oidc().Check(); err != nil {
			return configInvalid("oidc_", err)
		}
	}
	if s.LDAPEnabled || s.LDAPURL != "" {
		if s.LDAPURL == "" {
			return model.Invalid("ldap_url", "is required when LDAP is on")
		}
		if err := s.ldap().Check(); err != nil {
			return configInvalid("ldap_", err)
		}
		if s.LDAPBindDN != "" && s.LDAPBindPassword == "" {
			return model.Invalid("ldap_bind_password", "is required with a bind DN")
		}
	}
	if s.Provision != ProvisionCreate && s.Provision != ProvisionRefuse {
		return model.Invalid("provision", "must be create or refuse")
	}
	ok := false
	for _, r := range ProvisionRoles {
		ok = ok || r == s.ProvisionRole
	}
	if !ok {
		return model.Invalid("provision_role", "must be one of %s", strings.Join(ProvisionRoles, ", "))
	}
	return nil
}

// configInvalid turns an sso.ConfigError into EINVALID naming the form
// field (prefix + the setting).
func configInvalid(prefix string, err error) error {
	var ce *sso.ConfigError
	if errors.As(err, &ce) {
		return model.Invalid(prefix+ce.Field, "%s", ce.Reason)
	}
	return err
}

func (s SSOSettings) cas() sso.CAS {
	return sso.CAS{BaseURL: s.CASURL, Version: s.CASVersion, NameAttr: s.CASNameAttr, EmailAttr: s.CASEmailAttr}
}

// casService is the service URL a CAS ticket is issued for. It carries the
// sign-in's state, which the browser's cookie must match, so a ticket
// obtained for someone else's sign-in cannot be slipped into this one.
func (s SSOSettings) casService(state string) string {
	return s.SiteURL + "/signin/cas/callback?" + url.Values{"state": {state}}.Encode()
}

func (s SSOSettings) oidc() sso.OIDC {
	return sso.OIDC{Issuer: s.OIDCIssuer, ClientID: s.OIDCClientID, ClientSecret: s.OIDCClientSecret,
		RedirectURL: s.SiteURL + "/signin/oidc/callback", Scopes: strings.Fields(s.OIDCScopes),
		UsernameClaim: s.OIDCUsernameClaim, NameClaim: s.OIDCNameClaim, EmailClaim: s.OIDCEmailClaim}
}

func (s SSOSettings) ldap() sso.LDAP {
	var more []string
	if s.LDAPUnitAttr != "" {
		more = []string{s.LDAPUnitAttr}
	}
	return sso.LDAP{URL: s.LDAPURL, Security: s.LDAPSecurity, BindDN: s.LDAPBindDN, BindPassword: s.LDAPBindPassword,
		BaseDN: s.LDAPBaseDN, Filter: s.LDAPFilter, NameAttr: s.LDAPNameAttr, EmailAttr: s.LDAPEmailAttr, Attributes: more}
}

// SignInOptions are the sign-in methods the sign-in page offers buttons for.
type SignInOptions struct {
	CAS, OIDC bool
}

// SignInOptions reports which identity services are on (anyone may ask:
// the sign-in page shows their buttons).
func (a *App) SignInOptions(ctx context.Context) (SignInOptions, error) {
	s, err := a.ssoSettings(ctx)
	return SignInOptions{CAS: s.CASEnabled, OIDC: s.OIDCEnabled}, err
}

// SSORefusal is why a sign-in that involved an identity service opened no
// session, for the sign-in page to say. Reason is one of
//   - rejected: the service did not confirm who it is (or the account
//     cannot be used: disabled, or the admin's);
//   - unavailable: the service could not be asked (logged);
//   - no_account: confirmed, but there is no account and none is created;
//   - no_unit: confirmed, but the service sent no value of the unit attribute (Value names it);
//   - unmapped: confirmed, but the unit value (Value) is not in the unit map;
//   - username: confirmed, but the username (Value) cannot be a luoshi username.
//
// Only someone the service vouched for learns whether an account exists.
type SSORefusal struct {
	Reason string
	Value  string
	err    *model.Error
	cause  error
}

func (e *SSORefusal) Error() string {
	if e.cause != nil {
		return e.err.Error() + ": " + e.cause.Error()
	}
	return e.err.Error()
}

// Unwrap gives the application error (always EUNAUTHORIZED: not signed in)
// and the cause.
func (e *SSORefusal) Unwrap() []error {
	if e.cause != nil {
		return []error{e.err, e.cause}
	}
	return []error{e.err}
}

func refuse(reason, value string, cause error, format string, args ...any) error {
	return &SSORefusal{Reason: reason, Value: value, cause: cause, err: model.Errorf(model.EUNAUTHORIZED, format, args...)}
}

// identityFailed turns an sso error into a refusal: the service said no,
// or could not be asked (logged for the admin).
func (a *App) identityFailed(method string, err error) error {
	if errors.Is(err, sso.ErrRejected) {
		a.Log.Info("single sign-on rejected", "method", method, "err", err)
		return refuse("rejected", "", err, "the identity service did not confirm the sign-in")
	}
	a.Log.Error("single sign-on: identity service unavailable", "method", method, "err", err)
	return refuse("unavailable", "", err, "the identity service could not be reached")
}

var errSSOOff = model.Errorf(model.ENOTFOUND, "this sign-in method is off")

// ErrSSOFlow refuses a return from an identity service that does not belong
// to a sign-in this browser started (no flow cookie, another state), or that
// the service ended with an error.
var ErrSSOFlow error = &SSORefusal{Reason: "rejected", err: model.Errorf(model.EUNAUTHORIZED, "this sign-in was not started here, or took too long")}

// CASLogin returns the CAS login URL to send the browser to; the state
// comes back in the service URL (ENOTFOUND when CAS is off).
func (a *App) CASLogin(ctx context.Context, state string) (string, error) {
	s, err := a.ssoSettings(ctx)
	if err != nil {
		return "", err
	}
	if !s.CASEnabled {
		return "", errSSOOff
	}
	return s.cas().LoginURL(s.casService(state)), nil
}

// SignInCAS validates a CAS ticket issued for the sign-in with state and
// opens a session for the account it names.
func (a *App) SignInCAS(ctx context.Context, state, ticket string) (SignedIn, error) {
	s, err := a.ssoSettings(ctx)
	if err != nil {
		return SignedIn{}, err
	}
	if !s.CASEnabled {
		return SignedIn{}, errSSOOff
	}
	id, err := s.cas().Validate(ctx, ticket, s.casService(state))
	if err != nil {
		return SignedIn{}, a.identityFailed(SourceCAS, err)
	}
	return a.signInIdentity(ctx, s, SourceCAS, id, s.CASUnitAttr, nil)
}

// OIDCLogin starts an OpenID Connect sign-in: the flow to keep until the
// browser returns, and the provider's URL to send it to.
func (a *App) OIDCLogin(ctx context.Context) (sso.Flow, string, error) {
	s, err := a.ssoSettings(ctx)
	if err != nil {
		return sso.Flow{}, "", err
	}
	if !s.OIDCEnabled {
		return sso.Flow{}, "", errSSOOff
	}
	f := sso.NewFlow()
	u, err := s.oidc().AuthURL(ctx, f)
	if err != nil {
		return sso.Flow{}, "", a.identityFailed(SourceOIDC, err)
	}
	return f, u, nil
}

// SignInOIDC finishes an OpenID Connect sign-in started with flow f and
// opens a session for the account the ID token names.
func (a *App) SignInOIDC(ctx context.Context, f sso.Flow, state, code string) (SignedIn, error) {
	s, err := a.ssoSettings(ctx)
	if err != nil {
		return SignedIn{}, err
	}
	if !s.OIDCEnabled {
		return SignedIn{}, errSSOOff
	}
	id, err := s.oidc().Exchange(ctx, f, state, code)
	if err != nil {
		return SignedIn{}, a.identityFailed(SourceOIDC, err)
	}
	return a.signInIdentity(ctx, s, SourceOIDC, id, s.OIDCUnitClaim, nil)
}

// PasswordSignIn is the sign-in form's and the API's username and password.
// The admin always signs in with the local password. For everyone else,
// when LDAP is on the directory checks the password (and, while local
// passwords are allowed, a luoshi password is the fallback); with LDAP off,
// the local password, if local passwords are allowed. Each try is counted
// against the same lockout as SignIn, and every failure gives its error.
func (a *App) PasswordSignIn(ctx context.Context, username, password string) (SignedIn, error) {
	s, err := a.ssoSettings(ctx)
	if err != nil {
		return SignedIn{}, err
	}
	if !s.LDAPEnabled && s.LocalPasswords {
		return a.SignIn(ctx, username, password)
	}
	name := strings.ToLower(strings.TrimSpace(username))
	if name == "" {
		return SignedIn{}, model.Invalid("username", "is required")
	}
	if password == "" {
		return SignedIn{}, model.Invalid("password", "is required")
	}
	acct, err := a.store.Account(ctx, name)
	if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
		return SignedIn{}, err
	}
	if err == nil && acct.Role == model.RoleAdmin {
		return a.SignIn(ctx, username, password)
	}
	at, err := a.startSignin(ctx, name)
	if err != nil {
		return SignedIn{}, err
	}
	if !s.LDAPEnabled {
		checkPassword("", password) // the time a check takes, then no
		return SignedIn{}, a.signinFailed(ctx, at)
	}
	id, err := s.ldap().Authenticate(ctx, name, password)
	switch {
	case err == nil && at.locked:
		return SignedIn{}, a.signinFailed(ctx, at)
	case err == nil:
		return a.signInIdentity(ctx, s, SourceLDAP, id, s.LDAPUnitAttr, at)
	case !s.LocalPasswords:
		if errors.Is(err, sso.ErrRejected) {
			a.Log.Info("ldap sign-in rejected", "err", err)
			return SignedIn{}, a.signinFailed(ctx, at)
		}
		return SignedIn{}, a.identityFailed(SourceLDAP, err)
	}
	// The directory said no, or could not be asked: a luoshi password
	// may still be right.
	acct, hash, herr := a.store.PasswordHash(ctx, name)
	if herr != nil && model.ErrorCode(herr) != model.ENOTFOUND {
		return SignedIn{}, herr
	}
	if checkPassword(hash, password) && !acct.Disabled && !at.locked {
		return a.openSession(ctx, acct, at)
	}
	if errors.Is(err, sso.ErrRejected) {
		a.Log.Info("ldap sign-in rejected", "err", err)
		return SignedIn{}, a.signinFailed(ctx, at)
	}
	return SignedIn{}, a.identityFailed(SourceLDAP, err)
}

// signInIdentity opens a session for the account an identity service
// vouched for: the account of that username, or a new one when the
// settings create them. unitAttr names the attribute whose value the unit
// map turns into the new account's unit. at is the counted attempt when the
// password was checked here (LDAP), nil otherwise.
func (a *App) signInIdentity(ctx context.Context, s SSOSettings, method string, id sso.Identity, unitAttr string, at *signinAttempt) (SignedIn, error) {
	probe := model.Account{Username: id.Username, Role: model.RoleOffice, Name: "-"}
	if err := probe.Validate(); err != nil {
		return SignedIn{}, refuse("username", id.Username, nil, "the username %q cannot be used in luoshi", id.Username)
	}
	acct := model.Account{Username: probe.Username, Role: s.ProvisionRole}
	existing, err := a.store.Account(ctx, acct.Username)
	switch {
	case err == nil:
		if existing.Disabled || existing.Role == model.RoleAdmin {
			a.Log.Warn("single sign-on refused for a disabled or admin account", "method", method, "username", existing.Username)
			return SignedIn{}, refuse("rejected", "", nil, "this account cannot sign in through the identity service")
		}
		return a.openSession(ctx, existing, at)
	case model.ErrorCode(err) != model.ENOTFOUND:
		return SignedIn{}, err
	case s.Provision != ProvisionCreate:
		return SignedIn{}, refuse("no_account", "", nil, "there is no luoshi account for %q: ask the office to create one", acct.Username)
	}
	values := id.Attributes[unitAttr]
	if len(values) == 0 {
		return SignedIn{}, refuse("no_unit", unitAttr, nil, "the identity service sent no %q, which gives the unit", unitAttr)
	}
	acct.Unit, err = a.ssoUnit(ctx, s.unitFor(values), values)
	if err != nil {
		return SignedIn{}, err
	}
	if acct.Unit == "" {
		return SignedIn{}, refuse("unmapped", strings.Join(values, "; "), nil,
			"the unit %q is not mapped to a luoshi unit: the administrator adds it in the sign-in settings", strings.Join(values, "; "))
	}
	acct.Name = clip(strings.TrimSpace(id.Name), 100)
	if acct.Name == "" {
		acct.Name = acct.Username
	}
	if e := strings.TrimSpace(id.Email); strings.Contains(e, "@") && len(e) <= 254 {
		acct.Email = e
	}
	if err := acct.Validate(); err != nil {
		return SignedIn{}, err
	}
	acct, err = a.provision(ctx, method, acct)
	if err != nil {
		return SignedIn{}, err
	}
	return a.openSession(ctx, acct, at)
}

// unitFor is the unit the first mapped value gives ("" when none is mapped).
func (s SSOSettings) unitFor(values []string) string {
	for _, v := range values {
		v = strings.TrimSpace(v)
		for _, m := range s.UnitMap {
			if m.Value == v {
				return m.Unit
			}
		}
	}
	return ""
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// provision creates the account of someone an identity service vouched
// for, without a local password, recording the service in source. Two first
// sign-ins at once create it once: the second finds the first's.
func (a *App) provision(ctx context.Context, method string, acct model.Account) (model.Account, error) {
	actor := model.Account{Username: "sso:" + method, Role: model.RoleAdmin}
	err := a.change(ctx, actor, "provision", "account", func(tx *store.Tx, ev *Event) error {
		if ok, err := tx.UnitExists(ctx, acct.Unit); err != nil {
			return err
		} else if !ok {
			return model.Invalid("unit", "unknown unit %q", acct.Unit)
		}
		id, err := tx.InsertAccount(ctx, acct, "")
		if err != nil {
			return err
		}
		acct.ID = id
		ev.ID, ev.After = acct.Username, struct {
			model.Account
			Email  string `json:"email"`
			Source string `json:"source"`
		}{acct, acct.Email, method}
		return tx.SetAccountSource(ctx, id, method)
	})
	if err != nil {
		if existing, err2 := a.store.Account(ctx, acct.Username); err2 == nil && !existing.Disabled && existing.Role != model.RoleAdmin {
			return existing, nil
		}
		return model.Account{}, err
	}
	a.Log.Info("account created on first sign-in", "method", method, "username", acct.Username, "unit", acct.Unit)
	return acct, nil
}
