/* SPDX-License-Identifier: MIT */
/* Shared between the files of the classify module, not public. */
#ifndef VK_CLASSIFY_PRIV_H
#define VK_CLASSIFY_PRIV_H

#include "vk/classify.h"

/* R's mean(): a long double sum divided by n, plus one refinement pass. */
double vk_classify_r_mean(const double *x, size_t n);

/* pretty(x, n) of R 4.2 for data range lo < hi: writes the breaks into a
 * new array *out and returns their count minus one (the classes). */
int vk_classify_pretty(double lo, double hi, int n, double **out);

/* classInt style "sd" for x[0..n-1] in input order (the order of R's sums)
 * with extremes min and max: pretty() of scale(x) mapped back. Same
 * contract as vk_classify_pretty. */
int vk_classify_sd(const double *x, size_t n, double min, double max, int k,
                   double **out);

#endif
