// dashboard.js draws the leaders' dashboard's charts with ECharts from
// /dashboard/data.json. The page works without it: every chart's numbers are
// in the table beside it, which is also what prints. A click on a unit (or a
// theme) opens its overdue measures, the same link as the table's count.
(function () {
  "use strict";
  // scheme is luoshi.css's one colour scheme, read from its custom
  // properties on :root, so the charts and the pages cannot drift apart.
  function scheme() {
    var cs = window.getComputedStyle(document.documentElement);
    var c = {};
    ["green", "yellow", "orange", "red", "done", "not-started", "cancelled"].forEach(function (k) {
      c[k] = cs.getPropertyValue("--c-" + k).trim() || "#888";
    });
    return c;
  }
  var sch = scheme();
  // colours are the status series' colours; at risk is drawn as its two
  // lights, yellow and orange, never merged.
  var colours = {
    not_started: sch["not-started"], on_track: sch.green, yellow: sch.yellow, orange: sch.orange,
    overdue: sch.red, done: sch.done, cancelled: sch.cancelled
  };
  window.luoshiScheme = sch;
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
    var bar = function (name, colour, value) {
      return {
        name: name, type: "bar", stack: "s", barMaxWidth: 16,
        itemStyle: { color: colour }, emphasis: { focus: "series" },
        data: rows.map(value).reverse()
      };
    };
    var series = [];
    d.status_keys.forEach(function (k, i) {
      if (k === "at_risk") {
        series.push(bar(d.labels.yellow, colours.yellow, function (r) { return r.yellow; }));
        series.push(bar(d.labels.orange, colours.orange, function (r) { return r.orange; }));
        return;
      }
      series.push(bar(d.status_names[i], colours[k] || "#888", function (r) { return r.by_status[i]; }));
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
        s(l.basic + " · " + l.held, "held", "b", sch.green),
        s(l.basic + " · " + l.fell, "fell", "b", sch.red),
        s(l.basic + " · " + l.not_judged, "basic_none", "b", sch["not-started"]),
        s(l.competitive + " · " + l.met, "met", "c", sch.done),
        s(l.competitive + " · " + l.on_course, "on_course", "c", sch.green),
        s(l.competitive + " · " + l.behind, "behind", "c", sch.orange),
        s(l.competitive + " · " + l.not_judged, "competitive_none", "c", sch["not-started"])
      ]
    });
  }

  function problems(el, d) {
    var c = on(el);
    var sev = d.problems_by_severity;
    var pal = { high: sch.red, medium: sch.orange, low: sch.yellow };
    c.setOption({
      animation: false,
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: sev.map(function (s) { return s.name; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        name: d.labels.problems, type: "bar", barMaxWidth: 40, label: { show: true, position: "top" },
        data: sev.map(function (s) { return { value: s.n, itemStyle: { color: pal[s.key] || sch["not-started"] } }; })
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
