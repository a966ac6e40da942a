/* SPDX-License-Identifier: MIT */
/* Draws buurten on a cairo context in page points: the area's buurten by
 * class colour, the surroundings in grey, wijk and gemeente outlines. */
#include <math.h>
#include <string.h>

#include "vk/render.h"

/* Vertices closer than this to the previous one are dropped: 0.25 pt is
 * 0.09 mm, one pixel at 300 dpi. A shared edge drawn from both sides may
 * then differ by that much; the white buurt outline (0.25 pt) and the
 * darker wijk and gemeente lines cover it. It keeps national-detail PDFs
 * about a third smaller than 0.05 pt did. */
#define MIN_STEP_PT 0.25

/* Features are culled against the frame grown by this much, so outlines of
 * features just outside still show at the edge (widest line is 1.6 pt). */
#define CULL_PAD_PT 2.0

/* Line widths in points and colours (0xRRGGBB) of the map. */
#define SURROUND_FILL 0xe6e6e6
#define SURROUND_LINE 0xcfcfcf
#define BUURT_LINE_PT 0.25
#define BUURT_LINE_ALPHA 0.8
#define WIJK_LINE 0x555555
#define WIJK_LINE_PT 0.8
#define GM_LINE 0x222222
#define GM_LINE_PT 1.6
#define OTHER_GM_LINE 0x999999
#define OTHER_GM_LINE_PT 0.6
#define NO_FILL 0xcccccc
#define OVERVIEW_FILL 0xcfcfcf
#define OVERVIEW_AREA 0xd7301f
#define HATCH_LINE 0x8c8c8c
#define HATCH_LINE_PT 0.4
#define HATCH_SPACING_PT 2.5

/* Map to page: page = centre_pt + (map - centre) / s, y flipped. */
typedef struct xform {
    double s;            /* map units per point, > 0 */
    double cx, cy;       /* extent centre, map units */
    double px, py;       /* frame centre, points */
    vk_bbox visible;     /* map units inside the frame plus CULL_PAD_PT */
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

static void
set_hex(cairo_t *cr, unsigned rgb, double alpha)
{
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
                          ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                          alpha);
}

static int
bbox_meets(const vk_bbox *a, const vk_bbox *b)
{
    return !vk_bbox_empty(a) && a->minx <= b->maxx && a->maxx >= b->minx &&
           a->miny <= b->maxy && a->maxy >= b->miny;
}

/* Appends one ring as a closed subpath, dropping vertices within
 * MIN_STEP_PT of the last one kept. */
static void
path_ring(cairo_t *cr, const double *xy, size_t n, const xform *t)
{
    double lx, ly;

    /* Closed rings repeat the first point; close_path draws that edge. */
    if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
        n--;
    if (n < 3)
        return;
    lx = t->px + (xy[0] - t->cx) / t->s;
    ly = t->py - (xy[1] - t->cy) / t->s;
    cairo_move_to(cr, lx, ly);
    for (size_t i = 1; i < n; i++) {
        double x = t->px + (xy[2 * i] - t->cx) / t->s;
        double y = t->py - (xy[2 * i + 1] - t->cy) / t->s;

        if (fabs(x - lx) < MIN_STEP_PT && fabs(y - ly) < MIN_STEP_PT)
            continue;
        cairo_line_to(cr, x, y);
        lx = x;
        ly = y;
    }
    cairo_close_path(cr);
}

/* Appends all polygons of a feature (shells and holes) to the path. */
static void
path_feature(cairo_t *cr, const vk_features *fs, const vk_feature *f,
             const xform *t)
{
    const vk_geomset *g = &fs->g;

    /* A feature pointing past the store is a reader bug; draw nothing. */
    if (f->poly_first > g->npolys || f->poly_count > g->npolys - f->poly_first)
        return;
    for (size_t p = f->poly_first; p < f->poly_first + f->poly_count; p++) {
        for (size_t r = g->poly_off[p]; r < g->poly_off[p + 1]; r++) {
            size_t a = g->ring_off[r], b = g->ring_off[r + 1];

            path_ring(cr, g->xy + 2 * a, b - a, t);
        }
    }
}

/* 1 when the feature belongs to the area in focus (all do without one).
 * Gemeenten match on their own code, the others on their gemeentecode. */
static int
in_area(const vk_mapview *v, const vk_feature *f, int is_gemeente)
{
    const char *gm = is_gemeente && f->code ? f->code : f->gemeentecode;

    if (v->area == NULL)
        return 1;
    return gm != NULL && strcmp(gm, v->area) == 0;
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
    set_hex(cr, HATCH_LINE, 1);
    cairo_set_line_width(cr, HATCH_LINE_PT);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
}

/* Fills buurten in (focus = 1) or outside (0) the area, each on its own so
 * that even-odd only cancels a feature's own holes, then strokes all their
 * outlines as one path. */
