/* SPDX-License-Identifier: MIT */
/* Draws buurten on a cairo context in page points: the area's buurten by
 * class colour, the surroundings in grey, wijk and gemeente outlines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_priv.h"
#include "vk/render.h"

/* Vertices closer than this to the previous one are dropped: 0.25 pt is
 * 0.09 mm, one pixel at 300 dpi. A shared edge drawn from both sides may
 * then differ by that much; the white buurt outline (0.25 pt) and the
 * darker wijk and gemeente lines cover it. It keeps national-detail PDFs
 * about a third smaller than 0.05 pt did. */
#define MIN_STEP_PT 0.25

/* The area's fills in a PDF, drawn on every layer's page, are simplified
 * by this much (0.07 mm: below what print shows) keeping shared edges
 * shared (simplify.c); outlines cover the difference from the lines. */
#define SIMPLIFY_PT 0.2

/* Features are culled against the frame grown by this much, so outlines of
 * features just outside still show at the edge (widest line is 1.6 pt). */
#define CULL_PAD_PT 2.0

/* Line widths in points and colours (0xRRGGBB) of the map: the one
 * cartography table (vk_cartography). */
#define CARTO (&vk_cartography)

/* Map to page: page = centre_pt + (map - centre) / s, y flipped. */
typedef struct xform {
    double s;            /* map units per point, > 0 */
    double cx, cy;       /* extent centre, map units */
    double px, py;       /* frame centre, points */
    vk_bbox visible;     /* map units inside the frame plus CULL_PAD_PT */
    vk_bbox clip;        /* the same in page points */
    int clip_on;         /* cut rings to clip (the map; not the overview) */
    vk_pointbuf *scratch; /* two rings' room for clipping (the context's) */
} xform;

static xform
view_xform(const vk_mapview *v)
{
    double ew = v->extent.maxx - v->extent.minx;
    double eh = v->extent.maxy - v->extent.miny;
    double hw, hh;
    xform t;

    /* The larger of the two ratios makes the whole extent fit; one scale
     * for x and y keeps the true shape. */
    t.s = fmax(ew / v->w_pt, eh / v->h_pt);
    if (!(t.s > 0) || !isfinite(t.s))
        t.s = 1.0;
    t.cx = (v->extent.minx + v->extent.maxx) / 2;
    t.cy = (v->extent.miny + v->extent.maxy) / 2;
    if (vk_bbox_empty(&v->extent))
        t.cx = t.cy = 0;
    t.px = v->x_pt + v->w_pt / 2;
    t.py = v->y_pt + v->h_pt / 2;
    hw = (fabs(v->w_pt) / 2 + CULL_PAD_PT) * t.s;
    hh = (fabs(v->h_pt) / 2 + CULL_PAD_PT) * t.s;
    t.visible = (vk_bbox){t.cx - hw, t.cy - hh, t.cx + hw, t.cy + hh};
    t.clip = (vk_bbox){t.px - hw / t.s, t.py - hh / t.s, t.px + hw / t.s,
                       t.py + hh / t.s};
    t.clip_on = 1;
    t.scratch = NULL;
    return t;
}

