package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Supervision bulletin permissions, in one place:
//   - the office (and admin) issues bulletins;
//   - everyone signed in reads issued bulletins and previews one for any
//     range (a preview lists only measures, which everyone may see).

// CanIssueBulletins reports whether a may issue a bulletin.
func CanIssueBulletins(a model.Account) bool { return IsOffice(a) }

// canReadBulletins reports whether a may read bulletins: any account.
func canReadBulletins(a model.Account) bool { return a.Username != "" && a.Role != "" }

// PreviewBulletin computes the bulletin for [from, to] as of today's data,
// without issuing or numbering it.
func (a *App) PreviewBulletin(ctx context.Context, actor model.Account, from, to model.Date) (model.Bulletin, error) {
	if !canReadBulletins(actor) {
		return model.Bulletin{}, forbidden("read bulletins")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Bulletin{}, err
	}
	if err := model.CheckBulletinRange(from, to, t.Day); err != nil {
		return model.Bulletin{}, err
	}
	b := model.Bulletin{From: from, To: to, Year: t.Day.Time().Year(), IssuedOn: t.Day, Issuer: actor.Username, Office: a.OfficeName(ctx)}
	b.Sections, err = bulletinSections(ctx, a.store.Queries, t, from, to)
	return b, err
}

// BulletinRequest asks for a bulletin over the days From to To; Supplement
// marks it a 补充通报, issued over a range an issued bulletin covers.
type BulletinRequest struct {
	From, To   model.Date
	Supplement bool
}

// IssueBulletin computes the bulletin for [from, to], gives it the next
// number of the year of issue and records it with its lists frozen, in one
// transaction with one audit event (office). A range that overlaps a
// standing bulletin's is refused, naming its number, unless the request
// marks it a supplement: a numbered document is issued deliberately.
func (a *App) IssueBulletin(ctx context.Context, actor model.Account, req BulletinRequest) (model.Bulletin, error) {
	from, to := req.From, req.To
	if !CanIssueBulletins(actor) {
		return model.Bulletin{}, forbidden("issue bulletins")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Bulletin{}, err
	}
	if err := model.CheckBulletinRange(from, to, t.Day); err != nil {
		return model.Bulletin{}, err
	}
	formats, err := a.DocumentFormats(ctx)
	if err != nil {
		return model.Bulletin{}, err
	}
	in, err := a.Institution(ctx)
	if err != nil {
		return model.Bulletin{}, err
	}
	b := model.Bulletin{From: from, To: to, Year: t.Day.Time().Year(), IssuedOn: t.Day, Issuer: actor.Username, Office: a.OfficeName(ctx),
		Supplement: req.Supplement}
	err = a.change(ctx, actor, "issue", "bulletin", func(tx *store.Tx, ev *Event) error {
		if !req.Supplement {
			prev, err := tx.OverlappingBulletin(ctx, from, to)
			if err == nil {
				return &model.Error{Code: model.ECONFLICT, Field: "supplement",
					Message: fmt.Sprintf("the range overlaps bulletin %d-%d (%s to %s), issued already; mark this one a supplement to issue it",
						prev.Year, prev.Number, prev.From, prev.To)}
			}
			if model.ErrorCode(err) != model.ENOTFOUND {
				return err
			}
		}
		var err error
		if b.Sections, err = bulletinSections(ctx, tx.Queries, t, from, to); err != nil {
			return err
		}
		if b.Number, err = tx.NextBulletinNumber(ctx, b.Year); err != nil {
			return err
		}
		b.NumberText = model.DocumentNumber(formats[model.DocBulletin], in, b.Year, b.Number)
		if err := tx.InsertBulletin(ctx, &b); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(b.ID, 10)
		ev.After = map[string]any{"year": b.Year, "number": b.Number, "from": b.From, "to": b.To,
			"overdue": model.Codes(b.Sections.Overdue), "orange": model.Codes(b.Sections.Orange),
			"completed": model.Codes(b.Sections.Completed), "supplement": b.Supplement}
		return nil
	})
	if err != nil {
		return model.Bulletin{}, err
	}
	return b, nil
}

