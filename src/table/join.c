/* SPDX-License-Identifier: MIT */
/* Joins table rows to boundary features by key, and writes the join report
 * of `veerkracht check`. */
#include "table_priv.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How many items a report list shows before "... and N more". */
#define REPORT_LIST_MAX 50

/* Longest code that gets a loose form; CBS codes have 6 to 10 characters. */
#define LOOSE_MAX 64

/* ---- loose keys ---- */

/*
 * Writes the loose form of a code into out (LOOSE_MAX bytes): the letters
 * of its prefix upper-cased, then its digits without leading zeros, so that
 * "BU9840305", "bu09840305" and " BU09840305 " all give "BU9840305" (Excel
 * drops leading zeros of codes it takes for numbers; shapefiles pad with
 * spaces; "363.0" gives "363"). Returns the prefix length, or -1 when
 * code is not letters followed by at least one digit.
 */
static long
loose_key(const char *code, char *out)
{
    size_t n = 0, plen;

    while (*code == ' ')
        code++;
    for (; (*code >= 'A' && *code <= 'Z') || (*code >= 'a' && *code <= 'z');
         code++) {
        if (n + 1 >= LOOSE_MAX)
            return -1;
        out[n++] = *code >= 'a' ? (char)(*code - 32) : *code;
    }
    plen = n;
    if (*code < '0' || *code > '9')
        return -1;
    while (code[0] == '0' && code[1] >= '0' && code[1] <= '9')
        code++;
    for (; *code >= '0' && *code <= '9'; code++) {
        if (n + 1 >= LOOSE_MAX)
            return -1;
        out[n++] = *code;
    }
    /* A whole number written as a decimal ("363.0": a spreadsheet or
     * pandas took the code for a number) is that number. */
    if (code[0] == '.' && code[1] == '0') {
        for (code++; *code == '0'; code++)
            ;
    }
    while (*code == ' ')
        code++;
    if (*code != '\0')
        return -1;
    out[n] = '\0';
    return (long)plen;
}

/* The loose forms of all feature codes, and maps from the full form
 * ("BU9840305") and from the digits alone ("9840305") to the first feature
 * with that form; ambiguous forms are flagged on that first feature. */
typedef struct loose_index {
    char *pool;
    size_t *full;          /* pool offset per feature, SIZE_MAX if none */
    size_t *digits;        /* pool offset of the digits per feature */
    vk_strmap by_full, by_digits;
    unsigned char *amb_full, *amb_digits;
} loose_index;

static const char *
full_key(const void *ctx, size_t f)
{
    const loose_index *x = ctx;

    return x->pool + x->full[f];
}

static const char *
digits_key(const void *ctx, size_t f)
{
    const loose_index *x = ctx;

    return x->pool + x->digits[f];
}

static void
index_one(vk_strmap *m, const char *key, size_t f, vk_strmap_keyfn fn,
          const loose_index *x, unsigned char *amb)
{
    size_t first;

    if (vk_strmap_get(m, key, fn, x, &first))
        amb[first] = 1;
    else
        vk_strmap_add(m, key, f);
}

static void
loose_index_build(loose_index *x, const vk_features *fs)
{
    vk_strbuf sb = {0};
    char buf[LOOSE_MAX];

    x->full = vk_xcalloc(fs->n, sizeof *x->full);
    x->digits = vk_xcalloc(fs->n, sizeof *x->digits);
    x->amb_full = vk_xcalloc(fs->n, 1);
    x->amb_digits = vk_xcalloc(fs->n, 1);

    /* Normalise every code into one buffer first: it moves while growing. */
    for (size_t f = 0; f < fs->n; f++) {
        long plen = fs->f[f].code ? loose_key(fs->f[f].code, buf) : -1;

        x->full[f] = x->digits[f] = SIZE_MAX;
        if (plen < 0)
            continue;
        x->full[f] = sb.len;
        x->digits[f] = sb.len + (size_t)plen;
        vk_strbuf_appendn(&sb, buf, strlen(buf) + 1);
    }
    x->pool = vk_strbuf_take(&sb);

    /* Then index both forms. */
    for (size_t f = 0; f < fs->n; f++) {
        if (x->full[f] == SIZE_MAX)
            continue;
        index_one(&x->by_full, x->pool + x->full[f], f, full_key, x,
                  x->amb_full);
        index_one(&x->by_digits, x->pool + x->digits[f], f, digits_key, x,
                  x->amb_digits);
    }
}

