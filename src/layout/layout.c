/* SPDX-License-Identifier: MIT */
/* The print page (title, map frame, legend, scale bar, north arrow, source
 * line) laid out in points and written as PDF or PNG through cairo/pango. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "layout_priv.h"
#include "vk/layout.h"
#include "vk/writers.h"

/* Set explicitly so every machine with fonts-dejavu-core lays out the same
 * page; fontconfig falls back to another sans if it is missing. */

/* Page furniture in points at A4; A3 multiplies all but the margin by
 * A3_FACTOR so the bigger sheet reads the same from further away. */
#define HEADER_H 42.0      /* title 18 pt bold + subtitle 12 pt */
#define TITLE_PT 18.0
#define TITLE_MIN_PT 11.0  /* long titles shrink to fit, down to this */
#define SUBTITLE_PT 12.0
#define SUBTITLE_MIN_PT 8.0 /* long subtitles shrink, then wrap */
#define SUBTITLE_DY 23.0   /* subtitle top below title top */
#define TITLE_GAP 2.0      /* at least, between title and subtitle */
#define HEADER_PAD 4.0     /* at least, below the subtitle */
#define FOOTER_RIGHT 0.28  /* of the width: date and projection, at least */
#define FOOTER_GAP 0.02    /* of the width: between source and date */
#define COL_W 165.0        /* landscape: legend column right of the map */
#define FURN_W 170.0       /* portrait: scale bar + north arrow, right */
#define FURN_H 44.0
#define LEG_TITLE_PT 10.0
#define LEG_TITLE_GAP 5.0
#define LEG_ROW_H 15.0
#define LEG_SWATCH_W 20.0
#define LEG_SWATCH_H 11.0
#define LEG_TEXT_DX 27.0
#define LEG_PT 9.0
#define GRID_CELL 18.0     /* bivariate legend: square cell */
#define GRID_AXIS_PT 7.5   /* its axis titles */
#define GRID_AXIS_MIN_PT 5.5 /* long axis titles shrink, then wrap */
#define GRID_AXIS_H 11.0   /* height of an axis title line */
#define GRID_X_DY 1.5      /* x title below the cells */
#define GRID_COUNT_PT 6.5  /* the count inside a cell */
#define SCALE_PT 7.5
#define SCALE_BAR_H 4.0
#define ARROW_W 11.0
#define ARROW_H 22.0
#define FRAME_LINE_PT 0.5
#define METRES_PER_PT (0.0254 / 72.0) /* on paper */
#define OVERVIEW_W 40.0    /* the Netherlands with the gemeente in red */
#define PANEL_GAP 8.0      /* small multiples: between the maps */
#define PANEL_TITLE_PT 10.0 /* a map's title (its year), bold */
#define PANEL_TITLE_MIN_PT 7.0
#define PANEL_TITLE_GAP 2.0 /* below a map's title */

/* Map margin around the area, as a fraction of its size on each side:
 * enough to show the neighbours in grey and keep the boundary off the
 * frame. */
#define AREA_MARGIN 0.04

/* Default PNG density, and what cairo can draw in one image. */

void
vk_paper_size(vk_paper p, double *w_pt, double *h_pt)
{
    /* ISO 216 in millimetres, to points (1/72 inch). */
    double w_mm = p == VK_PAPER_A3 ? 297 : 210;
    double h_mm = p == VK_PAPER_A3 ? 420 : 297;

    *w_pt = w_mm * 72.0 / 25.4;
    *h_pt = h_mm * 72.0 / 25.4;
}

int
vk_paper_parse(const char *s, vk_paper *out)
{
    if (s != NULL && vk_strcaseeq(s, "A4")) {
        *out = VK_PAPER_A4;
        return 0;
    }
    if (s != NULL && vk_strcaseeq(s, "A3")) {
        *out = VK_PAPER_A3;
        return 0;
    }
    return -1;
}

/* ---- text ------------------------------------------------------------ */

PangoContext *
vk_layout_text_context(void)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default(); /* pango's */
    PangoContext *pc = pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();

    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(pc, 72.0);
    pango_context_set_round_glyph_positions(pc, FALSE);
    return pc;
}

/* A layout of utf8 (invalid bytes replaced, never passed to pango, which
 * would print a warning) in VK_FONT_FAMILY at size_pt; width_pt > 0 wraps
 * it between words at that width, width_pt <= 0 leaves it one line.
 * Caller unrefs. */
PangoLayout *
vk_layout_new_text(PangoContext *pc, const char *utf8, double size_pt, int bold,
         double width_pt)
{
    PangoLayout *lo = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, VK_FONT_FAMILY);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_layout_set_font_description(lo, fd);
    pango_font_description_free(fd);
    if (width_pt > 0) {
        pango_layout_set_width(lo, (int)(width_pt * PANGO_SCALE));
        pango_layout_set_wrap(lo, PANGO_WRAP_WORD);
    }
    if (utf8 == NULL)
        utf8 = "";
    if (g_utf8_validate(utf8, -1, NULL)) {
        pango_layout_set_text(lo, utf8, -1);
    } else {
        gchar *fixed = g_utf8_make_valid(utf8, -1);

        pango_layout_set_text(lo, fixed, -1);
        g_free(fixed);
    }
    return lo;
}

void
vk_layout_text_size(PangoLayout *lo, double *w_pt, double *h_pt)
{
    int w, h;

    pango_layout_get_size(lo, &w, &h);
    if (w_pt)
        *w_pt = (double)w / PANGO_SCALE;
    if (h_pt)
        *h_pt = (double)h / PANGO_SCALE;
}

/* The logical width of the widest line of lo in points: what must fit
 * the width a text is given (a word wider than the line overflows it). */
static double
widest_line(PangoLayout *lo)
{
    int n = pango_layout_get_line_count(lo), w = 0;

    for (int i = 0; i < n; i++) {
        PangoRectangle r;

        pango_layout_line_get_extents(pango_layout_get_line_readonly(lo, i),
                                      NULL, &r);
        if (r.width > w)
            w = r.width;
    }
    return (double)w / PANGO_SCALE;
}

/* Slack for the rounding of a width to pango units. */
#define FIT_SLACK_PT 0.01
/* Wrapping shrinks at most this many times (each to the widest word's
 * width); the text is never cut. */
#define FIT_TRIES 8

/* The one way a text meets a width, used where the page is laid out and
 * where it is drawn, so that both agree and no text is ever cut: at
 * size_pt on one line when it fits; else, when min_pt < size_pt, shrunk to
 * fit on one line down to min_pt; else wrapped between words at that size,
 * and shrunk further while its widest word is wider than the line.
 * width_pt <= 0: one line at size_pt. Caller unrefs. */
PangoLayout *
vk_layout_fit_text(PangoContext *pc, const char *utf8, double size_pt, double min_pt,
         int bold, double width_pt)
{
    PangoLayout *lo = vk_layout_new_text(pc, utf8, size_pt, bold, 0);
    double tw, s = size_pt;

    vk_layout_text_size(lo, &tw, NULL);
    if (width_pt <= 0 || tw <= width_pt + FIT_SLACK_PT)
        return lo;
    g_object_unref(lo);
    if (min_pt < size_pt) {
        s = fmax(min_pt, size_pt * width_pt / tw);
        lo = vk_layout_new_text(pc, utf8, s, bold, 0);
        vk_layout_text_size(lo, &tw, NULL);
        if (tw <= width_pt + FIT_SLACK_PT)
            return lo;
        g_object_unref(lo);
    }
    for (int i = 0;; i++) {
        double ww;

        lo = vk_layout_new_text(pc, utf8, s, bold, width_pt);
        ww = widest_line(lo);
        if (ww <= width_pt + FIT_SLACK_PT || i == FIT_TRIES)
            return lo;
        g_object_unref(lo);
        s *= width_pt / ww;
    }
}

/* The height of utf8 fitted to width_pt as fit_text fits it. */
static double
fit_height(PangoContext *pc, const char *utf8, double size_pt, double min_pt,
           int bold, double width_pt)
{
    PangoLayout *lo = vk_layout_fit_text(pc, utf8, size_pt, min_pt, bold, width_pt);
    double th;

    vk_layout_text_size(lo, NULL, &th);
    g_object_unref(lo);
    return th;
}

