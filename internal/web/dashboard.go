package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// dashStatuses are the dashboard's status columns and chart series, in the
// board's order.
var dashStatuses = model.Statuses

// dashLights are the status columns' dots, in dashStatuses order.
var dashLights = func() []string {
	light := map[model.Status]string{model.NotStarted: "not-started", model.OnTrack: "green", model.Overdue: "red",
		model.Done: "done", model.Cancelled: "cancelled"}
	var out []string
	for _, s := range dashStatuses {
		out = append(out, light[s])
	}
	return out
}()

// dashRow is one unit's or theme's line: counts by status and light, and
// where its overdue measures are listed.
type dashRow struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Href        string `json:"href"`
	OverdueHref string `json:"overdue_href"`
	Total       int    `json:"total"`
	ByStatus    []int  `json:"by_status"` // in dashStatuses order
	Yellow      int    `json:"yellow"`
	Orange      int    `json:"orange"`
	Red         int    `json:"red"`
	Progress    int    `json:"progress"`
}

type trendRow struct {
	Label   string     `json:"label"`
	Day     model.Date `json:"day"`
	Overdue int        `json:"overdue"`
	Now     bool       `json:"now"`
}

type attainmentRow struct {
	Period      string `json:"period"`
	Held        int    `json:"held"`
	Fell        int    `json:"fell"`
	BasicNone   int    `json:"basic_none"` // not reported or not set
	Met         int    `json:"met"`
	OnCourse    int    `json:"on_course"`
	Behind      int    `json:"behind"`
	CompNone    int    `json:"competitive_none"`
	BasicHref   string `json:"-"`
	CompHref    string `json:"-"`
	BasicTotal  int    `json:"-"`
	CompTotal   int    `json:"-"`
	PeriodLabel string `json:"period_label"`
}

type severityRow struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	N     int    `json:"n"`
	Href  string `json:"href"`
	Class string `json:"-"`
}

// dashTable is a table of dashRows with its heading and totals.
type dashTable struct {
	Head        string
	StatusNames []string
	// StatusLights are the dots beside the status columns' names ("" for
	// at risk, which is yellow or orange: those have columns of their own).
	StatusLights []string
	Rows         []dashRow
	Totals       *dashRow
}

type portfolioData struct {
	Table              dashTable
	Leader, LeaderName string
	Totals             dashRow
	Units              []dashRow
	Attention          []model.Measure
	AttentionCount     int
	ListHref           string
	// Assignment is what the leader is in charge of today (分管): the
	// units, each with all the measures it leads whoever is in charge of
	// them, and the themes.
	Assignment  model.Portfolio
	Assigned    dashTable
	ThemeNames  []string
	AssignedFor string
}

// dashData is the dashboard page's data and, as JSON, what its charts draw.
type dashData struct {
	Today        model.Date        `json:"today"`
	StatusKeys   []model.Status    `json:"status_keys"`
	StatusNames  []string          `json:"status_names"`
	Totals       dashRow           `json:"totals"`
	Units        []dashRow         `json:"units"`
	Themes       []dashRow         `json:"themes"`
	Trend        []trendRow        `json:"overdue_trend"`
	Indicators   []attainmentRow   `json:"indicators"`
	Severities   []severityRow     `json:"problems_by_severity"`
	OpenProblems int               `json:"open_problems"`
	Unlinked     int               `json:"unlinked_problems"`
	UnlinkedHref string            `json:"-"`
	Labels       map[string]string `json:"labels"`
	Leader       string            `json:"-"`
	Leaders      []model.Account   `json:"-"`
	Portfolio    *portfolioData    `json:"-"`
	UnitsTable   dashTable         `json:"-"`
	ThemesTable  dashTable         `json:"-"`
	// Version is the dashboard's state (model.Dashboard.Version).
	Version string `json:"-"`
}