static void
loose_index_free(loose_index *x)
{
    free(x->pool);
    free(x->full);
    free(x->digits);
    vk_strmap_free(&x->by_full);
    vk_strmap_free(&x->by_digits);
    free(x->amb_full);
    free(x->amb_digits);
}

/* The feature a row key matches loosely: by the full form when the key has
 * a prefix, by the digits when it is a bare number. -1 if none or
 * ambiguous. */
static long
loose_target(const loose_index *x, const char *key)
{
    char buf[LOOSE_MAX];
    long plen = loose_key(key, buf);
    size_t f;

    if (plen > 0 && vk_strmap_get(&x->by_full, buf, full_key, x, &f))
        return x->amb_full[f] ? -1 : (long)f;
    if (plen == 0 && vk_strmap_get(&x->by_digits, buf, digits_key, x, &f))
        return x->amb_digits[f] ? -1 : (long)f;
    return -1;
}

/*
 * Matches rows that found no feature by their loose key. A match counts only
 * when the loose key names exactly one feature, that feature has no row of
 * its own, and no other row claims it loosely too.
 */
static void
match_loose(vk_join *j, const vk_features *fs, const vk_table *t,
            long *feature_of_row)
{
    loose_index x = {0};
    long *target = vk_xcalloc(j->nrows ? j->nrows : 1, sizeof *target);
    size_t *claims = vk_xcalloc(j->nfeatures ? j->nfeatures : 1,
                                sizeof *claims);

    loose_index_build(&x, fs);

    /* Find each unmatched row's candidate and count claims per feature. */
    for (size_t r = 0; r < j->nrows; r++) {
        target[r] = -1;
        if (feature_of_row[r] >= 0)
            continue;
        target[r] = loose_target(&x, vk_table_key(t, r));
        if (target[r] >= 0 && j->row_of_feature[target[r]] >= 0)
            target[r] = -1;
        if (target[r] >= 0)
            claims[target[r]]++;
    }

    /* Link the unambiguous ones. */
    for (size_t r = 0; r < j->nrows; r++) {
        if (target[r] < 0 || claims[target[r]] != 1)
            continue;
        j->row_of_feature[target[r]] = (long)r;
        feature_of_row[r] = target[r];
        j->nmatched_loose++;
    }
    free(claims);
    free(target);
    loose_index_free(&x);
}

/* ---- the join ---- */

/* The join of a table made from fs's own attributes: row i is feature
 * i. */
static void
match_rows(vk_join *j, long *feature_of_row)
{
    for (size_t f = 0; f < j->nfeatures; f++) {
        j->row_of_feature[f] = (long)f;
        feature_of_row[f] = (long)f;
    }
}

/* Exact matches; a code repeated among features joins each of them to
 * the row (as a GIS joins a layer to a table), and is listed. */
static void
match_exact(vk_join *j, const vk_features *fs, const vk_table *t,
            long *feature_of_row)
{
    for (size_t f = 0; f < j->nfeatures; f++) {
        const char *code = fs->f[f].code ? fs->f[f].code : "";
        long r = vk_table_row_of_key(t, code);

        j->row_of_feature[f] = r;
        if (r < 0)
            continue;
        if (feature_of_row[r] >= 0)
            j->features_dupcode[j->nfeatures_dupcode++] = f;
        else
            feature_of_row[r] = (long)f;
    }
}

