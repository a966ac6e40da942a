#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): web tiles of the national benchmark data.
#  1. one layer (kwetsbare_bewoners) and all nine layers z7-ZMAX with
#     veerkracht tiles, ROUNDS times (default 3): single runs on this
#     machine differ by 10-20 %, so the medians are the figures;
#  2. in each round, after those two, the same layer with Mapnik (Debian
#     python3-mapnik, one persistent process, same breaks, colours and
#     outlines, 8x8 metatiles cut into PNG8 tiles, blank tiles not
#     written), every STEP-th metatile (default all); its preparation
#     (joining the CSV and projecting to Web Mercator with ogr2ogr, which
#     Mapnik cannot do while rendering) is made once and timed
#     separately, and with STEP=1 the two tile sets are compared;
#  3. PNG8 against truecolour PNG sizes;
#  4. the 100 m grid (DATA/nl-grid.gpkg from veerkracht-samplegen --grid)
#     z7-GRID_ZMAX, one and nine layers, when those files exist;
#  5. nine layers z7-ARCH_ZMAX (default 14) of the national data as the
#     folder pyramid with MBTiles and as PMTiles archives alone
#     (--pmtiles --no-dir), in turns, ROUNDS times; the sizes of the
#     folders, the MBTiles and the PMTiles. PARTS=archives runs this part
#     alone.
# Reports tiles/s, CPU seconds and peak RSS (GNU time) for each.
# Every run writes into a new folder: the outputs of an earlier bench are
# moved aside first and deleted at the end, because ext4 without a journal
# (as here) skips inodes deleted in the last minutes when it allocates,
# which made the first run after an `rm -rf` up to 0.5 s slower (one
# layer; a bench started three minutes after another came out 2.26 x
# for nine layers against 1.6-1.7 x). So a bench waits until five minutes
# have passed since the last one's deletions (it notes when in
# OUT/.deleted; WAIT=0 skips the wait); delete nothing big just before one.
# Usage: bench/tiles.sh [build dir]
#   DATA=dir (default bench-data), OUT=dir, JOBS=n, ZMAX=12, GRID_ZMAX=14,
#   ROUNDS=3, STEP=1 (Mapnik: every STEP-th metatile), MAPNIK=0 skips
#   Mapnik, WAIT=0 skips the wait after an earlier bench, ARCH_ZMAX=14,
#   PARTS=all|archives.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
out=${OUT:-$root/bench-out/tiles}
jobs=${JOBS:-$(nproc)}
zmax=${ZMAX:-12}
grid_zmax=${GRID_ZMAX:-14}
step=${STEP:-1}
mkdir -p "$data" "$out"
if [ "${WAIT:-1}" != 0 ] && [ -f "$out/.deleted" ]; then
  left=$(( $(stat -c %Y "$out/.deleted") + 300 - $(date +%s) ))
  if [ "$left" -gt 0 ]; then
    echo "waiting ${left} s: the last bench deleted its outputs less than five minutes ago (WAIT=0 skips)"
    sleep "$left"
  fi
