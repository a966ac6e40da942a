/* SPDX-License-Identifier: MIT */
/* Tests of the map renderer: fit and true shape, class colours at buurt
 * centres, grey surroundings, holes, outline order, cairo errors. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "render_priv.h"
#include "vk_test.h"

/* The fixture grid's origin and cell size (fixtures.c). */
#define X0 100000.0
#define Y0 400000.0
#define CELL 100.0

static vk_features *grid;

static int
suite_init(void)
{
    grid = vk_fixture_grid();
    return grid == NULL;
}

static int
suite_cleanup(void)
{
    vk_features_destroy(grid);
    grid = NULL;
    return 0;
}

/* ---- hand-built feature sets ---------------------------------------- */

static vk_features *
features_new(void)
{
    return vk_fixture_empty("hand-built", "EPSG:28992");
}

/* Adds a ring of n points (closed here) to the last feature; offsets are
 * from the grid origin. */
static void
ring_add(vk_features *fs, const double *xy, size_t n)
{
    double *at = vk_xcalloc(2 * n, sizeof *at);

    for (size_t i = 0; i < n; i++) {
        at[2 * i] = X0 + xy[2 * i];
        at[2 * i + 1] = Y0 + xy[2 * i + 1];
    }
    vk_fixture_ring(fs, at, n);
    free(at);
}

static void
rect_add(vk_features *fs, double x0, double y0, double x1, double y1)
{
    const double r[] = {x0, y0, x1, y0, x1, y1, x0, y1};

    ring_add(fs, r, 4);
    vk_fixture_poly_end(fs);
}

/* ---- pixels ---------------------------------------------------------- */

/* 0xAARRGGBB of a pixel (premultiplied; equal to straight when opaque). */
static uint32_t
pixel(cairo_surface_t *s, int x, int y)
{
    uint32_t p;

    cairo_surface_flush(s);
    memcpy(&p, cairo_image_surface_get_data(s) +
                   (size_t)y * (size_t)cairo_image_surface_get_stride(s) +
                   4 * (size_t)x, 4);
    return p;
}

/* Pixel under a map coordinate, with the surface scaled by px_per_pt. */
static uint32_t
pixel_at(cairo_surface_t *s, const vk_mapview *v, double x, double y,
         double px_per_pt)
{
    double px, py;

    vk_render_to_page(v, x, y, &px, &py);
    return pixel(s, (int)floor(px * px_per_pt), (int)floor(py * px_per_pt));
}

/* Class colour of cell i: distinct, and exact in 8 bits (k / 255). */
static vk_rgba
cell_rgba(size_t i)
{
    return (vk_rgba){(40 + 20 * i) / 255.0, (200 - 15 * i) / 255.0,
                     (100 + 10 * i) / 255.0, 1};
}

static uint32_t
cell_argb(size_t i)
{
    return 0xff000000u | (uint32_t)(40 + 20 * i) << 16 |
           (uint32_t)(200 - 15 * i) << 8 | (uint32_t)(100 + 10 * i);
}

static double
cell_cx(size_t i)
{
    return X0 + CELL * (double)(i % 3) + CELL / 2;
}

static double
cell_cy(size_t i)
{
    return Y0 + CELL * (double)(i / 3) + CELL / 2;
}

/* Renders b into a new w x h image surface, scaled by px_per_pt, with the
 * frame given in points and fitted to area's buurten. */
