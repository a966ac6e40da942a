/* SPDX-License-Identifier: MIT */
/* Tests of the buurt labels: the pole of inaccessibility on shapes with a
 * known answer, placement on the grid fixture and on the sample (inside
 * their buurt and the frame, never overlapping), drawing in PDF and PNG. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

#define SAMPLE_B "samples/regio.gpkg"

static vk_features *grid;
static vk_boundaries grid_b;
static vk_boundaries *sample;

static int
suite_init(void)
{
    vk_error e;

    vk_error_init(&e);
    grid = vk_fixture_grid();
    grid_b = (vk_boundaries){grid, NULL, NULL};
    if (vk_source_read_boundaries(vk_test_src(SAMPLE_B), NULL, &sample, &e) !=
        VK_OK)
        return 1;
    return grid == NULL;
}

static int
suite_cleanup(void)
{
    vk_features_destroy(grid);
    vk_boundaries_destroy(sample);
    grid = NULL;
    sample = NULL;
    return 0;
}

/* ---- pole of inaccessibility ----------------------------------------- */

/* Adds a closed ring of n points (x at 2i, y at 2i+1) to g. */
static void
add_ring(vk_geomset *g, const double *xy, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vk_geomset_add_point(g, xy[2 * i], xy[2 * i + 1]);
    vk_geomset_add_point(g, xy[0], xy[1]);
    vk_geomset_end_ring(g);
}

/* Even-odd point in polygon over rings [r0, r1) of g, written apart from
 * labels.c's so the tests check it. */
static int
inside_rings(const vk_geomset *g, size_t r0, size_t r1, double x, double y)
{
    int in = 0;

    for (size_t r = r0; r < r1; r++) {
        for (size_t i = g->ring_off[r] + 1; i < g->ring_off[r + 1]; i++) {
            double ax = g->xy[2 * (i - 1)], ay = g->xy[2 * (i - 1) + 1];
            double bx = g->xy[2 * i], by = g->xy[2 * i + 1];

            if ((ay <= y && by > y) || (by <= y && ay > y)) {
                double cx = ax + (y - ay) / (by - ay) * (bx - ax);

                if (cx > x)
                    in = !in;
            }
        }
    }
    return in;
}

