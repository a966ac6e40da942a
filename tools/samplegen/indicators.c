/* SPDX-License-Identifier: MIT */
/* Writes the made-up indicator table of the samples in Dutch Excel style,
 * spatially coherent, with deliberate gaps for the join report.
 *
 * Format: UTF-8 with BOM, CRLF line ends, ';' separator, decimal comma,
 * fields quoted only when they hold ';', '"' or a line end. Columns:
 *
 *   buurtcode;buurtnaam;lbm;lbm_klasse;onv;onv_2014;kwetsbaar_pct;
 *   kwetsbaar_pct_2014;woningen;corporatiewoningen;corporatie_pct
 *
 *   lbm                 Leefbaarometer 3.0 total score, about 3,6 .. 4,6
 *   lbm_klasse          class 1..9 from the rounded lbm (thresholds below)
 *   onv, onv_2014       dimension "overlast en onveiligheid" as deviation
 *                       from the national average (2022, 2014), about
 *                       -0,35 .. +0,20; negative means more nuisance
 *   kwetsbaar_pct(_2014) % vulnerable residents, 1 decimal, about 3 .. 45
 *   woningen            dwellings (integer)
 *   corporatiewoningen  of which owned by housing corporations (<= woningen)
 *   corporatie_pct      100 * corporatiewoningen / woningen, 1 decimal
 *
 * lbm_klasse thresholds (our own, evenly spaced; lbm rounded to 3 decimals):
 *   1 Zeer onvoldoende  lbm < 3,700      6 Ruim voldoende  4,100 .. 4,199
 *   2 Ruim onvoldoende  3,700 .. 3,799   7 Goed            4,200 .. 4,299
 *   3 Onvoldoende       3,800 .. 3,899   8 Zeer goed       4,300 .. 4,399
 *   4 Zwak              3,900 .. 3,999   9 Uitstekend      lbm >= 4,400
 *   5 Voldoende         4,000 .. 4,099
 *
 * Values come from smooth noise fields over the map (value noise, a few km
 * across) plus the buurt's urbanity and "ring" weight: buurten just outside a
 * town centre get more nuisance, more vulnerable residents and more
 * corporation housing. The 2014 values differ by another smooth field, so
 * the change 2014 -> 2022 has both signs.
 *
 * Gaps present in every table (national too), following CBS practice:
 *   - water buurten have no row;
 *   - buurten with 0 inhabitants: lbm, lbm_klasse, onv and onv_2014 are
 *     -99997 (CBS nodata), kwetsbaar_pct(_2014) are ".", woningen and
 *     corporatiewoningen 0 and corporatie_pct is blank;
 *   - buurten with 1..49 inhabitants: kwetsbaar_pct(_2014) are "." (secret).
 * The national table also has a blank onv_2014 in every 4,999th row.
 *
 * Deliberate gaps of the sample (gaps = 1), placed at fixed fractions of the
 * land rows (the first row at or after the position that has >= 50
 * inhabitants, is no bedrijventerrein and has no gap yet):
 *   10 %  the key lost its leading zero as in Excel ("BU9810203" for
 *         BU09810203): only a join that restores zeros matches it
 *   22 %  onv_2014 and kwetsbaar_pct_2014 blank (buurt new since 2014)
 *   30 %  followed by an extra row with a code not in the boundaries
 *         (last two digits 98, a buurt of a previous year)
 *   37 %  lbm and lbm_klasse blank
 *   48 %  onv is -99997
 *   61 %  onv_2014 and kwetsbaar_pct_2014 blank
 *   72 %  followed by an extra row with an unknown code (digits 99)
 *   83 %  woningen, corporatiewoningen and corporatie_pct blank
 * The generator prints the codes it chose, all gaps included. For the
 * committed sample (seed 1; samples/README.md has the full list):
 *   BU9810203 (for BU09810203); blank 2014: BU09810504, BU09820301;
 *   unknown codes: BU09810798, BU09830099; blank lbm: BU09811002;
 *   onv -99997: BU09811301; blank woningen: BU09830302; 0 inhabitants:
 *   BU09820202, BU09840303; 1..49 inhabitants: BU09810800, BU09811302,
 *   BU09820105, BU09820402; the quoted name "Kerkepad; Hoge Brug" is
 *   BU09820001 (set by samplegen.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"

#define CBS_NODATA "-99997"

/* Which deliberate gap a land row gets. */
enum gap {
    GAP_NONE = 0,
    GAP_LOST_ZERO,
    GAP_BLANK_2014,
    GAP_UNKNOWN_98,
    GAP_BLANK_LBM,
    GAP_NODATA_ONV,
    GAP_UNKNOWN_99,
    GAP_BLANK_WONINGEN
};

