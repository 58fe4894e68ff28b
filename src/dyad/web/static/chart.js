// Dyad page: stacked quad-class counts per period and the net Goldstein line, drawn by Vega-Lite.
(function () {
  "use strict";
  const target = document.getElementById("chart");
  const source = document.getElementById("chart-data");
  if (!target || !source) return;
  const data = JSON.parse(source.textContent);
  if (!data.timeline.length) { target.dataset.rendered = "empty"; return; }
  const classes = [
    ["verbal_cooperation", data.quad["1"]], ["material_cooperation", data.quad["2"]],
    ["verbal_conflict", data.quad["3"]], ["material_conflict", data.quad["4"]],
  ];
  const counts = [];
  data.timeline.forEach((row) => classes.forEach(([key, label], order) =>
    counts.push({ period: row.period, class: label, order: order, events: row[key] })));
  const net = data.timeline.map((row) => ({ period: row.period, goldstein: row.goldstein_sum }));
  const x = { field: "period", type: "ordinal", title: data.by, axis: { labelAngle: -40 } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 280, autosize: { type: "fit-x", contains: "padding" },
    layer: [
      { data: { values: counts }, mark: { type: "bar", tooltip: true },
        encoding: { x: x, y: { field: "events", type: "quantitative", stack: "zero", title: "events" },
          color: { field: "class", type: "nominal", title: "quad class",
            scale: { domain: classes.map((c) => c[1]), range: ["#8fc1e3", "#1f77b4", "#f5b971", "#d62728"] } },
          order: { field: "order" } } },
      { data: { values: net }, mark: { type: "line", point: true, color: "#222", tooltip: true },
        encoding: { x: x, y: { field: "goldstein", type: "quantitative", title: "net Goldstein" } } },
    ],
    resolve: { scale: { y: "independent" } },
  };
  // ast: vega's interpreter evaluates expressions, so the page needs no 'unsafe-eval' in its CSP.
  vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
    .then(() => { target.dataset.rendered = "chart"; })
    .catch((err) => { target.dataset.rendered = "error"; target.textContent = "chart failed: " + err.message; });
})();
