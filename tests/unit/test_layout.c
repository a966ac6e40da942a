/* SPDX-License-Identifier: MIT */
/* Tests of the print page: geometry, PDF checked with poppler's pdfinfo and
 * pdftotext, PNG read back with libpng, determinism and failures. */
#include <ctype.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "vk_test.h"

#define X0 100000.0
#define Y0 400000.0
#define CELL 100.0

static vk_features *grid;
static vk_boundaries bounds;
static vk_rgba fill[9];
static char title[] = "Aandeel huurwoningen";
static char leg_title[] = "Huurwoningen (%)";
static char lab0[] = "tot 10,0", lab1[] = "10,0 tot 20,0",
            lab2[] = "20,0 of meer";
static vk_legend_entry entries[3];
static vk_legend legend = {leg_title, entries, 3, 0, 0, NULL, NULL, 0};

static int
suite_init(void)
{
    grid = vk_fixture_grid();
    bounds = (vk_boundaries){grid, NULL, NULL};
    for (size_t i = 0; i < 9; i++)
        fill[i] = (vk_rgba){(40 + 20 * i) / 255.0, (200 - 15 * i) / 255.0,
                            (100 + 10 * i) / 255.0, 1};
    entries[0] = (vk_legend_entry){fill[0], lab0, 2, 0};
    entries[1] = (vk_legend_entry){fill[1], lab1, 3, 0};
    entries[2] = (vk_legend_entry){fill[3], lab2, 1, 0};
    return grid == NULL;
}

static int
suite_cleanup(void)
{
    vk_features_destroy(grid);
    grid = NULL;
    return 0;
}

static vk_page
testdorp(void)
{
    return (vk_page){.b = &bounds, .fill = fill, .area = vk_test_area(&bounds, "GM0001"),
                     .title = title, .subtitle = "Testdorp",
                     .legend = &legend,
                     .source = "Bron: CBS Wijk- en buurtkaart 2023"};
}

static int
box_inside(const vk_box *in, const vk_box *out)
{
    const double eps = 1e-9;

    return in->x_pt >= out->x_pt - eps && in->y_pt >= out->y_pt - eps &&
           in->x_pt + in->w_pt <= out->x_pt + out->w_pt + eps &&
           in->y_pt + in->h_pt <= out->y_pt + out->h_pt + eps;
}

static int
boxes_apart(const vk_box *a, const vk_box *b)
{
    return a->x_pt + a->w_pt <= b->x_pt || b->x_pt + b->w_pt <= a->x_pt ||
           a->y_pt + a->h_pt <= b->y_pt || b->y_pt + b->h_pt <= a->y_pt;
}

/* The parts of a page lie within the margins and do not overlap. */
static void
check_boxes(const vk_page_geom *g)
{
    const double m = 12 * 72 / 25.4;
    vk_box inner = {m, m, g->w_pt - 2 * m, g->h_pt - 2 * m};
    const vk_box *b[] = {&g->header, &g->map, &g->legend, &g->furniture,
                         &g->footer};

    for (size_t i = 0; i < 5; i++) {
        CU_ASSERT_TRUE(box_inside(b[i], &inner));
        for (size_t j = i + 1; j < 5; j++)
            CU_ASSERT_TRUE(boxes_apart(b[i], b[j]));
    }
    /* The map gets most of the page. */
    CU_ASSERT_TRUE(g->map.w_pt * g->map.h_pt >
                   0.45 * inner.w_pt * inner.h_pt);
}

static void
test_paper(void)
{
    double w, h;
    vk_paper p = VK_PAPER_A4;

    vk_paper_size(VK_PAPER_A4, &w, &h);
    CU_ASSERT_DOUBLE_EQUAL(w, 595.2756, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(h, 841.8898, 1e-4);
    vk_paper_size(VK_PAPER_A3, &w, &h);
    CU_ASSERT_DOUBLE_EQUAL(w, 841.8898, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(h, 1190.5512, 1e-4);
    CU_ASSERT_EQUAL(vk_paper_parse("a3", &p), 0);
    CU_ASSERT_EQUAL(p, VK_PAPER_A3);
    CU_ASSERT_EQUAL(vk_paper_parse("A4", &p), 0);
    CU_ASSERT_EQUAL(p, VK_PAPER_A4);
    CU_ASSERT_EQUAL(vk_paper_parse("A5", &p), -1);
    CU_ASSERT_EQUAL(vk_paper_parse(NULL, &p), -1);
    CU_ASSERT_EQUAL(p, VK_PAPER_A4);
}

static void
test_geometry(void)
{
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_page_geom g;
    vk_mapview v;
    vk_error err;
    double px, py;

    /* Testdorp is 200 m by 300 m: portrait, legend below the map. */
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    CU_ASSERT_FALSE(g.landscape);
    CU_ASSERT_DOUBLE_EQUAL(g.w_pt, 595.2756, 1e-4);
    check_boxes(&g);
    CU_ASSERT_TRUE(g.legend.y_pt >= g.map.y_pt + g.map.h_pt);

    /* The view is the map box, and the area's centre is its centre. */
    CU_ASSERT_DOUBLE_EQUAL(v.x_pt, g.map.x_pt, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.h_pt, g.map.h_pt, 1e-9);
    CU_ASSERT_PTR_EQUAL(v.fill, fill);
    CU_ASSERT_STRING_EQUAL(v.area->id, "GM0001");
    vk_render_to_page(&v, X0 + 100, Y0 + 150, &px, &py);
    CU_ASSERT_DOUBLE_EQUAL(px, g.map.x_pt + g.map.w_pt / 2, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(py, g.map.y_pt + g.map.h_pt / 2, 1e-6);

    /* Forced landscape on A3: legend right of the map. */
    opts.paper = VK_PAPER_A3;
    opts.landscape = 1;
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    CU_ASSERT_TRUE(g.landscape);
    CU_ASSERT_DOUBLE_EQUAL(g.w_pt, 1190.5512, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(g.h_pt, 841.8898, 1e-4);
    check_boxes(&g);
    CU_ASSERT_TRUE(g.legend.x_pt >= g.map.x_pt + g.map.w_pt);
}

static void
test_geometry_wide_area_landscape(void)
{
    vk_features *wide = vk_fixture_grid();
    vk_boundaries b = {wide, NULL, NULL};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_page_geom g;
    vk_mapview v;
    vk_error err;

    /* Stretch the grid three times in x: Testdorp becomes 600 x 300 m. */
    for (size_t i = 0; i < wide->g.npts; i++)
        wide->g.xy[2 * i] = X0 + 3 * (wide->g.xy[2 * i] - X0);
    for (size_t i = 0; i < wide->n; i++) {
        wide->f[i].bbox.minx = X0 + 3 * (wide->f[i].bbox.minx - X0);
        wide->f[i].bbox.maxx = X0 + 3 * (wide->f[i].bbox.maxx - X0);
    }
    wide->extent.maxx = X0 + 900;
    page.b = &b;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_geometry(&page, &opts, &g, &v, &err), VK_OK);
    CU_ASSERT_TRUE(g.landscape);
    check_boxes(&g);

    /* Asked for portrait, portrait it is. */
    opts.landscape = 0;
    CU_ASSERT_EQUAL(vk_layout_geometry(&page, &opts, &g, &v, &err), VK_OK);
    CU_ASSERT_FALSE(g.landscape);
    vk_features_destroy(wide);
}

static void
test_unknown_area(void)
{
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *out = vk_test_tmp("layout-none.pdf");
    char *keep = vk_xstrdup(out);
    vk_page_geom g = {0};
    vk_mapview v;
    vk_error err;
    struct stat st;

    page.area = vk_test_area(page.b, "GM9999");
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                    VK_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "GM9999"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "--area"));
    CU_ASSERT_DOUBLE_EQUAL(g.w_pt, 0, 0); /* untouched */

    /* Writing fails the same way and leaves no file. */
    remove(keep);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_write(keep, &page, 1, &opts, &err), VK_EDATA);
    CU_ASSERT_NOT_EQUAL(stat(keep, &st), 0);
    free(keep);
}

