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
import sys
import time

import mapnik

import mapnik_common as mc

data, out, breaks_json = sys.argv[1], sys.argv[2], sys.argv[3]
n_gm = int(sys.argv[4]) if len(sys.argv) > 4 else 30
os.makedirs(out, exist_ok=True)

# The value on the buurten (not timed).
joined = os.path.join(out, "joined.gpkg")
mc.join(data, "nl", joined)

br = json.load(open(breaks_json))["breaks"]

# RD New as a PROJ string (this Mapnik takes no "+init="); the map and the
# layers share it, so nothing is reprojected.
RD = ("+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 "
      "+k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel "
      "+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 "
      "+units=m +no_defs")
m = mapnik.Map(1, 1, RD)
m.background = mapnik.Color("white")


# Buurten by class, water, no data; the buurt outline white as
# veerkracht's 0.25 pt.
mc.add_style(m, "buurten", mc.fill_rules(br, line="white", width=0.35))
mc.add_style(m, "wijken", [mc.rule(line="#555555", width=1.1)])
mc.add_style(m, "gemeenten", [mc.rule(line="#222222", width=2.2)])

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
