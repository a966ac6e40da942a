/* SPDX-License-Identifier: MIT */
/* Reads indicator tables: CSV with a header line as StatLine and Excel write
 * it, split by libcsv into text cells kept in one string pool per table. */
#include "table_priv.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How many column names an error message lists before "... (N more)". */
#define LIST_COLUMNS_MAX 30

struct vk_table {
    char *path;        /* name used in messages */
    char sep;
    int sep_given;     /* 1 when the caller chose sep, 0 when detected */
    size_t ncols, nrows, key_col;
    char **colnames;   /* ncols trimmed names */
    char *pool;        /* every cell, NUL-terminated; offset 0 holds "" */
    size_t pool_len, pool_cap;
    size_t *cells;     /* nrows x ncols offsets into pool, row-major */
    long *lines;       /* file line where each row starts */
    size_t rows_cap;
    vk_strmap keys;    /* key text -> row index (wide tables only) */
    long year_col;     /* "jaar"/"year" column of a long table, or -1 */
    int feature_rows;  /* made by vk_table_from_features: row i is
                          feature i, no key index */
    vk_warnings warnings;
};

/* The state of one read, passed to libcsv's callbacks. */
typedef struct reader {
    vk_table *t;
    const vk_table_opts *opts;
    vk_error *err;
    vk_status status;
    long line;          /* physical line being fed to libcsv */
    long row_line;      /* line where the current row began, 0 if none */
    long header_line;   /* 0 until the header has been read */
    size_t *field;      /* pool offsets of the current row's fields */
    size_t nfield, field_cap;
    size_t row_start;   /* pool length before the current row */
    size_t rows_hint;   /* upper estimate of the rows, to size arrays */
    size_t data_len;    /* bytes of CSV text */
} reader;

/* ---- string pool ---- */

static void
pool_reserve(vk_table *t, size_t extra)
{
    size_t cap = t->pool_cap ? t->pool_cap : 256;

    if (t->pool_cap - t->pool_len > extra)
        return;
    /* Doubling must not overflow; vk_xreallocarray aborts on the request. */
    if (extra > SIZE_MAX / 4 - t->pool_len)
        cap = SIZE_MAX;
    while (cap != SIZE_MAX && cap - t->pool_len <= extra)
        cap *= 2;
    t->pool = vk_xreallocarray(t->pool, cap, 1);
    t->pool_cap = cap;
}

/* Copies s[0..n) into the pool and returns its offset; "" shares offset 0. */
static size_t
pool_add(vk_table *t, const char *s, size_t n)
{
    size_t off = t->pool_len;

    if (n == 0)
        return 0;
    pool_reserve(t, n + 1);
    memcpy(t->pool + off, s, n);
    t->pool[off + n] = '\0';
    t->pool_len += n + 1;
    return off;
}

static const char *
key_of_row(const void *ctx, size_t row)
{
    const vk_table *t = ctx;

    return t->pool + t->cells[row * t->ncols + t->key_col];
}

/* ---- small text helpers ---- */

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when s[0..n) holds nothing but spaces, tabs and line ends. */
static int
all_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank(s[i]))
            return 0;
    return 1;
}

/* 1 when s is valid UTF-8 (no overlong forms, surrogates or > U+10FFFF). */
static int
valid_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s, n, cp, min;

        if (c < 0x80) {
            s++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        for (unsigned i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += n + 1;
    }
    return 1;
}

/* How a separator is named in messages: ";" or "tab". */
static const char *
sep_name(char sep)
{
    switch (sep) {
    case ';': return "\";\"";
    case ',': return "\",\"";
    case '\t': return "tab";
    case '|': return "\"|\"";
    default: return "the separator";
    }
}

/* Writes "a, b, c" (at most LIST_COLUMNS_MAX names) into sb. */
static void
list_columns(const vk_table *t, vk_strbuf *sb)
{
    for (size_t c = 0; c < t->ncols && c < LIST_COLUMNS_MAX; c++)
        vk_strbuf_appendf(sb, "%s%s", c ? ", " : "", t->colnames[c]);
    if (t->ncols > LIST_COLUMNS_MAX)
        vk_strbuf_appendf(sb, ", ... (%zu more)",
                          t->ncols - LIST_COLUMNS_MAX);
}