/* Runs a poppler tool on a file; returns its output (static buffer) or
 * "" when it fails. */
static const char *
poppler(const char *tool, const char *path)
{
    static char out[16384];
    char errbuf[1024], *cmd = vk_xasprintf("%s '%s' -", tool, path);
    int rc;

    if (strcmp(tool, "pdfinfo") == 0) {
        free(cmd);
        cmd = vk_xasprintf("pdfinfo '%s'", path);
    }
    rc = vk_test_run(cmd, out, sizeof out, errbuf, sizeof errbuf);
    free(cmd);
    if (rc != 0) {
        fprintf(stderr, "\n  %s failed (%d): %s\n", tool, rc, errbuf);
        out[0] = '\0';
    }
    return out;
}

/* 1 when pdfinfo output has the line "key: value" (any spacing). */
static int
info_is(const char *info, const char *key, const char *value)
{
    size_t kl = strlen(key), vl = strlen(value);

    for (const char *l = info; l != NULL && *l != '\0';
         l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *v = l + kl + 1;

        if (strncmp(l, key, kl) != 0 || l[kl] != ':')
            continue;
        while (*v == ' ')
            v++;
        return strncmp(v, value, vl) == 0 &&
               (v[vl] == '\n' || v[vl] == '\0');
    }
    return 0;
}

/* The first needle in the len bytes of data, or NULL (memmem is not
 * POSIX). */
static char *
find_bytes(char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return data + i;
    return NULL;
}

static int
has_bytes(char *data, size_t len, const char *needle)
{
    return find_bytes(data, len, needle) != NULL;
}

static void
test_pdf_a4(void)
{
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    char *path = vk_xstrdup(vk_test_tmp("layout.pdf"));
    char *again = vk_xstrdup(vk_test_tmp("layout-again.pdf"));
    char *a, *b;
    const char *info, *text;
    size_t la = 0, lb = 0;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, &page, 1, &opts, &err),
                          VK_OK);

    /* One A4 page, our metadata, no dates. */
    info = poppler("pdfinfo", path);
    CU_ASSERT_TRUE(info_is(info, "Pages", "1"));
    CU_ASSERT_TRUE(info_is(info, "Page size", "595.276 x 841.89 pts (A4)"));
    CU_ASSERT_TRUE(info_is(info, "Creator", "veerkracht"));
    CU_ASSERT_TRUE(info_is(info, "Subject", "Testdorp"));
    CU_ASSERT_TRUE(info_is(info, "Title",
                           "Aandeel huurwoningen \u2013 Testdorp"));
    CU_ASSERT_PTR_NULL(strstr(info, "CreationDate"));

    /* Text is text: gemeente name, title, legend, source line. */
    text = poppler("pdftotext", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Testdorp"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Aandeel huurwoningen"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Huurwoningen (%)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "tot 10,0 (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "20,0 of meer (1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Bron: CBS"));

    /* Fonts are embedded, and the same input gives the same bytes. */
    a = vk_test_slurp(path, &la);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_TRUE(has_bytes(a, la, "/FontFile"));
    CU_ASSERT_EQUAL(vk_layout_write(again, &page, 1, &opts, &err), VK_OK);
    b = vk_test_slurp(again, &lb);
    CU_ASSERT_TRUE(b != NULL && la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
    free(again);
    free(path);
}

static void
test_pdf_pages_and_a3(void)
{
    vk_page pages[2];
    vk_page_opts opts = {VK_PAPER_A3, 1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    char *path = vk_xstrdup(vk_test_tmp("layout-a3.pdf"));
    const char *info, *text;
    vk_error err;

    /* Two pages (an atlas in the small): Testdorp and Ander. */
    pages[0] = testdorp();
    pages[1] = testdorp();
    pages[1].area = vk_test_area(pages[1].b, "GM0002");
    pages[1].subtitle = "Ander";
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, pages, 2, &opts, &err),
                          VK_OK);
    info = poppler("pdfinfo", path);
    CU_ASSERT_TRUE(info_is(info, "Pages", "2"));
    CU_ASSERT_TRUE(info_is(info, "Page size", "1190.55 x 841.89 pts (A3)"));
    text = poppler("pdftotext", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Testdorp"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Ander"));
    free(path);
}

/* Writes the Testdorp page as PNG at dpi and checks size, density and the
 * colour at every buurt centre. */
