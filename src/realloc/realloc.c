/* SPDX-License-Identifier: MIT */
/* The reallocation of a table from the buurten of one indeling to those of
 * another: the parts (overlaps) of new and old buurten, sums split per old
 * buurt by largest remainders, weighted means per new buurt, coverage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "realloc_priv.h"


typedef struct column {
    size_t col;  /* in the input table */
    rule how;
} column;


/* One group of rows: a wide table, or one year of a long one. */
typedef struct group {
    const vk_table *t;
    const char *year;     /* NULL for a wide table */
    long *row_of_old;     /* per old buurt, -1 if none */
} group;

/* What the making needs throughout. */
typedef struct maker {
    const vk_features *old, *nw;
    const vk_table *t;
    const vk_realloc_opts *o;
    column *cols;
    size_t ncols;
    long weight_col;      /* -1: none */
    vk_part *parts;
    size_t nparts;
    size_t *first_of_new; /* parts of new k: [first_of_new[k], [k+1]) */
    size_t *by_old;       /* part indices ordered by old buurt */
    size_t *first_of_old; /* in by_old */
    double *area_new, *area_old;
    double full;          /* 1 - the sliver share: a coverage this close
                             to 1 is whole */
    vk_realloc *r;
    vk_strbuf totals;
    size_t nwithout;
    vk_strbuf without;
    char *weights;        /* what the weights are, for the report */
} maker;

void
vk_realloc_opts_init(vk_realloc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->min_coverage = VK_REALLOC_MIN_COVERAGE;
}

/* ---- numbers ----------------------------------------------------------- */

int
vk_scaled_parse(const char *s, vk_scaled *out)
{
    const char *mark = NULL;
    int64_t v = 0;
    int neg = 0, d = 0, ndig = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (const char *p = s; *p; p++)
        if (*p == '.' || *p == ',')
            mark = p;
    for (const char *p = s; *p && *p != ' ' && *p != '\t'; p++) {
        if (*p < '0' || *p > '9')
            continue;
        if (++ndig > 18)
            return 0;
        v = 10 * v + (*p - '0');
        if (mark != NULL && p > mark)
            d++;
    }
    out->v = neg ? -v : v;
    out->d = d;
    return 1;
}

static int64_t
pow10i(int d)
{
    int64_t p = 1;

    while (d-- > 0)
        p *= 10;
    return p;
}

void
vk_scaled_format(int64_t v, int d, char dec, char *buf)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char digits[24];
    int n = 0, k = 0;

    /* The digits backwards, at least d + 1 of them. */
    do {
        digits[n++] = (char)('0' + a % 10);
        a /= 10;
    } while (a > 0 || n <= d);
    if (v < 0)
        buf[k++] = '-';
    while (n > 0) {
        if (n == d)
            buf[k++] = dec;
        buf[k++] = digits[--n];
    }
    buf[k] = '\0';
}

void
vk_realloc_format(double x, int decimals, char dec, char *buf)
{
    char *p, *end;

    snprintf(buf, 64, "%.*f", decimals, x);
    /* Whatever mark the locale printed, the table's replaces it. */
    for (p = buf; *p; p++)
        if (*p == '.' || *p == ',')
            *p = dec;
    if ((p = strchr(buf, dec)) != NULL) {
        end = buf + strlen(buf);
        while (end > p + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == p + 1)
            *p = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

/* The decimal mark the table's numbers use: the one most of them show,
 * else '.' for a comma-separated table and ',' otherwise. */
static char
decimal_mark(const vk_table *t, const column *cols, size_t ncols)
{
    size_t ncomma = 0, ndot = 0;
    char sep = vk_table_sep(t);

    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].how != RULE_SUM && cols[c].how != RULE_MEAN)
            continue;
        for (size_t row = 0; row < vk_table_nrows(t); row++) {
            const char *s = vk_table_text(t, row, cols[c].col);
            const char *m = strrchr(s, ','), *m2 = strrchr(s, '.');

            if (m2 > m)
                m = m2;
            if (m != NULL)
                *m == ',' ? ncomma++ : ndot++;
        }
    }
    if (ncomma != ndot)
        return ncomma > ndot ? ',' : '.';
    return sep == ',' ? '.' : ',';
}

