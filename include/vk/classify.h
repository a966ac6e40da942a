/* SPDX-License-Identifier: MIT */
/* Class breaks for a numeric column, defined as in R's classInt. */
#ifndef VK_CLASSIFY_H
#define VK_CLASSIFY_H

#include <stddef.h>

#include "vk/core.h"

typedef enum vk_method {
    VK_METHOD_EQUAL = 0,
    VK_METHOD_QUANTILE,
    VK_METHOD_FIXED,
    VK_METHOD_COUNT_
} vk_method;

/* Interval closure, as classInt's intervalClosure: "left" [a, b) with the
 * last class [a, b] (the default), or "right" (a, b] with the first [a, b]. */
typedef enum vk_closure { VK_CLOSE_LEFT = 0, VK_CLOSE_RIGHT } vk_closure;

typedef struct vk_breaks {
    vk_method method;
    vk_closure closure;
    int k;            /* number of classes */
    double *b;        /* k + 1 breaks, ascending, b[0] = min, b[k] = max */
    size_t *counts;   /* k counts */
    size_t missing;   /* NaN inputs */
    size_t n;         /* non-missing inputs */
    vk_warnings warnings; /* degenerate data, merged classes, ... */
} vk_breaks;

/* Name <-> method ("equal", "quantile", "fixed"). parse returns -1 if
 * unknown. */
const char *vk_method_name(vk_method m);
int vk_method_parse(const char *name, vk_method *out);
/* "equal, quantile, fixed" for messages. */
const char *vk_method_list(void);

/* Computes breaks for values (NaN = missing) with method m into k classes;
 * fixed uses the nfixed given breaks (k = nfixed - 1, k ignored). Values
 * outside fixed breaks are counted in the end classes, as classInt's
 * findInterval(all.inside = TRUE) does, with a warning.
 * Returns a new vk_breaks (caller owns) or NULL with err set (VK_EDATA when
 * every value is missing, VK_EUSAGE for k < 1 or unsorted fixed breaks). */
vk_breaks *vk_classify(const double *values, size_t n, vk_method m, int k,
                       const double *fixed, size_t nfixed,
                       vk_closure closure, vk_error *err);

/* Class of a value, 0..k-1, or -1 for NaN. */
int vk_breaks_class(const vk_breaks *br, double v);

void vk_breaks_destroy(vk_breaks *br);

/* Quantile of sorted x[0..n-1] at probability p, R type 7. */
double vk_quantile7(const double *sorted, size_t n, double p);

#endif
