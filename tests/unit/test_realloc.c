/* SPDX-License-Identifier: MIT */
/* Reallocation between indelingen: the exact properties (identity, a new
 * buurt within an old one, split sums that add up, weighted means of
 * merged buurten, the coverage rule), sums per gemeente, the CSV dialect
 * round trip, population weights and the command. The indelingen are made
 * here, in ETRS89-LAEA (EPSG:3035), with codes unlike CBS's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

#define X0 4000000.0
#define Y0 3000000.0

/* A rectangle x0..x1, y0..y1 (metres from the origin) as a feature. */
static void
rect(vk_features *fs, const char *code, const char *gm, double x0, double y0,
     double x1, double y1)
{
    const double r[8] = {X0 + x0, Y0 + y0, X0 + x1, Y0 + y0,
                         X0 + x1, Y0 + y1, X0 + x0, Y0 + y1};

    vk_fixture_feature(fs, code, gm);
    vk_fixture_ring(fs, r, 4);
    vk_fixture_poly_end(fs);
}

/* Old: four 100 m squares Q1 (south-west) Q2 (south-east) Q3 Q4 (north)
 * in gemeente G1, and Q5 (200..300 x 0..200) in G2. */
static vk_features *
old_set(void)
{
    vk_features *fs = vk_fixture_empty("old", "EPSG:3035");

    rect(fs, "Q1", "G1", 0, 0, 100, 100);
    rect(fs, "Q2", "G1", 100, 0, 200, 100);
    rect(fs, "Q3", "G1", 0, 100, 100, 200);
    rect(fs, "Q4", "G1", 100, 100, 200, 200);
    rect(fs, "Q5", "G2", 200, 0, 300, 200);
    return fs;
}

/* New: N1 is Q1; Q2 split in N2a (30 %) and N2b (70 %); Q3 and Q4 merged
 * in N3; N5 is Q5 and as much again to the north (coverage 0.5). */
static vk_features *
new_set(void)
{
    vk_features *fs = vk_fixture_empty("new", "EPSG:3035");

    rect(fs, "N1", "G1", 0, 0, 100, 100);
    rect(fs, "N2a", "G1", 100, 0, 130, 100);
    rect(fs, "N2b", "G1", 130, 0, 200, 100);
    rect(fs, "N3", "G1", 0, 100, 200, 200);
    rect(fs, "N5", "G2", 200, 0, 300, 400);
    return fs;
}

static const char TABLE_SC[] =
    "\xEF\xBB\xBF" "code;naam;inw;rate;score\r\n"
    "Q1;Een;101;12,5;7\r\n"
    "Q2;\"Kerk; Plein\";7;3,25;-0,5\r\n"
    "Q3;Drie;40;10,1;1\r\n"
    "Q4;Vier;60;20,4;.\r\n"
    "Q5;Vijf;500;1,5;-99997\r\n";

