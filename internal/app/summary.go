package app

import (
	"context"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// The institution's half-year summary (学校半年工作总结), permissions in one
// place:
//   - the office (and admin) drafts it from live figures, edits the text
//     around them, issues it into the period's retreat agenda and voids an
//     issued one to correct it;
//   - leaders read it, drafted or issued;
//   - unit accounts read the issued one only (a draft is the office's
//     work in progress).

// CanDraftSummary reports whether a may edit, issue and void summaries.
func CanDraftSummary(a model.Account) bool { return IsOffice(a) }

// CanReadSummary reports whether a may read a summary in state.
func CanReadSummary(a model.Account, state string) bool {
	switch {
	case IsOffice(a), a.Role == model.RoleLeader:
		return true
	case a.Role == model.RoleUnit:
		return state == model.SummaryIssued
	}
	return false
}

// SummaryDetail is a summary as its page and the API show it: text and
// figures (live for a draft, frozen once issued), the period, the retreat
// it went to, and its history (newest first).
type SummaryDetail struct {
	Summary model.Summary
	Period  model.Period
	// Generated is the text drafted from the figures in the reader's
	// language, section by section, for the office to start from again.
	Generated []model.SummarySection
	Meeting   *model.MeetingSummary
	History   []model.AuditEvent
}

// periodBounds is a period's first moment and the end of day's day in the
// institution's zone, in Unix milliseconds: the window a summary's
// problems were raised in.
func (a *App) periodBounds(p model.Period, day model.Date) (int64, int64) {
	at := func(d model.Date) int64 {
		t := d.Time()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, a.Location).UnixMilli()
	}
	return at(p.Start), at(day + 1)
}

// summaryFigures are the live figures of period p today, from the cache.
func (a *App) summaryFigures(ctx context.Context, t model.Today, p model.Period) (model.SummaryFigures, error) {
	from, to := a.periodBounds(p, t.Day)
	return a.store.SummaryFigures(ctx, t, p, from, to)
}

// Summary returns the summary of period for actor, whose language the
// generated text is in: the stored one, or a draft generated from the
// figures when nobody has saved one yet.
func (a *App) Summary(ctx context.Context, actor model.Account, period string) (SummaryDetail, error) {
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return SummaryDetail{}, err
	}
	s, err := a.store.Summary(ctx, p.Code)
	if model.ErrorCode(err) == model.ENOTFOUND {
		s, err = model.Summary{Period: p.Code, State: model.SummaryNone}, nil
	}
	if err != nil {
		return SummaryDetail{}, err
	}
	if !CanReadSummary(actor, s.State) {
		if actor.Role == model.RoleUnit {
			return SummaryDetail{}, model.Errorf(model.ENOTFOUND, "the summary of %s has not been issued", p.Code)
		}
		return SummaryDetail{}, forbidden("read the institution's summary")
	}
	if !s.Frozen() {
		t, err := a.Today(ctx)
		if err != nil {
			return SummaryDetail{}, err
		}
		if s.Figures, err = a.summaryFigures(ctx, t, p); err != nil {
			return SummaryDetail{}, err
		}
	}
	d := SummaryDetail{Summary: s, Period: p}
	if CanDraftSummary(actor) || !s.Frozen() {
		units, err := a.store.Units(ctx)
		if err != nil {
			return d, err
		}
		d.Generated = DraftSummaryText(actor.Lang, p, s.Figures, units)
	}
	if s.State == model.SummaryNone {
		d.Summary.Sections = d.Generated
	}
	if s.Meeting != 0 {
		if m, err := a.store.Meeting(ctx, s.Meeting); err == nil {
			d.Meeting = &model.MeetingSummary{Meeting: model.Meeting{ID: m.ID, Kind: m.Kind, Title: m.Title, Date: m.Date}}
		}
	}
	if CanDraftSummary(actor) || actor.Role == model.RoleLeader {
		if d.History, err = a.store.AuditEvents(ctx, "summary", p.Code, 50); err != nil {
			return d, err
		}
	}
	return d, nil
}

