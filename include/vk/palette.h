/* SPDX-License-Identifier: MIT */
/* Named colour schemes (ColorBrewer 2.0 and 3 x 3 bivariate schemes),
 * explicit hex lists and colour-vision deficiency checks; part of vk_style. */
#ifndef VK_PALETTE_H
#define VK_PALETTE_H

#include <stddef.h>

#include "vk/style.h"

typedef enum vk_palette_type {
    VK_PALETTE_UNKNOWN = 0,  /* no scheme of that name */
    VK_PALETTE_SEQUENTIAL,   /* ColorBrewer, 3-9 classes */
    VK_PALETTE_DIVERGING,    /* ColorBrewer, 3-11 classes */
    VK_PALETTE_QUALITATIVE,  /* ColorBrewer, 3 to the scheme's own maximum */
    VK_PALETTE_BIVARIATE     /* 3 x 3 grid, always 9 colours */
} vk_palette_type;

/* Simulated colour-vision deficiencies (dichromacy, severity 1.0). */
typedef enum vk_cvd {
    VK_CVD_NONE = 0,   /* normal colour vision */
    VK_CVD_PROTAN,     /* protanopia: no L cones ("red-blind") */
    VK_CVD_DEUTAN,     /* deuteranopia: no M cones ("green-blind") */
    VK_CVD_TRITAN      /* tritanopia: no S cones ("blue-blind") */
} vk_cvd;

/* Scheme names are matched without regard to ASCII case ("orrd" finds
 * "OrRd"); messages and vk_palette_name() use the canonical spelling. */

/* The type of scheme name, VK_PALETTE_UNKNOWN if there is none. */
vk_palette_type vk_palette_kind(const char *name);

/* "sequential", "diverging", "qualitative", "bivariate" or "unknown". */
const char *vk_palette_type_name(vk_palette_type t);

/* Number of schemes known, and the canonical name of scheme i (0-based,
 * ColorBrewer sequential, diverging, qualitative, then bivariate, each
 * alphabetical); NULL when i is out of range. The string is static. */
size_t vk_palette_count(void);
const char *vk_palette_name(size_t i);

/* The canonical spelling of name, or NULL if unknown. Static string. */
const char *vk_palette_canonical(const char *name);

/* Stores the smallest and largest class count of scheme name (9 and 9 for
 * a bivariate scheme). Returns 0, or -1 for an unknown name (nothing
 * stored). */
int vk_palette_range(const char *name, int *min_k, int *max_k);

/* Writes the k colours of ColorBrewer scheme name to out[0..k-1], lightest
 * (sequential) or first-named end (diverging: BrBG starts brown) first, or
 * in the opposite order when reverse is non-zero. The colours are those of
 * the k-class scheme, which for sequential and diverging schemes is not a
 * subset of the scheme with more classes. Returns 0, or -1 for an unknown
 * or bivariate name or k outside vk_palette_range() (out untouched). */
int vk_palette_get(const char *name, int k, int reverse, vk_rgba *out);

/* Writes the 9 colours of bivariate scheme name to out[0..8]. Cell
 * out[row * 3 + col]: col is the x variable's class, low to high from left
 * to right; row is the y variable's class, low to high from bottom to top.
 * So out[0] is low-low (bottom left), out[2] high x and low y (bottom
 * right), out[8] high-high (top right). transpose non-zero swaps the roles
 * of x and y (out[row * 3 + col] = scheme[col * 3 + row]). Returns 0, or -1
 * if name is not a bivariate scheme (out untouched). */
int vk_palette_bivariate(const char *name, int transpose, vk_rgba *out);

/* Writes a message explaining why vk_palette_get(name, k, ...) or
 * vk_palette_bivariate(name, ...) fails into buf, for a style error:
 *   unknown palette "OrRed" (did you mean "OrRd"?); sequential: Blues, ...
 *   palette "OrRd" has 3 to 9 classes, not 12
 * or "" when it succeeds. Returns buf. */
char *vk_palette_explain(const char *name, int k, char *buf, size_t size);

/* Parses n explicit colours ("#rrggbb" or "#rrggbbaa", as vk_color_parse)
 * into out[0..n-1], reversed if reverse is non-zero. Returns -1 and stores
 * the index of the first bad entry in *bad (if bad is not NULL), leaving out
 * untouched; else 0. */
int vk_palette_from_hex(const char *const *hex, size_t n, int reverse,
                        vk_rgba *out, size_t *bad);

/* Colour-vision checks. How they work: the sRGB colour is decoded to
 * linear RGB, multiplied by the severity-1.0 matrix of Machado, Oliveira &
 * Fernandes (2009) for the deficiency, clipped to [0, 1], converted to CIE
 * XYZ and CIELAB (D65 white), and differences are CIEDE2000 (Sharma, Wu &
 * Dalal 2005). Alpha is ignored. See docs/palettes.md. */

/* The colour as seen with deficiency kind (c itself for VK_CVD_NONE, alpha
 * kept). */
vk_rgba vk_cvd_simulate(vk_rgba c, vk_cvd kind);

/* CIELAB (D65, L in 0..100) of an sRGB colour: lab[0] = L*, lab[1] = a*,
 * lab[2] = b*. */
void vk_rgba_to_lab(vk_rgba c, double lab[3]);

/* CIEDE2000 colour difference of two CIELAB colours, kL = kC = kH = 1. */
double vk_delta_e2000(const double lab1[3], const double lab2[3]);

/* The smallest CIEDE2000 between adjacent colours c[i], c[i + 1] (the
 * pairs a reader must tell apart on a sequential or diverging map) as seen
 * with deficiency kind. Returns INFINITY when n < 2. */
double vk_palette_min_delta_e(const vk_rgba *c, size_t n, vk_cvd kind);

/* As vk_palette_min_delta_e over all pairs (qualitative and bivariate
 * schemes, where any two classes may be neighbours on the map). */
double vk_palette_min_delta_e_all(const vk_rgba *c, size_t n, vk_cvd kind);

/* As vk_palette_min_delta_e over the mirrored pairs c[i], c[n - 1 - i]
 * (i < n / 2): on a diverging map the reader must tell "as far below the
 * midpoint" from "as far above it", which red-green schemes fail for
 * protanopes and deuteranopes even when neighbours differ in lightness. */
double vk_palette_min_delta_e_mirror(const vk_rgba *c, size_t n,
                                     vk_cvd kind);

/* The check that fits the scheme's type, for scheme name with k classes
 * (k ignored for bivariate schemes): adjacent pairs for sequential, adjacent
 * and mirrored pairs for diverging, all pairs for qualitative and bivariate.
 * Returns the smallest CIEDE2000, or NAN for an unknown name or bad k. */
double vk_palette_cvd_delta_e(const char *name, int k, vk_cvd kind);

#endif
