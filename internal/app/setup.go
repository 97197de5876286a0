package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// SetupStep is one line of the first-run checklist: a key the pages name
// it by, whether it is done, and where it is done.
type SetupStep struct {
	Key  string `json:"key"`
	Done bool   `json:"done"`
	Link string `json:"link"`
	// Optional steps (sign-in method, notice rules, mail) are links to what
	// exists; an institution may keep the defaults.
	Optional bool `json:"optional"`
}

// Setup is the first-run checklist. Ready is what takes it off the admin's
// landing page: units, an office account and a leader exist.
type Setup struct {
	Steps []SetupStep `json:"steps"`
	Ready bool        `json:"ready"`
}

// Setup reports how far the institution is set up (admin and office).
func (a *App) Setup(ctx context.Context, actor model.Account) (Setup, error) {
	var s Setup
	if !IsOffice(actor) {
		return s, forbidden("see the set-up checklist")
	}
	in, err := a.Institution(ctx)
	if err != nil {
		return s, err
	}
	units, err := a.ActiveUnits(ctx)
	if err != nil {
		return s, err
	}
	offices, err := a.store.CountAccountsBy(ctx, model.RoleOffice, "")
	if err != nil {
		return s, err
	}
	leaders, err := a.store.CountAccountsBy(ctx, model.RoleLeader, "")
	if err != nil {
		return s, err
	}
	unitAccts, err := a.store.CountAccountsBy(ctx, model.RoleUnit, "")
	if err != nil {
		return s, err
	}
	ps, err := a.store.Portfolios(ctx)
	if err != nil {
		return s, err
	}
	cal, err := a.store.Calendar(ctx)
	if err != nil {
		return s, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return s, err
	}
	year := model.AcademicYearOf(t.Day)
	hasYear := false
	for _, y := range cal {
		hasYear = hasYear || y.Year == year
	}
	set, err := a.store.Settings(ctx, settingSSO, settingNoticeRules, settingMail)
	if err != nil {
		return s, err
	}
	s.Steps = []SetupStep{
		{Key: "institution", Done: in.Configured(), Link: "/settings/institution"},
		{Key: "units", Done: len(units) > 0, Link: "/settings/units"},
		{Key: "people", Done: offices > 0 && leaders > 0 && unitAccts > 0, Link: "/settings/people"},
		{Key: "portfolios", Done: len(ps) > 0, Link: "/settings/portfolios"},
		{Key: "calendar", Done: hasYear, Link: "/settings/calendar"},
		{Key: "signin", Done: set[settingSSO] != "", Link: "/settings/signin", Optional: true},
		{Key: "notices", Done: set[settingNoticeRules] != "", Link: "/settings/notices", Optional: true},
		{Key: "mail", Done: set[settingMail] != "", Link: "/settings/mail", Optional: true},
	}
	s.Ready = len(units) > 0 && offices > 0 && leaders > 0
	return s, nil
}

// SetupReady reports whether the checklist is off the landing page: a
// count each of office and leader accounts and of units.
func (a *App) SetupReady(ctx context.Context) (bool, error) {
	for _, role := range []string{model.RoleOffice, model.RoleLeader} {
		n, err := a.store.CountAccountsBy(ctx, role, "")
		if err != nil || n == 0 {
			return false, err
		}
	}
	n, err := a.store.CountActiveUnits(ctx)
	return n > 0, err
}

// EnsurePeriods records the half-year that holds today and the next one,
// so filters and reports offer them before anything is dated in them. The
// daily job calls it; it writes nothing when both exist.
func (a *App) EnsurePeriods(ctx context.Context) error {
	t, err := a.Today(ctx)
	if err != nil {
		return err
	}
	cur := model.HalfYearOf(t.Day)
	next := model.HalfYearOf(cur.End + 1)
	known, err := a.store.Periods(ctx)
	if err != nil {
		return err
	}
	missing := []model.Period{}
	for _, p := range []model.Period{cur, next} {
		found := false
		for _, k := range known {
			found = found || k.Code == p.Code
		}
		if !found {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return a.write(ctx, func(tx *store.Tx) error {
		for _, p := range missing {
			if err := tx.EnsurePeriod(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
}