/* ---- geometry -------------------------------------------------------- */

/* Bbox of the area: its buurten and its whole gemeenten, if any; the
 * buurten's extent when no area is set. */
static vk_bbox
area_bbox(const vk_page *page)
{
    const vk_features *bu = page->b->buurten;
    const vk_features *gm = page->b->gemeenten;
    vk_bbox a;

    vk_bbox_reset(&a);
    if (page->area == NULL || page->area->all) {
        if (bu != NULL)
            a = bu->extent;
        return a;
    }
    for (size_t i = 0; bu != NULL && i < bu->n; i++)
        if (vk_area_has_buurt(page->area, i))
            vk_bbox_union(&a, &bu->f[i].bbox);
    for (size_t i = 0; gm != NULL && i < gm->n; i++)
        if (vk_area_whole_gemeente(page->area, i))
            vk_bbox_union(&a, &gm->f[i].bbox);
    return a;
}

/* Entries of a legend drawn as a square grid (0 for a list). */
static size_t
grid_cells(const vk_legend *l)
{
    if (l->grid_cols <= 0 || l->grid_rows <= 0)
        return 0;
    return (size_t)l->grid_cols * (size_t)l->grid_rows;
}

/* The parts of the page that hold text, laid out as fit_text fits them:
 * the same functions measure the page (page_boxes) and draw it. */

/* The axis titles of a bivariate grid, "↑ y" and "x →", width_pt wide. */
static PangoLayout *
grid_axis_text(PangoContext *pc, const char *title, int y_axis,
               double width_pt, double k)
{
    char *t = y_axis ? vk_xasprintf("\xe2\x86\x91 %s", title ? title : "")
                     : vk_xasprintf("%s \xe2\x86\x92", title ? title : "");
    PangoLayout *lo = vk_layout_fit_text(pc, t, GRID_AXIS_PT * k, GRID_AXIS_MIN_PT * k,
                               0, width_pt);

    free(t);
    return lo;
}

/* Heights of a bivariate grid's y title line and x title line (which
 * starts GRID_X_DY below the cells): a title that wraps takes more. */
static void
grid_axis_heights(PangoContext *pc, const vk_legend *l, double width_pt,
                  double k, double *yh, double *xh)
{
    double th;
    PangoLayout *lo = grid_axis_text(pc, l->y_title, 1, width_pt, k);

    vk_layout_text_size(lo, NULL, &th);
    g_object_unref(lo);
    *yh = fmax(GRID_AXIS_H * k, th);
    lo = grid_axis_text(pc, l->x_title, 0, width_pt, k);
    vk_layout_text_size(lo, NULL, &th);
    g_object_unref(lo);
    *xh = fmax(GRID_AXIS_H * k, GRID_X_DY * k + th);
}

/* Height of a bivariate grid: y title, the cells, x title, a gap. */
static double
grid_height(PangoContext *pc, const vk_legend *l, double width_pt, double k)
{
    double yh, xh;

    if (grid_cells(l) == 0)
        return 0;
    grid_axis_heights(pc, l, width_pt, k, &yh, &xh);
    return yh + l->grid_rows * GRID_CELL * k + xh + LEG_TITLE_GAP * k;
}

/* A legend row's text, "label (count)" with the count in grey (the label
 * alone for a legend without counts), in the width_pt of the row (the
 * swatch's room taken off); wraps to more lines rather than lose the
 * count. */
static PangoLayout *
legend_row_text(PangoContext *pc, const vk_legend *l,
                const vk_legend_entry *e, vk_lang lang, double width_pt,
                double k)
{
    char count[40], *text;
    PangoAttrList *attrs;
    PangoAttribute *grey;
    PangoLayout *lo;
    size_t label_len;

    if (l->no_counts)
        return vk_layout_fit_text(pc, e->label ? e->label : "", LEG_PT * k, LEG_PT * k,
                        0, width_pt - LEG_TEXT_DX * k);
    vk_format_number(lang, (double)e->count, 0, count, sizeof count);
    text = vk_xasprintf("%s (%s)", e->label ? e->label : "", count);
    label_len = strlen(text) - strlen(count) - 2;
    lo = vk_layout_fit_text(pc, text, LEG_PT * k, LEG_PT * k, 0,
                  width_pt - LEG_TEXT_DX * k);
    attrs = pango_attr_list_new();
    grey = pango_attr_foreground_new(0x6666, 0x6666, 0x6666);
    grey->start_index = (guint)label_len;
    pango_attr_list_insert(attrs, grey);
    pango_layout_set_attributes(lo, attrs);
    pango_attr_list_unref(attrs);
    free(text);
    return lo;
}

/* A row is LEG_ROW_H high, or as high as its wrapped text needs. */
static double
legend_row_height(double text_h, double k)
{
    return fmax(LEG_ROW_H * k, text_h + (LEG_ROW_H - LEG_SWATCH_H) * k);
}

/* Height of the legend drawn width_pt wide: wrapped title, the grid of a
 * bivariate legend, one row per list entry. */
static double
legend_height(PangoContext *pc, const vk_legend *l, vk_lang lang,
              double width_pt, double k)
{
    double h = 0, th;

    if (l == NULL)
        return 0;
    if (l->title != NULL && l->title[0] != '\0')
        h += fit_height(pc, l->title, LEG_TITLE_PT * k, LEG_TITLE_PT * k, 1,
                        width_pt) +
             LEG_TITLE_GAP * k;
    h += grid_height(pc, l, width_pt, k);
    for (size_t i = grid_cells(l); i < l->n; i++) {
        PangoLayout *lo = legend_row_text(pc, l, &l->e[i], lang, width_pt,
                                          k);

        vk_layout_text_size(lo, NULL, &th);
        g_object_unref(lo);
        h += legend_row_height(th, k);
    }
    return h;
}

/* The title, one line shrunk down to TITLE_MIN_PT, then wrapped. */
static PangoLayout *
title_text(PangoContext *pc, const vk_page *page, double width_pt, double k)
{
    return vk_layout_fit_text(pc, page->title, TITLE_PT * k, TITLE_MIN_PT * k, 1,
                    width_pt);
}

static PangoLayout *
subtitle_text(PangoContext *pc, const vk_page *page, double width_pt,
              double k)
{
    return vk_layout_fit_text(pc, page->subtitle, SUBTITLE_PT * k,
                    SUBTITLE_MIN_PT * k, 0, width_pt);
}

/* Where the subtitle starts below the header's top (*sub_dy) and the
 * header's height: a wrapped title pushes both down. */
double
vk_layout_header_height(PangoContext *pc, const vk_page *page, double width_pt,
              double k, double *sub_dy)
{
    double th = 0, sh = 0;
    int tl = 0, sl = 0;
    PangoLayout *lo;

    if (page->title != NULL) {
        lo = title_text(pc, page, width_pt, k);
        vk_layout_text_size(lo, NULL, &th);
        tl = pango_layout_get_line_count(lo);
        g_object_unref(lo);
    }
    *sub_dy = tl > 1 ? fmax(SUBTITLE_DY * k, th + TITLE_GAP * k)
                     : SUBTITLE_DY * k;
    if (page->subtitle != NULL) {
        lo = subtitle_text(pc, page, width_pt, k);
        vk_layout_text_size(lo, NULL, &sh);
        sl = pango_layout_get_line_count(lo);
        g_object_unref(lo);
    }
    /* A line each fits the header as drawn; wrapped lines make room. */
    if (tl <= 1 && sl <= 1)
        return HEADER_H * k;
    return fmax(HEADER_H * k, (page->subtitle != NULL ? *sub_dy + sh : th) +
                                  HEADER_PAD * k);
}

/* The footer's right text: date of the data and projection; NULL when
 * the page has neither. Caller frees. */
static char *
footer_right(const vk_page *page)
{
    const char *crs = page->b->buurten->crs_name;
    char *date, *proj, *both;

    if (crs == NULL && page->date == NULL)
        return NULL;
    if (crs == NULL)
        return vk_text_fill(page->lang, VK_TEXT_DATE, page->date, NULL);
    proj = vk_text_fill(page->lang, VK_TEXT_PROJECTION, crs, NULL);
    if (page->date == NULL)
        return proj;
    date = vk_text_fill(page->lang, VK_TEXT_DATE, page->date, NULL);
    both = vk_xasprintf("%s \xc2\xb7 %s", date, proj);
    free(date);
    free(proj);
    return both;
}

