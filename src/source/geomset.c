/* SPDX-License-Identifier: MIT */
/* The flat polygon store shared by all features of a layer, and bboxes. */
#include <math.h>
#include <stdlib.h>

#include "vk/source.h"

static void
grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 64;

    if (need <= *cap)
        return;
    while (c < need)
        c *= 2;
    *p = vk_xgrowarray(*p, *cap, c, elem);
    *cap = c;
}

static void
ensure_offsets(vk_geomset *g)
{
    /* Offset arrays always hold their leading 0. */
    if (g->ring_off == NULL) {
        grow((void **)&g->ring_off, &g->cap_rings, 1, sizeof *g->ring_off);
        g->ring_off[0] = 0;
    }
    if (g->poly_off == NULL) {
        grow((void **)&g->poly_off, &g->cap_polys, 1, sizeof *g->poly_off);
        g->poly_off[0] = 0;
    }
}

void
vk_geomset_add_point(vk_geomset *g, double x, double y)
{
    ensure_offsets(g);
    grow((void **)&g->xy, &g->cap_pts, 2 * (g->npts + 1), sizeof *g->xy);
    g->xy[2 * g->npts] = x;
    g->xy[2 * g->npts + 1] = y;
    g->npts++;
}

double *
vk_geomset_add_points(vk_geomset *g, size_t n)
{
    ensure_offsets(g);
    grow((void **)&g->xy, &g->cap_pts, 2 * (g->npts + n), sizeof *g->xy);
    g->npts += n;
    return g->xy + 2 * (g->npts - n);
}

void
vk_geomset_reserve(vk_geomset *g, size_t npts)
{
    ensure_offsets(g);
    grow((void **)&g->xy, &g->cap_pts, 2 * npts, sizeof *g->xy);
}

void
vk_geomset_end_ring(vk_geomset *g)
{
    ensure_offsets(g);
    grow((void **)&g->ring_off, &g->cap_rings, g->nrings + 2,
         sizeof *g->ring_off);
    g->ring_off[++g->nrings] = g->npts;
}

void
vk_geomset_end_poly(vk_geomset *g)
{
    ensure_offsets(g);
    grow((void **)&g->poly_off, &g->cap_polys, g->npolys + 2,
         sizeof *g->poly_off);
    g->poly_off[++g->npolys] = g->nrings;
}

void
vk_geomset_free(vk_geomset *g)
{
    free(g->xy);
    free(g->ring_off);
    free(g->poly_off);
    *g = (vk_geomset){0};
}

void
vk_bbox_reset(vk_bbox *b)
{
    b->minx = b->miny = INFINITY;
    b->maxx = b->maxy = -INFINITY;
}


void
vk_bbox_union(vk_bbox *b, const vk_bbox *o)
{
    if (vk_bbox_empty(o))
        return;
    vk_bbox_add(b, o->minx, o->miny);
    vk_bbox_add(b, o->maxx, o->maxy);
}

void
vk_feature_bbox(const vk_features *fs, vk_feature *f)
{
    const vk_geomset *g = &fs->g;
    size_t r0 = g->poly_off[f->poly_first];
    size_t r1 = g->poly_off[f->poly_first + f->poly_count];

    vk_bbox_reset(&f->bbox);
    for (size_t k = g->ring_off[r0]; k < g->ring_off[r1]; k++)
        vk_bbox_add(&f->bbox, g->xy[2 * k], g->xy[2 * k + 1]);
}