static void
check_png(double dpi, long want_w, long want_h, long want_ppm)
{
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PNG, dpi, NULL, 0,
                         NULL, NULL, 0};
    char name[64], *path;
    vk_page_geom g;
    vk_mapview v;
    vk_error err;
    uint8_t *rgba;
    int w = 0, h = 0, type = -1, dark = 0;
    long ppm = 0;

    snprintf(name, sizeof name, "layout-%.0f.png", dpi);
    path = vk_xstrdup(vk_test_tmp(name));
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, &page, 1, &opts, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    rgba = vk_test_png_read(path, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);

    /* round(paper * dpi / 72) pixels, pHYs from dpi, opaque so RGB. */
    CU_ASSERT_EQUAL(w, want_w);
    CU_ASSERT_EQUAL(h, want_h);
    CU_ASSERT_EQUAL(ppm, want_ppm);
    CU_ASSERT_EQUAL(type, PNG_COLOR_TYPE_RGB);

    /* Testdorp's buurten (columns 0-1) in their colours; Ander's in grey
     * where they fall inside the frame. */
    for (size_t i = 0; i < 9; i++) {
        double px, py;
        long x, y;
        const uint8_t *p;

        vk_render_to_page(&v, X0 + CELL * (double)(i % 3) + CELL / 2,
                          Y0 + CELL * (double)(i / 3) + CELL / 2, &px, &py);
        if (px >= g.map.x_pt + g.map.w_pt)
            continue;
        x = (long)floor(px * dpi / 72);
        y = (long)floor(py * dpi / 72);
        p = rgba + 4 * ((size_t)y * (size_t)w + (size_t)x);
        if (i % 3 < 2) {
            CU_ASSERT_EQUAL(p[0], 40 + 20 * i);
            CU_ASSERT_EQUAL(p[1], 200 - 15 * i);
            CU_ASSERT_EQUAL(p[2], 100 + 10 * i);
        } else {
            CU_ASSERT_TRUE(p[0] == 0xe6 && p[1] == 0xe6 && p[2] == 0xe6);
        }
        CU_ASSERT_EQUAL(p[3], 255);
    }

    /* Something dark (the title) was drawn in the header. */
    for (long y = (long)(g.header.y_pt * dpi / 72);
         y < (long)((g.header.y_pt + 20) * dpi / 72); y++)
        for (long x = (long)(g.header.x_pt * dpi / 72);
             x < (long)((g.header.x_pt + 100) * dpi / 72); x++)
            dark += rgba[4 * ((size_t)y * (size_t)w + (size_t)x)] < 64;
    CU_ASSERT_TRUE(dark > 10);
    free(rgba);
    free(path);
}

static void
test_png_72_and_150(void)
{
    /* A4 is 595.276 x 841.89 pt: 595 x 842 px at 72 dpi, 1240.16 x
     * 1753.94 -> 1240 x 1754 at 150; pHYs 72 / 0.0254 = 2834.6 -> 2835,
     * 150 / 0.0254 = 5905.5 -> 5906 pixels per metre. */
    check_png(72, 595, 842, 2835);
    check_png(150, 1240, 1754, 5906);
}

static void
test_write_refusals(void)
{
    vk_page pages[2];
    vk_page_opts png = {VK_PAPER_A4, -1, VK_FORMAT_PNG, 300, NULL, 0,
                        NULL, NULL, 0};
    char *missing = vk_xasprintf("%s/no-such-folder/map.pdf",
                                 vk_test_tmp("layout-missing"));
    vk_error err;

    pages[0] = testdorp();
    pages[1] = testdorp();

    /* A PNG holds one page. */
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_write(vk_test_tmp("layout-2.png"), pages, 2,
                                    &png, &err), VK_EUSAGE);

    /* Densities cairo cannot draw are refused before drawing. */
    png.dpi = 5000;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_write(vk_test_tmp("layout-big.png"), pages, 1,
                                    &png, &err), VK_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "--dpi 5000"));

    /* A missing folder is an I/O error naming it. */
    png.format = VK_FORMAT_PDF;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_write(missing, pages, 1, &png, &err), VK_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "no-such-folder"));
    free(missing);
}

/* Pages of one set reserve the largest legend, so the map has one frame,
 * extent and scale on every page; alone, a page with a long legend gets a
 * smaller map. */
static void
test_set_shares_map_frame(void)
{
    vk_legend_entry many[12];
    vk_legend tall = {leg_title, many, 12, 0, 0, NULL, NULL, 0};
    vk_page pages[2] = {testdorp(), testdorp()};
    vk_page_opts alone = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                          NULL, NULL, 0};
    vk_page_opts set = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, pages, 2,
                        NULL, NULL, 0};
    vk_page_geom g0, g1, s0, s1;
    vk_mapview v0, v1, w0, w1;
    vk_error err;

    for (size_t i = 0; i < 12; i++)
        many[i] = (vk_legend_entry){fill[i % 9], lab1, i, 0};
    pages[1].legend = &tall;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_layout_geometry(&pages[0], &alone, &g0, &v0, &err),
                    VK_OK);
    CU_ASSERT_EQUAL(vk_layout_geometry(&pages[1], &alone, &g1, &v1, &err),
                    VK_OK);
    CU_ASSERT_TRUE(g1.map.h_pt < g0.map.h_pt - 20);

    CU_ASSERT_EQUAL(vk_layout_geometry(&pages[0], &set, &s0, &w0, &err),
                    VK_OK);
    CU_ASSERT_EQUAL(vk_layout_geometry(&pages[1], &set, &s1, &w1, &err),
                    VK_OK);
    CU_ASSERT_EQUAL(memcmp(&s0.map, &s1.map, sizeof s0.map), 0);
    CU_ASSERT_EQUAL(memcmp(&w0.extent, &w1.extent, sizeof w0.extent), 0);
    CU_ASSERT_DOUBLE_EQUAL(s0.map.h_pt, g1.map.h_pt, 1e-9);
    check_boxes(&s0);
}

/* A multi-page PDF of one area holds what the pages share once: the
 * surroundings and the outlines are one Form XObject each, painted on
 * every page, not drawn again per page. */
static void
test_pdf_shares_parts(void)
{
    vk_page pages[3] = {testdorp(), testdorp(), testdorp()};
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *path = vk_test_tmp("shared-parts.pdf");
    char buf[4096];
    size_t len;
    char *pdf;
    int forms = 0;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, pages, 3, &opts, &err),
                          VK_OK);
    CU_ASSERT_EQUAL(vk_test_poppler("pdfinfo", path, buf, sizeof buf), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "Pages:           3\n"));
    pdf = vk_test_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    for (size_t i = 0; i + 14 <= len; i++)
        forms += memcmp(pdf + i, "/Subtype /Form", 14) == 0;
    /* Under and over the fills; the grid has no gemeenten, so no
     * overview. */
    CU_ASSERT_EQUAL(forms, 2);
    free(pdf);
}

/* The map frame alone as a GeoTIFF: georeferenced in the boundaries' CRS
 * at the page's print scale, so a GIS finds each buurt's colour at its own
 * coordinates; the same inputs give the same bytes. */
