/* SPDX-License-Identifier: MIT */
/* The web viewer: the legend as JSON, and vk_viewer_write on the sample
 * (files, layers.json, buurten.geojson in lon/lat, values.json, a missing
 * Leaflet, byte-identical reruns). */
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

#define NSTYLES 9

/* The nine styles in their "order". */
static const char *const IDS[NSTYLES] = {
    "leefbaarheid",       "overlast_onveiligheid", "ontwikkeling_overlast",
    "kwetsbare_bewoners", "ontwikkeling_kwetsbaar", "corporatiebezit",
    "signalering",        "signalering_relatief",  "focuskaart",
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
                                        styles[i]->id};
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
    vk_viewer_opts o = {10, 13, 256, 1, 0, {0, 0, 0, 0}, 0, 0};

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
    CU_ASSERT(exists(dir, "buurten.geojson"));
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
        free(tiles);
    }
    json_decref(j);
    free(dir);
}

static void
test_geojson(void)
{
    char *dir = fresh_dir("viewer-geojson");
    vk_error e;
    json_t *j, *fs;
    size_t outside = 0, rings = 0;
    int found = 0;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    j = load_json(dir, "buurten.geojson");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    fs = json_object_get(j, "features");
    CU_ASSERT_EQUAL(json_array_size(fs), 151);
    CU_ASSERT_EQUAL(json_array_size(fs), sample->buurten->n);
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i), *p = json_object_get(f, "properties");
        json_t *polys = json_object_get(json_object_get(f, "geometry"),
                                        "coordinates");
        const char *code = json_string_value(json_object_get(p, "code"));

        CU_ASSERT_PTR_NOT_NULL(code);
        CU_ASSERT_PTR_NOT_NULL(json_string_value(json_object_get(p, "name")));
        CU_ASSERT_PTR_NOT_NULL(
            json_string_value(json_object_get(p, "gemeente")));
        if (code != NULL && strcmp(code, "BU09810001") == 0) {
            found = 1;
            CU_ASSERT_STRING_EQUAL(
                json_string_value(json_object_get(p, "name")), "Hooghage");
        }
        /* x is longitude, y latitude: the axis order of GeoJSON. */
        for (size_t k = 0; k < json_array_size(polys); k++) {
            json_t *poly = json_array_get(polys, k);

            for (size_t r = 0; r < json_array_size(poly); r++) {
                json_t *ring = json_array_get(poly, r);
                size_t n = json_array_size(ring);

                rings++;
                CU_ASSERT(n >= 4);
                for (size_t q = 0; q < n; q++) {
                    json_t *pt = json_array_get(ring, q);
                    double lon = json_number_value(json_array_get(pt, 0));
                    double lat = json_number_value(json_array_get(pt, 1));

                    outside += !(lon > 3.2 && lon < 7.3 && lat > 50.7 &&
                                 lat < 53.6);
                }
            }
        }
    }
    CU_ASSERT(found);
    CU_ASSERT(rings >= 151);
    CU_ASSERT_EQUAL(outside, 0);
    json_decref(j);
    free(dir);
}

/* The value of buurt code in layer id as "v" and "c" (borrowed from j). */
static json_t *
value_of(json_t *j, const char *code)
{
    return json_object_get(j, code);
}

