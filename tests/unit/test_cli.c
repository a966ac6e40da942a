/* SPDX-License-Identifier: MIT */
/* End-to-end tests of the veerkracht command: help, usage errors, the
 * classify JSON contract, check on the samples and render output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vk/tiles.h"
#include "vk/writers.h"
#include "vk_test.h"

static char out[65536], err[8192];

static int
vk(const char *args)
{
    return vk_test_vk(args, out, sizeof out, err, sizeof err);
}

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static void
test_help(void)
{
    static const char *const cmds[] = {"check", "classify", "render",
                                       "layers", "style export"};

    CU_ASSERT_EQUAL(vk("--help"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "commands:"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char args[64];

        snprintf(args, sizeof args, "%s --help", cmds[i]);
        CU_ASSERT_EQUAL(vk(args), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: veerkracht"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "--help"));
    }
}

static void
test_usage_errors(void)
{
    CU_ASSERT_EQUAL(vk(""), 2);
    CU_ASSERT_EQUAL(vk("frobnicate"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht: unknown command \"frobnicate\""
                           "\n\nusage: veerkracht <command> [options]\n\n"
                           "Veerkrachtkaarten: maps of Dutch buurten from "
                           "CBS boundaries and indicator tables.\n\n"
                           "commands:\n  check         report how the "
                           "table's rows join to the buurten\n  classify      "
                           "print class breaks of a column as JSON\n  "
                           "render        draw the layers of an area as "
                           "PDF or PNG\n  layers        list the layer "
                           "styles with title, value and method\n  style "
                           "export  write a classified style as QGIS QML or "
                           "SLD\n  atlas         draw every layer of every "
                           "gemeente: a PDF each, and overviews\n"
        "  tiles         web map tiles of every layer (XYZ PNG, MBTiles, "
        "TileJSON) and a viewer\n"
        "  reallocate    put a table of another year's buurten on these "
        "buurten\n\n"
                           "veerkracht <command> --help shows the options "
                           "of one command.\n");
    CU_ASSERT_EQUAL(vk("classify --table x.csv --field a"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: missing --method\n"
                           "see: veerkracht classify --help\n");
    CU_ASSERT_EQUAL(vk("classify --tabel x.csv"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: unknown option "
                           "\"--tabel\"\nsee: veerkracht classify --help\n");
    CU_ASSERT_EQUAL(vk("classify --table x.csv --field a --method "
                       "quantiel --classes 3"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: unknown method "
                           "\"quantiel\"; expected one of equal, quantile, "
                           "fisher, jenks, pretty, sd, headtails, fixed, "
                           "categories\n");
    CU_ASSERT_EQUAL(vk("render --boundaries a --table b --style c --area d "
                       "--out map.svg"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --out must end in .pdf, "
                           ".png or .tif, not \"map.svg\" (or give "
                           "--format)\n");
    CU_ASSERT_EQUAL(vk("render --boundaries a --table b --style c --area d "
                       "--out map.tif"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: a GeoTIFF holds the map "
                           "frame alone: add --map-only\n");
    CU_ASSERT_EQUAL(vk("render --boundaries a --table b --style c --area d "
                       "--out map.pdf --map-only"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --map-only writes an "
                           "image: use --format png or tif (GeoTIFF)\n");
    CU_ASSERT_EQUAL(vk("render --boundaries a --table b --style c --area d "
                       "--out map --format svg"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --format is pdf, png or "
                           "tif, not \"svg\"\n");
}

static void
test_classify_json(void)
{
    const char *csv = vk_test_tmp("cls.csv");
    char args[8192];

    write_file(csv, "\xef\xbb\xbf" "buurtcode;v\r\nBU1;1\r\nBU2;2\r\nBU3;3\r\n"
               "BU4;4\r\nBU5;5\r\nBU6;6\r\nBU7;7\r\nBU8;8\r\nBU9;9\r\n"
               "BU10;10\r\nBU11;\r\nBU12;-99997\r\n");
    snprintf(args, sizeof args, "classify --table '%s' --field v --method "
             "quantile --classes 4", csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"v\", \"method\": "
                           "\"quantile\", \"classes\": 4, \"breaks\": [1.0, "
                           "3.25, 5.5, 7.75, 10.0], \"counts\": [3, 2, 2, 3], "
                           "\"missing\": 2, \"closure\": \"left\"}\n");
    snprintf(args, sizeof args, "classify --table '%s' --field v --method "
             "fixed --breaks 0,5,10 --closure right", csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"v\", \"method\": \"fixed\", "
                           "\"classes\": 2, \"breaks\": [0.0, 5.0, 10.0], "
                           "\"counts\": [5, 5], \"missing\": 2, \"closure\": "
                           "\"right\"}\n");
    snprintf(args, sizeof args, "classify --table '%s' --field w --method "
             "equal --classes 3", csv);
    CU_ASSERT_EQUAL(vk(args), 1);
    {
        char expect[8192];

        snprintf(expect, sizeof expect, "veerkracht classify: %s: column "
                 "\"w\" not found; the table has: buurtcode, v\n", csv);
        CU_ASSERT_STRING_EQUAL(err, expect);
    }
}

static void
test_classify_bad_number(void)
{
    const char *csv = vk_test_tmp("bad.csv");
    char args[8192], expect[8192];

    write_file(csv, "buurtcode;x\nBU1;1,5\nBU2;12x\n");
    snprintf(args, sizeof args, "classify --table '%s' --field x --method "
             "equal --classes 2", csv);
    CU_ASSERT_EQUAL(vk(args), 1);
    snprintf(expect, sizeof expect, "veerkracht classify: %s:3: column "
             "\"x\" value \"12x\" is not a number; ", csv);
    CU_ASSERT_NSTRING_EQUAL(err, expect, strlen(expect));
}

#define SAMPLE_B "samples/regio.gpkg"
#define SAMPLE_T "samples/indicatoren.csv"

/* Renders a sample gemeente to PNG at dpi and returns the pixels, with the
 * boundaries and the fitted view to locate buurten in them. The page's
 * geometry depends on the legend's size: title and nentries say what the
 * CLI's legend holds (short labels, one line each). */
static uint8_t *
render_png(const char *style, const char *area, double dpi, const char *title,
           size_t nentries, vk_boundaries **b, vk_mapview *view, int *w,
           int *h)
{
    vk_legend_entry entries[16] = {{{0, 0, 0, 1}, (char *)"x", 1, 0}};
    vk_legend legend = {(char *)title, entries, nentries, 0, 0,
                        NULL,          NULL,    0};
    const char *png = vk_test_tmp("render.png");
    char *args;
    vk_error e;
    vk_page_geom geom;
    vk_page page = {0};
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PNG, dpi, NULL, 0,
                       NULL, NULL, 0};
    int type, rc;
    long ppm;

    /* Without labels, which would cover the pixels looked at. */
    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style "
                        "'%s' --area %s --dpi %g --labels none --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src(style), area, dpi, png);
    rc = vk(args);
    free(args);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(vk_test_src(SAMPLE_B),
                                                    NULL, b, &e), VK_OK);
    for (size_t i = 1; i < nentries; i++)
        entries[i] = entries[0];
    page.b = *b;
    page.area = vk_test_area(*b, area);
    page.title = title;
    page.legend = &legend;
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &po, &geom, view, &e),
                          VK_OK);
    return vk_test_png_read(png, w, h, &type, &ppm);
}

/* The colour at the interior point of a buurt, as "#rrggbb". */
static const char *
color_at(const uint8_t *rgba, int w, int h, const vk_boundaries *b,
         const vk_mapview *view, double dpi, const char *code)
{
    static char hex[8];
    long i = vk_features_find(b->buurten, code);
    double x, y, px, py;
    vk_error e;
    int ix, iy;

    vk_error_init(&e);
    if (i < 0 || vk_features_interior_point(b->buurten, (size_t)i, &x, &y,
                                            &e) != VK_OK)
        return "no buurt";
    vk_render_to_page(view, x, y, &px, &py);
    ix = (int)floor(px * dpi / 72.0);
    iy = (int)floor(py * dpi / 72.0);
    if (ix < 0 || iy < 0 || ix >= w || iy >= h)
        return "off page";
    snprintf(hex, sizeof hex, "#%02x%02x%02x",
             rgba[4 * ((size_t)iy * (size_t)w + (size_t)ix)],
             rgba[4 * ((size_t)iy * (size_t)w + (size_t)ix) + 1],
             rgba[4 * ((size_t)iy * (size_t)w + (size_t)ix) + 2]);
    return hex;
}

/* 1 when the 9 x 9 pixels around a buurt's interior point hold both white
 * and a darker grey (r = g = b < 200): the hatch of masked buurten. */
static int
hatched_at(const uint8_t *rgba, int w, int h, const vk_boundaries *b,
           const vk_mapview *view, double dpi, const char *code)
{
    long i = vk_features_find(b->buurten, code);
    double x, y, px, py;
    int white = 0, grey = 0;
    vk_error e;

    vk_error_init(&e);
    if (i < 0 || vk_features_interior_point(b->buurten, (size_t)i, &x, &y,
                                            &e) != VK_OK)
        return -1;
    vk_render_to_page(view, x, y, &px, &py);
    for (int dy = -4; dy <= 4; dy++) {
        for (int dx = -4; dx <= 4; dx++) {
            int ix = (int)floor(px * dpi / 72.0) + dx;
            int iy = (int)floor(py * dpi / 72.0) + dy;
            const uint8_t *p;

            if (ix < 0 || iy < 0 || ix >= w || iy >= h)
                continue;
            p = rgba + 4 * ((size_t)iy * (size_t)w + (size_t)ix);
            white += p[0] == 255 && p[1] == 255 && p[2] == 255;
            grey += p[0] == p[1] && p[1] == p[2] && p[0] < 200;
        }
    }
    return white > 0 && grey > 0;
}

static void
test_render_png_colours(void)
{
    /* kwetsbaar_pct quantile breaks over all sample buurten are 3.2, 7.2,
     * 10.92, 20.74, 30.1, 42.6 (veerkracht classify; type 7 on 135
     * values). The buurten below sit well inside their classes. */
    static const char *const expect[][2] = {
        {"BU09811001", "#fef0d9"}, /* 3.4: class 1 */
        {"BU09810901", "#fdcc8a"}, /* 8.0: class 2 */
        {"BU09810000", "#fc8d59"}, /* 17.1: class 3 */
        {"BU09810201", "#e34a33"}, /* 27.0: class 4 */
        {"BU09810301", "#b30000"}, /* 42.6 (the maximum): class 5 */
    };
    const double dpi = 150;
    vk_boundaries *b = NULL;
    vk_mapview view;
    uint8_t *rgba;
    int w, h;

    rgba = render_png("styles/kwetsbare_bewoners.yaml", "GM0981", dpi,
                      "Kwetsbare bewoners", 6, &b, &view, &w, &h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    /* A4 portrait at 150 dpi. */
    CU_ASSERT_EQUAL(w, 1240);
    CU_ASSERT_EQUAL(h, 1754);
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        const char *got = color_at(rgba, w, h, b, &view, dpi, expect[i][0]);

        if (strcmp(got, expect[i][1]) != 0)
            fprintf(stderr, "%s: %s, expected %s\n", expect[i][0], got,
                    expect[i][1]);
        CU_ASSERT_STRING_EQUAL(got, expect[i][1]);
    }
    /* A masked buurt (fewer than 50 inhabitants) is white with grey hatch
     * lines: both show within a few pixels of its interior point. */
    CU_ASSERT_EQUAL(hatched_at(rgba, w, h, b, &view, dpi, "BU09810800"), 1);
    CU_ASSERT_EQUAL(hatched_at(rgba, w, h, b, &view, dpi, "BU09810000"), 0);
    free(rgba);
    vk_boundaries_destroy(b);
}