static void
test_map_geotiff(void)
{
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_MAP_TIF, 96, NULL, 0,
                         NULL, NULL, 0};
    const char *tif = vk_test_tmp("map.tif"), *tif2 = vk_test_tmp("map2.tif");
    char out[8192], e[1024], *cmd, *a, *b;
    size_t la, lb;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(tif, &page, 1, &opts, &err), VK_OK);
    cmd = vk_xasprintf("gdalinfo '%s'", tif);
    CU_ASSERT_EQUAL_FATAL(vk_test_run(cmd, out, sizeof out, e, sizeof e), 0);
    free(cmd);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Driver: GTiff/GeoTIFF"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ID[\"EPSG\",28992]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "TIFFTAG_XRESOLUTION=96"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Band 3 Block"));

    /* Each cell's centre, in RD metres, has the cell's colour. */
    for (int i = 0; i < 6; i++) {
        double x = X0 + CELL * (i % 3) + CELL / 2;
        double y = Y0 + CELL * (i / 3) + CELL / 2;
        unsigned r, g, bl;

        if (i % 3 == 2)
            continue; /* GM0002: grey surroundings */
        cmd = vk_xasprintf("gdallocationinfo -valonly -geoloc '%s' %.1f %.1f",
                           tif, x, y);
        CU_ASSERT_EQUAL_FATAL(vk_test_run(cmd, out, sizeof out, e, sizeof e),
                              0);
        free(cmd);
        CU_ASSERT_EQUAL_FATAL(sscanf(out, "%u %u %u", &r, &g, &bl), 3);
        CU_ASSERT_EQUAL(r, (unsigned)lround(fill[i].r * 255));
        CU_ASSERT_EQUAL(g, (unsigned)lround(fill[i].g * 255));
        CU_ASSERT_EQUAL(bl, (unsigned)lround(fill[i].b * 255));
    }

    CU_ASSERT_EQUAL_FATAL(vk_layout_write(tif2, &page, 1, &opts, &err),
                          VK_OK);
    a = vk_test_slurp(tif, &la);
    b = vk_test_slurp(tif2, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_TRUE(la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
}

/* One row of the round-scale table: a fitted denominator and the print
 * scale it must become. */
typedef struct scale_case {
    double denom, want;
} scale_case;

/* Every step of the table (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5) in two
 * decades: just below a step, on it, just above it (to the next step),
 * written out rather than computed, so a lost or changed step fails. */
static const scale_case SCALES[] = {
    /* 1:1.000 to 1:10.000 */
    {999, 1000},     {1000, 1000},    {1001, 1250},    {1100, 1250},
    {1250, 1250},    {1251, 1500},    {1500, 1500},    {1501, 2000},
    {2000, 2000},    {2001, 2500},    {2100, 2500},    {2500, 2500},
    {2501, 3000},    {3000, 3000},    {3001, 4000},    {4000, 4000},
    {4001, 5000},    {5000, 5000},    {5001, 6000},    {6000, 6000},
    {6001, 7500},    {7500, 7500},    {7501, 10000},
    /* 1:10.000 to 1:100.000 */
    {9999, 10000},   {10000, 10000},  {10001, 12500},  {12500, 12500},
    {12501, 15000},  {12600, 15000},  {15000, 15000},  {15001, 20000},
    {20000, 20000},  {20001, 25000},  {21000, 25000},  {25000, 25000},
    {25001, 30000},  {30000, 30000},  {30001, 40000},  {40000, 40000},
    {40001, 50000},  {50000, 50000},  {50001, 60000},  {60000, 60000},
    {60001, 75000},  {75000, 75000},  {75001, 100000}, {100000, 100000},
    /* Further decades, and small and large ones. */
    {100001, 125000}, {210000, 250000}, {740000, 750000},
    {1.1, 1.25},     {7.6, 10},       {0.3, 0.3},      {0.26, 0.3},
    {2.4e6, 2.5e6},
    /* A fit a hair above a step (rounding in the fit) stays on it; one
     * clearly above goes to the next. The tolerance is 1e-9 relative. */
    {25000 * (1 + 1e-10), 25000},     {25000 * (1 + 1e-8), 30000},
    {10000 * (1 + 1e-10), 10000},     {10000 * (1 + 1e-8), 12500},
};

static void
test_round_scale_table(void)
{
    for (size_t i = 0; i < sizeof SCALES / sizeof SCALES[0]; i++) {
        double got = vk_layout_round_scale(SCALES[i].denom);

        if (fabs(got - SCALES[i].want) > 1e-9 * SCALES[i].want)
            fprintf(stderr, "\n  round_scale(%.10g) = %.10g, want %.10g",
                    SCALES[i].denom, got, SCALES[i].want);
        CU_ASSERT_DOUBLE_EQUAL(got, SCALES[i].want, 1e-9 * SCALES[i].want);
    }
    /* What is no scale comes back as it is. */
    CU_ASSERT_EQUAL(vk_layout_round_scale(0), 0);
    CU_ASSERT_EQUAL(vk_layout_round_scale(-5), -5);
    CU_ASSERT_TRUE(isnan(vk_layout_round_scale(NAN)));
    CU_ASSERT_TRUE(isinf(vk_layout_round_scale(INFINITY)));
}

/* The page of a sample gemeente states the scale it is drawn at. GM0982
 * on A4 portrait: its buurten span 18,553 m by 16,642 m, with the 4 %
 * margin on each side 20,037 m by 17,973 m. The map frame is the page
 * width less two 12 mm margins, 527.24 pt, by 571.2 pt (the height left
 * by this style's legend); the area is wider than the frame's shape, so
 * the width decides: 20,037 m / 527.24 pt is 38.0 m a point, 1:107.727 at
 * 0.3528 mm a point. The next round scale is 1:125.000. */
static void
test_pdf_states_round_scale(void)
{
    char *pdf = vk_xstrdup(vk_test_tmp("layout-gm0982.pdf"));
    char *args = vk_xasprintf(
        "render --boundaries '%s' --table '%s' --style '%s' --area GM0982 "
        "--orientation portrait --out '%s'",
        vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("styles/kwetsbare_bewoners.yaml"), pdf);
    static char o[4096], e[4096], text[65536];

    CU_ASSERT_EQUAL_FATAL(vk_test_vk(args, o, sizeof o, e, sizeof e), 0);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text,
                                          sizeof text), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Schaal 1:125.000\n"));
    CU_ASSERT_DOUBLE_EQUAL(vk_layout_round_scale(107727), 125000, 0);
    free(args);
    free(pdf);
}

/* ---- more pages (tools/mutants.txt found these untested) ------------- */

/* A short legend (one row, no title) still leaves the scale bar and
 * north arrow their band below the map: the boxes do not overlap. */
static void
test_short_legend_keeps_furniture(void)
{
    vk_legend one = {NULL, entries, 1, 0, 0, NULL, NULL, 0};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    vk_page_geom g;
    vk_mapview v;
    vk_error err;

    page.legend = &one;
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    CU_ASSERT_FALSE(g.landscape);
    check_boxes(&g);
    /* 10 pt between the map and the band (GAP). */
    CU_ASSERT_DOUBLE_EQUAL(g.furniture.y_pt - (g.map.y_pt + g.map.h_pt), 10,
                           1e-9);
}

/* Legend counts in Dutch digit groups of three from the right. */
static void
test_legend_counts_grouped(void)
{
    static char la[] = "klein", lb[] = "groot";
    vk_legend_entry e[2] = {{{1, 0, 0, 1}, la, 1234, 0},
                            {{0, 0, 1, 1}, lb, 1234567, 0}};
    vk_legend two = {leg_title, e, 2, 0, 0, NULL, NULL, 0};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *path = vk_test_tmp("layout-counts.pdf");
    const char *text;
    vk_error err;

    page.legend = &two;
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, &page, 1, &opts, &err),
                          VK_OK);
    text = poppler("pdftotext", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "klein (1.234)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "groot (1.234.567)"));
}

