#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): the full national atlas (342 gemeenten x 9 layers)
# with veerkracht, and in the same run the same map frames for a sample of
# gemeenten with Mapnik (Debian python3-mapnik, one persistent process, the
# same breaks, colours and outlines). Reports pages/s, CPU seconds and peak
# RSS for both. Usage: bench/atlas.sh [build dir]   (JOBS=n, GEMEENTEN=n)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
out=${OUT:-$root/bench-out}
jobs=${JOBS:-$(nproc)}
sample=${GEMEENTEN:-30}
mkdir -p "$data" "$out"

if ! /usr/bin/python3 -c 'import mapnik' 2>/dev/null; then
  echo "bench: needs Debian python3-mapnik (apt-get install python3-mapnik)" >&2
  exit 1
fi

# The national benchmark data from the sample generator (deterministic).
[ -f "$data/nl.gpkg" ] && [ -f "$data/nl-leefbaarometer.csv" ] ||
  "$build/veerkracht-samplegen" --scale national --out "$data" >/dev/null

# Peak RSS and CPU seconds of a command, from GNU time's -v report.
measure() { # name, then the command
  local name=$1; shift
  /usr/bin/time -v "$@" > "$out/$name.out" 2> "$out/$name.time"
  awk -F': ' '/Elapsed \(wall clock\)/ {w=$2}
    /User time/ {u=$2} /System time/ {s=$2}
    /Maximum resident set size/ {r=$2}
    END {printf "%s wall, %.1f s CPU, peak RSS %.0f MiB\n", w, u+s, r/1024}' \
    "$out/$name.time"
}

echo "== veerkracht atlas: 342 gemeenten x 9 layers, PDF, --jobs $jobs"
rm -rf "$out/atlas"
res=$(measure atlas "$build/veerkracht" atlas --boundaries "$data/nl.gpkg" \
  --table "$data/nl-indicatoren.csv" --table "$data/nl-leefbaarometer.csv" \
  --styles "$root/styles" --out "$out/atlas" --jobs "$jobs" || true)
pages=$(find "$out/atlas" -name 'GM*.pdf' -exec pdfinfo {} \; 2>/dev/null |
  awk '/^Pages:/ {n += $2} END {print n + 0}')
echo "veerkracht: $pages pages; $res"

echo "== Mapnik: the same frames for $sample gemeenten, one layer, PDF"
"$build/veerkracht" classify --boundaries "$data/nl.gpkg" \
  --table "$data/nl-indicatoren.csv" --field kwetsbaar_pct \
  --method quantile --classes 5 > "$out/breaks.json"
/usr/bin/python3 "$root/bench/mapnik_frames.py" "$data" "$out/mapnik-prep" \
  "$out/breaks.json" 1 >/dev/null   # joins the table once, not timed
rm -f "$out/mapnik-prep"/GM*.pdf
res=$(measure mapnik /usr/bin/python3 "$root/bench/mapnik_frames.py" \
  "$data" "$out/mapnik-prep" "$out/breaks.json" "$sample")
cat "$out/mapnik.out"
echo "mapnik process: $res"