/* ---- columns ----------------------------------------------------------- */

static int
named(const char *const *names, size_t n, const char *col)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], col) == 0)
            return 1;
    return 0;
}

/* A named column must exist and be numeric: vk_table_numeric says which
 * line holds text, or lists the columns. */
static vk_status
check_named(const vk_table *t, const char *const *names, size_t n,
            vk_error *err)
{
    double *v = vk_xcalloc(vk_table_nrows(t) + 1, sizeof *v);
    vk_status s = VK_OK;

    for (size_t i = 0; i < n && s == VK_OK; i++)
        s = vk_table_numeric(t, names[i], v, NULL, err);
    free(v);
    return s;
}

static vk_status
pick_rules(maker *m, vk_error *err)
{
    const vk_table *t = m->t;
    const vk_realloc_opts *o = m->o;
    long year = vk_table_year_col(t);

    if (check_named(t, o->sum, o->nsum, err) != VK_OK ||
        check_named(t, o->mean, o->nmean, err) != VK_OK ||
        (o->weight_column != NULL &&
         check_named(t, &o->weight_column, 1, err) != VK_OK))
        return VK_EDATA;
    for (size_t i = 0; i < o->nsum; i++)
        if (named(o->mean, o->nmean, o->sum[i])) {
            VK_FAIL(err, VK_EUSAGE, "column \"%s\" is named in both --sum "
                    "and --mean", o->sum[i]);
            vk_error_hint(err, "a count is a sum, a rate or score a mean");
            return VK_EUSAGE;
        }
    m->ncols = vk_table_ncols(t);
    m->cols = vk_xcalloc(m->ncols, sizeof *m->cols);
    for (size_t c = 0; c < m->ncols; c++) {
        const char *name = vk_table_colname(t, c);

        if (strcmp(name, "dekking") == 0) {
            VK_FAIL_AT(err, VK_EDATA, vk_table_path(t), 1, "the table has "
                       "a column \"dekking\" already, which the "
                       "reallocation adds");
            vk_error_hint(err, "rename or remove that column");
            return VK_EDATA;
        }
        m->cols[c].col = c;
        if (c == vk_table_key_col(t))
            m->cols[c].how = RULE_KEY;
        else if ((long)c == year)
            m->cols[c].how = RULE_YEAR;
        else if (named(o->sum, o->nsum, name))
            m->cols[c].how = RULE_SUM;
        else if (named(o->mean, o->nmean, name) ||
                 vk_table_numeric_col(t, c, 0))
            m->cols[c].how = RULE_MEAN;
        else
            m->cols[c].how = RULE_TEXT;
    }
    m->weight_col = o->weight_column ? vk_table_find_col(t, o->weight_column)
                                     : -1;
    return VK_OK;
}

/* ---- parts ------------------------------------------------------------- */

