/* SPDX-License-Identifier: MIT */
/* Tests of CRS transformation against independent reference values. */
#include <math.h>
#include <stdio.h>
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

    const vk_bbox *box[3] = {&nl, &paris, &sydney};
    const char *want[3] = {"EPSG:28992", "EPSG:32631", "EPSG:32756"};

    for (int i = 0; i < 3; i++) {
        char *got = vk_geo_pick_projected(box[i]);

        CU_ASSERT_STRING_EQUAL(got, want[i]);
        free(got);
    }
}

/* One row of the CRS choice table: a lon/lat box and the CRS expected. */
typedef struct pick_case {
    double minx, miny, maxx, maxy;
    const char *want;
    const char *what;
} pick_case;

/* The Netherlands box of vk_geo_pick_projected is lon 2.5..7.6, lat
 * 50.5..53.9 (the land, the Wadden and the territorial waters). Each bound
 * is tested on the line (still RD New) and 0.01 degrees past it (the UTM
 * zone of the box's centre, written out), so moving any one of the four
 * constants by 0.01 or more either way fails a row. Away from the box the
 * zone is floor((lon + 180) / 6) + 1, clamped to 1..60, EPSG:326zz north
 * of the equator (latitude 0 included) and 327zz south of it. */
static const pick_case PICKS[] = {
    /* The whole box, and each bound on its own. */
    {2.5, 50.5, 7.6, 53.9, "EPSG:28992", "the documented box exactly"},
    {2.5, 52.0, 3.0, 52.5, "EPSG:28992", "on the west bound"},
    {2.49, 52.0, 3.0, 52.5, "EPSG:32631", "0.01 west of it (centre 2.745)"},
    {7.0, 52.0, 7.6, 52.5, "EPSG:28992", "on the east bound"},
    {7.0, 52.0, 7.61, 52.5, "EPSG:32632", "0.01 east of it (centre 7.305)"},
    {5.5, 50.5, 6.0, 51.0, "EPSG:28992", "on the south bound"},
    {5.5, 50.49, 6.0, 51.0, "EPSG:32631", "0.01 south of it (centre 5.75)"},
    {5.5, 53.4, 6.0, 53.9, "EPSG:28992", "on the north bound"},
    {5.5, 53.4, 6.0, 53.91, "EPSG:32631", "0.01 north of it"},
    /* The corners, each 0.01 out diagonally. */
    {2.49, 50.49, 3.0, 51.0, "EPSG:32631", "south-west corner, out"},
    {7.0, 53.4, 7.61, 53.91, "EPSG:32632", "north-east corner, out"},
    /* Real areas near the bounds. */
    {3.36, 50.75, 7.23, 53.56, "EPSG:28992",
     "the Netherlands, Zeeuws-Vlaanderen to Rottumeroog"},
    {4.70, 52.85, 7.23, 53.56, "EPSG:28992",
     "Groningen, Friesland and the Wadden (Texel to Rottumeroog)"},
    {6.18, 53.10, 7.23, 53.56, "EPSG:28992", "Groningen with Rottumerplaat"},
    {5.63, 50.75, 6.03, 51.00, "EPSG:28992", "Zuid-Limburg, Eijsden to Vaals"},
    {3.36, 51.20, 3.98, 51.38, "EPSG:28992", "Zeeuws-Vlaanderen"},
    /* Outside: neighbours, zone edges, both hemispheres, zones 1 and 60. */
    {6.9, 50.9, 7.0, 51.0, "EPSG:28992", "Cologne: the box is rough"},
    {6.9, 50.9, 7.7, 51.0, "EPSG:32632", "Cologne to the east (centre 7.3)"},
    {4.98, 54.0, 7.0, 55.0, "EPSG:32631", "North Sea, centre 5.99: zone 31"},
    {5.0, 54.0, 7.0, 55.0, "EPSG:32632", "North Sea, centre 6.0: zone 32"},
    {10.0, -1.0, 12.0, 1.0, "EPSG:32632", "centre on the equator: north"},
    {10.0, -1.02, 12.0, 1.0, "EPSG:32732", "centre 0.01 south: south"},
    {151.0, -34.0, 151.3, -33.8, "EPSG:32756", "Sydney"},
    {178.0, -18.5, 179.9, -17.0, "EPSG:32760", "Fiji, centre 178.95"},
    {179.5, -17.0, 180.5, -16.0, "EPSG:32760", "centre 180: zone 61 -> 60"},
    {179.5, 52.0, 180.5, 53.0, "EPSG:32660", "centre 180, north"},
    {-180.0, 60.0, -178.0, 61.0, "EPSG:32601", "centre -179: zone 1"},
    {-182.0, 60.0, -180.0, 61.0, "EPSG:32601", "centre -181: zone 0 -> 1"},
    {-177.0, -44.5, -176.0, -43.5, "EPSG:32701", "Chatham Islands"},
};

