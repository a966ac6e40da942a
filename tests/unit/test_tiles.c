/* SPDX-License-Identifier: MIT */
/* veerkracht tiles: tile math, shards, the tile set against a brute-force
 * intersection test, empty and uniform tiles, PNG8 colours at buurt
 * interiors, no seams, MBTiles through GDAL, resume, determinism and the
 * refusal of huge ranges. One layer of the sample at z8-13. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <png.h>
#include <zlib.h>

#include "tiles_priv.h"
#include "vk/tiles.h"
#include "vk_test.h"

#define ZMIN 8
#define ZMAX 13
#define STYLE "kwetsbare_bewoners"

static char out[65536], errb[65536];

/* The sample buurten in EPSG:3857 with the layer's colour per buurt. */
static vk_features *bu;
static vk_rgba *fill;
static unsigned char *hatch;
static char dir_main[4096];

/* Made once in init: vk_test_src reuses its buffers. */
static char args_buf[4096];

static const char *
common_args(void)
{
    return args_buf;
}

static void
make_common_args(void)
{
    char *buf = args_buf;

    snprintf(buf, sizeof args_buf, "--boundaries '%s' --table '%s' --table '%s' "
             "--style '%s'", vk_test_src("samples/regio.gpkg"),
             vk_test_src("samples/indicatoren.csv"),
             vk_test_src("samples/leefbaarometer.csv"),
             vk_test_src("styles/" STYLE ".yaml"));
}

/* Runs veerkracht tiles with extra options into dir (emptied first unless
 * keep). Returns the exit status. */
static int
tiles_run(const char *dir, const char *extra, int keep)
{
    char *args, *rm;
    int rc;

    if (!keep) {
        rm = vk_xasprintf("rm -rf '%s'", dir);
        vk_test_run(rm, out, sizeof out, errb, sizeof errb);
        free(rm);
    }
    args = vk_xasprintf("tiles %s --zoom %d-%d --out '%s' %s", common_args(),
                        ZMIN, ZMAX, dir, extra);
    rc = vk_test_vk(args, out, sizeof out, errb, sizeof errb);
    free(args);
    return rc;
}

static int
init(void)
{
    vk_error err;
    vk_source_opts so = {0};
    vk_boundaries *b = NULL;
    vk_table *t[2];
    vk_table_opts to = {NULL, 0};
    vk_tableset ts = {t, 2, NULL};
    vk_style *st;
    vk_layer *l;

    vk_error_init(&err);
    make_common_args();
    if (vk_source_read_boundaries(vk_test_src("samples/regio.gpkg"), &so, &b,
                                  &err) != VK_OK)
        return 1;
    t[0] = vk_table_read(vk_test_src("samples/indicatoren.csv"), &to, &err);
    t[1] = vk_table_read(vk_test_src("samples/leefbaarometer.csv"), &to,
                         &err);
    st = vk_style_load(vk_test_src("styles/" STYLE ".yaml"), &err);
    if (t[0] == NULL || t[1] == NULL || st == NULL)
        return 1;
    l = vk_layer_make(st, &ts, b->buurten, NULL, &err);
    if (l == NULL)
        return 1;
    fill = vk_xcalloc(b->buurten->n, sizeof *fill);
    hatch = vk_xcalloc(b->buurten->n, 1);
    vk_layer_fill(l, fill);
    vk_layer_hatch(l, hatch);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    vk_table_destroy(t[0]);
    vk_table_destroy(t[1]);
    bu = b->buurten;
    b->buurten = NULL;
    vk_boundaries_destroy(b);
    if (vk_geo_transform(bu, "EPSG:3857", &err) != VK_OK)
        return 1;

    /* The run most tests look at. */
    snprintf(dir_main, sizeof dir_main, "%s", vk_test_tmp("tiles-main"));
    return tiles_run(dir_main, "--mbtiles --jobs 2", 0) != 0;
}

static int
cleanup(void)
{
    vk_features_destroy(bu);
    free(fill);
    free(hatch);
    return 0;
}

static char *
tile_file(const char *dir, int z, long x, long y)
{
    return vk_xasprintf("%s/%s/%d/%ld/%ld.png", dir, STYLE, z, x, y);
}

static int
exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* ---- tile math -------------------------------------------------------- */

static void
test_math(void)
{
    double fx, fy, lon, lat, x, y;
    vk_bbox b;
    vk_tile_range r;

    /* Amsterdam (4.9, 52.37) is tile 10/525/336 (OSM wiki formula:
     * x = (lon + 180) / 360 * 2^z = 525.94, y = (1 - asinh(tan(lat)) / pi)
     * / 2 * 2^z = 336.53). */
    vk_tile_from_lonlat(4.9, 52.37, 10, &fx, &fy);
    CU_ASSERT_EQUAL((long)floor(fx), 525);
    CU_ASSERT_EQUAL((long)floor(fy), 336);
    CU_ASSERT_DOUBLE_EQUAL(fx, 525.937778, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(fy, 336.526087, 1e-6);

    /* Its bounds: x from 525 / 1024 * 360 - 180 = 4.5703125 degrees, by
     * 360 / 1024 = 0.3515625; and they hold the point. */
    vk_tile_bounds_lonlat(10, 525, 336, &b);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, 4.5703125, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(b.maxx, 4.921875, 1e-9);
    CU_ASSERT(b.miny < 52.37 && 52.37 < b.maxy);
    /* lat of the top edge: atan(sinh(pi (1 - 2 * 336 / 1024))) = 52.482780
     * degrees (OSM wiki inverse). */
    CU_ASSERT_DOUBLE_EQUAL(b.maxy, 52.482780, 1e-6);

    /* The world and its quarter, in metres. */
    vk_tile_bounds_merc(0, 0, 0, &b);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, -20037508.342789, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(b.maxy, 20037508.342789, 1e-3);
    vk_tile_bounds_merc(1, 1, 1, &b);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, 0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(b.maxy, 0, 1e-6);

    /* Round trip lon/lat -> metres -> lon/lat. */
    vk_merc_from_lonlat(4.9, 52.37, &x, &y);
    CU_ASSERT_DOUBLE_EQUAL(x, 545465.6, 1.0); /* 6378137 * 4.9 * pi / 180 */
    vk_merc_to_lonlat(x, y, &lon, &lat);
    CU_ASSERT_DOUBLE_EQUAL(lon, 4.9, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(lat, 52.37, 1e-9);

    /* TMS counts from the south: 2^10 - 1 - 336. */
    CU_ASSERT_EQUAL(vk_tile_flip_y(10, 336), 687);
    CU_ASSERT_EQUAL(vk_tile_flip_y(0, 0), 0);
    CU_ASSERT_EQUAL(vk_tile_flip_y(10, vk_tile_flip_y(10, 5)), 5);

    /* Ranges and counts: one tile at z0, four at z1 for the whole world. */
    vk_tile_bounds_merc(0, 0, 0, &b);
    CU_ASSERT_EQUAL(vk_tile_count(&b, 0, 1), 5);
    vk_tile_range_of(&b, 3, &r);
    CU_ASSERT_EQUAL(r.x0, 0);
    CU_ASSERT_EQUAL(r.x1, 7);
    CU_ASSERT_EQUAL(r.y1, 7);
    /* Saturates instead of wrapping: the world to z31 is ~2^62 tiles. */
    CU_ASSERT(vk_tile_count(&b, 0, 22) > 5000000000000ull);
}

static void
test_shard_math(void)
{
    /* Every metatile is in exactly one shard, and each shard gets a fair
     * share of every zoom (not whole zooms). */
    for (int z = 8; z <= 14; z++) {
        size_t count[4] = {0}, total = 0;

        for (long my = 0; my < 40; my++)
            for (long mx = 0; mx < 40; mx++) {
                int s = vk_tile_shard(z, mx, my, 4);

                CU_ASSERT(s >= 0 && s < 4);
                CU_ASSERT_EQUAL(s, vk_tile_shard(z, mx, my, 4));
                count[s]++;
                total++;
            }
        for (int s = 0; s < 4; s++)
            CU_ASSERT(count[s] > total / 8);
    }
    CU_ASSERT_EQUAL(vk_tile_shard(9, 3, 4, 1), 0);
}

/* ---- brute force ------------------------------------------------------ */

/* Does segment a-b meet box q? (Liang-Barsky clipping.) */
static int
seg_meets(double ax, double ay, double bx, double by, const vk_bbox *q)
{
    double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
    double p[4] = {-dx, dx, -dy, dy};
    double r[4] = {ax - q->minx, q->maxx - ax, ay - q->miny, q->maxy - ay};

    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (r[i] < 0)
                return 0;
            continue;
        }
        double t = r[i] / p[i];

        if (p[i] < 0 && t > t0)
            t0 = t;
        else if (p[i] > 0 && t < t1)
            t1 = t;
        if (t0 > t1)
            return 0;
    }
    return 1;
}

/* Even-odd point in feature i. */
static int
inside(size_t i, double x, double y)
{
    const vk_feature *f = &bu->f[i];
    const vk_geomset *g = &bu->g;
    int in = 0;

    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++)
        for (size_t k = g->poly_off[p]; k < g->poly_off[p + 1]; k++)
            for (size_t a = g->ring_off[k]; a + 1 < g->ring_off[k + 1];
                 a++) {
                double x1 = g->xy[2 * a], y1 = g->xy[2 * a + 1];
                double x2 = g->xy[2 * a + 2], y2 = g->xy[2 * a + 3];

                if ((y1 > y) != (y2 > y) &&
                    x < (x2 - x1) * (y - y1) / (y2 - y1) + x1)
                    in = !in;
            }
    return in;
}

/* Distance from x, y to the boundary of feature i. */
static double
edge_dist(size_t i, double x, double y)
{
    const vk_feature *f = &bu->f[i];
    const vk_geomset *g = &bu->g;
    double best = INFINITY;

    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++)
        for (size_t k = g->poly_off[p]; k < g->poly_off[p + 1]; k++)
            for (size_t a = g->ring_off[k]; a + 1 < g->ring_off[k + 1];
                 a++) {
                double x1 = g->xy[2 * a], y1 = g->xy[2 * a + 1];
                double dx = g->xy[2 * a + 2] - x1, dy = g->xy[2 * a + 3] - y1;
                double l2 = dx * dx + dy * dy, t = 0;

                if (l2 > 0)
                    t = fmax(0, fmin(1, ((x - x1) * dx + (y - y1) * dy) / l2));
                best = fmin(best, hypot(x - x1 - t * dx, y - y1 - t * dy));
            }
    return best;
}

