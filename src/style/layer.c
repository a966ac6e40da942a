/* SPDX-License-Identifier: MIT */
/* A style applied to the buurten: derived values, mask, classes, colours
 * and the legend. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "style_priv.h"
#include "vk/table.h"

/* Lists every table with its columns, for "not found" messages. */
static char *
tables_and_columns(const vk_tableset *ts)
{
    vk_strbuf sb = {0};

    for (size_t i = 0; i < ts->n; i++) {
        const vk_table *t = ts->t[i];

        vk_strbuf_appendf(&sb, "%s%s has ", i ? "; " : "", vk_table_path(t));
        for (size_t c = 0; c < vk_table_ncols(t); c++)
            vk_strbuf_appendf(&sb, "%s%s", c ? ", " : "",
                              vk_table_colname(t, c));
    }
    return vk_strbuf_take(&sb);
}

/* The table that holds column col: a long one when a year is asked (the
 * first with rows of that year: a year's table can come from another
 * indeling, reallocated), a wide one otherwise. NULL with an error saying
 * why none fits. */
static const vk_table *
find_table(const vk_tableset *ts, const char *col, const char *year,
           vk_error *err)
{
    char *all;

    for (size_t i = 0; year != NULL && i < ts->n; i++)
        if (vk_table_find_col(ts->t[i], col) >= 0 &&
            vk_table_year_col(ts->t[i]) >= 0 &&
            vk_table_has_year(ts->t[i], year))
            return ts->t[i];
    for (size_t i = 0; i < ts->n; i++)
        if (vk_table_find_col(ts->t[i], col) >= 0 &&
            (year != NULL) == (vk_table_year_col(ts->t[i]) >= 0))
            return ts->t[i];
    for (size_t i = 0; i < ts->n; i++) {
        const vk_table *t = ts->t[i];

        if (vk_table_find_col(t, col) < 0)
            continue;
        if (year == NULL) {
            char *years = vk_table_years(t);

            VK_FAIL_AT(err, VK_EDATA, vk_table_path(t), 0, "column \"%s\" "
                       "is in a long table (years %s); say which year",
                       col, years);
            vk_error_hint(err, "add year: or change: [from, to] to the "
                          "style's value");
            free(years);
        } else {
            VK_FAIL_AT(err, VK_EDATA, vk_table_path(t), 0, "column \"%s\" "
                       "has no years (no jaar column), so year %s cannot "
                       "be taken", col, year);
            vk_error_hint(err, "give the long table with --table, or drop "
                          "year:/change: from the style's value");
        }
        return NULL;
    }
    all = tables_and_columns(ts);
    VK_FAIL(err, VK_EDATA, "column \"%s\" not found", col);
    vk_error_hint(err, "%s", all);
    free(all);
    return NULL;
}

vk_status
vk_layer_operand(const vk_tableset *ts, const vk_features *fs, const char *col,
        const char *year, double *out, vk_error *err)
{
    const vk_table *t = find_table(ts, col, year, err);
    vk_table *one_year = NULL;
    const vk_join *cached;
    vk_join *j;

    if (t == NULL)
        return err->code;
    if (year != NULL) {
        if ((one_year = vk_table_year(t, year, err)) == NULL)
            return err->code;
        t = one_year;
    }
    /* One year of a long table is a table of its own, made here. */
    cached = one_year == NULL ? vk_join_cache_get(ts->joins, fs, t) : NULL;
    if (cached != NULL) {
        vk_join_column(cached, t, col, out, NULL, err);
    } else {
        j = vk_join_make(fs, t);
        vk_join_column(j, t, col, out, NULL, err);
        vk_join_destroy(j);
    }
    vk_table_destroy(one_year);
    return err->code;
}

void
vk_layer_relative(vk_relative rel, const vk_features *fs, double *v)
{
    const char **key = vk_xcalloc(fs->n ? fs->n : 1, sizeof *key);

    for (size_t i = 0; i < fs->n; i++)
        key[i] = fs->f[i].gemeentecode;
    vk_layer_relative_by(rel, key, fs->n, v);
    free(key);
}

