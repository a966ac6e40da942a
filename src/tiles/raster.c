/* SPDX-License-Identifier: MIT */
/* The metatile renderer: per metatile, one ID raster (each buurt filled
 * with its index + 1, no anti-aliasing) and one outline overlay derived
 * from it, shared by every layer; a layer's tile is then a table lookup
 * per pixel plus the overlay composited on top.
 *
 * How it avoids seams and gaps: every vertex is snapped to a quarter-pixel
 * grid anchored at the world origin of the zoom, so two buurten sharing an
 * edge get identical snapped vertices (repeated points are dropped, which
 * is what simplifies the geometry at low zoom). Filled without
 * anti-aliasing (fill_ids), a pixel belongs to the shape containing its
 * centre, and a shared edge gives each pixel centre to exactly one side:
 * no hairline of background between neighbours, and tiles cut from the
 * same metatile or from neighbouring metatiles agree, since the grid is
 * global. The rasters extend BUF_PX pixels around the metatile, so
 * outlines on its edge see the buurt beyond. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tiles_priv.h"

/* Pixels drawn around a metatile (at scale 1): more than the widest
 * line. */
#define BUF_PX 8

/* Outlines per zoom, in CSS pixels (times --scale): gemeente boundaries at
 * every zoom, wijk boundaries from the cartography's wijk_minzoom, buurt
 * outlines (white, translucent as on the printed map, one pixel) from
 * buurt_minzoom; colours and the hatch from the same table as print. */
#define CARTO (&vk_cartography)
/* The overlay holds a line class per pixel, in priority order; their
 * colours (premultiplied) are in meta_raster.line. */
enum { LINE_NONE, LINE_BUURT, LINE_WIJK, LINE_GM, LINE_CLASSES };

/* Open addressing for the colours of a tile (at most 256): a power of
 * two, at least twice that. */
#define COLOUR_SLOTS 1024

/* A layer's final colours (straight-alpha RGBA words in memory order,
 * and their alpha) per slot and outline class, and the hatch's per class:
 * composing a run looks its colour up instead of blending it. */
typedef struct final_table {
    const vk_tilestyle *st;
    uint32_t v[256][LINE_CLASSES], hatch[LINE_CLASSES];
    uint8_t a[256][LINE_CLASSES], hatch_a[LINE_CLASSES];
} final_table;

/* Layers whose final colours a renderer keeps (the last ones used). */
#define FINAL_CACHE 16

struct vk_meta_raster {
    const vk_tilegeom *g;
    int meta_n, tile_px, scale, buf, side;
    uint32_t *id;         /* the ID raster: 0 or 0xff000000 | index + 1 */
    uint8_t *ov;          /* the overlay: a LINE_* per pixel */
    uint32_t line[LINE_CLASSES]; /* their colours, premultiplied */
    final_table *fin;     /* FINAL_CACHE layers' final colours */
    int fin_next;         /* the one to replace next */
    int stride;           /* pixels per row of both */
    vk_meta_pos m;           /* drawn last */
    size_t *hits;         /* query results */
    size_t cap;
    struct edge *edges;   /* fill_ids: a feature's edges */
    struct edge *etmp;    /* the same size, for sorting */
    size_t edge_cap;
    uint32_t *bucket;     /* bucket_edges: edges per row */
    size_t bucket_cap;
    struct edge **act;    /* active edges of a row */
    double *xs;           /* their crossings */
    size_t act_cap;
    struct px_run {       /* compose: runs of a tile's pixels */
        uint32_t id;      /* buurt index + 1, 0 for none */
        uint16_t x, len;
        uint8_t c;        /* outline class */
    } *runs;
    size_t *row_run;      /* runs of row y: row_run[y] .. [y+1] */
    uint8_t *row_same;    /* 1: row y's runs are row y - 1's */
    int runs_ok, runs_tx, runs_ty;
    uint32_t ckey[COLOUR_SLOTS]; /* compose_indexed: colour -> number */
    uint32_t cgen[COLOUR_SLOTS]; /* key valid when cgen == ccur */
    uint8_t cnum[COLOUR_SLOTS];
    uint32_t ccur;
    /* compose_indexed: the colour number of a (slot, outline class) pair
     * of this tile, valid when kgen == ccur */
    uint32_t kgen[256 * LINE_CLASSES];
    uint16_t knum[256 * LINE_CLASSES]; /* or KNUM_HATCHED */
    struct gm_px {        /* edge_lines: gemeente line pixels */
        int x, y;
        uint32_t line;
        uint8_t back;     /* 1: drawn left, 2: up (line_pixel) */
    } *gm;
    size_t ngm, gm_cap;
};

/* Map metres to local pixels of the metatile drawn now. */
typedef struct xf {
    double inv_res;       /* world pixels per metre */
    int64_t qx0, qy0;     /* raster origin, quarter pixels from the world's
                             top-left corner */
    vk_bbox query;        /* metres covered by the raster */
    const vk_zoom_geom *zg;  /* the geometry snapped for this zoom */
} xf;

/* Tile rows are 256, 512 or 1024 pixels (vk_tiles_job: 256 or 512 at
 * scale 1 or 2, checked by vk_tiles_run): where their runs start fits
 * in RUN_WORDS words of 64 bits (tile_runs). */
#define RUN_WORDS 16

/* 0xRRGGBB with alpha as a premultiplied ARGB word (alpha in 8 bits, each
 * channel times it, rounded). */
static uint32_t
premul(unsigned rgb, double alpha)
{
    uint32_t a = (uint32_t)lround(alpha * 255), w = a << 24;

    for (int sh = 0; sh < 24; sh += 8)
        w |= (((rgb >> sh) & 0xff) * a + 127) / 255 << sh;
    return w;
}

