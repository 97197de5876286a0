package app_test

import (
	"context"
	"testing"
	"time"

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
