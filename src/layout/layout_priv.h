/* SPDX-License-Identifier: MIT */
/* Internals of the layout module shared by its files: the page (layout.c)
 * calls the buurt labels (labels.c). */
#ifndef VK_LAYOUT_PRIV_H
#define VK_LAYOUT_PRIV_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "vk/layout.h"
#include "vk/writers.h"

/* Every text of the page is in this family (Debian fonts-dejavu-core). */
#define VK_FONT_FAMILY "DejaVu Sans"

/* What the map pages and the table pages share, in points at A4; A3
 * multiplies all but the margin by A3_FACTOR so the bigger sheet reads the
 * same from further away. */
#define MARGIN_PT (12.0 * 72.0 / 25.4)
#define A3_FACTOR 1.25
#define GAP 10.0           /* between header, map, legend band, footer */
#define FOOTER_H 9.0
#define FOOTER_PT 7.0

/* The sheet of paper turned as asked, in points, into *w, *h; returns its
 * factor for sizes (A3_FACTOR on A3, else 1). layout.c. */
double vk_layout_sheet(vk_paper paper, int landscape, double *w, double *h);

/* Default PNG density, and what cairo can draw in one image. */
#define DEFAULT_DPI 300.0
#define MAX_DPI 2400.0
#define MAX_SIDE_PX 32767

/* A pango context for laying out in points: 72 dpi, no hinting, metrics
 * not hinted and no glyph position rounding. It is never updated for the
 * surface drawn on (pango_cairo_update_context): text is laid out in
 * points for every surface, so a PNG at any density shows the lines,
 * sizes and glyph positions of its PDF (an image surface's scale would
 * change the measured widths by a little, enough to wrap or cut a line
 * that fits in the PDF). Caller unrefs. */
PangoContext *vk_layout_text_context(void);

/* A layout of utf8 (invalid bytes replaced) in VK_FONT_FAMILY at size_pt;
 * width_pt > 0 wraps it between words at that width. Caller unrefs. */
PangoLayout *vk_layout_new_text(PangoContext *pc, const char *utf8,
                                double size_pt, int bold, double width_pt);
/* The logical size of lo in points (either may be NULL). */
void vk_layout_text_size(PangoLayout *lo, double *w_pt, double *h_pt);
/* The one way a text meets a width, where the page is laid out and where
 * it is drawn, so that no text is ever cut: one line at size_pt when it
 * fits; else shrunk to fit on one line down to min_pt; else wrapped
 * between words, shrunk further while its widest word is wider than the
 * line. width_pt <= 0: one line at size_pt. Caller unrefs. */
PangoLayout *vk_layout_fit_text(PangoContext *pc, const char *utf8,
                                double size_pt, double min_pt, int bold,
                                double width_pt);

/* The labels placed for the pages of one document (labels.c): their
 * placement depends on the view, not on the layer, so the pages of one
 * gemeente place them once, and a PDF draws them once (a recording painted
 * on every page is one Form XObject, its text still text). */
typedef struct vk_label_cache vk_label_cache;

vk_label_cache *vk_layout_labels_create(void);
void vk_layout_labels_destroy(vk_label_cache *c);
/* Starts placing page's labels for the view in a thread of their own, so
 * that they are ready when the map under them is drawn; the next call
 * that needs them waits for it. Does nothing with VK_LABELS_NONE. page's
 * data must not change until then. */
void vk_layout_labels_start(vk_label_cache *c, const vk_page *page,
                            const vk_page_geom *g, const vk_mapview *view);

/* What the pages of one document share, made by vk_layout_write: the
 * text context, the renderer's recordings and the placed labels. */
typedef struct vk_layout_doc {
    PangoContext *pc;
    vk_render_ctx *render;
    vk_label_cache *labels;
    /* vk_layout_write_traced's hook and its context */
    vk_text_hook *on_text;
    void *text_ctx;
} vk_layout_doc;