/* A scale bar of a whole kilometre says "1 km". The grid stretched 25
 * times (Testdorp 5 by 7.5 km) is drawn at 1:40.000 or so; the bar may
 * be 85 pt long (the furniture's 170 pt less the arrow, the overview and
 * gaps), 85 pt times 14 to 21 m a point is 1.2 to 1.8 km, so the round
 * length is 1000 m. */
static void
test_scale_bar_kilometre(void)
{
    vk_features *big = vk_fixture_grid();
    vk_boundaries b = {big, NULL, NULL};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *path = vk_test_tmp("layout-km.pdf");
    const char *text;
    vk_page_geom g;
    vk_mapview v;
    vk_error err;
    double bar_m;

    for (size_t i = 0; i < big->g.npts; i++) {
        big->g.xy[2 * i] = X0 + 25 * (big->g.xy[2 * i] - X0);
        big->g.xy[2 * i + 1] = Y0 + 25 * (big->g.xy[2 * i + 1] - Y0);
    }
    vk_bbox_reset(&big->extent);
    for (size_t i = 0; i < big->n; i++) {
        vk_bbox *f = &big->f[i].bbox;

        *f = (vk_bbox){X0 + 25 * (f->minx - X0), Y0 + 25 * (f->miny - Y0),
                       X0 + 25 * (f->maxx - X0), Y0 + 25 * (f->maxy - Y0)};
        vk_bbox_union(&big->extent, f);
    }
    page.b = &b;
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    bar_m = 85 * vk_render_scale(&v);
    CU_ASSERT_FATAL(bar_m >= 1000 && bar_m < 2000);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, &page, 1, &opts, &err),
                          VK_OK);
    text = poppler("pdftotext", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "1 km"));
    CU_ASSERT_PTR_NULL(strstr(text, "1000 m"));
    vk_features_destroy(big);
}

/* A CRS in feet (EPSG:2263, New York Long Island, US survey feet of
 * 1200/3937 m) states its true scale: the grid read back from a
 * GeoPackage in that CRS, its cells 10,000 ft (3,048 m), Testdorp 20,000
 * by 30,000 ft. With the 4 % margins 6,584 by 9,875 m in a portrait frame
 * of 527.24 by 631.22 pt: the height decides, 15.6 m a point, 1:44.349,
 * rounded up to 1:50.000 (read as metres it would be 1:150.000). The bar
 * of 85 pt at most is 1 km. It is measured in a PNG of the page: its
 * label in metres at the stated scale is its length on paper. */
static void
test_feet_true_scale(void)
{
    vk_features *ft = vk_fixture_grid(), *back;
    vk_boundaries b = {NULL, NULL, NULL};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    const char *gpkg = vk_test_tmp("feet.gpkg");
    char *pdf = vk_xstrdup(vk_test_tmp("feet.pdf"));
    char *png = vk_xstrdup(vk_test_tmp("feet.png"));
    const double ft_m = 1200.0 / 3937, dpi = 300;
    double denom, bar_m, fit, half, want_px;
    vk_page_geom g;
    vk_mapview v;
    vk_error err;
    uint8_t *rgba;
    int w, h, type;
    long ppm;

    for (size_t i = 0; i < 2 * ft->g.npts; i++)
        ft->g.xy[i] = (i % 2 ? 200000.0 : 1000000.0) +
                      100 * (ft->g.xy[i] - (i % 2 ? Y0 : X0));
    free(ft->crs_wkt);
    ft->crs_wkt = vk_xstrdup("EPSG:2263");
    vk_error_init(&err);
    remove(gpkg);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(gpkg, "GPKG", "buurten", ft,
                                                VK_LEVEL_BUURT, &err),
                          VK_OK);
    vk_features_destroy(ft);
    back = vk_source_read_layer(gpkg, NULL, NULL, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_STRING_EQUAL(back->crs_name, "EPSG:2263");
    CU_ASSERT_DOUBLE_EQUAL(back->crs_unit_m, ft_m, 1e-12);

    b.buurten = back;
    page.b = &b;

    /* The round scale of the fit, computed here in metres. */
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &opts, &g, &v, &err),
                          VK_OK);
    fit = fmax(20000 * 1.08 / g.map.w_pt, 30000 * 1.08 / g.map.h_pt) * ft_m /
          (0.0254 / 72);
    CU_ASSERT_DOUBLE_EQUAL(vk_layout_round_scale(fit), 50000, 0);

    CU_ASSERT_EQUAL_FATAL(vk_layout_write(pdf, &page, 1, &opts, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_test_scale_text(poppler("pdftotext", pdf),
                                             &denom, &bar_m), 0);
    CU_ASSERT_DOUBLE_EQUAL(denom, 50000, 0);
    CU_ASSERT_DOUBLE_EQUAL(bar_m, 1000, 0);

    /* The bar on paper: 1 km at 1:50.000 is 20 mm. */
    opts.format = VK_FORMAT_PNG;
    opts.dpi = dpi;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(png, &page, 1, &opts, &err),
                          VK_OK);
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    half = vk_test_bar_half_px(rgba, w, h);
    free(rgba);
    want_px = bar_m / denom / 0.0254 * dpi / 2;
    if (fabs(half - want_px) > 0.005 * want_px)
        fprintf(stderr, "\n  feet scale bar: half %.2f px, want %.2f px",
                half, want_px);
    CU_ASSERT(fabs(half - want_px) <= 0.005 * want_px);
    vk_features_destroy(back);
    free(pdf);
    free(png);
}

/* ---- a small PDF reader for the bookmarks ---------------------------- */

