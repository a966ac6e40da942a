#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): web tiles of the national benchmark data.
#  1. one layer (kwetsbare_bewoners) z7-ZMAX with veerkracht tiles;
#  2. the same layer with Mapnik (Debian python3-mapnik, one persistent
#     process, same breaks, colours and outlines, 8x8 metatiles cut into
#     PNG8 tiles), every STEP-th metatile so its time stays bounded;
#  3. all nine layers z7-ZMAX with veerkracht;
#  4. the 100 m grid (DATA/nl-grid.gpkg from veerkracht-samplegen --grid)
#     z7-GRID_ZMAX, one and nine layers, when those files exist.
# Reports tiles/s, CPU seconds and peak RSS (GNU time) for each.
# Usage: bench/tiles.sh [build dir]
#   DATA=dir (default bench-data), OUT=dir, JOBS=n, ZMAX=12, GRID_ZMAX=14,
#   STEP=4 (Mapnik: every STEP-th metatile), MAPNIK=0 skips Mapnik.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
out=${OUT:-$root/bench-out/tiles}
jobs=${JOBS:-$(nproc)}
zmax=${ZMAX:-12}
grid_zmax=${GRID_ZMAX:-14}
step=${STEP:-4}
mkdir -p "$data" "$out"

# The national benchmark data from the sample generator (deterministic).
[ -f "$data/nl.gpkg" ] && [ -f "$data/nl-leefbaarometer.csv" ] ||
  "$build/veerkracht-samplegen" --scale national --out "$data" >/dev/null

# Wall, CPU seconds and peak RSS of a command, from GNU time's -v report.
measure() { # name, then the command
  local name=$1; shift
  /usr/bin/time -v "$@" > "$out/$name.out" 2> "$out/$name.time" || {
    tail -5 "$out/$name.time" >&2; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {w=$2}
    /User time/ {u=$2} /System time/ {s=$2}
    /Maximum resident set size/ {r=$2}
    END {printf "%s wall, %.1f s CPU, peak RSS %.0f MiB\n", w, u+s, r/1024}' \
    "$out/$name.time"
}

# veerkracht's own summary line (tiles written, tiles/s, PNG8 ratio).
summary() { grep '^tiles:' "$out/$1.time" | sed 's/^/  /'; }

vk_tiles() { # name, base, zmax, style options...
  local name=$1 base=$2 z=$3; shift 3
  rm -rf "${out:?}/$name"
  measure "$name" "$build/veerkracht" tiles --boundaries "$data/$base.gpkg" \
    --table "$data/$base-indicatoren.csv" \
    --table "$data/$base-leefbaarometer.csv" "$@" --zoom "7-$z" \
    --out "$out/$name" --jobs "$jobs"
}

echo "== veerkracht tiles: kwetsbare_bewoners, z7-$zmax, --jobs $jobs"
res=$(vk_tiles one nl "$zmax" --style "$root/styles/kwetsbare_bewoners.yaml")
echo "veerkracht one layer: $res"; summary one

if [ "${MAPNIK:-1}" != 0 ]; then
  if ! /usr/bin/python3 -c 'import mapnik' 2>/dev/null; then
    echo "bench: Mapnik part skipped: needs Debian python3-mapnik" >&2
  else
    echo "== Mapnik: the same layer, z7-$zmax, every $step-th metatile"
    "$build/veerkracht" classify --boundaries "$data/nl.gpkg" \
      --table "$data/nl-indicatoren.csv" --field kwetsbaar_pct \
      --method quantile --classes 5 > "$out/breaks.json"
    # Joins and projects once, not timed.
    /usr/bin/python3 "$root/bench/mapnik_tiles.py" "$data" "$out/mapnik" \
      "$out/breaks.json" 7 7 1000000 >/dev/null
    res=$(measure mapnik /usr/bin/python3 "$root/bench/mapnik_tiles.py" \
      "$data" "$out/mapnik" "$out/breaks.json" 7 "$zmax" "$step")
    cat "$out/mapnik.out"
    echo "mapnik process: $res"
  fi
fi

echo "== veerkracht tiles: all nine layers, z7-$zmax, --jobs $jobs"
res=$(vk_tiles nine nl "$zmax" --styles "$root/styles")
echo "veerkracht nine layers: $res"; summary nine

echo "== PNG8 against truecolour: every 16th tile of one layer also as RGBA PNG"
res=$(vk_tiles ratio nl "$zmax" --style "$root/styles/kwetsbare_bewoners.yaml" \
  --measure-png)
grep 'sampled size' "$out/ratio.time" | sed 's/^/  /'

echo "== 100 m grid, z7-$grid_zmax"
if [ -f "$data/nl-grid.gpkg" ] && [ -f "$data/nl-grid-indicatoren.csv" ] &&
   [ -f "$data/nl-grid-leefbaarometer.csv" ]; then
  res=$(vk_tiles grid-one nl-grid "$grid_zmax" \
    --style "$root/styles/kwetsbare_bewoners.yaml")
  echo "veerkracht grid, one layer: $res"; summary grid-one
  res=$(vk_tiles grid-nine nl-grid "$grid_zmax" --styles "$root/styles")
  echo "veerkracht grid, nine layers: $res"; summary grid-nine
else
  echo "skipped: no $data/nl-grid.gpkg (make it with" \
       "veerkracht-samplegen --scale national --grid --out $data)"
fi
