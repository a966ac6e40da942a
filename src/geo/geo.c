/* SPDX-License-Identifier: MIT */
/* Coordinate transformation of feature sets with PROJ. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#include "vk/geo.h"

static void
recompute_bboxes(vk_features *fs)
{
    const vk_geomset *g = &fs->g;

    vk_bbox_reset(&fs->extent);
    for (size_t i = 0; i < fs->n; i++) {
        vk_feature *f = &fs->f[i];
        size_t r0 = g->poly_off[f->poly_first];
        size_t r1 = g->poly_off[f->poly_first + f->poly_count];

        vk_bbox_reset(&f->bbox);
        for (size_t p = g->ring_off[r0]; p < g->ring_off[r1]; p++)
            vk_bbox_add(&f->bbox, g->xy[2 * p], g->xy[2 * p + 1]);
        vk_bbox_union(&fs->extent, &f->bbox);
    }
}

vk_status
vk_geo_transform(vk_features *fs, const char *target_crs, vk_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *src = NULL, *dst = NULL, *raw = NULL, *op = NULL;
    const char *name;
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

    /* Transform all points in one call; x east, y north on both sides. */
    if (n > 0)
        proj_trans_generic(op, PJ_FWD, fs->g.xy, 2 * sizeof(double), n,
                           fs->g.xy + 1, 2 * sizeof(double), n, NULL, 0, 0,
                           NULL, 0, 0);
    for (size_t i = 0; i < 2 * n; i++)
        bad += !isfinite(fs->g.xy[i]);
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
    {
        const char *wkt = proj_as_wkt(ctx, dst, PJ_WKT2_2019, NULL);
        const char *auth = proj_get_id_auth_name(dst, 0);
        const char *code = proj_get_id_code(dst, 0);

        free(fs->crs_wkt);
        free(fs->crs_name);
        fs->crs_wkt = vk_xstrdup(wkt ? wkt : target_crs);
        name = proj_get_name(dst);
        fs->crs_name = auth && code ? vk_xasprintf("%s:%s", auth, code)
                                    : vk_xstrdup(name ? name : target_crs);
        fs->crs_geographic =
            proj_get_type(dst) == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
            proj_get_type(dst) == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    }

cleanup:
    proj_destroy(op);
    proj_destroy(raw);
    proj_destroy(dst);
    proj_destroy(src);
    proj_context_destroy(ctx);
    return err->code;
}

const char *
vk_geo_pick_projected(const vk_bbox *ll)
{
    static char buf[2][60][16];
    double lon = (ll->minx + ll->maxx) / 2, lat = (ll->miny + ll->maxy) / 2;
    int zone, south;

    /* The Netherlands, roughly, including its territorial waters. */
    if (ll->minx >= 2.5 && ll->maxx <= 7.6 && ll->miny >= 50.5 &&
        ll->maxy <= 53.9)
        return "EPSG:28992";
    zone = (int)floor((lon + 180.0) / 6.0) + 1;
    zone = zone < 1 ? 1 : zone > 60 ? 60 : zone;
    south = lat < 0;
    snprintf(buf[south][zone - 1], sizeof buf[0][0], "EPSG:%d",
             (south ? 32700 : 32600) + zone);
    return buf[south][zone - 1];
}
