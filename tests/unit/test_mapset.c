/* SPDX-License-Identifier: MIT */
/* Tests of the map set: painted layers (breaks against classInt's values,
 * shared or the area's own) and reading on demand (what is read, and that
 * it gives what reading everything gives). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

/* The sample's kwetsbaar_pct, quantile (type 7) over all 135 buurten with
 * a value and not masked: R's classInt gives these breaks (the same
 * figures test_cli's colours rest on). */
static const double ALL_BREAKS[] = {3.2, 7.2, 10.92, 20.74, 30.1, 42.6};

static vk_mapset *
open_sample(int on_demand)
{
    static const char *tables[1];
    static const char *styles[1];
    vk_mapset_opts o = {0};
    vk_mapset *ms;
    vk_error err;

    tables[0] = vk_xstrdup(vk_test_src("samples/indicatoren.csv"));
    styles[0] = vk_xstrdup(vk_test_src("styles/kwetsbare_bewoners.yaml"));
    o.boundaries = vk_test_src("samples/regio.gpkg");
    o.tables = tables;
    o.ntables = 1;
    o.styles = styles;
    o.nstyles = 1;
    o.on_demand = on_demand;
    vk_error_init(&err);
    ms = vk_mapset_open(&o, NULL, &err);
    free((char *)tables[0]);
    free((char *)styles[0]);
    CU_ASSERT_EQUAL(err.code, VK_OK);
    return ms;
}

/* Opens boundaries (and a table, or none) on demand, without styles, and
 * loads gemeente gm's area: what load_area returns, the set in *ms. */
static vk_status
load_on_demand(const char *boundaries, const char *table, const char *gm,
               vk_mapset **ms, vk_error *err)
{
    vk_mapset_opts o = {0};

    o.boundaries = boundaries;
    o.tables = &table;
    o.ntables = table != NULL;
    o.no_styles = 1;
    o.on_demand = 1;
    vk_error_init(err);
    *ms = vk_mapset_open(&o, NULL, err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*ms);
    return vk_mapset_load_area(*ms, vk_test_mapset_area(*ms, gm, err),
                               err);
}

static void
test_paint_breaks(void)
{
    vk_mapset *ms = open_sample(0);
    const vk_area *gm;
    vk_paint *a, *b, *own;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    vk_error_init(&err);
    gm = vk_test_mapset_area(ms, "gm0981", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gm);
    a = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, gm, &err);
    b = vk_mapset_paint(ms, 0, VK_SCOPE_ALL, NULL, &err);
    own = vk_mapset_paint(ms, 0, VK_SCOPE_AREA, gm, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(own);
    /* Over all buurten: classInt's breaks, classified once and shared. */
    CU_ASSERT_EQUAL_FATAL(a->layer->bx->k, 5);
    for (size_t i = 0; i < 6; i++)
        CU_ASSERT_DOUBLE_EQUAL(a->layer->bx->b[i], ALL_BREAKS[i], 1e-9);
    CU_ASSERT_PTR_EQUAL(a->layer, b->layer);
    CU_ASSERT_FALSE(a->scope_area);
    /* The area's own: another layer, breaks of the gemeente's values
     * (its maximum is the sample's, 42.6; the inner breaks differ). */
    CU_ASSERT_TRUE(own->scope_area);
    CU_ASSERT_PTR_NOT_EQUAL(own->layer, a->layer);
    CU_ASSERT_DOUBLE_EQUAL(own->layer->bx->b[own->layer->bx->k], 42.6,
                           1e-9);
    CU_ASSERT(own->layer->bx->b[2] != ALL_BREAKS[2] ||
              own->layer->bx->b[3] != ALL_BREAKS[3]);
    /* Texts: the area's name before the style's subtitle; the style's
     * source line. */
    CU_ASSERT_EQUAL(strncmp(b->subtitle, "Alle gemeenten", 14), 0);
    CU_ASSERT_EQUAL(strncmp(a->subtitle, "'s-Gravenwaard", 14), 0);
    CU_ASSERT_STRING_EQUAL(a->source, "Bron: CBS Wijk- en buurtkaart; "
                                      "WoonZorgwijzer; bewerking veerkracht");
    vk_paint_destroy(a);
    vk_paint_destroy(b);
    vk_paint_destroy(own);
    vk_mapset_destroy(ms);
}