/* Does any buurt meet box q? */
static int
any_meets(const vk_bbox *q)
{
    for (size_t i = 0; i < bu->n; i++) {
        const vk_feature *f = &bu->f[i];
        const vk_geomset *g = &bu->g;

        if (f->bbox.minx > q->maxx || f->bbox.maxx < q->minx ||
            f->bbox.miny > q->maxy || f->bbox.maxy < q->miny)
            continue;
        if (inside(i, (q->minx + q->maxx) / 2, (q->miny + q->maxy) / 2))
            return 1;
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++)
            for (size_t k = g->poly_off[p]; k < g->poly_off[p + 1]; k++)
                for (size_t a = g->ring_off[k]; a + 1 < g->ring_off[k + 1];
                     a++)
                    if (seg_meets(g->xy[2 * a], g->xy[2 * a + 1],
                                  g->xy[2 * a + 2], g->xy[2 * a + 3], q))
                        return 1;
    }
    return 0;
}

static vk_bbox
grow(vk_bbox b, double d)
{
    b.minx -= d;
    b.miny -= d;
    b.maxx += d;
    b.maxy += d;
    return b;
}

/* The tiles written are those meeting a buurt: every tile a buurt meets
 * by more than 1.5 pixels is there, and every tile there has a buurt
 * within 2 pixels (its outline). The rest are empty and not written. */
static void
test_tile_set(void)
{
    size_t written = 0, empty = 0;

    for (int z = ZMIN; z <= ZMAX; z++) {
        vk_tile_range r;
        vk_bbox ext = bu->extent;

        vk_tile_range_of(&ext, z, &r);
        for (long y = r.y0 - 1; y <= r.y1 + 1; y++)
            for (long x = r.x0 - 1; x <= r.x1 + 1; x++) {
                vk_bbox t;
                double px;
                char *p = tile_file(dir_main, z, x, y);
                int have = exists(p);

                vk_tile_bounds_merc(z, x, y, &t);
                px = (t.maxx - t.minx) / 256;
                if (any_meets(&(vk_bbox){t.minx + 1.5 * px,
                                         t.miny + 1.5 * px,
                                         t.maxx - 1.5 * px,
                                         t.maxy - 1.5 * px}))
                    CU_ASSERT(have);
                if (have) {
                    vk_bbox g = grow(t, 2 * px);

                    CU_ASSERT(any_meets(&g));
                }
                written += have;
                empty += !have;
                free(p);
            }
    }
    CU_ASSERT(written > 100);
    CU_ASSERT(empty > 20); /* the corners of the range are empty */
}

static long sql_count(GDALDatasetH ds, const char *sql);

/* ---- pixels ----------------------------------------------------------- */

/* Reads tile z/x/y of dir; NULL when missing. *ct gets the colour type. */
static uint8_t *
read_tile(const char *dir, int z, long x, long y, int *ct)
{
    char *p = tile_file(dir, z, x, y);
    int w = 0, h = 0;
    long ppm;
    uint8_t *px = vk_test_png_read(p, &w, &h, ct, &ppm);

    free(p);
    if (px != NULL && (w != 256 || h != 256)) {
        free(px);
        return NULL;
    }
    return px;
}

static uint8_t
to8(double v)
{
    return (uint8_t)lround(v * 255);
}

/* At z13, a buurt's interior point more than 3 pixels from its edges
 * shows the buurt's class colour exactly, in a palette PNG. */
static void
test_colours(void)
{
    int z = ZMAX, checked = 0;

    for (size_t i = 0; i < bu->n; i++) {
        double x, y, lon, lat, fx, fy, px_m;
        vk_error err;
        vk_bbox tb;
        uint8_t *px;
        int ct = -1;

        vk_error_init(&err);
        if (hatch[i] ||
            vk_features_interior_point(bu, i, &x, &y, &err) != VK_OK)
            continue;
        vk_merc_to_lonlat(x, y, &lon, &lat);
        vk_tile_from_lonlat(lon, lat, z, &fx, &fy);
        vk_tile_bounds_merc(z, (long)fx, (long)fy, &tb);
        px_m = (tb.maxx - tb.minx) / 256;
        if (edge_dist(i, x, y) < 3 * px_m)
            continue;
        px = read_tile(dir_main, z, (long)fx, (long)fy, &ct);
        CU_ASSERT_PTR_NOT_NULL_FATAL(px);
        CU_ASSERT_EQUAL(ct, 3); /* PNG_COLOR_TYPE_PALETTE */
        {
            int cx = (int)((fx - floor(fx)) * 256);
            int cy = (int)((fy - floor(fy)) * 256);
            const uint8_t *p = px + ((size_t)cy * 256 + (size_t)cx) * 4;

            if (getenv("VK_DEBUG_TILES"))
                fprintf(stderr, "%zu: %d %d %d %d want %d %d %d\n", i, p[0], p[1],
                        p[2], p[3], to8(fill[i].r), to8(fill[i].g),
                        to8(fill[i].b));
            CU_ASSERT_EQUAL(p[0], to8(fill[i].r));
            CU_ASSERT_EQUAL(p[1], to8(fill[i].g));
            CU_ASSERT_EQUAL(p[2], to8(fill[i].b));
            CU_ASSERT_EQUAL(p[3], 255);
        }
        free(px);
        checked++;
    }
    CU_ASSERT(checked > 100);
}

/* A job of one layer over geom's extent (as veerkracht tiles makes its
 * region), zooms zmin..zmax, 256-pixel tiles, into dir. */
static void
one_layer_job(vk_tiles_job *job, const char *dir, const vk_tilegeom *geom,
              const vk_tiles_layer *layer, int zmin, int zmax,
              const char *key)
{
    memset(job, 0, sizeof *job);
    job->dir = dir;
    job->geom = geom;
    job->layers = layer;
    job->nlayers = 1;
    job->minzoom = zmin;
    job->maxzoom = zmax;
    job->tile_size = 256;
    job->scale = 1;
    job->jobs = 2;
    job->shard_n = 1;
    job->region = *vk_tilegeom_extent(geom);
    job->settings_key = key;
    job->zlevel = 6;
}

/* The buurt number of an ID tile's pixel: index + 1 from red, green and
 * blue; 0 when transparent. */
static long
id_at(const uint8_t *p)
{
    return p[3] == 0 ? 0 : ((long)p[0] << 16) | ((long)p[1] << 8) | p[2];
}

/* The viewer's ID tiles (_ids/): at every zoom, a buurt's interior point
 * more than 3 pixels from its edges holds its index + 1, opaque, exactly
 * (a palette that keeps each ID: never quantised). */
static void
test_id_tiles(void)
{
    int checked = 0, wrong = 0;

    for (int z = ZMIN; z <= ZMAX; z++)
        for (size_t i = 0; i < bu->n; i++) {
            double x, y, lon, lat, fx, fy, px_m;
            vk_error err;
            vk_bbox tb;
            uint8_t *px;
            char *p;
            int w = 0, h = 0, ct = -1;
            long ppm;

            vk_error_init(&err);
            if (vk_features_interior_point(bu, i, &x, &y, &err) != VK_OK)
                continue;
            vk_merc_to_lonlat(x, y, &lon, &lat);
            vk_tile_from_lonlat(lon, lat, z, &fx, &fy);
            vk_tile_bounds_merc(z, (long)fx, (long)fy, &tb);
            px_m = (tb.maxx - tb.minx) / 256;
            if (edge_dist(i, x, y) < 3 * px_m)
                continue;
            p = vk_xasprintf("%s/_ids/%d/%ld/%ld.png", dir_main, z,
                             (long)fx, (long)fy);
            px = vk_test_png_read(p, &w, &h, &ct, &ppm);
            free(p);
            CU_ASSERT_PTR_NOT_NULL_FATAL(px);
            CU_ASSERT_EQUAL(w, 256);
            {
                int cx = (int)((fx - floor(fx)) * 256);
                int cy = (int)((fy - floor(fy)) * 256);

                wrong += id_at(px + ((size_t)cy * 256 + (size_t)cx) * 4) !=
                         (long)i + 1;
            }
            free(px);
            checked++;
        }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(checked > 500);
}

/* More than 256 buurten in one tile: 400 squares of 12 x 12 pixels of a
 * z14 tile, in a 20 x 20 grid; the tile is written as truecolour and each
 * square's centre holds its own number (a quantised palette would merge
 * some); outside the squares, transparent. */
