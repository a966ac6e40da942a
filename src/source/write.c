/* SPDX-License-Identifier: MIT */
/* Writes a feature set as a GeoPackage or Shapefile layer with the CBS
 * 2022+ column names, through the GDAL C API. */

/* VSIStatBufL is struct stat64, which strict C11 hides without this. */
#define _LARGEFILE64_SOURCE 1

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "vk/source.h"

/* CBS writes this where a number is unknown or kept secret. */
#define CBS_NODATA (-99997)

/* Where a column's value comes from in a vk_feature. */
typedef enum col_src {
    COL_CODE,
    COL_NAME,
    COL_WIJKCODE,
    COL_GEMEENTECODE,
    COL_GEMEENTENAAM,
    COL_WATER,
    COL_INWONERS
} col_src;

typedef struct col_def {
    const char *name;
    col_src src;
} col_def;

/* The columns of each level, in CBS order. */
static const col_def buurt_cols[] = {
    {"buurtcode", COL_CODE},
    {"buurtnaam", COL_NAME},
    {"wijkcode", COL_WIJKCODE},
    {"gemeentecode", COL_GEMEENTECODE},
    {"gemeentenaam", COL_GEMEENTENAAM},
    {"water", COL_WATER},
    {"aantal_inwoners", COL_INWONERS},
};
static const col_def wijk_cols[] = {
    {"wijkcode", COL_CODE},
    {"wijknaam", COL_NAME},
    {"gemeentecode", COL_GEMEENTECODE},
    {"gemeentenaam", COL_GEMEENTENAAM},
    {"water", COL_WATER},
    {"aantal_inwoners", COL_INWONERS},
};
static const col_def gemeente_cols[] = {
    {"gemeentecode", COL_CODE},
    {"gemeentenaam", COL_NAME},
    {"water", COL_WATER},
    {"aantal_inwoners", COL_INWONERS},
};

/* Everything that must be released, whatever happened. */
typedef struct writer {
    const char *path;
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    OGRLayerH layer;
    int in_transaction;
} writer;

static const char *
gdal_msg(void)
{
    const char *m = CPLGetLastErrorMsg();

    return (m != NULL && m[0] != '\0') ? m : "unknown GDAL error";
}

static const char *
text_of(const vk_feature *f, col_src src)
{
    switch (src) {
    case COL_CODE:
        return f->code;
    case COL_NAME:
        return f->name;
    case COL_WIJKCODE:
        return f->wijkcode;
    case COL_GEMEENTECODE:
        return f->gemeentecode;
    case COL_GEMEENTENAAM:
        return f->gemeentenaam;
    case COL_WATER:
        return f->water ? "JA" : "NEE";
    case COL_INWONERS:
        break;
    }
    return NULL;
}

static int
inwoners_of(const vk_feature *f)
{
    if (isnan(f->inwoners) || f->inwoners < INT_MIN || f->inwoners > INT_MAX)
        return CBS_NODATA;
    return (int)lround(f->inwoners);
}

/* The gemeente level keeps its own code and name in the code/name slots. */
static col_def
level_col(const col_def *c, vk_level level)
{
    col_def d = *c;

    if (level == VK_LEVEL_GEMEENTE && d.src == COL_GEMEENTECODE)
        d.src = COL_CODE;
    if (level == VK_LEVEL_GEMEENTE && d.src == COL_GEMEENTENAAM)
        d.src = COL_NAME;
    return d;
}

static vk_status
open_dataset(writer *w, GDALDriverH drv, int gpkg, vk_error *err)
{
    VSIStatBufL st;
    int exists = VSIStatL(w->path, &st) == 0;

    /* A GeoPackage grows by a layer; any other format starts afresh. */
    if (gpkg && exists) {
        const char *const drivers[] = {"GPKG", NULL};

        w->ds = GDALOpenEx(w->path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers,
                           NULL, NULL);
        if (w->ds == NULL) {
            const char *m = CPLGetLastErrorMsg();

            VK_FAIL_AT(
                err, VK_EIO, w->path, 0,
                "not a GeoPackage, or it cannot be opened for update%s%s",
                m[0] != '\0' ? ": " : "", m);
            vk_error_hint(err, "remove the file or choose another name");
            return VK_EIO;
        }
        return VK_OK;
    }
    if (exists && GDALDeleteDataset(drv, w->path) != CE_None) {
        VK_FAIL_AT(err, VK_EIO, w->path, 0, "cannot replace file: %s",
                   gdal_msg());
        return VK_EIO;
    }
    w->ds = GDALCreate(drv, w->path, 0, 0, 0, GDT_Unknown, NULL);
    if (w->ds == NULL) {
        VK_FAIL_AT(err, VK_EIO, w->path, 0, "cannot create file: %s",
                   gdal_msg());
        return VK_EIO;
    }
    return VK_OK;
}