/* The footer: the source line left, date and projection right, each on
 * one line when both fit side by side; else the right one keeps
 * FOOTER_RIGHT of the width (more when the source leaves it) and both
 * wrap. *left (*w[0] wide, from the left edge) and *right may come back
 * NULL; the right one is aligned right in its box, *w[1] wide, ending at
 * the footer's right edge. Returns the footer's height. */
static double
footer_texts(PangoContext *pc, const vk_page *page, double w_pt, double k,
             PangoLayout **left, PangoLayout **right, double w[2])
{
    char *rt = footer_right(page);
    double size = FOOTER_PT * k, gap = w_pt * FOOTER_GAP, lw = 0, rw = 0;
    double lh = 0, rh = 0;

    *left = *right = NULL;
    w[0] = w[1] = 0;
    if (page->source != NULL) {
        PangoLayout *lo = vk_layout_new_text(pc, page->source, size, 0, 0);

        vk_layout_text_size(lo, &lw, NULL);
        g_object_unref(lo);
    }
    if (rt != NULL) {
        PangoLayout *lo = vk_layout_new_text(pc, rt, size, 0, 0);

        vk_layout_text_size(lo, &rw, NULL);
        g_object_unref(lo);
        /* As wide as it is, at least FOOTER_RIGHT of the line, at most
         * what the source leaves (all of it without one). */
        rw = page->source == NULL ? fmin(rw, w_pt)
                                  : fmin(rw, fmax(w_pt * FOOTER_RIGHT,
                                                  w_pt - gap - lw));
        w[1] = rw = fmax(rw, page->source ? w_pt * FOOTER_RIGHT : 0);
        *right = vk_layout_fit_text(pc, rt, size, size, 0, rw);
        pango_layout_set_width(*right, (int)(rw * PANGO_SCALE));
        pango_layout_set_alignment(*right, PANGO_ALIGN_RIGHT);
        vk_layout_text_size(*right, NULL, &rh);
        free(rt);
    }
    if (page->source != NULL) {
        w[0] = rt != NULL ? w_pt - gap - rw : w_pt;
        *left = vk_layout_fit_text(pc, page->source, size, size, 0, w[0]);
        vk_layout_text_size(*left, NULL, &lh);
    }
    return fmax(FOOTER_H * k, fmax(lh, rh));
}

static double
footer_height(PangoContext *pc, const vk_page *page, double w_pt, double k)
{
    PangoLayout *l, *r;
    double fw[2], h = footer_texts(pc, page, w_pt, k, &l, &r, fw);

    if (l != NULL)
        g_object_unref(l);
    if (r != NULL)
        g_object_unref(r);
    return h;
}

static vk_box
box(double x, double y, double w, double h)
{
    return (vk_box){x, y, w, h};
}

/* The tallest legend of the set at width w_pt. */
static double
set_legend_height(PangoContext *pc, const vk_page *set, size_t nset,
                  double w_pt, double k)
{
    double lh = 0;

    for (size_t i = 0; i < nset; i++)
        lh = fmax(lh, legend_height(pc, set[i].legend, set[i].lang, w_pt, k));
    return lh;
}

/* The tallest header and footer of the set at width w_pt. */
static void
set_header_footer(PangoContext *pc, const vk_page *set, size_t nset,
                  double w_pt, double k, double *hh, double *fh)
{
    double dy;

    *hh = HEADER_H * k;
    *fh = FOOTER_H * k;
    for (size_t i = 0; i < nset; i++) {
        *hh = fmax(*hh, vk_layout_header_height(pc, &set[i], w_pt, k, &dy));
        *fh = fmax(*fh, footer_height(pc, &set[i], w_pt, k));
    }
}

/* Lays out one orientation. Portrait: header, map, then a band with the
 * legend left and scale bar + north arrow right, footer. Landscape: the
 * legend column right of the map, scale bar and north arrow at its
 * foot. */
static void
page_boxes(PangoContext *pc, const vk_page *set, size_t nset, vk_paper paper,
           int landscape, vk_page_geom *g)
{
    double m = MARGIN_PT, w, h, cw, top, bottom, lh, hh, fh;
    double k = vk_layout_sheet(paper, landscape, &w, &h);

    memset(g, 0, sizeof *g);
    g->w_pt = w;
    g->h_pt = h;
    g->landscape = landscape;
    g->scale = k;
    cw = w - 2 * m;
    set_header_footer(pc, set, nset, cw, k, &hh, &fh);
    g->header = box(m, m, cw, hh);
    g->footer = box(m, h - m - fh, cw, fh);
    top = m + hh + GAP * k;
    bottom = g->footer.y_pt - GAP * k;

    if (landscape) {
        double col_w = COL_W * k, col_x = w - m - col_w;

        lh = set_legend_height(pc, set, nset, col_w, k);
        g->map = box(m, top, cw - col_w - GAP * k, bottom - top);
        g->legend = box(col_x, top, col_w, lh);
        g->furniture = box(col_x, bottom - FURN_H * k, col_w, FURN_H * k);
    } else {
        double furn_w = FURN_W * k, leg_w = cw - furn_w - GAP * k, band;

        lh = set_legend_height(pc, set, nset, leg_w, k);
        band = fmax(lh, FURN_H * k);
        g->map = box(m, top, cw, bottom - band - GAP * k - top);
        g->legend = box(m, bottom - band, leg_w, lh);
        g->furniture = box(m + cw - furn_w, bottom - FURN_H * k, furn_w,
                           FURN_H * k);
    }
}

double
vk_layout_sheet(vk_paper paper, int landscape, double *w, double *h)
{
    vk_paper_size(paper, w, h);
    if (landscape) {
        double t = *w;

        *w = *h;
        *h = t;
    }
    return paper == VK_PAPER_A3 ? A3_FACTOR : 1.0;
}

/* Fills the view for the map box of g: the area fitted with a margin, at
 * the next round print scale. *fit_scale is the map units per point of
 * the fit before rounding (to compare orientations). */
static void
fit_view(const vk_page *page, const vk_page_geom *g, const vk_bbox *area,
         vk_mapview *view, double *fit_scale)
{
    double s;

    memset(view, 0, sizeof *view);
    view->b = page->b;
    view->fill = page->fill;
    view->hatch = page->hatch;
    view->area = page->area;
    view->wijk_of = page->wijk_of;
    view->x_pt = g->map.x_pt;
    view->y_pt = g->map.y_pt;
    view->w_pt = g->map.w_pt;
    view->h_pt = g->map.h_pt;
    s = vk_render_fit(view, area, AREA_MARGIN);
    *fit_scale = s;

    /* Zoom out to the next round print scale, so the stated scale is the
     * true one; where map units are lengths (metres, feet), not degrees. */
    if (s > 0 && page->b != NULL && page->b->buurten != NULL &&
        !page->b->buurten->crs_geographic) {
        double u = vk_features_unit_m(page->b->buurten);
        double denom = vk_layout_round_scale(s * u / METRES_PER_PT);
        double cx = (view->extent.minx + view->extent.maxx) / 2;
        double cy = (view->extent.miny + view->extent.maxy) / 2;
        double hw = view->w_pt * denom * METRES_PER_PT / u / 2;
        double hh = view->h_pt * denom * METRES_PER_PT / u / 2;

        view->extent = (vk_bbox){cx - hw, cy - hh, cx + hw, cy + hh};
    }
}

/* ---- small multiples ------------------------------------------------- */

vk_box
vk_layout_panel(const vk_page_geom *g, size_t j, vk_box *title)
{
    double gap = PANEL_GAP * g->scale;
    size_t cols = g->panel_cols > 0 ? (size_t)g->panel_cols : 1;
    size_t rows = g->panel_rows > 0 ? (size_t)g->panel_rows : 1;
    double cw = (g->map.w_pt - (double)(cols - 1) * gap) / (double)cols;
    double ch = (g->map.h_pt - (double)(rows - 1) * gap) / (double)rows;
    double x = g->map.x_pt + (double)(j % cols) * (cw + gap);
    double y = g->map.y_pt + (double)(j / cols) * (ch + gap);

    if (title != NULL)
        *title = box(x, y, cw, g->panel_title_h);
    return box(x, y + g->panel_title_h, cw, ch - g->panel_title_h);
}

