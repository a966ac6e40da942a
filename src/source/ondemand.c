/* SPDX-License-Identifier: MIT */
/* Reading on demand: every feature's attributes at once, geometry only for
 * the features a page shows, found through the layer's spatial index (an
 * OGR spatial filter) and checked for validity then. One gemeente's page
 * of the national buurten reads a few hundred geometries instead of
 * 14,500 and checks those alone. */
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "source_priv.h"

/* A feature id and the index of its feature in the set. */
typedef struct fid_idx {
    long fid;
    size_t idx;
} fid_idx;

/* One level's layer and how its features are found by id. */
typedef struct od_level {
    OGRLayerH l;
    vk_cols cols;
    fid_idx *map; /* sorted by fid */
    size_t n;
} od_level;

struct vk_source {
    GDALDatasetH ds;
    char *path;
    od_level lv[3];
};

static int
cmp_fid(const void *a, const void *b)
{
    const fid_idx *x = a, *y = b;

    return x->fid < y->fid ? -1 : x->fid > y->fid;
}

/* The index of the feature with this id, or -1. */
static long
find_fid(const od_level *lv, long fid)
{
    size_t lo = 0, hi = lv->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (lv->map[mid].fid < fid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lv->n && lv->map[lo].fid == fid ? (long)lv->map[lo].idx
                                                : -1;
}

vk_source *
vk_source_open(const char *path, const vk_source_opts *opts, vk_error *err)
{
    static const char *const names[] = {NULL, "wijken", "gemeenten"};
    GDALDatasetH ds = vk_source_open_dataset(path, err);
    vk_source *s;

    if (ds == NULL)
        return NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    s = vk_xcalloc(1, sizeof *s);
    s->ds = ds;
    s->path = vk_xstrdup(path);
    s->lv[VK_LEVEL_BUURT].l = vk_source_pick_layer(
        ds, path, opts != NULL ? opts->layer : NULL, VK_LEVEL_BUURT, err);
    for (int k = 1; k < 3; k++)
        s->lv[k].l = GDALDatasetGetLayerByName(ds, names[k]);
    CPLPopErrorHandler();
    if (s->lv[VK_LEVEL_BUURT].l == NULL) {
        vk_source_close(s);
        return NULL;
    }
    return s;
}

void
vk_source_close(vk_source *s)
{
    if (s == NULL)
        return;
    for (int k = 0; k < 3; k++) {
        free(s->lv[k].map);
        vk_cols_free(&s->lv[k].cols);
    }
    GDALClose(s->ds);
    free(s->path);
    free(s);
}

int
vk_source_layer_extent(vk_source *s, vk_level level, vk_bbox *out)
{
    OGREnvelope e;

    /* What the driver knows without a scan (a GeoPackage's contents
     * table, a Shapefile's header), or nothing. */
    if (s->lv[level].l == NULL ||
        OGR_L_GetExtent(s->lv[level].l, &e, FALSE) != OGRERR_NONE ||
        !(e.MinX <= e.MaxX && e.MinY <= e.MaxY))
        return 0;
    *out = (vk_bbox){e.MinX, e.MinY, e.MaxX, e.MaxY};
    return 1;
}

int
vk_source_has_level(const vk_source *s, vk_level level)
{
    return s->lv[level].l != NULL;
}

vk_features *
vk_source_read_attrs(vk_source *s, vk_level level,
                     const vk_source_opts *opts, vk_error *err)
{
    static const vk_source_opts none = {0};
    const char *no_geometry[] = {"OGR_GEOMETRY", NULL};
    od_level *lv = &s->lv[level];
    vk_features *fs;
    OGRFeatureH feat;
    int latin1 = 0;

    if (lv->l == NULL) {
        VK_FAIL_AT(err, VK_EINTERNAL, s->path, 0, "no layer of level %d",
                   (int)level);
        return NULL;
    }
    if (opts == NULL || level != VK_LEVEL_BUURT)
        opts = &none;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    vk_cols_free(&lv->cols);
    if ((fs = vk_source_layer_set(s->path, lv->l, opts->crs,
                                  opts->crs_optional, err)) == NULL ||
        vk_source_columns(fs, lv->l, level, opts, &lv->cols, err) != VK_OK) {
        CPLPopErrorHandler();
        vk_features_destroy(fs);
        return NULL;
    }

    /* The attributes alone: the driver leaves the geometry unparsed. */
    OGR_L_SetIgnoredFields(lv->l, no_geometry);
    OGR_L_SetSpatialFilter(lv->l, NULL);
    OGR_L_ResetReading(lv->l);
    while ((feat = OGR_L_GetNextFeature(lv->l)) != NULL) {
        vk_feature *f = vk_features_append(fs);

        vk_source_attrs(f, feat, &lv->cols, &latin1);
        OGR_F_Destroy(feat);
    }
    OGR_L_SetIgnoredFields(lv->l, NULL);
    CPLPopErrorHandler();
    if (latin1 > 0)
        vk_warnings_add(&fs->warnings, "%s: layer %s: %d names are not "
                        "UTF-8 and were read as Latin-1; for a Shapefile, "
                        "add a .cpg file naming its encoding (e.g. "
                        "ISO-8859-1 or UTF-8)", s->path, fs->layer, latin1);

    /* Features are found again by their id. */
    lv->n = fs->n;
    lv->map = vk_xreallocarray(lv->map, fs->n ? fs->n : 1, sizeof *lv->map);
    for (size_t i = 0; i < fs->n; i++)
        lv->map[i] = (fid_idx){fs->f[i].fid, i};
    qsort(lv->map, lv->n, sizeof *lv->map, cmp_fid);
    return fs;
}

/* 1 when the envelope of g meets box (NULL: never). */
static int
meets(OGRGeometryH g, const vk_bbox *box)
{
    OGREnvelope e;

    if (box == NULL)
        return 0;
    OGR_G_GetEnvelope(g, &e);
    return e.MinX <= box->maxx && e.MaxX >= box->minx &&
           e.MinY <= box->maxy && e.MaxY >= box->miny;
}

/* Gives feature i of fs the geometry of feat; with check, an invalid
 * polygon is repaired (and said) first. A feature read before without the
 * check gets it now, and its geometry again when it needs the repair. */
static void
load_one(vk_features *fs, size_t i, OGRFeatureH feat, int check)
{
    vk_feature *f = &fs->f[i];
    OGRGeometryH g = OGR_F_GetGeometryRef(feat), repaired = NULL;
    OGRwkbGeometryType t;

    if (g == NULL || OGR_G_IsEmpty(g)) {
        if (f->loaded == 0)
            vk_source_warn_no_area(fs, f, g);
        f->loaded = 2;
        return;
    }
    if (f->loaded == 1 && !check)
        return;
    t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (check)
        repaired = vk_source_repair(fs, g, f->fid, f->code,
                                    (t != wkbPolygon &&
                                     t != wkbMultiPolygon) ||
                                        OGR_G_IsValid(g));
    if (f->loaded == 1 && repaired == NULL) {
        f->loaded = 2;
        return;
    }
    if (repaired != NULL)
        g = repaired;
    f->loaded = check ? 2 : 1;
    f->poly_first = fs->g.npolys;
    f->poly_count = 0;
    vk_bbox_reset(&f->bbox);
    if (vk_source_add_geometry(fs, f, g) > 0)
        vk_bbox_union(&fs->extent, &f->bbox);
    if (repaired != NULL)
        OGR_G_DestroyGeometry(repaired);
}

vk_status
vk_source_load_box(vk_source *s, vk_level level, vk_features *fs,
                   const vk_bbox *box, const vk_bbox *check, vk_error *err)
{
    od_level *lv = &s->lv[level];
    OGRFeatureH feat;

    if (lv->l == NULL)
        return VK_OK;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (box != NULL)
        OGR_L_SetSpatialFilterRect(lv->l, box->minx, box->miny, box->maxx,
                                   box->maxy);
    else
        OGR_L_SetSpatialFilter(lv->l, NULL);
    OGR_L_ResetReading(lv->l);
    while ((feat = OGR_L_GetNextFeature(lv->l)) != NULL) {
        long i = find_fid(lv, (long)OGR_F_GetFID(feat));

        if (i >= 0 && fs->f[i].loaded < 2) {
            OGRGeometryH g = OGR_F_GetGeometryRef(feat);

            load_one(fs, (size_t)i, feat, g != NULL && meets(g, check));
        }
        OGR_F_Destroy(feat);
    }
    OGR_L_SetSpatialFilter(lv->l, NULL);
    CPLPopErrorHandler();
    (void)err;
    return VK_OK;
}

vk_status
vk_source_load_features(vk_source *s, vk_level level, vk_features *fs,
                        const size_t *which, size_t n, vk_error *err)
{
    od_level *lv = &s->lv[level];

    if (lv->l == NULL)
        return VK_OK;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (size_t k = 0; k < n; k++) {
        vk_feature *f = &fs->f[which[k]];
        OGRFeatureH feat;

        if (f->loaded == 2)
            continue;
        if ((feat = OGR_L_GetFeature(lv->l, (GIntBig)f->fid)) == NULL) {
            f->loaded = 2;
            continue;
        }
        load_one(fs, which[k], feat, 1);
        OGR_F_Destroy(feat);
    }
    CPLPopErrorHandler();
    (void)err;
    return VK_OK;
}
