/* SPDX-License-Identifier: MIT */
/* The viewer's table of the buurten (buurten.json: codes, names,
 * gemeenten and their atlas PDFs) and what search zooms to (search.json:
 * each buurt's box in lon/lat, from a simplified copy). */
#define _XOPEN_SOURCE 700 /* realpath() under strict C11 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
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

/* ---- the atlas PDFs ---------------------------------------------------- */

/* A path as a relative URL: bytes outside the unreserved set and '/'
 * percent-encoded. */
static void
append_url_path(vk_strbuf *sb, const char *p)
{
    for (; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
            vk_strbuf_appendn(sb, p, 1);
        } else {
            char esc[4];

            snprintf(esc, sizeof esc, "%%%02X", c);
            vk_strbuf_append(sb, esc);
        }
    }
}

/* The folder to as seen from the folder from (both exist): "../atlas". */
static char *
relative_dir(const char *from, const char *to)
{
    char a[PATH_MAX], b[PATH_MAX];
    vk_strbuf sb = {0};
    size_t common = 0, i;

    if (realpath(from, a) == NULL || realpath(to, b) == NULL)
        return NULL;
    for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
        if (a[i] == '/')
            common = i;
    if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/'))
        common = i;
    for (const char *p = a + common; *p != '\0'; p++)
        if (*p == '/')
            vk_strbuf_append(&sb, "../");
    vk_strbuf_append(&sb, b[common] == '/' ? b + common + 1 : b + common);
    if (sb.len == 0)
        vk_strbuf_append(&sb, ".");
    return vk_strbuf_take(&sb);
}

vk_status
vk_viewer_atlas_read(viewer_atlas *at, const char *dir, const char *atlas_dir,
                     vk_error *err)
{
    char *path = vk_xasprintf("%s/atlas-report.json", atlas_dir), *rel;
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je), *gms, *g;
    size_t k;

    memset(at, 0, sizeof *at);
    if (root == NULL) {
        VK_FAIL_AT(err, VK_EIO, path, je.line > 0 ? je.line : 0,
                   "cannot read the atlas report: %s", je.text);
        vk_error_hint(err, "make the atlas into that folder first "
                      "(veerkracht atlas --out %s), then the tiles with "
                      "--atlas", atlas_dir);
        free(path);
        return VK_EIO;
    }
    rel = relative_dir(dir, atlas_dir);
    gms = json_object_get(root, "gemeenten");
    at->code = vk_xcalloc(json_array_size(gms) + 1, sizeof *at->code);
    at->href = vk_xcalloc(json_array_size(gms) + 1, sizeof *at->href);
    json_array_foreach(gms, k, g) {
        const char *code = json_string_value(json_object_get(g, "code"));
        json_t *outs = json_object_get(g, "outputs"), *o;
        size_t m, idx;

        json_array_foreach(outs, m, o) {
            const char *f = json_string_value(o);
            size_t len = f != NULL ? strlen(f) : 0;
            vk_strbuf url = {0};

            if (code == NULL || len < 5 || strcmp(f + len - 4, ".pdf") != 0 ||
                vk_strmap_get(&at->map, code, vk_viewer_atlas_key, at, &idx))
                continue;
            append_url_path(&url, rel != NULL ? rel : atlas_dir);
            vk_strbuf_append(&url, "/");
            append_url_path(&url, f);
            at->code[at->n] = vk_xstrdup(code);
            at->href[at->n] = vk_strbuf_take(&url);
            vk_strmap_add(&at->map, code, at->n++);
        }
    }
    free(rel);
    free(path);
    json_decref(root);
    return VK_OK;
}

const char *
vk_viewer_atlas_key(const void *ctx, size_t i)
{
    return ((const viewer_atlas *)ctx)->code[i];
}

void
vk_viewer_atlas_free(viewer_atlas *at)
{
    for (size_t i = 0; i < at->n; i++) {
        free(at->code[i]);
        free(at->href[i]);
    }
    free(at->code);
    free(at->href);
    vk_strmap_free(&at->map);
}

/* ---- buurten.json -------------------------------------------------------- */


typedef struct gm_list {
    const vk_feature **f; /* the first buurt of each gemeente */
    size_t n;
    vk_strmap map;
} gm_list;

static const char *
gm_key(const void *ctx, size_t i)
{
    return ((const gm_list *)ctx)->f[i]->gemeentecode;
}

