/* SPDX-License-Identifier: MIT */
/* The boundaries prepared once for every zoom and layer: a uniform grid
 * index per level over feature bboxes, and each layer's colours as a
 * compact slot per buurt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tiles_priv.h"

/* Buurt IDs are stored in the 24 RGB bits of the ID raster, 0 = none. */
#define MAX_FEATURES 16777215u

static int
meets(const vk_bbox *a, const vk_bbox *b)
{
    return a->minx <= b->maxx && b->minx <= a->maxx && a->miny <= b->maxy &&
           b->miny <= a->maxy;
}

/* The cell range of bbox q, clamped; 0 if it misses the grid. */
static int
cell_range(const vk_tile_grid *g, const vk_bbox *q, int *c0, int *r0, int *c1,
           int *r1)
{
    if (g->cols == 0 || !meets(q, &g->ext))
        return 0;
    *c0 = (int)fmax(0, floor((q->minx - g->ext.minx) / g->cell_w));
    *c1 = (int)fmin(g->cols - 1, floor((q->maxx - g->ext.minx) / g->cell_w));
    *r0 = (int)fmax(0, floor((q->miny - g->ext.miny) / g->cell_h));
    *r1 = (int)fmin(g->rows - 1, floor((q->maxy - g->ext.miny) / g->cell_h));
    return *c0 <= *c1 && *r0 <= *r1;
}

/* Builds the grid in two passes: count per cell, then fill (CSR). About
 * two cells per feature a side keeps lists short for small features. */
static void
grid_build(vk_tile_grid *g, const vk_features *fs)
{
    size_t ncells, *fill;
    int side;

    memset(g, 0, sizeof *g);
    g->fs = fs;
    g->ext = fs->extent;
    if (fs->n == 0 || vk_bbox_empty(&fs->extent))
        return;
    side = (int)fmin(2048, fmax(1, ceil(sqrt((double)fs->n)) * 2));
    g->cols = g->rows = side;
    g->cell_w = fmax((g->ext.maxx - g->ext.minx) / side, 1e-9);
    g->cell_h = fmax((g->ext.maxy - g->ext.miny) / side, 1e-9);
    ncells = (size_t)side * (size_t)side;
    g->cell_off = vk_xcalloc(ncells + 1, sizeof *g->cell_off);
    for (size_t i = 0; i < fs->n; i++) {
        int c0, r0, c1, r1;

        if (vk_bbox_empty(&fs->f[i].bbox) ||
            !cell_range(g, &fs->f[i].bbox, &c0, &r0, &c1, &r1))
            continue;
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
                g->cell_off[(size_t)r * side + c + 1]++;
    }
    for (size_t c = 0; c < ncells; c++)
        g->cell_off[c + 1] += g->cell_off[c];
    g->item = vk_xcalloc(g->cell_off[ncells] ? g->cell_off[ncells] : 1,
                         sizeof *g->item);
    fill = vk_xcalloc(ncells, sizeof *fill);
    for (size_t i = 0; i < fs->n; i++) {
        int c0, r0, c1, r1;

        if (vk_bbox_empty(&fs->f[i].bbox) ||
            !cell_range(g, &fs->f[i].bbox, &c0, &r0, &c1, &r1))
            continue;
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++) {
                size_t cell = (size_t)r * side + c;

                g->item[g->cell_off[cell] + fill[cell]++] = (uint32_t)i;
            }
    }
    free(fill);
}

/* Numbers the buurten's wijken (gemeente 0) or gemeenten (1) by code (a
 * buurt without one is one of its own), indexed by buurt ID (index + 1);
 * ID 0, outside, gets a number no buurt has. */
static uint32_t *
number_parents(const vk_features *bu, int gemeente)
{
    vk_keyed *k = vk_xcalloc(bu->n ? bu->n : 1, sizeof *k);
    uint32_t *w = vk_xcalloc(bu->n + 1, sizeof *w), next = 1;
    size_t m = 0;

    w[0] = 0;
    for (size_t i = 0; i < bu->n; i++) {
        const char *c = gemeente ? bu->f[i].gemeentecode : bu->f[i].wijkcode;

        if (c != NULL && c[0] != '\0')
            k[m++] = (vk_keyed){c, i};
        else
            w[i + 1] = next++;
    }
    vk_keyed_sort(k, m);
    for (size_t j = 0; j < m; j++) {
        if (j > 0 && strcmp(k[j].key, k[j - 1].key) != 0)
            next++;
        w[k[j].idx + 1] = next;
    }
    free(k);
    return w;
}

