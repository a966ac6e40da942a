/* SPDX-License-Identifier: MIT */
/* The web viewer: the legend as JSON, and vk_viewer_write on the sample
 * (files, layers.json, buurten.json, search.json in lon/lat, values.json,
 * atlas links, a missing Leaflet, byte-identical reruns). */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "vk/tiles.h"
#include "vk/viewer.h"
#include "vk_test.h"

#define NSTYLES 10

/* The ten styles in their "order". */
static const char *const IDS[NSTYLES] = {
    "leefbaarheid",       "overlast_onveiligheid", "ontwikkeling_overlast",
    "kwetsbare_bewoners", "ontwikkeling_kwetsbaar", "corporatiebezit",
    "signalering",        "signalering_relatief",  "focuskaart",
    "structureel_zwak",
};

static vk_boundaries *sample;
static vk_table *tables[2];
static vk_style *styles[NSTYLES];
static vk_layer *layers[NSTYLES];
static vk_legend *legends[NSTYLES];
static vk_viewer_layer vlayers[NSTYLES];

static int
suite_init(void)
{
    vk_error e;
    vk_tableset ts = {tables, 2, NULL};

    vk_error_init(&e);
    if (vk_source_read_boundaries(vk_test_src("samples/regio.gpkg"), NULL,
                                  &sample, &e) != VK_OK)
        return 1;
    tables[0] = vk_table_read(vk_test_src("samples/indicatoren.csv"), NULL,
                              &e);
    tables[1] = vk_table_read(vk_test_src("samples/leefbaarometer.csv"),
                              NULL, &e);
    if (tables[0] == NULL || tables[1] == NULL)
        return 1;
    for (int i = 0; i < NSTYLES; i++) {
        char *p = vk_xasprintf("styles/%s.yaml", IDS[i]);

        styles[i] = vk_style_load(vk_test_src(p), &e);
        free(p);
        if (styles[i] == NULL)
            return 1;
        layers[i] = vk_layer_make(styles[i], &ts, sample->buurten, NULL, &e);
        if (layers[i] == NULL)
            return 1;
        legends[i] = vk_layer_legend(layers[i], sample->buurten, NULL);
        vlayers[i] = (vk_viewer_layer){styles[i], layers[i], legends[i],
                                        styles[i]->id, NULL, NULL};
    }
    return 0;
}

static int
suite_cleanup(void)
{
    for (int i = 0; i < NSTYLES; i++) {
        vk_legend_destroy(legends[i]);
        vk_layer_destroy(layers[i]);
        vk_style_destroy(styles[i]);
    }
    vk_table_destroy(tables[0]);
    vk_table_destroy(tables[1]);
    vk_boundaries_destroy(sample);
    return 0;
}

/* An empty scratch folder (caller frees). */
static char *
fresh_dir(const char *name)
{
    char *dir = vk_xstrdup(vk_test_tmp(name));
    char *cmd = vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);
    char o[256], e[256];

    CU_ASSERT_EQUAL(vk_test_run(cmd, o, sizeof o, e, sizeof e), 0);
    free(cmd);
    return dir;
}

static vk_status
write_viewer(const char *dir, vk_error *e)
{
    vk_viewer_opts o = {.minzoom = 10, .maxzoom = 13, .tile_size = 256,
                        .scale = 1};

    vk_bbox_reset(&o.bounds);
    vk_error_init(e);
    return vk_viewer_write(dir, sample->buurten, vlayers, NSTYLES, &o, e);
}

static json_t *
load_json(const char *dir, const char *rel)
{
    char *p = vk_xasprintf("%s/%s", dir, rel);
    json_error_t je;
    json_t *j = json_load_file(p, 0, &je);

    if (j == NULL)
        fprintf(stderr, "%s:%d: %s\n", p, je.line, je.text);
    free(p);
    return j;
}

static int
exists(const char *dir, const char *rel)
{
    char *p = vk_xasprintf("%s/%s", dir, rel);
    struct stat st;
    int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;

    free(p);
    return ok;
}

/* ---- legend JSON --------------------------------------------------- */