/* 1 when a and b meet, or lie within margin of each other. */
static int
near(const vk_bbox *a, const vk_bbox *b, double margin)
{
    return !vk_bbox_empty(a) && a->minx <= b->maxx + margin &&
           a->maxx >= b->minx - margin && a->miny <= b->maxy + margin &&
           a->maxy >= b->miny - margin;
}

static void
test_on_demand(void)
{
    vk_mapset *eager = open_sample(0), *od = open_sample(1);
    const vk_features *eb, *ob;
    const vk_area *gm;
    vk_paint *pe, *po;
    vk_bbox box;
    vk_error err;
    size_t nloaded = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(eager);
    CU_ASSERT_PTR_NOT_NULL_FATAL(od);
    eb = vk_mapset_boundaries(eager)->buurten;
    ob = vk_mapset_boundaries(od)->buurten;
    /* The same buurten in the same order, none with geometry yet. */
    CU_ASSERT_EQUAL_FATAL(ob->n, eb->n);
    for (size_t i = 0; i < ob->n; i++) {
        CU_ASSERT_STRING_EQUAL(ob->f[i].code, eb->f[i].code);
        CU_ASSERT_EQUAL(ob->f[i].poly_count, 0);
        CU_ASSERT_EQUAL(ob->f[i].loaded, 0);
    }

    /* Classes and legend counts come from the attributes alone. */
    vk_error_init(&err);
    gm = vk_test_mapset_area(od, "GM0981", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gm);
    po = vk_mapset_paint(od, 0, VK_SCOPE_STYLE, gm, &err);
    pe = vk_mapset_paint(eager, 0, VK_SCOPE_STYLE,
                         vk_test_mapset_area(eager, "GM0981", &err),
                         &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(po);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pe);
    CU_ASSERT_EQUAL_FATAL(po->layer->bx->k, 5);
    for (size_t i = 0; i < 6; i++)
        CU_ASSERT_DOUBLE_EQUAL(po->layer->bx->b[i], ALL_BREAKS[i], 1e-9);
    CU_ASSERT_EQUAL_FATAL(po->legend->n, pe->legend->n);
    for (size_t i = 0; i < po->legend->n; i++)
        CU_ASSERT_EQUAL(po->legend->e[i].count, pe->legend->e[i].count);
    for (size_t i = 0; i < ob->n; i++)
        CU_ASSERT_EQUAL(po->layer->cls[i], pe->layer->cls[i]);

    /* The area: exactly its buurten, checked; every gemeente for the
     * overview. */
    CU_ASSERT_EQUAL(vk_mapset_load_area(od, gm, &err), VK_OK);
    for (size_t i = 0; i < ob->n; i++) {
        int mine = strcmp(ob->f[i].gemeentecode, "GM0981") == 0;

        CU_ASSERT_EQUAL(ob->f[i].loaded, mine ? 2 : 0);
        if (mine)
            CU_ASSERT_EQUAL(memcmp(&ob->f[i].bbox, &eb->f[i].bbox,
                                   sizeof ob->f[i].bbox), 0);
    }
    for (size_t i = 0; i < vk_mapset_boundaries(od)->gemeenten->n; i++)
        CU_ASSERT(vk_mapset_boundaries(od)->gemeenten->f[i].loaded >= 1);

    /* A page of the area (a whole gemeente) draws its surroundings as
     * gemeenten: its extent reads no buurt outside the area. */
    CU_ASSERT_EQUAL(vk_mapset_load_extent(od, &eb->extent, gm, &err), VK_OK);
    for (size_t i = 0; i < ob->n; i++)
        CU_ASSERT_EQUAL(ob->f[i].loaded != 0,
                        strcmp(ob->f[i].gemeentecode, "GM0981") == 0);

    /* An extent of everything: what meets it (plus a quarter each side)
     * is read, with the same coordinates; what lies well away is not. */
    box = (vk_bbox){eb->extent.minx, eb->extent.miny,
                    eb->extent.minx + 3000, eb->extent.miny + 3000};
    CU_ASSERT_EQUAL(vk_mapset_load_extent(od, &box, NULL, &err), VK_OK);
    for (size_t i = 0; i < ob->n; i++) {
        if (near(&eb->f[i].bbox, &box, 0))
            CU_ASSERT_EQUAL(ob->f[i].loaded, 2);
        if (!near(&eb->f[i].bbox, &box, 2000) &&
            strcmp(ob->f[i].gemeentecode, "GM0981") != 0)
            CU_ASSERT_EQUAL(ob->f[i].loaded, 0);
        nloaded += ob->f[i].loaded != 0;
    }
    CU_ASSERT(nloaded < ob->n);
    vk_paint_destroy(po);
    vk_paint_destroy(pe);
    vk_mapset_destroy(eager);
    vk_mapset_destroy(od);
}