// summaryAudit is what the audit trail keeps of a summary.
func summaryAudit(s model.Summary) map[string]any {
	return map[string]any{"state": s.State, "sections": s.Sections, "meeting": s.Meeting, "agenda_item": s.AgendaItem}
}

// summaryChange loads (or starts) a period's summary in one transaction,
// lets fn change it and saves it with one audit event.
func (a *App) summaryChange(ctx context.Context, actor model.Account, period, action string, fn func(tx *store.Tx, ev *Event, t model.Today, p model.Period, s *model.Summary) error) (model.Summary, error) {
	if !CanDraftSummary(actor) {
		return model.Summary{}, forbidden("draft or issue the institution's summary")
	}
	p, err := model.PeriodFromCode(period)
	if err != nil {
		return model.Summary{}, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Summary{}, err
	}
	var out model.Summary
	err = a.change(ctx, actor, action, "summary", func(tx *store.Tx, ev *Event) error {
		s, err := tx.Summary(ctx, p.Code)
		if model.ErrorCode(err) == model.ENOTFOUND {
			s, err = model.Summary{Period: p.Code, State: model.SummaryNone}, nil
		} else if err == nil {
			ev.Before = summaryAudit(s)
		}
		if err != nil {
			return err
		}
		if err := fn(tx, ev, t, p, &s); err != nil {
			return err
		}
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.SaveSummary(ctx, &s); err != nil {
			return err
		}
		after := summaryAudit(s)
		if extra, ok := ev.After.(map[string]any); ok { // fn's own words, a void's reason
			for k, v := range extra {
				after[k] = v
			}
		}
		ev.ID, ev.After = p.Code, after
		out = s
		return nil
	})
	return out, err
}

// draftSections are the sections of a summary nobody has saved yet: the
// text generated from today's figures in the actor's language.
func (a *App) draftSections(ctx context.Context, tx *store.Tx, actor model.Account, t model.Today, p model.Period) ([]model.SummarySection, error) {
	from, to := a.periodBounds(p, t.Day)
	f, err := tx.ComputeSummaryFigures(ctx, t, p, from, to)
	if err != nil {
		return nil, err
	}
	units, err := tx.Units(ctx)
	if err != nil {
		return nil, err
	}
	return DraftSummaryText(actor.Lang, p, f, units), nil
}

// SaveSummary saves the office's text of a period's summary (sections not
// given keep their text); an issued summary is voided before it is edited.
func (a *App) SaveSummary(ctx context.Context, actor model.Account, period string, sections []model.SummarySection) (model.Summary, error) {
	return a.summaryChange(ctx, actor, period, "save", func(tx *store.Tx, ev *Event, t model.Today, p model.Period, s *model.Summary) error {
		if s.Frozen() {
			return model.Errorf(model.ECONFLICT, "the summary of %s is issued: void it before editing", p.Code)
		}
		old := s.Sections
		if s.State == model.SummaryNone {
			var err error
			if old, err = a.draftSections(ctx, tx, actor, t, p); err != nil {
				return err
			}
		}
		secs, err := model.ValidateSections(sections, old)
		if err != nil {
			return err
		}
		s.Sections, s.State, s.Author = secs, model.SummaryDraft, actor.Username
		return nil
	})
}