/* Checks the n rows of a table of picks. */
static void
check_picks(const pick_case *rows, size_t n, const char *table)
{
    for (size_t i = 0; i < n; i++) {
        const pick_case *c = &rows[i];
        vk_bbox b = {c->minx, c->miny, c->maxx, c->maxy};
        char *got = vk_geo_pick_projected(&b);

        if (strcmp(got, c->want) != 0)
            fprintf(stderr, "\n  %s row %zu (%s): %s, want %s", table, i,
                    c->what, got, c->want);
        CU_ASSERT_STRING_EQUAL(got, c->want);
        free(got);
    }
}

static void
test_pick_projected_table(void)
{
    check_picks(PICKS, sizeof PICKS / sizeof PICKS[0], "pick_projected");
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

/* Wider than a UTM zone: equal-area projections centred on the data, the
 * centre rounded to whole degrees; past 180 degrees of longitude or 120 of
 * latitude Equal Earth, EPSG:8857 on Greenwich. Each bound on the line
 * and just past it. */
static const pick_case WIDE[] = {
    {0.0, 50.0, 6.0, 51.0, "EPSG:32631", "6 degrees wide: still UTM"},
    {0.0, 50.0, 6.01, 51.0,
     "+proj=laea +lat_0=51 +lon_0=3 +datum=WGS84 +units=m +type=crs",
     "6.01 wide: Lambert azimuthal"},
    {-10.0, 36.0, 40.0, 70.0,
     "+proj=laea +lat_0=53 +lon_0=15 +datum=WGS84 +units=m +type=crs",
     "Europe"},
    {170.0, -50.0, 200.0, -10.0,
     "+proj=laea +lat_0=-30 +lon_0=-175 +datum=WGS84 +units=m +type=crs",
     "across the antimeridian, centre 185 = -175"},
    {-170.0, -60.0, 10.0, 60.0,
     "+proj=laea +lat_0=0 +lon_0=-80 +datum=WGS84 +units=m +type=crs",
     "180 wide, 120 tall: still azimuthal"},
    {-170.0, -60.0, 10.01, 60.0,
     "+proj=eqearth +lon_0=-80 +datum=WGS84 +units=m +type=crs",
     "180.01 wide: Equal Earth"},
    {-20.0, -60.01, 20.0, 60.0, "EPSG:8857", "120.01 tall, on Greenwich"},
    {-180.0, -90.0, 180.0, 90.0, "EPSG:8857", "the world"},
};

static void
test_pick_wide(void)
{
    check_picks(WIDE, sizeof WIDE / sizeof WIDE[0], "wide");
}

/* A lon/lat set of boxes {w, s, e, n}, rings as written (e < w across
 * the antimeridian, not split). */
static vk_features *
lonlat_boxes(const double (*box)[4], size_t n)
{
    vk_features *fs = vk_fixture_empty("boxes", "EPSG:4326");

    fs->crs_geographic = 1;
    for (size_t i = 0; i < n; i++) {
        const double *b = box[i];
        const double ring[8] = {b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]};

        vk_fixture_feature(fs, "B", "G");
        vk_fixture_ring(fs, ring, 4);
        vk_fixture_poly_end(fs);
    }
    return fs;
}

/* The extent over the narrowest longitudes: a set split at the
 * antimeridian (parts at 178..180 and -180..-175) spans 178..185, not
 * -180..180; across Greenwich or with every longitude used it is the
 * extent as it is. The same in Web Mercator. */