vk_join *
vk_join_make(const vk_features *fs, const vk_table *t)
{
    vk_join *j = vk_xcalloc(1, sizeof *j);
    long *feature_of_row;

    j->nfeatures = fs->n;
    j->nrows = vk_table_nrows(t);
    j->row_of_feature = vk_xcalloc(j->nfeatures ? j->nfeatures : 1,
                                   sizeof *j->row_of_feature);
    j->features_dupcode = vk_xcalloc(j->nfeatures ? j->nfeatures : 1,
                                     sizeof *j->features_dupcode);
    feature_of_row = vk_xcalloc(j->nrows ? j->nrows : 1,
                                sizeof *feature_of_row);
    for (size_t r = 0; r < j->nrows; r++)
        feature_of_row[r] = -1;

    if (vk_table_is_features(t) && j->nrows == j->nfeatures) {
        match_rows(j, feature_of_row);
        j->by_row = 1;
    } else {
        match_exact(j, fs, t, feature_of_row);
        /* Keys that lost their leading zeros, if any row is left. */
        for (size_t r = 0; r < j->nrows; r++) {
            if (feature_of_row[r] < 0) {
                match_loose(j, fs, t, feature_of_row);
                break;
            }
        }
    }

    /* What is left over on either side. */
    j->rows_unmatched = vk_xcalloc(j->nrows ? j->nrows : 1,
                                   sizeof *j->rows_unmatched);
    j->features_unmatched = vk_xcalloc(j->nfeatures ? j->nfeatures : 1,
                                       sizeof *j->features_unmatched);
    for (size_t r = 0; r < j->nrows; r++)
        if (feature_of_row[r] < 0)
            j->rows_unmatched[j->nrows_unmatched++] = r;
    for (size_t f = 0; f < j->nfeatures; f++) {
        if (j->row_of_feature[f] < 0)
            j->features_unmatched[j->nfeatures_unmatched++] = f;
        else
            j->nmatched++;
    }
    free(feature_of_row);
    return j;
}

void
vk_join_destroy(vk_join *j)
{
    if (j == NULL)
        return;
    free(j->row_of_feature);
    free(j->rows_unmatched);
    free(j->features_unmatched);
    free(j->features_dupcode);
    free(j);
}

struct vk_join_cache {
    const vk_features *fs;
    const vk_table **t;
    vk_join **j;
    size_t n;
};

vk_join_cache *
vk_join_cache_create(const vk_features *fs)
{
    vk_join_cache *c = vk_xcalloc(1, sizeof *c);

    c->fs = fs;
    return c;
}

void
vk_join_cache_destroy(vk_join_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        vk_join_destroy(c->j[i]);
    free(c->t);
    free(c->j);
    free(c);
}

const vk_join *
vk_join_cache_get(vk_join_cache *c, const vk_features *fs, const vk_table *t)
{
    if (c == NULL || fs != c->fs)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->t[i] == t)
            return c->j[i];
    c->t = vk_xreallocarray(c->t, c->n + 1, sizeof *c->t);
    c->j = vk_xreallocarray(c->j, c->n + 1, sizeof *c->j);
    c->t[c->n] = t;
    c->j[c->n] = vk_join_make(fs, t);
    return c->j[c->n++];
}

vk_status
vk_join_column(const vk_join *j, const vk_table *t, const char *column,
               double *out, vk_cell *out_states, vk_error *err)
{
    size_t nrows = vk_table_nrows(t);
    double *values;
    vk_cell *states;

    if (j->nrows != nrows)
        return VK_FAIL(err, VK_EINTERNAL, "join of %zu rows used with a "
                       "table of %zu rows", j->nrows, nrows);

    /* Convert the whole column once, then pick each feature's row. */
    values = vk_xcalloc(nrows ? nrows : 1, sizeof *values);
    states = vk_xcalloc(nrows ? nrows : 1, sizeof *states);
    if (vk_table_numeric(t, column, values, states, err) != VK_OK) {
        free(states);
        free(values);
        return err ? err->code : VK_EDATA;
    }
    for (size_t f = 0; f < j->nfeatures; f++) {
        long r = j->row_of_feature[f];

        out[f] = r < 0 ? NAN : values[r];
        if (out_states != NULL)
            out_states[f] = r < 0 ? VK_CELL_MISSING : states[r];
    }
    free(states);
    free(values);
    return VK_OK;
}

