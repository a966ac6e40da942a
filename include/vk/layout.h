/* SPDX-License-Identifier: MIT */
/* The print page: map frame, title, legend, source line; written as PDF
 * (vectors, embedded fonts) or PNG at a dpi. Uses cairo and pango. */
#ifndef VK_LAYOUT_H
#define VK_LAYOUT_H

#include "vk/mapset.h"
#include "vk/render.h"
#include "vk/source.h"
#include "vk/style.h"

typedef enum vk_paper { VK_PAPER_A4 = 0, VK_PAPER_A3 } vk_paper;
/* PDF and PNG hold the whole page; the MAP formats the map frame alone
 * (with its labels) at the page's extent and scale, the GeoTIFF
 * georeferenced in the boundaries' CRS for use in a GIS. */
typedef enum vk_format {
    VK_FORMAT_PDF = 0,
    VK_FORMAT_PNG,
    VK_FORMAT_MAP_PNG,
    VK_FORMAT_MAP_TIF
} vk_format;

/* What labels the area's buurten on the map: nothing, the buurtnaam or the
 * buurtcode. Zero (an initialiser that leaves it out) means none. */
typedef enum vk_label_mode {
    VK_LABELS_NONE = 0,
    VK_LABELS_NAME,
    VK_LABELS_CODE
} vk_label_mode;

/* One map of a page of small multiples: its colours and its title (the
 * year it shows). */
typedef struct vk_panel {
    const char *title;
    const vk_rgba *fill;        /* per buurt */
    const unsigned char *hatch; /* per buurt, 1 = hatched; may be NULL */
} vk_panel;

/* Everything one page shows. */
typedef struct vk_page {
    const vk_boundaries *b;
    const vk_rgba *fill;      /* per buurt */
    const unsigned char *hatch; /* per buurt, 1 = hatched; may be NULL */
    const vk_area *area;      /* the area in focus; NULL: all */
    const char *area_name;    /* its name: bookmarks, document title */
    const char *title;        /* layer title */
    const char *subtitle;     /* e.g. gemeente name */
    const vk_legend *legend;
    const char *source;       /* "Bron: ...", or NULL for none */
    const char *date;         /* date of the data, or NULL */
    vk_label_mode labels;     /* buurt labels inside the map frame */
    const long *wijk_of;      /* a map of wijken (vk_layer_wijken.of): per
                                 buurt its wijk in b->wijken or -1; drawn
                                 as vk_mapview.wijk_of says, the labels
                                 name the wijken. NULL: buurten */
    vk_lang lang;             /* of the counts, scale, date, projection */
    /* Small multiples: npanels maps in a grid in the map's place, each
     * with the same extent and scale, its own colours (fill and hatch
     * above are not drawn) and its title over it; one legend, title and
     * footer. No labels. NULL: one map. */
    const vk_panel *panels;
    size_t npanels;
} vk_page;

/* The page of a painted layer over boundaries b: its colours, hatch,
 * legend and texts, the area of the paint (all when it has none) and the
 * labels asked for. Borrows from both. */
vk_page vk_layout_page(const vk_boundaries *b, const vk_paint *p,
                       vk_label_mode labels);

/* The page of small multiples of the paints of one style's years
 * (vk_mapset_paint_years, in their order): a map per year titled with it,
 * the legend of all the years (legend_years: no counts), the texts of the
 * first. Fills panels[0..n-1] (n <= VK_STYLE_MAX_YEARS), which the page
 * borrows, as it borrows from b and the paints. */
vk_page vk_layout_page_years(const vk_boundaries *b, vk_paint *const *p,
                             size_t n, vk_panel *panels);

/* A text as the page draws it: never cut ("..."), wrapped between words
 * and shrunk instead. */
