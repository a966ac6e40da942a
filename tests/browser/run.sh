#!/bin/sh
# SPDX-License-Identifier: MIT
# The viewer in headless Chromium (CTest test "browser"): makes the sample
# atlas and tile pyramid with `veerkracht atlas` and `veerkracht tiles
# --atlas` into a scratch folder, writes the
# sample's buurten as they are in lon/lat beside it (ogr2ogr: the reference
# for hovering near edges, apart from the viewer's simplified copy), the
# same tiles as PMTiles archives alone (--pmtiles --no-dir) and a layer of
# several years (the year slider), then runs viewer.test.mjs on them.
#   tests/browser/run.sh BUILD_DIR
# Exit 0 passed, 1 failed (including a missing tool: node, ogr2ogr, a build
# whose `veerkracht tiles` does not run).
set -u

build=${1:?usage: tests/browser/run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vk=$(cd "$build" && pwd)/veerkracht

if ! "$vk" tiles --help >/dev/null 2>&1; then
    echo "browser: '$vk tiles --help' failed; build veerkracht first (cmake --build $build)" >&2
    exit 1
fi
if ! command -v node >/dev/null 2>&1; then
    echo "browser: node not found; install the Debian packages nodejs and npm (make bootstrap)" >&2
    exit 1
fi
if ! command -v ogr2ogr >/dev/null 2>&1; then
    echo "browser: ogr2ogr not found; install the Debian package gdal-bin (make bootstrap)" >&2
    exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/pmtiles" ]; then
    echo "browser: $here/node_modules is missing; run: npm ci --prefix tests/browser --no-audit --no-fund (make test does)" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vk-browser.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
out=$work/tiles

cd "$root" || exit 1
# The atlas first (PDFs only), inside the tile folder so the page's links
# to it are served; a basemap URL the test server answers.
if ! "$vk" atlas --boundaries samples/regio.gpkg \
        --table samples/indicatoren.csv --table samples/leefbaarometer.csv \
        --styles styles --format pdf --out "$out/atlas" 2>"$work/atlas.log"; then
    cat "$work/atlas.log" >&2
    echo "browser: veerkracht atlas failed" >&2
    exit 1
fi
if ! "$vk" tiles --boundaries samples/regio.gpkg \
        --table samples/indicatoren.csv --table samples/leefbaarometer.csv \
        --styles styles --zoom 10-13 --out "$out" --pmtiles --atlas "$out/atlas" \
        --basemap 'basemap/{z}/{x}/{y}.png' \
        --basemap-attribution 'Achtergrond: testkaart'; then
    echo "browser: veerkracht tiles failed" >&2
    exit 1
fi
# The same as archives alone: the viewer reads the layers from them.
if ! "$vk" tiles --boundaries samples/regio.gpkg \
        --table samples/indicatoren.csv --table samples/leefbaarometer.csv \
        --styles styles --zoom 10-13 --out "$work/archives" --pmtiles \
        --no-dir --quiet; then
    echo "browser: veerkracht tiles --pmtiles --no-dir failed" >&2
    exit 1
fi
# A layer of several years (the style's years:) beside one of none: the
# year slider.
if ! "$vk" tiles --boundaries samples/regio.gpkg \
        --table samples/indicatoren.csv --table samples/leefbaarometer.csv \
        --style styles/kwetsbare_bewoners.yaml \
        --style samples/styles/overlast_jaren.yaml --zoom 10-12 \
        --out "$work/years" --quiet; then
    echo "browser: veerkracht tiles of a layer of years failed" >&2
    exit 1
fi
# Outside the served folder: the page must not see it.
if ! ogr2ogr -f GeoJSON -t_srs EPSG:4326 "$work/original.geojson" \
        samples/regio.gpkg buurten; then
    echo "browser: ogr2ogr of samples/regio.gpkg buurten failed" >&2
    exit 1
fi
node "$here/viewer.test.mjs" "$out" "$work/original.geojson" "$work/archives" \
    "$work/years"