/* ---- the report ---- */

/* Counts of one column over the table rows. */
typedef struct col_stats {
    size_t values, missing, nodata, bad;
    size_t first_bad; /* row of the first cell that is not a number */
} col_stats;

static col_stats
column_stats(const vk_table *t, size_t col)
{
    col_stats s = {0};

    for (size_t r = 0; r < vk_table_nrows(t); r++) {
        vk_cell state;
        double v;

        if (vk_parse_number(vk_table_text(t, r, col), vk_table_sep(t), &v,
                            &state) != VK_OK) {
            if (s.bad++ == 0)
                s.first_bad = r;
        } else if (state == VK_CELL_VALUE) {
            s.values++;
        } else if (state == VK_CELL_MISSING) {
            s.missing++;
        } else {
            s.nodata++;
        }
    }
    return s;
}

/*
 * One line per column. A column is numeric when every non-missing cell is a
 * number or nodata; text when at most half of them are; in between it is
 * reported as numeric with its first bad cell, which `render` would reject.
 */
static void
report_columns(vk_strbuf *sb, const vk_table *t)
{
    vk_strbuf_appendf(sb, "columns:\n  %-22s %-8s %7s %8s %7s\n", "column",
                      "type", "values", "missing", "nodata");
    for (size_t c = 0; c < vk_table_ncols(t); c++) {
        const char *name = vk_table_colname(t, c);
        col_stats s = column_stats(t, c);
        size_t parsed = s.values + s.nodata;

        if (c == vk_table_key_col(t)) {
            vk_strbuf_appendf(sb, "  %-22s %-8s %7zu %8zu %7s\n", name,
                              "key", vk_table_nrows(t), (size_t)0, "-");
        } else if (s.bad > 0 && 2 * parsed <= parsed + s.bad) {
            vk_strbuf_appendf(sb, "  %-22s %-8s %7zu %8zu %7s\n", name,
                              "text", s.values + s.nodata + s.bad,
                              s.missing, "-");
        } else {
            vk_strbuf_appendf(sb, "  %-22s %-8s %7zu %8zu %7zu\n", name,
                              "numeric", s.values, s.missing, s.nodata);
        }
        if (c != vk_table_key_col(t) && s.bad > 0 && 2 * parsed > parsed +
                                                               s.bad) {
            vk_strbuf_appendf(sb, "    error: %s:%ld: value \"%s\" is not a "
                              "number", vk_table_path(t),
                              vk_table_line(t, s.first_bad),
                              vk_table_text(t, s.first_bad, c));
            if (s.bad > 1)
                vk_strbuf_appendf(sb, " (%zu values are not numbers)",
                                  s.bad);
            vk_strbuf_append(sb, "\n");
        }
    }
}

static void
report_feature(vk_strbuf *sb, const vk_features *fs, size_t f)
{
    const vk_feature *ft = &fs->f[f];

    vk_strbuf_appendf(sb, "  %s%s%s\n", ft->code ? ft->code : "(no code)",
                      ft->name ? " " : "", ft->name ? ft->name : "");
}

static void
report_more(vk_strbuf *sb, size_t n)
{
    if (n > REPORT_LIST_MAX)
        vk_strbuf_appendf(sb, "  ... and %zu more\n", n - REPORT_LIST_MAX);
}

