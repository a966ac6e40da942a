/* SPDX-License-Identifier: MIT */
/* A werkgebied drawn as polygons: read any OGR polygon layer, and select
 * the buurten whose interior point lies in one of its polygons. */
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "source_priv.h"

vk_features *
vk_source_read_polygons(const char *path, const char *crs, vk_error *err)
{
    GDALDatasetH ds = vk_source_open_dataset(path, err);
    vk_features *fs = NULL;
    OGRFeatureH feat;
    OGRLayerH l;

    if (ds == NULL)
        return NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if ((l = GDALDatasetGetLayer(ds, 0)) == NULL) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "no layer");
        goto done;
    }
    if ((fs = vk_source_layer_set(path, l, crs, 0, err)) == NULL)
        goto done;
    OGR_L_ResetReading(l);
    while ((feat = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);

        if (g != NULL && !OGR_G_IsEmpty(g)) {
            vk_feature *f = vk_features_append(fs);

            f->fid = (long)OGR_F_GetFID(feat);
            /* Points and lines hold no polygon: no feature. */
            if (vk_source_add_geometry(fs, f, g) == 0)
                fs->n--;
            else
                vk_bbox_union(&fs->extent, &f->bbox);
        }
        OGR_F_Destroy(feat);
    }
    if (fs->n == 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "layer %s has no polygons",
                   fs->layer);
        vk_error_hint(err, "a werkgebied file holds the area as polygons, "
                           "or is a CSV of codes");
        vk_features_destroy(fs);
        fs = NULL;
    }
done:
    CPLPopErrorHandler();
    GDALClose(ds);
    return fs;
}

void
vk_source_select_inside(const vk_features *polys, const vk_features *bu,
                        unsigned char *mask)
{
    GEOSContextHandle_t h = vk_source_geos_init();
    size_t np = polys->g.npolys;
    GEOSGeometry **g = vk_xcalloc(np + 1, sizeof *g);
    const GEOSPreparedGeometry **pg = vk_xcalloc(np + 1, sizeof *pg);
    vk_bbox *box = vk_xcalloc(np + 1, sizeof *box);

    for (size_t p = 0; p < np; p++) {
        vk_bbox_reset(&box[p]);
        for (size_t r = polys->g.poly_off[p]; r < polys->g.poly_off[p + 1];
             r++)
            for (size_t k = polys->g.ring_off[r];
                 k < polys->g.ring_off[r + 1]; k++)
                vk_bbox_add(&box[p], polys->g.xy[2 * k],
                            polys->g.xy[2 * k + 1]);
        if ((g[p] = vk_source_poly_to_geos(h, &polys->g, p)) != NULL)
            pg[p] = GEOSPrepare_r(h, g[p]);
    }
    for (size_t i = 0; i < bu->n; i++) {
        const vk_feature *f = &bu->f[i];
        double x, y;

        mask[i] = 0;
        if (f->poly_count == 0 || vk_bbox_empty(&f->bbox) ||
            f->bbox.maxx < polys->extent.minx ||
            f->bbox.minx > polys->extent.maxx ||
            f->bbox.maxy < polys->extent.miny ||
            f->bbox.miny > polys->extent.maxy)
            continue;
        if (!vk_source_interior_point_r(h, bu, i, &x, &y))
            continue;
        for (size_t p = 0; p < np && !mask[i]; p++) {
            GEOSGeometry *pt;

            if (pg[p] == NULL || x < box[p].minx || x > box[p].maxx ||
                y < box[p].miny || y > box[p].maxy)
                continue;
            pt = GEOSGeom_createPointFromXY_r(h, x, y);
            mask[i] = pt != NULL && GEOSPreparedContains_r(h, pg[p], pt) == 1;
            if (pt != NULL)
                GEOSGeom_destroy_r(h, pt);
        }
    }
    for (size_t p = 0; p < np; p++) {
        if (pg[p] != NULL)
            GEOSPreparedGeom_destroy_r(h, pg[p]);
        if (g[p] != NULL)
            GEOSGeom_destroy_r(h, g[p]);
    }
    free(g);
    free(pg);
    free(box);
    GEOS_finish_r(h);
}