static char *
buurten_text(const vk_features *bu, const viewer_atlas *at)
{
    vk_strbuf sb = {0};
    gm_list gl = {vk_xcalloc(bu->n + 1, sizeof *gl.f), 0, {0}};
    size_t k;

    vk_strbuf_append(&sb, "{\"code\":[");
    for (size_t i = 0; i < bu->n; i++) {
        vk_strbuf_append(&sb, i > 0 ? "," : "");
        vk_json_append_string(&sb, bu->f[i].code);
    }
    vk_strbuf_append(&sb, "],\n\"name\":[");
    for (size_t i = 0; i < bu->n; i++) {
        vk_strbuf_append(&sb, i > 0 ? "," : "");
        vk_json_append_string(&sb, bu->f[i].name);
    }
    vk_strbuf_append(&sb, "],\n\"gemeente\":[");
    for (size_t i = 0; i < bu->n; i++) {
        const char *gm = bu->f[i].gemeentecode;

        if (i > 0)
            vk_strbuf_append(&sb, ",");
        if (gm == NULL) {
            vk_strbuf_append(&sb, "null");
            continue;
        }
        if (!vk_strmap_get(&gl.map, gm, gm_key, &gl, &k)) {
            gl.f[gl.n] = &bu->f[i];
            vk_strmap_add(&gl.map, gm, k = gl.n++);
        }
        vk_strbuf_append_long(&sb, (long)k);
    }
    vk_strbuf_append(&sb, "],\n\"gemeenten\":[");
    for (size_t g = 0; g < gl.n; g++) {
        const vk_feature *f = gl.f[g];

        vk_strbuf_append(&sb, g > 0 ? ",\n{\"code\":" : "\n{\"code\":");
        vk_json_append_string(&sb, f->gemeentecode);
        vk_strbuf_append(&sb, ",\"name\":");
        vk_json_append_string(&sb, f->gemeentenaam ? f->gemeentenaam
                                                : f->gemeentecode);
        vk_strbuf_append(&sb, ",\"atlas\":");
        vk_json_append_string(
            &sb, at != NULL && vk_strmap_get(&at->map, f->gemeentecode,
                                             vk_viewer_atlas_key, at, &k)
                     ? at->href[k]
                     : NULL);
        vk_strbuf_append(&sb, "}");
    }
    vk_strbuf_append(&sb, "]}\n");
    vk_strmap_free(&gl.map);
    free(gl.f);
    return vk_strbuf_take(&sb);
}

/* ---- search.json --------------------------------------------------------- */

/* Each buurt's box [w,s,e,n] in lon/lat (null without geometry). */
static char *
search_text(const vk_features *ll)
{
    vk_strbuf sb = {0};

    vk_strbuf_append(&sb, "{\"bbox\":[");
    for (size_t i = 0; i < ll->n; i++) {
        const vk_bbox *b = &ll->f[i].bbox;
        char pt[128];
        size_t n = 0;

        if (i > 0)
            pt[n++] = ',';
        if (ll->f[i].poly_count == 0 || vk_bbox_empty(b)) {
            memcpy(pt + n, "null", 4);
            vk_strbuf_appendn(&sb, pt, n + 4);
            continue;
        }
        pt[n++] = '[';
        n += format_coord(pt + n, b->minx);
        pt[n++] = ',';
        n += format_coord(pt + n, b->miny);
        pt[n++] = ',';
        n += format_coord(pt + n, b->maxx);
        pt[n++] = ',';
        n += format_coord(pt + n, b->maxy);
        pt[n++] = ']';
        vk_strbuf_appendn(&sb, pt, n);
    }
    vk_strbuf_append(&sb, "]}\n");
    return vk_strbuf_take(&sb);
}

vk_status
vk_viewer_write_buurten(const char *dir, const vk_features *buurten,
                        double tol_m, const viewer_atlas *atlas,
                        vk_bbox *extent, vk_error *err)
{
    vk_features *ll = simplified_copy(buurten, tol_m);
    char *path = NULL, *text = NULL;

    /* Simplify in the source CRS, then go to lon/lat: x east (through a
     * control grid when there are many points, see vk_geo_transform_sets). */
    if (vk_geo_transform_sets(&ll, 1, "EPSG:4326", err) != VK_OK)
        goto cleanup;
    text = search_text(ll);
    path = vk_xasprintf("%s/search.json", dir);
    if (vk_viewer_write_file(path, text, strlen(text), err) != VK_OK)
        goto cleanup;
    free(text);
    free(path);
    text = buurten_text(buurten, atlas);
    path = vk_xasprintf("%s/buurten.json", dir);
    /* Across the antimeridian the extent runs on past 180 degrees (178 ..
     * 182), so its middle is the data's. */
    if (vk_viewer_write_file(path, text, strlen(text), err) == VK_OK &&
        !(vk_geo_lonlat_extent(ll, extent) && extent->maxx > 180))
        *extent = ll->extent;

cleanup:
    free(text);
    free(path);
    vk_features_destroy(ll);
    return err->code;
}
