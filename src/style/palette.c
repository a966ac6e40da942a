/* SPDX-License-Identifier: MIT */
/* Named colour schemes (ColorBrewer 2.0, Stevens' bivariate 3 x 3) and
 * colour-vision deficiency checks (Machado 2009 simulation, CIEDE2000).
 *
 * ColorBrewer colour specifications and designs: Cynthia A. Brewer, Mark
 * Harrower and The Pennsylvania State University, www.ColorBrewer.org,
 * licensed under the Apache License, Version 2.0. The tables below are that
 * data, in ColorBrewer's own lettered form (see "How the tables work").
 *
 * Bivariate schemes: Joshua Stevens, "Bivariate Choropleth Maps: A How-to
 * Guide" (2015), joshuastevens.net/cartography/make-a-bivariate-choropleth-map/
 * (values as also tabulated in Kevin Wright's R package pals, stevens.*). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vk/palette.h"

/* How the tables work. ColorBrewer designs each sequential scheme from 13
 * colours lettered A (lightest) to M (darkest), and each diverging scheme
 * from 15 colours A to O (H is the neutral midpoint). A k-class scheme uses
 * a fixed choice of letters, the same for every scheme of that type (Brewer's
 * "ColorBrewer schemes" spreadsheet), so the 5-class OrRd is not the 9-class
 * OrRd with colours left out. SEQ_PICK[k - 3] and DIV_PICK[k - 3] are those
 * choices; a qualitative k-class scheme is the first k colours of its
 * largest one. */
static const char *const SEQ_PICK[] = {
    "CFI", "BEGJ", "BEGIK", "BDFGIK", "BDFGHJL", "ACDFGHJL", "ACDFGHJKM",
};
static const char *const DIV_PICK[] = {
    "EHK", "CFJM", "CFHJM", "BEGIKN", "BEGHIKN", "BDFGIJLN", "BDFGHIJLN",
    "ABDFGIJLNO", "ABDFGHIJLNO",
};

#define SEQ_N 13
#define DIV_N 15
#define QUAL_MAX 12

typedef struct scheme {
    const char *name;
    vk_palette_type type;
    int max_k;             /* qualitative: number of colours */
    uint32_t c[DIV_N];     /* 0xRRGGBB, lettered A.. or in order */
} scheme;

