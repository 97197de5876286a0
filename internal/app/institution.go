package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// settingInstitution is the institution's profile (one JSON setting, so
// every server sharing the database agrees).
const settingInstitution = "institution"

// Institution returns the institution's profile; an institution that has
// set none gets an empty profile with the default time zone. Every page's
// navigation shows its short name, so the read is remembered (memo.go).
func (a *App) Institution(ctx context.Context) (model.Institution, error) {
	return rememberOf(ctx, a, "institution", settingsTable, a.readInstitution)
}

func (a *App) readInstitution(ctx context.Context) (model.Institution, error) {
	in := model.Institution{TimeZone: model.DefaultTimeZone}
	v, err := a.store.Setting(ctx, settingInstitution, "")
	if err != nil || v == "" {
		return in, err
	}
	if err := json.Unmarshal([]byte(v), &in); err != nil {
		return in, fmt.Errorf("app: setting %s: %w", settingInstitution, err)
	}
	return in, nil
}

// OfficeName is the name documents are signed with: the institution's
// supervising office, or "" when the profile is not set (documents then
// carry no signature rather than one nobody configured).
func (a *App) OfficeName(ctx context.Context) string {
	in, err := a.Institution(ctx)
	if err != nil {
		a.Log.Warn("institution profile", "err", err)
		return ""
	}
	return in.OfficeName
}

// SetInstitution saves the profile (admin). A new time zone counts for
// "today" at once on every server (Today reads it); clock times on pages
// and the digest hour follow at the next start (LoadInstitution).
func (a *App) SetInstitution(ctx context.Context, actor model.Account, in model.Institution) (model.Institution, error) {
	if !CanManageInstitution(actor) {
		return in, forbidden("change the institution's profile")
	}
	if err := in.Validate(); err != nil {
		return in, err
	}
	before, err := a.Institution(ctx)
	if err != nil {
		return in, err
	}
	err = a.change(ctx, actor, "update", "institution", func(tx *store.Tx, ev *Event) error {
		ev.ID, ev.Before, ev.After = settingInstitution, before, in
		return tx.SetSetting(ctx, settingInstitution, marshal(in))
	})
	return in, err
}

// LoadInstitution reads the profile once at start-up and takes its time
// zone as the one "today" is counted in.
func (a *App) LoadInstitution(ctx context.Context) error {
	in, err := a.Institution(ctx)
	if err != nil {
		return err
	}
	loc, err := in.Location()
	if err != nil {
		return fmt.Errorf("app: institution time zone %q: %w", in.TimeZone, err)
	}
	a.Location = loc
	return nil
}

// Calendar returns the academic calendar; everyone signed in may read it.
func (a *App) Calendar(ctx context.Context) (model.Calendar, error) { return a.store.Calendar(ctx) }

// AcademicYear returns one academic year's terms (empty when not set).
func (a *App) AcademicYear(ctx context.Context, year int) (model.AcademicYear, error) {
	cal, err := a.store.Calendar(ctx)
	if err != nil {
		return model.AcademicYear{}, err
	}
	for _, y := range cal {
		if y.Year == year {
			return y, nil
		}
	}
	return model.AcademicYear{Year: year, Terms: []model.Term{}}, nil
}

// SetAcademicYear sets one academic year's terms and breaks (admin and
// office: the office keeps the calendar). Terms must not overlap the
// neighbouring years' either.
func (a *App) SetAcademicYear(ctx context.Context, actor model.Account, y model.AcademicYear) (model.AcademicYear, error) {
	if !IsOffice(actor) {
		return y, forbidden("set the academic calendar")
	}
	if err := y.Validate(); err != nil {
		return y, err
	}
	err := a.change(ctx, actor, "update", "calendar", func(tx *store.Tx, ev *Event) error {
		cal, err := tx.Calendar(ctx)
		if err != nil {
			return err
		}
		for _, other := range cal {
			if other.Year == y.Year {
				ev.Before = other
				continue
			}
			for _, t := range y.Terms {
				for _, o := range other.Terms {
					if t.Start <= o.End && o.Start <= t.End {
						return model.Invalid("terms["+t.Term+"].start", "%s–%s overlaps the %s of %d–%d", t.Start, t.End, o.Term, other.Year, other.Year+1)
					}
				}
			}
		}
		ev.ID, ev.After = strconv.Itoa(y.Year), y
		return tx.PutAcademicYear(ctx, y)
	})
	return y, err
}

// ResolveDeadline reads a term deadline (本学期内, 下学期, 寒假前, 暑假前) or a
// span (一个月内) said on day ref against the academic calendar and sets
// m.Due to it; other
// deadlines are left to the measure's own rules. When the calendar does
// not cover ref, the half-year rule applies as before.
func (a *App) resolveDeadline(ctx context.Context, q interface {
	Calendar(context.Context) (model.Calendar, error)
}, m *model.Measure, ref model.Date) error {
	if !model.SaidDayDeadline(m.Deadline) {
		return nil
	}
	cal, err := q.Calendar(ctx)
	if err != nil {
		return err
	}
	// A span (一个月内, within three weeks) counts from the day it was said.
	if !model.IsTermDeadline(m.Deadline) {
		due, _, err := model.ReadDeadline(m.Deadline, ref, cal)
		if err != nil {
			return err
		}
		m.Due = due
		return nil
	}
	if due, ok := cal.ResolveTerm(m.Deadline, ref); ok {
		m.Due = due
	} else {
		m.Due = 0
	}
	return nil
}