func dashRowOf(p *page, r model.BoardRow, name string, filter ...string) dashRow {
	list := link("/measures", filter...)
	d := dashRow{Key: r.Unit, Name: name, Href: list, OverdueHref: link("/measures", append(filter, "status", string(model.Overdue))...),
		Total: r.Total, Yellow: r.ByAlert[model.AlertYellow], Orange: r.ByAlert[model.AlertOrange], Red: r.ByAlert[model.AlertRed],
		Progress: r.Progress}
	for _, s := range dashStatuses {
		d.ByStatus = append(d.ByStatus, r.ByStatus[s])
	}
	return d
}

// dashboardData assembles what the dashboard shows, for the page and for
// its charts' JSON alike.
func (h *handler) dashboardData(r *http.Request, p *page) (*dashData, error) {
	ctx := r.Context()
	dash, err := h.a.Dashboard(ctx, signedInOf(r).Account)
	if err != nil {
		return nil, err
	}
	version := dash.Version
	d := &dashData{Version: version, Today: dash.Today.Day, StatusKeys: dashStatuses, Units: []dashRow{}, Themes: []dashRow{}, Trend: []trendRow{},
		Indicators: []attainmentRow{}, OpenProblems: dash.Problems.Open, Unlinked: dash.Problems.Unlinked,
		UnlinkedHref: link("/problems", "unlinked", "1")}
	for _, s := range dashStatuses {
		d.StatusNames = append(d.StatusNames, p.T("status."+string(s)))
	}
	d.Totals = dashRowOf(p, dash.Totals, p.T("dashboard.all"))
	for _, u := range dash.Units {
		d.Units = append(d.Units, dashRowOf(p, u, p.UnitName(u.Unit), "unit", u.Unit))
	}
	for _, th := range dash.Themes {
		d.Themes = append(d.Themes, dashRowOf(p, th, p.T("theme."+th.Unit), "theme", th.Unit))
	}
	for _, tp := range dash.Trend {
		row := trendRow{Label: tp.Period, Day: tp.Day, Overdue: tp.Overdue}
		if tp.Period == "" {
			row.Label, row.Now = p.T("dashboard.now"), true
		}
		d.Trend = append(d.Trend, row)
	}
	for _, a := range dash.Indicators {
		row := attainmentRow{Period: a.Period, PeriodLabel: a.Period,
			Held: a.Basic[model.Held], Fell: a.Basic[model.Fell], BasicNone: a.Basic[model.NotReported] + a.Basic[model.NotSet],
			Met: a.Competitive[model.Met], OnCourse: a.Competitive[model.OnCourse], Behind: a.Competitive[model.Behind],
			CompNone:  a.Competitive[model.NotReported] + a.Competitive[model.NotSet],
			BasicHref: link("/indicators", "kind", model.IndicatorBasic, "period", a.Period),
			CompHref:  link("/indicators", "kind", model.IndicatorCompetitive, "period", a.Period)}
		row.BasicTotal = row.Held + row.Fell + row.BasicNone
		row.CompTotal = row.Met + row.OnCourse + row.Behind + row.CompNone
		d.Indicators = append(d.Indicators, row)
	}
	classes := map[string]string{"high": "red", "medium": "orange", "low": "yellow"}
	for _, s := range model.Severities {
		d.Severities = append(d.Severities, severityRow{Key: s, Name: p.T("severity." + s), N: dash.Problems.BySeverity[s],
			Href: link("/problems", "severity", s), Class: classes[s]})
	}
	d.UnitsTable = dashTable{Head: p.T("field.unit"), StatusNames: d.StatusNames, StatusLights: dashLights, Rows: d.Units, Totals: &d.Totals}
	d.ThemesTable = dashTable{Head: p.T("field.theme"), StatusNames: d.StatusNames, StatusLights: dashLights, Rows: d.Themes, Totals: &d.Totals}
	d.Labels = map[string]string{}
	for _, k := range []string{"overdue", "now", "held", "fell", "met", "on_course", "behind", "not_judged", "problems", "basic", "competitive"} {
		d.Labels[k] = p.T("dashboard.l_" + k)
	}
	for _, a := range []model.Alert{model.AlertYellow, model.AlertOrange, model.AlertRed} {
		d.Labels[string(a)] = p.T("alert." + string(a))
	}
	return d, nil
}