static const scheme SCHEMES[] = {
    /* Sequential, A..M. */
    {"Blues", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7fbff, 0xeff3ff, 0xdeebf7, 0xc6dbef, 0xbdd7e7, 0x9ecae1, 0x6baed6,
      0x4292c6, 0x3182bd, 0x2171b5, 0x08519c, 0x084594, 0x08306b}},
    {"BuGn", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7fcfd, 0xedf8fb, 0xe5f5f9, 0xccece6, 0xb2e2e2, 0x99d8c9, 0x66c2a4,
      0x41ae76, 0x2ca25f, 0x238b45, 0x006d2c, 0x005824, 0x00441b}},
    {"BuPu", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7fcfd, 0xedf8fb, 0xe0ecf4, 0xbfd3e6, 0xb3cde3, 0x9ebcda, 0x8c96c6,
      0x8c6bb1, 0x8856a7, 0x88419d, 0x810f7c, 0x6e016b, 0x4d004b}},
    {"GnBu", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7fcf0, 0xf0f9e8, 0xe0f3db, 0xccebc5, 0xbae4bc, 0xa8ddb5, 0x7bccc4,
      0x4eb3d3, 0x43a2ca, 0x2b8cbe, 0x0868ac, 0x08589e, 0x084081}},
    {"Greens", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7fcf5, 0xedf8e9, 0xe5f5e0, 0xc7e9c0, 0xbae4b3, 0xa1d99b, 0x74c476,
      0x41ab5d, 0x31a354, 0x238b45, 0x006d2c, 0x005a32, 0x00441b}},
    {"Greys", VK_PALETTE_SEQUENTIAL, 9,
     {0xffffff, 0xf7f7f7, 0xf0f0f0, 0xd9d9d9, 0xcccccc, 0xbdbdbd, 0x969696,
      0x737373, 0x636363, 0x525252, 0x252525, 0x252525, 0x000000}},
    {"Oranges", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff5eb, 0xfeedde, 0xfee6ce, 0xfdd0a2, 0xfdbe85, 0xfdae6b, 0xfd8d3c,
      0xf16913, 0xe6550d, 0xd94801, 0xa63603, 0x8c2d04, 0x7f2704}},
    {"OrRd", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff7ec, 0xfef0d9, 0xfee8c8, 0xfdd49e, 0xfdcc8a, 0xfdbb84, 0xfc8d59,
      0xef6548, 0xe34a33, 0xd7301f, 0xb30000, 0x990000, 0x7f0000}},
    {"PuBu", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff7fb, 0xf1eef6, 0xece7f2, 0xd0d1e6, 0xbdc9e1, 0xa6bddb, 0x74a9cf,
      0x3690c0, 0x2b8cbe, 0x0570b0, 0x045a8d, 0x034e7b, 0x023858}},
    {"PuBuGn", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff7fb, 0xf6eff7, 0xece2f0, 0xd0d1e6, 0xbdc9e1, 0xa6bddb, 0x67a9cf,
      0x3690c0, 0x1c9099, 0x02818a, 0x016c59, 0x016450, 0x014636}},
    {"PuRd", VK_PALETTE_SEQUENTIAL, 9,
     {0xf7f4f9, 0xf1eef6, 0xe7e1ef, 0xd4b9da, 0xd7b5d8, 0xc994c7, 0xdf65b0,
      0xe7298a, 0xdd1c77, 0xce1256, 0x980043, 0x91003f, 0x67001f}},
    {"Purples", VK_PALETTE_SEQUENTIAL, 9,
     {0xfcfbfd, 0xf2f0f7, 0xefedf5, 0xdadaeb, 0xcbc9e2, 0xbcbddc, 0x9e9ac8,
      0x807dba, 0x756bb1, 0x6a51a3, 0x54278f, 0x4a1486, 0x3f007d}},
    {"RdPu", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff7f3, 0xfeebe2, 0xfde0dd, 0xfcc5c0, 0xfbb4b9, 0xfa9fb5, 0xf768a1,
      0xdd3497, 0xc51b8a, 0xae017e, 0x7a0177, 0x7a0177, 0x49006a}},
    {"Reds", VK_PALETTE_SEQUENTIAL, 9,
     {0xfff5f0, 0xfee5d9, 0xfee0d2, 0xfcbba1, 0xfcae91, 0xfc9272, 0xfb6a4a,
      0xef3b2c, 0xde2d26, 0xcb181d, 0xa50f15, 0x99000d, 0x67000d}},
    {"YlGn", VK_PALETTE_SEQUENTIAL, 9,
     {0xffffe5, 0xffffcc, 0xf7fcb9, 0xd9f0a3, 0xc2e699, 0xaddd8e, 0x78c679,
      0x41ab5d, 0x31a354, 0x238443, 0x006837, 0x005a32, 0x004529}},
    {"YlGnBu", VK_PALETTE_SEQUENTIAL, 9,
     {0xffffd9, 0xffffcc, 0xedf8b1, 0xc7e9b4, 0xa1dab4, 0x7fcdbb, 0x41b6c4,
      0x1d91c0, 0x2c7fb8, 0x225ea8, 0x253494, 0x0c2c84, 0x081d58}},
    {"YlOrBr", VK_PALETTE_SEQUENTIAL, 9,
     {0xffffe5, 0xffffd4, 0xfff7bc, 0xfee391, 0xfed98e, 0xfec44f, 0xfe9929,
      0xec7014, 0xd95f0e, 0xcc4c02, 0x993404, 0x8c2d04, 0x662506}},
    {"YlOrRd", VK_PALETTE_SEQUENTIAL, 9,
     {0xffffcc, 0xffffb2, 0xffeda0, 0xfed976, 0xfecc5c, 0xfeb24c, 0xfd8d3c,
      0xfc4e2a, 0xf03b20, 0xe31a1c, 0xbd0026, 0xb10026, 0x800026}},

    /* Diverging, A..O. */
    {"BrBG", VK_PALETTE_DIVERGING, 11,
     {0x543005, 0x8c510a, 0xa6611a, 0xbf812d, 0xd8b365, 0xdfc27d, 0xf6e8c3,
      0xf5f5f5, 0xc7eae5, 0x80cdc1, 0x5ab4ac, 0x35978f, 0x018571, 0x01665e,
      0x003c30}},
    {"PiYG", VK_PALETTE_DIVERGING, 11,
     {0x8e0152, 0xc51b7d, 0xd01c8b, 0xde77ae, 0xe9a3c9, 0xf1b6da, 0xfde0ef,
      0xf7f7f7, 0xe6f5d0, 0xb8e186, 0xa1d76a, 0x7fbc41, 0x4dac26, 0x4d9221,
      0x276419}},
    {"PRGn", VK_PALETTE_DIVERGING, 11,
     {0x40004b, 0x762a83, 0x7b3294, 0x9970ab, 0xaf8dc3, 0xc2a5cf, 0xe7d4e8,
      0xf7f7f7, 0xd9f0d3, 0xa6dba0, 0x7fbf7b, 0x5aae61, 0x008837, 0x1b7837,
      0x00441b}},
    {"PuOr", VK_PALETTE_DIVERGING, 11,
     {0x7f3b08, 0xb35806, 0xe66101, 0xe08214, 0xf1a340, 0xfdb863, 0xfee0b6,
      0xf7f7f7, 0xd8daeb, 0xb2abd2, 0x998ec3, 0x8073ac, 0x5e3c99, 0x542788,
      0x2d004b}},
    {"RdBu", VK_PALETTE_DIVERGING, 11,
     {0x67001f, 0xb2182b, 0xca0020, 0xd6604d, 0xef8a62, 0xf4a582, 0xfddbc7,
      0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x67a9cf, 0x4393c3, 0x0571b0, 0x2166ac,
      0x053061}},
    {"RdGy", VK_PALETTE_DIVERGING, 11,
     {0x67001f, 0xb2182b, 0xca0020, 0xd6604d, 0xef8a62, 0xf4a582, 0xfddbc7,
      0xffffff, 0xe0e0e0, 0xbababa, 0x999999, 0x878787, 0x404040, 0x4d4d4d,
      0x1a1a1a}},
    {"RdYlBu", VK_PALETTE_DIVERGING, 11,
     {0xa50026, 0xd73027, 0xd7191c, 0xf46d43, 0xfc8d59, 0xfdae61, 0xfee090,
      0xffffbf, 0xe0f3f8, 0xabd9e9, 0x91bfdb, 0x74add1, 0x2c7bb6, 0x4575b4,
      0x313695}},
    {"RdYlGn", VK_PALETTE_DIVERGING, 11,
     {0xa50026, 0xd73027, 0xd7191c, 0xf46d43, 0xfc8d59, 0xfdae61, 0xfee08b,
      0xffffbf, 0xd9ef8b, 0xa6d96a, 0x91cf60, 0x66bd63, 0x1a9641, 0x1a9850,
      0x006837}},
    {"Spectral", VK_PALETTE_DIVERGING, 11,
     {0x9e0142, 0xd53e4f, 0xd7191c, 0xf46d43, 0xfc8d59, 0xfdae61, 0xfee08b,
      0xffffbf, 0xe6f598, 0xabdda4, 0x99d594, 0x66c2a5, 0x2b83ba, 0x3288bd,
      0x5e4fa2}},

    /* Qualitative, in order. */
    {"Accent", VK_PALETTE_QUALITATIVE, 8,
     {0x7fc97f, 0xbeaed4, 0xfdc086, 0xffff99, 0x386cb0, 0xf0027f, 0xbf5b17,
      0x666666}},
    {"Dark2", VK_PALETTE_QUALITATIVE, 8,
     {0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d,
      0x666666}},
    {"Paired", VK_PALETTE_QUALITATIVE, 12,
     {0xa6cee3, 0x1f78b4, 0xb2df8a, 0x33a02c, 0xfb9a99, 0xe31a1c, 0xfdbf6f,
      0xff7f00, 0xcab2d6, 0x6a3d9a, 0xffff99, 0xb15928}},
    {"Pastel1", VK_PALETTE_QUALITATIVE, 9,
     {0xfbb4ae, 0xb3cde3, 0xccebc5, 0xdecbe4, 0xfed9a6, 0xffffcc, 0xe5d8bd,
      0xfddaec, 0xf2f2f2}},
    {"Pastel2", VK_PALETTE_QUALITATIVE, 8,
     {0xb3e2cd, 0xfdcdac, 0xcbd5e8, 0xf4cae4, 0xe6f5c9, 0xfff2ae, 0xf1e2cc,
      0xcccccc}},
    {"Set1", VK_PALETTE_QUALITATIVE, 9,
     {0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3, 0xff7f00, 0xffff33, 0xa65628,
      0xf781bf, 0x999999}},
    {"Set2", VK_PALETTE_QUALITATIVE, 8,
     {0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3, 0xa6d854, 0xffd92f, 0xe5c494,
      0xb3b3b3}},
    {"Set3", VK_PALETTE_QUALITATIVE, 12,
     {0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462, 0xb3de69,
      0xfccde5, 0xd9d9d9, 0xbc80bd, 0xccebc5, 0xffed6f}},

    /* Bivariate, cell row * 3 + col from the bottom left (see palette.h):
     * the name gives the top-left hue (high y), then the bottom-right hue
     * (high x). */
    {"stevens_bluered", VK_PALETTE_BIVARIATE, 9,
     {0xe8e8e8, 0xe4acac, 0xc85a5a, 0xb0d5df, 0xad9ea5, 0x985356, 0x64acbe,
      0x627f8c, 0x574249}},
    {"stevens_greenblue", VK_PALETTE_BIVARIATE, 9,
     {0xe8e8e8, 0xb5c0da, 0x6c83b5, 0xb8d6be, 0x90b2b3, 0x567994, 0x73ae80,
      0x5a9178, 0x2a5a5b}},
    {"stevens_pinkblue", VK_PALETTE_BIVARIATE, 9,
     {0xe8e8e8, 0xace4e4, 0x5ac8c8, 0xdfb0d6, 0xa5add3, 0x5698b9, 0xbe64ac,
      0x8c62aa, 0x3b4994}},
    {"stevens_purplegold", VK_PALETTE_BIVARIATE, 9,
     {0xe8e8e8, 0xe4d9ac, 0xc8b35a, 0xcbb8d7, 0xc8ada0, 0xaf8e53, 0x9972af,
      0x976b82, 0x804d36}},
};