static void
test_legend_json(void)
{
    for (int i = 0; i < NSTYLES; i++) {
        char *s = vk_viewer_legend_json(legends[i]);
        json_t *j = json_loads(s, 0, NULL), *entries, *grid;

        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        entries = json_object_get(j, "entries");
        grid = json_object_get(j, "grid");
        CU_ASSERT_EQUAL(json_array_size(entries), legends[i]->n);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "title")),
                               styles[i]->title);
        for (size_t k = 0; k < json_array_size(entries); k++) {
            json_t *e = json_array_get(entries, k);
            const char *c = json_string_value(json_object_get(e, "color"));

            CU_ASSERT(c != NULL && strlen(c) == 7 && c[0] == '#');
            CU_ASSERT_STRING_EQUAL(
                json_string_value(json_object_get(e, "label")),
                legends[i]->e[k].label);
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(e, "count")),
                            (json_int_t)legends[i]->e[k].count);
        }
        /* focuskaart: an unnamed 3x3 grid; signalering names its cells. */
        if (strcmp(IDS[i], "focuskaart") == 0) {
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(grid, "cols")),
                            3);
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(grid, "rows")),
                            3);
            CU_ASSERT_STRING_EQUAL(
                json_string_value(json_object_get(grid, "y_title")),
                "Kwetsbare bewoners");
        } else {
            CU_ASSERT(json_is_null(grid));
        }
        json_decref(j);
        free(s);
    }
}

/* ---- the viewer of the sample --------------------------------------- */

static void
test_files(void)
{
    char *dir = fresh_dir("viewer-files");
    vk_error e;
    size_t len = 0, tlen = 0;
    char *p, *html, *tmpl;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    CU_ASSERT(exists(dir, "index.html"));
    CU_ASSERT(exists(dir, "leaflet/leaflet.js"));
    CU_ASSERT(exists(dir, "leaflet/leaflet.css"));
    CU_ASSERT(exists(dir, "leaflet/images/layers.png"));
    CU_ASSERT(exists(dir, "layers.json"));
    CU_ASSERT(exists(dir, "buurten.json"));
    CU_ASSERT(exists(dir, "search.json"));
    for (int i = 0; i < NSTYLES; i++) {
        char *rel = vk_xasprintf("%s/values.json", IDS[i]);

        CU_ASSERT(exists(dir, rel));
        free(rel);
    }
    /* index.html is the template, byte for byte, and loads nothing from
     * the network. */
    p = vk_xasprintf("%s/index.html", dir);
    html = vk_test_slurp(p, &len);
    tmpl = vk_test_slurp(vk_test_src("src/viewer/index.html"), &tlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tmpl);
    CU_ASSERT(len == tlen && memcmp(html, tmpl, len) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Kaartlaag"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Legenda"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Transparantie"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Geen gegevens"));
    CU_ASSERT_PTR_NULL(strstr(html, "src=\"http"));
    CU_ASSERT_PTR_NULL(strstr(html, "href=\"http"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "src=\"leaflet/leaflet.js\""));
    free(html);
    free(tmpl);
    free(p);
    /* No temporary files left behind. */
    {
        char o[4096], er[256];
        char *cmd = vk_xasprintf("find '%s' -name '*.tmp-*'", dir);

        CU_ASSERT_EQUAL(vk_test_run(cmd, o, sizeof o, er, sizeof er), 0);
        CU_ASSERT_STRING_EQUAL(o, "");
        free(cmd);
    }
    free(dir);
}

