/* SPDX-License-Identifier: MIT */
/* Buurt labels on the map: each at the pole of inaccessibility of its
 * buurt, kept only when it fits inside the buurt and clears the others. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "layout_priv.h"

/*
 * How it works
 * ------------
 * 1. Where a label goes. A buurt's label is centred on the pole of
 *    inaccessibility of its largest polygon: the point inside it farthest
 *    from the outline, holes included. The centroid of a concave buurt (a
 *    U or an L around a park or a harbour) can fall outside it, and a
 *    point on a scanline (GEOS point-on-surface) is inside but often close
 *    to an edge; the pole is the centre of the largest circle that fits,
 *    so the label has the most room in every direction.
 *
 *    The pole is found with polylabel (Vladimir Agafonkin, "A new
 *    algorithm for finding a visual center of a polygon", Mapbox blog,
 *    2016; https://github.com/mapbox/polylabel, after Garcia-Castellanos
 *    and Lombardo, "Poles of inaccessibility: a calculation algorithm for
 *    the remotest places on earth", Scottish Geographical Journal 123(3),
 *    2007). Cover the polygon's bbox with square cells; for the centre of
 *    each, compute the signed distance d to the outline (negative outside,
 *    by ray casting over all rings). No point of a cell of half-size h can
 *    be farther from the outline than max = d + h * sqrt(2), so the cells
 *    go in a priority queue by max. Start with the best of the centroid
 *    and the bbox centre; pop the most promising cell, keep its centre if
 *    it beats the best, and split it in four only if its max beats the
 *    best by more than the precision. When the queue is empty the best
 *    centre is within the precision of the true pole. The pruning makes
 *    it fast: a few hundred cells for a buurt, each costing one pass over
 *    the vertices. Precision here is PRECISION_PT on the page, in map
 *    units: finer than that cannot be seen.
 *
 * 2. Does it fit. A label is its text's logical box (pango), grown by
 *    FIT_INSET_PT so it does not touch the outline. A rectangle lies
 *    inside a polygon exactly when its centre does and no edge of any
 *    ring (shell or hole) meets the rectangle: a rectangle is connected,
 *    so if no edge crosses it, it is all on one side. This is exact,
 *    unlike testing corners and edge midpoints, which misses a spike of
 *    the outline (or a small hole) poking into the box between the
 *    samples; the cost is one pass over the vertices with a bbox reject
 *    per edge (Liang-Barsky clipping for the rest). The inscribed radius
 *    r gives a cheap necessary test first: a box of height h inside the
 *    polygon contains a circle of diameter h, and no circle inside is
 *    more than the precision larger than the pole's, so r + precision <
 *    h / 2 rules the box out without the edge test.
 *    Tries per buurt, biggest text first: each size of SIZES_PT on one
 *    line, then on two (split at the space nearest the middle); each
 *    centred on the pole, then shifted by half the inscribed radius in
 *    eight directions (a wide label in a wide buurt often fits a little
 *    off the pole, still near the visual centre: 94 labels instead of
 *    91 on the four sample gemeenten). A buurt where none fits gets no
 *    label.
 *
 * 3. Order and collisions. Greedy, the buurt with the largest r first (r
 *    in steps of the precision, ties by buurtcode, so the result depends
 *    neither on the data's order nor on rounding): a label never
 *    displaces one placed before it. Since every label lies inside its
 *    own buurt and buurten do not overlap, labels of valid data cannot
 *    overlap; each new box is still checked against the placed ones,
 *    grown by PAD_PT, so the guarantee holds for overlapping or
 *    duplicated polygons too. A few hundred labels make the plain O(n^2)
 *    check cheap. Boxes must also lie inside the map frame (inset by
 *    FRAME_INSET_PT), and the drawing is clipped to it.
 *
 * 4. Drawing. The halo is the text's outline (pango_cairo_layout_path)
 *    stroked in white with round joins; the text itself is then drawn
 *    with pango_cairo_show_layout, so a PDF keeps it as real text that
 *    can be searched and copied (a filled path could not). Water buurten
 *    are labelled too, in italic dark blue, as maps name water (their
 *    fill is blue and they are never classified).
 */


/* Text sizes tried in turn, in points at A4 (times the page's scale). */
static const double SIZES_PT[] = {6.5, 5.75, 5.0};
#define NSIZES (sizeof SIZES_PT / sizeof SIZES_PT[0])

