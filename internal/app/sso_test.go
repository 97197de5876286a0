package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

const site = "https://duban.example.edu.cn"

func casApp(t *testing.T, change func(*app.SSOSettings)) (*app.App, *ssotest.CAS) {
	t.Helper()
	a := apptest.New(t)
	cas := ssotest.NewCAS(t)
	admin := apptest.Account(t, a, apptest.Admin)
	s, err := a.SSOSettings(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	if !s.LocalPasswords || s.Provision != app.ProvisionCreate || s.ProvisionRole != model.RoleUnit {
		t.Fatalf("defaults: %+v", s)
	}
	s.SiteURL, s.CASEnabled, s.CASURL = site, true, cas.URL
	s.UnitMap = []app.UnitMapping{{Value: "科学技术处", Unit: "KJC"}}
	if change != nil {
		change(&s)
	}
	if err := a.SetSSOSettings(context.Background(), admin, s); err != nil {
		t.Fatal(err)
	}
	return a, cas
}

// casSignIn signs in through CAS as user with attrs, as the web callback does.
func casSignIn(a *app.App, cas *ssotest.CAS, user string, attrs map[string][]string) (app.SignedIn, error) {
	cas.SignInAs(user, attrs)
	tk := cas.Issue(site + "/signin/cas/callback?state=st")
	return a.SignInCAS(context.Background(), "st", tk)
}

func refusal(err error) string {
	var r *app.SSORefusal
	if errors.As(err, &r) {
		return r.Reason + ":" + r.Value
	}
	if err == nil {
		return "no error"
	}
	return "not a refusal: " + err.Error()
}

// TestSSORefusals: who the identity service vouches for but cannot sign in
// gets a reason (and, where it helps, the value at fault); the admin and a
// disabled account cannot be reached through it.
func TestSSORefusals(t *testing.T) {
	ctx := context.Background()
	a, cas := casApp(t, nil)
	for _, c := range []struct {
		user  string
		attrs map[string][]string
		want  string
	}{
		{"new1", map[string][]string{"ou": {"图书馆"}}, "unmapped:图书馆"},
		{"new2", map[string][]string{"cn": {"无单位"}}, "no_unit:ou"},
		{"张三", map[string][]string{"ou": {"科学技术处"}}, "username:张三"},
		{apptest.Admin, map[string][]string{"ou": {"科学技术处"}}, "rejected:"},
	} {
		_, err := casSignIn(a, cas, c.user, c.attrs)
		if got := refusal(err); got != c.want || model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Errorf("%s: %s (%v), want %s", c.user, got, err, c.want)
		}
	}
	// The error an API client sees says it in words.
	_, err := casSignIn(a, cas, "new1", map[string][]string{"ou": {"图书馆"}})
	if e := model.ErrorOf(err); e == nil || !strings.Contains(e.Message, "图书馆") {
		t.Errorf("message: %v", err)
	}
	if s, err := casSignIn(a, cas, "new3", map[string][]string{"cn": {"新同事"}, "ou": {"科学技术处"}}); err != nil || s.Account.Unit != "KJC" {
		t.Fatalf("provision: %+v %v", s, err)
	}
	evs, err := apptest.Store(a).AuditEvents(ctx, "account", "new3", 10)
	if err != nil || len(evs) != 2 || evs[1].Action != "provision" || evs[1].Actor != "sso:cas" || !strings.Contains(evs[1].After, `"source":"cas"`) ||
		evs[0].Action != "sign_in" {
		t.Errorf("audit: %+v %v", evs, err)
	}

	a, cas = casApp(t, func(s *app.SSOSettings) { s.Provision = app.ProvisionRefuse })
	if _, err := casSignIn(a, cas, "new4", map[string][]string{"ou": {"科学技术处"}}); refusal(err) != "no_account:" {
		t.Errorf("provisioning refused: %v", err)
	}
	if s, err := casSignIn(a, cas, apptest.UnitKJC, nil); err != nil || s.Account.Username != apptest.UnitKJC {
		t.Errorf("an existing account is matched whatever provisioning says: %v", err)
	}
	admin := apptest.Account(t, a, apptest.Admin)
	st, _ := a.SSOSettings(ctx, admin)
	st.CASEnabled = false
	if err := a.SetSSOSettings(ctx, admin, st); err != nil {
		t.Fatal(err)
	}
	if _, err := casSignIn(a, cas, apptest.UnitKJC, nil); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("CAS off: %v", err)
	}
}

