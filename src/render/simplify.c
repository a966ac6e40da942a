/* SPDX-License-Identifier: MIT */
/* Simplification that keeps shared edges shared. Rings are cut into arcs at
 * their nodes (vertices where the neighbourhood changes: three buurten
 * meet, or a shared edge ends); each arc is simplified with Douglas-Peucker
 * in one canonical direction, so the two buurten along an edge get the same
 * points and no gap opens between them. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render_priv.h"

/* The neighbours of a vertex seen in the rings, kept beside its slot in
 * the point index (so a vertex takes 16 bytes: the national buurten have
 * 2.7 million): its first neighbour pair as point indices in canonical
 * order, and whether it is a node. */
typedef struct vnb {
    uint32_t a, b;
    uint32_t state; /* 0 free, 1 used, 2 used and a node */
} vnb;

typedef struct vtable {
    vk_pointidx idx;
    vnb *nb;         /* per slot of idx */
    const double *xy;
} vtable;

static int
less_pt(double ax, double ay, double bx, double by)
{
    return ax < bx || (ax == bx && ay < by);
}

static int
same_pt(const double *xy, uint32_t i, uint32_t j)
{
    return xy[2 * (size_t)i] == xy[2 * (size_t)j] &&
           xy[2 * (size_t)i + 1] == xy[2 * (size_t)j + 1];
}

/* The slot of the vertex at point index pt: its own or a free one. */
static size_t
slot(const vtable *t, uint32_t pt)
{
    return vk_pointidx_find(&t->idx, t->xy, t->xy[2 * (size_t)pt],
                            t->xy[2 * (size_t)pt + 1]);
}

/* Records the vertex at point index pt with neighbours p and q. */
static void
see(vtable *t, uint32_t pt, uint32_t p, uint32_t q)
{
    size_t s = slot(t, pt);
    vnb *v = &t->nb[s];
    const double *xy = t->xy;
    uint32_t a = p, b = q;

    if (less_pt(xy[2 * (size_t)q], xy[2 * (size_t)q + 1], xy[2 * (size_t)p],
                xy[2 * (size_t)p + 1])) {
        a = q;
        b = p;
    }
    if (v->state == 0) {
        t->idx.slot[s] = pt + 1;
        *v = (vnb){a, b, 1};
        return;
    }
    if (!same_pt(xy, v->a, a) || !same_pt(xy, v->b, b))
        v->state = 2;
}

static void
end_ring(vk_simple *o)
{
    if (o->nrings + 1 >= o->cap_rings) {
        o->cap_rings = o->cap_rings ? 2 * o->cap_rings : 1024;
        o->ring_off =
            vk_xreallocarray(o->ring_off, o->cap_rings + 1, sizeof *o->ring_off);
    }
    o->nrings++;
    o->ring_off[o->nrings] = o->pts.n;
}

/* Squared distance of p from segment a-b. */
static double
seg_dist2(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double len2 = dx * dx + dy * dy, t = 0, ex, ey;

    if (len2 > 0) {
        t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
    }
    ex = a[0] + t * dx - p[0];
    ey = a[1] + t * dy - p[1];
    return ex * ex + ey * ey;
}

/* Douglas-Peucker over pts[0..m] (m + 1 points, 2 doubles each): sets
 * keep[k] for the points that stay; the ends always do. */
static void
douglas_peucker(const double *pts, size_t m, double tol2, unsigned char *keep,
                size_t *stack)
{
    size_t top = 0;

    memset(keep, 0, m + 1);
    keep[0] = keep[m] = 1;
    stack[top++] = 0;
    stack[top++] = m;
    while (top > 0) {
        size_t j = stack[--top], i = stack[--top], far = i;
        double best = tol2;

        for (size_t k = i + 1; k < j; k++) {
            double d = seg_dist2(&pts[2 * k], &pts[2 * i], &pts[2 * j]);

            if (d > best) {
                best = d;
                far = k;
            }
        }
        if (far != i) {
            keep[far] = 1;
            stack[top++] = i;
            stack[top++] = far;
            stack[top++] = far;
            stack[top++] = j;
        }
    }
}

/* Scratch for one arc. */
typedef struct arcbuf {
    double *pts;
    unsigned char *keep;
    size_t *stack;
    size_t cap;
} arcbuf;

static void
arc_reserve(arcbuf *a, size_t n)
{
    if (n <= a->cap)
        return;
    a->cap = n * 2;
    a->pts = vk_xreallocarray(a->pts, 2 * a->cap, sizeof *a->pts);
    a->keep = vk_xreallocarray(a->keep, a->cap, 1);
    a->stack = vk_xreallocarray(a->stack, 4 * a->cap, sizeof *a->stack);
}

/* Appends the simplified arc ring[from .. from + len] (indices modulo n,
 * len >= 1) without its last point, which starts the next arc. */