vk_meta_raster *
vk_meta_raster_create(const vk_tilegeom *g, int meta_n, int tile_px, int scale)
{
    vk_meta_raster *r = vk_xcalloc(1, sizeof *r);

    r->g = g;
    r->meta_n = meta_n;
    r->tile_px = tile_px;
    r->scale = scale;
    r->buf = BUF_PX * scale;
    r->side = meta_n * tile_px + 2 * r->buf;
    /* Big blocks: huge pages (vk_xcalloc), cleared per metatile. */
    r->stride = r->side;
    r->id = vk_xcalloc((size_t)r->stride * (size_t)r->side, sizeof *r->id);
    r->ov = vk_xcalloc((size_t)r->stride * (size_t)r->side, 1);
    {
        r->line[LINE_NONE] = 0;
        r->line[LINE_BUURT] = premul(CARTO->buurt_line,
                                     CARTO->buurt_line_alpha);
        r->line[LINE_WIJK] = premul(CARTO->wijk_line, 1);
        r->line[LINE_GM] = premul(CARTO->gm_line, 1);
    }
    r->fin = vk_xcalloc(FINAL_CACHE, sizeof *r->fin);
    r->row_run = vk_xcalloc((size_t)tile_px + 1, sizeof *r->row_run);
    r->row_same = vk_xcalloc((size_t)tile_px, 1);
    /* A tile has at most a run per pixel. */
    r->runs = vk_xmalloc((size_t)tile_px * (size_t)tile_px * sizeof *r->runs);
    return r;
}

void
vk_meta_raster_destroy(vk_meta_raster *r)
{
    if (r == NULL)
        return;
    free(r->id);
    free(r->ov);
    free(r->fin);
    free(r->hits);
    free(r->edges);
    free(r->etmp);
    free(r->bucket);
    free(r->act);
    free(r->xs);
    free(r->gm);
    free(r->runs);
    free(r->row_run);
    free(r->row_same);
    free(r);
}

/* ---- geometry snapped for one zoom ------------------------------------ */

/* llround(v), inline for the usual v >= 0 (inside the world): floor(v)
 * plus one when the fraction, exact below 2^52, is at least a half;
 * llround's library call was 3 % of a run. */
static inline int64_t
round_q(double v)
{
    int64_t t;

    if (!(v >= 0 && v < 4503599627370496.0))
        return llround(v);
    t = (int64_t)v;
    return t + (v - (double)t >= 0.5);
}

/* Snaps ring [a, b) of xy to quarter pixels of a world inv_res pixels per
 * metre wide, less the origin (ox, oy), dropping repeated points and the
 * closing one, into q at *n. Keeps the ring (returns 1) if 3 or more
 * points remain. */