#define FIT_INSET_PT 0.5     /* box grown by this must fit the buurt */
#define PAD_PT 1.0           /* minimum gap between two labels */
#define FRAME_INSET_PT 2.0   /* labels keep this far from the frame */
#define HALO_EM 0.23         /* halo stroke width / text size (1.5 pt at
                                6.5 pt): 0.75 pt of white around glyphs */
#define PRECISION_PT 0.5     /* polylabel precision on the page */
static const double NEIGHBOUR_PT[] = {8.0, 6.5}; /* sizes tried */

/* ---- polylabel ------------------------------------------------------- */

/* A square cell of half-size h centred on (x, y); d is the signed distance
 * from the centre to the outline, max the most any point in the cell can
 * have. */
typedef struct cell {
    double x, y, h, d, max;
} cell;

/* Binary max-heap of cells by max. */
typedef struct cell_heap {
    cell *c;
    size_t n, cap;
} cell_heap;

static void
heap_push(cell_heap *q, cell c)
{
    size_t i;

    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 64;
        q->c = vk_xreallocarray(q->c, q->cap, sizeof *q->c);
    }
    /* Sift up from the new leaf. */
    for (i = q->n++; i > 0 && q->c[(i - 1) / 2].max < c.max; i = (i - 1) / 2)
        q->c[i] = q->c[(i - 1) / 2];
    q->c[i] = c;
}

static cell
heap_pop(cell_heap *q)
{
    cell top = q->c[0], last = q->c[--q->n];
    size_t i = 0;

    /* Sift the last leaf down from the root. */
    for (;;) {
        size_t l = 2 * i + 1, big;

        if (l >= q->n)
            break;
        big = l + 1 < q->n && q->c[l + 1].max > q->c[l].max ? l + 1 : l;
        if (q->c[big].max <= last.max)
            break;
        q->c[i] = q->c[big];
        i = big;
    }
    if (q->n > 0)
        q->c[i] = last;
    return top;
}

/* Squared distance from (px, py) to the segment a-b. */
static double
seg_dist2(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay;

    if (dx != 0 || dy != 0) {
        double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);

        if (t > 1) {
            ax = bx;
            ay = by;
        } else if (t > 0) {
            ax += dx * t;
            ay += dy * t;
        }
    }
    dx = px - ax;
    dy = py - ay;
    return dx * dx + dy * dy;
}

/* Signed distance from (x, y) to the outline of polygon poly: positive
 * inside (even-odd over all rings, so holes are outside). The edge from
 * each ring's last point to its first is included, so open rings work. */
static double
poly_dist(const vk_geomset *g, size_t poly, double x, double y)
{
    double best = INFINITY;
    int inside = 0;

    for (size_t r = g->poly_off[poly]; r < g->poly_off[poly + 1]; r++) {
        const double *p = g->xy + 2 * g->ring_off[r];
        size_t n = g->ring_off[r + 1] - g->ring_off[r];

        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            double ax = p[2 * i], ay = p[2 * i + 1];
            double bx = p[2 * j], by = p[2 * j + 1];

            if ((ay > y) != (by > y) &&
                x < (bx - ax) * (y - ay) / (by - ay) + ax)
                inside = !inside;
            best = fmin(best, seg_dist2(x, y, ax, ay, bx, by));
        }
    }
    return (inside ? 1 : -1) * sqrt(best);
}

static cell
make_cell(const vk_geomset *g, size_t poly, double x, double y, double h)
{
    cell c = {x, y, h, poly_dist(g, poly, x, y), 0};

    c.max = c.d + h * 1.4142135623730951; /* sqrt(2) */
    return c;
}

/* Area-weighted centroid of the shell (its first point if it has no
 * area): polylabel's first guess. */
static void
shell_centroid(const vk_geomset *g, size_t poly, double *cx, double *cy)
{
    size_t r = g->poly_off[poly];
    const double *p = g->xy + 2 * g->ring_off[r];
    size_t n = g->ring_off[r + 1] - g->ring_off[r];
    double a = 0, sx = 0, sy = 0;

    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double f = p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];

        sx += (p[2 * i] + p[2 * j]) * f;
        sy += (p[2 * i + 1] + p[2 * j + 1]) * f;
        a += 3 * f;
    }
    *cx = a != 0 ? sx / a : p[0];
    *cy = a != 0 ? sy / a : p[1];
}