static void
test_pole_square(void)
{
    static const double sq[] = {0, 0, 100, 0, 100, 100, 0, 100};
    vk_geomset g = {0};
    double x, y, r;
    vk_error e;

    vk_error_init(&e);
    add_ring(&g, sq, 4);
    vk_geomset_end_poly(&g);
    /* The centre, 50 from every side; polylabel's answer is within its
     * precision (0.01) of the true distance. */
    CU_ASSERT_EQUAL_FATAL(vk_layout_pole(&g, 0, 0.01, &x, &y, &r, &e),
                          VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(x, 50, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(y, 50, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(r, 50, 0.01);
    vk_geomset_free(&g);
}

static void
test_pole_concave(void)
{
    /* An L: a thick arm 200 wide and 400 tall, x 0..200, with a thin foot
     * 100 tall running to x 600. The largest circle has radius 100 and
     * sits in the arm at x = 100, anywhere from y = 100 to y = 300; the
     * foot only holds radius 50. The bbox centre (300, 200) is outside. */
    static const double ell[] = {0, 0, 600, 0, 600, 100, 200, 100,
                                 200, 400, 0, 400};
    /* A U, 300 x 300 with a notch x 100..200 from y 100 up: its centroid
     * (150, 135.7) lies in the notch. The best circles touch the notch's
     * inner corner: centre (c, c) with c = sqrt(2) * (100 - c), so
     * c = 100 * sqrt(2) / (1 + sqrt(2)) = 58.579, mirrored at x = 300 - c. */
    static const double u[] = {0, 0, 300, 0, 300, 300, 200, 300,
                               200, 100, 100, 100, 100, 300, 0, 300};
    const double c = 100 * sqrt(2) / (1 + sqrt(2));
    vk_geomset g = {0};
    double x, y, r;
    vk_error e;

    vk_error_init(&e);
    add_ring(&g, ell, 6);
    vk_geomset_end_poly(&g);
    add_ring(&g, u, 8);
    vk_geomset_end_poly(&g);

    CU_ASSERT_EQUAL_FATAL(vk_layout_pole(&g, 0, 0.01, &x, &y, &r, &e),
                          VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(r, 100, 0.01);
    /* Within the precision of r, the centre may sit up to 0.01 off x =
     * 100 (the distance falls 1:1 across the arm). */
    CU_ASSERT_DOUBLE_EQUAL(x, 100, 0.011);
    CU_ASSERT_TRUE(y >= 100 - 0.011 && y <= 300 + 0.011);

    CU_ASSERT_EQUAL_FATAL(vk_layout_pole(&g, 1, 0.01, &x, &y, &r, &e),
                          VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(r, c, 0.01);
    /* Along the corner's bisector the distance falls by (1 + sqrt(2)) /
     * sqrt(2) per unit towards the corner and 1 per unit away from it in
     * x or y, so an r within 0.01 puts the centre within ~0.02 of the
     * answer; 0.05 leaves room. */
    CU_ASSERT_DOUBLE_EQUAL(y, c, 0.05);
    CU_ASSERT_TRUE(fabs(x - c) < 0.05 || fabs(x - (300 - c)) < 0.05);
    CU_ASSERT_TRUE(inside_rings(&g, 1, 2, x, y));
    vk_geomset_free(&g);
}

static void
test_pole_hole(void)
{
    /* A 100 x 100 square with a 20 x 20 hole in its middle. On the
     * diagonal (t, t) the distance to the outline is t and to the hole's
     * corner sqrt(2) (40 - t): best at t = 40 sqrt(2) / (1 + sqrt(2)) =
     * 23.431, in each of the four corners; never in the hole. */
    static const double shell[] = {0, 0, 100, 0, 100, 100, 0, 100};
    static const double hole[] = {40, 40, 40, 60, 60, 60, 60, 40};
    const double t = 40 * sqrt(2) / (1 + sqrt(2));
    vk_geomset g = {0};
    double x, y, r;
    vk_error e;

    vk_error_init(&e);
    add_ring(&g, shell, 4);
    add_ring(&g, hole, 4);
    vk_geomset_end_poly(&g);
    CU_ASSERT_EQUAL_FATAL(vk_layout_pole(&g, 0, 0.01, &x, &y, &r, &e),
                          VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(r, t, 0.01);
    CU_ASSERT_FALSE(x > 40 && x < 60 && y > 40 && y < 60);
    CU_ASSERT_TRUE(inside_rings(&g, 0, 2, x, y));
    CU_ASSERT_DOUBLE_EQUAL(fmin(x, 100 - x), t, 0.05);
    CU_ASSERT_DOUBLE_EQUAL(fmin(y, 100 - y), t, 0.05);
    vk_geomset_free(&g);
}

static void
test_pole_degenerate(void)
{
    static const double flat[] = {0, 0, 10, 0, 20, 0};
    vk_geomset g = {0};
    double x = -1, y = -1, r = -1;
    vk_error e;

    /* No area, and a polygon past the store: errors, outputs untouched. */
    vk_error_init(&e);
    add_ring(&g, flat, 3);
    vk_geomset_end_poly(&g);
    CU_ASSERT_EQUAL(vk_layout_pole(&g, 0, 0.01, &x, &y, &r, &e), VK_EDATA);
    vk_error_init(&e);
    CU_ASSERT_EQUAL(vk_layout_pole(&g, 1, 0.01, &x, &y, &r, &e), VK_EDATA);
    CU_ASSERT_EQUAL(x, -1);
    CU_ASSERT_EQUAL(r, -1);
    vk_geomset_free(&g);
}

/* ---- placement ------------------------------------------------------- */

static int
boxes_overlap(const vk_box *a, const vk_box *b)
{
    return a->x_pt < b->x_pt + b->w_pt && b->x_pt < a->x_pt + a->w_pt &&
           a->y_pt < b->y_pt + b->h_pt && b->y_pt < a->y_pt + a->h_pt;
}

static int
box_inside(const vk_box *in, const vk_box *out)
{
    return in->x_pt >= out->x_pt && in->y_pt >= out->y_pt &&
           in->x_pt + in->w_pt <= out->x_pt + out->w_pt &&
           in->y_pt + in->h_pt <= out->y_pt + out->h_pt;
}

/* 1 when page point (px, py) lies in feature i of fs, drawn by view: the
 * point is taken back to map units with the view's scale and tested
 * against all of the feature's rings. */
static int
page_point_in_feature(const vk_features *fs, size_t i,
                      const vk_mapview *view, double px, double py)
{
    const vk_feature *f = &fs->f[i];
    double s = vk_render_scale(view), ox, oy, x, y;

    vk_render_to_page(view, 0, 0, &ox, &oy);
    x = (px - ox) * s;
    y = (oy - py) * s;
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++)
        if (inside_rings(&fs->g, fs->g.poly_off[p], fs->g.poly_off[p + 1],
                         x, y))
            return 1;
    return 0;
}

/* The checks every placement must pass: labels pairwise apart, inside the
 * map frame, centre and corners inside their own buurt (of the area),
 * text the buurt's name or code. Returns the number of labels. */
static size_t
check_labels(const vk_page *page, const vk_page_opts *opts,
             vk_label_box **out, size_t *candidates)
{
    const vk_features *fs = page->b->buurten;
    vk_label_box *lb = NULL;
    vk_page_geom geom;
    vk_mapview view;
    size_t n = 0, bad_overlap = 0, bad_frame = 0, bad_inside = 0;
    vk_error e;

    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(page, opts, &geom, &view, &e),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_layout_labels(page, opts, &lb, &n, candidates,
                                           &e), VK_OK);
    for (size_t i = 0; i < n; i++) {
        const vk_label_box *l = &lb[i];
        const vk_box *b = &l->box;
        const vk_feature *f;
        double cx = b->x_pt + b->w_pt / 2, cy = b->y_pt + b->h_pt / 2;

        CU_ASSERT_FATAL(l->feature < fs->n);
        f = &fs->f[l->feature];
        for (size_t j = i + 1; j < n; j++)
            bad_overlap += boxes_overlap(b, &lb[j].box);
        bad_frame += !box_inside(b, &geom.map);
        bad_inside +=
            !page_point_in_feature(fs, l->feature, &view, cx, cy) ||
            !page_point_in_feature(fs, l->feature, &view, b->x_pt, b->y_pt) ||
            !page_point_in_feature(fs, l->feature, &view, b->x_pt + b->w_pt,
                                   b->y_pt) ||
            !page_point_in_feature(fs, l->feature, &view, b->x_pt,
                                   b->y_pt + b->h_pt) ||
            !page_point_in_feature(fs, l->feature, &view, b->x_pt + b->w_pt,
                                   b->y_pt + b->h_pt);
        CU_ASSERT_PTR_EQUAL(l->text, page->labels == VK_LABELS_CODE
                                         ? f->code
                                         : f->name);
        if (page->area != NULL)
            CU_ASSERT_STRING_EQUAL(f->gemeentecode, page->area->id);
        CU_ASSERT_TRUE(b->w_pt > 0 && b->h_pt > 0);
        CU_ASSERT_TRUE(l->size_pt >= 5.0 * geom.scale - 1e-9 &&
                       l->size_pt <= 6.5 * geom.scale + 1e-9);
        /* Two-line labels break at a space of the text. */
        if (l->split > 0)
            CU_ASSERT_EQUAL(l->text[l->split], ' ');
    }
    CU_ASSERT_EQUAL(bad_overlap, 0);
    CU_ASSERT_EQUAL(bad_frame, 0);
    CU_ASSERT_EQUAL(bad_inside, 0);
    *out = lb;
    return n;
}

static vk_page
grid_page(vk_label_mode mode)
{
    return (vk_page){.b = &grid_b, .area = vk_test_area(&grid_b, "GM0001"), .title = "Labels",
                     .labels = mode};
}

static void
test_grid(void)
{
    vk_page page = grid_page(VK_LABELS_NAME);
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_page_geom geom;
    vk_mapview view;
    vk_label_box *lb;
    size_t n, nc;
    vk_error e;

    /* The six 100 m squares of GM0001 are large on the page: every one
     * gets its name, on one line at full size, centred on the square's
     * centre (the pole of a square), within polylabel's 0.5 pt. */
    n = check_labels(&page, &opts, &lb, &nc);
    CU_ASSERT_EQUAL(nc, 6);
    CU_ASSERT_EQUAL_FATAL(n, 6);
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &geom, &view, &e),
                          VK_OK);
    for (size_t i = 0; i < n; i++) {
        size_t f = lb[i].feature;
        double cx, cy;

        vk_render_to_page(&view, 100000.0 + 100 * (double)(f % 3) + 50,
                          400000.0 + 100 * (double)(f / 3) + 50, &cx, &cy);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].x_pt, cx, 0.5);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].y_pt, cy, 0.5);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].box.x_pt + lb[i].box.w_pt / 2, cx, 0.5);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].box.y_pt + lb[i].box.h_pt / 2, cy, 0.5);
        CU_ASSERT_EQUAL(lb[i].split, 0);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].size_pt, 6.5, 1e-9);
        CU_ASSERT_EQUAL(f % 3 < 2, 1);
    }
    /* Equal squares, radii equal to polylabel's 0.5 pt: code order. */
    for (size_t i = 1; i < n; i++)
        CU_ASSERT_TRUE(strcmp(grid->f[lb[i - 1].feature].code,
                              grid->f[lb[i].feature].code) < 0);
    free(lb);

    /* Without an area every buurt is a candidate. */
    page.area = NULL;
    n = check_labels(&page, &opts, &lb, &nc);
    CU_ASSERT_EQUAL(nc, 9);
    CU_ASSERT_EQUAL(n, 9);
    free(lb);
}

