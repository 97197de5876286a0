package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// movableClock pins a's clock (and its store's) to a time the test moves.
func movableClock(a *app.App) *time.Time {
	now := a.Now()
	a.Now = func() time.Time { return now }
	apptest.Store(a).Now = a.Now
	return &now
}

// lockEvents counts the audit log's sign_in_locked events for a username.
func lockEvents(t *testing.T, s *store.Store, username string) int {
	t.Helper()
	rows, err := s.Dump(context.Background(), "audit_events")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if strings.Contains(r, "sign_in_locked") && strings.Contains(r, username) {
			n++
		}
	}
	return n
}

// TestSigninLockout: five wrong passwords in a row lock the username for
// fifteen minutes, during which even the right password is refused with the
// same error; the lock is in the audit log and in the admin's view; after it
// the right password works. A success resets the run.
func TestSigninLockout(t *testing.T) {
	a := apptest.New(t)
	now := movableClock(a)
	ctx := app.WithClient(context.Background(), "192.0.2.10")

	for range app.UserMaxFailures - 1 {
		if _, err := a.SignIn(ctx, apptest.UnitKJC, "wrong-password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); err != nil {
		t.Fatalf("right password after four failures: %v", err)
	}
	for i := range app.UserMaxFailures {
		*now = now.Add(time.Minute)
		if _, err := a.SignIn(ctx, apptest.UnitKJC, "wrong-password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	_, errLocked := a.SignIn(ctx, apptest.UnitKJC, apptest.Password)
	_, errWrong := a.SignIn(ctx, apptest.Office, "wrong-password")
	if errLocked == nil || errLocked.Error() != errWrong.Error() {
		t.Fatalf("locked account: %v; a wrong password: %v; want the same error", errLocked, errWrong)
	}
	if n := lockEvents(t, apptest.Store(a), apptest.UnitKJC); n != 1 {
		t.Errorf("%d sign_in_locked events in the audit log, want 1", n)
	}
	admin := apptest.Account(t, a, apptest.Admin)
	locks, err := a.SigninLocks(ctx, admin)
	if err != nil || !locks[apptest.UnitKJC].Equal(now.Add(app.UserLockFor)) {
		t.Errorf("admin's view of locks: %v %v, want %s until %s", locks, err, apptest.UnitKJC, now.Add(app.UserLockFor))
	}
	if _, err := a.SigninLocks(ctx, apptest.Account(t, a, apptest.Office)); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office sees locks: %v", err)
	}

	*now = now.Add(app.UserLockFor - time.Second)
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("a second before the lock ends: %v", err)
	}
	*now = now.Add(2 * time.Second)
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	if n := lockEvents(t, apptest.Store(a), apptest.UnitKJC); n != 1 {
		t.Errorf("%d sign_in_locked events after the lock, want 1", n)
	}
}

// TestSigninFailuresSpreadOut: failures further apart than UserFailureGap
// do not add up to a lock.
func TestSigninFailuresSpreadOut(t *testing.T) {
	a := apptest.New(t)
	now := movableClock(a)
	ctx := app.WithClient(context.Background(), "192.0.2.11")
	for range 2 * app.UserMaxFailures {
		a.SignIn(ctx, apptest.UnitKJC, "wrong-password")
		*now = now.Add(app.UserFailureGap + time.Second)
	}
	if _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); err != nil {
		t.Fatalf("failures a quarter of an hour apart locked the account: %v", err)
	}
}

// TestSigninSameAnswer: an unknown username, a wrong password, a disabled
// account and a locked one get the same error, and each computes one
// argon2id hash (so none answers faster than the others).
func TestSigninSameAnswer(t *testing.T) {
	a := apptest.New(t)
	ctx := app.WithClient(context.Background(), "192.0.2.12")
	err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error {
		return tx.Exec(ctx, `UPDATE accounts SET disabled = 1 WHERE username = ?`, apptest.UnitRSC)
	})
	if err != nil {
		t.Fatal(err)
	}
	for range app.UserMaxFailures {
		a.SignIn(app.WithClient(ctx, "192.0.2.13"), apptest.UnitJWC, "wrong-password")
	}
	cases := []struct{ name, user, password string }{
		{"unknown user", "nobody", "wrong-password"},
		{"wrong password", apptest.UnitKJC, "wrong-password"},
		{"disabled account", apptest.UnitRSC, apptest.Password},
		{"locked account", apptest.UnitJWC, apptest.Password},
		{"not UTF-8, with NUL", "kjc1\xff\x00", "wrong-password"},
		{"very long", strings.Repeat("长", 1000), "wrong-password"},
	}
	for _, c := range cases {
		before := auth.Hashes()
		_, err := a.SignIn(ctx, c.user, c.password)
		if err == nil || err.Error() != "unauthorized: username or password is wrong, or the account is locked for a while" {
			t.Errorf("%s: %v", c.name, err)
		}
		if n := auth.Hashes() - before; n != 1 {
			t.Errorf("%s: %d password hashes, want 1", c.name, n)
		}
	}
}