/* Bbox of a polygon's shell; 0 when the polygon has no ring of 3 points. */
static int
poly_bbox(const vk_geomset *g, size_t poly, vk_bbox *b)
{
    size_t r = g->poly_off[poly];

    vk_bbox_reset(b);
    if (r >= g->poly_off[poly + 1] || g->ring_off[r + 1] - g->ring_off[r] < 3)
        return 0;
    for (size_t i = g->ring_off[r]; i < g->ring_off[r + 1]; i++)
        vk_bbox_add(b, g->xy[2 * i], g->xy[2 * i + 1]);
    return 1;
}

vk_status
vk_layout_pole(const vk_geomset *g, size_t poly, double precision,
               double *x, double *y, double *r, vk_error *err)
{
    cell_heap q = {NULL, 0, 0};
    cell best, c;
    vk_bbox b;
    double w, h, size, cx, cy;

    if (poly >= g->npolys || !poly_bbox(g, poly, &b))
        return VK_FAIL(err, VK_EDATA, "polygon %zu has no shell", poly);
    w = b.maxx - b.minx;
    h = b.maxy - b.miny;
    if (!(w > 0 && h > 0 && isfinite(w) && isfinite(h)))
        return VK_FAIL(err, VK_EDATA, "polygon %zu has no area", poly);

    /* A precision far below the polygon's size only costs time. */
    precision = fmax(precision, 1e-9 * fmax(w, h));

    /* Initial cells cover the bbox, the shorter side's length each (but
     * never more than 256 along the longer side, or below the precision).
     * Any size works: max bounds every point of a cell. */
    size = fmax(fmin(w, h), fmax(precision, fmax(w, h) / 256));
    for (double cx0 = b.minx; cx0 < b.maxx; cx0 += size)
        for (double cy0 = b.miny; cy0 < b.maxy; cy0 += size)
            heap_push(&q, make_cell(g, poly, cx0 + size / 2, cy0 + size / 2,
                                    size / 2));

    /* First guess: the centroid, or the bbox centre if better. */
    shell_centroid(g, poly, &cx, &cy);
    best = make_cell(g, poly, cx, cy, 0);
    c = make_cell(g, poly, b.minx + w / 2, b.miny + h / 2, 0);
    if (c.d > best.d)
        best = c;

    /* Best-first search: split only cells that could still beat the best
     * by more than the precision. */
    while (q.n > 0) {
        c = heap_pop(&q);
        if (c.d > best.d)
            best = c;
        if (c.max - best.d <= precision)
            continue;
        h = c.h / 2;
        heap_push(&q, make_cell(g, poly, c.x - h, c.y - h, h));
        heap_push(&q, make_cell(g, poly, c.x + h, c.y - h, h));
        heap_push(&q, make_cell(g, poly, c.x - h, c.y + h, h));
        heap_push(&q, make_cell(g, poly, c.x + h, c.y + h, h));
    }
    free(q.c);
    *x = best.x;
    *y = best.y;
    *r = best.d;
    return VK_OK;
}

/* ---- fitting --------------------------------------------------------- */

/* 1 when the segment a-b meets the closed box [x0, x1] x [y0, y1]
 * (Liang-Barsky: clip the segment's parameter range to each slab). */
static int
seg_meets_box(double ax, double ay, double bx, double by, const vk_bbox *k)
{
    double t0 = 0, t1 = 1;
    double p[4] = {-(bx - ax), bx - ax, -(by - ay), by - ay};
    double q[4] = {ax - k->minx, k->maxx - ax, ay - k->miny, k->maxy - ay};

    if (fmax(ax, bx) < k->minx || fmin(ax, bx) > k->maxx ||
        fmax(ay, by) < k->miny || fmin(ay, by) > k->maxy)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double t = q[i] / p[i];

            if (p[i] < 0)
                t0 = fmax(t0, t);
            else
                t1 = fmin(t1, t);
            if (t0 > t1)
                return 0;
        }
    }
    return 1;
}

/* 1 when box k (map units) lies inside polygon poly: no edge meets it and
 * its centre is inside (see "Does it fit" above). */
static int
box_in_poly(const vk_geomset *g, size_t poly, const vk_bbox *k)
{
    for (size_t r = g->poly_off[poly]; r < g->poly_off[poly + 1]; r++) {
        const double *p = g->xy + 2 * g->ring_off[r];
        size_t n = g->ring_off[r + 1] - g->ring_off[r];

        for (size_t i = 0, j = n - 1; i < n; j = i++)
            if (seg_meets_box(p[2 * i], p[2 * i + 1], p[2 * j],
                              p[2 * j + 1], k))
                return 0;
    }
    return poly_dist(g, poly, (k->minx + k->maxx) / 2,
                     (k->miny + k->maxy) / 2) > 0;
}