fi
trash="$out/.old-$$"
mkdir "$trash"
for f in "$out"/*; do [ -e "$f" ] && mv "$f" "$trash/"; done
trap 'rm -rf "$trash"; touch "$out/.deleted"' EXIT

# The national benchmark data from the sample generator (deterministic).
[ -f "$data/nl.gpkg" ] && [ -f "$data/nl-werkgebieden.csv" ] ||
  "$build/veerkracht-samplegen" --scale national --out "$data" >/dev/null

# Wall, CPU seconds and peak RSS of a command, from GNU time's -v report.
# Each run starts with the earlier runs' files on disk (sync): otherwise
# their write-back, 30 s later, lands in whichever run is going then (a
# nine-layer run after Mapnik's took 4.3 s instead of 3.5).
measure() { # name, then the command
  local name=$1; shift
  sync
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
  measure "$name" "$build/veerkracht" tiles --boundaries "$data/$base.gpkg" \
    --table "$data/$base-indicatoren.csv" \
    --table "$data/$base-leefbaarometer.csv" "$@" --zoom "7-$z" \
    --out "$out/$name" --jobs "$jobs"
}

# Seconds of GNU time's wall clock ("m:ss.cc" or "h:mm:ss") of a run.
wall_s() {
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/$1.time"
}
# A number from veerkracht's summary: the word before "tiles/s" in the
# line starting "tiles: <what>" (tiles/s of the process, or of tiling).
vk_rate() { # name, what (metatiles|reading)
  awk -v w="$2" '$2 == w || ($2 ~ /^[0-9]+$/ && $3 == w) {
    for (i = 1; i <= NF; i++) if ($i ~ /^tiles\/s/) { v = $(i-1); sub(/^\(/, "", v); print v } }' \
    "$out/$1.time" | head -1
}
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

mapnik_ok() { /usr/bin/python3 -c 'import mapnik' 2>/dev/null; }

# Mapnik's preparation, once: join and project (ogr2ogr), timed alone.
mapnik_prep() {
  echo "== Mapnik's preparation for kwetsbare_bewoners, z7-$zmax"
  "$build/veerkracht" classify --boundaries "$data/nl.gpkg" \
    --table "$data/nl-indicatoren.csv" --field kwetsbaar_pct \
    --method quantile --classes 5 > "$out/breaks.json"
  res=$(measure mapnik-prep /usr/bin/python3 "$root/bench/mapnik_tiles.py" \
    "$data" "$out/mapnik-prep" "$out/breaks.json" 7 7 1000000)
  echo "mapnik preparation (join, projection): $res"
}

# Mapnik's tiles of round i, every STEP-th metatile; the first round's
# tile set is compared with veerkracht's.
mapnik_run() { # round
  local i=$1
  mkdir -p "$out/mapnik-$i"
  ln -f "$out/mapnik-prep/joined-3857.gpkg" "$out/mapnik-$i/"
  res=$(measure "mapnik-$i" /usr/bin/python3 "$root/bench/mapnik_tiles.py" \
    "$data" "$out/mapnik-$i" "$out/breaks.json" 7 "$zmax" "$step")
  sed 's/^/  /' "$out/mapnik-$i.out"
  echo "mapnik process: $res"
  if [ "$i" = 1 ] && [ "$step" = 1 ]; then
    (cd "$out/mapnik-1" && find . -name '*.png' | sort) > "$out/mapnik.list"
    (cd "$out/one-1/kwetsbare_bewoners" && find . -name '*.png' | sort) \
      > "$out/one.list"
    if cmp -s "$out/mapnik.list" "$out/one.list"; then
      echo "  same tiles: both wrote the same $(wc -l < "$out/one.list")" \
           "z/x/y"
    else
      echo "  the tile sets differ: see $out/mapnik.list and $out/one.list"
    fi
  fi
  awk '/^mapnik:/ {for (i = 1; i <= NF; i++) if ($i == "tiles/s") print $(i-1)}' \
    "$out/mapnik-$i.out" >> "$out/mapnik.rates"
}

# veerkracht one layer and nine layers (next to each other: their ratio
# is a target), then Mapnik the same layer, ROUNDS times (single runs
# differ by 10-20 % on this machine, Mapnik's as much: medians are
# quoted; a veerkracht run right after Mapnik's 18 s of full load was
# often slower).
rounds=${ROUNDS:-3}
mapnik=${MAPNIK:-1}
arch_zmax=${ARCH_ZMAX:-14}

# Bytes of files (not hard links twice) under the arguments.
bytes() { du -s -B1 --apparent-size "$@" | awk '{n += $1} END {print n}'; }

archives() {
  echo "== nine layers z7-$arch_zmax, --jobs $jobs: the folders with" \
       "MBTiles, then PMTiles alone (--pmtiles --no-dir), $rounds rounds"
  for i in $(seq 1 "$rounds"); do
    res=$(vk_tiles "dir-$i" nl "$arch_zmax" --styles "$root/styles" --mbtiles)
    echo "folders and MBTiles: $res"; summary "dir-$i"
    res=$(vk_tiles "pm-$i" nl "$arch_zmax" --styles "$root/styles" --pmtiles \
      --no-dir)
    echo "PMTiles alone: $res"; summary "pm-$i"
  done
  echo "  medians: folders and MBTiles" \
       "$(for i in $(seq 1 "$rounds"); do wall_s "dir-$i"; done | median) s," \
       "PMTiles alone" \
       "$(for i in $(seq 1 "$rounds"); do wall_s "pm-$i"; done | median) s"
  # The same layers in each form: the styles' and the viewer's ID tiles.
  local ids=() f dirs=() mbs=() pms=()
  for f in "$root"/styles/*.yaml; do ids+=("$(basename "$f" .yaml)"); done
  [ -d "$out/dir-1/_ids" ] && ids+=(_ids)
  for f in "${ids[@]}"; do
    dirs+=("$out/dir-1/$f"); mbs+=("$out/dir-1/$f.mbtiles")
    pms+=("$out/pm-1/$f.pmtiles")
  done
  echo "  sizes of ${#ids[@]} layers: folders $(bytes "${dirs[@]}") bytes in" \
       "$(find "${dirs[@]}" -name '*.png' | wc -l) files" \
       "($(du -s -B1 "${dirs[@]}" | awk '{n += $1} END {print n}') on disk)," \
       "MBTiles $(bytes "${mbs[@]}"), PMTiles $(bytes "${pms[@]}") bytes"
}
if [ "${PARTS:-all}" = archives ]; then
  archives
  exit 0
fi
if [ "$mapnik" != 0 ] && ! mapnik_ok; then
  echo "bench: Mapnik part skipped: needs Debian python3-mapnik" >&2
  mapnik=0
fi
[ "$mapnik" = 0 ] || mapnik_prep
for i in $(seq 1 "$rounds"); do
  echo "== round $i of $rounds: veerkracht kwetsbare_bewoners, veerkracht" \
       "all nine layers, Mapnik kwetsbare_bewoners (every $step-th" \
       "metatile); z7-$zmax, --jobs $jobs"
  res=$(vk_tiles "one-$i" nl "$zmax" \
    --style "$root/styles/kwetsbare_bewoners.yaml")
  echo "veerkracht one layer: $res"; summary "one-$i"
  res=$(vk_tiles "nine-$i" nl "$zmax" --styles "$root/styles")
  echo "veerkracht nine layers: $res"; summary "nine-$i"
  [ "$mapnik" = 0 ] || mapnik_run "$i"
done

echo "== medians of $rounds rounds"
one_w=$(for i in $(seq 1 "$rounds"); do wall_s "one-$i"; done | median)
nine_w=$(for i in $(seq 1 "$rounds"); do wall_s "nine-$i"; done | median)
one_t=$(for i in $(seq 1 "$rounds"); do vk_rate "one-$i" reading; done |
  median)
tiles1=$(awk '/^tiles: [0-9]+ metatiles/ {for (i = 1; i <= NF; i++)
  if ($i == "written") print $(i-2)}' "$out/one-1.time")
echo "  one layer: $one_w s wall (GNU time, the whole process)," \
     "$(awk -v n="$tiles1" -v w="$one_w" 'BEGIN {printf "%.0f", n / w}') tiles/s;" \
     "tiling phase $one_t tiles/s"
echo "  nine layers: $nine_w s wall;" \
     "$(awk -v a="$nine_w" -v b="$one_w" 'BEGIN {printf "%.2f", a / b}') x one layer"
if [ -s "$out/mapnik.rates" ]; then
  mk=$(median < "$out/mapnik.rates")
  echo "  Mapnik: $mk tiles/s (its loop)"
  awk -v mk="$mk" -v n="$tiles1" -v w="$one_w" \
      -v t="$one_t" 'BEGIN {if (mk > 0) printf "  veerkracht / Mapnik" \
      " tiles/s: %.1fx (whole process), %.1fx (tiling phase)\n",
      n / w / mk, t / mk}'
fi

archives

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