static void
test_id_tile_truecolour(void)
{
    const int z = 14;
    const long tx = 8416, ty = 5384;
    char *d = vk_xstrdup(vk_test_tmp("tiles-ids"));
    vk_features *fs = vk_fixture_empty("400 squares", "EPSG:3857");
    vk_tiles_layer layer = {"_ids", NULL, "ids", NULL, NULL, NULL, 1};
    vk_tiles_job job;
    vk_tiles_stats st;
    vk_tilegeom *geom;
    vk_bbox tb;
    vk_error err;
    double res;
    uint8_t *px;
    char *p;
    int w = 0, h = 0, ct = -1, wrong = 0;
    long ppm;

    vk_error_init(&err);
    vk_tile_bounds_merc(z, tx, ty, &tb);
    res = (tb.maxx - tb.minx) / 256;
    for (int k = 0; k < 400; k++) {
        double x0 = tb.minx + (8 + 12 * (k % 20)) * res;
        double y1 = tb.maxy - (8 + 12 * (k / 20)) * res;
        double ring[8] = {x0, y1 - 12 * res, x0 + 12 * res, y1 - 12 * res,
                          x0 + 12 * res, y1, x0, y1};
        char code[16];

        snprintf(code, sizeof code, "BU%08d", k);
        vk_fixture_feature(fs, code, "GM0001")->inwoners = 0;
        vk_fixture_ring(fs, ring, 4);
        vk_fixture_poly_end(fs);
    }
    geom = vk_tilegeom_create(fs, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(geom);
    vk_test_sh(vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", d, d));
    one_layer_job(&job, d, geom, &layer, z, z, "ids");
    CU_ASSERT_EQUAL_FATAL(vk_tiles_run(&job, &st, &err), VK_OK);
    p = vk_xasprintf("%s/_ids/%d/%ld/%ld.png", d, z, tx, ty);
    px = vk_test_png_read(p, &w, &h, &ct, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(px);
    CU_ASSERT_EQUAL(ct, 6); /* PNG_COLOR_TYPE_RGB_ALPHA */
    for (int k = 0; k < 400; k++) {
        int cx = 8 + 12 * (k % 20) + 6, cy = 8 + 12 * (k / 20) + 6;

        wrong += id_at(px + ((size_t)cy * 256 + (size_t)cx) * 4) != k + 1;
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(id_at(px + (3 * 256 + 3) * 4), 0);
    CU_ASSERT_EQUAL(id_at(px + (250 * 256 + 250) * 4), 0);
    free(px);
    free(p);
    vk_tilegeom_destroy(geom);
    vk_features_destroy(fs);
    free(d);
}

/* No background between buurten: a transparent pixel's centre is never
 * inside a buurt by more than half a pixel (snapping moves edges by an
 * eighth), at every zoom. */
static void
test_no_seams(void)
{
    size_t transparent = 0, seams = 0, tiles = 0;

    for (int z = ZMIN; z <= ZMAX; z++) {
        vk_tile_range r;

        vk_tile_range_of(&bu->extent, z, &r);
        for (long ty = r.y0; ty <= r.y1; ty++)
            for (long tx = r.x0; tx <= r.x1; tx++) {
                int ct;
                uint8_t *px = read_tile(dir_main, z, tx, ty, &ct);
                vk_bbox tb;
                double res;

                if (px == NULL)
                    continue;
                tiles++;
                vk_tile_bounds_merc(z, tx, ty, &tb);
                res = (tb.maxx - tb.minx) / 256;
                for (int py = 0; py < 256; py++)
                    for (int pxx = 0; pxx < 256; pxx++) {
                        double x = tb.minx + (pxx + 0.5) * res;
                        double y = tb.maxy - (py + 0.5) * res;

                        if (px[((size_t)py * 256 + pxx) * 4 + 3] != 0)
                            continue;
                        transparent++;
                        for (size_t i = 0; i < bu->n; i++)
                            if (x >= bu->f[i].bbox.minx &&
                                x <= bu->f[i].bbox.maxx &&
                                y >= bu->f[i].bbox.miny &&
                                y <= bu->f[i].bbox.maxy && inside(i, x, y) &&
                                edge_dist(i, x, y) > 0.5 * res) {
                                seams++;
                                break;
                            }
                    }
                free(px);
            }
    }
    CU_ASSERT(tiles > 100);
    CU_ASSERT(transparent > 0); /* the outside of the region */
    CU_ASSERT_EQUAL(seams, 0);
}

/* Uniform tiles (inside one buurt) are hard links to one file per
 * colour, and every linked tile is uniform. z15 over the middle fifth of
 * the sample, where tiles are small enough to fall inside buurten. */
static void
test_uniform_links(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-uniform"));
    size_t linked = 0;
    double cx = (bu->extent.minx + bu->extent.maxx) / 2;
    double cy = (bu->extent.miny + bu->extent.maxy) / 2;
    double dx = (bu->extent.maxx - bu->extent.minx) / 10;
    double dy = (bu->extent.maxy - bu->extent.miny) / 10;
    vk_bbox box = {cx - dx, cy - dy, cx + dx, cy + dy}, ll;
    char *args, *rm = vk_xasprintf("rm -rf '%s'", d);
    int z = 15;
    vk_tile_range r;

    vk_test_run(rm, out, sizeof out, errb, sizeof errb);
    free(rm);
    vk_merc_to_lonlat(box.minx, box.miny, &ll.minx, &ll.miny);
    vk_merc_to_lonlat(box.maxx, box.maxy, &ll.maxx, &ll.maxy);
    args = vk_xasprintf("tiles %s --zoom %d --bbox %.6f,%.6f,%.6f,%.6f "
                        "--mbtiles --out '%s'", common_args(), z, ll.minx, ll.miny,
                        ll.maxx, ll.maxy, d);
    CU_ASSERT_EQUAL_FATAL(vk_test_vk(args, out, sizeof out, errb,
                                     sizeof errb), 0);
    free(args);
    vk_tile_range_of(&box, z, &r);
    for (long ty = r.y0; ty <= r.y1; ty++)
        for (long tx = r.x0; tx <= r.x1; tx++) {
            char *p = tile_file(d, z, tx, ty);
            struct stat st;

            if (stat(p, &st) == 0 && st.st_nlink > 1) {
                int ct;
                uint8_t *px = read_tile(d, z, tx, ty, &ct);
                size_t diff = 0;

                CU_ASSERT_PTR_NOT_NULL_FATAL(px);
                for (size_t i = 1; i < 256 * 256; i++)
                    diff += memcmp(px, px + 4 * i, 4) != 0;
                CU_ASSERT_EQUAL(diff, 0);
                CU_ASSERT_EQUAL(px[3], 255);
                free(px);
                linked++;
            }
            free(p);
        }
    CU_ASSERT(linked > 5);

    /* In MBTiles they share one image row per colour. */
    {
        char *path = vk_xasprintf("SQLITE:%s/%s.mbtiles", d, STYLE);
        const char *const vec[] = {"SQLite", NULL};
        GDALDatasetH v;

        GDALAllRegister();
        v = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, vec, NULL,
                       NULL);
        CU_ASSERT_PTR_NOT_NULL(v);
        if (v != NULL) {
            long rows = sql_count(v, "SELECT COUNT(*) FROM map");
            long images = sql_count(v, "SELECT COUNT(*) FROM images");

            CU_ASSERT(rows > 0);
            CU_ASSERT(images > 0 && rows - images >= (long)linked - 8);
            GDALClose(v);
        }
        free(path);
    }
    free(d);
}

/* ---- MBTiles and TileJSON --------------------------------------------- */

static long
sql_count(GDALDatasetH ds, const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    OGRFeatureH f;
    long n = -1;

    if (l == NULL)
        return -1;
    if ((f = OGR_L_GetNextFeature(l)) != NULL) {
        n = (long)OGR_F_GetFieldAsInteger64(f, 0);
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds, l);
    return n;
}

static void
test_mbtiles(void)
{
    char *path = vk_xasprintf("%s/%s.mbtiles", dir_main, STYLE), *sqlpath;
    const char *const vec[] = {"SQLite", NULL};
    GDALDatasetH ds, v;
    const char *s;
    int w, h, bands;
    uint8_t *px;
    size_t opaque = 0;

    GDALAllRegister();
    ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_STRING_EQUAL(GDALGetDriverShortName(GDALGetDatasetDriver(ds)),
                           "MBTiles");
    s = GDALGetMetadataItem(ds, "name", NULL);
    CU_ASSERT(s != NULL && strstr(s, "wetsbare") != NULL);
    s = GDALGetMetadataItem(ds, "format", NULL);
    CU_ASSERT(s != NULL && strcmp(s, "png") == 0);
    s = GDALGetMetadataItem(ds, "maxzoom", NULL);
    CU_ASSERT(s != NULL && atoi(s) == ZMAX);
    /* Full resolution is z13: the bounds' width over z13 pixels. */
    w = GDALGetRasterXSize(ds);
    h = GDALGetRasterYSize(ds);
    bands = GDALGetRasterCount(ds);
    CU_ASSERT(w > 256 && h > 256);
    CU_ASSERT_EQUAL(bands, 4);
    /* The middle 64 x 64 pixels are data: opaque. */
    px = vk_xcalloc(64 * 64, 1);
    CU_ASSERT_EQUAL(GDALRasterIO(GDALGetRasterBand(ds, 4), GF_Read,
                                 w / 2 - 32, h / 2 - 32, 64, 64, px, 64, 64,
                                 GDT_Byte, 0, 0), CE_None);
    for (size_t i = 0; i < 64 * 64; i++)
        opaque += px[i] == 255;
    CU_ASSERT(opaque > 64 * 64 * 9 / 10);
    free(px);
    GDALClose(ds);

    /* Uniform tiles share one image row. */
    /* The SQLite driver reads the tables; "SQLITE:" keeps the MBTiles
     * driver from claiming the file. */
    sqlpath = vk_xasprintf("SQLITE:%s", path);
    v = GDALOpenEx(sqlpath, GDAL_OF_VECTOR | GDAL_OF_READONLY, vec, NULL,
                   NULL);
    free(sqlpath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    {
        long tiles = sql_count(v, "SELECT COUNT(*) FROM tiles");
        long images = sql_count(v, "SELECT COUNT(*) FROM images");
        long rows = sql_count(v, "SELECT COUNT(*) FROM map");

        CU_ASSERT(tiles > 100);
        CU_ASSERT_EQUAL(tiles, rows);
        CU_ASSERT(images <= rows);
        /* TMS rows: 13/4214/2703 (XYZ) is row 8191 - 2703 = 5488. */
        CU_ASSERT(sql_count(v, "SELECT COUNT(*) FROM tiles WHERE "
                            "zoom_level = 13 AND tile_row > 5000") ==
                  sql_count(v, "SELECT COUNT(*) FROM tiles WHERE "
                            "zoom_level = 13"));
    }
    GDALClose(v);
    free(path);
}

static void
test_tilejson(void)
{
    char *path = vk_xasprintf("%s/%s/tiles.json", dir_main, STYLE);
    char *s = vk_test_slurp(path, NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"tilejson\": \"3.0.0\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"{z}/{x}/{y}.png\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"minzoom\": 8"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"maxzoom\": 13"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"attribution\": \"Bron: CBS"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"legend\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"bounds\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"center\""));
    free(s);
    free(path);
}

/* The "bounds" of a TileJSON file: west, south, east, north. */
static int
tilejson_bounds(const char *path, double b[4])
{
    char *s = vk_test_slurp(path, NULL), *p;
    int n = 0;

    if (s != NULL && (p = strstr(s, "\"bounds\": [")) != NULL)
        n = sscanf(p, "\"bounds\": [ %lf , %lf , %lf , %lf", &b[0], &b[1],
                   &b[2], &b[3]);
    free(s);
    return n == 4 ? 0 : -1;
}

/* --bbox cuts the data's extent: a box reaching west of the data tiles the
 * data from its own west edge, not the box's, and says so in TileJSON;
 * its east edge, inside the data, is the box's. */
static void
test_bbox_cuts_extent(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-bbox"));
    char *path = vk_xasprintf("%s/%s/tiles.json", dir_main, STYLE);
    char *opt, *cut;
    double all[4], part[4], east;

    CU_ASSERT_EQUAL_FATAL(tilejson_bounds(path, all), 0);
    east = (all[0] + all[2]) / 2;
    opt = vk_xasprintf("--bbox %.6f,%.6f,%.6f,%.6f", all[0] - 0.5, all[1],
                       east, all[3]);
    CU_ASSERT_EQUAL_FATAL(tiles_run(d, opt, 0), 0);
    cut = vk_xasprintf("%s/%s/tiles.json", d, STYLE);
    CU_ASSERT_EQUAL_FATAL(tilejson_bounds(cut, part), 0);
    /* Degrees to 1e-6 (0.1 m): TileJSON writes six decimals at least. */
    CU_ASSERT_DOUBLE_EQUAL(part[0], all[0], 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(part[2], east, 1e-6);
    free(cut);
    free(opt);
    free(path);
    free(d);
}

/* ---- runs ------------------------------------------------------------- */

/* Every tile of the range: present in a iff in b, with the same bytes.
 * Returns the number of tiles present. */
static size_t
same_tiles(const char *a, const char *b, const char *c)
{
    size_t n = 0;

    for (int z = ZMIN; z <= ZMAX; z++) {
        vk_tile_range r;

        vk_tile_range_of(&bu->extent, z, &r);
        for (long y = r.y0; y <= r.y1; y++)
            for (long x = r.x0; x <= r.x1; x++) {
                char *pa = tile_file(a, z, x, y), *pb = tile_file(b, z, x, y);
                char *pc = c ? tile_file(c, z, x, y) : NULL;
                size_t la = 0, lb = 0;
                char *da = vk_test_slurp(pa, &la), *db = vk_test_slurp(pb,
                                                                       &lb);

                /* With c: b and c are shards, exactly one has the tile. */
                if (c != NULL && db == NULL)
                    db = vk_test_slurp(pc, &lb);
                else if (c != NULL && db != NULL)
                    CU_ASSERT(!exists(pc));
                CU_ASSERT_EQUAL(da != NULL, db != NULL);
                if (da != NULL && db != NULL) {
                    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
                    n++;
                }
                free(da);
                free(db);
                free(pa);
                free(pb);
                free(pc);
            }
    }
    return n;
}

static void
test_deterministic(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-j1"));
    char *a, *b, *pa, *pb;
    size_t la = 0, lb = 0;

    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "--jobs 1 --mbtiles", 0), 0);
    CU_ASSERT(same_tiles(dir_main, d, NULL) > 100);
    /* The MBTiles too: rows are rewritten in key order at the end, so
     * the threads' order leaves no trace. */
    pa = vk_xasprintf("%s/%s.mbtiles", dir_main, STYLE);
    pb = vk_xasprintf("%s/%s.mbtiles", d, STYLE);
    a = vk_test_slurp(pa, &la);
    b = vk_test_slurp(pb, &lb);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    CU_ASSERT(a != NULL && b != NULL && la == lb && la > 10000 &&
              memcmp(a, b, la) == 0);
    free(a);
    free(b);
    free(pa);
    free(pb);
    free(d);
}

/* --tile-size 512 --scale 2: the same tiles (z/x/y cover the same ground
 * as 256-pixel tiles; the viewer shows them one zoom up) at 1024 x 1024
 * pixels, still palette PNGs. */
static void
test_tile_size_and_scale(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-512"));
    int n = 0;

    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "--tile-size 512 --scale 2", 0), 0);
    for (long x = 0; x < (1L << ZMAX) && n < 40; x++) {
        char *col = vk_xasprintf("%s/%s/%d/%ld", dir_main, STYLE, ZMAX, x);
        struct stat st;

        if (stat(col, &st) == 0) {
            for (long y = 0; y < (1L << ZMAX) && n < 40; y++) {
                char *a = vk_xasprintf("%s/%ld.png", col, y);
                char *b = vk_xasprintf("%s/%s/%d/%ld/%ld.png", d, STYLE, ZMAX,
                                       x, y);
                int w = 0, h = 0, ct = -1;
                long ppm;
                uint8_t *px;

                if (stat(a, &st) == 0) {
                    px = vk_test_png_read(b, &w, &h, &ct, &ppm);
                    CU_ASSERT_PTR_NOT_NULL(px);
                    CU_ASSERT_EQUAL(w, 1024);
                    CU_ASSERT_EQUAL(h, 1024);
                    CU_ASSERT_EQUAL(ct, PNG_COLOR_TYPE_PALETTE);
                    free(px);
                    n++;
                }
                free(a);
                free(b);
            }
        }
        free(col);
    }
    CU_ASSERT(n >= 10);
    free(d);
}