static void
test_values(void)
{
    char *dir = fresh_dir("viewer-values");
    vk_error e;
    json_t *j, *v;

    CU_ASSERT_EQUAL_FATAL(write_viewer(dir, &e), VK_OK);
    /* Hooghage: kwetsbaar_pct 19,2 in samples/indicatoren.csv. */
    j = load_json(dir, "kwetsbare_bewoners/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(json_object_size(j), sample->buurten->n);
    v = value_of(j, "BU09810001");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(v, "v")),
                           "19,2%");
    json_decref(j);
    /* 243 of its 808 woningen are corporatiewoningen: 30,07% -> "30%", in
     * the fixed class 25-50 whose label the style names. */
    j = load_json(dir, "corporatiebezit/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    v = value_of(j, "BU09810001");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(v, "v")),
                           "30%");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(v, "c")),
                           "25 tot 50%");
    json_decref(j);
    /* Water and masked buurten show their label and no value. */
    j = load_json(dir, "leefbaarheid/values.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    for (size_t i = 0; i < sample->buurten->n; i++) {
        int c = layers[0]->cls[i];

        v = value_of(j, sample->buurten->f[i].code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        CU_ASSERT_EQUAL(json_object_get(v, "v") != NULL, c >= 0);
        if (c == VK_CLASS_WATER)
            CU_ASSERT_STRING_EQUAL(
                json_string_value(json_object_get(v, "c")), "Water");
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
        "index.html", "layers.json", "buurten.geojson",
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

/* ---- the hover outlines' accuracy -------------------------------------- */

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

/* Distance in metres from (lon, lat) to the closed ring of n points (lon,
 * lat pairs of a GeoJSON ring), in a plane about the point: over a few
 * hundred metres that is exact to far below a centimetre per metre. */
static double
ring_dist_m(double lon, double lat, json_t *ring)
{
    double m_lat, m_lon, best = INFINITY;
    size_t n = json_array_size(ring);

    metres_per_degree(lat, &m_lat, &m_lon);
    for (size_t k = 0; k + 1 < n; k++) {
        json_t *p = json_array_get(ring, k), *q = json_array_get(ring, k + 1);
        double ax = (json_number_value(json_array_get(p, 0)) - lon) * m_lon;
        double ay = (json_number_value(json_array_get(p, 1)) - lat) * m_lat;
        double bx = (json_number_value(json_array_get(q, 0)) - lon) * m_lon;
        double by = (json_number_value(json_array_get(q, 1)) - lat) * m_lat;
        double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;

        if (l2 > 0)
            t = fmax(0, fmin(1, -(ax * dx + ay * dy) / l2));
        best = fmin(best, hypot(ax + t * dx, ay + t * dy));
    }
    return best;
}

/* The largest distance in metres from a vertex of the buurten of fs (in
 * lon/lat) to its ring in the features feats of a buurten.geojson; 0 and
 * *differ set when their rings do not correspond. */
static double
worst_offset_m(const vk_features *fs, json_t *feats, size_t *vertices,
               size_t *differ)
{
    double worst = 0;

    for (size_t i = 0; i < fs->n && i < json_array_size(feats); i++) {
        const vk_feature *f = &fs->f[i];
        json_t *polys = json_object_get(
            json_object_get(json_array_get(feats, i), "geometry"),
            "coordinates");

        if (json_array_size(polys) != f->poly_count) {
            (*differ)++;
            continue;
        }
        for (size_t p = 0; p < f->poly_count; p++) {
            size_t gp = f->poly_first + p, r0 = fs->g.poly_off[gp];
            json_t *poly = json_array_get(polys, p);

            if (json_array_size(poly) != fs->g.poly_off[gp + 1] - r0) {
                (*differ)++;
                continue;
            }
            for (size_t r = r0; r < fs->g.poly_off[gp + 1]; r++)
                for (size_t k = fs->g.ring_off[r]; k < fs->g.ring_off[r + 1];
                     k++) {
                    worst = fmax(worst,
                                 ring_dist_m(fs->g.xy[2 * k],
                                             fs->g.xy[2 * k + 1],
                                             json_array_get(poly, r - r0)));
                    (*vertices)++;
                }
        }
    }
    return worst;
}

/* buurten.geojson is simplified for the deepest zoom: half a CSS pixel
 * there. For tiles to z13 over the sample (lon 5.024 to 5.471, lat
 * 51.854 to 52.139, as veerkracht tiles passes its bounds), a pixel of a
 * 256-pixel tile is 2 pi 6378137 / 256 / 2^13 = 19.109 m at the equator,
 * times cos(51.9965) = 11.766 m on the ground: the tolerance is 5.883 m.
 * Every vertex of the original buurten lies that close to its simplified
 * ring, plus 0.7 m for the 5 decimals written (0.56 m of latitude, 0.34 m
 * of longitude) and the control grid (3 cm); from RD New as read and
 * from Web Mercator as veerkracht tiles passes them (its metres are 1 /
 * cos(latitude) ground metres). Simplified for z10 instead, the outlines
 * are off by up to 47 m, and hovering near an edge names the neighbour. */
static void
test_hover_outlines_max_zoom(void)
{
    static const char *const crs[] = {"EPSG:28992", "EPSG:3857"};
    char *dir = fresh_dir("viewer-hover");
    vk_viewer_opts o = {10, 13, 256, 1, 0,
                        {5.024316, 51.853841, 5.471110, 52.139249}, 0, 0};
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
        size_t vertices = 0, differ = 0;
        double worst;
        json_t *j;

        CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                                  vk_test_src("samples/regio.gpkg"), NULL,
                                  &in, &e), VK_OK);
        CU_ASSERT_EQUAL_FATAL(vk_geo_transform(in->buurten, crs[c], &e),
                              VK_OK);
        CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, in->buurten, vlayers,
                                              NSTYLES, &o, &e), VK_OK);
        j = load_json(dir, "buurten.geojson");
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        CU_ASSERT_EQUAL(json_array_size(json_object_get(j, "features")),
                        orig->buurten->n);
        worst = worst_offset_m(orig->buurten, json_object_get(j, "features"),
                               &vertices, &differ);
        fprintf(stderr, "\n  from %s: %zu vertices, at most %.2f m from "
                "the hover outline", crs[c], vertices, worst);
        CU_ASSERT_EQUAL(differ, 0);
        CU_ASSERT(vertices > 20000);
        CU_ASSERT(worst <= 5.883 + 0.7);
        /* And it is simplified: some vertex went, more than a metre off. */
        CU_ASSERT(worst > 1.0);
        json_decref(j);
        vk_boundaries_destroy(in);
        in = NULL;
    }
    fprintf(stderr, "\n");
    vk_boundaries_destroy(orig);
    free(dir);
}