static void
test_modes(void)
{
    vk_page page = grid_page(VK_LABELS_CODE);
    vk_page_opts opts = {VK_PAPER_A3, 1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    static vk_label_box sentinel;
    vk_label_box *lb;
    size_t n, nc;
    vk_error e;

    /* Codes on A3: text sizes grow with the page. */
    n = check_labels(&page, &opts, &lb, &nc);
    CU_ASSERT_EQUAL(n, 6);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(lb[i].text, grid->f[lb[i].feature].code);
        CU_ASSERT_DOUBLE_EQUAL(lb[i].size_pt, 6.5 * 1.25, 1e-9);
    }
    free(lb);

    /* None: nothing, no candidates. */
    page.labels = VK_LABELS_NONE;
    vk_error_init(&e);
    CU_ASSERT_EQUAL(vk_layout_labels(&page, &opts, &lb, &n, &nc, &e), VK_OK);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(nc, 0);
    CU_ASSERT_PTR_NULL(lb);

    /* An unknown area fails as the geometry does; outputs untouched. */
    page.labels = VK_LABELS_NAME;
    page.area = vk_test_area(page.b, "GM9999");
    lb = &sentinel;
    n = 77;
    vk_error_init(&e);
    CU_ASSERT_EQUAL(vk_layout_labels(&page, &opts, &lb, &n, NULL, &e),
                    VK_EDATA);
    CU_ASSERT_PTR_EQUAL(lb, &sentinel);
    CU_ASSERT_EQUAL(n, 77);
}