static cairo_surface_t *
render(const vk_boundaries *b, const vk_rgba *fill, const char *area,
       int w, int h, double px_per_pt, vk_mapview *v, vk_status *rc)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w,
                                                    h);
    cairo_t *cr = cairo_create(s);
    vk_bbox a;
    vk_error err;

    vk_bbox_reset(&a);
    for (size_t i = 0; i < b->buurten->n; i++)
        if (area == NULL || strcmp(b->buurten->f[i].gemeentecode, area) == 0)
            vk_bbox_union(&a, &b->buurten->f[i].bbox);
    memset(v, 0, sizeof *v);
    v->b = b;
    v->fill = fill;
    v->area = area != NULL ? vk_test_area(b, area) : NULL;
    v->x_pt = 10;
    v->y_pt = 10;
    v->w_pt = w / px_per_pt - 20;
    v->h_pt = h / px_per_pt - 20;
    vk_render_fit(v, &a, 0.05);
    cairo_scale(cr, px_per_pt, px_per_pt);
    vk_error_init(&err);
    *rc = vk_render_map(cr, NULL, v, &err);
    cairo_destroy(cr);
    return s;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_fit_true_shape(void)
{
    vk_boundaries b = {grid, NULL, NULL};
    vk_mapview v = {.b = &b, .x_pt = 10, .y_pt = 20, .w_pt = 400,
                    .h_pt = 200};
    vk_bbox area = {X0, Y0, X0 + 200, Y0 + 300};
    double s, px, py, px2, py2;

    /* Height limits: 300 m plus 5% each side is 330 m over 200 pt. The
     * extent is widened to the frame's 2:1, centred on the area. */
    s = vk_render_fit(&v, &area, 0.05);
    CU_ASSERT_DOUBLE_EQUAL(s, 330.0 / 200.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(vk_render_scale(&v), s, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.maxy - v.extent.miny, 330, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.maxx - v.extent.minx, 660, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.minx + v.extent.maxx, 2 * X0 + 200,
                           1e-6);

    /* The area's centre lands on the frame's centre; north is up and one
     * map unit is the same length in x and y. */
    vk_render_to_page(&v, X0 + 100, Y0 + 150, &px, &py);
    CU_ASSERT_DOUBLE_EQUAL(px, 210, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(py, 120, 1e-9);
    vk_render_to_page(&v, X0 + 200, Y0 + 250, &px2, &py2);
    CU_ASSERT_DOUBLE_EQUAL(px2 - px, 100 / s, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(py - py2, 100 / s, 1e-9);

    /* A wide area in a tall frame: width limits. */
    v.w_pt = 100;
    v.h_pt = 400;
    s = vk_render_fit(&v, &area, 0);
    CU_ASSERT_DOUBLE_EQUAL(s, 200.0 / 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.maxy - v.extent.miny, 800, 1e-9);

    /* No area: the buurten's extent (the whole 300 m grid). */
    v.w_pt = v.h_pt = 300;
    s = vk_render_fit(&v, NULL, 0);
    CU_ASSERT_DOUBLE_EQUAL(s, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.minx, X0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.extent.maxy, Y0 + 300, 1e-9);
}

static void
test_class_colours_at_centres(void)
{
    vk_boundaries b = {grid, NULL, NULL};
    vk_rgba fill[9];
    vk_mapview v;
    vk_status rc;
    cairo_surface_t *s;

    for (size_t i = 0; i < 9; i++)
        fill[i] = cell_rgba(i);
    s = render(&b, fill, "GM0001", 300, 300, 1, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);

    /* Columns 0 and 1 are Testdorp (GM0001) in their class colour; column
     * 2 belongs to GM0002 and is grey whatever its fill. */
    for (size_t i = 0; i < 9; i++) {
        uint32_t got = pixel_at(s, &v, cell_cx(i), cell_cy(i), 1);

        if (i % 3 < 2) {
            CU_ASSERT_EQUAL(got, cell_argb(i));
        } else {
            CU_ASSERT_EQUAL(got, 0xffe6e6e6u);
        }
    }

    /* Inside the frame but off the grid: white paper; outside the frame:
     * untouched (transparent), so the clip holds. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 - 10, Y0 + 150, 1), 0xffffffffu);
    CU_ASSERT_EQUAL(pixel(s, 5, 5), 0u);
    CU_ASSERT_EQUAL(pixel(s, 295, 150), 0u);
    cairo_surface_destroy(s);

    /* Without an area every buurt is in focus. */
    s = render(&b, fill, NULL, 300, 300, 1, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);
    for (size_t i = 0; i < 9; i++)
        CU_ASSERT_EQUAL(pixel_at(s, &v, cell_cx(i), cell_cy(i), 1),
                        cell_argb(i));
    cairo_surface_destroy(s);
}

/* A map of everything draws buurt outlines only where buurten are big
 * enough on the page to show them (6 pt on average): on a small map the
 * shared edge of two buurten of one colour has that colour, not white. */
static void
test_small_scale_no_buurt_lines(void)
{
    vk_boundaries b = {grid, NULL, NULL};
    vk_rgba fill[9];
    vk_mapview v;
    vk_status rc;
    cairo_surface_t *s;
    double edge_x = X0 + CELL, mid_y = Y0 + CELL / 2;

    for (size_t i = 0; i < 9; i++)
        fill[i] = (vk_rgba){0.2, 0.4, 0.6, 1};
    /* Red of the pixel on the edge: 0x33 is the fill; the 0.25 pt white
     * line at 8 px a point lifts it far up, anti-aliasing alone a little. */
    /* 40 pt frame: a cell is about 12 pt, outlines drawn. */
    s = render(&b, fill, NULL, 480, 480, 8, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);
    CU_ASSERT_TRUE(((pixel_at(s, &v, edge_x, mid_y, 8) >> 16) & 0xff) > 0xa0);
    cairo_surface_destroy(s);
    /* 10 pt frame: a cell is 3 pt, no outlines. */
    s = render(&b, fill, NULL, 240, 240, 8, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);
    CU_ASSERT_TRUE(((pixel_at(s, &v, edge_x, mid_y, 8) >> 16) & 0xff) < 0x60);
    cairo_surface_destroy(s);
}

/* Length in pixels of the run of pixels with the colour at (x, y), going
 * in direction (dx, dy) and back. */
static int
run_length(cairo_surface_t *s, int x, int y, int dx, int dy)
{
    uint32_t c = pixel(s, x, y);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int n = 1;

    for (int k = 1; x + k * dx < w && y + k * dy < h &&
                    pixel(s, x + k * dx, y + k * dy) == c; k++)
        n++;
    for (int k = 1; x - k * dx >= 0 && y - k * dy >= 0 &&
                    pixel(s, x - k * dx, y - k * dy) == c; k++)
        n++;
    return n;
}

static void
test_cells_stay_square(void)
{
    static const int sizes[][2] = {{300, 300}, {600, 220}, {200, 500}};
    vk_boundaries b = {grid, NULL, NULL};
    vk_rgba fill[9];

    for (size_t i = 0; i < 9; i++)
        fill[i] = cell_rgba(i);

    /* Whatever the frame's shape, cell 4 (100 m square) measures the same
     * in x and y. The solid run stops at the anti-aliased edge pixels, so
     * it is 100 / s pixels less up to 2 on each axis. */
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        vk_mapview v;
        vk_status rc;
        cairo_surface_t *s = render(&b, fill, "GM0001", sizes[k][0],
                                    sizes[k][1], 1, &v, &rc);
        double px, py, side = CELL / vk_render_scale(&v);
        int wx, wy;

        vk_render_to_page(&v, cell_cx(4), cell_cy(4), &px, &py);
        wx = run_length(s, (int)px, (int)py, 1, 0);
        wy = run_length(s, (int)px, (int)py, 0, 1);
        CU_ASSERT_EQUAL(rc, VK_OK);
        CU_ASSERT_TRUE(abs(wx - wy) <= 1);
        CU_ASSERT_TRUE(wx >= side - 2 && wx <= side + 0.5);
        CU_ASSERT_TRUE(wy >= side - 2 && wy <= side + 0.5);
        cairo_surface_destroy(s);
    }
}

static void
test_holes_not_filled(void)
{
    /* One feature: a 300 m square with a 100 m hole, plus a second
     * polygon off to the right (a multipolygon). */
    static const double shell[] = {0, 0, 300, 0, 300, 300, 0, 300};
    static const double hole[] = {100, 100, 100, 200, 200, 200, 200, 100};
    vk_features *fs = features_new();
    vk_boundaries b = {fs, NULL, NULL};
    vk_rgba red = {1, 0, 0, 1};
    vk_mapview v;
    vk_status rc;
    cairo_surface_t *s;

    (void)vk_fixture_feature(fs, "BU1", "GM0001");
    ring_add(fs, shell, 4);
    ring_add(fs, hole, 4);
    vk_fixture_poly_end(fs);
    rect_add(fs, 400, 100, 500, 200);

    s = render(&b, &red, "GM0001", 400, 200, 1, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 150, Y0 + 150, 1), 0xffffffffu);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 50, Y0 + 150, 1), 0xffff0000u);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 250, Y0 + 250, 1), 0xffff0000u);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 450, Y0 + 150, 1), 0xffff0000u);
    /* Between the parts: paper. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 350, Y0 + 150, 1), 0xffffffffu);
    cairo_surface_destroy(s);
    vk_features_destroy(fs);
}

/* Triangles are rings of three vertices (four points, closed): small
 * buurten, holes and the parts simplification leaves are often that. A
 * triangular buurt, a sliver triangle 300 m long and at most 4 m wide,
 * and a square buurt with a triangular hole, all of GM0001, each filled
 * in its class colour; the hole shows the paper. */
