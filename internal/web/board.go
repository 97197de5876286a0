package web

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// boardSorts are the per-unit table's sort keys; numbers sort largest first
// because the office reads the board for where the trouble is.
var boardSorts = []string{"unit", "total", "done", "red", "orange", "yellow", "progress"}

type boardCard struct {
	Key, Class, Href string
	// Light is the dot beside the card's word, as in the lists ("" for the total).
	Light string
	N     int
}

// segment is one coloured part of a unit's stacked bar, in percent, to
// the hundredth: the bar is a few hundred pixels wide, and a row has up to
// a dozen such numbers (to 17 digits they were a tenth of the board).
type segment struct {
	Class    string
	X, Width float64
	N        int
	Key      string
}

// boardRow is one unit's line of the board. Its name, links and the bar's
// title are worked out in Go once per row: the board has a row per unit
// and is the most viewed page, and template calls per cell cost more than
// the board's numbers do.
type boardRow struct {
	Unit, Name                                 string
	Total, Done, Red, Orange, Yellow, Progress int
	Segments                                   []segment
	Href, DoneHref, RedHref, OrangeHref        string
	YellowHref, BarTitle                       string
}

type boardItem struct {
	model.Measure
	DaysOverdue int
}

type boardData struct {
	Leader, Theme, Period string
	Sort                  string
	Sorts                 []string
	filterChoices
	Cards        []boardCard
	Rows         []boardRow
	Overdue      []boardItem
	OverdueCount int
	DueSoon      []model.Measure
	DueSoonCount int
	DueSoonDays  int
}

// board is the supervision board (督办看板), the page the office opens
// every morning: where the red lights are, unit by unit. An admin whose
// institution is not set up yet lands on the set-up checklist instead.
func (h *handler) board(w http.ResponseWriter, r *http.Request) {
	if h.setupFirst(w, r) {
		return
	}
	q := r.URL.Query()
	d := &boardData{Leader: q.Get("leader"), Theme: q.Get("theme"), Period: q.Get("period"), Sort: q.Get("sort"),
		Sorts: boardSorts, DueSoonDays: model.DueSoonDays}
	if !oneOf(d.Sort, boardSorts) {
		d.Sort = "red"
	}
	ctx := r.Context()
	b, err := h.a.Board(ctx, signedInOf(r).Account, model.BoardFilter{Leader: d.Leader, Theme: d.Theme, Period: d.Period})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.filterChoices, err = h.filterChoices(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "board", "board.title", d)
	key := boardPageKey(b, d, p)
	if html, ok := h.boards.get(key); ok {
		p.kept = html
		h.render(w, r, http.StatusOK, "board", p)
		return
	}
	filter := func(kv ...string) string {
		return link("/measures", append([]string{"leader", d.Leader, "theme", d.Theme, "period", d.Period}, kv...)...)
	}
	t := b.Totals
	// The cards after the total split it: every measure is in exactly one
	// of them (at risk is yellow or orange, overdue is red), so they add up.
	d.Cards = []boardCard{
		{Key: "board.card_total", Class: "c-total", N: t.Total, Href: filter()},
		{Key: "board.card_done", Class: "c-done", Light: "done", N: t.ByStatus[model.Done], Href: filter("status", "done")},
		{Key: "board.card_on_track", Class: "c-green", Light: "green", N: t.ByStatus[model.OnTrack], Href: filter("status", "on_track")},
		{Key: "board.card_not_started", Class: "c-not-started", Light: "not-started", N: t.ByStatus[model.NotStarted], Href: filter("status", "not_started")},
		{Key: "board.card_yellow", Class: "c-yellow", Light: "yellow", N: t.ByAlert[model.AlertYellow], Href: filter("alert", "yellow")},
		{Key: "board.card_orange", Class: "c-orange", Light: "orange", N: t.ByAlert[model.AlertOrange], Href: filter("alert", "orange")},
		{Key: "board.card_red", Class: "c-red", Light: "red", N: t.ByAlert[model.AlertRed], Href: filter("alert", "red")},
		{Key: "board.card_cancelled", Class: "c-cancelled", Light: "cancelled", N: t.ByStatus[model.Cancelled], Href: filter("status", "cancelled")},
	}
	for _, u := range b.Units {
		row := boardRow{Unit: u.Unit, Name: p.UnitName(u.Unit), Total: u.Total, Done: u.ByStatus[model.Done], Red: u.ByAlert[model.AlertRed],
			Orange: u.ByAlert[model.AlertOrange], Yellow: u.ByAlert[model.AlertYellow], Progress: u.Progress}
		row.Segments = segments(u)
		unitLink := filter("unit", u.Unit)
		row.Href, row.DoneHref = unitLink, unitLink+"&status=done"
		row.RedHref, row.OrangeHref, row.YellowHref = unitLink+"&alert=red", unitLink+"&alert=orange", unitLink+"&alert=yellow"
		var title strings.Builder
		for _, sg := range row.Segments {
			fmt.Fprintf(&title, "%s %d  ", p.T(sg.Key), sg.N)
		}
		title.WriteString("· " + p.T("board.avg_progress", u.Progress))
		row.BarTitle = title.String()
		d.Rows = append(d.Rows, row)
	}
	sortBoard(d.Rows, d.Sort)
	for _, m := range b.Overdue {
		d.Overdue = append(d.Overdue, boardItem{Measure: m, DaysOverdue: int(b.Today.Day - m.Due)})
	}
	d.OverdueCount, d.DueSoon, d.DueSoonCount = b.OverdueCount, b.DueSoon, b.DueSoonCount
	if html, err := h.renderContent("board", p); err == nil {
		p.kept = h.boards.put(key, html)
	}
	h.render(w, r, http.StatusOK, "board", p)
}