/* The overlaps without slivers, indexed both ways. */
static void
make_parts(maker *m, const vk_overlaps *ov)
{
    double sliver = m->o->sliver > 0 ? m->o->sliver : VK_REALLOC_SLIVER;
    size_t nnew = m->nw->n, nold = m->old->n;

    m->full = 1 - sliver;
    m->parts = vk_xcalloc(ov->n ? ov->n : 1, sizeof *m->parts);
    for (size_t i = 0; i < ov->n; i++) {
        const vk_overlap *x = &ov->o[i];
        double small = fmin(ov->area_a[x->a], ov->area_b[x->b]);

        if (x->area < sliver * small)
            continue;
        m->parts[m->nparts++] = (vk_part){x->a, x->b, x->area, x->area};
    }
    m->first_of_new = vk_xcalloc(nnew + 1, sizeof *m->first_of_new);
    for (size_t i = 0; i < m->nparts; i++)
        m->first_of_new[m->parts[i].k + 1]++;
    for (size_t k = 0; k < nnew; k++)
        m->first_of_new[k + 1] += m->first_of_new[k];
    m->by_old = vk_xcalloc(m->nparts ? m->nparts : 1, sizeof *m->by_old);
    m->first_of_old = vk_xcalloc(nold + 1, sizeof *m->first_of_old);
    for (size_t i = 0; i < m->nparts; i++) {
        m->by_old[i] = i;
        m->first_of_old[m->parts[i].j + 1]++;
    }
    for (size_t j = 0; j < nold; j++)
        m->first_of_old[j + 1] += m->first_of_old[j];
    /* A stable order by old buurt; qsort_r is not C11, so sort by hand:
     * counting sort on j keeps the order by k within each j. */
    {
        size_t *fill = vk_xcalloc(nold + 1, sizeof *fill);

        memcpy(fill, m->first_of_old, (nold + 1) * sizeof *fill);
        for (size_t i = 0; i < m->nparts; i++)
            m->by_old[fill[m->parts[i].j]++] = i;
        free(fill);
    }
    m->area_new = vk_xcalloc(nnew ? nnew : 1, sizeof *m->area_new);
    memcpy(m->area_new, ov->area_a, nnew * sizeof *m->area_new);
    m->area_old = vk_xcalloc(nold ? nold : 1, sizeof *m->area_old);
    memcpy(m->area_old, ov->area_b, nold * sizeof *m->area_old);
}

/* ---- one group --------------------------------------------------------- */

/* The cell of old buurt j in column c of g: its text, or NULL when j has
 * no row; *value and *state as vk_parse_number gives them. */
static const char *
old_cell(const group *g, size_t j, size_t col, double *value, vk_cell *state)
{
    long row = g->row_of_old[j];
    const char *s;

    *value = NAN;
    *state = VK_CELL_MISSING;
    if (row < 0)
        return NULL;
    s = vk_table_text(g->t, (size_t)row, col);
    if (vk_parse_number(s, vk_table_sep(g->t), value, state) != VK_OK)
        *state = VK_CELL_MISSING;
    return s;
}

typedef struct share {
    size_t part;
    int64_t whole;
    double rest;
} share;

static int
cmp_rest(const void *x, const void *y)
{
    const share *a = x, *b = y;

    if (a->rest != b->rest)
        return a->rest < b->rest ? 1 : -1;
    return (a->part > b->part) - (a->part < b->part);
}

/* Splits old buurt j's scaled value v over its parts by weight: each part
 * the whole units of its share, the units left over one each to the parts
 * with the largest remainders (ties: the first part), so the parts add up
 * to v exactly. Population weights that are all zero give way to area. */
static void
split_sum(const maker *m, size_t j, int64_t v, int64_t *out)
{
    size_t a = m->first_of_old[j], n = m->first_of_old[j + 1] - a;
    share *sh;
    double total = 0;
    int64_t left, av = v < 0 ? -v : v;
    int by_area;

    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        total += m->parts[m->by_old[a + i]].weight;
    by_area = !(total > 0);
    if (by_area) {
        total = 0;
        for (size_t i = 0; i < n; i++)
            total += m->parts[m->by_old[a + i]].area;
    }
    sh = vk_xcalloc(n, sizeof *sh);
    left = av;
    for (size_t i = 0; i < n; i++) {
        const vk_part *p = &m->parts[m->by_old[a + i]];
        double q = (double)av * (by_area ? p->area : p->weight) / total;
        double w = floor(q);

        sh[i].part = m->by_old[a + i];
        sh[i].whole = (int64_t)w;
        sh[i].rest = q - w;
        left -= sh[i].whole;
    }
    qsort(sh, n, sizeof *sh, cmp_rest);
    for (size_t i = 0; left != 0 && n > 0; i = (i + 1) % n) {
        if (left > 0) {
            sh[i].whole++;
            left--;
        } else if (sh[n - 1 - i].whole > 0) {
            sh[n - 1 - i].whole--;
            left++;
        }
    }
    for (size_t i = 0; i < n; i++)
        out[sh[i].part] = v < 0 ? -sh[i].whole : sh[i].whole;
    free(sh);
}

/* 1 when new buurt k has one part, from an old buurt with a row in g,
 * covering at least the minimum: it keeps that buurt's cells as written
 * (missing and no-data symbols too); for a sum only when the part is the
 * whole of the old buurt. */