static void
test_layers_json(void)
{
    char *dir = fresh_dir("viewer-layers");
    vk_error e;
    json_t *j, *arr, *b;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    j = load_json(dir, "layers.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "minzoom")), 10);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "maxzoom")), 13);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "tileSize")), 256);
    CU_ASSERT(json_is_false(json_object_get(j, "tms")));
    /* Bounds from the buurten (none given): w < e, s < n, in the
     * Netherlands (lon 3.2..7.3, lat 50.7..53.6). */
    b = json_object_get(j, "bounds");
    CU_ASSERT_EQUAL_FATAL(json_array_size(b), 4);
    CU_ASSERT(json_real_value(json_array_get(b, 0)) > 3.2);
    CU_ASSERT(json_real_value(json_array_get(b, 1)) > 50.7);
    CU_ASSERT(json_real_value(json_array_get(b, 2)) < 7.3);
    CU_ASSERT(json_real_value(json_array_get(b, 3)) < 53.6);
    CU_ASSERT(json_real_value(json_array_get(b, 0)) <
              json_real_value(json_array_get(b, 2)));
    CU_ASSERT(json_real_value(json_array_get(b, 1)) <
              json_real_value(json_array_get(b, 3)));
    arr = json_object_get(j, "layers");
    CU_ASSERT_EQUAL_FATAL(json_array_size(arr), NSTYLES);
    for (size_t i = 0; i < NSTYLES; i++) {
        json_t *l = json_array_get(arr, i), *lg = json_object_get(l, "legend");
        char *tiles = vk_xasprintf("%s/{z}/{x}/{y}.png", IDS[i]);

        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(l, "id")),
                               IDS[i]);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(l, "title")),
                               styles[i]->title);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(l, "tiles")),
                               tiles);
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(l, "source")),
            styles[i]->source);
        CU_ASSERT(json_array_size(json_object_get(lg, "entries")) >= 2);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
                                   json_object_get(l, "labels"), "water")),
                               "Water");
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(json_object_get(l, "labels"),
                                              "nodata")),
            styles[i]->nodata_label);
        free(tiles);
    }
    /* Where the viewer finds the buurt under the mouse and their table;
     * no basemap unless one is given. */
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "ids")),
                           "_ids/{z}/{x}/{y}.png");
    CU_ASSERT(json_is_null(json_object_get(j, "basemap")));
    json_decref(j);
    free(dir);
}

/* buurten.json: per buurt index (the ID tiles' order) its code, name and
 * gemeente; the gemeenten once each. */
static void
test_buurten_json(void)
{
    char *dir = fresh_dir("viewer-buurten");
    vk_error e;
    json_t *j, *codes, *names, *gm, *gms;
    int found = 0;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    j = load_json(dir, "buurten.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    codes = json_object_get(j, "code");
    names = json_object_get(j, "name");
    gm = json_object_get(j, "gemeente");
    gms = json_object_get(j, "gemeenten");
    CU_ASSERT_EQUAL(json_array_size(codes), 151);
    CU_ASSERT_EQUAL(json_array_size(codes), sample->buurten->n);
    CU_ASSERT_EQUAL(json_array_size(names), sample->buurten->n);
    CU_ASSERT_EQUAL(json_array_size(gm), sample->buurten->n);
    CU_ASSERT_EQUAL_FATAL(json_array_size(gms), 4);
    for (size_t i = 0; i < json_array_size(codes); i++) {
        const vk_feature *f = &sample->buurten->f[i];
        json_t *g = json_array_get(gms, (size_t)json_integer_value(
                                            json_array_get(gm, i)));

        CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(codes, i)),
                               f->code);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(g, "code")),
                               f->gemeentecode);
        if (strcmp(f->code, "BU09810001") == 0) {
            found = 1;
            CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(names, i)),
                                   "Hooghage");
            CU_ASSERT_STRING_EQUAL(
                json_string_value(json_object_get(g, "name")),
                "'s-Gravenwaard");
        }
        CU_ASSERT(json_is_null(json_object_get(g, "atlas")));
    }
    CU_ASSERT(found);
    json_decref(j);
    free(dir);
}

/* With an atlas folder: each gemeente its PDF from atlas-report.json, as a
 * URL relative to the tile folder; a folder without a report is an error
 * that says to make the atlas first. */
