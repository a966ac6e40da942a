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

/* A pango context for laying out in points: 72 dpi, no hinting, metrics
 * not hinted and no glyph position rounding. It is never updated for the
 * surface drawn on (pango_cairo_update_context): text is laid out in
 * points for every surface, so a PNG at any density shows the lines,
 * sizes and glyph positions of its PDF (an image surface's scale would
 * change the measured widths by a little, enough to wrap or cut a line
 * that fits in the PDF). Caller unrefs. */
PangoContext *vk_layout_text_context(void);

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