static void
test_dropped(void)
{
    vk_page page = grid_page(VK_LABELS_NAME);
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    char *keep = grid->f[1].name, long_name[301];
    vk_label_box *lb;
    size_t n, nc;

    /* A name of 300 letters without a space fits no square, even at the
     * smallest size: that buurt gets no label, the others keep theirs. */
    memset(long_name, 'M', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    grid->f[1].name = long_name;
    n = check_labels(&page, &opts, &lb, &nc);
    grid->f[1].name = keep;
    CU_ASSERT_EQUAL(nc, 6);
    CU_ASSERT_EQUAL(n, 5);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_NOT_EQUAL(lb[i].feature, 1);
    free(lb);
}

static size_t
count_area(const vk_features *fs, const char *area)
{
    size_t n = 0;

    for (size_t i = 0; i < fs->n; i++)
        n += fs->f[i].gemeentecode != NULL &&
             strcmp(fs->f[i].gemeentecode, area) == 0;
    return n;
}

static void
test_sample(void)
{
    static const char *const areas[] = {"GM0981", "GM0982", "GM0983",
                                        "GM0984"};
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    size_t total = 0;

    /* Each sample gemeente on A4 portrait: some labels, all of them apart,
     * in the frame and in their own buurt (check_labels), fewer than the
     * buurten (the town centres are too dense at this scale). */
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        vk_page page = {.b = sample, .area = vk_test_area(sample, areas[a]),
                        .labels = VK_LABELS_NAME};
        vk_label_box *lb, *again;
        size_t n, n2, nc;

        n = check_labels(&page, &opts, &lb, &nc);
        CU_ASSERT_EQUAL(nc, count_area(sample->buurten, areas[a]));
        CU_ASSERT_TRUE(n > 0);
        CU_ASSERT_TRUE(n <= nc);
        total += n;
        /* The same input places the same labels. */
        n2 = check_labels(&page, &opts, &again, &nc);
        CU_ASSERT_EQUAL_FATAL(n2, n);
        for (size_t i = 0; i < n; i++) {
            CU_ASSERT_EQUAL(lb[i].feature, again[i].feature);
            CU_ASSERT_EQUAL(lb[i].split, again[i].split);
            CU_ASSERT_EQUAL(lb[i].size_pt, again[i].size_pt);
            CU_ASSERT_EQUAL(lb[i].box.x_pt, again[i].box.x_pt);
            CU_ASSERT_EQUAL(lb[i].box.y_pt, again[i].box.y_pt);
        }
        free(again);
        free(lb);
    }
    /* labels.c: the offsets around the pole give "94 labels instead of
     * 91 on the four sample gemeenten"; a search of sizes, lines or
     * offsets that stops early places fewer. */
    CU_ASSERT_TRUE(total >= 94);
}