static void
test_shards(void)
{
    char *d0 = vk_xstrdup(vk_test_tmp("tiles-s0"));
    char *d1 = vk_xstrdup(vk_test_tmp("tiles-s1"));

    CU_ASSERT_EQUAL_FATAL(tiles_run(d0, "--shard 0/2", 0), 0);
    CU_ASSERT_EQUAL_FATAL(tiles_run(d1, "--shard 1/2", 0), 0);
    /* Disjoint, and together the single-machine run. */
    CU_ASSERT(same_tiles(dir_main, d0, d1) > 100);
    /* The viewer and tiles.json are shard 0's alone. */
    {
        char *v0 = vk_xasprintf("%s/index.html", d0);
        char *v1 = vk_xasprintf("%s/index.html", d1);
        char *j0 = vk_xasprintf("%s/%s/tiles.json", d0, STYLE);
        char *j1 = vk_xasprintf("%s/%s/tiles.json", d1, STYLE);
        struct stat st;

        CU_ASSERT_EQUAL(stat(v0, &st), 0);
        CU_ASSERT_NOT_EQUAL(stat(v1, &st), 0);
        CU_ASSERT_EQUAL(stat(j0, &st), 0);
        CU_ASSERT_NOT_EQUAL(stat(j1, &st), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(errb, "the viewer and tiles.json are "
                                            "shard 0's"));
        free(v0);
        free(v1);
        free(j0);
        free(j1);
    }
    CU_ASSERT_EQUAL(tiles_run(d0, "--shard 2/2", 1), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--shard is i/n"));
    free(d0);
    free(d1);
}

/* Files get 0666 minus the user's umask, in every thread: the umask was
 * read per file by setting and restoring it, and concurrent writers
 * (tile threads, the viewer's) could leave 022 behind for good. */
static void
test_file_modes(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-umask"));
    char *cmd;
    int rc;

    cmd = vk_xasprintf("rm -rf '%s'; umask 002; '%s' tiles %s --zoom %d-%d "
                       "--jobs 2 --out '%s' 2>/dev/null && "
                       "find '%s' -type f \\( -name '*.png' -o -name "
                       "'*.json' -o -name '*.html' -o -name '*.geojson' "
                       "\\) ! -perm 664 | wc -l && find '%s' -name '*.png' "
                       "| wc -l", d, VK_EXE, common_args(), ZMIN, ZMAX, d,
                       d, d);
    rc = vk_test_run(cmd, out, sizeof out, errb, sizeof errb);
    CU_ASSERT_EQUAL(rc, 0);
    {
        long wrong = -1, pngs = 0;

        CU_ASSERT_EQUAL(sscanf(out, "%ld %ld", &wrong, &pngs), 2);
        CU_ASSERT_EQUAL(wrong, 0);
        CU_ASSERT(pngs > 100);
    }
    free(cmd);
    free(d);
}

/* Writes text as the whole of path; 0 on success. */
static int
put_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    if (fp == NULL)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

/* A run killed while the viewer was written left its temporaries: the
 * rerun removes them (they are made here, named as vk_atomic names them),
 * and keeps files that only look alike. */
static void
test_viewer_leftovers(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-viewer-left"));
    const char *left[] = {"index.html.tmp-a1B2c3", "layers.json.tmp-XXXXXX",
                          "buurten.json.tmp-zz9zz9", "search.json.tmp-y8y8y8",
                          "leaflet/leaflet.js.tmp-q1w2e3",
                          STYLE "/values.json.tmp-000000",
                          STYLE "/tiles.json.tmp-abcdef"};
    const char *keep[] = {"index.html.tmp-toolong", "notes.tmp-abcdef"};
    struct stat st;

    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "", 0), 0);
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        char *p = vk_xasprintf("%s/%s", d, left[i]);

        CU_ASSERT_EQUAL(put_file(p, "half"), 0);
        free(p);
    }
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        char *p = vk_xasprintf("%s/%s", d, keep[i]);

        CU_ASSERT_EQUAL(put_file(p, "mine"), 0);
        free(p);
    }
    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "", 1), 0);
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        char *p = vk_xasprintf("%s/%s", d, left[i]);

        CU_ASSERT_NOT_EQUAL(stat(p, &st), 0);
        free(p);
    }
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        char *p = vk_xasprintf("%s/%s", d, keep[i]);

        CU_ASSERT_EQUAL(stat(p, &st), 0);
        free(p);
    }
    free(d);
}

static void
test_resume(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-resume"));
    char *victim = NULL, *orig = NULL;
    size_t olen = 0, nlen = 0;

    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "", 0), 0);
    CU_ASSERT_PTR_NULL(strstr(errb, " 0 tiles written"));
    /* A rerun renders nothing. */
    CU_ASSERT_EQUAL(tiles_run(d, "", 1), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, " 0 tiles written"));
    CU_ASSERT_PTR_NULL(strstr(errb, "(0 already done)"));
    if (getenv("VK_DEBUG_TILES"))
        fprintf(stderr, "%s\n", errb);

    /* A deleted tile comes back, byte for byte. */
    for (long x = 0; victim == NULL && x < (1L << 12); x++) {
        vk_tile_range r;

        vk_tile_range_of(&bu->extent, 12, &r);
        if (x < r.x0 || x > r.x1)
            continue;
        for (long y = r.y0; victim == NULL && y <= r.y1; y++) {
            char *p = tile_file(d, 12, x, y);
            struct stat st;

            if (stat(p, &st) == 0 && st.st_nlink == 1)
                victim = p;
            else
                free(p);
        }
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(victim);
    orig = vk_test_slurp(victim, &olen);
    CU_ASSERT_EQUAL(unlink(victim), 0);
    CU_ASSERT_EQUAL(tiles_run(d, "", 1), 0);
    CU_ASSERT_PTR_NULL(strstr(errb, " 0 tiles written"));
    {
        char *now = vk_test_slurp(victim, &nlen);

        CU_ASSERT_PTR_NOT_NULL(now);
        CU_ASSERT(now != NULL && nlen == olen &&
                  memcmp(now, orig, olen) == 0);
        free(now);
    }
    /* --force redoes everything. */
    CU_ASSERT_EQUAL(tiles_run(d, "--force", 1), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "(0 already done)"));
    free(orig);
    free(victim);
    free(d);
}