/* Absolute area of a ring (shoelace). */
static double
ring_area(const vk_geomset *g, size_t r)
{
    const double *p = g->xy + 2 * g->ring_off[r];
    size_t n = g->ring_off[r + 1] - g->ring_off[r];
    double a = 0;

    for (size_t i = 0, j = n - 1; i < n; j = i++)
        a += p[2 * j] * p[2 * i + 1] - p[2 * i] * p[2 * j + 1];
    return fabs(a) / 2;
}

/* Index of the feature's polygon with the largest area (shell minus
 * holes), or (size_t)-1 when it has none. */
static size_t
largest_poly(const vk_geomset *g, const vk_feature *f)
{
    size_t best = (size_t)-1;
    double best_a = 0;

    if (f->poly_first > g->npolys || f->poly_count > g->npolys - f->poly_first)
        return best;
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        double a = 0;

        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++)
            a += (r == g->poly_off[p] ? 1 : -1) * ring_area(g, r);
        if (a > best_a) {
            best_a = a;
            best = p;
        }
    }
    return best;
}

/* ---- placement ------------------------------------------------------- */

/* A buurt that asks for a label, with its pole on the page. */
typedef struct cand {
    size_t feature, poly;
    const char *text, *code;
    int water;
    double x, y;       /* pole, map units */
    double px, py;     /* pole, page points */
    double r_pt;       /* inscribed radius, points */
    long rank;         /* r_pt in steps of PRECISION_PT */
} cand;

/* Roomiest first. Radii are only known to PRECISION_PT, so they are
 * compared in steps of it: equal shapes tie whatever rounding their
 * coordinates cause, and the code decides. */
static int
cand_cmp(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    int c;

    if (a->rank != b->rank)
        return a->rank > b->rank ? -1 : 1;
    c = strcmp(a->code ? a->code : "", b->code ? b->code : "");
    if (c != 0)
        return c;
    return a->feature < b->feature ? -1 : a->feature > b->feature;
}


/* The layout of a label: text (valid UTF-8 or made so) with the space at
 * byte split turned into a line break (split 0: one line), centred lines.
 * Caller unrefs. */