/* The number after key within s ("/Root 86 0 R" -> 86), or -1. */
static long
pdf_number(const char *s, const char *key)
{
    const char *p = s != NULL ? strstr(s, key) : NULL;

    return p != NULL ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* Object num as the last cross-reference section says: its subsection
 * "num 1" or, through /Prev, the table cairo wrote ("0 SIZE"). The object
 * text (up to "endobj"), or NULL. */
static const char *
pdf_object(const char *pdf, size_t len, long num)
{
    const char *sx = NULL;
    long xref;

    for (size_t i = 0; i + 9 < len; i++)
        if (memcmp(pdf + i, "startxref", 9) == 0)
            sx = pdf + i;
    xref = pdf_number(sx, "startxref");
    while (xref > 0 && (size_t)xref < len) {
        const char *x = pdf + xref, *trailer = strstr(x, "trailer");
        char *p;
        long first = strtol(x + 4, &p, 10), count = strtol(p, &p, 10);

        if (num >= first && num < first + count) {
            long off = strtol(strchr(p, '\n') + 1 + 20 * (num - first),
                              NULL, 10);
            char head[32];

            snprintf(head, sizeof head, "%ld 0 obj", num);
            return off > 0 && (size_t)off < len &&
                           strncmp(pdf + off, head, strlen(head)) == 0
                       ? pdf + off
                       : NULL;
        }
        xref = strstr(trailer, "/Prev") != NULL &&
                       strstr(trailer, "/Prev") < strstr(trailer, ">>")
                   ? pdf_number(trailer, "/Prev ")
                   : -1;
    }
    return NULL;
}

/* The /Title of an outline item as UTF-8: a literal string, or UTF-16BE
 * hex after FEFF (the BMP is enough here). */
static void
pdf_title(const char *obj, char *out, size_t size)
{
    const char *t = strstr(obj, "/Title ") + 7;
    size_t n = 0;

    if (*t == '(') {
        for (t++; *t != ')' && n + 1 < size; t++)
            out[n++] = *t == '\\' ? *++t : *t;
    } else if (strncmp(t, "<FEFF", 5) == 0) {
        for (t += 5; isxdigit((unsigned char)t[0]) && n + 4 < size; t += 4) {
            char hex[5] = {t[0], t[1], t[2], t[3], 0};
            unsigned c = (unsigned)strtoul(hex, NULL, 16);

            if (c < 0x80) {
                out[n++] = (char)c;
            } else if (c < 0x800) {
                out[n++] = (char)(0xc0 | c >> 6);
                out[n++] = (char)(0x80 | (c & 0x3f));
            } else {
                out[n++] = (char)(0xe0 | c >> 12);
                out[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
                out[n++] = (char)(0x80 | (c & 0x3f));
            }
        }
    }
    out[n] = '\0';
}

/* The bookmarks of a PDF as lines "depth title -> page", e.g.
 * "0 Testdorp -> 1\n1 Aandeel huurwoningen -> 1\n", walking /First and
 * /Next from the catalog's /Outlines; pages numbered by the page tree's
 * /Kids. Also says whether the catalog opens with the outline panel at
 * the first page. */
static void
pdf_bookmarks(const char *pdf, size_t len, vk_strbuf *out, int *panel)
{
    const char *sx = NULL, *cat, *kids, *outl;
    long stack[8], kid[64];
    int depth = 0, nkids = 0;
    char line[256];

    for (size_t i = 0; i + 7 < len; i++)
        if (memcmp(pdf + i, "trailer", 7) == 0)
            sx = pdf + i;
    cat = pdf_object(pdf, len, pdf_number(sx, "/Root "));
    CU_ASSERT_PTR_NOT_NULL_FATAL(cat);
    kids = strstr(pdf_object(pdf, len, pdf_number(cat, "/Pages ")), "/Kids [");
    CU_ASSERT_PTR_NOT_NULL_FATAL(kids);
    for (const char *k = kids + 7; *k != ']' && nkids < 64;) {
        char *e;

        kid[nkids++] = strtol(k, &e, 10);
        k = strstr(e, "R") + 1;
        while (*k == ' ')
            k++;
    }
    snprintf(line, sizeof line, "/OpenAction [%ld 0 R /Fit]", kid[0]);
    *panel = strstr(cat, "/PageMode /UseOutlines") != NULL &&
             strstr(cat, line) != NULL && strstr(cat, "endobj") > strstr(cat, line);
    outl = pdf_object(pdf, len, pdf_number(cat, "/Outlines "));
    CU_ASSERT_PTR_NOT_NULL_FATAL(outl);
    stack[0] = pdf_number(outl, "/First ");
    while (depth >= 0) {
        const char *o = stack[depth] > 0 ? pdf_object(pdf, len, stack[depth])
                                         : NULL;
        const char *end = o != NULL ? strstr(o, "endobj") : NULL;
        const char *first = o != NULL ? strstr(o, "/First ") : NULL;
        const char *next = o != NULL ? strstr(o, "/Next ") : NULL;
        long page = o != NULL ? pdf_number(o, "/Dest [") : -1;
        int at = 0;

        if (o == NULL) {
            depth--;
            continue;
        }
        for (int k = 0; k < nkids; k++)
            if (kid[k] == page)
                at = k + 1;
        pdf_title(o, line, sizeof line);
        vk_strbuf_appendf(out, "%d %s -> %d\n", depth, line, at);
        stack[depth] = next != NULL && next < end ? pdf_number(next, "/Next ")
                                                  : -1;
        if (first != NULL && first < end && depth + 1 < 8)
            stack[++depth] = pdf_number(first, "/First ");
    }
}

static void
test_pdf_bookmarks(void)
{
    vk_page pages[3];
    vk_page_opts opts = {VK_PAPER_A4, 0, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    char *path = vk_xstrdup(vk_test_tmp("layout-bookmarks.pdf"));
    vk_strbuf marks = {0};
    char *pdf;
    const char *info;
    size_t len = 0;
    int panel = 0;
    vk_error err;

    /* Three layers of one gemeente: a bookmark per page, flat. */
    for (int i = 0; i < 3; i++) {
        pages[i] = testdorp();
        pages[i].area_name = "Testdorp";
    }
    pages[1].title = "Overlast en onveiligheid";
    pages[2].title = "Signaleringskaart (relatief) \u2013 \u00e9\u00e9n";
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, pages, 3, &opts, &err),
                          VK_OK);
    pdf = vk_test_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    pdf_bookmarks(pdf, len, &marks, &panel);
    CU_ASSERT_STRING_EQUAL(marks.s,
                           "0 Aandeel huurwoningen -> 1\n"
                           "0 Overlast en onveiligheid -> 2\n"
                           "0 Signaleringskaart (relatief) \u2013 \u00e9\u00e9n -> 3\n");
    CU_ASSERT_TRUE(panel);
    info = poppler("pdfinfo", path);
    CU_ASSERT_TRUE(info_is(info, "Pages", "3"));
    CU_ASSERT_TRUE(info_is(info, "Title", "Testdorp"));
    CU_ASSERT_TRUE(info_is(info, "Subject",
                           "Aandeel huurwoningen, Overlast en onveiligheid, "
                           "Signaleringskaart (relatief) \u2013 \u00e9\u00e9n"));
    CU_ASSERT_TRUE(info_is(info, "Keywords",
                           "veerkracht, Testdorp, Aandeel huurwoningen, "
                           "Overlast en onveiligheid, Signaleringskaart "
                           "(relatief) \u2013 \u00e9\u00e9n"));
    free(pdf);
    vk_strbuf_free(&marks);

    /* Two gemeenten, the second with two layers: an open item per
     * gemeente holds its pages. */
    pages[1] = testdorp();
    pages[1].area = vk_test_area(pages[1].b, "GM0002");
    pages[1].area_name = "Ander";
    pages[2].area = pages[1].area;
    pages[2].area_name = "Ander";
    pages[2].title = "Focuskaart";
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, pages, 3, &opts, &err),
                          VK_OK);
    pdf = vk_test_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    pdf_bookmarks(pdf, len, &marks, &panel);
    CU_ASSERT_STRING_EQUAL(marks.s, "0 Testdorp -> 1\n"
                                    "1 Aandeel huurwoningen -> 1\n"
                                    "0 Ander -> 2\n"
                                    "1 Aandeel huurwoningen -> 2\n"
                                    "1 Focuskaart -> 3\n");
    CU_ASSERT_TRUE(panel);
    info = poppler("pdfinfo", path);
    CU_ASSERT_TRUE(info_is(info, "Title", "Testdorp, Ander"));
    free(pdf);
    vk_strbuf_free(&marks);

    /* One page: its bookmark, and no panel forced open. */
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(path, pages, 1, &opts, &err),
                          VK_OK);
    pdf = vk_test_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    pdf_bookmarks(pdf, len, &marks, &panel);
    CU_ASSERT_STRING_EQUAL(marks.s, "0 Aandeel huurwoningen -> 1\n");
    CU_ASSERT_FALSE(panel);
    free(pdf);
    vk_strbuf_free(&marks);
    free(path);
}

