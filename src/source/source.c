/* SPDX-License-Identifier: MIT */
/* Reads boundary layers through OGR into flat polygon arrays. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "source_priv.h"

/* CBS nodata codes such as -99997 mark suppressed values. */
#define CBS_NODATA_MAX -99990.0

/* Column names per level: CBS 2022+ first, older names after. */
typedef struct level_cols {
    const char *code[3], *name[3], *wijk[3], *gem[3], *gemnaam[3];
    const char *water[3], *inw[3];
} level_cols;

static const level_cols COLS[] = {
    /* The third names are what GDAL makes of the 2022+ ones in a DBF,
     * which allows ten characters. */
    [VK_LEVEL_BUURT] = {{"buurtcode", "bu_code"}, {"buurtnaam", "bu_naam"},
                        {"wijkcode", "wk_code"},
                        {"gemeentecode", "gm_code", "gemeenteco"},
                        {"gemeentenaam", "gm_naam", "gemeentena"},
                        {"water"},
                        {"aantal_inwoners", "aant_inw", "aantal_inw"}},
    [VK_LEVEL_WIJK] = {{"wijkcode", "wk_code"}, {"wijknaam", "wk_naam"},
                       {"wijkcode", "wk_code"},
                       {"gemeentecode", "gm_code", "gemeenteco"},
                       {"gemeentenaam", "gm_naam", "gemeentena"},
                       {"water"},
                       {"aantal_inwoners", "aant_inw", "aantal_inw"}},
    [VK_LEVEL_GEMEENTE] = {{"gemeentecode", "gm_code", "gemeenteco"},
                           {"gemeentenaam", "gm_naam", "gemeentena"},
                           {NULL},
                           {"gemeentecode", "gm_code", "gemeenteco"},
                           {"gemeentenaam", "gm_naam", "gemeentena"},
                           {"water"},
                           {"aantal_inwoners", "aant_inw", "aantal_inw"}},
};

static int
find_field(OGRFeatureDefnH defn, const char *const *names)
{
    for (int k = 0; k < 3 && names[k] != NULL; k++) {
        int nf = OGR_FD_GetFieldCount(defn);

        for (int i = 0; i < nf; i++) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);

            if (vk_strcaseeq(OGR_Fld_GetNameRef(fd), names[k]))
                return i;
        }
    }
    return -1;
}