static int
one_source(const maker *m, const group *g, size_t k)
{
    size_t a = m->first_of_new[k];

    return m->first_of_new[k + 1] - a == 1 &&
           g->row_of_old[m->parts[a].j] >= 0 &&
           m->parts[a].area >= m->o->min_coverage * m->area_new[k] * m->full;
}

static int
whole_of_one(const maker *m, const group *g, size_t k)
{
    size_t j;

    if (!one_source(m, g, k))
        return 0;
    j = m->parts[m->first_of_new[k]].j;
    return m->first_of_old[j + 1] - m->first_of_old[j] == 1;
}

static char *
dup_cell(const char *s)
{
    return vk_xstrdup(s ? s : "");
}

/* The sum of column col over the rows of group g with a value, joined or
 * not, at *d decimals: the most any of them has. */
static int64_t
table_total(const group *g, size_t col, int *d)
{
    int64_t total = 0;

    *d = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t row = 0; row < vk_table_nrows(g->t); row++) {
            vk_scaled sc;
            double v;
            vk_cell st;
            const char *s = vk_table_text(g->t, row, col);

            if (vk_parse_number(s, vk_table_sep(g->t), &v, &st) != VK_OK ||
                st != VK_CELL_VALUE || !vk_scaled_parse(s, &sc))
                continue;
            if (pass == 0 && sc.d > *d)
                *d = sc.d;
            else if (pass == 1)
                total += sc.v * pow10i(*d - sc.d);
        }
    return total;
}

/* Each old buurt's value of column col (v_old, in units of d_old[j]
 * decimals; has[j] when it has one) split over its parts (part_v, in the
 * same units). Values of more than 18 digits are rounded to 6 decimals
 * (then returns 1). */
static int
split_column(const maker *m, const group *g, size_t col, int64_t *part_v,
             int64_t *v_old, int *d_old, char *has)
{
    int inexact = 0;

    for (size_t j = 0; j < m->old->n; j++) {
        double v;
        vk_cell st;
        vk_scaled sc;
        const char *s = old_cell(g, j, col, &v, &st);

        if (s == NULL || st != VK_CELL_VALUE)
            continue;
        if (!vk_scaled_parse(s, &sc)) {
            sc.d = 6;
            sc.v = llround(v * 1e6);
            inexact = 1;
        }
        has[j] = 1;
        d_old[j] = sc.d;
        v_old[j] = sc.v;
        split_sum(m, j, sc.v, part_v);
    }
    return inexact;
}

static void
add_totals(maker *m, const group *g, size_t col, int d, int64_t before,
           int64_t joined, int64_t after, int inexact)
{
    char b1[48], b2[48];

    vk_scaled_format(before, d, m->r->dec, b1);
    vk_scaled_format(after, d, m->r->dec, b2);
    vk_strbuf_appendf(&m->totals, "  %s%s%s: before %s, after %s",
                      vk_table_colname(m->t, col), g->year ? " " : "",
                      g->year ? g->year : "", b1, b2);
    if (before != after) {
        vk_scaled_format(before - joined, d, m->r->dec, b1);
        vk_scaled_format(joined - after, d, m->r->dec, b2);
        vk_strbuf_appendf(&m->totals, " (not reallocated: %s in rows "
                          "without an old buurt, %s in new buurten without "
                          "value or old ones outside the new)", b1, b2);
    }
    vk_strbuf_append(&m->totals, inexact ? " (some values had more than 18 "
                     "digits and were rounded to 6 decimals)\n" : "\n");
}

/* Column c (a sum) of every new buurt of group g, into cells (stride
 * ncols); adds the totals. */