/* ---- no text is cut; a PNG is laid out as its PDF ---------------------- */

/* The texts a page drew (vk_layout_write_traced), copied. */
typedef struct drawn_list {
    vk_text_drawn *t;
    size_t n;
} drawn_list;

static void
record_text(void *ctx, const vk_text_drawn *t)
{
    drawn_list *l = ctx;

    l->t = vk_xreallocarray(l->t, l->n + 1, sizeof *l->t);
    l->t[l->n] = *t;
    l->t[l->n].text = vk_xstrdup(t->text);
    l->n++;
}

static void
drawn_free(drawn_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free((char *)l->t[i].text);
    free(l->t);
    *l = (drawn_list){NULL, 0};
}

/* Every text whole (not cut by pango, no line wider than it was given)
 * and where == "PDF"'s list equals the PNG's: the same texts at the same
 * sizes, places and line breaks. Returns the failures (printed). */
static int
check_drawn(const char *what, const drawn_list *pdf, const drawn_list *png)
{
    int bad = 0;

    for (size_t i = 0; i < pdf->n; i++) {
        const vk_text_drawn *t = &pdf->t[i];

        if (t->ellipsized ||
            (t->width_pt > 0 && t->w_pt > t->width_pt + 0.01)) {
            fprintf(stderr, "\n  %s: \"%s\" cut or too wide: %.2f of %.2f "
                    "pt\n", what, t->text, t->w_pt, t->width_pt);
            bad++;
        }
    }
    if (pdf->n != png->n) {
        fprintf(stderr, "\n  %s: %zu texts in the PDF, %zu in the PNG\n",
                what, pdf->n, png->n);
        return bad + 1;
    }
    for (size_t i = 0; i < pdf->n; i++) {
        const vk_text_drawn *a = &pdf->t[i], *b = &png->t[i];

        if (strcmp(a->text, b->text) != 0 || a->size_pt != b->size_pt ||
            a->width_pt != b->width_pt || a->x_pt != b->x_pt ||
            a->y_pt != b->y_pt || a->w_pt != b->w_pt || a->h_pt != b->h_pt ||
            a->lines != b->lines || a->ellipsized != b->ellipsized) {
            fprintf(stderr, "\n  %s: PDF \"%s\" %.4f pt wide, %d lines; PNG "
                    "\"%s\" %.4f pt wide, %d lines\n", what, a->text, a->w_pt,
                    a->lines, b->text, b->w_pt, b->lines);
            bad++;
        }
    }
    return bad;
}

/* Whether a PDF draws the ellipsis glyph: a font's ToUnicode map names
 * U+2026. pdftotext cannot tell: cairo gives a cut text its whole
 * original as /ActualText, so the text reads back complete. */
static int
pdf_has_ellipsis(const char *path)
{
    size_t len = 0;
    char *pdf = vk_test_slurp(path, &len), *p = pdf;
    int found = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    while (!found &&
           (p = find_bytes(p, len - (size_t)(p - pdf), "stream")) != NULL) {
        char *s = p + 6, *e;
        unsigned char out[1 << 16];
        z_stream z = {0};

        s += *s == '\r';
        s += *s == '\n';
        e = find_bytes(s, len - (size_t)(s - pdf), "endstream");
        if (e == NULL)
            break;
        p = e + 9;
        if (inflateInit(&z) != Z_OK)
            continue;
        z.next_in = (unsigned char *)s;
        z.avail_in = (uInt)(e - s);
        z.next_out = out;
        z.avail_out = sizeof out - 1;
        inflate(&z, Z_FINISH);
        out[sizeof out - 1 - z.avail_out] = '\0';
        found = strstr((char *)out, "begincmap") != NULL &&
                strstr((char *)out, "<2026>") != NULL;
        inflateEnd(&z);
    }
    free(pdf);
    return found;
}

/* Writes pages as a PDF and the first as a PNG at 150 dpi (the density
 * at which the sample's footer once lost its end), both traced; asserts
 * check_drawn, and that the PDF draws no "…" and its text holds each of
 * want (NULL-terminated) whole. */
static void
check_not_cut(const char *name, const vk_page *pages, size_t n,
              vk_page_opts opts, const char *const *want)
{
    drawn_list pdf = {0}, png = {0}, one = {0};
    char *pdf_path = vk_xstrdup(vk_test_tmp("fit.pdf"));
    char *png_path = vk_xstrdup(vk_test_tmp("fit.png"));
    char *pdf1_path = vk_xstrdup(vk_test_tmp("fit-1.pdf"));
    const char *text;
    vk_error err;

    vk_error_init(&err);
    opts.format = VK_FORMAT_PDF;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write_traced(pdf_path, pages, n, &opts,
                                                 record_text, &pdf, &err),
                          VK_OK);
    CU_ASSERT_FALSE(pdf_has_ellipsis(pdf_path));
    text = poppler("pdftotext", pdf_path);
    CU_ASSERT_PTR_NULL(strstr(text, "\xe2\x80\xa6"));
    for (size_t i = 0; want != NULL && want[i] != NULL; i++)
        if (strstr(text, want[i]) == NULL) {
            fprintf(stderr, "\n  %s: no \"%s\" in the PDF\n", name, want[i]);
            CU_FAIL("a text is missing from the PDF");
        }
    /* The first page alone, as a PDF and as a PNG, in the set's frame. */
    opts.set = pages;
    opts.nset = n;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write_traced(pdf1_path, pages, 1, &opts,
                                                 record_text, &one, &err),
                          VK_OK);
    opts.format = VK_FORMAT_PNG;
    opts.dpi = 150;
    CU_ASSERT_EQUAL_FATAL(vk_layout_write_traced(png_path, pages, 1, &opts,
                                                 record_text, &png, &err),
                          VK_OK);
    CU_ASSERT_TRUE(pdf.n > 0);
    CU_ASSERT_EQUAL(check_drawn(name, &pdf, &pdf), 0);
    CU_ASSERT_EQUAL(check_drawn(name, &one, &png), 0);
    drawn_free(&pdf);
    drawn_free(&png);
    drawn_free(&one);
    free(pdf_path);
    free(png_path);
    free(pdf1_path);
}

