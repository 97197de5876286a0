package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// themeRowJSON counts one theme's measures.
type themeRowJSON struct {
	Theme    string               `json:"theme"`
	Total    int                  `json:"total"`
	ByStatus map[model.Status]int `json:"by_status"`
	ByAlert  map[model.Alert]int  `json:"by_alert"`
	Progress int                  `json:"progress"`
}

// trendPointJSON is the overdue count at the end of a half-year, or now
// (period null).
type trendPointJSON struct {
	Period  *string    `json:"period"`
	Day     model.Date `json:"day"`
	Overdue int        `json:"overdue"`
}

// attainmentJSON counts a period's indicator values by judgement, zeros
// included.
type attainmentJSON struct {
	Period      string                  `json:"period"`
	Basic       map[model.Judgement]int `json:"basic"`
	Competitive map[model.Judgement]int `json:"competitive"`
}

type problemCountsJSON struct {
	Open       int            `json:"open"`
	BySeverity map[string]int `json:"by_severity"`
	Unlinked   int            `json:"unlinked"`
	ByStatus   map[string]int `json:"by_status"`
}

// dashboardJSON is the leaders' dashboard on the wire.
type dashboardJSON struct {
	Today      model.Date        `json:"today"`
	Totals     boardRowJSON      `json:"totals"`
	Units      []boardRowJSON    `json:"units"`
	Themes     []themeRowJSON    `json:"themes"`
	Trend      []trendPointJSON  `json:"overdue_trend"`
	Indicators []attainmentJSON  `json:"indicators"`
	Problems   problemCountsJSON `json:"problems"`
}

// portfolioJSON is a leader's portfolio on the wire.
type portfolioJSON struct {
	Leader         string         `json:"leader"`
	Today          model.Date     `json:"today"`
	Totals         boardRowJSON   `json:"totals"`
	Units          []boardRowJSON `json:"units"`
	Attention      []measureJSON  `json:"attention"`
	AttentionCount int            `json:"attention_count"`
}

var (
	basicJudgements       = []model.Judgement{model.Held, model.Fell, model.NotReported, model.NotSet}
	competitiveJudgements = []model.Judgement{model.Met, model.OnCourse, model.Behind, model.NotReported, model.NotSet}
)

func judgementCounts(m map[model.Judgement]int, keys []model.Judgement) map[model.Judgement]int {
	out := map[model.Judgement]int{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

// dashboard returns the leaders' dashboard.
func (h *handler) dashboard(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	if _, err := queryParams(r); err != nil {
		return err
	}
	d, err := h.app.Dashboard(r.Context(), s.Account)
	if err != nil {
		return err
	}
	out := dashboardJSON{Today: d.Today.Day, Totals: boardRow(d.Totals), Units: []boardRowJSON{}, Themes: []themeRowJSON{},
		Trend: []trendPointJSON{}, Indicators: []attainmentJSON{}}
	for _, u := range d.Units {
		out.Units = append(out.Units, boardRow(u))
	}
	for _, th := range d.Themes {
		j := boardRow(th)
		out.Themes = append(out.Themes, themeRowJSON{Theme: th.Unit, Total: j.Total, ByStatus: j.ByStatus, ByAlert: j.ByAlert, Progress: j.Progress})
	}
	for _, p := range d.Trend {
		tp := trendPointJSON{Day: p.Day, Overdue: p.Overdue}
		if p.Period != "" {
			code := p.Period
			tp.Period = &code
		}
		out.Trend = append(out.Trend, tp)
	}
	for _, a := range d.Indicators {
		out.Indicators = append(out.Indicators, attainmentJSON{Period: a.Period,
			Basic: judgementCounts(a.Basic, basicJudgements), Competitive: judgementCounts(a.Competitive, competitiveJudgements)})
	}
	out.Problems = problemCountsJSON{Open: d.Problems.Open, Unlinked: d.Problems.Unlinked, BySeverity: map[string]int{}, ByStatus: map[string]int{}}
	for _, s := range model.Severities {
		out.Problems.BySeverity[s] = d.Problems.BySeverity[s]
	}
	for _, s := range model.ProblemStatuses {
		out.Problems.ByStatus[s] = d.Problems.ByStatus[s]
	}
	return writeJSON(w, http.StatusOK, out)
}

// portfolio returns a leader's portfolio (?leader=, by default the
// reader's own).
func (h *handler) portfolio(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "leader")
	if err != nil {
		return err
	}
	p, err := h.app.Portfolio(r.Context(), s.Account, q.Get("leader"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, portfolioOut(p))
}

func portfolioOut(p *model.PortfolioBoard) portfolioJSON {
	out := portfolioJSON{Leader: p.Leader, Today: p.Today.Day, Totals: boardRow(p.Totals), Units: []boardRowJSON{},
		Attention: measuresJSON(p.Attention), AttentionCount: p.AttentionCnt}
	for _, u := range p.Units {
		out.Units = append(out.Units, boardRow(u))
	}
	return out
}