double
vk_render_fit(vk_mapview *v, const vk_bbox *area, double margin_frac)
{
    vk_bbox a;
    double w, h, cx, cy;

    /* No area: everything there is; nothing at all: a unit square. */
    if (area != NULL && !vk_bbox_empty(area))
        a = *area;
    else if (v->b != NULL && v->b->buurten != NULL &&
             !vk_bbox_empty(&v->b->buurten->extent))
        a = v->b->buurten->extent;
    else
        a = (vk_bbox){0, 0, 1, 1};
    w = a.maxx - a.minx;
    h = a.maxy - a.miny;
    if (w <= 0)
        w = h > 0 ? h : 1;
    if (h <= 0)
        h = w;
    cx = (a.minx + a.maxx) / 2;
    cy = (a.miny + a.maxy) / 2;

    /* Margin on each side, then grow the short side to the frame's
     * aspect ratio so extent and frame match exactly. */
    if (margin_frac > 0) {
        w *= 1 + 2 * margin_frac;
        h *= 1 + 2 * margin_frac;
    }
    if (v->w_pt > 0 && v->h_pt > 0) {
        if (w / h > v->w_pt / v->h_pt)
            h = w * v->h_pt / v->w_pt;
        else
            w = h * v->w_pt / v->h_pt;
    }
    v->extent = (vk_bbox){cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    return v->w_pt > 0 ? w / v->w_pt : 0;
}

double
vk_render_scale(const vk_mapview *v)
{
    return view_xform(v).s;
}

void
vk_render_to_page(const vk_mapview *v, double x, double y, double *px,
                  double *py)
{
    xform t = view_xform(v);

    *px = t.px + (x - t.cx) / t.s;
    *py = t.py - (y - t.cy) / t.s;
}

void
vk_render_set_hex(cairo_t *cr, unsigned rgb, double alpha)
{
    vk_rgba c = vk_carto_rgba(rgb, alpha);

    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static int
bbox_meets(const vk_bbox *a, const vk_bbox *b)
{
    return !vk_bbox_empty(a) && a->minx <= b->maxx && a->maxx >= b->minx &&
           a->miny <= b->maxy && a->maxy >= b->miny;
}

void
vk_pointbuf_push(vk_pointbuf *b, double x, double y)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 1024;
        b->p = vk_xreallocarray(b->p, 2 * b->cap, sizeof *b->p);
    }
    b->p[2 * b->n] = x;
    b->p[2 * b->n + 1] = y;
    b->n++;
}

/* One Sutherland-Hodgman step: keeps the part of ring in on the side of the
 * line coordinate[axis] = bound given by sign (+1: >= bound, -1: <=). */
static void
clip_side(const vk_pointbuf *in, vk_pointbuf *out, int axis, double bound,
          double sign)
{
    out->n = 0;
    if (in->n == 0)
        return;
    for (size_t i = 0; i < in->n; i++) {
        const double *a = &in->p[2 * (i == 0 ? in->n - 1 : i - 1)];
        const double *b = &in->p[2 * i];
        int ain = sign * (a[axis] - bound) >= 0;
        int bin = sign * (b[axis] - bound) >= 0;

        if (ain != bin) {
            double f = (bound - a[axis]) / (b[axis] - a[axis]);
            double c[2];

            c[axis] = bound;
            c[1 - axis] = a[1 - axis] + f * (b[1 - axis] - a[1 - axis]);
            vk_pointbuf_push(out, c[0], c[1]);
        }
        if (bin)
            vk_pointbuf_push(out, b[0], b[1]);
    }
}

/* Appends one ring as a closed subpath, dropping vertices within
 * MIN_STEP_PT of the last one kept. With clip, the ring is first cut to
 * the frame grown by CULL_PAD_PT: what lies outside is never written into
 * a PDF (at national detail that was nearly half the vertices of a page).
 * The cut adds edges only along the grown frame, which the caller's clip
 * to the frame hides, fills and lines alike. */
static void
path_ring(cairo_t *cr, const double *xy, size_t n, const xform *t, int clip,
          double step)
{
    vk_pointbuf *a = &t->scratch[0], *b = &t->scratch[1];
    double lx, ly;

    /* Closed rings repeat the first point; close_path draws that edge. */
    if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
        n--;
    if (n < 3)
        return;
    a->n = 0;
    lx = t->px + (xy[0] - t->cx) / t->s;
    ly = t->py - (xy[1] - t->cy) / t->s;
    vk_pointbuf_push(a, lx, ly);
    for (size_t i = 1; i < n; i++) {
        double x = t->px + (xy[2 * i] - t->cx) / t->s;
        double y = t->py - (xy[2 * i + 1] - t->cy) / t->s;

        if (fabs(x - lx) < step && fabs(y - ly) < step)
            continue;
        vk_pointbuf_push(a, x, y);
        lx = x;
        ly = y;
    }
    if (clip) {
        clip_side(a, b, 0, t->clip.minx, 1);
        clip_side(b, a, 0, t->clip.maxx, -1);
        clip_side(a, b, 1, t->clip.miny, 1);
        clip_side(b, a, 1, t->clip.maxy, -1);
    }
    if (a->n < 3)
        return;
    cairo_move_to(cr, a->p[0], a->p[1]);
    for (size_t i = 1; i < a->n; i++)
        cairo_line_to(cr, a->p[2 * i], a->p[2 * i + 1]);
    cairo_close_path(cr);
}

