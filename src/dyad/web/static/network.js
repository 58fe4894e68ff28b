// Network: countries as nodes (size: events), pairs as edges (width: events, colour: cooperation–conflict
// balance), laid out by vega's force transform; clicking an edge or a node's pair opens the dyad page.
(function () {
  "use strict";
  const target = document.getElementById("network");
  const source = document.getElementById("network-data");
  if (!target || !source) return;
  const data = JSON.parse(source.textContent);
  if (!data.pairs.length) { target.dataset.rendered = "empty"; return; }
  const query = new URLSearchParams();
  Object.entries(data.query).forEach(([key, value]) => { if (value) query.set(key, value); });
  const suffix = query.toString() ? "?" + query.toString() : "";
  const WIDTH = 1100;
  const HEIGHT = 560;
  const index = new Map();
  const nodes = [];
  data.pairs.forEach((p) => [p.a, p.b].forEach((code) => {
    if (!index.has(code)) {
      index.set(code, nodes.length);
      nodes.push({ code: code, events: 0, home_x: WIDTH / 2, home_y: HEIGHT / 2 });
    }
    nodes[index.get(code)].events += p.events;
  }));
  const links = data.pairs.map((p) => ({ source: index.get(p.a), target: index.get(p.b), a: p.a, b: p.b,
    events: p.events, balance: p.balance, goldstein: p.goldstein,
    url: "/dyad/" + encodeURIComponent(p.a) + "/" + encodeURIComponent(p.b) + suffix }));
  const spec = {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: WIDTH, height: HEIGHT, padding: 10, autosize: "none",
    data: [{ name: "nodes", values: nodes }, { name: "links", values: links }],
    scales: [
      { name: "balance", type: "linear", domain: [-1, 1], range: ["#d62728", "#1f77b4"] },
      { name: "width", type: "sqrt", domain: { data: "links", field: "events" }, range: [1.5, 9] },
      { name: "size", type: "sqrt", domain: { data: "nodes", field: "events" }, range: [200, 1400] },
    ],
    marks: [
      { name: "nodemarks", type: "symbol", zindex: 1, from: { data: "nodes" },
        encode: { enter: { fill: { value: "#14213d" }, stroke: { value: "#fff" },
          size: { scale: "size", field: "events" },
          tooltip: { signal: "{country: datum.code, events: datum.events}" } } },
        transform: [{ type: "force", iterations: 300, static: true, forces: [
          { force: "center", x: { signal: "width / 2" }, y: { signal: "height / 2" } },
          { force: "collide", radius: 26 }, { force: "nbody", strength: -160 },
          { force: "link", links: "links", distance: 120 },
          // gravity toward the middle keeps a large network (and its loose ends) inside the frame
          { force: "x", x: "datum.home_x", strength: 0.03 }, { force: "y", y: "datum.home_y", strength: 0.06 }] }] },
      { type: "path", from: { data: "links" },
        encode: { update: { stroke: { scale: "balance", field: "balance" }, strokeOpacity: { value: 0.85 },
          strokeWidth: { scale: "width", field: "events" }, href: { field: "url" }, cursor: { value: "pointer" },
          tooltip: { signal: "{pair: datum.a + '–' + datum.b, events: datum.events, balance: datum.balance, " +
            "'net Goldstein': datum.goldstein}" } } },
        transform: [{ type: "linkpath", shape: "line", sourceX: "datum.source.x", sourceY: "datum.source.y",
          targetX: "datum.target.x", targetY: "datum.target.y" }] },
      { type: "text", zindex: 2, from: { data: "nodemarks" },
        encode: { update: { x: { field: "x" }, y: { field: "y" }, text: { field: "datum.code" },
          align: { value: "center" }, baseline: { value: "middle" }, fill: { value: "#fff" },
          fontSize: { value: 10 }, fontWeight: { value: "bold" } } } },
    ],
  };
  // ast: vega's interpreter evaluates expressions, so the page needs no 'unsafe-eval' in its CSP.
  vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
    .then(() => { target.dataset.rendered = "chart"; })
    .catch((err) => { target.dataset.rendered = "error"; target.textContent = "chart failed: " + err.message; });
})();