static void
test_render_png_water(void)
{
    const double dpi = 100;
    vk_boundaries *b = NULL;
    vk_mapview view;
    uint8_t *rgba;
    int w, h;

    /* Zwaaikom is a water buurt of Dongemûnde. */
    rgba = render_png("styles/corporatiebezit.yaml", "GM0982", dpi,
                      "Corporatiebezit", 7, &b, &view, &w, &h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    CU_ASSERT_STRING_EQUAL(color_at(rgba, w, h, b, &view, dpi,
                                    "BU09820600"), "#b3d1ee");
    free(rgba);
    vk_boundaries_destroy(b);
}

static void
test_render_pdf(void)
{
    const char *pdf = vk_test_tmp("render.pdf");
    char info[8192], text[65536], *args;
    int rc;

    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style "
                        "'%s' --area GM0981 --paper A3 --orientation portrait "
                        "--out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/kwetsbare_bewoners.yaml"), pdf);
    rc = vk(args);
    free(args);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdfinfo", pdf, info, sizeof info),
                          0);
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "Pages:           1\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "841.89 x 1190.55 pts (A3)"));
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text,
                                          sizeof text), 0);
    /* The gemeente name with its apostrophe, the title, legend labels. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "'s-Gravenwaard"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Kwetsbare bewoners"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 7,2%"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "30,1% of meer"));
}

static void
test_render_errors(void)
{
    char *args = vk_xasprintf("render --boundaries '%s' --table '%s' "
                              "--style '%s' --area GM9999 --out '%s'",
                              vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                              vk_test_src("styles/leefbaarheid.yaml"),
                              vk_test_tmp("x.pdf"));
    char *expect;

    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    expect = vk_xasprintf("veerkracht render: %s: gemeente \"GM9999\" not "
                          "found; the gemeenten are: GM0981 "
                          "('s-Gravenwaard), GM0982 (Dongem\xc3\xbbnde), "
                          "GM0983 (Oud-Beijerveen), GM0984 (Kapelle-E"
                          "\xc3\xab)\n", vk_test_src(SAMPLE_B));
    CU_ASSERT_STRING_EQUAL(err, expect);
    free(expect);
}

/* --area beyond one gemeente: a wijk's page names the wijk and counts its
 * six buurten; a buurt list its two; what selects nothing is exit 1 with
 * the code named; --area and --area-file are one of two. */
static void
test_render_areas(void)
{
    /* A copy: the paths of vk_test_tmp and vk_test_src share buffers. */
    char *pdf = vk_xstrdup(vk_test_tmp("areas.pdf"));
    static char text[16384];
    char *args = vk_xasprintf("render --boundaries '%s' --table '%s' "
                              "--style '%s' --area WK098100 --out '%s'",
                              vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                              vk_test_src("styles/leefbaarheid.yaml"), pdf);

    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text,
                                          sizeof text), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Centrum \xe2\x80\x93 "
                                        "Leefbaarometer 3.0, 2022"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Zwak (3)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Voldoende (3)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Onvoldoende (0)"));

    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area 'BU09810001, BU09810002' --area-name "
                        "'Twee buurten' --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/leefbaarheid.yaml"), pdf);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text,
                                          sizeof text), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Twee buurten \xe2\x80\x93 "));
    {
        /* The legend's counts add up to the two buurten. */
        size_t sum = 0;
        for (const char *p = text; (p = strstr(p, " (")) != NULL; p += 2)
            sum += strtoul(p + 2, NULL, 10);
        CU_ASSERT_EQUAL(sum, 2);
    }

    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area GM0981,WK098199 --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/leefbaarheid.yaml"), pdf);
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--area: wijk \"WK098199\" not "
                                       "found"));
    args = vk_xasprintf("render --boundaries '%s' --style '%s' --out '%s'",
                        vk_test_src(SAMPLE_B),
                        vk_test_src("styles/leefbaarheid.yaml"), pdf);
    CU_ASSERT_EQUAL(vk(args), 2);
    free(args);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: give --area or "
                                "--area-file (one of the two)\n");
    free(pdf);
}

/* atlas --areas: a PDF per werkgebied, named from its naam, its pages
 * titled with it; a row whose codes select nothing names file:line. */
static void
test_atlas_areas(void)
{
    static const char *const names[3] = {"woonstichting-waardwonen",
                                         "beijerveen-wonen", "centrumwonen"};
    static const char *const titles[3] = {"Woonstichting Waardwonen",
                                          "Beijerveen Wonen", "Centrumwonen"};
    char *dir = vk_xstrdup(vk_test_tmp("atlas-areas"));
    char *bad = vk_xstrdup(vk_test_tmp("werkgebieden-fout.csv"));
    char *styles = vk_xstrdup(vk_test_src("styles"));
    static char text[8192];
    char *args, *path, *expect;

    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --table '%s' "
                        "--styles '%s' --areas '%s' --out '%s' --force "
                        "--quiet",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("samples/leefbaarometer.csv"), styles,
                        vk_test_src("samples/werkgebieden.csv"), dir);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 3 werkgebieden: 3 written"));
    for (int i = 0; i < 3; i++) {
        path = vk_xasprintf("%s/%s.pdf", dir, names[i]);
        CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdfinfo", path, text,
                                              sizeof text), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Pages:           10\n"));
        expect = vk_xasprintf("Title:           %s\n", titles[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, expect));
        free(expect);
        free(path);
    }
    /* No overviews with --areas. */
    path = vk_xasprintf("%s/nederland-leefbaarheid.pdf", dir);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    free(path);

    /* One bad row fails alone: the others are made, the run ends with
     * exit 1 naming the row's file and line. */
    write_file(bad, "naam;codes\nGoed;GM0981\nFout;GM0982 BU09829999\n");
    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --table '%s' "
                        "--styles '%s' --areas '%s' --out '%s' --quiet",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("samples/leefbaarometer.csv"), styles,
                        bad, dir);
    CU_ASSERT_EQUAL(vk(args), 1);
    expect = vk_xasprintf("atlas: 2 werkgebieden: 1 written, 0 skipped, 1 "
                          "failed (Fout: %s:3: buurt \"BU09829999\" not "
                          "found", bad);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, expect));
    free(expect);
    path = vk_xasprintf("%s/goed.pdf", dir);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);
    free(path);
    /* A row's codes edited: its PDF is made anew, not skipped. */
    write_file(bad, "naam;codes\nGoed;GM0982\nFout;GM0982 BU09829999\n");
    CU_ASSERT_EQUAL(vk(args), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 written, 0 skipped"));
    free(args);
    free(styles);
    free(bad);
    free(dir);
}

static void
test_check_sample(void)
{
    char *args = vk_xasprintf("check --boundaries '%s' --table '%s'",
                              vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T));

    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    /* The sample's deliberate gaps (samples/README.md). */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "151 features"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "143 rows, 11 columns"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "matched: 141 features (1 after "
                                       "restoring leading zeros: "
                                       "\"BU9810203\" -> BU09810203)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rows with no feature: 2\n"
                                       "  line 45: BU09810798\n"
                                       "  line 105: BU09830099\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "features with no row: 10\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "  BU09840206 Zilverplas\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "  onv                    numeric "
                                       "     140        0       3\n"));
}

static void
test_ten_layers_pdf(void)
{
    static const char *const titles[] = {
        "Leefbaarheid", "Overlast en onveiligheid",
        "Ontwikkeling overlast en onveiligheid", "Kwetsbare bewoners",
        "Ontwikkeling kwetsbare bewoners", "Corporatiebezit",
        "Signaleringskaart veerkracht (absoluut)",
        "Signaleringskaart veerkracht (relatief)", "Focuskaart",
        "Structureel zwakke leefbaarheid"};
    const char *pdf = vk_test_tmp("ten.pdf");
    static char text[262144];
    char info[8192], *args, *at;
    int rc;

    args = vk_xasprintf("render --boundaries '%s' --table '%s' --table '%s' "
                        "--styles '%s' --area GM0984 --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("samples/leefbaarometer.csv"),
                        vk_test_src("styles"), pdf);
    rc = vk(args);
    free(args);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdfinfo", pdf, info, sizeof info),
                          0);
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "Pages:           10\n"));
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext -layout", pdf, text,
                                          sizeof text), 0);
    /* The pages come in the layers' order, each with its title. */
    at = text;
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        char *hit = strstr(at, titles[i]);

        CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
        at = hit + strlen(titles[i]);
    }
    /* Legend texts of the derived and bivariate layers. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "sterk verbeterd"));
    /* The date of the data from each style, and the neighbours' names. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gegevens: 2014 en 2022"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gegevens: 1 januari 2023"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Dongem\xc3\xbbnde"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "meer kwetsbare bewoners, overlast "
                                        "verslechterd"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Overlast en onveiligheid \xe2\x86"
                                        "\x92"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Kapelle-E\xc3\xab"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Water"));
    /* The tenth page: Kapelle-E\xc3\xab's 14 buurten with a class were
     * never zwak or worse (samples/leefbaarometer.csv). */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "in 0 van 5 metingen (14)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "in 5 van 5 metingen (0)"));
}

/* The legend of the tenth default style for the sample's GM0981 in lang,
 * as pdftotext reads it: the entries in order, each label with its count
 * (the scale bar may share the line). */
static void
check_structureel_zwak(const char *lang, const char *const *want,
                       size_t nwant)
{
    const char *pdf = vk_test_tmp("structureel_zwak.pdf");
    static char text[65536];
    char *args, *at;

    args = vk_xasprintf("render --boundaries '%s' --table '%s' --table '%s' "
                        "--style '%s' --area GM0981 --lang %s --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("samples/leefbaarometer.csv"),
                        vk_test_src("styles/structureel_zwak.yaml"), lang,
                        pdf);
    CU_ASSERT_EQUAL_FATAL(vk(args), 0);
    free(args);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext -layout", pdf, text,
                                          sizeof text), 0);
    /* The legend follows the title at the top of the page. */
    at = strstr(text, "Structureel zwakke leefbaarheid\n");
    at = at != NULL ? strstr(at + 1, "Structureel zwakke leefbaarheid\n")
                    : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    for (size_t i = 0; i < nwant; i++) {
        char *line = vk_xasprintf(" %s", want[i]);
        char *hit = strstr(at, line);

        if (hit == NULL)
            fprintf(stderr, "\n  no legend line \"%s\"", want[i]);
        CU_ASSERT_PTR_NOT_NULL(hit);
        at = hit != NULL ? hit + strlen(line) : at;
        free(line);
    }
}