static void
draw_buurten(cairo_t *cr, const vk_mapview *v, const xform *t, int focus)
{
    const vk_features *fs = v->b->buurten;

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, f, 0) != focus || !bbox_meets(&f->bbox, &t->visible))
            continue;
        if (!focus)
            set_hex(cr, SURROUND_FILL, 1);
        else if (v->fill != NULL)
            cairo_set_source_rgba(cr, v->fill[i].r, v->fill[i].g,
                                  v->fill[i].b, v->fill[i].a);
        else
            set_hex(cr, NO_FILL, 1);
        path_feature(cr, fs, f, t);
        if (focus && v->hatch != NULL && v->hatch[i]) {
            cairo_fill_preserve(cr);
            vk_render_hatch(cr, HATCH_SPACING_PT);
        } else {
            cairo_fill(cr);
        }
    }

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, f, 0) == focus && bbox_meets(&f->bbox, &t->visible))
            path_feature(cr, fs, f, t);
    }
    if (focus)
        set_hex(cr, 0xffffff, BUURT_LINE_ALPHA);
    else
        set_hex(cr, SURROUND_LINE, 1);
    cairo_set_line_width(cr, BUURT_LINE_PT);
    cairo_stroke(cr);
}

/* Fills the features of fs outside the area in one colour, each on its own
 * (even-odd cancels only a feature's own holes). */
static void
fill_level(cairo_t *cr, const vk_mapview *v, const xform *t,
           const vk_features *fs, unsigned rgb)
{
    set_hex(cr, rgb, 1);
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, f, 1) || !bbox_meets(&f->bbox, &t->visible))
            continue;
        path_feature(cr, fs, f, t);
        cairo_fill(cr);
    }
}

/* Strokes the outlines of the features of fs in (want = 1) or outside (0)
 * the area as one path. */
static void
stroke_level(cairo_t *cr, const vk_mapview *v, const xform *t,
             const vk_features *fs, int is_gemeente, int want,
             unsigned rgb, double width_pt)
{
    if (fs == NULL)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];

        if (in_area(v, f, is_gemeente) == want &&
            bbox_meets(&f->bbox, &t->visible))
            path_feature(cr, fs, f, t);
    }
    set_hex(cr, rgb, 1);
    cairo_set_line_width(cr, width_pt);
    cairo_stroke(cr);
}

vk_status
vk_render_map(cairo_t *cr, const vk_mapview *v, vk_error *err)
{
    xform t = view_xform(v);
    cairo_status_t st;

    cairo_save(cr);

    /* Nothing leaves the frame; the paper inside it is white. */
    cairo_new_path(cr);
    cairo_rectangle(cr, v->x_pt, v->y_pt, v->w_pt, v->h_pt);
    cairo_clip(cr);
    set_hex(cr, 0xffffff, 1);
    cairo_paint(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);

    /* Surroundings first, then the area on top, so the area's colours are
     * never covered by grey. The surroundings are the other gemeenten,
     * filled whole: far fewer vertices than their buurten, which matters
     * at national detail. */
    if (v->b != NULL && v->b->buurten != NULL) {
        if (v->area != NULL && v->b->gemeenten != NULL)
            fill_level(cr, v, &t, v->b->gemeenten, SURROUND_FILL);
        else
            draw_buurten(cr, v, &t, 0);
        draw_buurten(cr, v, &t, 1);
    }

    /* Outlines from fine to bold: other gemeenten, the area's wijken, the
     * area's own boundary last so nothing crosses it. */
    if (v->b != NULL) {
        stroke_level(cr, v, &t, v->b->gemeenten, 1, 0, OTHER_GM_LINE,
                     OTHER_GM_LINE_PT);
        stroke_level(cr, v, &t, v->b->wijken, 0, 1, WIJK_LINE,
                     WIJK_LINE_PT);
        stroke_level(cr, v, &t, v->b->gemeenten, 1, 1, GM_LINE, GM_LINE_PT);
    }
    cairo_restore(cr);

    /* cairo's status is sticky: one check covers every call above. */
    st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing the map failed: %s",
                       cairo_status_to_string(st));
    return VK_OK;
}

void
vk_render_overview(cairo_t *cr, const vk_features *gemeenten,
                   const char *area, double x_pt, double y_pt, double w_pt,
                   double h_pt)
{
    vk_mapview v = {0};
    xform t;

    if (gemeenten == NULL || vk_bbox_empty(&gemeenten->extent))
        return;
    v.x_pt = x_pt;
    v.y_pt = y_pt;
    v.w_pt = w_pt;
    v.h_pt = h_pt;
    vk_render_fit(&v, &gemeenten->extent, 0.02);
    t = view_xform(&v);
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);

    /* Every gemeente in grey, this one in red on top. */
    for (size_t i = 0; i < gemeenten->n; i++)
        path_feature(cr, gemeenten, &gemeenten->f[i], &t);
    set_hex(cr, OVERVIEW_FILL, 1);
    cairo_fill(cr);
    for (size_t i = 0; area != NULL && i < gemeenten->n; i++)
        if (gemeenten->f[i].code != NULL &&
            strcmp(gemeenten->f[i].code, area) == 0)
            path_feature(cr, gemeenten, &gemeenten->f[i], &t);
    set_hex(cr, OVERVIEW_AREA, 1);
    cairo_fill(cr);
    cairo_restore(cr);
}