static PangoLayout *
label_layout(PangoContext *pc, const char *text, size_t split,
             double size_pt, int water)
{
    PangoLayout *lo = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();
    gchar *t = g_utf8_make_valid(text, -1);

    pango_font_description_set_family(fd, VK_FONT_FAMILY);
    pango_font_description_set_style(fd, water ? PANGO_STYLE_ITALIC
                                               : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_layout_set_font_description(lo, fd);
    pango_font_description_free(fd);
    pango_layout_set_alignment(lo, PANGO_ALIGN_CENTER);
    if (split > 0 && split < strlen(t) && t[split] == ' ')
        t[split] = '\n';
    pango_layout_set_text(lo, t, -1);
    g_free(t);
    return lo;
}

/* Byte offset of the space nearest the middle of text, 0 if none. */
static size_t
split_at(const char *text)
{
    size_t len = strlen(text), best = 0;

    for (size_t i = 1; i + 1 < len; i++)
        if (text[i] == ' ' &&
            (best == 0 || fabs((double)i - len / 2.0) <
                              fabs((double)best - len / 2.0)))
            best = i;
    return best;
}

static int
boxes_meet(const vk_box *a, const vk_box *b, double pad)
{
    return a->x_pt < b->x_pt + b->w_pt + pad &&
           b->x_pt < a->x_pt + a->w_pt + pad &&
           a->y_pt < b->y_pt + b->h_pt + pad &&
           b->y_pt < a->y_pt + a->h_pt + pad;
}

/* What the placement works with: the view, its scale, the frame inset,
 * the page's size factor and the labels placed so far. */
typedef struct placer {
    PangoContext *pc;
    const vk_mapview *view;
    const vk_geomset *g;
    double s;          /* map units per point */
    double k;          /* page scale factor */
    vk_box frame;      /* where labels may go */
    vk_label_box *out;
    size_t n, cap;
} placer;

/* 1 when box b (points) fits at the candidate: inside the frame, clear of
 * placed labels and, grown by the inset, inside the buurt's polygon. */
static int
fits(const placer *pl, const cand *c, const vk_box *b)
{
    double in = FIT_INSET_PT * pl->k;
    vk_bbox m;

    if (b->x_pt < pl->frame.x_pt || b->y_pt < pl->frame.y_pt ||
        b->x_pt + b->w_pt > pl->frame.x_pt + pl->frame.w_pt ||
        b->y_pt + b->h_pt > pl->frame.y_pt + pl->frame.h_pt)
        return 0;
    for (size_t i = 0; i < pl->n; i++)
        if (boxes_meet(b, &pl->out[i].box, PAD_PT * pl->k))
            return 0;
    /* The grown box in map units: x grows with page x, y against it. */
    m.minx = c->x + (b->x_pt - in - c->px) * pl->s;
    m.maxx = c->x + (b->x_pt + b->w_pt + in - c->px) * pl->s;
    m.maxy = c->y - (b->y_pt - in - c->py) * pl->s;
    m.miny = c->y - (b->y_pt + b->h_pt + in - c->py) * pl->s;
    return box_in_poly(pl->g, c->poly, &m);
}

/* Where a label's box may be centred, in units of the inscribed radius
 * from the pole: the pole first, then half-way to the circle's rim in
 * eight directions. A wide label often fits a little off the pole where it
 * does not fit on it. */
static const double OFFSETS[][2] = {
    {0, 0},       {-0.5, 0},   {0.5, 0},     {0, -0.5},  {0, 0.5},
    {-0.5, -0.5}, {0.5, -0.5}, {-0.5, 0.5},  {0.5, 0.5},
};
#define NOFFSETS (sizeof OFFSETS / sizeof OFFSETS[0])

/* Appends a label for c with box b. */
static void
add_label(placer *pl, const cand *c, size_t split, double size_pt,
          const vk_box *b)
{
    if (pl->n == pl->cap) {
        pl->cap = pl->cap ? 2 * pl->cap : 32;
        pl->out = vk_xreallocarray(pl->out, pl->cap, sizeof *pl->out);
    }
    pl->out[pl->n++] = (vk_label_box){c->feature, c->text, split, size_pt,
                                      c->water, c->px, c->py, c->r_pt, *b};
}

/* Tries the sizes, line splits and offsets for one candidate, in that
 * order of preference; appends the first that fits. */
static void
place_one(placer *pl, const cand *c)
{
    size_t split = split_at(c->text);

    for (size_t si = 0; si < NSIZES; si++) {
        double size = SIZES_PT[si] * pl->k;

        for (int lines = 1; lines <= (split > 0 ? 2 : 1); lines++) {
            size_t sp = lines == 2 ? split : 0;
            PangoLayout *lo = label_layout(pl->pc, c->text, sp, size,
                                           c->water);
            int w, h;
            vk_box b;

            pango_layout_get_size(lo, &w, &h);
            g_object_unref(lo);
            b.w_pt = (double)w / PANGO_SCALE;
            b.h_pt = (double)h / PANGO_SCALE;
            /* The largest circle inside (at most PRECISION_PT larger
             * than polylabel's) must hold the grown box's height. */
            if (c->r_pt + PRECISION_PT < b.h_pt / 2 + FIT_INSET_PT * pl->k)
                continue;
            for (size_t oi = 0; oi < NOFFSETS; oi++) {
                b.x_pt = c->px + OFFSETS[oi][0] * c->r_pt - b.w_pt / 2;
                b.y_pt = c->py + OFFSETS[oi][1] * c->r_pt - b.h_pt / 2;
                if (fits(pl, c, &b)) {
                    add_label(pl, c, sp, size, &b);
                    return;
                }
            }
        }
    }
}

/* The text a buurt is labelled with, or NULL for none. */
static const char *
label_text(const vk_page *page, size_t i)
{
    const vk_feature *f = &page->b->buurten->f[i];
    const char *t = page->labels == VK_LABELS_CODE ? f->code : f->name;

    if (!vk_area_has_buurt(page->area, i))
        return NULL;
    return t != NULL && t[0] != '\0' ? t : NULL;
}

/* Collects the candidates of the page with their poles. Buurten too small
 * on the page to hold the smallest line of text skip polylabel. */
static cand *
collect(const placer *pl, const vk_page *page, size_t *ncand,
        size_t *nwith_pole)
{
    const vk_features *fs = page->b->buurten;
    double min_pt = SIZES_PT[NSIZES - 1] * pl->k;
    cand *cs = vk_xcalloc(fs->n ? fs->n : 1, sizeof *cs);
    size_t n = 0, nc = 0;

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];
        const char *text = label_text(page, i);
        cand c = {i, 0, text, f->code, f->water, 0, 0, 0, 0, 0, 0};
        vk_bbox b;
        vk_error e;
        double r;

        if (text == NULL)
            continue;
        nc++;
        c.poly = largest_poly(&fs->g, f);
        if (c.poly == (size_t)-1 || !poly_bbox(&fs->g, c.poly, &b))
            continue;
        /* A line of text is taller than its size; both sides must hold
         * it. */
        if (fmin(b.maxx - b.minx, b.maxy - b.miny) / pl->s < min_pt)
            continue;
        vk_error_init(&e);
        if (vk_layout_pole(&fs->g, c.poly, PRECISION_PT * pl->s, &c.x, &c.y,
                           &r, &e) != VK_OK)
            continue;
        c.r_pt = r / pl->s;
        c.rank = lround(floor(c.r_pt / PRECISION_PT));
        vk_render_to_page(pl->view, c.x, c.y, &c.px, &c.py);
        cs[n++] = c;
    }
    *ncand = nc;
    *nwith_pole = n;
    return cs;
}

