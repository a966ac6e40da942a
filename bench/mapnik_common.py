# SPDX-License-Identifier: MIT
"""What the two Mapnik peers (mapnik_frames.py, mapnik_tiles.py) share:
the joined data, the layer's colours and class rules."""
import os
import subprocess

import mapnik

# kwetsbare_bewoners (styles/kwetsbare_bewoners.yaml): OrRd, 5 classes.
COLORS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
WATER, NODATA = "#b3d1ee", "#d9d9d9"


def join(data, base, joined, t_srs=None):
    """Mapnik cannot join a CSV: writes JOINED (a GeoPackage) with the
    buurten carrying kwetsbaar_pct as v, plus wijken and gemeenten, in
    T_SRS if given. Done once, not timed."""
    if os.path.exists(joined):
        return
    reproject = ["-t_srs", t_srs] if t_srs else []
    subprocess.run(["ogr2ogr", "-f", "GPKG"] + reproject +
                   [joined, os.path.join(data, base + ".gpkg"), "buurten",
                    "wijken", "gemeenten"], check=True)
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", joined,
                    os.path.join(data, base + "-indicatoren.csv"), "-nln",
                    "ind"], check=True)
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", joined, joined,
                    "-nln", "buurten_v", "-dialect", "sqlite", "-sql",
                    "SELECT b.geom AS geom, b.buurtcode, b.gemeentecode, "
                    "b.water, CAST(REPLACE(NULLIF(NULLIF(i.kwetsbaar_pct, "
                    "'.'), ''), ',', '.') AS REAL) AS v "
                    "FROM buurten b LEFT JOIN ind i "
                    "ON i.buurtcode = b.buurtcode"], check=True)


def rule(fill=None, line=None, width=0, opacity=1.0, flt=None, other=False,
         max_scale=None, min_scale=None, gamma=None):
    """One rule: an optional filter (or the else rule), the scale
    denominators it shows between, a fill (with its gamma) and a line."""
    r = mapnik.Rule()
    if flt is not None:
        r.filter = mapnik.Expression(flt)
    if other:
        r.set_else(True)
    if max_scale is not None:
        r.max_scale = max_scale
    if min_scale is not None:
        r.min_scale = min_scale
    if fill is not None:
        ps = mapnik.PolygonSymbolizer()
        ps.fill = mapnik.Color(fill)
        if gamma is not None:
            ps.gamma = gamma
        r.symbols.append(ps)
    if line is not None:
        ls = mapnik.LineSymbolizer()
        ls.stroke = mapnik.Color(line)
        ls.stroke_width = width
        ls.stroke_opacity = opacity
        r.symbols.append(ls)
    return r


def fill_rules(breaks, **kw):
    """Water, the five classes (left closure, the last closed) and no
    data, as veerkracht classifies; kw as rule() takes them."""
    rules = [rule(WATER, flt="[water] = 'JA'", **kw)]
    for i in range(5):
        hi = "<=" if i == 4 else "<"
        rules.append(rule(COLORS[i], flt="[water] != 'JA' and [v] >= %r "
                          "and [v] %s %r" % (breaks[i], hi, breaks[i + 1]),
                          **kw))
    rules.append(rule(NODATA, other=True, **kw))
    return rules


def add_style(m, name, rules):
    st = mapnik.Style()
    for r in rules:
        st.rules.append(r)
    m.append_style(name, st)