static void
sum_column(maker *m, const group *g, size_t c, char **cells, size_t stride)
{
    size_t col = m->cols[c].col, nold = m->old->n;
    int64_t *part_v = vk_xcalloc(m->nparts ? m->nparts : 1, sizeof *part_v);
    int64_t *v_old = vk_xcalloc(nold ? nold : 1, sizeof *v_old);
    int *d_old = vk_xcalloc(nold ? nold : 1, sizeof *d_old);
    char *has = vk_xcalloc(nold ? nold : 1, 1);
    int dmax, inexact;
    int64_t before = table_total(g, col, &dmax), joined = 0, after = 0;
    char buf[48];

    inexact = split_column(m, g, col, part_v, v_old, d_old, has);
    if (inexact && dmax < 6) {
        /* Rounded values have 6 decimals: count at those. */
        before *= pow10i(6 - dmax);
        dmax = 6;
    }
    for (size_t j = 0; j < nold; j++)
        if (has[j])
            joined += v_old[j] * pow10i(dmax - d_old[j]);
    for (size_t k = 0; k < m->nw->n; k++) {
        size_t a = m->first_of_new[k], e = m->first_of_new[k + 1];
        double covered = 0;
        int d = 0;
        int64_t sum = 0;

        /* One part that is the whole of its old buurt: the old text. */
        if (whole_of_one(m, g, k)) {
            double v;
            vk_cell st;

            free(cells[k * stride + c]);
            cells[k * stride + c] =
                dup_cell(old_cell(g, m->parts[a].j, col, &v, &st));
            if (has[m->parts[a].j])
                after += part_v[a] * pow10i(dmax - d_old[m->parts[a].j]);
            continue;
        }
        for (size_t i = a; i < e; i++)
            if (has[m->parts[i].j]) {
                covered += m->parts[i].area;
                if (d_old[m->parts[i].j] > d)
                    d = d_old[m->parts[i].j];
            }
        if (!(covered > 0) ||
            covered < m->o->min_coverage * m->area_new[k] * m->full)
            continue;
        for (size_t i = a; i < e; i++)
            if (has[m->parts[i].j]) {
                sum += part_v[i] * pow10i(d - d_old[m->parts[i].j]);
                after += part_v[i] * pow10i(dmax - d_old[m->parts[i].j]);
            }
        vk_scaled_format(sum, d, m->r->dec, buf);
        free(cells[k * stride + c]);
        cells[k * stride + c] = vk_xstrdup(buf);
    }
    add_totals(m, g, col, dmax, before, joined, after, inexact);
    free(part_v);
    free(v_old);
    free(d_old);
    free(has);
}

/* Column c (a mean or text) of new buurt k of group g. */
static char *
mean_cell(const maker *m, const group *g, size_t c, size_t k)
{
    size_t col = m->cols[c].col;
    size_t a = m->first_of_new[k], e = m->first_of_new[k + 1];
    double covered = 0, num = 0, den = 0, anum = 0, aden = 0, best = -1;
    size_t nval = 0, last = 0;
    int decimals = 0;
    char buf[64];

    if (one_source(m, g, k)) {
        double v;
        vk_cell st;

        return dup_cell(old_cell(g, m->parts[a].j, col, &v, &st));
    }
    for (size_t i = a; i < e; i++) {
        const vk_part *p = &m->parts[i];
        double v, w, wv;
        vk_cell st, wst;
        const char *s = old_cell(g, p->j, col, &v, &st);

        if (s == NULL)
            continue;
        if (m->cols[c].how == RULE_TEXT) {
            covered += p->area;
            if (p->area > best) {
                best = p->area;
                last = i;
            }
            nval++;
            continue;
        }
        if (st != VK_CELL_VALUE)
            continue;
        covered += p->area;
        nval++;
        last = i;
        w = 1;
        if (m->weight_col >= 0) {
            old_cell(g, p->j, (size_t)m->weight_col, &wv, &wst);
            w = wst == VK_CELL_VALUE && wv > 0 ? wv : 0;
        }
        num += p->weight * w * v;
        den += p->weight * w;
        anum += p->area * w * v;
        aden += p->area * w;
        {
            vk_scaled sc;

            if (vk_scaled_parse(s, &sc) && sc.d > decimals)
                decimals = sc.d;
        }
    }
    if (nval == 0 || covered < m->o->min_coverage * m->area_new[k] * m->full)
        return NULL;
    /* One old buurt's value (the new buurt within it), or the text of the
     * largest: the old text. */
    if (nval == 1 || m->cols[c].how == RULE_TEXT) {
        double v;
        vk_cell st;

        return dup_cell(old_cell(g, m->parts[last].j, col, &v, &st));
    }
    if (!(den > 0)) {
        num = anum;
        den = aden;
    }
    if (!(den > 0))
        return NULL;
    vk_realloc_format(num / den, decimals + 1, m->r->dec, buf);
    return vk_xstrdup(buf);
}