/* Places the page's labels with pc's measurements; see "how it works". */
static void
place(PangoContext *pc, const vk_page *page, double k,
      const vk_mapview *view, vk_label_box **boxes, size_t *n,
      size_t *ncand)
{
    placer pl = {pc, view, NULL, vk_render_scale(view), k, {0, 0, 0, 0},
                 NULL, 0, 0};
    size_t nc = 0, np = 0;
    cand *cs;

    *boxes = NULL;
    *n = 0;
    *ncand = 0;
    if (page->labels == VK_LABELS_NONE || page->b == NULL ||
        page->b->buurten == NULL || !(pl.s > 0))
        return;
    pl.g = &page->b->buurten->g;
    pl.frame = (vk_box){view->x_pt + FRAME_INSET_PT * k,
                        view->y_pt + FRAME_INSET_PT * k,
                        view->w_pt - 2 * FRAME_INSET_PT * k,
                        view->h_pt - 2 * FRAME_INSET_PT * k};

    /* Poles first, then greedily from the roomiest buurt. */
    cs = collect(&pl, page, &nc, &np);
    qsort(cs, np, sizeof *cs, cand_cmp);
    for (size_t i = 0; i < np; i++)
        place_one(&pl, &cs[i]);
    free(cs);
    *boxes = pl.out;
    *n = pl.n;
    *ncand = nc;
}

vk_status
vk_layout_labels(const vk_page *page, const vk_page_opts *opts,
                 vk_label_box **boxes, size_t *n, size_t *candidates,
                 vk_error *err)
{
    vk_page_geom g;
    vk_mapview view;
    PangoContext *pc;
    vk_label_box *out;
    size_t nout, nc;
    vk_status st = vk_layout_geometry(page, opts, &g, &view, err);

    if (st != VK_OK)
        return st;
    pc = vk_layout_text_context();
    place(pc, page, g.scale, &view, &out, &nout, &nc);
    g_object_unref(pc);
    *boxes = out;
    *n = nout;
    if (candidates != NULL)
        *candidates = nc;
    return VK_OK;
}

/* ---- drawing --------------------------------------------------------- */

/* Names of the surrounding gemeenten, in grey italic inside the part of
 * each that the frame shows: at the pole of that part, when the name fits
 * there at one of NEIGHBOUR_PT. */
