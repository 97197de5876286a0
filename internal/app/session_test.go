package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestSessionIdleExpiry: a session used within the idle timeout stays
// valid (and its use is recorded), one left idle longer is refused, and
// sign-out ends it at once.
func TestSessionIdleExpiry(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	now := a.Now()
	a.Now = func() time.Time { return now }
	apptest.Store(a).Now = a.Now

	s, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, "wrong"); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := a.SignIn(ctx, "nobody", "wrong"); err == nil || err.Error() != "unauthorized: username or password is wrong, or the account is locked for a while" {
		t.Errorf("unknown user gives a different error than a wrong password: %v", err)
	}
	for _, step := range []time.Duration{a.IdleTimeout - time.Minute, a.IdleTimeout - time.Minute} {
		now = now.Add(step)
		if _, err := a.Session(ctx, s.Token); err != nil {
			t.Fatalf("session used within the idle timeout: %v", err)
		}
	}
	now = now.Add(a.IdleTimeout + time.Second)
	if _, err := a.Session(ctx, s.Token); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("idle session: got %v, want unauthorized", err)
	}

	s2, err := a.SignIn(ctx, apptest.Office, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SignOut(ctx, s2); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, s2.Token); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("signed-out session: got %v", err)
	}
}

// TestLanguageKeptPerAccount: the language switch is stored with the account.
func TestLanguageKeptPerAccount(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	acct := apptest.Account(t, a, apptest.Leader)
	if acct.Lang != "zh-CN" {
		t.Fatalf("default language %q", acct.Lang)
	}
	if err := a.SetLanguage(ctx, acct, "en"); err != nil {
		t.Fatal(err)
	}
	if got := apptest.Account(t, a, apptest.Leader).Lang; got != "en" {
		t.Errorf("language after switch: %q", got)
	}
	if err := a.SetLanguage(ctx, acct, "fr"); model.ErrorOf(err) == nil || model.ErrorOf(err).Field != "lang" {
		t.Errorf("unknown language: %v", err)
	}
}

// TestSessionEndsOnEveryServer: a session is kept between requests, yet
// ends at once on the server that signed it out, disabled its account or
// reset its password, and within app.SessionTrust on another server of the
// same database (two apps with a store each, as two servers).
func TestSessionEndsOnEveryServer(t *testing.T) {
	a1 := apptest.New(t)
	now := a1.Now()
	a1.Now = func() time.Time { return now }
	apptest.Store(a1).Now = a1.Now
	a2 := apptest.Beside(t, a1)
	ctx := context.Background()
	valid := func(a *app.App, token string) bool {
		t.Helper()
		_, err := a.Session(ctx, token)
		if err != nil && model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatal(err)
		}
		return err == nil
	}

	// Signed out on server 1: refused there at once, on server 2 (which
	// kept the session) once SessionTrust has passed.
	s, err := a1.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if !valid(a1, s.Token) || !valid(a2, s.Token) {
		t.Fatal("a new session is refused")
	}
	if err := a1.SignOut(ctx, s); err != nil {
		t.Fatal(err)
	}
	if valid(a1, s.Token) {
		t.Error("the server that signed the session out still takes it")
	}
	now = now.Add(app.SessionTrust)
	if valid(a2, s.Token) {
		t.Errorf("another server takes a signed-out session %s later", app.SessionTrust)
	}

	// Disabled on server 2: refused there at once.
	s, err = a1.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if !valid(a2, s.Token) {
		t.Fatal("a new session is refused")
	}
	// Its name changed on server 2: seen there at once.
	name := "改名后的科技处"
	if _, err := a2.UpdateAccount(ctx, app.System, apptest.UnitKJC, app.AccountPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if si, err := a2.Session(ctx, s.Token); err != nil || si.Account.Name != name {
		t.Errorf("after the account's name changed: %q, %v; want %q", si.Account.Name, err, name)
	}
	disabled := true
	if _, err := a2.UpdateAccount(ctx, app.System, apptest.UnitKJC, app.AccountPatch{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	if valid(a2, s.Token) {
		t.Error("the server that disabled the account still takes its session")
	}
}