/* The tenth default style on the sample: in how many of the five
 * Leefbaarometer measurements 2014-2022 a buurt of 's-Gravenwaard was
 * zwak (lbm_klasse 4) or worse. The counts are those of
 * samples/leefbaarometer.csv counted by hand (awk): 26 never, 35 always,
 * 2 below 50 inhabitants; every buurt has all five years. */
static void
test_structureel_zwak_pdf(void)
{
    static const char *const nl[] = {
        "in 0 van 5 metingen (26)", "in 1 van 5 metingen (2)",
        "in 2 van 5 metingen (1)",  "in 3 van 5 metingen (3)",
        "in 4 van 5 metingen (0)",  "in 5 van 5 metingen (35)",
        "Minder dan 50 inwoners (2)"};
    static const char *const en[] = {
        "in 0 of 5 measurements (26)", "in 1 of 5 measurements (2)",
        "in 2 of 5 measurements (1)",  "in 3 of 5 measurements (3)",
        "in 4 of 5 measurements (0)",  "in 5 of 5 measurements (35)",
        "Fewer than 50 residents (2)"};

    check_structureel_zwak("nl", nl, sizeof nl / sizeof nl[0]);
    check_structureel_zwak("en", en, sizeof en / sizeof en[0]);
}

static void
test_long_table_needs_year(void)
{
    char *args = vk_xasprintf("render --boundaries '%s' --table '%s' "
                              "--style '%s' --area GM0981 --out '%s'",
                              vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                              vk_test_src("styles/ontwikkeling_overlast.yaml"),
                              vk_test_tmp("x.pdf"));
    char *expect;

    /* Without the long table the change 2014-2022 cannot be made. */
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    expect = vk_xasprintf("veerkracht render: %s: column \"onv\" has no "
                          "years (no jaar column), so year 2022 cannot be "
                          "taken; give the long table with --table, or drop "
                          "year:/change: from the style's value\n",
                          vk_test_src(SAMPLE_T));
    CU_ASSERT_STRING_EQUAL(err, expect);
    free(expect);
}

static void
test_layers_and_long_check(void)
{
    char *args = vk_xasprintf("layers --styles '%s'", vk_test_src("styles"));

    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ontwikkeling_overlast    "
                                       "Ontwikkeling overlast en "
                                       "onveiligheid onv 2022 - onv 2014 "
                                       "[fixed 7]\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "focuskaart               "
                                       "Focuskaart                         "
                                       "x: -(onv) [quantile 3]; y: "
                                       "kwetsbaar_pct [quantile 3]\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "structureel_zwak         "
                                       "Structureel zwakke leefbaarheid    "
                                       "years with lbm_klasse <= 4 of 2014, "
                                       "2016, 2018, 2020, 2022 [categories "
                                       "6]\n"));
    args = vk_xasprintf("check --boundaries '%s' --table '%s'",
                        vk_test_src(SAMPLE_B),
                        vk_test_src("samples/leefbaarometer.csv"));
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "long table: column \"jaar\", years "
                                       "2014, 2016, 2018, 2020, 2022; the "
                                       "join below is of 2022\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "separator ',', key column "
                                       "\"bu_code\""));
}

static void
test_style_export(void)
{
    const char *qml = vk_test_tmp("k.qml");
    char *args, *text, *expect;

    args = vk_xasprintf("style export --style '%s' --format qml --out '%s' "
                        "--boundaries '%s' --table '%s'",
                        vk_test_src("styles/kwetsbare_bewoners.yaml"), qml,
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T));
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    text = vk_test_slurp(qml, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* The breaks render uses (see render_png_colours), as exact rules. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "label=\"7,2 tot 10,9%\" filter="
                                        "\"&quot;kwetsbaar_pct&quot; &gt;= "
                                        "7.2 AND &quot;kwetsbaar_pct&quot; "
                                        "&lt; 10.920000000000002\""));
    free(text);
    /* A derived value needs the field that holds it. */
    args = vk_xasprintf("style export --style '%s' --format sld --out '%s' "
                        "--boundaries '%s' --table '%s'",
                        vk_test_src("styles/corporatiebezit.yaml"),
                        vk_test_tmp("c.sld"), vk_test_src(SAMPLE_B),
                        vk_test_src(SAMPLE_T));
    CU_ASSERT_EQUAL(vk(args), 2);
    free(args);
    expect = vk_xasprintf("veerkracht style export: %s: style "
                          "\"corporatiebezit\" maps a computed value, not a "
                          "column of the data; name the field that holds "
                          "the computed value in the layer the style is for "
                          "(--field)\n",
                          vk_test_src("styles/corporatiebezit.yaml"));
    CU_ASSERT_STRING_EQUAL(err, expect);
    free(expect);
}

static void
test_scale_bar_true(void)
{
    const char *pdf = vk_test_tmp("scale.pdf"), *png = vk_test_tmp("scale.png");
    static char text[65536];
    const double dpi = 400;
    char *args;
    double denom = 0, bar_m = 0, expect_px, best_half = 0;
    uint8_t *rgba;
    int w, h, type;
    long ppm;

    /* The stated scale and the bar's label, from the PDF's text. */
    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area GM0984 --orientation portrait --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/kwetsbare_bewoners.yaml"), pdf);
    CU_ASSERT_EQUAL_FATAL(vk(args), 0);
    free(args);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text,
                                          sizeof text), 0);
    CU_ASSERT_EQUAL_FATAL(vk_test_scale_text(text, &denom, &bar_m), 0);
    /* A round print scale: 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 7.5 x 10^n. */
    CU_ASSERT_DOUBLE_EQUAL(vk_layout_round_scale(denom), denom, 0);
    CU_ASSERT_FATAL(bar_m >= 1000);

    /* The same page as PNG: the bar measured (vk_test_bar_half_px). */
    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area GM0984 --orientation portrait --dpi %g "
                        "--out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/kwetsbare_bewoners.yaml"), dpi,
                        png);
    CU_ASSERT_EQUAL_FATAL(vk(args), 0);
    free(args);
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    best_half = vk_test_bar_half_px(rgba, w, h);
    free(rgba);
    expect_px = bar_m / denom / 0.0254 * dpi / 2;
    CU_ASSERT_FATAL(best_half > 0);
    /* True to the stated scale within 0.5 %. */
    if (fabs(best_half - expect_px) > 0.005 * expect_px)
        fprintf(stderr, "scale bar: half %.2f px, expected %.2f px\n",
                best_half, expect_px);
    CU_ASSERT(fabs(best_half - expect_px) <= 0.005 * expect_px);
}

/* ---- one cartography: print, tiles and export agree ------------------ */

/* "#rrggbb" of a colour of the cartography table. */
static const char *
carto_hex(unsigned rgb, char buf[8])
{
    snprintf(buf, 8, "#%06x", rgb & 0xffffffu);
    return buf;
}

/* 1 when some pixel of the rgba image within r pixels of (cx, cy) has the
 * colour rgb exactly (opaque). */
static int
has_colour_near(const uint8_t *rgba, int w, int h, int cx, int cy, int r,
                unsigned rgb)
{
    for (int y = cy - r; y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++) {
            const uint8_t *p;

            if (x < 0 || y < 0 || x >= w || y >= h)
                continue;
            p = rgba + 4 * ((size_t)y * (size_t)w + (size_t)x);
            if (p[3] == 255 && p[0] == (rgb >> 16 & 0xff) &&
                p[1] == (rgb >> 8 & 0xff) && p[2] == (rgb & 0xff))
                return 1;
        }
    return 0;
}

/* The interior point of buurt code in lon/lat degrees. */
static void
lonlat_of(const vk_boundaries *b, const char *code, double *lon,
          double *lat)
{
    long i = vk_features_find(b->buurten, code);
    vk_features *one = vk_xcalloc(1, sizeof *one);
    vk_error e;
    double x = 0, y = 0;

    vk_error_init(&e);
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_EQUAL(vk_features_interior_point(b->buurten, (size_t)i, &x, &y,
                                               &e), VK_OK);
    /* One point through PROJ. */
    one->path = vk_xstrdup("test");
    one->crs_wkt = vk_xstrdup(b->buurten->crs_wkt);
    one->crs_name = vk_xstrdup(b->buurten->crs_name);
    vk_geomset_add_point(&one->g, x, y);
    CU_ASSERT_EQUAL(vk_geo_transform(one, "EPSG:4326", &e), VK_OK);
    *lon = one->g.xy[0];
    *lat = one->g.xy[1];
    vk_features_destroy(one);
}

/* 1 when the tile of layer at zoom z in a tile folder has the colour rgb
 * within r pixels of buurt code's interior point; fails the test when
 * the tile is missing. */