static char *
list_fields(OGRFeatureDefnH defn)
{
    vk_strbuf sb = {0};
    int nf = OGR_FD_GetFieldCount(defn);

    for (int i = 0; i < nf; i++) {
        if (i > 0)
            vk_strbuf_append(&sb, ", ");
        vk_strbuf_append(&sb,
                         OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    return vk_strbuf_take(&sb);
}

static char *
list_layers(GDALDatasetH ds)
{
    vk_strbuf sb = {0};
    int nl = GDALDatasetGetLayerCount(ds);

    for (int i = 0; i < nl; i++) {
        if (i > 0)
            vk_strbuf_append(&sb, ", ");
        vk_strbuf_append(&sb, OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    }
    return vk_strbuf_take(&sb);
}

vk_feature *
vk_features_append(vk_features *fs)
{
    vk_feature *f;

    /* Doubling: a national grid has half a million features. */
    if (fs->n + 1 > fs->cap) {
        size_t c = fs->n < 32 ? 64 : 2 * fs->n;

        fs->f = vk_xgrowarray(fs->f, fs->n, c, sizeof *fs->f);
        fs->cap = c;
    }
    f = &fs->f[fs->n++];
    memset(f, 0, sizeof *f);
    f->fid = -1;
    f->inwoners = NAN;
    f->poly_first = fs->g.npolys;
    vk_bbox_reset(&f->bbox);
    return f;
}

/* A text field as UTF-8. A DBF without .cpg (or code page byte) is not
 * recoded by GDAL; its bytes are then most often Latin-1, which is read as
 * such and counted in *latin1, so that no invalid UTF-8 reaches PDF labels
 * or file names. */
static char *
field_string(OGRFeatureH feat, int idx, int *latin1)
{
    const char *s;
    char *u, *copy;

    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(feat, idx))
        return NULL;
    s = OGR_F_GetFieldAsString(feat, idx);
    if (CPLIsUTF8(s, -1))
        return vk_xstrdup(s);
    (*latin1)++;
    u = CPLRecode(s, CPL_ENC_ISO8859_1, CPL_ENC_UTF8);
    copy = vk_xstrdup(u != NULL ? u : "?");
    CPLFree(u);
    return copy;
}

/* A code (key, wijk, gemeente) as text: a numeric field's integral value
 * as an integer, so that a DBF Real 1.000000000000000 is the key "1"
 * that a table's 1 joins. */
static char *
field_code(OGRFeatureH feat, int idx, int *latin1)
{
    OGRFieldDefnH fd;
    double v;

    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(feat, idx))
        return NULL;
    fd = OGR_F_GetFieldDefnRef(feat, idx);
    if (OGR_Fld_GetType(fd) != OFTReal)
        return field_string(feat, idx, latin1);
    v = OGR_F_GetFieldAsDouble(feat, idx);
    if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
        return vk_xasprintf("%.0f", v);
    return field_string(feat, idx, latin1);
}

/* 1 when a water column says so: the CBS "JA", or yes, true, 1. */
static int
is_water(const char *s)
{
    static const char *const yes[] = {"JA", "yes", "true", "1", "Y", "J"};

    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (vk_strcaseeq(s, yes[i]))
            return 1;
    return 0;
}

/* Appends the rings of one OGR polygon (shell first) to the geomset. */
static void
add_polygon(vk_features *fs, vk_feature *f, OGRGeometryH poly)
{
    int nr = OGR_G_GetGeometryCount(poly);

    for (int r = 0; r < nr; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
        int np = OGR_G_GetPointCount(ring);
        size_t first = fs->g.npts;

        if (np < 3) {
            if (r == 0)
                return; /* a degenerate shell: no polygon at all */
            continue;
        }
        {
            /* All points in one call: a call per coordinate cost more
             * than the rest of the reading. */
            double *xy = vk_geomset_add_points(&fs->g, (size_t)np);

            OGR_G_GetPoints(ring, xy, 2 * sizeof *xy, xy + 1,
                            2 * sizeof *xy, NULL, 0);
            for (int i = 0; i < np; i++)
                vk_bbox_add(&f->bbox, xy[2 * i], xy[2 * i + 1]);
        }
        /* Close the ring if the source did not. */
        if (fs->g.xy[2 * first] != fs->g.xy[2 * (fs->g.npts - 1)] ||
            fs->g.xy[2 * first + 1] != fs->g.xy[2 * (fs->g.npts - 1) + 1])
            vk_geomset_add_point(&fs->g, fs->g.xy[2 * first],
                                 fs->g.xy[2 * first + 1]);
        vk_geomset_end_ring(&fs->g);
    }
    vk_geomset_end_poly(&fs->g);
    f->poly_count++;
}

size_t
vk_source_add_geometry(vk_features *fs, vk_feature *f, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    size_t before = f->poly_count;

    if (t == wkbPolygon) {
        add_polygon(fs, f, g);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        int n = OGR_G_GetGeometryCount(g);

        for (int i = 0; i < n; i++)
            vk_source_add_geometry(fs, f, OGR_G_GetGeometryRef(g, i));
    } else if (OGR_GT_IsSurface(t) || OGR_GT_IsSubClassOf(t,
                                                         wkbMultiSurface)) {
        /* Curved polygons: linearise at GDAL's default step. */
        OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);

        if (lin != NULL) {
            vk_source_add_geometry(fs, f, lin);
            OGR_G_DestroyGeometry(lin);
        }
    }
    return f->poly_count - before;
}

vk_features *
vk_source_layer_set(const char *path, OGRLayerH l, const char *crs,
                    int crs_optional, vk_error *err)
{
    vk_features *fs = vk_xcalloc(1, sizeof *fs);

    fs->path = vk_xstrdup(path);
    fs->layer = vk_xstrdup(OGR_L_GetName(l));
    vk_bbox_reset(&fs->extent);
    if (vk_source_read_crs(fs, l, crs, crs_optional, err) != VK_OK) {
        vk_features_destroy(fs);
        return NULL;
    }
    return fs;
}

/* Picks the layer: the one named, else the level's usual name, else the
 * only one. */
OGRLayerH
vk_source_pick_layer(GDALDatasetH ds, const char *path, const char *layer,
                     vk_level level, vk_error *err)
{
    static const char *const usual[] = {"buurten", "wijken", "gemeenten"};
    OGRLayerH l;
    char *names;

    if (layer != NULL) {
        l = GDALDatasetGetLayerByName(ds, layer);
        if (l != NULL)
            return l;
        names = list_layers(ds);
        VK_FAIL_AT(err, VK_EDATA, path, 0, "layer \"%s\" not found", layer);
        vk_error_hint(err, "the file has: %s; pass one with --layer", names);
        free(names);
        return NULL;
    }
    l = GDALDatasetGetLayerByName(ds, usual[level]);
    if (l != NULL)
        return l;
    if (GDALDatasetGetLayerCount(ds) == 1)
        return GDALDatasetGetLayer(ds, 0);
    names = list_layers(ds);
    VK_FAIL_AT(err, VK_EDATA, path, 0,
               "has no layer \"%s\" and %d others", usual[level],
               GDALDatasetGetLayerCount(ds));
    vk_error_hint(err, "the file has: %s; pass one with --layer", names);
    free(names);
    return NULL;
}

