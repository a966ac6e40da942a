/* SPDX-License-Identifier: MIT */
/* Internals shared by the reallocation's files. */
#ifndef VK_REALLOC_PRIV_H
#define VK_REALLOC_PRIV_H

#include <stdint.h>

#include "vk/realloc.h"

/* The result: rows of text cells as they are written. */
struct vk_realloc {
    char sep, dec;
    int bom, crlf;
    size_t ncols;       /* the input's plus dekking */
    char **colnames;
    size_t nrows;
    char **cells;       /* nrows * ncols, owned ("" shared is not used) */
    double *coverage;   /* per row */
    size_t *nsources;   /* per row */
    char *report;
    vk_warnings warnings;
};

/* Whether the file at path starts with a UTF-8 byte order mark and ends
 * its first line with CR LF (0 and 0 when it cannot be read). */
void vk_realloc_sniff(const char *path, int *bom, int *crlf);

/* How a column is reallocated. */
typedef enum rule { RULE_KEY, RULE_YEAR, RULE_SUM, RULE_MEAN, RULE_TEXT } rule;

/* A decimal number exactly as written: value = v / 10^d. */
typedef struct vk_scaled {
    int64_t v;
    int d;
} vk_scaled;

/* The scaled value of a number's text (a cell vk_parse_number takes as a
 * value): 1 when exact, 0 when it has too many digits. */
int vk_scaled_parse(const char *s, vk_scaled *out);
/* v / 10^d (d at most 18) with decimal mark dec, into buf (at least 48
 * bytes). */
void vk_scaled_format(int64_t v, int d, char dec, char *buf);
/* x with at most decimals digits after the mark dec, trailing zeros
 * dropped, into buf (at least 64 bytes). */
void vk_realloc_format(double x, int decimals, char dec, char *buf);

/* Per pair of a new buurt k and an old one j that share area (slivers
 * left out): its area and weight, sorted by k then j. */
typedef struct vk_part {
    size_t k, j;
    double area;
    double weight; /* the area, or the population of the overlap */
} vk_part;

/* Population weights (population.c): the weight of each part becomes
 * the inhabitants of pop's points that lie in both its buurten (0 for
 * none; the reallocation falls back to area where all weights of a
 * buurt are 0). Points outside the parts are counted in *lost. */
void vk_realloc_population_weights(const vk_features *old,
                                   const vk_features *nw,
                                   const vk_features *pop, vk_part *parts,
                                   size_t nparts, double *lost);

#endif