static int
tile_has_colour(const char *dir, const char *layer, int z,
                const vk_boundaries *b, const char *code, int r, unsigned rgb)
{
    double lon, lat, fx, fy;
    char *path;
    uint8_t *rgba;
    int w, h, type, found;
    long ppm;

    lonlat_of(b, code, &lon, &lat);
    vk_tile_from_lonlat(lon, lat, z, &fx, &fy);
    path = vk_xasprintf("%s/%s/%d/%ld/%ld.png", dir, layer, z,
                        (long)floor(fx), (long)floor(fy));
    rgba = vk_test_png_read(path, &w, &h, &type, &ppm);
    free(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    found = has_colour_near(rgba, w, h, (int)floor((fx - floor(fx)) * 256),
                            (int)floor((fy - floor(fy)) * 256), r, rgb);
    free(rgba);
    return found;
}

static void
test_one_cartography(void)
{
    const vk_carto *c = &vk_cartography;
    const double dpi = 300;
    /* Copies: vk_test_tmp's buffers are reused after eight calls. */
    char *tiles = vk_xstrdup(vk_test_tmp("carto-tiles"));
    char *qml = vk_xstrdup(vk_test_tmp("carto.qml"));
    char *sld = vk_xstrdup(vk_test_tmp("carto.sld"));
    char hex[8], want[64], *args, *text;
    vk_boundaries *b = NULL;
    vk_mapview view;
    uint8_t *rgba;
    double px, py;
    int w, h;
    vk_error e0;

    vk_error_init(&e0);
    /* The table itself, against the colours the docs and users know. */
    CU_ASSERT_EQUAL(c->water, 0xb3d1eeu);
    CU_ASSERT_EQUAL(c->gm_line, 0x222222u);
    CU_ASSERT_EQUAL(c->hatch_line, 0x8c8c8cu);
    CU_ASSERT_EQUAL(c->nodata, 0xd9d9d9u);
    CU_ASSERT_EQUAL(c->buurt_line, 0xffffffu);
    CU_ASSERT_DOUBLE_EQUAL(c->buurt_line_alpha, 0.8, 0);

    /* Print: water, no data, the hatch and the gemeente line of a PNG
     * page of 's-Gravenwaard and Dongemûnde. */
    rgba = render_png("styles/overlast_onveiligheid.yaml", "GM0981", dpi,
                      "Overlast en onveiligheid", 7, &b, &view, &w, &h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    /* BU09811301: onv is -99997, CBS no data. */
    CU_ASSERT_STRING_EQUAL(color_at(rgba, w, h, b, &view, dpi, "BU09811301"),
                           carto_hex(c->nodata, hex));
    {
        long i = vk_features_find(b->buurten, "BU09810800");
        double x, y;
        vk_error e;

        /* BU09810800 has 1-49 residents: the mask, hatched. */
        vk_error_init(&e);
        CU_ASSERT_FATAL(i >= 0);
        vk_features_interior_point(b->buurten, (size_t)i, &x, &y, &e);
        vk_render_to_page(&view, x, y, &px, &py);
        CU_ASSERT(has_colour_near(rgba, w, h, (int)(px * dpi / 72),
                                  (int)(py * dpi / 72), 6, c->hatch_line));
    }
    /* The gemeente's boundary (1.6 pt, 6.7 pixels) is the table's colour
     * in its middle; somewhere on the page there is such a pixel. */
    CU_ASSERT(has_colour_near(rgba, w, h, w / 2, h / 2, w, c->gm_line));
    free(rgba);
    vk_boundaries_destroy(b);
    rgba = render_png("styles/corporatiebezit.yaml", "GM0982", dpi,
                      "Corporatiebezit", 7, &b, &view, &w, &h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    CU_ASSERT_STRING_EQUAL(color_at(rgba, w, h, b, &view, dpi, "BU09820600"),
                           carto_hex(c->water, hex));
    free(rgba);

    /* Tiles at zoom 15: the same colours, exact (no anti-aliasing). */
    args = vk_xasprintf("rm -rf '%s' && '%s' tiles --boundaries '%s' "
                        "--table '%s' --style '%s' --style '%s' --zoom 15 "
                        "--out '%s'", tiles, VK_EXE, vk_test_src(SAMPLE_B),
                        vk_test_src(SAMPLE_T),
                        vk_test_src("styles/overlast_onveiligheid.yaml"),
                        vk_test_src("styles/corporatiebezit.yaml"), tiles);
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(args), 0); /* frees args */
    vk_boundaries_destroy(b);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(vk_test_src(SAMPLE_B),
                                                    NULL, &b, &e0), VK_OK);
    CU_ASSERT(tile_has_colour(tiles, "corporatiebezit", 15, b, "BU09820600",
                              0, c->water));
    CU_ASSERT(tile_has_colour(tiles, "overlast_onveiligheid", 15, b,
                              "BU09811301", 0, c->nodata));
    /* The hatch: a line every 6 pixels crosses the 13 x 13 around it. */
    CU_ASSERT(tile_has_colour(tiles, "overlast_onveiligheid", 15, b,
                              "BU09810800", 6, c->hatch_line));

    /* Export: the same outline, water, no data and hatch. */
    args = vk_xasprintf("'%s' style export --boundaries '%s' --table '%s' "
                        "--style '%s' --format qml --out '%s' >/dev/null && "
                        "'%s' style export --boundaries '%s' --table '%s' "
                        "--style '%s' --format sld --out '%s' >/dev/null",
                        VK_EXE, vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/overlast_onveiligheid.yaml"), qml,
                        VK_EXE, vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/overlast_onveiligheid.yaml"),
                        sld);
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(args), 0); /* frees args */
    text = vk_test_slurp(qml, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    snprintf(want, sizeof want, "value=\"%u,%u,%u,%ld\"", c->water >> 16,
             c->water >> 8 & 0xff, c->water & 0xff, 255L);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "value=\"%u,%u,%u,255\"", c->nodata >> 16,
             c->nodata >> 8 & 0xff, c->nodata & 0xff);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "name=\"line_color\" value=\"%u,%u,%u,255\"",
             c->hatch_line >> 16, c->hatch_line >> 8 & 0xff,
             c->hatch_line & 0xff);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "name=\"outline_color\" value=\"%u,%u,%u,%ld\"",
             c->buurt_line >> 16, c->buurt_line >> 8 & 0xff,
             c->buurt_line & 0xff, lround(c->buurt_line_alpha * 255));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    /* The mask (from 0: no CBS no-data code), then water over it: a
     * water buurt has no inwoners and is water, as on the map. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "filter=\"upper(&quot;water&quot;) "
                                        "= 'JA'\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "filter=\"&quot;aantal_inwoners&quot; "
                                        "&gt;= 0 AND &quot;aantal_inwoners"
                                        "&quot; &lt; 50\""));
    CU_ASSERT(strstr(text, "{veerkracht-mask}") != NULL &&
              strstr(text, "{veerkracht-mask}") <
                  strstr(text, "{veerkracht-water}"));
    free(text);
    text = vk_test_slurp(sld, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    snprintf(want, sizeof want, "<CssParameter name=\"fill\">%s<",
             carto_hex(c->water, hex));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "<CssParameter name=\"fill\">%s<",
             carto_hex(c->nodata, hex));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "<CssParameter name=\"stroke\">%s<",
             carto_hex(c->hatch_line, hex));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof want, "<CssParameter name=\"stroke\">%s<",
             carto_hex(c->buurt_line, hex));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<CssParameter name=\"stroke-opacity"
                                        "\">0.8<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<ogc:PropertyIsGreaterThanOrEqualTo>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<ogc:PropertyName>aantal_inwoners"
                                        "</ogc:PropertyName>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<ogc:PropertyIsEqualTo matchCase="
                                        "\"false\">"));
    CU_ASSERT(strstr(text, "<Name>mask</Name>") <
              strstr(text, "<Name>water</Name>"));
    free(text);
    vk_boundaries_destroy(b);
    free(tiles);
    free(qml);
    free(sld);
}

/* A positive-number option refuses 0 and below rather than falling back
 * to its default unseen. */
static void
test_dpi_must_be_positive(void)
{
    static const char *const bad[] = {"0", "-72", "0.0"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *args = vk_xasprintf("render --boundaries a --table b --style "
                                  "c --area d --out map.png --dpi %s",
                                  bad[i]);

        CU_ASSERT_EQUAL(vk(args), 2);
        CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --dpi needs a "
                               "positive number\nsee: veerkracht render "
                               "--help\n");
        free(args);
    }
}

/* --area takes a gemeentecode (or name) in any case, as users type it. */
static void
test_area_any_case(void)
{
    const char *png = vk_test_tmp("area-case.png");
    char *args = vk_xasprintf("render --boundaries '%s' --table '%s' "
                              "--style '%s' --area gm0981 --dpi 20 --out "
                              "'%s'", vk_test_src(SAMPLE_B),
                              vk_test_src(SAMPLE_T),
                              vk_test_src("styles/leefbaarheid.yaml"), png);

    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(args);
}

/* ---- boundaries that are not the CBS kaart ----------------------------- */

/* Writes rows (a CSV with a WKT column, types in csvt) as the vector file
 * out through ogr2ogr with the options given (CRS, layer name, driver). */
static void
make_layer(const char *name, const char *csv_text, const char *csvt,
           const char *out_path, const char *ogr_opts)
{
    char *csv = vk_xasprintf("%s", vk_test_tmp(name));
    char *t = vk_xasprintf("%st", csv), *cmd;

    write_file(csv, csv_text);
    write_file(t, csvt);
    cmd = vk_xasprintf("rm -f '%s' && ogr2ogr %s '%s' '%s' 2>/dev/null",
                       out_path, ogr_opts, out_path, csv);
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(cmd), 0); /* frees cmd */
    free(t);
    free(csv);
}

/* A square of side 1 km at (10 i, 10 j) km from a point in Europe, in
 * EPSG:3035 (LAEA Europe), as WKT. */
#define SQ(i, j)                                                          \
    "\"POLYGON ((40" #i "0000 32" #j "0000,40" #i "1000 32" #j "0000,"    \
    "40" #i "1000 32" #j "1000,40" #i "0000 32" #j "1000,40" #i "0000 "   \
    "32" #j "0000))\""

/* Tracts of two states, county/tract style: GEOID, NAME, STATEFP, POP and
 * a value VAL, no CBS column at all; state 02 has no values. */
static const char TRACTS[] =
    "WKT,GEOID,NAME,STATEFP,POP,VAL\n"
    SQ(0, 0) ",1,Alpha,01,500,10\n"
    SQ(1, 0) ",2,Beta,01,20,20\n"
    SQ(0, 1) ",3,Gamma,01,300,30\n"
    SQ(1, 1) ",4,Delta,01,400,40\n"
    SQ(2, 0) ",5,Epsilon,02,100,\n"
    SQ(2, 1) ",6,Zeta,02,100,\n";

/* Runs veerkracht with args (freed), which must succeed writing pdf, and
 * puts the PDF's text into text. */
static void
pdf_text(char *args, const char *pdf, char *text, size_t cap)
{
    int rc = vk(args);

    free(args);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdftotext", pdf, text, cap), 0);
}

static void
write_val_style(const char *path, const char *column, const char *mask)
{
    char *text = vk_xasprintf("title: Waarde\nvalue: %s\nclassification: "
                              "{method: quantile, classes: 2}\ncolors: "
                              "[\"#ffffff\", \"#000000\"]\nmask: "
                              "{min_inwoners: %s}\n", column, mask);

    write_file(path, text);
    free(text);
}

/* A non-CBS file with its own column names, its values in its own
 * attributes (no --table): the roles named by options. */
