#!/usr/bin/env bash
# Refresh the vendored chart libraries from the npm registry: `web-vendor/refresh.sh` (needs node/npm).
# Installs the exact versions pinned in package-lock.json and copies their browser builds and licences
# into src/dyad/web/static/vendor/, which is what the hub serves (no network at run time).
set -euo pipefail
cd "$(dirname "$0")"
out=../src/dyad/web/static/vendor
npm ci --no-audit --no-fund --ignore-scripts
rm -rf "$out" && mkdir -p "$out"
{
  echo "Vendored from the npm registry by web-vendor/refresh.sh; do not edit by hand."
  echo "package  version  licence  files"
} > "$out/VERSIONS.txt"
for pkg in vega vega-lite vega-embed; do
  dist="node_modules/$pkg/build/$pkg.min.js"
  cp "$dist" "$out/$pkg.min.js"
  cp "node_modules/$pkg/LICENSE" "$out/$pkg.LICENSE.txt"
  node -e "const p=require('./node_modules/$pkg/package.json');console.log([p.name,p.version,p.license,'$pkg.min.js $pkg.LICENSE.txt'].join('  '))" >> "$out/VERSIONS.txt"
done
# Swagger UI for the OpenAPI docs page at /docs.
sw=node_modules/swagger-ui-dist
cp "$sw/swagger-ui-bundle.js" "$sw/swagger-ui.css" "$out/"
cp "$sw/LICENSE" "$out/swagger-ui.LICENSE.txt"
cp "$sw/NOTICE" "$out/swagger-ui.NOTICE.txt"
cp "$sw/swagger-ui-bundle.js.LICENSE.txt" "$out/swagger-ui-bundle.THIRD-PARTY.txt"
node -e "const p=require('./$sw/package.json');console.log([p.name,p.version,p.license,'swagger-ui-bundle.js swagger-ui.css swagger-ui.LICENSE.txt swagger-ui.NOTICE.txt swagger-ui-bundle.THIRD-PARTY.txt'].join('  '))" >> "$out/VERSIONS.txt"
# Natural Earth 1:110m countries as TopoJSON (world-atlas) for the map at /map; feature ids are ISO 3166
# numeric codes, mapped to alpha-3 by src/dyad/data/web/iso_numeric.tsv.
wa=node_modules/world-atlas
cp "$wa/countries-110m.json" "$out/world-countries-110m.json"
cp "$wa/LICENSE" "$out/world-atlas.LICENSE.txt"
node -e "const p=require('./$wa/package.json');console.log([p.name,p.version,p.license,'world-countries-110m.json world-atlas.LICENSE.txt (data: Natural Earth, public domain)'].join('  '))" >> "$out/VERSIONS.txt"