static void
emit_arc(vk_simple *o, const double *ring, size_t n, size_t from, size_t len,
         double tol2, arcbuf *ab)
{
    size_t m = len;
    int rev;

    arc_reserve(ab, m + 1);
    for (size_t k = 0; k <= m; k++) {
        const double *p = &ring[2 * ((from + k) % n)];

        ab->pts[2 * k] = p[0];
        ab->pts[2 * k + 1] = p[1];
    }
    /* Canonical direction: from the smaller end; a closed arc from the
     * side of its smaller second point. The buurt on the other side of
     * the edge walks it the other way round and so gets the same points. */
    if (ab->pts[0] != ab->pts[2 * m] || ab->pts[1] != ab->pts[2 * m + 1])
        rev = less_pt(ab->pts[2 * m], ab->pts[2 * m + 1], ab->pts[0],
                      ab->pts[1]);
    else
        rev = m >= 2 && less_pt(ab->pts[2 * (m - 1)], ab->pts[2 * (m - 1) + 1],
                                ab->pts[2], ab->pts[3]);
    if (rev) {
        for (size_t k = 0; k < (m + 1) / 2; k++) {
            double tx = ab->pts[2 * k], ty = ab->pts[2 * k + 1];

            ab->pts[2 * k] = ab->pts[2 * (m - k)];
            ab->pts[2 * k + 1] = ab->pts[2 * (m - k) + 1];
            ab->pts[2 * (m - k)] = tx;
            ab->pts[2 * (m - k) + 1] = ty;
        }
    }
    douglas_peucker(ab->pts, m, tol2, ab->keep, ab->stack);
    for (size_t k = 0; k < m; k++) {
        size_t idx = rev ? m - k : k;

        if (ab->keep[idx])
            vk_pointbuf_push(&o->pts, ab->pts[2 * idx], ab->pts[2 * idx + 1]);
    }
}

/* Number of points of a ring without the closing repeat of the first. */
static size_t
open_len(const double *xy, size_t n)
{
    if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
        n--;
    return n;
}

void
vk_simple_build(vk_simple *o, const vk_features *fs,
                const unsigned char *sel, double tol)
{
    const vk_geomset *g = &fs->g;
    vtable t = {{NULL, 0}, NULL, g->xy};
    arcbuf ab = {0};
    /* Point indices are 32-bit: past that every vertex is a node, which
     * keeps the rings as they are. */
    int indexed = g->npts < UINT32_MAX;
    size_t total = 0, *nodes = NULL, ncap = 0;

    memset(o, 0, sizeof *o);
    o->feat_off = vk_xcalloc(fs->n + 1, sizeof *o->feat_off);
    o->ring_off = vk_xcalloc(1, sizeof *o->ring_off);

    /* Every vertex of the selected rings with its neighbours. */
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (!sel[i])
            continue;
        for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++)
            total += g->ring_off[g->poly_off[p + 1]] -
                     g->ring_off[g->poly_off[p]];
    }
    /* Most vertices are shared by two rings: total slots hold them at a
     * load of about a half (one more keeps a slot empty). */
    vk_pointidx_init(&t.idx, indexed ? total + 1 : 0);
    t.nb = vk_xcalloc(t.idx.cap, sizeof *t.nb);
    for (size_t i = 0; indexed && i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (!sel[i])
            continue;
        for (size_t r = g->poly_off[f->poly_first];
             r < g->poly_off[f->poly_first + f->poly_count]; r++) {
            size_t at = g->ring_off[r];
            size_t n = open_len(g->xy + 2 * at, g->ring_off[r + 1] - at);

            for (size_t k = 0; n >= 3 && k < n; k++)
                see(&t, (uint32_t)(at + k), (uint32_t)(at + (k + n - 1) % n),
                    (uint32_t)(at + (k + 1) % n));
        }
    }

    /* Each ring cut at its nodes into arcs, each arc simplified. */
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        o->feat_off[i] = o->nrings;
        if (!sel[i])
            continue;
        for (size_t r = g->poly_off[f->poly_first];
             r < g->poly_off[f->poly_first + f->poly_count]; r++) {
            const double *xy = g->xy + 2 * g->ring_off[r];
            size_t n = open_len(xy, g->ring_off[r + 1] - g->ring_off[r]);
            size_t nn = 0, start = o->pts.n, low = 0;

            if (n < 3)
                continue;
            if (n > ncap) {
                ncap = 2 * n;
                nodes = vk_xreallocarray(nodes, ncap, sizeof *nodes);
            }
            for (size_t k = 0; k < n; k++) {
                if (!indexed ||
                    t.nb[slot(&t, (uint32_t)(g->ring_off[r] + k))].state ==
                        2)
                    nodes[nn++] = k;
                if (less_pt(xy[2 * k], xy[2 * k + 1], xy[2 * low],
                            xy[2 * low + 1]))
                    low = k;
            }
            /* A ring that meets no other (or one other whole, as an
             * island in a lake) starts at its smallest point. */
            if (nn == 0)
                nodes[nn++] = low;
            for (size_t k = 0; k < nn; k++) {
                size_t a = nodes[k], b = nodes[(k + 1) % nn];
                size_t len = b > a ? b - a : b + n - a;

                emit_arc(o, xy, n, a, len, tol * tol, &ab);
            }
            if (o->pts.n - start >= 3)
                end_ring(o);
            else
                o->pts.n = start;
        }
    }
    o->feat_off[fs->n] = o->nrings;
    free(nodes);
    free(ab.pts);
    free(ab.keep);
    free(ab.stack);
    free(t.nb);
    vk_pointidx_free(&t.idx);
}

void
vk_simple_free(vk_simple *o)
{
    free(o->pts.p);
    free(o->ring_off);
    free(o->feat_off);
    memset(o, 0, sizeof *o);
}
