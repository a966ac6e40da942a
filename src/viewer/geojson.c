/* SPDX-License-Identifier: MIT */
/* buurten.geojson for the viewer: the buurten simplified, in lon/lat. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vk/geo.h"
#include "viewer_priv.h"

/* Metres in a degree of latitude: the tolerance of a lon/lat source. */
#define M_PER_DEG 111320.0

/* Squared distance of p from the segment a-b. */
static double
seg_dist2(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], t, ex, ey;
    double len2 = dx * dx + dy * dy;

    t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    ex = a[0] + t * dx - p[0];
    ey = a[1] + t * dy - p[1];
    return ex * ex + ey * ey;
}

/* Douglas-Peucker over the closed ring xy[0..n) (n >= 4, first == last):
 * marks the points to keep in keep[]. The ring is split at its first point
 * and the point farthest from it so a closed ring has a baseline. Uses an
 * explicit stack of index pairs (no recursion depth limit). */
static void
douglas_peucker(const double *xy, size_t n, double tol, unsigned char *keep)
{
    size_t far = 0, *stack, top = 0;
    double best = -1;

    memset(keep, 0, n);
    keep[0] = keep[n - 1] = 1;
    for (size_t i = 1; i < n - 1; i++) {
        double dx = xy[2 * i] - xy[0], dy = xy[2 * i + 1] - xy[1];

        if (dx * dx + dy * dy > best) {
            best = dx * dx + dy * dy;
            far = i;
        }
    }
    if (far == 0)
        return;
    keep[far] = 1;
    stack = vk_xreallocarray(NULL, 2 * n, sizeof *stack);
    stack[top++] = 0;
    stack[top++] = far;
    stack[top++] = far;
    stack[top++] = n - 1;
    while (top > 0) {
        size_t b = stack[--top], a = stack[--top], m = 0;
        double dmax = -1;

        for (size_t i = a + 1; i < b; i++) {
            double d = seg_dist2(&xy[2 * i], &xy[2 * a], &xy[2 * b]);

            if (d > dmax) {
                dmax = d;
                m = i;
            }
        }
        if (m != 0 && dmax > tol * tol) {
            keep[m] = 1;
            stack[top++] = a;
            stack[top++] = m;
            stack[top++] = m;
            stack[top++] = b;
        }
    }
    free(stack);
}

/* The tolerance in the units of fs for tol_m metres on the ground: degrees
 * of latitude for lon/lat; Web Mercator metres are 1 / cos(latitude)
 * ground metres (1.6 in the Netherlands); other projected CRSs, their
 * linear unit (feet, metres). */
static double
tolerance(const vk_features *fs, double tol_m)
{
    const double r_m = 6378137.0; /* the sphere of Web Mercator */
    double lat;

    if (fs->crs_geographic)
        return tol_m / M_PER_DEG;
    if (fs->crs_name == NULL || strcmp(fs->crs_name, "EPSG:3857") != 0 ||
        vk_bbox_empty(&fs->extent))
        return tol_m / vk_features_unit_m(fs);
    lat = atan(sinh((fs->extent.miny + fs->extent.maxy) / 2 / r_m));
    return tol_m / cos(lat);
}

/* A copy of fs's geometry, each ring simplified; rings that would fall
 * below four points keep all theirs. Strings are not copied: the caller
 * reads them from fs (same feature order). */
static vk_features *
simplified_copy(const vk_features *fs, double tol_m)
{
    vk_features *c = vk_xcalloc(1, sizeof *c);
    const vk_geomset *g = &fs->g;
    double tol = tolerance(fs, tol_m);
    unsigned char *keep = NULL;
    size_t cap = 0;

    c->path = vk_xstrdup(fs->path ? fs->path : "buurten");
    vk_features_copy_crs(c, fs);
    if (c->crs_name == NULL)
        c->crs_name = vk_xstrdup("?");
    c->n = fs->n;
    c->f = vk_xcalloc(fs->n ? fs->n : 1, sizeof *c->f);
    c->g.poly_off = vk_xcalloc(1, sizeof *c->g.poly_off);
    c->g.ring_off = vk_xcalloc(1, sizeof *c->g.ring_off);
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        c->f[i].fid = f->fid;
        c->f[i].poly_first = c->g.npolys;
        c->f[i].poly_count = f->poly_count;
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count;
             p++) {
            for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
                const double *xy = &g->xy[2 * g->ring_off[r]];
                size_t n = g->ring_off[r + 1] - g->ring_off[r], kept = 0;

                if (n > cap) {
                    cap = n;
                    keep = vk_xreallocarray(keep, cap, 1);
                }
                if (n >= 4)
                    douglas_peucker(xy, n, tol, keep);
                for (size_t k = 0; k < n; k++)
                    kept += n < 4 || keep[k];
                for (size_t k = 0; k < n; k++)
                    if (kept < 4 || keep[k])
                        vk_geomset_add_point(&c->g, xy[2 * k], xy[2 * k + 1]);
                vk_geomset_end_ring(&c->g);
            }
            vk_geomset_end_poly(&c->g);
        }
    }
    free(keep);
    return c;
}