/* Reading on demand still refuses coordinates that do not fit the CRS
 * (lon/lat degrees labelled RD New): the check runs alongside, on the
 * layer's extent, and load_area reports it. */
static void
test_on_demand_wrong_crs(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("mapset-wrongcrs"));
    char *ll = vk_xasprintf("%s/ll.gpkg", dir);
    char *bad = vk_xasprintf("%s/bad.gpkg", dir);
    vk_mapset *ms;
    vk_error err;

    CU_ASSERT_EQUAL_FATAL(vk_test_sh(vk_xasprintf(
        "rm -rf '%s' && mkdir -p '%s' && ogr2ogr -t_srs EPSG:4326 '%s' '%s' "
        "&& ogr2ogr -a_srs EPSG:28992 '%s' '%s'", dir, dir, ll,
        vk_test_src("samples/regio.gpkg"), bad, ll)), 0);
    CU_ASSERT_EQUAL(load_on_demand(bad, vk_test_src("samples/indicatoren.csv"),
                                   "GM0981", &ms, &err), VK_EPROJ);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "outside the area of use"));
    vk_mapset_destroy(ms);
    free(bad);
    free(ll);
    free(dir);
}

/* What reading on demand says is told: a self-intersecting buurt, read
 * when its area is, is repaired and said so among the set's warnings. */
static void
test_on_demand_warnings(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("mapset-invalid"));
    char *gpkg = vk_xasprintf("%s/three.gpkg", dir);
    const char *src = vk_test_src("tests/bad-inputs/geom-self-intersecting."
                                  "geojson");
    vk_warnings w = {0};
    vk_mapset *ms;
    vk_error err;
    int said = 0;

    CU_ASSERT_EQUAL_FATAL(vk_test_sh(vk_xasprintf(
        "rm -rf '%s' && mkdir -p '%s' && ogr2ogr '%s' '%s' -nln buurten && "
        "ogr2ogr -update '%s' '%s' -nln wijken && "
        "ogr2ogr -update '%s' '%s' -nln gemeenten", dir, dir, gpkg, src,
        gpkg, src, gpkg, src)), 0);
    CU_ASSERT_EQUAL(load_on_demand(gpkg, NULL, "GM0001", &ms, &err), VK_OK);
    vk_mapset_take_warnings(ms, &w);
    for (size_t i = 0; i < w.n; i++)
        said += strstr(w.msg[i], "feature 1 (BU00010000): invalid geometry "
                                 "(self-intersecting?) repaired") != NULL;
    CU_ASSERT_EQUAL(said, 1);
    vk_warnings_free(&w);
    vk_mapset_destroy(ms);
    free(gpkg);
    free(dir);
}

/* A persistence style through the map set, on data unlike the sample:
 * lon/lat boxes (GeoJSON) whose area column is GM_CODE (the style's
 * columns:), a ';' long table keyed on "code" with a "year" column. */
