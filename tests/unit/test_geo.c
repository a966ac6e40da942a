/* SPDX-License-Identifier: MIT */
/* Tests of CRS transformation against independent reference values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

/* A one-point feature set in RD New at (x, y). */
static vk_features *
one_point(double x, double y)
{
    vk_features *fs = vk_fixture_grid();

    for (size_t i = 0; i < fs->g.npts; i++) {
        fs->g.xy[2 * i] = x;
        fs->g.xy[2 * i + 1] = y;
    }
    return fs;
}

static void
test_rd_origin(void)
{
    /* The RD projection centre (155000, 463000) is the Amersfoort tower:
     * 52 deg 09' 22.178" N, 5 deg 23' 15.500" E on the Bessel ellipsoid
     * (EPSG:4289), by definition of the projection. 1e-7 deg ~ 1 cm. */
    vk_features *fs = one_point(155000, 463000);
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:4289", &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[0], 5 + 23 / 60.0 + 15.5 / 3600, 1e-7);
    CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[1], 52 + 9 / 60.0 + 22.178 / 3600,
                           1e-7);
    CU_ASSERT_STRING_EQUAL(fs->crs_name, "EPSG:4289");
    CU_ASSERT_TRUE(fs->crs_geographic);
    /* Bboxes follow the coordinates. */
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.minx, fs->g.xy[0], 1e-12);
    vk_features_destroy(fs);
}

static void
test_round_trip(void)
{
    vk_features *fs = vk_fixture_grid();
    double x0 = fs->g.xy[0], y0 = fs->g.xy[1];
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:4326", &err), VK_OK);
    CU_ASSERT_TRUE(fs->g.xy[0] > 3 && fs->g.xy[0] < 8);   /* lon, east */
    CU_ASSERT_TRUE(fs->g.xy[1] > 50 && fs->g.xy[1] < 54); /* lat, north */
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:28992", &err), VK_OK);
    /* Same path back and forth: millimetres at most. */
    CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[0], x0, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[1], y0, 1e-3);
    CU_ASSERT_FALSE(fs->crs_geographic);
    vk_features_destroy(fs);
}

static void
test_bad_crs(void)
{
    vk_features *fs = vk_fixture_grid();
    vk_error err;
    char buf[256];

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_geo_transform(fs, "EPSG:999999", &err), VK_EPROJ);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "unknown CRS \"EPSG:999999\"; use an EPSG code "
                           "such as EPSG:28992 (RD New)");
    vk_features_destroy(fs);
}

static void
test_pick_projected(void)
{
    vk_bbox nl = {4.8, 52.3, 5.0, 52.4}, paris = {2.2, 48.8, 2.5, 48.9};
    vk_bbox sydney = {151.0, -34.0, 151.3, -33.8};

    CU_ASSERT_STRING_EQUAL(vk_geo_pick_projected(&nl), "EPSG:28992");
    CU_ASSERT_STRING_EQUAL(vk_geo_pick_projected(&paris), "EPSG:32631");
    CU_ASSERT_STRING_EQUAL(vk_geo_pick_projected(&sydney), "EPSG:32756");
}

/* Web Mercator to lon/lat (the viewer's GeoJSON) takes a closed form of
 * its own, not PROJ: checked against the definition (x = R lon, y = R
 * ln tan(pi/4 + lat/2) on the sphere of R = 6378137 m, EPSG:3857), whose
 * values for 5 E 52 N and 7.25 E 53.6 N are written out here, and
 * against PROJ's own transformation of the same points. 1e-9 degrees is
 * 0.1 mm. */
static void
test_webmerc_to_lonlat(void)
{
    static const double merc[2][2] = {{556597.4539663679, 6800125.454397307},
                                      {807066.3082512334, 7094762.123545771}};
    static const double ll[2][2] = {{5.0, 52.0}, {7.25, 53.6}};
    vk_features *fs = vk_fixture_grid(), *ref = vk_fixture_grid();
    vk_features *sets[1];
    vk_error err;

    for (size_t i = 0; i < fs->g.npts; i++)
        for (int k = 0; k < 2; k++)
            fs->g.xy[2 * i + k] = ref->g.xy[2 * i + k] = merc[i % 2][k];
    for (vk_features *f = fs; f != NULL; f = f == fs ? ref : NULL) {
        free(f->crs_wkt);
        free(f->crs_name);
        f->crs_wkt = vk_xstrdup("EPSG:3857");
        f->crs_name = vk_xstrdup("EPSG:3857");
    }
    vk_error_init(&err);
    sets[0] = fs;
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform_sets(sets, 1, "EPSG:4326", &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(ref, "EPSG:4326", &err), VK_OK);
    for (size_t i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++) {
            CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[2 * i + k], ll[i][k], 1e-9);
            CU_ASSERT_DOUBLE_EQUAL(fs->g.xy[2 * i + k], ref->g.xy[2 * i + k],
                                   1e-9);
        }
    CU_ASSERT_STRING_EQUAL(fs->crs_name, "EPSG:4326");
    CU_ASSERT_TRUE(fs->crs_geographic);
    vk_features_destroy(fs);
    vk_features_destroy(ref);
}

void
vk_test_register_geo(void)
{
    static const vk_test_case tests[] = {
        {"rd_origin", test_rd_origin},
        {"round_trip", test_round_trip},
        {"bad_crs", test_bad_crs},
        {"pick_projected", test_pick_projected},
        {"webmerc_to_lonlat", test_webmerc_to_lonlat},
        {NULL, NULL},
    };

    vk_test_add_suite("geo", NULL, NULL, tests);
}
