/* SPDX-License-Identifier: MIT */
/* Tests of reading boundaries: a written fixture, the bundled samples, and
 * the errors for wrong layers, keys and missing CRS. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vk_test.h"

static char grid_gpkg[4096];

/* Writes the 3x3 fixture as a GeoPackage with only a buurten layer. */
static int
suite_init(void)
{
    vk_features *fs = vk_fixture_grid();
    vk_error err;
    vk_status st;

    vk_error_init(&err);
    snprintf(grid_gpkg, sizeof grid_gpkg, "%s", vk_test_tmp("grid.gpkg"));
    unlink(grid_gpkg);
    st = vk_source_write_layer(grid_gpkg, "GPKG", "buurten", fs,
                               VK_LEVEL_BUURT, &err);
    vk_features_destroy(fs);
    return st == VK_OK ? 0 : -1;
}

static void
test_read_written(void)
{
    vk_features *fs;
    vk_error err;

    vk_error_init(&err);
    fs = vk_source_read_layer(grid_gpkg, NULL, NULL, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
    CU_ASSERT_EQUAL(fs->n, 9);
    CU_ASSERT_STRING_EQUAL(fs->crs_name, "EPSG:28992");
    CU_ASSERT_FALSE(fs->crs_geographic);
    CU_ASSERT_STRING_EQUAL(fs->f[4].code, "BU00010004");
    CU_ASSERT_STRING_EQUAL(fs->f[4].name, "Buurt 4");
    CU_ASSERT_STRING_EQUAL(fs->f[4].wijkcode, "WK000100");
    CU_ASSERT_STRING_EQUAL(fs->f[2].gemeentenaam, "Ander");
    CU_ASSERT_DOUBLE_EQUAL(fs->f[4].inwoners, 500, 0);
    CU_ASSERT_DOUBLE_EQUAL(fs->f[4].bbox.minx, 100100, 0);
    CU_ASSERT_DOUBLE_EQUAL(fs->f[4].bbox.maxy, 400200, 0);
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.maxx, 100300, 0);
    CU_ASSERT_EQUAL(fs->f[4].poly_count, 1);
    vk_features_destroy(fs);
}

static void
test_dissolve(void)
{
    vk_boundaries *b = NULL;
    vk_error err;
    long gm1;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(grid_gpkg, NULL, &b,
                                                    &err), VK_OK);
    /* No wijken/gemeenten layers: both are dissolved from the buurten. */
    CU_ASSERT_EQUAL(b->wijken->n, 2);
    CU_ASSERT_EQUAL(b->gemeenten->n, 2);
    gm1 = vk_features_find(b->gemeenten, "GM0001");
    CU_ASSERT_FATAL(gm1 >= 0);
    /* Columns 0-1 of the grid: 200 m wide, 300 m tall, one polygon. */
    CU_ASSERT_DOUBLE_EQUAL(b->gemeenten->f[gm1].bbox.minx, 100000, 0);
    CU_ASSERT_DOUBLE_EQUAL(b->gemeenten->f[gm1].bbox.maxx, 100200, 0);
    CU_ASSERT_DOUBLE_EQUAL(b->gemeenten->f[gm1].bbox.maxy, 400300, 0);
    CU_ASSERT_EQUAL(b->gemeenten->f[gm1].poly_count, 1);
    CU_ASSERT_STRING_EQUAL(b->gemeenten->f[gm1].name, "Testdorp");
    /* 100 + 200 + 400 + 500 + 700 + 800 inhabitants in columns 0-1. */
    CU_ASSERT_DOUBLE_EQUAL(b->gemeenten->f[gm1].inwoners, 2700, 0);
    vk_boundaries_destroy(b);
}

static void
test_interior_point(void)
{
    vk_features *fs = vk_fixture_grid();
    vk_error err;
    double x, y;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_features_interior_point(fs, 4, &x, &y, &err),
                          VK_OK);
    CU_ASSERT_TRUE(x > 100100 && x < 100200 && y > 400100 && y < 400200);
    vk_features_destroy(fs);
}

