package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// The audit trail (issue 9): every change's event is a link of a hash chain
// (store/audit.go), which nothing in the application changes or deletes
// except the retention purge below. Who reads it:
//   - office and admin: the chain's status, the export for auditors, and the
//     history of anything;
//   - leaders: the history of measures, meetings, problems, indicators and
//     unit reports (they see all of those anyway);
//   - unit accounts: the history of the measures their unit leads or
//     cooperates on, and of their own unit's problems and reports: what they
//     work on, not what other units or the office do;
//   - only the admin sets how long events are kept.

// Retention of audit events, in days: three years by default, never less
// than six months (183 days), the shortest an institution's auditors
// accept; at most a hundred years.
const (
	settingAuditRetention     = "audit.retention_days"
	DefaultAuditRetentionDays = 1095
	MinAuditRetentionDays     = 183
	MaxAuditRetentionDays     = 36500
)

// MaxAuditExport bounds one export: a sheet of this many events is still
// opened by Excel and WPS in seconds, and the rows are streamed into it, not
// held. A longer range is refused with a message to choose a shorter one.
const MaxAuditExport = 200000

// HistoryEntities are the kinds of thing whose history pages link from
// their own pages; the office and admin may read the history of any kind.
var HistoryEntities = []string{"measure", "meeting", "problem", "indicator", "report"}

// CanAudit reports whether a may see the audit chain's status and export it.
func CanAudit(a model.Account) bool { return IsOffice(a) }

// CanSeeHistory reports whether a may read the history of an entity of
// kind entity that belongs to units (a measure's lead and cooperating
// units, a problem's owner, a report's unit; none for the rest). A
// measure's events name the evidence files of its reports, so its readers
// must stay among CanSeeEvidence's.
func CanSeeHistory(a model.Account, entity string, units ...string) bool {
	switch {
	case IsOffice(a):
		return true
	case a.Role == model.RoleLeader:
		return slices.Contains(HistoryEntities, entity)
	case a.Role == model.RoleUnit && a.Unit != "":
		return (entity == "measure" || entity == "problem" || entity == "report") && slices.Contains(units, a.Unit)
	}
	return false
}

// CanSetAuditRetention reports whether a may change how long events are kept.
func CanSetAuditRetention(a model.Account) bool { return a.Role == model.RoleAdmin }

// AuditStatus is what the audit page shows.
type AuditStatus struct {
	Check         model.AuditCheck
	RetentionDays int
}

// AuditStatus verifies the chain (the whole of it: a status from a cache
// would not show tampering since) and reads the retention setting.
func (a *App) AuditStatus(ctx context.Context, actor model.Account) (AuditStatus, error) {
	if !CanAudit(actor) {
		return AuditStatus{}, forbidden("see the audit trail")
	}
	days, err := a.AuditRetention(ctx)
	if err != nil {
		return AuditStatus{}, err
	}
	c, err := a.store.VerifyAudit(ctx)
	return AuditStatus{Check: c, RetentionDays: days}, err
}

