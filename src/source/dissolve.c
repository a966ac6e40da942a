/* SPDX-License-Identifier: MIT */
/* Wijken and gemeenten dissolved from buurten with GEOS when the source has
 * no layers for them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "source_priv.h"

static void
geos_message(const char *fmt, ...)
{
    /* GEOS notices are not errors of ours; the NULL result is checked. */
    (void)fmt;
}

GEOSContextHandle_t
vk_source_geos_init(void)
{
    GEOSContextHandle_t h = GEOS_init_r();

    GEOSContext_setNoticeHandler_r(h, geos_message);
    GEOSContext_setErrorHandler_r(h, geos_message);
    return h;
}

static const char *
group_key(const vk_feature *f, vk_level level)
{
    const char *k = level == VK_LEVEL_WIJK ? f->wijkcode : f->gemeentecode;

    return k != NULL ? k : "";
}

static GEOSGeometry *
ring_to_geos(GEOSContextHandle_t h, const vk_geomset *g, size_t r)
{
    size_t a = g->ring_off[r], n = g->ring_off[r + 1] - a;
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(h, g->xy + 2 * a,
                                                          (unsigned)n, 0, 0);

    return cs ? GEOSGeom_createLinearRing_r(h, cs) : NULL;
}

/* A polygon of the set in GEOS, or NULL when a ring is too degenerate
 * for GEOS (fewer than four points). */
GEOSGeometry *
vk_source_poly_to_geos(GEOSContextHandle_t h, const vk_geomset *g, size_t p)
{
    size_t r0 = g->poly_off[p], nr = g->poly_off[p + 1] - r0, nh = 0;
    GEOSGeometry *shell = ring_to_geos(h, g, r0);
    GEOSGeometry **holes = vk_xcalloc(nr, sizeof *holes);
    GEOSGeometry *poly = NULL;
    int bad = shell == NULL;

    for (size_t i = 1; i < nr; i++)
        if ((holes[nh] = ring_to_geos(h, g, r0 + i)) != NULL)
            nh++;
        else
            bad = 1;
    if (!bad)
        poly = GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)nh);
    if (poly == NULL) {
        if (shell != NULL)
            GEOSGeom_destroy_r(h, shell);
        for (size_t i = 0; i < nh; i++)
            GEOSGeom_destroy_r(h, holes[i]);
    }
    free(holes);
    return poly;
}

static void
add_ring(vk_features *fs, vk_feature *f, GEOSContextHandle_t h,
         const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;

    GEOSCoordSeq_getSize_r(h, cs, &n);
    for (unsigned i = 0; i < n; i++) {
        double x, y;

        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        vk_geomset_add_point(&fs->g, x, y);
        vk_bbox_add(&f->bbox, x, y);
    }
    vk_geomset_end_ring(&fs->g);
}

/* Appends the polygons of a (multi)polygon result to feature f. */
static void
add_from_geos(vk_features *fs, vk_feature *f, GEOSContextHandle_t h,
              const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(h, g);

    if (t == GEOS_POLYGON) {
        int nh = GEOSGetNumInteriorRings_r(h, g);

        if (GEOSisEmpty_r(h, g))
            return;
        add_ring(fs, f, h, GEOSGetExteriorRing_r(h, g));
        for (int i = 0; i < nh; i++)
            add_ring(fs, f, h, GEOSGetInteriorRingN_r(h, g, i));
        vk_geomset_end_poly(&fs->g);
        f->poly_count++;
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);

        for (int i = 0; i < n; i++)
            add_from_geos(fs, f, h, GEOSGetGeometryN_r(h, g, i));
    }
}

/* The most vertices one wijk or gemeente may have for the union: GEOS's
 * coverage union takes about 1.2 kB per vertex (a million vertices: 1.2 GB
 * and 33 s), so this bounds it near 2.5 GB. Real CBS gemeenten stay well
 * below it. */
#define DISSOLVE_MAX_VERTICES 2000000

static size_t
group_vertices(const vk_features *b, const vk_keyed *idx, size_t n)
{
    size_t nv = 0;

    for (size_t i = 0; i < n; i++) {
        const vk_feature *f = &b->f[idx[i].idx];
        size_t r0 = b->g.poly_off[f->poly_first];
        size_t r1 = b->g.poly_off[f->poly_first + f->poly_count];

        nv += b->g.ring_off[r1] - b->g.ring_off[r0];
    }
    return nv;
}