/* Long texts everywhere on a landscape page: legend labels with large
 * numbers and their counts, a long title, subtitle, source line and date.
 * Each is drawn whole: wrapped, or shrunk. */
static void
test_long_texts_not_cut(void)
{
    static char l0[] = "minder dan 1.234.567,8 inwoners per vierkante "
                       "kilometer land",
                l1[] = "1.234.567,8 tot 12.345.678,9 inwoners per "
                       "vierkante kilometer land",
                l2[] = "12.345.678,9 inwoners per vierkante kilometer land "
                       "of meer",
                lt[] = "Bevolkingsdichtheid in inwoners per vierkante "
                       "kilometer land (1 januari 2023)";
    vk_legend_entry e[3] = {{{1, 0, 0, 1}, l0, 1234567, 0},
                            {{0, 1, 0, 1}, l1, 7654321, 0},
                            {{0, 0, 1, 1}, l2, 23456789, 0}};
    vk_legend big = {lt, e, 3, 0, 0, NULL, NULL, 0};
    vk_page page = testdorp();
    vk_page_opts opts = {VK_PAPER_A4, 1, VK_FORMAT_PDF, 0, NULL, 0,
                         NULL, NULL, 0};
    static const char *const want[] = {
        "(1.234.567)", "(7.654.321)", "(23.456.789)",
        "Projectie: EPSG:28992", "bewerking veerkracht", NULL};

    page.legend = &big;
    page.title = "Aandeel huishoudens met een laag inkomen dat langer dan "
                 "vier jaar op of rond de armoedegrens leeft, per buurt";
    page.subtitle = "Testdorp, Ander en de gemeenten eromheen \xe2\x80\x93 "
                    "buurten met minder dan vijftig inwoners zijn "
                    "gearceerd en hebben geen waarde";
    page.source = "Bron: CBS Wijk- en buurtkaart 2023; CBS Kerncijfers wijken "
                  "en buurten; Leefbaarometer 3.0 (BZK); WoonZorgwijzer; "
                  "bewerking veerkracht";
    page.date = "1 januari 2023 en 1 januari 2022";
    check_not_cut("long texts, landscape", &page, 1, opts, want);
    opts.landscape = 0;
    check_not_cut("long texts, portrait", &page, 1, opts, want);
}

/* The pages of every default style (every .yaml of styles/) over the
 * sample, as make demo renders them: one PDF per gemeente and each page
 * as a PNG. */
static void
test_default_styles_not_cut(void)
{
    static const char *const areas[] = {"GM0981", "GM0984"};
    static const char *const want[] = {"Projectie: EPSG:28992", NULL};
    const char *tables[2] = {vk_test_src("samples/indicatoren.csv"),
                             vk_test_src("samples/leefbaarometer.csv")};
    vk_mapset_opts o = {.boundaries = vk_test_src("samples/regio.gpkg"),
                        .tables = tables, .ntables = 2,
                        .styles_dir = vk_test_src("styles")};
    vk_mapset *ms;
    vk_error err;

    vk_error_init(&err);
    ms = vk_mapset_open(&o, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    CU_ASSERT_EQUAL(vk_mapset_nstyles(ms), 10);
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        const vk_area *gm = vk_test_mapset_area(ms, areas[a], &err);
        size_t n = vk_mapset_nstyles(ms);
        vk_paint *paint[VK_MAPSET_MAX_STYLES];
        vk_page pages[VK_MAPSET_MAX_STYLES];
        vk_page_opts opts = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                             NULL, NULL, 0};

        CU_ASSERT_PTR_NOT_NULL_FATAL(gm);
        for (size_t i = 0; i < n; i++) {
            paint[i] = vk_mapset_paint(ms, i, VK_SCOPE_STYLE, gm, &err);
            CU_ASSERT_PTR_NOT_NULL_FATAL(paint[i]);
            pages[i] = vk_layout_page(vk_mapset_boundaries(ms), paint[i],
                                      VK_LABELS_NAME);
        }
        /* The document, then each page alone as make demo draws it. */
        check_not_cut(areas[a], pages, n, opts, want);
        for (size_t i = 0; i < n; i++) {
            char name[96];

            snprintf(name, sizeof name, "%s %s", areas[a],
                     vk_mapset_layer_id(ms, i));
            check_not_cut(name, &pages[i], 1, opts, want);
        }
        for (size_t i = 0; i < n; i++)
            vk_paint_destroy(paint[i]);
    }
    vk_mapset_destroy(ms);
}

void
vk_test_register_layout(void)
{
    static const vk_test_case tests[] = {
        {"pages of a set share the map frame", test_set_shares_map_frame},
        {"a PDF holds the shared parts once", test_pdf_shares_parts},
        {"the map frame as a GeoTIFF", test_map_geotiff},
        {"paper sizes", test_paper},
        {"round scales, a literal table", test_round_scale_table},
        {"a sample page states its round scale",
         test_pdf_states_round_scale},
        {"geometry of portrait and landscape pages", test_geometry},
        {"a wide area gets a landscape page",
         test_geometry_wide_area_landscape},
        {"an unknown area is a data error", test_unknown_area},
        {"PDF: one A4 page, text, fonts, deterministic", test_pdf_a4},
        {"PDF: several pages on A3 landscape", test_pdf_pages_and_a3},
        {"PDF: bookmarks per page and per gemeente, opened at page 1",
         test_pdf_bookmarks},
        {"PNG at 72 and 150 dpi: size, pHYs, colours",
         test_png_72_and_150},
        {"write refuses what it cannot do", test_write_refusals},
        {"a short legend keeps the furniture's band",
         test_short_legend_keeps_furniture},
        {"legend counts in groups of three", test_legend_counts_grouped},
        {"a scale bar of 1 km says so", test_scale_bar_kilometre},
        {"a CRS in feet states its true scale", test_feet_true_scale},
        {"long texts are wrapped or shrunk, never cut; PNG as PDF",
         test_long_texts_not_cut},
        {"the default styles' pages: nothing cut; PNG as PDF",
         test_default_styles_not_cut},
        {NULL, NULL},
    };

    vk_test_add_suite("layout", suite_init, suite_cleanup, tests);
}