void
vk_layer_relative_by(vk_relative rel, const char *const *key, size_t n,
                     double *v)
{
    vk_keyed *k = vk_xcalloc(n ? n : 1, sizeof *k);

    for (size_t i = 0; i < n; i++)
        k[i] = (vk_keyed){key[i] ? key[i] : "", i};
    vk_keyed_sort(k, n);
    for (size_t s = 0, e; s < n; s = e) {
        double sum = 0, mean;
        size_t cnt = 0;

        for (e = s; e < n && strcmp(k[e].key, k[s].key) == 0; e++) {
            if (!isnan(v[k[e].idx])) {
                sum += v[k[e].idx];
                cnt++;
            }
        }
        mean = cnt ? sum / (double)cnt : NAN;
        for (size_t i = s; i < e; i++) {
            double *x = &v[k[i].idx];

            if (rel == VK_RELATIVE_DIFFERENCE)
                *x -= mean;
            else
                *x = mean != 0 ? *x / mean : NAN;
        }
    }
    free(k);
}

double *
vk_layer_per_buurt(const vk_tableset *ts, const vk_features *fs,
                   const char *col, vk_error *err)
{
    double *out = vk_xcalloc(fs->n ? fs->n : 1, sizeof *out);

    if (col == NULL) {
        for (size_t i = 0; i < fs->n; i++)
            out[i] = fs->f[i].inwoners;
    } else if (vk_layer_operand(ts, fs, col, NULL, out, err) != VK_OK) {
        free(out);
        return NULL;
    }
    return out;
}

/* 1 when a long table of ts has column col and rows of year; else 0,
 * and *years the years of the first long table with col (NULL when no long
 * table has it; caller frees) and *path its file. */
static int
year_in_tables(const vk_tableset *ts, const char *col, const char *year,
               char **years, const char **path)
{
    *years = NULL;
    *path = NULL;
    for (size_t i = 0; i < ts->n; i++) {
        const vk_table *t = ts->t[i];

        if (vk_table_find_col(t, col) < 0 || vk_table_year_col(t) < 0)
            continue;
        if (vk_table_has_year(t, year)) {
            free(*years);
            *years = NULL;
            return 1;
        }
        if (*years == NULL) {
            *years = vk_table_years(t);
            *path = vk_table_path(t);
        }
    }
    return 0;
}

/* A persistence value: per feature the number of the spec's years in
 * which its column was at most (at least) the threshold; NAN when one of
 * those years has no value (no row, a missing cell or CBS no-data), so a
 * count is always over all the years. */
static vk_status
persistence(const vk_value_spec *v, const vk_tableset *ts,
            const vk_features *fs, double *out, vk_error *err)
{
    double *y = vk_xcalloc(fs->n ? fs->n : 1, sizeof *y);

    for (size_t i = 0; i < fs->n; i++)
        out[i] = 0;
    for (size_t k = 0; k < v->nyears; k++) {
        const vk_value_year *yr = &v->years[k];
        const char *path;
        char *years;

        /* A year that no long table of the column has is the style's
         * mistake (or a table left out): say where the style names it. */
        if (!year_in_tables(ts, v->a, yr->year, &years, &path) &&
            years != NULL) {
            VK_FAIL_AT_COL(err, VK_EDATA, v->file, yr->line, yr->col,
                           "persistence: year %s is not in the tables; "
                           "column \"%s\" has the years %s (%s)",
                           yr->year, v->a, years, path);
            vk_error_hint(err, "name years the long table has, or give "
                          "the table of %s with --table", yr->year);
            free(years);
            break;
        }
        if (vk_layer_operand(ts, fs, v->a, yr->year, y, err) != VK_OK)
            break;
        for (size_t i = 0; i < fs->n; i++) {
            if (isnan(y[i]))
                out[i] = NAN;
            else if (v->at_least ? y[i] >= v->threshold
                                 : y[i] <= v->threshold)
                out[i] += 1;
        }
    }
    free(y);
    return err->code;
}

vk_status
vk_value_compute(const vk_value_spec *v, const vk_tableset *ts,
                 const vk_features *fs, double *out, vk_error *err)
{
    double *b = NULL;

    if (v->op == VK_VALUE_PERSISTENCE
            ? persistence(v, ts, fs, out, err) != VK_OK
            : vk_layer_operand(ts, fs, v->a, v->year_a, out, err) != VK_OK)
        return err->code;
    if (v->op == VK_VALUE_MINUS || v->op == VK_VALUE_PER) {
        b = vk_xcalloc(fs->n ? fs->n : 1, sizeof *b);
        if (vk_layer_operand(ts, fs, v->b, v->year_b ? v->year_b : v->year_a, b,
                    err) != VK_OK) {
            free(b);
            return err->code;
        }
    }

    /* Combine; NAN (missing) stays NAN, and a ratio to 0 has no value. */
    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].water)
            out[i] = NAN;
        else if (v->op == VK_VALUE_MINUS)
            out[i] -= b[i];
        else if (v->op == VK_VALUE_PER)
            out[i] = b[i] != 0 ? out[i] / b[i] * 100.0 : NAN;
        if (v->negate)
            out[i] = -out[i];
    }
    free(b);
    if (v->relative != VK_RELATIVE_NONE)
        vk_layer_relative(v->relative, fs, out);
    return VK_OK;
}