/*
 * Picks the separator from the first non-blank line: the most frequent of
 * ';', ',' and tab outside quotes, ';' winning ties (Dutch Excel writes ';'
 * and decimal commas, so a ',' file must show more commas than semicolons).
 */
static char
detect_sep(const char *s, size_t n)
{
    size_t i = 0, semi = 0, comma = 0, tab = 0;
    int quoted = 0;
    char best = ';';

    /* Skip lines that hold only blanks. */
    for (size_t k = 0; k < n && is_blank(s[k]); k++)
        if (s[k] == '\n' || s[k] == '\r')
            i = k + 1;

    /* Count separators up to the end of the (possibly quoted) line. */
    for (; i < n; i++) {
        char c = s[i];

        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ';')
            semi++;
        else if (c == ',')
            comma++;
        else if (c == '\t')
            tab++;
    }
    if (comma > semi)
        best = ',';
    if (tab > semi && tab > comma)
        best = '\t';
    return best;
}

/* ---- header and rows ---- */

static void
forget_row(reader *r)
{
    r->t->pool_len = r->row_start;
    r->nfield = 0;
}

static int
row_is_blank(const reader *r)
{
    for (size_t i = 0; i < r->nfield; i++)
        if (!all_blank(r->t->pool + r->field[i], strlen(r->t->pool +
                                                         r->field[i])))
            return 0;
    return 1;
}

/* Trims blanks around the text at pool offset *off, in place. */
static void
trim_cell(vk_table *t, size_t *off)
{
    char *s = t->pool + *off;
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    s[n] = '\0';
    *off = n == 0 ? 0 : (size_t)(s - t->pool);
}

/* Chooses the key column: the one named in opts, else buurtcode, bu_code
 * (any case) or code, else the first column. */
static vk_status
pick_key(reader *r)
{
    static const char *const names[] = {"buurtcode", "bu_code", "code"};
    vk_table *t = r->t;
    const char *want = r->opts ? r->opts->key : NULL;
    long c = -1;

    if (want != NULL && want[0] != '\0') {
        c = vk_table_find_col(t, want);
        if (c < 0) {
            vk_strbuf sb = {0};

            list_columns(t, &sb);
            VK_FAIL_AT(r->err, VK_EDATA, t->path, r->header_line,
                       "key column \"%s\" not found; the table has: %s",
                       want, sb.s ? sb.s : "");
            vk_strbuf_free(&sb);
            return VK_EDATA;
        }
    }
    for (size_t i = 0; c < 0 && i < sizeof names / sizeof names[0]; i++)
        c = vk_table_find_col(t, names[i]);
    t->key_col = c < 0 ? 0 : (size_t)c;

    /* A year column makes a long table: one row per key and year. */
    t->year_col = -1;
    for (size_t i = 0; i < t->ncols; i++)
        if (i != t->key_col && (vk_strcaseeq(t->colnames[i], "jaar") ||
                                vk_strcaseeq(t->colnames[i], "year")))
            t->year_col = (long)i;
    return VK_OK;
}

