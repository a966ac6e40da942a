#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): one gemeente's page with veerkracht render, and in
# the same run the same map with MapServer's map2img (Debian mapserver-bin).
#  1. MapServer's preparation, once, not timed: a GeoPackage with the
#     buurten carrying kwetsbaar_pct as a REAL (map2img cannot join a CSV),
#     and two mapfiles (PDF at A4, PNG at A4 300 dpi) that draw
#     veerkracht's kwetsbare_bewoners page as far as MapServer can: the
#     same scale, with veerkracht's map frame at its place on the page
#     (from `render --map-only --format tif`), the same breaks (from
#     `veerkracht classify`), colours, hatch, outlines and labels;
#  2. ROUNDS rounds (default 5), each command a whole process under GNU
#     time after a `sync`: veerkracht one page PDF, nine-page PDF and one
#     page PNG at 300 dpi (and with OLD=binary the same three with an
#     older veerkracht, in turns), then map2img PDF and PNG;
#  3. medians of wall, CPU (user + sys) and the peak RSS of all rounds,
#     the ratios to map2img ("PDF + PNG": the sum per round), and the
#     page counts and sizes of the outputs.
# The gemeente is the one with the most buurten unless GEMEENTE is given.
# Usage: bench/render.sh [build dir]
#   DATA=dir (default bench-data; made with veerkracht-samplegen --scale
#   national when missing), OUT=dir (default bench-out/render),
#   GEMEENTE=GMxxxx, ROUNDS=5, OLD=/path/to/an/older/veerkracht
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${DATA:-$root/bench-data}
out=${OUT:-$root/bench-out/render}
rounds=${ROUNDS:-5}
old=${OLD:-}
vk=$build/veerkracht
style=$root/styles/kwetsbare_bewoners.yaml

need() { # command, Debian package
  command -v "$1" >/dev/null ||
    { echo "bench: needs $1 (apt-get install $2)" >&2; exit 1; }
}
need map2img mapserver-bin
need ogr2ogr gdal-bin
need pdfinfo poppler-utils
need fc-match fontconfig
[ -x /usr/bin/time ] ||
  { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -x "$vk" ] || { echo "bench: no $vk: build first (cmake --build build)" >&2; exit 1; }
[ -z "$old" ] || [ -x "$old" ] || { echo "bench: OLD=$old is not a program" >&2; exit 1; }
case $rounds in
  ''|*[!0-9]*|0) echo "bench: ROUNDS must be a number > 0" >&2; exit 2 ;;
esac

echo "load before: $(uptime)"
mkdir -p "$data" "$out"
# The national benchmark data from the sample generator (deterministic).
[ -f "$data/nl.gpkg" ] && [ -f "$data/nl-indicatoren.csv" ] &&
  [ -f "$data/nl-werkgebieden.csv" ] ||
  "$build/veerkracht-samplegen" --scale national --out "$data" >/dev/null
gpkg=$data/nl.gpkg
# Every veerkracht command gets both tables, as the atlas does (the nine
# layers need the Leefbaarometer's).
tables=(--table "$data/nl-indicatoren.csv" --table "$data/nl-leefbaarometer.csv")

# The densest gemeente (most buurten), as bench/atlas.sh picks it.
gm=${GEMEENTE:-$(ogrinfo -ro -q -sql "SELECT gemeentecode, count(*) AS n
  FROM buurten GROUP BY gemeentecode ORDER BY n DESC, gemeentecode LIMIT 1" \
  "$gpkg" | awk -F' = ' '/gemeentecode \(String\)/ {print $2; exit}')}
case $gm in
  GM[0-9]*) ;;
  *) echo "bench: GEMEENTE=$gm is not a code GMxxxx" >&2; exit 2 ;;