static void
test_other_boundaries(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("tracts.gpkg"));
    char *style = vk_xstrdup(vk_test_tmp("val.yaml"));
    char *pdf = vk_xstrdup(vk_test_tmp("tracts.pdf"));
    char text[65536], *args, *want;
    const char *roles = "--key GEOID --area-field STATEFP --name-field NAME "
                        "--population-field POP";

    make_layer("tracts.csv", TRACTS, "\"WKT\",\"String\",\"String\","
               "\"String\",\"Integer\",\"Real\"\n", gpkg,
               "-a_srs EPSG:3035 -nln tracts");
    write_val_style(style, "VAL", "50");

    /* State 01: its four tracts, quantile breaks over the four values,
     * Beta (20 residents) masked, the names as labels. */
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' %s --area "
                          "01 --out '%s'",
                          gpkg, style, roles, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Alpha"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Delta"));
    CU_ASSERT_PTR_NULL(strstr(text, "Zeta"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 30,0 (1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "30,0 of meer (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minder dan 50 inwoners (1)"));

    /* The mask's column as a style key instead: the same page. */
    {
        char *style2 = vk_xstrdup(vk_test_tmp("val-pop.yaml"));

        write_val_style(style2, "VAL", "50, column: POP");
        pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' --key "
                              "GEOID --area-field STATEFP --area 01 --out "
                              "'%s'",
                              gpkg, style2, pdf),
                 pdf, text, sizeof text);
        free(style2);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minder dan 50 inwoners (1)"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "30,0 of meer (2)"));
    }

    /* The roles as the style's "columns:" instead of options: the same
     * page; two styles that disagree on a role are an error naming both
     * files, unless the option settles it. */
    {
        char *style3 = vk_xstrdup(vk_test_tmp("val-roles.yaml"));
        char *style4 = vk_xstrdup(vk_test_tmp("val-roles2.yaml"));
        char *t = vk_xasprintf("title: Waarde\nvalue: VAL\nclassification: "
                               "{method: quantile, classes: 2}\ncolors: "
                               "[\"#ffffff\", \"#000000\"]\nmask: "
                               "{min_inwoners: 50}\ncolumns: {area: STATEFP, "
                               "name: NAME, population: POP}\n");

        write_file(style3, t);
        free(t);
        pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' --key "
                              "GEOID --area 01 --out '%s'",
                              gpkg, style3, pdf),
                 pdf, text, sizeof text);
        CU_ASSERT_STRING_EQUAL(err, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Alpha"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 30,0 (1)"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "30,0 of meer (2)"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minder dan 50 inwoners (1)"));
        write_file(style4, "title: Ander\nvalue: VAL\nclassification: "
                           "{method: quantile, classes: 2}\ncolors: "
                           "[\"#ffffff\", \"#000000\"]\ncolumns: {area: "
                           "GEOID}\n");
        args = vk_xasprintf("render --boundaries '%s' --style '%s' --style "
                            "'%s' --key GEOID --area 01 --out '%s'",
                            gpkg, style3, style4, pdf);
        CU_ASSERT_EQUAL(vk(args), 2);
        free(args);
        want = vk_xasprintf("veerkracht render: %s: columns: area is "
                            "\"GEOID\" here and \"STATEFP\" in %s; the "
                            "boundaries are read once for all styles: make "
                            "them agree, or give --area-field\n",
                            style4, style3);
        CU_ASSERT_STRING_EQUAL(err, want);
        free(want);
        args = vk_xasprintf("render --boundaries '%s' --style '%s' --style "
                            "'%s' --key GEOID --area-field STATEFP --area 01 "
                            "--out '%s'", gpkg, style3, style4, pdf);
        CU_ASSERT_EQUAL(vk(args), 0);
        free(args);
        free(style3);
        free(style4);
    }

    /* --area all: every tract; state 02's two have no value. */
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' %s --area "
                          "all --out '%s'",
                          gpkg, style, roles, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Zeta"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Geen gegevens (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "30,0 of meer (2)"));

    /* A selection without a value is an error naming the area. */
    args = vk_xasprintf("render --boundaries '%s' --style '%s' %s --area 02 "
                        "--out '%s'", gpkg, style, roles, pdf);
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    want = vk_xasprintf("veerkracht render: %s: area \"02\": no buurt has a "
                        "value (all water, masked or no data); check the key "
                        "(--key, --table-key) with veerkracht check, and the "
                        "style's column\n", gpkg);
    CU_ASSERT_STRING_EQUAL(err, want);
    free(want);

    /* Without --area-field there is no gemeente to pick: the error says
     * what to do instead. */
    args = vk_xasprintf("render --boundaries '%s' --style '%s' --key GEOID "
                        "--area 01 --out '%s'", gpkg, style, pdf);
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    want = vk_xasprintf("veerkracht render: %s: area \"01\": the boundaries "
                        "have no gemeente column (gemeentecode); map them all "
                        "with --area all, or name the column that groups them "
                        "with --area-field\n", gpkg);
    CU_ASSERT_STRING_EQUAL(err, want);
    free(want);

    /* A role named that the file lacks. */
    args = vk_xasprintf("render --boundaries '%s' --style '%s' --key GEOID "
                        "--area-field STATE --area all --out '%s'", gpkg,
                        style, pdf);
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    want = vk_xasprintf("veerkracht render: %s: layer tracts has no column "
                        "\"STATE\" (--area-field); the layer has: WKT, "
                        "GEOID, NAME, STATEFP, POP, VAL\n", gpkg);
    CU_ASSERT_STRING_EQUAL(err, want);
    free(want);

    /* A QGIS style of it masks on the file's own residents column. */
    args = vk_xasprintf("style export --boundaries '%s' --style '%s' %s "
                        "--format qml --out '%s'", gpkg, style, roles,
                        vk_test_tmp("tracts.qml"));
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    {
        char *qml = vk_test_slurp(vk_test_tmp("tracts.qml"), NULL);

        CU_ASSERT_PTR_NOT_NULL_FATAL(qml);
        CU_ASSERT_PTR_NOT_NULL(strstr(qml, "&quot;POP&quot; &lt; 50"));
        CU_ASSERT_PTR_NULL(strstr(qml, "aantal_inwoners"));
        free(qml);
    }

    /* classify takes the column from the boundaries too. */
    args = vk_xasprintf("classify --boundaries '%s' --key GEOID --field VAL "
                        "--method quantile --classes 2", gpkg);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"VAL\", \"method\": "
                           "\"quantile\", \"classes\": 2, \"breaks\": [10.0, "
                           "25.0, 40.0], \"counts\": [2, 2], \"missing\": 2, "
                           "\"closure\": \"left\"}\n");
    free(pdf);
    free(style);
    free(gpkg);
}

/* A Shapefile without .prj whose key is a DBF Real (1.000000000000000),
 * with a NULL geometry, a collapsed ring and a key used twice. */
static void
test_real_key_no_crs(void)
{
    char *shp = vk_xstrdup(vk_test_tmp("realkey.shp"));
    char *csv = vk_xstrdup(vk_test_tmp("realkey-table.csv"));
    char *style = vk_xstrdup(vk_test_tmp("realkey.yaml"));
    char *args, *want;

    make_layer("realkey.csv",
               "WKT,GEOID,NAME,VAL\n"
               SQ(0, 0) ",1,Alpha,10\n"
               SQ(1, 0) ",2,Beta,20\n"
               "\"POLYGON ((4000000 3201000,4000500 3201000,4000000 "
               "3201000))\",3,Gamma,30\n"
               SQ(1, 1) ",4,Delta,40\n"
               "\"\",5,Epsilon,50\n"
               SQ(2, 1) ",4,Eta,70\n",
               "\"WKT\",\"Real\",\"String\",\"Real\"\n", shp,
               "-f 'ESRI Shapefile'");
    /* "3.0": a key a spreadsheet wrote as a number. */
    write_file(csv, "GEOID;x\n1;5\n2;6\n3.0;7\n4;8\n5;9\n");
    args = vk_xasprintf("check --boundaries '%s' --key GEOID --name-field "
                        "NAME --table '%s'", shp, csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "matched: 6 features (1 after "
                                  "reading keys as whole numbers: \"3.0\" -> "
                                  "3)\nrows with no feature: 0\nfeatures "
                                  "with no row: 0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "keys used by more than one feature "
                                  "(each joined and counted): 1\n  key \"4\" "
                                  "used by 2 features\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "features joined, cannot be drawn "
                                  "(no area): 2\n  3 Gamma\n  5 Epsilon\n"));

    /* Without a table, check reports the boundaries and their own
     * columns: the same shared key and features without area, and NAME
     * with no value missing. */
    args = vk_xasprintf("check --boundaries '%s' --key GEOID --name-field "
                        "NAME", shp);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ": 6 features\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "matched: 6 features"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "keys used by more than one feature "
                                  "(each joined and counted): 1\n  key \"4\" "
                                  "used by 2 features\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "features joined, cannot be drawn "
                                  "(no area): 2\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "VAL"));
    CU_ASSERT_PTR_NULL(strstr(out, "GEOID: "));

    /* Both features of key 4 take its value; the two without area count:
     * six values, 5 6 7 8 8 9. */
    args = vk_xasprintf("classify --boundaries '%s' --key GEOID --table '%s' "
                        "--field x --method equal --classes 2", shp, csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"x\", \"method\": \"equal\", "
                           "\"classes\": 2, \"breaks\": [5.0, 7.0, 9.0], "
                           "\"counts\": [2, 4], \"missing\": 0, "
                           "\"closure\": \"left\"}\n");

    /* Drawing needs a CRS. */
    write_val_style(style, "x", "0");
    args = vk_xasprintf("render --boundaries '%s' --key GEOID --table '%s' "
                        "--style '%s' --area all --out '%s'", shp, csv, style,
                        vk_test_tmp("realkey.pdf"));
    CU_ASSERT_EQUAL(vk(args), 1);
    free(args);
    want = vk_xasprintf("veerkracht render: %s: layer realkey has no "
                        "coordinate reference system (for a Shapefile: no "
                        ".prj file); pass --crs with the right one, e.g. "
                        "--crs EPSG:28992 for RD New; veerkracht never "
                        "guesses\n",
                        shp);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    free(want);
    free(style);
    free(csv);
    free(shp);
}

/* EMPTY and NULL geometries and a repeated key in a GeoPackage: joined,
 * counted in the classes and the legend, reported by check. */
static void
test_empty_null_repeated(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("holes.gpkg"));
    char *csv = vk_xstrdup(vk_test_tmp("holes-table.csv"));
    char *style = vk_xstrdup(vk_test_tmp("holes.yaml"));
    char *pdf = vk_xstrdup(vk_test_tmp("holes.pdf"));
    char text[65536], *args;

    make_layer("holes.csv",
               "WKT,code,v\n"
               SQ(0, 0) ",A,1\n"
               "\"POLYGON EMPTY\",B,2\n"
               "\"\",C,3\n"
               SQ(1, 0) ",D,4\n"
               SQ(1, 1) ",D,4\n",
               "\"WKT\",\"String\",\"Integer\"\n", gpkg,
               "-a_srs EPSG:3035 -nln vlakken");
    write_file(csv, "code;w\nA;1\nB;2\nC;3\nD;4\n");
    args = vk_xasprintf("check --boundaries '%s' --key code --table '%s'",
                        gpkg, csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "matched: 5 features\nrows with no "
                                  "feature: 0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "  key \"D\" used by 2 features\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "features joined, cannot be drawn "
                                  "(no area): 2\n  B\n  C\n"));

    /* Quantile breaks of 1 2 3 4 4, as classInt's type 7: 1, 3, 4; the
     * legend counts all five. */
    write_val_style(style, "w", "0");
    pdf_text(vk_xasprintf("render --boundaries '%s' --key code --table '%s' "
                          "--style '%s' --area all --out '%s'",
                          gpkg, csv, style, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 3,0 (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "3,0 of meer (3)"));

    /* The same read on demand (the file has wijken and gemeenten layers,
     * the CBS way), the values from the buurten's own column v. */
    make_layer("holes-od.csv",
               "WKT,buurtcode,wijkcode,gemeentecode,v\n"
               SQ(0, 0) ",A,W1,G1,1\n"
               "\"POLYGON EMPTY\",B,W1,G1,2\n"
               "\"\",C,W1,G1,3\n"
               SQ(1, 0) ",D,W1,G1,4\n"
               SQ(1, 1) ",D,W1,G1,4\n",
               "\"WKT\",\"String\",\"String\",\"String\",\"Integer\"\n",
               gpkg, "-a_srs EPSG:3035 -nln buurten");
    write_file(csv, "WKT,wijkcode,gemeentecode,gemeentenaam\n" SQ(0, 0)
               ",W1,G1,Testdorp\n");
    CU_ASSERT_EQUAL_FATAL(
        vk_test_sh(vk_xasprintf("ogr2ogr -update -a_srs EPSG:3035 -nln "
                                "wijken '%s' '%s' && ogr2ogr -update -a_srs "
                                "EPSG:3035 -nln gemeenten '%s' '%s'",
                                gpkg, csv, gpkg, csv)), 0);
    write_val_style(style, "v", "0");
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' --area G1 "
                          "--out '%s'", gpkg, style, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 3,0 (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "3,0 of meer (3)"));
    /* Said as the whole reading says it, once the area's buurten are
     * read: B is EMPTY, C NULL. */
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "feature 2 (B): EMPTY geometry; "
                                  "counted in the join and the classes, not "
                                  "drawn\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "feature 3 (C): NULL geometry; "
                                  "counted in the join and the classes, not "
                                  "drawn\n"));
    free(pdf);
    free(style);
    free(csv);
    free(gpkg);
}