static void
test_lonlat_extent(void)
{
    const double fiji[3][4] = {
        {178, -20, 180, -15}, {-180, -20, -175, -16}, {179, -18, 179.5, -17}};
    const double wide[2][4] = {{-60, 0, -50, 10}, {100, 0, 110, 10}};
    const double world[3][4] = {
        {-180, 0, -60, 10}, {-60.5, 0, 60, 10}, {59.5, 0, 180, 10}};
    vk_features *fs = lonlat_boxes(fiji, 3);
    vk_bbox b;
    vk_error err;

    CU_ASSERT_EQUAL_FATAL(vk_geo_lonlat_extent(fs, &b), 1);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, 178, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(b.maxx, 185, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(b.miny, -20, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(b.maxy, -15, 1e-12);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:3857", &err), VK_OK);
    CU_ASSERT_EQUAL_FATAL(vk_geo_lonlat_extent(fs, &b), 1);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, 178, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(b.maxx, 185, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(b.maxy, -15, 1e-9);
    vk_features_destroy(fs);

    /* Two boxes 150 degrees apart across Greenwich (the gap over the
     * Pacific is wider): as they are. */
    fs = lonlat_boxes(wide, 2);
    CU_ASSERT_EQUAL_FATAL(vk_geo_lonlat_extent(fs, &b), 1);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, -60, 0);
    CU_ASSERT_DOUBLE_EQUAL(b.maxx, 110, 0);
    vk_features_destroy(fs);
    fs = lonlat_boxes(world, 3);
    CU_ASSERT_EQUAL_FATAL(vk_geo_lonlat_extent(fs, &b), 1);
    CU_ASSERT_DOUBLE_EQUAL(b.minx, -180, 0);
    CU_ASSERT_DOUBLE_EQUAL(b.maxx, 180, 0);
    vk_features_destroy(fs);

    /* Not lon/lat nor Web Mercator: none. */
    fs = vk_fixture_grid();
    CU_ASSERT_EQUAL(vk_geo_lonlat_extent(fs, &b), 0);
    vk_features_destroy(fs);
}

/* When the CRS veerkracht picked cannot take the coordinates (here
 * latitudes past the pole, which Equal Earth has no place for), the error
 * names it as the one picked and does not blame the source's CRS. */
static void
test_picked_crs_error(void)
{
    const double boxes[2][4] = {{-180, 0, 0, 10}, {0, 80, 180, 95}};
    vk_features *fs = lonlat_boxes(boxes, 2);
    vk_features *sets[1] = {fs};
    vk_error err;
    char buf[512];

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_geo_to_picked(sets, 1, &err), VK_EPROJ);
    vk_error_format(&err, buf, sizeof buf);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "cannot be transformed from "
                                       "EPSG:4326 to EPSG:8857, the CRS "
                                       "picked to draw these lon/lat data "
                                       "in; pass --crs"));
    CU_ASSERT_PTR_NULL(strstr(buf, ".prj"));
    CU_ASSERT_PTR_NULL(strstr(buf, "source"));
    vk_features_destroy(fs);
}

/* Lon/lat data reaching the poles (the world with Antarctica) go to Web
 * Mercator, the tiles' CRS, with the poles on its edge, 20037508.34 m
 * (pi R) from the equator, not where PROJ puts a pole (far beyond every
 * tile, or nowhere: an error that would blame the source's .prj). */
static void
test_poles_to_web_mercator(void)
{
    const double boxes[1][4] = {{-180, -90, 180, 90}};
    vk_features *fs = lonlat_boxes(boxes, 1);
    const double half = 3.14159265358979323846 * 6378137.0;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_geo_transform(fs, "EPSG:3857", &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.miny, -half, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.maxy, half, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.minx, -half, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(fs->extent.maxx, half, 1e-3);
    vk_features_destroy(fs);
}

void
vk_test_register_geo(void)
{
    static const vk_test_case tests[] = {
        {"rd_origin", test_rd_origin},
        {"round_trip", test_round_trip},
        {"bad_crs", test_bad_crs},
        {"pick_projected", test_pick_projected},
        {"pick_projected_table", test_pick_projected_table},
        {"pick_wide", test_pick_wide},
        {"lonlat_extent", test_lonlat_extent},
        {"picked_crs_error", test_picked_crs_error},
        {"poles_to_web_mercator", test_poles_to_web_mercator},
        {"webmerc_to_lonlat", test_webmerc_to_lonlat},
        {NULL, NULL},
    };

    vk_test_add_suite("geo", NULL, NULL, tests);
}
