/* SPDX-License-Identifier: MIT */
/* What the layers of buurten (layer.c) and of wijken (wijk.c) share. */
#ifndef VK_STYLE_PRIV_H
#define VK_STYLE_PRIV_H

#include "vk/style.h"

/* One column (of one year, NULL for a wide table) per feature of fs, from
 * the first table that has it, joined on the key; NAN where there is
 * none. Errors name the column and the tables (VK_EDATA). */
vk_status vk_layer_operand(const vk_tableset *ts, const vk_features *fs,
                           const char *col, const char *year, double *out,
                           vk_error *err);

/* A number per buurt: the column col (looked up as a value's), or the
 * boundaries' residents when col is NULL: the mask's residents and the
 * weights of a map of wijken. A new array, or NULL with err set. */
double *vk_layer_per_buurt(const vk_tableset *ts, const vk_features *fs,
                           const char *col, vk_error *err);

/* Replaces each value v[i] of feature i of fs by its difference from, or
 * ratio to, the unweighted mean of the values of its gemeente's features
 * (NAN left out). */
void vk_layer_relative(vk_relative rel, const vk_features *fs, double *v);
/* The same with the gemeente of value i given as key[i] (NULL: none). */
void vk_layer_relative_by(vk_relative rel, const char *const *key, size_t n,
                          double *v);

/* Classifies l (l->n features of fs, l->cls 0 for those that take part,
 * a VK_CLASS_* code for the others) over those of area (all when NULL;
 * fs its buurten, or with wijken its wijken), then gives each of them its
 * class; the warnings go to l->warnings. Returns VK_OK or the codes of
 * vk_classify. */
vk_status vk_layer_classify(vk_layer *l, const vk_features *fs,
                            const vk_area *area, int wijken, vk_error *err);

/* The class a feature gets before any breaks: VK_CLASS_WATER for water,
 * VK_CLASS_MASKED for fewer residents inw (NAN: not known) than s's mask,
 * VK_CLASS_NODATA without a value (vx; vy too when s is bivariate), else
 * 0 (to classify). */
int vk_layer_code(const vk_style *s, int water, double inw, double vx,
                  double vy);

/* Frees what a layer of wijken owns (NULL-safe). */
void vk_layer_wijken_free(vk_layer_wijken *w);

#endif
