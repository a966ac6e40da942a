/* SPDX-License-Identifier: MIT */
/* Tests of the named palettes against RColorBrewer's tables, of CIEDE2000
 * against Sharma, Wu & Dalal's test data, and of the colour-vision checks. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vk/palette.h"
#include "vk_test.h"

/* 8-bit channel of a palette colour (palette colours are exact n/255). */
static int
byte(double v)
{
    return (int)lround(v * 255.0);
}

static void
hex(vk_rgba c, char *buf)
{
    snprintf(buf, 8, "#%02X%02X%02X", byte(c.r), byte(c.g), byte(c.b));
}

static void
assert_colors(const vk_rgba *c, const char *const *want, int n)
{
    char h[8];

    for (int i = 0; i < n; i++) {
        hex(c[i], h);
        CU_ASSERT_STRING_EQUAL(h, want[i]);
    }
}

static void
test_names_and_kinds(void)
{
    size_t n = vk_palette_count(), counts[5] = {0};
    int lo = 0, hi = 0;

    /* 18 sequential, 9 diverging, 8 qualitative, 4 bivariate. */
    CU_ASSERT_EQUAL(n, 39);
    for (size_t i = 0; i < n; i++)
        counts[vk_palette_kind(vk_palette_name(i))]++;
    CU_ASSERT_EQUAL(counts[VK_PALETTE_SEQUENTIAL], 18);
    CU_ASSERT_EQUAL(counts[VK_PALETTE_DIVERGING], 9);
    CU_ASSERT_EQUAL(counts[VK_PALETTE_QUALITATIVE], 8);
    CU_ASSERT_EQUAL(counts[VK_PALETTE_BIVARIATE], 4);
    CU_ASSERT_PTR_NULL(vk_palette_name(n));
    CU_ASSERT_EQUAL(vk_palette_kind("OrRd"), VK_PALETTE_SEQUENTIAL);
    CU_ASSERT_EQUAL(vk_palette_kind("orrd"), VK_PALETTE_SEQUENTIAL);
    CU_ASSERT_EQUAL(vk_palette_kind("PuOr"), VK_PALETTE_DIVERGING);
    CU_ASSERT_EQUAL(vk_palette_kind("Set2"), VK_PALETTE_QUALITATIVE);
    CU_ASSERT_EQUAL(vk_palette_kind("stevens_pinkblue"),
                    VK_PALETTE_BIVARIATE);
    CU_ASSERT_EQUAL(vk_palette_kind("OrRed"), VK_PALETTE_UNKNOWN);
    CU_ASSERT_EQUAL(vk_palette_kind(NULL), VK_PALETTE_UNKNOWN);
    CU_ASSERT_STRING_EQUAL(vk_palette_canonical("ylorrd"), "YlOrRd");
    CU_ASSERT_STRING_EQUAL(vk_palette_type_name(VK_PALETTE_DIVERGING),
                           "diverging");
    /* Class ranges as in RColorBrewer's brewer.pal.info. */
    CU_ASSERT_EQUAL(vk_palette_range("Blues", &lo, &hi), 0);
    CU_ASSERT(lo == 3 && hi == 9);
    CU_ASSERT_EQUAL(vk_palette_range("RdBu", &lo, &hi), 0);
    CU_ASSERT(lo == 3 && hi == 11);
    CU_ASSERT_EQUAL(vk_palette_range("Paired", &lo, &hi), 0);
    CU_ASSERT(lo == 3 && hi == 12);
    CU_ASSERT_EQUAL(vk_palette_range("Pastel1", &lo, &hi), 0);
    CU_ASSERT(lo == 3 && hi == 9);
    CU_ASSERT_EQUAL(vk_palette_range("Dark2", &lo, &hi), 0);
    CU_ASSERT(lo == 3 && hi == 8);
    CU_ASSERT_EQUAL(vk_palette_range("stevens_bluered", &lo, &hi), 0);
    CU_ASSERT(lo == 9 && hi == 9);
    CU_ASSERT_EQUAL(vk_palette_range("nope", &lo, &hi), -1);
}