static void
test_atlas_links(void)
{
    char *root = fresh_dir("viewer-atlas");
    char *dir = vk_xasprintf("%s/web/tiles", root);
    char *atlas = vk_xasprintf("%s/print atlas", root);
    char *report = vk_xasprintf("%s/atlas-report.json", atlas);
    char *mk = vk_xasprintf("mkdir -p '%s' '%s'", dir, atlas), o[64], er[64];
    vk_viewer_opts opts = {.minzoom = 10, .maxzoom = 12, .tile_size = 256,
                           .scale = 1, .atlas_dir = atlas};
    const char *json =
        "{\"gemeenten\": [{\"code\": \"GM0982\", \"outputs\": "
        "[\"GM0982-dongemunde-leefbaarheid.png\", \"GM0982-dongemunde.pdf\"]},"
        " {\"code\": \"GM0983\", \"outputs\": []}]}\n";
    json_t *j, *gms;
    char msg[2048];
    vk_error e;

    CU_ASSERT_EQUAL_FATAL(vk_test_run(mk, o, sizeof o, er, sizeof er), 0);
    vk_bbox_reset(&opts.bounds);
    vk_error_init(&e);
    CU_ASSERT_EQUAL(vk_viewer_write(dir, sample->buurten, vlayers, NSTYLES,
                                    &opts, &e), VK_EIO);
    vk_error_format(&e, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "cannot read the atlas report"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "veerkracht atlas --out"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.path, "print atlas/atlas-report.json"));

    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_write_file(report, json, strlen(json), 0, &e),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, sample->buurten, vlayers,
                                          NSTYLES, &opts, &e), VK_OK);
    j = load_json(dir, "buurten.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    gms = json_object_get(j, "gemeenten");
    for (size_t g = 0; g < json_array_size(gms); g++) {
        json_t *gm = json_array_get(gms, g);
        const char *code = json_string_value(json_object_get(gm, "code"));
        json_t *href = json_object_get(gm, "atlas");

        if (strcmp(code, "GM0982") == 0) {
            CU_ASSERT_STRING_EQUAL(json_string_value(href),
                                   "../../print%20atlas/"
                                   "GM0982-dongemunde.pdf");
        } else {
            CU_ASSERT(json_is_null(href));
        }
    }
    json_decref(j);
    free(mk);
    free(report);
    free(atlas);
    free(dir);
    free(root);
}

/* The index of buurt code in the sample. */
static size_t
index_of(const char *code)
{
    for (size_t i = 0; i < sample->buurten->n; i++)
        if (strcmp(sample->buurten->f[i].code, code) == 0)
            return i;
    CU_FAIL("no such buurt");
    return 0;
}

static void
test_values(void)
{
    char *dir = fresh_dir("viewer-values");
    size_t hooghage = index_of("BU09810001");
    vk_error e;
    json_t *j, *v, *c;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    /* Hooghage: kwetsbaar_pct 19,2 in samples/indicatoren.csv. */
    j = load_json(dir, "kwetsbare_bewoners/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    v = json_object_get(j, "v");
    c = json_object_get(j, "c");
    CU_ASSERT_EQUAL(json_array_size(v), sample->buurten->n);
    CU_ASSERT_EQUAL(json_array_size(c), sample->buurten->n);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(v, hooghage)),
                           "19,2%");
    json_decref(j);
    /* 243 of its 808 woningen are corporatiewoningen: 30,07% -> "30%", in
     * the fixed class 25-50 whose label the style names. */
    j = load_json(dir, "corporatiebezit/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_array_get(json_object_get(j, "v"), hooghage)),
        "30%");
    CU_ASSERT_STRING_EQUAL(
        legends[5]->e[json_integer_value(json_array_get(
                          json_object_get(j, "c"), hooghage))]
            .label,
        "25 tot 50%");
    json_decref(j);
    /* Every buurt's class as the layer has it (water -3, masked -2, no
     * data -1), and a value only with a class. */
    j = load_json(dir, "leefbaarheid/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    for (size_t i = 0; i < sample->buurten->n; i++) {
        int cl = layers[0]->cls[i];
        json_int_t got = json_integer_value(
            json_array_get(json_object_get(j, "c"), i));

        CU_ASSERT_EQUAL(got, cl >= 0                   ? cl
                             : cl == VK_CLASS_WATER  ? -3
                             : cl == VK_CLASS_MASKED ? -2
                                                     : -1);
        CU_ASSERT_EQUAL(
            json_is_string(json_array_get(json_object_get(j, "v"), i)),
            cl >= 0);
    }
    json_decref(j);
    free(dir);
}

static void
test_missing_leaflet(void)
{
    char *dir = fresh_dir("viewer-noleaflet");
    const char *missing = vk_test_tmp("no-such-leaflet");
    char msg[2048];
    vk_error e;

    setenv("VK_LEAFLET_DIR", missing, 1);
    CU_ASSERT_EQUAL(write_viewer(dir, &e), VK_EIO);
    unsetenv("VK_LEAFLET_DIR");
    vk_error_format(&e, msg, sizeof msg);
    /* The message names the file and the package to install. */
    CU_ASSERT_PTR_NOT_NULL(strstr(e.path, "no-such-leaflet/leaflet.js"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "libjs-leaflet"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "VK_LEAFLET_DIR"));
    /* Nothing is written when Leaflet is missing. */
    CU_ASSERT(!exists(dir, "layers.json"));
    CU_ASSERT(!exists(dir, "index.html"));
    free(dir);
}