/* 1 when feature i, a buurt or (wijken) a wijk, is in area. */
static int
in_area(const vk_area *area, int wijken, size_t i)
{
    return wijken ? vk_area_has_wijk(area, i) : vk_area_has_buurt(area, i);
}

/* Classifies one axis over the buurten (wijken) that take part in any of
 * the n layers (values v[k], classes cls[k]): their values pooled, a
 * buurt once per layer (per year). */
static vk_breaks *
classify_axis(const vk_axis *ax, const double *const *v,
              const int *const *cls, size_t n, const vk_features *fs,
              const vk_area *area, int wijken, vk_error *err)
{
    size_t m = fs->n * n;
    double *use = vk_xcalloc(m > 0 ? m : 1, sizeof *use);
    vk_breaks *br;

    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < fs->n; i++)
            use[k * fs->n + i] =
                cls[k][i] == 0 && in_area(area, wijken, i) ? v[k][i] : NAN;
    br = vk_classify(use, m, ax->method, ax->classes, ax->breaks,
                     ax->nbreaks, ax->closure, err);
    free(use);
    if (br == NULL)
        vk_error_hint(err, "column \"%s\"", ax->value.a);
    return br;
}

int
vk_layer_code(const vk_style *s, int water, double inw, double vx, double vy)
{
    if (water)
        return VK_CLASS_WATER;
    if (s->mask_min_inwoners > 0 && !isnan(inw) && inw < s->mask_min_inwoners)
        return VK_CLASS_MASKED;
    if (isnan(vx) || (s->bivariate && isnan(vy)))
        return VK_CLASS_NODATA;
    return 0;
}

/* A layer of s with its values from vx (and vy) for the buurten fs and
 * the classes that need no breaks: water, masked, no value; 0 means "to
 * classify". NULL with err set. */
static vk_layer *
layer_values(const vk_style *s, const vk_value_spec *vx,
             const vk_value_spec *vy, const vk_tableset *ts,
             const vk_features *fs, vk_error *err)
{
    vk_layer *l = vk_xcalloc(1, sizeof *l);
    size_t n = fs->n ? fs->n : 1;
    double *pop = NULL;

    l->style = s;
    l->n = fs->n;
    l->cls = vk_xcalloc(n, sizeof *l->cls);
    l->vx = vk_xcalloc(n, sizeof *l->vx);
    if (s->bivariate)
        l->vy = vk_xcalloc(n, sizeof *l->vy);
    if (vk_value_compute(vx, ts, fs, l->vx, err) != VK_OK ||
        (s->bivariate && vk_value_compute(vy, ts, fs, l->vy, err) != VK_OK)) {
        vk_error_hint(err, "the value is defined in %s", s->path);
        vk_layer_destroy(l);
        return NULL;
    }

    /* The residents of the mask: the boundaries', or the style's column
     * (looked up as a value's). */
    if (s->mask_min_inwoners > 0 && s->mask_column != NULL &&
        (pop = vk_layer_per_buurt(ts, fs, s->mask_column, err)) == NULL) {
        vk_error_hint(err, "the mask's column is named in %s", s->path);
        vk_layer_destroy(l);
        return NULL;
    }

    /* Water, masked and valueless buurten first; 0 means "to classify". */
    for (size_t i = 0; i < fs->n; i++)
        l->cls[i] = vk_layer_code(s, fs->f[i].water,
                                  pop != NULL ? pop[i] : fs->f[i].inwoners,
                                  l->vx[i], l->vy != NULL ? l->vy[i] : 0);
    free(pop);
    return l;
}

