package app

import (
	"context"
	"slices"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Problems lists the problem register; everyone signed in reads it.
func (a *App) Problems(ctx context.Context, actor model.Account, f model.ProblemFilter) ([]model.Problem, error) {
	return a.store.Problems(ctx, f)
}

// ProblemDetail is everything the problem page shows.
type ProblemDetail struct {
	Problem model.Problem
	// Measures are the linked measures, status derived for today.
	Measures []model.Measure
	History  []model.AuditEvent
	// SourceItem is the agenda item the problem was raised in, with its meeting.
	SourceItem    *model.AgendaItem
	SourceMeeting int64
}

// Problem returns one problem with its linked measures and history.
func (a *App) Problem(ctx context.Context, actor model.Account, code string) (ProblemDetail, error) {
	var d ProblemDetail
	t, err := a.Today(ctx)
	if err != nil {
		return d, err
	}
	if d.Problem, err = a.store.Problem(ctx, code); err != nil {
		return d, err
	}
	for _, mc := range d.Problem.Measures {
		m, err := a.store.Measure(ctx, mc, t)
		if err != nil {
			return d, err
		}
		d.Measures = append(d.Measures, m)
	}
	if d.History, err = a.store.AuditEvents(ctx, "problem", code, 100); err != nil {
		return d, err
	}
	if id := d.Problem.AgendaItem; id != 0 {
		it, meeting, err := a.store.AgendaItem(ctx, id)
		if err != nil {
			return d, err
		}
		d.SourceItem, d.SourceMeeting = &it, meeting
	}
	return d, nil
}

// MeasureProblems lists the problems a measure addresses.
func (a *App) MeasureProblems(ctx context.Context, actor model.Account, measure string) ([]model.Problem, error) {
	return a.store.Problems(ctx, model.ProblemFilter{Measure: measure})
}

// CreateProblem registers a problem: the office for any unit, a unit account
// for its own (the owner unit defaults to it). Its code is the year's next.
func (a *App) CreateProblem(ctx context.Context, actor model.Account, p *model.Problem) error {
	if p.OwnerUnit == "" && actor.Role == model.RoleUnit {
		p.OwnerUnit = actor.Unit
	}
	if !CanRaiseProblem(actor, p.OwnerUnit) {
		return forbidden("register problems for unit " + p.OwnerUnit)
	}
	p.Status, p.ClosedBy, p.ClosedAt, p.CloseNote = model.ProblemOpen, "", time.Time{}, ""
	if err := p.Validate(); err != nil {
		return err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "problem", func(tx *store.Tx, ev *Event) error {
		if err := checkProblemRefs(ctx, tx, p); err != nil {
			return err
		}
		code, err := tx.NextProblemCode(ctx, t.Day.Time().Year())
		if err != nil {
			return err
		}
		p.Code = code
		if err := tx.InsertProblem(ctx, p); err != nil {
			return err
		}
		ev.ID, ev.After = p.Code, p
		return nil
	})
}

// ProblemPatch is a change to a problem: nil fields stay as they are.
type ProblemPatch struct {
	Title       *string
	Description *string
	Source      *string
	SourceUnit  *string
	AgendaItem  *int64
	Severity    *string
	OwnerUnit   *string
	Leader      *string
	Measures    *[]string
	Status      *string
	Notes       *string
}

// officeOnlyField names a field only the office may change: who owns a
// problem and which leader is in charge of it.
func (p ProblemPatch) officeOnlyField() string {
	switch {
	case p.OwnerUnit != nil:
		return "owner_unit"
	case p.Leader != nil:
		return "leader"
	}
	return ""
}

func (p ProblemPatch) apply(pr *model.Problem) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&pr.Title, p.Title)
	set(&pr.Description, p.Description)
	set(&pr.Source, p.Source)
	set(&pr.SourceUnit, p.SourceUnit)
	set(&pr.Severity, p.Severity)
	set(&pr.OwnerUnit, p.OwnerUnit)
	set(&pr.Leader, p.Leader)
	set(&pr.Notes, p.Notes)
	if p.AgendaItem != nil {
		pr.AgendaItem = *p.AgendaItem
	}
	if p.Measures != nil {
		pr.Measures = append([]string{}, (*p.Measures)...)
	}
	if p.Status != nil && *p.Status != pr.Status {
		return pr.MoveTo(*p.Status)
	}
	return nil
}

// UpdateProblem applies a patch to a problem: the office any field, a unit
// account of the owner unit all but the owner and the leader. A closed-out
// problem no longer changes.
func (a *App) UpdateProblem(ctx context.Context, actor model.Account, code string, p ProblemPatch) (model.Problem, error) {
	return a.changeProblem(ctx, actor, "update", code, func(pr *model.Problem) error {
		if f := p.officeOnlyField(); f != "" && !IsOffice(actor) {
			return &model.Error{Code: model.EFORBIDDEN, Field: f, Message: "only the office may change " + f}
		}
		return p.apply(pr)
	})
}