static void
test_triangles_drawn(void)
{
    static const double tri[] = {0, 0, 200, 0, 100, 200};
    static const double sliver[] = {250, 0, 550, 0, 550, 4};
    static const double square[] = {600, 0, 900, 0, 900, 300, 600, 300};
    static const double hole[] = {700, 100, 800, 100, 750, 200};
    vk_features *fs = features_new();
    vk_boundaries b = {fs, NULL, NULL};
    vk_rgba fill[3];
    vk_mapview v;
    vk_status rc;
    cairo_surface_t *s;
    const double k = 2; /* pixels per point */

    (void)vk_fixture_feature(fs, "BU1", "GM0001");
    ring_add(fs, tri, 3);
    vk_fixture_poly_end(fs);
    (void)vk_fixture_feature(fs, "BU2", "GM0001");
    ring_add(fs, sliver, 3);
    vk_fixture_poly_end(fs);
    (void)vk_fixture_feature(fs, "BU3", "GM0001");
    ring_add(fs, square, 4);
    ring_add(fs, hole, 3);
    vk_fixture_poly_end(fs);
    for (size_t i = 0; i < 3; i++)
        fill[i] = cell_rgba(i);

    /* 900 m by 300 m plus 5% margins (990 m by 330 m) in a 700 x 250 pt
     * frame: 990 / 700 = 1.414 m a point, so the sliver is 2.7 pt (5.4 px)
     * thick where it is tested. */
    s = render(&b, fill, "GM0001", 1440, 540, k, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(vk_render_scale(&v), 990.0 / 700.0, 1e-9);
    /* Inside the triangle (its centroid is at (100, 66.7)). */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 100, Y0 + 60, k), cell_argb(0));
    /* Inside the sliver: at x = 535 it spans y 0 to 3.8 m. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 535, Y0 + 1.9, k), cell_argb(1));
    /* The square's fill, and paper at the centre of its hole. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 650, Y0 + 250, k), cell_argb(2));
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 750, Y0 + 133.3, k), 0xffffffffu);
    /* Beside the sliver, off every buurt: paper. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 400, Y0 + 100, k), 0xffffffffu);
    cairo_surface_destroy(s);
    vk_features_destroy(fs);
}

static void
test_boundaries_on_top(void)
{
    /* Two wijken in GM0001 (cells 0, 1, 3, 4 and cells 6, 7); gemeenten
     * GM0001 (columns 0-1) and GM0002 (column 2), as in the fixture. */
    vk_features *wijken = features_new(), *gemeenten = features_new();
    vk_boundaries b = {grid, wijken, gemeenten};
    vk_rgba fill[9];
    vk_mapview v;
    vk_status rc;
    cairo_surface_t *s;
    const double k = 4; /* pixels per point: lines are several px wide */

    (void)vk_fixture_feature(wijken, "WK000100", "GM0001");
    rect_add(wijken, 0, 0, 200, 200);
    (void)vk_fixture_feature(wijken, "WK000101", "GM0001");
    rect_add(wijken, 0, 200, 200, 300);
    (void)vk_fixture_feature(gemeenten, "GM0001", "GM0001");
    rect_add(gemeenten, 0, 0, 200, 300);
    (void)vk_fixture_feature(gemeenten, "GM0002", "GM0002");
    rect_add(gemeenten, 200, 0, 300, 300);
    for (size_t i = 0; i < 9; i++)
        fill[i] = cell_rgba(i);

    s = render(&b, fill, "GM0001", 1200, 1200, k, &v, &rc);
    CU_ASSERT_EQUAL(rc, VK_OK);

    /* Line centres: a wijk boundary (0.8 pt, #555555) between rows 1 and
     * 2; where wijk and gemeente boundaries coincide the gemeente's
     * (1.6 pt, #222222) is on top; another gemeente's edge is #999999. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 50, Y0 + 200, k), 0xff555555u);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 200, Y0 + 150, k), 0xff222222u);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 200, Y0 + 50, k), 0xff222222u);
    CU_ASSERT_EQUAL(pixel_at(s, &v, X0 + 250, Y0 + 300, k), 0xff999999u);
    /* Cell centres keep their colours. */
    CU_ASSERT_EQUAL(pixel_at(s, &v, cell_cx(4), cell_cy(4), k),
                    cell_argb(4));
    CU_ASSERT_EQUAL(pixel_at(s, &v, cell_cx(5), cell_cy(5), k),
                    0xffe6e6e6u);
    cairo_surface_destroy(s);
    vk_features_destroy(wijken);
    vk_features_destroy(gemeenten);
}