static int
snap_ring(const double *xy, size_t a, size_t b, double inv_res, int64_t ox,
          int64_t oy, int32_t *q, size_t *n)
{
    size_t start = *n, k = start;

    for (size_t i = a; i < b; i++) {
        int32_t qx = (int32_t)(round_q((xy[2 * i] + VK_MERC_HALF_M) *
                                       inv_res * 4) - ox);
        int32_t qy = (int32_t)(round_q((VK_MERC_HALF_M - xy[2 * i + 1]) *
                                       inv_res * 4) - oy);

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

/* Input points and rings of feature i: polygons are contiguous in the
 * geomset, and so are their rings and points. */
static void
feature_extent(const vk_features *fs, size_t i, size_t *pts, size_t *rings)
{
    const vk_geomset *g = &fs->g;
    const vk_feature *f = &fs->f[i];
    size_t r0 = g->poly_off[f->poly_first];
    size_t r1 = g->poly_off[f->poly_first + f->poly_count];

    *rings = r1 - r0;
    *pts = g->ring_off[r1] - g->ring_off[r0];
}

/* The origin of a zoom's snapped coordinates: the quarter pixel a little
 * above and left of the buurten's extent (Web Mercator metres), so that
 * they fit 32 bits (vk_tilegeom_check_zoom), half the memory of 64. */
static void
zoom_origin(const vk_tilegeom *g, double inv_res, int64_t *ox, int64_t *oy)
{
    const vk_bbox *e = &g->bu->extent;

    if (vk_bbox_empty(e)) {
        *ox = *oy = 0;
        return;
    }
    *ox = round_q((e->minx + VK_MERC_HALF_M) * inv_res * 4) - 4;
    *oy = round_q((VK_MERC_HALF_M - e->maxy) * inv_res * 4) - 4;
}

vk_status
vk_tilegeom_check_zoom(const vk_tilegeom *g, int z, int tile_px,
                       vk_error *err)
{
    double inv_res = ldexp((double)tile_px, z) / (2 * VK_MERC_HALF_M);
    const vk_bbox *e = &g->bu->extent;

    if (vk_bbox_empty(e) ||
        ((e->maxx - e->minx) * inv_res < ZOOM_MAX_SPAN_PX &&
         (e->maxy - e->miny) * inv_res < ZOOM_MAX_SPAN_PX))
        return VK_OK;
    VK_FAIL(err, VK_EDATA, "at zoom %d the buurten span more than %.0f "
            "pixels across, more than tiles can address", z,
            ZOOM_MAX_SPAN_PX);
    vk_error_hint(err, "lower --zoom (the whole world fits up to zoom 20 "
                  "in 256-pixel tiles)");
    return VK_EDATA;
}

vk_zoom_geom *
vk_zoom_geom_begin(const vk_tilegeom *g, int z, int tile_px, vk_zoom_geom *spare)
{
    vk_zoom_geom *zg = vk_xcalloc(1, sizeof *zg);
    const vk_features *fs = g->bu;
    vk_snapped *sn = &zg->sn;
    size_t np = 0, nr = 0, total = 0, part = 0;

    zg->z = z;
    zg->fs = fs;
    zg->inv_res = ldexp((double)tile_px, z) / (2 * VK_MERC_HALF_M);
    zoom_origin(g, zg->inv_res, &sn->ox, &sn->oy);
    /* Only the buurten are drawn (outlines come from their raster). Each
     * part gets the room its input needs, at the offsets the input has. */
    for (size_t i = 0; i < fs->n; i++) {
        size_t p, rr;

        feature_extent(fs, i, &p, &rr);
        total += p;
    }
    /* A part ends where the points pass its share of the total. */
    for (size_t i = 0; i < fs->n; i++) {
        size_t p, rr;

        if (part + 1 < ZOOM_PARTS &&
            np >= (total / ZOOM_PARTS + 1) * (part + 1)) {
            zg->part[part++].f1 = i;
            zg->part[part].f0 = i;
            zg->part[part].pbase = np;
            zg->part[part].rbase = nr;
        }
        feature_extent(fs, i, &p, &rr);
        np += p;
        nr += rr;
    }
    zg->part[part].f1 = fs->n;
    zg->nparts = part + 1;
    if (spare != NULL) {
        *sn = spare->sn;
        free(spare);
    } else {
        sn->q = vk_xmalloc(2 * (np ? np : 1) * sizeof *sn->q);
        sn->ring_off = vk_xmalloc((nr + 1) * sizeof *sn->ring_off);
        sn->feat_ring = vk_xmalloc((fs->n + 1) * sizeof *sn->feat_ring);
    }
    return zg;
}

void
vk_zoom_geom_part(vk_zoom_geom *zg, size_t part)
{
    vk_zoom_part *zp = &zg->part[part];
    vk_snapped *sn = &zg->sn;
    const vk_features *fs = zg->fs;
    const vk_geomset *g = &fs->g;
    size_t np = zp->pbase, nr = 0;

    /* Ring ends are written relative to pbase, at rbase + 1 + j;
     * feat_ring relative to rbase: zoom_geom_finish moves both. */
    for (size_t i = zp->f0; i < zp->f1; i++) {
        const vk_feature *f = &fs->f[i];

        sn->feat_ring[i] = nr;
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count;
             p++)
            for (size_t k = g->poly_off[p]; k < g->poly_off[p + 1]; k++)
                if (snap_ring(g->xy, g->ring_off[k], g->ring_off[k + 1],
                              zg->inv_res, sn->ox, sn->oy, sn->q, &np))
                    sn->ring_off[zp->rbase + 1 + nr++] = np - zp->pbase;
    }
    zp->np = np - zp->pbase;
    zp->nr = nr;
}

void
vk_zoom_geom_finish(vk_zoom_geom *zg)
{
    vk_snapped *sn = &zg->sn;
    size_t np = 0, nr = 0;

    /* Close the gaps between the parts, in order: every move goes to a
     * lower or equal index, so nothing is overwritten before it moves. */
    sn->ring_off[0] = 0;
    for (size_t c = 0; c < zg->nparts; c++) {
        const vk_zoom_part *zp = &zg->part[c];

        memmove(sn->q + 2 * np, sn->q + 2 * zp->pbase,
                2 * zp->np * sizeof *sn->q);
        for (size_t i = zp->f0; i < zp->f1; i++)
            sn->feat_ring[i] += nr;
        for (size_t j = 0; j < zp->nr; j++)
            sn->ring_off[nr + 1 + j] = np + sn->ring_off[zp->rbase + 1 + j];
        np += zp->np;
        nr += zp->nr;
    }
    sn->feat_ring[zg->fs->n] = nr;
}

size_t
vk_zoom_geom_nparts(const vk_zoom_geom *zg)
{
    return zg->nparts;
}

void
vk_zoom_geom_destroy(vk_zoom_geom *zg)
{
    if (zg == NULL)
        return;
    free(zg->sn.q);
    free(zg->sn.ring_off);
    free(zg->sn.feat_ring);
    free(zg);
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

/* One edge of a feature in the raster's quarter pixels, y0 < y1. */
typedef struct edge {
    int64_t y0, y1;
    double x0, dxdy;
} edge;

/* The first row of [py0, py1] whose centre edge e reaches, from py0;
 * nb (past the last) if it reaches none. Rows py with y0 <= 4py + 2 < y1
 * (see fill_ids): from (y0 + 1) >> 2 up to ((y1 + 1) >> 2) - 1. */
static inline size_t
edge_row(const edge *e, long py0, long py1, size_t nb)
{
    long s = (long)((e->y0 + 1) >> 2), last = (long)((e->y1 + 1) >> 2) - 1;

    if (s < py0)
        s = py0;
    return s > py1 || last < s ? nb : (size_t)(s - py0);
}

/* Orders the n edges of r by the first row of [py0, py1] whose centre
 * they reach (their y0 order), dropping those that reach none: a
 * counting sort over the rows (a feature's rows are fewer than its edges
 * where it matters), through r->etmp. Edges joining on the same row may
 * come in any order: their crossings are sorted by x. Returns the edges
 * kept. */
static size_t
bucket_edges(vk_meta_raster *r, size_t n, long py0, long py1)
{
    size_t nb = (size_t)(py1 - py0 + 1), sum = 0;
    uint32_t *cnt;
    edge *a = r->edges, *b = r->etmp;

    if (nb + 1 > r->bucket_cap) {
        r->bucket_cap = nb + 1;
        r->bucket = vk_xreallocarray(r->bucket, nb + 1, sizeof *r->bucket);
    }
    cnt = r->bucket;
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        cnt[edge_row(&a[i], py0, py1, nb)]++;
    for (size_t k = 0; k <= nb; k++) {
        uint32_t c = cnt[k];

        cnt[k] = (uint32_t)sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        b[cnt[edge_row(&a[i], py0, py1, nb)]++] = a[i];
    r->edges = b;
    r->etmp = a;
    return (size_t)cnt[nb - 1];
}

/* n pixels of value v: wmemset, the C library's vectorised fill of
 * 32-bit words, where wchar_t is one (glibc; int and unsigned int may
 * alias); a loop elsewhere. */
static inline void
fill_span(uint32_t *p, uint32_t v, size_t n)
{
#if WCHAR_MAX == INT32_MAX && WCHAR_MIN == INT32_MIN
    wmemset((wchar_t *)(void *)p, (wchar_t)v, n);
#else
    for (size_t k = 0; k < n; k++)
        p[k] = v;
#endif
}

/* Fills feature i of the snapped buurten with value v in the ID raster
 * (w x h pixels): even-odd, a pixel taken when its centre is inside.
 *
 * How it works: a scanline filler in the raster's quarter pixels, where
 * pixel centres sit at 4k + 2. Row py crosses an edge when y0 <= 4py+2 <
 * y1 (half-open: a vertex on the row counts once); the crossings, sorted,
 * pair up into spans, and a span [xa, xb) takes the pixels whose centre x
 * is in it. Each edge is stored with its lower end first, so the two
 * buurten sharing it compute the same crossing to the bit, and one ends
 * exactly where the other begins: pixels are partitioned, no gap, no
 * overlap. Replaces one cairo fill per buurt, whose fixed cost dominated
 * at low zoom where thousands of buurten are a few pixels each. */
static void
fill_ids(vk_meta_raster *r, const vk_snapped *sn, size_t i, const xf *t,
         uint32_t v, int w, int h)
{
    size_t ne = 0, first = 0, nact;
    int64_t ymin = INT64_MAX, ymax = INT64_MIN;
    int64_t dx = sn->ox - t->qx0, dy = sn->oy - t->qy0; /* to the raster */
    long py0, py1;

    for (size_t k = sn->feat_ring[i]; k < sn->feat_ring[i + 1]; k++) {
        const int32_t *q = sn->q + 2 * sn->ring_off[k];
        size_t n = sn->ring_off[k + 1] - sn->ring_off[k];

        if (ne + n > r->edge_cap) {
            r->edge_cap = 2 * (ne + n);
            r->edges = vk_xreallocarray(r->edges, r->edge_cap,
                                        sizeof *r->edges);
            r->etmp = vk_xreallocarray(r->etmp, r->edge_cap,
                                       sizeof *r->etmp);
        }
        for (size_t j = 0; j < n; j++) {
            const int32_t *p = q + 2 * j, *o = q + 2 * ((j + 1) % n);
            int64_t ax = p[0] + dx, ay = p[1] + dy;
            int64_t bx = o[0] + dx, by = o[1] + dy;
            edge *e = &r->edges[ne];

            if (ay == by)
                continue;
            if (ay > by) {
                int64_t tx = ax, ty = ay;

                ax = bx;
                ay = by;
                bx = tx;
                by = ty;
            }
            e->y0 = ay;
            e->y1 = by;
            e->x0 = (double)ax;
            e->dxdy = (double)(bx - ax) / (double)(by - ay);
            ymin = ay < ymin ? ay : ymin;
            ymax = by > ymax ? by : ymax;
            ne++;
        }
    }
    if (ne < 2)
        return;
    /* Rows whose centre 4py+2 is in [ymin, ymax), within the raster. */
    py0 = (long)((ymin + 1) >> 2);        /* ceil((ymin - 2) / 4) */
    py1 = (long)((ymax + 1) >> 2) - 1;
    if (py0 < 0)
        py0 = 0;
    if (py1 > h - 1)
        py1 = h - 1;
    if (py0 > py1 || (ne = bucket_edges(r, ne, py0, py1)) < 2)
        return;
    if (r->act_cap < ne) {
        r->act_cap = ne;
        r->act = vk_xreallocarray(r->act, ne, sizeof *r->act);
        r->xs = vk_xreallocarray(r->xs, ne, sizeof *r->xs);
    }
    nact = 0;
    for (long py = py0; py <= py1; py++) {
        int64_t yc = 4 * (int64_t)py + 2;
        size_t nx = 0, keep = 0;
        uint32_t *row = r->id + (size_t)py * r->stride;

        /* Edges starting at or above the row join; ended ones leave. */
        while (first < ne && r->edges[first].y0 <= yc)
            r->act[nact++] = &r->edges[first++];
        for (size_t k = 0; k < nact; k++)
            if (r->act[k]->y1 > yc)
                r->act[keep++] = r->act[k];
        nact = keep;
        for (size_t k = 0; k < nact; k++) {
            const edge *e = r->act[k];
            double x = e->x0 + (double)(yc - e->y0) * e->dxdy;
            size_t m = nx++;

            while (m > 0 && r->xs[m - 1] > x) { /* insertion sort */
                r->xs[m] = r->xs[m - 1];
                m--;
            }
            r->xs[m] = x;
        }
        for (size_t k = 0; k + 1 < nx; k += 2) {
            /* Pixels with centre 4px+2 in [xa, xb). */
            double a = ceil((r->xs[k] - 2) / 4);
            double b = ceil((r->xs[k + 1] - 2) / 4);

            if (a < 0)
                a = 0;
            if (b > w)
                b = w;
            if (a < b)
                fill_span(row + (long)a, v, (size_t)((long)b - (long)a));
        }
    }
}

static void
draw_ids(vk_meta_raster *r, const xf *t, int w, int h)
{
    const vk_features *fs = r->g->bu;
    size_t n = vk_tilegeom_query(r->g, &t->query, &r->hits, &r->cap);

    for (size_t k = 0; k < n; k++) {
        size_t i = r->hits[k];

        if (!covers_pixel_centre(&fs->f[i].bbox, t))
            continue;
        fill_ids(r, &t->zg->sn, i, t, 0xff000000u | (uint32_t)(i + 1),
                 w, h);
    }
}

/* The outline class (LINE_*) a boundary pixel gets, by priority:
 * gemeente over wijk over buurt; LINE_NONE for none. */
static uint32_t
line_of(const vk_meta_raster *r, uint32_t a, uint32_t b, int z, int *gm)
{
    *gm = 0;
    if (a == b)
        return LINE_NONE;
    if (r->g->gm_of[a] != r->g->gm_of[b]) {
        *gm = 1;
        return LINE_GM;
    }
    if (z >= CARTO->wijk_minzoom && r->g->wijk_of[a] != r->g->wijk_of[b])
        return LINE_WIJK;
    if (z >= CARTO->buurt_minzoom)
        return LINE_BUURT;
    return LINE_NONE;
}

/* All outlines from the ID raster: a pixel whose buurt differs from that
 * of its right or lower neighbour lies on a boundary, a gemeente boundary
 * when the two buurten' gemeentecodes differ (or one side is outside), a
 * wijk boundary (from CARTO->wijk_minzoom) when their wijkcodes do, else a buurt
 * boundary (from CARTO->buurt_minzoom). Lines are one CSS pixel (times --scale),
 * gemeente lines two from CARTO->gm_wide_minzoom, drawn after the others so they
 * stay on top.
 *
 * Between two buurten the line is drawn from the upper-left pixel of the
 * pair, right and down. At the edge of the data it lies inside, on every
 * side alike: a pair with the outside is drawn from its pixel in a buurt,
 * towards the buurt (left and up on the right and lower edges), so no
 * line falls outside the data, and a buurt just below a tile edge gives
 * the tile above it nothing.
 *
 * Exact, in register with the fills, deterministic and one pass over the
 * raster (gemeente pixels are collected and painted after it): stroking
 * every outline with cairo's anti-aliasing cost more than
 * everything else of a metatile put together (and its coverage levels
 * multiplied the colours of a tile past a PNG8 palette). The price is
 * crisp rather than anti-aliased lines, which at 1-2 px read much the
 * same. */

/* Paints an n x n square of line from pixel (x, y): right and down, or
 * left (back_x) and up (back_y), within the w x h raster. */
static void
paint_line(vk_meta_raster *r, int x, int y, int n, int back_x, int back_y,
           uint32_t line, int w, int h)
{
    int x0 = back_x ? x - n + 1 : x, y0 = back_y ? y - n + 1 : y;

    for (int py = y0 < 0 ? 0 : y0; py < y0 + n && py < h; py++) {
        uint8_t *ov = r->ov + (size_t)py * r->stride;

        for (int px = x0 < 0 ? 0 : x0; px < x0 + n && px < w; px++)
            ov[px] = (uint8_t)line;
    }
}

/* A line at pixel (x, y) of a buurt: wijk and buurt lines are painted
 * now, gemeente lines (gm) kept for later, so they end up on top. It
 * turns back from the outside: left where the right neighbour is outside,
 * up where the lower one is. */
static void
line_pixel(vk_meta_raster *r, int x, int y, uint32_t line, int gm, int w,
           int h)
{
    const uint32_t *id = r->id + (size_t)y * r->stride + x;
    int back_x = x + 1 < w && id[1] == 0;
    int back_y = y + 1 < h && id[r->stride] == 0;

    if (!gm) {
        paint_line(r, x, y, r->scale, back_x, back_y, line, w, h);
        return;
    }
    if (r->ngm == r->gm_cap) {
        r->gm_cap = r->gm_cap ? 2 * r->gm_cap : 4096;
        r->gm = vk_xreallocarray(r->gm, r->gm_cap, sizeof *r->gm);
    }
    r->gm[r->ngm].x = x;
    r->gm[r->ngm].y = y;
    r->gm[r->ngm].back = (uint8_t)(back_x | back_y << 1);
    r->gm[r->ngm++].line = line;
}

/* One boundary pixel (x, y): in a buurt, its line by priority (gemeente
 * over wijk over buurt; right over down); outside, the lines of the
 * buurten right of and below it, drawn in them. */
static void
boundary_pixel(vk_meta_raster *r, const uint32_t *id, int x, int y, int z,
               int w, int h)
{
    uint32_t c = id[x] & 0xffffff, rt = id[x + 1] & 0xffffff;
    uint32_t dn = id[x + r->stride] & 0xffffff, l1, l2, line;
    int g1, g2;

    l1 = line_of(r, c, rt, z, &g1);
    l2 = line_of(r, c, dn, z, &g2);
    if (c == 0) {
        if (l1 != LINE_NONE)
            line_pixel(r, x + 1, y, l1, g1, w, h);
        if (l2 != LINE_NONE)
            line_pixel(r, x, y + 1, l2, g2, w, h);
        return;
    }
    line = g1 ? l1 : g2 ? l2 : l1 ? l1 : l2;
    if (line != LINE_NONE)
        line_pixel(r, x, y, line, g1 || g2, w, h);
}

static void
edge_lines(vk_meta_raster *r, int w, int h, int z)
{
    int wide = (z >= CARTO->gm_wide_minzoom ? 2 : 1) * r->scale;

    /* One pass over the raster, in row order; the gemeente lines follow
     * in the same order. An ID pixel is 0 or 0xff000000 | index, so the
     * raw words compare as the indices do; runs of 8 equal pixels (most
     * of the raster) are skipped with one test. */
    r->ngm = 0;
    for (int y = 0; y + 1 < h; y++) {
        const uint32_t *id = r->id + (size_t)y * r->stride;
        const uint32_t *dn = id + r->stride;
        int x = 0;

        while (x + 1 < w) {
            int end = x + 8 < w - 1 ? x + 8 : w - 1;

            if (x + 8 < w) {
                uint32_t d = 0;

                for (int j = 0; j < 8; j++)
                    d |= (id[x + j] ^ id[x + j + 1]) | (id[x + j] ^ dn[x + j]);
                if (d == 0) {
                    x += 8;
                    continue;
                }
            }
            for (; x < end; x++)
                if (id[x] != id[x + 1] || id[x] != dn[x])
                    boundary_pixel(r, id, x, y, z, w, h);
        }
    }
    for (size_t k = 0; k < r->ngm; k++)
        paint_line(r, r->gm[k].x, r->gm[k].y, wide, r->gm[k].back & 1,
                   r->gm[k].back >> 1, r->gm[k].line, w, h);
}

void
vk_meta_raster_draw(vk_meta_raster *r, const vk_meta_pos *m, const vk_zoom_geom *zg)
{
    double world_px = ldexp((double)r->tile_px, m->z);
    double res = 2 * VK_MERC_HALF_M / world_px;
    int64_t gx0 = (int64_t)m->x0 * r->tile_px - r->buf;
    int64_t gy0 = (int64_t)m->y0 * r->tile_px - r->buf;
    int w = m->nx * r->tile_px + 2 * r->buf;
    int h = m->ny * r->tile_px + 2 * r->buf;
    xf t;

    r->m = *m;
    r->runs_ok = 0;
    t.zg = zg;
    t.inv_res = world_px / (2 * VK_MERC_HALF_M);
    t.qx0 = gx0 * 4;
    t.qy0 = gy0 * 4;
    t.query.minx = -VK_MERC_HALF_M + (double)gx0 * res;
    t.query.maxx = -VK_MERC_HALF_M + (double)(gx0 + w) * res;
    t.query.maxy = VK_MERC_HALF_M - (double)gy0 * res;
    t.query.miny = VK_MERC_HALF_M - (double)(gy0 + h) * res;

    /* The rows this metatile uses, cleared (nothing reads beyond). */
    memset(r->id, 0, (size_t)h * (size_t)r->stride * sizeof *r->id);
    memset(r->ov, 0, (size_t)h * (size_t)r->stride);
    draw_ids(r, &t, w, h);
    edge_lines(r, w, h, m->z);
}

static inline uint8_t
unpremul(uint32_t c, uint32_t a)
{
    uint32_t v = (c * 255 + a / 2) / a;

    return (uint8_t)(v > 255 ? 255 : v);
}

/* Premultiplied p under overlay o, back to straight alpha RGBA bytes (as
 * a word in memory order); its alpha goes to *alpha. */
static inline uint32_t
final_pixel(uint32_t p, uint32_t o, uint32_t *alpha)
{
    uint32_t a, v;
    uint8_t px[4];

    if (o != 0) {
        uint32_t ia = 255 - (o >> 24);

        p = ((o & 0xff000000u) + (mul255(p >> 24, ia) << 24)) |
            (((o >> 16 & 0xff) + mul255(p >> 16 & 0xff, ia)) << 16) |
            (((o >> 8 & 0xff) + mul255(p >> 8 & 0xff, ia)) << 8) |
            ((o & 0xff) + mul255(p & 0xff, ia));
    }
    /* Back to straight alpha for PNG. */
    a = p >> 24;
    if (a == 255) {
        px[0] = (uint8_t)(p >> 16);
        px[1] = (uint8_t)(p >> 8);
        px[2] = (uint8_t)p;
    } else if (a == 0) {
        px[0] = px[1] = px[2] = 0;
    } else {
        px[0] = unpremul(p >> 16 & 0xff, a);
        px[1] = unpremul(p >> 8 & 0xff, a);
        px[2] = unpremul(p & 0xff, a);
    }
    px[3] = (uint8_t)a;
    memcpy(&v, px, 4);
    *alpha = a;
    return v;
}

/* The final colours of layer st, made on its first use. */
static const final_table *
final_colours(vk_meta_raster *r, const vk_tilestyle *st)
{
    const uint32_t hatch_px = premul(CARTO->hatch_line, 1);
    final_table *t;
    uint32_t a;

    for (int k = 0; k < FINAL_CACHE; k++)
        if (r->fin[k].st == st)
            return &r->fin[k];
    t = &r->fin[r->fin_next];
    r->fin_next = (r->fin_next + 1) % FINAL_CACHE;
    t->st = st;
    for (int c = 0; c < LINE_CLASSES; c++) {
        /* A map of wijken shows its fill where buurten meet. */
        uint32_t line = c == LINE_BUURT && st->no_buurt_lines ? 0 : r->line[c];

        for (int s = 0; s < st->nslots; s++) {
            t->v[s][c] = final_pixel(st->premul[s], line, &a);
            t->a[s][c] = (uint8_t)a;
        }
        t->hatch[c] = final_pixel(hatch_px, line, &a);
        t->hatch_a[c] = (uint8_t)a;
    }
    return t;
}

/* 1 when the runs of row y (runs[row_run[y]] up to runs[end]) are those
 * of row y - 1: about a third of a tile's rows, which compose copies. */
static int
same_runs(const vk_meta_raster *r, int y, size_t end)
{
    const struct px_run *a = r->runs + r->row_run[y - 1];
    const struct px_run *b = r->runs + r->row_run[y];
    size_t n = r->row_run[y] - r->row_run[y - 1];

    if (end - r->row_run[y] != n)
        return 0;
    /* Equal lengths from x = 0 are equal places. */
    for (size_t k = 0; k < n; k++)
        if (a[k].id != b[k].id || a[k].c != b[k].c || a[k].len != b[k].len)
            return 0;
    return 1;
}

/* Sets bit x of m[x / 64] (0 < x < tp) where pixel x starts a run: its
 * ID or outline class differs from pixel x - 1's. With SSE2, 16 pixels a
 * step. idr[-1] and ovr[-1] are the raster's buffer left of the tile;
 * bit 0 is left clear (the first run starts at 0 anyway). */
static void
run_starts(uint64_t *m, const uint32_t *idr, const uint8_t *ovr, int tp)
{
    for (int w = 0; w < tp / 64; w++) {
        uint64_t bits = 0;

#ifdef __SSE2__
        for (int k = 0; k < 64; k += 16) {
            int x = 64 * w + k;
            __m128i eo = _mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(ovr + x)),
                _mm_loadu_si128(
                    (const __m128i *)(const void *)(ovr + x - 1)));
            unsigned same = (unsigned)_mm_movemask_epi8(eo), si = 0;

            for (int j = 0; j < 16; j += 4) {
                __m128i ei = _mm_cmpeq_epi32(
                    _mm_loadu_si128(
                        (const __m128i *)(const void *)(idr + x + j)),
                    _mm_loadu_si128(
                        (const __m128i *)(const void *)(idr + x + j - 1)));

                si |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(ei)) << j;
            }
            bits |= (uint64_t)(~(same & si) & 0xffffu) << k;
        }
#else
        for (int k = 0; k < 64; k++) {
            int x = 64 * w + k;

            bits |= (uint64_t)(idr[x] != idr[x - 1] || ovr[x] != ovr[x - 1])
                    << k;
        }
#endif
        m[w] = bits;
    }
    m[0] &= ~(uint64_t)1;
}