/* Fills the CRS fields from the layer, or from crs when it has none. */
vk_status
vk_source_read_crs(vk_features *fs, OGRLayerH l, const char *crs,
                   int optional, vk_error *err)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l), own = NULL;
    const char *wkt_opts[] = {"FORMAT=WKT2_2019", NULL};
    char *wkt = NULL;
    const char *auth, *code;

    if (srs == NULL && crs == NULL && optional) {
        fs->crs_wkt = vk_xstrdup("");
        fs->crs_name = vk_xstrdup("none");
        return VK_OK;
    }
    if (srs == NULL) {
        if (crs == NULL) {
            VK_FAIL_AT(err, VK_EPROJ, fs->path, 0,
                       "layer %s has no coordinate reference system "
                       "(for a Shapefile: no .prj file)", fs->layer);
            vk_error_hint(err, "pass --crs with the right one, e.g. "
                          "--crs EPSG:28992 for RD New; veerkracht never "
                          "guesses");
            return err->code;
        }
        own = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(own, crs) != OGRERR_NONE) {
            OSRDestroySpatialReference(own);
            VK_FAIL(err, VK_EPROJ, "unknown CRS \"%s\"", crs);
            vk_error_hint(err, "use an EPSG code such as EPSG:28992");
            return err->code;
        }
        srs = own;
    }
    if (OSRExportToWktEx(srs, &wkt, wkt_opts) != OGRERR_NONE) {
        CPLFree(wkt);
        wkt = NULL;
        OSRExportToWkt(srs, &wkt);
    }
    fs->crs_wkt = vk_xstrdup(wkt ? wkt : "");
    CPLFree(wkt);
    OSRAutoIdentifyEPSG(srs);
    auth = OSRGetAuthorityName(srs, NULL);
    code = OSRGetAuthorityCode(srs, NULL);
    if (auth != NULL && code != NULL)
        fs->crs_name = vk_xasprintf("%s:%s", auth, code);
    else
        fs->crs_name = vk_xstrdup(OSRGetName(srs) ? OSRGetName(srs) : "?");
    fs->crs_geographic = OSRIsGeographic(srs);
    fs->crs_unit_m = vk_crs_unit_m(fs->crs_wkt);
    if (own != NULL)
        OSRDestroySpatialReference(own);
    return VK_OK;
}

void
vk_source_attrs(vk_feature *f, OGRFeatureH feat, const vk_cols *c,
                int *latin1)
{
    const int *idx = c->idx;

    f->fid = (long)OGR_F_GetFID(feat);
    f->code = field_code(feat, idx[0], latin1);
    f->name = field_string(feat, idx[1], latin1);
    f->wijkcode = field_code(feat, idx[2], latin1);
    f->gemeentecode = field_code(feat, idx[3], latin1);
    f->gemeentenaam = field_string(feat, idx[4], latin1);
    if (idx[5] >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx[5]))
        f->water = is_water(OGR_F_GetFieldAsString(feat, idx[5]));
    if (idx[6] >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx[6])) {
        double v = OGR_F_GetFieldAsDouble(feat, idx[6]);

        f->inwoners = v <= CBS_NODATA_MAX ? NAN : v;
    }
    if (f->code == NULL)
        f->code = vk_xasprintf("#%ld", f->fid);
    if (c->nkeep > 0) {
        f->attrs = vk_xcalloc(c->nkeep, sizeof *f->attrs);
        for (size_t k = 0; k < c->nkeep; k++)
            f->attrs[k] = field_string(feat, c->keep[k], latin1);
    }
}

OGRGeometryH
vk_source_repair(vk_features *fs, OGRGeometryH g, long fid, const char *code,
                 int valid)
{
    OGRGeometryH repaired;

    /* A self-intersecting or otherwise invalid polygon breaks the dissolve
     * and draws wrongly: repair it (GEOS make-valid, keeping every point)
     * and say which feature it was. Lines and points are skipped later. */
    if ((wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPolygon &&
         wkbFlatten(OGR_G_GetGeometryType(g)) != wkbMultiPolygon) ||
        valid)
        return NULL;
    repaired = OGR_G_MakeValid(g);
    vk_warnings_add(&fs->warnings, "%s: feature %ld (%s): invalid "
                    "geometry (self-intersecting?) %s", fs->path, fid,
                    code != NULL ? code : "?",
                    repaired != NULL ? "repaired with make-valid; check "
                                       "it in the source"
                                     : "could not be repaired; drawn "
                                       "as it is");
    return repaired;
}

void
vk_source_warn_no_area(vk_features *fs, const vk_feature *f, OGRGeometryH g)
{
    vk_warnings_add(&fs->warnings, "%s: feature %ld (%s): %s geometry; "
                    "counted in the join and the classes, not drawn",
                    fs->path, f->fid, f->code, g == NULL ? "NULL" : "EMPTY");
}

/* Reads one feature. One without area (NULL or EMPTY geometry, a line, a
 * point) keeps its attributes: it counts in the join and the classes, as
 * when geometry is read on demand (which cannot know before it draws),
 * and is drawn as nothing; a warning says which. */
