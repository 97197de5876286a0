package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Kinds of agenda proposal besides the carried-over overdue measures
// (CarryOverProposals): an open key problem, a competitive indicator
// behind, a unit that missed its half-year report.
const (
	ProposalProblem   = "problem"
	ProposalIndicator = "indicator"
	ProposalReport    = "report"
)

// ProposalKinds lists the kinds in the order the page shows them.
var ProposalKinds = []string{ProposalProblem, ProposalIndicator, ProposalReport}

// AgendaProposal is an item proposed for a leadership meeting's agenda:
// what it is about (Kind and Ref: a problem code, an indicator code and
// period "ZB-01/2024-H2", a unit and period "KJC/2024-H1"), the agenda item
// it would become, and the item it became on the meeting (0 before).
type AgendaProposal struct {
	Kind  string           `json:"kind"`
	Ref   string           `json:"ref"`
	Unit  string           `json:"unit"`
	Item  model.AgendaItem `json:"item"`
	Added int64            `json:"added_item,omitempty"`
}

func problemProposal(p model.ProblemLine, unitName string) AgendaProposal {
	return AgendaProposal{Kind: ProposalProblem, Ref: p.Code, Unit: p.OwnerUnit, Item: model.AgendaItem{Kind: "discussion",
		Title: fmt.Sprintf("重点难点问题：%s（%s）", p.Title, p.Code),
		Text:  fmt.Sprintf("%s %s，责任单位%s，严重程度高，尚未解决，提请会议研究推进措施。", p.Code, p.Title, unitName)}}
}

