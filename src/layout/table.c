/* SPDX-License-Identifier: MIT */
/* The table page: an area's buurten (or wijken) with the value and class
 * colour of each layer of the page set, sorted by the focuskaart, over as
 * many pages as it takes, the column titles repeated on each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "layout_priv.h"
#include "vk/layout.h"
#include "vk/writers.h"

/* The style whose cells order the rows. */
#define FOCUS_ID "focuskaart"

/* In points at A4 (times A3_FACTOR on A3). */
#define CELL_PT 7.5        /* names, codes and values, shrunk per column to
                              fit its widest text on one line */
#define HEAD_PT 7.5        /* column titles, bold */
#define HEAD_MIN_PT 6.0    /* a layer's title shrinks to this, then wraps */
#define HEAD_MAX_H 96.0    /* the band of the layers' rotated titles */
#define ROW_H 10.5         /* at least; more when a column's line needs */
#define PAD 4.0            /* right of each column's text */
#define CHIP_W 10.0
#define CHIP_H 7.0
#define CHIP_GAP 3.0       /* between a chip and its value */
#define LAYER_MIN_W 38.0   /* a layer's column: at least, unless the names */
#define LAYER_MAX_W 72.0   /*   would get less than NAME_MIN_SHARE; at most */
#define NAME_MIN_SHARE 0.2 /* of the width, for the names */
#define ZEBRA 0xf2f2f2     /* every other row's background */
#define RULE 0x888888      /* the line under the column titles */
/* Text for a layer without a value (no data, masked). */
#define NONE_TEXT "\xe2\x80\x93"

/* ---- the rows ---------------------------------------------------------- */

/* The features the table lists, in the order of the data: index, name
 * and code of the area's buurten, water left out (they never have a
 * value); a set of wijken lists its wijken instead (table_wijken), titled
 * VK_TEXT_TABLE_WIJKEN; the rest (order, values, chips: by index into the
 * paints) stays. Returns how many into a new array *out (NULL when
 * none). */
static size_t
table_features(const vk_boundaries *b, const vk_paint *p, vk_table_row **out)
{
    const vk_features *fs = b->buurten;
    vk_table_row *row = NULL;
    size_t n = 0;

    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].water || !vk_area_has_buurt(p->area, i))
            continue;
        if (row == NULL)
            row = vk_xcalloc(fs->n, sizeof *row);
        row[n++] = (vk_table_row){i, fs->f[i].name, fs->f[i].code};
    }
    *out = row;
    return n;
}

/* 1 when every paint of the set is of wijken: the table lists wijken. */
static int
of_wijken(vk_paint *const *paints, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!paints[i]->wijk)
            return 0;
    return n > 0;
}

/* As table_features for a set of wijken: the area's wijken
 * (vk_area_has_wijk), each by one of its buurten on land, whose values,
 * colours and hatch (per buurt, the wijk's: vk_layer_wijken) the rest
 * reads by index; the wijk's name (its code without one) and code. */
static size_t
table_wijken(const vk_boundaries *b, const vk_paint *p, vk_table_row **out)
{
    const vk_layer_wijken *w = p->layer->wijk;
    const vk_features *bu = b->buurten, *wk = w->wijken;
    long *first = vk_xcalloc(wk->n ? wk->n : 1, sizeof *first);
    vk_table_row *row = NULL;
    size_t n = 0;

    for (size_t k = 0; k < wk->n; k++)
        first[k] = -1;
    for (size_t i = 0; i < bu->n; i++)
        if (w->of[i] >= 0 && !bu->f[i].water && first[w->of[i]] < 0)
            first[w->of[i]] = (long)i;
    for (size_t k = 0; k < wk->n; k++) {
        const vk_feature *f = &wk->f[k];

        if (first[k] < 0 || !vk_area_has_wijk(p->area, k))
            continue;
        if (row == NULL)
            row = vk_xcalloc(wk->n, sizeof *row);
        row[n++] = (vk_table_row){(size_t)first[k],
                                  f->name != NULL ? f->name : f->code,
                                  f->code};
    }
    free(first);
    *out = row;
    return n;
}

/* The rank of a focuskaart cell, lower first: descending x + y, then
 * descending min(x, y) (both raised before one extreme), then descending
 * y (vulnerability before nuisance); a feature without a class after all
 * cells. */