static void
test_sample_codes(void)
{
    vk_page page = {.b = sample, .area = vk_test_area(sample, "GM0984"), .labels = VK_LABELS_CODE};
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_label_box *lb;
    size_t n, nc;

    n = check_labels(&page, &opts, &lb, &nc);
    CU_ASSERT_TRUE(n > 0);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_NSTRING_EQUAL(lb[i].text, "BU0984", 6);
        CU_ASSERT_EQUAL(lb[i].split, 0);
    }
    free(lb);
}

/* ---- the pole against brute force -------------------------------------- */

/* Distance from (px, py) to the segment a-b. */
static double
seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;

    if (l2 > 0)
        t = fmax(0, fmin(1, ((px - ax) * dx + (py - ay) * dy) / l2));
    return hypot(px - ax - t * dx, py - ay - t * dy);
}

/* Distance from (x, y) to the outline of polygon p of g (shell and
 * holes), but stopping as soon as it is below floor (then any value below
 * floor is returned): the brute force only wants points that beat its
 * best. */
static double
outline_dist(const vk_geomset *g, size_t p, double x, double y, double floor)
{
    double best = INFINITY;

    for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++)
        for (size_t i = g->ring_off[r] + 1; i < g->ring_off[r + 1]; i++) {
            best = fmin(best, seg_dist(x, y, g->xy[2 * (i - 1)],
                                       g->xy[2 * (i - 1) + 1], g->xy[2 * i],
                                       g->xy[2 * i + 1]));
            if (best < floor)
                return best;
        }
    return best;
}

/* Signed distance to the outline: positive inside. */
static double
signed_dist(const vk_geomset *g, size_t p, double x, double y)
{
    double d = outline_dist(g, p, x, y, -INFINITY);

    return inside_rings(g, g->poly_off[p], g->poly_off[p + 1], x, y) ? d : -d;
}

/* The largest distance to the outline from inside polygon p, by brute
 * force on a square grid of step fine, in two passes: first a grid of
 * step coarse (a multiple of fine); as the distance changes by at most
 * the distance moved, no point of a coarse cell is farther from the
 * outline than its centre's distance plus half its diagonal, so only the
 * cells where that bound reaches the best centre are searched on the
 * fine grid. The result is the distance of a real point, so at most the
 * true maximum, and at least the true maximum less fine / sqrt(2). */
static double
brute_pole(const vk_geomset *g, size_t p, double coarse, double fine)
{
    const size_t r0 = g->ring_off[g->poly_off[p]];
    const size_t r1 = g->ring_off[g->poly_off[p] + 1];
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    double best = 0, half_diag = coarse / sqrt(2);
    int nx, ny, k = (int)lround(coarse / fine);
    double *dc;

    for (size_t i = r0; i < r1; i++) {
        x0 = fmin(x0, g->xy[2 * i]);
        x1 = fmax(x1, g->xy[2 * i]);
        y0 = fmin(y0, g->xy[2 * i + 1]);
        y1 = fmax(y1, g->xy[2 * i + 1]);
    }
    nx = (int)ceil((x1 - x0) / coarse);
    ny = (int)ceil((y1 - y0) / coarse);
    dc = vk_xcalloc((size_t)nx * (size_t)ny, sizeof *dc);

    /* Coarse cells: their centres' signed distances. */
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x = x0 + (i + 0.5) * coarse, y = y0 + (j + 0.5) * coarse;
            double d = signed_dist(g, p, x, y);

            dc[(size_t)j * nx + i] = d;
            best = fmax(best, d);
        }

    /* The fine grid inside every cell that may hold a better point. */
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            if (dc[(size_t)j * nx + i] + half_diag <= best)
                continue;
            for (int b = 0; b < k; b++)
                for (int a = 0; a < k; a++) {
                    double x = x0 + i * coarse + (a + 0.5) * fine;
                    double y = y0 + j * coarse + (b + 0.5) * fine;
                    double d;

                    if (!inside_rings(g, g->poly_off[p], g->poly_off[p + 1],
                                      x, y))
                        continue;
                    d = outline_dist(g, p, x, y, best);
                    best = fmax(best, d);
                }
        }
    free(dc);
    return best;
}

/* Index of feature f's polygon with the largest area (shell less holes),
 * the one its label is placed in. */
