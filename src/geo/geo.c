/* SPDX-License-Identifier: MIT */
/* Coordinate transformation of feature sets with PROJ. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <proj.h>

#include "vk/geo.h"

/* ---- passes over millions of points, on all cores ------------------ */

#define PAR_MAX 8          /* threads at most */

typedef void par_fn(void *ctx, int part, size_t from, size_t to);

typedef struct par_job {
    par_fn *fn;
    void *ctx;
    int part;
    size_t from, to;
} par_job;

static void *
par_thread(void *arg)
{
    par_job *j = arg;

    j->fn(j->ctx, j->part, j->from, j->to);
    return NULL;
}

/* Calls fn(ctx, part, from, to) over [0, n) split in parts of at least
 * min items, each on a thread of its own (part 0 on this one); returns
 * the number of parts (at most PAR_MAX). What fn writes must depend only
 * on its range, so the result is the same for any number of parts. */
static int
par_for(size_t n, size_t min, par_fn *fn, void *ctx)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int parts = cores < 1 ? 1 : cores > PAR_MAX ? PAR_MAX : (int)cores;
    par_job job[PAR_MAX];
    pthread_t th[PAR_MAX];
    int started[PAR_MAX] = {0};

    if ((size_t)parts > n / min)
        parts = n / min < 1 ? 1 : (int)(n / min);
    for (int t = 0; t < parts; t++)
        job[t] = (par_job){fn, ctx, t, n * (size_t)t / (size_t)parts,
                           n * (size_t)(t + 1) / (size_t)parts};
    for (int t = 1; t < parts; t++)
        started[t] = pthread_create(&th[t], NULL, par_thread, &job[t]) == 0;
    par_thread(&job[0]);
    for (int t = 1; t < parts; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            par_thread(&job[t]);
    }
    return parts;
}

static void
bboxes_part(void *ctx, int part, size_t from, size_t to)
{
    vk_features *fs = ctx;

    (void)part;
    for (size_t i = from; i < to; i++)
        vk_feature_bbox(fs, &fs->f[i]);
}

static void
recompute_bboxes(vk_features *fs)
{
    par_for(fs->n, 2000, bboxes_part, fs);
    vk_bbox_reset(&fs->extent);
    for (size_t i = 0; i < fs->n; i++)
        vk_bbox_union(&fs->extent, &fs->f[i].bbox);
}

static int
is_crs(const vk_features *fs, const char *name)
{
    return fs->crs_name != NULL && strcmp(fs->crs_name, name) == 0;
}

/* fs now lives in dst (target as the user named it). */
static void
set_crs(vk_features *fs, PJ_CONTEXT *ctx, const PJ *dst, const char *target)
{
    const char *wkt = proj_as_wkt(ctx, dst, PJ_WKT2_2019, NULL);
    const char *auth = proj_get_id_auth_name(dst, 0);
    const char *code = proj_get_id_code(dst, 0);
    const char *name = proj_get_name(dst);

    free(fs->crs_wkt);
    free(fs->crs_name);
    fs->crs_wkt = vk_xstrdup(wkt ? wkt : target);
    /* A CRS from a PROJ string has no name: the string names it. */
    if (name != NULL && strcmp(name, "unknown") == 0)
        name = NULL;
    fs->crs_name = auth && code ? vk_xasprintf("%s:%s", auth, code)
                                : vk_xstrdup(name ? name : target);
    fs->crs_geographic = proj_get_type(dst) == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
                         proj_get_type(dst) == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    fs->crs_unit_m = vk_crs_unit_m(fs->crs_wkt);
}

/* The latitude where Web Mercator's square world ends: atan(sinh(pi)). */
#define MERC_LAT_MAX 85.051128779806592

/* Transforms fs to target_crs; picked: veerkracht chose the target (the
 * CRS to draw lon/lat data in), so a failure is not the source's. */