static long
focus_rank(const vk_layer *l, size_t i)
{
    int c = l->cls[i], kx = l->bx->k, ky = l->by->k, x, y;

    if (c < 0)
        return 1000000L;
    x = c % kx;
    y = c / kx;
    return ((long)(kx + ky - x - y) * 1000 +
            (long)(ky - (x < y ? x : y))) * 100 + (ky - y);
}

/* Names compared from their first letter or digit ("'s-Gravenwaard"
 * under s), ASCII case ignored; byte order beyond. */
static int
name_cmp(const char *a, const char *b)
{
    a = a != NULL ? a : "";
    b = b != NULL ? b : "";
    while (*a != '\0' && !((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z') &&
           !(*a >= '0' && *a <= '9') && !(*a & 0x80))
        a++;
    while (*b != '\0' && !((*b | 0x20) >= 'a' && (*b | 0x20) <= 'z') &&
           !(*b >= '0' && *b <= '9') && !(*b & 0x80))
        b++;
    for (;; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : (unsigned char)*a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : (unsigned char)*b;

        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

typedef struct sort_row {
    vk_table_row row;
    long rank;
} sort_row;

static int
row_cmp(const void *pa, const void *pb)
{
    const sort_row *a = pa, *b = pb;
    int c;

    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if ((c = name_cmp(a->row.name, b->row.name)) != 0)
        return c;
    if ((c = strcmp(a->row.code ? a->row.code : "",
                    b->row.code ? b->row.code : "")) != 0)
        return c;
    return a->row.index < b->row.index ? -1 : a->row.index > b->row.index;
}

/* The paint of the focuskaart among paints, or NULL. */
static const vk_paint *
focus_paint(vk_paint *const *paints, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(paints[i]->style->id, FOCUS_ID) == 0 &&
            paints[i]->style->bivariate)
            return paints[i];
    return NULL;
}

vk_tablepage *
vk_tablepage_make(const vk_boundaries *b, vk_paint *const *paints, size_t n,
                  vk_error *err)
{
    const vk_paint *focus = focus_paint(paints, n);
    vk_lang lang = n > 0 ? paints[0]->style->lang : VK_LANG_DEFAULT;
    vk_table_row *rows = NULL;
    int wijken = of_wijken(paints, n);
    vk_text_id title = wijken ? VK_TEXT_TABLE_WIJKEN : VK_TEXT_TABLE_BUURTEN;
    size_t nrows = wijken  ? table_wijken(b, paints[0], &rows)
                   : n > 0 ? table_features(b, paints[0], &rows)
                           : 0;
    const vk_area *area = n > 0 ? paints[0]->area : NULL;
    vk_tablepage *t;
    sort_row *sr;

    if (nrows == 0) {
        VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
                   "the table page of %s lists no buurt (all water)",
                   area != NULL ? area->id : "all");
        vk_error_hint(err, "leave out --table-page for this area");
        free(rows);
        return NULL;
    }
    t = vk_xcalloc(1, sizeof *t);
    t->lang = lang;
    if (area != NULL) {
        t->title = vk_text_fill(lang, title, vk_area_name(area, lang), NULL);
    } else {
        /* "Buurten van alle gemeenten" */
        t->title = vk_text_fill(lang, title,
                                vk_text(lang, VK_TEXT_ALL_AREAS_IN), NULL);
    }
    t->subtitle = vk_xstrdup(vk_text(lang, focus != NULL
                                               ? VK_TEXT_TABLE_FOCUS
                                               : VK_TEXT_TABLE_BY_NAME));
    t->bookmark = vk_xstrdup(vk_text(lang, VK_TEXT_TABLE_BOOKMARK));

    /* The order: the focuskaart's cells, then the name. */
    sr = vk_xcalloc(nrows, sizeof *sr);
    for (size_t r = 0; r < nrows; r++) {
        sr[r].row = rows[r];
        sr[r].rank = focus != NULL ? focus_rank(focus->layer, rows[r].index)
                                   : 0;
    }
    qsort(sr, nrows, sizeof *sr, row_cmp);
    for (size_t r = 0; r < nrows; r++)
        rows[r] = sr[r].row;
    free(sr);
    t->row = rows;
    t->nrows = nrows;

    /* A column per layer. */
    t->ncols = n;
    t->head = vk_xcalloc(n, sizeof *t->head);
    t->cell = vk_xcalloc(nrows * n, sizeof *t->cell);
    t->chip = vk_xcalloc(nrows * n, sizeof *t->chip);
    t->hatch = vk_xcalloc(nrows * n, 1);
    for (size_t c = 0; c < n; c++) {
        const vk_paint *p = paints[c];

        t->head[c] = vk_xstrdup(p->style->title != NULL ? p->style->title
                                                        : p->style->id);
        for (size_t r = 0; r < nrows; r++) {
            size_t i = rows[r].index, at = r * n + c;

            t->cell[at] = vk_layer_value_text(p->layer, i);
            t->chip[at] = p->fill[i];
            t->hatch[at] = p->hatch != NULL && p->hatch[i];
        }
    }
    return t;
}

void
vk_tablepage_destroy(vk_tablepage *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cell[i]);
    for (size_t c = 0; c < t->ncols; c++)
        free(t->head[c]);
    free(t->cell);
    free(t->head);
    free(t->chip);
    free(t->hatch);
    free(t->row);
    free(t->title);
    free(t->subtitle);
    free(t->bookmark);
    free(t);
}

char *
vk_layout_table_png_name(const char *png_path, size_t k)
{
    size_t len = strlen(png_path);

    if (len >= 4 && vk_strcaseeq(png_path + len - 4, ".png"))
        len -= 4;
    return vk_xasprintf("%.*s-tabel-%zu.png", (int)len, png_path, k + 1);
}

/* ---- the layout -------------------------------------------------------- */

/* Columns: the name, the code, then one per layer. */
#define COL_NAME 0
#define COL_CODE 1
#define COL_LAYER 2

struct vk_table_geom {
    double w_pt, h_pt, k;
    int landscape;
    vk_page head;         /* title and subtitle, for the header */
    vk_page_geom hg;      /* its box */
    double band_y, band_h; /* the column titles */
    double rows_y;        /* the first row's top */
    double row_h;
    size_t per_page, npages;
    size_t ncol;          /* 2 + layers */
    double *x, *w;        /* per column: left edge, width */
    double *size;         /* per column: the font size of its texts */
    double *line_h;       /* per column: a line's height at that size */
    double head_size;     /* the name's and code's titles */
};

/* The text of row r in column c (borrowed). */
static const char *
col_text(const vk_tablepage *t, size_t r, size_t c)
{
    const char *s;

    if (c == COL_NAME)
        s = t->row[r].name;
    else if (c == COL_CODE)
        s = t->row[r].code;
    else
        s = t->cell[r * t->ncols + (c - COL_LAYER)];
    return s != NULL ? s : c >= COL_LAYER ? NONE_TEXT : "";
}

/* Rows r0..r1 of column c, a line each (line breaks in a name become
 * spaces). Caller frees. */
static char *
col_lines(const vk_tablepage *t, size_t c, size_t r0, size_t r1)
{
    vk_strbuf sb = {0};

    for (size_t r = r0; r < r1; r++) {
        size_t at = sb.len;

        vk_strbuf_append(&sb, col_text(t, r, c));
        for (size_t i = at; i < sb.len; i++)
            if (sb.s[i] == '\n' || sb.s[i] == '\r')
                sb.s[i] = ' ';
        if (r + 1 < r1)
            vk_strbuf_append(&sb, "\n");
    }
    if (sb.s == NULL)
        vk_strbuf_append(&sb, "");
    return vk_strbuf_take(&sb);
}

/* The width of the widest line of a layout. */
static double
widest(PangoLayout *lo)
{
    PangoRectangle r;

    pango_layout_get_extents(lo, NULL, &r);
    return (double)r.width / PANGO_SCALE;
}

/* The height of one line at size_pt. */
static double
line_height(PangoContext *pc, double size_pt)
{
    PangoLayout *lo = vk_layout_new_text(pc, "Ag", size_pt, 0, 0);
    double h;

    vk_layout_text_size(lo, NULL, &h);
    g_object_unref(lo);
    return h;
}

/* A layer's title as drawn, rotated: fitted to the band's height. */
static PangoLayout *
head_text(PangoContext *pc, const vk_table_geom *tg, const char *title)
{
    return vk_layout_fit_text(pc, title, HEAD_PT * tg->k,
                              HEAD_MIN_PT * tg->k, 1,
                              tg->band_h - PAD * tg->k);
}

/* The widths of the columns: the code as wide as its widest, each layer
 * as its widest value (or LAYER_MIN_W, at most LAYER_MAX_W), the name
 * the rest up to its widest; the layers narrowed alike when the names
 * would get less than NAME_MIN_SHARE of the width. */
static void
col_widths(const vk_tablepage *t, vk_table_geom *tg, double cw,
           const double *need)
{
    double k = tg->k, sum = 0, name_w;
    size_t nl = t->ncols;

    for (size_t c = 0; c < nl; c++) {
        double lw = (CHIP_W + CHIP_GAP + PAD) * k + need[COL_LAYER + c];

        tg->w[COL_LAYER + c] = fmin(fmax(lw, LAYER_MIN_W * k),
                                    LAYER_MAX_W * k);
        sum += tg->w[COL_LAYER + c];
    }
    tg->w[COL_CODE] = need[COL_CODE] + PAD * k;
    name_w = cw - tg->w[COL_CODE] - sum;
    if (name_w < cw * NAME_MIN_SHARE && nl > 0) {
        double f = (cw * (1 - NAME_MIN_SHARE) - tg->w[COL_CODE]) / sum;

        name_w = cw * NAME_MIN_SHARE;
        for (size_t c = 0; c < nl; c++)
            tg->w[COL_LAYER + c] *= f;
    }
    /* No wider than the widest name needs: the rest stays white. */
    tg->w[COL_NAME] = fmin(name_w, need[COL_NAME] + PAD * k);
    tg->x[0] = MARGIN_PT;
    for (size_t c = 1; c < tg->ncol; c++)
        tg->x[c] = tg->x[c - 1] + tg->w[c - 1];
}

/* Rows measured in one layout at a time: pango lays out a text's lines
 * in time that grows with the square of their number. */
#define MEASURE_ROWS 32

/* The width of each column's widest text at CELL_PT * k (the name's and
 * code's with their titles) into need. */
static void
measure_columns(PangoContext *pc, const vk_tablepage *t, double k,
                double *need)
{
    const char *names[2] = {vk_text(t->lang, VK_TEXT_TABLE_NAME),
                            vk_text(t->lang, VK_TEXT_TABLE_CODE)};

    for (size_t c = 0; c < COL_LAYER + t->ncols; c++) {
        PangoLayout *lo;

        need[c] = 0;
        for (size_t r = 0; r < t->nrows; r += MEASURE_ROWS) {
            char *lines = col_lines(t, c, r,
                                    r + MEASURE_ROWS < t->nrows
                                        ? r + MEASURE_ROWS
                                        : t->nrows);

            lo = vk_layout_new_text(pc, lines, CELL_PT * k, 0, 0);
            need[c] = fmax(need[c], widest(lo));
            g_object_unref(lo);
            free(lines);
        }
        if (c < COL_LAYER) {
            lo = vk_layout_new_text(pc, names[c], CELL_PT * k, 1, 0);
            need[c] = fmax(need[c], widest(lo));
            g_object_unref(lo);
        }
    }
}

static vk_table_geom *
table_geom(PangoContext *pc, const vk_tablepage *t, vk_paper paper,
           int landscape, const double *need)
{
    vk_table_geom *tg = vk_xcalloc(1, sizeof *tg);
    double w, h, k = vk_layout_sheet(paper, landscape, &w, &h);
    double m = MARGIN_PT, cw, sub_dy, bottom, head_w = 0;
    tg->w_pt = w;
    tg->h_pt = h;
    tg->k = k;
    tg->landscape = landscape;
    tg->ncol = COL_LAYER + t->ncols;
    tg->x = vk_xcalloc(tg->ncol, sizeof *tg->x);
    tg->w = vk_xcalloc(tg->ncol, sizeof *tg->w);
    tg->size = vk_xcalloc(tg->ncol, sizeof *tg->size);
    tg->line_h = vk_xcalloc(tg->ncol, sizeof *tg->line_h);
    cw = w - 2 * m;

    /* The header as a map page's: title and subtitle. */
    tg->head = (vk_page){.title = t->title, .subtitle = t->subtitle,
                         .lang = t->lang};
    tg->hg.w_pt = w;
    tg->hg.h_pt = h;
    tg->hg.scale = k;
    tg->hg.landscape = landscape;
    tg->hg.header = (vk_box){m, m, cw,
                             vk_layout_header_height(pc, &tg->head, cw, k,
                                                     &sub_dy)};

    tg->head_size = CELL_PT * k;
    col_widths(t, tg, cw, need);

    /* The band of the layers' titles: as high as the longest on one line,
     * at most HEAD_MAX_H; longer ones wrap (fit_text). */
    for (size_t c = 0; c < t->ncols; c++) {
        PangoLayout *lo = vk_layout_new_text(pc, t->head[c], HEAD_PT * k, 1,
                                             0);

        head_w = fmax(head_w, widest(lo));
        g_object_unref(lo);
    }
    tg->band_h = fmax(fmin(head_w + PAD * k, HEAD_MAX_H * k),
                      line_height(pc, tg->head_size) + PAD * k);
    tg->band_y = tg->hg.header.y_pt + tg->hg.header.h_pt + GAP * k;
    tg->rows_y = tg->band_y + tg->band_h + 2 * k;

    /* Each column's texts shrunk alike to fit its width on one line, as
     * fit_text shrinks one (widths scale with the size: the text context
     * hints no metrics); the rows as high as the tallest line. */
    tg->row_h = ROW_H * k;
    for (size_t c = 0; c < tg->ncol; c++) {
        double avail = tg->w[c] - PAD * k -
                       (c >= COL_LAYER ? (CHIP_W + CHIP_GAP) * k : 0);

        tg->size[c] = need[c] > avail
                          ? CELL_PT * k * avail / need[c] * (1 - 1e-6)
                          : CELL_PT * k;
        tg->line_h[c] = line_height(pc, tg->size[c]);
        tg->row_h = fmax(tg->row_h, tg->line_h[c] + k);
    }
    bottom = h - m - FOOTER_H * k - GAP * k;
    tg->per_page = (size_t)fmax(1, floor((bottom - tg->rows_y) / tg->row_h));
    tg->npages = (t->nrows + tg->per_page - 1) / tg->per_page;
    return tg;
}

/* 1 when a column's texts had to shrink. */
static int
squeezed(const vk_table_geom *tg)
{
    for (size_t c = 0; c < tg->ncol; c++)
        if (tg->size[c] < CELL_PT * tg->k * (1 - 1e-9))
            return 1;
    return 0;
}

vk_table_geom *
vk_layout_table_geom(PangoContext *pc, const vk_tablepage *t, vk_paper paper,
                     int landscape)
{
    double k = paper == VK_PAPER_A3 ? A3_FACTOR : 1.0; /* either way */
    double *need = vk_xcalloc(COL_LAYER + t->ncols, sizeof *need);
    vk_table_geom *tg;

    measure_columns(pc, t, k, need);
    /* Free: portrait when every text fits at its size, else landscape. */
    tg = table_geom(pc, t, paper, landscape >= 0 ? landscape : 0, need);
    if (landscape < 0 && squeezed(tg)) {
        vk_layout_table_geom_destroy(tg);
        tg = table_geom(pc, t, paper, 1, need);
    }
    free(need);
    return tg;
}

void
vk_layout_table_geom_destroy(vk_table_geom *tg)
{
    if (tg == NULL)
        return;
    free(tg->x);
    free(tg->w);
    free(tg->size);
    free(tg->line_h);
    free(tg);
}

size_t
vk_layout_table_npages(const vk_table_geom *tg)
{
    return tg->npages;
}

void
vk_layout_table_size(const vk_table_geom *tg, double *w_pt, double *h_pt)
{
    *w_pt = tg->w_pt;
    *h_pt = tg->h_pt;
}

/* The chip of row r (of the table) in layer column c. */
static vk_box
chip_box(const vk_table_geom *tg, size_t r, size_t c)
{
    double k = tg->k;
    double top = tg->rows_y + (double)(r % tg->per_page) * tg->row_h;

    return (vk_box){tg->x[COL_LAYER + c], top + (tg->row_h - CHIP_H * k) / 2,
                    CHIP_W * k, CHIP_H * k};
}

/* ---- drawing ----------------------------------------------------------- */

/* The column titles: name and code at the band's foot, the layers'
 * rotated to read upwards, centred in their columns; a rule below. */
static void
draw_heads(cairo_t *cr, const vk_layout_doc *doc, const vk_tablepage *t,
           const vk_table_geom *tg)
{
    double k = tg->k, foot = tg->band_y + tg->band_h;

    for (size_t c = 0; c < COL_LAYER; c++) {
        PangoLayout *lo = vk_layout_new_text(
            doc->pc, vk_text(t->lang, c == COL_NAME ? VK_TEXT_TABLE_NAME
                                                    : VK_TEXT_TABLE_CODE),
            tg->head_size, 1, 0);
        double th;

        vk_layout_text_size(lo, NULL, &th);
        vk_layout_show_text(cr, doc, lo, tg->x[c], foot - th - k, 0,
                            0x000000);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        PangoLayout *lo = head_text(doc->pc, tg, t->head[c]);
        double th;

        vk_layout_text_size(lo, NULL, &th);
        cairo_save(cr);
        cairo_translate(cr, tg->x[COL_LAYER + c] +
                                fmax(0, (tg->w[COL_LAYER + c] - th) / 2),
                        foot - k);
        cairo_rotate(cr, -asin(1.0)); /* a quarter turn up */
        vk_layout_show_text(cr, doc, lo, 0, 0, tg->band_h - PAD * k,
                            0x000000);
        cairo_restore(cr);
    }
    cairo_move_to(cr, MARGIN_PT, foot + k);
    cairo_line_to(cr, tg->w_pt - MARGIN_PT, foot + k);
    vk_render_set_hex(cr, RULE, 1);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

/* Column c of rows r0..r1: one layout, a line per row at the column's
 * size, the lines spaced a row apart; values aligned right. */
static void
draw_column(cairo_t *cr, const vk_layout_doc *doc, const vk_tablepage *t,
            const vk_table_geom *tg, size_t c, size_t r0, size_t r1)
{
    double k = tg->k, right = tg->x[c] + tg->w[c] - PAD * k;
    double left = tg->x[c] + (c >= COL_LAYER ? (CHIP_W + CHIP_GAP) * k : 0);
    char *lines = col_lines(t, c, r0, r1);
    /* A point to spare so that a line fitted exactly never wraps. */
    double width = right - left + 1;
    PangoLayout *lo = vk_layout_new_text(doc->pc, lines, tg->size[c], 0,
                                         width);

    pango_layout_set_spacing(lo, (int)lround((tg->row_h - tg->line_h[c]) *
                                             PANGO_SCALE));
    pango_layout_set_alignment(lo, c >= COL_LAYER ? PANGO_ALIGN_RIGHT
                                                  : PANGO_ALIGN_LEFT);
    free(lines);
    vk_layout_show_text(cr, doc, lo, c >= COL_LAYER ? right + 1 - width : left,
                        tg->rows_y + (tg->row_h - tg->line_h[c]) / 2, width,
                        0x000000);
}

static void
draw_footer(cairo_t *cr, const vk_layout_doc *doc, const vk_table_geom *tg,
            size_t k)
{
    char *num = vk_xasprintf("%zu/%zu", k + 1, tg->npages);
    PangoLayout *lo = vk_layout_new_text(doc->pc, num, FOOTER_PT * tg->k, 0,
                                         0);
    double tw;

    vk_layout_text_size(lo, &tw, NULL);
    vk_layout_show_text(cr, doc, lo, tg->w_pt - MARGIN_PT - tw,
                        tg->h_pt - MARGIN_PT - FOOTER_H * tg->k, 0, 0x444444);
    free(num);
}

vk_status
vk_layout_draw_table(cairo_t *cr, const vk_layout_doc *doc,
                     const vk_tablepage *t, const vk_table_geom *tg, size_t k,
                     vk_error *err)
{
    size_t r0 = k * tg->per_page, r1 = r0 + tg->per_page;
    cairo_status_t st;

    if (r1 > t->nrows)
        r1 = t->nrows;
    vk_layout_draw_header(cr, doc, &tg->head, &tg->hg);
    draw_heads(cr, doc, t, tg);
    /* Every other row on grey, to follow a row across. */
    for (size_t r = r0 + 1; r < r1; r += 2) {
        cairo_rectangle(cr, MARGIN_PT,
                        tg->rows_y + (double)(r - r0) * tg->row_h,
                        tg->w_pt - 2 * MARGIN_PT, tg->row_h);
        vk_render_set_hex(cr, ZEBRA, 1);
        cairo_fill(cr);
    }
    for (size_t r = r0; r < r1; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            vk_box b = chip_box(tg, r, c);
            size_t at = r * t->ncols + c;

            vk_layout_swatch(cr, b.x_pt, b.y_pt, b.w_pt, b.h_pt, t->chip[at],
                             t->hatch[at], tg->k);
        }
    for (size_t c = 0; c < tg->ncol; c++)
        draw_column(cr, doc, t, tg, c, r0, r1);
    draw_footer(cr, doc, tg, k);
    st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return VK_FAIL(err, VK_ERENDER, "drawing the table page failed: %s",
                       cairo_status_to_string(st));
    return VK_OK;
}

/* ---- on its own -------------------------------------------------------- */

size_t
vk_layout_table_pages(const vk_tablepage *t, const vk_page_opts *opts)
{
    PangoContext *pc = vk_layout_text_context();
    vk_table_geom *tg = vk_layout_table_geom(pc, t, opts->paper,
                                             opts->landscape);
    size_t n = tg->npages;

    vk_layout_table_geom_destroy(tg);
    g_object_unref(pc);
    return n;
}

void
vk_layout_table_chip(const vk_tablepage *t, const vk_page_opts *opts,
                     size_t r, size_t c, size_t *page, vk_box *chip)
{
    PangoContext *pc = vk_layout_text_context();
    vk_table_geom *tg = vk_layout_table_geom(pc, t, opts->paper,
                                             opts->landscape);

    *page = r / tg->per_page;
    *chip = chip_box(tg, r, c);
    vk_layout_table_geom_destroy(tg);
    g_object_unref(pc);
}

/* Writes page k of the table laid out as tg (measured with pc) as a PNG
 * at dpi. */
static vk_status
write_table_png(const char *out_path, const vk_tablepage *t,
                PangoContext *pc, const vk_table_geom *tg, size_t k,
                double dpi, vk_error *err)
{
    vk_layout_doc doc = {0};
    cairo_surface_t *img;
    cairo_t *cr;
    vk_atomic a = {0};
    vk_status rc;

    if (k >= tg->npages)
        return VK_FAIL(err, VK_EUSAGE, "the table has %zu pages, not %zu",
                       tg->npages, k + 1);
    img = vk_layout_image(out_path, tg->w_pt, tg->h_pt, dpi, "page", &cr,
                          err);
    if (img == NULL)
        return VK_EUSAGE;
    doc.pc = pc;
    rc = vk_layout_draw_table(cr, &doc, t, tg, k, err);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    if (rc == VK_OK)
        rc = vk_atomic_open(&a, out_path, err);
    if (rc == VK_OK) {
        rc = vk_layout_png_encode(&a, img, dpi, err);
        if (rc == VK_OK)
            rc = vk_atomic_commit(&a, err);
        else
            vk_atomic_abort(&a);
    }
    cairo_surface_destroy(img);
    return rc;
}

/* Writes pages [from, to) of the table (to past the end: all the rest),
 * laid out once, page k to vk_layout_table_png_name(png_path, k), or to
 * one_path for a single page when given. */
static vk_status
write_table_pngs(const char *png_path, const char *one_path,
                 const vk_tablepage *t, size_t from, size_t to,
                 const vk_page_opts *opts, size_t *written, vk_error *err)
{
    double dpi = opts->dpi > 0 ? opts->dpi : DEFAULT_DPI;
    PangoContext *pc;
    vk_table_geom *tg;
    vk_status rc = VK_OK;
    size_t n = 0;

    if (vk_layout_check_dpi(dpi, err) != VK_OK)
        return VK_EUSAGE;
    pc = vk_layout_text_context();
    tg = vk_layout_table_geom(pc, t, opts->paper, opts->landscape);
    if (one_path != NULL)
        rc = write_table_png(one_path, t, pc, tg, from, dpi, err);
    for (size_t k = from; one_path == NULL && rc == VK_OK &&
                          k < tg->npages && k < to;
         k++) {
        char *path = vk_layout_table_png_name(png_path, k);

        rc = write_table_png(path, t, pc, tg, k, dpi, err);
        n += rc == VK_OK;
        free(path);
    }
    if (written != NULL)
        *written = n;
    vk_layout_table_geom_destroy(tg);
    g_object_unref(pc);
    return rc;
}

vk_status
vk_layout_write_table(const char *out_path, const vk_tablepage *t, size_t k,
                      const vk_page_opts *opts, vk_error *err)
{
    return write_table_pngs(NULL, out_path, t, k, k + 1, opts, NULL, err);
}

vk_status
vk_layout_write_table_pngs(const char *png_path, const vk_tablepage *t,
                           const vk_page_opts *opts, size_t *written,
                           vk_error *err)
{
    return write_table_pngs(png_path, NULL, t, 0, (size_t)-1, opts, written,
                            err);
}