esac
nbu=$(ogrinfo -ro -q -sql "SELECT count(*) AS n FROM buurten
  WHERE gemeentecode = '$gm'" "$gpkg" | awk -F' = ' '/n \(Integer\)/ {print $2}')
[ "${nbu:-0}" -gt 0 ] || { echo "bench: no buurten of $gm in $gpkg" >&2; exit 1; }

# This run's outputs replace the last run's (the joined GeoPackage stays
# while it is newer than the data).
ms=$out/mapserver
mkdir -p "$ms"
rm -rf "$out/runs" "$out"/*.tsv
mkdir "$out/runs"

# ---- MapServer's preparation (once, not timed) ---------------------------

# The join map2img cannot do: buurten with kwetsbaar_pct as v (a REAL: the
# CSV has a decimal comma and "." for missing), their name, water and
# inwoners (for the mask), with wijken and gemeenten, indexed by gemeente.
joined=$ms/joined.gpkg
if [ ! -f "$joined" ] || [ "$gpkg" -nt "$joined" ] ||
   [ "$data/nl-indicatoren.csv" -nt "$joined" ]; then
  echo "== MapServer's preparation: joining the table (ogr2ogr, once)"
  tmp=$ms/joined.tmp.gpkg
  rm -f "$tmp" "$joined"
  ogr2ogr -f GPKG "$tmp" "$gpkg" buurten wijken gemeenten
  ogr2ogr -update -f GPKG "$tmp" "$data/nl-indicatoren.csv" -nln ind
  ogr2ogr -update -f GPKG "$tmp" "$tmp" -nln buurten_v -dialect sqlite -sql \
    "SELECT b.geom AS geom, b.buurtcode, b.buurtnaam, b.gemeentecode,
       b.water, b.aantal_inwoners,
       CAST(REPLACE(NULLIF(NULLIF(i.kwetsbaar_pct, '.'), ''), ',', '.')
         AS REAL) AS v
     FROM buurten b LEFT JOIN ind i ON i.buurtcode = b.buurtcode"
  for sql in "DROP TABLE buurten" "DROP TABLE ind" \
      "CREATE INDEX buurten_v_gm ON buurten_v (gemeentecode)" \
      "CREATE INDEX wijken_gm ON wijken (gemeentecode)" \
      "CREATE INDEX gemeenten_gm ON gemeenten (gemeentecode)" "VACUUM"; do
    ogrinfo -q "$tmp" -sql "$sql" >/dev/null
  done
  mv "$tmp" "$joined"
fi

# veerkracht's breaks for the layer (styles/kwetsbare_bewoners.yaml:
# quantile, 5 classes over all buurten, left closure, the last closed).
"$vk" classify --boundaries "$gpkg" --table "$data/nl-indicatoren.csv" \
  --field kwetsbaar_pct --method quantile --classes 5 > "$ms/breaks.json"
read -r -a br <<< "$(tr -d ' \n' < "$ms/breaks.json" |
  sed -n 's/.*"breaks":\[\([^]]*\)\].*/\1/p' | tr ',' ' ')"
[ "${#br[@]}" = 6 ] || { echo "bench: no 5-class breaks in $ms/breaks.json" >&2; exit 1; }

# The same classes from the joined data must give veerkracht's counts.
counts=$(ogrinfo -ro -q -sql "SELECT
    sum(v >= ${br[0]} AND v < ${br[1]}) AS c1,
    sum(v >= ${br[1]} AND v < ${br[2]}) AS c2,
    sum(v >= ${br[2]} AND v < ${br[3]}) AS c3,
    sum(v >= ${br[3]} AND v < ${br[4]}) AS c4,
    sum(v >= ${br[4]} AND v <= ${br[5]}) AS c5
  FROM buurten_v WHERE water != 'JA' AND aantal_inwoners >= 50" "$joined" |
  awk -F' = ' '/^ *c[1-5] / {printf "%s%s", s, $2; s = ","}')
want=$(tr -d ' \n' < "$ms/breaks.json" | sed -n 's/.*"counts":\[\([^]]*\)\].*/\1/p')
[ "$counts" = "$want" ] || {
  echo "bench: the joined data classify as [$counts], veerkracht as" \
       "[$want]" >&2; exit 1; }

# The map frame of veerkracht's page: its GeoTIFF gives the top-left
# corner and the pixel size at 300 dpi, so the scale. The frame sits at
# 12 mm from the left and at 12 mm + 52 pt (header and gap) from the top
# of the page, portrait or landscape (src/layout/layout.c, page_boxes).
dpi=300
"$vk" render --boundaries "$gpkg" "${tables[@]}" --style "$style" --area "$gm" \
  --map-only --format tif --dpi $dpi --out "$ms/frame.tif" >/dev/null
size_of() { gdalinfo -json "$1" | tr -d ' \n' | grep -o '"size":\[[0-9]*,[0-9]*\]' |
  head -1 | tr -dc '0-9,' | tr ',' ' '; }
read -r fw fh <<< "$(size_of "$ms/frame.tif")"
read -r gx gpx _ gy _ <<< "$(gdalinfo -json "$ms/frame.tif" | tr -d ' \n' |
  sed -n 's/.*"geoTransform":\[\([^]]*\)\].*/\1/p' | tr ',' ' ')"