size_t
vk_render_clip_ring(const double *xy, size_t n, const vk_bbox *box,
                    vk_geomset *out)
{
    vk_pointbuf a = {NULL, 0, 0}, b = {NULL, 0, 0};
    size_t kept = 0;

    for (size_t i = 0; i < n; i++)
        vk_pointbuf_push(&a, xy[2 * i], xy[2 * i + 1]);
    clip_side(&a, &b, 0, box->minx, 1);
    clip_side(&b, &a, 0, box->maxx, -1);
    clip_side(&a, &b, 1, box->miny, 1);
    clip_side(&b, &a, 1, box->maxy, -1);
    if (a.n >= 3) {
        for (size_t i = 0; i < a.n; i++)
            vk_geomset_add_point(out, a.p[2 * i], a.p[2 * i + 1]);
        vk_geomset_add_point(out, a.p[0], a.p[1]);
        vk_geomset_end_ring(out);
        vk_geomset_end_poly(out);
        kept = a.n + 1;
    }
    free(a.p);
    free(b.p);
    return kept;
}

/* 1 when bbox b (map units) lies inside the visible part of the view. */
static int
bbox_inside(const vk_bbox *b, const vk_bbox *in)
{
    return b->minx >= in->minx && b->maxx <= in->maxx &&
           b->miny >= in->miny && b->maxy <= in->maxy;
}

/* Appends all polygons of a feature (shells and holes) to the path, cut to
 * the visible frame unless the feature lies inside it. */
static void
path_feature(cairo_t *cr, const vk_features *fs, const vk_feature *f,
             const xform *t)
{
    const vk_geomset *g = &fs->g;
    int clip = t->clip_on && !bbox_inside(&f->bbox, &t->visible);

    /* A feature pointing past the store is a reader bug; draw nothing. */
    if (f->poly_first > g->npolys || f->poly_count > g->npolys - f->poly_first)
        return;
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            size_t a = g->ring_off[r], b = g->ring_off[r + 1];

            path_ring(cr, g->xy + 2 * a, b - a, t, clip, MIN_STEP_PT);
        }
    }
}

/* 1 when feature i of fs (a level of v->b) belongs to the area in focus
 * (all do without one): a wijk or gemeente when one of its buurten
 * does. */
static int
in_area(const vk_mapview *v, const vk_features *fs, size_t i)
{
    if (v->area == NULL)
        return 1;
    if (fs == v->b->buurten)
        return vk_area_has_buurt(v->area, i);
    if (fs == v->b->wijken)
        return vk_area_has_wijk(v->area, i);
    return vk_area_has_gemeente(v->area, i);
}

/* Diagonal grey lines over the current path (which is consumed), the mark
 * of masked buurten in the map and in the legend. */
void
vk_render_hatch(cairo_t *cr, double spacing_pt)
{
    double x0, y0, x1, y1;

    cairo_save(cr);
    cairo_clip_preserve(cr);
    cairo_path_extents(cr, &x0, &y0, &x1, &y1);
    cairo_new_path(cr);
    /* Lines at 45 degrees, anchored to the page so neighbours line up. */
    for (double d = floor((x0 + y0) / spacing_pt) * spacing_pt;
         d <= x1 + y1; d += spacing_pt) {
        cairo_move_to(cr, d - y0, y0);
        cairo_line_to(cr, d - y1, y1);
    }
    vk_render_set_hex(cr, CARTO->hatch_line, 1);
    cairo_set_line_width(cr, CARTO->hatch_line_pt);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
}

