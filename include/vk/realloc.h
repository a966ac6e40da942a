/* SPDX-License-Identifier: MIT */
/* Reallocation of a table keyed on the buurten of one CBS indeling (an old
 * year's) to the buurten of another: counts split by share of overlap,
 * rates and scores as weighted means, weights from the area of overlap or
 * from the population of a finer layer. */
#ifndef VK_REALLOC_H
#define VK_REALLOC_H

#include <stddef.h>

#include "vk/core.h"
#include "vk/source.h"
#include "vk/table.h"

/* The coverage below which a new buurt gets no value, by default. */
#define VK_REALLOC_MIN_COVERAGE 0.9
/* An overlap smaller than this share of the smaller of its two buurten is
 * a sliver of two drawings of one edge, not a part: it is left out. */
#define VK_REALLOC_SLIVER 1e-6

typedef struct vk_realloc_opts {
    const char *const *sum;   /* count columns (--sum) */
    size_t nsum;
    const char *const *mean;  /* rate and score columns (--mean); columns
                                 named in neither are means too when
                                 numeric, else text */
    size_t nmean;
    const char *weight_column; /* of the table: means weighted by overlap
                                  times this column of the old buurt */
    double min_coverage;       /* 0..1 */
    double sliver;             /* VK_REALLOC_SLIVER unless > 0 */
    int threads;               /* 0: one per core */
} vk_realloc_opts;

/* Fills o with the defaults: no columns named, VK_REALLOC_MIN_COVERAGE. */
void vk_realloc_opts_init(vk_realloc_opts *o);

/* The reallocated table: one row per new buurt (per year of a long
 * table), the input's columns in order plus "dekking". */
typedef struct vk_realloc vk_realloc;

/* Reallocates t (keyed on old's codes) to the buurten of nw; old and nw
 * (and pop, when not NULL) in one CRS, projected. pop: the points of a
 * finer layer with their inhabitants (vk_source_read_points) to weigh by
 * population instead of area. Returns a new result
 * (caller owns) or NULL with err set: VK_EDATA for a column named in
 * --sum, --mean or --weight-column that the table lacks or that holds
 * text, or a table that already has a column "dekking". */
vk_realloc *vk_realloc_make(const vk_features *old, const vk_features *nw,
                            const vk_table *t, const vk_features *pop,
                            const vk_realloc_opts *o, vk_error *err);
void vk_realloc_destroy(vk_realloc *r);

size_t vk_realloc_nrows(const vk_realloc *r);
size_t vk_realloc_ncols(const vk_realloc *r);
const char *vk_realloc_colname(const vk_realloc *r, size_t col);
/* The text of a cell as it is written ("" for no value); borrowed. */
const char *vk_realloc_cell(const vk_realloc *r, size_t row, size_t col);
/* The coverage of a row's buurt, 0..1, and how many old buurten it takes
 * values from. */
double vk_realloc_coverage(const vk_realloc *r, size_t row);
size_t vk_realloc_nsources(const vk_realloc *r, size_t row);
/* Warnings (rows of the table without an old buurt, ...). */
const vk_warnings *vk_realloc_warnings(const vk_realloc *r);

/* Writes the table as CSV in the input's dialect: its separator, decimal
 * mark, byte order mark and line ends. VK_EIO naming path. */
vk_status vk_realloc_write(const vk_realloc *r, const char *path,
                           vk_error *err);

/* The report of `veerkracht reallocate` (caller frees): what was joined,
 * the new buurten by number of sources, those left without value, the
 * totals before and after of every --sum column, and per new buurt its
 * coverage and sources. */
char *vk_realloc_report(const vk_realloc *r);

/* ---- from files (files.c) ----------------------------------------------- */

typedef struct vk_realloc_files {
    const char *from, *to;   /* old and new buurten: any OGR source */
    const char *layer;       /* buurten layer of both (NULL: as read) */
    const char *key;         /* code column of both (NULL: buurtcode) */
    const char *table;       /* CSV keyed on from's codes */
    const char *table_key;   /* its key column (NULL: as the reader picks) */
    const char *population;  /* finer layer, or NULL for area weights */
    const char *population_column; /* its inhabitants (NULL: found) */
} vk_realloc_files;

/* Reads the files, puts the new buurten (and the population) in the old
 * ones' CRS (both in a projected one when that is lon/lat) and
 * reallocates. Warnings of the reading go to the result's warnings. */
vk_realloc *vk_realloc_run(const vk_realloc_files *in,
                           const vk_realloc_opts *o, vk_error *err);

#endif