static const char *
read_error(const char *path, const char *layer, const char *key,
           const char *crs)
{
    static char buf[1024];
    vk_features *fs;
    vk_error err;

    vk_error_init(&err);
    fs = vk_source_read_layer(path, layer, key, crs, &err);
    buf[0] = '\0';
    if (fs == NULL)
        vk_error_format(&err, buf, sizeof buf);
    vk_features_destroy(fs);
    return buf;
}

static void
test_errors(void)
{
    char expect[8192];

    snprintf(expect, sizeof expect, "%s: layer \"wijken\" not found; the "
             "file has: buurten; pass one with --layer", grid_gpkg);
    CU_ASSERT_STRING_EQUAL(read_error(grid_gpkg, "wijken", NULL, NULL),
                           expect);
    snprintf(expect, sizeof expect, "%s: layer buurten has no key column "
             "\"bu_code\"; the layer has: buurtcode, buurtnaam, wijkcode, "
             "gemeentecode, gemeentenaam, water, aantal_inwoners; name the "
             "key with --key", grid_gpkg);
    CU_ASSERT_STRING_EQUAL(read_error(grid_gpkg, NULL, "bu_code", NULL),
                           expect);
    CU_ASSERT_STRING_EQUAL(read_error("/nonexistent.gpkg", NULL, NULL,
                                      NULL),
                           "/nonexistent.gpkg: cannot open: No such file or "
                           "directory; check the path given with "
                           "--boundaries");
    /* A file GDAL cannot read. */
    CU_ASSERT_NSTRING_EQUAL(read_error(VK_SOURCE_DIR "/styles/focuskaart."
                                       "yaml", NULL, NULL, NULL),
                            VK_SOURCE_DIR "/styles/focuskaart.yaml: cannot "
                            "open as vector data",
                            strlen(VK_SOURCE_DIR) + 45);
}

static void
test_shapefile_without_prj(void)
{
    char shp[4096], prj[4096];
    vk_features *fs = vk_fixture_grid(), *back;
    vk_error err;

    vk_error_init(&err);
    snprintf(shp, sizeof shp, "%s", vk_test_tmp("noprj.shp"));
    snprintf(prj, sizeof prj, "%s", vk_test_tmp("noprj.prj"));
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(shp, "ESRI Shapefile",
                                                "noprj", fs, VK_LEVEL_BUURT,
                                                &err), VK_OK);
    vk_features_destroy(fs);
    CU_ASSERT_EQUAL(unlink(prj), 0);
    {
        char expect[8192];

        snprintf(expect, sizeof expect, "%s: layer noprj has no coordinate "
                 "reference system (for a Shapefile: no .prj file); pass "
                 "--crs with the right one, e.g. --crs EPSG:28992 for RD "
                 "New; veerkracht never guesses", shp);
        CU_ASSERT_STRING_EQUAL(read_error(shp, NULL, NULL, NULL), expect);
    }
    /* With --crs it reads, in that CRS. */
    back = vk_source_read_layer(shp, NULL, NULL, "EPSG:28992", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_STRING_EQUAL(back->crs_name, "EPSG:28992");
    CU_ASSERT_EQUAL(back->n, 9);
    vk_features_destroy(back);
}

static void
test_sample_gpkg(void)
{
    vk_boundaries *b = NULL;
    vk_error err;
    long i;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                              vk_test_src("samples/regio.gpkg"), NULL, &b,
                              &err), VK_OK);
    CU_ASSERT_EQUAL(b->buurten->n, 151);
    CU_ASSERT_EQUAL(b->wijken->n, 30);
    CU_ASSERT_EQUAL(b->gemeenten->n, 4);
    CU_ASSERT_STRING_EQUAL(b->buurten->layer, "buurten");
    CU_ASSERT_STRING_EQUAL(b->gemeenten->layer, "gemeenten");
    CU_ASSERT_STRING_EQUAL(b->buurten->crs_name, "EPSG:28992");
    /* Names with diacritics and the apostrophe, as UTF-8. */
    i = vk_features_find(b->buurten, "BU09810602");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_STRING_EQUAL(b->buurten->f[i].name, "De P\xc3\xb4le");
    CU_ASSERT_STRING_EQUAL(b->buurten->f[i].gemeentenaam, "'s-Gravenwaard");
    i = vk_features_find(b->gemeenten, "GM0982");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_STRING_EQUAL(b->gemeenten->f[i].name, "Dongem\xc3\xbbnde");
    /* The lake is a water buurt with a hole (the island); its host is a
     * multipolygon: land with the lake as hole, and the island. */
    i = vk_features_find(b->buurten, "BU09840206");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(b->buurten->f[i].water);
    CU_ASSERT_EQUAL(b->buurten->f[i].poly_count, 1);
    CU_ASSERT_EQUAL(b->buurten->g.poly_off[b->buurten->f[i].poly_first + 1] -
                        b->buurten->g.poly_off[b->buurten->f[i].poly_first],
                    2);
    i = vk_features_find(b->buurten, "BU09840200");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_EQUAL(b->buurten->f[i].poly_count, 2);
    CU_ASSERT_FALSE(b->buurten->f[i].water);
    vk_boundaries_destroy(b);
}