// LinkProblemMeasure links (or, with link false, unlinks) a measure to a
// problem it addresses.
func (a *App) LinkProblemMeasure(ctx context.Context, actor model.Account, code, measure string, link bool) (model.Problem, error) {
	action := "link_measure"
	if !link {
		action = "unlink_measure"
	}
	return a.changeProblem(ctx, actor, action, code, func(pr *model.Problem) error {
		i := slices.Index(pr.Measures, measure)
		switch {
		case link && i >= 0:
			return model.Invalid("measure", "%s is already linked", measure)
		case link:
			pr.Measures = append(pr.Measures, measure)
		case i < 0:
			return model.Invalid("measure", "%s is not linked to %s", measure, code)
		default:
			pr.Measures = slices.Delete(pr.Measures, i, i+1)
		}
		return nil
	})
}

// changeProblem reads a problem in one transaction, checks the actor may
// edit it and that it is not closed out, lets change alter it, checks and
// writes it, and records the audit event.
func (a *App) changeProblem(ctx context.Context, actor model.Account, action, code string, change func(*model.Problem) error) (model.Problem, error) {
	var out model.Problem
	err := a.change(ctx, actor, action, "problem", func(tx *store.Tx, ev *Event) error {
		pr, err := tx.Problem(ctx, code)
		if err != nil {
			return err
		}
		if !CanEditProblem(actor, pr) {
			return forbidden("change problem " + code)
		}
		if pr.Status == model.ProblemClosed {
			return model.Errorf(model.ECONFLICT, "problem %s is closed out and can no longer change", code)
		}
		before := pr
		before.Measures = slices.Clone(pr.Measures)
		if err := change(&pr); err != nil {
			return err
		}
		if !IsOffice(actor) && pr.OwnerUnit != actor.Unit {
			return forbidden("give problem " + code + " to another unit")
		}
		if err := pr.Validate(); err != nil {
			return err
		}
		if err := checkProblemRefs(ctx, tx, &pr); err != nil {
			return err
		}
		if err := tx.UpdateProblem(ctx, &pr); err != nil {
			return err
		}
		out = pr
		ev.ID, ev.Before, ev.After = code, before, pr
		return nil
	})
	return out, err
}

// CloseProblem closes a resolved problem out (销号), recording who signed
// it off and when: the office, or the leader in charge of it.
func (a *App) CloseProblem(ctx context.Context, actor model.Account, code, note string) (model.Problem, error) {
	var out model.Problem
	err := a.change(ctx, actor, "close_out", "problem", func(tx *store.Tx, ev *Event) error {
		pr, err := tx.Problem(ctx, code)
		if err != nil {
			return err
		}
		if !CanCloseProblem(actor, pr) {
			return forbidden("close out problem " + code)
		}
		before := pr.Status
		if err := pr.CloseOut(actor.Username, tx.Now(), note); err != nil {
			return err
		}
		if err := tx.UpdateProblem(ctx, &pr); err != nil {
			return err
		}
		out = pr
		ev.ID = code
		ev.Before = map[string]any{"status": before}
		ev.After = map[string]any{"status": pr.Status, "closed_by": pr.ClosedBy, "closed_at": pr.ClosedAt, "close_note": pr.CloseNote}
		return nil
	})
	return out, err
}

// checkProblemRefs checks that the units, leader, agenda item and measures
// a problem names exist, with the field that names a missing one.
func checkProblemRefs(ctx context.Context, tx *store.Tx, p *model.Problem) error {
	for _, f := range [][2]string{{"owner_unit", p.OwnerUnit}, {"source_unit", p.SourceUnit}} {
		if f[1] == "" {
			continue
		}
		if ok, err := tx.UnitExists(ctx, f[1]); err != nil {
			return err
		} else if !ok {
			return model.Invalid(f[0], "unknown unit %q", f[1])
		}
	}
	if err := checkLeader(ctx, tx, p.Leader); err != nil {
		return err
	}
	if p.AgendaItem != 0 {
		if _, _, err := tx.AgendaItem(ctx, p.AgendaItem); model.ErrorCode(err) == model.ENOTFOUND {
			return model.Invalid("agenda_item", "unknown agenda item %d", p.AgendaItem)
		} else if err != nil {
			return err
		}
	}
	found, err := tx.MeasureCodesExist(ctx, p.Measures)
	if err != nil {
		return err
	}
	for _, m := range p.Measures {
		if !found[m] {
			return model.Invalid("measures", "unknown measure %s", m)
		}
	}
	return nil
}