static void
read_feature(vk_features *fs, OGRFeatureH feat, const vk_cols *c,
             int *latin1, int valid)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(feat), repaired = NULL;
    OGRGeometryH wrapped = NULL;
    vk_feature *f = vk_features_append(fs);

    vk_source_attrs(f, feat, c, latin1);
    if (g == NULL || OGR_G_IsEmpty(g)) {
        vk_source_warn_no_area(fs, f, g);
        return;
    }
    /* Degrees no earth has (a corrupt 1e20, a projected file labelled
     * lon/lat): said, counted, not drawn. */
    if (fs->crs_geographic) {
        OGREnvelope e;

        OGR_G_GetEnvelope(g, &e);
        if (!(e.MinX >= -540 && e.MaxX <= 540 && e.MinY >= -90.5 &&
              e.MaxY <= 90.5)) {
            vk_warnings_add(&fs->warnings, "%s: feature %ld (%s): "
                            "coordinates beyond the earth's degrees "
                            "(longitude %g to %g, latitude %g to %g); "
                            "counted in the join and the classes, not "
                            "drawn", fs->path, f->fid, f->code, e.MinX,
                            e.MaxX, e.MinY, e.MaxY);
            return;
        }
    }
    /* A lon/lat ring across the antimeridian made continuous (lonlat.c). */
    if (fs->crs_geographic && (wrapped = vk_source_unwrap(g)) != NULL) {
        g = wrapped;
        valid = OGR_G_IsValid(g);
    }
    repaired = vk_source_repair(fs, g, f->fid, f->code, valid);
    if (repaired != NULL)
        g = repaired;
    if (vk_source_add_geometry(fs, f, g) == 0)
        vk_warnings_add(&fs->warnings, "%s: feature %ld (%s): not a polygon "
                        "(%s); counted in the join and the classes, not "
                        "drawn", fs->path, f->fid, f->code,
                        OGRGeometryTypeToName(OGR_G_GetGeometryType(g)));
    else
        vk_bbox_union(&fs->extent, &f->bbox);
    if (repaired != NULL)
        OGR_G_DestroyGeometry(repaired);
    if (wrapped != NULL)
        OGR_G_DestroyGeometry(wrapped);
}

/* ---- validity, checked in parallel ----------------------------------
 * GEOS's validity check is most of the time of reading a national layer
 * (0.3 s of CPU for 14,501 buurten, against 0.1 s for GDAL to read them),
 * so it runs on every core while the features are read: the reader (this
 * thread, OGR) fills batches in source order, a pool of checkers takes
 * chunks of the oldest batches, and the reader takes a batch's features
 * once all are checked, in order. A reader that has to wait checks too,
 * so no core idles. Each check has its own GEOS context
 * (OGR_G_IsValid); a checker only touches the geometries of the chunk it
 * took, never the layer. The results do not depend on who checked what. */

#define VALID_BATCH 256   /* features per batch */
#define VALID_SLOTS 6     /* batches in flight */
#define VALID_CHUNK 16    /* features a checker takes at a time */
#define VALID_THREADS 8

typedef struct valid_slot {
    OGRFeatureH f[VALID_BATCH];
    int valid[VALID_BATCH];
    size_t n, next, done; /* features, first not taken, checked */
} valid_slot;

typedef struct valid_pool {
    pthread_mutex_t lock;
    pthread_cond_t work, checked; /* a chunk to take; a batch complete */
    valid_slot slot[VALID_SLOTS];
    size_t head, count;           /* batches in flight, oldest first */
    int stop, nth;
    pthread_t th[VALID_THREADS];
} valid_pool;

static void
check_chunk(valid_slot *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        OGRGeometryH g = OGR_F_GetGeometryRef(s->f[i]);
        OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g))
                                 : wkbUnknown;

        s->valid[i] = (t != wkbPolygon && t != wkbMultiPolygon) ||
                      OGR_G_IsEmpty(g) || OGR_G_IsValid(g);
    }
}

/* With the lock held: takes a chunk of the oldest batch that has one,
 * checks it without the lock, and counts it. 0 when there is none. */
static int
check_some(valid_pool *p)
{
    for (size_t k = 0; k < p->count; k++) {
        valid_slot *s = &p->slot[(p->head + k) % VALID_SLOTS];
        size_t from = s->next, to;

        if (from == s->n)
            continue;
        to = from + VALID_CHUNK < s->n ? from + VALID_CHUNK : s->n;
        s->next = to;
        pthread_mutex_unlock(&p->lock);
        check_chunk(s, from, to);
        pthread_mutex_lock(&p->lock);
        s->done += to - from;
        if (s->done == s->n)
            pthread_cond_broadcast(&p->checked);
        return 1;
    }
    return 0;
}

static void *
checker(void *arg)
{
    valid_pool *p = arg;

    /* Error handlers are per thread: keep GEOS's notices quiet here too. */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    pthread_mutex_lock(&p->lock);
    while (!p->stop)
        if (!check_some(p))
            pthread_cond_wait(&p->work, &p->lock);
    pthread_mutex_unlock(&p->lock);
    CPLPopErrorHandler();
    return NULL;
}

static void
pool_start(valid_pool *p)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    int want = n < 1 ? 1 : n > VALID_THREADS ? VALID_THREADS : (int)n;

    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->checked, NULL);
    for (int t = 0; t < want; t++)
        if (pthread_create(&p->th[p->nth], NULL, checker, p) == 0)
            p->nth++;
}