/* Appends the simplified rings of feature i. */
static void
path_simple(cairo_t *cr, const vk_simple *o, size_t i, int clip,
            const xform *t)
{
    for (size_t r = o->feat_off[i]; r < o->feat_off[i + 1]; r++)
        path_ring(cr, o->pts.p + 2 * o->ring_off[r],
                  o->ring_off[r + 1] - o->ring_off[r], t, clip && t->clip_on,
                  0);
}

/* Fills the buurten in (focus = 1) or outside (0) the area, each on its
 * own so that even-odd only cancels a feature's own holes; focus buurten
 * take their class colour and, when masked, the hatch. */
static void
fill_buurten(cairo_t *cr, const vk_mapview *v, const xform *t, int focus,
             const vk_simple *simple)
{
    const vk_features *fs = v->b->buurten;

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        /* The simplified set holds exactly the area's buurten in view
         * (no string compares per page). */
        if (simple != NULL ? simple->feat_off[i] == simple->feat_off[i + 1]
                           : in_area(v, fs, i) != focus ||
                                 !bbox_meets(&f->bbox, &t->visible))
            continue;
        if (!focus)
            vk_render_set_hex(cr, CARTO->surround_fill, 1);
        else if (v->fill != NULL)
            cairo_set_source_rgba(cr, v->fill[i].r, v->fill[i].g,
                                  v->fill[i].b, v->fill[i].a);
        else
            vk_render_set_hex(cr, CARTO->no_fill, 1);
        if (simple != NULL)
            path_simple(cr, simple, i, !bbox_inside(&f->bbox, &t->visible),
                        t);
        else
            path_feature(cr, fs, f, t);
        if (focus && v->hatch != NULL && v->hatch[i]) {
            cairo_fill_preserve(cr);
            vk_render_hatch(cr, CARTO->hatch_spacing_pt);
        } else {
            cairo_fill(cr);
        }
    }
}

/* Sets the fill of buurt i, paints the current path with it (hatched when
 * the buurt is) and consumes the path. */
static void
paint_as(cairo_t *cr, const vk_mapview *v, size_t i)
{
    cairo_set_source_rgba(cr, v->fill[i].r, v->fill[i].g, v->fill[i].b,
                          v->fill[i].a);
    if (v->hatch != NULL && v->hatch[i]) {
        cairo_fill_preserve(cr);
        vk_render_hatch(cr, CARTO->hatch_spacing_pt);
    } else {
        cairo_fill(cr);
    }
}

/* A map of wijken (v->wijk_of): each wijk whose buurten are all in the
 * area filled whole in their colour (those on land share their wijk's),
 * so no seam of anti-aliasing shows where two of them meet; then the
 * area's water buurten, and the others of no wijk so filled, on top in
 * their own fill. In a PDF from the simplified wijken and buurten of the
 * shared parts (ws, bs), else as they are (NULL). */
static void
fill_wijken(cairo_t *cr, const vk_mapview *v, const xform *t,
            const vk_simple *ws, const vk_simple *bs)
{
    const vk_features *bu = v->b->buurten, *wk = v->b->wijken;
    const long *of = v->wijk_of;
    long *first = vk_xcalloc(wk->n ? wk->n : 1, sizeof *first);
    unsigned char *part = vk_xcalloc(wk->n ? wk->n : 1, 1);

    /* A wijk partly outside the area is drawn buurt by buurt. */
    for (size_t k = 0; k < wk->n; k++)
        first[k] = -1;
    for (size_t i = 0; i < bu->n; i++) {
        long k = of[i];

        if (k < 0)
            continue;
        if (!in_area(v, bu, i))
            part[k] = 1;
        else if (!bu->f[i].water && first[k] < 0)
            first[k] = (long)i;
    }
    for (size_t k = 0; k < wk->n; k++) {
        if (part[k] || wk->f[k].poly_count == 0)
            first[k] = -1;
        if (first[k] < 0 || !bbox_meets(&wk->f[k].bbox, &t->visible))
            continue;
        if (ws != NULL)
            path_simple(cr, ws, k, !bbox_inside(&wk->f[k].bbox, &t->visible),
                        t);
        else
            path_feature(cr, wk, &wk->f[k], t);
        paint_as(cr, v, (size_t)first[k]);
    }
    for (size_t i = 0; i < bu->n; i++) {
        const vk_feature *f = &bu->f[i];

        if ((!f->water && of[i] >= 0 && first[of[i]] >= 0) ||
            !in_area(v, bu, i) || !bbox_meets(&f->bbox, &t->visible))
            continue;
        if (bs != NULL)
            path_simple(cr, bs, i, !bbox_inside(&f->bbox, &t->visible), t);
        else
            path_feature(cr, bu, f, t);
        paint_as(cr, v, i);
    }
    free(part);
    free(first);
}