static vk_status
take_header(reader *r, long line)
{
    vk_table *t = r->t;

    r->header_line = line;
    t->ncols = r->nfield;
    t->colnames = vk_xcalloc(t->ncols, sizeof *t->colnames);

    /* Size the rows once: a row takes at least ncols bytes of the file. */
    t->rows_cap = r->rows_hint;
    if (t->rows_cap > r->data_len / t->ncols + 1)
        t->rows_cap = r->data_len / t->ncols + 1;
    t->cells = vk_xreallocarray(NULL, t->rows_cap,
                                t->ncols * sizeof *t->cells);
    t->lines = vk_xreallocarray(NULL, t->rows_cap, sizeof *t->lines);
    vk_strmap_reserve(&t->keys, t->rows_cap);

    /* Names must be text, non-empty after trimming, and unique. */
    for (size_t c = 0; c < t->ncols; c++) {
        if (!valid_utf8((const unsigned char *)t->pool + r->field[c])) {
            VK_FAIL_AT(r->err, VK_EFORMAT, t->path, line,
                       "does not look like a CSV text file");
            vk_error_hint(r->err, "the header is not UTF-8 text; save the "
                          "table as \"CSV UTF-8\"");
            return VK_EFORMAT;
        }
        trim_cell(t, &r->field[c]);
        t->colnames[c] = vk_xstrdup(t->pool + r->field[c]);
        if (t->colnames[c][0] == '\0') {
            VK_FAIL_AT(r->err, VK_EFORMAT, t->path, line,
                       "column %zu has no name in the header", c + 1);
            vk_error_hint(r->err, "name every column, or delete the empty "
                          "one (a separator at the end of the line adds "
                          "one)");
            return VK_EFORMAT;
        }
        for (size_t d = 0; d < c; d++) {
            if (strcmp(t->colnames[d], t->colnames[c]) == 0) {
                VK_FAIL_AT(r->err, VK_EFORMAT, t->path, line,
                           "column \"%s\" appears twice in the header "
                           "(columns %zu and %zu)", t->colnames[c], d + 1,
                           c + 1);
                vk_error_hint(r->err, "give every column its own name");
                return VK_EFORMAT;
            }
        }
    }

    /* The names are copied; the pool keeps only cells. */
    forget_row(r);
    return pick_key(r);
}

/* 1 when the stored row has exactly these cells. */
static int
same_row(const vk_table *t, size_t row, const size_t *cells)
{
    const size_t *have = t->cells + row * t->ncols;

    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->pool + have[c], t->pool + cells[c]) != 0)
            return 0;
    return 1;
}

static void
append_row(vk_table *t, const size_t *cells, long line)
{
    if (t->nrows == t->rows_cap) {
        t->rows_cap = t->rows_cap ? 2 * t->rows_cap : 16;
        t->cells = vk_xreallocarray(t->cells, t->rows_cap,
                                    t->ncols * sizeof *t->cells);
        t->lines = vk_xreallocarray(t->lines, t->rows_cap, sizeof *t->lines);
    }
    memcpy(t->cells + t->nrows * t->ncols, cells,
           t->ncols * sizeof *t->cells);
    t->lines[t->nrows] = line;
    t->nrows++;
}

/* Keeps a row (cells are pool offsets) unless its key is there already:
 * an exact copy is dropped with a warning, a conflict is an error. Long
 * tables keep every row; their keys are unique per year only, checked
 * when one year is taken out (vk_table_year). */
static vk_status
keep_row(vk_table *t, const size_t *cells, long line, vk_error *err)
{
    const char *key = t->pool + cells[t->key_col];
    size_t prev;

    if (t->year_col >= 0) {
        append_row(t, cells, line);
        return VK_OK;
    }
    if (vk_strmap_get(&t->keys, key, key_of_row, t, &prev)) {
        if (!same_row(t, prev, cells)) {
            VK_FAIL_AT(err, VK_EDATA, t->path, line,
                       "key \"%s\" also on line %ld with different values",
                       key, t->lines[prev]);
            vk_error_hint(err, "keep one row per key");
            return VK_EDATA;
        }
        vk_warnings_add(&t->warnings, "%s:%ld: duplicate row for key \"%s\" "
                        "(same as line %ld) ignored", t->path, line, key,
                        t->lines[prev]);
        return VK_OK;
    }
    vk_strmap_add(&t->keys, key, t->nrows);
    append_row(t, cells, line);
    return VK_OK;
}

