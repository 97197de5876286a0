package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// SignedIn is a live session: who, and the CSRF token its forms must carry.
type SignedIn struct {
	Account model.Account
	CSRF    string
	Token   string
}

// SignIn checks a username and password and opens a session. An unknown
// username, a wrong password, a disabled account and a locked one give the
// same error after the same work (a password hash each). The attempt is
// counted first (startSignin: the client address comes from ctx, see
// WithClient), so a client over its limit gets ETOOMANY.
func (a *App) SignIn(ctx context.Context, username, password string) (SignedIn, error) {
	username = signinName(strings.ToLower(strings.TrimSpace(username)))
	if username == "" {
		return SignedIn{}, model.Invalid("username", "is required")
	}
	if password == "" {
		return SignedIn{}, model.Invalid("password", "is required")
	}
	at, err := a.startSignin(ctx, username)
	if err != nil {
		return SignedIn{}, err
	}
	acct, hash, err := a.store.PasswordHash(ctx, username)
	if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
		return SignedIn{}, err
	}
	if !checkPassword(hash, password) || acct.Disabled || at.locked {
		return SignedIn{}, a.signinFailed(ctx, at)
	}
	if auth.NeedsRehash(hash) {
		at.oldHash, at.newHash = hash, auth.HashPassword(password)
	}
	return a.openSession(ctx, acct, at)
}

// openSession starts a session for an account that has proved who it is:
// every way of signing in ends here. The token is always new (a session
// never continues one the browser brought, so none can be planted); expired
// sessions are cleared, and the username's failures reset. at is the
// counted attempt, nil for a sign-in that checked no secret here.
func (a *App) openSession(ctx context.Context, acct model.Account, at *signinAttempt) (SignedIn, error) {
	s := SignedIn{Account: acct, Token: auth.NewToken(), CSRF: auth.NewToken()}
	err := a.change(ctx, acct, "sign_in", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID = acct.Username
		if at != nil {
			// A lock set since the attempt began (failures checked beside
			// it) holds against it too.
			if c, err := tx.SigninFailures(ctx, store.SigninUser, at.username); err != nil {
				return err
			} else if c.LockedUntil > tx.Now().Unix() {
				return errBadCredentials
			}
			if err := tx.SigninSucceeded(ctx, at.username, at.client); err != nil {
				return err
			}
			if at.newHash != "" {
				if err := tx.RehashPassword(ctx, acct.ID, at.oldHash, at.newHash); err != nil {
					return err
				}
			}
		}
		now := tx.Now()
		if err := tx.DeleteExpiredSessions(ctx, now.Add(-a.IdleTimeout).Unix(), now.Add(-a.MaxSessionAge).Unix()); err != nil {
			return err
		}
		return tx.InsertSession(ctx, auth.HashToken(s.Token), acct.ID, s.CSRF)
	})
	return s, err
}

// Session returns the signed-in account for a token, or EUNAUTHORIZED when the
// token is unknown, idle too long, or older than MaxSessionAge. It records
// use at most once a minute per session, so reading pages does not turn into
// a write per request.
func (a *App) Session(ctx context.Context, token string) (SignedIn, error) {
	if token == "" {
		return SignedIn{}, model.Errorf(model.EUNAUTHORIZED, "sign in first")
	}
	h := auth.HashToken(token)
	s, err := a.sessions.read(ctx, a.store, h, a.Now())
	if err != nil {
		return SignedIn{}, err
	}
	now := a.Now()
	if s.Account.Disabled || now.Sub(time.Unix(s.Seen, 0)) > a.IdleTimeout || now.Sub(time.Unix(s.Created, 0)) > a.MaxSessionAge {
		return SignedIn{}, model.Errorf(model.EUNAUTHORIZED, "session expired")
	}
	if now.Sub(time.Unix(s.Seen, 0)) > time.Minute {
		if err := a.store.Write(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, h) }); err != nil {
			a.Log.Warn("touch session", "err", err)
		}
	}
	return SignedIn{Account: s.Account, CSRF: s.CSRF, Token: token}, nil
}