static size_t
largest_polygon(const vk_geomset *g, const vk_feature *f)
{
    size_t best = f->poly_first;
    double best_a = -1;

    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        double a = 0;

        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            double ra = 0;

            for (size_t i = g->ring_off[r] + 1; i < g->ring_off[r + 1]; i++)
                ra += g->xy[2 * (i - 1)] * g->xy[2 * i + 1] -
                      g->xy[2 * i] * g->xy[2 * (i - 1) + 1];
            a += (r == g->poly_off[p] ? 1 : -1) * fabs(ra) / 2;
        }
        if (a > best_a) {
            best_a = a;
            best = p;
        }
    }
    return best;
}

/* Each label of the four sample gemeenten (A4 portrait) sits on the pole
 * of inaccessibility of its buurt: the radius it states is the distance
 * from its point to the outline, and that is within polylabel's precision
 * (0.5 pt on the page: labels.c PRECISION_PT) of the largest distance any
 * point of the buurt has, found by brute force on a 0.1 pt grid. A search
 * that stops before it has found the pole fails here. */
static void
test_pole_brute_force(void)
{
    static const char *const areas[] = {"GM0981", "GM0982", "GM0983",
                                        "GM0984"};
    const vk_geomset *g = &sample->buurten->g;
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    size_t checked = 0, bad_r = 0, short_of_max = 0, past_max = 0;
    double worst = 0;

    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        vk_page page = {.b = sample, .area = vk_test_area(sample, areas[a]),
                        .labels = VK_LABELS_NAME};
        vk_page_geom geom;
        vk_mapview view;
        vk_label_box *lb = NULL;
        size_t n = 0;
        double s, ox, oy;
        vk_error e;

        vk_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &geom, &view,
                                                 &e), VK_OK);
        CU_ASSERT_EQUAL_FATAL(vk_layout_labels(&page, &opts, &lb, &n, NULL,
                                               &e), VK_OK);
        s = vk_render_scale(&view);
        vk_render_to_page(&view, 0, 0, &ox, &oy);
        for (size_t i = 0; i < n; i++) {
            size_t p = largest_polygon(g, &sample->buurten->f[lb[i].feature]);
            double x = (lb[i].x_pt - ox) * s, y = (oy - lb[i].y_pt) * s;
            double r_lib = signed_dist(g, p, x, y) / s;
            double r_max = brute_pole(g, p, 2 * s, 0.1 * s) / s;

            /* In points on the page. The stated radius is the distance
             * at the point (1e-6 pt: the round trip through the page). */
            bad_r += fabs(r_lib - lb[i].r_pt) > 1e-6;
            short_of_max += r_lib < r_max - 0.5;
            past_max += r_lib > r_max + 0.1 / sqrt(2) + 1e-6;
            worst = fmax(worst, r_max - r_lib);
            if (getenv("VK_DEBUG_POLE") != NULL)
                fprintf(stderr, "\n  %s %s: r %.3f pt, brute force %.3f pt",
                        areas[a], sample->buurten->f[lb[i].feature].code,
                        r_lib, r_max);
            checked++;
        }
        free(lb);
    }
    fprintf(stderr, "\n  %zu poles, at most %.3f pt short of the largest "
            "circle\n", checked, worst);
    CU_ASSERT(checked >= 80);
    CU_ASSERT_EQUAL(bad_r, 0);
    CU_ASSERT_EQUAL(short_of_max, 0);
    CU_ASSERT_EQUAL(past_max, 0);
}

/* ---- drawing --------------------------------------------------------- */

/* pdftotext of a PDF into a static buffer ("" on failure). */
static const char *
pdf_text(const char *pdf)
{
    static char out[65536];
    char errbuf[1024], *cmd = vk_xasprintf("pdftotext '%s' -", pdf);

    if (vk_test_run(cmd, out, sizeof out, errbuf, sizeof errbuf) != 0)
        out[0] = '\0';
    free(cmd);
    return out;
}

static void
test_pdf_text(void)
{
    vk_page page = {.b = sample, .area = vk_test_area(sample, "GM0981"), .title = "Labels",
                    .labels = VK_LABELS_NAME};
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *pdf = vk_test_tmp("labels.pdf");
    const char *name = NULL;
    vk_label_box *lb;
    size_t n, nc;
    vk_error e;

    /* A one-line label placed on the page... */
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_layout_labels(&page, &opts, &lb, &n, &nc, &e),
                          VK_OK);
    for (size_t i = 0; i < n && name == NULL; i++)
        if (lb[i].split == 0)
            name = lb[i].text;
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);

    /* ...is text in the PDF (the halo is a path, the name stays text), and
     * is gone with labels off. */
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(pdf, &page, 1, &opts, &e), VK_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(pdf_text(pdf), name));
    page.labels = VK_LABELS_NONE;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(pdf, &page, 1, &opts, &e), VK_OK);
    CU_ASSERT_PTR_NULL(strstr(pdf_text(pdf), name));
    free(lb);
}