// boardPageKey names what the board's content shows: the board's version
// (measures, day, thresholds, filters), the sort, the language and the
// filters' choices. The content has nothing of the reader in it.
func boardPageKey(b *model.Board, d *boardData, p *page) string {
	var k strings.Builder
	fmt.Fprintf(&k, "%s|%s|%s|%x|", b.Version, d.Sort, p.Lang, p.UnitsVersion)
	for _, l := range d.Leaders {
		k.WriteString(l.Username + "=" + l.Name + ",")
	}
	for _, per := range d.Periods {
		k.WriteString(per.Code + ",")
	}
	return k.String()
}

// segments splits a unit's measures (cancelled left out) into the stacked
// bar: done, on track, not started, then the yellow, orange and red lights.
func segments(u model.BoardRow) []segment {
	parts := []segment{
		{Class: "l-done", N: u.ByStatus[model.Done], Key: "status.done"},
		{Class: "l-green", N: u.ByStatus[model.OnTrack], Key: "status.on_track"},
		{Class: "l-not-started", N: u.ByStatus[model.NotStarted], Key: "status.not_started"},
		{Class: "l-yellow", N: u.ByAlert[model.AlertYellow], Key: "alert.yellow"},
		{Class: "l-orange", N: u.ByAlert[model.AlertOrange], Key: "alert.orange"},
		{Class: "l-red", N: u.ByAlert[model.AlertRed], Key: "alert.red"},
	}
	total := 0
	for _, s := range parts {
		total += s.N
	}
	var out []segment
	// Each edge is rounded, not each width: the parts then meet exactly
	// and end at 100.
	edge := func(n int) float64 { return math.Round(10000*float64(n)/float64(total)) / 100 }
	before := 0
	for _, s := range parts {
		if s.N == 0 || total == 0 {
			continue
		}
		s.X = edge(before)
		before += s.N
		s.Width = math.Round(100*(edge(before)-s.X)) / 100
		out = append(out, s)
	}
	return out
}

func sortBoard(rows []boardRow, key string) {
	val := func(r boardRow) int {
		switch key {
		case "total":
			return r.Total
		case "done":
			return r.Done
		case "orange":
			return r.Orange
		case "yellow":
			return r.Yellow
		case "progress":
			return r.Progress
		}
		return r.Red
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if key != "unit" {
			if a, b := val(rows[i]), val(rows[j]); a != b {
				return a > b
			}
		}
		return rows[i].Name < rows[j].Name
	})
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if v == s {
			return true
		}
	}
	return false
}

// Link is a measures-list link keeping the board's filters.
func (d *boardData) Link(kv ...string) string {
	return link("/measures", append([]string{"leader", d.Leader, "theme", d.Theme, "period", d.Period}, kv...)...)
}

// SortLink is the board sorted by key, keeping the filters.
func (d *boardData) SortLink(key string) string {
	return link("/", "leader", d.Leader, "theme", d.Theme, "period", d.Period, "sort", key)
}