/* FNV-1a, 64 bits. */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void
test_every_scheme_matches_rcolorbrewer(void)
{
    /* The text "Name k #RRGGBB ...\n" for every ColorBrewer scheme and
     * class count, in vk_palette_name order, hashes to the value computed
     * from RColorBrewer 1.1-3's brewer.pal() output (Debian
     * r-cran-rcolorbrewer; QGIS 3.22's QgsColorBrewerPalette gives the
     * same 265 lists): 15666 bytes. */
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t bytes = 0, lists = 0;
    char line[256], *p;

    for (size_t i = 0; i < vk_palette_count(); i++) {
        const char *name = vk_palette_name(i);
        int lo, hi;

        if (vk_palette_kind(name) == VK_PALETTE_BIVARIATE)
            continue;
        vk_palette_range(name, &lo, &hi);
        for (int k = lo; k <= hi; k++) {
            vk_rgba c[12];

            CU_ASSERT_EQUAL_FATAL(vk_palette_get(name, k, 0, c), 0);
            p = line + sprintf(line, "%s %d", name, k);
            for (int j = 0; j < k; j++) {
                *p++ = ' ';
                hex(c[j], p);
                p += 7;
            }
            strcpy(p, "\n");
            h = fnv1a(h, line);
            bytes += strlen(line);
            lists++;
        }
    }
    CU_ASSERT_EQUAL(lists, 265);
    CU_ASSERT_EQUAL(bytes, 15666);
    CU_ASSERT_EQUAL(h, 0xe325784b916ee2deULL);
}

static void
test_known_schemes(void)
{
    /* Spot checks, from brewer.pal(): the style files' OrRd-5 and BuPu-5,
     * a diverging 11 and 4, a qualitative maximum, and the one place the
     * published 4-class Oranges leaves its lettered design (#D94701). */
    static const char *const orrd5[] = {"#FEF0D9", "#FDCC8A", "#FC8D59",
                                        "#E34A33", "#B30000"};
    static const char *const bupu5[] = {"#EDF8FB", "#B3CDE3", "#8C96C6",
                                        "#8856A7", "#810F7C"};
    static const char *const rdbu11[] = {
        "#67001F", "#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#F7F7F7",
        "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC", "#053061"};
    static const char *const puor4[] = {"#E66101", "#FDB863", "#B2ABD2",
                                        "#5E3C99"};
    static const char *const set3[] = {
        "#8DD3C7", "#FFFFB3", "#BEBADA", "#FB8072", "#80B1D3", "#FDB462",
        "#B3DE69", "#FCCDE5", "#D9D9D9", "#BC80BD", "#CCEBC5", "#FFED6F"};
    static const char *const oranges4[] = {"#FEEDDE", "#FDBE85", "#FD8D3C",
                                           "#D94701"};
    vk_rgba c[12];

    CU_ASSERT_EQUAL_FATAL(vk_palette_get("OrRd", 5, 0, c), 0);
    assert_colors(c, orrd5, 5);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("BuPu", 5, 0, c), 0);
    assert_colors(c, bupu5, 5);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("RdBu", 11, 0, c), 0);
    assert_colors(c, rdbu11, 11);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("puor", 4, 0, c), 0);
    assert_colors(c, puor4, 4);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("Set3", 12, 0, c), 0);
    assert_colors(c, set3, 12);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("Oranges", 4, 0, c), 0);
    assert_colors(c, oranges4, 4);
    CU_ASSERT_DOUBLE_EQUAL(c[0].a, 1.0, 0);
}

static void
test_reverse_and_bad_requests(void)
{
    static const char *const orrd5r[] = {"#B30000", "#E34A33", "#FC8D59",
                                         "#FDCC8A", "#FEF0D9"};
    static const char *const oranges4r[] = {"#D94701", "#FD8D3C",
                                            "#FDBE85", "#FEEDDE"};
    vk_rgba c[12], sentinel = {-1, -1, -1, -1};

    CU_ASSERT_EQUAL_FATAL(vk_palette_get("OrRd", 5, 1, c), 0);
    assert_colors(c, orrd5r, 5);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("Oranges", 4, 1, c), 0);
    assert_colors(c, oranges4r, 4);
    /* Failures leave out untouched. */
    c[0] = sentinel;
    CU_ASSERT_EQUAL(vk_palette_get("OrRd", 2, 0, c), -1);
    CU_ASSERT_EQUAL(vk_palette_get("OrRd", 10, 0, c), -1);
    CU_ASSERT_EQUAL(vk_palette_get("RdBu", 12, 0, c), -1);
    CU_ASSERT_EQUAL(vk_palette_get("Dark2", 9, 0, c), -1);
    CU_ASSERT_EQUAL(vk_palette_get("OrRed", 5, 0, c), -1);
    CU_ASSERT_EQUAL(vk_palette_get("stevens_bluered", 9, 0, c), -1);
    CU_ASSERT_DOUBLE_EQUAL(c[0].r, -1, 0);
}