typedef struct vk_text_drawn {
    const char *text;         /* borrowed for the call */
    double size_pt;           /* font size after any shrinking */
    double width_pt;          /* width it was given; 0: one free line */
    double x_pt, y_pt;        /* top-left corner on the page */
    double w_pt, h_pt;        /* logical size: the widest line, the lines */
    int lines;
    int ellipsized;           /* pango cut it (never, by design) */
} vk_text_drawn;

/* ---- the table page (table.c) ---------------------------------------- */

/* A feature a table page lists: its index in its level's features (the
 * buurten, or a wijk-level set's wijken), name and code (borrowed from
 * the features). */
typedef struct vk_table_row {
    size_t index;
    const char *name, *code;
} vk_table_row;

/* The table of an area's features over the layers of a page set, one row
 * per feature in the table's order, one column per layer: the value as
 * the layer's legend writes numbers and the class's colour chip, the
 * fill and hatch of the map. Rows in the order of the focuskaart's cells
 * (the layer with id "focuskaart", a bivariate map: descending x + y
 * class, then descending min(x, y), then descending y, so the top-right
 * cell comes first), then those without a focuskaart class, each group
 * by name; by name alone without a focuskaart. Water buurten are left
 * out. */
typedef struct vk_tablepage {
    char *title;          /* "Buurten van <area>" in the set's language */
    char *subtitle;       /* the order: by the focuskaart, or by name */
    char *bookmark;       /* "Tabel": the PDF bookmark of its first page */
    vk_lang lang;
    size_t nrows, ncols;
    vk_table_row *row;    /* in the table's order */
    char **head;          /* ncols: the layers' titles */
    char **cell;          /* nrows * ncols, row by row: the value, NULL
                             for none (no data, masked) */
    vk_rgba *chip;        /* nrows * ncols: the map's fill */
    unsigned char *hatch; /* nrows * ncols: 1 hatched as on the map */
} vk_tablepage;

/* The table of the paints of one page set (the same area each, the
 * paints in page order) over boundaries b. Borrows names and codes from
 * b. Returns a new table (vk_tablepage_destroy), or NULL with VK_EDATA
 * when the area has no feature to list (all water). */
vk_tablepage *vk_tablepage_make(const vk_boundaries *b,
                                vk_paint *const *paints, size_t n,
                                vk_error *err);
void vk_tablepage_destroy(vk_tablepage *t);

/* The name of the PNG of table page k (from 0) beside the map PNG
 * png_path: "<png_path without .png>-tabel-<k + 1>.png". Caller frees. */
char *vk_layout_table_png_name(const char *png_path, size_t k);

typedef struct vk_page_opts {
    vk_paper paper;
    int landscape;            /* -1: choose from the area's shape */
    vk_format format;
    double dpi;               /* PNG only */
    /* Pages that reserve one legend space, the largest of their legends,
     * so the map has the same frame, extent and scale on each: the layers
     * of one gemeente. NULL: the pages given to vk_layout_write (or the one
     * page of vk_layout_geometry). */
    const struct vk_page *set;
    size_t nset;
    /* Called with each page's map extent once it is laid out and before
     * anything is drawn, so that a source read on demand can read what
     * lies there (vk_mapset_load_extent); NULL when all is read. */
    vk_status (*load)(void *ctx, const vk_bbox *extent, vk_error *err);
    void *load_ctx;
    /* Place the labels of a PDF in a thread of their own while the map is
     * drawn: for one document with a core to spare (render), not for
     * workers that already keep every core busy (atlas). */
    int place_ahead;
} vk_page_opts;


/* A rectangle on the page in points, from the top-left corner. */
typedef struct vk_box {
    double x_pt, y_pt, w_pt, h_pt;
} vk_box;

/* Where the parts of a page go. Boxes are in points on the page as
 * oriented; furniture holds the scale bar (left) and north arrow (right),
 * with room for an overview map later. */