#define NSCHEMES (sizeof SCHEMES / sizeof SCHEMES[0])

/* The one place where ColorBrewer's published tables leave the lettered
 * design: the darkest colour of the 4-class Oranges is #d94701, where the
 * letter J it stands for is #d94801 in the 7- to 9-class schemes. Kept as
 * published (RColorBrewer and QGIS agree). */
static const struct {
    const char *name;
    int k, index;
    uint32_t color;
} QUIRKS[] = {
    {"Oranges", 4, 3, 0xd94701},
};

static const scheme *
find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < NSCHEMES; i++)
        if (vk_strcaseeq(SCHEMES[i].name, name))
            return &SCHEMES[i];
    return NULL;
}

static vk_rgba
from_hex(uint32_t v)
{
    vk_rgba c;

    c.r = ((v >> 16) & 0xff) / 255.0;
    c.g = ((v >> 8) & 0xff) / 255.0;
    c.b = (v & 0xff) / 255.0;
    c.a = 1.0;
    return c;
}

static int
min_k(const scheme *s)
{
    return s->type == VK_PALETTE_BIVARIATE ? 9 : 3;
}

vk_palette_type
vk_palette_kind(const char *name)
{
    const scheme *s = find(name);

    return s ? s->type : VK_PALETTE_UNKNOWN;
}