/* Strokes the outlines of the buurten in (focus = 1) or outside (0) the
 * area as one path. */
static void
stroke_buurten(cairo_t *cr, const vk_mapview *v, const xform *t, int focus,
               const vk_simple *simple)
{
    const vk_features *fs = v->b->buurten;

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, fs, i) != focus || !bbox_meets(&f->bbox, &t->visible))
            continue;
        if (simple != NULL)
            path_simple(cr, simple, i, !bbox_inside(&f->bbox, &t->visible),
                        t);
        else
            path_feature(cr, fs, f, t);
    }
    if (focus)
        vk_render_set_hex(cr, CARTO->buurt_line, CARTO->buurt_line_alpha);
    else
        vk_render_set_hex(cr, CARTO->surround_line, 1);
    cairo_set_line_width(cr, CARTO->buurt_line_pt);
    cairo_stroke(cr);
}

/* Fills the features of fs outside the area in one colour, each on its own
 * (even-odd cancels only a feature's own holes). */
static void
fill_level(cairo_t *cr, const vk_mapview *v, const xform *t,
           const vk_features *fs, unsigned rgb)
{
    vk_render_set_hex(cr, rgb, 1);
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, fs, i) || !bbox_meets(&f->bbox, &t->visible))
            continue;
        path_feature(cr, fs, f, t);
        cairo_fill(cr);
    }
}

/* Strokes the outlines of the features of fs in (want = 1) or outside (0)
 * the area as one path. */
static void
stroke_level(cairo_t *cr, const vk_mapview *v, const xform *t,
             const vk_features *fs, int want, unsigned rgb, double width_pt)
{
    if (fs == NULL)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, fs, i) == want &&
            bbox_meets(&f->bbox, &t->visible))
            path_feature(cr, fs, f, t);
    }
    vk_render_set_hex(cr, rgb, 1);
    cairo_set_line_width(cr, width_pt);
    cairo_stroke(cr);
}

static void
line_style(cairo_t *cr)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
}

/* 1 when a gemeente of the area has buurten outside it. */
static int
partial_area(const vk_mapview *v)
{
    for (size_t g = 0; g < v->b->gemeenten->n; g++)
        if (vk_area_has_gemeente(v->area, g) &&
            !vk_area_whole_gemeente(v->area, g))
            return 1;
    return 0;
}

/* What lies under the area's colours: white paper and the surroundings.
 * The surroundings are the other gemeenten, filled whole: far fewer
 * vertices than their buurten, which matters at national detail. */
static void
draw_under(cairo_t *cr, const vk_mapview *v, const xform *t,
           const vk_simple *simple)
{
    (void)simple; /* the surroundings are not simplified */
    vk_render_set_hex(cr, 0xffffff, 1);
    cairo_paint(cr);
    line_style(cr);
    if (v->b == NULL || v->b->buurten == NULL)
        return;
    if (v->area != NULL && v->b->gemeenten != NULL) {
        fill_level(cr, v, t, v->b->gemeenten, CARTO->surround_fill);
        /* A gemeente partly in the area (a wijk, a werkgebied's
         * buurten): its other buurten are surroundings too. */
        if (partial_area(v))
            fill_buurten(cr, v, t, 0, NULL);
    } else {
        fill_buurten(cr, v, t, 0, NULL);
        stroke_buurten(cr, v, t, 0, NULL);
    }
}