static void
pool_stop(valid_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int t = 0; t < p->nth; t++)
        pthread_join(p->th[t], NULL);
    pthread_cond_destroy(&p->checked);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
}

/* The batch the reader fills next (not in flight, so its own). */
static valid_slot *
pool_free_slot(valid_pool *p)
{
    valid_slot *s = &p->slot[(p->head + p->count) % VALID_SLOTS];

    s->n = s->next = s->done = 0;
    return s;
}

/* Puts the filled batch in flight for the checkers. */
static void
pool_publish(valid_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->count++;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}

/* Waits for the oldest batch in flight, checking with the pool (GDAL's
 * last error of this thread is kept: a notice from a check is not an
 * error of the reading), then takes its features, in order. */
static void
pool_take(valid_pool *p, vk_features *fs, const vk_cols *c, int *latin1)
{
    valid_slot *s;
    CPLErr etype = CPLGetLastErrorType();
    CPLErrorNum eno = CPLGetLastErrorNo();
    char *emsg = vk_xstrdup(CPLGetLastErrorMsg());
    int helped = 0;

    pthread_mutex_lock(&p->lock);
    s = &p->slot[p->head];
    while (s->done < s->n) {
        if (!helped) {
            CPLPushErrorHandler(CPLQuietErrorHandler);
            helped = 1;
        }
        if (!check_some(p))
            pthread_cond_wait(&p->checked, &p->lock);
    }
    p->head = (p->head + 1) % VALID_SLOTS;
    p->count--;
    pthread_mutex_unlock(&p->lock);
    if (helped) {
        CPLPopErrorHandler();
        CPLErrorSetState(etype, eno, emsg);
    }
    free(emsg);
    for (size_t i = 0; i < s->n; i++) {
        read_feature(fs, s->f[i], c, latin1, s->valid[i]);
        OGR_F_Destroy(s->f[i]);
    }
}

/* The extent of fs in lon/lat degrees, or 0 when it cannot be had. */
static int
extent_lonlat(const vk_features *fs, OGRSpatialReferenceH srs, vk_bbox *ll)
{
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    int ok = 0;

    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRImportFromEPSG(wgs, 4326) == OGRERR_NONE) {
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(srs, wgs);
    }
    if (ct != NULL)
        ok = OCTTransformBounds(ct, fs->extent.minx, fs->extent.miny,
                                fs->extent.maxx, fs->extent.maxy, &ll->minx,
                                &ll->miny, &ll->maxx, &ll->maxy, 21) &&
             isfinite(ll->minx) && isfinite(ll->maxx) &&
             isfinite(ll->miny) && isfinite(ll->maxy);
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(wgs);
    return ok;
}

/* Coordinates outside the CRS's area of use mean a CRS that does not fit
 * the data (lon/lat degrees in an RD New file, a wrong .prj): an error
 * when none lies inside, a warning when they reach well beyond it. */
vk_status
vk_source_check_area_of_use(vk_features *fs, vk_error *err)
{
    OGRSpatialReferenceH srs;
    double w, s, e, n;
    const char *area = NULL;
    vk_bbox ll;
    int known;

    if (fs->n == 0 || vk_bbox_empty(&fs->extent))
        return VK_OK;
    srs = OSRNewSpatialReference(NULL);
    if (OSRSetFromUserInput(srs, fs->crs_wkt) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return VK_OK;
    }
    known = OSRGetAreaOfUse(srs, &w, &s, &e, &n, &area) && w < e && s < n &&
            w >= -180.0;
    if (!known) {
        OSRDestroySpatialReference(srs);
        return VK_OK;
    }
    if (!extent_lonlat(fs, srs, &ll) || ll.maxx < w || ll.minx > e ||
        ll.maxy < s || ll.miny > n) {
        VK_FAIL_AT(err, VK_EPROJ, fs->path, 0, "layer %s: the coordinates "
                   "(%.6g %.6g .. %.6g %.6g) lie outside the area of use of "
                   "%s (lon %.2f..%.2f, lat %.2f..%.2f)", fs->layer,
                   fs->extent.minx, fs->extent.miny, fs->extent.maxx,
                   fs->extent.maxy, fs->crs_name, w, e, s, n);
        vk_error_hint(err, "the CRS does not fit the data: check the .prj "
                      "file or --crs (lon/lat degrees given as RD New?)");
    } else if (ll.minx < w - 1.0 || ll.maxx > e + 1.0 || ll.miny < s - 1.0 ||
               ll.maxy > n + 1.0) {
        vk_warnings_add(&fs->warnings, "%s: layer %s reaches beyond the "
                        "area of use of %s (lon %.2f..%.2f, lat %.2f..%.2f "
                        "against %.2f..%.2f, %.2f..%.2f); check the CRS",
                        fs->path, fs->layer, fs->crs_name, ll.minx, ll.maxx,
                        ll.miny, ll.maxy, w, e, s, n);
    }
    OSRDestroySpatialReference(srs);
    return err->code;
}