/* The runs of equal (ID, overlay) pairs of tile (tx, ty), row by row,
 * made once per tile and used by every layer's compose: where runs
 * start (run_starts), then a walk over those bits, the end of the row
 * (bit 0 of the word past the last) closing the last run. */
static void
tile_runs(vk_meta_raster *r, int tx, int ty)
{
    int tp = r->tile_px, nw = tp / 64;
    size_t n = 0;

    if (r->runs_ok && r->runs_tx == tx && r->runs_ty == ty)
        return;
    for (int y = 0; y < tp; y++) {
        size_t off = (size_t)(r->buf + ty * tp + y) * r->stride +
                     (size_t)(r->buf + tx * tp);
        const uint32_t *idr = r->id + off;
        const uint8_t *ovr = r->ov + off;
        uint64_t m[RUN_WORDS + 1];
        int x0 = 0;

        r->row_run[y] = n;
        run_starts(m, idr, ovr, tp);
        m[nw] = 1;
        for (int w = 0; w <= nw; w++)
            for (uint64_t bits = m[w]; bits != 0; bits &= bits - 1) {
                int x = 64 * w + __builtin_ctzll(bits);

                r->runs[n].id = idr[x0] & 0xffffff;
                r->runs[n].c = ovr[x0];
                r->runs[n].x = (uint16_t)x0;
                r->runs[n++].len = (uint16_t)(x - x0);
                x0 = x;
            }
        r->row_same[y] = y > 0 && same_runs(r, y, n);
    }
    r->row_run[tp] = n;
    r->runs_tx = tx;
    r->runs_ty = ty;
    r->runs_ok = 1;
}