static vk_table *
table_of(const char *name, const char *text)
{
    vk_error err;
    const char *path = vk_test_tmp(name);
    FILE *fp = fopen(path, "wb");
    vk_table *t;

    vk_error_init(&err);
    CU_ASSERT_FATAL(fp != NULL);
    fputs(text, fp);
    fclose(fp);
    t = vk_table_read(path, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    return t;
}

/* The old and new buurten with a table of the tests' own. */
typedef struct fx {
    vk_features *old, *nw;
    vk_table *t;
} fx;

static fx
fx_open(const char *name, const char *text)
{
    fx f = {old_set(), new_set(), table_of(name, text)};

    return f;
}

static void
fx_close(fx *f)
{
    vk_table_destroy(f->t);
    vk_features_destroy(f->nw);
    vk_features_destroy(f->old);
}

static const char *const SUM_INW[] = {"inw"};

static vk_realloc *
realloc_with(const vk_features *old, const vk_features *nw,
             const vk_table *t, const vk_features *pop, const char *weight,
             double min_coverage)
{
    vk_realloc_opts o;
    vk_error err;
    vk_realloc *r;

    vk_error_init(&err);
    vk_realloc_opts_init(&o);
    o.sum = SUM_INW;
    o.nsum = 1;
    o.weight_column = weight;
    o.min_coverage = min_coverage;
    r = vk_realloc_make(old, nw, t, pop, &o, &err);
    if (r == NULL)
        fprintf(stderr, "realloc: %s\n", err.what);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return r;
}

/* The cell of the row whose key is code, in the column named col. */
static const char *
cell(const vk_realloc *r, const char *code, const char *col)
{
    size_t c = 0, row;

    while (c < vk_realloc_ncols(r) &&
           strcmp(vk_realloc_colname(r, c), col) != 0)
        c++;
    for (row = 0; row < vk_realloc_nrows(r); row++)
        if (strcmp(vk_realloc_cell(r, row, 0), code) == 0)
            return vk_realloc_cell(r, row, c);
    return "(no row)";
}

/* Identical indelingen give the identical table, cell for cell as
 * written (missing "." and no-data -99997 too), coverage 1 everywhere. */
static void
test_identity(void)
{
    vk_features *old = old_set();
    vk_table *t = table_of("id.csv", TABLE_SC);
    vk_realloc *r = realloc_with(old, old, t, NULL, NULL, 0.9);

    CU_ASSERT_EQUAL(vk_realloc_nrows(r), 5);
    CU_ASSERT_EQUAL(vk_realloc_ncols(r), 6);
    CU_ASSERT_STRING_EQUAL(vk_realloc_colname(r, 5), "dekking");
    for (size_t row = 0; row < 5; row++) {
        for (size_t c = 0; c < 5; c++)
            CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, row, c),
                                   vk_table_text(t, row, c));
        CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, row, 5), "1");
        CU_ASSERT_EQUAL(vk_realloc_nsources(r, row), 1);
    }
    vk_realloc_destroy(r);
    vk_table_destroy(t);
    vk_features_destroy(old);
}

/* A new buurt within one old buurt keeps its means as written; the old
 * buurt's count is split by share, the parts adding up to it (7 over 30 %
 * and 70 %: 2.1 and 4.9, floors 2 and 4, the unit left to the larger
 * remainder). */
static void
test_within_and_split(void)
{
    fx f = fx_open("split.csv", TABLE_SC);
    vk_realloc *r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);

    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "rate"), "3,25");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2b", "rate"), "3,25");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "score"), "-0,5");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2b", "naam"), "Kerk; Plein");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "inw"), "2");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2b", "inw"), "5");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "dekking"), "1");
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "inw"), "101");
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "rate"), "12,5");
    vk_realloc_destroy(r);
    fx_close(&f);
}

/* Merged buurten: counts add, means weighted by area (15.25), or by area
 * times --weight-column ((10.1 * 40 + 20.4 * 60) / 100 = 16.28); the text
 * of the largest source; a mean over a missing value takes the others. */
static void
test_merged(void)
{
    fx f = fx_open("merged.csv", TABLE_SC);
    vk_realloc *r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);

    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "inw"), "100");
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "rate"), "15,25");
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "naam"), "Drie");
    /* score: Q4's is missing, so only half of N3 has one: no value. */
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "score"), "");
    CU_ASSERT_EQUAL(vk_realloc_nsources(r, 3), 2);
    vk_realloc_destroy(r);
    r = realloc_with(f.old, f.nw, f.t, NULL, "inw", 0.4);
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "rate"), "16,28");
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "score"), "1");
    vk_realloc_destroy(r);
    fx_close(&f);
}

/* N5 is covered for half by Q5: no value below --min-coverage 0.9, listed
 * in the report; with 0.4 it takes Q5's values. */
static void
test_coverage(void)
{
    fx f = fx_open("cov.csv", TABLE_SC);
    vk_realloc *r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);
    char *rep = vk_realloc_report(r);

    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "dekking"), "0,5");
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "inw"), "");
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "rate"), "");
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "naam"), "");
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "without value (dekking below 0.9)"
                                       ": 1\n  N5 (dekking 0,5)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "  inw: before 708, after 208 (not "
                                       "reallocated: 0 in rows without an "
                                       "old buurt, 500 in new buurten "
                                       "without value"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "new buurten: 1 the same as an old "
                                       "one, 2 within one old buurt, 1 from "
                                       "several, 1 partly covered by one, 0 "
                                       "from none\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "  N3 1 2 Q3,Q4\n"));
    free(rep);
    vk_realloc_destroy(r);
    r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.4);
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "inw"), "500");
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "rate"), "1,5");
    CU_ASSERT_STRING_EQUAL(cell(r, "N5", "score"), "-99997");
    vk_realloc_destroy(r);
    /* A row without an old buurt, with more decimals: the totals are
     * counted at its two. */
    vk_table_destroy(f.t);
    f.t = table_of("cov2.csv", "code;inw\nQ1;101\nQ2;7\nQ3;40\nQ4;60\n"
                              "Q5;500\nQ9;1,25\n");
    r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);
    rep = vk_realloc_report(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "  inw: before 709,25, after 208,00 "
                                       "(not reallocated: 1,25 in rows "
                                       "without an old buurt, 500,00 in new "
                                       "buurten without value"));
    free(rep);
    vk_realloc_destroy(r);
    fx_close(&f);
}