/* The warnings of l's breaks, told as the layer's. */
static void
breaks_warnings(vk_layer *l)
{
    const vk_style *s = l->style;

    if (l->bx->k > s->x.classes && !s->bivariate)
        vk_warnings_add(&l->warnings, "%s: %s made %d classes for %d "
                        "colours; some classes share a colour", s->id,
                        vk_method_name(s->x.method), l->bx->k,
                        s->x.classes);
    for (size_t i = 0; i < l->bx->warnings.n; i++)
        vk_warnings_add(&l->warnings, "%s: %s", s->id, l->bx->warnings.msg[i]);
    for (size_t i = 0; l->by && i < l->by->warnings.n; i++)
        vk_warnings_add(&l->warnings, "%s (y): %s", s->id,
                        l->by->warnings.msg[i]);
}

/* Every buurt still to classify takes its class (cell of the grid); a
 * value that is no listed category has none. */
static void
take_classes(vk_layer *l)
{
    const vk_style *s = l->style;

    for (size_t i = 0; i < l->n; i++) {
        int c;

        if (l->cls[i] != 0)
            continue;
        c = s->bivariate ? vk_bivariate_class(l->bx, l->by, l->vx[i],
                                              l->vy[i])
                         : vk_breaks_class(l->bx, l->vx[i]);
        l->cls[i] = c < 0 ? VK_CLASS_NODATA : c;
    }
}

vk_status
vk_layer_classify(vk_layer *l, const vk_features *fs, const vk_area *area,
                  int wijken, vk_error *err)
{
    const vk_style *s = l->style;
    const double *vx = l->vx, *vy = l->vy;
    const int *cls = l->cls;

    if ((l->bx = classify_axis(&s->x, &vx, &cls, 1, fs, area, wijken,
                               err)) == NULL ||
        (s->bivariate && (l->by = classify_axis(&s->y, &vy, &cls, 1, fs,
                                                area, wijken, err)) ==
                             NULL)) {
        vk_error_hint(err, "classification of %s", s->path);
        return err->code;
    }
    breaks_warnings(l);
    take_classes(l);
    return VK_OK;
}

vk_layer *
vk_layer_make(const vk_style *s, const vk_tableset *ts, const vk_features *fs,
              const vk_area *scope_area, vk_error *err)
{
    vk_layer *l = layer_values(s, &s->x.value, &s->y.value, ts, fs, err);

    if (l == NULL)
        return NULL;
    if (vk_layer_classify(l, fs, scope_area, 0, err) != VK_OK) {
        vk_layer_destroy(l);
        return NULL;
    }
    return l;
}

/* v for one year: its year (year:, or the later year of change:) is
 * year; a value of no year takes it when take is set. Borrows from v. */
static vk_value_spec
value_of_year(const vk_value_spec *v, const char *year, int take)
{
    vk_value_spec y = *v;

    if (v->year_a != NULL || take)
        y.year_a = (char *)year;
    return y;
}


vk_status
vk_layers_make_years(const vk_style *s, const vk_tableset *ts,
                     const vk_features *fs, const vk_area *scope_area,
                     const char *const *years, size_t nyears, vk_layer **out,
                     vk_error *err)
{
    vk_layer *l[VK_STYLE_MAX_YEARS] = {NULL};
    const double *vxs[VK_STYLE_MAX_YEARS], *vys[VK_STYLE_MAX_YEARS];
    const int *cls[VK_STYLE_MAX_YEARS];
    vk_breaks *bx = NULL, *by = NULL;
    /* A style of no year at all reads x's value of each year. */
    int take = s->x.value.year_a == NULL &&
               (!s->bivariate || s->y.value.year_a == NULL);

    if (nyears == 0 || nyears > VK_STYLE_MAX_YEARS)
        return VK_FAIL(err, VK_EUSAGE, "%s: %zu years, not 1 to %d", s->id,
                       nyears, VK_STYLE_MAX_YEARS);
    if (s->x.value.op == VK_VALUE_PERSISTENCE ||
        (s->bivariate && s->y.value.op == VK_VALUE_PERSISTENCE)) {
        VK_FAIL_AT(err, VK_EUSAGE, s->path, 0, "a persistence value counts "
                   "its own years: it is not drawn per year");
        vk_error_hint(err, "leave this style out of --years");
        return VK_EUSAGE;
    }
    for (size_t y = 0; y < nyears; y++) {
        vk_value_spec vx = value_of_year(&s->x.value, years[y], take);
        vk_value_spec vy = value_of_year(&s->y.value, years[y], 0);

        if ((l[y] = layer_values(s, &vx, &vy, ts, fs, err)) == NULL)
            goto fail;
    }
    /* One set of breaks over every year's values: the maps compare. */
    for (size_t y = 0; y < nyears; y++) {
        vxs[y] = l[y]->vx;
        vys[y] = l[y]->vy;
        cls[y] = l[y]->cls;
    }
    if ((bx = classify_axis(&s->x, vxs, cls, nyears, fs, scope_area, 0,
                            err)) == NULL ||
        (s->bivariate && (by = classify_axis(&s->y, vys, cls, nyears, fs,
                                             scope_area, 0, err)) == NULL)) {
        vk_error_hint(err, "classification of %s over the years", s->path);
        goto fail;
    }
    for (size_t y = 0; y < nyears; y++) {
        l[y]->bx = y == 0 ? bx : vk_breaks_copy(bx);
        l[y]->by = by == NULL ? NULL : y == 0 ? by : vk_breaks_copy(by);
        take_classes(l[y]);
    }
    /* Told once, with the first year. */
    breaks_warnings(l[0]);
    for (size_t y = 0; y < nyears; y++)
        out[y] = l[y];
    return VK_OK;

fail:
    vk_breaks_destroy(bx);
    vk_breaks_destroy(by);
    for (size_t y = 0; y < nyears; y++)
        vk_layer_destroy(l[y]);
    return err->code;
}

