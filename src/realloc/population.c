/* SPDX-License-Identifier: MIT */
/* Population weights: the inhabitants of a finer layer's points (100 m
 * cells, addresses) counted in each pair of a new and an old buurt. Each
 * point is located in both indelingen through a grid of buckets over the
 * features' envelopes and an even-odd test of their rings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "realloc_priv.h"

typedef struct locator {
    const vk_features *fs;
    vk_bbox ext;
    size_t nx, ny;
    double cw, ch;
    size_t *first; /* bucket b holds items[first[b] .. first[b + 1]) */
    size_t *items;
} locator;

static size_t
clampi(double v, size_t n)
{
    return v < 0 ? 0 : v >= (double)n ? n - 1 : (size_t)v;
}

static void
bucket_span(const locator *L, const vk_bbox *b, size_t s[4])
{
    s[0] = clampi((b->minx - L->ext.minx) / L->cw, L->nx);
    s[1] = clampi((b->maxx - L->ext.minx) / L->cw, L->nx);
    s[2] = clampi((b->miny - L->ext.miny) / L->ch, L->ny);
    s[3] = clampi((b->maxy - L->ext.miny) / L->ch, L->ny);
}

static void
locator_make(locator *L, const vk_features *fs)
{
    size_t nb, *fill = NULL;

    memset(L, 0, sizeof *L);
    L->fs = fs;
    L->ext = fs->extent;
    L->nx = L->ny = (size_t)ceil(sqrt((double)fs->n)) + 1;
    L->cw = (L->ext.maxx - L->ext.minx) / (double)L->nx;
    L->ch = (L->ext.maxy - L->ext.miny) / (double)L->ny;
    if (!(L->cw > 0))
        L->cw = 1;
    if (!(L->ch > 0))
        L->ch = 1;
    nb = L->nx * L->ny;
    L->first = vk_xcalloc(nb + 1, sizeof *L->first);
    /* Two passes: count per bucket, then fill. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            for (size_t b = 0; b < nb; b++)
                L->first[b + 1] += L->first[b];
            L->items = vk_xcalloc(L->first[nb] + 1, sizeof *L->items);
            fill = vk_xcalloc(nb + 1, sizeof *fill);
            memcpy(fill, L->first, (nb + 1) * sizeof *fill);
        }
        for (size_t i = 0; i < fs->n; i++) {
            size_t s[4];

            if (vk_bbox_empty(&fs->f[i].bbox))
                continue;
            bucket_span(L, &fs->f[i].bbox, s);
            for (size_t y = s[2]; y <= s[3]; y++)
                for (size_t x = s[0]; x <= s[1]; x++) {
                    if (pass == 0)
                        L->first[y * L->nx + x + 1]++;
                    else
                        L->items[fill[y * L->nx + x]++] = i;
                }
        }
    }
    free(fill);
}

/* 1 when (x, y) lies inside feature i (even-odd over all its rings). */
static int
inside(const vk_features *fs, size_t i, double x, double y)
{
    const vk_feature *f = &fs->f[i];
    const vk_geomset *g = &fs->g;
    size_t r0 = g->poly_off[f->poly_first];
    size_t r1 = g->poly_off[f->poly_first + f->poly_count];
    int in = 0;

    for (size_t r = r0; r < r1; r++) {
        size_t a = g->ring_off[r], e = g->ring_off[r + 1];

        for (size_t p = a, q = e - 1; p < e; q = p++) {
            double xp = g->xy[2 * p], yp = g->xy[2 * p + 1];
            double xq = g->xy[2 * q], yq = g->xy[2 * q + 1];

            if ((yp > y) != (yq > y) &&
                x < (xq - xp) * (y - yp) / (yq - yp) + xp)
                in = !in;
        }
    }
    return in;
}

/* The first feature (in the set's order) containing (x, y), or -1. */
static long
locate(const locator *L, double x, double y)
{
    size_t b;

    if (x < L->ext.minx || x > L->ext.maxx || y < L->ext.miny ||
        y > L->ext.maxy)
        return -1;
    b = clampi((y - L->ext.miny) / L->ch, L->ny) * L->nx +
        clampi((x - L->ext.minx) / L->cw, L->nx);
    for (size_t k = L->first[b]; k < L->first[b + 1]; k++) {
        const vk_bbox *bb = &L->fs->f[L->items[k]].bbox;

        if (x >= bb->minx && x <= bb->maxx && y >= bb->miny &&
            y <= bb->maxy && inside(L->fs, L->items[k], x, y))
            return (long)L->items[k];
    }
    return -1;
}

static void
locator_free(locator *L)
{
    free(L->first);
    free(L->items);
}

/* The part of new buurt k and old buurt j, or -1 (a sliver left out). */
static long
find_part(const vk_part *parts, size_t n, size_t k, size_t j)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (parts[mid].k < k || (parts[mid].k == k && parts[mid].j < j))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && parts[lo].k == k && parts[lo].j == j ? (long)lo : -1;
}

void
vk_realloc_population_weights(const vk_features *old, const vk_features *nw,
                              const vk_features *pop, vk_part *parts,
                              size_t nparts, double *lost)
{
    locator lo, ln;

    *lost = 0;
    for (size_t i = 0; i < nparts; i++)
        parts[i].weight = 0;
    locator_make(&lo, old);
    locator_make(&ln, nw);
    for (size_t i = 0; i < pop->n; i++) {
        const vk_feature *f = &pop->f[i];
        double x, y;
        long j, k, p = -1;

        if (f->poly_count == 0)
            continue;
        x = pop->g.xy[2 * pop->g.ring_off[pop->g.poly_off[f->poly_first]]];
        y = pop->g.xy[2 * pop->g.ring_off[pop->g.poly_off[f->poly_first]] +
                      1];
        j = locate(&lo, x, y);
        k = j >= 0 ? locate(&ln, x, y) : -1;
        if (k >= 0)
            p = find_part(parts, nparts, (size_t)k, (size_t)j);
        if (p >= 0)
            parts[p].weight += f->inwoners;
        else
            *lost += f->inwoners;
    }
    locator_free(&lo);
    locator_free(&ln);
}