/* A map's title over it, bold, shrunk and then wrapped to width_pt. */
static PangoLayout *
panel_title_text(PangoContext *pc, const char *title, double width_pt,
                 double k)
{
    return vk_layout_fit_text(pc, title, PANEL_TITLE_PT * k, PANEL_TITLE_MIN_PT * k, 1,
                    width_pt);
}

/* The height of the maps' title line at width_pt: the tallest title. */
static double
panel_title_height(PangoContext *pc, const vk_page *page, double width_pt,
                   double k)
{
    double h = 0;

    for (size_t j = 0; j < page->npanels; j++) {
        PangoLayout *lo = panel_title_text(pc, page->panels[j].title,
                                           width_pt, k);
        double th;

        vk_layout_text_size(lo, NULL, &th);
        g_object_unref(lo);
        h = fmax(h, th);
    }
    return h + PANEL_TITLE_GAP * k;
}

/* Small multiples: of the grids of the page's maps in g's map box (no
 * column left empty), the one that draws the area largest (fewest map
 * units per point before rounding; fewer columns on a tie) goes into g;
 * the view is fitted to map 0's frame. */
static void
fit_panels(PangoContext *pc, const vk_page *page, vk_page_geom *g,
           const vk_bbox *area, vk_mapview *view, double *fit_scale)
{
    size_t n = page->npanels;
    vk_page_geom best = *g;
    vk_mapview bv;
    double bs = 0;

    memset(&bv, 0, sizeof bv);
    for (size_t cols = 1; cols <= n; cols++) {
        size_t rows = (n + cols - 1) / cols;
        vk_page_geom t = *g, fit;
        vk_mapview v;
        double s, cw;

        if (cols > 1 && (cols - 1) * rows >= n)
            continue;
        t.panel_cols = (int)cols;
        t.panel_rows = (int)rows;
        cw = (g->map.w_pt - (double)(cols - 1) * PANEL_GAP * g->scale) /
             (double)cols;
        t.panel_title_h = panel_title_height(pc, page, cw, g->scale);
        fit = t;
        fit.map = vk_layout_panel(&t, 0, NULL);
        if (fit.map.w_pt <= 0 || fit.map.h_pt <= 0)
            continue;
        fit_view(page, &fit, area, &v, &s);
        if (cols == 1 || (s > 0 && s < bs * (1 - 1e-9))) {
            bs = s;
            best = t;
            bv = v;
        }
    }
    *g = best;
    *view = bv;
    *fit_scale = bs;
}

/* The view of a page's map (map 0's of small multiples) in g, which
 * fit_panels completes. */
static void
fit_page(PangoContext *pc, const vk_page *page, vk_page_geom *g,
         const vk_bbox *area, vk_mapview *view, double *fit_scale)
{
    if (page->npanels > 0)
        fit_panels(pc, page, g, area, view, fit_scale);
    else
        fit_view(page, g, area, view, fit_scale);
}

double
vk_layout_round_scale(double denom)
{
    /* 1:10.000, 1:12.500, 1:15.000, 1:20.000, 1:25.000, 1:30.000,
     * 1:40.000, 1:50.000, 1:60.000, 1:75.000, 1:100.000, ...: the map
     * shrinks by at most a quarter to reach the next one. */
    static const double steps[] = {1.0, 1.25, 1.5, 2.0, 2.5, 3.0,
                                   4.0, 5.0, 6.0, 7.5};
    double p;

    if (!(denom > 0) || !isfinite(denom))
        return denom;
    p = pow(10, floor(log10(denom)));
    for (;; p *= 10) {
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
            /* A relative tolerance keeps 1:25.000 from becoming 1:50.000
             * through rounding in the fit. */
            if (steps[i] * p >= denom * (1 - 1e-9))
                return steps[i] * p;
        }
    }
}

/* The boxes of a set's pages in each orientation, measured once for all
 * the pages of a document (their legends and texts laid out each time
 * made a nine-page document measure 162 legends). */
typedef struct set_boxes {
    int have[2];        /* [landscape] */
    vk_page_geom g[2];
} set_boxes;

static const vk_page_geom *
boxes_of(PangoContext *pc, const vk_page *set, size_t nset, vk_paper paper,
         int landscape, set_boxes *sb)
{
    if (!sb->have[landscape]) {
        page_boxes(pc, set, nset, paper, landscape, &sb->g[landscape]);
        sb->have[landscape] = 1;
    }
    return &sb->g[landscape];
}

static vk_status
geometry(PangoContext *pc, const vk_page *page, const vk_page_opts *opts,
         set_boxes *sb, vk_page_geom *geom, vk_mapview *view, vk_error *err)
{
    vk_page_geom gp, gl;
    vk_mapview vp, vl;
    vk_bbox area;
    double sp = 0, sl = 0;
    const vk_page *set = opts->set != NULL ? opts->set : page;
    size_t nset = opts->set != NULL ? opts->nset : 1;

    if (page->b == NULL || page->b->buurten == NULL)
        return VK_FAIL(err, VK_EINTERNAL, "page without buurten");
    area = area_bbox(page);
    if (vk_bbox_empty(&area)) {
        VK_FAIL_AT(err, VK_EDATA, page->b->buurten->path, 0,
                   "no buurten of gemeente %s",
                   page->area ? page->area->id : "(any)");
        vk_error_hint(err, "check --area: a gemeentecode such as GM0363 "
                           "that occurs in the boundaries");
        return VK_EDATA;
    }

    /* Either orientation as asked; when free, the one that draws the area
     * larger (fewer map units per point before rounding to a print scale),
     * portrait on a tie. For areas clearly wider than tall that is
     * landscape. */
    if (opts->landscape != 1) {
        gp = *boxes_of(pc, set, nset, opts->paper, 0, sb);
        fit_page(pc, page, &gp, &area, &vp, &sp);
    }
    if (opts->landscape != 0) {
        gl = *boxes_of(pc, set, nset, opts->paper, 1, sb);
        fit_page(pc, page, &gl, &area, &vl, &sl);
    }
    if (opts->landscape == 0 || (opts->landscape == -1 && sp <= sl)) {
        *geom = gp;
        *view = vp;
    } else {
        *geom = gl;
        *view = vl;
    }
    return VK_OK;
}

vk_status
vk_layout_geometry(const vk_page *page, const vk_page_opts *opts,
                   vk_page_geom *geom, vk_mapview *view, vk_error *err)
{
    PangoContext *pc = vk_layout_text_context();
    vk_page_geom g;
    vk_mapview v;
    set_boxes sb;
    vk_status st;

    memset(&sb, 0, sizeof sb);
    st = geometry(pc, page, opts, &sb, &g, &v, err);

    g_object_unref(pc);
    if (st != VK_OK)
        return st;
    *geom = g;
    *view = v;
    return VK_OK;
}

/* ---- drawing --------------------------------------------------------- */

/* Draws lo with its top-left corner at (x, y), tells doc->on_text what
 * was drawn (width_pt: the width the text was given, 0 for none) and
 * unrefs lo. */
void
vk_layout_show_text(cairo_t *cr, const vk_layout_doc *doc, PangoLayout *lo, double x,
          double y, double width_pt, unsigned rgb)
{
    vk_render_set_hex(cr, rgb, 1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, lo);
    if (doc->on_text != NULL) {
        const PangoFontDescription *fd = pango_layout_get_font_description(lo);
        vk_text_drawn t = {
            .text = pango_layout_get_text(lo),
            .size_pt = (double)pango_font_description_get_size(fd) /
                       PANGO_SCALE,
            .width_pt = width_pt,
            .x_pt = x,
            .y_pt = y,
            .w_pt = widest_line(lo),
            .lines = pango_layout_get_line_count(lo),
            .ellipsized = pango_layout_is_ellipsized(lo),
        };

        vk_layout_text_size(lo, NULL, &t.h_pt);
        doc->on_text(doc->text_ctx, &t);
    }
    g_object_unref(lo);
}