static void
test_refuse_huge(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-huge"));
    char *args = vk_xasprintf("rm -rf '%s'", d);

    vk_test_run(args, out, sizeof out, errb, sizeof errb);
    free(args);
    args = vk_xasprintf("tiles %s --zoom 0-22 --out '%s'", common_args(), d);

    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--zoom 0-22 over the data is "));
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "more than the limit of "
                                        "20,000,000"));
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "narrow --zoom (e.g. --zoom 0-"));
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--bbox"));
    CU_ASSERT(!exists(d)); /* refused before writing anything */
    free(args);

    /* Bad options name the option and the value. */
    args = vk_xasprintf("tiles %s --zoom 9-7 --out '%s'", common_args(), d);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--zoom is a zoom level or a range"));
    free(args);
    args = vk_xasprintf("tiles %s --zoom 9 --bbox 5,52,4,53 --out '%s'",
                        common_args(), d);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--bbox is minlon,minlat"));
    free(args);
    free(d);
}

/* Buurten far apart (lon -170 and 170) span more pixels at zoom 22 than
 * the snapped coordinates can hold: refused before anything is written,
 * with the zoom and what to do. At zoom 20 they fit. */
/* The library refuses tile sizes the raster is not made for, before
 * anything else (the CLI only passes 256 or 512 at scale 1 or 2). */
static void
test_refuse_tile_size(void)
{
    static const int bad[][2] = {{300, 1}, {256, 3}, {1024, 1}, {0, 0}};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vk_tiles_job job;
        vk_error err;
        char want[64];

        memset(&job, 0, sizeof job);
        job.tile_size = bad[i][0];
        job.scale = bad[i][1];
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_tiles_run(&job, NULL, &err), VK_EUSAGE);
        snprintf(want, sizeof want, "tile size %d at scale %d: ", bad[i][0],
                 bad[i][1]);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.what, want));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "256 or 512 pixels at "
                                                "scale 1 or 2"));
    }
}

static void
test_refuse_span(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-span"));
    char *gj = vk_xasprintf("%s.geojson", d), *csv = vk_xasprintf("%s.csv", d);
    char *args = vk_xasprintf("rm -rf '%s'", d);

    vk_test_run(args, out, sizeof out, errb, sizeof errb);
    free(args);
    CU_ASSERT_EQUAL_FATAL(
        put_file(gj, "{\"type\":\"FeatureCollection\",\"features\":["
                     "{\"type\":\"Feature\",\"properties\":{\"buurtcode\":"
                     "\"BU00010001\",\"gemeentecode\":\"GM0001\"},"
                     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                     "[[[-170,0],[-169.99,0],[-169.99,0.01],[-170,0]]]}},"
                     "{\"type\":\"Feature\",\"properties\":{\"buurtcode\":"
                     "\"BU00010002\",\"gemeentecode\":\"GM0001\"},"
                     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                     "[[[170,0],[170.01,0],[170.01,0.01],[170,0]]]}}]}\n"),
        0);
    CU_ASSERT_EQUAL_FATAL(put_file(csv, "buurtcode;kwetsbaar_pct\n"
                                        "BU00010001;10\nBU00010002;20\n"), 0);

    args = vk_xasprintf("tiles --boundaries '%s' --table '%s' --style "
                        "'%s/styles/kwetsbare_bewoners.yaml' --zoom 22 "
                        "--bbox 170,0,170.0001,0.0001 --out '%s'", gj, csv,
                        VK_SOURCE_DIR, d);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "at zoom 22 the buurten span more "
                                        "than 500000000 pixels across"));
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "lower --zoom"));
    CU_ASSERT(!exists(d));
    free(args);
    args = vk_xasprintf("tiles --boundaries '%s' --table '%s' --style "
                        "'%s/styles/kwetsbare_bewoners.yaml' --zoom 20 "
                        "--bbox 170,0,170.0001,0.0001 --out '%s'", gj, csv,
                        VK_SOURCE_DIR, d);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    free(args);
    free(gj);
    free(csv);
    free(d);
}

/* A tile column that cannot be opened as a folder (a file stands in its
 * place) stops the run with a message naming it; no temporary is left. */
static void
test_column_not_folder(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-column"));
    char *cmd, col[64] = "";
    int rc;

    /* A column of the main run at ZMAX without uniform (linked) tiles:
     * all its tiles go through the column folder. */
    cmd = vk_xasprintf("cd '%s/%s/%d' && for x in *; do "
                       "[ -z \"$(find $x -type f -links +1)\" ] && "
                       "[ -n \"$(find $x -name '*.png')\" ] && "
                       "echo $x && break; done; true",
                       dir_main, STYLE, ZMAX);
    CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, errb, sizeof errb), 0);
    free(cmd);
    CU_ASSERT_EQUAL_FATAL(sscanf(out, "%63s", col), 1);
    cmd = vk_xasprintf("rm -rf '%s' && mkdir -p '%s/%s/%d' && "
                       "echo not a folder > '%s/%s/%d/%s'", d, d, STYLE,
                       ZMAX, d, STYLE, ZMAX, col);
    CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, errb, sizeof errb), 0);
    free(cmd);
    rc = tiles_run(d, "--jobs 2", 1);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    cmd = vk_xasprintf("%s/%s/%d/%s: cannot open the folder: Not a "
                       "directory", d, STYLE, ZMAX, col);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, cmd));
    free(cmd);
    cmd = vk_xasprintf("find '%s' -name '*.tmp-*' | wc -l", d);
    CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, errb, sizeof errb), 0);
    CU_ASSERT_EQUAL(atoi(out), 0);
    free(cmd);
    free(d);
}

/* Tiles of fs (EPSG:3857) in one layer "id" with these fills, at zooms
 * z0..z1 over the data's extent, into dir (emptied first), as veerkracht
 * tiles makes them. */
static void
tiles_of(vk_features *fs, const vk_rgba *fills, const char *id,
         const char *dir, int z0, int z1)
{
    vk_tilestyle ts;
    vk_tiles_layer layer = {id, &ts, id, "", "", NULL, 0};
    vk_tiles_job job;
    vk_tiles_stats st;
    vk_tilegeom *geom;
    vk_error err;

    vk_error_init(&err);
    geom = vk_tilegeom_create(fs, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(geom);
    CU_ASSERT_EQUAL_FATAL(vk_tilestyle_make(&ts, fills, NULL, fs->n, &err),
                          VK_OK);
    vk_test_sh(vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir));
    one_layer_job(&job, dir, geom, &layer, z0, z1, id);
    CU_ASSERT_EQUAL_FATAL(vk_tiles_run(&job, &st, &err), VK_OK);
    vk_tilestyle_free(&ts);
    vk_tilegeom_destroy(geom);
}

/* ---- no outline-only tiles at z14-16 ---------------------------------- */

/* Appends to fs a square buurt covering tiles x0..x1, y0..y1 of zoom z,
 * in Web Mercator metres, in gemeente gm. */
static void
add_tile_square(vk_features *fs, const char *code, const char *gm, int z,
                long x0, long y0, long x1, long y1)
{
    vk_bbox a, b;
    double ring[8];

    vk_fixture_feature(fs, code, gm)->wijkcode = vk_xasprintf("WK%s", gm + 2);
    vk_tile_bounds_merc(z, x0, y0, &a);
    vk_tile_bounds_merc(z, x1, y1, &b);
    ring[0] = a.minx, ring[1] = b.miny, ring[2] = b.maxx, ring[3] = b.miny;
    ring[4] = b.maxx, ring[5] = a.maxy, ring[6] = a.minx, ring[7] = a.maxy;
    vk_fixture_ring(fs, ring, 4);
    vk_fixture_poly_end(fs);
}

/* A pixel of a tile near the square and its colour (opaque), or a tile
 * that must not be written (rgb NO_TILE). */
#define NO_TILE 0x1000000u
#define GM_LINE 0x222222u
#define A_FILL 0xcc3333u
typedef struct edge_tile {
    int z;
    long x, y;
    int px, py;
    unsigned rgb;
} edge_tile;

/* Buurt A (GM0001) is exactly tile 14/8416/5384 (lon 4.921875 to
 * 4.943848, lat 52.362183 to 52.375599, in Amsterdam; x = (lon + 180) /
 * 360 * 2^14, y from asinh(tan(lat))), two more squares (GM0002) three
 * tiles up-left and down-right widen the region. From z11 a gemeente line
 * is 2 px. At the edge of the data the line lies inside it, on all four
 * sides alike: A's tile has its two first and two last columns and rows
 * in the line, the third ones filled, and none of the eight tiles around
 * it is written, though A lies just below the tile above, just right of
 * the one to its left (8416 and 5384 are multiples of 8: those are drawn
 * by other metatiles). At z15 and z16 A covers 2 x 2 and 4 x 4 tiles:
 * its corners and the tiles beyond them. */