/* From the tile's runs (kept for compose): one scan of the rasters per
 * tile instead of two. */
int
vk_meta_raster_tile_blank(vk_meta_raster *r, int tx, int ty)
{
    tile_runs(r, tx, ty);
    for (size_t k = 0; k < r->row_run[r->tile_px]; k++)
        if ((r->runs[k].id | r->runs[k].c) != 0)
            return 0;
    return 1;
}

int
vk_meta_raster_compose(vk_meta_raster *r, const vk_tilestyle *st, int tx, int ty,
                    uint8_t *rgba)
{
    const final_table *ft = final_colours(r, st);
    int tp = r->tile_px, hp = CARTO->hatch_period_px * r->scale;
    long gx0 = (r->m.x0 + tx) * (long)tp, gy0 = (r->m.y0 + ty) * (long)tp;
    uint32_t first = 0, differ = 0, any_alpha = 0;
    int have_first = 0;

    tile_runs(r, tx, ty);
    /* A run of equal (ID, overlay) pixels is one colour, looked up once
     * and stored len times, unless its buurt is hatched. */
    for (int y = 0; y < tp; y++) {
        uint32_t *out = (uint32_t *)(void *)(rgba + (size_t)y * tp * 4);

        for (size_t k = r->row_run[y]; k < r->row_run[y + 1]; k++) {
            const struct px_run *ru = &r->runs[k];
            uint32_t slot = ru->id ? st->slot[ru->id - 1] : 0;
            uint32_t v = ft->v[slot][ru->c], a = ft->a[slot][ru->c];
            int x0 = ru->x, x1 = ru->x + ru->len, hatched = st->hatch[slot];

            for (int x = x0; x < x1; x++) {
                /* Masked buurten: grey lines anchored to the world's
                 * pixels, so they continue across tiles. */
                int h = hatched && (gx0 + x + gy0 + y) % hp < r->scale;

                out[x] = h ? ft->hatch[ru->c] : v;
                if (!have_first) {
                    first = out[x];
                    have_first = 1;
                }
                differ |= out[x] ^ first;
                any_alpha |= h ? ft->hatch_a[ru->c] : a;
            }
        }
    }
    if (any_alpha == 0)
        return TILE_EMPTY;
    return differ == 0 ? TILE_UNIFORM : TILE_MIXED;
}

