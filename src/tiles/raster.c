/* SPDX-License-Identifier: MIT */
/* The metatile renderer: per metatile, one ID raster (each buurt filled
 * with its index + 1 as colour, no anti-aliasing) and one anti-aliased
 * outline overlay, shared by every layer; a layer's tile is then a table
 * lookup per pixel plus the overlay composited on top.
 *
 * How it avoids seams and gaps: every vertex is snapped to a quarter-pixel
 * grid anchored at the world origin of the zoom, so two buurten sharing an
 * edge get identical snapped vertices (repeated points are dropped, which
 * is what simplifies the geometry at low zoom). Filled without
 * anti-aliasing, a pixel belongs to the shape containing its centre, and a
 * shared edge gives each pixel centre to exactly one side: no hairline of
 * background between neighbours, and tiles cut from the same metatile or
 * from neighbouring metatiles agree, since the grid is global. Outlines are
 * drawn with a buffer of BUF_PX pixels around the metatile, so strokes of
 * features just outside still reach its edge. */
#include <math.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "tiles_priv.h"

/* Pixels drawn around a metatile (at scale 1): more than half the widest
 * line plus anti-aliasing. */
#define BUF_PX 8

/* Outlines per zoom, in CSS pixels (times --scale): gemeente boundaries at
 * every zoom, wijk boundaries from WIJK_MINZOOM, buurt outlines (white,
 * translucent as on the printed map, one pixel) from BUURT_MINZOOM. */
#define GM_LINE 0x222222
#define WIJK_LINE 0x555555
#define WIJK_MINZOOM 10
#define BUURT_MINZOOM 11
#define BUURT_LINE_ALPHA 0.8
/* Hatch of masked buurten: one line every HATCH_PERIOD_PX, 45 degrees. */
#define HATCH_PERIOD_PX 6
#define HATCH_GREY 0x8c
/* Wijk and gemeente lines keep a vertex every LINE_STEP_Q / 4 pixels. */
#define LINE_STEP_Q 3
/* Levels of outline coverage kept (see quantise_overlay). */
#define OVERLAY_LEVELS 8

struct meta_raster {
    const vk_tilegeom *g;
    int meta_n, tile_px, scale, buf, side;
    cairo_surface_t *id_s, *ov_s;
    cairo_t *id_cr, *ov_cr;
    uint32_t *id, *ov;    /* pixel data of the surfaces */
    int stride;           /* in pixels */
    meta_pos m;           /* drawn last */
    size_t *hits;         /* query results */
    size_t cap;
};

/* Map metres to local pixels of the metatile drawn now. */
typedef struct xf {
    double inv_res;       /* world pixels per metre */
    int64_t qx0, qy0;     /* raster origin, quarter pixels from the world's
                             top-left corner */
    vk_bbox query;        /* metres covered by the raster */
    const zoom_geom *zg;  /* the geometry snapped for this zoom */
} xf;

