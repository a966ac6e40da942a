/* SPDX-License-Identifier: MIT */
/* Indicator tables (CSV as CBS StatLine and Excel write them) and the join of
 * their rows to boundary features by key. Uses libcsv. */
#ifndef VK_TABLE_H
#define VK_TABLE_H

#include <stddef.h>

#include "vk/core.h"
#include "vk/source.h"

typedef struct vk_table vk_table;

typedef struct vk_table_opts {
    const char *key; /* key column; NULL: "buurtcode", else a column named
                        bu_code / BU_CODE / code, else the first column */
    char sep;        /* 0: detect ';' or ',' (or tab) from the header */
} vk_table_opts;

/* State of one numeric cell. */
typedef enum vk_cell {
    VK_CELL_VALUE = 0, /* a number */
    VK_CELL_MISSING,   /* blank, or a StatLine symbol such as "." */
    VK_CELL_NODATA     /* a CBS nodata code, a value <= -99990 */
} vk_cell;

/* Reads a whole CSV file. Handles a UTF-8 BOM, CRLF, quoted fields, ';' ','
 * or tab separators, ragged rows are an error naming the line. Returns a new
 * table (caller owns) or NULL with err set (VK_EIO, VK_EFORMAT, VK_EDATA). */
vk_table *vk_table_read(const char *path, const vk_table_opts *opts,
                        vk_error *err);

/* As vk_table_read, from memory; name is used in messages. */
vk_table *vk_table_read_mem(const char *name, const char *data, size_t len,
                            const vk_table_opts *opts, vk_error *err);

/* The attributes fs keeps (vk_features.attr_names) as a table whose row
 * i is feature i: a column "(key)" with the codes, then one per
 * attribute, null fields blank; its lines are the feature ids. Joined to
 * fs (vk_join_make) row by row, not by key: a key repeated by two
 * features gives each its own values. Returns a new table. */
vk_table *vk_table_from_features(const vk_features *fs);
/* 1 for a table made by vk_table_from_features. */
int vk_table_is_features(const vk_table *t);

void vk_table_destroy(vk_table *t);

const char *vk_table_path(const vk_table *t);
char vk_table_sep(const vk_table *t);
size_t vk_table_nrows(const vk_table *t);
size_t vk_table_ncols(const vk_table *t);
const char *vk_table_colname(const vk_table *t, size_t col);
size_t vk_table_key_col(const vk_table *t);
/* Column index by exact name (then case-insensitive), or -1. */
long vk_table_find_col(const vk_table *t, const char *name);
const char *vk_table_key(const vk_table *t, size_t row);
const char *vk_table_text(const vk_table *t, size_t row, size_t col);
long vk_table_line(const vk_table *t, size_t row); /* 1-based file line */
/* Warnings collected while reading (identical duplicate rows, ...). */
const vk_warnings *vk_table_warnings(const vk_table *t);

/* A long table has a year column ("jaar" or "year"): one row per key and
 * year, as the Leefbaarometer open data. Returns its index, or -1 for a
 * wide table (one row per key). */
long vk_table_year_col(const vk_table *t);

/* The distinct years of a long table, ascending, as "2014, 2022" (caller
 * frees; "" for a wide table). */
char *vk_table_years(const vk_table *t);

/* 1 when the long table t has a row of year (as written). */
int vk_table_has_year(const vk_table *t, const char *year);

/* The rows of one year of a long table as a new wide table (caller owns),
 * whose keys must be unique: identical duplicates warn, conflicting ones
 * are an error naming both lines. VK_EDATA when t is not long or has no
 * rows for that year (the message lists the years it has). */
vk_table *vk_table_year(const vk_table *t, const char *year, vk_error *err);

/* The tables a map draws on: wide ones (one row per key) and long ones
 * (one row per key and year). Borrowed pointers. joins is optional (NULL:
 * every value joins its table anew): see vk_join_cache. */
typedef struct vk_tableset {
    vk_table *const *t;
    size_t n;
    struct vk_join_cache *joins;
} vk_tableset;

/* Parses a cell as a number the way CBS and Excel write them: decimal comma
 * or point, optional thousands separators that are unambiguous, no NaN, inf,
 * hex, exponent or trailing junk. Surrounding spaces are ignored; "", ".",
 * "-", "x" and "?" are VK_CELL_MISSING. A decimal comma is refused when sep
 * is ','; when both '.' and ',' occur the last is the decimal mark and the
 * other must group digits in threes ("1.234,5"). Returns VK_OK and sets
 * *state and *value (NAN unless VK_CELL_VALUE), or VK_EDATA (no message)
 * when it is not a number. */