// Portfolios returns every leader's assignments, all of history.
func (a *App) Portfolios(ctx context.Context, actor model.Account) (model.Portfolios, error) {
	return a.store.Portfolios(ctx)
}

// LeaderPortfolio returns a leader's assignment in force today and every
// assignment recorded for them, latest first (a future one included).
func (a *App) LeaderPortfolio(ctx context.Context, actor model.Account, leader string) (model.Portfolio, []model.Portfolio, error) {
	cur := model.Portfolio{Leader: leader, Units: []string{}, Themes: []string{}}
	acct, err := a.store.Account(ctx, leader)
	if err != nil {
		return cur, nil, err
	}
	if acct.Role != model.RoleLeader {
		return cur, nil, model.Errorf(model.ENOTFOUND, "leader %s not found", leader)
	}
	t, err := a.Today(ctx)
	if err != nil {
		return cur, nil, err
	}
	all, err := a.store.Portfolios(ctx)
	if err != nil {
		return cur, nil, err
	}
	if p, ok := all.At(t.Day)[leader]; ok {
		cur = p
	}
	var hist []model.Portfolio
	for _, p := range all {
		if p.Leader == leader {
			hist = append(hist, p)
		}
	}
	slices.Reverse(hist)
	return cur, hist, nil
}

// LeaderPortfolios is LeaderPortfolio for every leader at once (one read):
// each leader's assignment in force today, and all of theirs, latest first.
func (a *App) LeaderPortfolios(ctx context.Context, actor model.Account) (map[string]model.Portfolio, map[string][]model.Portfolio, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return nil, nil, err
	}
	all, err := a.store.Portfolios(ctx)
	if err != nil {
		return nil, nil, err
	}
	hist := map[string][]model.Portfolio{}
	for i := len(all) - 1; i >= 0; i-- {
		hist[all[i].Leader] = append(hist[all[i].Leader], all[i])
	}
	return all.At(t.Day), hist, nil
}

// PortfolioChange is a leader's new assignment; MoveOpen also hands the
// open measures led by the assignment's units to this leader (分工调整:
// only when the office asks for it).
type PortfolioChange struct {
	model.Portfolio
	MoveOpen bool
}

// PortfolioResult says what a change did.
type PortfolioResult struct {
	Portfolio model.Portfolio `json:"portfolio"`
	Moved     []string        `json:"moved_measures"`
}

// SetPortfolio records a leader's assignment from a day (admin and office).
// The units must exist and be active and the themes be known; the leader
// must be a leader's account. Earlier assignments stay as history, and old
// measures keep their leader unless MoveOpen: then every open measure led
// by one of the units moves to this leader, in the same transaction and
// audit event.
func (a *App) SetPortfolio(ctx context.Context, actor model.Account, pc PortfolioChange) (PortfolioResult, error) {
	res := PortfolioResult{Moved: []string{}}
	if !IsOffice(actor) {
		return res, forbidden("set leaders' portfolios")
	}
	p := pc.Portfolio
	if err := p.Validate(); err != nil {
		return res, err
	}
	p.By = actor.Username
	t, err := a.Today(ctx)
	if err != nil {
		return res, err
	}
	start := res // a write lost with its batch runs again (store/commit.go): from here
	err = a.change(ctx, actor, "set_portfolio", "account", func(tx *store.Tx, ev *Event) error {
		res = start
		acct, err := tx.Account(ctx, p.Leader)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return model.Invalid("leader", "unknown account %q", p.Leader)
		} else if err != nil {
			return err
		}
		if acct.Role != model.RoleLeader {
			return model.Invalid("leader", "%s (%s) is not a leader's account", acct.Name, acct.Username)
		}
		if err := refuseInactive(ctx, tx, "units", p.Units...); err != nil {
			return err
		}
		for _, th := range p.Themes {
			if !slices.Contains(model.Themes, th) {
				return model.Invalid("themes", "unknown theme %q", th)
			}
		}
		if err := tx.PutPortfolio(ctx, p); err != nil {
			return err
		}
		if pc.MoveOpen {
			for _, u := range p.Units {
				codes, err := tx.OpenMeasureCodesOfUnit(ctx, u)
				if err != nil {
					return err
				}
				for _, c := range codes {
					m, err := tx.Measure(ctx, c, t)
					if err != nil {
						return err
					}
					if m.LeadUnit != u || m.Leader == p.Leader {
						continue
					}
					m.Leader = p.Leader
					if err := saveMeasure(ctx, tx, t, &m); err != nil {
						return err
					}
					res.Moved = append(res.Moved, m.Code)
				}
			}
		}
		res.Portfolio = p
		ev.ID, ev.After = p.Leader, res
		return nil
	})
	return res, err
}