// AuditRetention is how many days audit events are kept.
func (a *App) AuditRetention(ctx context.Context) (int, error) {
	v, err := a.store.Setting(ctx, settingAuditRetention, "")
	if err != nil || v == "" {
		return DefaultAuditRetentionDays, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < MinAuditRetentionDays {
		return 0, fmt.Errorf("app: setting %s: %q is not a number of days ≥ %d", settingAuditRetention, v, MinAuditRetentionDays)
	}
	return n, nil
}

// SetAuditRetention changes how long audit events are kept (admin). The
// text is the form's or the API's, so it is validated here.
func (a *App) SetAuditRetention(ctx context.Context, actor model.Account, days string) error {
	if !CanSetAuditRetention(actor) {
		return forbidden("set how long audit events are kept")
	}
	n, err := strconv.Atoi(strings.TrimSpace(days))
	switch {
	case err != nil:
		return model.Invalid("retention_days", "audit.retention_days must be a whole number of days, not %q", days)
	case n < MinAuditRetentionDays:
		return model.Invalid("retention_days", "audit.retention_days must be at least %d days (six months), not %d", MinAuditRetentionDays, n)
	case n > MaxAuditRetentionDays:
		return model.Invalid("retention_days", "audit.retention_days must be at most %d days, not %d", MaxAuditRetentionDays, n)
	}
	before, err := a.AuditRetention(ctx)
	if err != nil {
		before = 0 // a broken value is replaced; the event says so
	}
	return a.change(ctx, actor, "update", "setting", func(tx *store.Tx, ev *Event) error {
		ev.ID = settingAuditRetention
		ev.Before, ev.After = map[string]int{"retention_days": before}, map[string]int{"retention_days": n}
		return tx.SetSetting(ctx, settingAuditRetention, strconv.Itoa(n))
	})
}

// PurgeAudit removes the audit events older than the retention setting, in
// a transaction of its own, and records the purge as an event (how many,
// up to which seq) when it removed any. The daily job calls it.
func (a *App) PurgeAudit(ctx context.Context) (model.AuditPurge, error) {
	days, err := a.AuditRetention(ctx)
	if err != nil {
		return model.AuditPurge{}, err
	}
	cutoff := a.Now().AddDate(0, 0, -days)
	var p model.AuditPurge
	err = a.write(ctx, func(tx *store.Tx) error {
		var err error
		p, err = tx.PurgeAudit(ctx, cutoff, Scheduler.Username, days)
		return err
	})
	return p, err
}

// purgeAuditDaily is the daily job's purge: a failure is logged and the
// day's notices go out anyway; the next day tries again.
func (a *App) purgeAuditDaily(ctx context.Context) {
	p, err := a.PurgeAudit(ctx)
	switch {
	case err != nil:
		a.Log.Error("audit: retention purge", "err", err)
	case p.Deleted > 0:
		a.Log.Info("audit: retention purge", "deleted", p.Deleted, "through_seq", p.ThroughSeq, "before", p.Before)
	}
}

// EntityHistory is one thing's audit events, newest first.
type EntityHistory struct {
	Entity, ID string
	Events     []model.AuditEvent
	// More is set when older events exist than the Limit shown.
	More bool
}

// historyLimit bounds a history page; the export has the rest.
const historyLimit = 500

// History returns the audit events of one entity for actor, newest first:
// 404 for a measure, meeting, problem, indicator or report that does not
// exist, 403 when actor may not read its history (see the rules at the top
// of this file). The office and admin may ask for any other kind of entity
// (accounts, settings, the retention purge's "audit/retention"); one with no
// events is not found.
func (a *App) History(ctx context.Context, actor model.Account, entity, id string) (EntityHistory, error) {
	h := EntityHistory{Entity: entity, ID: id}
	if actor.Username == "" {
		return h, forbidden("read history")
	}
	known := false
	for _, e := range HistoryEntities {
		known = known || e == entity
	}
	if known {
		if err := a.canSeeHistory(ctx, actor, entity, id); err != nil {
			return h, err
		}
	} else if !IsOffice(actor) {
		return h, forbidden("read the history of " + entity)
	}
	evs, err := a.store.AuditEvents(ctx, entity, id, historyLimit+1)
	if err != nil {
		return h, err
	}
	if !known && len(evs) == 0 {
		return h, model.Errorf(model.ENOTFOUND, "no history of %s %s", entity, id)
	}
	if len(evs) > historyLimit {
		evs, h.More = evs[:historyLimit], true
	}
	h.Events = evs
	return h, nil
}

// canSeeHistory checks that the entity exists and actor may read its
// history.
func (a *App) canSeeHistory(ctx context.Context, actor model.Account, entity, id string) error {
	var units []string
	switch entity {
	case "measure":
		t, err := a.Today(ctx)
		if err != nil {
			return err
		}
		m, err := a.store.Measure(ctx, id, t)
		if err != nil {
			return err
		}
		units = append([]string{m.LeadUnit}, m.CooperatingUnits...)
	case "problem":
		p, err := a.store.Problem(ctx, id)
		if err != nil {
			return err
		}
		units = []string{p.OwnerUnit}
	case "report":
		u, period, _ := strings.Cut(id, "/")
		if _, err := model.PeriodFromCode(period); err != nil {
			return model.Errorf(model.ENOTFOUND, "report %s not found", id)
		}
		if _, err := a.store.Unit(ctx, u); err != nil {
			return err
		}
		units = []string{u}
	case "meeting":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return model.Errorf(model.ENOTFOUND, "meeting %s not found", id)
		}
		if _, err := a.store.Meeting(ctx, n); err != nil {
			return err
		}
	case "indicator":
		if _, err := a.store.Indicator(ctx, id); err != nil {
			return err
		}
	}
	if !CanSeeHistory(actor, entity, units...) {
		return forbidden("read the history of this " + entity)
	}
	return nil
}

// AuditExport hands fn the events written on the days from to to
// (inclusive, in the institution's time zone), in chain order, after
// checking the range: from and to are the fields a 422 names. It returns
// the chain's status at the time of the export, for the export's second
// sheet. The count is checked before anything is handed over, so an
// export is refused whole rather than cut short.
func (a *App) AuditExport(ctx context.Context, actor model.Account, from, to string, fn func(model.AuditEvent) error) (model.AuditCheck, error) {
	if !CanAudit(actor) {
		return model.AuditCheck{}, forbidden("export the audit trail")
	}
	start, end, err := a.AuditRange(from, to)
	if err != nil {
		return model.AuditCheck{}, err
	}
	n, err := a.store.CountAuditRange(ctx, start, end)
	if err != nil {
		return model.AuditCheck{}, err
	}
	if n > MaxAuditExport {
		return model.AuditCheck{}, model.Invalid("to", "the range holds %d events; one export holds at most %d: choose a shorter range", n, MaxAuditExport)
	}
	c, err := a.store.VerifyAudit(ctx)
	if err != nil {
		return c, err
	}
	return c, a.store.AuditRange(ctx, start, end, fn)
}

// AuditRange reads an export's dates (YYYY-MM-DD, to on or after from) as
// the instants that bound them in the institution's zone.
func (a *App) AuditRange(from, to string) (time.Time, time.Time, error) {
	f, err := model.ParseDate(strings.TrimSpace(from))
	if err != nil || f == 0 {
		return time.Time{}, time.Time{}, model.Invalid("from", "from must be a date as YYYY-MM-DD, not %q", from)
	}
	t, err := model.ParseDate(strings.TrimSpace(to))
	if err != nil || t == 0 {
		return time.Time{}, time.Time{}, model.Invalid("to", "to must be a date as YYYY-MM-DD, not %q", to)
	}
	if t < f {
		return time.Time{}, time.Time{}, model.Invalid("to", "to (%s) is before from (%s)", t, f)
	}
	day := func(d model.Date) time.Time {
		y, m, dd := d.Time().Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, a.Location)
	}
	return day(f), day(t.AddDays(1)), nil
}
