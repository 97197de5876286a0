package app

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Limits on failed sign-ins, the numbers MLPS 2.0 (等保2.0) assessors expect
// ("登录失败处理"): an account is locked for a while after a few failures in a
// row, and one address cannot try many accounts either. They live in the
// database (signin_failures), so every server sharing it applies them alike.
const (
	// UserMaxFailures failed sign-ins in a row (each within UserFailureGap
	// of the one before) lock a username for UserLockFor; a success resets.
	UserMaxFailures = 5
	UserFailureGap  = 15 * time.Minute
	UserLockFor     = 15 * time.Minute
	// ClientMaxFailures failed sign-ins from one address (an IPv6 /64) in
	// ClientWindow are all it gets: further tries are refused with 429 until
	// the window ends.
	ClientMaxFailures = 20
	ClientWindow      = 10 * time.Minute
	// signinKeep is how long a run is kept after its last attempt.
	signinKeep = time.Hour
)

// errBadCredentials is the one answer to every failed sign-in: unknown
// username, wrong password, disabled account, locked account.
var errBadCredentials = model.Errorf(model.EUNAUTHORIZED, "username or password is wrong, or the account is locked for a while")

type clientKey struct{}

// WithClient returns ctx carrying the address of the client a request came
// from (as trusted proxies report it). The web and API handlers set it on
// every request; sign-in counts failures by it.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// clientOf is the client address ctx carries, as the key failures are
// counted under: an IPv6 address by its /64, which one host usually holds
// whole, so rotating addresses inside it gains nothing.
func clientOf(ctx context.Context) string {
	s, _ := ctx.Value(clientKey{}).(string)
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return s
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// signinAttempt is one sign-in attempt, counted before its password is
// checked.
type signinAttempt struct {
	username, client string
	user             store.SigninCount
	// locked: the username was locked when the attempt began; the password
	// is still checked (for the time it takes) but cannot pass. A lock set
	// while the password was being checked (by failures running beside it)
	// is caught by openSession, so parallel guesses get no more than the
	// limit, while people signing in to one account at once are not
	// locked out by each other.
	locked bool
	// oldHash and newHash: the account's hash was made with parameters
	// luoshi no longer uses, and the password just proved is hashed anew
	// (auth.NeedsRehash); openSession stores it.
	oldHash, newHash string
}

// checkPassword checks a password against a stored hash, or wastes the
// same time on a dummy hash when there is none (see auth.CheckOrWaste).
var checkPassword = auth.CheckOrWaste

// startSignin counts an attempt to sign in as username from the request's
// client address, before any password is checked. Every sign-in that checks
// a secret (the local password, a directory's) passes here first and then
// through signinFailed or openSession. A client over its limit gets
// ETOOMANY without anything else happening; a locked username is reported in
// the attempt, not as an error, so the caller still spends the time of a
// password check and answers as for a wrong password.
func (a *App) startSignin(ctx context.Context, username string) (*signinAttempt, error) {
	at := &signinAttempt{username: signinName(username), client: clientOf(ctx)}
	c, err := a.store.SigninFailures(ctx, store.SigninClient, at.client)
	if err != nil {
		return nil, err
	}
	if err := clientOver(c.Failures+1, c.First, a.Now()); err != nil {
		return nil, err
	}
	var refused error
	err = a.write(ctx, func(tx *store.Tx) error {
		t := tx.Now()
		if err := tx.DeleteOldSigninFailures(ctx, t.Add(-signinKeep).Unix()); err != nil {
			return err
		}
		c, err := tx.CountSigninAttempt(ctx, store.SigninClient, at.client, t.Add(-ClientWindow).Unix(), 0)
		if err != nil {
			return err
		}
		if refused = clientOver(c.Failures, c.First, t); refused != nil {
			return nil
		}
		at.user, err = tx.CountSigninAttempt(ctx, store.SigninUser, at.username, 0, t.Add(-UserFailureGap).Unix())
		at.locked = at.user.LockedUntil > t.Unix()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("app: count sign-in: %w", err)
	}
	if refused != nil {
		a.Log.Warn("sign-in refused: too many failures from one address", "client", at.client)
		return nil, refused
	}
	return at, nil
}

// clientOver is ETOOMANY when failures counted from a client in the window
// that began at first (unix s) exceed the limit and the window lasts.
func clientOver(failures int, first int64, now time.Time) error {
	end := time.Unix(first, 0).Add(ClientWindow)
	if failures <= ClientMaxFailures || !now.Before(end) {
		return nil
	}
	wait := end.Sub(now).Round(time.Second)
	return &model.Error{Code: model.ETOOMANY, RetryAfter: wait,
		Message: fmt.Sprintf("too many failed sign-ins from your address: try again in %d minutes", int((wait+time.Minute-time.Second)/time.Minute))}
}

// signinName makes what a visitor typed as a username safe to look up and
// to count under: valid UTF-8 without NUL (PostgreSQL's text refuses both),
// at most 64 characters. No account name is changed by it.
func signinName(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64])
	}
	return s
}

// signinFailed records that an attempt failed: the failure was counted
// already, so this only locks the username when the run has reached the
// limit, and records the lock in the audit log (once, whichever server
// sets it). It returns the one error every failure gives.
func (a *App) signinFailed(ctx context.Context, at *signinAttempt) error {
	a.Log.Info("sign-in failed", "username", at.username, "client", at.client, "failures", at.user.Failures)
	if at.user.Failures < UserMaxFailures {
		return errBadCredentials
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		until := tx.Now().Add(UserLockFor)
		set, err := tx.LockSignin(ctx, at.username, until.Unix())
		if err != nil || !set {
			return err
		}
		return tx.InsertAudit(ctx, model.AuditEvent{
			At: tx.Now(), Actor: System.Username, Action: "sign_in_locked", Entity: "account", EntityID: at.username,
			After: marshal(map[string]any{"failures": at.user.Failures, "client": at.client, "until": until.Format(time.RFC3339)}),
		})
	})
	if err != nil {
		return fmt.Errorf("app: lock sign-in: %w", err)
	}
	return errBadCredentials
}

// SigninLocks returns the usernames locked now after failed sign-ins, with
// when each lock ends (admin only): the admin's view of the locks, beside
// the "sign_in_locked" events in the audit log. Locks end by themselves.
func (a *App) SigninLocks(ctx context.Context, actor model.Account) (map[string]time.Time, error) {
	if actor.Role != model.RoleAdmin {
		return nil, forbidden("see sign-in locks")
	}
	locks, err := a.store.SigninLocks(ctx, a.Now().Unix())
	if err != nil {
		return nil, err
	}
	out := make(map[string]time.Time, len(locks))
	for u, until := range locks {
		out[u] = time.Unix(until, 0).In(a.Location)
	}
	return out, nil
}
