// Map: countries shaded by their events (as source, target or place), event places as dots; Natural Earth
// 1:110m TopoJSON from the hub's own static files (world-atlas), so it draws offline.
(function () {
  "use strict";
  const target = document.getElementById("map");
  const source = document.getElementById("map-data");
  if (!target || !source) return;
  const data = JSON.parse(source.textContent);
  const events = new Map(data.countries.map((c) => [c.country, c]));
  function draw(topo) {
    // Each feature carries its events before vega sees it: the TopoJSON ids are ISO numeric codes.
    topo.objects.countries.geometries.forEach((g) => {
      const found = events.get(data.iso[g.id]);
      g.properties.events = found ? found.events : 0;
    });
    const spec = {
      $schema: "https://vega.github.io/schema/vega/v6.json",
      width: 1000, height: 500, autosize: "none",
      projections: [{ name: "projection", type: "equalEarth", fit: { signal: "data('world')" },
        size: { signal: "[width, height]" } }],
      data: [
        { name: "world", values: topo, format: { type: "topojson", feature: "countries" } },
        { name: "places", values: data.places,
          transform: [{ type: "geopoint", projection: "projection", fields: ["lon", "lat"] }] },
      ],
      scales: [{ name: "shade", type: "sqrt", domain: [0, Math.max(1, ...data.countries.map((c) => c.events))],
        range: ["#eef1f5", "#14213d"] }],
      marks: [
        { type: "shape", from: { data: "world" },
          encode: { update: { strokeWidth: { value: 0.5 }, stroke: { value: "#fff" },
            fill: { signal: "datum.properties.events ? scale('shade', datum.properties.events) : '#e3e6ea'" },
            tooltip: { signal: "{country: datum.properties.name, events: datum.properties.events}" } } },
          transform: [{ type: "geoshape", projection: "projection" }] },
        { type: "symbol", from: { data: "places" },
          encode: { update: { x: { field: "x" }, y: { field: "y" }, size: { signal: "40 + 20 * datum.reports" },
            fill: { value: "#f0a500" },
            stroke: { value: "#222" }, strokeWidth: { value: 0.8 },
            tooltip: { signal: "{place: datum.place, country: datum.country, reports: datum.reports}" } } } },
      ],
    };
    // ast: vega's interpreter evaluates expressions, so the page needs no 'unsafe-eval' in its CSP.
    return vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true });
  }
  fetch(data.atlas).then((r) => r.json()).then(draw)
    .then(() => { target.dataset.rendered = "chart"; })
    .catch((err) => { target.dataset.rendered = "error"; target.textContent = "map failed: " + err.message; });
})();