static vk_status
take_row(reader *r, long line)
{
    vk_table *t = r->t;
    const char *key;

    /* Every row has the header's fields; a wrong count is usually the
     * wrong separator or an unbalanced quote. */
    if (r->nfield != t->ncols) {
        VK_FAIL_AT(r->err, VK_EFORMAT, t->path, line,
                   "row has %zu fields, the header has %zu; check the "
                   "separator (%s %s) or quoting", r->nfield, t->ncols,
                   sep_name(t->sep), t->sep_given ? "given" : "detected");
        return VK_EFORMAT;
    }

    /* Keys are compared without surrounding blanks and must be there. */
    trim_cell(t, &r->field[t->key_col]);
    key = t->pool + r->field[t->key_col];
    if (key[0] == '\0') {
        VK_FAIL_AT(r->err, VK_EDATA, t->path, line,
                   "the key column \"%s\" is empty",
                   t->colnames[t->key_col]);
        vk_error_hint(r->err, "every row needs a key; fill it in or delete "
                      "the row");
        return VK_EDATA;
    }

    /* A long table's rows need their year. */
    if (t->year_col >= 0) {
        trim_cell(t, &r->field[t->year_col]);
        if (t->pool[r->field[t->year_col]] == '\0') {
            VK_FAIL_AT(r->err, VK_EDATA, t->path, line,
                       "the year column \"%s\" is empty",
                       t->colnames[t->year_col]);
            vk_error_hint(r->err, "every row of a long table needs its "
                          "year");
            return VK_EDATA;
        }
    }
    return keep_row(t, r->field, line, r->err);
}

/* ---- libcsv callbacks ---- */

static void
on_field(void *s, size_t n, void *data)
{
    reader *r = data;

    if (r->status != VK_OK)
        return;
    if (r->nfield == r->field_cap) {
        r->field_cap = r->field_cap ? 2 * r->field_cap : 32;
        r->field = vk_xreallocarray(r->field, r->field_cap, sizeof *r->field);
    }
    r->field[r->nfield++] = pool_add(r->t, s, n);
}

static void
on_row(int c, void *data)
{
    reader *r = data;
    long line = r->row_line ? r->row_line : r->line;

    (void)c;
    r->row_line = 0;
    if (r->status != VK_OK || row_is_blank(r)) {
        /* Rows of empty fields (";;;" from Excel) count as blank lines. */
        forget_row(r);
        return;
    }
    if (r->header_line == 0)
        r->status = take_header(r, line);
    else
        r->status = take_row(r, line);
    r->nfield = 0;
    r->row_start = r->t->pool_len;
}

/* ---- reading ---- */

/* Rejects data that is not a text file: NUL bytes mean UTF-16, a
 * spreadsheet or a GeoPackage given as the table. */
static vk_status
check_text(const char *name, const char *data, size_t len, vk_error *err)
{
    const char *nul = memchr(data, '\0', len);
    long line = 1;

    if (nul == NULL)
        return VK_OK;
    for (const char *p = data; p < nul; p++)
        line += *p == '\n';
    VK_FAIL_AT(err, VK_EFORMAT, name, line,
               "does not look like a CSV text file");
    vk_error_hint(err, "it contains NUL bytes; save the table as \"CSV "
                  "UTF-8\", not as UTF-16 text or a workbook");
    return VK_EFORMAT;
}

static vk_status
parse_error(reader *r, struct csv_parser *p, long line, long col)
{
    vk_status code = csv_error(p) == CSV_EPARSE ? VK_EFORMAT : VK_EINTERNAL;

    if (code != VK_EFORMAT)
        return VK_FAIL_AT(r->err, code, r->t->path, line, "libcsv: %s",
                          csv_strerror(csv_error(p)));
    VK_FAIL_AT_COL(r->err, code, r->t->path, line, col,
                   "a quote '\"' in the wrong place");
    vk_error_hint(r->err, "a field with quotes, the separator or a line "
                  "break must be quoted as a whole, with '\"' inside it "
                  "doubled (\"\")");
    return code;
}

/*
 * Feeds libcsv one physical line at a time, so that the line where each row
 * starts is known even when a quoted field spans lines. Lines end at '\n'
 * (CRLF files: libcsv takes the '\r' as the row end and skips the '\n'), or
 * at '\r' in old Mac files without any '\n'.
 */