static void
test_persistence(void)
{
    static const double box[5][4] = {
        {-80.0, 45.0, -79.9, 45.1}, {-79.9, 45.0, -79.8, 45.1},
        {-79.8, 45.0, -79.7, 45.1}, {-79.7, 45.0, -79.6, 45.1},
        {-79.6, 45.0, -79.5, 45.1}};
    static const char *const labels[] = {
        "in 0 of 2 measurements", "in 1 of 2 measurements",
        "in 2 of 2 measurements", "No data"};
    /* ZZ01 (Z00-Z03): 3 4 twice at least 3, 1 3 once, 2 2 never (its 9
     * of 2020 not asked), Z03 no 2021; ZZ02 (Z04): 5 5 twice. */
    static const size_t in_zz01[] = {1, 1, 1, 1}, all[] = {1, 1, 2, 1};
    const char *geojson = vk_test_tmp("persist-boxes.geojson");
    char *csv = vk_xstrdup(vk_test_tmp("persist-klasse.csv"));
    char *yaml = vk_xstrdup(vk_test_tmp("persist.yaml"));
    FILE *fp;
    vk_mapset_opts o = {0};
    const vk_area *zz01;
    vk_paint *p[2];
    vk_mapset *ms;
    vk_error err;

    CU_ASSERT_EQUAL_FATAL(vk_fixture_lonlat_boxes(geojson, box, 5, 4), 0);
    fp = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("code;year;klasse\nZ00;2019;3\nZ00;2021;4\nZ01;2019;1\n"
          "Z01;2021;3\nZ02;2019;2\nZ02;2020;9\nZ02;2021;2\nZ03;2019;3\n"
          "Z04;2019;5\nZ04;2021;5\n", fp);
    fclose(fp);
    fp = fopen(yaml, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("title: Persistent\nvalue: {persistence: {column: klasse, "
          "at_least: 3, years: [2019, 2021]}}\ncolors: [\"#deebf7\", "
          "\"#9ecae1\", \"#3182bd\"]\ncolumns: {area: GM_CODE}\nlang: en\n",
          fp);
    fclose(fp);
    o.boundaries = geojson;
    o.key = "code";
    o.tables = (const char *const *)&csv;
    o.ntables = 1;
    o.styles = (const char *const *)&yaml;
    o.nstyles = 1;
    vk_error_init(&err);
    ms = vk_mapset_open(&o, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    zz01 = vk_test_mapset_area(ms, "ZZ01", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zz01);
    p[0] = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, zz01, &err);
    p[1] = vk_mapset_paint(ms, 0, VK_SCOPE_ALL, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p[1]);
    for (int k = 0; k < 2; k++) {
        const vk_legend *lg = p[k]->legend;

        CU_ASSERT_EQUAL_FATAL(lg->n, 4);
        for (size_t i = 0; i < 4; i++) {
            CU_ASSERT_STRING_EQUAL(lg->e[i].label, labels[i]);
            CU_ASSERT_EQUAL(lg->e[i].count, k == 0 ? in_zz01[i] : all[i]);
        }
    }
    vk_paint_destroy(p[0]);
    vk_paint_destroy(p[1]);
    vk_mapset_destroy(ms);
    free(csv);
    free(yaml);
}

/* The sample's buurten as read whole, for what the tests expect. */
static vk_boundaries *
sample_boundaries(void)
{
    vk_boundaries *b = NULL;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                              vk_test_src("samples/regio.gpkg"), NULL, &b,
                              &err),
                          VK_OK);
    return b;
}

/* A werkgebied of two gemeenten: its legend counts, per class, the
 * buurten of both whose value falls in that class of classInt's breaks
 * over all buurten (counted here from the values, not the classes). */
static void
test_area_werkgebied_legend(void)
{
    vk_mapset *ms = open_sample(1);
    const vk_features *bu = vk_mapset_boundaries(ms)->buurten;
    size_t want[5] = {0}, nodata = 0, masked = 0, n = 0;
    double *v = vk_xcalloc(bu->n, sizeof *v);
    vk_area *a = NULL;
    vk_paint *p;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, "GM0981, Dongemûnde",
                                         NULL, &a, &err), VK_OK);
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_NL),
                           "'s-Gravenwaard en Dongemûnde");
    CU_ASSERT_EQUAL(vk_mapset_load_area(ms, a, &err), VK_OK);
    p = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, a, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p->subtitle, "'s-Gravenwaard en Dongemûnde "
                                        "\xe2\x80\x93 aandeel kwetsbare "
                                        "bewoners, 2022");
    CU_ASSERT_EQUAL_FATAL(vk_mapset_column(ms, "kwetsbaar_pct", v, &err),
                          VK_OK);
    for (size_t i = 0; i < bu->n; i++) {
        const char *gm = bu->f[i].gemeentecode;
        if (strcmp(gm, "GM0981") != 0 && strcmp(gm, "GM0982") != 0)
            continue;
        n++;
        if (bu->f[i].water)
            continue;
        /* The default mask: fewer than 50 residents. */
        if (bu->f[i].inwoners < 50) {
            masked++;
        } else if (isnan(v[i])) {
            nodata++;
        } else {
            size_t c = 0;
            /* Closure left: [b_c, b_c+1), the last class closed. */
            while (c < 4 && v[i] >= ALL_BREAKS[c + 1])
                c++;
            want[c]++;
        }
    }
    CU_ASSERT_EQUAL(a->nbuurten, n);
    CU_ASSERT_EQUAL(n, 69 + 34);
    for (size_t c = 0; c < 5; c++)
        CU_ASSERT_EQUAL(p->legend->e[c].count, want[c]);
    for (size_t e = 5; e < p->legend->n; e++) {
        const vk_legend_entry *le = &p->legend->e[e];
        if (le->hatch) {
            CU_ASSERT_STRING_EQUAL(le->label, "Minder dan 50 inwoners");
            CU_ASSERT_EQUAL(le->count, masked);
        } else if (strcmp(le->label, "Water") == 0) {
            CU_ASSERT_EQUAL(le->count, 6);
        } else {
            CU_ASSERT_STRING_EQUAL(le->label, "Geen gegevens");
            CU_ASSERT_EQUAL(le->count, nodata);
        }
    }
    vk_paint_destroy(p);
    vk_area_destroy(a);
    free(v);
    vk_mapset_destroy(ms);
}