void
vk_layout_draw_header(cairo_t *cr, const vk_layout_doc *doc, const vk_page *page,
            const vk_page_geom *g)
{
    const vk_box *b = &g->header;
    double k = g->scale, sub_dy;

    vk_layout_header_height(doc->pc, page, b->w_pt, k, &sub_dy);
    if (page->title != NULL)
        vk_layout_show_text(cr, doc, title_text(doc->pc, page, b->w_pt, k), b->x_pt,
                  b->y_pt, b->w_pt, 0x000000);
    if (page->subtitle != NULL)
        vk_layout_show_text(cr, doc, subtitle_text(doc->pc, page, b->w_pt, k),
                  b->x_pt, b->y_pt + sub_dy, b->w_pt, 0x333333);
}

void
vk_layout_swatch(cairo_t *cr, double x, double y, double w, double h,
                 vk_rgba color, int hatch, double k)
{
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a);
    cairo_fill_preserve(cr);
    if (hatch) {
        vk_render_hatch(cr, vk_cartography.hatch_spacing_pt * k);
        cairo_rectangle(cr, x, y, w, h);
    }
    vk_render_set_hex(cr, 0x777777, 1);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

/* One legend row: swatch with a thin outline (so white classes show),
 * label, and the count in grey. Returns the row's height. */
static double
draw_legend_row(cairo_t *cr, const vk_layout_doc *doc, const vk_legend *l,
                size_t i, vk_lang lang, double x, double y, double w,
                double k)
{
    const vk_legend_entry *e = &l->e[i];
    PangoLayout *lo = legend_row_text(doc->pc, l, e, lang, w, k);
    double th, row_h;

    vk_layout_text_size(lo, NULL, &th);
    row_h = legend_row_height(th, k);
    vk_layout_swatch(cr, x + 0.25, y + (row_h - LEG_SWATCH_H * k) / 2,
                     LEG_SWATCH_W * k - 0.5, LEG_SWATCH_H * k, e->color,
                     e->hatch, k);
    vk_layout_show_text(cr, doc, lo, x + LEG_TEXT_DX * k, y + (row_h - th) / 2,
              w - LEG_TEXT_DX * k, 0x000000);
    return row_h;
}

/* The bivariate grid: "↑ y title", cells from the bottom left with their
 * counts, "x title →". Returns the height used. */
static double
draw_grid(cairo_t *cr, const vk_layout_doc *doc, const vk_legend *l,
          vk_lang lang, double x, double y, double w, double k)
{
    double cs = GRID_CELL * k, th, yh, xh, top;

    grid_axis_heights(doc->pc, l, w, k, &yh, &xh);
    top = y + yh;
    vk_layout_show_text(cr, doc, grid_axis_text(doc->pc, l->y_title, 1, w, k), x, y, w,
              0x333333);
    for (int iy = 0; iy < l->grid_rows; iy++) {
        for (int ix = 0; ix < l->grid_cols; ix++) {
            const vk_legend_entry *e = &l->e[iy * l->grid_cols + ix];
            double cx = x + ix * cs, cy = top + (l->grid_rows - 1 - iy) * cs;
            double lum = 0.2126 * e->color.r + 0.7152 * e->color.g +
                         0.0722 * e->color.b;
            char count[40];
            PangoLayout *lo;
            double tw;

            cairo_rectangle(cr, cx, cy, cs, cs);
            cairo_set_source_rgba(cr, e->color.r, e->color.g, e->color.b,
                                  e->color.a);
            cairo_fill_preserve(cr);
            vk_render_set_hex(cr, 0xffffff, 1);
            cairo_set_line_width(cr, 0.75);
            cairo_stroke(cr);
            /* The count, in black or white as the cell needs; a long one
             * shrinks to the cell. */
            if (l->no_counts)
                continue;
            vk_format_number(lang, (double)e->count, 0, count, sizeof count);
            lo = vk_layout_fit_text(doc->pc, count, GRID_COUNT_PT * k, 0, 0,
                          cs - 2 * k);
            vk_layout_text_size(lo, &tw, &th);
            vk_layout_show_text(cr, doc, lo, cx + (cs - tw) / 2, cy + (cs - th) / 2,
                      cs - 2 * k, lum < 0.45 ? 0xffffff : 0x000000);
        }
    }
    vk_layout_show_text(cr, doc, grid_axis_text(doc->pc, l->x_title, 0, w, k), x,
              top + l->grid_rows * cs + GRID_X_DY * k, w, 0x333333);
    return yh + l->grid_rows * cs + xh + LEG_TITLE_GAP * k;
}

static void
draw_legend(cairo_t *cr, const vk_layout_doc *doc, const vk_page *page,
            const vk_page_geom *g)
{
    const vk_legend *l = page->legend;
    const vk_box *b = &g->legend;
    double k = g->scale, y = b->y_pt, th;

    if (l == NULL)
        return;
    if (l->title != NULL && l->title[0] != '\0') {
        PangoLayout *lo = vk_layout_fit_text(doc->pc, l->title, LEG_TITLE_PT * k,
                                   LEG_TITLE_PT * k, 1, b->w_pt);

        vk_layout_text_size(lo, NULL, &th);
        vk_layout_show_text(cr, doc, lo, b->x_pt, y, b->w_pt, 0x000000);
        y += th + LEG_TITLE_GAP * k;
    }
    if (grid_cells(l) > 0)
        y += draw_grid(cr, doc, l, page->lang, b->x_pt, y, b->w_pt, k);
    for (size_t i = grid_cells(l); i < l->n; i++)
        y += draw_legend_row(cr, doc, l, i, page->lang, b->x_pt, y, b->w_pt,
                             k);
}

/* Largest 1, 2 or 5 times a power of ten not above v (v > 0). */
static double
nice_floor(double v)
{
    double p = pow(10, floor(log10(v)));

    if (5 * p <= v)
        return 5 * p;
    if (2 * p <= v)
        return 2 * p;
    return p;
}

/* Scale bar at the left of the furniture box: four alternating segments
 * of a round length, "0" and the length in m or km above. Only for a
 * projected CRS; s is in metres per point whatever its unit. */
static void
draw_scale_bar(cairo_t *cr, const vk_layout_doc *doc, vk_lang lang,
               const vk_page_geom *g, const vk_mapview *v, double max_w_pt)
{
    double k = g->scale, s, len_m, len_pt, x, y;
    char label[48];
    PangoLayout *lo;
    double tw, th;

    if (v->b->buurten->crs_geographic || max_w_pt <= 0)
        return;
    s = vk_render_scale(v) * vk_features_unit_m(v->b->buurten);
    if (!(s > 0))
        return;
    len_m = nice_floor(max_w_pt * s);
    if (len_m < 1)
        return;
    len_pt = len_m / s;
    x = g->furniture.x_pt;
    y = g->furniture.y_pt + g->furniture.h_pt - SCALE_BAR_H * k - 2 * k;

    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + len_pt * i / 4, y, len_pt / 4,
                        SCALE_BAR_H * k);
        vk_render_set_hex(cr, i % 2 ? 0xffffff : 0x333333, 1);
        cairo_fill(cr);
    }
    cairo_rectangle(cr, x, y, len_pt, SCALE_BAR_H * k);
    vk_render_set_hex(cr, 0x333333, 1);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);

    /* Labels above the ends of the bar. */
    if (len_m >= 1000)
        snprintf(label, sizeof label, "%.0f km", len_m / 1000);
    else
        snprintf(label, sizeof label, "%.0f m", len_m);
    lo = vk_layout_new_text(doc->pc, "0", SCALE_PT * k, 0, 0);
    vk_layout_text_size(lo, &tw, &th);
    vk_layout_show_text(cr, doc, lo, x - tw / 2, y - th - 1.5 * k, 0, 0x333333);
    lo = vk_layout_new_text(doc->pc, label, SCALE_PT * k, 0, 0);
    vk_layout_text_size(lo, &tw, &th);
    vk_layout_show_text(cr, doc, lo, x + len_pt - tw / 2, y - th - 1.5 * k, 0,
              0x333333);

    /* The print scale itself, "Schaal 1:25.000", above. */
    {
        char num[48], *text;

        vk_format_number(lang, s / METRES_PER_PT, 0, num, sizeof num);
        text = vk_text_fill(lang, VK_TEXT_SCALE, num, NULL);
        lo = vk_layout_new_text(doc->pc, text, SCALE_PT * k, 0, 0);
        free(text);
        vk_layout_show_text(cr, doc, lo, x, y - 2 * th - 3.5 * k, 0, 0x333333);
    }
}