typedef struct vk_page_geom {
    double w_pt, h_pt;        /* paper after orientation */
    int landscape;
    double scale;             /* text and furniture size factor: 1 on A4,
                                 1.25 on A3 */
    vk_box header;            /* title and subtitle */
    vk_box map;               /* map frame */
    vk_box legend;            /* portrait: below the map, left; landscape:
                                 right of the map, top */
    vk_box furniture;         /* portrait: below the map, right; landscape:
                                 right of the map, bottom */
    vk_box footer;            /* source line (left), projection (right) */
    /* Small multiples (a page with panels): the map box holds a grid of
     * panel_cols x panel_rows maps, filled row by row, each its title
     * (panel_title_h high) over its frame: vk_layout_panel. 0 for one
     * map. */
    int panel_cols, panel_rows;
    double panel_title_h;
} vk_page_geom;

/* The frame of map j of a page of small multiples laid out as g, and in
 * *title (may be NULL) the box of its title above it. The view that
 * vk_layout_geometry gives is map 0's; map j has the same extent and
 * scale in its own frame. */
vk_box vk_layout_panel(const vk_page_geom *g, size_t j, vk_box *title);

/* The round print scale at or above denom (1:N with N 1, 1.25, 1.5, 2,
 * 2.5, 3, 4, 5, 6 or 7.5 times a power of ten): pages are drawn at exactly
 * that scale, and the scale bar and "Schaal 1:N" state it. */
double vk_layout_round_scale(double denom);

/* Paper size in points (portrait): A4 595.276 x 841.89, A3 841.89 x
 * 1190.55. */
void vk_paper_size(vk_paper p, double *w_pt, double *h_pt);
/* "A4" or "A3", any case. Returns 0 and sets *out, or -1. */
int vk_paper_parse(const char *s, vk_paper *out);

/* Lays out page as vk_layout_write would: fills *geom and *view (the map
 * view fitted to geom->map; use vk_render_to_page on it to find where a
 * map coordinate lands, then multiply by dpi / 72 for PNG pixels). With
 * opts->landscape == -1 the orientation that draws the area larger is
 * chosen (landscape for areas clearly wider than tall; portrait on a tie).
 * Returns VK_OK, VK_EDATA when the area has no buurten, VK_EINTERNAL
 * without buurten. Out-parameters are written only on success. */
vk_status vk_layout_geometry(const vk_page *page, const vk_page_opts *opts,
                             vk_page_geom *geom, vk_mapview *view,
                             vk_error *err);

/* A buurt label as placed on the page: its text's logical box (the box
 * that must fit inside the buurt and clear the other labels), in points on
 * the page as oriented, from the top-left corner. */
typedef struct vk_label_box {
    size_t feature;           /* index into page->b->buurten (a map of
                                 wijken: page->b->wijken) */
    const char *text;         /* borrowed: the feature's name or code */
    size_t split;             /* byte offset of the space drawn as a line
                                 break, 0 for one line */
    double size_pt;           /* font size */
    int water;                /* water buurt: drawn in italic blue */
    double x_pt, y_pt;        /* the pole of inaccessibility of the
                                 buurt's largest polygon; the box is
                                 centred on it or up to r_pt / 2 away in x
                                 and y */
    double r_pt;              /* radius of the largest circle inside that
                                 polygon, centred on the pole */
    vk_box box;
} vk_label_box;

/* Places the labels page->labels asks for, as vk_layout_write draws them:
 * each inside its own buurt (largest polygon, clear of holes) and the map
 * frame, none overlapping another. *boxes gets a new array of *n labels
 * (caller frees with free(); NULL when *n is 0), *candidates the number of
 * buurten that asked for a label (the area's buurten with a text; 0 with
 * VK_LABELS_NONE). candidates may be NULL. Returns VK_OK, or the codes of
 * vk_layout_geometry. Out-parameters are written only on success. */
vk_status vk_layout_labels(const vk_page *page, const vk_page_opts *opts,
                           vk_label_box **boxes, size_t *n,
                           size_t *candidates, vk_error *err);