const char *
vk_palette_type_name(vk_palette_type t)
{
    switch (t) {
    case VK_PALETTE_SEQUENTIAL:
        return "sequential";
    case VK_PALETTE_DIVERGING:
        return "diverging";
    case VK_PALETTE_QUALITATIVE:
        return "qualitative";
    case VK_PALETTE_BIVARIATE:
        return "bivariate";
    case VK_PALETTE_UNKNOWN:
        break;
    }
    return "unknown";
}

size_t
vk_palette_count(void)
{
    return NSCHEMES;
}

const char *
vk_palette_name(size_t i)
{
    return i < NSCHEMES ? SCHEMES[i].name : NULL;
}

const char *
vk_palette_canonical(const char *name)
{
    const scheme *s = find(name);

    return s ? s->name : NULL;
}

int
vk_palette_range(const char *name, int *lo, int *hi)
{
    const scheme *s = find(name);

    if (s == NULL)
        return -1;
    *lo = min_k(s);
    *hi = s->max_k;
    return 0;
}

int
vk_palette_get(const char *name, int k, int reverse, vk_rgba *out)
{
    const scheme *s = find(name);
    const char *pick = NULL;

    if (s == NULL || s->type == VK_PALETTE_BIVARIATE || k < 3 ||
        k > s->max_k)
        return -1;
    if (s->type == VK_PALETTE_SEQUENTIAL)
        pick = SEQ_PICK[k - 3];
    else if (s->type == VK_PALETTE_DIVERGING)
        pick = DIV_PICK[k - 3];
    for (int i = 0; i < k; i++) {
        int src = pick ? pick[i] - 'A' : i;

        out[reverse ? k - 1 - i : i] = from_hex(s->c[src]);
    }
    for (size_t q = 0; q < sizeof QUIRKS / sizeof QUIRKS[0]; q++) {
        int i = QUIRKS[q].index;

        if (QUIRKS[q].k == k && strcmp(QUIRKS[q].name, s->name) == 0)
            out[reverse ? k - 1 - i : i] = from_hex(QUIRKS[q].color);
    }
    return 0;
}