/* Room for the features and points of layer l of the file at path, when
 * bounds are cheap: the feature count when the driver knows it without a
 * scan (GeoPackage, Shapefile), and a point per 16 bytes of the file (a
 * point takes 16 in WKB and in a .shp, more in text). Untouched room
 * costs address space only; a bound that is wrong just means growing.
 * Reading the national buurten this way touches 42 MB of points instead
 * of 105 (the blocks that doubling copies through). */
static void
reserve_room(vk_features *fs, OGRLayerH l, const char *path)
{
    GIntBig n = OGR_L_GetFeatureCount(l, FALSE);
    struct stat st;

    if (n > 0 && n < (GIntBig)1 << 28) {
        fs->f = vk_xreallocarray(fs->f, (size_t)n, sizeof *fs->f);
        fs->cap = (size_t)n;
    }
    /* At most 256 MiB ahead: the rest, if any, by growing. */
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        vk_geomset_reserve(&fs->g, st.st_size / 16 < (off_t)1 << 24
                                       ? (size_t)(st.st_size / 16)
                                       : (size_t)1 << 24);
}

/* The field of a role: the column opts names (which must exist), else
 * the level's CBS names. -1 when there is none. */
static int
role_field(const vk_features *fs, OGRFeatureDefnH defn, const char *given,
           const char *option, const char *const *cbs, vk_error *err)
{
    const char *names[3] = {given, NULL, NULL};
    int i;

    if (given == NULL)
        return cbs[0] != NULL ? find_field(defn, cbs) : -1;
    if ((i = find_field(defn, names)) < 0) {
        char *have = list_fields(defn);

        VK_FAIL_AT(err, VK_EDATA, fs->path, 0, "layer %s has no column "
                   "\"%s\" (%s)", fs->layer, given, option);
        vk_error_hint(err, "the layer has: %s", have);
        free(have);
    }
    return i;
}

