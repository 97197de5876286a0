// Package app holds luoshi's use cases. Every change passes through here once:
// permission check, validation, one transaction, one audit event. The web UI,
// the JSON API, jobs and the CLI all call app, never the store's writes.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// App is the application over one database.
type App struct {
	store *store.Store
	Log   *slog.Logger
	// Now is the clock; tests move it.
	Now func() time.Time
	// Location is the institution's time zone: "today" is the day there.
	Location *time.Location
	// IdleTimeout ends sessions not used for this long.
	IdleTimeout time.Duration
	// MaxSessionAge ends sessions this long after sign-in, used or not.
	MaxSessionAge time.Duration

	sugg suggester
	memo memo
	// sessions keeps the sessions requests carry (session.go).
	sessions keptSessions
}

// New wires an App over a store.
func New(s *store.Store, log *slog.Logger) *App {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.Local
	}
	if log == nil {
		log = slog.Default()
	}
	return &App{store: s, Log: log, Now: time.Now, Location: loc, IdleTimeout: DefaultIdleTimeout, MaxSessionAge: DefaultMaxSessionAge}
}

// Session lifetimes: idle for half an hour (MLPS 2.0's "登录连接超时自动退出";
// assessors look for 30 minutes or less), and signed in again after a
// working day at most, however busy.
const (
	DefaultIdleTimeout   = 30 * time.Minute
	DefaultMaxSessionAge = 12 * time.Hour
)

// Setting keys.
const (
	settingThresholds = "thresholds"
	// settingClock pins "today" to a date: the demo institution lives in
	// 2024, so its board must be read as of a day in its own half-year.
	settingClock = "clock.today"
)

// Today returns the day status is derived for and the thresholds in force.
// Every page and list needs it, so both settings come in one query.
func (a *App) Today(ctx context.Context) (model.Today, error) {
	// Every page asks; the settings are remembered (the day itself is
	// worked out from the clock each time).
	set, err := rememberOf(ctx, a, "today-settings", settingsTable, func(ctx context.Context) (map[string]string, error) {
		return a.store.Settings(ctx, settingThresholds, settingClock, settingInstitution)
	})
	if err != nil {
		return model.Today{}, err
	}
	t := model.Today{Day: model.DateOf(a.Now().In(a.zoneOf(set[settingInstitution]))), Thresholds: model.DefaultThresholds}
	if v := set[settingThresholds]; v != "" {
		if err := json.Unmarshal([]byte(v), &t.Thresholds); err != nil {
			return t, fmt.Errorf("app: setting %s: %w", settingThresholds, err)
		}
	}
	if v := set[settingClock]; v != "" {
		d, err := model.ParseDate(v)
		if err != nil {
			return t, fmt.Errorf("app: setting %s: %w", settingClock, err)
		}
		t.Day = d
	}
	return t, nil
}

// PinToday fixes "today" at day for every status, board and reminder: the
// demo institution and the test fixture live in 2024 and are read as of a
// day in their own half-year. Only the admin (or the system) pins the
// clock, and the change is one audit event like any other.
func (a *App) PinToday(ctx context.Context, actor model.Account, day model.Date) error {
	if actor.Role != model.RoleAdmin {
		return forbidden("pin the clock")
	}
	if _, err := model.ParseDate(day.String()); err != nil || day.IsZero() {
		return model.Invalid("day", "is not a date in range")
	}
	return a.change(ctx, actor, "pin_clock", "setting", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.After = settingClock, day.String()
		return tx.SetSetting(ctx, settingClock, day.String())
	})
}

// zones caches time zones by name: Today reads the institution's on every
// request, so that a change made through any server counts at once on all.
var zones sync.Map // name → *time.Location

// zoneOf is the time zone an institution profile (its JSON setting) names,
// or a.Location when it names none or one this system does not know.
func (a *App) zoneOf(profile string) *time.Location {
	if profile == "" {
		return a.Location
	}
	var in struct {
		TimeZone string `json:"time_zone"`
	}
	if json.Unmarshal([]byte(profile), &in) != nil || in.TimeZone == "" {
		return a.Location
	}
	if l, ok := zones.Load(in.TimeZone); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(in.TimeZone)
	if err != nil {
		return a.Location
	}
	zones.Store(in.TimeZone, l)
	return l
}

// change runs fn in one transaction and records one audit event for it.
// before and after are marshalled to JSON; fn may fill them in.
func (a *App) change(ctx context.Context, actor model.Account, action, entity string, fn func(tx *store.Tx, ev *Event) error) error {
	if err := RequirePasswordChanged(actor); err != nil && !allowedBeforePasswordChange[action] {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		ev := &Event{}
		if err := fn(tx, ev); err != nil {
			return err
		}
		return tx.InsertAudit(ctx, model.AuditEvent{
			At: tx.Now(), Actor: actor.Username, Action: action, Entity: entity,
			EntityID: ev.ID, Before: marshal(ev.Before), After: marshal(ev.After),
		})
	})
}

// allowedBeforePasswordChange are the changes an account whose password
// an admin reset may make before it sets its own.
var allowedBeforePasswordChange = map[string]bool{"change_password": true, "sign_in": true, "sign_out": true, "set_language": true}

// RequirePasswordChanged refuses an account that signed in with a one-time
// password (an admin's reset) and has not set its own yet: it may change
// its password and nothing else, through either face. The web sends it to
// the password form; the API answers 403.
func RequirePasswordChanged(acct model.Account) error {
	if acct.MustChangePassword {
		return &model.Error{Code: model.EFORBIDDEN, Field: "password",
			Message: "the password was reset by an administrator: set your own password first (Account, in the web UI)"}
	}
	return nil
}

// Event is what a change tells its audit record.
type Event struct {
	ID     string
	Before any
	After  any
}

func marshal(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