int
vk_palette_bivariate(const char *name, int transpose, vk_rgba *out)
{
    const scheme *s = find(name);

    if (s == NULL || s->type != VK_PALETTE_BIVARIATE)
        return -1;
    for (int row = 0; row < 3; row++)
        for (int col = 0; col < 3; col++)
            out[row * 3 + col] = from_hex(transpose ? s->c[col * 3 + row]
                                                    : s->c[row * 3 + col]);
    return 0;
}

/* Levenshtein distance of two short names, ASCII case folded; names longer
 * than 31 characters count as far from everything. */
static int
edit_distance(const char *a, const char *b)
{
    int d[32][32];
    size_t na = strlen(a), nb = strlen(b);

    if (na > 31 || nb > 31)
        return 99;
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            int ca = tolower((unsigned char)a[i - 1]);
            int cb = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ca != cb);

            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    }
    return d[na][nb];
}

/* Appends to buf at *len, truncating at size. */
static void
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
    VK_PRINTF(4, 5);

static void
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (*len >= size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
    if (*len >= size)
        *len = size;
}

static void
explain_unknown(const char *name, char *buf, size_t size)
{
    const scheme *best = NULL;
    int best_d = 3; /* suggest only names within two edits */
    size_t len = 0;

    for (size_t i = 0; i < NSCHEMES; i++) {
        int d = edit_distance(name, SCHEMES[i].name);

        if (d < best_d) {
            best_d = d;
            best = &SCHEMES[i];
        }
    }
    append(buf, size, &len, "unknown palette \"%s\"", name);
    if (best != NULL)
        append(buf, size, &len, " (did you mean \"%s\"?)", best->name);
    for (int t = VK_PALETTE_SEQUENTIAL; t <= VK_PALETTE_BIVARIATE; t++) {
        const char *sep = ": ";

        append(buf, size, &len, "; %s", vk_palette_type_name(t));
        for (size_t i = 0; i < NSCHEMES; i++) {
            if ((int)SCHEMES[i].type != t)
                continue;
            append(buf, size, &len, "%s%s", sep, SCHEMES[i].name);
            sep = ", ";
        }
    }
}

char *
vk_palette_explain(const char *name, int k, char *buf, size_t size)
{
    const scheme *s = find(name);
    size_t len = 0;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (s == NULL) {
        explain_unknown(name ? name : "", buf, size);
    } else if (s->type == VK_PALETTE_BIVARIATE) {
        if (k != 9)
            append(buf, size, &len, "bivariate palette \"%s\" has 3 x 3 = 9 "
                   "colours, not %d", s->name, k);
    } else if (k < 3 || k > s->max_k) {
        append(buf, size, &len, "%s palette \"%s\" has 3 to %d classes, not "
               "%d", vk_palette_type_name(s->type), s->name, s->max_k, k);
    }
    return buf;
}