// TestClientRateLimit: one address gets ClientMaxFailures failures in
// ClientWindow, whatever usernames it tries; the next try is ETOOMANY with
// the time left, other addresses are not affected, successes do not count,
// and the window's end lets the address try again.
func TestClientRateLimit(t *testing.T) {
	a := apptest.New(t)
	now := movableClock(a)
	ctx := app.WithClient(context.Background(), "192.0.2.20")
	if _, err := a.SignIn(ctx, apptest.Office, apptest.Password); err != nil {
		t.Fatal(err)
	}
	for i := range app.ClientMaxFailures {
		if _, err := a.SignIn(ctx, fmt.Sprintf("guess%d", i), "wrong-password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i+1, err)
		}
		if i == 0 {
			*now = now.Add(time.Minute)
		}
	}
	_, err := a.SignIn(ctx, apptest.Office, apptest.Password)
	e := model.ErrorOf(err)
	if e == nil || e.Code != model.ETOOMANY || e.RetryAfter != app.ClientWindow-time.Minute {
		t.Fatalf("over the limit: %v (retry after %v), want ETOOMANY after %v", err, e, app.ClientWindow-time.Minute)
	}
	if _, err := a.SignIn(app.WithClient(ctx, "192.0.2.21"), apptest.Office, apptest.Password); err != nil {
		t.Errorf("another address: %v", err)
	}
	// An IPv6 client is counted by its /64.
	v6 := app.WithClient(ctx, "2001:db8:1:2::1")
	for i := range app.ClientMaxFailures {
		a.SignIn(app.WithClient(ctx, fmt.Sprintf("2001:db8:1:2::%x", i+1)), "nobody", "wrong-password")
	}
	if _, err := a.SignIn(v6, apptest.Office, apptest.Password); model.ErrorCode(err) != model.ETOOMANY {
		t.Errorf("IPv6 addresses of one /64: %v, want ETOOMANY", err)
	}
	*now = now.Add(app.ClientWindow)
	if _, err := a.SignIn(ctx, apptest.Office, apptest.Password); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// TestOldFailuresCleared: a run an hour old is deleted by the next attempt.
func TestOldFailuresCleared(t *testing.T) {
	a := apptest.New(t)
	now := movableClock(a)
	ctx := app.WithClient(context.Background(), "192.0.2.30")
	for i := range 5 {
		a.SignIn(ctx, fmt.Sprintf("guess%d", i), "wrong-password")
	}
	if rows, _ := apptest.Store(a).Dump(ctx, "signin_failures"); len(rows) != 6 {
		t.Fatalf("%d rows after 5 failures, want 6 (5 usernames, 1 address)", len(rows))
	}
	*now = now.Add(2 * time.Hour)
	a.SignIn(app.WithClient(ctx, "192.0.2.31"), apptest.Office, apptest.Password)
	if rows, _ := apptest.Store(a).Dump(ctx, "signin_failures"); len(rows) != 1 {
		t.Errorf("%d rows two hours later, want 1 (the new address):\n%s", len(rows), strings.Join(rows, "\n"))
	}
}

// TestLimitsAcrossServers runs two apps, each with its own store, on one
// database (as two servers would), on SQLite or PostgreSQL: failures through
// either add up, a lock set through one holds on the other, and attempts
// made at once through both never slip past the address limit.
func TestLimitsAcrossServers(t *testing.T) {
	a1 := apptest.New(t)
	a2 := apptest.Beside(t, a1)
	apps := []*app.App{a1, a2}
	ctx := app.WithClient(context.Background(), "192.0.2.40")

	for i := range app.UserMaxFailures {
		if _, err := apps[i%2].SignIn(ctx, apptest.UnitKJC, "wrong-password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	for i, a := range apps {
		if _, err := a.SignIn(app.WithClient(ctx, "192.0.2.41"), apptest.UnitKJC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Errorf("server %d lets a locked account in: %v", i+1, err)
		}
	}

	// Thirty wrong passwords at once from one address, through both
	// servers: exactly the limit is checked, the rest are refused.
	burst := app.WithClient(ctx, "192.0.2.42")
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for i := range app.ClientMaxFailures + 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := apps[i%2].SignIn(burst, fmt.Sprintf("burst%d", i), "wrong-password")
			mu.Lock()
			got[model.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got[model.EUNAUTHORIZED] != app.ClientMaxFailures || got[model.ETOOMANY] != 10 {
		t.Errorf("a burst of %d: %v, want %d unauthorized and 10 too many", app.ClientMaxFailures+10, got, app.ClientMaxFailures)
	}

	// Ten wrong passwords at once for one username from ten addresses:
	// it ends locked, and the lock is recorded once.
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			apps[i%2].SignIn(app.WithClient(ctx, fmt.Sprintf("192.0.2.%d", 100+i)), apptest.UnitJWC, "wrong-password")
		}()
	}
	wg.Wait()
	if _, err := a2.SignIn(app.WithClient(ctx, "192.0.2.99"), apptest.UnitJWC, apptest.Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("after ten failures at once: %v, want the account locked", err)
	}
	if n := lockEvents(t, apptest.Store(a1), apptest.UnitJWC); n != 1 {
		t.Errorf("%d lock events for ten failures at once, want 1", n)
	}
}

// TestSessionLifetime: a session used every twenty minutes still ends
// MaxSessionAge after sign-in; each sign-in gets a new token.
func TestSessionLifetime(t *testing.T) {
	a := apptest.New(t)
	now := movableClock(a)
	ctx := context.Background()
	s, err := a.SignIn(ctx, apptest.Office, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := a.SignIn(ctx, apptest.Office, apptest.Password)
	if err != nil || s2.Token == s.Token || s2.CSRF == s.CSRF {
		t.Fatalf("second sign-in: %v, same token %v", err, s2.Token == s.Token)
	}
	start := *now
	for now.Sub(start) < a.MaxSessionAge-20*time.Minute {
		*now = now.Add(20 * time.Minute)
		if _, err := a.Session(ctx, s.Token); err != nil {
			t.Fatalf("after %v of use: %v", now.Sub(start), err)
		}
	}
	*now = start.Add(a.MaxSessionAge + time.Second)
	if _, err := a.Session(ctx, s.Token); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("after %v: %v, want the session ended", now.Sub(start), err)
	}
	// The next sign-in clears it from the database.
	if _, err := a.SignIn(ctx, apptest.Leader, apptest.Password); err != nil {
		t.Fatal(err)
	}
	if rows, _ := apptest.Store(a).Dump(ctx, "sessions"); len(rows) != 1 {
		t.Errorf("%d sessions kept, want 1 (the new one)", len(rows))
	}
}

// TestSigninAtOnce: people signing in to one account at the same moment
// (more than the lockout's limit) all get in; the attempts counted before
// their passwords were checked do not lock them out.
func TestSigninAtOnce(t *testing.T) {
	a := apptest.New(t)
	ctx := app.WithClient(context.Background(), "192.0.2.60")
	var wg sync.WaitGroup
	errs := make([]error, 3*app.UserMaxFailures)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = a.SignIn(ctx, apptest.Office, apptest.Password) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("sign-in %d of %d at once: %v", i+1, len(errs), err)
		}
	}
}

// TestSigninLockedDuringCheck: a right password whose check is still
// running when failures beside it lock the account does not get in, so
// guessing in parallel gains no more than the limit.
func TestSigninLockedDuringCheck(t *testing.T) {
	a := apptest.New(t)
	ctx := app.WithClient(context.Background(), "192.0.2.61")
	started, release := make(chan struct{}), make(chan struct{})
	real := auth.CheckOrWaste
	defer app.SetCheckPassword(func(hash, password string) bool {
		if password == apptest.Password {
			close(started)
			<-release
		}
		return real(hash, password)
	})()
	done := make(chan error)
	go func() { _, err := a.SignIn(ctx, apptest.UnitKJC, apptest.Password); done <- err }()
	<-started
	for range app.UserMaxFailures {
		if _, err := a.SignIn(ctx, apptest.UnitKJC, "wrong-password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
	}
	close(release)
	if err := <-done; model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("the right password checked while the account was locked: %v, want refused", err)
	}
}
