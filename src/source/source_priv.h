/* SPDX-License-Identifier: MIT */
/* Internals shared by the source module's files. */
#ifndef VK_SOURCE_PRIV_H
#define VK_SOURCE_PRIV_H

#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>

#include "vk/source.h"

/* Builds a set of wijken or gemeenten from the buurten by dissolving them on
 * wijkcode or gemeentecode with GEOS. Returns a new set or NULL with err set. */
vk_features *vk_source_dissolve(const vk_features *buurten, vk_level level,
                                vk_error *err);

/* Appends a feature with empty geometry and copies of the strings. */
vk_feature *vk_features_append(vk_features *fs);

/* source.c, shared with the reading on demand (ondemand.c). */

/* Opens path as a vector dataset, read-only; VK_EIO naming it. */
GDALDatasetH vk_source_open_dataset(const char *path, vk_error *err);
/* The layer named, else the level's usual name, else the only one. */
OGRLayerH vk_source_pick_layer(GDALDatasetH ds, const char *path,
                               const char *layer, vk_level level,
                               vk_error *err);
/* The CRS fields of fs from the layer, or from crs when it has none;
 * without either, with optional, none (crs_wkt ""), else VK_EPROJ. */
vk_status vk_source_read_crs(vk_features *fs, OGRLayerH l, const char *crs,
                             int optional, vk_error *err);
/* A new, empty feature set for layer l of path: its name, an empty
 * extent and its CRS (vk_source_read_crs); NULL with err set. */
vk_features *vk_source_layer_set(const char *path, OGRLayerH l,
                                 const char *crs, int crs_optional,
                                 vk_error *err);
/* Where a level's columns are in its layer. */
typedef struct vk_cols {
    int idx[7];  /* key, name, wijkcode, gemeentecode, gemeentenaam, water,
                    aantal_inwoners; -1: none */
    int *keep;   /* the attribute columns kept (fs->attr_names), nkeep */
    size_t nkeep;
} vk_cols;

/* The fields of a level's columns in l into c, the roles as opts names
 * them (buurten only; NULL: the CBS names), the columns of opts that l
 * has kept as fs's attributes; VK_EDATA without a key column or a role
 * column named in opts. Free c with vk_cols_free. */
vk_status vk_source_columns(vk_features *fs, OGRLayerH l, vk_level level,
                            const vk_source_opts *opts, vk_cols *c,
                            vk_error *err);
void vk_cols_free(vk_cols *c);
/* The attributes of feat into f (fid too). */
void vk_source_attrs(vk_feature *f, OGRFeatureH feat, const vk_cols *c,
                     int *latin1);
/* Says that feature f has no area (g NULL or EMPTY): it counts in the
 * join and the classes and is not drawn; the one wording of the eager and
 * the on-demand reader. */
void vk_source_warn_no_area(vk_features *fs, const vk_feature *f,
                            OGRGeometryH g);
/* lonlat.c: a copy of lon/lat polygon g with its rings made continuous
 * where an edge spans more than half a turn (179 to -179 degrees becomes
 * 179 to 181, holes beside their shell); NULL when none does. Caller
 * destroys it. */
OGRGeometryH vk_source_unwrap(OGRGeometryH g);
/* Moves each polygon of lon/lat fs by whole turns into the window of
 * longitudes [cut, cut + 360), cut in a gap of the data (no polygon
 * reaches across it); bboxes and extent follow. */
void vk_source_lonlat_window(vk_features *fs, double cut);
/* A repaired copy of an invalid polygon (valid 0), said in fs's warnings;
 * NULL when it is valid or no polygon. Caller destroys it. */
OGRGeometryH vk_source_repair(vk_features *fs, OGRGeometryH g, long fid,
                              const char *code, int valid);
/* Appends the polygons of g to feature f (the last of fs); returns how
 * many. */
size_t vk_source_add_geometry(vk_features *fs, vk_feature *f,
                              OGRGeometryH g);

/* A GEOS context whose notices and errors are silent (results are
 * checked instead); GEOS_finish_r it. dissolve.c. */
GEOSContextHandle_t vk_source_geos_init(void);
/* The interior point of feature i of fs (GEOS's point on the surface of
 * its largest polygon) into *x, *y through h: 1, or 0 for a feature
 * without area or an invalid geometry. dissolve.c. */
int vk_source_interior_point_r(GEOSContextHandle_t h, const vk_features *fs,
                               size_t i, double *x, double *y);
/* Polygon p of g as a GEOS polygon (caller destroys it); dissolve.c. */
GEOSGeometry *vk_source_poly_to_geos(GEOSContextHandle_t h,
                                     const vk_geomset *g, size_t p);

#endif