/* What lies over them, fine to bold: the area's buurt outlines, other
 * gemeenten, the area's wijken, the area's own boundary last so nothing
 * crosses it. */
static void
draw_over(cairo_t *cr, const vk_mapview *v, const xform *t,
          const vk_simple *simple)
{
    line_style(cr);
    if (v->b == NULL)
        return;
    /* A map of everything at small scale (the national overview, where a
     * buurt is a few points across) would be buried by buurt and wijk
     * lines; there gemeenten get a fine line and nothing else. */
    if (v->area == NULL && v->b->buurten != NULL && v->b->buurten->n > 0 &&
        sqrt((v->b->buurten->extent.maxx - v->b->buurten->extent.minx) *
             (v->b->buurten->extent.maxy - v->b->buurten->extent.miny) /
             (double)v->b->buurten->n) / t->s < CARTO->min_buurt_pt) {
        stroke_level(cr, v, t, v->b->gemeenten, 1, CARTO->gm_line,
                     CARTO->overall_gm_line_pt);
        return;
    }
    if (v->b->buurten != NULL && v->wijk_of == NULL)
        stroke_buurten(cr, v, t, 1, simple);
    stroke_level(cr, v, t, v->b->gemeenten, 0, CARTO->other_gm_line,
                 CARTO->other_gm_line_pt);
    stroke_level(cr, v, t, v->b->wijken, 1, CARTO->wijk_line,
                 CARTO->wijk_line_pt);
    stroke_level(cr, v, t, v->b->gemeenten, 1, CARTO->gm_line,
                 CARTO->gm_line_pt);
}

/* ---- parts shared by the pages of one area ----------------------------
 * Everything but the area's fills is the same on every layer's page of a
 * gemeente. In a PDF it is recorded once and painted from the recording:
 * cairo writes one Form XObject per document for it, so the nine pages of
 * a gemeente carry those vertices once instead of nine times. One entry
 * per context: a document's pages come one area after the other. */
typedef struct shared_parts {
    const vk_boundaries *b;
    vk_area *area;
    int wijk;
    vk_bbox extent;
    double x_pt, y_pt, w_pt, h_pt;
    cairo_surface_t *under, *over;
    vk_simple fills; /* the area's buurten in view, simplified */
    vk_simple wfills; /* a map of wijken: the area's wijken in view */
} shared_parts;

/* The grey gemeenten of the overview, the same on every page: recorded
 * once per context and box, so a PDF holds them once. */
typedef struct overview_part {
    const vk_features *gemeenten;
    double x_pt, y_pt, w_pt, h_pt;
    cairo_surface_t *grey;
} overview_part;

/* What the pages of one document share; the boundaries a part was made
 * from are compared by address, which is sound because a context lives no
 * longer than the document whose pages borrow them. */
struct vk_render_ctx {
    vk_pointbuf scratch[2]; /* rings being clipped, in page points */
    shared_parts parts;
    overview_part overview;
};

vk_render_ctx *
vk_render_ctx_create(void)
{
    return vk_xcalloc(1, sizeof(vk_render_ctx));
}

static void
parts_clear(shared_parts *p)
{
    if (p->under != NULL)
        cairo_surface_destroy(p->under);
    if (p->over != NULL)
        cairo_surface_destroy(p->over);
    vk_area_destroy(p->area);
    vk_simple_free(&p->fills);
    vk_simple_free(&p->wfills);
    memset(p, 0, sizeof *p);
}

void
vk_render_ctx_destroy(vk_render_ctx *ctx)
{
    if (ctx == NULL)
        return;
    parts_clear(&ctx->parts);
    if (ctx->overview.grey != NULL)
        cairo_surface_destroy(ctx->overview.grey);
    for (size_t i = 0; i < 2; i++)
        free(ctx->scratch[i].p);
    free(ctx);
}

