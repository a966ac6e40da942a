/* SPDX-License-Identifier: MIT */
/* Class breaks for a numeric column, defined as in R's classInt. */
#ifndef VK_CLASSIFY_H
#define VK_CLASSIFY_H

#include <stddef.h>

#include "vk/core.h"

/* The methods, as classInt's styles; docs/classification.md defines each.
 * The first three keep their values. */
typedef enum vk_method {
    VK_METHOD_EQUAL = 0,  /* k classes of equal width */
    VK_METHOD_QUANTILE,   /* k classes of equal count (quantile type 7) */
    VK_METHOD_FIXED,      /* given breaks; k ignored */
    VK_METHOD_FISHER,     /* exact minimum within-class sum of squares */
    VK_METHOD_JENKS,      /* the same optimum, breaks at data values, and
                           * always closed on the right */
    VK_METHOD_PRETTY,     /* R's pretty(x, k): about k round classes; the
                           * result's k may differ */
    VK_METHOD_SD,         /* pretty() on standardised values: about k
                           * classes; the result's k may differ */
    VK_METHOD_HEADTAILS,  /* head/tail breaks of heavy-tailed data; k
                           * ignored, the data decide */
    VK_METHOD_CATEGORIES, /* one class per listed value; k ignored */
    VK_METHOD_COUNT_
} vk_method;

/* Interval closure, as classInt's intervalClosure: "left" [a, b) with the
 * last class [a, b] (the default), or "right" (a, b] with the first [a, b]. */
typedef enum vk_closure { VK_CLOSE_LEFT = 0, VK_CLOSE_RIGHT } vk_closure;

/* headtails: classInt's default head proportion threshold. */
#define VK_HEADTAILS_THR 0.4

typedef struct vk_breaks {
    vk_method method;
    vk_closure closure; /* as used: jenks sets VK_CLOSE_RIGHT, as classInt
                         * (not when degenerate data gave each value its
                         * own class) */
    int k;            /* number of classes */
    double *b;        /* k + 1 breaks, non-decreasing, b[0] <= min and
                       * b[k] >= max (but for fixed); categories: b[i] is
                       * the value of class i (i < k, in the order given)
                       * and b[k] is NaN */
    size_t *counts;   /* k counts */
    size_t missing;   /* NaN (and infinite) inputs */
    size_t other;     /* categories: values none of the categories (in no
                       * class, not missing); 0 for other methods */
    size_t n;         /* non-missing inputs */
    vk_warnings warnings; /* degenerate data, merged classes, ... */
} vk_breaks;

/* What to compute. Zero-initialise, then set what the method needs; a
 * zeroed struct is equal, k 0 (invalid), left closure, thr 0.4. */
typedef struct vk_classify_opts {
    vk_method method;
    int k;                /* classes asked (>= 1); ignored by fixed,
                           * headtails and categories */
    vk_closure closure;   /* ignored by jenks (right, as classInt) and
                           * categories */
    const double *breaks; /* fixed: the breaks, any order, >= 2 */
    size_t nbreaks;
    const double *cats;   /* categories: the values, distinct, in legend
                           * order, >= 1 */
    size_t ncats;
    double thr;           /* headtails: keep splitting while the head holds
                           * at most this share of the values; in (0, 1],
                           * 0 means VK_HEADTAILS_THR */
} vk_classify_opts;

/* Name <-> method ("equal", "quantile", "fisher", ...). parse returns -1 if
 * unknown. */
const char *vk_method_name(vk_method m);
int vk_method_parse(const char *name, vk_method *out);
/* "equal, quantile, fisher, jenks, pretty, sd, headtails, fixed,
 * categories" for messages. */
const char *vk_method_list(void);
/* 1 if the method needs k (equal, quantile, fisher, jenks, pretty, sd). */
int vk_method_needs_k(vk_method m);

/* Computes class breaks of values[0..n-1] (NaN = missing; infinite values
 * are counted as missing too, with a warning) and counts the values per
 * class as classInt::findCols does.
 *
 * Degenerate data, for every method but fixed and categories: one distinct
 * value gives one class [v, v]; k >= the number of distinct values gives one
 * class per value (classInt "unique"); each with a warning. pretty and sd
 * may give another k than asked (a warning says so); headtails chooses k.
 * Fixed breaks are never changed: values outside them are counted in the
 * end classes with a warning.
 *
 * Returns a new vk_breaks (caller owns; vk_breaks_destroy) or NULL with err
 * set: VK_EDATA when every value is missing, VK_EUSAGE for k < 1 where the
 * method needs k, fixed breaks that are fewer than two or not finite,
 * categories that are missing, not finite or repeated, or a headtails thr
 * outside 0 .. 1. */
vk_breaks *vk_classify_ex(const double *values, size_t n,
                          const vk_classify_opts *opts, vk_error *err);

/* vk_classify_ex with method m, k classes and closure; fixed[0..nfixed-1]
 * are the breaks for fixed and the category values for categories (else
 * unused); headtails uses thr 0.4. */
vk_breaks *vk_classify(const double *values, size_t n, vk_method m, int k,
                       const double *fixed, size_t nfixed,
                       vk_closure closure, vk_error *err);

/* Class of a value: 0..k-1, or -1 for no class: NaN, infinity and, for
 * categories, a value that is none of them. */
int vk_breaks_class(const vk_breaks *br, double v);

/* A copy of br (caller owns) without its warnings, which were told with
 * br: the same breaks for several maps (the years of a layer). */
vk_breaks *vk_breaks_copy(const vk_breaks *br);

void vk_breaks_destroy(vk_breaks *br);

/* Quantile of sorted x[0..n-1] at probability p, R type 7. */
double vk_quantile7(const double *sorted, size_t n, double p);

/* The optimal partition of sorted[0..n-1] (ascending, no NaN) into k
 * non-empty classes of consecutive values: the one with the least sum of
 * squared deviations from the class means (Fisher 1958); among equal
 * optima (within a relative 1e-13) the one whose last class starts
 * earliest, then the class before it, and so on: FISH's rule in classInt,
 * whose own rounding can pick another of them. Writes end[0..k-1], one
 * past the last index of each class (end[k-1] = n). Needs 1 <= k <= n.
 * Used by fisher and jenks; public for tests. Returns VK_OK, or VK_EUSAGE
 * for a bad k or n >= 2^32. */
vk_status vk_classify_optimal(const double *sorted, size_t n, int k,
                              size_t *end, vk_error *err);

/* Bivariate classes: x and y are classified separately (each over its own
 * non-missing values) and a pair falls in cell iy * x->k + ix of an x->k by
 * y->k grid (x varies fastest; as vk_layer's classes); ix = 0 is x's lowest
 * class. */
typedef struct vk_bivariate {
    vk_breaks *x, *y;  /* owned */
    size_t *counts;    /* pairs per cell, x->k * y->k */
    size_t unclassed;  /* pairs with either value in no class */
} vk_bivariate;

/* Classifies vx and vy (n pairs) with ox and oy and counts the pairs per
 * cell. Returns a new vk_bivariate (caller owns; vk_bivariate_destroy) or
 * NULL with err set as vk_classify_ex does for either variable. */
vk_bivariate *vk_bivariate_classify(const double *vx, const double *vy,
                                    size_t n, const vk_classify_opts *ox,
                                    const vk_classify_opts *oy,
                                    vk_error *err);

/* Cell of a pair, iy * x->k + ix, or -1 if either value has no class. */
int vk_bivariate_class(const vk_breaks *x, const vk_breaks *y, double vx,
                       double vy);

void vk_bivariate_destroy(vk_bivariate *bv);

#endif