/* No wijkcode: no wijken, no error. A wijk whose buurten will not
 * dissolve (a bow tie and a collapsed ring in a geometry collection) is
 * a warning naming it, and the map is drawn. */
static void
test_wijken_optional(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("wijken.gpkg"));
    char *csv = vk_xstrdup(vk_test_tmp("wijken-table.csv"));
    char *style = vk_xstrdup(vk_test_tmp("wijken.yaml"));
    char *args, *want;
    vk_boundaries *b = NULL;
    vk_error e;

    make_layer("nowijk.csv", "WKT,buurtcode,gemeentecode\n" SQ(0, 0)
               ",B1,G1\n" SQ(1, 0) ",B2,G1\n",
               "\"WKT\",\"String\",\"String\"\n", gpkg,
               "-a_srs EPSG:3035 -nln buurten");
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(gpkg, NULL, &b, &e),
                          VK_OK);
    CU_ASSERT_EQUAL(b->wijken->n, 0);
    CU_ASSERT_EQUAL(b->gemeenten->n, 1);
    CU_ASSERT_EQUAL(b->wijken->warnings.n, 0);
    vk_boundaries_destroy(b);

    make_layer("wijken.csv",
               "WKT,buurtcode,wijkcode,gemeentecode\n"
               SQ(0, 0) ",B1,W1,G1\n" SQ(1, 0) ",B2,W1,G1\n"
               SQ(0, 1) ",B3,W2,G1\n"
               "\"GEOMETRYCOLLECTION (POLYGON ((4001000 3201000,4002000 "
               "3202000,4002000 3201000,4001000 3202000,4001000 3201000)),"
               "POLYGON ((4001500 3201500,4001600 3201500,4001500 "
               "3201500)))\",B4,W2,G1\n",
               "\"WKT\",\"String\",\"String\",\"String\"\n", gpkg,
               "-a_srs EPSG:3035 -nln buurten");
    write_file(csv, "buurtcode;v\nB1;1\nB2;2\nB3;3\nB4;4\n");
    write_val_style(style, "v", "0");
    args = vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area G1 --out '%s'", gpkg, csv, style,
                        vk_test_tmp("wijken.pdf"));
    CU_ASSERT_EQUAL(vk(args), 0);
    free(args);
    want = vk_xasprintf("warning: %s: cannot dissolve the buurten of wijk "
                        "\"W2\"; its outline is drawn as its buurten's\n",
                        gpkg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    free(want);
    free(style);
    free(csv);
    free(gpkg);
}

/* "veerkracht style" is the first word of "style export": --help lists
 * its commands like every other --help. */
static void
test_style_group_help(void)
{
    static const char *const list =
        "usage: veerkracht style <command> [options]\n\ncommands:\n"
        "  style export  write a classified style as QGIS QML or SLD\n\n"
        "veerkracht style <command> --help shows the options of one "
        "command.\n";

    CU_ASSERT_EQUAL(vk("style --help"), 0);
    CU_ASSERT_STRING_EQUAL(out, list);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_EQUAL(vk("style -h"), 0);
    CU_ASSERT_STRING_EQUAL(out, list);
    CU_ASSERT_EQUAL(vk("style export --help"), 0);
    CU_ASSERT_EQUAL(strncmp(out, "usage: veerkracht style export [options]"
                                 "\n", 41), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--lang nl|en"));
    /* Alone or with another word, a usage error. */
    CU_ASSERT_EQUAL(vk("style"), 2);
    CU_ASSERT_STRING_EQUAL(err, list);
    CU_ASSERT_EQUAL(vk("style exprot"), 2);
    CU_ASSERT_EQUAL(strncmp(err, "veerkracht: unknown command \"style "
                                 "exprot\"\n\nusage: veerkracht style", 61),
                    0);
}

/* A 3 x 3 grid of buurten with another key and value column than the
 * sample's, a comma-separated table with decimal points, one buurt
 * without a row and one under the mask; styles with fixed breaks in the
 * thousands. Writes them into the scratch folder. */
static void
write_lang_inputs(void)
{
    vk_features *fs = vk_fixture_grid();
    vk_error e;

    vk_error_init(&e);
    unlink(vk_test_tmp("lang.gpkg"));
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(vk_test_tmp("lang.gpkg"),
                                                "GPKG", "buurten", fs,
                                                VK_LEVEL_BUURT, &e), VK_OK);
    vk_features_destroy(fs);
    write_file(vk_test_tmp("lang.csv"),
               "code,density\nBU00010000,250.5\nBU00010001,1234.5\n"
               "BU00010003,5678.25\nBU00010004,23456.75\nBU00010006,999\n"
               "BU00010002,1\nBU00010005,2\nBU00010008,3\n");
    write_file(vk_test_tmp("lang-nl.yaml"),
               "title: Density\nvalue:\n  column: density\ndecimals: 1\n"
               "classification:\n  method: fixed\n  breaks: [0, 1000, "
               "10000, 100000]\ncolors: [\"#eeeeee\", \"#999999\", "
               "\"#333333\"]\nmask:\n  min_inwoners: 150\n"
               "date: \"1 January 2023\"\n");
    write_file(vk_test_tmp("lang-en.yaml"),
               "title: Density\nvalue:\n  column: density\ndecimals: 1\n"
               "classification:\n  method: fixed\n  breaks: [0, 1000, "
               "10000, 100000]\ncolors: [\"#eeeeee\", \"#999999\", "
               "\"#333333\"]\nmask:\n  min_inwoners: 150\n"
               "date: \"1 January 2023\"\nlang: en\n"
               "source: \"Source: test data\"\n");
}

/* Renders the grid's GM0001 with a style of write_lang_inputs and extra
 * options; pdftotext of the page into text (static), "" on failure. */
static const char *
render_lang(const char *style, const char *extra)
{
    static char text[16384];
    const char *pdf = vk_test_tmp("lang.pdf");
    char *args = vk_xasprintf("render --boundaries '%s' --table '%s' "
                              "--table-key code --style '%s' --area GM0001 "
                              "--labels none "
                              "--out '%s' %s",
                              vk_test_tmp("lang.gpkg"),
                              vk_test_tmp("lang.csv"), vk_test_tmp(style),
                              pdf, extra);
    int rc = vk(args);

    free(args);
    text[0] = '\0';
    CU_ASSERT_EQUAL(rc, 0);
    if (rc == 0)
        CU_ASSERT_EQUAL(vk_test_poppler("pdftotext", pdf, text, sizeof text),
                        0);
    return text;
}

/* Asserts that text holds each of the n texts of want (naming the
 * missing ones). */
static void
holds_all(const char *text, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(text, want[i]) == NULL) {
            fprintf(stderr, "\n  no \"%s\" in:\n%s\n", want[i], text);
            CU_FAIL("a text is missing from the page");
        }
}

/* The generated texts in English from "lang: en" or --lang en: legend,
 * no data, mask, scale, date and projection lines, English digits; in
 * Dutch without. The source line only where a style or --source says. */
static void
test_render_lang(void)
{
    static const char *const en[] = {
        "less than 1,000.0 (1)", "1,000.0 to 10,000.0 (2)",
        "10,000.0 or more (1)", "No data (1)", "Fewer than 150 residents (1)",
        "Scale 1:2,000", "Data: 1 January 2023 \xc2\xb7 Projection: "
        "EPSG:28992"};
    static const char *const nl[] = {
        "minder dan 1.000,0 (1)", "1.000,0 tot 10.000,0 (2)",
        "10.000,0 of meer (1)", "Geen gegevens (1)",
        "Minder dan 150 inwoners (1)", "Schaal 1:2.000",
        "Gegevens: 1 January 2023 \xc2\xb7 Projectie: EPSG:28992"};
    const char *text;

    write_lang_inputs();
    /* The style's own lang: and source: */
    text = render_lang("lang-en.yaml", "");
    holds_all(text, en, sizeof en / sizeof en[0]);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Source: test data"));
    CU_ASSERT_PTR_NULL(strstr(text, "Bron:"));
    /* A style without lang: and source: is Dutch, without a source. */
    text = render_lang("lang-nl.yaml", "");
    holds_all(text, nl, sizeof nl / sizeof nl[0]);
    CU_ASSERT_PTR_NULL(strstr(text, "Bron:"));
    CU_ASSERT_PTR_NULL(strstr(text, "Source"));
    /* --lang and --source over the style's. */
    text = render_lang("lang-nl.yaml", "--lang en --source 'Bron: X'");
    holds_all(text, en, sizeof en / sizeof en[0]);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Bron: X"));
    text = render_lang("lang-en.yaml", "--lang NL");
    holds_all(text, nl, sizeof nl / sizeof nl[0]);
    /* A language veerkracht does not have. */
    CU_ASSERT_EQUAL(vk("render --boundaries b.gpkg --table t.csv --area X "
                       "--out x.pdf --lang de"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --lang is nl or en, not "
                                "\"de\"\n");
}

/* ---- the batch commands: progress and one run per folder -------------- */

/* Arguments of a small tiles run of one layer into dir. */
static char *
small_tiles(const char *dir, const char *extra)
{
    return vk_xasprintf("tiles --boundaries '%s' --table '%s' --style '%s' "
                        "--zoom 9-10 --out '%s' %s", vk_test_src(SAMPLE_B),
                        vk_test_src(SAMPLE_T),
                        vk_test_src("styles/corporatiebezit.yaml"), dir,
                        extra);
}

/* The last line of text that starts with prefix and holds needle (NULL:
 * any), or NULL. */
static const char *
last_line(const char *text, const char *prefix, const char *needle)
{
    const char *found = NULL;

    for (const char *p = text; *p != '\0';) {
        const char *end = strchr(p, '\n'), *n;

        if (end == NULL)
            end = p + strlen(p);
        if (strncmp(p, prefix, strlen(prefix)) == 0 &&
            (needle == NULL || ((n = strstr(p, needle)) != NULL && n < end)))
            found = p;
        p = *end != '\0' ? end + 1 : end;
    }
    return found;
}

static void
test_progress_lines(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("cli-progress"));
    char *args = small_tiles(dir, "--force");
    const char *l;
    size_t done = 0, total = 1;

    /* stderr is a file here: plain lines, the last at the end. */
    CU_ASSERT_EQUAL_FATAL(vk(args), 0);
    /* The last progress line: all done, and how long it took. */
    l = last_line(err, "tiles: ", " metatiles, ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(sscanf(l, "tiles: %zu/%zu metatiles, ", &done, &total),
                    2);
    CU_ASSERT(done == total && total > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(l, ", done in 0:0"));
    CU_ASSERT(strchr(l, '\r') == NULL && strstr(l, "\033[K") == NULL);
    CU_ASSERT_PTR_NULL(strchr(err, '\r'));
    free(args);

    /* --quiet: no progress at all, the summary still. */
    args = small_tiles(dir, "--force --quiet");
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_PTR_NULL(strstr(err, " metatiles, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "tiles: thread time: "));
    free(args);

    /* The atlas says it the same way. */
    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --style '%s' "
                        "--gemeente GM0981 --out '%s/atlas' --force",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T),
                        vk_test_src("styles/corporatiebezit.yaml"), dir);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_PTR_NOT_NULL(last_line(err, "atlas: 1/1 gemeenten, ", NULL));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 1/1 gemeenten, done in 0:"));
    free(args);
    free(dir);
}

