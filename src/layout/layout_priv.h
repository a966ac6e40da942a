/* SPDX-License-Identifier: MIT */
/* Internals of the layout module shared by its files: the page (layout.c)
 * calls the buurt labels (labels.c). */
#ifndef VK_LAYOUT_PRIV_H
#define VK_LAYOUT_PRIV_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "vk/layout.h"

/* Every text of the page is in this family (Debian fonts-dejavu-core). */
#define VK_FONT_FAMILY "DejaVu Sans"

/* A pango context for laying out in points: 72 dpi, no hinting and no
 * glyph position rounding, so measurements and glyph positions are the
 * same in PDF and at any PNG density. Caller unrefs. */
PangoContext *vk_layout_text_context(void);

/* Places and draws the labels page->labels asks for over the map of view
 * (drawn already), clipped to the map frame g->map, with text sizes times
 * g->scale. pc is the page's text context, updated for cr (see draw_page).
 * cr's state is restored. Does nothing with VK_LABELS_NONE. Returns VK_OK
 * or VK_ERENDER (cairo status, including an error cr already had). */
/* Frees the labels placed and recorded for the pages of one document. */
void vk_layout_labels_release(void);

vk_status vk_layout_draw_labels(cairo_t *cr, PangoContext *pc,
                                const vk_page *page, const vk_page_geom *g,
                                const vk_mapview *view, vk_error *err);

#endif