frame_x=$(awk 'BEGIN {printf "%.6f", 12 * 72 / 25.4}')
frame_y=$(awk -v x="$frame_x" 'BEGIN {printf "%.6f", x + 42 + 10}')

# Check the frame's place on veerkracht's page PNG (which also gives the
# orientation): its 0.5 pt line on all four sides where the GeoTIFF's
# frame would have it, white paper 8 px outside.
"$vk" render --boundaries "$gpkg" "${tables[@]}" --style "$style" --area "$gm" \
  --dpi $dpi --out "$ms/page.png" >/dev/null
read -r png_w png_h <<< "$(size_of "$ms/page.png")"
grey() { gdallocationinfo -valonly "$ms/page.png" "$1" "$2" | head -1; }
read -r left top <<< "$(awk -v x="$frame_x" -v y="$frame_y" -v d=$dpi \
  'BEGIN {printf "%.3f %.3f", x * d / 72, y * d / 72}')"
l=${left%.*} t=${top%.*}
r=$(awk -v a="$left" -v w="$fw" 'BEGIN {printf "%d", a + w}')
b=$(awk -v a="$top" -v h="$fh" 'BEGIN {printf "%d", a + h}')
mx=$(((l + r) / 2)) my=$(((t + b) / 2))
for edge in "$l $my -8 0" "$r $my 8 0" "$mx $t 0 -8" "$mx $b 0 8"; do
  read -r x y dx dy <<< "$edge"
  if [ "$(grey "$x" "$y")" -ge 200 ] ||
     [ "$(grey $((x + dx)) $((y + dy)))" != 255 ]; then
    echo "bench: veerkracht's page has no map frame line at pixel ($x, $y)" \
         "where ($frame_x, $frame_y) pt and $ms/frame.tif put it: check" \
         "page_boxes in src/layout/layout.c" >&2
    exit 1
  fi
done

# The page's top-left corner in RD metres and the metres per point.
read -r x0 y0 m_pt <<< "$(awk -v gx="$gx" -v gy="$gy" -v p="$gpx" \
  -v fx="$frame_x" -v fy="$frame_y" -v d=$dpi 'BEGIN {
  m = p * d / 72; printf "%.6f %.6f %.9f", gx - fx * m, gy + fy * m, m }')"
scale=$(awk -v m="$m_pt" 'BEGIN {printf "%.0f", m * 72 / 0.0254}')

# MapServer's EXTENT runs from the centre of the first pixel to the centre
# of the last (cellsize = width / (pixels - 1)).
extent() { # pixels across, pixels down, metres per pixel
  awk -v x0="$x0" -v y0="$y0" -v w="$1" -v h="$2" -v c="$3" 'BEGIN {
    printf "%.4f %.4f %.4f %.4f", x0 + c / 2, y0 - (h - 0.5) * c,
      x0 + (w - 0.5) * c, y0 - c / 2 }'
}
rgb() { printf '%d %d %d' "0x${1:1:2}" "0x${1:3:2}" "0x${1:5:2}"; }

# Fonts as veerkracht's labels (DejaVu Sans, italic for neighbours, water).
printf 'sans %s\nsans-italic %s\n' "$(fc-match -f '%{file}' 'DejaVu Sans')" \
  "$(fc-match -f '%{file}' 'DejaVu Sans:italic')" > "$ms/fonts.txt"

