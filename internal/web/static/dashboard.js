// dashboard.js draws the leaders' dashboard's charts with ECharts from
// /dashboard/data.json. The page works without it: every chart's numbers are
// in the table beside it, which is also what prints. A click on a unit (or a
// theme) opens its overdue measures, the same link as the table's count.
(function () {
  "use strict";
  var colours = {
    not_started: "#9aa5b1", on_track: "#2e7d32", at_risk: "#c99a06",
    overdue: "#c62828", done: "#8fcf9a", cancelled: "#d5dae0"
  };
  var charts = {};
  window.luoshiDashboard = { charts: charts, data: null };

  function on(el, height) {
    el.classList.add("on");
    if (height) { el.style.height = height + "px"; }
    var c = window.echarts.init(el, null, { renderer: "canvas" });
    charts[el.getAttribute("data-chart")] = c;
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }

  function go(href) { if (href) { window.location.href = href; } }

  // byStatus draws rows (units or themes) as stacked horizontal bars by
  // status; a click on a row's bar or its name opens its overdue measures.
  function byStatus(el, d, rows) {
    if (!rows.length) { return; }
    var names = rows.map(function (r) { return r.name; }).reverse();
    var c = on(el, Math.max(180, rows.length * 24 + 70));
    var series = d.status_keys.map(function (k, i) {
      return {
        name: d.status_names[i], type: "bar", stack: "s", barMaxWidth: 16,
        itemStyle: { color: colours[k] || "#888" },
        emphasis: { focus: "series" },
        data: rows.map(function (r) { return r.by_status[i]; }).reverse()
      };
    });
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: names, triggerEvent: true, axisLabel: { width: 150, overflow: "truncate" } },
      series: series
    });
    var hrefs = rows.map(function (r) { return r.overdue_href; }).reverse();
    c.on("click", function (p) {
      if (p.componentType === "series") { go(hrefs[p.dataIndex]); }
      if (p.componentType === "yAxis") { go(hrefs[names.indexOf(p.value)]); }
    });
  }

  function trend(el, d) {
    var c = on(el);
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.overdue_trend.map(function (p) { return p.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        name: d.labels.overdue, type: "line", data: d.overdue_trend.map(function (p) { return p.overdue; }),
        itemStyle: { color: colours.overdue }, label: { show: true, position: "top" }
      }]
    });
  }

  function indicators(el, d) {
    var rows = d.indicators.slice().reverse(); // oldest first
    if (!rows.length) { return; }
    var c = on(el);
    var l = d.labels;
    var s = function (name, key, stack, colour) {
      return { name: name, type: "bar", stack: stack, itemStyle: { color: colour }, barMaxWidth: 28,
        data: rows.map(function (r) { return r[key]; }) };
    };
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.map(function (r) { return r.period_label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        s(l.basic + " · " + l.held, "held", "b", "#2e7d32"),
        s(l.basic + " · " + l.fell, "fell", "b", "#c62828"),
        s(l.basic + " · " + l.not_judged, "basic_none", "b", "#d5dae0"),
        s(l.competitive + " · " + l.met, "met", "c", "#1d4f91"),
        s(l.competitive + " · " + l.on_course, "on_course", "c", "#c99a06"),
        s(l.competitive + " · " + l.behind, "behind", "c", "#d9650b"),
        s(l.competitive + " · " + l.not_judged, "competitive_none", "c", "#e3e7ed")
      ]
    });
  }

  function problems(el, d) {
    var c = on(el);
    var sev = d.problems_by_severity;
    var pal = { high: "#c62828", medium: "#d9650b", low: "#c99a06" };
    c.setOption({
      animation: false,
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: sev.map(function (s) { return s.name; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        name: d.labels.problems, type: "bar", barMaxWidth: 40, label: { show: true, position: "top" },
        data: sev.map(function (s) { return { value: s.n, itemStyle: { color: pal[s.key] || "#888" } }; })
      }]
    });
    c.on("click", function (p) { go(sev[p.dataIndex] && sev[p.dataIndex].href); });
  }

  function draw(d) {
    window.luoshiDashboard.data = d;
    var el;
    if ((el = document.getElementById("chart-units"))) { byStatus(el, d, d.units); }
    if ((el = document.getElementById("chart-themes"))) { byStatus(el, d, d.themes); }
    if ((el = document.getElementById("chart-trend"))) { trend(el, d); }
    if ((el = document.getElementById("chart-indicators"))) { indicators(el, d); }
    if ((el = document.getElementById("chart-problems"))) { problems(el, d); }
    document.documentElement.setAttribute("data-dashboard", "drawn");
  }

  function start() {
    if (!window.echarts || !window.fetch || !document.getElementById("chart-units")) { return; }
    fetch("/dashboard/data.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("dashboard data: " + r.status); } return r.json(); })
      .then(draw)
      .catch(function (e) { document.documentElement.setAttribute("data-dashboard", "failed"); if (window.console) { console.error(e); } });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