static void
test_rerun_identical(void)
{
    static const char *const files[] = {
        "index.html", "layers.json", "buurten.json", "search.json",
        "focuskaart/values.json", "leaflet/leaflet.js", NULL};
    char *a = fresh_dir("viewer-rerun-a"), *b = fresh_dir("viewer-rerun-b");
    vk_error e;

    CU_ASSERT_EQUAL_FATAL(write_viewer(a, &e), VK_OK);
    CU_ASSERT_EQUAL_FATAL(write_viewer(b, &e), VK_OK);
    /* Over an existing viewer too. */
    CU_ASSERT_EQUAL_FATAL(write_viewer(b, &e), VK_OK);
    for (int i = 0; files[i] != NULL; i++) {
        char *pa = vk_xasprintf("%s/%s", a, files[i]);
        char *pb = vk_xasprintf("%s/%s", b, files[i]);
        size_t la = 0, lb = 0;
        char *da = vk_test_slurp(pa, &la), *db = vk_test_slurp(pb, &lb);

        CU_ASSERT(da != NULL && db != NULL && la == lb &&
                  memcmp(da, db, la) == 0);
        free(da);
        free(db);
        free(pa);
        free(pb);
    }
    free(a);
    free(b);
}

/* ---- the boxes search zooms to --------------------------------------- */

/* Metres per degree of latitude and of longitude at latitude lat_deg on
 * the GRS80/WGS 84 ellipsoid (meridian and prime vertical radii). */
static void
metres_per_degree(double lat_deg, double *m_lat, double *m_lon)
{
    const double a = 6378137.0, e2 = 0.00669438002290;
    const double pi = 3.14159265358979323846;
    double s = sin(lat_deg * pi / 180), w = 1 - e2 * s * s;

    *m_lat = a * (1 - e2) / (w * sqrt(w)) * pi / 180;
    *m_lon = a / sqrt(w) * cos(lat_deg * pi / 180) * pi / 180;
}

/* The largest distance in metres between a side of buurt i's box in
 * search.json and the same side of the box of its original vertices (fs
 * in lon/lat); -1 when the box is missing. */
static double
box_offset_m(const vk_features *fs, size_t i, json_t *box)
{
    const vk_bbox *b = &fs->f[i].bbox;
    double m_lat, m_lon, d[4];

    if (json_array_size(box) != 4)
        return -1;
    metres_per_degree((b->miny + b->maxy) / 2, &m_lat, &m_lon);
    d[0] = (json_number_value(json_array_get(box, 0)) - b->minx) * m_lon;
    d[1] = (json_number_value(json_array_get(box, 1)) - b->miny) * m_lat;
    d[2] = (json_number_value(json_array_get(box, 2)) - b->maxx) * m_lon;
    d[3] = (json_number_value(json_array_get(box, 3)) - b->maxy) * m_lat;
    return fmax(fmax(fabs(d[0]), fabs(d[1])), fmax(fabs(d[2]), fabs(d[3])));
}

/* search.json's boxes come from the buurten simplified for the deepest
 * zoom: half a CSS pixel there. For tiles to z13 over the sample (lon
 * 5.024 to 5.471, lat 51.854 to 52.139, as veerkracht tiles passes its
 * bounds), a pixel of a 256-pixel tile is 2 pi 6378137 / 256 / 2^13 =
 * 19.109 m at the equator, times cos(51.9965) = 11.766 m on the ground:
 * the tolerance is 5.883 m. Every side of every box lies that close to
 * the box of the original buurt, plus 0.7 m for the 5 decimals written
 * (0.56 m of latitude, 0.34 m of longitude) and the control grid (3 cm);
 * from RD New as read and from Web Mercator as veerkracht tiles passes
 * them (its metres are 1 / cos(latitude) ground metres). */