# The layers, in veerkracht's drawing order and colours (src/render/
# render.c, src/style/carto.c, src/layout/labels.c). Widths are in points:
# pixels at DEFRESOLUTION 72, scaled to the RESOLUTION by MapServer. Text
# is another matter: MapServer takes whole SIZEs only (4.875 is 4) and
# makes FreeType pixels of SIZE * 96 / 72 after the RESOLUTION scaling, so
# veerkracht's 6.5 pt buurt names are SIZE 5 (27 px a em at 300 dpi, as
# veerkracht's; 7 pt in the PDF) and its 8 pt neighbours SIZE 6.
pt() { awk -v p="$1" 'BEGIN {printf "%.0f", p * 72 / 96}'; }
colors=("#fef0d9" "#fdcc8a" "#fc8d59" "#e34a33" "#b30000")
buurt_label() { # colour, font
  cat <<EOF
      LABEL
        FONT "$2" SIZE $(pt 6.5) COLOR $(rgb "$1")
        OUTLINECOLOR 255 255 255 OUTLINEWIDTH 1
        POSITION CC PARTIALS FALSE MINFEATURESIZE AUTO BUFFER 1
      END
EOF
}
fill_class() { # expression, colour
  printf '    CLASS\n      EXPRESSION (%s)\n' "$1"
  printf '      STYLE COLOR %s END\n' "$(rgb "$2")"
  buurt_label "#222222" sans
  printf '    END\n'
}
line_layer() { # name, layer, = or != the gemeente, colour, width
  cat <<EOF
  LAYER
    NAME "$1" TYPE POLYGON STATUS ON
    CONNECTIONTYPE OGR CONNECTION "$joined" DATA "$2"
    FILTER ("[gemeentecode]" $3 "$gm")
    CLASS
      STYLE OUTLINECOLOR $(rgb "$4") WIDTH $5 LINECAP ROUND LINEJOIN ROUND END
    END
  END
EOF
}
{
  cat <<EOF
  SYMBOL NAME "hatch" TYPE HATCH END
  # The other gemeenten, grey, with their names in grey italic.
  LAYER
    NAME "surroundings" TYPE POLYGON STATUS ON
    CONNECTIONTYPE OGR CONNECTION "$joined" DATA "gemeenten"
    FILTER ("[gemeentecode]" != "$gm")
    LABELITEM "gemeentenaam"
    CLASS
      STYLE COLOR $(rgb "#e6e6e6") END
      LABEL
        FONT "sans-italic" SIZE $(pt 8) COLOR $(rgb "#7a7a7a")
        POSITION CC PARTIALS FALSE MINFEATURESIZE AUTO
      END
    END
  END
  # The gemeente's buurten: water, masked (under 50 inwoners: white with
  # a grey hatch), no data, the five classes; their names with a halo.
  LAYER
    NAME "buurten" TYPE POLYGON STATUS ON
    CONNECTIONTYPE OGR CONNECTION "$joined" DATA "buurten_v"
    FILTER ("[gemeentecode]" = "$gm")
    LABELITEM "buurtnaam"
    CLASS
      EXPRESSION ("[water]" = "JA")
      STYLE COLOR $(rgb "#b3d1ee") END
$(buurt_label "#1f4e79" sans-italic)
    END
    CLASS
      EXPRESSION ([aantal_inwoners] >= 0 AND [aantal_inwoners] < 50)
      STYLE COLOR 255 255 255 END
      STYLE
        SYMBOL "hatch" COLOR $(rgb "#8c8c8c") SIZE 2.5 WIDTH 0.4 ANGLE 45
      END
$(buurt_label "#222222" sans)
    END
EOF
  fill_class '"[v]" = ""' "#d9d9d9"
  for i in 0 1 2 3 4; do
    op="<"; [ $i = 4 ] && op="<="
    fill_class "[v] >= ${br[$i]} AND [v] $op ${br[$((i + 1))]}" "${colors[$i]}"
  done
  fill_class '1 = 1' "#d9d9d9"
  cat <<EOF
  END
  # Their outlines, white at 80 % as one layer (overlaps do not add up).
  LAYER
    NAME "buurt_lines" TYPE POLYGON STATUS ON
    CONNECTIONTYPE OGR CONNECTION "$joined" DATA "buurten_v"
    FILTER ("[gemeentecode]" = "$gm")
    COMPOSITE OPACITY 80 END
    CLASS
      STYLE OUTLINECOLOR 255 255 255 WIDTH 0.25 LINECAP ROUND LINEJOIN ROUND END
    END
  END
  # Other gemeenten's boundaries, the gemeente's wijken, its boundary.
EOF
  line_layer other_lines gemeenten '!=' "#999999" 0.6
  line_layer wijken wijken '=' "#555555" 0.8
  line_layer gemeente gemeenten '=' "#222222" 1.6
} > "$ms/layers.inc"