static void
report_matched(vk_strbuf *sb, const vk_features *fs, const vk_table *t,
               const vk_join *j)
{
    vk_strbuf_appendf(sb, "matched: %zu features", j->nmatched);
    if (j->nmatched_loose == 0) {
        vk_strbuf_append(sb, "\n");
        return;
    }

    /* Show the first loose match as an example. */
    for (size_t f = 0; f < j->nfeatures; f++) {
        long r = j->row_of_feature[f];
        const char *key = r >= 0 ? vk_table_key(t, (size_t)r) : NULL;

        if (key == NULL || (fs->f[f].code && !strcmp(key, fs->f[f].code)))
            continue;
        vk_strbuf_appendf(sb, " (%zu after %s%s \"%s\" -> %s)\n",
                          j->nmatched_loose,
                          strchr(key, '.') != NULL
                              ? "reading keys as whole numbers"
                              : "restoring leading zeros",
                          j->nmatched_loose == 1 ? ":" : ", e.g.", key,
                          fs->f[f].code);
        return;
    }
    vk_strbuf_append(sb, "\n");
}

/* The keys that several features share, each with how many: every one
 * of them is joined to the key's row and counts in the classes. */
static void
report_shared_keys(vk_strbuf *sb, const vk_features *fs, const vk_join *j)
{
    vk_keyed *k;
    size_t nk = 0, shown = 0, nshared = 0;

    /* Joined row by row (the boundaries' own columns), repeated keys are
     * not counted by the join: found here. */
    if (j->nfeatures_dupcode == 0 && !j->by_row)
        return;
    k = vk_xcalloc(fs->n ? fs->n : 1, sizeof *k);
    for (size_t f = 0; f < fs->n; f++)
        if (fs->f[f].code != NULL)
            k[nk++] = (vk_keyed){fs->f[f].code, f};
    vk_keyed_sort(k, nk);
    for (size_t s = 0, e; s < nk; s = e) {
        for (e = s + 1; e < nk && strcmp(k[e].key, k[s].key) == 0; e++)
            ;
        nshared += e - s > 1 && j->row_of_feature[k[s].idx] >= 0;
    }
    if (nshared == 0) {
        free(k);
        return;
    }
    vk_strbuf_appendf(sb, "keys used by more than one feature (each joined "
                      "and counted): %zu\n", nshared);
    for (size_t s = 0, e; s < nk; s = e) {
        for (e = s + 1; e < nk && strcmp(k[e].key, k[s].key) == 0; e++)
            ;
        if (e - s < 2 || j->row_of_feature[k[s].idx] < 0 ||
            shown++ >= REPORT_LIST_MAX)
            continue;
        vk_strbuf_appendf(sb, "  key \"%s\" used by %zu features\n",
                          k[s].key, e - s);
    }
    report_more(sb, nshared);
    free(k);
}

/* Features joined to a row that have no area to draw (NULL or EMPTY
 * geometry, lines, points): they count in the classes, unseen. */
static void
report_undrawable(vk_strbuf *sb, const vk_features *fs, const vk_join *j)
{
    size_t n = 0, shown = 0;

    for (size_t f = 0; f < fs->n; f++)
        n += fs->f[f].poly_count == 0 && j->row_of_feature[f] >= 0;
    if (n == 0)
        return;
    vk_strbuf_appendf(sb, "features joined, cannot be drawn (no area): "
                      "%zu\n", n);
    for (size_t f = 0; f < fs->n && shown < REPORT_LIST_MAX; f++)
        if (fs->f[f].poly_count == 0 && j->row_of_feature[f] >= 0) {
            report_feature(sb, fs, f);
            shown++;
        }
    report_more(sb, n);
}

static const char *
sep_label(char sep)
{
    switch (sep) {
    case ';': return "';'";
    case ',': return "','";
    case '\t': return "tab";
    default: return "other";
    }
}