// SessionTrust is how long a session read from the database is answered
// without reading it again, when this process wrote no session and no
// account since: a sign-out, a disabled account or a changed password or
// role made here counts at once; one made by another process (another
// server of the same PostgreSQL database, luoshi import) within this time.
const SessionTrust = 2 * time.Second

// sessionsKept bounds the sessions kept; past it the keeping starts afresh.
const sessionsKept = 4096

// keptSessions keeps sessions read, by token hash: every request checks
// its session, and reading it was 9–13 % of a request's CPU on the board
// and on progress reports.
type keptSessions struct {
	mu sync.Mutex
	m  map[string]keptSession
}

type keptSession struct {
	s   store.Session
	gen int64
	at  time.Time
}

// read returns the session of token hash h, kept or read now (the app's
// clock). An unknown session is not kept: it is read each time.
func (k *keptSessions) read(ctx context.Context, st *store.Store, h string, now time.Time) (store.Session, error) {
	gen := st.TablesGeneration("sessions", "accounts")
	k.mu.Lock()
	e, ok := k.m[h]
	k.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) < SessionTrust && !now.Before(e.at) {
		return e.s, nil
	}
	s, err := st.Session(ctx, h)
	if err != nil {
		return s, err
	}
	k.mu.Lock()
	if k.m == nil || len(k.m) >= sessionsKept {
		k.m = map[string]keptSession{}
	}
	k.m[h] = keptSession{s: s, gen: gen, at: now}
	k.mu.Unlock()
	return s, nil
}

// SignOut ends a session.
func (a *App) SignOut(ctx context.Context, s SignedIn) error {
	return a.change(ctx, s.Account, "sign_out", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID = s.Account.Username
		return tx.DeleteSession(ctx, auth.HashToken(s.Token))
	})
}

// SetLanguage keeps an account's UI language.
func (a *App) SetLanguage(ctx context.Context, actor model.Account, lang string) error {
	ok := false
	for _, l := range model.Languages {
		ok = ok || l == lang
	}
	if !ok {
		return model.Invalid("lang", "must be zh-CN or en")
	}
	return a.change(ctx, actor, "set_language", "account", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = actor.Username, actor.Lang, lang
		return tx.SetAccountLang(ctx, actor.ID, lang)
	})
}

// Accounts lists accounts (office and admin only).
func (a *App) Accounts(ctx context.Context, actor model.Account) ([]model.Account, error) {
	if !CanSeeAccounts(actor) {
		return nil, forbidden("list accounts")
	}
	return a.store.Accounts(ctx)
}

// CreateAccount adds an account (admin only; system set-up passes System).
func (a *App) CreateAccount(ctx context.Context, actor model.Account, acct model.Account, password string) error {
	return a.CreateAccounts(ctx, actor, []model.Account{acct}, password)
}

// System is the actor of changes the server makes on its own (first start,
// the demo loader).
var System = model.Account{Username: "system", Role: model.RoleAdmin, Name: "system"}

// EnsureAdmin creates the admin account on an empty database and returns the
// password it used ("" when accounts already exist). A password given must
// meet the password rules (EINVALID otherwise, nothing created); without one
// a random 16-character one is made.
func (a *App) EnsureAdmin(ctx context.Context, password string) (string, error) {
	return a.ensureAdmin(ctx, password, true)
}

// EnsureDemoAdmin is EnsureAdmin for a database about to hold the demo
// institution: like the demo accounts, the admin's password need not meet
// the rules (the demo is for trying luoshi out, not for real data).
func (a *App) EnsureDemoAdmin(ctx context.Context, password string) (string, error) {
	return a.ensureAdmin(ctx, password, false)
}

func (a *App) ensureAdmin(ctx context.Context, password string, rules bool) (string, error) {
	n, err := a.store.CountAccounts(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	if password == "" {
		password = auth.NewToken()[:16]
	}
	admin := model.Account{Username: "admin", Role: model.RoleAdmin, Name: "系统管理员"}
	if rules {
		err = a.CreateAccount(ctx, System, admin, password)
	} else {
		err = a.CreateDemoAccounts(ctx, []model.Account{admin}, password)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return "", err
	}
	return password, err
}