meta_raster *
meta_raster_create(const vk_tilegeom *g, int meta_n, int tile_px, int scale)
{
    meta_raster *r = vk_xcalloc(1, sizeof *r);

    r->g = g;
    r->meta_n = meta_n;
    r->tile_px = tile_px;
    r->scale = scale;
    r->buf = BUF_PX * scale;
    r->side = meta_n * tile_px + 2 * r->buf;
    r->id_s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, r->side,
                                         r->side);
    r->ov_s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, r->side,
                                         r->side);
    r->id_cr = cairo_create(r->id_s);
    r->ov_cr = cairo_create(r->ov_s);
    r->id = (uint32_t *)(void *)cairo_image_surface_get_data(r->id_s);
    r->ov = (uint32_t *)(void *)cairo_image_surface_get_data(r->ov_s);
    r->stride = cairo_image_surface_get_stride(r->id_s) / 4;

    /* ID raster: exact colours, no blending, no anti-aliasing. */
    cairo_set_operator(r->id_cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_antialias(r->id_cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_fill_rule(r->id_cr, CAIRO_FILL_RULE_EVEN_ODD);
    /* Lines of at most 1.6 px: bevel joins look the same as round ones
     * and stroke much faster (no arcs); a coarser tolerance likewise. */
    cairo_set_line_join(r->ov_cr, CAIRO_LINE_JOIN_BEVEL);
    cairo_set_line_cap(r->ov_cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_tolerance(r->ov_cr, 0.5);
    return r;
}

void
meta_raster_destroy(meta_raster *r)
{
    if (r == NULL)
        return;
    cairo_destroy(r->id_cr);
    cairo_destroy(r->ov_cr);
    cairo_surface_destroy(r->id_s);
    cairo_surface_destroy(r->ov_s);
    free(r->hits);
    free(r);
}

/* ---- geometry snapped for one zoom ------------------------------------ */

/* Snaps ring [a, b) of xy to quarter pixels of a world inv_res pixels per
 * metre wide, dropping repeated points and the closing one, into q at
 * *n. Keeps the ring (returns 1) if 3 or more points remain. */
static int
snap_ring(const double *xy, size_t a, size_t b, double inv_res,
          int64_t min_step, int64_t *q, size_t *n)
{
    size_t start = *n, k = start;

    for (size_t i = a; i < b; i++) {
        int64_t qx = llround((xy[2 * i] + VK_MERC_HALF_M) * inv_res * 4);
        int64_t qy = llround((VK_MERC_HALF_M - xy[2 * i + 1]) * inv_res * 4);

        /* Lines only: a point closer than min_step to the last one kept
         * adds nothing a stroke shows (the ring's last point stays). */
        if (k > start && llabs(qx - q[2 * (k - 1)]) < min_step &&
            llabs(qy - q[2 * (k - 1) + 1]) < min_step && i + 1 < b)
            continue;
        if (k > start && qx == q[2 * (k - 1)] && qy == q[2 * (k - 1) + 1])
            continue;
        q[2 * k] = qx;
        q[2 * k + 1] = qy;
        k++;
    }
    /* A closed ring repeats its first point. */
    if (k - start > 1 && q[2 * start] == q[2 * (k - 1)] &&
        q[2 * start + 1] == q[2 * (k - 1) + 1])
        k--;
    if (k - start < 3)
        return 0;
    *n = k;
    return 1;
}

static void
snap_level(snapped *sn, const vk_features *fs, double inv_res,
           int64_t min_step)
{
    const vk_geomset *g = &fs->g;
    size_t np = 0, nr = 0;

    sn->q = vk_xmalloc(2 * (g->npts ? g->npts : 1) * sizeof *sn->q);
    sn->ring_off = vk_xmalloc((g->nrings + 1) * sizeof *sn->ring_off);
    sn->feat_ring = vk_xmalloc((fs->n + 1) * sizeof *sn->feat_ring);
    sn->ring_off[0] = 0;
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        sn->feat_ring[i] = nr;
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count;
             p++)
            for (size_t k = g->poly_off[p]; k < g->poly_off[p + 1]; k++)
                if (snap_ring(g->xy, g->ring_off[k], g->ring_off[k + 1],
                              inv_res, min_step, sn->q, &np))
                    sn->ring_off[++nr] = np;
    }
    sn->feat_ring[fs->n] = nr;
    /* Give back what simplification saved. */
    sn->q = vk_xreallocarray(sn->q, 2 * (np ? np : 1), sizeof *sn->q);
}

zoom_geom *
zoom_geom_build(const vk_tilegeom *g, int z, int tile_px)
{
    zoom_geom *zg = vk_xcalloc(1, sizeof *zg);
    double inv_res = ldexp((double)tile_px, z) / (2 * VK_MERC_HALF_M);

    zg->z = z;
    /* Buurten are filled: identical vertices for neighbours, nothing
     * dropped but repeats. Wijken and gemeenten are only stroked: points
     * within LINE_STEP_Q quarter pixels of the last are dropped too. */
    for (int l = 0; l < 3; l++)
        if (g->level[l] != NULL)
            snap_level(&zg->lvl[l], g->level[l], inv_res,
                       l == 0 ? 0 : LINE_STEP_Q);
    return zg;
}

void
zoom_geom_destroy(zoom_geom *zg)
{
    if (zg == NULL)
        return;
    for (int l = 0; l < 3; l++) {
        free(zg->lvl[l].q);
        free(zg->lvl[l].ring_off);
        free(zg->lvl[l].feat_ring);
    }
    free(zg);
}