# Two mapfiles, as a map has one SIZE and RESOLUTION: the PDF with a pixel
# per point (A4 is 595 x 842: MapServer's sizes are whole), the PNG the
# size of veerkracht's page PNG (A4 at 300 dpi, 2480 x 3508, or
# landscape). The PNG one can also write a GeoTIFF, to check its
# georeference.
pdf_w=$(awk -v w="$png_w" -v d=$dpi 'BEGIN {printf "%.0f", w * 72 / d}')
pdf_h=$(awk -v h="$png_h" -v d=$dpi 'BEGIN {printf "%.0f", h * 72 / d}')
write_mapfile() { # name, width, height, dpi, imagetype
  local m_px
  m_px=$(awk -v m="$m_pt" -v d="$4" 'BEGIN {printf "%.9f", m * 72 / d}')
  cat > "$ms/$1.map" <<EOF
# Written by bench/render.sh: veerkracht's kwetsbare_bewoners page of $gm
# (its map frame at its place on the A4 page, 1:$scale).
MAP
  NAME "render_$1"
  SIZE $2 $3
  RESOLUTION $4
  DEFRESOLUTION 72
  UNITS METERS
  EXTENT $(extent "$2" "$3" "$m_px")
  PROJECTION "init=epsg:28992" END
  IMAGECOLOR 255 255 255
  FONTSET "$ms/fonts.txt"
  IMAGETYPE "$5"
  OUTPUTFORMAT
    NAME "pdf" DRIVER "CAIRO/PDF" MIMETYPE "application/x-pdf"
    IMAGEMODE RGB EXTENSION "pdf"
  END
  OUTPUTFORMAT
    NAME "png" DRIVER "AGG/PNG" MIMETYPE "image/png"
    IMAGEMODE RGB EXTENSION "png"
  END
  OUTPUTFORMAT
    NAME "tif" DRIVER "GDAL/GTiff" MIMETYPE "image/tiff"
    IMAGEMODE RGB EXTENSION "tif"
  END
  INCLUDE "layers.inc"
END
EOF
}
write_mapfile pdf "$pdf_w" "$pdf_h" 72 pdf
write_mapfile png "$png_w" "$png_h" $dpi png

# map2img must write what is asked and say nothing: it reports mapfile
# and data errors on stderr and may still write an image.
map2img_ok() { # output, its messages
  [ -s "$1" ] && [ ! -s "$2" ] ||
    { echo "bench: map2img did not write $1 cleanly:" >&2; cat "$2" >&2; exit 1; }
}

# Its GeoTIFF has the page's corner and veerkracht's pixel size.
map2img -m "$ms/png.map" -i tif -o "$ms/check.tif" > "$ms/check.err" 2>&1 || true
map2img_ok "$ms/check.tif" "$ms/check.err"
gi=$(gdalinfo -json "$ms/check.tif" | tr -d ' \n')
read -r tx tpx _ ty _ <<< "$(sed -n 's/.*"geoTransform":\[\([^]]*\)\].*/\1/p' \
  <<< "$gi" | tr ',' ' ')"
