#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer in bench/atlas.sh: Mapnik draws the map frames of a sample of
gemeenten (one layer, kwetsbare_bewoners: the same breaks, colours and
outlines as veerkracht) as PDF pages in one persistent process.

usage: mapnik_frames.py DATA_DIR OUT_DIR BREAKS_JSON [N_GEMEENTEN]
Prints one line: "mapnik: N frames in S s wall, C s CPU, F frames/s".
"""
import json
import os
import resource
import subprocess
import sys
import time

import mapnik

data, out, breaks_json = sys.argv[1], sys.argv[2], sys.argv[3]
n_gm = int(sys.argv[4]) if len(sys.argv) > 4 else 30
os.makedirs(out, exist_ok=True)

# Mapnik cannot join a CSV: put the value on the buurten first (not timed).
joined = os.path.join(out, "joined.gpkg")
if not os.path.exists(joined):
    subprocess.run(["ogr2ogr", "-f", "GPKG", joined,
                    os.path.join(data, "nl.gpkg"), "buurten", "wijken",
                    "gemeenten"], check=True)
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", joined,
                    os.path.join(data, "nl-indicatoren.csv"), "-nln", "ind",
                    "-oo", "SEPARATOR=SEMICOLON"], check=True)
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", joined, joined,
                    "-nln", "buurten_v", "-dialect", "sqlite", "-sql",
                    "SELECT b.geom AS geom, b.buurtcode, b.gemeentecode, "
                    "b.water, CAST(REPLACE(NULLIF(NULLIF(i.kwetsbaar_pct, "
                    "'.'), ''), ',', '.') AS REAL) AS v "
                    "FROM buurten b LEFT JOIN ind i "
                    "ON i.buurtcode = b.buurtcode"], check=True)

br = json.load(open(breaks_json))["breaks"]
colors = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]

# RD New as a PROJ string (this Mapnik takes no "+init="); the map and the
# layers share it, so nothing is reprojected.
RD = ("+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 "
      "+k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel "
      "+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 "
      "+units=m +no_defs")
m = mapnik.Map(1, 1, RD)
m.background = mapnik.Color("white")


def add_style(name, rules):
    st = mapnik.Style()
    for r in rules:
        st.rules.append(r)
    m.append_style(name, st)


def poly_rule(fill, line, width, flt=None, other=False):
    r = mapnik.Rule()
    if flt is not None:
        r.filter = mapnik.Expression(flt)
    if other:
        r.set_else(True)
    if fill is not None:
        ps = mapnik.PolygonSymbolizer()
        ps.fill = mapnik.Color(fill)
        r.symbols.append(ps)
    if line is not None:
        ls = mapnik.LineSymbolizer()
        ls.stroke = mapnik.Color(line)
        ls.stroke_width = width
        r.symbols.append(ls)
    return r


# Buurten by class (left closure, last class closed), water, no data; the
# buurt outline white as veerkracht's 0.25 pt.
rules = [poly_rule("#b3d1ee", "white", 0.35, "[water] = 'JA'")]
for i in range(5):
    hi = "<=" if i == 4 else "<"
    rules.append(poly_rule(colors[i], "white", 0.35,
                           "[water] != 'JA' and [v] >= %r and [v] %s %r"
                           % (br[i], hi, br[i + 1])))
rules.append(poly_rule("#d9d9d9", "white", 0.35, other=True))
add_style("buurten", rules)
add_style("wijken", [poly_rule(None, "#555555", 1.1)])
add_style("gemeenten", [poly_rule(None, "#222222", 2.2)])

for layer, style in (("buurten_v", "buurten"), ("wijken", "wijken"),
                     ("gemeenten", "gemeenten")):
    ly = mapnik.Layer(style, RD)
    ly.datasource = mapnik.Ogr(file=joined, layer=layer)
    ly.styles.append(style)
    m.layers.append(ly)

# The gemeenten to draw: every k-th, with their extents.
gm = mapnik.Ogr(file=joined, layer="gemeenten")
feats = sorted(gm.all_features(), key=lambda f: f["gemeentecode"])
step = max(1, len(feats) // n_gm)
sample = feats[::step][:n_gm]

# The A4 portrait map frame of veerkracht: 523 x 708 pt.
m.resize(523, 708)
t0, c0 = time.time(), resource.getrusage(resource.RUSAGE_SELF)
for f in sample:
    e = f.envelope()
    dx, dy = e.width() * 0.04, e.height() * 0.04
    m.zoom_to_box(mapnik.Box2d(e.minx - dx, e.miny - dy, e.maxx + dx,
                               e.maxy + dy))
    mapnik.render_to_file(m, os.path.join(out, f["gemeentecode"] + ".pdf"),
                          "pdf")
t1, c1 = time.time(), resource.getrusage(resource.RUSAGE_SELF)
cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
print("mapnik: %d frames in %.2f s wall, %.2f s CPU, %.2f frames/s"
      % (len(sample), t1 - t0, cpu, len(sample) / (t1 - t0)))