char *
vk_join_report(const vk_features *fs, const vk_table *t, const vk_join *j)
{
    vk_strbuf sb = {0};
    const vk_warnings *w = vk_table_warnings(t);

    /* The two inputs. */
    vk_strbuf_appendf(&sb, "boundaries: %s", fs->path ? fs->path : "?");
    if (fs->layer != NULL)
        vk_strbuf_appendf(&sb, " (layer %s)", fs->layer);
    vk_strbuf_appendf(&sb, ": %zu features\n", fs->n);
    vk_strbuf_appendf(&sb, "table: %s: %zu rows, %zu columns, separator %s, "
                      "key column \"%s\"\n", vk_table_path(t),
                      vk_table_nrows(t), vk_table_ncols(t),
                      sep_label(vk_table_sep(t)),
                      vk_table_colname(t, vk_table_key_col(t)));
    if (vk_table_nrows(t) == 0)
        vk_strbuf_append(&sb, "  the table has a header line but no rows\n");

    /* The match, and what is left on either side. */
    report_matched(&sb, fs, t, j);
    vk_strbuf_appendf(&sb, "rows with no feature: %zu\n", j->nrows_unmatched);
    for (size_t i = 0; i < j->nrows_unmatched && i < REPORT_LIST_MAX; i++) {
        size_t r = j->rows_unmatched[i];

        vk_strbuf_appendf(&sb, "  line %ld: %s\n", vk_table_line(t, r),
                          vk_table_key(t, r));
    }
    report_more(&sb, j->nrows_unmatched);
    vk_strbuf_appendf(&sb, "features with no row: %zu\n",
                      j->nfeatures_unmatched);
    for (size_t i = 0; i < j->nfeatures_unmatched && i < REPORT_LIST_MAX; i++)
        report_feature(&sb, fs, j->features_unmatched[i]);
    report_more(&sb, j->nfeatures_unmatched);
    report_shared_keys(&sb, fs, j);
    report_undrawable(&sb, fs, j);

    /* Per column counts, then the reader's warnings. */
    report_columns(&sb, t);
    if (w->n > 0)
        vk_strbuf_appendf(&sb, "warnings: %zu\n", w->n);
    for (size_t i = 0; i < w->n && i < REPORT_LIST_MAX; i++)
        vk_strbuf_appendf(&sb, "  %s\n", w->msg[i]);
    report_more(&sb, w->n);
    return vk_strbuf_take(&sb);
}

char *
vk_join_low_match(const vk_features *fs, const vk_table *t, const vk_join *j)
{
    size_t nrows = vk_table_nrows(t), few, shown = 0;
    vk_strbuf sb = {0};

    /* Fewer matches than half of the smaller side: the table and the
     * boundaries are most likely of different CBS years (buurten are
     * renumbered every year), or the key column is the wrong one. */
    few = nrows < fs->n ? nrows : fs->n;
    if (nrows == 0 || fs->n == 0 || 2 * j->nmatched >= few)
        return NULL;
    vk_strbuf_appendf(&sb, "%s: only %zu of %zu rows (%.1f%%) match one of "
                      "the %zu buurten of %s", vk_table_path(t),
                      j->nmatched, nrows,
                      100.0 * (double)j->nmatched / (double)nrows, fs->n,
                      fs->path ? fs->path : "the boundaries");
    for (size_t i = 0; i < j->nrows_unmatched && shown < 3; i++, shown++)
        vk_strbuf_appendf(&sb, "%s\"%s\"", shown ? ", " : "; keys such as ",
                          vk_table_key(t, j->rows_unmatched[i]));
    for (size_t i = 0; i < j->nfeatures_unmatched && i < 3; i++) {
        const char *c = fs->f[j->features_unmatched[i]].code;

        vk_strbuf_appendf(&sb, "%s\"%s\"", i ? ", " : " against codes such "
                          "as ", c ? c : "?");
    }
    vk_strbuf_append(&sb, "; likely a different CBS year of boundaries and "
                     "table, or the wrong key column (--key, --table-key)");
    return vk_strbuf_take(&sb);
}