/* Appends a copy of the polygons of buurt bf to feature f. */
static void
copy_polys(vk_features *fs, vk_feature *f, const vk_features *b,
           const vk_feature *bf)
{
    const vk_geomset *g = &b->g;

    for (size_t p = bf->poly_first; p < bf->poly_first + bf->poly_count;
         p++) {
        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            for (size_t i = g->ring_off[r]; i < g->ring_off[r + 1]; i++) {
                vk_geomset_add_point(&fs->g, g->xy[2 * i], g->xy[2 * i + 1]);
                vk_bbox_add(&f->bbox, g->xy[2 * i], g->xy[2 * i + 1]);
            }
            vk_geomset_end_ring(&fs->g);
        }
        vk_geomset_end_poly(&fs->g);
        f->poly_count++;
    }
}

/* Unions the buurten idx[0..n-1]: a coverage union (exact shared edges, as
 * in CBS data) when possible, else a full overlay union. */
static GEOSGeometry *
union_group(GEOSContextHandle_t h, const vk_features *b, const vk_keyed *idx,
            size_t n)
{
    size_t np = 0, k = 0;
    GEOSGeometry **parts, *coll, *u;
    int bad = 0;

    for (size_t i = 0; i < n; i++)
        np += b->f[idx[i].idx].poly_count;
    parts = vk_xcalloc(np ? np : 1, sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        const vk_feature *f = &b->f[idx[i].idx];

        for (size_t p = 0; p < f->poly_count; p++)
            if ((parts[k] = vk_source_poly_to_geos(h, &b->g,
                                                   f->poly_first + p)) != NULL)
                k++;
            else
                bad = 1;
    }
    coll = bad ? NULL
               : GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
                                             (unsigned)k);
    if (coll == NULL)
        for (size_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    if (coll == NULL)
        return NULL;
    u = GEOSCoverageUnion_r(h, coll);
    if (u == NULL || !GEOSisValid_r(h, u)) {
        if (u != NULL)
            GEOSGeom_destroy_r(h, u);
        u = GEOSUnaryUnion_r(h, coll);
    }
    GEOSGeom_destroy_r(h, coll);
    return u;
}

/* 1 when some buurt has the column a level groups by: without one there
 * are no wijken (or gemeenten) to draw. */
static int
has_groups(const vk_features *b, vk_level level)
{
    for (size_t i = 0; i < b->n; i++)
        if ((level == VK_LEVEL_WIJK ? b->f[i].wijkcode
                                    : b->f[i].gemeentecode) != NULL)
            return 1;
    return 0;
}

/* The outline of the group of buurten idx[0..n-1] into f: their union,
 * else (said in fs's warnings) the buurten's own outlines. Returns 0, or
 * -1 with err set when the group is too large to dissolve. */
static int
dissolve_group(GEOSContextHandle_t h, vk_features *fs, vk_feature *f,
               const vk_features *b, const vk_keyed *idx, size_t n,
               vk_level level, vk_error *err)
{
    const char *what = level == VK_LEVEL_WIJK ? "wijk" : "gemeente";
    GEOSGeometry *u;

    /* A parent of one buurt is that buurt: no union, whose memory grows
     * with ~1 kB per vertex in GEOS (a million-vertex buurt needed
     * 1.2 GB). The buurt is valid: read repaired it. */
    if (n == 1) {
        copy_polys(fs, f, b, &b->f[idx[0].idx]);
        return 0;
    }
    if (group_vertices(b, idx, n) > DISSOLVE_MAX_VERTICES) {
        VK_FAIL_AT(err, VK_EDATA, b->path, 0,
                   "the buurten of %s \"%s\" have %zu vertices, too many "
                   "to dissolve (at most %d)", what, f->code,
                   group_vertices(b, idx, n), DISSOLVE_MAX_VERTICES);
        vk_error_hint(err, "add wijken and gemeenten layers to the file, "
                      "or simplify the buurten (e.g. ogr2ogr -simplify "
                      "0.5)");
        return -1;
    }
    if (group_vertices(b, idx, n) == 0)
        return 0; /* no geometry at all, said when read */
    if ((u = union_group(h, b, idx, n)) != NULL) {
        add_from_geos(fs, f, h, u);
        GEOSGeom_destroy_r(h, u);
    }
    /* Degenerate rings (a simplified edition) can defeat both unions:
     * one wijk or gemeente does not stop the rest. */
    if (u == NULL || f->poly_count == 0) {
        vk_warnings_add(&fs->warnings, "%s: cannot dissolve the buurten of "
                        "%s \"%s\"; its outline is drawn as its buurten's",
                        b->path, what, f->code);
        for (size_t i = 0; i < n; i++)
            copy_polys(fs, f, b, &b->f[idx[i].idx]);
    }
    return 0;
}

