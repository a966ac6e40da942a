/* SPDX-License-Identifier: MIT */
/* The reallocation from files: the old and new buurten, the table and the
 * finer population layer read, put in one projected CRS, reallocated. */
#include <stdlib.h>
#include <string.h>

#include "realloc_priv.h"
#include "vk/geo.h"

/* The CRS to compute areas in: the old buurten's, or a projected one when
 * that is lon/lat (areas in square degrees would weigh the north less). */
static vk_status
one_crs(vk_features *old, vk_features *nw, vk_features *pop, vk_error *err)
{
    vk_features *sets[3] = {old, nw, pop};
    const char *target = old->crs_wkt;
    char *own = NULL;
    vk_status st = VK_OK;

    if (old->crs_geographic)
        target = vk_geo_pick_projected(&old->extent);
    own = vk_xstrdup(target);
    for (int i = 0; i < 3 && st == VK_OK; i++)
        if (sets[i] != NULL && strcmp(sets[i]->crs_wkt, own) != 0)
            st = vk_geo_transform(sets[i], own, err);
    free(own);
    return st;
}

static void
move_warnings(vk_warnings *to, vk_features *fs)
{
    for (size_t i = 0; fs != NULL && i < fs->warnings.n; i++)
        vk_warnings_add(to, "%s", fs->warnings.msg[i]);
}

vk_realloc *
vk_realloc_run(const vk_realloc_files *in, const vk_realloc_opts *o,
               vk_error *err)
{
    vk_table_opts to = {in->table_key, 0};
    vk_features *old = NULL, *nw = NULL, *pop = NULL;
    vk_table *t = NULL;
    vk_realloc *r = NULL;

    old = vk_source_read_layer(in->from, in->layer, in->key, NULL, err);
    if (old != NULL)
        nw = vk_source_read_layer(in->to, in->layer, in->key, NULL, err);
    if (nw != NULL && in->population != NULL)
        pop = vk_source_read_points(in->population, NULL,
                                    in->population_column, NULL, err);
    if (nw != NULL && (in->population == NULL || pop != NULL))
        t = vk_table_read(in->table, &to, err);
    if (t != NULL && one_crs(old, nw, pop, err) == VK_OK)
        r = vk_realloc_make(old, nw, t, pop, o, err);
    if (r != NULL) {
        vk_warnings w = {0};

        move_warnings(&w, old);
        move_warnings(&w, nw);
        move_warnings(&w, pop);
        for (size_t i = 0; i < vk_table_warnings(t)->n; i++)
            vk_warnings_add(&w, "%s", vk_table_warnings(t)->msg[i]);
        for (size_t i = 0; i < r->warnings.n; i++)
            vk_warnings_add(&w, "%s", r->warnings.msg[i]);
        vk_warnings_free(&r->warnings);
        r->warnings = w;
    }
    vk_table_destroy(t);
    vk_features_destroy(pop);
    vk_features_destroy(nw);
    vk_features_destroy(old);
    return r;
}