/* North arrow at the right of the furniture box: a split arrowhead, left
 * half dark, with an "N" above. The map is drawn north up. */
static void
draw_north_arrow(cairo_t *cr, const vk_layout_doc *doc,
                 const vk_page_geom *g)
{
    double k = g->scale, w = ARROW_W * k, h = ARROW_H * k;
    double cx = g->furniture.x_pt + g->furniture.w_pt - w / 2 - 2 * k;
    double bot = g->furniture.y_pt + g->furniture.h_pt - 2 * k;
    double top = bot - h, tw, th;
    PangoLayout *lo;

    cairo_move_to(cr, cx, top);
    cairo_line_to(cr, cx - w / 2, bot);
    cairo_line_to(cr, cx, bot - h * 0.28);
    cairo_close_path(cr);
    vk_render_set_hex(cr, 0x333333, 1);
    cairo_fill(cr);
    cairo_move_to(cr, cx, top);
    cairo_line_to(cr, cx - w / 2, bot);
    cairo_line_to(cr, cx, bot - h * 0.28);
    cairo_line_to(cr, cx + w / 2, bot);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);

    lo = vk_layout_new_text(doc->pc, "N", 9 * k, 1, 0);
    vk_layout_text_size(lo, &tw, &th);
    vk_layout_show_text(cr, doc, lo, cx - tw / 2, top - th, 0, 0x333333);
}

static void
draw_footer(cairo_t *cr, const vk_layout_doc *doc, const vk_page *page,
            const vk_page_geom *g)
{
    const vk_box *b = &g->footer;
    PangoLayout *left, *right;
    double fw[2];

    footer_texts(doc->pc, page, b->w_pt, g->scale, &left, &right, fw);
    if (left != NULL)
        vk_layout_show_text(cr, doc, left, b->x_pt, b->y_pt, fw[0], 0x444444);
    if (right != NULL)
        vk_layout_show_text(cr, doc, right, b->x_pt + b->w_pt - fw[1], b->y_pt, fw[1],
                  0x444444);
}

/* The small map of all gemeenten with this one in red, left of the north
 * arrow. */
static void
draw_overview(cairo_t *cr, vk_layout_doc *doc, const vk_page *page,
              const vk_page_geom *g)
{
    double k = g->scale, w = OVERVIEW_W * k, h = g->furniture.h_pt - 2 * k;
    double x = g->furniture.x_pt + g->furniture.w_pt - (ARROW_W + 12) * k - w;

    if (page->b == NULL || page->b->gemeenten == NULL)
        return;
    vk_render_overview(cr, doc->render, page->b, page->area, x,
                       g->furniture.y_pt, w, h);
}

/* The thin grey frame around a map. */
static void
draw_frame(cairo_t *cr, const vk_box *b)
{
    cairo_rectangle(cr, b->x_pt, b->y_pt, b->w_pt, b->h_pt);
    vk_render_set_hex(cr, 0x888888, 1);
    cairo_set_line_width(cr, FRAME_LINE_PT);
    cairo_stroke(cr);
}

/* The maps of small multiples, each with its title over its frame: map
 * 0's view moved to each frame, so that in a PDF what the maps share is
 * recorded once (the render context's parts match the view). */
static vk_status
draw_panels(cairo_t *cr, vk_layout_doc *doc, const vk_page *page,
            const vk_page_geom *g, const vk_mapview *view, vk_error *err)
{
    for (size_t j = 0; j < page->npanels; j++) {
        const vk_panel *p = &page->panels[j];
        vk_box tb, m = vk_layout_panel(g, j, &tb);
        vk_mapview v = *view;
        vk_status rc;

        v.fill = p->fill;
        v.hatch = p->hatch;
        vk_layout_show_text(cr, doc, panel_title_text(doc->pc, p->title, tb.w_pt,
                                            g->scale),
                  tb.x_pt, tb.y_pt, tb.w_pt, 0x000000);
        cairo_save(cr);
        cairo_translate(cr, m.x_pt - view->x_pt, m.y_pt - view->y_pt);
        rc = vk_render_map(cr, doc->render, &v, err);
        cairo_restore(cr);
        if (rc != VK_OK)
            return VK_ERENDER;
        draw_frame(cr, &m);
    }
    return VK_OK;
}

/* Draws one page on cr in points. Returns VK_OK or VK_ERENDER. */
static vk_status
draw_page(cairo_t *cr, vk_layout_doc *doc, const vk_page *page,
          const vk_page_geom *g, const vk_mapview *view, vk_error *err)
{
    cairo_status_t st;

    /* The text context is not updated for cr: text is laid out in points
     * on every surface (vk_layout_text_context). */
    vk_layout_draw_header(cr, doc, page, g);
    if (page->npanels > 0) {
        if (draw_panels(cr, doc, page, g, view, err) != VK_OK)
            return VK_ERENDER;
    } else {
        if (vk_render_map(cr, doc->render, view, err) != VK_OK)
            return VK_ERENDER;
        /* Buurt labels over the map, clipped to its frame (labels.c). */
        if (vk_layout_draw_labels(cr, doc, page, g, view, err) != VK_OK)
            return VK_ERENDER;
        draw_frame(cr, &g->map);
    }
    draw_legend(cr, doc, page, g);
    draw_scale_bar(cr, doc, page->lang, g, view,
                   g->furniture.w_pt - (ARROW_W + OVERVIEW_W + 34) * g->scale);
    draw_overview(cr, doc, page, g);
    draw_north_arrow(cr, doc, g);
    draw_footer(cr, doc, page, g);

    st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing the page failed: %s",
                       cairo_status_to_string(st));
    return VK_OK;
}

/* ---- output ---------------------------------------------------------- */

/* cairo's PDF stream goes into the atomic temporary; a failed write is
 * recorded (naming the file) and stops cairo. */
typedef struct pdf_sink {
    vk_atomic *a;
    vk_error *err;
} pdf_sink;

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
    pdf_sink *s = closure;

    if (vk_atomic_write(s->a, data, length, s->err) != VK_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    return CAIRO_STATUS_SUCCESS;
}

static int
same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Appends ", " and the texts of the pages (title, or area name) that no
 * earlier page has. */
static void
append_distinct(vk_strbuf *sb, const vk_page *pages, size_t npages,
                int names)
{
    for (size_t i = 0; i < npages; i++) {
        const char *w = names ? pages[i].area_name : pages[i].title;
        int seen = w == NULL;

        for (size_t j = 0; j < i && !seen; j++)
            seen = same_text(w, names ? pages[j].area_name : pages[j].title);
        if (!seen)
            vk_strbuf_appendf(sb, "%s%s", sb->len > 0 ? ", " : "", w);
    }
}

/* Document info. One page: title "layer \u2013 subtitle", subject the
 * subtitle. Several: title the areas' names, subject the layers' titles.
 * Keywords: veerkracht, the areas, the layers. Dates are set to "", which
 * makes cairo 1.16 leave out /CreationDate and /ModDate: otherwise it
 * writes the current time and identical maps would differ byte for byte. */
static void
pdf_metadata(cairo_surface_t *s, const vk_page *pages, size_t npages)
{
    const vk_page *p = &pages[0];
    vk_strbuf t = {0}, sub = {0}, kw = {0};

    if (npages == 1 || p->area_name == NULL) {
        vk_strbuf_append(&t, p->title != NULL ? p->title : "");
        if (p->subtitle != NULL)
            vk_strbuf_appendf(&t, "%s%s", p->title ? " \u2013 " : "",
                              p->subtitle);
        vk_strbuf_append(&sub, p->subtitle != NULL ? p->subtitle : "");
    } else {
        append_distinct(&t, pages, npages, 1);
        append_distinct(&sub, pages, npages, 0);
    }
    vk_strbuf_append(&kw, "veerkracht");
    append_distinct(&kw, pages, npages, 1);
    append_distinct(&kw, pages, npages, 0);
    if (t.len > 0)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, t.s);
    if (sub.len > 0)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, sub.s);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, kw.s);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "veerkracht");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "");
    vk_strbuf_free(&t);
    vk_strbuf_free(&sub);
    vk_strbuf_free(&kw);
}

