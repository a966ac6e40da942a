/* SPDX-License-Identifier: MIT */
/* Tile encoding: PNG8 with the tile's exact palette when it has at most
 * 256 colours (flat fills and their outlines nearly always do); up to
 * MAX_HIST colours, the 256 most frequent exact and the rare rest mapped
 * to the nearest; beyond that quantised with libimagequant when it reaches
 * MIN_QUALITY, else truecolour. The only file that uses libimagequant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libimagequant.h>

#include "tiles_priv.h"

/* libimagequant's quality floor (0-100, like JPEG's): below it the tile
 * is written as truecolour instead; 90 keeps anti-aliased edges smooth. */
#define MIN_QUALITY 90
/* libimagequant's speed 1-10: 10 is fastest, still without visible loss
 * on flat maps (the fill colours are fixed, see quantise()). */
#define LIQ_SPEED 10
/* Open addressing for the colour histogram: a power of two, at least
 * twice MAX_HIST. */
#define HASH_SLOTS 8192
/* Tiles with up to this many colours are reduced by frequency (see
 * reduce_palette), more go to libimagequant. */
#define MAX_HIST 4096

/* libimagequant parallelises with OpenMP; the tile threads already use the
 * cores, and one thread per call keeps its results deterministic. */
extern void omp_set_num_threads(int n);

struct vk_tile_encoder {
    int tile_px, zlevel;
    uint8_t *index;             /* one palette index per pixel */
    uint32_t key[HASH_SLOTS];   /* colour as stored in memory */
    uint32_t gen[HASH_SLOTS];   /* key valid when gen == cur */
    uint16_t val[HASH_SLOTS];   /* colour number, first use order */
    uint32_t count[MAX_HIST];   /* pixels per colour number */
    uint32_t color[MAX_HIST];
    uint16_t order[MAX_HIST];
    uint8_t remap[MAX_HIST];    /* colour number -> palette index */
    uint16_t *cnum;             /* colour number per pixel */
    uint32_t cur;
    uint8_t pal[256 * 4];
    liq_attr *liq;
    vk_png_enc *png;
};

vk_tile_encoder *
vk_tile_encoder_create(int tile_px, int zlevel)
{
    vk_tile_encoder *e = vk_xcalloc(1, sizeof *e);

    e->tile_px = tile_px;
    e->zlevel = zlevel;
    e->index = vk_xmalloc((size_t)tile_px * (size_t)tile_px);
    e->cnum = vk_xmalloc((size_t)tile_px * (size_t)tile_px * 2);
    e->png = vk_png_enc_create();
    e->liq = liq_attr_create();
    if (e->liq == NULL)
        abort(); /* only fails on a CPU without SSE2 or out of memory */
    liq_set_speed(e->liq, LIQ_SPEED);
    liq_set_quality(e->liq, MIN_QUALITY, 100);
    omp_set_num_threads(1);
    return e;
}

void
vk_tile_encoder_destroy(vk_tile_encoder *e)
{
    if (e == NULL)
        return;
    liq_attr_destroy(e->liq);
    vk_png_enc_destroy(e->png);
    free(e->cnum);
    free(e->index);
    free(e);
}

/* A colour of the tile with its pixel count, for sorting. */
typedef struct freq {
    uint32_t count, color;
    uint16_t num;
} freq;

/* Most frequent first; equal counts by colour value (the colours of a
 * tile are distinct, so the order is total and deterministic). */
static int
cmp_freq(const void *a, const void *b)
{
    const freq *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->color < y->color ? -1 : x->color > y->color;
}

static uint32_t
dist2(uint32_t a, uint32_t b)
{
    uint32_t d = 0;

    for (int k = 0; k < 32; k += 8) {
        int v = (int)(a >> k & 0xff) - (int)(b >> k & 0xff);

        d += (uint32_t)(v * v);
    }
    return d;
}

/* A tile with 257..MAX_HIST colours: the 256 most frequent stay exact
 * (the fills and the flat parts of the lines), each rarer one, a few
 * anti-aliased pixels, takes the nearest of those. Cheap and
 * deterministic; such a pixel moves to a colour of nearly the same
 * coverage, which the eye does not see at line edges. Returns 256. */
static int
reduce_palette(vk_tile_encoder *e, int ncol, size_t n)
{
    freq *f = vk_xmalloc((size_t)ncol * sizeof *f);

    for (int i = 0; i < ncol; i++)
        f[i] = (freq){e->count[i], e->color[i], (uint16_t)i};
    qsort(f, (size_t)ncol, sizeof *f, cmp_freq);
    for (int i = 0; i < ncol; i++)
        e->order[i] = f[i].num;
    free(f);
    for (int i = 0; i < 256; i++) {
        e->remap[e->order[i]] = (uint8_t)i;
        memcpy(e->pal + 4 * i, &e->color[e->order[i]], 4);
    }
    for (int i = 256; i < ncol; i++) {
        uint32_t c = e->color[e->order[i]], best = UINT32_MAX;
        int bi = 0;

        for (int j = 0; j < 256; j++) {
            uint32_t d = dist2(c, e->color[e->order[j]]);

            if (d < best) {
                best = d;
                bi = j;
            }
        }
        e->remap[e->order[i]] = (uint8_t)bi;
    }
    for (size_t i = 0; i < n; i++)
        e->index[i] = e->remap[e->cnum[i]];
    return 256;
}