/* The pole of inaccessibility of polygon poly of g (shell and holes): the
 * point inside it farthest from its outline, found with polylabel to
 * within precision map units (> 0; smaller values are raised to 1e-9 of
 * the polygon's size). Sets *x, *y (map units) and *r, its distance to
 * the outline. Returns VK_OK, or VK_EDATA for a polygon past the store or
 * without an area. */
vk_status vk_layout_pole(const vk_geomset *g, size_t poly, double precision,
                         double *x, double *y, double *r, vk_error *err);

/* Renders pages into one file (PDF: one page each, in its own size and
 * orientation; PNG: npages must be 1), written to a temporary name in the
 * same folder and renamed on success; nothing is left behind on failure.
 * PDF: vectors, text as text in embedded subset fonts ("DejaVu Sans"),
 * title/subject/creator metadata and no dates, so identical input gives
 * identical bytes. PNG: paper size * dpi / 72 pixels (rounded), white
 * background, pHYs from dpi; dpi <= 0 means 300. Returns VK_OK, VK_EIO
 * (file), VK_ERENDER (cairo), VK_EDATA (area has no buurten) or VK_EUSAGE
 * (PNG with several pages, dpi above 2400 or a side above 32767 pixels). */
vk_status vk_layout_write(const char *out_path, const vk_page *pages,
                          size_t npages, const vk_page_opts *opts,
                          vk_error *err);

/* vk_layout_write that calls on_text(ctx, t) with every text of the pages
 * (title, legend, scale, footer; not the buurt labels, see
 * vk_layout_labels) as it is drawn, in drawing order: what the layout
 * decided. For tests: a PNG is laid out exactly as its PDF, and no text
 * is cut. */
typedef void vk_text_hook(void *ctx, const vk_text_drawn *t);
vk_status vk_layout_write_traced(const char *out_path, const vk_page *pages,
                                 size_t npages, const vk_page_opts *opts,
                                 vk_text_hook *on_text, void *ctx,
                                 vk_error *err);

/* vk_layout_write of a PDF with the table's pages after the maps (table
 * NULL: none), its first page bookmarked as table->bookmark. *written
 * (may be NULL) gets the number of pages written. Other formats: as
 * vk_layout_write, the table left to vk_layout_write_table. */
vk_status vk_layout_write_doc(const char *out_path, const vk_page *pages,
                              size_t npages, const vk_tablepage *table,
                              const vk_page_opts *opts, size_t *written,
                              vk_error *err);

/* The table pages take the paper of opts and its orientation when it
 * sets one; when free (-1), portrait if every column's texts fit there at
 * their full size, else landscape. How many pages the table takes: */
size_t vk_layout_table_pages(const vk_tablepage *t, const vk_page_opts *opts);

/* Writes page k (from 0) of the table as a PNG at opts->dpi. Returns
 * VK_OK, VK_EIO, VK_ERENDER, or VK_EUSAGE for a page past the table or a
 * density vk_layout_write refuses. */
vk_status vk_layout_write_table(const char *out_path, const vk_tablepage *t,
                                size_t k, const vk_page_opts *opts,
                                vk_error *err);

/* Writes every page of the table as a PNG at opts->dpi, page k to
 * vk_layout_table_png_name(png_path, k), the table laid out once; the
 * number written into *written (may be NULL). Returns as
 * vk_layout_write_table. */
vk_status vk_layout_write_table_pngs(const char *png_path,
                                     const vk_tablepage *t,
                                     const vk_page_opts *opts,
                                     size_t *written, vk_error *err);

/* Where the colour chip of row r, column c (from 0) of the table is drawn:
 * its page (from 0 among the table's) into *page and its box in points
 * into *chip. For tests: the chip's pixel is the map's fill. */
void vk_layout_table_chip(const vk_tablepage *t, const vk_page_opts *opts,
                          size_t r, size_t c, size_t *page, vk_box *chip);

#endif