/* Appends feature i's snapped rings to the path, in raster pixels. */
static void
path_feature(cairo_t *cr, const snapped *sn, size_t i, const xf *t)
{
    for (size_t r = sn->feat_ring[i]; r < sn->feat_ring[i + 1]; r++) {
        const int64_t *q = sn->q + 2 * sn->ring_off[r];
        size_t n = sn->ring_off[r + 1] - sn->ring_off[r];

        cairo_move_to(cr, (double)(q[0] - t->qx0) / 4,
                      (double)(q[1] - t->qy0) / 4);
        for (size_t k = 1; k < n; k++)
            cairo_line_to(cr, (double)(q[2 * k] - t->qx0) / 4,
                          (double)(q[2 * k + 1] - t->qy0) / 4);
        cairo_close_path(cr);
    }
}

/* 1 when the bbox of feature f (metres) holds a pixel centre: a smaller
 * feature cannot own a pixel of a non-anti-aliased fill. */
static int
covers_pixel_centre(const vk_bbox *b, const xf *t)
{
    double x0 = (b->minx + VK_MERC_HALF_M) * t->inv_res;
    double x1 = (b->maxx + VK_MERC_HALF_M) * t->inv_res;
    double y0 = (VK_MERC_HALF_M - b->maxy) * t->inv_res;
    double y1 = (VK_MERC_HALF_M - b->miny) * t->inv_res;

    /* Snapping moves an edge by up to 1/8 pixel. */
    return floor(x1 + 0.125 - 0.5) >= ceil(x0 - 0.125 - 0.5) &&
           floor(y1 + 0.125 - 0.5) >= ceil(y0 - 0.125 - 0.5);
}

static void
draw_ids(meta_raster *r, const xf *t)
{
    const vk_features *fs = r->g->level[0];
    cairo_t *cr = r->id_cr;
    size_t n = vk_tilegeom_query(r->g, 0, &t->query, &r->hits, &r->cap);

    for (size_t k = 0; k < n; k++) {
        size_t i = r->hits[k];
        uint32_t id = (uint32_t)i + 1;

        if (!covers_pixel_centre(&fs->f[i].bbox, t))
            continue;
        /* Cairo turns c / 255.0 back into exactly c (c * 257 >> 8). */
        cairo_set_source_rgb(cr, ((id >> 16) & 0xff) / 255.0,
                             ((id >> 8) & 0xff) / 255.0, (id & 0xff) / 255.0);
        path_feature(cr, &t->zg->lvl[0], i, t);
        cairo_fill(cr);
    }
}

static void
stroke_level(meta_raster *r, int level, const xf *t, unsigned rgb,
             double alpha, double width_px)
{
    const vk_features *fs = r->g->level[level];
    cairo_t *cr = r->ov_cr;
    size_t n;

    if (fs == NULL)
        return;
    n = vk_tilegeom_query(r->g, level, &t->query, &r->hits, &r->cap);
    for (size_t k = 0; k < n; k++)
        path_feature(cr, &t->zg->lvl[level], r->hits[k], t);
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
                          ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                          alpha);
    cairo_set_line_width(cr, width_px * r->scale);
    cairo_stroke(cr);
}

/* Rounds the overlay's coverage to OVERLAY_LEVELS steps of alpha. Edges
 * stay smooth to the eye, but a tile then has few enough distinct colours
 * for an exact PNG8 palette, instead of one per anti-aliasing level and
 * fill, which needs slow quantisation. Done once per metatile. */
static void
quantise_overlay(meta_raster *r, int w, int h)
{
    for (int y = 0; y < h; y++) {
        uint32_t *row = r->ov + (size_t)y * r->stride;

        for (int x = 0; x < w; x++) {
            uint32_t o = row[x], a, q;

            if (o == 0 || (a = o >> 24) == 255)
                continue;
            q = (a * (OVERLAY_LEVELS - 1) + 127) / 255 * 255 /
                (OVERLAY_LEVELS - 1);
            if (q == 0) {
                row[x] = 0;
                continue;
            }
            /* Premultiplied: the colour scales with alpha. */
            row[x] = q << 24 | ((o >> 16 & 0xff) * q / a) << 16 |
                     ((o >> 8 & 0xff) * q / a) << 8 | ((o & 0xff) * q / a);
        }
    }
}