static void
do_group(maker *m, const group *g, size_t row0, size_t nrows_per)
{
    vk_realloc *r = m->r;
    size_t nnew = m->nw->n, stride = r->ncols;
    char **cells = vk_xcalloc(nnew * stride, sizeof *cells);
    char buf[64];

    for (size_t c = 0; c < m->ncols; c++)
        if (m->cols[c].how == RULE_SUM)
            sum_column(m, g, c, cells, stride);
    for (size_t k = 0; k < nnew; k++) {
        size_t a = m->first_of_new[k], e = m->first_of_new[k + 1];
        size_t out = k * nrows_per + row0;
        double covered = 0, cov;

        for (size_t i = a; i < e; i++)
            if (g->row_of_old[m->parts[i].j] >= 0)
                covered += m->parts[i].area;
        cov = m->area_new[k] > 0 ? covered / m->area_new[k] : 0;
        if (cov >= m->full)
            cov = 1;
        r->coverage[out] = cov;
        r->nsources[out] = e - a;
        for (size_t c = 0; c < m->ncols; c++) {
            char **cell = &cells[k * stride + c];

            switch (m->cols[c].how) {
            case RULE_KEY:
                *cell = dup_cell(m->nw->f[k].code);
                break;
            case RULE_YEAR:
                *cell = dup_cell(g->year);
                break;
            case RULE_SUM:
                if (*cell == NULL)
                    *cell = dup_cell(NULL);
                break;
            default:
                *cell = mean_cell(m, g, c, k);
                if (*cell == NULL)
                    *cell = dup_cell(NULL);
            }
        }
        vk_realloc_format(cov, 4, r->dec, buf);
        cells[k * stride + m->ncols] = vk_xstrdup(buf);
        if (cov < m->o->min_coverage) {
            if (m->nwithout < 50)
                vk_strbuf_appendf(&m->without, "  %s%s%s (dekking %s)\n",
                                  m->nw->f[k].code ? m->nw->f[k].code : "?",
                                  g->year ? " " : "", g->year ? g->year : "",
                                  buf);
            m->nwithout++;
        }
        memcpy(&r->cells[out * stride], &cells[k * stride],
               stride * sizeof *cells);
    }
    free(cells);
}

/* ---- the whole --------------------------------------------------------- */

static void
note_unjoined(maker *m, const group *g, const vk_join *j)
{
    vk_strbuf sb = {0};

    if (j->nrows_unmatched == 0)
        return;
    for (size_t i = 0; i < j->nrows_unmatched && i < 3; i++)
        vk_strbuf_appendf(&sb, "%s\"%s\"", i ? ", " : "",
                          vk_table_key(g->t, j->rows_unmatched[i]));
    vk_warnings_add(&m->r->warnings, "%s%s%s: %zu of %zu rows have no "
                    "buurt in the old boundaries (%s%s); their values are "
                    "not reallocated", vk_table_path(m->t),
                    g->year ? ", year " : "", g->year ? g->year : "",
                    j->nrows_unmatched, vk_table_nrows(g->t),
                    sb.s ? sb.s : "",
                    j->nrows_unmatched > 3 ? ", ..." : "");
    vk_strbuf_free(&sb);
}