/* --area-file: a CSV of codes without a header (its first line a code
 * too), and polygons in lon/lat: the buurten whose interior point lies
 * inside, read on demand. */
static void
test_area_files(void)
{
    vk_mapset *ms = open_sample(1);
    vk_boundaries *b = sample_boundaries();
    const vk_features *bu = b->buurten;
    const char *csv = vk_test_tmp("werkgebied.csv");
    const char *json = vk_test_tmp("werkgebied.geojson");
    vk_features *poly = vk_fixture_empty("werkgebied", "EPSG:28992");
    double ring[4 * 40 * 2];
    size_t want = 0, got = 0, k = 0;
    vk_area *a = NULL;
    vk_error err;
    FILE *f;

    /* Codes: a buurt, a wijk and a gemeente. */
    f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("BU09810001\r\nWK098100\r\nGM0984\r\n", f);
    fclose(f);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area_file(ms, csv, "Mijn werkgebied", &a,
                                              &err), VK_OK);
    for (size_t i = 0; i < bu->n; i++) {
        int in = strcmp(bu->f[i].code, "BU09810001") == 0 ||
                 strcmp(bu->f[i].wijkcode, "WK098100") == 0 ||
                 strcmp(bu->f[i].gemeentecode, "GM0984") == 0;
        want += in;
        CU_ASSERT_EQUAL(vk_area_has_buurt(a, i), in);
    }
    CU_ASSERT_EQUAL(a->nbuurten, want);
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_EN), "Mijn werkgebied");
    vk_area_destroy(a);

    /* Gemeente names, the first line too (no header); a cell of two
     * codes split as --area splits them. */
    f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("Oud-Beijerveen\nDongem\xc3\xbbnde\nBU09810001 BU09810002\n", f);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area_file(ms, csv, NULL, &a, &err),
                          VK_OK);
    CU_ASSERT_EQUAL(a->nbuurten, 29 + 34 + 2);
    CU_ASSERT_EQUAL(a->ngemeenten, 3);
    vk_area_destroy(a);

    /* A file of points holds no polygon: an error, not a crash. */
    f = fopen(json, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
          "\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
          "\"Point\",\"coordinates\":[5,52]}}]}", f);
    fclose(f);
    a = NULL;
    CU_ASSERT_EQUAL(vk_mapset_area_file(ms, json, NULL, &a, &err), VK_EDATA);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "has no polygons"));
    vk_error_init(&err);

    /* A box in RD New, 40 points a side, written in lon/lat. */
    for (int side = 0; side < 4; side++)
        for (int j = 0; j < 40; j++, k++) {
            double t = j / 40.0;
            double x = side == 0 ? 138000 + 10000 * t
                       : side == 1 ? 148000
                       : side == 2 ? 148000 - 10000 * t
                                   : 138000;
            double y = side == 0 ? 438000
                       : side == 1 ? 438000 + 9000 * t
                       : side == 2 ? 447000
                                   : 447000 - 9000 * t;
            ring[2 * k] = x;
            ring[2 * k + 1] = y;
        }
    vk_fixture_feature(poly, "box", "GM0000");
    vk_fixture_ring(poly, ring, k);
    vk_fixture_poly_end(poly);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(poly, "EPSG:4326", &err), VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(json, "GeoJSON", "werkgebied",
                                                poly, VK_LEVEL_GEMEENTE,
                                                &err), VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area_file(ms, json, NULL, &a, &err),
                          VK_OK);
    want = 0;
    for (size_t i = 0; i < bu->n; i++) {
        double x, y;
        int in;
        CU_ASSERT_EQUAL_FATAL(vk_features_interior_point(bu, i, &x, &y, &err),
                              VK_OK);
        in = x > 138000 && x < 148000 && y > 438000 && y < 447000;
        want += in;
        got += vk_area_has_buurt(a, i) == in;
    }
    CU_ASSERT_EQUAL(got, bu->n);
    CU_ASSERT_EQUAL(a->nbuurten, want);
    CU_ASSERT(want > 5 && want < bu->n / 2);
    CU_ASSERT_STRING_EQUAL(a->id, json);
    vk_area_destroy(a);

    /* A box with no buurt in it is an error naming the file. */
    vk_features_destroy(poly);
    poly = vk_fixture_empty("leeg", "EPSG:28992");
    for (size_t i = 0; i < k; i++)
        ring[2 * i] -= 30000;
    vk_fixture_feature(poly, "box", "GM0000");
    vk_fixture_ring(poly, ring, k);
    vk_fixture_poly_end(poly);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(json, "GeoJSON", "werkgebied",
                                                poly, VK_LEVEL_GEMEENTE,
                                                &err), VK_OK);
    a = NULL;
    CU_ASSERT_EQUAL(vk_mapset_area_file(ms, json, NULL, &a, &err), VK_EDATA);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "holds no buurt"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "werkgebied.geojson"));
    vk_features_destroy(poly);
    vk_boundaries_destroy(b);
    vk_mapset_destroy(ms);
}

