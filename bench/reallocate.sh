#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): the national table of 2014 reallocated onto the
# buurten of 2022 (14,511 by 14,501 buurten, 2.7 million vertices a side),
# by area and by population (the 100 m cells), as `veerkracht reallocate`
# does it. The 2014 indeling and its table come from the sample generator
# (--indeling-2014, into DATA2014; the 2022 files are the national
# benchmark data). Reports wall, CPU and peak RSS of each run (GNU time),
# ROUNDS rounds (default 3), and the error of both against the truth.
# Usage: bench/reallocate.sh [build dir]
#   DATA=dir (default bench-data: nl.gpkg, made when missing),
#   DATA2014=dir (default /tmp/vk-bench-2014), OUT=dir (default
#   bench-out/reallocate), JOBS=2, ROUNDS=3
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
data14=${DATA2014:-/tmp/vk-bench-2014}
out=${OUT:-$root/bench-out/reallocate}
jobs=${JOBS:-2}
rounds=${ROUNDS:-3}
mkdir -p "$data" "$data14" "$out"

[ -f "$data/nl.gpkg" ] ||
  "$build/veerkracht-samplegen" --scale national --out "$data" >/dev/null
[ -f "$data14/nl-2014.gpkg" ] ||
  "$build/veerkracht-samplegen" --scale national --indeling-2014 \
    --out "$data14" >/dev/null
# The generator's 2022 buurten are the benchmark's own, byte for byte.
cmp -s "$data/nl.gpkg" "$data14/nl.gpkg" || {
  echo "bench: $data/nl.gpkg is not the generator's (another seed?)" >&2
  exit 1
}

echo "load before: $(uptime | sed 's/.*load average/load average/')"
run() { # name, then extra options
  local name=$1; shift
  for r in $(seq "$rounds"); do
    /usr/bin/time -v "$build/veerkracht" reallocate \
      --from "$data14/nl-2014.gpkg" --to "$data/nl.gpkg" \
      --table "$data14/nl-indicatoren-2014.csv" \
      --sum aantal_inwoners,aantal_kwetsbaar_2014 --jobs "$jobs" \
      --out "$out/$name.csv" "$@" > "$out/$name.report" 2> "$out/$name.$r.time"
    awk -F': ' -v n="$name" -v r="$r" '/Elapsed \(wall clock\)/ {w=$2}
      /User time/ {u=$2} /System time/ {s=$2}
      /Maximum resident set size/ {m=$2}
      END {printf "%s round %d: %s wall, %.2f s CPU, peak RSS %.0f MiB\n",
           n, r, w, u+s, m/1024}' "$out/$name.$r.time"
  done
}
run area
run population --population "$data14/nl-100m.gpkg"
echo "load after: $(uptime | sed 's/.*load average/load average/')"

# The error against the truth: inhabitants in the wrong buurt (half the
# sum of absolute differences) and the mean absolute error of the share.
for name in area population; do
  python3 - "$data14/nl-waarheid-2022.csv" "$out/$name.csv" "$name" <<'PY'
import csv, sys
def rows(p):
    r = list(csv.reader(open(p, encoding='utf-8-sig', newline=''), delimiter=';'))
    return {x[0]: dict(zip(r[0], x)) for x in r[1:]}
truth, got, name = rows(sys.argv[1]), rows(sys.argv[2]), sys.argv[3]
num = lambda s: float(s.replace(',', '.'))
off = tot = 0; pct = []
for k, t in truth.items():
    tot += int(t['aantal_inwoners'])
    g = got.get(k, {})
    if g.get('aantal_inwoners', '') != '':
        off += abs(num(g['aantal_inwoners']) - int(t['aantal_inwoners']))
    if t['kwetsbaar_pct_2014'] not in ('', '.') and g.get('kwetsbaar_pct_2014', '') not in ('', '.'):
        pct.append(abs(num(g['kwetsbaar_pct_2014']) - num(t['kwetsbaar_pct_2014'])))
print(f"{name}: {off / 2:.0f} of {tot} inhabitants in the wrong buurt "
      f"({50 * off / tot:.2f} %); kwetsbaar_pct_2014 mean absolute error "
      f"{sum(pct) / len(pct):.3f} points over {len(pct)} buurten")
PY
done