static int
parts_match(const shared_parts *p, const vk_mapview *v)
{
    return p->under != NULL && p->b == v->b &&
           p->wijk == (v->wijk_of != NULL) &&
           vk_area_same(p->area, v->area) &&
           memcmp(&p->extent, &v->extent, sizeof v->extent) == 0 &&
           p->x_pt == v->x_pt && p->y_pt == v->y_pt &&
           p->w_pt == v->w_pt && p->h_pt == v->h_pt;
}

static cairo_surface_t *
record(const vk_mapview *v, const xform *t,
       void (*draw)(cairo_t *, const vk_mapview *, const xform *,
                    const vk_simple *),
       const vk_simple *simple)
{
    cairo_rectangle_t r = {v->x_pt, v->y_pt, v->w_pt, v->h_pt};
    cairo_surface_t *s =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    cairo_t *cr = cairo_create(s);

    draw(cr, v, t, simple);
    cairo_destroy(cr);
    return s;
}

/* The features of fs (a level of v->b) in the area and in view,
 * simplified into o. */
static void
simplify_in_view(vk_simple *o, const vk_mapview *v, const xform *t,
                 const vk_features *fs)
{
    unsigned char *sel = vk_xcalloc(fs->n + 1, 1);

    for (size_t i = 0; i < fs->n; i++)
        sel[i] = in_area(v, fs, i) && bbox_meets(&fs->f[i].bbox, &t->visible);
    vk_simple_build(o, fs, sel, SIMPLIFY_PT * t->s);
    free(sel);
}

static void
parts_make(shared_parts *p, const vk_mapview *v, const xform *t)
{
    parts_clear(p);
    p->b = v->b;
    p->area = vk_area_copy(v->area);
    p->wijk = v->wijk_of != NULL;
    p->extent = v->extent;
    p->x_pt = v->x_pt;
    p->y_pt = v->y_pt;
    p->w_pt = v->w_pt;
    p->h_pt = v->h_pt;
    if (v->b != NULL && v->b->buurten != NULL)
        simplify_in_view(&p->fills, v, t, v->b->buurten);
    if (v->wijk_of != NULL && v->b != NULL && v->b->wijken != NULL)
        simplify_in_view(&p->wfills, v, t, v->b->wijken);
    p->under = record(v, t, draw_under, NULL);
    p->over = record(v, t, draw_over,
                     p->fills.feat_off != NULL ? &p->fills : NULL);
}

