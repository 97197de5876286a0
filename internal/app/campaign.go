package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Study campaigns (学习教育), their permission rules in one place:
//   - the office opens and edits campaigns;
//   - a unit's accounts record their own unit's sessions and summary, in
//     the campaigns their unit takes part in, and read their own unit's
//     row of the matrix and its sessions;
//   - leaders (and the office) read every unit's.

// CanManageCampaigns: the office opens and edits campaigns.
func CanManageCampaigns(a model.Account) bool { return IsOffice(a) }

// CanRecordStudy reports whether a may record unit's sessions and summary
// in c: the office, or an account of that unit when it takes part.
func CanRecordStudy(a model.Account, c model.Campaign, unit string) bool {
	if !slices.Contains(c.Units, unit) {
		return false
	}
	return IsOffice(a) || (a.Role == model.RoleUnit && a.Unit != "" && a.Unit == unit)
}

// canReadAllStudy: the office and leaders read every unit's sessions.
func canReadAllStudy(a model.Account) bool { return IsOffice(a) || a.Role == model.RoleLeader }

// Campaigns lists the campaigns, the latest first; everyone signed in
// may see which campaigns run.
func (a *App) Campaigns(ctx context.Context, actor model.Account) ([]model.Campaign, error) {
	return a.CampaignsOverlapping(ctx, actor, 0, 0)
}

// CampaignsOverlapping lists the campaigns running at some day from..to
// (0 for no bound): the campaigns a half-year's summary reports on.
func (a *App) CampaignsOverlapping(ctx context.Context, actor model.Account, from, to model.Date) ([]model.Campaign, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	return a.store.Campaigns(ctx, from, to)
}

// Campaign returns one campaign with its units and requirements.
func (a *App) Campaign(ctx context.Context, actor model.Account, id int64) (model.Campaign, error) {
	if err := canRead(actor); err != nil {
		return model.Campaign{}, err
	}
	return a.store.Campaign(ctx, id)
}