/* Breaks per gemeente for an area of one wijk are its gemeente's, not
 * the wijk's six buurten's. */
static void
test_area_scope_gemeente(void)
{
    vk_mapset *ms = open_sample(1);
    vk_area *wk = NULL, *gm = NULL;
    vk_paint *pw, *pg;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, "WK098100", NULL, &wk, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, "GM0981", NULL, &gm, &err),
                          VK_OK);
    pw = vk_mapset_paint(ms, 0, VK_SCOPE_AREA, wk, &err);
    pg = vk_mapset_paint(ms, 0, VK_SCOPE_AREA, gm, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pw);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
    CU_ASSERT_EQUAL_FATAL(pw->layer->bx->k, pg->layer->bx->k);
    CU_ASSERT_EQUAL(pw->layer->bx->k, 5);
    for (int c = 0; c <= pw->layer->bx->k; c++)
        CU_ASSERT_DOUBLE_EQUAL(pw->layer->bx->b[c], pg->layer->bx->b[c], 0);
    /* The legend still counts the wijk's buurten alone. */
    {
        size_t sum = 0;
        for (size_t e = 0; e < pw->legend->n; e++)
            sum += pw->legend->e[e].count;
        CU_ASSERT_EQUAL(sum, wk->nbuurten);
    }
    vk_paint_destroy(pw);
    vk_paint_destroy(pg);
    vk_area_destroy(wk);
    vk_area_destroy(gm);
    vk_mapset_destroy(ms);
}


void
vk_test_register_mapset(void)
{
    static const vk_test_case tests[] = {
        {"paint_breaks", test_paint_breaks},
        {"on_demand", test_on_demand},
        {"on_demand_wrong_crs", test_on_demand_wrong_crs},
        {"on_demand_warnings", test_on_demand_warnings},
        {"persistence", test_persistence},
        {"area of two gemeenten: legend counts", test_area_werkgebied_legend},
        {"area files: codes, polygons in lon/lat", test_area_files},
        {"area of a wijk: breaks per gemeente are its gemeente's",
         test_area_scope_gemeente},
        {NULL, NULL},
    };

    vk_test_add_suite("mapset", NULL, NULL, tests);
}