static void
test_cairo_error_reported(void)
{
    vk_boundaries b = {grid, NULL, NULL};
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1,
                                                    -1);
    cairo_t *cr = cairo_create(s);
    vk_mapview v = {.b = &b, .w_pt = 100, .h_pt = 100};
    vk_error err;

    /* A context already in error: nothing is drawn, the status shows. */
    vk_render_fit(&v, NULL, 0);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_render_map(cr, NULL, &v, &err), VK_ERENDER);
    CU_ASSERT_EQUAL(err.code, VK_ERENDER);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "invalid"));
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* One original vertex of a feature, and whether its simplified rings keep
 * it. */
typedef struct kept_pt {
    double x, y;
    size_t feature;
    int kept;
} kept_pt;

static int
cmp_kept(const void *a, const void *b)
{
    const kept_pt *p = a, *q = b;

    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->feature < q->feature ? -1 : p->feature > q->feature;
}

static int
simple_has(const vk_simple *o, size_t f, double x, double y)
{
    for (size_t r = o->feat_off[f]; r < o->feat_off[f + 1]; r++)
        for (size_t k = o->ring_off[r]; k < o->ring_off[r + 1]; k++)
            if (o->pts.p[2 * k] == x && o->pts.p[2 * k + 1] == y)
                return 1;
    return 0;
}