void
vk_layer_destroy(vk_layer *l)
{
    if (l == NULL)
        return;
    free(l->vx);
    free(l->vy);
    free(l->cls);
    vk_breaks_destroy(l->bx);
    vk_breaks_destroy(l->by);
    vk_warnings_free(&l->warnings);
    vk_layer_wijken_free(l->wijk);
    free(l);
}

/* Colour of class c: for a bivariate grid of computed size kx * ky the
 * style's grid is indexed per axis. */
static vk_rgba
class_color(const vk_layer *l, int c)
{
    const vk_style *s = l->style;
    int kx = l->bx->k;

    if (!s->bivariate)
        return s->colors[vk_style_color_index(s, c, kx)];
    {
        vk_style sx = *s, sy = *s;
        size_t ix, iy;

        /* Spread each axis over the style's classes on that axis. */
        sx.ncolors = (size_t)s->x.classes;
        sy.ncolors = (size_t)s->y.classes;
        ix = vk_style_color_index(&sx, c % kx, kx);
        iy = vk_style_color_index(&sy, c / kx, l->by->k);
        return s->colors[iy * (size_t)s->x.classes + ix];
    }
}

void
vk_layer_fill(const vk_layer *l, vk_rgba *out)
{
    for (size_t i = 0; i < l->n; i++) {
        switch (l->cls[i]) {
        case VK_CLASS_WATER:
            out[i] = vk_style_water_color();
            break;
        case VK_CLASS_MASKED:
            out[i] = l->style->mask_color;
            break;
        case VK_CLASS_NODATA:
            out[i] = l->style->nodata_color;
            break;
        default:
            out[i] = class_color(l, l->cls[i]);
        }
    }
}

void
vk_layer_hatch(const vk_layer *l, unsigned char *out)
{
    for (size_t i = 0; i < l->n; i++)
        out[i] = l->cls[i] == VK_CLASS_MASKED;
}

/* "laag", "midden", "hoog" (in lang) for the classes of one axis. */
static const char *
level_word(vk_lang lang, int c, int k)
{
    return vk_text(lang, c == 0       ? VK_TEXT_LOW
                         : c == k - 1 ? VK_TEXT_HIGH
                                      : VK_TEXT_MIDDLE);
}

char *
vk_layer_value_text(const vk_layer *l, size_t i)
{
    const vk_style *s = l->style;
    int c = l->cls[i];
    char num[64];

    if (c < 0)
        return NULL;
    if (s->bivariate)
        return vk_xasprintf("%s/%s", level_word(s->lang, c % l->bx->k,
                                                l->bx->k),
                            level_word(s->lang, c / l->bx->k, l->by->k));
    vk_format_number(s->lang, l->vx[i], s->decimals, num, sizeof num);
    return vk_xasprintf("%s%s", num, s->unit != NULL ? s->unit : "");
}

static void
add_entry(vk_legend *lg, vk_rgba color, char *label, size_t count)
{
    lg->e[lg->n++] = (vk_legend_entry){color, label, count, 0};
}

/* The buurten of fs (a layer of wijken: its wijken) in area per class of
 * l, added to counts (a cell each) and to the no-data, masked and water
 * counts of c[0..2]. */
