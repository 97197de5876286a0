package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// CanIssueMinutes: the office issues and voids minutes.
func CanIssueMinutes(a model.Account) bool { return IsOffice(a) }

// MinutesRequest is what the office sends to issue minutes: the decisions'
// texts as it edited them, by Decision.Key (decisions left out keep the
// text the preview proposed).
type MinutesRequest struct {
	Texts map[string]string
}

// MeetingMinutes returns a meeting's standing minutes (nil when none
// stand) and every set issued for it, voided ones too, the latest first.
func (a *App) MeetingMinutes(ctx context.Context, actor model.Account, meeting int64) (*model.Minutes, []model.Minutes, error) {
	if !canReadBulletins(actor) {
		return nil, nil, forbidden("read minutes")
	}
	if _, err := a.store.Meeting(ctx, meeting); err != nil {
		return nil, nil, err
	}
	all, err := a.store.MeetingMinutes(ctx, meeting)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		if all[i].Voided == nil {
			return &all[i], all, nil
		}
	}
	return nil, all, nil
}

// MinutesOf returns a meeting's minutes as a reader finds them: the
// standing set as issued, else the draft the office would issue now
// (worded by req; Issued false); and every set issued for it, voided ones
// too, the latest first.
func (a *App) MinutesOf(ctx context.Context, actor model.Account, meeting int64, req MinutesRequest) (model.Minutes, []model.Minutes, error) {
	standing, all, err := a.MeetingMinutes(ctx, actor, meeting)
	switch {
	case err != nil:
		return model.Minutes{}, nil, err
	case standing != nil:
		return *standing, all, nil
	}
	m, err := a.PreviewMinutes(ctx, actor, meeting, req)
	return m, all, err
}

// PreviewMinutes drafts a meeting's minutes from what luoshi holds now:
// the meeting as recorded and a decision per agenda item of kind decision
// (every item when it has none), each worded as the item (the office edits
// the wording: req), with the measures accepted from it. Nothing is
// written.
func (a *App) PreviewMinutes(ctx context.Context, actor model.Account, meeting int64, req MinutesRequest) (model.Minutes, error) {
	if !canReadBulletins(actor) {
		return model.Minutes{}, forbidden("read minutes")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Minutes{}, err
	}
	return draftMinutes(ctx, a.store.Queries, t, meeting, req)
}

// draftMinutes builds minutes of a meeting as of t, through q.
func draftMinutes(ctx context.Context, q store.Queries, t model.Today, meeting int64, req MinutesRequest) (model.Minutes, error) {
	m, err := q.Meeting(ctx, meeting)
	if err != nil {
		return model.Minutes{}, err
	}
	out := model.Minutes{Meeting: m.ID, Kind: m.Kind, Year: m.Date.Time().Year(), MeetingTitle: m.Title, Date: m.Date,
		Place: m.Place, Presider: m.Presider, Present: m.Attendees, OnLeave: m.OnLeave, SittingIn: m.SittingIn,
		Decisions: []model.Decision{}}
	items := m.Items
	if slices.ContainsFunc(items, func(it model.AgendaItem) bool { return it.Kind == "decision" }) {
		var ds []model.AgendaItem
		for _, it := range items {
			if it.Kind == "decision" {
				ds = append(ds, it)
			}
		}
		items = ds
	}
	measures, err := meetingMeasures(ctx, q, t, meeting)
	if err != nil {
		return out, err
	}
	units, err := q.Units(ctx)
	if err != nil {
		return out, err
	}
	name := map[string]string{}
	for _, u := range units {
		name[u.Code] = u.Name
	}
	unitName := func(code string) string {
		if n := name[code]; n != "" {
			return n
		}
		return code
	}
	for _, it := range items {
		parts := []decisionPart{{text: it.Title, start: 0, end: len(it.Text)}}
		if it.Kind == "decision" && strings.TrimSpace(it.Text) != "" {
			parts = decisionParts(it.Text)
		}
		for pi, part := range parts {
			d := model.Decision{Item: it.ID, Part: pi, Text: part.text, Measures: []model.MinutesMeasure{}}
			if v, ok := req.Texts[d.Key()]; ok {
				d.Text = strings.TrimSpace(v)
			}
			for _, ms := range measures {
				// A measure belongs to the part its words were taken from;
				// one typed in by hand (no span), to the item's first part.
				if ms.Source.AgendaItem != it.ID || (ms.Source.End > 0 && (ms.Source.Start < part.start || ms.Source.Start >= part.end)) ||
					(ms.Source.End == 0 && pi > 0) {
					continue
				}
				coop := make([]string, len(ms.CooperatingUnits))
				for i, c := range ms.CooperatingUnits {
					coop[i] = unitName(c)
				}
				d.Measures = append(d.Measures, model.MinutesMeasure{Code: ms.Code, Title: ms.Title, LeadUnit: unitName(ms.LeadUnit),
					Cooperating: strings.Join(coop, "、"), Deadline: ms.Deadline, Due: ms.Due, Cancelled: ms.Cancelled})
			}
			out.Decisions = append(out.Decisions, d)
		}
	}
	return out, nil
}