/* v with at most 5 decimals (~1 m), trailing zeros dropped, "-0" written
 * as "0", into out (24 bytes will do for |v| < 1e12); returns the length.
 * round(v * 1e5) printed as an integer with a decimal point: exact and
 * the same on every platform, and several times faster than printf. */
static size_t
format_coord(char *out, double v)
{
    long long n = llround(v * 1e5);
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n
                                 : (unsigned long long)n;
    unsigned long long ip = u / 100000, fp = u % 100000;
    char tmp[24];
    size_t len = 0, k = 0;

    if (n < 0)
        out[len++] = '-';
    do {
        tmp[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip != 0);
    while (k > 0)
        out[len++] = tmp[--k];
    if (fp != 0) {
        char d[5];
        int nd = 5;

        for (int i = 4; i >= 0; i--) {
            d[i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        while (d[nd - 1] == '0')
            nd--;
        out[len++] = '.';
        memcpy(out + len, d, (size_t)nd);
        len += (size_t)nd;
    }
    return len;
}

static void
append_string_prop(vk_strbuf *sb, const char *key, const char *v)
{
    json_t *s = v != NULL ? json_string(v) : json_null();
    char *enc = s != NULL ? json_dumps(s, JSON_ENCODE_ANY) : NULL;

    /* Appends, not printf: the grid has 461,304 features. */
    vk_strbuf_append(sb, "\"");
    vk_strbuf_append(sb, key);
    vk_strbuf_append(sb, "\":");
    vk_strbuf_append(sb, enc ? enc : "null");
    free(enc);
    json_decref(s);
}

/* One feature as a GeoJSON Feature with a MultiPolygon (null geometry for
 * an empty feature). */
static void
append_feature(vk_strbuf *sb, const vk_feature *src, const vk_features *ll,
               size_t i)
{
    const vk_geomset *g = &ll->g;
    const vk_feature *f = &ll->f[i];

    vk_strbuf_append(sb, "{\"type\":\"Feature\",\"properties\":{");
    append_string_prop(sb, "code", src->code);
    vk_strbuf_append(sb, ",");
    append_string_prop(sb, "name", src->name);
    vk_strbuf_append(sb, ",");
    append_string_prop(sb, "gemeente", src->gemeentenaam
                                           ? src->gemeentenaam
                                           : src->gemeentecode);
    vk_strbuf_append(sb, "},\"geometry\":");
    if (f->poly_count == 0) {
        vk_strbuf_append(sb, "null}");
        return;
    }
    vk_strbuf_append(sb, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        vk_strbuf_append(sb, p > f->poly_first ? ",[" : "[");
        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            vk_strbuf_append(sb, r > g->poly_off[p] ? ",[" : "[");
            for (size_t k = g->ring_off[r]; k < g->ring_off[r + 1]; k++) {
                char pt[64];
                size_t n = 0;

                if (k > g->ring_off[r])
                    pt[n++] = ',';
                pt[n++] = '[';
                n += format_coord(pt + n, g->xy[2 * k]);
                pt[n++] = ',';
                n += format_coord(pt + n, g->xy[2 * k + 1]);
                pt[n++] = ']';
                vk_strbuf_appendn(sb, pt, n);
            }
            vk_strbuf_append(sb, "]");
        }
        vk_strbuf_append(sb, "]");
    }
    vk_strbuf_append(sb, "]}}");
}

vk_status
vk_viewer_write_geojson(const char *dir, const vk_features *buurten,
                     double tol_m, vk_bbox *extent, vk_error *err)
{
    vk_features *ll = simplified_copy(buurten, tol_m);
    vk_strbuf sb = {0};
    char *path = NULL;

    /* Simplify in the source CRS, then go to lon/lat: x east (through a
     * control grid when there are many points, see vk_geo_transform_sets). */
    if (vk_geo_transform_sets(&ll, 1, "EPSG:4326", err) != VK_OK)
        goto cleanup;
    vk_strbuf_append(&sb, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (size_t i = 0; i < ll->n; i++) {
        append_feature(&sb, &buurten->f[i], ll, i);
        vk_strbuf_append(&sb, i + 1 < ll->n ? ",\n" : "\n");
    }
    vk_strbuf_append(&sb, "]}\n");
    path = vk_xasprintf("%s/buurten.geojson", dir);
    /* Across the antimeridian the extent runs on past 180 degrees (178 ..
     * 182), so its middle is the data's. */
    if (vk_viewer_write_file(path, sb.s, sb.len, err) == VK_OK &&
        !(vk_geo_lonlat_extent(ll, extent) && extent->maxx > 180))
        *extent = ll->extent;

cleanup:
    free(path);
    vk_strbuf_free(&sb);
    vk_features_destroy(ll);
    return err->code;
}