/* clang-format off */
static const struct {
    double at;
    enum gap gap;
} gap_plan[] = {
    {0.10, GAP_LOST_ZERO},  {0.22, GAP_BLANK_2014}, {0.30, GAP_UNKNOWN_98},
    {0.37, GAP_BLANK_LBM},  {0.48, GAP_NODATA_ONV}, {0.61, GAP_BLANK_2014},
    {0.72, GAP_UNKNOWN_99}, {0.83, GAP_BLANK_WONINGEN},
};
/* clang-format on */

/* The numbers of one row, before formatting. */
typedef struct row {
    double lbm, onv, onv14, kw, kw14, corp_pct;
    long woningen, corp;
} row;

static double
clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Value noise: random values on a 1 km lattice, smoothly interpolated. */
static double
lattice(uint64_t seed, long ix, long iy)
{
    uint64_t h = vk_hash3(seed, (uint64_t)ix, (uint64_t)iy);

    return (double)(h >> 11) * 0x1.0p-52 - 1.0;
}

static double
value_noise(uint64_t seed, double x, double y)
{
    double fx = floor(x), fy = floor(y);
    long ix = (long)fx, iy = (long)fy;
    double tx = x - fx, ty = y - fy;
    double sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty);
    double a = lattice(seed, ix, iy), b = lattice(seed, ix + 1, iy);
    double c = lattice(seed, ix, iy + 1), d = lattice(seed, ix + 1, iy + 1);

    return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
}

/* Two octaves at a feature size of about scale_km; roughly -1..1. */
static double
field(uint64_t seed, uint64_t which, double x_km, double y_km, double scale_km)
{
    uint64_t s = vk_hash3(seed, 0x6669656c64u, which);
    double x = x_km / scale_km, y = y_km / scale_km;

    return 0.7 * value_noise(s, x, y) +
           0.3 * value_noise(s ^ 1u, 2.03 * x + 17.1, 2.03 * y + 5.3);
}

static uint64_t
hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

static row
make_row(const vk_samplegen_row *b, uint64_t seed)
{
    double x = b->x_km, y = b->y_km;
    double n1 = field(seed, 1, x, y, 3.0), n2 = field(seed, 2, x, y, 4.5);
    double n3 = field(seed, 3, x, y, 2.5), n4 = field(seed, 4, x, y, 5.0);
    double n5 = field(seed, 5, x, y, 3.5);
    double urb = clamp(b->urban, 0, 1);
    double pr = clamp(b->ring * (0.65 + 0.5 * n4), 0, 1);
    vk_rng r;
    row v;
    double hh;

    /* A little buurt-level variation on top of the smooth fields. */
    vk_rng_seed(&r, vk_hash3(seed, 0x726f77u, hash_str(b->code)));

    /* Nuisance: worse in the ring around centres and in town. */
    v.onv =
        0.08 + 0.09 * n1 - 0.42 * pr - 0.06 * urb + 0.02 * vk_rng_normal(&r);
    v.onv = clamp(v.onv, -0.35, 0.20);
    v.onv14 = clamp(v.onv - (0.07 * n2 + 0.01) + 0.01 * vk_rng_normal(&r),
                    -0.35, 0.20);

    /* Vulnerable residents and corporation housing go with the ring. */
    v.kw = clamp(6.5 + 38 * pr + 6 * urb + 5 * n3 + vk_rng_normal(&r), 3, 45);
    v.kw14 = clamp(v.kw - (3.0 * n5 + 0.8) + 0.6 * vk_rng_normal(&r), 3, 45);
    v.corp_pct =
        clamp(6 + 70 * pr + 14 * urb + 9 * n1 + 3 * vk_rng_normal(&r), 0, 92);

    /* Dwellings from inhabitants and household size (smaller in town). */
    hh = clamp(2.45 - 0.5 * urb + 0.15 * n3, 1.5, 3.0);
    v.woningen = lround((double)b->inwoners / hh);
    if (b->inwoners > 0 && v.woningen < 1)
        v.woningen = 1;
    v.corp = lround((double)v.woningen * v.corp_pct / 100.0);
    v.corp_pct =
        v.woningen > 0 ? 100.0 * (double)v.corp / (double)v.woningen : 0;

    /* The total score follows nuisance and vulnerability. */
    v.lbm = 4.15 + 1.0 * v.onv - 0.009 * (v.kw - 10) + 0.09 * n2 +
            0.08 * (1 - urb) + 0.025 * vk_rng_normal(&r);
    v.lbm = clamp(v.lbm, 3.6, 4.6);
    return v;
}