/* The number of colour v in this tile's palette, numbering it if new;
 * -1 past 256 colours. */
static inline int
colour_number(vk_meta_raster *r, uint32_t v, uint32_t *pal, int *ncol)
{
    uint32_t h = (v * 2654435761u) >> 22; /* top 10 bits */

    while (r->cgen[h] == r->ccur && r->ckey[h] != v)
        h = (h + 1) & (COLOUR_SLOTS - 1);
    if (r->cgen[h] != r->ccur) {
        if (*ncol == 256)
            return -1;
        r->cgen[h] = r->ccur;
        r->ckey[h] = v;
        r->cnum[h] = (uint8_t)*ncol;
        pal[(*ncol)++] = v;
    }
    return r->cnum[h];
}

/* knum: the pair is hatched (its runs are numbered pixel by pixel). */
#define KNUM_HATCHED 0x100

/* Numbers the colours of a hatched run pixel by pixel: grey lines
 * anchored to the world's pixels, as in meta_raster_compose. Returns -1
 * past 256 colours, else 0. */
static int
compose_hatched(vk_meta_raster *r, const final_table *ft, uint32_t slot,
                const struct px_run *ru, long gx, long gy, uint8_t *out,
                uint32_t *pal, int *ncol, uint32_t *any_alpha)
{
    int hp = CARTO->hatch_period_px * r->scale, num = -1;
    uint32_t ah = ft->hatch_a[ru->c], vh = ft->hatch[ru->c];
    uint32_t ab = ft->a[slot][ru->c], vb = ft->v[slot][ru->c], last = 0;

    for (int x = ru->x; x < ru->x + ru->len; x++) {
        int h = (gx + x + gy) % hp < r->scale;
        uint32_t v = h ? vh : vb;

        if (num < 0 || v != last) {
            if ((num = colour_number(r, v, pal, ncol)) < 0)
                return -1;
            last = v;
        }
        out[x] = (uint8_t)num;
        *any_alpha |= h ? ah : ab;
    }
    return 0;
}