static const edge_tile EDGE_TILES[] = {
    {14, 8415, 5383, 0, 0, NO_TILE},    {14, 8416, 5383, 0, 0, NO_TILE},
    {14, 8417, 5383, 0, 0, NO_TILE},    {14, 8415, 5384, 0, 0, NO_TILE},
    {14, 8417, 5384, 0, 0, NO_TILE},    {14, 8415, 5385, 0, 0, NO_TILE},
    {14, 8416, 5385, 0, 0, NO_TILE},    {14, 8417, 5385, 0, 0, NO_TILE},
    {14, 8416, 5384, 0, 128, GM_LINE},  {14, 8416, 5384, 1, 128, GM_LINE},
    {14, 8416, 5384, 2, 128, A_FILL},   {14, 8416, 5384, 255, 128, GM_LINE},
    {14, 8416, 5384, 254, 128, GM_LINE}, {14, 8416, 5384, 253, 128, A_FILL},
    {14, 8416, 5384, 128, 0, GM_LINE},  {14, 8416, 5384, 128, 1, GM_LINE},
    {14, 8416, 5384, 128, 2, A_FILL},   {14, 8416, 5384, 128, 255, GM_LINE},
    {14, 8416, 5384, 128, 254, GM_LINE}, {14, 8416, 5384, 128, 253, A_FILL},
    {15, 16831, 10767, 0, 0, NO_TILE},  {15, 16832, 10767, 0, 0, NO_TILE},
    {15, 16834, 10767, 0, 0, NO_TILE},  {15, 16831, 10768, 0, 0, NO_TILE},
    {15, 16834, 10769, 0, 0, NO_TILE},  {15, 16832, 10770, 0, 0, NO_TILE},
    {15, 16831, 10770, 0, 0, NO_TILE},  {15, 16834, 10770, 0, 0, NO_TILE},
    {15, 16832, 10768, 1, 1, GM_LINE},  {15, 16832, 10768, 2, 2, A_FILL},
    {15, 16833, 10769, 254, 254, GM_LINE}, {15, 16833, 10769, 253, 253, A_FILL},
    {16, 33663, 21535, 0, 0, NO_TILE},  {16, 33668, 21535, 0, 0, NO_TILE},
    {16, 33665, 21535, 0, 0, NO_TILE},  {16, 33668, 21538, 0, 0, NO_TILE},
    {16, 33663, 21540, 0, 0, NO_TILE},  {16, 33668, 21540, 0, 0, NO_TILE},
    {16, 33664, 21536, 0, 0, GM_LINE},  {16, 33667, 21539, 255, 255, GM_LINE},
    {16, 33667, 21539, 253, 253, A_FILL}, {16, 33665, 21537, 128, 128, A_FILL},
};

static void
test_outline_only_tiles(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-outline"));
    vk_features *fs = vk_fixture_empty("tile squares", "EPSG:3857");
    vk_rgba fills[3] = {{0.8, 0.2, 0.2, 1}, {0.2, 0.8, 0.2, 1},
                        {0.2, 0.2, 0.8, 1}};

    add_tile_square(fs, "BU00010001", "GM0001", 14, 8416, 5384, 8416, 5384);
    add_tile_square(fs, "BU00020001", "GM0002", 14, 8413, 5381, 8413, 5381);
    add_tile_square(fs, "BU00020002", "GM0002", 14, 8419, 5387, 8419, 5387);
    tiles_of(fs, fills, "edge", d, 14, 16);

    for (size_t i = 0; i < sizeof EDGE_TILES / sizeof EDGE_TILES[0]; i++) {
        const edge_tile *e = &EDGE_TILES[i];
        char *p = vk_xasprintf("%s/edge/%d/%ld/%ld.png", d, e->z, e->x,
                               e->y);
        int w = 0, h = 0, ct;
        long ppm;
        uint8_t *px = vk_test_png_read(p, &w, &h, &ct, &ppm);
        const uint8_t *q;

        if (e->rgb == NO_TILE) {
            if (px != NULL)
                fprintf(stderr, "\n  %s: written", p);
            CU_ASSERT_PTR_NULL(px);
        } else if (px == NULL || w != 256 || h != 256) {
            fprintf(stderr, "\n  %s: missing", p);
            CU_FAIL("tile missing");
        } else {
            q = px + 4 * ((size_t)e->py * 256 + (size_t)e->px);
            if (!(q[0] == (e->rgb >> 16) && q[1] == (e->rgb >> 8 & 0xff) &&
                  q[2] == (e->rgb & 0xff) && q[3] == 0xff))
                fprintf(stderr, "\n  %s (%d, %d): %02x%02x%02x%02x, want "
                        "%06x", p, e->px, e->py, q[0], q[1], q[2], q[3],
                        e->rgb);
            CU_ASSERT(q[0] == (e->rgb >> 16) && q[1] == (e->rgb >> 8 & 0xff) &&
                      q[2] == (e->rgb & 0xff) && q[3] == 0xff);
        }
        free(px);
        free(p);
    }
    vk_features_destroy(fs);
    free(d);
}

/* ---- outlines and tiny buurten (tools/mutants.txt found these) ------- */

/* Pixels of exactly colour rgb (opaque) in the main run's tiles of zoom
 * z. */
static size_t
count_colour(int z, unsigned rgb)
{
    vk_tile_range r;
    size_t n = 0;

    vk_tile_range_of(&bu->extent, z, &r);
    for (long ty = r.y0; ty <= r.y1; ty++)
        for (long tx = r.x0; tx <= r.x1; tx++) {
            int ct;
            uint8_t *px = read_tile(dir_main, z, tx, ty, &ct);

            for (size_t i = 0; px != NULL && i < 256 * 256; i++)
                n += px[4 * i] == (rgb >> 16 & 0xff) &&
                     px[4 * i + 1] == (rgb >> 8 & 0xff) &&
                     px[4 * i + 2] == (rgb & 0xff) && px[4 * i + 3] == 255;
            free(px);
        }
    return n;
}

/* Wijk boundaries (#555555, opaque) are drawn from zoom 10
 * (docs/tiles.md); at zoom 9 only gemeente boundaries. */
static void
test_wijk_lines_from_z10(void)
{
    CU_ASSERT_EQUAL(count_colour(9, 0x555555), 0);
    CU_ASSERT(count_colour(10, 0x555555) > 100);
}

/* A buurt smaller than a pixel still owns the pixel whose centre its
 * snapped outline (quarter pixels) covers: one from 10.55 to 11.45 pixels
 * of a z12 tile, in x and y, snaps to 10.5 .. 11.5 and takes pixel
 * (10, 10); leaving it out would leave a hole where it lies between
 * neighbours. One from 30.7 to 31.3 snaps to 30.75 .. 31.25, holds no
 * centre and is not drawn. */
static void
test_subpixel_buurt(void)
{
    const int z = 12;
    const long tx = 2100, ty = 1350;
    const double res = 2 * VK_MERC_HALF_M / ldexp(256.0, z);
    static const double lo[] = {10.55, 30.7}, hi[] = {11.45, 31.3};
    char *dir = vk_xstrdup(vk_test_tmp("tiles-subpixel"));
    vk_features *fs = vk_fixture_empty("subpixel", "EPSG:3857");
    vk_rgba red[2] = {{1, 0, 0, 1}, {1, 0, 0, 1}};
    vk_tilestyle ts;
    vk_tilegeom *g;
    vk_tiles_layer layer = {"sub", &ts, "sub", "", "", NULL, 0};
    vk_tiles_job job;
    vk_tiles_stats st;
    vk_error err;
    char *cmd, *path;
    uint8_t *px;
    int w = 0, h = 0, ct;
    long ppm;

    for (size_t i = 0; i < 2; i++) {
        /* Pixel (px, py) of the tile to metres. */
        double x0 = ((double)tx * 256 + lo[i]) * res - VK_MERC_HALF_M;
        double x1 = ((double)tx * 256 + hi[i]) * res - VK_MERC_HALF_M;
        double y0 = VK_MERC_HALF_M - ((double)ty * 256 + hi[i]) * res;
        double y1 = VK_MERC_HALF_M - ((double)ty * 256 + lo[i]) * res;
        const double ring[] = {x0, y0, x1, y0, x1, y1, x0, y1};
        char code[8];

        snprintf(code, sizeof code, "BU0%zu", i);
        vk_fixture_feature(fs, code, "GM0001");
        vk_fixture_ring(fs, ring, 4);
        vk_fixture_poly_end(fs);
    }
    vk_error_init(&err);
    g = vk_tilegeom_create(fs, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL_FATAL(vk_tilestyle_make(&ts, red, NULL, 2, &err), VK_OK);
    cmd = vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);
    CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, errb, sizeof errb), 0);
    free(cmd);
    one_layer_job(&job, dir, g, &layer, z, z, "subpixel");
    CU_ASSERT_EQUAL_FATAL(vk_tiles_run(&job, &st, &err), VK_OK);

    path = vk_xasprintf("%s/sub/%d/%ld/%ld.png", dir, z, tx, ty);
    px = vk_test_png_read(path, &w, &h, &ct, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(px);
    CU_ASSERT_EQUAL(w, 256);
    /* Pixel (10, 10): the buurt (under its gemeente outline), opaque. */
    CU_ASSERT_EQUAL(px[4 * (10 * 256 + 10) + 3], 255);
    /* Pixel (30, 30) and around: nothing. */
    CU_ASSERT_EQUAL(px[4 * (30 * 256 + 30) + 3], 0);
    CU_ASSERT_EQUAL(px[4 * (31 * 256 + 31) + 3], 0);
    free(px);
    free(path);
    vk_tilestyle_free(&ts);
    vk_tilegeom_destroy(g);
    vk_features_destroy(fs);
    free(dir);
}

/* ---- PMTiles ---------------------------------------------------------- */

/* A minimal PMTiles v3 reader of its own, to read archives back. */

static uint64_t
rd_le(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Gunzips n bytes into a new buffer (*len); NULL when not gzip. */
static uint8_t *
gunzip(const uint8_t *in, size_t n, size_t *len)
{
    z_stream z;
    size_t cap = 4 * n + 1024;
    uint8_t *o = vk_xmalloc(cap);
    int rc;

    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + 15) != Z_OK) {
        free(o);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    do {
        if (z.total_out == cap) {
            cap *= 2;
            o = vk_xreallocarray(o, cap, 1);
        }
        z.next_out = o + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK);
    *len = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(o);
        return NULL;
    }
    return o;
}

static uint64_t
rd_varint(const uint8_t **p, const uint8_t *end)
{
    uint64_t v = 0;

    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t b = *(*p)++;

        v |= (uint64_t)(b & 0x7f) << shift;
        if (b < 0x80)
            break;
    }
    return v;
}

/* The entries of a serialised directory (*n of them; caller frees). */
static vk_pm_entry *
decode_dir(const uint8_t *p, size_t len, size_t *n)
{
    const uint8_t *end = p + len;
    size_t k = (size_t)rd_varint(&p, end);
    vk_pm_entry *e = vk_xcalloc(k ? k : 1, sizeof *e);
    uint64_t id = 0;

    for (size_t i = 0; i < k; i++)
        e[i].tile_id = id += rd_varint(&p, end);
    for (size_t i = 0; i < k; i++)
        e[i].run_length = (uint32_t)rd_varint(&p, end);
    for (size_t i = 0; i < k; i++)
        e[i].length = (uint32_t)rd_varint(&p, end);
    for (size_t i = 0; i < k; i++) {
        uint64_t v = rd_varint(&p, end);

        e[i].offset = v == 0 && i > 0 ? e[i - 1].offset + e[i - 1].length
                                      : v - 1;
    }
    *n = p == end ? k : 0;
    return e;
}