static vk_status
make_srs(writer *w, const vk_features *fs, vk_error *err)
{
    if (fs->crs_wkt == NULL || fs->crs_wkt[0] == '\0')
        return VK_OK;
    w->srs = OSRNewSpatialReference(NULL);
    if (OSRSetFromUserInput(w->srs, fs->crs_wkt) != OGRERR_NONE) {
        VK_FAIL_AT(err, VK_EIO, w->path, 0,
                   "cannot set the coordinate reference system: %s",
                   gdal_msg());
        return VK_EIO;
    }
    /* Our coordinates are x/easting first, whatever the CRS axis order. */
    OSRSetAxisMappingStrategy(w->srs, OAMS_TRADITIONAL_GIS_ORDER);
    return VK_OK;
}

/* Layer creation options: overwrite in a GeoPackage; UTF-8 (.cpg) and, when
 * OGR_CURRENT_DATE is set, a fixed DBF header date for a Shapefile, so that
 * repeated runs give identical bytes. */
static char **
layer_options(int gpkg)
{
    char **opt = NULL;
    const char *now = CPLGetConfigOption("OGR_CURRENT_DATE", NULL);
    char day[11];

    if (gpkg)
        return CSLSetNameValue(opt, "OVERWRITE", "YES");
    opt = CSLSetNameValue(opt, "ENCODING", "UTF-8");
    if (now != NULL && strlen(now) >= 10 && now[4] == '-' && now[7] == '-') {
        memcpy(day, now, 10);
        day[10] = '\0';
        opt = CSLSetNameValue(opt, "DBF_DATE_LAST_UPDATE", day);
    }
    return opt;
}

static vk_status
create_fields(writer *w, const vk_features *fs, const col_def *cols,
              size_t ncols, vk_level level, int gpkg, vk_error *err)
{
    for (size_t c = 0; c < ncols; c++) {
        col_def d = level_col(&cols[c], level);
        int integer = d.src == COL_INWONERS;
        OGRFieldDefnH fd =
            OGR_Fld_Create(d.name, integer ? OFTInteger : OFTString);
        OGRErr e;

        /* A DBF needs a width; give it the longest value (in bytes). */
        if (!gpkg && !integer) {
            size_t width = 1;

            for (size_t i = 0; i < fs->n; i++) {
                const char *s = text_of(&fs->f[i], d.src);

                if (s != NULL && strlen(s) > width)
                    width = strlen(s);
            }
            OGR_Fld_SetWidth(fd, width > 254 ? 254 : (int)width);
        }
        e = OGR_L_CreateField(w->layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            VK_FAIL_AT(err, VK_EIO, w->path, 0, "cannot create column %s: %s",
                       d.name, gdal_msg());
            return VK_EIO;
        }
    }
    return VK_OK;
}

/* One feature's polygons as an OGR MultiPolygon; first ring of each polygon
 * is the shell, the others holes. Returns NULL for an empty feature. */
static OGRGeometryH
make_geometry(const vk_geomset *g, const vk_feature *f)
{
    OGRGeometryH mp;
    const int stride = (int)(2 * sizeof(double));

    if (f->poly_count == 0)
        return NULL;
    mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);

        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            size_t off = g->ring_off[r];
            size_t n = g->ring_off[r + 1] - off;

            OGR_G_SetPoints(ring, (int)n, &g->xy[2 * off], stride,
                            &g->xy[2 * off + 1], stride, NULL, 0);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        OGR_G_AddGeometryDirectly(mp, poly);
    }
    return mp;
}

