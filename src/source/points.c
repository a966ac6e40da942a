/* SPDX-License-Identifier: MIT */
/* A finer layer as counted points: 100 m grid cells or address points with
 * a number of inhabitants, each taken at one point (a polygon's centroid),
 * for weights by population. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "source_priv.h"

/* The inhabitants column: the one named, else the usual names. */
static int
count_field(OGRLayerH l, const char *column)
{
    static const char *const usual[] = {"aantal_inwoners", "AANT_INW",
                                        "inwoners", "INWONER", "inwoner",
                                        "population"};
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);

    if (column != NULL)
        return OGR_FD_GetFieldIndex(d, column);
    for (size_t i = 0; i < sizeof usual / sizeof *usual; i++) {
        int idx = OGR_FD_GetFieldIndex(d, usual[i]);

        if (idx >= 0)
            return idx;
    }
    return -1;
}

static void
read_points(vk_features *fs, OGRLayerH l, int idx)
{
    OGRFeatureH feat;
    size_t skipped = 0;

    OGR_L_ResetReading(l);
    while ((feat = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat), c = NULL;
        double v = OGR_F_IsFieldSetAndNotNull(feat, idx)
                       ? OGR_F_GetFieldAsDouble(feat, idx) : NAN;

        if (g == NULL || OGR_G_IsEmpty(g) || !(v > 0)) {
            skipped += g == NULL || OGR_G_IsEmpty(g);
            OGR_F_Destroy(feat);
            continue;
        }
        if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
            c = OGR_G_CreateGeometry(wkbPoint);
            if (OGR_G_Centroid(g, c) != OGRERR_NONE || OGR_G_IsEmpty(c)) {
                OGR_G_DestroyGeometry(c);
                skipped++;
                OGR_F_Destroy(feat);
                continue;
            }
            g = c;
        }
        {
            vk_feature *f = vk_features_append(fs);

            f->fid = (long)OGR_F_GetFID(feat);
            f->inwoners = v;
            vk_geomset_add_point(&fs->g, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
            vk_geomset_end_ring(&fs->g);
            vk_geomset_end_poly(&fs->g);
            f->poly_count = 1;
            vk_bbox_add(&f->bbox, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
            vk_bbox_union(&fs->extent, &f->bbox);
        }
        if (c != NULL)
            OGR_G_DestroyGeometry(c);
        OGR_F_Destroy(feat);
    }
    if (skipped > 0)
        vk_warnings_add(&fs->warnings, "%s: %zu features without geometry "
                        "left out", fs->path, skipped);
}

vk_features *
vk_source_read_points(const char *path, const char *layer,
                      const char *column, const char *crs, vk_error *err)
{
    GDALDatasetH ds = vk_source_open_dataset(path, err);
    vk_features *fs = NULL;
    OGRLayerH l;
    int idx;

    if (ds == NULL)
        return NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (layer == NULL && GDALDatasetGetLayerCount(ds) == 1)
        l = GDALDatasetGetLayer(ds, 0);
    else
        l = vk_source_pick_layer(ds, path, layer, VK_LEVEL_BUURT, err);
    if (l == NULL)
        goto done;
    if ((idx = count_field(l, column)) < 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "layer %s has no inhabitants "
                   "column%s%s%s", OGR_L_GetName(l), column ? " \"" : "",
                   column ? column : "", column ? "\"" : "");
        vk_error_hint(err, "name it with --population-column (usual: "
                      "aantal_inwoners, inwoners)");
        goto done;
    }
    if ((fs = vk_source_layer_set(path, l, crs, 0, err)) != NULL)
        read_points(fs, l, idx);
done:
    CPLPopErrorHandler();
    GDALClose(ds);
    return fs;
}
