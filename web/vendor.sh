#!/bin/sh
# Copy the files the page needs from node_modules/ into vendor/ (committed).
# Usage: cd web && npm ci && sh vendor.sh   (or: npm run vendor)
set -eu
cd "$(dirname "$0")"
nm=node_modules
[ -d "$nm/leaflet" ] || { echo "run 'npm ci' in web/ first" >&2; exit 1; }
rm -rf vendor
mkdir -p vendor/leaflet/images vendor/leaflet.markercluster vendor/leaflet.heat \
         vendor/d3 vendor/topojson-client vendor/world-atlas

cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/LICENSE" vendor/leaflet/
cp "$nm"/leaflet/dist/images/*.png vendor/leaflet/images/
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$nm/leaflet.markercluster/MIT-LICENCE.txt" vendor/leaflet.markercluster/
cp "$nm/leaflet.heat/dist/leaflet-heat.js" "$nm/leaflet.heat/LICENSE" vendor/leaflet.heat/
cp "$nm/d3/dist/d3.min.js" "$nm/d3/LICENSE" vendor/d3/
cp "$nm/topojson-client/dist/topojson-client.min.js" "$nm/topojson-client/LICENSE" vendor/topojson-client/
cp "$nm/world-atlas/countries-50m.json" "$nm/world-atlas/LICENSE" vendor/world-atlas/

# Record exactly which versions were copied.
node -e '
const fs = require("fs");
const names = ["leaflet","leaflet.markercluster","leaflet.heat","d3","topojson-client","world-atlas"];
const out = names.map(n => { const p = JSON.parse(fs.readFileSync("node_modules/"+n+"/package.json")); return n+" "+p.version+" "+(p.license||"BSD-2-Clause (see LICENSE)"); });
fs.writeFileSync("vendor/VERSIONS.txt", out.join("\n")+"\n");
'
echo "vendor/ refreshed:"; cat vendor/VERSIONS.txt
