// Dyads overview: a heat map of country pairs (colour: net Goldstein, label: events); a cell opens its dyad page.
(function () {
  "use strict";
  const target = document.getElementById("matrix");
  const source = document.getElementById("matrix-data");
  if (!target || !source) return;
  const data = JSON.parse(source.textContent);
  if (!data.cells.length) { target.dataset.rendered = "empty"; return; }
  const query = new URLSearchParams();
  Object.entries(data.query).forEach(([key, value]) => { if (value) query.set(key, value); });
  const suffix = query.toString() ? "?" + query.toString() : "";
  const cells = data.cells.map((c) => Object.assign({}, c, {
    url: "/dyad/" + encodeURIComponent(c.a) + "/" + encodeURIComponent(c.b) + suffix }));
  const extent = Math.max(1, ...cells.map((c) => Math.abs(c.goldstein)));
  const axis = (field, title) => ({ field: field, type: "nominal", title: title, sort: "ascending" });
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: cells },
    width: { step: 28 }, height: { step: 28 },
    // href on both layers: the count printed on a cell is clicked as often as the cell
    encoding: { x: axis("a", "country"), y: axis("b", "partner"), href: { field: "url" } },
    layer: [
      { mark: { type: "rect", tooltip: true, cursor: "pointer" },
        encoding: {
          color: { field: "goldstein", type: "quantitative", title: "net Goldstein",
            scale: { scheme: "redblue", domain: [-extent, extent] } },
          tooltip: [{ field: "a" }, { field: "b" }, { field: "events" }, { field: "cooperation" },
            { field: "conflict" }, { field: "goldstein", title: "net Goldstein" }] } },
      { mark: { type: "text", fontSize: 10, cursor: "pointer" }, encoding: { text: { field: "events" } } },
    ],
  };
  // ast: vega's interpreter evaluates expressions, so the page needs no 'unsafe-eval' in its CSP.
  vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
    .then(() => { target.dataset.rendered = "chart"; })
    .catch((err) => { target.dataset.rendered = "error"; target.textContent = "chart failed: " + err.message; });
})();
