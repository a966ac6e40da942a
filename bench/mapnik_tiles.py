#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer in bench/tiles.sh: Mapnik renders web tiles of one layer
(kwetsbare_bewoners: the same breaks, colours and per-zoom outlines as
veerkracht tiles) in one persistent process, the usual way: 8 x 8
metatiles of 256 px with a buffer, cut into tiles, each encoded as PNG8
("png256") and written to DIR/z/x/y.png. Every STEP-th metatile of each
zoom is rendered, so the time stays bounded; the rate is per tile.

usage: mapnik_tiles.py DATA_DIR OUT_DIR BREAKS_JSON ZMIN ZMAX [STEP] [BASE]
BASE is the file name stem in DATA_DIR (default "nl": nl.gpkg,
nl-indicatoren.csv). Prints one line:
"mapnik: N tiles (M metatiles) in S s wall, C s CPU, R tiles/s".
"""
import json
import math
import os
import resource
import sys
import time

import mapnik

import mapnik_common as mc

data, out, breaks_json = sys.argv[1], sys.argv[2], sys.argv[3]
zmin, zmax = int(sys.argv[4]), int(sys.argv[5])
step = int(sys.argv[6]) if len(sys.argv) > 6 else 1
base = sys.argv[7] if len(sys.argv) > 7 else "nl"
os.makedirs(out, exist_ok=True)

# The value on the buurten, everything in Web Mercator once, as
# veerkracht does (not timed).
joined = os.path.join(out, "joined-3857.gpkg")
mc.join(data, base, joined, "EPSG:3857")

br = json.load(open(breaks_json))["breaks"]
MERC = ("+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 "
        "+k=1 +units=m +nadgrids=@null +wktext +no_defs")
HALF = 20037508.342789244
TILE, META, BUF = 256, 8, 8
m = mapnik.Map(TILE * META, TILE * META, MERC)
m.buffer_size = BUF


def denom(z):
    """Scale denominator halfway between zoom z-1 and z (OGC 0.28 mm px)."""
    return 559082264.028 / 2 ** (z - 0.5)


def rule(minzoom=None, maxzoom=None, **kw):
    """mapnik_common.rule between zoom levels minzoom and maxzoom."""
    return mc.rule(max_scale=denom(minzoom) if minzoom is not None else None,
                   min_scale=(denom(maxzoom + 1) if maxzoom is not None
                              else None), **kw)


# Fills by class, water, no data; gamma 0: no anti-aliased seams between
# neighbours.
fills = mc.fill_rules(br, gamma=0.0)
mc.add_style(m, "fills", fills)
# Outlines as veerkracht draws them (src/tiles/raster.c).
mc.add_style(m, "buurt_lines", [rule(line="white", width=1.0, opacity=0.8,
                           minzoom=11)])
mc.add_style(m, "wijk_lines", [rule(line="#555555", width=1.0, minzoom=10)])
mc.add_style(m, "gm_lines", [rule(line="#222222", width=1.0, maxzoom=10),
                   rule(line="#222222", width=2.0, minzoom=11)])
for layer, st in (("buurten_v", "fills"), ("buurten_v", "buurt_lines"),
                  ("wijken", "wijk_lines"), ("gemeenten", "gm_lines")):
    ly = mapnik.Layer(layer + "-" + st, MERC)
    ly.datasource = mapnik.Ogr(file=joined, layer=layer)
    ly.styles.append(st)
    m.layers.append(ly)

ext = mapnik.Ogr(file=joined, layer="buurten_v").envelope()


def tile_index(v, n):
    return max(0, min(n - 1, int(math.floor(v))))


t0, c0 = time.time(), resource.getrusage(resource.RUSAGE_SELF)
ntiles = nmeta = nblank = 0
im = mapnik.Image(TILE * META, TILE * META)
for z in range(zmin, zmax + 1):
    n = 2 ** z
    k = n / (2 * HALF)
    x0 = tile_index((ext.minx + HALF) * k, n)
    x1 = tile_index((ext.maxx + HALF) * k, n)
    y0 = tile_index((HALF - ext.maxy) * k, n)
    y1 = tile_index((HALF - ext.miny) * k, n)
    metas = [(mx, my) for my in range(y0 // META, y1 // META + 1)
             for mx in range(x0 // META, x1 // META + 1)]
    for mx, my in metas[::step]:
        nx = min(META, n - mx * META)
        ny = min(META, n - my * META)
        size = 2 * HALF / n
        if (nx, ny) != (m.width // TILE, m.height // TILE):
            m.resize(nx * TILE, ny * TILE)
            im = mapnik.Image(nx * TILE, ny * TILE)
        minx = -HALF + mx * META * size
        maxy = HALF - my * META * size
        m.zoom_to_box(mapnik.Box2d(minx, maxy - ny * size, minx + nx * size,
                                   maxy))
        # render() paints over what the image holds: start transparent.
        im.clear()
        mapnik.render(m, im)
        nmeta += 1
        for ty in range(ny):
            for tx in range(nx):
                x, y = mx * META + tx, my * META + ty
                if not (x0 <= x <= x1 and y0 <= y <= y1):
                    continue
                v = im.view(tx * TILE, ty * TILE, TILE, TILE)
                # Blank tiles (outside every feature) are not written, as
                # veerkracht does: both write the same set of tiles.
                if v.is_solid() and v.tostring()[3:4] == b"\0":
                    nblank += 1
                    continue
                d = os.path.join(out, str(z), str(x))
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "%d.png" % y), "wb") as f:
                    f.write(v.tostring("png256"))
                ntiles += 1
t1, c1 = time.time(), resource.getrusage(resource.RUSAGE_SELF)
cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
print("mapnik: %d tiles written, %d blank skipped (%d metatiles, every "
      "%d-th) in %.2f s wall, %.2f s CPU, %.1f tiles/s"
      % (ntiles, nblank, nmeta, step, t1 - t0, cpu,
         ntiles / max(t1 - t0, 1e-9)))