func num(f *float64) string {
	if f == nil {
		return "—"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func indicatorProposal(f model.IndicatorFigure, p model.Period, unitName string) AgendaProposal {
	att := "—"
	if f.Attainment != nil {
		att = strconv.FormatFloat(*f.Attainment, 'f', 1, 64) + "%"
	}
	return AgendaProposal{Kind: ProposalIndicator, Ref: f.Code + "/" + p.Code, Unit: f.Owner, Item: model.AgendaItem{Kind: "discussion",
		Title: fmt.Sprintf("竞争性指标进度滞后：%s（%s）", f.Name, f.Code),
		Text: fmt.Sprintf("%s %s（责任单位%s）：%s基期%s%s，目标%s%s，实际%s%s，完成计划增量的%s，进度滞后，提请会议研究。",
			f.Code, f.Name, unitName, p.Name, num(f.Baseline), f.Unit, num(f.Target), f.Unit, num(f.Actual), f.Unit, att)}}
}

var reportStateNames = map[string]string{model.ReportNotStarted: "尚未开始", model.ReportDraft: "起草中未报送", model.ReportReturned: "退回后未重新报送"}

func reportProposal(u model.Unit, p model.Period, state string) AgendaProposal {
	return AgendaProposal{Kind: ProposalReport, Ref: u.Code + "/" + p.Code, Unit: u.Code, Item: model.AgendaItem{Kind: "discussion",
		Title: fmt.Sprintf("未按时报送半年工作总结：%s", u.Name),
		Text:  fmt.Sprintf("%s未按时报送%s工作总结（%s），提请会议督促。", u.Name, p.Name, reportStateNames[state])}}
}

// proposalPeriods are the half-years the proposals look at: the one just
// ended (whose reports are due) and today's (indicators' progress).
func proposalPeriods(t model.Today) (ended, current model.Period) {
	current = model.HalfYearOf(t.Day)
	return model.HalfYearOf(current.Start - 1), current
}

// AgendaProposals lists what the office may put on meeting's agenda with
// one click besides the carried-over measures: the open key problems (of
// high severity), the competitive indicators behind on today's half-year
// (or the one just ended when today's has no figures yet), and the units
// that have not submitted the report of the half-year just ended; each
// with the item it became on this meeting, if it was added.
func (a *App) AgendaProposals(ctx context.Context, actor model.Account, meeting int64) ([]AgendaProposal, error) {
	if !CanManage(actor) {
		return nil, forbidden("propose agenda items")
	}
	if _, err := a.store.Meeting(ctx, meeting); err != nil {
		return nil, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	out := []AgendaProposal{}
	probs, err := a.store.OpenKeyProblems(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range probs {
		out = append(out, problemProposal(p, names[p.OwnerUnit]))
	}
	ended, current := proposalPeriods(t)
	for _, p := range []model.Period{current, ended} {
		figs, err := a.store.JudgedIndicators(ctx, p.Code, model.IndicatorCompetitive)
		if err != nil {
			return nil, err
		}
		reported := false
		for _, f := range figs {
			if f.Judgement != string(model.NotReported) {
				reported = true
			}
			if f.Judgement == string(model.Behind) {
				out = append(out, indicatorProposal(f, p, names[f.Owner]))
			}
		}
		if reported {
			break
		}
	}
	rows, err := a.ReportOverview(ctx, actor, ended.Code)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		switch r.Report.State {
		case model.ReportNotStarted, model.ReportDraft, model.ReportReturned:
			out = append(out, reportProposal(r.Unit, ended, r.Report.State))
		}
	}
	added, err := a.store.AgendaProposalsOn(ctx, meeting)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Added = added[out[i].Kind+"/"+out[i].Ref]
	}
	return out, nil
}

// errOnAgenda rolls back a proposal added twice: nothing new is written.
var errOnAgenda = errors.New("app: the proposal is on the agenda already")

// proposalNow builds the proposal kind/ref from the data as it stands in
// tx, refusing one that is no longer proposed (the problem closed, the
// indicator caught up, the report sent).
func proposalNow(ctx context.Context, tx *store.Tx, kind, ref string) (AgendaProposal, error) {
	unitName := func(code string) string {
		if u, err := tx.Unit(ctx, code); err == nil {
			return u.Name
		}
		return code
	}
	splitRef := func() (string, model.Period, error) {
		code, period, ok := strings.Cut(ref, "/")
		if !ok {
			return "", model.Period{}, model.Invalid("ref", "%q is not CODE/PERIOD", ref)
		}
		p, err := model.PeriodFromCode(period)
		return code, p, err
	}
	switch kind {
	case ProposalProblem:
		p, err := tx.Problem(ctx, ref)
		if err != nil {
			return AgendaProposal{}, err
		}
		if (p.Status != model.ProblemOpen && p.Status != model.ProblemInProgress) || p.Severity != "high" {
			return AgendaProposal{}, model.Invalid("ref", "problem %s is not an open key problem", ref)
		}
		return problemProposal(model.ProblemLine{Code: p.Code, Title: p.Title, OwnerUnit: p.OwnerUnit, Severity: p.Severity}, unitName(p.OwnerUnit)), nil
	case ProposalIndicator:
		code, p, err := splitRef()
		if err != nil {
			return AgendaProposal{}, err
		}
		figs, err := tx.JudgedIndicators(ctx, p.Code, model.IndicatorCompetitive)
		if err != nil {
			return AgendaProposal{}, err
		}
		for _, f := range figs {
			if f.Code == code && f.Judgement == string(model.Behind) {
				return indicatorProposal(f, p, unitName(f.Owner)), nil
			}
		}
		return AgendaProposal{}, model.Invalid("ref", "indicator %s is not a competitive indicator behind in %s", code, p.Code)
	case ProposalReport:
		code, p, err := splitRef()
		if err != nil {
			return AgendaProposal{}, err
		}
		u, err := tx.Unit(ctx, code)
		if err != nil {
			return AgendaProposal{}, err
		}
		state := model.ReportNotStarted
		r, err := tx.UnitReport(ctx, code, p.Code)
		if err == nil {
			state = r.State
		} else if model.ErrorCode(err) != model.ENOTFOUND {
			return AgendaProposal{}, err
		}
		if _, missed := reportStateNames[state]; !missed || u.Kind == model.UnitLeadership {
			return AgendaProposal{}, model.Invalid("ref", "%s has no missing report for %s", code, p.Code)
		}
		return reportProposal(u, p, state), nil
	}
	return AgendaProposal{}, model.Invalid("kind", "must be one of %s", strings.Join(ProposalKinds, ", "))
}

// AddAgendaProposal puts a proposal on meeting's agenda as its last item,
// in one transaction with one audit event (office). Adding one that is on
// the agenda already adds nothing and returns the item it became, with
// added false.
func (a *App) AddAgendaProposal(ctx context.Context, actor model.Account, meeting int64, kind, ref string) (model.AgendaItem, bool, error) {
	if !CanManage(actor) {
		return model.AgendaItem{}, false, forbidden("propose agenda items")
	}
	var item model.AgendaItem
	err := a.change(ctx, actor, "propose_agenda", "meeting", func(tx *store.Tx, ev *Event) error {
		m, err := tx.Meeting(ctx, meeting)
		if err != nil {
			return err
		}
		if id, err := tx.AgendaProposalItem(ctx, meeting, kind, ref); err != nil {
			return err
		} else if id != 0 {
			for _, it := range m.Items {
				if it.ID == id {
					item = it
				}
			}
			return errOnAgenda
		}
		p, err := proposalNow(ctx, tx, kind, ref)
		if err != nil {
			return err
		}
		m.Items = append(m.Items, p.Item)
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, &m); err != nil {
			return err
		}
		item = m.Items[len(m.Items)-1]
		if err := tx.AddAgendaProposal(ctx, meeting, kind, ref, item.ID, actor.Username); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(meeting, 10)
		ev.After = map[string]any{"kind": kind, "ref": ref, "agenda_item": item.ID, "title": item.Title}
		return nil
	})
	if errors.Is(err, errOnAgenda) {
		return item, false, nil
	}
	return item, err == nil, err
}