// SaveCampaign opens (ID 0) or edits a campaign (the office). Its units
// must be known units; none given means every active unit but the
// leadership group.
func (a *App) SaveCampaign(ctx context.Context, actor model.Account, c *model.Campaign) error {
	if !CanManageCampaigns(actor) {
		return forbidden("open study campaigns")
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	var all []string
	for _, u := range units {
		known[u.Code] = true
		if !u.Inactive && u.Kind != model.UnitLeadership {
			all = append(all, u.Code)
		}
	}
	if len(c.Units) == 0 {
		c.Units = all
	}
	c.Units = cleanCodes(c.Units)
	slices.Sort(c.Units)
	for _, u := range c.Units {
		if !known[u] {
			return model.Invalid("units", "there is no unit %s", u)
		}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	action := "create"
	if c.ID != 0 {
		action = "update"
	}
	return a.change(ctx, actor, action, "campaign", func(tx *store.Tx, ev *Event) error {
		if c.ID == 0 {
			c.CreatedBy = actor.Username
			if err := tx.InsertCampaign(ctx, c); err != nil {
				return err
			}
		} else {
			before, err := tx.Campaign(ctx, c.ID)
			if err != nil {
				return err
			}
			c.CreatedBy, c.CreatedAt, ev.Before = before.CreatedBy, before.CreatedAt, before
			if err := tx.UpdateCampaign(ctx, c); err != nil {
				return err
			}
		}
		ev.ID, ev.After = strconv.FormatInt(c.ID, 10), c
		return nil
	})
}

// CampaignCompletion is a campaign's completion matrix as of today: per
// unit and requirement (and summary), with its light, counted from the
// sessions recorded. The office and leaders read every unit's row; a
// unit's account only its own unit's (the totals are then its own too).
func (a *App) CampaignCompletion(ctx context.Context, actor model.Account, id int64) (model.CampaignCompletion, error) {
	if err := canRead(actor); err != nil {
		return model.CampaignCompletion{}, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.CampaignCompletion{}, err
	}
	m, err := a.store.CampaignCompletion(ctx, id, t.Day)
	if err != nil {
		return model.CampaignCompletion{}, err
	}
	if canReadAllStudy(actor) {
		return *m, nil
	}
	out := *m
	out.Rows, out.Totals, out.Cells, out.Done, out.UnitsDone, out.Percent = nil, map[string]int{}, 0, 0, 0, 0
	for _, l := range model.CellLights {
		out.Totals[l] = 0
	}
	for _, r := range m.Rows {
		if r.Unit != actor.Unit {
			continue
		}
		out.Rows = append(out.Rows, r)
		for _, c := range append(slices.Clone(r.Cells), r.Summary) {
			out.Totals[c.State]++
			out.Cells++
			if c.State == model.CellDone {
				out.Done++
			}
		}
		if r.Done {
			out.UnitsDone++
		}
	}
	if out.Rows == nil {
		out.Rows = []model.CompletionRow{}
	}
	if out.Cells > 0 {
		out.Percent = out.Done * 100 / out.Cells
	}
	return out, nil
}

// StudySessions lists a campaign's sessions of unit ("" for all the
// reader may see): the office and leaders any unit's, a unit's account
// only its own.
func (a *App) StudySessions(ctx context.Context, actor model.Account, campaign int64, unit string) ([]model.StudySession, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	if !canReadAllStudy(actor) {
		if actor.Role != model.RoleUnit || actor.Unit == "" || (unit != "" && unit != actor.Unit) {
			return nil, forbidden("read another unit's study sessions")
		}
		unit = actor.Unit
	}
	if _, err := a.store.Campaign(ctx, campaign); err != nil {
		return nil, err
	}
	return a.store.StudySessions(ctx, campaign, unit)
}

// StudySessionFile returns a session's photo or minutes, to those who may
// read the session.
func (a *App) StudySessionFile(ctx context.Context, actor model.Account, id int64) (model.Evidence, error) {
	if err := canRead(actor); err != nil {
		return model.Evidence{}, err
	}
	e, unit, err := a.store.StudySessionFile(ctx, id)
	if err != nil {
		return e, err
	}
	if !canReadAllStudy(actor) && (actor.Role != model.RoleUnit || actor.Unit != unit) {
		return model.Evidence{}, forbidden("read another unit's study sessions")
	}
	return e, nil
}

// StudyPeople are the people of a unit that a session's attendance is
// taken from, to those who may record or read its sessions.
func (a *App) StudyPeople(ctx context.Context, actor model.Account, unit string) ([]model.Person, error) {
	if !canReadAllStudy(actor) && (actor.Role != model.RoleUnit || actor.Unit != unit) {
		return nil, forbidden("list another unit's people")
	}
	return a.store.People(ctx, unit)
}

// RecordStudySession records a unit's study session: a meeting of kind
// study (so meetings, search and the audit trail hold it) linked to the
// campaign and the unit, with its attendance from the unit's people and
// its files, in one transaction and one audit event.
func (a *App) RecordStudySession(ctx context.Context, actor model.Account, s *model.StudySession) error {
	c, err := a.store.Campaign(ctx, s.Campaign)
	if err != nil {
		return err
	}
	if !CanRecordStudy(actor, c, s.Unit) {
		return forbidden("record this unit's study sessions")
	}
	if err := s.Validate(c); err != nil {
		return err
	}
	if err := checkEvidence(actor, s.Files, 0); err != nil {
		return err
	}
	people, err := a.store.People(ctx, s.Unit)
	if err != nil {
		return err
	}
	byID := map[int64]model.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	var present, absent []string
	for i := range s.Attendance {
		at := &s.Attendance[i]
		p, ok := byID[at.Person]
		if !ok {
			return model.Invalid("attendance["+strconv.Itoa(i)+"].person", "person %d is not one of the unit's people", at.Person)
		}
		at.Name = p.Name
		if at.Present {
			present = append(present, p.Name)
		} else {
			absent = append(absent, p.Name+"（"+at.Reason+"）")
		}
	}
	unitName := s.Unit
	if u, err := a.store.Unit(ctx, s.Unit); err == nil {
		unitName = u.Name
	}
	m := model.Meeting{Kind: "study", Title: unitName + " · " + s.Topic, Date: s.Date, Place: s.Place,
		Attendees: strings.Join(present, "、"), OnLeave: strings.Join(absent, "、"),
		Items: []model.AgendaItem{{Kind: "briefing", Title: s.Topic, Text: s.Materials}}}
	if err := m.Validate(); err != nil {
		return err
	}
	p, _ := model.PeriodFromCode(m.Period)
	s.RecordedBy = actor.Username
	for i := range s.Files {
		s.Files[i].Author = actor.Username
	}
	return a.change(ctx, actor, "record", "study_session", func(tx *store.Tx, ev *Event) error {
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.InsertMeeting(ctx, &m); err != nil {
			return err
		}
		s.Meeting = m.ID
		if err := tx.InsertStudySession(ctx, s); err != nil {
			return err
		}
		ev.ID, ev.After = strconv.FormatInt(s.ID, 10), s
		return nil
	})
}

// CampaignSummary returns unit's campaign summary (ENOTFOUND while none
// is in), to those who may read its sessions.
func (a *App) CampaignSummary(ctx context.Context, actor model.Account, campaign int64, unit string) (model.CampaignSummary, error) {
	if !canReadAllStudy(actor) && (actor.Role != model.RoleUnit || actor.Unit != unit) {
		return model.CampaignSummary{}, forbidden("read another unit's study sessions")
	}
	return a.store.CampaignSummary(ctx, campaign, unit)
}

// SubmitCampaignSummary submits (or resubmits) unit's campaign summary.
func (a *App) SubmitCampaignSummary(ctx context.Context, actor model.Account, campaign int64, unit, body string) (model.CampaignSummary, error) {
	c, err := a.store.Campaign(ctx, campaign)
	if err != nil {
		return model.CampaignSummary{}, err
	}
	if !CanRecordStudy(actor, c, unit) {
		return model.CampaignSummary{}, forbidden("submit this unit's campaign summary")
	}
	s := model.CampaignSummary{Campaign: campaign, Unit: unit, Body: strings.TrimSpace(body), SubmittedBy: actor.Username}
	if err := model.CheckCampaignSummary(s.Body); err != nil {
		return s, err
	}
	err = a.change(ctx, actor, "submit", "campaign_summary", func(tx *store.Tx, ev *Event) error {
		if before, err := tx.CampaignSummary(ctx, campaign, unit); err == nil {
			ev.Before = before
		}
		if err := tx.PutCampaignSummary(ctx, &s); err != nil {
			return err
		}
		ev.ID, ev.After = strconv.FormatInt(campaign, 10)+"/"+unit, s
		return nil
	})
	return s, err
}
