// Dyad page: stacked quad-class counts per period and the net Goldstein line, drawn by Vega-Lite on a real
// (UTC) time axis: each bar spans its period, so gaps in time look like gaps; empty periods are zero rows.
// Every element with data-source draws the timeline in the JSON of that id (a dyad, and one compared with it).
document.querySelectorAll("[data-source]").forEach(function (target) {
  "use strict";
  const source = document.getElementById(target.dataset.source);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  if (!data.timeline.length) { target.dataset.rendered = "empty"; return; }
  const DAY = 86400000;
  // The first instant of a period label: 2025, 2025-05, 2025-05-10 or the ISO week 2025-W19.
  function start(period) {
    const week = /^(\d{4})-W(\d{2})$/.exec(period);
    if (week) {
      const jan4 = Date.UTC(+week[1], 0, 4);
      const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
      return jan4 - weekday * DAY + (+week[2] - 1) * 7 * DAY;
    }
    const [year, month, day] = period.split("-").map(Number);
    return Date.UTC(year, (month || 1) - 1, day || 1);
  }
  function end(period, begin) {
    const d = new Date(begin);
    if (data.by === "year") return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    if (data.by === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return begin + (data.by === "week" ? 7 : 1) * DAY;
  }
  const classes = [
    ["verbal_cooperation", data.quad["1"]], ["material_cooperation", data.quad["2"]],
    ["verbal_conflict", data.quad["3"]], ["material_conflict", data.quad["4"]],
  ];
  const counts = [];
  const net = [];
  data.timeline.forEach((row) => {
    const begin = start(row.period);
    const until = end(row.period, begin);
    let below = 0; // stacked by hand: vega-lite would turn a bar with x and x2 sideways
    classes.forEach(([key, label]) => {
      counts.push({ period: row.period, start: begin, end: until, class: label, events: row[key],
        low: below, high: below + row[key] });
      below += row[key];
    });
    net.push({ period: row.period, middle: (begin + until) / 2, goldstein: row.goldstein_sum });
  });
  const format = { year: "%Y", month: "%b %Y", week: "%d %b %Y", day: "%d %b %Y" }[data.by];
  const axis = { format: format, labelAngle: -40,  // a utc scale formats its ticks in UTC
    tickCount: { interval: data.by === "week" ? "week" : data.by, step: Math.max(1, Math.ceil(data.timeline.length / 12)) } };
  const time = (field) => ({ field: field, type: "temporal", title: data.by, scale: { type: "utc" }, axis: axis });
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 280, autosize: { type: "fit-x", contains: "padding" },
    layer: [
      { data: { values: counts }, mark: { type: "rect", stroke: "#fff", strokeWidth: 1 },
        encoding: { x: time("start"), x2: { field: "end" },
          y: { field: "low", type: "quantitative", title: "events" }, y2: { field: "high" },
          color: { field: "class", type: "nominal", title: "quad class",
            scale: { domain: classes.map((c) => c[1]), range: ["#8fc1e3", "#1f77b4", "#f5b971", "#d62728"] } },
          tooltip: [{ field: "period" }, { field: "class" }, { field: "events" }] } },
      { data: { values: net }, mark: { type: "line", point: true, color: "#222" },
        encoding: { x: time("middle"),
          y: { field: "goldstein", type: "quantitative", title: "net Goldstein" },
          tooltip: [{ field: "period" }, { field: "goldstein", title: "net Goldstein" }] } },
    ],
    resolve: { scale: { y: "independent" } },
  };
  // ast: vega's interpreter evaluates expressions, so the page needs no 'unsafe-eval' in its CSP.
  vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
    .then(() => { target.dataset.rendered = "chart"; target.dataset.periods = String(data.timeline.length); })
    .catch((err) => { target.dataset.rendered = "error"; target.textContent = "chart failed: " + err.message; });
});
