/* SPDX-License-Identifier: MIT */
/* Draws a map of buurten on a cairo context: fills by class colour, wijk and
 * gemeente outlines, the surroundings in grey. No file I/O. */
#ifndef VK_RENDER_H
#define VK_RENDER_H

#include <cairo.h>

#include "vk/source.h"
#include "vk/style.h"

/* What to draw. fill[i] is the colour of buurt i of b->buurten (NULL: all
 * in a neutral grey). Coordinates are drawn in the CRS of b as they are,
 * with one scale for x and y: project lon/lat data first (vk_geo). */
typedef struct vk_mapview {
    const vk_boundaries *b;
    const vk_rgba *fill;
    const unsigned char *hatch; /* per buurt: 1 draws a grey hatch over the
                                   fill (masked buurten); NULL: none */
    const vk_area *area;   /* the area in focus (borrowed); NULL:
                              everything */
    vk_bbox extent;        /* area in map units to show */
    double x_pt, y_pt, w_pt, h_pt; /* frame on the page, in points */
} vk_mapview;

/* Sets v->extent to area (NULL or empty: the buurten's extent) grown by
 * margin_frac of its size on each side, then widened in x or y to the
 * frame's aspect ratio, centred: one scale for x and y, north up. The frame
 * must be set first. Returns the map units per point (0 for an empty
 * frame). */
double vk_render_fit(vk_mapview *v, const vk_bbox *area, double margin_frac);

/* Map units per point of the view: the extent fitted into the frame whole
 * (the larger of the two axis ratios), so any extent keeps its true shape;
 * after vk_render_fit the extent fills the frame exactly. */
double vk_render_scale(const vk_mapview *v);

/* Maps a map coordinate to page points for the view: the extent's centre
 * goes to the frame's centre, y grows downwards on the page. */
void vk_render_to_page(const vk_mapview *v, double x, double y, double *px,
                       double *py);

/* What the pages of one document share, made by the caller and passed to
 * every drawing call of that document: in a PDF the parts of a map that
 * do not depend on the layer (paper, surroundings, outlines) and the
 * overview's grey gemeenten are recorded once and painted on each page
 * (one Form XObject), and scratch memory is kept. A context must not
 * outlive the boundaries drawn with it. Not for two threads at once.
 * vk_render_ctx_create never fails; destroy accepts NULL. */
typedef struct vk_render_ctx vk_render_ctx;

vk_render_ctx *vk_render_ctx_create(void);
void vk_render_ctx_destroy(vk_render_ctx *ctx);

/* The small overview map: every gemeente of b in grey, area (NULL: none)
 * in red, fitted into the box: its whole gemeenten by their outline, its
 * other buurten each. ctx may be NULL (nothing shared). */
void vk_render_overview(cairo_t *cr, vk_render_ctx *ctx,
                        const vk_boundaries *b, const vk_area *area,
                        double x_pt, double y_pt, double w_pt, double h_pt);

/* Sets cr's source to rgb (0xRRGGBB, as the cartography table gives
 * colours) with alpha. */
void vk_render_set_hex(cairo_t *cr, unsigned rgb, double alpha);

/* Strokes diagonal grey hatch lines inside the current path (consumed), at
 * spacing_pt: the mark of masked buurten, also used for legend swatches. */
void vk_render_hatch(cairo_t *cr, double spacing_pt);

/* Draws the map into the frame, clipped to it, in page points (line widths
 * are points; scale cr for pixels): white paper, buurten outside the area
 * in light grey, the area's buurten by fill with thin white outlines, other
 * gemeenten' boundaries in grey, the area's wijk boundaries in dark grey,
 * the area's gemeente boundary in near black. Even-odd fill: a feature's
 * later rings are holes. Features whose bbox misses the frame are skipped.
 * cr's state is restored. ctx holds what the pages of a document share
 * (NULL: nothing). Returns VK_OK or VK_ERENDER (cairo status, including an
 * error cr already had). */
vk_status vk_render_map(cairo_t *cr, vk_render_ctx *ctx, const vk_mapview *v,
                        vk_error *err);

/* Cuts the ring xy (n points, closed or not) to box and appends what is
 * left as one polygon (a closed shell) to out. Returns its number of
 * points, 0 when nothing is left (nothing appended). */
size_t vk_render_clip_ring(const double *xy, size_t n, const vk_bbox *box,
                           vk_geomset *out);

#endif