/* Dark pixels (all channels below 0x60: the label colour #222222, not the
 * fixture's fills or white halo) inside box b of a PNG at dpi. */
static size_t
dark_in_box(const uint8_t *rgba, int w, int h, const vk_box *b, double dpi)
{
    double k = dpi / 72;
    int x0 = (int)floor(b->x_pt * k), x1 = (int)ceil((b->x_pt + b->w_pt) * k);
    int y0 = (int)floor(b->y_pt * k), y1 = (int)ceil((b->y_pt + b->h_pt) * k);
    size_t dark = 0;

    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            const uint8_t *p;

            if (x < 0 || y < 0 || x >= w || y >= h)
                continue;
            p = rgba + 4 * ((size_t)y * (size_t)w + (size_t)x);
            dark += p[0] < 0x60 && p[1] < 0x60 && p[2] < 0x60;
        }
    }
    return dark;
}

static void
test_png_drawn(void)
{
    vk_rgba fill[9];
    vk_page page = grid_page(VK_LABELS_NAME);
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PNG, 100, NULL, 0,
                         NULL, NULL, 0};
    const char *png = vk_test_tmp("labels.png");
    vk_label_box *lb;
    size_t n, nc;
    uint8_t *rgba;
    int w, h, type;
    long ppm;
    vk_error e;

    /* Light fills, so only text is dark. */
    for (size_t i = 0; i < 9; i++)
        fill[i] = (vk_rgba){0.8, 0.9, 0.7, 1};
    page.fill = fill;
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_layout_labels(&page, &opts, &lb, &n, &nc, &e),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(n, 6);

    /* Each label's box holds dark text pixels with labels on, none off. */
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(png, &page, 1, &opts, &e), VK_OK);
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_TRUE(dark_in_box(rgba, w, h, &lb[i].box, 100) > 20);
    free(rgba);
    page.labels = VK_LABELS_NONE;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(png, &page, 1, &opts, &e), VK_OK);
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_EQUAL(dark_in_box(rgba, w, h, &lb[i].box, 100), 0);
    free(rgba);
    free(lb);
}

/* How many of GM0981's buurt names (codes: 1) occur in text. */
static size_t
names_in(const char *text, int codes)
{
    const vk_features *fs = sample->buurten;
    size_t n = 0;

    for (size_t i = 0; i < fs->n; i++) {
        const char *t = codes ? fs->f[i].code : fs->f[i].name;

        if (fs->f[i].gemeentecode != NULL &&
            strcmp(fs->f[i].gemeentecode, "GM0981") == 0 && t != NULL &&
            strstr(text, t) != NULL)
            n++;
    }
    return n;
}

/* Runs veerkracht render on GM0981 with extra options; returns its exit
 * status, stderr in errbuf. */
static int
render_cli(const char *extra, const char *pdf, char *errbuf, size_t size)
{
    char out[4096];
    char *cmd = vk_xasprintf(
        "'%s' render --boundaries '%s' --table '%s' --style '%s' --area "
        "GM0981 %s --out '%s'", VK_EXE, vk_test_src(SAMPLE_B),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("styles/kwetsbare_bewoners.yaml"), extra, pdf);
    int rc = vk_test_run(cmd, out, sizeof out, errbuf, size);

    free(cmd);
    return rc;
}

static void
test_cli_option(void)
{
    char pdf[1024], errbuf[4096];

    /* A copy: vk_test_tmp's buffers are reused. */
    snprintf(pdf, sizeof pdf, "%s", vk_test_tmp("labels-cli.pdf"));

    /* Names by default, codes with --labels code, none with none. */
    CU_ASSERT_EQUAL_FATAL(render_cli("", pdf, errbuf, sizeof errbuf), 0);
    CU_ASSERT_TRUE(names_in(pdf_text(pdf), 0) >= 10);
    CU_ASSERT_EQUAL(names_in(pdf_text(pdf), 1), 0);
    CU_ASSERT_EQUAL_FATAL(render_cli("--labels code", pdf, errbuf,
                                     sizeof errbuf), 0);
    CU_ASSERT_TRUE(names_in(pdf_text(pdf), 1) >= 5);
    CU_ASSERT_EQUAL(names_in(pdf_text(pdf), 0), 0);
    CU_ASSERT_EQUAL_FATAL(render_cli("--labels none", pdf, errbuf,
                                     sizeof errbuf), 0);
    CU_ASSERT_EQUAL(names_in(pdf_text(pdf), 0), 0);
    CU_ASSERT_EQUAL(names_in(pdf_text(pdf), 1), 0);

    /* Anything else is a usage error. */
    CU_ASSERT_EQUAL(render_cli("--labels naam", pdf, errbuf, sizeof errbuf),
                    2);
    CU_ASSERT_STRING_EQUAL(errbuf, "veerkracht render: --labels is name, "
                                   "code or none, not \"naam\"\n");
}