static void
test_sample_shapefile(void)
{
    vk_boundaries *b = NULL;
    vk_error err;
    long i;

    /* The DBF keeps 10 characters of a name: gemeenteco, aantal_inw. */
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(
                              vk_test_src("samples/buurten.shp"), NULL, &b,
                              &err), VK_OK);
    CU_ASSERT_EQUAL(b->buurten->n, 151);
    CU_ASSERT_STRING_EQUAL(b->buurten->crs_name, "EPSG:28992");
    i = vk_features_find(b->buurten, "BU09810602");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_STRING_EQUAL(b->buurten->f[i].name, "De P\xc3\xb4le");
    CU_ASSERT_STRING_EQUAL(b->buurten->f[i].gemeentecode, "GM0981");
    CU_ASSERT_FALSE(isnan(b->buurten->f[i].inwoners));
    /* No wijken or gemeenten layers: dissolved, as many as in the GPKG. */
    CU_ASSERT_EQUAL(b->wijken->n, 30);
    CU_ASSERT_EQUAL(b->gemeenten->n, 4);
    CU_ASSERT_STRING_EQUAL(b->gemeenten->layer,
                           "gemeenten (dissolved from buurten)");
    vk_boundaries_destroy(b);
}

/* The fixture with CBS's no-data code for the inwoners of buurt 4
 * (written for NAN) and water in buurten 5 to 8: wijk WK000101 is all
 * water, gemeenten GM0001 (buurten 0 1 3 4 6 7) and GM0002 (2 5 8) are
 * partly water. */
static void
test_dissolve_nodata_and_water(void)
{
    const char *path = vk_test_tmp("grid-nodata.gpkg");
    vk_features *fs = vk_fixture_grid();
    vk_boundaries *b = NULL;
    vk_error err;
    long i;

    fs->f[4].inwoners = NAN;
    for (size_t k = 5; k < 9; k++)
        fs->f[k].water = 1;
    unlink(path);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(path, "GPKG", "buurten", fs,
                                                VK_LEVEL_BUURT, &err),
                          VK_OK);
    vk_features_destroy(fs);
    CU_ASSERT_EQUAL_FATAL(vk_source_read_boundaries(path, NULL, &b, &err),
                          VK_OK);

    /* -99997 in the file is no number of inhabitants. */
    i = vk_features_find(b->buurten, "BU00010004");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(isnan(b->buurten->f[i].inwoners));

    /* A parent's sum leaves the unknown buurt out: GM0001 is 100 + 200 +
     * 400 + 700 + 800, WK000100 (buurten 0-4) 100 + 200 + 300 + 400. */
    i = vk_features_find(b->gemeenten, "GM0001");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_DOUBLE_EQUAL(b->gemeenten->f[i].inwoners, 2200, 0);
    CU_ASSERT_FALSE(b->gemeenten->f[i].water);
    i = vk_features_find(b->wijken, "WK000100");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_DOUBLE_EQUAL(b->wijken->f[i].inwoners, 1000, 0);
    CU_ASSERT_FALSE(b->wijken->f[i].water);

    /* Water only when all of its buurten are. */
    i = vk_features_find(b->wijken, "WK000101");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_TRUE(b->wijken->f[i].water);
    i = vk_features_find(b->gemeenten, "GM0002");
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT_FALSE(b->gemeenten->f[i].water);
    vk_boundaries_destroy(b);
}

