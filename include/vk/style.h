/* SPDX-License-Identifier: MIT */
/* Map layer styles (styles/<layer>.yaml, read with libfyaml) and the legend
 * model shared by print and web. */
#ifndef VK_STYLE_H
#define VK_STYLE_H

#include <stddef.h>

#include "vk/classify.h"
#include "vk/core.h"
#include "vk/source.h"

typedef struct vk_rgba {
    double r, g, b, a; /* 0..1 */
} vk_rgba;

typedef struct vk_style {
    char *path;        /* file it came from */
    char *id;          /* file name without .yaml */
    char *title;       /* Dutch map title */
    char *subtitle;    /* optional, may be NULL */
    char *column;      /* indicator column */
    char *unit;        /* "%" or "" */
    int decimals;      /* digits in legend labels */
    vk_method method;
    vk_closure closure;
    int classes;
    double *breaks;    /* fixed breaks, nbreaks entries */
    size_t nbreaks;
    vk_rgba *colors;   /* one per class */
    size_t ncolors;
    char **labels;     /* optional label per class, NULL if generated */
    size_t nlabels;
    vk_rgba nodata_color;
    char *nodata_label;
    char *source;      /* "Bron: ..." line */
} vk_style;

/* Loads and validates a style file. Errors name file:line:column and the key
 * (VK_EIO, VK_EFORMAT). Returns a new style (caller owns) or NULL. */
vk_style *vk_style_load(const char *path, vk_error *err);
/* As vk_style_load from memory; name is used in messages and for the id. */
vk_style *vk_style_load_mem(const char *name, const char *text, size_t len,
                            vk_error *err);
void vk_style_destroy(vk_style *s);

/* Parses "#rrggbb" or "#rrggbbaa". Returns 0 on success, -1 otherwise. */
int vk_color_parse(const char *s, vk_rgba *out);

/* Index into s->colors for class c of k computed classes: c itself when k
 * equals the number of colours, else spread evenly over the colour ramp
 * (degenerate data gives fewer classes than the style asks). */
size_t vk_style_color_index(const vk_style *s, int c, int k);

/* One legend entry: colour, Dutch label and the number of buurten in it. */
typedef struct vk_legend_entry {
    vk_rgba color;
    char *label;
    size_t count;
} vk_legend_entry;

typedef struct vk_legend {
    char *title;
    vk_legend_entry *e;
    size_t n;
} vk_legend;

/* Builds the legend from a style and computed breaks: one entry per class
 * with the count in br (labels from the style, else from the breaks with
 * Dutch number formatting), then the no-data entry with nodata_count and
 * "Water" with water_count, each only if non-zero. Caller owns the result. */
vk_legend *vk_legend_build(const vk_style *s, const vk_breaks *br,
                           size_t nodata_count, size_t water_count);
void vk_legend_destroy(vk_legend *l);

/* Colours for every feature of fs: water buurten in water blue, values
 * (NAN = no data) by their class in br, else the no-data colour. */
void vk_style_fill(const vk_style *s, const vk_breaks *br,
                   const vk_features *fs, const double *values,
                   vk_rgba *out);

/* The colour of water buurten. */
vk_rgba vk_style_water_color(void);

/* Formats v with dec decimals in Dutch style (decimal comma, thousands dot,
 * minus sign) into buf. */
char *vk_format_nl(double v, int dec, char *buf, size_t size);

#endif