static void
test_one_run_per_folder(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("cli-lock"));
    char *lockfile = vk_xasprintf("%s/.veerkracht.lock", dir);
    char *args, *want, *cmd, *rcfile, *errfile;
    vk_run_lock *lock;
    vk_error e;
    int rc = -1;

    vk_error_init(&e);
    vk_test_sh(vk_xasprintf("rm -rf '%s'", dir));
    /* This process holds the folder: tiles and atlas are refused with our
     * pid. */
    lock = vk_run_lock_take(dir, NULL, 0, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lock);
    want = vk_xasprintf("%s: another veerkracht run (pid %ld) is writing "
                        "into this folder; let it finish, or give --wait to "
                        "start when it has, or write to another --out\n",
                        dir, (long)getpid());
    args = small_tiles(dir, "");
    CU_ASSERT_EQUAL(vk(args), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    free(args);
    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --out '%s'",
                        vk_test_src(SAMPLE_B), vk_test_src(SAMPLE_T), dir);
    CU_ASSERT_EQUAL(vk(args), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    free(args);

    /* --wait: it waits for the lock, then runs. */
    rcfile = vk_xasprintf("%s.rc", dir);
    errfile = vk_xasprintf("%s.err", dir);
    args = small_tiles(dir, "--wait");
    cmd = vk_xasprintf("rm -f '%s'; ('%s' %s > /dev/null 2> '%s'; echo $? > "
                       "'%s.part' && mv '%s.part' '%s') &", rcfile, VK_EXE,
                       args, errfile, rcfile, rcfile, rcfile);
    vk_test_sh(cmd); /* frees cmd */
    free(args);
    sleep(2);
    CU_ASSERT(access(rcfile, F_OK) != 0); /* still waiting */
    vk_run_lock_release(lock);
    for (int i = 0; i < 1200 && access(rcfile, F_OK) != 0; i++) {
        struct timespec ts = {0, 100000000};

        nanosleep(&ts, NULL);
    }
    {
        char *r = vk_test_slurp(rcfile, NULL), *t = vk_test_slurp(errfile,
                                                                  NULL);

        CU_ASSERT(r != NULL && sscanf(r, "%d", &rc) == 1 && rc == 0);
        CU_ASSERT(t != NULL && strstr(t, "another veerkracht run (pid ") &&
                  strstr(t, "; waiting (--wait)\n") &&
                  strstr(t, "tiles: thread time: "));
        free(r);
        free(t);
    }
    /* Done: the lock file is gone. */
    CU_ASSERT(access(lockfile, F_OK) != 0);

    /* A lock file a killed run left (no process holds it) blocks
     * nothing. */
    write_file(lockfile, "999999\n");
    args = small_tiles(dir, "--force");
    free(want);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT(access(lockfile, F_OK) != 0);
    free(args);
    free(rcfile);
    free(errfile);
    free(lockfile);
    free(dir);
}

/* ---- the table page ---------------------------------------------------- */

/* A werkgebied of our own making, not shaped like the sample: LAEA
 * squares with the roles in other columns (ID, LABEL, REGION, POP, WET),
 * values NUIS and VULN (the focuskaart's x and y, fixed breaks at 10 and
 * 20) and PCT. Region R1: five buurten in known focus cells, one without
 * a value (Dal), a water buurt (Meer) and FILLERS buurten in the low-low
 * cell; R2 one buurt; R3 water alone. */
#define FILLERS 150
static const struct {
    const char *id, *label, *region, *nuis, *vuln, *pct, *wet;
} TABLE_ROWS[] = {
    {"KZUID", "Zuid", "R1", "25", "25", "1234.5", "no"},     /* 2,2 */
    {"KBEEK", "Beek", "R1", "25", "15", "3", "no"},          /* 2,1 */
    {"KANKER", "Anker", "R1", "5", "5", "7", "no"},          /* 0,0 */
    {"KNOORD", "Noord", "R1", "28", "22", "12.34", "no"},    /* 2,2 */
    {"KCENTRUM", "Centrum", "R1", "15", "25", "0.04", "no"}, /* 1,2 */
    {"KDAL", "Dal", "R1", "", "", "", "no"},                 /* no data */
    {"KMEER", "Meer", "R1", "", "", "", "yes"},              /* water */
    {"KELDERS", "Elders", "R2", "25", "25", "50", "no"},
    {"KPLAS", "Plas", "R3", "", "", "", "yes"},
};

/* Writes the werkgebied as a GeoPackage at gpkg. */
static void
make_werkgebied(const char *gpkg)
{
    size_t nfix = sizeof TABLE_ROWS / sizeof TABLE_ROWS[0];
    vk_strbuf sb = {0};

    vk_strbuf_append(&sb, "WKT,ID,LABEL,REGION,POP,NUIS,VULN,PCT,WET\n");
    for (size_t i = 0; i < nfix + FILLERS; i++) {
        double x = 4000000 + (double)(i % 20) * 1000;
        double y = 3000000 + (double)(i / 20) * 1000;

        vk_strbuf_appendf(&sb, "\"POLYGON ((%.0f %.0f,%.0f %.0f,%.0f %.0f,"
                          "%.0f %.0f,%.0f %.0f))\",", x, y, x + 1000, y,
                          x + 1000, y + 1000, x, y + 1000, x, y);
        if (i < nfix)
            vk_strbuf_appendf(&sb, "%s,%s,%s,1000,%s,%s,%s,%s\n",
                              TABLE_ROWS[i].id, TABLE_ROWS[i].label,
                              TABLE_ROWS[i].region, TABLE_ROWS[i].nuis,
                              TABLE_ROWS[i].vuln, TABLE_ROWS[i].pct,
                              TABLE_ROWS[i].wet);
        else
            vk_strbuf_appendf(&sb, "K%03zu,Vulling %03zu,R1,1000,5,5,1,no\n",
                              i - nfix, i - nfix);
    }
    make_layer("werkgebied.csv", sb.s, "\"WKT\",\"String\",\"String\","
               "\"String\",\"Integer\",\"Real\",\"Real\",\"Real\","
               "\"String\"\n", gpkg, "-a_srs EPSG:3035 -nln vakken");
    vk_strbuf_free(&sb);
}

/* The focuskaart (the style's file name is its id) and a percentage. */
static void
write_table_styles(const char *focus, const char *pct)
{
    write_file(focus,
               "title: Focus\nbivariate:\n  x:\n    title: Overlast\n"
               "    value: NUIS\n    classification: {method: fixed, "
               "breaks: [0, 10, 20, 30]}\n  y:\n    title: Kwetsbaar\n"
               "    value: VULN\n    classification: {method: fixed, "
               "breaks: [0, 10, 20, 30]}\ncolors: [\"#f3ede0\", \"#e4d9ac\", "
               "\"#c8b35a\", \"#bfa0cf\", \"#c4a99b\", \"#af8e53\", "
               "\"#9972af\", \"#976b82\", \"#804d36\"]\n");
    write_file(pct, "title: Aandeel huur\nvalue: PCT\nunit: \"%\"\n"
               "decimals: 1\nclassification: {method: quantile, classes: "
               "2}\ncolors: [\"#ffffff\", \"#000000\"]\n");
}

#define TABLE_ROLES                                                       \
    "--key ID --area-field REGION --name-field LABEL --population-field "  \
    "POP --water-field WET"

/* The text of page p of pdf (pdftotext -f p -l p) into buf. */
static void
page_text(const char *pdf, int p, char *buf, size_t size)
{
    char *tool = vk_xasprintf("pdftotext -f %d -l %d", p, p);

    CU_ASSERT_EQUAL_FATAL(vk_test_poppler(tool, pdf, buf, size), 0);
    free(tool);
}

/* The buurtcodes in text: words of a "K" and a capital or digit. */
static size_t
count_codes(const char *text)
{
    size_t n = 0;

    for (const char *p = text; *p != '\0'; p++)
        n += *p == 'K' && (p == text || p[-1] == '\n' || p[-1] == ' ') &&
             ((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= '0' && p[1] <= '9'));
    return n;
}

/* render --table-page: after the two maps, the table of R1's 156 buurten
 * (water left out, R2's not in it) over as many pages as it takes, each
 * with the column titles and "k/N"; the focus buurten first in the order
 * of the cells, then by name; the values as the legend writes them. */