void
vk_samplegen_values_2014(const vk_samplegen_row *b, uint64_t seed,
                         double *onv14, double *kw14)
{
    row v = make_row(b, seed);

    *onv14 = v.onv14;
    *kw14 = v.kw14;
}

/* Appends v with the given decimals and a decimal comma; never "-0,0". */
static void
put_num(vk_strbuf *sb, double v, int decimals)
{
    double scale = pow(10.0, decimals);
    double q = round(v * scale) / scale;
    char buf[64];

    if (q == 0)
        q = 0;
    snprintf(buf, sizeof buf, "%.*f", decimals, q);
    for (char *p = buf; *p != '\0'; p++)
        if (*p == '.')
            *p = ',';
    vk_strbuf_append(sb, buf);
}

static void
put_text(vk_strbuf *sb, const char *s)
{
    if (strpbrk(s, ";\"\r\n") == NULL) {
        vk_strbuf_append(sb, s);
        return;
    }
    vk_strbuf_append(sb, "\"");
    for (; *s != '\0'; s++) {
        if (*s == '"')
            vk_strbuf_append(sb, "\"");
        vk_strbuf_appendn(sb, s, 1);
    }
    vk_strbuf_append(sb, "\"");
}

static int
klasse(double lbm)
{
    long k = lround(lbm * 1000.0);

    if (k < 3700)
        return 1;
    return k >= 4400 ? 9 : (int)((k - 3600) / 100) + 1;
}

static void
put_row(vk_strbuf *sb, const char *code, const char *name, long inwoners,
        const row *v, enum gap gap)
{
    int none = inwoners == 0;
    int secret = inwoners < 50;
    int blank14 = gap == GAP_BLANK_2014;

    put_text(sb, code);
    vk_strbuf_append(sb, ";");
    put_text(sb, name);
    vk_strbuf_append(sb, ";");

    /* Leefbaarometer: no score where nobody lives. */
    if (none) {
        vk_strbuf_append(sb, CBS_NODATA ";" CBS_NODATA ";" CBS_NODATA
                                        ";" CBS_NODATA ";");
    } else {
        if (gap != GAP_BLANK_LBM) {
            put_num(sb, v->lbm, 3);
            vk_strbuf_appendf(sb, ";%d;", klasse(v->lbm));
        } else {
            vk_strbuf_append(sb, ";;");
        }
        if (gap == GAP_NODATA_ONV)
            vk_strbuf_append(sb, CBS_NODATA);
        else
            put_num(sb, v->onv, 3);
        vk_strbuf_append(sb, ";");
        if (!blank14)
            put_num(sb, v->onv14, 3);
        vk_strbuf_append(sb, ";");
    }

    /* Vulnerable residents: kept secret in tiny buurten. */
    if (secret) {
        vk_strbuf_append(sb, ".;.;");
    } else {
        put_num(sb, v->kw, 1);
        vk_strbuf_append(sb, ";");
        if (!blank14)
            put_num(sb, v->kw14, 1);
        vk_strbuf_append(sb, ";");
    }

    /* Housing stock. */
    if (gap == GAP_BLANK_WONINGEN) {
        vk_strbuf_append(sb, ";;");
    } else {
        vk_strbuf_appendf(sb, "%ld;%ld;", v->woningen, v->corp);
        if (v->woningen > 0)
            put_num(sb, v->corp_pct, 1);
    }
    vk_strbuf_append(sb, "\r\n");
}