vk_tilegeom *
vk_tilegeom_create(const vk_features *buurten, vk_error *err)
{
    vk_tilegeom *g;

    if (buurten->n > MAX_FEATURES) {
        VK_FAIL_AT(err, VK_EDATA, buurten->path, 0,
                   "%zu buurten are more than the %u a tile run can hold",
                   buurten->n, MAX_FEATURES);
        vk_error_hint(err, "split the boundaries into parts and tile each "
                           "with --bbox");
        return NULL;
    }
    g = vk_xcalloc(1, sizeof *g);
    g->bu = buurten;
    grid_build(&g->grid, buurten);
    g->wijk_of = number_parents(buurten, 0);
    g->gm_of = number_parents(buurten, 1);
    return g;
}

void
vk_tilegeom_destroy(vk_tilegeom *g)
{
    if (g == NULL)
        return;
    free(g->grid.cell_off);
    free(g->grid.item);
    free(g->wijk_of);
    free(g->gm_of);
    free(g);
}

const vk_bbox *
vk_tilegeom_extent(const vk_tilegeom *g)
{
    return &g->bu->extent;
}

static int
cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

static void
push(size_t **out, size_t *cap, size_t n, size_t v)
{
    if (n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *out = vk_xreallocarray(*out, *cap, sizeof **out);
    }
    (*out)[n] = v;
}

size_t
vk_tilegeom_query(const vk_tilegeom *g, const vk_bbox *q, size_t **out,
                  size_t *cap)
{
    const vk_tile_grid *gr = &g->grid;
    const vk_features *fs = g->bu;
    int c0, r0, c1, r1;
    size_t n = 0, m = 0;

    if (!cell_range(gr, q, &c0, &r0, &c1, &r1))
        return 0;

    /* A query over much of the grid: scanning the features is cheaper
     * than collecting and sorting every cell's list. */
    if ((size_t)(c1 - c0 + 1) * (size_t)(r1 - r0 + 1) * 4 >
        (size_t)gr->cols * (size_t)gr->rows) {
        for (size_t i = 0; i < fs->n; i++)
            if (!vk_bbox_empty(&fs->f[i].bbox) && meets(&fs->f[i].bbox, q))
                push(out, cap, n++, i);
        return n;
    }
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            size_t cell = (size_t)r * gr->cols + c;

            for (size_t k = gr->cell_off[cell]; k < gr->cell_off[cell + 1];
                 k++)
                if (meets(&fs->f[gr->item[k]].bbox, q))
                    push(out, cap, n++, gr->item[k]);
        }
    /* Ascending and unique: features are drawn in the data's order. (No
     * qsort of nothing: *out may still be NULL.) */
    if (n > 1)
        qsort(*out, n, sizeof **out, cmp_size);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || (*out)[m - 1] != (*out)[i])
            (*out)[m++] = (*out)[i];
    return m;
}

/* ---- layer colours ---------------------------------------------------- */

static uint8_t
to8(double v)
{
    return (uint8_t)lround(fmax(0, fmin(1, v)) * 255);
}

vk_status
vk_tilestyle_make(vk_tilestyle *ts, const vk_rgba *fill,
                  const unsigned char *hatch, size_t n, vk_error *err)
{
    memset(ts, 0, sizeof *ts);
    ts->slot = vk_xcalloc(n ? n : 1, 1);
    ts->nslots = 1; /* slot 0: no feature, transparent */
    for (size_t i = 0; i < n; i++) {
        uint8_t c[4] = {to8(fill[i].r), to8(fill[i].g), to8(fill[i].b),
                        to8(fill[i].a)};
        uint8_t h = hatch != NULL && hatch[i] ? 1 : 0;
        int s;

        /* Few distinct colours (classes, no data, water): a linear search
         * is fine and keeps slots in first-use order, deterministic. */
        for (s = 1; s < ts->nslots; s++)
            if (memcmp(ts->rgba[s], c, 4) == 0 && ts->hatch[s] == h)
                break;
        if (s == ts->nslots) {
            if (ts->nslots == 256) {
                vk_tilestyle_free(ts);
                return VK_FAIL(err, VK_EDATA, "a layer has more than 255 "
                               "distinct buurt colours; tiles need fewer");
            }
            memcpy(ts->rgba[s], c, 4);
            ts->hatch[s] = h;
            ts->nslots++;
        }
        ts->slot[i] = (uint8_t)s;
    }
    for (int s = 1; s < ts->nslots; s++) {
        uint32_t a = ts->rgba[s][3];

        ts->premul[s] = a << 24 | mul255(ts->rgba[s][0], a) << 16 |
                        mul255(ts->rgba[s][1], a) << 8 |
                        mul255(ts->rgba[s][2], a);
    }
    return VK_OK;
}

void
vk_tilestyle_free(vk_tilestyle *ts)
{
    if (ts == NULL)
        return;
    free(ts->slot);
    ts->slot = NULL;
    ts->nslots = 0;
}