/* ---- hover geometry (tools/mutants.txt found it untested) ------------ */

/* Appends a buurt of GM0001 with the closed ring xy of n points (Web
 * Mercator metres) to fs. */
static void
add_buurt(vk_features *fs, const char *code, const double *xy, size_t n)
{
    vk_fixture_feature(fs, code, "GM0001")->inwoners = 0;
    vk_fixture_ring(fs, xy, n);
    vk_fixture_poly_end(fs);
}

/* The first ring of feature i of a GeoJSON FeatureCollection. */
static json_t *
first_ring(json_t *j, size_t i)
{
    json_t *f = json_array_get(json_object_get(j, "features"), i);

    return json_array_get(json_array_get(json_object_get(
                              json_object_get(f, "geometry"), "coordinates"),
                              0), 0);
}

/* buurten.geojson of buurten in Web Mercator near 52 N, for tiles of z12
 * only. The hover tolerance is half a pixel of z12 on the ground; in Web
 * Mercator metres, which are 1 / cos(lat) ground metres, that is half a
 * pixel at the equator whatever the latitude: 2 pi 6378137 / 256 / 2^12
 * / 2 = 19.109 m.
 * - A: its first corner at 5.123456789 E 52.123456789 N, written to five
 *   decimals, rounded (5.12346, 52.12346; ~1 m).
 * - B: a sliver 1 m wide and 1 km long, which Douglas-Peucker would cut
 *   to three points; GeoJSON rings need four, so it keeps all five.
 * - C: a 2 km square whose south edge zigzags 0.6 tolerances (11.5 m) off
 *   the straight line every 50 m: simplified to its four corners. */
static void
test_hover_geometry(void)
{
    const double tol = 2 * 3.14159265358979323846 * 6378137.0 / 256 /
                       4096 / 2;
    vk_viewer_opts o = {12, 12, 256, 1, 0, {0, 0, 0, 0}, 0, 0};
    vk_features *fs = vk_fixture_empty("hover", "EPSG:3857");
    char *dir = fresh_dir("viewer-hover");
    double ax, ay, x0, y0, c[2 * 44];
    size_t n = 0;
    json_t *j, *ring;
    vk_error e;

    vk_merc_from_lonlat(5.123456789, 52.123456789, &ax, &ay);
    {
        const double a[] = {ax, ay, ax + 500, ay, ax + 500, ay + 500, ax,
                            ay + 500};

        add_buurt(fs, "A", a, 4);
    }
    x0 = ax + 1000;
    y0 = ay;
    {
        const double b[] = {x0, y0, x0 + 1000, y0, x0 + 1000, y0 + 1, x0,
                            y0 + 1};

        add_buurt(fs, "B", b, 4);
    }
    x0 = ax + 3000;
    for (int k = 0; k <= 40; k++) {
        c[n++] = x0 + 50.0 * k;
        c[n++] = y0 + (k == 0 || k == 40 ? 0 : k % 2 ? 0.6 : -0.6) * tol;
    }
    c[n++] = x0 + 2000;
    c[n++] = y0 + 2000;
    c[n++] = x0;
    c[n++] = y0 + 2000;
    add_buurt(fs, "C", c, n / 2);
    vk_merc_to_lonlat(fs->extent.minx, fs->extent.miny, &o.bounds.minx,
                      &o.bounds.miny);
    vk_merc_to_lonlat(fs->extent.maxx, fs->extent.maxy, &o.bounds.maxx,
                      &o.bounds.maxy);

    vk_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(vk_viewer_write(dir, fs, NULL, 0, &o, &e), VK_OK);
    j = load_json(dir, "buurten.geojson");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    ring = first_ring(j, 0);
    CU_ASSERT_EQUAL(json_array_size(ring), 5);
    CU_ASSERT_DOUBLE_EQUAL(
        json_number_value(json_array_get(json_array_get(ring, 0), 0)),
        5.12346, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(
        json_number_value(json_array_get(json_array_get(ring, 0), 1)),
        52.12346, 1e-9);
    CU_ASSERT_EQUAL(json_array_size(first_ring(j, 1)), 5);
    CU_ASSERT_EQUAL(json_array_size(first_ring(j, 2)), 5);
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
        {"geojson", test_geojson},
        {"hover outlines are within the deepest zoom's tolerance",
         test_hover_outlines_max_zoom},
        {"values", test_values},
        {"missing_leaflet", test_missing_leaflet},
        {"rerun_identical", test_rerun_identical},
        {"hover_geometry", test_hover_geometry},
        {NULL, NULL},
    };

    vk_test_add_suite("viewer", suite_init, suite_cleanup, tests);
}
