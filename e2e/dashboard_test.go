package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// unitTarget is where on the screen a unit's bar is drawn in the
// dashboard's per-unit chart.
type unitTarget struct {
	Key     string  `json:"key"`
	Name    string  `json:"name"`
	Overdue int     `json:"overdue"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
}

// TestDashboardUnitOverdue signs in as a demo leader (陈国强, the
// president), opens the leaders' dashboard, waits until ECharts has drawn
// the per-unit chart, clicks (a real mouse click on the canvas, at the
// position ECharts' convertToPixel gives for the unit's bar) the unit with
// the most overdue measures, and lands on the measures list filtered to that
// unit's overdue measures.
func TestDashboardUnitOverdue(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(url+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "chenguoqiang"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		shot(t, dir, n, "signin"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("table-units")),
		chromedp.WaitVisible(chromedp.CSS(`#chart-units canvas`)),
		chromedp.Poll[chromedp.Void](`document.documentElement.getAttribute("data-dashboard") === "drawn"`),
		chromedp.WaitVisible(chromedp.ID("table-portfolio")), // a leader sees their own portfolio
		shot(t, dir, n, "dashboard"),
	)
	if err != nil {
		t.Fatalf("sign in and open the dashboard: %v", err)
	}
	// On a 1366 px screen every table beside its chart shows all its
	// columns: none is cut off at the edge of its box.
	cut, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".dash-pair .scroll")).
		filter(function (e) { return e.scrollWidth > e.clientWidth; }).
		map(function (e) { return (e.id || e.querySelector("table").id) + " " + e.clientWidth + "/" + e.scrollWidth; })`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cut) > 0 {
		t.Errorf("at 1366 px these tables beside their charts are cut off (shown/needed px): %v", cut)
	}
	// The unit with the most overdue measures, and the middle of its bar
	// in viewport coordinates.
	target, err := chromedp.Run(ctx, chromedp.Evaluate[unitTarget](`(function () {
		var dash = window.luoshiDashboard, d = dash.data, c = dash.charts.units;
		var iOverdue = d.status_keys.indexOf("overdue"), best = null;
		d.units.forEach(function (u) { if (!best || u.by_status[iOverdue] > best.by_status[iOverdue]) { best = u; } });
		var el = document.getElementById("chart-units");
		el.scrollIntoView({block: "center"});
		var p = c.convertToPixel({gridIndex: 0}, [best.total / 2, best.name]);
		var r = el.getBoundingClientRect();
		return {key: best.key, name: best.name, overdue: best.by_status[iOverdue], x: r.left + p[0], y: r.top + p[1]};
	})()`))
	if err != nil {
		t.Fatalf("find the unit's bar: %v", err)
	}
	if target.Overdue == 0 {
		t.Fatalf("the demo has no unit with overdue measures: %+v", target)
	}
	t.Logf("clicking %s (%s, %d overdue) at (%.0f, %.0f)", target.Key, target.Name, target.Overdue, target.X, target.Y)
	err = chromedp.Do(ctx,
		loads(chromedp.MouseClickXY(target.X, target.Y)),
		// The measures list, with the unit chosen in its filter.
		chromedp.WaitReady(chromedp.CSS(`#f-unit option[value="`+target.Key+`"][selected]`)),
		chromedp.WaitVisible(chromedp.CSS(`main table tbody .st`)),
		shot(t, dir, n, "unit-overdue-measures"),
	)
	if err != nil {
		t.Fatalf("click the unit in the chart: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loc, "unit="+target.Key) || !strings.Contains(loc, "status=overdue") {
		t.Errorf("landed on %s, want %s's overdue measures", loc, target.Key)
	}
	statuses, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("main table tbody .st")).map(function (e) { return e.getAttribute("data-status"); })`))
	if err != nil {
		t.Fatal(err)
	}
	if len(statuses) == 0 {
		t.Fatal("the list shows no measure")
	}
	for _, s := range statuses {
		if s != "overdue" {
			t.Errorf("the list shows a %s measure; want only overdue ones: %v", s, statuses)
			break
		}
	}
}