// TestSSOUnitByName: a unit value the admin did not map is read as a
// unit's name or alias; a mapped unit since merged gives the surviving one.
func TestSSOUnitByName(t *testing.T) {
	ctx := context.Background()
	a, cas := casApp(t, nil)
	admin := apptest.Account(t, a, apptest.Admin)
	aliases := []string{"本科生院"}
	if _, err := a.UpdateUnit(ctx, admin, "JWC", app.UnitPatch{Aliases: &aliases}); err != nil {
		t.Fatal(err)
	}
	for user, c := range map[string]struct{ ou, want string }{
		"byalias": {"本科生院", "JWC"},
		"byname":  {"人事处", "RSC"},
	} {
		s, err := casSignIn(a, cas, user, map[string][]string{"ou": {c.ou}})
		if err != nil || s.Account.Unit != c.want {
			t.Errorf("%s (ou %s): %+v %v, want unit %s", user, c.ou, s.Account, err, c.want)
		}
	}
	// 科学技术处 is mapped to KJC; after KJC is merged into JWC a new
	// account from it lands in JWC.
	if _, err := a.MergeUnit(ctx, admin, "KJC", "JWC"); err != nil {
		t.Fatal(err)
	}
	if s, err := casSignIn(a, cas, "aftermerge", map[string][]string{"ou": {"科学技术处"}}); err != nil || s.Account.Unit != "JWC" {
		t.Errorf("after the merge: %+v %v, want unit JWC", s.Account, err)
	}
}

// TestSSOSettingsAdminOnly: only the admin reads or changes the settings,
// secrets never come back, and the audit record holds none.
func TestSSOSettingsAdminOnly(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	office := apptest.Account(t, a, apptest.Office)
	if _, err := a.SSOSettings(ctx, office); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office reads: %v", err)
	}
	admin := apptest.Account(t, a, apptest.Admin)
	s, _ := a.SSOSettings(ctx, admin)
	if err := a.SetSSOSettings(ctx, office, s); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office changes: %v", err)
	}
	s.OIDCIssuer, s.OIDCClientID, s.OIDCClientSecret = "https://id.example.edu.cn", "luoshi", "top-secret"
	if err := a.SetSSOSettings(ctx, admin, s); err != nil {
		t.Fatal(err)
	}
	got, _ := a.SSOSettings(ctx, admin)
	if got.OIDCClientSecret != "" || !got.HasOIDCClientSecret {
		t.Errorf("secret shown back: %+v", got)
	}
	// A new client id does not inherit the old client's secret.
	got.OIDCClientID = "luoshi-2"
	if err := a.SetSSOSettings(ctx, admin, got); err != nil {
		t.Fatal(err)
	}
	if got, _ = a.SSOSettings(ctx, admin); got.HasOIDCClientSecret {
		t.Errorf("the secret of another client id was kept")
	}
	evs, err := apptest.Store(a).AuditEvents(ctx, "setting", "signin.sso", 10)
	if err != nil || len(evs) != 2 {
		t.Fatalf("audit: %d events, %v", len(evs), err)
	}
	for _, ev := range evs {
		if strings.Contains(ev.Before+ev.After, "top-secret") {
			t.Errorf("a secret in the audit log: %s", ev.After)
		}
	}
}

// TestPasswordSignInLocalOnly: with LDAP off and local passwords off for
// everyone but the admin, only the admin signs in with a password.
func TestPasswordSignInLocalOnly(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	if _, err := a.PasswordSignIn(ctx, apptest.UnitKJC, apptest.Password); err != nil {
		t.Fatalf("default settings: %v", err)
	}
	admin := apptest.Account(t, a, apptest.Admin)
	s, _ := a.SSOSettings(ctx, admin)
	s.LocalPasswords = false
	if err := a.SetSSOSettings(ctx, admin, s); err != nil {
		t.Fatal(err)
	}
	if _, err := a.PasswordSignIn(ctx, apptest.UnitKJC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("unit account with local passwords off: %v", err)
	}
	if _, err := a.PasswordSignIn(ctx, apptest.Admin, apptest.Password); err != nil {
		t.Errorf("admin: %v", err)
	}
}