static vk_status
feed_lines(reader *r, struct csv_parser *p, const char *data, size_t len)
{
    char eol = memchr(data, '\n', len) ? '\n' : '\r';
    size_t pos = 0;

    while (pos < len && r->status == VK_OK) {
        const char *s = data + pos, *nl = memchr(s, eol, len - pos);
        size_t n = nl ? (size_t)(nl - s) + 1 : len - pos, done;

        r->line++;
        if (r->row_line == 0)
            r->row_line = r->line;
        done = csv_parse(p, s, n, on_field, on_row, r);
        if (done != n && r->status == VK_OK)
            r->status = parse_error(r, p, r->line, (long)done + 1);
        /* A blank line starts no row; the next line may. */
        if (r->row_line == r->line && all_blank(s, n))
            r->row_line = 0;
        pos += n;
    }
    if (r->status != VK_OK)
        return r->status;

    /* Submit a last row without a line end; an open quote is an error. */
    if (csv_fini(p, on_field, on_row, r) != 0 && r->status == VK_OK) {
        VK_FAIL_AT(r->err, VK_EFORMAT, r->t->path, r->row_line,
                   "a quoted field is not closed before the end of the "
                   "file");
        vk_error_hint(r->err, "look for a stray '\"' on this line");
        r->status = VK_EFORMAT;
    }
    return r->status;
}

/* Lines in s[0..n) by '\n': an upper bound on the rows. */
static size_t
count_lines(const char *s, size_t n)
{
    const char *end = s + n;
    size_t k = 0;

    while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        k++;
        s++;
    }
    return k + 1;
}

vk_table *
vk_table_read_mem(const char *name, const char *data, size_t len,
                  const vk_table_opts *opts, vk_error *err)
{
    struct csv_parser p;
    reader r = {0};
    vk_table *t;

    /* Strip a UTF-8 byte order mark (Excel "CSV UTF-8" writes one). */
    if (name == NULL)
        name = "table";
    if (data == NULL) {
        data = "";
        len = 0;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (check_text(name, data, len, err) != VK_OK)
        return NULL;
    if (all_blank(data, len)) {
        VK_FAIL_AT(err, VK_EFORMAT, name, 0, "is empty");
        vk_error_hint(err, "expected a header line with column names");
        return NULL;
    }

    /* Cells never need more room than the file: reserve it once. */
    t = vk_xcalloc(1, sizeof *t);
    t->year_col = -1;
    t->path = vk_xstrdup(name);
    t->sep = opts && opts->sep ? opts->sep : detect_sep(data, len);
    t->sep_given = opts && opts->sep;
    pool_reserve(t, len + 16);
    t->pool[0] = '\0';
    t->pool_len = 1;

    r.t = t;
    r.opts = opts;
    r.err = err;
    r.row_start = t->pool_len;
    r.rows_hint = count_lines(data, len);
    r.data_len = len;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        VK_FAIL(err, VK_EINTERNAL, "libcsv could not start");
        vk_table_destroy(t);
        return NULL;
    }
    csv_set_delim(&p, (unsigned char)t->sep);
    feed_lines(&r, &p, data, len);
    csv_free(&p);
    free(r.field);

    /* Only ";;;" lines count as empty too. */
    if (r.status == VK_OK && r.header_line == 0) {
        VK_FAIL_AT(err, VK_EFORMAT, name, 0, "is empty");
        vk_error_hint(err, "expected a header line with column names");
        r.status = VK_EFORMAT;
    }
    if (r.status != VK_OK) {
        vk_table_destroy(t);
        return NULL;
    }
    return t;
}

vk_table *
vk_table_read(const char *path, const vk_table_opts *opts, vk_error *err)
{
    FILE *fp = fopen(path, "rb");
    struct stat st;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    vk_table *t;

    if (fp == NULL) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot open the table: %s",
                   strerror(errno));
        return NULL;
    }

    /* Read it whole, in one piece when the size is known (a regular file),
     * growing the buffer otherwise (a pipe). */
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot read the table: it is a "
                   "directory");
        fclose(fp);
        return NULL;
    }
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size < SIZE_MAX) {
        cap = (size_t)st.st_size + 1;
        buf = vk_xmalloc(cap);
    }
    for (;;) {
        size_t got;

        if (len == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            buf = vk_xreallocarray(buf, cap, 1);
        }
        got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot read the table: %s",
                   strerror(errno));
        fclose(fp);
        free(buf);
        return NULL;
    }
    fclose(fp);
    t = vk_table_read_mem(path, buf, len, opts, err);
    free(buf);
    return t;
}