static void
place_neighbours(PangoContext *pc, const vk_page *page, double k,
                 const vk_mapview *view, vk_label_box **out, size_t *nout)
{
    const vk_features *gm = page->b != NULL ? page->b->gemeenten : NULL;
    double s = vk_render_scale(view), inset = FRAME_INSET_PT * k * s;
    vk_bbox frame = {view->extent.minx + inset, view->extent.miny + inset,
                     view->extent.maxx - inset, view->extent.maxy - inset};
    size_t n = 0;

    *out = NULL;
    *nout = 0;
    if (gm == NULL || page->area == NULL || page->area->all || !(s > 0))
        return;
    *out = vk_xcalloc(gm->n ? gm->n : 1, sizeof **out);
    for (size_t i = 0; i < gm->n; i++) {
        const vk_feature *f = &gm->f[i];
        vk_geomset part = {0};
        size_t poly = largest_poly(&gm->g, f);
        double x, y, r;
        vk_error e;

        if (f->name == NULL || f->name[0] == '\0' || f->code == NULL ||
            vk_area_has_gemeente(page->area, i) || poly == (size_t)-1 ||
            f->bbox.maxx < frame.minx || f->bbox.minx > frame.maxx ||
            f->bbox.maxy < frame.miny || f->bbox.miny > frame.maxy)
            continue;
        vk_error_init(&e);
        if (vk_render_clip_ring(gm->g.xy + 2 * gm->g.ring_off[gm->g.poly_off[poly]],
                                gm->g.ring_off[gm->g.poly_off[poly] + 1] -
                                    gm->g.ring_off[gm->g.poly_off[poly]],
                                &frame, &part) == 0 ||
            vk_layout_pole(&part, 0, PRECISION_PT * s, &x, &y, &r, &e) !=
                VK_OK) {
            vk_geomset_free(&part);
            continue;
        }
        for (size_t z = 0; z < sizeof NEIGHBOUR_PT / sizeof *NEIGHBOUR_PT;
             z++) {
            PangoLayout *lo = label_layout(pc, f->name, 0,
                                           NEIGHBOUR_PT[z] * k, 1);
            double w, h, px, py;
            vk_bbox kb;
            PangoRectangle lr;

            pango_layout_get_extents(lo, NULL, &lr);
            g_object_unref(lo);
            w = (double)lr.width / PANGO_SCALE;
            h = (double)lr.height / PANGO_SCALE;
            kb = (vk_bbox){x - w / 2 * s, y - h / 2 * s, x + w / 2 * s,
                           y + h / 2 * s};
            if (!box_in_poly(&part, 0, &kb))
                continue;
            vk_render_to_page(view, x, y, &px, &py);
            (*out)[n++] = (vk_label_box){i, f->name, 0, NEIGHBOUR_PT[z] * k,
                                         1, px, py, r / s,
                                         {px - w / 2, py - h / 2, w, h}};
            break;
        }
        vk_geomset_free(&part);
    }
    *nout = n;
}

/* One entry: the labels of the last view, for the next page. */
struct vk_label_cache {
    const vk_boundaries *b;
    vk_area *area;
    vk_label_mode mode;
    vk_bbox extent;
    vk_box map;
    double scale;
    vk_label_box *boxes;
    size_t n;
    vk_label_box *nb;     /* names of the surrounding gemeenten */
    size_t nnb;
    cairo_surface_t *rec; /* the drawn labels, for PDF; made on first use */
    /* Placing ahead: a thread places the labels of job_page while the map
     * under them is drawn (vk_layout_labels_start); joined before use. */
    pthread_t th;
    int pending;
    vk_page job_page;
    vk_mapview job_view;
};

vk_label_cache *
vk_layout_labels_create(void)
{
    return vk_xcalloc(1, sizeof(vk_label_cache));
}

/* Waits for the placing thread, if one runs. */
static void
join_pending(vk_label_cache *c)
{
    if (c->pending) {
        pthread_join(c->th, NULL);
        c->pending = 0;
    }
}

static void
cache_clear(vk_label_cache *c)
{
    join_pending(c);
    if (c->rec != NULL)
        cairo_surface_destroy(c->rec);
    free(c->boxes);
    free(c->nb);
    vk_area_destroy(c->area);
    memset(c, 0, sizeof *c);
}

void
vk_layout_labels_destroy(vk_label_cache *c)
{
    if (c == NULL)
        return;
    cache_clear(c);
    free(c);
}

static int
same_box(const vk_box *a, const vk_box *b)
{
    return a->x_pt == b->x_pt && a->y_pt == b->y_pt && a->w_pt == b->w_pt &&
           a->h_pt == b->h_pt;
}

/* The key of a placement: what the labels depend on. */
static void
set_key(vk_label_cache *c, const vk_page *page, const vk_page_geom *g,
        const vk_mapview *view)
{
    c->b = page->b;
    c->area = vk_area_copy(page->area);
    c->mode = page->labels;
    c->extent = view->extent;
    c->map = g->map;
    c->scale = g->scale;
}

/* The placing thread, with a text context of its own (pango contexts are
 * not shared between threads; fontconfig is thread-safe). */