/* Land rows with enough inhabitants for a gap to be visible. */
static int
eligible(const vk_samplegen_row *b)
{
    return !b->water && !b->industry && b->inwoners >= 50;
}

/* Decides the gap of every buurt: gaps[i] for b[i]. */
static void
plan_gaps(const vk_samplegen_row *b, size_t n, enum gap *gaps)
{
    size_t land = 0;

    for (size_t i = 0; i < n; i++)
        land += !b[i].water;
    for (size_t g = 0; g < sizeof gap_plan / sizeof *gap_plan; g++) {
        size_t want = (size_t)(gap_plan[g].at * (double)land);
        size_t k = 0;

        /* The want-th land row, then the first free eligible one. */
        for (size_t i = 0; i < n; i++) {
            if (b[i].water)
                continue;
            if (k++ < want || !eligible(&b[i]) || gaps[i] != GAP_NONE)
                continue;
            gaps[i] = gap_plan[g].gap;
            break;
        }
    }
}

static const char *
gap_text(enum gap g)
{
    switch (g) {
    case GAP_LOST_ZERO:
        return "key lost its leading zero";
    case GAP_BLANK_2014:
        return "onv_2014 and kwetsbaar_pct_2014 blank";
    case GAP_UNKNOWN_98:
    case GAP_UNKNOWN_99:
        return "followed by a row with an unknown code";
    case GAP_BLANK_LBM:
        return "lbm and lbm_klasse blank";
    case GAP_NODATA_ONV:
        return "onv is -99997";
    case GAP_BLANK_WONINGEN:
        return "woningen, corporatiewoningen, corporatie_pct blank";
    case GAP_NONE:
        break;
    }
    return "";
}

static void
build_table(vk_strbuf *sb, const vk_samplegen_row *b, size_t n,
            const enum gap *gaps, int gaps_on, uint64_t seed, vk_strbuf *report)
{
    size_t rows = 0;

    vk_strbuf_append(sb, "\xEF\xBB\xBF"
                         "buurtcode;buurtnaam;lbm;lbm_klasse;"
                         "onv;onv_2014;kwetsbaar_pct;kwetsbaar_pct_2014;"
                         "woningen;corporatiewoningen;corporatie_pct\r\n");
    for (size_t i = 0; i < n; i++) {
        row v;
        enum gap g = gaps[i];
        char code[32];

        /* Water buurten have no row. */
        if (b[i].water) {
            if (report != NULL && gaps_on)
                vk_strbuf_appendf(report, "no row (water): %s\n", b[i].code);
            continue;
        }
        v = make_row(&b[i], seed);
        rows++;

        /* The national table: a few blanks only. */
        if (!gaps_on && rows % 4999 == 0)
            g = GAP_BLANK_2014;
        snprintf(code, sizeof code, "%s", b[i].code);
        if (g == GAP_LOST_ZERO && strncmp(code, "BU0", 3) == 0)
            memmove(code + 2, code + 3, strlen(code + 3) + 1);
        put_row(sb, code, b[i].name, b[i].inwoners, &v, g);
        if (report != NULL && gaps_on && g != GAP_NONE)
            vk_strbuf_appendf(report, "%s: %s%s%s\n", b[i].code, gap_text(g),
                              g == GAP_LOST_ZERO ? ", written as " : "",
                              g == GAP_LOST_ZERO ? code : "");
        if (report != NULL && gaps_on && b[i].inwoners < 50)
            vk_strbuf_appendf(
                report, "%s: %ld inhabitants: %s\n", b[i].code, b[i].inwoners,
                b[i].inwoners == 0 ? "lbm, lbm_klasse, onv, onv_2014 -99997; "
                                     "kwetsbaar_pct(_2014) \".\"; "
                                     "corporatie_pct blank"
                                   : "kwetsbaar_pct(_2014) \".\"");
        if (report != NULL && gaps_on && strpbrk(b[i].name, ";\"") != NULL)
            vk_strbuf_appendf(report, "%s: quoted name \"%s\"\n", b[i].code,
                              b[i].name);

        /* A buurt code of a previous year, not in the boundaries. */
        if (g == GAP_UNKNOWN_98 || g == GAP_UNKNOWN_99) {
            vk_samplegen_row old = b[i];
            char *name = vk_xasprintf("%s (oud)", b[i].name);
            size_t len = strlen(code);

            if (len >= 2) {
                code[len - 2] = '9';
                code[len - 1] = g == GAP_UNKNOWN_98 ? '8' : '9';
            }
            old.code = code;
            old.name = name;
            v = make_row(&old, seed ^ 0x6f6c64u);
            put_row(sb, code, name, b[i].inwoners, &v, GAP_NONE);
            if (report != NULL)
                vk_strbuf_appendf(report,
                                  "%s: code not in the boundaries "
                                  "(\"%s\")\n",
                                  code, name);
            free(name);
        }
    }
}