/* Simplifying the sample's buurten keeps every shared edge shared: a
 * vertex two buurten have in common is kept by both or by neither (so no
 * gap or overlap opens between them), and far fewer vertices remain. */
static void
test_simplify_keeps_shared_edges(void)
{
    vk_source_opts so = {0};
    vk_boundaries *b = NULL;
    vk_error err;
    vk_simple o;
    const vk_features *fs;
    unsigned char *sel;
    kept_pt *pts;
    size_t n = 0, total = 0, shared = 0, shared_kept = 0;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                              vk_test_src("samples/regio.gpkg"), &so, &b, &err),
                          VK_OK);
    fs = b->buurten;
    sel = calloc(fs->n, 1);
    for (size_t i = 0; i < fs->n; i++)
        sel[i] = 1;
    /* 25 m: about 0.2 pt at 1:350.000, coarse enough to drop a lot. */
    vk_simple_build(&o, fs, sel, 25.0);
    CU_ASSERT_TRUE(o.pts.n > 0);
    CU_ASSERT_TRUE(o.pts.n * 3 < fs->g.npts);

    pts = calloc(fs->g.npts, sizeof *pts);
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count;
             p++)
            for (size_t r = fs->g.poly_off[p]; r < fs->g.poly_off[p + 1]; r++)
                for (size_t k = fs->g.ring_off[r];
                     k + 1 < fs->g.ring_off[r + 1]; k++)
                    pts[n++] = (kept_pt){fs->g.xy[2 * k],
                                         fs->g.xy[2 * k + 1], i, 0};
    }
    qsort(pts, n, sizeof *pts, cmp_kept);
    for (size_t i = 0; i < n; i++)
        pts[i].kept = simple_has(&o, pts[i].feature, pts[i].x, pts[i].y);
    for (size_t i = 0, j; i < n; i = j) {
        int mismatch = 0;

        for (j = i + 1; j < n && pts[j].x == pts[i].x && pts[j].y == pts[i].y;
             j++)
            mismatch |= pts[j].feature != pts[i].feature &&
                        pts[j].kept != pts[i].kept;
        if (pts[j - 1].feature != pts[i].feature) {
            shared++;
            shared_kept += pts[i].kept;
        }
        total++;
        CU_ASSERT_FALSE(mismatch);
    }
    /* Most vertices lie on shared edges, and some of those go. */
    CU_ASSERT_TRUE(shared * 2 > total);
    CU_ASSERT_TRUE(shared_kept < shared);
    CU_ASSERT_TRUE(shared_kept > 0);
    free(pts);
    free(sel);
    vk_simple_free(&o);
    vk_boundaries_destroy(b);
}