// IssueSummary issues a period's summary: its figures are frozen as they
// are now, and its text goes on the period's retreat agenda as the first
// item, a briefing titled 学校上半年工作总结. A summary never saved is
// issued with the generated text.
func (a *App) IssueSummary(ctx context.Context, actor model.Account, period string) (model.Summary, error) {
	in, err := a.Institution(ctx)
	if err != nil {
		return model.Summary{}, err
	}
	speaker := in.OfficeName
	return a.summaryChange(ctx, actor, period, "issue", func(tx *store.Tx, ev *Event, t model.Today, p model.Period, s *model.Summary) error {
		if s.Frozen() {
			return model.Errorf(model.ECONFLICT, "the summary of %s is issued already", p.Code)
		}
		from, to := a.periodBounds(p, t.Day)
		f, err := tx.ComputeSummaryFigures(ctx, t, p, from, to)
		if err != nil {
			return err
		}
		if s.State == model.SummaryNone {
			units, err := tx.Units(ctx)
			if err != nil {
				return err
			}
			s.Sections = DraftSummaryText(actor.Lang, p, f, units)
		}
		if s.Text() == "" {
			return model.Invalid("sections", "the summary has no text to issue")
		}
		mid, err := tx.RetreatOf(ctx, p)
		if err != nil {
			return err
		}
		m, err := tx.Meeting(ctx, mid)
		if err != nil {
			return err
		}
		item := model.AgendaItem{Kind: "briefing", Title: model.SummaryTitleOf(p.Code), Speaker: speaker, Text: s.Text()}
		m.Items = append([]model.AgendaItem{item}, m.Items...)
		for i := range m.Items {
			m.Items[i].Seq = i + 1
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, &m); err != nil {
			return err
		}
		s.State, s.Figures, s.Meeting, s.AgendaItem = model.SummaryIssued, f, m.ID, m.Items[0].ID
		s.IssuedBy, s.IssuedAt = actor.Username, tx.Now()
		if s.Author == "" {
			s.Author = actor.Username
		}
		return nil
	})
}

// VoidSummary takes an issued summary back to a draft (作废, with a
// reason): its figures are live again and its briefing leaves the
// retreat's agenda; issuing it again puts it back first.
func (a *App) VoidSummary(ctx context.Context, actor model.Account, period, reason string) (model.Summary, error) {
	reason = strings.TrimSpace(reason)
	if err := model.CheckVoidReason(reason); err != nil {
		return model.Summary{}, err
	}
	return a.summaryChange(ctx, actor, period, "void", func(tx *store.Tx, ev *Event, t model.Today, p model.Period, s *model.Summary) error {
		if !s.Frozen() {
			return model.Errorf(model.ECONFLICT, "the summary of %s is not issued", p.Code)
		}
		if s.Meeting != 0 && s.AgendaItem != 0 {
			m, err := tx.Meeting(ctx, s.Meeting)
			if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
				return err
			}
			if err == nil {
				kept := m.Items[:0]
				for _, it := range m.Items {
					if it.ID != s.AgendaItem {
						kept = append(kept, it)
					}
				}
				m.Items = kept
				for i := range m.Items {
					m.Items[i].Seq = i + 1
				}
				if err := tx.UpdateMeeting(ctx, &m); err != nil {
					return err
				}
			}
		}
		s.State, s.Figures, s.Meeting, s.AgendaItem = model.SummaryDraft, model.SummaryFigures{}, 0, 0
		s.IssuedBy, s.IssuedAt = "", time.Time{}
		ev.After = map[string]any{"reason": reason}
		return nil
	})
}

// SummaryPeriod is the period whose summary the summaries page opens on
// for actor: the half-year just ended, or for a unit account the latest
// issued summary (ENOTFOUND when none is).
func (a *App) SummaryPeriod(ctx context.Context, actor model.Account) (string, error) {
	if CanReadSummary(actor, model.SummaryDraft) {
		t, err := a.Today(ctx)
		if err != nil {
			return "", err
		}
		return model.HalfYearOf(model.HalfYearOf(t.Day).Start - 1).Code, nil
	}
	if !CanReadSummary(actor, model.SummaryIssued) {
		return "", forbidden("read the institution's summary")
	}
	p, err := a.store.LatestIssuedSummary(ctx)
	if err == nil && p == "" {
		err = model.Errorf(model.ENOTFOUND, "no summary has been issued yet")
	}
	return p, err
}