/* Two gemeenten of 300 x 600 m: old buurten a 6 x 6 grid of 100 m, new
 * ones per gemeente 4 x 5 cells of 75 x 120 m, no edge in common but the
 * gemeente border. The counts (whole, and with one decimal) add up to the
 * same per gemeente, exactly. */
static void
test_sum_per_gemeente(void)
{
    vk_features *old = vk_fixture_empty("old36", "EPSG:3035");
    vk_features *nw = vk_fixture_empty("new40", "EPSG:3035");
    vk_strbuf csv = {0};
    vk_table *t;
    vk_realloc *r;
    vk_realloc_opts o;
    vk_error err;
    static const char *const sums[] = {"n", "m"};
    int64_t old_n[2] = {0}, old_m[2] = {0}, new_n[2] = {0}, new_m[2] = {0};

    vk_strbuf_append(&csv, "id,n,m\n");
    for (int i = 0; i < 36; i++) {
        char code[16];
        int x = i % 6, y = i / 6, n = (37 * i * i + 11) % 997;
        int m10 = (53 * i + 7) % 251;

        snprintf(code, sizeof code, "o%02d", i);
        rect(old, code, x < 3 ? "A" : "B", 100 * x, 100 * y, 100 * x + 100,
             100 * y + 100);
        vk_strbuf_appendf(&csv, "%s,%d,%d.%d\n", code, n, m10 / 10,
                          m10 % 10);
        old_n[x >= 3] += n;
        old_m[x >= 3] += m10;
    }
    for (int i = 0; i < 40; i++) {
        char code[16];
        int g = i / 20, x = i % 4, y = (i % 20) / 4;

        snprintf(code, sizeof code, "n%02d", i);
        rect(nw, code, g ? "B" : "A", 300 * g + 75 * x, 120 * y,
             300 * g + 75 * x + 75, 120 * y + 120);
    }
    t = table_of("grid36.csv", csv.s);
    vk_error_init(&err);
    vk_realloc_opts_init(&o);
    o.sum = sums;
    o.nsum = 2;
    r = vk_realloc_make(old, nw, t, NULL, &o, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    for (size_t row = 0; row < 40; row++) {
        const char *n = vk_realloc_cell(r, row, 1);
        const char *m = vk_realloc_cell(r, row, 2), *dot = strchr(m, '.');

        CU_ASSERT_EQUAL(strspn(n, "0123456789"), strlen(n));
        /* One decimal, with a point (the table's mark). */
        CU_ASSERT_FATAL(dot != NULL && strlen(dot) == 2);
        new_n[row >= 20] += atoll(n);
        new_m[row >= 20] += 10 * atoll(m) + (dot[1] - '0');
        CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, row, 3), "1");
    }
    CU_ASSERT_EQUAL(new_n[0], old_n[0]);
    CU_ASSERT_EQUAL(new_n[1], old_n[1]);
    CU_ASSERT_EQUAL(new_m[0], old_m[0]);
    CU_ASSERT_EQUAL(new_m[1], old_m[1]);
    vk_realloc_destroy(r);
    vk_table_destroy(t);
    vk_strbuf_free(&csv);
    vk_features_destroy(nw);
    vk_features_destroy(old);
}

/* Written back: ';' and decimal comma with BOM and CRLF stay so (a text
 * with ';' quoted); ',' and decimal point without them too. */