static void
paint_part(cairo_t *cr, cairo_surface_t *part)
{
    cairo_save(cr);
    cairo_set_source_surface(cr, part, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

vk_status
vk_render_map(cairo_t *cr, vk_render_ctx *ctx, const vk_mapview *v,
              vk_error *err)
{
    vk_render_ctx *own = ctx == NULL ? vk_render_ctx_create() : NULL;
    xform t = view_xform(v);
    cairo_status_t st;
    int shared = cairo_surface_get_type(cairo_get_target(cr)) ==
                 CAIRO_SURFACE_TYPE_PDF;
    shared_parts *p;

    if (own != NULL)
        ctx = own;
    p = &ctx->parts;
    t.scratch = ctx->scratch;
    cairo_save(cr);

    /* Nothing leaves the frame. */
    cairo_new_path(cr);
    cairo_rectangle(cr, v->x_pt, v->y_pt, v->w_pt, v->h_pt);
    cairo_clip(cr);

    /* Under the area's colours and over them; the area on top of the
     * surroundings, so its colours are never covered by grey. */
    if (shared) {
        if (!parts_match(p, v))
            parts_make(p, v, &t);
        paint_part(cr, p->under);
    } else {
        draw_under(cr, v, &t, NULL);
    }
    line_style(cr);
    if (v->b != NULL && v->b->buurten != NULL && v->wijk_of != NULL &&
        v->fill != NULL && v->b->wijken != NULL)
        fill_wijken(cr, v, &t,
                    shared && p->wfills.feat_off != NULL ? &p->wfills : NULL,
                    shared ? &p->fills : NULL);
    else if (v->b != NULL && v->b->buurten != NULL)
        fill_buurten(cr, v, &t, 1, shared ? &p->fills : NULL);
    if (shared)
        paint_part(cr, p->over);
    else
        draw_over(cr, v, &t, NULL);
    cairo_restore(cr);

    /* cairo's status is sticky: one check covers every call above. */
    st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS && shared)
        st = cairo_surface_status(p->over);
    vk_render_ctx_destroy(own);
    if (st != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing the map failed: %s",
                       cairo_status_to_string(st));
    return VK_OK;
}

static void
overview_view(const vk_features *gemeenten, double x_pt, double y_pt,
              double w_pt, double h_pt, xform *t)
{
    vk_mapview v = {0};

    v.x_pt = x_pt;
    v.y_pt = y_pt;
    v.w_pt = w_pt;
    v.h_pt = h_pt;
    vk_render_fit(&v, &gemeenten->extent, 0.02);
    *t = view_xform(&v);
    t->clip_on = 0;
}

static cairo_surface_t *
overview_grey(overview_part *o, const vk_features *gemeenten, const xform *t,
              double x_pt, double y_pt, double w_pt, double h_pt)
{
    cairo_rectangle_t r = {x_pt, y_pt, w_pt, h_pt};
    cairo_surface_t *s;
    cairo_t *cr;

    if (o->grey != NULL && o->gemeenten == gemeenten && o->x_pt == x_pt &&
        o->y_pt == y_pt && o->w_pt == w_pt && o->h_pt == h_pt)
        return o->grey;
    if (o->grey != NULL)
        cairo_surface_destroy(o->grey);
    s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    cr = cairo_create(s);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (size_t i = 0; i < gemeenten->n; i++)
        path_feature(cr, gemeenten, &gemeenten->f[i], t);
    vk_render_set_hex(cr, CARTO->overview_fill, 1);
    cairo_fill(cr);
    cairo_destroy(cr);
    *o = (overview_part){gemeenten, x_pt, y_pt, w_pt, h_pt, s};
    return s;
}

void
vk_render_overview(cairo_t *cr, vk_render_ctx *ctx, const vk_boundaries *b,
                   const vk_area *area, double x_pt, double y_pt,
                   double w_pt, double h_pt)
{
    const vk_features *gemeenten = b->gemeenten, *bu = b->buurten;
    vk_render_ctx *own = ctx == NULL ? vk_render_ctx_create() : NULL;
    xform t;

    if (gemeenten == NULL || vk_bbox_empty(&gemeenten->extent)) {
        vk_render_ctx_destroy(own);
        return;
    }
    if (own != NULL)
        ctx = own;
    overview_view(gemeenten, x_pt, y_pt, w_pt, h_pt, &t);
    t.scratch = ctx->scratch;
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);

    /* Every gemeente in grey (recorded once for PDF), this one in red on
     * top. */
    if (cairo_surface_get_type(cairo_get_target(cr)) ==
        CAIRO_SURFACE_TYPE_PDF) {
        cairo_set_source_surface(cr,
                                 overview_grey(&ctx->overview, gemeenten, &t,
                                               x_pt, y_pt, w_pt, h_pt),
                                 0, 0);
        cairo_paint(cr);
    } else {
        for (size_t i = 0; i < gemeenten->n; i++)
            path_feature(cr, gemeenten, &gemeenten->f[i], &t);
        vk_render_set_hex(cr, CARTO->overview_fill, 1);
        cairo_fill(cr);
    }
    /* Whole gemeenten by their outline; of the others, the area's
     * buurten. */
    for (size_t i = 0; area != NULL && !area->all && i < gemeenten->n; i++)
        if (vk_area_whole_gemeente(area, i))
            path_feature(cr, gemeenten, &gemeenten->f[i], &t);
    for (size_t i = 0; area != NULL && !area->all && bu != NULL && i < bu->n;
         i++)
        if (vk_area_has_buurt(area, i) && !vk_area_in_whole_gemeente(area, i))
            path_feature(cr, bu, &bu->f[i], &t);
    vk_render_set_hex(cr, CARTO->overview_area, 1);
    cairo_fill(cr);
    cairo_restore(cr);
    vk_render_ctx_destroy(own);
}