/* Buurt and wijk outlines from the ID raster: a pixel whose buurt differs
 * from that of its right or lower neighbour lies on a boundary and gets
 * the wijk line colour if the two buurten lie in different wijken (from
 * WIJK_MINZOOM), else the buurt outline colour (from BUURT_MINZOOM); at
 * --scale 2 its neighbours too, for the same width in CSS pixels. Exact,
 * in register with the fills, and cheap: stroking every buurt and wijk
 * with anti-aliasing cost more than all the rest of a metatile. The lines
 * are crisp rather than anti-aliased, which at one CSS pixel reads the
 * same. Gemeente boundaries are stroked on top, anti-aliased. */
static void
edge_lines(meta_raster *r, int w, int h, int buurt, int wijk)
{
    const uint32_t *wk = r->g->wijk_of;
    uint32_t a = (uint32_t)lround(BUURT_LINE_ALPHA * 255);
    uint32_t bline = a << 24 | a << 16 | a << 8 | a; /* premultiplied */
    uint32_t wline = 0xff000000u | WIJK_LINE;

    for (int y = 0; y + 1 < h; y++) {
        const uint32_t *id = r->id + (size_t)y * r->stride;
        uint32_t *ov = r->ov + (size_t)y * r->stride;

        for (int x = 0; x + 1 < w; x++) {
            uint32_t c = id[x] & 0xffffff, rt = id[x + 1] & 0xffffff;
            uint32_t dn = id[x + r->stride] & 0xffffff, line;

            if (c == rt && c == dn)
                continue;
            if (wijk && (wk[c] != wk[rt] || wk[c] != wk[dn]))
                line = wline;
            else if (buurt)
                line = bline;
            else
                continue;
            ov[x] = line;
            if (r->scale > 1) {
                ov[x + 1] = line;
                ov[x + r->stride] = line;
            }
        }
    }
}