static void
test_table_page_pdf(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("werkgebied.gpkg"));
    char *focus = vk_xstrdup(vk_test_tmp("focuskaart.yaml"));
    char *pct = vk_xstrdup(vk_test_tmp("aandeel.yaml"));
    char *pdf = vk_xstrdup(vk_test_tmp("tabel.pdf"));
    static char text[262144];
    char info[4096], want[64];
    size_t rows = 6 + FILLERS, per_page, seen = 0, pages;
    const char *order[] = {"KNOORD", "KZUID", "KCENTRUM", "KBEEK",
                           "KANKER", "K000"};
    const char *at = NULL;

    make_werkgebied(gpkg);
    write_table_styles(focus, pct);
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' --style "
                          "'%s' " TABLE_ROLES " --area R1 --table-page "
                          "--out '%s'", gpkg, pct, focus, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(err, "");

    /* The first table page says how many rows a page holds; the count of
     * pages follows from it. */
    page_text(pdf, 3, text, sizeof text);
    per_page = count_codes(text);
    CU_ASSERT_FATAL(per_page > 10 && per_page < rows);
    pages = (rows + per_page - 1) / per_page;
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler("pdfinfo", pdf, info, sizeof info),
                          0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(info, "Pages:"));
    CU_ASSERT_EQUAL(strtol(strstr(info, "Pages:") + 6, NULL, 10),
                    (long)(2 + pages));

    /* The order on the first table page: Noord and Zuid (high, high; by
     * name), Centrum (middle x, high y) before Beek (high x, middle y),
     * then the low-low cell by name: Anker, the fillers. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Buurten van R1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gesorteerd op de focuskaart"));
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(text, order[i]);

        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT(at == NULL || p > at);
        at = p;
    }
    /* The values as the legends write them: decimals, unit, Dutch
     * digits; the focuskaart's cell as its levels; a dash for none. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n12,3%\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n1.234,5%\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n0,0%\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nhoog/hoog\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nmidden/hoog\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nhoog/midden\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nlaag/laag\n"));

    /* Every table page: the column titles and its number; all rows once,
     * Dal (no value) last with dashes; water and R2 not at all. */
    for (size_t k = 0; k < pages; k++) {
        size_t n;

        page_text(pdf, 3 + (int)k, text, sizeof text);
        n = count_codes(text);
        CU_ASSERT_EQUAL(n, k + 1 < pages ? per_page : rows - seen);
        seen += n;
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Naam"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Code"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Aandeel huur"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Focus\n"));
        snprintf(want, sizeof want, "\n%zu/%zu\n", k + 1, pages);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
        CU_ASSERT_PTR_NULL(strstr(text, "Meer"));
        CU_ASSERT_PTR_NULL(strstr(text, "Elders"));
        if (k + 1 == pages) {
            const char *v = strstr(text, "K149");
            const char *d = strstr(text, "KDAL");

            CU_ASSERT_PTR_NOT_NULL_FATAL(v);
            CU_ASSERT_PTR_NOT_NULL_FATAL(d);
            CU_ASSERT(d > v);
            CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n\xe2\x80\x93\n"));
        }
    }
    CU_ASSERT_EQUAL(seen, rows);

    /* English: the title, digits and levels of the text table. */
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' --style "
                          "'%s' " TABLE_ROLES " --area R1 --table-page "
                          "--lang en --out '%s'", gpkg, pct, focus, pdf),
             pdf, text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Neighbourhoods of R1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n1,234.5%\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nhigh/high\n"));

    /* Without a focuskaart: by name alone (Anker first). */
    pdf_text(vk_xasprintf("render --boundaries '%s' --style '%s' "
                          TABLE_ROLES " --area R1 --table-page --out '%s'",
                          gpkg, pct, pdf),
             pdf, text, sizeof text);
    page_text(pdf, 2, text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gesorteerd op naam"));
    CU_ASSERT(strstr(text, "KANKER") != NULL &&
              strstr(text, "KBEEK") > strstr(text, "KANKER") &&
              strstr(text, "KNOORD") > strstr(text, "KBEEK"));

    /* A PNG map: its table pages a file each beside it, named as in the
     * atlas; --map-only has no pages. */
    {
        char *png = vk_xstrdup(vk_test_tmp("tabel.png"));
        char *args = vk_xasprintf("render --boundaries '%s' --style '%s' "
                                  TABLE_ROLES " --area R1 --table-page "
                                  "--dpi 30 --out '%s'", gpkg, focus, png);
        struct stat st;

        CU_ASSERT_EQUAL(vk(args), 0);
        free(args);
        for (size_t k = 0; k < pages + 1; k++) {
            char *name = vk_layout_table_png_name(png, k);

            CU_ASSERT_EQUAL(stat(name, &st) == 0, k < pages);
            free(name);
        }
        args = vk_xasprintf("render --boundaries '%s' --style '%s' "
                            TABLE_ROLES " --area R1 --table-page --map-only "
                            "--out '%s'", gpkg, focus, png);
        CU_ASSERT_EQUAL(vk(args), 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "veerkracht render: --table-page "
                                      "needs whole pages: leave out "
                                      "--map-only\n"));
        free(args);
        free(png);
    }
    free(gpkg);
    free(focus);
    free(pct);
    free(pdf);
}

/* A chip's pixel is the map's fill of its buurt: the table made from the
 * paints of the map set, page 1 drawn as a PNG, the chip of each layer
 * sampled for the first rows (Noord, Zuid: the focuskaart's top cell,
 * #804d36) and the last (Dal: no data). An area of water alone has no
 * table. */
static void
test_table_page_chips(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("werkgebied.gpkg"));
    char *focus = vk_xstrdup(vk_test_tmp("focuskaart.yaml"));
    char *pct = vk_xstrdup(vk_test_tmp("aandeel.yaml"));
    const char *png = vk_test_tmp("tabel-chips.png");
    const char *styles[2];
    vk_mapset_opts mo = {0};
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PNG, 72, NULL, 0,
                       NULL, NULL, 0};
    vk_paint *paint[2] = {NULL, NULL};
    vk_area *area = NULL;
    vk_tablepage *t;
    vk_mapset *ms;
    vk_error err_;
    uint8_t *rgba;
    int w, h, type;
    long ppm;
    size_t last;

    make_werkgebied(gpkg);
    write_table_styles(focus, pct);
    styles[0] = pct;
    styles[1] = focus;
    mo.boundaries = gpkg;
    mo.styles = styles;
    mo.nstyles = 2;
    mo.key = "ID";
    mo.area_field = "REGION";
    mo.name_field = "LABEL";
    mo.population_field = "POP";
    mo.water_field = "WET";
    vk_error_init(&err_);
    ms = vk_mapset_open(&mo, NULL, &err_);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, "R1", NULL, &area, &err_),
                          VK_OK);
    for (size_t i = 0; i < 2; i++) {
        paint[i] = vk_mapset_paint(ms, i, VK_SCOPE_STYLE, area, &err_);
        CU_ASSERT_PTR_NOT_NULL_FATAL(paint[i]);
    }
    t = vk_tablepage_make(vk_mapset_boundaries(ms), paint, 2, &err_);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->nrows, 6 + FILLERS);
    CU_ASSERT_STRING_EQUAL(t->row[0].code, "KNOORD");
    CU_ASSERT_STRING_EQUAL(t->row[1].code, "KZUID");
    last = t->nrows - 1;
    CU_ASSERT_STRING_EQUAL(t->row[last].code, "KDAL");
    CU_ASSERT_EQUAL(vk_layout_write_table(png, t, 0, &po, &err_), VK_OK);
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    for (size_t r = 0; r < 2; r++)
        for (size_t c = 0; c < 2; c++) {
            vk_rgba f = paint[c]->fill[t->row[r].index];
            size_t page;
            vk_box b;
            const uint8_t *px;

            vk_layout_table_chip(t, &po, r, c, &page, &b);
            CU_ASSERT_EQUAL(page, 0);
            px = rgba + ((size_t)(b.y_pt + b.h_pt / 2) * (size_t)w +
                         (size_t)(b.x_pt + b.w_pt / 2)) * 4;
            CU_ASSERT_EQUAL(px[0], (int)lround(f.r * 255));
            CU_ASSERT_EQUAL(px[1], (int)lround(f.g * 255));
            CU_ASSERT_EQUAL(px[2], (int)lround(f.b * 255));
            if (c == 1)
                CU_ASSERT(px[0] == 0x80 && px[1] == 0x4d && px[2] == 0x36);
        }
    free(rgba);
    /* Dal, on the last page: no data's grey in both columns. */
    {
        size_t page;
        vk_box b;
        char *name = vk_layout_table_png_name(png, 9);

        vk_layout_table_chip(t, &po, last, 1, &page, &b);
        CU_ASSERT_EQUAL(page, vk_layout_table_pages(t, &po) - 1);
        CU_ASSERT_EQUAL(vk_layout_write_table(name, t, page, &po, &err_),
                        VK_OK);
        rgba = vk_test_png_read(name, &w, &h, &type, &ppm);
        CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
        {
            vk_rgba f = paint[1]->style->nodata_color;
            const uint8_t *px = rgba + ((size_t)(b.y_pt + b.h_pt / 2) *
                                            (size_t)w +
                                        (size_t)(b.x_pt + b.w_pt / 2)) * 4;

            CU_ASSERT_EQUAL(px[0], (int)lround(f.r * 255));
            CU_ASSERT_EQUAL(px[1], (int)lround(f.g * 255));
            CU_ASSERT_EQUAL(px[2], (int)lround(f.b * 255));
        }
        free(rgba);
        free(name);
    }
    vk_tablepage_destroy(t);
    for (size_t i = 0; i < 2; i++)
        vk_paint_destroy(paint[i]);

    /* Water alone: no buurt to list. */
    vk_area_destroy(area);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, "R3", NULL, &area, &err_),
                          VK_OK);
    paint[0] = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, area, &err_);
    CU_ASSERT_PTR_NOT_NULL_FATAL(paint[0]);
    vk_error_init(&err_);
    CU_ASSERT_PTR_NULL(vk_tablepage_make(vk_mapset_boundaries(ms), paint, 1,
                                         &err_));
    CU_ASSERT_EQUAL(err_.code, VK_EDATA);
    CU_ASSERT_STRING_EQUAL(err_.what, "the table page of R3 lists no buurt "
                                      "(all water)");
    vk_paint_destroy(paint[0]);
    vk_area_destroy(area);
    vk_mapset_destroy(ms);
    free(gpkg);
    free(focus);
    free(pct);
}

void
vk_test_register_cli(void)
{
    static const vk_test_case tests[] = {
        {"help", test_help},
        {"usage_errors", test_usage_errors},
        {"classify_json", test_classify_json},
        {"classify_bad_number", test_classify_bad_number},
        {"render_png_colours", test_render_png_colours},
        {"render_png_water", test_render_png_water},
        {"render_pdf", test_render_pdf},
        {"render_errors", test_render_errors},
        {"render --area lists of wijken and buurten", test_render_areas},
        {"atlas --areas: a PDF per werkgebied", test_atlas_areas},
        {"check_sample", test_check_sample},
        {"ten_layers_pdf", test_ten_layers_pdf},
        {"structureel_zwak_pdf", test_structureel_zwak_pdf},
        {"long_table_needs_year", test_long_table_needs_year},
        {"layers_and_long_check", test_layers_and_long_check},
        {"style_export", test_style_export},
        {"scale_bar_true", test_scale_bar_true},
        {"one_cartography", test_one_cartography},
        {"dpi_must_be_positive", test_dpi_must_be_positive},
        {"area_any_case", test_area_any_case},
        {"other_boundaries", test_other_boundaries},
        {"real_key_no_crs", test_real_key_no_crs},
        {"empty_null_repeated", test_empty_null_repeated},
        {"wijken_optional", test_wijken_optional},
        {"style_group_help", test_style_group_help},
        {"render_lang", test_render_lang},
        {"progress_lines", test_progress_lines},
        {"one_run_per_folder", test_one_run_per_folder},
        {"table_page_pdf", test_table_page_pdf},
        {"table_page_chips", test_table_page_chips},
        {NULL, NULL},
    };

    vk_test_add_suite("cli", NULL, NULL, tests);
}
