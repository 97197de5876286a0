package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestPasswordRulesWhereSet: account creation and the first admin's
// LUOSHI_ADMIN_PASSWORD must meet the rules (422 naming the field, nothing
// created); the demo loader's path does not apply them.
func TestPasswordRulesWhereSet(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	admin := apptest.Account(t, a, apptest.Admin)
	acct := model.Account{Username: "newclerk", Role: model.RoleOffice, Unit: "DB", Name: "新同事"}
	for pw, rule := range map[string]string{"demo": "length", "newclerk-2024A": "username", "P@ssw0rd123": "common"} {
		err := a.CreateAccount(ctx, admin, acct, pw)
		if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "password" || app.PasswordRuleOf(err) != rule {
			t.Errorf("create with %q: %v (rule %q), want EINVALID on password, rule %s", pw, err, app.PasswordRuleOf(err), rule)
		}
	}
	if _, err := apptest.Store(a).Account(ctx, "newclerk"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("an account was created with a weak password: %v", err)
	}
	if err := a.CreateAccount(ctx, admin, acct, "Clerk-of-DB-2024"); err != nil {
		t.Fatalf("a good password: %v", err)
	}

	for _, demo := range []bool{false, true} {
		b := apptest.Bare(t, apptest.OpenStore(t))
		ensure := b.EnsureAdmin
		if demo {
			ensure = b.EnsureDemoAdmin
		}
		_, err := ensure(ctx, "admin-pass")
		if n, _ := apptest.Store(b).CountAccounts(ctx); demo != (err == nil && n == 1) {
			t.Errorf("demo %v: LUOSHI_ADMIN_PASSWORD=admin-pass: %v, %d accounts", demo, err, n)
		}
	}
	b := apptest.Bare(t, apptest.OpenStore(t))
	if pw, err := b.EnsureAdmin(ctx, ""); err != nil || len(pw) != 16 {
		t.Errorf("a generated admin password: %q %v", pw, err)
	}
}

// TestChangePassword: the current password is required and checked; the new
// one meets the rules; afterwards the old password no longer signs in, the
// new one does, and every other session of the account has ended but the
// one that made the change.
func TestChangePassword(t *testing.T) {
	ctx := app.WithClient(context.Background(), "192.0.2.50")
	a := apptest.New(t)
	here, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere, _ := a.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	other, _ := a.SignIn(ctx, apptest.UnitJWC, apptest.Password)

	const next = "Kejichu-Liaison-24"
	bad := []struct{ current, next, field, rule string }{
		{"", next, "current_password", ""},
		{apptest.Password, "", "new_password", ""},
		{"wrong-password", next, "current_password", ""},
		{apptest.Password, "short", "new_password", "length"},
		{apptest.Password, "kjc1-Password-x", "new_password", "username"},
	}
	for _, c := range bad {
		err := a.ChangePassword(ctx, here, c.current, c.next)
		if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != c.field || app.PasswordRuleOf(err) != c.rule {
			t.Errorf("change %q → %q: %v (rule %q), want EINVALID on %s, rule %q", c.current, c.next, err, app.PasswordRuleOf(err), c.field, c.rule)
		}
	}
	if err := a.ChangePassword(ctx, here, apptest.Password, next); err != nil {
		t.Fatalf("change: %v", err)
	}
	if _, err := a.Session(ctx, here.Token); err != nil {
		t.Errorf("the session that changed the password ended: %v", err)
	}
	if _, err := a.Session(ctx, elsewhere.Token); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("the account's other session goes on: %v", err)
	}
	if _, err := a.Session(ctx, other.Token); err != nil {
		t.Errorf("another account's session ended: %v", err)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("the old password still signs in: %v", err)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, next); err != nil {
		t.Errorf("the new password: %v", err)
	}
	events, _ := apptest.Store(a).Dump(ctx, "audit_events")
	found := false
	for _, ev := range events {
		found = found || (strings.Contains(ev, "change_password") && strings.Contains(ev, apptest.UnitKJC))
	}
	if !found {
		t.Error("no change_password event in the audit log")
	}
}

// TestChangePasswordCountsFailures: wrong current passwords count towards
// the lock, so an open session cannot be used to guess the password.
func TestChangePasswordCountsFailures(t *testing.T) {
	ctx := app.WithClient(context.Background(), "192.0.2.51")
	a := apptest.New(t)
	s, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	for range app.UserMaxFailures {
		a.ChangePassword(ctx, s, "wrong-password", "Kejichu-Liaison-24")
	}
	if err := a.ChangePassword(ctx, s, apptest.Password, "Kejichu-Liaison-24"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("change while locked: %v, want refused", err)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("sign-in after five wrong current passwords: %v, want locked", err)
	}
}

// TestSignInRehashesOldHash: an account whose hash was made with luoshi's
// earlier argon2id parameters signs in with its password as before, and
// the sign-in stores a hash made with today's; nothing else about the
// account changes (a reset's "change it first" stays), and a wrong password
// rehashes nothing.
func TestSignInRehashesOldHash(t *testing.T) {
	ctx := app.WithClient(context.Background(), "192.0.2.51")
	a := apptest.New(t)
	s := apptest.Store(a)
	const legacy = "$argon2id$v=19$m=19456,t=2,p=1$v7Qu4nvMv+ombP2sS8s9NA$N5lU9M3YmE5mhRRl3Uaq/NLCkmwxikuZGa9B4hIeu0M"
	acct := apptest.Account(t, a, apptest.UnitKJC)
	if err := s.Write(ctx, func(tx *store.Tx) error { return tx.ResetPassword(ctx, acct.ID, legacy, true) }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, "Legacy-hash-2025"); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("a wrong password: %v", err)
	}
	if _, hash, _ := s.PasswordHash(ctx, apptest.UnitKJC); hash != legacy {
		t.Fatalf("a wrong password changed the hash to %q", hash)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, "Legacy-hash-2024"); err != nil {
		t.Fatalf("the password under the earlier hash: %v", err)
	}
	got, hash, err := s.PasswordHash(ctx, apptest.UnitKJC)
	if err != nil || hash == legacy || !strings.HasPrefix(hash, "$argon2id$v=19$m=7168,t=5,p=1$") {
		t.Fatalf("after the sign-in the hash is %q (%v), want today's parameters", hash, err)
	}
	if !got.MustChangePassword {
		t.Error("rehashing ended the reset's change-it-first")
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, "Legacy-hash-2024"); err != nil {
		t.Fatalf("the password under the new hash: %v", err)
	}
	if _, again, _ := s.PasswordHash(ctx, apptest.UnitKJC); again != hash {
		t.Error("a hash made with today's parameters was made again")
	}
}