/* Draws lo with its top-left corner at (x, y) in colour rgb, tells
 * doc->on_text what was drawn (width_pt: the width the text was given, 0
 * for none) and unrefs lo. */
void vk_layout_show_text(cairo_t *cr, const vk_layout_doc *doc,
                         PangoLayout *lo, double x, double y, double width_pt,
                         unsigned rgb);
/* The height of page's header (title and subtitle) width_pt wide at text
 * size factor k, and where the subtitle starts below its top (*sub_dy);
 * vk_layout_draw_header draws it in g->header. */
double vk_layout_header_height(PangoContext *pc, const vk_page *page,
                               double width_pt, double k, double *sub_dy);
void vk_layout_draw_header(cairo_t *cr, const vk_layout_doc *doc,
                           const vk_page *page, const vk_page_geom *g);
/* A legend swatch or table chip: color filled, hatched as masked buurten
 * are when hatch is set (spacing times k), a thin grey outline. */
void vk_layout_swatch(cairo_t *cr, double x, double y, double w, double h,
                      vk_rgba color, int hatch, double k);
/* Turns cairo's native-endian premultiplied ARGB32 into straight RGBA
 * bytes in place. */
void vk_layout_argb_to_rgba(unsigned char *data, int w, int h, int stride);

/* A new white image of w_pt x h_pt points at dpi for path, with *cr
 * drawing on it in points; NULL with VK_EUSAGE (naming what: "page",
 * "map") when a side is more than cairo draws. */
cairo_surface_t *vk_layout_image(const char *path, double w_pt, double h_pt,
                                 double dpi, const char *what, cairo_t **cr,
                                 vk_error *err);
/* VK_OK, or VK_EUSAGE for a PNG density above MAX_DPI. */
vk_status vk_layout_check_dpi(double dpi, vk_error *err);
/* Encodes the image s (cairo's ARGB32, turned into RGBA in place) as a PNG
 * at dpi into a. */
vk_status vk_layout_png_encode(vk_atomic *a, cairo_surface_t *s, double dpi,
                               vk_error *err);

/* The table pages (table.c): their layout on one paper, in landscape (1),
 * portrait (0) or the one that fits (-1, vk_layout_table_pages), measured
 * once for all the table's pages. */
typedef struct vk_table_geom vk_table_geom;

vk_table_geom *vk_layout_table_geom(PangoContext *pc, const vk_tablepage *t,
                                    vk_paper paper, int landscape);
void vk_layout_table_geom_destroy(vk_table_geom *tg);
size_t vk_layout_table_npages(const vk_table_geom *tg);
/* The paper of the table pages, in points. */
void vk_layout_table_size(const vk_table_geom *tg, double *w_pt,
                          double *h_pt);
/* Draws page k of t on cr, in points. Returns VK_OK or VK_ERENDER. */
vk_status vk_layout_draw_table(cairo_t *cr, const vk_layout_doc *doc,
                               const vk_tablepage *t,
                               const vk_table_geom *tg, size_t k,
                               vk_error *err);

/* Places and draws the labels page->labels asks for over the map of view
 * (drawn already), clipped to the map frame g->map, with text sizes times
 * g->scale, keeping them in doc->labels for the next page of the same
 * view. doc->pc is the document's text context (never updated for cr:
 * vk_layout_text_context). cr's state is restored. Does nothing with VK_LABELS_NONE.
 * Returns VK_OK or VK_ERENDER (cairo status, including an error cr
 * already had). */
vk_status vk_layout_draw_labels(cairo_t *cr, vk_layout_doc *doc,
                                const vk_page *page, const vk_page_geom *g,
                                const vk_mapview *view, vk_error *err);

/* Makes the PDF being written through a (complete, as cairo finished it)
 * open at its first page with the bookmarks panel: an incremental update
 * of its catalog. VK_EIO when the file cannot be read or written. */
vk_status vk_layout_pdf_open_outline(vk_atomic *a, vk_error *err);

#endif