/* Bookmarks: an item per page with its layer title; when the pages are of
 * more than one area, an open item per area (its name) holds its pages. */
static void
pdf_outline(cairo_surface_t *s, const vk_page *pages, size_t npages,
            const char *table_bookmark)
{
    int by_area = 0, parent = CAIRO_PDF_OUTLINE_ROOT;

    for (size_t i = 1; i < npages; i++)
        if (!vk_area_same(pages[i].area, pages[0].area))
            by_area = 1;
    for (size_t i = 0; i < npages; i++) {
        char link[32];

        snprintf(link, sizeof link, "page=%zu", i + 1);
        if (by_area && (i == 0 || !vk_area_same(pages[i].area,
                                                pages[i - 1].area)))
            parent = cairo_pdf_surface_add_outline(
                s, CAIRO_PDF_OUTLINE_ROOT,
                pages[i].area_name != NULL ? pages[i].area_name
                : pages[i].area != NULL    ? pages[i].area->id
                                           : "",
                link, CAIRO_PDF_OUTLINE_FLAG_OPEN);
        cairo_pdf_surface_add_outline(
            s, parent, pages[i].title != NULL ? pages[i].title : "", link, 0);
    }
    /* The table's first page, with the area's pages. */
    if (table_bookmark != NULL) {
        char link[32];

        snprintf(link, sizeof link, "page=%zu", npages + 1);
        cairo_pdf_surface_add_outline(s, parent, table_bookmark, link, 0);
    }
}

/* The table after the maps, laid out for the whole document. */
typedef struct doc_table {
    const vk_tablepage *t; /* NULL: none */
    vk_table_geom *g;
} doc_table;

static vk_status
write_pdf(vk_atomic *a, vk_layout_doc *doc, const vk_page *pages,
          const vk_page_geom *geoms, const vk_mapview *views, size_t npages,
          const doc_table *dt, vk_error *err)
{
    size_t ntable = dt->t != NULL ? vk_layout_table_npages(dt->g) : 0;
    pdf_sink sink = {a, err};
    cairo_surface_t *s;
    cairo_status_t st;
    vk_status rc = VK_OK;

    s = cairo_pdf_surface_create_for_stream(pdf_write, &sink, geoms[0].w_pt,
                                            geoms[0].h_pt);
    pdf_metadata(s, pages, npages);
    pdf_outline(s, pages, npages, ntable > 0 ? dt->t->bookmark : NULL);

    /* One PDF page per vk_page, each in its own size and orientation. */
    for (size_t i = 0; i < npages && rc == VK_OK; i++) {
        cairo_t *cr;

        cairo_pdf_surface_set_size(s, geoms[i].w_pt, geoms[i].h_pt);
        cr = cairo_create(s);
        rc = draw_page(cr, doc, &pages[i], &geoms[i], &views[i], err);
        cairo_show_page(cr);
        cairo_destroy(cr);
    }
    for (size_t k = 0; k < ntable && rc == VK_OK; k++) {
        double w, h;
        cairo_t *cr;

        vk_layout_table_size(dt->g, &w, &h);
        cairo_pdf_surface_set_size(s, w, h);
        cr = cairo_create(s);
        rc = vk_layout_draw_table(cr, doc, dt->t, dt->g, k, err);
        cairo_show_page(cr);
        cairo_destroy(cr);
    }

    /* Finishing writes fonts and the trailer; write errors surface here. */
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (rc == VK_OK && st != CAIRO_STATUS_SUCCESS)
        rc = VK_FAIL_AT(err, VK_ERENDER, a->path, 0,
                        "writing the PDF failed: %s",
                        cairo_status_to_string(st));
    if (rc == VK_OK && npages + ntable > 1)
        rc = vk_layout_pdf_open_outline(a, err);
    return rc;
}

/* Turns cairo's native-endian premultiplied ARGB32 into straight RGBA
 * bytes in place (same 4 bytes a pixel, same stride). */
void
vk_layout_argb_to_rgba(unsigned char *data, int w, int h, int stride)
{
    for (int y = 0; y < h; y++) {
        unsigned char *p = data + (size_t)y * (size_t)stride;

        for (int x = 0; x < w; x++, p += 4) {
            uint32_t px;
            unsigned a, c[3];

            memcpy(&px, p, 4);
            a = px >> 24;
            c[0] = (px >> 16) & 0xff;
            c[1] = (px >> 8) & 0xff;
            c[2] = px & 0xff;
            for (int i = 0; i < 3; i++)
                p[i] = (unsigned char)(a == 0 ? 0 : (c[i] * 255 + a / 2) / a);
            p[3] = (unsigned char)a;
        }
    }
}

cairo_surface_t *
vk_layout_image(const char *path, double w_pt, double h_pt, double dpi,
                const char *what, cairo_t **cr, vk_error *err)
{
    double k = dpi / 72, px_w = round(w_pt * k), px_h = round(h_pt * k);
    cairo_surface_t *s;

    if (px_w > MAX_SIDE_PX || px_h > MAX_SIDE_PX) {
        VK_FAIL_AT(err, VK_EUSAGE, path, 0,
                   "a %s of %.0f x %.0f pixels at %g dpi is more than "
                   "the %d a side that can be drawn", what, px_w, px_h, dpi,
                   MAX_SIDE_PX);
        vk_error_hint(err, "lower --dpi or write a PDF");
        return NULL;
    }
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)px_w,
                                   (int)px_h);
    *cr = cairo_create(s);
    cairo_scale(*cr, k, k);
    cairo_set_source_rgb(*cr, 1, 1, 1);
    cairo_paint(*cr);
    return s;
}

vk_status
vk_layout_check_dpi(double dpi, vk_error *err)
{
    if (dpi <= MAX_DPI)
        return VK_OK;
    VK_FAIL(err, VK_EUSAGE, "--dpi %g is out of range", dpi);
    vk_error_hint(err, "use a value from 1 to %.0f, such as 300", MAX_DPI);
    return VK_EUSAGE;
}

vk_status
vk_layout_png_encode(vk_atomic *a, cairo_surface_t *s, double dpi,
                     vk_error *err)
{
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);

    vk_layout_argb_to_rgba(data, w, h, stride);
    return vk_png_write_rgba(a->fp, a->path, data, w, h, (size_t)stride, dpi,
                             err);
}

/* Draws the page, or with map_only its map frame alone, into a new image
 * surface at dpi (white paper). *gt gets the frame's georeference: the
 * map coordinates of the top-left pixel corner and the pixel size. */
static vk_status
raster(vk_layout_doc *doc, const vk_page *page, const vk_page_geom *g,
       const vk_mapview *view, double dpi, int map_only, const char *path,
       cairo_surface_t **out, double gt[6], vk_error *err)
{
    double k = dpi / 72;
    double w_pt = map_only ? g->map.w_pt : g->w_pt;
    double h_pt = map_only ? g->map.h_pt : g->h_pt;
    double s_map = vk_render_scale(view);
    cairo_surface_t *s;
    cairo_status_t st;
    cairo_t *cr;
    vk_status rc = VK_OK;

    /* Draw in points on white paper, scaled to the density; the map alone
     * with the frame's corner at the origin. */
    if ((s = vk_layout_image(path, w_pt, h_pt, dpi, map_only ? "map" : "page",
                             &cr, err)) == NULL)
        return VK_EUSAGE;
    if (map_only) {
        cairo_translate(cr, -g->map.x_pt, -g->map.y_pt);
        rc = vk_render_map(cr, doc->render, view, err);
        if (rc == VK_OK)
            rc = vk_layout_draw_labels(cr, doc, page, g, view, err);
    } else {
        rc = draw_page(cr, doc, page, g, view, err);
    }
    cairo_destroy(cr);
    cairo_surface_flush(s);
    st = cairo_surface_status(s);
    if (rc == VK_OK && st != CAIRO_STATUS_SUCCESS)
        rc = VK_FAIL_AT(err, VK_ERENDER, path, 0, "drawing the image failed: %s",
                        cairo_status_to_string(st));
    if (rc != VK_OK) {
        cairo_surface_destroy(s);
        return rc;
    }
    /* The frame's top-left corner is the extent's; a pixel is s_map / k
     * map units (the extent fills the frame: vk_render_fit). */
    gt[0] = (view->extent.minx + view->extent.maxx) / 2 -
            g->map.w_pt / 2 * s_map;
    gt[1] = s_map / k;
    gt[2] = 0;
    gt[3] = (view->extent.miny + view->extent.maxy) / 2 +
            g->map.h_pt / 2 * s_map;
    gt[4] = 0;
    gt[5] = -s_map / k;
    *out = s;
    return VK_OK;
}