static void
clear(cairo_t *cr)
{
    cairo_save(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_restore(cr);
}

vk_status
meta_raster_draw(meta_raster *r, const meta_pos *m, const zoom_geom *zg,
                 vk_error *err)
{
    double world_px = ldexp((double)r->tile_px, m->z);
    double res = 2 * VK_MERC_HALF_M / world_px;
    int64_t gx0 = (int64_t)m->x0 * r->tile_px - r->buf;
    int64_t gy0 = (int64_t)m->y0 * r->tile_px - r->buf;
    int w = m->nx * r->tile_px + 2 * r->buf;
    int h = m->ny * r->tile_px + 2 * r->buf;
    double gm_px = m->z < 9 ? 0.8 : m->z < 11 ? 1.2 : 1.6;
    xf t;

    r->m = *m;
    t.zg = zg;
    t.inv_res = world_px / (2 * VK_MERC_HALF_M);
    t.qx0 = gx0 * 4;
    t.qy0 = gy0 * 4;
    t.query.minx = -VK_MERC_HALF_M + (double)gx0 * res;
    t.query.maxx = -VK_MERC_HALF_M + (double)(gx0 + w) * res;
    t.query.maxy = VK_MERC_HALF_M - (double)gy0 * res;
    t.query.miny = VK_MERC_HALF_M - (double)(gy0 + h) * res;

    clear(r->id_cr);
    clear(r->ov_cr);
    draw_ids(r, &t);
    if (m->z >= WIJK_MINZOOM) {
        cairo_surface_flush(r->id_s);
        cairo_surface_flush(r->ov_s);
        edge_lines(r, w, h, m->z >= BUURT_MINZOOM, 1);
        cairo_surface_mark_dirty(r->ov_s);
    }
    stroke_level(r, 2, &t, GM_LINE, 1.0, gm_px);
    cairo_surface_flush(r->id_s);
    cairo_surface_flush(r->ov_s);
    quantise_overlay(r, w, h);
    cairo_surface_mark_dirty(r->ov_s);
    if (cairo_status(r->id_cr) != CAIRO_STATUS_SUCCESS ||
        cairo_status(r->ov_cr) != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing metatile %d/%ld/%ld "
                       "failed: %s", m->z, m->mx, m->my,
                       cairo_status_to_string(cairo_status(r->id_cr) ?
                                              cairo_status(r->id_cr) :
                                              cairo_status(r->ov_cr)));
    return VK_OK;
}

int
meta_raster_tile_blank(const meta_raster *r, int tx, int ty)
{
    int tp = r->tile_px;

    for (int y = 0; y < tp; y++) {
        size_t off = (size_t)(r->buf + ty * tp + y) * r->stride +
                     (size_t)(r->buf + tx * tp);
        const uint32_t *a = r->id + off, *b = r->ov + off;

        for (int x = 0; x < tp; x++)
            if ((a[x] | b[x]) != 0)
                return 0;
    }
    return 1;
}

/* (x * a + 127) / 255, rounded, for 8-bit x and a. */
static inline uint32_t
mul255(uint32_t x, uint32_t a)
{
    uint32_t v = x * a + 128;

    return (v + (v >> 8)) >> 8;
}

static inline uint8_t
unpremul(uint32_t c, uint32_t a)
{
    uint32_t v = (c * 255 + a / 2) / a;

    return (uint8_t)(v > 255 ? 255 : v);
}

int
meta_raster_compose(const meta_raster *r, const vk_tilestyle *st, int tx,
                    int ty, uint8_t *rgba)
{
    /* Premultiplied ARGB per slot, as cairo keeps pixels. */
    uint32_t pal[256];
    int tp = r->tile_px, hp = HATCH_PERIOD_PX * r->scale;
    long gx0 = (r->m.x0 + tx) * (long)tp, gy0 = (r->m.y0 + ty) * (long)tp;
    uint32_t first = 0, differ = 0, any_alpha = 0;
    uint32_t hatch_px = 0xff000000u | (HATCH_GREY << 16) | (HATCH_GREY << 8) |
                        HATCH_GREY;

    memset(pal, 0, sizeof pal);
    for (int s = 1; s < st->nslots; s++) {
        uint32_t a = st->rgba[s][3];

        pal[s] = a << 24 | mul255(st->rgba[s][0], a) << 16 |
                 mul255(st->rgba[s][1], a) << 8 | mul255(st->rgba[s][2], a);
    }
    for (int y = 0; y < tp; y++) {
        size_t off = (size_t)(r->buf + ty * tp + y) * r->stride +
                     (size_t)(r->buf + tx * tp);
        const uint32_t *idr = r->id + off, *ovr = r->ov + off;
        uint8_t *out = rgba + (size_t)y * tp * 4;
        uint32_t last_id = UINT32_MAX, c = 0, slot = 0;

        for (int x = 0; x < tp; x++) {
            uint32_t id = idr[x] & 0xffffff, o = ovr[x], p, a;

            if (id != last_id) {
                slot = id ? st->slot[id - 1] : 0;
                c = pal[slot];
                last_id = id;
            }
            p = c;
            /* Masked buurten: grey lines anchored to the world's pixels,
             * so they continue across tiles. */
            if (st->hatch[slot] && (gx0 + x + gy0 + y) % hp < r->scale)
                p = hatch_px;
            if (o != 0) {
                uint32_t ia = 255 - (o >> 24);

                p = ((o & 0xff000000u) + (mul255(p >> 24, ia) << 24)) |
                    (((o >> 16 & 0xff) + mul255(p >> 16 & 0xff, ia)) << 16) |
                    (((o >> 8 & 0xff) + mul255(p >> 8 & 0xff, ia)) << 8) |
                    ((o & 0xff) + mul255(p & 0xff, ia));
            }
            /* Back to straight alpha for PNG. */
            a = p >> 24;
            if (a == 255 || a == 0) {
                out[0] = (uint8_t)(p >> 16);
                out[1] = (uint8_t)(p >> 8);
                out[2] = (uint8_t)p;
            } else {
                out[0] = unpremul(p >> 16 & 0xff, a);
                out[1] = unpremul(p >> 8 & 0xff, a);
                out[2] = unpremul(p & 0xff, a);
            }
            out[3] = (uint8_t)a;
            if (a == 0)
                out[0] = out[1] = out[2] = 0;
            {
                uint32_t v;

                memcpy(&v, out, 4);
                if (x == 0 && y == 0)
                    first = v;
                differ |= v ^ first;
            }
            any_alpha |= a;
            out += 4;
        }
    }
    if (any_alpha == 0)
        return TILE_EMPTY;
    return differ == 0 ? TILE_UNIFORM : TILE_MIXED;
}