static void
test_bivariate_orientation(void)
{
    /* Stevens' pink-blue: low-low grey bottom left, x rising to teal
     * along the bottom row, y rising to pink up the left column, both high
     * dark blue at the top right. */
    static const char *const pinkblue[] = {
        "#E8E8E8", "#ACE4E4", "#5AC8C8", "#DFB0D6", "#A5ADD3",
        "#5698B9", "#BE64AC", "#8C62AA", "#3B4994"};
    vk_rgba c[9], t[9];
    char a[8], b[8];

    CU_ASSERT_EQUAL_FATAL(vk_palette_bivariate("stevens_pinkblue", 0, c), 0);
    assert_colors(c, pinkblue, 9);
    CU_ASSERT_EQUAL_FATAL(vk_palette_bivariate("stevens_pinkblue", 1, t), 0);
    for (int row = 0; row < 3; row++) {
        for (int col = 0; col < 3; col++) {
            hex(t[row * 3 + col], a);
            hex(c[col * 3 + row], b);
            CU_ASSERT_STRING_EQUAL(a, b);
        }
    }
    for (size_t i = 0; i < vk_palette_count(); i++) {
        const char *name = vk_palette_name(i);

        if (vk_palette_kind(name) != VK_PALETTE_BIVARIATE)
            continue;
        CU_ASSERT_EQUAL(vk_palette_bivariate(name, 0, c), 0);
        hex(c[0], a);
        CU_ASSERT_STRING_EQUAL(a, "#E8E8E8");
    }
    CU_ASSERT_EQUAL(vk_palette_bivariate("OrRd", 0, c), -1);
}

static void
test_explain(void)
{
    char buf[1024];

    vk_palette_explain("OrRd", 5, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "");
    vk_palette_explain("OrRd", 12, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "sequential palette \"OrRd\" has 3 to 9 "
                           "classes, not 12");
    vk_palette_explain("Set1", 10, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "qualitative palette \"Set1\" has 3 to 9 "
                           "classes, not 10");
    vk_palette_explain("stevens_bluered", 4, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "bivariate palette \"stevens_bluered\" has "
                           "3 x 3 = 9 colours, not 4");
    vk_palette_explain("OrRed", 5, buf, sizeof buf);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown palette \"OrRed\" (did you "
                                       "mean \"OrRd\"?); sequential: "
                                       "Blues, BuGn,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "; diverging: BrBG, PiYG,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "; bivariate: stevens_bluered,"));
    vk_palette_explain("Viridis", 5, buf, sizeof buf);
    CU_ASSERT_PTR_NULL(strstr(buf, "did you mean"));
    /* A short buffer is truncated, not overrun. */
    vk_palette_explain("OrRed", 5, buf, 10);
    CU_ASSERT_STRING_EQUAL(buf, "unknown p");
}

static void
test_from_hex(void)
{
    const char *ok[] = {"#fef0d9", "#B30000", "#00000080"};
    const char *bad[] = {"#fef0d9", "red", "#b30000"};
    vk_rgba c[3], sentinel = {-1, -1, -1, -1};
    size_t at = 99;
    char h[8];

    CU_ASSERT_EQUAL_FATAL(vk_palette_from_hex(ok, 3, 1, c, &at), 0);
    hex(c[0], h);
    CU_ASSERT_STRING_EQUAL(h, "#000000");
    CU_ASSERT_DOUBLE_EQUAL(c[0].a, 128 / 255.0, 1e-12);
    hex(c[2], h);
    CU_ASSERT_STRING_EQUAL(h, "#FEF0D9");
    c[0] = sentinel;
    CU_ASSERT_EQUAL(vk_palette_from_hex(bad, 3, 0, c, &at), -1);
    CU_ASSERT_EQUAL(at, 1);
    CU_ASSERT_DOUBLE_EQUAL(c[0].r, -1, 0);
}