static vk_status
write_image(vk_atomic *a, const char *path, vk_layout_doc *doc,
            const vk_page *page, const vk_page_geom *g,
            const vk_mapview *view, double dpi, vk_format fmt, vk_error *err)
{
    cairo_surface_t *s = NULL;
    double gt[6];
    unsigned char *data;
    int stride, w, h;
    vk_status rc = raster(doc, page, g, view, dpi, fmt != VK_FORMAT_PNG,
                          path, &s, gt, err);

    if (rc != VK_OK)
        return rc;
    /* Encode straight from the surface's memory. */
    if (fmt == VK_FORMAT_MAP_TIF) {
        data = cairo_image_surface_get_data(s);
        stride = cairo_image_surface_get_stride(s);
        w = cairo_image_surface_get_width(s);
        h = cairo_image_surface_get_height(s);
        vk_layout_argb_to_rgba(data, w, h, stride);
        rc = vk_geotiff_write(path, data, w, h, (size_t)stride, gt,
                              page->b->buurten->crs_wkt, dpi, err);
    } else {
        rc = vk_layout_png_encode(a, s, dpi, err);
    }
    cairo_surface_destroy(s);
    return rc;
}

vk_page
vk_layout_page(const vk_boundaries *b, const vk_paint *p,
               vk_label_mode labels)
{
    return (vk_page){
        .b = b,
        .fill = p->fill,
        .hatch = p->hatch,
        .area = p->area,
        .area_name = p->area != NULL ? vk_area_name(p->area, p->style->lang)
                                     : NULL,
        .title = p->style->title,
        .subtitle = p->subtitle,
        .legend = p->legend,
        .source = p->source,
        .date = p->style->date,
        .lang = p->style->lang,
        .labels = labels,
        .wijk_of = p->layer->wijk != NULL ? p->layer->wijk->of : NULL,
    };
}

vk_page
vk_layout_page_years(const vk_boundaries *b, vk_paint *const *p, size_t n,
                     vk_panel *panels)
{
    vk_page page = vk_layout_page(b, p[0], VK_LABELS_NONE);

    for (size_t j = 0; j < n; j++)
        panels[j] = (vk_panel){p[j]->year, p[j]->fill, p[j]->hatch};
    if (p[0]->legend_years != NULL)
        page.legend = p[0]->legend_years;
    page.panels = panels;
    page.npanels = n;
    return page;
}

static vk_status write_doc(const char *out_path, const vk_page *pages,
                           size_t npages, const vk_tablepage *table,
                           const vk_page_opts *opts, size_t *written,
                           vk_text_hook *on_text, void *ctx, vk_error *err);

vk_status
vk_layout_write(const char *out_path, const vk_page *pages, size_t npages,
                const vk_page_opts *opts, vk_error *err)
{
    return write_doc(out_path, pages, npages, NULL, opts, NULL, NULL, NULL,
                     err);
}

vk_status
vk_layout_write_doc(const char *out_path, const vk_page *pages,
                    size_t npages, const vk_tablepage *table,
                    const vk_page_opts *opts, size_t *written, vk_error *err)
{
    return write_doc(out_path, pages, npages, table, opts, written, NULL,
                     NULL, err);
}

vk_status
vk_layout_write_traced(const char *out_path, const vk_page *pages,
                       size_t npages, const vk_page_opts *opts,
                       vk_text_hook *on_text, void *ctx, vk_error *err)
{
    return write_doc(out_path, pages, npages, NULL, opts, NULL, on_text, ctx,
                     err);
}

static vk_status
write_doc(const char *out_path, const vk_page *pages, size_t npages,
          const vk_tablepage *table, const vk_page_opts *opts,
          size_t *written, vk_text_hook *on_text, void *ctx, vk_error *err)
{
    doc_table dt = {NULL, NULL};
    double dpi = opts->dpi > 0 ? opts->dpi : DEFAULT_DPI;
    vk_page_opts set_opts = *opts;
    set_boxes boxes;
    vk_page_geom *geoms = NULL;
    vk_mapview *views = NULL;
    PangoContext *pc = NULL;
    vk_layout_doc doc = {0};
    vk_atomic a = {0};
    vk_status rc = VK_OK;

    /* Check the request before any work. */
    if (npages == 0)
        return VK_FAIL(err, VK_EINTERNAL, "no pages to write");
    if (opts->format != VK_FORMAT_PDF && npages != 1) {
        VK_FAIL_AT(err, VK_EUSAGE, out_path, 0,
                   "a %s holds one map, not %zu",
                   opts->format == VK_FORMAT_MAP_TIF ? "GeoTIFF" : "PNG",
                   npages);
        vk_error_hint(err, "write a PDF for several pages");
        return VK_EUSAGE;
    }
    if (opts->format != VK_FORMAT_PDF &&
        vk_layout_check_dpi(dpi, err) != VK_OK)
        return VK_EUSAGE;

    /* Lay out every page, then write them to a temporary file. The pages
     * share one legend space unless a set says otherwise. */
    if (set_opts.set == NULL) {
        set_opts.set = pages;
        set_opts.nset = npages;
    }
    pc = vk_layout_text_context();
    memset(&boxes, 0, sizeof boxes);
    /* What the pages share lives as long as the document. */
    doc = (vk_layout_doc){pc, vk_render_ctx_create(),
                          vk_layout_labels_create(), on_text, ctx};
    geoms = vk_xcalloc(npages, sizeof *geoms);
    views = vk_xcalloc(npages, sizeof *views);
    for (size_t i = 0; i < npages && rc == VK_OK; i++)
        rc = geometry(pc, &pages[i], &set_opts, &boxes, &geoms[i],
                      &views[i], err);
    /* What the pages show is read now, where it was left for later. */
    for (size_t i = 0; i < npages && rc == VK_OK && opts->load != NULL; i++)
        if (i == 0 || memcmp(&views[i].extent, &views[i - 1].extent,
                             sizeof views[i].extent) != 0)
            rc = opts->load(opts->load_ctx, &views[i].extent, err);
    /* The labels are placed while the first page's map is drawn, when a
     * core is free for it: the pages of a document share one view (a set),
     * so one placement serves all. Any format: text is measured in points
     * on every surface (vk_layout_text_context), in the thread as here. */
    if (rc == VK_OK && opts->place_ahead)
        vk_layout_labels_start(doc.labels, &pages[0], &geoms[0], &views[0]);
    /* GDAL writes the GeoTIFF, through its own temporary name. */
    if (rc == VK_OK && opts->format == VK_FORMAT_MAP_TIF) {
        rc = write_image(NULL, out_path, &doc, &pages[0], &geoms[0],
                         &views[0], dpi, opts->format, err);
        goto cleanup;
    }
    if (rc == VK_OK)
        rc = vk_atomic_open(&a, out_path, err);
    if (rc != VK_OK)
        goto cleanup;
    if (opts->format != VK_FORMAT_PDF)
        rc = write_image(&a, out_path, &doc, &pages[0], &geoms[0],
                         &views[0], dpi, opts->format, err);
    else {
        if (table != NULL) {
            dt.t = table;
            dt.g = vk_layout_table_geom(pc, table, opts->paper,
                                        opts->landscape);
        }
        rc = write_pdf(&a, &doc, pages, geoms, views, npages, &dt, err);
    }

    /* Only a complete file replaces the target. */
    if (rc == VK_OK)
        rc = vk_atomic_commit(&a, err);
    else
        vk_atomic_abort(&a);

    if (rc == VK_OK && written != NULL)
        *written = opts->format == VK_FORMAT_PDF && dt.t != NULL
                       ? npages + vk_layout_table_npages(dt.g)
                       : npages;

cleanup:
    vk_layout_table_geom_destroy(dt.g);
    vk_render_ctx_destroy(doc.render);
    vk_layout_labels_destroy(doc.labels);
    free(views);
    free(geoms);
    g_object_unref(pc);
    return rc;
}