static void
write_report(maker *m, size_t ngroups, const char *const *years)
{
    vk_realloc *r = m->r;
    vk_strbuf sb = {0};
    size_t same = 0, within = 0, several = 0, partly = 0, none = 0;

    for (size_t k = 0; k < m->nw->n; k++) {
        size_t a = m->first_of_new[k], e = m->first_of_new[k + 1];

        if (e == a)
            none++;
        else if (e - a > 1)
            several++;
        else if (m->parts[a].area < m->full * m->area_new[k])
            partly++;
        else if (m->parts[a].area >= m->full * m->area_old[m->parts[a].j])
            same++;
        else
            within++;
    }
    vk_strbuf_appendf(&sb, "reallocated %s (%zu rows) from %s (%zu "
                      "buurten) to %s (%zu buurten)%s%s\n",
                      vk_table_path(m->t), vk_table_nrows(m->t),
                      m->old->path, m->old->n, m->nw->path, m->nw->n,
                      ngroups > 1 ? ", years " : "",
                      ngroups > 1 ? years[0] : "");
    for (size_t y = 1; y < ngroups; y++)
        vk_strbuf_appendf(&sb, "%s%s", y + 1 < ngroups ? ", " : " and ",
                          years[y]);
    vk_strbuf_appendf(&sb, "weights: %s%s%s\n",
                      m->weights ? m->weights : "area of overlap",
                      m->o->weight_column ? "; means also times the old "
                      "buurt's " : "",
                      m->o->weight_column ? m->o->weight_column : "");
    vk_strbuf_appendf(&sb, "new buurten: %zu the same as an old one, %zu "
                      "within one old buurt, %zu from several, %zu partly "
                      "covered by one, %zu from none\n", same, within,
                      several, partly, none);
    vk_strbuf_appendf(&sb, "without value (dekking below %g): %zu\n",
                      m->o->min_coverage, m->nwithout);
    if (m->without.s)
        vk_strbuf_append(&sb, m->without.s);
    if (m->nwithout > 50)
        vk_strbuf_appendf(&sb, "  ... and %zu more\n", m->nwithout - 50);
    if (m->totals.s) {
        vk_strbuf_append(&sb, "totals of the --sum columns:\n");
        vk_strbuf_append(&sb, m->totals.s);
    }
    vk_strbuf_append(&sb, "per new buurt: code, dekking, sources (old "
                     "buurten)\n");
    for (size_t row = 0; row < r->nrows; row++) {
        size_t k = row / ngroups;
        size_t a = m->first_of_new[k], e = m->first_of_new[k + 1];

        vk_strbuf_appendf(&sb, "  %s%s%s %s %zu", r->cells[row * r->ncols +
                          vk_table_key_col(m->t)], ngroups > 1 ? " " : "",
                          ngroups > 1 ? years[row % ngroups] : "",
                          r->cells[row * r->ncols + m->ncols], e - a);
        for (size_t i = a; i < e && i < a + 8; i++)
            vk_strbuf_appendf(&sb, "%s%s", i == a ? " " : ",",
                              m->old->f[m->parts[i].j].code
                                  ? m->old->f[m->parts[i].j].code : "?");
        vk_strbuf_append(&sb, e - a > 8 ? ",...\n" : "\n");
    }
    r->report = vk_strbuf_take(&sb);
}

static void
maker_free(maker *m)
{
    free(m->cols);
    free(m->parts);
    free(m->first_of_new);
    free(m->by_old);
    free(m->first_of_old);
    free(m->area_new);
    free(m->area_old);
    vk_strbuf_free(&m->totals);
    vk_strbuf_free(&m->without);
    free(m->weights);
}

/* The distinct years of a long table, split from vk_table_years. */
static char **
split_years(const vk_table *t, size_t *n)
{
    char *all = vk_table_years(t), *save = NULL;
    char **out = vk_xcalloc(strlen(all) / 2 + 2, sizeof *out);

    *n = 0;
    for (char *s = strtok_r(all, ", ", &save); s;
         s = strtok_r(NULL, ", ", &save))
        out[(*n)++] = vk_xstrdup(s);
    free(all);
    return out;
}