vk_status
vk_source_columns(vk_features *fs, OGRLayerH l, vk_level level,
                  const vk_source_opts *opts, vk_cols *cols, vk_error *err)
{
    static const vk_source_opts none = {0};
    const level_cols *c = &COLS[level];
    const vk_source_opts *o = level == VK_LEVEL_BUURT && opts ? opts : &none;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int *idx = cols->idx;

    memset(cols, 0, sizeof *cols);
    /* Only the key is required, and the roles named. */
    if (o->key != NULL) {
        const char *names[3] = {o->key, NULL, NULL};

        idx[0] = find_field(defn, names);
    } else {
        idx[0] = find_field(defn, c->code);
    }
    if (idx[0] < 0) {
        char *have = list_fields(defn);

        VK_FAIL_AT(err, VK_EDATA, fs->path, 0, "layer %s has no key column "
                   "\"%s\"", fs->layer, o->key ? o->key : c->code[0]);
        vk_error_hint(err, "the layer has: %s; name the key with --key",
                      have);
        free(have);
        return VK_EDATA;
    }
    idx[1] = role_field(fs, defn, o->name_field, "--name-field", c->name,
                        err);
    idx[2] = role_field(fs, defn, o->wijk_field, "--wijk-field", c->wijk,
                        err);
    idx[3] = role_field(fs, defn, o->area_field, "--area-field", c->gem,
                        err);
    idx[4] = find_field(defn, c->gemnaam);
    idx[5] = role_field(fs, defn, o->water_field, "--water-field",
                        c->water, err);
    idx[6] = role_field(fs, defn, o->population_field,
                        "--population-field", c->inw, err);
    if (err->code != VK_OK)
        return err->code;
    /* The attributes asked for that the layer has, once each (all of
     * them but the key with all_columns). */
    for (size_t k = 0; k < (o->all_columns ? (size_t)OGR_FD_GetFieldCount(
                                                  defn)
                                            : o->ncolumns);
         k++) {
        const char *names[3] = {
            o->all_columns ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(
                                 defn, (int)k))
                           : o->columns[k],
            NULL, NULL};
        int i = o->all_columns && (int)k == idx[0] ? -1
                                                   : find_field(defn, names);
        size_t j;

        for (j = 0; i >= 0 && j < cols->nkeep && cols->keep[j] != i; j++)
            ;
        if (i < 0 || j < cols->nkeep)
            continue;
        cols->keep = vk_xreallocarray(cols->keep, cols->nkeep + 1,
                                      sizeof *cols->keep);
        cols->keep[cols->nkeep++] = i;
        fs->attr_names = vk_xreallocarray(fs->attr_names, fs->nattrs + 1,
                                          sizeof *fs->attr_names);
        fs->attr_names[fs->nattrs++] = vk_xstrdup(
            OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    return VK_OK;
}

void
vk_cols_free(vk_cols *c)
{
    free(c->keep);
    c->keep = NULL;
    c->nkeep = 0;
}

/* Reads the layer of a level: for the buurten the one opts names, with
 * its key, roles, columns and CRS; for the others the layer called
 * layer, with the CBS names. */
static vk_features *
read_layer(GDALDatasetH ds, const char *path, const char *layer,
           vk_level level, const vk_source_opts *opts, vk_error *err)
{
    OGRLayerH l = vk_source_pick_layer(ds, path, layer, level, err);
    OGRFeatureH feat;
    vk_features *fs;
    vk_cols cols = {{0}, NULL, 0};
    int latin1 = 0;

    if (l == NULL ||
        (fs = vk_source_layer_set(path, l,
                                  level == VK_LEVEL_BUURT ? opts->crs : NULL,
                                  opts->crs_optional, err)) == NULL)
        return NULL;
    if (vk_source_columns(fs, l, level, opts, &cols, err) != VK_OK) {
        vk_cols_free(&cols);
        vk_features_destroy(fs);
        return NULL;
    }
    reserve_room(fs, l, path);
    /* Read every feature in the order the source gives, checked by the
     * pool while the next ones are read. */
    OGR_L_ResetReading(l);
    {
        valid_pool *pool = vk_xmalloc(sizeof *pool);

        int more = 1;

        pool_start(pool);
        while (more) {
            valid_slot *s;

            if (pool->count == VALID_SLOTS)
                pool_take(pool, fs, &cols, &latin1);
            s = pool_free_slot(pool);
            while (s->n < VALID_BATCH &&
                   (more = (feat = OGR_L_GetNextFeature(l)) != NULL))
                s->f[s->n++] = feat;
            if (s->n > 0)
                pool_publish(pool);
        }
        while (pool->count > 0)
            pool_take(pool, fs, &cols, &latin1);
        pool_stop(pool);
        free(pool);
    }
    vk_cols_free(&cols);
    if (latin1 > 0)
        vk_warnings_add(&fs->warnings, "%s: layer %s: %d names are not "
                        "UTF-8 and were read as Latin-1; for a Shapefile, "
                        "add a .cpg file naming its encoding (e.g. "
                        "ISO-8859-1 or UTF-8)", path, fs->layer, latin1);
    if (vk_source_check_area_of_use(fs, err) != VK_OK) {
        vk_features_destroy(fs);
        return NULL;
    }
    if (CPLGetLastErrorType() >= CE_Failure && fs->n == 0) {
        VK_FAIL_AT(err, VK_EFORMAT, path, 0, "reading layer %s failed: %s",
                   fs->layer, CPLGetLastErrorMsg());
        vk_features_destroy(fs);
        return NULL;
    }
    return fs;
}

GDALDatasetH
vk_source_open_dataset(const char *path, vk_error *err)
{
    GDALDatasetH ds;

    struct stat st;

    /* A missing file says so (GDAL says nothing); connection strings such
     * as PG:... and GDAL's virtual files are left to GDAL. */
    if (strchr(path, ':') == NULL && strncmp(path, "/vsi", 4) != 0 &&
        stat(path, &st) != 0) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot open: %s", strerror(errno));
        vk_error_hint(err, "check the path given with --boundaries");
        return NULL;
    }
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (ds == NULL) {
        const char *msg = CPLGetLastErrorMsg();

        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot open as vector data%s%s",
                   msg[0] ? ": " : "", msg);
        vk_error_hint(err, "give a GeoPackage (.gpkg), Shapefile (.shp) or "
                      "another format GDAL reads");
    }
    CPLPopErrorHandler();
    return ds;
}

/* Where lon/lat data fs are cut (lonlat.c): the middle of their widest
 * gap in longitude; NAN when they leave none (or are not lon/lat). */
static double
lonlat_cut(const vk_features *fs)
{
    double c;

    return fs->crs_geographic && vk_features_lon_gap(fs, 1.0, &c) ? c : NAN;
}

/* Lon/lat fs put in the window of longitudes from cut, so data across the
 * antimeridian stay whole; with cut NAN (no gap: the world) split at 180
 * degrees instead. */
static void
lonlat_arrange(vk_features *fs, double cut)
{
    if (fs == NULL || !fs->crs_geographic)
        return;
    if (isnan(cut))
        vk_features_wrap_dateline(fs);
    else
        vk_source_lonlat_window(fs, cut);
}

vk_features *
vk_source_read_buurten(const char *path, const vk_source_opts *opts,
                       vk_error *err)
{
    static const vk_source_opts none = {0};
    GDALDatasetH ds = vk_source_open_dataset(path, err);
    vk_features *fs;

    if (ds == NULL)
        return NULL;
    if (opts == NULL)
        opts = &none;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    fs = read_layer(ds, path, opts->layer, VK_LEVEL_BUURT, opts, err);
    CPLPopErrorHandler();
    GDALClose(ds);
    if (fs != NULL)
        lonlat_arrange(fs, lonlat_cut(fs));
    return fs;
}

vk_features *
vk_source_read_layer(const char *path, const char *layer, const char *key,
                     const char *crs, vk_error *err)
{
    vk_source_opts o = {.layer = layer, .key = key, .crs = crs};

    return vk_source_read_buurten(path, &o, err);
}