/* A run is one colour: its (slot, outline class) pair is numbered once a
 * tile, then each run is a table lookup and a fill; a row with the runs
 * of the row above (and no hatch) is a copy of it. No RGBA pixels and no
 * per-pixel colour lookup (the encoder's). */
int
vk_meta_raster_compose_indexed(vk_meta_raster *r, const vk_tilestyle *st, int tx,
                            int ty, uint8_t *index, uint32_t *pal, int *ncol)
{
    const final_table *ft = final_colours(r, st);
    const uint8_t *slots = st->slot;
    int tp = r->tile_px, prev_hatched = 1;
    long gx0 = (r->m.x0 + tx) * (long)tp, gy0 = (r->m.y0 + ty) * (long)tp;
    uint32_t any_alpha = 0, cur, *kgen = r->kgen;
    uint16_t *knum = r->knum;

    tile_runs(r, tx, ty);
    if (++r->ccur == 0) { /* the generation wrapped: clear for real */
        memset(r->cgen, 0, sizeof r->cgen);
        memset(r->kgen, 0, sizeof r->kgen);
        r->ccur = 1;
    }
    cur = r->ccur;
    *ncol = 0;
    for (int y = 0; y < tp; y++) {
        /* Locals: stores through out (bytes) may alias anything, so the
         * compiler would reload fields of r every run. */
        uint8_t *out = index + (size_t)y * tp;
        const struct px_run *ru = r->runs + r->row_run[y];
        const struct px_run *end = r->runs + r->row_run[y + 1];
        int hatched = 0;

        if (r->row_same[y] && !prev_hatched) {
            memcpy(out, out - tp, (size_t)tp);
            continue;
        }
        for (; ru < end; ru++) {
            uint32_t slot = ru->id ? slots[ru->id - 1] : 0;
            uint32_t key = slot * LINE_CLASSES + ru->c, num;

            if (kgen[key] != cur) { /* the pair's first run in the tile */
                int n = KNUM_HATCHED;

                /* Colours are numbered in order of first use: a hatched
                 * pair's as its pixels come. */
                if (!st->hatch[slot]) {
                    n = colour_number(r, ft->v[slot][ru->c], pal, ncol);
                    if (n < 0)
                        return -1;
                    any_alpha |= ft->a[slot][ru->c];
                }
                kgen[key] = cur;
                knum[key] = (uint16_t)n;
            }
            num = knum[key];
            if (num == KNUM_HATCHED) {
                if (compose_hatched(r, ft, slot, ru, gx0, gy0 + y, out, pal,
                                    ncol, &any_alpha) < 0)
                    return -1;
                hatched = 1;
            } else if (ru->len <= 8 && ru->x + 8 <= tp) {
                /* Most runs are short (outlines): eight bytes stored at
                 * once, the surplus overwritten by the runs after. */
                uint64_t v = num * 0x0101010101010101ull;

                memcpy(out + ru->x, &v, 8);
            } else
                memset(out + ru->x, (int)num, ru->len);
        }
        prev_hatched = hatched;
    }
    if (any_alpha == 0)
        return TILE_EMPTY;
    return *ncol == 1 ? TILE_UNIFORM : TILE_MIXED;
}

