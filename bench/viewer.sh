#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): the tile viewer on the national benchmark data.
# Makes the nine layers z7-ZMAX (default 14) into OUT once (reused when
# OUT/layers.json exists; FRESH=1 remakes it), then bench/viewer.mjs
# measures the first view's bytes, how soon hover answers and the JS heap
# in headless Chromium. Needs tests/browser/node_modules (make test).
# Usage: bench/viewer.sh [build dir]   DATA=dir OUT=dir ZMAX=14
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
out=${OUT:-$root/bench-out/viewer}
zmax=${ZMAX:-14}
if [ "${FRESH:-0}" = 1 ] || [ ! -f "$out/layers.json" ]; then
  rm -rf "$out"
  /usr/bin/time -f "tiles z7-$zmax: %e s wall, %U s user, %M KB peak" \
    "$build/veerkracht" tiles --boundaries "$data/nl.gpkg" \
      --table "$data/nl-indicatoren.csv" --table "$data/nl-leefbaarometer.csv" \
      --styles "$root/styles" --zoom "7-$zmax" --out "$out" 2>&1 | grep -E '^tiles (z7|:.*written)'
fi
du -sh "$out/buurten.json" "$out/search.json" "$out/leefbaarheid/values.json" | sed 's/^/size: /'
echo "ID tiles: $(find "$out/_ids" -name '*.png' | wc -l) files, $(du -sh "$out/_ids" | cut -f1)"
node "$root/bench/viewer.mjs" "$out"