/* Writes sb to path and frees it. */
static vk_status
write_text(const char *path, vk_strbuf *sb, vk_error *err)
{
    FILE *fp = fopen(path, "wb");
    int bad;

    if (fp == NULL) {
        vk_strbuf_free(sb);
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot create file: %s",
                   strerror(errno));
        return VK_EIO;
    }
    bad = fwrite(sb->s, 1, sb->len, fp) != sb->len;
    bad |= fclose(fp) != 0;
    vk_strbuf_free(sb);
    if (bad) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot write file: %s",
                   strerror(errno));
        return VK_EIO;
    }
    return VK_OK;
}

vk_status
vk_samplegen_write_indicators(const char *path, const vk_samplegen_row *b,
                              size_t n, int gaps, uint64_t seed,
                              vk_strbuf *report, vk_error *err)
{
    enum gap *plan = vk_xcalloc(n ? n : 1, sizeof *plan);
    vk_strbuf sb = {0};

    /* Build the whole table in memory, then write it in one go. */
    if (gaps)
        plan_gaps(b, n, plan);
    build_table(&sb, b, n, plan, gaps, seed, report);
    free(plan);

    return write_text(path, &sb, err);
}

/* Appends v with a decimal point, never "-0.000". */
static void
put_point(vk_strbuf *sb, double v, int decimals)
{
    double scale = pow(10.0, decimals);
    double q = round(v * scale) / scale;

    if (q == 0)
        q = 0;
    vk_strbuf_appendf(sb, ",%.*f", decimals, q);
}

vk_status
vk_samplegen_write_lbm_long(const char *path, const vk_samplegen_row *b,
                            size_t n, uint64_t seed, vk_error *err)
{
    static const int years[] = {2014, 2016, 2018, 2020, 2022};
    vk_strbuf sb = {0};

    /* The open-data shape: one row per buurt and year, comma separated. */
    vk_strbuf_append(&sb, "bu_code,jaar,lbm,lbm_klasse,onv\n");
    for (size_t i = 0; i < n; i++) {
        row v;
        vk_rng r;

        if (b[i].water || b[i].inwoners < 50)
            continue;
        v = make_row(&b[i], seed);
        vk_rng_seed(&r, vk_hash3(seed, 0x6c626du, hash_str(b[i].code)));
        for (size_t y = 0; y < sizeof years / sizeof years[0]; y++) {
            /* 2014 and 2022 as in the wide table, in between a straight
             * line with a little noise; lbm moves with onv. */
            double t = (double)(years[y] - 2014) / 8.0;
            double noise = (y == 0 || y == 4) ? 0 : 0.01 * vk_rng_normal(&r);
            double onv = v.onv14 + t * (v.onv - v.onv14) + noise;
            double lbm = v.lbm - (v.onv - onv);

            vk_strbuf_appendf(&sb, "%s,%d", b[i].code, years[y]);
            put_point(&sb, lbm, 3);
            /* The class of the year's score, as the wide table's. */
            vk_strbuf_appendf(&sb, ",%d", klasse(lbm));
            put_point(&sb, y == 0 ? v.onv14 : y == 4 ? v.onv : onv, 3);
            vk_strbuf_append(&sb, "\n");
        }
    }
    return write_text(path, &sb, err);
}
