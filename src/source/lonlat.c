/* SPDX-License-Identifier: MIT */
/* Lon/lat boundaries and the antimeridian. A ring written across it (179
 * to -179 degrees) is made continuous on reading (179 to 181), and a set
 * is put in the window of longitudes that holds it without a cut: from the
 * middle of its widest gap, so Fiji lies at 177 .. 183 and neighbours
 * across 180 degrees share their edges (the dissolve joins them; a
 * projection centred on the data draws them whole, without a seam). Only
 * data that leave no gap (the world), and data going to a CRS whose edge
 * is the antimeridian (Web Mercator for the tiles), are split at 180
 * degrees, by GDAL's WRAPDATELINE. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>

#include "source_priv.h"

/* Longitudes further than this from where they belong are corrupt or
 * absurd; they are brought near in one step instead of turn by turn. */
#define LON_FAR 3600.0

/* Moves the points of a lon/lat ring by whole turns so that no edge spans
 * more than half a turn (an edge from 179 to -179 degrees goes on to 181),
 * starting near longitude near (NAN: where the ring starts). Returns the
 * longitude of its first point then; *moved is set when a point moved. */
static double
unwrap_ring(OGRGeometryH ring, double near, int *moved)
{
    int n = OGR_G_GetPointCount(ring), any = 0;
    double *xy, prev, first;

    if (n < 1)
        return near;
    xy = vk_xmalloc(2 * (size_t)n * sizeof *xy);
    OGR_G_GetPoints(ring, xy, 2 * sizeof *xy, xy + 1, 2 * sizeof *xy, NULL,
                    0);
    prev = isnan(near) ? xy[0] : near;
    for (int i = 0; i < n; i++) {
        double x = xy[2 * i];

        /* Far off (a corrupt 1e20, where x - 360 == x and the loops
         * would never end): whole turns in one step first. Not finite:
         * left for the area-of-use check to refuse. */
        if (!isfinite(x) || !isfinite(prev)) {
            xy[2 * i] = prev = x;
            continue;
        }
        if (fabs(x - prev) > LON_FAR)
            x -= 360 * nearbyint((x - prev) / 360);
        while (x - prev > 180)
            x -= 360;
        while (x - prev < -180)
            x += 360;
        any |= x != xy[2 * i];
        xy[2 * i] = prev = x;
    }
    if (any)
        OGR_G_SetPoints(ring, n, xy, 2 * sizeof *xy, xy + 1, 2 * sizeof *xy,
                        NULL, 0);
    *moved |= any;
    first = xy[0];
    free(xy);
    return first;
}

OGRGeometryH
vk_source_unwrap(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    OGRGeometryH c;
    OGREnvelope e;
    int np, moved = 0;

    /* Only a geometry reaching more than half a turn can have an edge
     * that does. */
    OGR_G_GetEnvelope(g, &e);
    if (e.MaxX - e.MinX <= 180 || (t != wkbPolygon && t != wkbMultiPolygon))
        return NULL;
    c = OGR_G_Clone(g);
    np = t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(c);
    for (int p = 0; p < np; p++) {
        OGRGeometryH poly = t == wkbPolygon ? c : OGR_G_GetGeometryRef(c, p);
        double at = NAN;

        /* Holes beside their shell. */
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++) {
            double first = unwrap_ring(OGR_G_GetGeometryRef(poly, r), at,
                                       &moved);

            at = r == 0 ? first : at;
        }
    }
    if (!moved) {
        OGR_G_DestroyGeometry(c);
        return NULL;
    }
    return c;
}

/* ---- the widest gap in the longitudes --------------------------------- */

/* The 1-degree bins of longitude (lon = x * deg_per_unit, any turn) the
 * polygons of fs cover, each from the west to the east end of its shell,
 * into used[360]. */
static void
lon_bins(const vk_features *fs, double deg_per_unit, unsigned char *used)
{
    const vk_geomset *g = &fs->g;

    for (size_t p = 0; p < g->npolys; p++) {
        size_t r = g->poly_off[p];
        double lo = INFINITY, hi = -INFINITY;
        long b0, b1;

        for (size_t k = g->ring_off[r]; k < g->ring_off[r + 1]; k++) {
            double lon = g->xy[2 * k] * deg_per_unit;

            lo = fmin(lo, lon);
            hi = fmax(hi, lon);
        }
        if (!(lo <= hi) || !isfinite(hi - lo))
            continue;
        b0 = lround(floor(lo + 180));
        b1 = hi - lo >= 360 ? b0 + 359 : lround(floor(hi + 180));
        for (long b = b0; b <= b1; b++)
            used[(b % 360 + 360) % 360] = 1;
    }
}

int
vk_features_lon_gap(const vk_features *fs, double deg_per_unit, double *cut)
{
    unsigned char used[360] = {0};
    int best = 0, best_end = 0, run = 0;

    lon_bins(fs, deg_per_unit, used);
    /* The longest run of empty bins, around the circle (twice over). */
    for (int i = 0; i < 720; i++) {
        run = used[i % 360] ? 0 : run + 1;
        if (run > best && run <= 360) {
            best = run;
            best_end = i;
        }
    }
    if (best == 0 || best == 360)
        return 0;
    *cut = -180 + fmod(best_end - best + 1 + best / 2.0, 360);
    return 1;
}