/* ---- order (tools/mutants.txt found it untested) ---------------------- */

/* Squares as buurten of GM0001, square i with lower-left corner
 * (x[i], y[i]), side side[i] metres, code and name from codes[i]. */
static vk_features *
squares(size_t n, const double *x, const double *y, const double *side,
        const char *const *codes)
{
    vk_features *fs = vk_fixture_empty("squares", "EPSG:28992");

    for (size_t i = 0; i < n; i++) {
        const double sq[] = {x[i], y[i], x[i] + side[i], y[i],
                             x[i] + side[i], y[i] + side[i], x[i],
                             y[i] + side[i]};

        vk_fixture_feature(fs, codes[i], "GM0001");
        vk_fixture_ring(fs, sq, 4);
        vk_fixture_poly_end(fs);
    }
    return fs;
}

/* Labels go to the roomiest buurt first: a label never moves for one
 * placed later. A small square inside a large one (overlapping polygons,
 * which the placement must survive) shares its pole with it; the large
 * one, placed first, keeps its label on the pole and the small one's moves
 * off it. Labels come out in placement order. */
static void
test_roomiest_first(void)
{
    static const double x[] = {400, 0}, y[] = {400, 0}, side[] = {200, 1000};
    static const char *const codes[] = {"BU01", "BU02"};
    vk_features *fs = squares(2, x, y, side, codes);
    vk_boundaries b = {fs, NULL, NULL};
    vk_page page = {.b = &b, .area = vk_test_area(&b, "GM0001"), .title = "Volgorde",
                    .labels = VK_LABELS_CODE};
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_page_geom geom;
    vk_mapview view;
    vk_label_box *lb = NULL;
    size_t n = 0;
    double cx, cy;
    vk_error e;

    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &geom, &view, &e),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_layout_labels(&page, &opts, &lb, &n, NULL, &e),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    vk_render_to_page(&view, 500, 500, &cx, &cy);
    /* The large square first, centred on the common pole. */
    CU_ASSERT_EQUAL(lb[0].feature, 1);
    CU_ASSERT_DOUBLE_EQUAL(lb[0].box.x_pt + lb[0].box.w_pt / 2, cx, 0.5);
    CU_ASSERT_DOUBLE_EQUAL(lb[0].box.y_pt + lb[0].box.h_pt / 2, cy, 0.5);
    /* The small one beside it, off the pole, inside its own square. */
    CU_ASSERT_EQUAL(lb[1].feature, 0);
    CU_ASSERT_TRUE(fabs(lb[1].box.y_pt + lb[1].box.h_pt / 2 - cy) > 5 ||
                   fabs(lb[1].box.x_pt + lb[1].box.w_pt / 2 - cx) > 5);
    CU_ASSERT_TRUE(page_point_in_feature(fs, 0, &view, lb[1].box.x_pt,
                                         lb[1].box.y_pt));
    CU_ASSERT_TRUE(page_point_in_feature(fs, 0, &view,
                                         lb[1].box.x_pt + lb[1].box.w_pt,
                                         lb[1].box.y_pt + lb[1].box.h_pt));
    free(lb);
    vk_features_destroy(fs);
}

void
vk_test_register_labels(void)
{
    static const vk_test_case tests[] = {
        {"pole_square", test_pole_square},
        {"pole_concave", test_pole_concave},
        {"pole_hole", test_pole_hole},
        {"pole_degenerate", test_pole_degenerate},
        {"grid", test_grid},
        {"modes", test_modes},
        {"dropped", test_dropped},
        {"sample", test_sample},
        {"sample_codes", test_sample_codes},
        {"pole_brute_force", test_pole_brute_force},
        {"pdf_text", test_pdf_text},
        {"png_drawn", test_png_drawn},
        {"cli_option", test_cli_option},
        {"roomiest_first", test_roomiest_first},
        {NULL, NULL},
    };

    vk_test_add_suite("labels", suite_init, suite_cleanup, tests);
}