awk -v a="$tx" -v b="$x0" -v c="$ty" -v d="$y0" -v e="$tpx" -v f="$gpx" 'BEGIN {
  exit !((a - b) ^ 2 < 0.01 && (c - d) ^ 2 < 0.01 && (e - f) ^ 2 < 1e-8) }' ||
  { echo "bench: map2img draws from ($tx, $ty) at $tpx m a pixel, not" \
         "($x0, $y0) at $gpx" >&2; exit 1; }
rm -f "$ms/check.tif" "$ms/check.err"
echo "== $gm ($nbu buurten): MapServer draws A4 at 1:$scale, veerkracht's frame at" \
  "($frame_x, $frame_y) pt; breaks ${br[*]}"

# ---- the timed rounds -------------------------------------------------------

# Wall and CPU seconds and peak RSS (KiB) of a whole process, after a sync
# (earlier runs' write-back must not land in this one), into times.tsv.
measure() { # name, round, command...
  local name=$1 i=$2; shift 2
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$out/runs/$name-$i.time" "$@" \
    > "$out/runs/$name-$i.out" 2>&1 ||
    { echo "bench: $name failed:" >&2; tail -5 "$out/runs/$name-$i.out" >&2
      return 1; }
  awk -v n="$name" -v i="$i" '{printf "%s\t%s\t%s\t%.2f\t%d\n", n, i, $1,
    $2 + $3, $4}' "$out/runs/$name-$i.time" >> "$out/times.tsv"
}

vk_three() { # label, binary, round, one|nine|png
  local l=$1 bin=$2 i=$3 r=$out/runs
  case $4 in
    one) measure "$l-one-pdf" "$i" "$bin" render --boundaries "$gpkg" \
           "${tables[@]}" --style "$style" --area "$gm" --out "$r/$l-one-$i.pdf" ;;
    nine) measure "$l-nine-pdf" "$i" "$bin" render --boundaries "$gpkg" \
           "${tables[@]}" --styles "$root/styles" --area "$gm" \
           --out "$r/$l-nine-$i.pdf" ;;
    png) measure "$l-one-png" "$i" "$bin" render --boundaries "$gpkg" \
           "${tables[@]}" --style "$style" --area "$gm" --dpi $dpi \
           --out "$r/$l-one-$i.png" ;;
  esac
}

for i in $(seq 1 "$rounds"); do
  echo "== round $i of $rounds: veerkracht one page PDF, nine-page PDF," \
       "one page PNG${old:+ (each also with OLD, in turns)}, map2img PDF, PNG"
  for what in one nine png; do
    if [ -n "$old" ] && [ $((i % 2)) = 0 ]; then
      vk_three old "$old" "$i" "$what"; vk_three vk "$vk" "$i" "$what"
    else
      vk_three vk "$vk" "$i" "$what"
      [ -z "$old" ] || vk_three old "$old" "$i" "$what"
    fi
  done
  measure ms-pdf "$i" map2img -m "$ms/pdf.map" -o "$out/runs/ms-$i.pdf"
  map2img_ok "$out/runs/ms-$i.pdf" "$out/runs/ms-pdf-$i.out"
  measure ms-png "$i" map2img -m "$ms/png.map" -o "$out/runs/ms-$i.png"
  map2img_ok "$out/runs/ms-$i.png" "$out/runs/ms-png-$i.out"
  awk -v i="$i" -F'\t' '$2 == i {printf "  %-14s %5.2f s wall %5.2f s CPU %4.0f MiB\n",
    $1, $3, $4, $5 / 1024}' "$out/times.tsv"
done

# ---- the table -------------------------------------------------------------

# "PDF + PNG" rows: the sum per round of the two runs (peak RSS: the larger).
for p in vk old ms; do
  a=$p-one-pdf b=$p-one-png; [ $p = ms ] && a=ms-pdf b=ms-png
  awk -F'\t' -v a="$a" -v b="$b" -v n="$p-pdf+png" '
    $1 == a || $1 == b {w[$2] += $3; c[$2] += $4; if ($5 > r[$2]) r[$2] = $5}
    END {for (i in w) printf "%s\t%s\t%.2f\t%.2f\t%d\n", n, i, w[i], c[i], r[i]}' \
    "$out/times.tsv" >> "$out/sums.tsv"