double
vk_lon_from(double lon, double cut)
{
    if (!isfinite(lon) || !isfinite(cut))
        return lon;
    /* As unwrap_ring: far off in one step, then turn by turn (a value
     * one turn off moves as it always did, bit for bit). */
    if (fabs(lon - cut) > LON_FAR)
        lon -= 360 * floor((lon - cut) / 360);
    while (lon < cut)
        lon += 360;
    while (lon >= cut + 360)
        lon -= 360;
    return lon;
}

/* ---- windows and cuts --------------------------------------------------- */

/* The bboxes of fs's features and its extent, from the points. */
static void
bboxes(vk_features *fs)
{
    vk_bbox_reset(&fs->extent);
    for (size_t i = 0; i < fs->n; i++) {
        vk_feature_bbox(fs, &fs->f[i]);
        vk_bbox_union(&fs->extent, &fs->f[i].bbox);
    }
}

void
vk_source_lonlat_window(vk_features *fs, double cut)
{
    vk_geomset *g = &fs->g;
    int moved = 0;

    /* A polygon lies within one window (the cut is in a gap): moved as a
     * whole, by its shell's west end. */
    for (size_t p = 0; p < g->npolys; p++) {
        size_t r = g->poly_off[p], k0 = g->ring_off[r];
        size_t k1 = g->ring_off[g->poly_off[p + 1]];
        double lo = INFINITY, d;

        for (size_t k = k0; k < g->ring_off[r + 1]; k++)
            lo = fmin(lo, g->xy[2 * k]);
        if (!isfinite(lo) || (d = vk_lon_from(lo, cut) - lo) == 0)
            continue;
        for (size_t k = k0; k < k1; k++)
            g->xy[2 * k] += d;
        moved = 1;
    }
    if (moved)
        bboxes(fs);
}

/* The polygons of feature f of fs as one OGR multipolygon. */
static OGRGeometryH
feature_geometry(const vk_features *fs, const vk_feature *f)
{
    const vk_geomset *g = &fs->g;
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);

    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);

        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            size_t k0 = g->ring_off[r], n = g->ring_off[r + 1] - k0;

            OGR_G_SetPoints(ring, (int)n, g->xy + 2 * k0, 2 * sizeof *g->xy,
                            g->xy + 2 * k0 + 1, 2 * sizeof *g->xy, NULL, 0);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        OGR_G_AddGeometryDirectly(mp, poly);
    }
    return mp;
}

/* f's polygons in fs, split at the antimeridian by GDAL's WRAPDATELINE
 * (reliable for coordinates past 180 degrees, which the rings have by
 * now), appended to out's geomset as f's. The cut is one edge along the
 * meridian, which projections curve: points a degree apart at most on it
 * (and on any edge of these rings as long). */
static void
split_feature(const vk_features *fs, vk_feature *f, vk_features *out)
{
    static const char *const opts[] = {"WRAPDATELINE=YES", NULL};
    OGRGeometryH g = feature_geometry(fs, f), w = NULL;
    OGRGeomTransformerH tr = OGR_GeomTransformer_Create(NULL,
                                                        (CSLConstList)opts);

    if (tr != NULL) {
        w = OGR_GeomTransformer_Transform(tr, g);
        OGR_GeomTransformer_Destroy(tr);
    }
    if (w != NULL)
        OGR_G_Segmentize(w, 1.0);
    f->poly_first = out->g.npolys;
    f->poly_count = 0;
    vk_bbox_reset(&f->bbox);
    vk_source_add_geometry(out, f, w != NULL ? w : g);
    OGR_G_DestroyGeometry(w);
    OGR_G_DestroyGeometry(g);
}

void
vk_features_wrap_dateline(vk_features *fs)
{
    vk_features out;
    const vk_geomset *g = &fs->g;
    int any = 0;

    for (size_t i = 0; i < fs->n && !any; i++)
        any = !vk_bbox_empty(&fs->f[i].bbox) &&
              (fs->f[i].bbox.minx < -180 || fs->f[i].bbox.maxx > 180);
    if (!any)
        return;
    /* A new geomset: every feature copied, those past 180 split. */
    memset(&out, 0, sizeof out);
    vk_geomset_reserve(&out.g, g->npts);
    for (size_t i = 0; i < fs->n; i++) {
        vk_feature *f = &fs->f[i];

        if (!vk_bbox_empty(&f->bbox) &&
            (f->bbox.minx < -180 || f->bbox.maxx > 180)) {
            split_feature(fs, f, &out);
            continue;
        }
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count;
             p++) {
            for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
                size_t k0 = g->ring_off[r], n = g->ring_off[r + 1] - k0;

                memcpy(vk_geomset_add_points(&out.g, n), g->xy + 2 * k0,
                       2 * n * sizeof *g->xy);
                vk_geomset_end_ring(&out.g);
            }
            vk_geomset_end_poly(&out.g);
        }
        f->poly_first = out.g.npolys - f->poly_count;
    }
    vk_geomset_free(&fs->g);
    fs->g = out.g;
    bboxes(fs);
}