vk_status vk_parse_number(const char *s, char sep, double *value,
                          vk_cell *state);

/* Converts a column to numbers: values[row] is the number, or NAN for
 * missing and nodata cells (states[row] says which; states may be NULL).
 * Fails with "file:line: column "x" value "12x" is not a number" (VK_EDATA)
 * or, for an unknown column, a message listing the table's columns; on
 * failure the contents of values and states are unspecified. */
vk_status vk_table_numeric(const vk_table *t, const char *column,
                           double *values, vk_cell *states, vk_error *err);

/* The match of table rows to features. */
typedef struct vk_join {
    size_t nfeatures, nrows;
    long *row_of_feature;   /* row index per feature, -1 if none */
    size_t nmatched;
    size_t nmatched_loose;  /* of which matched after restoring leading 0s */
    size_t *rows_unmatched; /* table rows with no feature */
    size_t nrows_unmatched;
    size_t *features_unmatched; /* features with no row */
    size_t nfeatures_unmatched;
    size_t *features_dupcode; /* features whose code an earlier feature
                                 also has: joined to the same row, each
                                 counts */
    size_t nfeatures_dupcode;
    int by_row;               /* a table of the features' own columns,
                                 joined row by row */
} vk_join;

/* Joins table rows to features by key: exact match first (every feature with
 * the key gets its row), then (when the exact key is unknown) by the numeric
 * part of the code with leading zeros restored, or a whole number written as
 * a decimal ("363.0") read as one, if that is unambiguous. A table of
 * vk_table_from_features(fs) joins row by row. Returns a new join (caller
 * owns). */
vk_join *vk_join_make(const vk_features *fs, const vk_table *t);
void vk_join_destroy(vk_join *j);

/* The joins of one feature set with tables, each made on first use and
 * kept: nine layers over the 461,304 cells of a 100 m grid made the same
 * join for every value. Not thread safe; the caller keeps fs and the
 * tables alive as long as the cache. */
typedef struct vk_join_cache vk_join_cache;
vk_join_cache *vk_join_cache_create(const vk_features *fs);
void vk_join_cache_destroy(vk_join_cache *c);
/* The join of fs with t, or NULL when fs is not the cache's feature set
 * (the caller then makes its own). Owned by the cache. */
const vk_join *vk_join_cache_get(vk_join_cache *c, const vk_features *fs,
                                 const vk_table *t);

/* Fills out[feature] with the joined value of a numeric column (NAN where the
 * feature has no row, or the cell is missing/nodata). out_states may be
 * NULL; features without a row get VK_CELL_MISSING. */
vk_status vk_join_column(const vk_join *j, const vk_table *t,
                         const char *column, double *out,
                         vk_cell *out_states, vk_error *err);

/* A warning when few rows join: fewer matches than half of the table's
 * rows or the features (whichever is less), with the match rate and
 * example keys from both sides. Returns a new string (caller frees), or
 * NULL when the match is good. */
char *vk_join_low_match(const vk_features *fs, const vk_table *t,
                        const vk_join *j);

/* When many rows do not join (5 or more, and a twentieth of the table)
 * and most of those keys and of fs's codes are buurtcodes (BU and eight
 * digits): the table is most likely keyed on another year's indeling (to
 * be reallocated). Returns vk_table_count_columns (a new string), or
 * NULL when the case does not hold. In indeling.c. */
char *vk_join_other_indeling(const vk_features *fs, const vk_table *t,
                             const vk_join *j);
/* The columns that look like counts (whole numbers, named like aantal,
 * inwoners, woningen, huishoudens or bewoners, but not pct or klasse),
 * comma-separated, "" for none (caller frees): what to --sum when the
 * table is reallocated. */
char *vk_table_count_columns(const vk_table *t);
/* 1 when every cell of column col is a number or missing (whole: and
 * every number a whole one), else 0. */
int vk_table_numeric_col(const vk_table *t, size_t col, int whole);

/* Writes the human-readable join report of `veerkracht check`. Returns a new
 * string owned by the caller. */
char *vk_join_report(const vk_features *fs, const vk_table *t,
                     const vk_join *j);

#endif