/* Buurt number n (index + 1) as the RGBA bytes of an ID tile, in memory
 * order: n in red, green and blue (most significant first), opaque; 0
 * (no buurt) transparent. */
static uint32_t
id_colour(uint32_t n)
{
    uint8_t b[4] = {(uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n,
                    n ? 255 : 0};
    uint32_t v;

    if (n == 0)
        b[0] = b[1] = b[2] = 0;
    memcpy(&v, b, 4);
    return v;
}

int
vk_meta_raster_compose_ids(vk_meta_raster *r, int tx, int ty, uint8_t *index,
                           uint32_t *pal, int *ncol, uint8_t *rgba,
                           int *indexed)
{
    int tp = r->tile_px, any = 0;

    tile_runs(r, tx, ty);
    if (++r->ccur == 0) {
        memset(r->cgen, 0, sizeof r->cgen);
        memset(r->kgen, 0, sizeof r->kgen);
        r->ccur = 1;
    }
    *ncol = 0;
    *indexed = 1;
    for (int y = 0; y < tp && *indexed; y++)
        for (size_t k = r->row_run[y]; k < r->row_run[y + 1]; k++) {
            const struct px_run *ru = &r->runs[k];
            int num = colour_number(r, id_colour(ru->id), pal, ncol);

            if (num < 0) {
                *indexed = 0;
                break;
            }
            any |= ru->id != 0;
            memset(index + (size_t)y * tp + ru->x, num, ru->len);
        }
    if (!*indexed) /* more than 256 buurten: truecolour */
        for (int y = 0; y < tp; y++) {
            uint32_t *out = (uint32_t *)(void *)(rgba + (size_t)y * tp * 4);

            for (size_t k = r->row_run[y]; k < r->row_run[y + 1]; k++) {
                uint32_t v = id_colour(r->runs[k].id);

                for (int x = r->runs[k].x; x < r->runs[k].x + r->runs[k].len;
                     x++)
                    out[x] = v;
            }
        }
    if (!any && *indexed)
        return TILE_EMPTY;
    return *indexed && *ncol == 1 ? TILE_UNIFORM : TILE_MIXED;
}