int
vk_palette_from_hex(const char *const *hex, size_t n, int reverse,
                    vk_rgba *out, size_t *bad)
{
    vk_rgba c;

    /* Check everything first: out is written only on success. */
    for (size_t i = 0; i < n; i++) {
        if (hex[i] == NULL || vk_color_parse(hex[i], &c) != 0) {
            if (bad != NULL)
                *bad = i;
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        vk_color_parse(hex[i], &out[reverse ? n - 1 - i : i]);
    return 0;
}

/* Colour-vision deficiency simulation.
 *
 * How it works: Machado, Oliveira & Fernandes, "A Physiologically-based
 * Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009,
 * model a deficient cone class by shifting its spectral sensitivity and
 * give, per deficiency and severity, one 3 x 3 matrix that maps linear RGB
 * as seen by normal vision to what the deficient observer sees (their
 * supplementary table; severity 1.0 is dichromacy). We decode sRGB to
 * linear light, apply the matrix, and clip, as colorspacious and DaltonLens
 * do. The matrices are the published 1.0 rows. */
static const double MACHADO[3][3][3] = {
    {/* protanopia */
     {0.152286, 1.052583, -0.204868},
     {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}},
    {/* deuteranopia */
     {0.367322, 0.860646, -0.227968},
     {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}},
    {/* tritanopia */
     {1.255528, -0.076749, -0.178779},
     {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}},
};

/* sRGB transfer function (IEC 61966-2-1) and its inverse. */
static double
srgb_to_linear(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb(double v)
{
    return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1 / 2.4) - 0.055;
}

static double
clip01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

vk_rgba
vk_cvd_simulate(vk_rgba c, vk_cvd kind)
{
    const double (*m)[3];
    double lin[3], out[3];
    vk_rgba r = c;

    if (kind < VK_CVD_PROTAN || kind > VK_CVD_TRITAN)
        return c;
    m = MACHADO[kind - VK_CVD_PROTAN];
    lin[0] = srgb_to_linear(clip01(c.r));
    lin[1] = srgb_to_linear(clip01(c.g));
    lin[2] = srgb_to_linear(clip01(c.b));
    for (int i = 0; i < 3; i++)
        out[i] = clip01(m[i][0] * lin[0] + m[i][1] * lin[1] +
                        m[i][2] * lin[2]);
    r.r = linear_to_srgb(out[0]);
    r.g = linear_to_srgb(out[1]);
    r.b = linear_to_srgb(out[2]);
    return r;
}

/* CIELAB from sRGB: linear RGB -> XYZ with the sRGB primaries (IEC
 * 61966-2-1 matrix) and D65 white (0.95047, 1, 1.08883), then the CIE 1976
 * L*a*b* formulas with the exact 216/24389 and 24389/27 constants. */
static double
lab_f(double t)
{
    const double eps = 216.0 / 24389.0, kappa = 24389.0 / 27.0;

    return t > eps ? cbrt(t) : (kappa * t + 16.0) / 116.0;
}

void
vk_rgba_to_lab(vk_rgba c, double lab[3])
{
    double r = srgb_to_linear(clip01(c.r)), g = srgb_to_linear(clip01(c.g)),
           b = srgb_to_linear(clip01(c.b));
    double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);

    lab[0] = 116.0 * fy - 16.0;
    lab[1] = 500.0 * (fx - fy);
    lab[2] = 200.0 * (fy - fz);
}

/* CIEDE2000, following the equations and the implementation notes of
 * G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference
 * formula: implementation notes, supplementary test data, and mathematical
 * observations", Color Research & Application 30(1), 2005: hue angles in
 * degrees in [0, 360), h' = 0 when a' = b' = 0, the mean hue and the hue
 * difference taking the short way round the circle (their eqs. 10, 14). */
double
vk_delta_e2000(const double lab1[3], const double lab2[3])
{
    const double pi = 3.14159265358979323846, deg = pi / 180.0;
    const double p25_7 = 6103515625.0; /* 25^7 */
    double l1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
    double l2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
    double c1 = hypot(a1, b1), c2 = hypot(a2, b2), cm = (c1 + c2) / 2;
    double cm7 = pow(cm, 7), g = 0.5 * (1 - sqrt(cm7 / (cm7 + p25_7)));
    double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
    double c1p = hypot(a1p, b1), c2p = hypot(a2p, b2);
    double h1p = 0, h2p = 0, dhp = 0, hmp, dLp, dCp, dHp;
    double lmp, cmp, cmp7, t, sl, sc, sh, rt, dtheta;

    /* Hue angles, 0 for achromatic colours. */
    if (a1p != 0 || b1 != 0) {
        h1p = atan2(b1, a1p) / deg;
        if (h1p < 0)
            h1p += 360;
    }
    if (a2p != 0 || b2 != 0) {
        h2p = atan2(b2, a2p) / deg;
        if (h2p < 0)
            h2p += 360;
    }
    /* Differences; the hue difference the short way round. */
    dLp = l2 - l1;
    dCp = c2p - c1p;
    if (c1p * c2p != 0) {
        dhp = h2p - h1p;
        if (dhp > 180)
            dhp -= 360;
        else if (dhp < -180)
            dhp += 360;
    }
    dHp = 2 * sqrt(c1p * c2p) * sin(dhp / 2 * deg);
    /* Means; the mean hue also the short way round. */
    lmp = (l1 + l2) / 2;
    cmp = (c1p + c2p) / 2;
    if (c1p * c2p == 0)
        hmp = h1p + h2p;
    else if (fabs(h1p - h2p) <= 180)
        hmp = (h1p + h2p) / 2;
    else if (h1p + h2p < 360)
        hmp = (h1p + h2p + 360) / 2;
    else
        hmp = (h1p + h2p - 360) / 2;
    /* Weighting functions and the rotation term. */
    t = 1 - 0.17 * cos((hmp - 30) * deg) + 0.24 * cos(2 * hmp * deg) +
        0.32 * cos((3 * hmp + 6) * deg) - 0.20 * cos((4 * hmp - 63) * deg);
    dtheta = 30 * exp(-((hmp - 275) / 25) * ((hmp - 275) / 25));
    cmp7 = pow(cmp, 7);
    rt = -2 * sqrt(cmp7 / (cmp7 + p25_7)) * sin(2 * dtheta * deg);
    sl = 1 + 0.015 * (lmp - 50) * (lmp - 50) /
                 sqrt(20 + (lmp - 50) * (lmp - 50));
    sc = 1 + 0.045 * cmp;
    sh = 1 + 0.015 * cmp * t;
    return sqrt((dLp / sl) * (dLp / sl) + (dCp / sc) * (dCp / sc) +
                (dHp / sh) * (dHp / sh) + rt * (dCp / sc) * (dHp / sh));
}

static double
pair_delta(vk_rgba a, vk_rgba b, vk_cvd kind)
{
    double la[3], lb[3];

    vk_rgba_to_lab(vk_cvd_simulate(a, kind), la);
    vk_rgba_to_lab(vk_cvd_simulate(b, kind), lb);
    return vk_delta_e2000(la, lb);
}

double
vk_palette_min_delta_e(const vk_rgba *c, size_t n, vk_cvd kind)
{
    double best = INFINITY;

    for (size_t i = 0; i + 1 < n; i++) {
        double d = pair_delta(c[i], c[i + 1], kind);

        if (d < best)
            best = d;
    }
    return best;
}

double
vk_palette_min_delta_e_all(const vk_rgba *c, size_t n, vk_cvd kind)
{
    double best = INFINITY;

    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double d = pair_delta(c[i], c[j], kind);

            if (d < best)
                best = d;
        }
    }
    return best;
}