static vk_status
write_features(writer *w, const vk_features *fs, const col_def *cols,
               size_t ncols, vk_level level, vk_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(w->layer);

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];
        OGRFeatureH feat = OGR_F_Create(defn);
        OGRGeometryH geom = make_geometry(&fs->g, f);
        OGRErr e;

        /* Attributes in column order; NULL strings stay unset (NULL). */
        for (size_t c = 0; c < ncols; c++) {
            col_def d = level_col(&cols[c], level);
            const char *s;

            if (d.src == COL_INWONERS) {
                OGR_F_SetFieldInteger(feat, (int)c, inwoners_of(f));
                continue;
            }
            s = text_of(f, d.src);
            if (s != NULL)
                OGR_F_SetFieldString(feat, (int)c, s);
        }
        if (geom != NULL)
            OGR_F_SetGeometryDirectly(feat, geom);
        e = OGR_L_CreateFeature(w->layer, feat);
        OGR_F_Destroy(feat);
        if (e != OGRERR_NONE) {
            VK_FAIL_AT(err, VK_EIO, w->path, 0,
                       "layer %s: cannot write feature %s: %s",
                       OGR_L_GetName(w->layer),
                       f->code != NULL ? f->code : "(no code)", gdal_msg());
            vk_error_feature(err, (long)i);
            return VK_EIO;
        }
    }
    return VK_OK;
}

static vk_status
write_layer(writer *w, const char *driver, const char *layer,
            const vk_features *fs, vk_level level, vk_error *err)
{
    GDALDriverH drv = GDALGetDriverByName(driver);
    int gpkg = strcmp(driver, "GPKG") == 0;
    const col_def *cols;
    size_t ncols;
    char **opt;
    vk_status st;

    if (drv == NULL) {
        VK_FAIL_AT(err, VK_EIO, w->path, 0, "GDAL has no %s driver", driver);
        return VK_EIO;
    }
    switch (level) {
    case VK_LEVEL_WIJK:
        cols = wijk_cols;
        ncols = sizeof wijk_cols / sizeof *wijk_cols;
        break;
    case VK_LEVEL_GEMEENTE:
        cols = gemeente_cols;
        ncols = sizeof gemeente_cols / sizeof *gemeente_cols;
        break;
    case VK_LEVEL_BUURT:
    default:
        cols = buurt_cols;
        ncols = sizeof buurt_cols / sizeof *buurt_cols;
        break;
    }

    /* Open or create the dataset, then the layer in the features' CRS. */
    if ((st = open_dataset(w, drv, gpkg, err)) != VK_OK ||
        (st = make_srs(w, fs, err)) != VK_OK)
        return st;
    opt = layer_options(gpkg);
    w->layer =
        GDALDatasetCreateLayer(w->ds, layer, w->srs, wkbMultiPolygon, opt);
    CSLDestroy(opt);
    if (w->layer == NULL) {
        VK_FAIL_AT(err, VK_EIO, w->path, 0, "cannot create layer %s: %s", layer,
                   gdal_msg());
        return VK_EIO;
    }
    if ((st = create_fields(w, fs, cols, ncols, level, gpkg, err)) != VK_OK)
        return st;

    /* One transaction for all features: SQLite is slow per statement. */
    if (gpkg) {
        if (GDALDatasetStartTransaction(w->ds, FALSE) != OGRERR_NONE) {
            VK_FAIL_AT(err, VK_EIO, w->path, 0,
                       "cannot start a transaction: %s", gdal_msg());
            return VK_EIO;
        }
        w->in_transaction = 1;
    }
    if ((st = write_features(w, fs, cols, ncols, level, err)) != VK_OK)
        return st;
    if (w->in_transaction) {
        w->in_transaction = 0;
        if (GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE) {
            VK_FAIL_AT(err, VK_EIO, w->path, 0, "cannot commit layer %s: %s",
                       layer, gdal_msg());
            return VK_EIO;
        }
    }
    return VK_OK;
}

vk_status
vk_source_write_layer(const char *path, const char *driver, const char *layer,
                      const vk_features *fs, vk_level level, vk_error *err)
{
    writer w = {.path = path};
    vk_status st;

    /* GDAL registers its drivers once, however often it is asked. */
    GDALAllRegister();
    /* Library code never prints: keep GDAL quiet and report its message. */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    st = write_layer(&w, driver, layer, fs, level, err);
    if (w.in_transaction)
        GDALDatasetRollbackTransaction(w.ds);
    if (w.ds != NULL) {
        /* Closing flushes; a failure then shows only as the last error. */
        CPLErrorReset();
        GDALClose(w.ds);
        if (st == VK_OK && CPLGetLastErrorType() >= CE_Failure) {
            VK_FAIL_AT(err, VK_EIO, path, 0, "cannot finish writing: %s",
                       gdal_msg());
            st = VK_EIO;
        }
    }
    if (w.srs != NULL)
        OSRDestroySpatialReference(w.srs);
    CPLPopErrorHandler();
    return st;
}