// BulletinOverlap is the standing bulletin whose range overlaps [from, to]
// (the one a new bulletin over it would supplement), nil when none does.
func (a *App) BulletinOverlap(ctx context.Context, actor model.Account, from, to model.Date) (*model.Bulletin, error) {
	if !canReadBulletins(actor) {
		return nil, forbidden("read bulletins")
	}
	b, err := a.store.OverlappingBulletin(ctx, from, to)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// VoidBulletin voids an issued bulletin (作废) with the office's reason: its
// number stays used, it stays readable, shown struck through with who
// voided it and why, and its range may be issued again. One audit event.
func (a *App) VoidBulletin(ctx context.Context, actor model.Account, id int64, reason string) (model.Bulletin, error) {
	if !CanIssueBulletins(actor) {
		return model.Bulletin{}, forbidden("void bulletins")
	}
	reason = strings.TrimSpace(reason)
	if err := model.CheckVoidReason(reason); err != nil {
		return model.Bulletin{}, err
	}
	var b model.Bulletin
	err := a.change(ctx, actor, "void", "bulletin", func(tx *store.Tx, ev *Event) error {
		if _, err := tx.Bulletin(ctx, id); err != nil {
			return err
		}
		if err := tx.VoidBulletin(ctx, id, actor.Username, reason); err != nil {
			return err
		}
		var err error
		if b, err = tx.Bulletin(ctx, id); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(id, 10)
		ev.After = map[string]any{"year": b.Year, "number": b.Number, "reason": reason}
		return nil
	})
	return b, err
}

// Bulletins lists the issued bulletins, the latest first.
func (a *App) Bulletins(ctx context.Context, actor model.Account) ([]model.Bulletin, error) {
	if !canReadBulletins(actor) {
		return nil, forbidden("read bulletins")
	}
	return a.store.Bulletins(ctx)
}

// Bulletin returns an issued bulletin as it was issued.
func (a *App) Bulletin(ctx context.Context, actor model.Account, id int64) (model.Bulletin, error) {
	if !canReadBulletins(actor) {
		return model.Bulletin{}, forbidden("read bulletins")
	}
	return a.store.Bulletin(ctx, id)
}

// bulletinSections applies the bulletin's rules as of the range's last day
// to: a measure's progress that day is its latest report dated on or before
// it, and its status is model.Derive for that day with the thresholds in
// force. Overdue (red) measures go to the first list, orange ones to the
// second; a measure whose completion day (model.CompletedOn as of to) falls
// within the range to the third. Cancelled measures are left out.
func bulletinSections(ctx context.Context, q store.Queries, t model.Today, from, to model.Date) (model.BulletinSections, error) {
	s := model.BulletinSections{Overdue: []model.BulletinItem{}, Orange: []model.BulletinItem{}, Completed: []model.BulletinItem{}}
	ms, points, err := q.BulletinCandidates(ctx, t, from, to)
	if err != nil || len(ms) == 0 {
		return s, err
	}
	units, err := q.Units(ctx)
	if err != nil {
		return s, err
	}
	order, unitName := map[string]int{}, map[string]string{}
	for i, u := range units {
		order[u.Code], unitName[u.Code] = i, u.Name
	}
	var leaders []string
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Leader != "" && !seen[m.Leader] {
			seen[m.Leader] = true
			leaders = append(leaders, m.Leader)
		}
	}
	leaderName := map[string]string{}
	if len(leaders) > 0 {
		accts, err := q.AccountsBy(ctx, store.AccountFilter{Usernames: leaders})
		if err != nil {
			return s, err
		}
		for _, ac := range accts {
			leaderName[ac.Username] = ac.Name
		}
	}
	for _, m := range ms {
		pts := points[m.ID]
		pct := model.ProgressOn(pts, to)
		st, al := model.Derive(false, pct, m.Start, m.Due, to, t.Thresholds)
		it := model.BulletinItem{Code: m.Code, Title: m.Title, LeadUnit: m.LeadUnit, LeadUnitName: unitName[m.LeadUnit],
			Leader: m.Leader, LeaderName: leaderName[m.Leader], Due: m.Due, Progress: pct, Status: st, Alert: al}
		switch {
		case st == model.Overdue:
			it.DaysOverdue = int(to - m.Due)
			s.Overdue = append(s.Overdue, it)
		case al == model.AlertOrange:
			s.Orange = append(s.Orange, it)
		}
		if done := model.CompletedOn(pts, to); done != 0 && done >= from {
			it.Completed = done
			if m.Due != 0 && done > m.Due {
				it.DaysOverdue = int(done - m.Due)
			}
			s.Completed = append(s.Completed, it)
		}
	}
	byUnitThen := func(items []model.BulletinItem, day func(model.BulletinItem) model.Date) {
		sort.SliceStable(items, func(i, j int) bool {
			a, b := items[i], items[j]
			if oa, ob := order[a.LeadUnit], order[b.LeadUnit]; oa != ob {
				return oa < ob
			}
			if da, db := day(a), day(b); da != db {
				return da < db
			}
			return a.Code < b.Code
		})
	}
	due := func(it model.BulletinItem) model.Date { return it.Due }
	byUnitThen(s.Overdue, due)
	byUnitThen(s.Orange, due)
	byUnitThen(s.Completed, func(it model.BulletinItem) model.Date { return it.Completed })
	return s, nil
}