static void
test_search_boxes(void)
{
    static const char *const crs[] = {"EPSG:28992", "EPSG:3857"};
    char *dir = fresh_dir("viewer-search");
    vk_viewer_opts o = {.minzoom = 10, .maxzoom = 13, .tile_size = 256,
                        .scale = 1,
                        .bounds = {5.024316, 51.853841, 5.471110, 52.139249}};
    vk_boundaries *orig = NULL, *in = NULL;
    vk_error e;

    /* The original buurten in lon/lat, through PROJ. */
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                              vk_test_src("samples/regio.gpkg"), NULL, &orig,
                              &e), VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(orig->buurten, "EPSG:4326", &e),
                          VK_OK);
    for (size_t c = 0; c < 2; c++) {
        double worst = 0;
        size_t missing = 0;
        json_t *j, *boxes;

        CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                                  vk_test_src("samples/regio.gpkg"), NULL,
                                  &in, &e), VK_OK);
        CU_ASSERT_EQUAL_FATAL(vk_geo_transform(in->buurten, crs[c], &e),
                              VK_OK);
        CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, in->buurten, vlayers,
                                              NSTYLES, &o, &e), VK_OK);
        j = load_json(dir, "search.json");
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        boxes = json_object_get(j, "bbox");
        CU_ASSERT_EQUAL_FATAL(json_array_size(boxes), orig->buurten->n);
        for (size_t i = 0; i < orig->buurten->n; i++) {
            double d = box_offset_m(orig->buurten, i,
                                    json_array_get(boxes, i));

            missing += d < 0;
            worst = fmax(worst, d);
        }
        fprintf(stderr, "\n  from %s: boxes at most %.2f m off", crs[c],
                worst);
        CU_ASSERT_EQUAL(missing, 0);
        CU_ASSERT(worst <= 5.883 + 0.7);
        json_decref(j);
        vk_boundaries_destroy(in);
        in = NULL;
    }
    fprintf(stderr, "\n");
    vk_boundaries_destroy(orig);
    free(dir);
}

/* A box written to five decimals, rounded: a square whose corner is at
 * 5.123456789 E 52.123456789 N has 5.12346, 52.12346 (~1 m); a buurt
 * without geometry has null. */
static void
test_search_box_digits(void)
{
    vk_viewer_opts o = {.minzoom = 12, .maxzoom = 12, .tile_size = 256,
                        .scale = 1};
    vk_features *fs = vk_fixture_empty("boxes", "EPSG:3857");
    char *dir = fresh_dir("viewer-box-digits");
    double ax, ay;
    json_t *j, *box;
    vk_error e;

    vk_merc_from_lonlat(5.123456789, 52.123456789, &ax, &ay);
    {
        const double a[] = {ax, ay, ax + 500, ay, ax + 500, ay + 500, ax,
                            ay + 500};

        vk_fixture_feature(fs, "A", "GM0001")->inwoners = 0;
        vk_fixture_ring(fs, a, 4);
        vk_fixture_poly_end(fs);
        vk_fixture_feature(fs, "B", "GM0001")->inwoners = 0;
    }
    vk_merc_to_lonlat(fs->extent.minx, fs->extent.miny, &o.bounds.minx,
                      &o.bounds.miny);
    vk_merc_to_lonlat(fs->extent.maxx, fs->extent.maxy, &o.bounds.maxx,
                      &o.bounds.maxy);

    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, fs, NULL, 0, &o, &e), VK_OK);
    j = load_json(dir, "search.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    box = json_array_get(json_object_get(j, "bbox"), 0);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_array_get(box, 0)),
                           5.12346, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_array_get(box, 1)),
                           52.12346, 1e-9);
    CU_ASSERT(json_is_null(json_array_get(json_object_get(j, "bbox"), 1)));
    json_decref(j);
    vk_features_destroy(fs);
    free(dir);
}

/* --basemap reaches layers.json with its credit line. */
static void
test_basemap(void)
{
    char *dir = fresh_dir("viewer-basemap");
    vk_viewer_opts o = {.minzoom = 10, .maxzoom = 12, .tile_size = 256,
                        .scale = 1,
                        .basemap = "https://tile.example.org/{z}/{x}/{y}.png",
                        .basemap_attribution = "\u00a9 Voorbeeld"};
    json_t *j, *bm;
    vk_error e;

    vk_bbox_reset(&o.bounds);
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, sample->buurten, vlayers,
                                          NSTYLES, &o, &e), VK_OK);
    j = load_json(dir, "layers.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    bm = json_object_get(j, "basemap");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(bm, "url")),
                           "https://tile.example.org/{z}/{x}/{y}.png");
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_object_get(bm, "attribution")),
        "\u00a9 Voorbeeld");
    json_decref(j);
    free(dir);
}