// decisionPart is one decision in a decision item's text: its words
// (without their 一、) and the bytes it spans.
type decisionPart struct {
	text       string
	start, end int
}

// decisionParts splits a decision item's text where its decisions are
// numbered (会议研究决定：一、…。二、…。), the lead-in left out; a text
// without numbers is one decision.
func decisionParts(text string) []decisionPart {
	var at []int
	for n := 1; n <= 30; n++ {
		mark := model.ChineseNumber(n) + "、"
		from := 0
		if len(at) > 0 {
			from = at[len(at)-1] + 1
		}
		i := strings.Index(text[from:], mark)
		if i < 0 {
			break
		}
		at = append(at, from+i)
	}
	if len(at) < 2 {
		return []decisionPart{{text: strings.TrimSpace(text), start: 0, end: len(text)}}
	}
	var out []decisionPart
	for k, a := range at {
		end := len(text)
		if k+1 < len(at) {
			end = at[k+1]
		}
		body := text[a:end]
		body = body[strings.Index(body, "、")+len("、"):]
		out = append(out, decisionPart{text: strings.TrimSpace(body), start: a, end: end})
	}
	out[0].start = 0 // a measure from the lead-in belongs to the first
	return out
}

// meetingMeasures are the measures drawn from a meeting's agenda, every
// page of them.
func meetingMeasures(ctx context.Context, q store.Queries, t model.Today, meeting int64) ([]model.Measure, error) {
	f := model.MeasureFilter{Meeting: meeting, Limit: MaxMeasureLimit, Today: t}
	var all []model.Measure
	for {
		ms, next, err := q.Measures(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, ms...)
		if next == "" {
			return all, nil
		}
		if f.After, err = parseCursor(next); err != nil {
			return nil, err
		}
	}
}

// IssueMinutes issues a meeting's minutes as the office worded them: the
// next number of the meeting kind's series in the year the meeting sat,
// frozen, in one transaction with one audit event. A meeting whose minutes
// stand gets no second set until those are voided.
func (a *App) IssueMinutes(ctx context.Context, actor model.Account, meeting int64, req MinutesRequest) (model.Minutes, error) {
	if !CanIssueMinutes(actor) {
		return model.Minutes{}, forbidden("issue minutes")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Minutes{}, err
	}
	formats, err := a.DocumentFormats(ctx)
	if err != nil {
		return model.Minutes{}, err
	}
	in, err := a.Institution(ctx)
	if err != nil {
		return model.Minutes{}, err
	}
	var m model.Minutes
	err = a.change(ctx, actor, "issue", "minutes", func(tx *store.Tx, ev *Event) error {
		var err error
		if m, err = draftMinutes(ctx, tx.Queries, t, meeting, req); err != nil {
			return err
		}
		if err := model.ValidateDecisions(m.Decisions); err != nil {
			return err
		}
		m.IssuedOn, m.Issuer, m.Office = t.Day, actor.Username, a.OfficeName(ctx)
		if m.Number, err = tx.NextMinutesNumber(ctx, m.Kind, m.Year); err != nil {
			return err
		}
		m.NumberText = model.DocumentNumber(formats[model.DocMinutes], in, m.Year, m.Number)
		if err := tx.InsertMinutes(ctx, &m); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(m.ID, 10)
		ev.After = m
		return nil
	})
	if err != nil {
		return model.Minutes{}, err
	}
	return m, nil
}

// VoidMinutes voids issued minutes (作废) with the office's reason: the
// number stays used, the minutes stay readable, struck through, and the
// meeting's minutes may be issued again under a new number.
func (a *App) VoidMinutes(ctx context.Context, actor model.Account, id int64, reason string) (model.Minutes, error) {
	if !CanIssueMinutes(actor) {
		return model.Minutes{}, forbidden("void minutes")
	}
	reason = strings.TrimSpace(reason)
	if err := model.CheckVoidReason(reason); err != nil {
		return model.Minutes{}, err
	}
	var m model.Minutes
	err := a.change(ctx, actor, "void", "minutes", func(tx *store.Tx, ev *Event) error {
		if _, err := tx.Minutes(ctx, id); err != nil {
			return err
		}
		if err := tx.VoidMinutes(ctx, id, actor.Username, reason); err != nil {
			return err
		}
		var err error
		if m, err = tx.Minutes(ctx, id); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(id, 10)
		ev.After = map[string]any{"kind": m.Kind, "year": m.Year, "number": m.Number, "reason": reason}
		return nil
	})
	return m, err
}

// Minutes returns issued minutes by id.
func (a *App) Minutes(ctx context.Context, actor model.Account, id int64) (model.Minutes, error) {
	if !canReadBulletins(actor) {
		return model.Minutes{}, forbidden("read minutes")
	}
	return a.store.Minutes(ctx, id)
}
