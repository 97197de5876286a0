package app

import (
	"context"
	"slices"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Unit assessment (督办考核), who does what:
//   - the office sets a year's rules, adjusts units' points with a reason
//     and publishes; a published result is frozen and never published
//     again;
//   - the office and admins see every unit; a leader the units of their
//     portfolio (分管单位) as it stood at the year's last day read, or
//     their current one when they had none then; a unit account its own
//     unit.

// CanManageAssessment reports whether a may set rules, adjust and publish.
func CanManageAssessment(a model.Account) bool { return IsOffice(a) }

// AssessmentView is a year's assessment as one reader sees it: the rows of
// the units they may see (grades and ranks among all units), and whether
// they may change it.
type AssessmentView struct {
	model.UnitAssessment
	// Years are the years with an assessment stored, with whether each is
	// published, for the year picker.
	Years map[int]bool
	// MayManage: the reader may set rules, adjust and publish (the office,
	// while the year is a draft).
	MayManage bool
}

// assessmentSpan is the span year reads on day today; EINVALID for a year
// not begun.
func assessmentSpan(year int, today model.Date) (store.AssessmentSpan, error) {
	ty := today.Time().Year()
	if year < model.MinYear || year > ty {
		return store.AssessmentSpan{}, model.Invalid("year", "%d: an assessment is of a year from %d to %d", year, model.MinYear, ty)
	}
	sp := store.AssessmentSpan{Year: year, From: model.Ymd(year, 1, 1), Until: model.Ymd(year, 12, 31)}
	if today < sp.Until {
		sp.Until = today
	}
	return sp, nil
}

// assessmentScope returns the units reader may see (nil: all of them).
func (a *App) assessmentScope(ctx context.Context, reader model.Account, until model.Date) (map[string]bool, error) {
	if err := canRead(reader); err != nil {
		return nil, err
	}
	switch reader.Role {
	case model.RoleOffice, model.RoleAdmin:
		return nil, nil
	case model.RoleUnit:
		return map[string]bool{reader.Unit: true}, nil
	case model.RoleLeader:
		ps, err := a.store.Portfolios(ctx)
		if err != nil {
			return nil, err
		}
		p, ok := ps.At(until)[reader.Username]
		if !ok {
			p = ps.At(model.Ymd(model.MaxYear, 12, 31))[reader.Username]
		}
		out := map[string]bool{}
		for _, u := range p.Units {
			out[u] = true
		}
		return out, nil
	}
	return nil, forbidden("read assessments")
}

// Assessment returns year's assessment as reader may see it: the frozen
// result once published, else computed now from the records (a draft).
func (a *App) Assessment(ctx context.Context, reader model.Account, year int) (AssessmentView, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return AssessmentView{}, err
	}
	sp, err := assessmentSpan(year, t.Day)
	if err != nil {
		return AssessmentView{}, err
	}
	scope, err := a.assessmentScope(ctx, reader, sp.Until)
	if err != nil {
		return AssessmentView{}, err
	}
	full, err := a.computeAssessment(ctx, a.store.Queries, a.store, sp)
	if err != nil {
		return AssessmentView{}, err
	}
	years, err := a.store.AssessmentYears(ctx)
	if err != nil {
		return AssessmentView{}, err
	}
	v := AssessmentView{UnitAssessment: *full, Years: years, MayManage: CanManageAssessment(reader) && !full.Published}
	v.Sources = nil
	v.Rows = slices.DeleteFunc(slices.Clone(full.Rows), func(r model.AssessmentRow) bool { return scope != nil && !scope[r.Unit] })
	return v, nil
}

// counter is what computeAssessment counts with: the store (cached) or a
// transaction (publishing reads inside its own transaction).
type counter interface {
	AssessmentCounts(ctx context.Context, sp store.AssessmentSpan) (map[string]model.AssessmentCounts, error)
}

// txCounter counts inside a transaction, uncached.
type txCounter struct{ tx *store.Tx }

func (c txCounter) AssessmentCounts(ctx context.Context, sp store.AssessmentSpan) (map[string]model.AssessmentCounts, error) {
	return c.tx.CountAssessment(ctx, sp)
}