/* A lon/lat box {w, s, e, n} as a ring in Web Mercator. */
static void
add_merc_box(vk_features *fs, const char *code, double w, double s,
             double e, double n)
{
    double r[8];

    vk_merc_from_lonlat(w, s, &r[0], &r[1]);
    vk_merc_from_lonlat(e, s, &r[2], &r[3]);
    vk_merc_from_lonlat(e, n, &r[4], &r[5]);
    vk_merc_from_lonlat(w, n, &r[6], &r[7]);
    vk_fixture_feature(fs, code, "GM0001");
    vk_fixture_ring(fs, r, 4);
    vk_fixture_poly_end(fs);
}

/* Buurten across the antimeridian, in Web Mercator as the tiles have them:
 * one split in parts at 178..180 and -180..-178, one at -179..-177 (lat
 * -20..-10). The viewer centres on them, at lon 180.5: layers.json has
 * the bounds 178 .. 183 (east past 180, so Leaflet fits them there, not
 * the whole world about Greenwich), and TileJSON the centre as -179.5,
 * with the bounds west > east as GeoJSON has them. */
static void
test_centre_across_antimeridian(void)
{
    vk_viewer_opts o = {.minzoom = 2, .maxzoom = 6, .tile_size = 256,
                        .scale = 1};
    vk_features *fs = vk_fixture_empty("antimeridian", "EPSG:3857");
    char *dir = fresh_dir("viewer-antimeridian");
    json_t *j, *b, *c;
    vk_error e;

    add_merc_box(fs, "A", 178, -20, 180, -10);
    {
        double r[8];

        vk_merc_from_lonlat(-180, -20, &r[0], &r[1]);
        vk_merc_from_lonlat(-178, -20, &r[2], &r[3]);
        vk_merc_from_lonlat(-178, -10, &r[4], &r[5]);
        vk_merc_from_lonlat(-180, -10, &r[6], &r[7]);
        vk_fixture_ring(fs, r, 4); /* A's second part */
        vk_fixture_poly_end(fs);
    }
    add_merc_box(fs, "B", -179, -20, -177, -10);
    vk_bbox_reset(&o.bounds);
    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, fs, NULL, 0, &o, &e), VK_OK);
    j = load_json(dir, "layers.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    b = json_object_get(j, "bounds");
    CU_ASSERT_EQUAL_FATAL(json_array_size(b), 4);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 0)), 178, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 2)), 183, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 1)), -20, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 3)), -10, 1e-6);
    json_decref(j);

    o.bounds = (vk_bbox){178, -20, 183, -10};
    vk_test_sh(vk_xasprintf("mkdir -p '%s/%s'", dir, vlayers[0].id));
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write_tilejson(dir, &vlayers[0], &o, NULL,
                                                   &e), VK_OK);
    {
        char *rel = vk_xasprintf("%s/tiles.json", vlayers[0].id);

        j = load_json(dir, rel);
        free(rel);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    c = json_object_get(j, "center");
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(c, 0)), -179.5,
                           1e-9);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(c, 1)), -15, 1e-9);
    b = json_object_get(j, "bounds");
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 0)), 178, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(b, 2)), -177,
                           1e-9);
    json_decref(j);

    vk_features_destroy(fs);
    free(dir);
}

void
vk_test_register_viewer(void)
{
    static const vk_test_case tests[] = {
        {"legend_json", test_legend_json},
        {"files", test_files},
        {"layers_json", test_layers_json},
        {"buurten.json", test_buurten_json},
        {"atlas links", test_atlas_links},
        {"search boxes are within the deepest zoom's tolerance",
         test_search_boxes},
        {"search boxes: five decimals, null without geometry",
         test_search_box_digits},
        {"basemap", test_basemap},
        {"values", test_values},
        {"missing_leaflet", test_missing_leaflet},
        {"rerun_identical", test_rerun_identical},
        {"centre across the antimeridian", test_centre_across_antimeridian},
        {NULL, NULL},
    };

    vk_test_add_suite("viewer", suite_init, suite_cleanup, tests);
}