static void *
place_thread(void *arg)
{
    vk_label_cache *c = arg;
    PangoContext *pc = vk_layout_text_context();
    size_t nc;

    place(pc, &c->job_page, c->scale, &c->job_view, &c->boxes, &c->n, &nc);
    place_neighbours(pc, &c->job_page, c->scale, &c->job_view, &c->nb,
                     &c->nnb);
    g_object_unref(pc);
    return NULL;
}

void
vk_layout_labels_start(vk_label_cache *c, const vk_page *page,
                       const vk_page_geom *g, const vk_mapview *view)
{
    if (page->labels == VK_LABELS_NONE)
        return;
    cache_clear(c);
    set_key(c, page, g, view);
    c->job_page = *page;
    c->job_view = *view;
    c->pending = pthread_create(&c->th, NULL, place_thread, c) == 0;
    if (!c->pending)
        place_thread(c);
}

static void
cached_place(vk_label_cache *c, PangoContext *pc, const vk_page *page,
             const vk_page_geom *g, const vk_mapview *view)
{
    size_t nc;

    join_pending(c);
    if (c->b == page->b && c->b != NULL && c->mode == page->labels &&
        vk_area_same(c->area, page->area) &&
        memcmp(&c->extent, &view->extent, sizeof view->extent) == 0 &&
        same_box(&c->map, &g->map) && c->scale == g->scale)
        return;
    cache_clear(c);
    set_key(c, page, g, view);
    place(pc, page, g->scale, view, &c->boxes, &c->n, &nc);
    place_neighbours(pc, page, g->scale, view, &c->nb, &c->nnb);
}

static void
draw_boxes(cairo_t *cr, PangoContext *pc, const vk_page_geom *g,
           const vk_label_cache *c)
{
    /* Nothing leaves the map frame. */
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, g->map.x_pt, g->map.y_pt, g->map.w_pt, g->map.h_pt);
    cairo_clip(cr);

    /* The surrounding gemeenten' names, quietly, on their grey. */
    vk_render_set_hex(cr, vk_cartography.neighbour_label, 1);
    for (size_t i = 0; i < c->nnb; i++) {
        const vk_label_box *b = &c->nb[i];
        PangoLayout *lo = label_layout(pc, b->text, 0, b->size_pt, 1);

        cairo_move_to(cr, b->box.x_pt, b->box.y_pt);
        pango_cairo_show_layout(cr, lo);
        g_object_unref(lo);
    }
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (size_t i = 0; i < c->n; i++) {
        const vk_label_box *b = &c->boxes[i];
        PangoLayout *lo = label_layout(pc, b->text, b->split, b->size_pt,
                                       b->water);

        /* White halo from the outline, then the text as text. */
        cairo_move_to(cr, b->box.x_pt, b->box.y_pt);
        pango_cairo_layout_path(cr, lo);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, HALO_EM * b->size_pt);
        cairo_stroke(cr);
        vk_render_set_hex(cr, b->water ? vk_cartography.water_label
                                : vk_cartography.label, 1);
        cairo_move_to(cr, b->box.x_pt, b->box.y_pt);
        pango_cairo_show_layout(cr, lo);
        g_object_unref(lo);
    }
    cairo_restore(cr);
}

vk_status
vk_layout_draw_labels(cairo_t *cr, vk_layout_doc *doc, const vk_page *page,
                      const vk_page_geom *g, const vk_mapview *view,
                      vk_error *err)
{
    vk_label_cache *c = doc->labels;
    PangoContext *pc = doc->pc;
    cairo_status_t st;

    cached_place(c, pc, page, g, view);
    if (c->n == 0 && c->nnb == 0)
        return VK_OK;
    if (cairo_surface_get_type(cairo_get_target(cr)) ==
        CAIRO_SURFACE_TYPE_PDF) {
        if (c->rec == NULL) {
            cairo_rectangle_t r = {g->map.x_pt, g->map.y_pt, g->map.w_pt,
                                   g->map.h_pt};
            cairo_t *rc;

            c->rec =
                cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
            rc = cairo_create(c->rec);
            draw_boxes(rc, pc, g, c);
            cairo_destroy(rc);
        }
        cairo_save(cr);
        cairo_set_source_surface(cr, c->rec, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
    } else {
        draw_boxes(cr, pc, g, c);
    }

    st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing the labels failed: %s",
                       cairo_status_to_string(st));
    return VK_OK;
}
