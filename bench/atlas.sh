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

# The national benchmark data from the sample generator (deterministic);
# made anew when older than the werkgebieden (and lbm_klasse per year).
[ -f "$data/nl.gpkg" ] && [ -f "$data/nl-werkgebieden.csv" ] ||
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

nlayers=$(ls "$root"/styles/*.yaml | wc -l)
echo "== veerkracht atlas: 342 gemeenten x $nlayers layers, PDF, --jobs $jobs"
rm -rf "$out/atlas"
res=$(measure atlas "$build/veerkracht" atlas --boundaries "$data/nl.gpkg" \
  --table "$data/nl-indicatoren.csv" --table "$data/nl-leefbaarometer.csv" \
  --styles "$root/styles" --out "$out/atlas" --jobs "$jobs" || true)
pages=$(find "$out/atlas" -name 'GM*.pdf' -exec pdfinfo {} \; 2>/dev/null |
  awk '/^Pages:/ {n += $2} END {print n + 0}')
echo "veerkracht: $pages pages; $res"
cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' \
  "$out/atlas.time")
awk -v p="$pages" -v c="$cpu" 'BEGIN {printf "veerkracht: %.1f pages per CPU second\n", p / c}'
ls -l "$out"/atlas/*.pdf | awk '{n++; b += $5} END {printf "veerkracht: %d PDF, %.0f MB\n", n, b / 1048576}'

# The same atlas with the table pages (issue 16: under one minute).
echo "== veerkracht atlas --table-page: the same, each gemeente's buurten tabled"
rm -rf "$out/atlas-table"
res=$(measure atlas-table "$build/veerkracht" atlas --boundaries \
  "$data/nl.gpkg" --table "$data/nl-indicatoren.csv" \
  --table "$data/nl-leefbaarometer.csv" --styles "$root/styles" \
  --out "$out/atlas-table" --jobs "$jobs" --table-page || true)
tpages=$(find "$out/atlas-table" -name 'GM*.pdf' -exec pdfinfo {} \; \
  2>/dev/null | awk '/^Pages:/ {n += $2} END {print n + 0}')
echo "veerkracht --table-page: $tpages pages ($((tpages - pages)) table pages); $res"

# The densest gemeente (most buurten) alone: its 9-page PDF, the whole
# process (reading the national data included) and the page work alone.
dense=$(ogrinfo -ro -q -sql "SELECT gemeentecode, count(*) AS n FROM buurten
  GROUP BY gemeentecode ORDER BY n DESC, gemeentecode LIMIT 1" "$data/nl.gpkg" |
  awk -F' = ' '/gemeentecode \(String\)/ {print $2; exit}')
echo "== one dense gemeente ($dense): $nlayers-page PDF, --jobs 1"
res=$(measure dense "$build/veerkracht" atlas --boundaries "$data/nl.gpkg" \
  --table "$data/nl-indicatoren.csv" --table "$data/nl-leefbaarometer.csv" \
  --styles "$root/styles" --out "$out/dense" --gemeente "$dense" --jobs 1 \
  --force)
secs=$(grep -m1 '"seconds"' "$out/dense/atlas-report.json" | tr -dc '0-9.')
echo "veerkracht: $dense $nlayers pages in $secs s (process: $res), $(stat -c %s "$out"/dense/GM*.pdf) bytes"

# A werkgebied of two dense gemeenten with every layer and the table
# pages (issue 16: under a second): the densest with its densest
# neighbour, and the two densest of all (far apart: a map of a fifth of
# the country).
second=$(ogrinfo -ro -q -sql "SELECT gemeentecode, count(*) AS n FROM buurten
  GROUP BY gemeentecode ORDER BY n DESC, gemeentecode LIMIT 1 OFFSET 1" \
  "$data/nl.gpkg" | awk -F' = ' '/gemeentecode \(String\)/ {print $2; exit}')
neighbour=$(ogrinfo -ro -q -dialect SQLite -sql "SELECT b.gemeentecode AS c,
  (SELECT count(*) FROM buurten u WHERE u.gemeentecode = b.gemeentecode) AS n
  FROM gemeenten a, gemeenten b WHERE a.gemeentecode = '$dense' AND
  b.gemeentecode <> a.gemeentecode AND ST_Intersects(a.geom, b.geom)
  ORDER BY n DESC LIMIT 1" "$data/nl.gpkg" |
  awk -F' = ' '/c \(String\)/ {print $2; exit}')
for area in "$dense,$neighbour" "$dense,$second"; do
  echo "== a werkgebied ($area): $nlayers layers and the table pages, render"
  for i in 1 2 3; do
    res=$(measure werkgebied "$build/veerkracht" render --boundaries \
      "$data/nl.gpkg" --table "$data/nl-indicatoren.csv" \
      --table "$data/nl-leefbaarometer.csv" --styles "$root/styles" \
      --area "$area" --table-page --out "$out/werkgebied.pdf")
    echo "veerkracht: $(pdfinfo "$out/werkgebied.pdf" |
      awk '/^Pages:/ {print $2}') pages; $res"
  done
done

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
awk '{for (i = 1; i <= NF; i++) if ($i == "frames" && $(i+1) == "in") n = $(i-1);
      for (i = 1; i <= NF; i++) if ($i == "CPU,") c = $(i-2)}
     END {printf "mapnik: %.1f frames per CPU second\n", n / c}' "$out/mapnik.out"