static vk_status
transform(vk_features *fs, const char *target_crs, int picked, vk_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *src = NULL, *dst = NULL, *raw = NULL, *op = NULL;
    size_t n = fs->g.npts, bad = 0;

    proj_log_level(ctx, PJ_LOG_NONE);
    src = proj_create(ctx, fs->crs_wkt);
    dst = proj_create(ctx, target_crs);
    if (src == NULL || dst == NULL) {
        VK_FAIL(err, VK_EPROJ, "unknown CRS \"%s\"",
                src == NULL ? fs->crs_name : target_crs);
        vk_error_hint(err, "use an EPSG code such as EPSG:28992 (RD New)");
        goto cleanup;
    }
    raw = proj_create_crs_to_crs_from_pj(ctx, src, dst, NULL, NULL);
    if (raw != NULL)
        op = proj_normalize_for_visualization(ctx, raw);
    if (op == NULL) {
        VK_FAIL(err, VK_EPROJ, "no transformation from %s to %s",
                fs->crs_name, target_crs);
        goto cleanup;
    }

    /* Web Mercator (the tiles) ends at 85.05 degrees: lon/lat data
     * reaching the poles (the world with Antarctica) end at its edge, as
     * no tile shows more, not somewhere beyond every tile or nowhere. */
    if (fs->crs_geographic && strcmp(target_crs, "EPSG:3857") == 0)
        for (size_t k = 0; k < n; k++)
            fs->g.xy[2 * k + 1] = fmax(-MERC_LAT_MAX,
                                       fmin(MERC_LAT_MAX, fs->g.xy[2 * k + 1]));

    /* Transform all points in one call; x east, y north on both sides. */
    if (n > 0)
        proj_trans_generic(op, PJ_FWD, fs->g.xy, 2 * sizeof(double), n,
                           fs->g.xy + 1, 2 * sizeof(double), n, NULL, 0, 0,
                           NULL, 0, 0);
    for (size_t i = 0; i < 2 * n; i++)
        bad += !isfinite(fs->g.xy[i]);
    if (bad > 0 && picked) {
        VK_FAIL_AT(err, VK_EPROJ, fs->path, 0,
                   "%zu coordinates cannot be transformed from %s to %s, "
                   "the CRS picked to draw these lon/lat data in",
                   bad / 2 + bad % 2, fs->crs_name, target_crs);
        vk_error_hint(err, "pass --crs with a projected CRS that covers "
                      "the data (e.g. EPSG:8857, Equal Earth, for the "
                      "world)");
        goto cleanup;
    }
    if (bad > 0) {
        VK_FAIL_AT(err, VK_EPROJ, fs->path, 0,
                   "%zu coordinates cannot be transformed from %s to %s",
                   bad / 2 + bad % 2, fs->crs_name, target_crs);
        vk_error_hint(err, "check that the source CRS is right (a .prj "
                      "that does not match the coordinates?)");
        goto cleanup;
    }
    recompute_bboxes(fs);

    /* The set now lives in the target CRS. */
    set_crs(fs, ctx, dst, target_crs);

cleanup:
    proj_destroy(op);
    proj_destroy(raw);
    proj_destroy(dst);
    proj_destroy(src);
    proj_context_destroy(ctx);
    return err->code;
}

vk_status
vk_geo_transform(vk_features *fs, const char *target_crs, vk_error *err)
{
    if (fs->crs_geographic)
        vk_features_wrap_dateline(fs);
    return transform(fs, target_crs, 0, err);
}

/* The names of the UTM zones, north (EPSG:326zz) and south (327zz), as
 * constants: the caller gets a string that lives as long as the program. */