/* An extent of another shape than the frame (set by hand, not by
 * vk_render_fit) is fitted whole, its long side across the frame: 400 m by
 * 100 m in a 100 pt square is 4 m a point, and its corners stay inside
 * the frame. */
static void
test_any_extent_fits_whole(void)
{
    vk_boundaries b = {grid, NULL, NULL};
    vk_mapview v = {.b = &b, .x_pt = 0, .y_pt = 0, .w_pt = 100,
                    .h_pt = 100};
    double px, py;

    v.extent = (vk_bbox){X0, Y0, X0 + 400, Y0 + 100};
    CU_ASSERT_DOUBLE_EQUAL(vk_render_scale(&v), 4.0, 1e-12);
    vk_render_to_page(&v, X0, Y0, &px, &py);
    CU_ASSERT_DOUBLE_EQUAL(px, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(py, 62.5, 1e-9);
    vk_render_to_page(&v, X0 + 400, Y0 + 100, &px, &py);
    CU_ASSERT_DOUBLE_EQUAL(px, 100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(py, 37.5, 1e-9);
    /* Tall: 100 m by 400 m, the height limits. */
    v.extent = (vk_bbox){X0, Y0, X0 + 100, Y0 + 400};
    CU_ASSERT_DOUBLE_EQUAL(vk_render_scale(&v), 4.0, 1e-12);
}

/* ---- lon/lat data beyond a UTM zone ----------------------------------- */

/* Writes the boxes (vk_fixture_lonlat_boxes) and opens them as a map
 * set's boundaries, in the CRS veerkracht picks; NULL with err set. */
static vk_mapset *
open_boxes(const char *name, const double (*box)[4], size_t n, long lone,
           vk_error *err)
{
    const char *path = vk_test_tmp(name);
    vk_mapset_opts o = {0};

    CU_ASSERT_EQUAL_FATAL(vk_fixture_lonlat_boxes(path, box, n, lone), 0);
    o.boundaries = path;
    o.key = "code";
    o.no_styles = 1;
    vk_error_init(err);
    return vk_mapset_open(&o, NULL, err);
}

/* The pixel of s (rendered by render()) at lon/lat, through PROJ into the
 * view's CRS. */
static uint32_t
pixel_lonlat(cairo_surface_t *s, const vk_mapview *v, double lon, double lat,
             double px_per_pt)
{
    vk_features *p = vk_fixture_empty("point", "EPSG:4326");
    const double xy[6] = {lon, lat, lon, lat, lon, lat};
    vk_error err;
    uint32_t px;

    vk_fixture_feature(p, "P", "P");
    vk_fixture_ring(p, xy, 3);
    vk_fixture_poly_end(p);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(p, v->b->buurten->crs_wkt, &err),
                          VK_OK);
    px = pixel_at(s, v, p->g.xy[0], p->g.xy[1], px_per_pt);
    vk_features_destroy(p);
    return px;
}

/* Twelve boxes of 30 degrees around the world at 20..50 N: lon/lat data
 * that span every longitude. */
static void
world_boxes(double (*box)[4])
{
    for (int i = 0; i < 12; i++) {
        box[i][0] = -180 + 30 * i;
        box[i][1] = 20;
        box[i][2] = -150 + 30 * i;
        box[i][3] = 50;
    }
}

/* Lon/lat data wider than a UTM zone are drawn in an equal-area
 * projection centred on them: Europe (lon -10..40, lat 36..70, centre 15
 * E 53 N) in Lambert azimuthal equal-area, the world in Equal Earth
 * (EPSG:8857), where the UTM zone of the centre (31N) cannot hold the far
 * side and failed. Both open and render without error, each box in its
 * colour at its centre. */
static void
test_continent_and_world_projections(void)
{
    const double europe[3][4] = {
        {-10, 36, 0, 44}, {0, 44, 20, 55}, {20, 55, 40, 70}};
    double world[12][4];
    const double (*sets[2])[4] = {europe, (const double (*)[4])world};
    const size_t n[2] = {3, 12};
    const char *want[2] = {
        "+proj=laea +lat_0=53 +lon_0=15 +datum=WGS84 +units=m +type=crs",
        "EPSG:8857"};

    world_boxes(world);
    for (int k = 0; k < 2; k++) {
        vk_rgba fill[12];
        vk_mapview v;
        vk_status rc;
        vk_error err;
        cairo_surface_t *s;
        vk_mapset *ms = open_boxes(k ? "world.geojson" : "europe.geojson",
                                   sets[k], n[k], -1, &err);
        const vk_boundaries *b;

        if (ms == NULL)
            fprintf(stderr, "\n  %s", err.what);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
        b = vk_mapset_boundaries(ms);
        CU_ASSERT_STRING_EQUAL(b->buurten->crs_name, want[k]);
        CU_ASSERT_FALSE(b->buurten->crs_geographic);
        for (size_t i = 0; i < n[k]; i++)
            fill[i] = cell_rgba(i % 9);
        s = render(b, fill, NULL, 1600, 1000, 2, &v, &rc);
        CU_ASSERT_EQUAL(rc, VK_OK);
        for (size_t i = 0; i < n[k]; i++) {
            const double *bx = sets[k][i];

            CU_ASSERT_EQUAL(pixel_lonlat(s, &v, (bx[0] + bx[2]) / 2,
                                         (bx[1] + bx[3]) / 2, 2),
                            cell_argb(i % 9));
        }
        cairo_surface_destroy(s);
        vk_mapset_destroy(ms);
    }
}

/* A ring across the antimeridian, written 172 .. -172 (east to west over
 * 180 degrees), among the world's boxes: split there on reading, its parts
 * are drawn at the two edges of the Equal Earth map, and nothing between
 * them at its latitude, where the unsplit ring painted a band across the
 * whole map. */
static void
test_antimeridian_no_band(void)
{
    double box[13][4];
    vk_rgba fill[13];
    vk_mapview v;
    vk_status rc;
    vk_error err;
    cairo_surface_t *s;
    vk_mapset *ms;
    const vk_boundaries *b;
    uint32_t paper;

    world_boxes(box);
    box[12][0] = 178, box[12][1] = -40, box[12][2] = -178, box[12][3] = -5;
    ms = open_boxes("antimeridian.geojson", (const double (*)[4])box, 13, 12,
                    &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    b = vk_mapset_boundaries(ms);
    CU_ASSERT_STRING_EQUAL(b->buurten->crs_name, "EPSG:8857");
    for (size_t i = 0; i < 12; i++)
        fill[i] = cell_rgba(i % 9);
    fill[12] = (vk_rgba){1, 0, 0, 1};
    s = render(b, fill, NULL, 3200, 2000, 4, &v, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, VK_OK);
    /* Paper far from all data, and where the band would lie. */
    paper = pixel_lonlat(s, &v, 0, -50, 4);
    CU_ASSERT_NOT_EQUAL(paper, 0xffff0000u);
    for (double lon = -150; lon <= 150; lon += 30)
        CU_ASSERT_EQUAL(pixel_lonlat(s, &v, lon, -20, 4), paper);
    /* The ring's fill inside its two parts. */
    CU_ASSERT_EQUAL(pixel_lonlat(s, &v, 179, -20, 4), 0xffff0000u);
    CU_ASSERT_EQUAL(pixel_lonlat(s, &v, -179, -20, 4), 0xffff0000u);
    cairo_surface_destroy(s);
    vk_mapset_destroy(ms);
}

/* Buurten across the antimeridian in a map of their own (Fiji-like, 177 E
 * to 177 W): read whole and drawn in the UTM zone of their centre (60 S),
 * a buurt across 180 degrees is one polygon, so no line (of a buurt, or of
 * its gemeente dissolved from the buurten) runs along the meridian
 * through it: its fill on 180 degrees itself, in both buurten there. */
static void
test_antimeridian_no_seam(void)
{
    const double box[3][4] = {
        {177, -20, -179, -16}, {-179, -20, -177, -16}, {177, -16, -177, -14}};
    vk_rgba fill[3];
    vk_mapview v;
    vk_status rc;
    vk_error err;
    cairo_surface_t *s;
    vk_mapset *ms = open_boxes("seam.geojson", box, 3, 1, &err);
    const vk_boundaries *b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    b = vk_mapset_boundaries(ms);
    CU_ASSERT_STRING_EQUAL(b->buurten->crs_name, "EPSG:32760");
    CU_ASSERT_EQUAL(b->gemeenten->n, 2);
    for (size_t i = 0; i < 3; i++)
        fill[i] = cell_rgba(i);
    s = render(b, fill, NULL, 800, 600, 2, &v, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, VK_OK);
    for (double lat = -19.5; lat < -16; lat += 0.5)
        CU_ASSERT_EQUAL(pixel_lonlat(s, &v, 180, lat, 2), cell_argb(0));
    for (double lat = -15.75; lat < -14; lat += 0.5)
        CU_ASSERT_EQUAL(pixel_lonlat(s, &v, 180, lat, 2), cell_argb(2));
    cairo_surface_destroy(s);
    vk_mapset_destroy(ms);
}

void
vk_test_register_render(void)
{
    static const vk_test_case tests[] = {
        {"fit keeps the true shape, north up", test_fit_true_shape},
        {"class colours at buurt centres, grey around",
         test_class_colours_at_centres},
        {"square cells stay square in any frame", test_cells_stay_square},
        {"holes are not filled", test_holes_not_filled},
        {"triangles, slivers and triangular holes are drawn",
         test_triangles_drawn},
        {"wijk and gemeente boundaries on top", test_boundaries_on_top},
        {"cairo errors become VK_ERENDER", test_cairo_error_reported},
        {"small-scale maps leave out buurt lines",
         test_small_scale_no_buurt_lines},
        {"simplification keeps shared edges shared",
         test_simplify_keeps_shared_edges},
        {"an extent of any shape fits whole", test_any_extent_fits_whole},
        {"a continent and the world in equal-area projections",
         test_continent_and_world_projections},
        {"a ring across the antimeridian paints no band",
         test_antimeridian_no_band},
        {"buurten across the antimeridian: no seam on 180 degrees",
         test_antimeridian_no_seam},
        {NULL, NULL},
    };

    vk_test_add_suite("render", suite_init, suite_cleanup, tests);
}