/* Numbers the tile's colours in order of first use (deterministic):
 * with counts into cnum when full, else straight into index, giving up
 * (returning 257) at the 257th colour. Returns the number of colours, or
 * 0 when over MAX_HIST. */
static int
number_colours(vk_tile_encoder *e, const uint8_t *rgba, int full)
{
    size_t n = (size_t)e->tile_px * (size_t)e->tile_px;
    const uint32_t *px = (const uint32_t *)(const void *)rgba;
    uint32_t last = 0;
    int ncol = 0, last_num = -1;

    if (++e->cur == 0) { /* the generation wrapped: clear for real */
        memset(e->gen, 0, sizeof e->gen);
        e->cur = 1;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t v = px[i], h;

        if (last_num < 0 || v != last) {
            h = (v * 2654435761u) >> 19; /* top 13 bits: 0..8191 */
            while (e->gen[h] == e->cur && e->key[h] != v)
                h = (h + 1) & (HASH_SLOTS - 1);
            if (e->gen[h] != e->cur) {
                if (ncol == (full ? MAX_HIST : 256))
                    return full ? 0 : 257;
                e->gen[h] = e->cur;
                e->key[h] = v;
                e->val[h] = (uint16_t)ncol;
                e->color[ncol] = v;
                e->count[ncol] = 0;
                ncol++;
            }
            last = v;
            last_num = e->val[h];
        }
        if (full) {
            e->count[last_num]++;
            e->cnum[i] = (uint16_t)last_num;
        } else {
            e->index[i] = (uint8_t)last_num;
        }
    }
    return ncol;
}

/* The tile's own palette and an index per pixel; over 256 colours,
 * reduce_palette. Returns the number of colours, or 0 if over
 * MAX_HIST. */
static int
exact_palette(vk_tile_encoder *e, const uint8_t *rgba)
{
    size_t n = (size_t)e->tile_px * (size_t)e->tile_px;
    int ncol = number_colours(e, rgba, 0);

    if (ncol <= 256) {
        for (int i = 0; i < ncol; i++)
            memcpy(e->pal + 4 * i, &e->color[i], 4);
        return ncol;
    }
    ncol = number_colours(e, rgba, 1);
    if (ncol == 0)
        return 0;
    return reduce_palette(e, ncol, n);
}

/* Quantises to at most 256 colours; returns the count, or 0 when
 * libimagequant cannot reach MIN_QUALITY. */
static int
quantise(vk_tile_encoder *e, const uint8_t *rgba, const vk_tilestyle *st)
{
    size_t n = (size_t)e->tile_px * (size_t)e->tile_px;
    liq_image *img;
    liq_result *res = NULL;
    const liq_palette *p;
    int ncol = 0;

    img = liq_image_create_rgba(e->liq, rgba, e->tile_px, e->tile_px, 0);
    if (img == NULL)
        return 0;
    /* The layer's fill colours stay exact: a buurt shows its class colour
     * to the byte whatever else the tile holds. */
    for (int s = 1; st != NULL && s < st->nslots; s++) {
        liq_color c = {st->rgba[s][0], st->rgba[s][1], st->rgba[s][2],
                       st->rgba[s][3]};

        liq_image_add_fixed_color(img, c);
    }
    if (liq_image_quantize(img, e->liq, &res) == LIQ_OK) {
        /* No dithering: flat fills stay flat and compress better. */
        liq_set_dithering_level(res, 0.0f);
        if (liq_write_remapped_image(res, img, e->index, n) == LIQ_OK) {
            p = liq_get_palette(res);
            ncol = (int)p->count;
            for (int i = 0; i < ncol; i++) {
                e->pal[4 * i] = p->entries[i].r;
                e->pal[4 * i + 1] = p->entries[i].g;
                e->pal[4 * i + 2] = p->entries[i].b;
                e->pal[4 * i + 3] = p->entries[i].a;
            }
        }
        liq_result_destroy(res);
    }
    liq_image_destroy(img);
    return ncol;
}

vk_status
vk_tile_encode(vk_tile_encoder *e, const uint8_t *rgba, const vk_tilestyle *st,
            vk_bytes *out, int *indexed, vk_error *err)
{
    int tp = e->tile_px, ncol;

    out->len = 0;
    ncol = exact_palette(e, rgba);
    if (ncol == 0)
        ncol = quantise(e, rgba, st);
    if (ncol > 0) {
        *indexed = 1;
        return vk_png_encode_indexed(e->png, out, e->index, tp, tp, (size_t)tp,
                                     e->pal, ncol, e->zlevel, err);
    }
    *indexed = 0;
    return vk_png_encode_rgba_mem(out, rgba, tp, tp, 4 * (size_t)tp,
                                  e->zlevel, err);
}

vk_status
vk_tile_encode_indexed(vk_tile_encoder *e, const uint8_t *index,
                    const uint32_t *pal, int ncol, vk_bytes *out,
                    vk_error *err)
{
    int tp = e->tile_px;

    out->len = 0;
    memcpy(e->pal, pal, 4 * (size_t)ncol);
    return vk_png_encode_indexed(e->png, out, index, tp, tp, (size_t)tp, e->pal,
                                 ncol, e->zlevel, err);
}

vk_status
vk_tile_encode_rgba(vk_tile_encoder *e, const uint8_t *rgba, vk_bytes *out,
                 vk_error *err)
{
    out->len = 0;
    return vk_png_encode_rgba_mem(out, rgba, e->tile_px, e->tile_px,
                                  4 * (size_t)e->tile_px, e->zlevel, err);
}