/* Without a layer named buurten, the only layer is taken; of several,
 * none is guessed. */
static void
test_no_buurten_layer(void)
{
    const char *one = vk_test_tmp("grid-one-layer.gpkg");
    const char *two = vk_test_tmp("grid-two-layers.gpkg");
    vk_features *fs = vk_fixture_grid(), *back;
    vk_error err;
    char expect[8192];

    unlink(one);
    unlink(two);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(one, "GPKG", "alpha", fs,
                                                VK_LEVEL_BUURT, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(two, "GPKG", "alpha", fs,
                                                VK_LEVEL_BUURT, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(two, "GPKG", "beta", fs,
                                                VK_LEVEL_BUURT, &err),
                          VK_OK);
    vk_features_destroy(fs);

    back = vk_source_read_layer(one, NULL, NULL, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_STRING_EQUAL(back->layer, "alpha");
    CU_ASSERT_EQUAL(back->n, 9);
    vk_features_destroy(back);

    snprintf(expect, sizeof expect, "%s: has no layer \"buurten\" and 2 "
             "others; the file has: alpha, beta; pass one with --layer",
             two);
    CU_ASSERT_STRING_EQUAL(read_error(two, NULL, NULL, NULL), expect);
}

/* ---- areas ---------------------------------------------------------- */

/* The grid's three levels: wijken and gemeenten by hand (no geometry:
 * areas need none), named as the grid says. */
static void
grid_levels(vk_boundaries *b)
{
    static const char *const wk[2] = {"WK000100", "WK000101"};
    vk_feature *f;

    b->buurten = vk_fixture_grid();
    b->wijken = vk_fixture_empty("wijken", "EPSG:28992");
    b->gemeenten = vk_fixture_empty("gemeenten", "EPSG:28992");
    for (int i = 0; i < 2; i++) {
        f = vk_fixture_feature(b->wijken, wk[i], "GM0001");
        free(f->name);
        f->name = vk_xstrdup(i ? "Oost" : "West");
    }
    f = vk_fixture_feature(b->gemeenten, "GM0001", "GM0001");
    free(f->name);
    f->name = vk_xstrdup("Testdorp");
    f = vk_fixture_feature(b->gemeenten, "GM0002", "GM0002");
    free(f->name);
    f->name = vk_xstrdup("Ander");
}

/* The buurten of a as a string of 0 and 1, cell 0 first. */
static void
mask_str(const vk_area *a, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = vk_area_has_buurt(a, i) ? '1' : '0';
    out[n] = '\0';
}

static void
test_areas(void)
{
    vk_boundaries b;
    vk_area *a, **per;
    vk_error err;
    char m[16];

    grid_levels(&b);
    vk_error_init(&err);
    /* A gemeente and a wijk mixed: GM0001 is columns 0-1 (cells 0 1 3 4
     * 6 7), WK000101 cells 5-8. GM0002 (cells 2 5 8) is in it in part. */
    a = vk_area_parse(&b, "GM0001, wk000101", NULL, "--area", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    mask_str(a, 9, m);
    CU_ASSERT_STRING_EQUAL(m, "110111111");
    CU_ASSERT_EQUAL(a->nbuurten, 8);
    CU_ASSERT_EQUAL(a->ngemeenten, 2);
    CU_ASSERT(vk_area_whole_gemeente(a, 0));
    CU_ASSERT(vk_area_has_gemeente(a, 1) && !vk_area_whole_gemeente(a, 1));
    CU_ASSERT(vk_area_has_wijk(a, 0) && vk_area_has_wijk(a, 1));
    CU_ASSERT_PTR_NULL(a->gemeente);
    CU_ASSERT_STRING_EQUAL(a->id, "GM0001,wk000101");
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_NL), "Testdorp en Ander");
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_EN), "Testdorp and Ander");
    vk_area_destroy(a);

    /* Buurt codes by spaces and semicolons, any case; a name given. */
    a = vk_area_parse(&b, "BU00010002;bu00010004 BU00010004", "Werkgebied X",
                      "--area", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    mask_str(a, 9, m);
    CU_ASSERT_STRING_EQUAL(m, "001010000");
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_NL), "Werkgebied X");
    CU_ASSERT(!vk_area_has_wijk(a, 1));
    vk_area_destroy(a);

    /* One wijk: its name; one gemeente by name: exactly that gemeente. */
    a = vk_area_parse(&b, "WK000100", NULL, "--area", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    mask_str(a, 9, m);
    CU_ASSERT_STRING_EQUAL(m, "111110000");
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_NL), "West");
    vk_area_destroy(a);
    a = vk_area_parse(&b, "ander", NULL, "--area", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    mask_str(a, 9, m);
    CU_ASSERT_STRING_EQUAL(m, "001001001");
    CU_ASSERT_STRING_EQUAL(a->gemeente, "GM0002");
    CU_ASSERT_STRING_EQUAL(vk_area_name(a, VK_LANG_NL), "Ander");
    CU_ASSERT(vk_area_same(a, a) && !vk_area_same(a, NULL));
    vk_area_destroy(a);
    a = vk_area_parse(&b, "ALL", NULL, "--area", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT(a->all && a->nbuurten == 9 && vk_area_same(a, NULL));
    vk_area_destroy(a);

    /* all stands alone. */
    CU_ASSERT_PTR_NULL(vk_area_parse(&b, "all,GM0001", NULL, "--area", &err));
    CU_ASSERT_STRING_EQUAL(err.what, "--area: all stands alone");
    vk_error_init(&err);

    /* What selects nothing names itself. */
    CU_ASSERT_PTR_NULL(vk_area_parse(&b, "GM0001,WK999999", NULL, "--area",
                                     &err));
    CU_ASSERT_EQUAL(err.code, VK_EDATA);
    CU_ASSERT_STRING_EQUAL(err.what, "--area: wijk \"WK999999\" not found");
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_area_parse(&b, "Nergens", NULL, "--area", &err));
    CU_ASSERT_STRING_EQUAL(err.what, "gemeente \"Nergens\" not found");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "GM0002 (Ander)"));
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_area_parse(&b, " , ;", NULL, "--area", &err));
    CU_ASSERT_STRING_EQUAL(err.what, "--area \" , ;\" names no area");
    vk_error_init(&err);
    memset(m, 0, sizeof m);
    CU_ASSERT_PTR_NULL(vk_area_mask(&b, (unsigned char *)m, "leeg.gpkg",
                                    NULL, &err));
    CU_ASSERT_STRING_EQUAL(err.what, "area \"leeg.gpkg\" holds no buurt");

    /* An area per gemeente in one pass. */
    vk_area_gemeenten(&b, &per);
    mask_str(per[0], 9, m);
    CU_ASSERT_STRING_EQUAL(m, "110110110");
    mask_str(per[1], 9, m);
    CU_ASSERT_STRING_EQUAL(m, "001001001");
    CU_ASSERT_EQUAL(per[1]->nbuurten, 3);
    CU_ASSERT_STRING_EQUAL(vk_area_name(per[1], VK_LANG_EN), "Ander");
    vk_area_destroy(per[0]);
    vk_area_destroy(per[1]);
    free(per);
    vk_features_destroy(b.buurten);
    vk_features_destroy(b.wijken);
    vk_features_destroy(b.gemeenten);
}

void
vk_test_register_source(void)
{
static const vk_test_case tests[] = {
        {"read_written", test_read_written},
        {"dissolve", test_dissolve},
        {"interior_point", test_interior_point},
        {"errors", test_errors},
        {"shapefile_without_prj", test_shapefile_without_prj},
        {"sample_gpkg", test_sample_gpkg},
        {"sample_shapefile", test_sample_shapefile},
        {"dissolve_nodata_and_water", test_dissolve_nodata_and_water},
        {"no_buurten_layer", test_no_buurten_layer},
        {"areas: lists of codes, masks, names, errors", test_areas},
        {NULL, NULL},
    };

    vk_test_add_suite("source", suite_init, NULL, tests);
}