/* Reads the wijken or gemeenten layer if the dataset has one, else
 * dissolves them from the buurten. */
static vk_features *
read_or_dissolve(GDALDatasetH ds, const char *path, const vk_features *buurten,
                 vk_level level, const vk_source_opts *opts, vk_error *err)
{
    static const char *const names[] = {NULL, "wijken", "gemeenten"};
    vk_features *fs;

    if (GDALDatasetGetLayerByName(ds, names[level]) == NULL)
        return vk_source_dissolve(buurten, level, err);
    fs = read_layer(ds, path, names[level], level, opts, err);
    if (fs != NULL && strcmp(fs->crs_wkt, buurten->crs_wkt) != 0) {
        vk_features_destroy(fs);
        VK_FAIL_AT(err, VK_EPROJ, path, 0,
                   "layer %s is in another CRS than the buurten",
                   names[level]);
        vk_error_hint(err, "put all three layers in one CRS, e.g. with "
                      "ogr2ogr -t_srs EPSG:28992");
        return NULL;
    }
    return fs;
}

vk_status
vk_source_read_boundaries(const char *path, const vk_source_opts *opts,
                          vk_boundaries **out, vk_error *err)
{
    static const vk_source_opts none = {0};
    GDALDatasetH ds = vk_source_open_dataset(path, err);
    vk_boundaries *b;
    double cut = NAN;

    if (ds == NULL)
        return err->code;
    if (opts == NULL)
        opts = &none;
    b = vk_xcalloc(1, sizeof *b);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    b->buurten = read_layer(ds, path, opts->layer, VK_LEVEL_BUURT, opts,
                            err);
    if (b->buurten != NULL && vk_bbox_empty(&b->buurten->extent)) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "layer %s has no features with "
                   "an area", b->buurten->layer);
        vk_error_hint(err, "check that this is the buurten layer");
    }
    /* Lon/lat levels in the buurten's window, before the dissolve. */
    if (err->code == VK_OK) {
        cut = lonlat_cut(b->buurten);
        lonlat_arrange(b->buurten, cut);
        b->wijken = read_or_dissolve(ds, path, b->buurten, VK_LEVEL_WIJK,
                                     opts, err);
    }
    if (err->code == VK_OK) {
        lonlat_arrange(b->wijken, cut);
        b->gemeenten = read_or_dissolve(ds, path, b->buurten,
                                        VK_LEVEL_GEMEENTE, opts, err);
    }
    if (err->code == VK_OK)
        lonlat_arrange(b->gemeenten, cut);
    CPLPopErrorHandler();
    GDALClose(ds);
    if (err->code != VK_OK) {
        vk_boundaries_destroy(b);
        return err->code;
    }
    *out = b;
    return VK_OK;
}

void
vk_features_destroy(vk_features *fs)
{
    if (fs == NULL)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].code);
        free(fs->f[i].name);
        free(fs->f[i].wijkcode);
        free(fs->f[i].gemeentecode);
        free(fs->f[i].gemeentenaam);
        for (size_t k = 0; fs->f[i].attrs != NULL && k < fs->nattrs; k++)
            free(fs->f[i].attrs[k]);
        free(fs->f[i].attrs);
    }
    for (size_t k = 0; k < fs->nattrs; k++)
        free(fs->attr_names[k]);
    free(fs->attr_names);
    free(fs->f);
    vk_geomset_free(&fs->g);
    vk_warnings_free(&fs->warnings);
    free(fs->path);
    free(fs->layer);
    free(fs->crs_wkt);
    free(fs->crs_name);
    free(fs);
}

double
vk_crs_unit_m(const char *crs)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    double m = 0;

    if (crs != NULL && OSRSetFromUserInput(srs, crs) == OGRERR_NONE &&
        OSRIsProjected(srs))
        m = OSRGetLinearUnits(srs, NULL);
    OSRDestroySpatialReference(srs);
    return m > 0 && isfinite(m) ? m : 0;
}

double
vk_features_unit_m(const vk_features *fs)
{
    return fs->crs_unit_m > 0 ? fs->crs_unit_m : 1;
}

void
vk_features_copy_crs(vk_features *dst, const vk_features *src)
{
    free(dst->crs_wkt);
    free(dst->crs_name);
    dst->crs_wkt = vk_xstrdup(src->crs_wkt);
    dst->crs_name = vk_xstrdup(src->crs_name);
    dst->crs_geographic = src->crs_geographic;
    dst->crs_unit_m = src->crs_unit_m;
}

void
vk_boundaries_destroy(vk_boundaries *b)
{
    if (b == NULL)
        return;
    vk_features_destroy(b->buurten);
    vk_features_destroy(b->wijken);
    vk_features_destroy(b->gemeenten);
    free(b);
}

long
vk_features_find(const vk_features *fs, const char *code)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->f[i].code != NULL && strcmp(fs->f[i].code, code) == 0)
            return (long)i;
    return -1;
}