/* The 34 pairs of Table 1 of G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data,
 * and mathematical observations", Color Res. Appl. 30(1):21-30, 2005:
 * L1 a1 b1, L2 a2 b2, published dE00 (4 decimals). They exercise the hue
 * wrap-around (pairs 7-16) that naive implementations get wrong. */
static const double SHARMA[34][7] = {
    {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
    {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
    {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
    {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
    {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
    {50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
    {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
    {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
    {50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
    {50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
    {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
    {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
    {61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
    {35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
    {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
    {36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
    {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
    {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
    {6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
    {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
};

static void
test_ciede2000_sharma(void)
{
    /* The published values are rounded to 4 decimals, so 1e-4 (twice the
     * rounding) is as tight as the data allow. */
    for (int i = 0; i < 34; i++) {
        const double *p = SHARMA[i];

        CU_ASSERT_DOUBLE_EQUAL(vk_delta_e2000(p, p + 3), p[6], 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(vk_delta_e2000(p + 3, p), p[6], 1e-4);
    }
    CU_ASSERT_DOUBLE_EQUAL(vk_delta_e2000(SHARMA[0], SHARMA[0]), 0, 0);
}

static void
test_lab_and_simulation(void)
{
    vk_rgba white = {1, 1, 1, 1}, grey = {0.5, 0.5, 0.5, 0.25};
    vk_rgba red = {0xb3 / 255.0, 0, 0, 1}, s;
    double lab[3];

    /* White is L* 100 and neutral (the XYZ white is the sRGB matrix's row
     * sums); 1e-4 covers the 7-digit matrix. */
    vk_rgba_to_lab(white, lab);
    CU_ASSERT_DOUBLE_EQUAL(lab[0], 100, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(lab[1], 0, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(lab[2], 0, 1e-4);
    /* Machado's rows sum to 1 (to 1e-6): greys stay grey, alpha is kept. */
    for (int k = VK_CVD_PROTAN; k <= VK_CVD_TRITAN; k++) {
        s = vk_cvd_simulate(grey, (vk_cvd)k);
        CU_ASSERT_DOUBLE_EQUAL(s.r, 0.5, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(s.g, 0.5, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(s.b, 0.5, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(s.a, 0.25, 0);
    }
    s = vk_cvd_simulate(red, VK_CVD_NONE);
    CU_ASSERT_DOUBLE_EQUAL(s.r, red.r, 0);
    /* #B30000 against colorspacious 1.1.2 (an independent implementation:
     * cspace_convert to "sRGB1+CVD", severity 100, clipped); 1e-6 is its
     * printed precision. */
    s = vk_cvd_simulate(red, VK_CVD_PROTAN);
    CU_ASSERT_DOUBLE_EQUAL(s.r, 0.2905533, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.g, 0.25184125, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.b, 0, 1e-6);
    s = vk_cvd_simulate(red, VK_CVD_DEUTAN);
    CU_ASSERT_DOUBLE_EQUAL(s.r, 0.4437041, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.g, 0.39042797, 1e-6);
    s = vk_cvd_simulate(red, VK_CVD_TRITAN);
    CU_ASSERT_DOUBLE_EQUAL(s.r, 0.77724472, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.g, 0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.b, 0.02756571, 1e-6);
}

static void
test_min_delta_e_reference(void)
{
    /* OrRd-5 as a deuteranope sees it: the closest neighbours are #FDCC8A
     * and #FC8D59 at 9.6964 by colorspacious (simulation, CIELAB) plus
     * colormath 3.0 (CIEDE2000). colorspacious's CIELAB differs from ours by
     * up to 0.02 in a* b* (its white point), hence the 0.02 tolerance. */
    vk_rgba c[5];

    CU_ASSERT_EQUAL_FATAL(vk_palette_get("OrRd", 5, 0, c), 0);
    CU_ASSERT_DOUBLE_EQUAL(vk_palette_min_delta_e(c, 5, VK_CVD_DEUTAN),
                           9.6964, 0.02);
    CU_ASSERT(isinf(vk_palette_min_delta_e(c, 1, VK_CVD_DEUTAN)));
    CU_ASSERT(isinf(vk_palette_min_delta_e_all(c, 1, VK_CVD_NONE)));
}

/* Safe means: every pair the reader must tell apart stays at least this
 * far apart in CIEDE2000 under each simulated dichromacy. 1 is a just
 * noticeable difference for large patches side by side; map classes are
 * small, scattered and matched against a legend, where the threshold is
 * several times larger (Stone, Szafir & Setlur 2014; Szafir 2018). 5 is a
 * rule of thumb in that range; for scale, the closest neighbours of
 * ColorBrewer's 9-class sequential schemes are 3 to 8 apart for normal
 * vision, one reason to keep maps at 5 to 7 classes. */
#define SAFE_DE 5.0

static void
assert_safe(const char *name, int k)
{
    for (int v = VK_CVD_PROTAN; v <= VK_CVD_TRITAN; v++) {
        double d = vk_palette_cvd_delta_e(name, k, (vk_cvd)v);

        if (!(d >= SAFE_DE))
            fprintf(stderr, "%s-%d: min dE00 %.2f under cvd %d\n", name, k,
                    d, v);
        CU_ASSERT(d >= SAFE_DE);
    }
}

static void
test_defaults_are_cvd_safe(void)
{
    /* The schemes the nine default layers use (docs/palettes.md). */
    assert_safe("OrRd", 5);
    assert_safe("BuPu", 5);
    assert_safe("BuPu", 7);
    assert_safe("PuOr", 9);
    assert_safe("PuOr", 5);
    assert_safe("RdBu", 5);
    assert_safe("RdBu", 9);
    assert_safe("BrBG", 5);
    assert_safe("BrBG", 8);
    assert_safe("stevens_bluered", 9);
    assert_safe("stevens_greenblue", 9);
}

static void
test_check_can_fail(void)
{
    vk_rgba c[9];

    /* RdYlGn-9: fine for normal vision, but a deuteranope cannot tell its
     * orange side from its green side (mirrored pairs); the 6-class one
     * even loses neighbours (#FEE08B against #D9EF8B). */
    CU_ASSERT(vk_palette_cvd_delta_e("RdYlGn", 9, VK_CVD_NONE) >= SAFE_DE);
    CU_ASSERT(vk_palette_cvd_delta_e("RdYlGn", 9, VK_CVD_DEUTAN) < 2);
    CU_ASSERT(vk_palette_cvd_delta_e("RdYlGn", 9, VK_CVD_PROTAN) < SAFE_DE);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("RdYlGn", 9, 0, c), 0);
    CU_ASSERT(vk_palette_min_delta_e_mirror(c, 9, VK_CVD_DEUTAN) < 2);
    CU_ASSERT_EQUAL_FATAL(vk_palette_get("RdYlGn", 6, 0, c), 0);
    CU_ASSERT(vk_palette_min_delta_e(c, 6, VK_CVD_DEUTAN) < 1);
    /* Stevens' pink-blue mixes up cells for red-green deficiency. */
    CU_ASSERT(vk_palette_cvd_delta_e("stevens_pinkblue", 9, VK_CVD_DEUTAN) <
              SAFE_DE);
    CU_ASSERT(isnan(vk_palette_cvd_delta_e("OrRd", 12, VK_CVD_DEUTAN)));
    CU_ASSERT(isnan(vk_palette_cvd_delta_e("nope", 5, VK_CVD_DEUTAN)));
}

void
vk_test_register_palette(void)
{
    static const vk_test_case tests[] = {
        {"names, kinds and class ranges", test_names_and_kinds},
        {"all 265 ColorBrewer lists match RColorBrewer",
         test_every_scheme_matches_rcolorbrewer},
        {"known schemes, Oranges-4 quirk", test_known_schemes},
        {"reverse; bad name or k fails", test_reverse_and_bad_requests},
        {"bivariate orientation and transpose",
         test_bivariate_orientation},
        {"explain names valid names and k", test_explain},
        {"explicit hex lists", test_from_hex},
        {"CIEDE2000 on Sharma's 34 pairs", test_ciede2000_sharma},
        {"CIELAB white, CVD simulation vs colorspacious",
         test_lab_and_simulation},
        {"min adjacent dE00 vs an independent computation",
         test_min_delta_e_reference},
        {"default palettes are CVD safe", test_defaults_are_cvd_safe},
        {"the CVD check fails red-green schemes", test_check_can_fail},
        {NULL, NULL},
    };

    vk_test_add_suite("palette", NULL, NULL, tests);
}