/* What an archive file says: header fields and the lookup. */
typedef struct pm_file {
    uint8_t *b;
    size_t len;
    int leaves_used;
} pm_file;

/* The bytes of tile id in the archive (*len), or NULL. */
static const uint8_t *
pm_find(pm_file *f, uint64_t id, uint32_t *len)
{
    uint64_t off = rd_le(f->b + 8, 8), dlen = rd_le(f->b + 16, 8);
    const uint8_t *found = NULL;

    for (int depth = 0; depth < 4 && found == NULL; depth++) {
        size_t rawlen, n;
        uint8_t *raw = gunzip(f->b + off, (size_t)dlen, &rawlen);
        vk_pm_entry *e;
        size_t i;
        int leaf = 0;

        if (raw == NULL)
            return NULL;
        e = decode_dir(raw, rawlen, &n);
        free(raw);
        for (i = n; i > 0 && e[i - 1].tile_id > id; i--)
            ;
        if (i > 0 && e[i - 1].run_length == 0) {
            off = rd_le(f->b + 40, 8) + e[i - 1].offset;
            dlen = e[i - 1].length;
            leaf = 1;
            f->leaves_used = 1;
        } else if (i > 0 && id < e[i - 1].tile_id + e[i - 1].run_length) {
            found = f->b + rd_le(f->b + 56, 8) + e[i - 1].offset;
            *len = e[i - 1].length;
        }
        free(e);
        if (!leaf)
            break;
    }
    return found;
}

static void
test_pmtiles_ids(void)
{
    /* The examples of the PMTiles reference implementations (spec/
     * converter/tile_id_test.go, the Rust and Dart readers). */
    static const struct {
        int z;
        uint32_t x, y;
        uint64_t id;
    } ex[] = {{0, 0, 0, 0},  {1, 0, 0, 1},  {1, 0, 1, 2},
              {1, 1, 1, 3},  {1, 1, 0, 4},  {2, 0, 0, 5},
              {2, 1, 3, 11}, {3, 3, 0, 26}, {12, 3423, 1763, 19078479}};
    uint8_t seen[85] = {0};

    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        CU_ASSERT_EQUAL(vk_pmtiles_tile_id(ex[i].z, ex[i].x, ex[i].y),
                        ex[i].id);
    /* z0..z3: every id of 0..84 once, each zoom's after the one before,
     * and consecutive ids are neighbouring tiles (a Hilbert curve). */
    for (int z = 0; z <= 3; z++) {
        uint32_t n = 1u << z, px[64], py[64];
        uint64_t first = ((1u << 2 * z) - 1) / 3;

        for (uint32_t x = 0; x < n; x++)
            for (uint32_t y = 0; y < n; y++) {
                uint64_t id = vk_pmtiles_tile_id(z, x, y);

                CU_ASSERT_FATAL(id >= first && id < first + n * n);
                seen[id]++;
                px[id - first] = x;
                py[id - first] = y;
            }
        for (uint32_t k = 1; k < n * n; k++)
            CU_ASSERT_EQUAL(abs((int)px[k] - (int)px[k - 1]) +
                                abs((int)py[k] - (int)py[k - 1]),
                            1);
    }
    for (int i = 0; i < 85; i++)
        CU_ASSERT_EQUAL(seen[i], 1);
}

static void
test_pmtiles_directory(void)
{
    /* Ids 0, 1, 5 (a run of 3) and 300; the second content right after
     * the first, the third a repeat of the first, the fourth far on. */
    static const vk_pm_entry e[] = {{0, 0, 10, 1},
                                    {1, 10, 20, 1},
                                    {5, 0, 10, 3},
                                    {300, 1000, 200, 1}};
    static const uint8_t want[] = {4,    0,    1,    4,    0xa7, 0x02,
                                   1,    1,    3,    1,    10,   20,
                                   10,   0xc8, 0x01, 1,    0,    1,
                                   0xe9, 0x07};
    vk_bytes b = {0};
    vk_pm_entry *d;
    size_t n;

    vk_pmtiles_encode_dir(e, 4, &b);
    CU_ASSERT_EQUAL(b.len, sizeof want);
    CU_ASSERT(b.len == sizeof want && memcmp(b.data, want, b.len) == 0);
    d = decode_dir(b.data, b.len, &n);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    CU_ASSERT(memcmp(d, e, sizeof e) == 0);
    free(d);
    free(b.data);
}

/* The content of the tile at place pos of zoom z's Hilbert curve: the
 * same for rep tiles in a row; with sevens, the tiles at 3, 10, 17, ...
 * all "same". */
static int
content(char *buf, size_t cap, uint64_t pos, size_t rep, int sevens)
{
    if (sevens && pos % 7 == 3)
        return snprintf(buf, cap, "same");
    return snprintf(buf, cap, "tile %llu%*s", (unsigned long long)(pos / rep),
                    (int)(pos / rep % 13), "");
}

/* Writes an archive at path of every tile of zoom z, put row by row
 * (reverse: from the last), with content(). */
static int
write_archive(const char *path, int z, size_t rep, int sevens, int reverse)
{
    vk_error err;
    vk_pmtiles *p;
    vk_pmtiles_info info = {z, z, z, {3.3, 50.7, 7.3, 53.6}, 5.3, 52.1,
                            "{\"name\":\"proef\"}"};
    uint32_t n = 1u << z;
    uint64_t first = vk_pmtiles_tile_id(z, 0, 0);
    int rc = 0;

    vk_error_init(&err);
    p = vk_pmtiles_create(path, &err);
    if (p == NULL)
        return -1;
    for (uint32_t i = 0; i < n * n && rc == 0; i++) {
        uint32_t k = reverse ? n * n - 1 - i : i, x = k % n, y = k / n;
        char buf[64];
        int len = content(buf, sizeof buf, vk_pmtiles_tile_id(z, x, y) - first,
                          rep, sevens);

        rc = vk_pmtiles_put(p, z, x, y, buf, (size_t)len, &err) == VK_OK
                 ? 0
                 : -1;
    }
    if (rc == 0 && vk_pmtiles_finish(p, &info, &err) != VK_OK)
        rc = -1;
    vk_pmtiles_destroy(p);
    return rc;
}

static void
test_pmtiles_archive(void)
{
    /* All 65,536 tiles of z8, nearly all distinct: the root would pass
     * 16 KiB, so leaf directories; and z4 in runs of 4, the root alone. */
    static const struct {
        int z;
        size_t rep;
        int sevens, leaves;
        uint64_t entries, contents;
    } cases[] = {{8, 1, 1, 1, 65536, 65536 - 9362 + 1},
                 {4, 4, 0, 0, 64, 64}};

    for (size_t c = 0; c < 2; c++) {
        char *a = vk_xstrdup(vk_test_tmp("pm-a.pmtiles"));
        char *b = vk_xstrdup(vk_test_tmp("pm-b.pmtiles"));
        pm_file f = {0};
        size_t blen, mlen, bad = 0, ntiles = (size_t)1 << 2 * cases[c].z;
        uint64_t first = vk_pmtiles_tile_id(cases[c].z, 0, 0);
        char *bb;
        uint8_t *meta;

        CU_ASSERT_EQUAL_FATAL(write_archive(a, cases[c].z, cases[c].rep,
                                            cases[c].sevens, 0),
                              0);
        CU_ASSERT_EQUAL_FATAL(write_archive(b, cases[c].z, cases[c].rep,
                                            cases[c].sevens, 1),
                              0);
        f.b = (uint8_t *)vk_test_slurp(a, &f.len);
        bb = vk_test_slurp(b, &blen);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f.b);
        /* The same tiles in another order: the same bytes. */
        CU_ASSERT(bb != NULL && blen == f.len && memcmp(bb, f.b, blen) == 0);
        CU_ASSERT(memcmp(f.b, "PMTiles\x03", 8) == 0);
        CU_ASSERT_EQUAL(rd_le(f.b + 8, 8), 127);
        CU_ASSERT(rd_le(f.b + 8, 8) + rd_le(f.b + 16, 8) <= 16384);
        CU_ASSERT_EQUAL(rd_le(f.b + 72, 8), ntiles); /* addressed */
        CU_ASSERT_EQUAL(rd_le(f.b + 80, 8), cases[c].entries);
        CU_ASSERT_EQUAL(rd_le(f.b + 88, 8), cases[c].contents);
        CU_ASSERT_EQUAL(f.b[96], 1); /* clustered */
        CU_ASSERT_EQUAL(f.b[97], 2); /* gzip */
        CU_ASSERT_EQUAL(f.b[98], 1);
        CU_ASSERT_EQUAL(f.b[99], 2); /* PNG */
        CU_ASSERT_EQUAL(f.b[100], cases[c].z);
        CU_ASSERT_EQUAL(f.b[101], cases[c].z);
        CU_ASSERT_EQUAL((int32_t)rd_le(f.b + 102, 4), 33000000);
        CU_ASSERT_EQUAL((int32_t)rd_le(f.b + 114, 4), 536000000);
        CU_ASSERT_EQUAL((int32_t)rd_le(f.b + 123, 4), 521000000);
        /* The sections follow each other to the end. */
        CU_ASSERT_EQUAL(rd_le(f.b + 24, 8),
                        rd_le(f.b + 8, 8) + rd_le(f.b + 16, 8));
        CU_ASSERT_EQUAL(rd_le(f.b + 40, 8),
                        rd_le(f.b + 24, 8) + rd_le(f.b + 32, 8));
        CU_ASSERT_EQUAL(rd_le(f.b + 56, 8),
                        rd_le(f.b + 40, 8) + rd_le(f.b + 48, 8));
        CU_ASSERT_EQUAL(rd_le(f.b + 56, 8) + rd_le(f.b + 64, 8), f.len);
        meta = gunzip(f.b + rd_le(f.b + 24, 8), (size_t)rd_le(f.b + 32, 8),
                      &mlen);
        CU_ASSERT(meta != NULL && mlen == 16 &&
                  memcmp(meta, "{\"name\":\"proef\"}", 16) == 0);
        free(meta);
        /* Every tile there, and clustered: in id order, each new content
         * right after the one before. */
        {
            uint64_t end = 0;
            const uint8_t *data = f.b + rd_le(f.b + 56, 8);

            for (uint64_t pos = 0; pos < ntiles; pos++) {
                char want[64];
                int n = content(want, sizeof want, pos, cases[c].rep,
                                cases[c].sevens);
                uint32_t len = 0;
                const uint8_t *got = pm_find(&f, first + pos, &len);

                if (got == NULL || len != (uint32_t)n ||
                    memcmp(got, want, len) != 0)
                    bad++;
                else if ((uint64_t)(got - data) > end)
                    bad++;
                else if ((uint64_t)(got - data) == end)
                    end += len;
            }
            CU_ASSERT_EQUAL(end, rd_le(f.b + 64, 8));
        }
        CU_ASSERT_EQUAL(bad, 0);
        CU_ASSERT_EQUAL(f.leaves_used, cases[c].leaves);
        CU_ASSERT_EQUAL(rd_le(f.b + 48, 8) > 0, cases[c].leaves);
        /* A tile not put is not there. */
        {
            uint32_t len;

            CU_ASSERT_PTR_NULL(pm_find(&f, first - 1, &len));
            CU_ASSERT_PTR_NULL(pm_find(&f, first + ntiles, &len));
        }
        free(f.b);
        free(bb);
        free(a);
        free(b);
    }
}