static void
count_classes(const vk_layer *l, const vk_features *fs, const vk_area *area,
              size_t *counts, size_t c[3])
{
    const vk_features *units = l->wijk != NULL ? l->wijk->wijken : fs;
    const int *cls = l->wijk != NULL ? l->wijk->cls : l->cls;

    for (size_t i = 0; i < units->n; i++) {
        if (!in_area(area, l->wijk != NULL, i))
            continue;
        switch (cls[i]) {
        case VK_CLASS_NODATA: c[0]++; break;
        case VK_CLASS_MASKED: c[1]++; break;
        case VK_CLASS_WATER: c[2]++; break;
        default: counts[cls[i]]++;
        }
    }
}

/* The legend of l's classes with these counts (see vk_layer_legend). */
static vk_legend *
legend_of(const vk_layer *l, size_t *counts, size_t nodata, size_t masked,
          size_t water)
{
    const vk_style *s = l->style;
    int kx = l->bx->k, ky = s->bivariate ? l->by->k : 1;
    size_t ncells = (size_t)kx * (size_t)ky;
    vk_legend *lg;

    if (!s->bivariate) {
        vk_breaks local = *l->bx;

        local.counts = counts;
        lg = vk_legend_build(s, &local, nodata, water);
    } else {
        lg = vk_xcalloc(1, sizeof *lg);
        lg->title = vk_xstrdup(s->title);
        lg->e = vk_xcalloc(ncells + 3, sizeof *lg->e);
        /* Named cells read better as a list; unnamed ones as a grid. */
        lg->grid_cols = s->nlabels == ncells ? 0 : kx;
        lg->grid_rows = s->nlabels == ncells ? 0 : ky;
        lg->x_title = vk_xstrdup(s->x.title ? s->x.title : s->x.value.a);
        lg->y_title = vk_xstrdup(s->y.title ? s->y.title : s->y.value.a);
        for (size_t c = 0; c < ncells; c++) {
            int ix = (int)c % kx, iy = (int)c / kx;
            char *label =
                s->nlabels == ncells
                    ? vk_xstrdup(s->labels[c])
                    : vk_xasprintf("%s: %s, %s: %s", lg->x_title,
                                   level_word(s->lang, ix, kx), lg->y_title,
                                   level_word(s->lang, iy, ky));

            add_entry(lg, class_color(l, (int)c), label, counts[c]);
        }
        if (nodata > 0)
            add_entry(lg, s->nodata_color, vk_xstrdup(s->nodata_label),
                      nodata);
        if (water > 0)
            add_entry(lg, vk_style_water_color(),
                      vk_xstrdup(vk_text(s->lang, VK_TEXT_WATER)), water);
    }
    /* The masked entry goes before water in both kinds of legend. */
    if (masked > 0) {
        lg->e = vk_xreallocarray(lg->e, lg->n + 1, sizeof *lg->e);
        if (water > 0) {
            lg->e[lg->n] = lg->e[lg->n - 1];
            lg->e[lg->n - 1] = (vk_legend_entry){s->mask_color,
                                                 vk_xstrdup(s->mask_label),
                                                 masked, 1};
            lg->n++;
        } else {
            add_entry(lg, s->mask_color, vk_xstrdup(s->mask_label), masked);
            lg->e[lg->n - 1].hatch = 1;
        }
    }
    return lg;
}

/* The cells of l's classes. */
static size_t
ncells_of(const vk_layer *l)
{
    return (size_t)l->bx->k * (size_t)(l->style->bivariate ? l->by->k : 1);
}

vk_legend *
vk_layer_legend(const vk_layer *l, const vk_features *fs, const vk_area *area)
{
    size_t *counts = vk_xcalloc(ncells_of(l), sizeof *counts), c[3] = {0};
    vk_legend *lg;

    count_classes(l, fs, area, counts, c);
    lg = legend_of(l, counts, c[0], c[1], c[2]);
    free(counts);
    return lg;
}

vk_legend *
vk_layers_legend(vk_layer *const *l, size_t n, const vk_features *fs,
                 const vk_area *area)
{
    size_t *counts = vk_xcalloc(ncells_of(l[0]), sizeof *counts), c[3] = {0};
    vk_legend *lg;

    for (size_t y = 0; y < n; y++)
        count_classes(l[y], fs, area, counts, c);
    lg = legend_of(l[0], counts, c[0], c[1], c[2]);
    lg->no_counts = 1;
    free(counts);
    return lg;
}