vk_table *
vk_table_from_features(const vk_features *fs)
{
    vk_table *t = vk_xcalloc(1, sizeof *t);

    t->path = vk_xasprintf("%s (layer %s)", fs->path ? fs->path : "?",
                           fs->layer ? fs->layer : "?");
    /* Numbers as OGR writes them: a decimal point, no grouping; the
     * separator ';' lets a text field's decimal comma count too. */
    t->sep = ';';
    t->sep_given = 1;
    t->year_col = -1;
    t->feature_rows = 1;
    t->ncols = fs->nattrs + 1;
    t->nrows = t->rows_cap = fs->n;
    t->colnames = vk_xcalloc(t->ncols, sizeof *t->colnames);
    t->colnames[0] = vk_xstrdup("(key)");
    for (size_t c = 0; c < fs->nattrs; c++)
        t->colnames[c + 1] = vk_xstrdup(fs->attr_names[c]);
    pool_reserve(t, 1);
    t->pool[0] = '\0';
    t->pool_len = 1;
    t->cells = vk_xcalloc(fs->n * t->ncols + 1, sizeof *t->cells);
    t->lines = vk_xcalloc(fs->n + 1, sizeof *t->lines);
    for (size_t r = 0; r < fs->n; r++) {
        const vk_feature *f = &fs->f[r];
        size_t *cells = t->cells + r * t->ncols;

        t->lines[r] = f->fid;
        cells[0] = f->code ? pool_add(t, f->code, strlen(f->code)) : 0;
        for (size_t c = 0; f->attrs != NULL && c < fs->nattrs; c++)
            cells[c + 1] = f->attrs[c] ? pool_add(t, f->attrs[c],
                                                  strlen(f->attrs[c]))
                                       : 0;
    }
    return t;
}

int
vk_table_is_features(const vk_table *t)
{
    return t->feature_rows;
}

void
vk_table_destroy(vk_table *t)
{
    if (t == NULL)
        return;
    for (size_t c = 0; t->colnames != NULL && c < t->ncols; c++)
        free(t->colnames[c]);
    free(t->colnames);
    free(t->pool);
    free(t->cells);
    free(t->lines);
    vk_strmap_free(&t->keys);
    vk_warnings_free(&t->warnings);
    free(t->path);
    free(t);
}

/* ---- accessors ---- */

const char *
vk_table_path(const vk_table *t)
{
    return t->path;
}

char
vk_table_sep(const vk_table *t)
{
    return t->sep;
}

size_t
vk_table_nrows(const vk_table *t)
{
    return t->nrows;
}

size_t
vk_table_ncols(const vk_table *t)
{
    return t->ncols;
}

const char *
vk_table_colname(const vk_table *t, size_t col)
{
    return col < t->ncols ? t->colnames[col] : NULL;
}

size_t
vk_table_key_col(const vk_table *t)
{
    return t->key_col;
}

long
vk_table_find_col(const vk_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->colnames[c], name) == 0)
            return (long)c;
    for (size_t c = 0; c < t->ncols; c++)
        if (vk_strcaseeq(t->colnames[c], name))
            return (long)c;
    return -1;
}

const char *
vk_table_key(const vk_table *t, size_t row)
{
    return row < t->nrows ? key_of_row(t, row) : NULL;
}

const char *
vk_table_text(const vk_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        return NULL;
    return t->pool + t->cells[row * t->ncols + col];
}

long
vk_table_line(const vk_table *t, size_t row)
{
    return row < t->nrows ? t->lines[row] : 0;
}

const vk_warnings *
vk_table_warnings(const vk_table *t)
{
    return &t->warnings;
}

long
vk_table_row_of_key(const vk_table *t, const char *key)
{
    size_t row;

    if (!vk_strmap_get(&t->keys, key, key_of_row, t, &row))
        return -1;
    return (long)row;
}

/* ---- numbers ---- */