// computeAssessment returns the published result of sp's year, or its
// draft: every assessed unit scored, graded and ranked. The assessed
// units are those not of the leadership group, active, or with records.
func (a *App) computeAssessment(ctx context.Context, q store.Queries, c counter, sp store.AssessmentSpan) (*model.UnitAssessment, error) {
	rules := model.DefaultAssessmentRules
	stored, err := q.Assessment(ctx, sp.Year)
	switch {
	case err == nil && stored.Result != nil:
		res := *stored.Result
		res.Published, res.PublishedAt, res.PublishedBy = true, stored.PublishedAt, stored.PublishedBy
		return &res, nil
	case err == nil:
		rules = stored.Rules
	case model.ErrorCode(err) != model.ENOTFOUND:
		return nil, err
	}
	counts, err := c.AssessmentCounts(ctx, sp)
	if err != nil {
		return nil, err
	}
	adj, err := q.Adjustments(ctx, sp.Year)
	if err != nil {
		return nil, err
	}
	units, err := q.Units(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.UnitAssessment{Year: sp.Year, Rules: rules, Cutoff: sp.Until, Rows: []model.AssessmentRow{}}
	for _, u := range units {
		cnt, has := counts[u.Code]
		if u.Kind == model.UnitLeadership || (u.Inactive && !has) {
			continue
		}
		row := model.AssessmentRow{Unit: u.Code, Name: u.Name, Counts: cnt}
		if ad, ok := adj[u.Code]; ok {
			row.Adjustment, row.Reason = ad.Points, ad.Reason
		}
		model.ScoreRow(&row, rules)
		out.Rows = append(out.Rows, row)
	}
	model.GradeRows(out.Rows, rules)
	return out, nil
}

// AssessmentUnit returns one unit's row of year's assessment with the
// records behind each of its figures: frozen ones once published.
func (a *App) AssessmentUnit(ctx context.Context, reader model.Account, year int, unit string) (model.AssessmentRow, model.AssessmentSources, error) {
	var none model.AssessmentSources
	v, err := a.Assessment(ctx, reader, year)
	if err != nil {
		return model.AssessmentRow{}, none, err
	}
	row, ok := v.Row(unit)
	if !ok {
		if _, err := a.store.Unit(ctx, unit); err != nil {
			return row, none, err
		}
		return row, none, model.Errorf(model.ENOTFOUND, "unit %s is not in the %d assessment you may see", unit, year)
	}
	if v.Published {
		src, err := a.store.FrozenSources(ctx, year, unit)
		return row, src, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return row, none, err
	}
	sp, err := assessmentSpan(year, t.Day)
	if err != nil {
		return row, none, err
	}
	src, err := a.store.AssessmentSources(ctx, sp, unit)
	if err != nil {
		return row, none, err
	}
	return row, src[unit], nil
}

// draftYear opens a change to year's assessment: EINVALID for a year not
// begun, ECONFLICT once published. It returns the stored rules (the
// defaults when none are).
func draftYear(ctx context.Context, tx *store.Tx, year int, today model.Date) (model.AssessmentRules, error) {
	if _, err := assessmentSpan(year, today); err != nil {
		return model.AssessmentRules{}, err
	}
	stored, err := tx.Assessment(ctx, year)
	switch {
	case err == nil && stored.Result != nil:
		return stored.Rules, model.Errorf(model.ECONFLICT, "the %d assessment is published already: its result is frozen", year)
	case err == nil:
		return stored.Rules, nil
	case model.ErrorCode(err) == model.ENOTFOUND:
		return model.DefaultAssessmentRules, nil
	}
	return model.AssessmentRules{}, err
}

// SetAssessmentRules sets a draft year's weights, deductions and grading.
func (a *App) SetAssessmentRules(ctx context.Context, actor model.Account, year int, r model.AssessmentRules) (model.AssessmentRules, error) {
	if !CanManageAssessment(actor) {
		return r, forbidden("set assessment rules")
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return r, err
	}
	err = a.change(ctx, actor, "set_assessment_rules", "assessment", func(tx *store.Tx, ev *Event) error {
		before, err := draftYear(ctx, tx, year, t.Day)
		if err != nil {
			return err
		}
		*ev = Event{ID: strconv.Itoa(year), Before: before, After: r}
		return tx.PutAssessmentRules(ctx, year, r)
	})
	return r, err
}

// AdjustAssessment sets the office's adjustment of one unit's points in a
// draft year, with its reason (required); zero points remove it.
func (a *App) AdjustAssessment(ctx context.Context, actor model.Account, year int, adj model.Adjustment) (model.Adjustment, error) {
	if !CanManageAssessment(actor) {
		return adj, forbidden("adjust assessments")
	}
	if err := adj.Validate(); err != nil {
		return adj, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return adj, err
	}
	adj.Author, adj.Updated = actor.Username, a.Now()
	err = a.change(ctx, actor, "adjust_assessment", "assessment", func(tx *store.Tx, ev *Event) error {
		if _, err := draftYear(ctx, tx, year, t.Day); err != nil {
			return err
		}
		u, err := tx.Unit(ctx, adj.Unit)
		if err != nil {
			return model.Invalid("unit", "unit %s not found", adj.Unit)
		}
		if u.Kind == model.UnitLeadership {
			return model.Invalid("unit", "unit %s is not assessed", adj.Unit)
		}
		all, err := tx.Adjustments(ctx, year)
		if err != nil {
			return err
		}
		*ev = Event{ID: strconv.Itoa(year) + "/" + adj.Unit, After: adj}
		if old, ok := all[adj.Unit]; ok {
			ev.Before = old
		}
		return tx.PutAdjustment(ctx, year, adj)
	})
	return adj, err
}

// PublishAssessment freezes year's result as it is computed now, with the
// records behind every figure; it is published once (ECONFLICT after).
func (a *App) PublishAssessment(ctx context.Context, actor model.Account, year int) (*model.UnitAssessment, error) {
	if !CanManageAssessment(actor) {
		return nil, forbidden("publish assessments")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	var res *model.UnitAssessment
	err = a.change(ctx, actor, "publish_assessment", "assessment", func(tx *store.Tx, ev *Event) error {
		if _, err := draftYear(ctx, tx, year, t.Day); err != nil {
			return err
		}
		sp, _ := assessmentSpan(year, t.Day)
		res, err = a.computeAssessment(ctx, tx.Queries, txCounter{tx}, sp)
		if err != nil {
			return err
		}
		res.Sources, err = tx.AssessmentSources(ctx, sp, "")
		if err != nil {
			return err
		}
		for u := range res.Sources {
			if _, ok := res.Row(u); !ok {
				delete(res.Sources, u)
			}
		}
		res.Published, res.PublishedBy = true, actor.Username
		*ev = Event{ID: strconv.Itoa(year), After: map[string]any{"year": year, "cutoff": res.Cutoff, "units": len(res.Rows)}}
		return tx.PublishAssessment(ctx, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