/* Every tile of layer STYLE in dir's folders is in dir's archive with
 * the same bytes, and the archive holds no other. */
static void
check_archive_against_folders(const char *archive, const char *dir)
{
    pm_file f = {0};
    size_t nfiles = 0, bad = 0;

    f.b = (uint8_t *)vk_test_slurp(archive, &f.len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.b);
    /* The tiles over the data (the run's region): looking at every tile
     * of the world to z13, 89 million names, took two minutes. */
    for (int z = ZMIN; z <= ZMAX; z++) {
        vk_tile_range r;

        vk_tile_range_of(&bu->extent, z, &r);
        for (long x = r.x0; x <= r.x1; x++)
            for (long y = r.y0; y <= r.y1; y++) {
                char *p = tile_file(dir, z, x, y);
                size_t len;
                char *want = exists(p) ? vk_test_slurp(p, &len) : NULL;

                free(p);
                if (want == NULL)
                    continue;
                nfiles++;
                {
                    uint32_t glen = 0;
                    const uint8_t *got = pm_find(
                        &f, vk_pmtiles_tile_id(z, (uint32_t)x, (uint32_t)y),
                        &glen);

                    if (got == NULL || glen != len ||
                        memcmp(got, want, len) != 0)
                        bad++;
                }
                free(want);
            }
    }
    CU_ASSERT(nfiles > 100);
    CU_ASSERT_EQUAL(bad, 0);
    /* Every tile the archive addresses is one of those. */
    CU_ASSERT_EQUAL(rd_le(f.b + 72, 8), nfiles);
    free(f.b);
}

static void
test_pmtiles_run(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-pm"));
    char *d2 = vk_xstrdup(vk_test_tmp("tiles-pm-nodir"));
    char *a = vk_xasprintf("%s/%s.pmtiles", d, STYLE);
    char *a2 = vk_xasprintf("%s/%s.pmtiles", d2, STYLE);
    char *z = vk_xasprintf("%s/%s/%d", d2, STYLE, ZMIN);
    char *first, *again, *nodir;
    size_t n1, n2, n3;

    CU_ASSERT_EQUAL_FATAL(tiles_run(d, "--pmtiles --jobs 2", 0), 0);
    check_archive_against_folders(a, d);
    first = vk_test_slurp(a, &n1);
    /* A rerun skips every metatile and reads their tiles back. */
    CU_ASSERT_EQUAL(tiles_run(d, "--pmtiles --jobs 2", 1), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, " 0 tiles written"));
    again = vk_test_slurp(a, &n2);
    CU_ASSERT(first != NULL && again != NULL && n1 == n2 &&
              memcmp(first, again, n1) == 0);
    /* The archive alone, one thread: the same bytes, no folders. */
    CU_ASSERT_EQUAL(tiles_run(d2, "--pmtiles --no-dir --jobs 1", 0), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, " tiles stored ("));
    nodir = vk_test_slurp(a2, &n3);
    CU_ASSERT(first != NULL && nodir != NULL && n1 == n3 &&
              memcmp(first, nodir, n1) == 0);
    CU_ASSERT(!exists(z));
    /* --no-dir alone would write nothing. */
    CU_ASSERT_EQUAL(tiles_run(d2, "--no-dir", 0), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "veerkracht tiles: --no-dir writes "
                                        "no tile folders, so it needs "
                                        "--pmtiles or --mbtiles\n"));
    /* Nor can one archive be made by shards. */
    CU_ASSERT_EQUAL(tiles_run(d2, "--pmtiles --shard 0/2", 0), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "veerkracht tiles: --pmtiles makes "
                                        "one archive of every tile of a "
                                        "layer, so it cannot be split with "
                                        "--shard\n"));
    free(first);
    free(again);
    free(nodir);
    free(z);
    free(a);
    free(a2);
    free(d);
    free(d2);
}



/* ---- a ring across the antimeridian ----------------------------------- */

/* Pixel (x, y) of zoom z's world raster (256-px tiles) at lon/lat. */
static void
world_px(int z, double lon, double lat, long *x, long *y)
{
    const double pi = 3.14159265358979323846;
    double n = ldexp(256.0, z), phi = lat * pi / 180;

    *x = (long)floor((lon + 180) / 360 * n);
    *y = (long)floor((1 - log(tan(phi) + 1 / cos(phi)) / pi) / 2 * n);
}

/* Colour (0xRRGGBB, or NO_TILE: no tile, ~0u: not opaque) of the pixel of
 * layer id at lon/lat, zoom z, in dir. */
static unsigned
tile_rgb(const char *dir, const char *id, int z, double lon, double lat)
{
    long x, y;
    int w = 0, h = 0, ct;
    long ppm;
    char *p;
    uint8_t *px;
    unsigned rgb = NO_TILE;

    world_px(z, lon, lat, &x, &y);
    p = vk_xasprintf("%s/%s/%d/%ld/%ld.png", dir, id, z, x / 256, y / 256);
    px = vk_test_png_read(p, &w, &h, &ct, &ppm);
    if (px != NULL && w == 256 && h == 256) {
        const uint8_t *q =
            px + 4 * ((size_t)(y % 256) * 256 + (size_t)(x % 256));

        rgb = q[3] == 255 ? (unsigned)q[0] << 16 | (unsigned)q[1] << 8 | q[2]
                          : ~0u;
    }
    free(px);
    free(p);
    return rgb;
}

/* Lon/lat boundaries with a ring from 178 to -178 degrees (40..5 S),
 * either among boxes around the world at 20..50 N (no gap in longitude:
 * split at the antimeridian on reading) or with one box at 0..30 E (read
 * whole, 178 .. 182, and split on the way to Web Mercator), read as
 * veerkracht tiles reads them and moved to Web Mercator: at z2 the ring's
 * two parts fill the east end of tile 3 and the west end of tile 0 of row
 * 2, and the two tiles between them at its latitude, where the unsplit
 * ring painted a band across the world, are not written. */
static void
test_antimeridian_tiles(void)
{
    char *d = vk_xstrdup(vk_test_tmp("tiles-antimeridian"));
    const char *path = vk_test_tmp("antimeridian.geojson");
    double box[13][4];
    vk_rgba fills[13];
    vk_features *fs;
    vk_error err;

    for (int i = 0; i < 12; i++) {
        box[i][0] = -180 + 30 * i, box[i][1] = 20;
        box[i][2] = -150 + 30 * i, box[i][3] = 50;
        fills[i] = (vk_rgba){0.2, 0.2, 0.8, 1};
    }
    for (int world = 1; world >= 0; world--) {
        size_t n = world ? 13 : 2;

        box[n - 1][0] = 178, box[n - 1][1] = -40;
        box[n - 1][2] = -178, box[n - 1][3] = -5;
        fills[n - 1] = (vk_rgba){0.8, 0.2, 0.2, 1};
        if (!world)
            box[0][0] = 0, box[0][2] = 30;
        CU_ASSERT_EQUAL_FATAL(
            vk_fixture_lonlat_boxes(path, (const double (*)[4])box, n,
                                    (long)n - 1), 0);
        vk_error_init(&err);
        fs = vk_source_read_layer(path, NULL, "code", NULL, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
        CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:3857", &err),
                              VK_OK);
        tiles_of(fs, fills, "am", d, 2, 2);

        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, 179, -20), A_FILL);
        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, -179, -20), A_FILL);
        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, -45, -20), NO_TILE);
        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, 45, -20), NO_TILE);
        /* Nothing (transparent) beside the parts, in their tiles. */
        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, 170, -20), ~0u);
        CU_ASSERT_EQUAL(tile_rgb(d, "am", 2, -170, -20), ~0u);
        vk_features_destroy(fs);
    }
    free(d);
}

void
vk_test_register_tiles(void)
{
    static const vk_test_case tests[] = {
        {"math", test_math},
        {"shard_math", test_shard_math},
        {"tile_set", test_tile_set},
        {"colours", test_colours},
        {"ID tiles name the buurt at every zoom", test_id_tiles},
        {"an ID tile of 400 buurten is truecolour and exact",
         test_id_tile_truecolour},
        {"no_seams", test_no_seams},
        {"uniform_links", test_uniform_links},
        {"no outline-only tiles at z14-16, lines inside the data",
         test_outline_only_tiles},
        {"a ring across the antimeridian: no band in the tiles",
         test_antimeridian_tiles},
        {"mbtiles", test_mbtiles},
        {"tilejson", test_tilejson},
        {"deterministic", test_deterministic},
        {"tile size 512 at scale 2", test_tile_size_and_scale},
        {"shards", test_shards},
        {"viewer_leftovers", test_viewer_leftovers},
        {"file_modes", test_file_modes},
        {"resume", test_resume},
        {"column_not_folder", test_column_not_folder},
        {"refuse_huge", test_refuse_huge},
        {"refuse_span", test_refuse_span},
        {"refuse_tile_size", test_refuse_tile_size},
        {"wijk_lines_from_z10", test_wijk_lines_from_z10},
        {"subpixel_buurt", test_subpixel_buurt},
        {"bbox_cuts_extent", test_bbox_cuts_extent},
        {"pmtiles tile ids", test_pmtiles_ids},
        {"pmtiles directory", test_pmtiles_directory},
        {"pmtiles archive", test_pmtiles_archive},
        {"pmtiles run", test_pmtiles_run},
        {NULL, NULL},
    };

    vk_test_add_suite("tiles", init, cleanup, tests);
}