vk_status
vk_table_numeric(const vk_table *t, const char *column, double *values,
                 vk_cell *states, vk_error *err)
{
    long col = vk_table_find_col(t, column);

    if (col < 0) {
        vk_strbuf sb = {0};

        list_columns(t, &sb);
        VK_FAIL_AT(err, VK_EDATA, t->path, 0,
                   "column \"%s\" not found; the table has: %s", column,
                   sb.s ? sb.s : "");
        vk_strbuf_free(&sb);
        return VK_EDATA;
    }

    /* Convert every row; missing and nodata cells become NAN. */
    for (size_t r = 0; r < t->nrows; r++) {
        const char *s = t->pool + t->cells[r * t->ncols + (size_t)col];
        vk_cell state;
        double v;

        if (vk_parse_number(s, t->sep, &v, &state) != VK_OK) {
            VK_FAIL_AT(err, VK_EDATA, t->path, t->lines[r],
                       "column \"%s\" value \"%s\" is not a number",
                       t->colnames[col], s);
            vk_error_hint(err, "use a decimal comma or point, leave the "
                          "cell empty or \".\" when missing");
            return VK_EDATA;
        }
        values[r] = state == VK_CELL_VALUE ? v : NAN;
        if (states != NULL)
            states[r] = state;
    }
    return VK_OK;
}

long
vk_table_year_col(const vk_table *t)
{
    return t->year_col;
}

static int
cmp_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);

    /* Years sort as numbers when they are digits of unequal length. */
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x, y);
}

char *
vk_table_years(const vk_table *t)
{
    const char **ys;
    size_t n = 0;
    vk_strbuf sb = {0};

    if (t->year_col < 0)
        return vk_xstrdup("");
    ys = vk_xcalloc(t->nrows ? t->nrows : 1, sizeof *ys);
    for (size_t r = 0; r < t->nrows; r++)
        ys[n++] = t->pool + t->cells[r * t->ncols + (size_t)t->year_col];
    qsort(ys, n, sizeof *ys, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(ys[i], ys[i - 1]) != 0)
            vk_strbuf_appendf(&sb, "%s%s", sb.len ? ", " : "", ys[i]);
    free(ys);
    return vk_strbuf_take(&sb);
}

int
vk_table_has_year(const vk_table *t, const char *year)
{
    for (size_t r = 0; t->year_col >= 0 && r < t->nrows; r++)
        if (strcmp(t->pool + t->cells[r * t->ncols + (size_t)t->year_col],
                   year) == 0)
            return 1;
    return 0;
}

vk_table *
vk_table_year(const vk_table *t, const char *year, vk_error *err)
{
    vk_table *y;

    if (t->year_col < 0) {
        VK_FAIL_AT(err, VK_EDATA, t->path, 0, "has no year column (jaar "
                   "or year), so it cannot give the values of %s", year);
        vk_error_hint(err, "give a long table (key;jaar;values...) or use "
                      "a column of this one");
        return NULL;
    }

    /* The same columns and string pool; the rows of that year only, with
     * keys that must now be unique. */
    y = vk_xcalloc(1, sizeof *y);
    y->path = vk_xasprintf("%s (%s %s)", t->path,
                           t->colnames[t->year_col], year);
    y->sep = t->sep;
    y->sep_given = t->sep_given;
    y->ncols = t->ncols;
    y->key_col = t->key_col;
    y->year_col = -1;
    y->colnames = vk_xcalloc(t->ncols, sizeof *y->colnames);
    for (size_t c = 0; c < t->ncols; c++)
        y->colnames[c] = vk_xstrdup(t->colnames[c]);
    pool_reserve(y, t->pool_len);
    memcpy(y->pool, t->pool, t->pool_len);
    y->pool_len = t->pool_len;
    for (size_t r = 0; r < t->nrows; r++) {
        const size_t *cells = t->cells + r * t->ncols;

        if (strcmp(t->pool + cells[t->year_col], year) != 0)
            continue;
        if (keep_row(y, cells, t->lines[r], err) != VK_OK) {
            /* Name the file itself, not the year view. */
            snprintf(err->path, sizeof err->path, "%s", t->path);
            vk_table_destroy(y);
            return NULL;
        }
    }
    if (y->nrows == 0) {
        char *have = vk_table_years(t);

        VK_FAIL_AT(err, VK_EDATA, t->path, 0, "has no rows for %s %s",
                   t->colnames[t->year_col], year);
        vk_error_hint(err, "the years in it are: %s", have);
        free(have);
        vk_table_destroy(y);
        return NULL;
    }
    return y;
}