static void
test_dialect(void)
{
    fx f = fx_open("sc.csv", TABLE_SC);
    vk_realloc *r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);
    vk_error err;
    char *text;

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_realloc_write(r, vk_test_tmp("sc-out.csv"), &err),
                    VK_OK);
    text = vk_test_slurp(vk_test_tmp("sc-out.csv"), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_STRING_EQUAL(text,
        "\xEF\xBB\xBF" "code;naam;inw;rate;score;dekking\r\n"
        "N1;Een;101;12,5;7;1\r\n"
        "N2a;\"Kerk; Plein\";2;3,25;-0,5;1\r\n"
        "N2b;\"Kerk; Plein\";5;3,25;-0,5;1\r\n"
        "N3;Drie;100;15,25;;1\r\n"
        "N5;;;;;0,5\r\n");
    free(text);
    vk_realloc_destroy(r);
    vk_table_destroy(f.t);

    f.t = table_of("cp.csv", "code,naam,inw,rate\nQ1,One,101,12.5\n"
                           "Q2,\"Two, too\",7,3.25\nQ3,Three,40,10.1\n"
                           "Q4,Four,60,20.4\nQ5,Five,500,1.5\n");
    r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);
    CU_ASSERT_EQUAL(vk_realloc_write(r, vk_test_tmp("cp-out.csv"), &err),
                    VK_OK);
    text = vk_test_slurp(vk_test_tmp("cp-out.csv"), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_STRING_EQUAL(text,
        "code,naam,inw,rate,dekking\n"
        "N1,One,101,12.5,1\n"
        "N2a,\"Two, too\",2,3.25,1\n"
        "N2b,\"Two, too\",5,3.25,1\n"
        "N3,Three,100,15.25,1\n"
        "N5,,,,0.5\n");
    free(text);
    vk_realloc_destroy(r);
    fx_close(&f);
}

/* A long table (a jaar column) is reallocated year by year: a row per
 * new buurt and year, the year's own values. */
static void
test_long_table(void)
{
    fx f = fx_open("long.csv", "code,jaar,inw,rate\n"
                           "Q1,2014,10,1.5\nQ1,2022,11,2.5\n"
                           "Q2,2014,20,3\nQ2,2022,21,4\n"
                           "Q3,2014,30,5\nQ4,2014,50,7\n"
                           "Q3,2022,31,6\nQ4,2022,51,8.25\n");
    vk_realloc *r = realloc_with(f.old, f.nw, f.t, NULL, NULL, 0.9);

    CU_ASSERT_EQUAL_FATAL(vk_realloc_nrows(r), 10);
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 0, 0), "N1");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 0, 1), "2014");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 1, 1), "2022");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 1, 3), "2.5");
    /* N3 in 2022: 31 + 51 and (6 + 8.25) / 2. */
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 7, 0), "N3");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 7, 2), "82");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 7, 3), "7.125");
    CU_ASSERT_STRING_EQUAL(vk_realloc_cell(r, 6, 2), "80");
    vk_realloc_destroy(r);
    fx_close(&f);
}

/* Points of a finer layer with inhabitants: 9 in N2a and 1 in N2b split
 * Q2's 7 as 6.3 and 0.7 (6 and 1); N3's mean by Q3's 1 and Q4's 4
 * inhabitants: (10.1 + 4 * 20.4) / 5 = 18.34. */
static void
test_population(void)
{
    vk_features *old = old_set(), *nw = new_set();
    vk_features *pop = vk_fixture_empty("pop", "EPSG:3035");
    vk_table *t = table_of("pop.csv", TABLE_SC);
    vk_realloc *r;
    const double pts[][3] = {{115, 50, 9}, {170, 50, 1}, {50, 150, 1},
                             {150, 150, 4}, {50, 50, 3}};

    for (size_t i = 0; i < sizeof pts / sizeof *pts; i++) {
        vk_feature *f = vk_fixture_feature(pop, "p", "");

        f->inwoners = pts[i][2];
        vk_geomset_add_point(&pop->g, X0 + pts[i][0], Y0 + pts[i][1]);
        vk_geomset_end_ring(&pop->g);
        vk_fixture_poly_end(pop);
    }
    r = realloc_with(old, nw, t, pop, NULL, 0.9);
    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "inw"), "6");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2b", "inw"), "1");
    CU_ASSERT_STRING_EQUAL(cell(r, "N3", "rate"), "18,34");
    /* Q5 has nobody in the layer: its count goes by area. */
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "inw"), "101");
    vk_realloc_destroy(r);
    vk_table_destroy(t);
    vk_features_destroy(pop);
    vk_features_destroy(nw);
    vk_features_destroy(old);
}

