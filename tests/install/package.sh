#!/bin/sh
# SPDX-License-Identifier: MIT
# cpack -G DEB builds the package; its Depends come from dpkg-shlibdeps;
# extracted into a temporary root (dpkg-deb -x), its binary draws the
# sample's ten pages with its own styles from a folder without styles/.
# usage: package.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1 build=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vk-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "package: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps pdfinfo pdftotext; do
  command -v $tool >/dev/null 2>&1 ||
    fail "$tool is missing (Debian packages: cmake, dpkg-dev, poppler-utils)"
done

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" \
  > "$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/pkg/veerkracht_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack made no veerkracht_*.deb"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libgdal libcairo2 libpango-1.0 libgeos-c libproj libc6 libjs-leaflet; do
  echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib: $depends"
done

dpkg-deb -x "$deb" "$tmp/root"
vk=$tmp/root/usr/bin/veerkracht
[ -x "$vk" ] || fail "no usr/bin/veerkracht in $deb"
[ -f "$tmp/root/usr/share/veerkracht/styles/focuskaart.yaml" ] ||
  fail "no styles in $deb"
[ -f "$tmp/root/usr/share/man/man1/veerkracht-render.1" ] ||
  fail "no manual pages in $deb"
mkdir "$tmp/work"
cd "$tmp/work"
"$vk" render --boundaries "$src/samples/regio.gpkg" \
  --table "$src/samples/indicatoren.csv" \
  --table "$src/samples/leefbaarometer.csv" --area GM0981 \
  --out kaarten.pdf 2> render.log || { cat render.log >&2; fail "render failed"; }
pages=$(pdfinfo kaarten.pdf | sed -n 's/^Pages: *//p')
[ "$pages" = 10 ] || fail "the PDF has $pages pages, not 10"
pdftotext kaarten.pdf - | grep -q "Focuskaart" || fail "no Focuskaart page"
pdftotext kaarten.pdf - | grep -q "in 5 van 5 metingen" ||
  fail "no Structureel zwakke leefbaarheid page"
echo "package: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KiB, Depends: $depends)"