double
vk_palette_min_delta_e_mirror(const vk_rgba *c, size_t n, vk_cvd kind)
{
    double best = INFINITY;

    for (size_t i = 0; i < n / 2; i++) {
        double d = pair_delta(c[i], c[n - 1 - i], kind);

        if (d < best)
            best = d;
    }
    return best;
}

double
vk_palette_cvd_delta_e(const char *name, int k, vk_cvd kind)
{
    vk_rgba c[QUAL_MAX];
    double adj, mir;

    switch (vk_palette_kind(name)) {
    case VK_PALETTE_BIVARIATE:
        vk_palette_bivariate(name, 0, c);
        return vk_palette_min_delta_e_all(c, 9, kind);
    case VK_PALETTE_QUALITATIVE:
        if (vk_palette_get(name, k, 0, c) != 0)
            return NAN;
        return vk_palette_min_delta_e_all(c, (size_t)k, kind);
    case VK_PALETTE_DIVERGING:
        if (vk_palette_get(name, k, 0, c) != 0)
            return NAN;
        adj = vk_palette_min_delta_e(c, (size_t)k, kind);
        mir = vk_palette_min_delta_e_mirror(c, (size_t)k, kind);
        return adj < mir ? adj : mir;
    case VK_PALETTE_SEQUENTIAL:
        if (vk_palette_get(name, k, 0, c) != 0)
            return NAN;
        return vk_palette_min_delta_e(c, (size_t)k, kind);
    case VK_PALETTE_UNKNOWN:
        break;
    }
    return NAN;
}