#define UTM_ZONE(hemi, z) "EPSG:32" #hemi #z
#define UTM_TEN(hemi, d)                                                   \
    UTM_ZONE(hemi, d##0), UTM_ZONE(hemi, d##1), UTM_ZONE(hemi, d##2),      \
        UTM_ZONE(hemi, d##3), UTM_ZONE(hemi, d##4), UTM_ZONE(hemi, d##5),  \
        UTM_ZONE(hemi, d##6), UTM_ZONE(hemi, d##7), UTM_ZONE(hemi, d##8),  \
        UTM_ZONE(hemi, d##9)
#define UTM_HEMI(hemi)                                                     \
    {UTM_ZONE(hemi, 01), UTM_ZONE(hemi, 02), UTM_ZONE(hemi, 03),           \
     UTM_ZONE(hemi, 04), UTM_ZONE(hemi, 05), UTM_ZONE(hemi, 06),           \
     UTM_ZONE(hemi, 07), UTM_ZONE(hemi, 08), UTM_ZONE(hemi, 09),           \
     UTM_TEN(hemi, 1), UTM_TEN(hemi, 2), UTM_TEN(hemi, 3),                 \
     UTM_TEN(hemi, 4), UTM_TEN(hemi, 5), UTM_ZONE(hemi, 60)}

static const char *const UTM_NAMES[2][60] = {UTM_HEMI(6), UTM_HEMI(7)};

/* A UTM zone is 6 degrees wide: data no wider are drawn in the zone of
 * their centre. Wider data are drawn in an equal-area projection centred
 * on them: Lambert azimuthal (a continent), or Equal Earth for data that
 * span more than half the longitudes or WORLD_LAT degrees of latitude
 * (the world), where an azimuthal projection would stretch the far side.
 * The centre is rounded to whole degrees (the CRS is named by its PROJ
 * string, which then stays short). */
#define UTM_WIDTH 6.0
#define WORLD_LON 180.0
#define WORLD_LAT 120.0

char *
vk_geo_pick_projected(const vk_bbox *ll)
{
    double lon = (ll->minx + ll->maxx) / 2, lat = (ll->miny + ll->maxy) / 2;
    long lon0, lat0;
    int zone;

    /* The Netherlands, roughly, including its territorial waters. */
    if (ll->minx >= 2.5 && ll->maxx <= 7.6 && ll->miny >= 50.5 &&
        ll->maxy <= 53.9)
        return vk_xstrdup("EPSG:28992");
    if (ll->maxx - ll->minx <= UTM_WIDTH) {
        zone = (int)floor((lon + 180.0) / 6.0) + 1;
        zone = zone < 1 ? 1 : zone > 60 ? 60 : zone;
        return vk_xstrdup(UTM_NAMES[lat < 0][zone - 1]);
    }
    lon0 = lround(lon > 180 ? lon - 360 : lon);
    lat0 = lround(lat);
    if (ll->maxx - ll->minx > WORLD_LON || ll->maxy - ll->miny > WORLD_LAT)
        return lon0 == 0 ? vk_xstrdup("EPSG:8857")
                         : vk_xasprintf("+proj=eqearth +lon_0=%ld "
                                        "+datum=WGS84 +units=m +type=crs",
                                        lon0);
    return vk_xasprintf("+proj=laea +lat_0=%ld +lon_0=%ld +datum=WGS84 "
                        "+units=m +type=crs", lat0, lon0);
}

/* ---- the longitudes data span -------------------------------------- */

#define RAD_DEG (180.0 / 3.14159265358979323846)
#define MERC_R 6378137.0 /* the sphere of Web Mercator */

/* Longitude of x in fs (lon/lat or Web Mercator). */
static double
lon_of(const vk_features *fs, double x)
{
    return fs->crs_geographic ? x : x / MERC_R * RAD_DEG;
}

int
vk_geo_lonlat_extent(const vk_features *fs, vk_bbox *out)
{
    double cut;
    vk_bbox b;
    int gap;

    if ((!fs->crs_geographic && !is_crs(fs, "EPSG:3857")) ||
        vk_bbox_empty(&fs->extent) || fs->g.npts == 0)
        return 0;
    /* Longitudes counted from a cut in the middle of the widest gap: the
     * range of the points is the narrowest that holds all. With no gap,
     * as they are. */
    gap = vk_features_lon_gap(fs, lon_of(fs, 1.0), &cut);
    vk_bbox_reset(&b);
    for (size_t k = 0; k < fs->g.npts; k++) {
        double lon = lon_of(fs, fs->g.xy[2 * k]), y = fs->g.xy[2 * k + 1];

        vk_bbox_add(&b, gap ? vk_lon_from(lon, cut) : lon,
                    fs->crs_geographic ? y
                                       : atan(sinh(y / MERC_R)) * RAD_DEG);
    }
    if (b.minx >= 180) {
        b.minx -= 360;
        b.maxx -= 360;
    }
    *out = b;
    return 1;
}

/* ---- several sets, their shared points once ----------------------- */

/* The bilinear interpolation in cell (i, j) of a grid of transformed
 * control points c (cols + 1 by rows + 1, x and y interleaved). */
static void
interpolate(const double *c, size_t cols, double fx, double fy, double *x,
            double *y)
{
    size_t i = (size_t)fx, j = (size_t)fy;
    double u, v;
    const double *p00, *p10, *p01, *p11;

    if (i >= cols)
        i = cols - 1;
    u = fx - (double)i;
    v = fy - (double)j;
    p00 = c + 2 * (j * (cols + 1) + i);
    p10 = p00 + 2;
    p01 = p00 + 2 * (cols + 1);
    p11 = p01 + 2;
    for (int k = 0; k < 2; k++) {
        double a = p00[k] + (p10[k] - p00[k]) * u;
        double b = p01[k] + (p11[k] - p01[k]) * u;

        (k == 0 ? x : y)[0] = a + (b - a) * v;
    }
}

/* Many points in a projected CRS are not each given to PROJ: PROJ
 * transforms a grid of control points GRID_M apart over their extent, and
 * each point is interpolated bilinearly in its cell. RD New to Web
 * Mercator is smooth: the error is about f'' h^2 / 8 with Mercator's f'' ~
 * tan(lat) / R, under 3 cm for 1 km cells at 52 degrees north: under a
 * pixel even at z22 (3.7 cm). Few points (fewer than 4 per control
 * point), or lon/lat: PROJ on every point. An interpolated point depends
 * only on its own coordinates and the grid, so equal points stay equal. */
#define GRID_M 1000.0

typedef struct control_grid {
    vk_bbox b;
    double cell;   /* GRID_M in the units of the source CRS */
    size_t cols, rows;
    double *ctl;   /* (cols + 1) x (rows + 1) control points, transformed
                      (NaN where no point needs them) */
    vk_features c; /* the control points needed, for PROJ; then the CRS */
} control_grid;

/* 1 when n points over b (source CRS units, cell a cell's side in them)
 * are better interpolated in a control grid than transformed one by one. */
static int
grid_pays(const vk_bbox *b, double cell, int geographic, size_t n)
{
    return !geographic && n > 0 &&
           (b->maxx - b->minx) / cell * (b->maxy - b->miny) / cell <=
               n / 4.0;
}

/* The cell of a point, as interpolate() takes it. */
static size_t
cell_of(const control_grid *cg, const double *p)
{
    size_t i = (size_t)((p[0] - cg->b.minx) / cg->cell);
    size_t j = (size_t)((p[1] - cg->b.miny) / cg->cell);

    i = i >= cg->cols ? cg->cols - 1 : i;
    j = j >= cg->rows ? cg->rows - 1 : j;
    return j * (cg->cols + 1) + i;
}

/* Points per thread at least. */
#define POINTS_MIN 262144

/* A pass over the points xy of a set, in parts (par_for): their bbox,
 * the control points their cells need, their interpolation. */
typedef struct pts_job {
    const control_grid *cg;
    double *xy;
    vk_bbox box[PAR_MAX];
    unsigned char *used[PAR_MAX];
    size_t nctl;
} pts_job;

static void
bbox_part(void *ctx, int part, size_t from, size_t to)
{
    pts_job *j = ctx;

    vk_bbox_reset(&j->box[part]);
    for (size_t k = from; k < to; k++)
        vk_bbox_add(&j->box[part], j->xy[2 * k], j->xy[2 * k + 1]);
}

static void
used_part(void *ctx, int part, size_t from, size_t to)
{
    pts_job *j = ctx;
    size_t w = j->cg->cols + 1;
    unsigned char *used = j->used[part] = vk_xcalloc(j->nctl, 1);

    for (size_t k = from; k < to; k++) {
        size_t at = cell_of(j->cg, j->xy + 2 * k);

        used[at] = used[at + 1] = used[at + w] = used[at + w + 1] = 1;
    }
}

static void
apply_part(void *ctx, int part, size_t from, size_t to)
{
    const pts_job *j = ctx;
    const control_grid *cg = j->cg;

    (void)part;
    for (size_t k = from; k < to; k++) {
        double *p = j->xy + 2 * k;

        interpolate(cg->ctl, cg->cols, (p[0] - cg->b.minx) / cg->cell,
                    (p[1] - cg->b.miny) / cg->cell, &p[0], &p[1]);
    }
}

/* The control points over b (in the CRS of sets[0]) at the corners of the
 * cells that hold points of the sets, transformed to target: PROJ's time
 * is most of a national run's projection, and the Netherlands fill half
 * their bounding box. */
static vk_status
grid_make(control_grid *cg, const vk_bbox *b, vk_features *const *sets,
          int nsets, const char *target, vk_error *err)
{
    vk_features *c = &cg->c;
    size_t nctl, m = 0, w;
    unsigned char *used;

    cg->b = *b;
    cg->cell = GRID_M / vk_features_unit_m(sets[0]);
    cg->cols = (size_t)ceil((b->maxx - b->minx) / cg->cell) + 1;
    cg->rows = (size_t)ceil((b->maxy - b->miny) / cg->cell) + 1;
    w = cg->cols + 1;
    nctl = w * (cg->rows + 1);
    used = vk_xcalloc(nctl, 1);
    for (int s = 0; s < nsets; s++) {
        pts_job j = {cg, sets[s]->g.xy, {{0, 0, 0, 0}}, {NULL}, nctl};
        int parts = par_for(sets[s]->g.npts, POINTS_MIN, used_part, &j);

        for (int t = 0; t < parts; t++) {
            for (size_t k = 0; k < nctl; k++)
                used[k] |= j.used[t][k];
            free(j.used[t]);
        }
    }
    memset(c, 0, sizeof *c);
    c->path = sets[0]->path;
    vk_features_copy_crs(c, sets[0]);
    for (size_t k = 0; k < nctl; k++)
        m += used[k];
    c->g.npts = m;
    c->g.xy = vk_xmalloc(2 * (m ? m : 1) * sizeof *c->g.xy);
    m = 0;
    for (size_t k = 0; k < nctl; k++)
        if (used[k]) {
            c->g.xy[2 * m] = b->minx + (double)(k % w) * cg->cell;
            c->g.xy[2 * m++ + 1] = b->miny + (double)(k / w) * cg->cell;
        }
    cg->ctl = vk_xmalloc(2 * nctl * sizeof *cg->ctl);
    if (vk_geo_transform(c, target, err) == VK_OK) {
        m = 0;
        for (size_t k = 0; k < nctl; k++) {
            cg->ctl[2 * k] = used[k] ? c->g.xy[2 * m] : NAN;
            cg->ctl[2 * k + 1] = used[k] ? c->g.xy[2 * m++ + 1] : NAN;
        }
    }
    free(used);
    return err->code;
}

/* Interpolates the n points xy in the grid; fs (if not NULL) then lives
 * in the grid's target CRS. */
static void
grid_apply(const control_grid *cg, double *xy, size_t n, vk_features *fs)
{
    pts_job j = {cg, xy, {{0, 0, 0, 0}}, {NULL}, 0};

    par_for(n, POINTS_MIN, apply_part, &j);
    if (fs != NULL)
        vk_features_copy_crs(fs, &cg->c);
}

static void
grid_free(control_grid *cg)
{
    free(cg->ctl);
    free(cg->c.crs_wkt);
    free(cg->c.crs_name);
    free(cg->c.g.xy);
}

/* Sets in one projected CRS with many points: every point interpolated
 * in one control grid over all of them (a hash of distinct points, as
 * below, would cost more than the interpolation). Returns 0 when the
 * grid does not pay, having done nothing. */
static int
transform_sets_grid(vk_features **sets, int nsets, size_t total,
                    const char *target, vk_error *err)
{
    control_grid cg;
    vk_bbox b;

    vk_bbox_reset(&b);
    for (int i = 0; i < nsets; i++) {
        pts_job j = {NULL, sets[i]->g.xy, {{0, 0, 0, 0}}, {NULL}, 0};
        int parts = par_for(sets[i]->g.npts, POINTS_MIN, bbox_part, &j);

        for (int t = 0; t < parts; t++)
            vk_bbox_union(&b, &j.box[t]);
    }
    if (!grid_pays(&b, GRID_M / vk_features_unit_m(sets[0]),
                   sets[0]->crs_geographic, total))
        return 0;
    if (grid_make(&cg, &b, sets, nsets, target, err) == VK_OK)
        for (int i = 0; i < nsets; i++) {
            grid_apply(&cg, sets[i]->g.xy, sets[i]->g.npts, sets[i]);
            recompute_bboxes(sets[i]);
        }
    grid_free(&cg);
    return 1;
}

/* ---- Web Mercator to lon/lat: a closed form ----------------------- */

static void
webmerc_part(void *ctx, int part, size_t from, size_t to)
{
    const double r_m = 6378137.0, deg = 180.0 / 3.14159265358979323846;
    double *xy = ctx;

    (void)part;
    for (size_t k = from; k < to; k++) {
        xy[2 * k] = xy[2 * k] / r_m * deg;
        xy[2 * k + 1] = atan(sinh(xy[2 * k + 1] / r_m)) * deg;
    }
}

/* Web Mercator (EPSG:3857, the tiles' CRS) is defined on a sphere of
 * radius 6378137 m over WGS 84 lon/lat; its inverse is exact in closed
 * form, as PROJ computes it, with no pipeline to set up (most of the time
 * of the viewer's GeoJSON) and no control grid. PROJ only names the CRS. */
static vk_status
webmerc_to_lonlat(vk_features **sets, int nsets, const char *target,
                  vk_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *dst;

    proj_log_level(ctx, PJ_LOG_NONE);
    if ((dst = proj_create(ctx, target)) == NULL) {
        proj_context_destroy(ctx);
        return VK_FAIL(err, VK_EPROJ, "unknown CRS \"%s\"", target);
    }
    for (int i = 0; i < nsets; i++) {
        par_for(sets[i]->g.npts, POINTS_MIN, webmerc_part, sets[i]->g.xy);
        recompute_bboxes(sets[i]);
        set_crs(sets[i], ctx, dst, target);
    }
    proj_destroy(dst);
    proj_context_destroy(ctx);
    return VK_OK;
}

/* Transforms the levels to target. In a control grid when that pays (see
 * above); else with one PROJ call over their distinct points:
 * neighbouring buurten share their edges, and wijk and gemeente
 * boundaries repeat buurt vertices, so each point is transformed once
 * instead of three to five times. Either way equal input points stay
 * equal. Sets in different CRSs are transformed one by one. */
static vk_status
transform_sets(vk_features **sets, int nsets, const char *target, int picked,
               vk_error *err)
{
    /* Lon/lat data are read whole across the antimeridian (source.h); a
     * CRS veerkracht picked is centred on them, any other may have its
     * edge there: split at 180 degrees for it. */
    for (int i = 0; i < nsets && !picked; i++)
        if (sets[i]->crs_geographic)
            vk_features_wrap_dateline(sets[i]);

    vk_features u;
    size_t total = 0, nu = 0;
    vk_pointidx idx;
    double *orig;
    int same = 1;

    for (int i = 0; i < nsets; i++) {
        total += sets[i]->g.npts;
        same = same && strcmp(sets[i]->crs_wkt, sets[0]->crs_wkt) == 0;
    }
    if (!same || total >= UINT32_MAX / 2) {
        for (int i = 0; i < nsets; i++)
            if (transform(sets[i], target, picked, err) != VK_OK)
                return err->code;
        return VK_OK;
    }
    if (is_crs(sets[0], "EPSG:3857") && strcmp(target, "EPSG:4326") == 0)
        return webmerc_to_lonlat(sets, nsets, target, err);
    if (transform_sets_grid(sets, nsets, total, target, err))
        return err->code;

    /* The distinct points, in order of first use. */
    orig = vk_xcalloc(2 * (total ? total : 1), sizeof *orig);
    vk_pointidx_init(&idx, 2 * total + 2);
    for (int i = 0; i < nsets; i++) {
        const vk_geomset *g = &sets[i]->g;

        for (size_t k = 0; k < g->npts; k++) {
            const double *p = g->xy + 2 * k;
            size_t h = vk_pointidx_find(&idx, orig, p[0], p[1]);

            if (idx.slot[h] == 0) {
                memcpy(orig + 2 * nu, p, 16);
                idx.slot[h] = (uint32_t)++nu;
            }
        }
    }

    /* Transformed as a feature set without features. */
    memset(&u, 0, sizeof u);
    u.path = sets[0]->path;
    vk_features_copy_crs(&u, sets[0]);
    u.g.xy = vk_xmalloc(2 * (nu ? nu : 1) * sizeof *u.g.xy);
    memcpy(u.g.xy, orig, 2 * nu * sizeof *orig);
    u.g.npts = nu;
    /* The grid did not pay for all points, so it does not for fewer. */
    if (transform(&u, target, picked, err) == VK_OK) {
        for (int i = 0; i < nsets; i++) {
            vk_features *fs = sets[i];
            vk_geomset *g = &fs->g;

            for (size_t k = 0; k < g->npts; k++) {
                double *p = g->xy + 2 * k;
                size_t h = vk_pointidx_find(&idx, orig, p[0], p[1]);

                memcpy(p, u.g.xy + 2 * (idx.slot[h] - 1), 16);
            }
            recompute_bboxes(fs);
            vk_features_copy_crs(fs, &u);
        }
    }
    free(u.crs_wkt);
    free(u.crs_name);
    free(u.g.xy);
    vk_pointidx_free(&idx);
    free(orig);
    return err->code;
}

vk_status
vk_geo_transform_sets(vk_features **sets, int nsets, const char *target,
                      vk_error *err)
{
    return transform_sets(sets, nsets, target, 0, err);
}

vk_status
vk_geo_to_picked(vk_features **sets, int nsets, vk_error *err)
{
    vk_bbox ll;
    char *crs;

    if (nsets == 0 || !vk_geo_lonlat_extent(sets[0], &ll))
        return VK_OK;
    crs = vk_geo_pick_projected(&ll);
    transform_sets(sets, nsets, crs, 1, err);
    free(crs);
    return err->code;
}