/* The edge between N1 and N2a drawn 0.01 mm east of Q1's: the sliver
 * of Q2 under N1 (1e-7 of it) is left out, so N1 is the same as Q1 and
 * keeps its values as written, from one source. */
static void
test_sliver(void)
{
    vk_features *old = old_set(), *nw = vk_fixture_empty("sl", "EPSG:3035");
    vk_table *t = table_of("sliver.csv", TABLE_SC);
    vk_realloc *r;
    char *rep;

    rect(nw, "N1", "G1", 0, 0, 100.00001, 100);
    rect(nw, "N2a", "G1", 100.00001, 0, 200, 100);
    r = realloc_with(old, nw, t, NULL, NULL, 0.9);
    rep = vk_realloc_report(r);
    CU_ASSERT_EQUAL(vk_realloc_nsources(r, 0), 1);
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "inw"), "101");
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "score"), "7");
    CU_ASSERT_STRING_EQUAL(cell(r, "N2a", "inw"), "7");
    CU_ASSERT_STRING_EQUAL(cell(r, "N1", "dekking"), "1");
    CU_ASSERT_PTR_NOT_NULL(strstr(rep, "new buurten: 2 the same as an old "
                                       "one, 0 within"));
    free(rep);
    vk_realloc_destroy(r);
    vk_table_destroy(t);
    vk_features_destroy(nw);
    vk_features_destroy(old);
}

/* The columns named must be there and numeric; "dekking" is ours. */
static void
test_bad_columns(void)
{
    vk_features *old = old_set();
    vk_table *t = table_of("bad.csv", TABLE_SC);
    vk_table *t2 = table_of("dek.csv", "code,dekking\nQ1,3\n");
    static const char *const naam[] = {"naam"}, *const nope[] = {"nope"};
    vk_realloc_opts o;
    vk_error err;

    vk_realloc_opts_init(&o);
    o.sum = naam;
    o.nsum = 1;
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_realloc_make(old, old, t, NULL, &o, &err));
    CU_ASSERT_EQUAL(err.code, VK_EDATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "column \"naam\" value \"Een\" "
                                            "is not a number"));
    o.sum = nope;
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_realloc_make(old, old, t, NULL, &o, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "nope"));
    o.nsum = 0;
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_realloc_make(old, old, t2, NULL, &o, &err));
    CU_ASSERT_STRING_EQUAL(err.what, "the table has a column \"dekking\" "
                                     "already, which the reallocation adds");
    vk_table_destroy(t2);
    vk_table_destroy(t);
    vk_features_destroy(old);
}

/* The old and new buurten as GeoPackages: old.gpkg in EPSG:3035,
 * new.gpkg in lon/lat (EPSG:4326). */
static void
write_gpkgs(void)
{
    vk_features *old = old_set(), *nw = new_set();
    vk_error err;

    vk_error_init(&err);
    remove(vk_test_tmp("old.gpkg"));
    remove(vk_test_tmp("new.gpkg"));
    CU_ASSERT_EQUAL(vk_source_write_layer(vk_test_tmp("old.gpkg"), "GPKG",
                                          "buurten", old, VK_LEVEL_BUURT,
                                          &err), VK_OK);
    CU_ASSERT_EQUAL(vk_geo_transform(nw, "EPSG:4326", &err), VK_OK);
    CU_ASSERT_EQUAL(vk_source_write_layer(vk_test_tmp("new.gpkg"), "GPKG",
                                          "buurten", nw, VK_LEVEL_BUURT,
                                          &err), VK_OK);
    vk_features_destroy(nw);
    vk_features_destroy(old);
}

/* The command on files: the new buurten in lon/lat (EPSG:4326), the old
 * ones in EPSG:3035; the same values come out as in memory. */
static void
test_command(void)
{
    vk_table *t = table_of("cmd.csv", TABLE_SC);
    char out[8192], errb[4096], *args, *text;
    int rc;

    vk_table_destroy(t);
    write_gpkgs();
    args = vk_xasprintf("reallocate --from %s --to %s --table %s --sum inw "
                        "--key buurtcode --table-key code --out %s",
                        vk_test_tmp("old.gpkg"), vk_test_tmp("new.gpkg"),
                        vk_test_tmp("cmd.csv"), vk_test_tmp("cmd-out.csv"));
    rc = vk_test_vk(args, out, sizeof out, errb, sizeof errb);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc != 0)
        fprintf(stderr, "%s\n%s\n", out, errb);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "  inw: before 708, after 208"));
    text = vk_test_slurp(vk_test_tmp("cmd-out.csv"), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "N2a;\"Kerk; Plein\";2;3,25;-0,5;1"
                                        "\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "N3;Drie;100;15,25;;1\r\n"));
    free(text);
    free(args);
    args = vk_xasprintf("reallocate --from %s --to %s --table %s --sum naam "
                        "--table-key code --out %s",
                        vk_test_tmp("old.gpkg"), vk_test_tmp("new.gpkg"),
                        vk_test_tmp("cmd.csv"), vk_test_tmp("cmd-bad.csv"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "value \"Een\" is not a number"));
    free(args);
}

