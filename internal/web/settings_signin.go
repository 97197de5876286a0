package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/sso"
)

// signinForm is the sign-in settings' form as typed, kept on a 422. The
// OIDC client secret and the LDAP bind password are never shown back, not
// even as typed.
type signinForm struct {
	S app.SSOSettings
	// UnitMap is the unit map as the textarea holds it: one "value = CODE"
	// per line.
	UnitMap string
	Saved   bool
	Errs    map[string]string

	CASVersions, LDAPSecurities, Provisions, Roles []string
	// Units are the unit codes and names the map may point to, for the hint.
	Units []model.Unit
}

// Err is the message for a field ("" when none).
func (f *signinForm) Err(field string) string { return f.Errs[field] }

// signinFields are the form's fields, for formErrs.
var signinFields = []string{"local_passwords", "site_url",
	"cas_enabled", "cas_url", "cas_version", "cas_name_attr", "cas_email_attr", "cas_unit_attr",
	"oidc_enabled", "oidc_issuer", "oidc_client_id", "oidc_client_secret", "oidc_scopes", "oidc_username_claim",
	"oidc_name_claim", "oidc_email_claim", "oidc_unit_claim",
	"ldap_enabled", "ldap_url", "ldap_security", "ldap_bind_dn", "ldap_bind_password", "ldap_base_dn", "ldap_filter",
	"ldap_name_attr", "ldap_email_attr", "ldap_unit_attr",
	"provision", "provision_role", "unit_map"}

func (h *handler) showSigninSettings(w http.ResponseWriter, r *http.Request, status int, f *signinForm) {
	f.CASVersions = []string{sso.CAS3, sso.CAS2}
	f.LDAPSecurities = []string{sso.LDAPStartTLS, sso.LDAPS, sso.LDAPPlain}
	f.Provisions = []string{app.ProvisionCreate, app.ProvisionRefuse}
	f.Roles = app.ProvisionRoles
	if units, err := h.a.Units(r.Context()); err == nil {
		f.Units = units
		sort.Slice(f.Units, func(i, j int) bool { return f.Units[i].Code < f.Units[j].Code })
	}
	h.render(w, r, status, "signin_settings", h.newPage(r, "signin_settings", "signin_settings.title", f))
}

// signinSettingsPage is the admin's sign-in settings: which identity
// services people sign in with, and what happens on a first sign-in.
func (h *handler) signinSettingsPage(w http.ResponseWriter, r *http.Request) {
	s, err := h.a.SSOSettings(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if s.SiteURL == "" {
		// Most likely the same address the mail settings know.
		if m, err := h.a.MailSettings(r.Context(), signedInOf(r).Account); err == nil {
			s.SiteURL = m.SiteURL
		}
	}
	h.showSigninSettings(w, r, http.StatusOK, &signinForm{S: s, UnitMap: formatUnitMap(s.UnitMap),
		Saved: r.URL.Query().Get("saved") != ""})
}

// signinSettingsSave stores the sign-in settings; a blank secret keeps the
// stored one. Bad input comes back to the form (422), nothing saved.
func (h *handler) signinSettingsSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsAdmin(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes the sign-in settings"))
		return
	}
	pf := r.PostForm
	v := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	on := func(k string) bool { return pf.Get(k) != "" }
	s := app.SSOSettings{LocalPasswords: on("local_passwords"), SiteURL: v("site_url"),
		CASEnabled: on("cas_enabled"), CASURL: v("cas_url"), CASVersion: v("cas_version"),
		CASNameAttr: v("cas_name_attr"), CASEmailAttr: v("cas_email_attr"), CASUnitAttr: v("cas_unit_attr"),
		OIDCEnabled: on("oidc_enabled"), OIDCIssuer: v("oidc_issuer"), OIDCClientID: v("oidc_client_id"),
		OIDCClientSecret: pf.Get("oidc_client_secret"), OIDCScopes: v("oidc_scopes"), OIDCUsernameClaim: v("oidc_username_claim"),
		OIDCNameClaim: v("oidc_name_claim"), OIDCEmailClaim: v("oidc_email_claim"), OIDCUnitClaim: v("oidc_unit_claim"),
		LDAPEnabled: on("ldap_enabled"), LDAPURL: v("ldap_url"), LDAPSecurity: v("ldap_security"),
		LDAPBindDN: v("ldap_bind_dn"), LDAPBindPassword: pf.Get("ldap_bind_password"), LDAPBaseDN: v("ldap_base_dn"),
		LDAPFilter: v("ldap_filter"), LDAPNameAttr: v("ldap_name_attr"), LDAPEmailAttr: v("ldap_email_attr"),
		LDAPUnitAttr: v("ldap_unit_attr"), Provision: v("provision"), ProvisionRole: v("provision_role")}
	f := &signinForm{UnitMap: pf.Get("unit_map")}
	back := func(field, msg string) {
		f.S = s
		f.S.OIDCClientSecret, f.S.LDAPBindPassword = "", ""
		if stored, err := h.a.SSOSettings(r.Context(), acct); err == nil {
			f.S.HasOIDCClientSecret, f.S.HasLDAPBindPassword = stored.HasOIDCClientSecret, stored.HasLDAPBindPassword
		}
		f.Errs = formErrs(field, msg, signinFields...)
		h.showSigninSettings(w, r, http.StatusUnprocessableEntity, f)
	}
	m, line, err := parseUnitMap(f.UnitMap)
	if err != "" {
		back("unit_map", "line "+line+": "+err)
		return
	}
	s.UnitMap = m
	if err := h.a.SetSSOSettings(r.Context(), acct, s); err != nil {
		if field, msg := fieldError(r, err); field != "" {
			back(field, msg)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/signin?saved=1")
}

// parseUnitMap reads the unit map's lines: "value = CODE", or value and
// code separated by a tab (two columns pasted from a spreadsheet), "→" or
// "=>". The code is after the last separator, so a value may itself contain
// "=" (a DN such as ou=科学技术处,dc=example,dc=edu,dc=cn). Blank lines are
// skipped. On a bad line it returns its number and what is wrong.
func parseUnitMap(text string) ([]app.UnitMapping, string, string) {
	var out []app.UnitMapping
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cut := -1
		size := 0
		for _, sep := range []string{"\t", "→", "=>", "＝", "="} {
			if j := strings.LastIndex(line, sep); j >= 0 {
				cut, size = j, len(sep)
				break
			}
		}
		if cut < 0 {
			return nil, strconv.Itoa(i + 1), "write the attribute value, then = and the unit code, e.g. 科学技术处 = KJC"
		}
		value, unit := strings.TrimSpace(line[:cut]), strings.TrimSpace(line[cut+size:])
		if unit == "" {
			return nil, strconv.Itoa(i + 1), "no unit code after the value"
		}
		out = append(out, app.UnitMapping{Value: value, Unit: unit})
	}
	return out, "", ""
}

func formatUnitMap(m []app.UnitMapping) string {
	var b strings.Builder
	for _, e := range m {
		b.WriteString(e.Value + " = " + e.Unit + "\n")
	}
	return b.String()
}