// dashboard is the leaders' dashboard (领导看板): the whole institution in
// a minute, each chart beside the table of its numbers (which is what
// prints and what a reader without JavaScript sees), and a leader's own
// portfolio.
func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(r, "dashboard", "dashboard.title", nil)
	d, err := h.dashboardData(r, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.D = d
	ctx := r.Context()
	s := signedInOf(r)
	d.Leader = r.URL.Query().Get("leader")
	if d.Leaders, err = h.a.Leaders(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Leader != "" || s.Account.Role == model.RoleLeader {
		pf, err := h.a.Portfolio(ctx, s.Account, d.Leader)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Leader = pf.Leader
		pd := &portfolioData{Leader: pf.Leader, LeaderName: pf.Leader, AttentionCount: pf.AttentionCnt, Attention: pf.Attention,
			ListHref: link("/measures", "leader", pf.Leader)}
		for _, l := range d.Leaders {
			if l.Username == pf.Leader {
				pd.LeaderName = l.Name
			}
		}
		pd.Totals = dashRowOf(p, pf.Totals, p.T("dashboard.all"), "leader", pf.Leader)
		for _, u := range pf.Units {
			pd.Units = append(pd.Units, dashRowOf(p, u, p.UnitName(u.Unit), "leader", pf.Leader, "unit", u.Unit))
		}
		pd.Table = dashTable{Head: p.T("field.unit"), StatusNames: d.StatusNames, StatusLights: dashLights, Rows: pd.Units, Totals: &pd.Totals}
		cur, _, err := h.a.LeaderPortfolio(ctx, signedInOf(r).Account, pf.Leader)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		pd.Assignment = cur
		if cur.From != 0 {
			pd.AssignedFor = i18n.Date(p.Lang, cur.From.Time())
		}
		var rows []dashRow
		for _, code := range cur.Units {
			found := false
			for _, row := range d.Units {
				if row.Key == code {
					rows, found = append(rows, row), true
				}
			}
			if !found {
				rows = append(rows, dashRow{Key: code, Name: p.UnitName(code), Href: link("/measures", "unit", code),
					ByStatus: make([]int, len(dashStatuses))})
			}
		}
		pd.Assigned = dashTable{Head: p.T("field.unit"), StatusNames: d.StatusNames, StatusLights: dashLights, Rows: rows}
		for _, th := range cur.Themes {
			pd.ThemeNames = append(pd.ThemeNames, p.T("theme."+th))
		}
		d.Portfolio = pd
	}
	// The content depends on the dashboard's state, the portfolio shown
	// and its assignment, the names shown and the language, never on the
	// reader otherwise: it is rendered once per such state, as the board's.
	key := dashPageKey(d, p)
	if html, ok := h.dashboards.get(key); ok {
		p.kept = html
	} else if html, err := h.renderContent("dashboard", p); err == nil {
		p.kept = h.dashboards.put(key, html)
	}
	h.render(w, r, http.StatusOK, "dashboard", p)
}

// dashPageKey names what the dashboard's content shows (see board's
// boardPageKey).
func dashPageKey(d *dashData, p *page) string {
	var k strings.Builder
	fmt.Fprintf(&k, "%s|%s|%x|%s|", d.Version, p.Lang, p.UnitsVersion, d.Leader)
	for _, l := range d.Leaders {
		k.WriteString(l.Username + "=" + l.Name + ",")
	}
	if pf := d.Portfolio; pf != nil {
		fmt.Fprintf(&k, "|%d|%v|%v", pf.Assignment.From, pf.Assignment.Units, pf.Assignment.Themes)
	}
	return k.String()
}

// dashboardJSON is the dashboard's numbers for its charts (dashboard.js),
// with the names in the reader's language.
func (h *handler) dashboardJSON(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(r, "dashboard", "dashboard.title", nil)
	d, err := h.dashboardData(r, p)
	if err != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		status := http.StatusInternalServerError
		h.a.Log.Error("web: dashboard data", "err", err)
		w.WriteHeader(status)
		w.Write([]byte(`{"error":"internal error"}`))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(d)
}