/* render --table T --table-boundaries OLD: T is reallocated onto the
 * boundaries (the count column summed) into .veerkracht-realloc beside
 * the output, the same bytes as reallocate makes, and reused next time. */
static void
test_table_boundaries(void)
{
    vk_table *t = table_of("fly.csv", "code;kwetsbaar_pct;aantal_inwoners\n"
                           "Q1;10,5;101\nQ2;20;7\nQ3;30,25;40\n"
                           "Q4;40;60\nQ5;50;500\n");
    char out[8192], errb[4096], *args, *cached, *made;
#define RENDER_FLY                                                         \
    "render --boundaries %s --table %s --table-boundaries %s --table-key " \
    "code --style " VK_SOURCE_DIR "/styles/kwetsbare_bewoners.yaml "       \
    "--area G1 --out %s"

    vk_table_destroy(t);
    write_gpkgs();
    vk_test_sh(vk_xasprintf("rm -rf %s", vk_test_tmp("fly")));
    args = vk_xasprintf(RENDER_FLY, vk_test_tmp("new.gpkg"),
                        vk_test_tmp("fly.csv"), vk_test_tmp("old.gpkg"),
                        vk_test_tmp("fly/map.pdf"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "(--sum aantal_inwoners), kept in "));
    /* The map shows the reallocated values: N1 10.5, N2a and N2b 20, N3
     * 35.125 (without them every buurt would be no data). */
    CU_ASSERT_EQUAL(vk_test_poppler("pdftotext -layout",
                                    vk_test_tmp("fly/map.pdf"), out,
                                    sizeof out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "minder dan 15,2% (1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "27,6% of meer (1)"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "before, reused from "));
    free(args);
    CU_ASSERT_EQUAL(vk_test_sh(vk_xasprintf("cp %s/.veerkracht-realloc/"
                                            "fly-*.csv %s",
                                            vk_test_tmp("fly"),
                                            vk_test_tmp("cached.csv"))), 0);
    args = vk_xasprintf("reallocate --from %s --to %s --table %s --sum "
                        "aantal_inwoners --table-key code --out %s",
                        vk_test_tmp("old.gpkg"), vk_test_tmp("new.gpkg"),
                        vk_test_tmp("fly.csv"), vk_test_tmp("made.csv"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    free(args);
    cached = vk_test_slurp(vk_test_tmp("cached.csv"), NULL);
    made = vk_test_slurp(vk_test_tmp("made.csv"), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cached);
    CU_ASSERT_PTR_NOT_NULL_FATAL(made);
    CU_ASSERT_STRING_EQUAL(cached, made);
    CU_ASSERT_PTR_NOT_NULL(strstr(cached, "N3;35,125;100;1\n"));
    free(cached);
    free(made);

    /* A long table of 2014 on the old buurten before one of 2022 on the
     * new: the change takes each year from the table that has it. */
    t = table_of("lbm14.csv", "bu_code,jaar,onv\nQ1,2014,0.1\nQ2,2014,0.1\n"
                 "Q3,2014,0.1\nQ4,2014,0.1\nQ5,2014,0.1\n");
    vk_table_destroy(t);
    t = table_of("lbm22.csv", "bu_code,jaar,onv\nN1,2022,0.2\nN2a,2022,0.2\n"
                 "N2b,2022,0.2\nN3,2022,-0.1\n");
    vk_table_destroy(t);
    args = vk_xasprintf("render --boundaries %s --table %s "
                        "--table-boundaries %s --table %s --style "
                        VK_SOURCE_DIR "/styles/ontwikkeling_overlast.yaml "
                        "--area G1 --out %s", vk_test_tmp("new.gpkg"),
                        vk_test_tmp("lbm14.csv"), vk_test_tmp("old.gpkg"),
                        vk_test_tmp("lbm22.csv"), vk_test_tmp("fly/o.pdf"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    free(args);
    CU_ASSERT_EQUAL(vk_test_poppler("pdftotext -layout",
                                    vk_test_tmp("fly/o.pdf"), out,
                                    sizeof out), 0);
    /* +0.1 in N1, N2a, N2b; -0.2 in N3. */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "sterk verbeterd (3)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "sterk verslechterd (1)"));

    /* It belongs to a --table. */
    args = vk_xasprintf("render --boundaries %s --table-boundaries %s "
                        "--table %s --area G1 --out %s",
                        vk_test_tmp("new.gpkg"), vk_test_tmp("old.gpkg"),
                        vk_test_tmp("fly.csv"), vk_test_tmp("fly/x.pdf"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errb, "--table-boundaries must follow the "
                                        "--table it belongs to"));
    free(args);
}

/* check on a table keyed on other buurtcodes of the same gemeenten
 * proposes the reallocate command with the count columns; a table with a
 * few gaps does not. */
static void
test_check_hint(void)
{
    vk_features *grid = vk_fixture_grid();
    vk_strbuf csv = {0};
    char out[8192], errb[4096], *args;
    vk_error err;
    vk_table *t;

    vk_error_init(&err);
    remove(vk_test_tmp("grid.gpkg"));
    CU_ASSERT_EQUAL(vk_source_write_layer(vk_test_tmp("grid.gpkg"), "GPKG",
                                          "buurten", grid, VK_LEVEL_BUURT,
                                          &err), VK_OK);
    vk_strbuf_append(&csv, "buurtcode;aantal_inwoners;inwoners_pct;score\n");
    for (int i = 0; i < 9; i++)
        vk_strbuf_appendf(&csv, "BU000101%02d;%d;12;1,5\n", i, 10 * i);
    t = table_of("other.csv", csv.s);
    vk_table_destroy(t);
    args = vk_xasprintf("check --boundaries %s --table %s",
                        vk_test_tmp("grid.gpkg"), vk_test_tmp("other.csv"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 1);
    free(args);
    args = vk_xasprintf("  veerkracht reallocate --from "
                        "BUURTEN_OF_THE_TABLES_YEAR.gpkg --to %s --table %s "
                        "--sum aantal_inwoners --out %.*s-herverdeeld.csv\n",
                        vk_test_tmp("grid.gpkg"), vk_test_tmp("other.csv"),
                        (int)strlen(vk_test_tmp("other.csv")) - 4,
                        vk_test_tmp("other.csv"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, args));
    free(args);

    /* The grid's own codes, one row missing: no hint. */
    csv.len = 0;
    vk_strbuf_append(&csv, "buurtcode;aantal_inwoners\n");
    for (int i = 0; i < 8; i++)
        vk_strbuf_appendf(&csv, "BU000100%02d;%d\n", i, 10 * i);
    t = table_of("gaps.csv", csv.s);
    vk_table_destroy(t);
    args = vk_xasprintf("check --boundaries %s --table %s",
                        vk_test_tmp("grid.gpkg"), vk_test_tmp("gaps.csv"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 0);
    CU_ASSERT_PTR_NULL(strstr(out, "reallocate"));
    free(args);

    /* Keys that are no buurtcodes: the wrong key column, no hint. */
    csv.len = 0;
    vk_strbuf_append(&csv, "naam;aantal_inwoners\n");
    for (int i = 0; i < 9; i++)
        vk_strbuf_appendf(&csv, "Buurt %d;%d\n", i + 10, 10 * i);
    t = table_of("names.csv", csv.s);
    vk_table_destroy(t);
    args = vk_xasprintf("check --boundaries %s --table %s",
                        vk_test_tmp("grid.gpkg"), vk_test_tmp("names.csv"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, errb, sizeof errb), 1);
    CU_ASSERT_PTR_NULL(strstr(out, "reallocate"));
    free(args);
    vk_strbuf_free(&csv);
    vk_features_destroy(grid);
}

/* The error of a reallocated column against the truth, over the rows of
 * truth with a value: the sum of absolute differences (sum) or their mean
 * (mean). */
static double
error_of(const vk_realloc *r, const vk_table *truth, const char *col,
         int mean)
{
    double *tv = vk_xcalloc(vk_table_nrows(truth) + 1, sizeof *tv);
    double err_sum = 0;
    size_t c = 0, n = 0;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_table_numeric(truth, col, tv, NULL, &err), VK_OK);
    while (strcmp(vk_realloc_colname(r, c), col) != 0)
        c++;
    for (size_t row = 0; row < vk_realloc_nrows(r); row++) {
        long tr = vk_table_find_col(truth, "buurtcode");
        double v, t = NAN;
        vk_cell st;

        for (size_t i = 0; tr >= 0 && i < vk_table_nrows(truth); i++)
            if (strcmp(vk_table_key(truth, i), vk_realloc_cell(r, row, 0)) ==
                0)
                t = tv[i];
        if (isnan(t) || vk_parse_number(vk_realloc_cell(r, row, c), ';', &v,
                                        &st) != VK_OK ||
            st != VK_CELL_VALUE)
            continue;
        err_sum += fabs(v - t);
        n++;
    }
    free(tv);
    CU_ASSERT(n > 100);
    return mean ? err_sum / (double)n : err_sum;
}

/* The sample generator's 2014 indeling and tables from its 100 m
 * population: the error of area and of population weights against the
 * truth on the 2022 buurten. Population weights from those very cells
 * give the inhabitants exactly; area weights miss about 4 %. */
static void
test_truth(void)
{
    char *cmd = vk_xasprintf("%s --out %s --indeling-2014", VK_SAMPLEGEN,
                             vk_test_tmp("sg"));
    vk_realloc_files in = {0};
    vk_realloc_opts o;
    static const char *const sums[] = {"aantal_inwoners",
                                       "aantal_kwetsbaar_2014"};
    vk_realloc *ra, *rp;
    vk_table *truth;
    vk_error err;
    double ea, ep, ma, mp;

    CU_ASSERT_EQUAL_FATAL(vk_test_sh(cmd), 0); /* frees cmd */
    vk_error_init(&err);
    in.from = vk_test_tmp("sg/regio-2014.gpkg");
    in.to = vk_test_tmp("sg/regio.gpkg");
    in.table = vk_test_tmp("sg/regio-indicatoren-2014.csv");
    vk_realloc_opts_init(&o);
    o.sum = sums;
    o.nsum = 2;
    ra = vk_realloc_run(&in, &o, &err);
    in.population = vk_test_tmp("sg/regio-100m.gpkg");
    rp = vk_realloc_run(&in, &o, &err);
    truth = vk_table_read(vk_test_tmp("sg/regio-waarheid-2022.csv"), NULL,
                          &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ra);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(truth);
    ea = error_of(ra, truth, "aantal_inwoners", 0);
    ep = error_of(rp, truth, "aantal_inwoners", 0);
    ma = error_of(ra, truth, "kwetsbaar_pct_2014", 1);
    mp = error_of(rp, truth, "kwetsbaar_pct_2014", 1);
    fprintf(stderr, "\n    against the truth (174,116 inhabitants): "
            "inhabitants misplaced, area %.0f, population %.0f; "
            "kwetsbaar_pct_2014 mean absolute error, area %.3f, population "
            "%.3f points\n", ea / 2, ep / 2, ma, mp);
    CU_ASSERT_EQUAL(ep, 0);
    CU_ASSERT(ea > 1000 && ea < 20000);
    CU_ASSERT(mp < ma);
    vk_table_destroy(truth);
    vk_realloc_destroy(rp);
    vk_realloc_destroy(ra);
}

void
vk_test_register_realloc(void)
{
    static const vk_test_case tests[] = {
        {"identical indelingen give the identical table", test_identity},
        {"within one old buurt; split sums add up", test_within_and_split},
        {"merged buurten: weighted means", test_merged},
        {"coverage below the minimum: no value", test_coverage},
        {"sums add up per gemeente", test_sum_per_gemeente},
        {"CSV dialect round trip", test_dialect},
        {"long tables year by year", test_long_table},
        {"population weights", test_population},
        {"slivers left out", test_sliver},
        {"bad columns", test_bad_columns},
        {"the reallocate command", test_command},
        {"check proposes reallocate", test_check_hint},
        {"--table-boundaries reallocates on the fly", test_table_boundaries},
        {"error against the generator's truth", test_truth},
        {NULL, NULL},
    };

    vk_test_add_suite("realloc", NULL, NULL, tests);
}