vk_realloc *
vk_realloc_make(const vk_features *old, const vk_features *nw,
                const vk_table *t, const vk_features *pop,
                const vk_realloc_opts *o, vk_error *err)
{
    maker m = {.old = old, .nw = nw, .t = t, .o = o};
    vk_overlaps ov;
    vk_realloc *r;
    char **years = NULL;
    size_t ngroups = 1;

    if (pick_rules(&m, err) != VK_OK) {
        maker_free(&m);
        return NULL;
    }
    if (vk_source_overlaps(nw, old, o->threads, &ov, err) != VK_OK) {
        maker_free(&m);
        return NULL;
    }
    make_parts(&m, &ov);
    vk_overlaps_free(&ov);
    if (pop != NULL) {
        double total = 0, lost;

        vk_realloc_population_weights(old, nw, pop, m.parts, m.nparts,
                                      &lost);
        for (size_t i = 0; i < pop->n; i++)
            total += pop->f[i].inwoners;
        m.weights = vk_xasprintf("population of %s (%.0f inhabitants, %.0f "
                                 "of them outside the buurten of both)",
                                 pop->path, total, lost);
    }

    r = m.r = vk_xcalloc(1, sizeof *r);
    r->sep = vk_table_sep(t);
    r->dec = decimal_mark(t, m.cols, m.ncols);
    vk_realloc_sniff(vk_table_path(t), &r->bom, &r->crlf);
    r->ncols = m.ncols + 1;
    r->colnames = vk_xcalloc(r->ncols, sizeof *r->colnames);
    for (size_t c = 0; c < m.ncols; c++)
        r->colnames[c] = vk_xstrdup(vk_table_colname(t, c));
    r->colnames[m.ncols] = vk_xstrdup("dekking");
    if (vk_table_year_col(t) >= 0)
        years = split_years(t, &ngroups);
    r->nrows = nw->n * ngroups;
    r->cells = vk_xcalloc(r->nrows * r->ncols + 1, sizeof *r->cells);
    r->coverage = vk_xcalloc(r->nrows + 1, sizeof *r->coverage);
    r->nsources = vk_xcalloc(r->nrows + 1, sizeof *r->nsources);

    for (size_t y = 0; y < ngroups; y++) {
        group g = {t, years ? years[y] : NULL, NULL};
        vk_table *yt = NULL;
        vk_join *j;

        if (years != NULL && (yt = vk_table_year(t, years[y], err)) == NULL)
            goto fail;
        if (yt != NULL)
            g.t = yt;
        j = vk_join_make(old, g.t);
        g.row_of_old = j->row_of_feature;
        note_unjoined(&m, &g, j);
        do_group(&m, &g, y, ngroups);
        vk_join_destroy(j);
        vk_table_destroy(yt);
    }
    write_report(&m, ngroups, (const char *const *)years);
    for (size_t y = 0; years && y < ngroups; y++)
        free(years[y]);
    free(years);
    maker_free(&m);
    return r;
fail:
    for (size_t y = 0; years && y < ngroups; y++)
        free(years[y]);
    free(years);
    maker_free(&m);
    vk_realloc_destroy(r);
    return NULL;
}

void
vk_realloc_destroy(vk_realloc *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    for (size_t c = 0; c < r->ncols; c++)
        free(r->colnames[c]);
    free(r->colnames);
    free(r->cells);
    free(r->coverage);
    free(r->nsources);
    free(r->report);
    vk_warnings_free(&r->warnings);
    free(r);
}

size_t vk_realloc_nrows(const vk_realloc *r) { return r->nrows; }
size_t vk_realloc_ncols(const vk_realloc *r) { return r->ncols; }

const char *
vk_realloc_colname(const vk_realloc *r, size_t col)
{
    return col < r->ncols ? r->colnames[col] : NULL;
}

const char *
vk_realloc_cell(const vk_realloc *r, size_t row, size_t col)
{
    return row < r->nrows && col < r->ncols ? r->cells[row * r->ncols + col]
                                            : NULL;
}

double
vk_realloc_coverage(const vk_realloc *r, size_t row)
{
    return row < r->nrows ? r->coverage[row] : NAN;
}

size_t
vk_realloc_nsources(const vk_realloc *r, size_t row)
{
    return row < r->nrows ? r->nsources[row] : 0;
}

const vk_warnings *
vk_realloc_warnings(const vk_realloc *r)
{
    return &r->warnings;
}

char *
vk_realloc_report(const vk_realloc *r)
{
    return vk_xstrdup(r->report);
}