done
cat "$out/times.tsv" "$out/sums.tsv" > "$out/all.tsv"
# Median wall and CPU, largest peak RSS of a name over the rounds.
stat_of() { # name -> "wall cpu rss_mib", or nothing
  awk -F'\t' -v n="$1" '$1 == n {w[++k] = $3; c[k] = $4; if ($5 > r) r = $5}
    function med(a, k,   i, j, t) {
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) {
        t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END {if (k) printf "%.2f %.2f %.0f", med(w, k), med(c, k), r / 1024}' \
    "$out/all.tsv"
}
row() { # name, label
  local s; s=$(stat_of "$1"); [ -n "$s" ] || return 0
  read -r w c r <<< "$s"
  printf '%-44s %7s s %7s s %6s MiB\n' "$2" "$w" "$c" "$r"
}
echo "== medians of $rounds rounds, $gm ($nbu buurten), national data"
printf '%-44s %9s %9s %10s\n' command wall CPU "peak RSS"
row vk-one-pdf "veerkracht render, one page PDF"
row vk-nine-pdf "veerkracht render, nine-page PDF"
row vk-one-png "veerkracht render, one page PNG ${dpi} dpi"
row vk-pdf+png "veerkracht one page PDF + PNG"
if [ -n "$old" ]; then
  row old-one-pdf "OLD render, one page PDF"
  row old-nine-pdf "OLD render, nine-page PDF"
  row old-one-png "OLD render, one page PNG ${dpi} dpi"
  row old-pdf+png "OLD one page PDF + PNG"
fi
row ms-pdf "map2img PDF (cairo)"
row ms-png "map2img PNG ${dpi} dpi (AGG)"
row ms-pdf+png "map2img PDF + PNG"

ratio() { # name a, name b, label
  local a b; a=$(stat_of "$1") b=$(stat_of "$2")
  awk -v a="$a" -v b="$b" -v l="$3" 'BEGIN {split(a, x, " "); split(b, y, " ")
    printf "  %-40s %.2f x wall, %.2f x CPU\n", l, x[1] / y[1], x[2] / y[2]}'
}
echo "ratios (below 1: veerkracht faster):"
ratio vk-one-pdf ms-pdf "veerkracht one page PDF / map2img PDF"
ratio vk-pdf+png ms-pdf+png "veerkracht PDF + PNG / map2img PDF + PNG"
if [ -n "$old" ]; then
  ratio vk-one-pdf old-one-pdf "one page PDF, veerkracht / OLD"
  ratio vk-nine-pdf old-nine-pdf "nine-page PDF, veerkracht / OLD"
  ratio vk-one-png old-one-png "one page PNG, veerkracht / OLD"
fi
awk -v a="$(stat_of vk-one-pdf)" -v b="$(stat_of vk-nine-pdf)" 'BEGIN {
  split(a, x, " "); split(b, y, " ")
  printf "targets: one page PDF under 0.3 s: %s s (%s); nine-page PDF under" \
    " 0.5 s: %s s (%s)\n", x[1], x[1] < 0.3 ? "met" : "not met", y[1],
    y[1] < 0.5 ? "met" : "not met" }'

# Sanity: the outputs of the last round.
runs=$out/runs n=$rounds
pdf_line() { printf '%s: %s page(s) of %s pt, %s bytes' "$(basename "$1")" \
  "$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')" \
  "$(pdfinfo "$1" | awk '/^Page size:/ {print $3 "x" $5}')" "$(stat -c %s "$1")"; }
png_line() { printf '%s: %s px, %s bytes' "$(basename "$1")" \
  "$(gdalinfo "$1" | awk '/^Size is/ {print $3 $4}' | tr ',' 'x')" "$(stat -c %s "$1")"; }
echo "outputs: $(pdf_line "$runs/vk-one-$n.pdf");" \
     "$(pdf_line "$runs/vk-nine-$n.pdf"); $(png_line "$runs/vk-one-$n.png");" \
     "$(pdf_line "$runs/ms-$n.pdf"); $(png_line "$runs/ms-$n.png")"
echo "load after: $(uptime)"