vk_features *
vk_source_dissolve(const vk_features *b, vk_level level, vk_error *err)
{
    GEOSContextHandle_t h = vk_source_geos_init();
    vk_features *fs = vk_xcalloc(1, sizeof *fs);
    vk_keyed *idx = vk_xcalloc(b->n ? b->n : 1, sizeof *idx);
    size_t n = has_groups(b, level) ? b->n : 0;

    fs->path = vk_xstrdup(b->path);
    fs->layer = vk_xstrdup(level == VK_LEVEL_WIJK
                               ? "wijken (dissolved from buurten)"
                               : "gemeenten (dissolved from buurten)");
    vk_features_copy_crs(fs, b);
    vk_bbox_reset(&fs->extent);

    /* Group the buurten by parent code, in code order. */
    for (size_t i = 0; i < n; i++)
        idx[i] = (vk_keyed){group_key(&b->f[i], level), i};
    vk_keyed_sort(idx, n);

    for (size_t s = 0; s < n;) {
        const char *key = idx[s].key;
        const vk_feature *first = &b->f[idx[s].idx];
        size_t e = s;
        vk_feature *f;

        while (e < n && strcmp(idx[e].key, key) == 0)
            e++;
        f = vk_features_append(fs);
        f->code = vk_xstrdup(key);
        f->gemeentecode = vk_xstrdup(first->gemeentecode);
        f->gemeentenaam = vk_xstrdup(first->gemeentenaam);
        if (level == VK_LEVEL_GEMEENTE)
            f->name = vk_xstrdup(f->gemeentenaam);
        f->inwoners = 0;
        f->water = 1;
        for (size_t i = s; i < e; i++) {
            const vk_feature *bf = &b->f[idx[i].idx];

            if (!isnan(bf->inwoners))
                f->inwoners += bf->inwoners;
            f->water &= bf->water;
        }
        if (dissolve_group(h, fs, f, b, idx + s, e - s, level, err) != 0)
            break;
        vk_bbox_union(&fs->extent, &f->bbox);
        s = e;
    }
    free(idx);
    GEOS_finish_r(h);
    if (err->code != VK_OK) {
        vk_features_destroy(fs);
        return NULL;
    }
    return fs;
}

/* Area of a ring by the shoelace formula (absolute value). */
static double
ring_area(const vk_geomset *g, size_t r)
{
    double a = 0;

    for (size_t p = g->ring_off[r]; p + 1 < g->ring_off[r + 1]; p++)
        a += g->xy[2 * p] * g->xy[2 * p + 3] - g->xy[2 * p + 2] *
             g->xy[2 * p + 1];
    return fabs(a) / 2;
}

int
vk_source_interior_point_r(GEOSContextHandle_t h, const vk_features *fs,
                           size_t i, double *x, double *y)
{
    const vk_feature *f = &fs->f[i];
    GEOSGeometry *poly, *pt;
    size_t best = 0;
    double best_area = -1;
    int ok;

    if (f->poly_count == 0)
        return 0;
    /* The shell of the largest polygon decides. */
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        double a = ring_area(&fs->g, fs->g.poly_off[p]);

        if (a > best_area) {
            best_area = a;
            best = p;
        }
    }
    poly = vk_source_poly_to_geos(h, &fs->g, best);
    pt = poly ? GEOSPointOnSurface_r(h, poly) : NULL;
    ok = pt != NULL && GEOSGeomGetX_r(h, pt, x) == 1 &&
         GEOSGeomGetY_r(h, pt, y) == 1;
    if (pt)
        GEOSGeom_destroy_r(h, pt);
    if (poly)
        GEOSGeom_destroy_r(h, poly);
    return ok;
}

vk_status
vk_features_interior_point(const vk_features *fs, size_t i, double *x,
                           double *y, vk_error *err)
{
    const vk_feature *f = &fs->f[i];
    GEOSContextHandle_t h;
    int ok;

    if (f->poly_count == 0) {
        VK_FAIL_AT(err, VK_EDATA, fs->path, 0, "%s has no area", f->code);
        vk_error_feature(err, f->fid);
        return err->code;
    }
    h = vk_source_geos_init();
    ok = vk_source_interior_point_r(h, fs, i, x, y);
    GEOS_finish_r(h);
    if (!ok) {
        VK_FAIL_AT(err, VK_EDATA, fs->path, 0, "no interior point for %s "
                   "(invalid geometry?)", f->code);
        vk_error_feature(err, f->fid);
        return err->code;
    }
    return VK_OK;
}
