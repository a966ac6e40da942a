/* SPDX-License-Identifier: MIT */
/* Tests of maps of wijken (level: wijk, --level wijk): the aggregation
 * from buurten against hand-computed figures, the legend counting wijken,
 * and a rendered page and tiles of a file that is not the CBS kaart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

/* ---- the aggregation, on buurten built in code -------------------------
 *
 * buurt  wijk  gemeente  inwoners  water  x    y    w     corp  won  cat
 * b1     d1    M1        400              10   4    100   10    100  3
 * b2     d1    M1        100              40   10   300   90    300  7
 * b3     d1    M1        1000      yes    99   1    1000  50    50   7
 * b4     d1    M1        100              -    -    500   0     50   -
 * b5     d2    M1        500              20   2    50    20    80   1
 * b6     d2    M1        10               -    -    5     -     -    -
 * b7     d3    M2        20               5    1    20    1     10   2
 * b8     d3    M2        10               7    1    60    2     10   2
 * b9     dX    M1        100              3    1    10    1     10   1
 * b10    d4    M1        0         yes    -    -    -     -     -    -
 * b11    d6    M1        100              90   1    10    9     10   9
 * and wijken d1, d2, d3 (in M2), d4, d5 (no buurt), d6; dX is none. */
static const char TABLE[] =
    "id;x;y;w;corp;won;cat\n"
    "b1;10;4;100;10;100;3\n"
    "b2;40;10;300;90;300;7\n"
    "b3;99;1;1000;50;50;7\n"
    "b4;;;500;0;50;\n"
    "b5;20;2;50;20;80;1\n"
    "b6;;;5;;;\n"
    "b7;5;1;20;1;10;2\n"
    "b8;7;1;60;2;10;2\n"
    "b9;3;1;10;1;10;1\n"
    "b11;90;1;10;9;10;9\n";

typedef struct fixture {
    vk_features *bu, *wk;
    vk_table *t;
    vk_tableset ts;
} fixture;

static void
fixture_make(fixture *fx)
{
    static const struct {
        const char *code, *wijk, *gm;
        double inw;
        int water;
    } B[] = {
        {"b1", "d1", "M1", 400, 0},  {"b2", "d1", "M1", 100, 0},
        {"b3", "d1", "M1", 1000, 1}, {"b4", "d1", "M1", 100, 0},
        {"b5", "d2", "M1", 500, 0},  {"b6", "d2", "M1", 10, 0},
        {"b7", "d3", "M2", 20, 0},   {"b8", "d3", "M2", 10, 0},
        {"b9", "dX", "M1", 100, 0},  {"b10", "d4", "M1", 0, 1},
        {"b11", "d6", "M1", 100, 0},
    };
    static const char *const W[][2] = {{"d1", "M1"}, {"d2", "M1"},
                                       {"d3", "M2"}, {"d4", "M1"},
                                       {"d5", "M1"}, {"d6", "M1"}};
    vk_table_opts to = {"id", 0};
    vk_error err;

    fx->bu = vk_fixture_empty("wijk-buurten", "EPSG:3035");
    for (size_t i = 0; i < sizeof B / sizeof B[0]; i++) {
        vk_feature *f = vk_fixture_feature(fx->bu, B[i].code, B[i].gm);

        f->wijkcode = vk_xstrdup(B[i].wijk);
        f->inwoners = B[i].inw;
        f->water = B[i].water;
    }
    fx->wk = vk_fixture_empty("wijk-wijken", "EPSG:3035");
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        vk_fixture_feature(fx->wk, W[i][0], W[i][1]);
    vk_error_init(&err);
    fx->t = vk_table_read_mem("wijk.csv", TABLE, strlen(TABLE), &to, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fx->t);
    fx->ts = (vk_tableset){&fx->t, 1, NULL};
}

static void
fixture_free(fixture *fx)
{
    vk_features_destroy(fx->bu);
    vk_features_destroy(fx->wk);
    vk_table_destroy(fx->t);
}

/* The layer of wijken of a style given as text (title and colours added),
 * breaks over all wijken. */
static vk_layer *
wijk_layer(const fixture *fx, const char *body, vk_style **st)
{
    char *text = vk_xasprintf("title: T\n%s", body);
    vk_layer *l;
    vk_error err;

    vk_error_init(&err);
    *st = vk_style_load_mem("w.yaml", text, strlen(text), &err);
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*st);
    l = vk_layer_make_wijk(*st, &fx->ts, fx->bu, fx->wk, NULL, &err);
    if (l == NULL)
        fprintf(stderr, "\n  %s\n", err.what);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l->wijk);
    return l;
}

/* Fixed breaks at 25 for a value, in two colours. */
#define TWO "classification: {method: fixed, breaks: [-1000, 25, 1000]}\n" \
            "colors: [\"#ffffff\", \"#000000\"]\n"

static void
test_weighted_mean(void)
{
    fixture fx;
    vk_style *st;
    vk_layer *l;

    fixture_make(&fx);
    /* Weighted by the column w: b4 (no x) and water b3 take no part;
     * d1 = (10 * 100 + 40 * 300) / 400, not the plain mean 25. */
    l = wijk_layer(&fx, "value: x\nweight: w\n" TWO, &st);
    CU_ASSERT_EQUAL(l->wijk->n, 6);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 32.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 20.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[2], (5.0 * 20 + 7.0 * 60) / 80, 1e-12);
    CU_ASSERT(isnan(l->wijk->vx[3])); /* water alone */
    CU_ASSERT(isnan(l->wijk->vx[4])); /* no buurt */
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[5], 90.0, 1e-12);
    /* d3's residents are 30: masked as a wijk; b6's 10 count in d2's
     * 510, which is not. d4 is water, d5 has no data. */
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->inwoners[2], 30, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->inwoners[1], 510, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->inwoners[0], 600, 0);
    CU_ASSERT_EQUAL(l->wijk->cls[0], 1);
    CU_ASSERT_EQUAL(l->wijk->cls[1], 0);
    CU_ASSERT_EQUAL(l->wijk->cls[2], VK_CLASS_MASKED);
    CU_ASSERT_EQUAL(l->wijk->cls[3], VK_CLASS_WATER);
    CU_ASSERT_EQUAL(l->wijk->cls[4], VK_CLASS_NODATA);
    CU_ASSERT_EQUAL(l->wijk->cls[5], 1);
    /* Every buurt shows its wijk: b4 (no value of its own) d1's value
     * and class, b6 d2's; water stays water, a buurt of no known wijk
     * has no data. */
    CU_ASSERT_EQUAL(l->wijk->of[3], 0);
    CU_ASSERT_EQUAL(l->wijk->of[8], -1);
    CU_ASSERT_EQUAL(l->cls[0], 1);
    CU_ASSERT_EQUAL(l->cls[3], 1);
    CU_ASSERT_DOUBLE_EQUAL(l->vx[3], 32.5, 1e-12);
    CU_ASSERT_EQUAL(l->cls[5], 0);
    CU_ASSERT_EQUAL(l->cls[2], VK_CLASS_WATER);
    CU_ASSERT_EQUAL(l->cls[8], VK_CLASS_NODATA);
    CU_ASSERT_EQUAL(l->cls[6], VK_CLASS_MASKED);
    vk_layer_destroy(l);
    vk_style_destroy(st);

    /* Without weight: the boundaries' residents, (10 * 400 + 40 * 100) /
     * 500. */
    l = wijk_layer(&fx, "value: x\n" TWO, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 16.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[2], (5.0 * 20 + 7.0 * 10) / 30, 1e-12);
    vk_layer_destroy(l);
    vk_style_destroy(st);

    /* minus: each operand's weighted mean, then the difference (32.5 -
     * 8.5, and d2's 20 - 2); relative: minus the plain mean of the
     * gemeente's wijken with a value (M1: d1, d2, d6). */
    l = wijk_layer(&fx, "value: {column: x, minus: y}\nweight: w\n" TWO, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 24.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 18.0, 1e-12);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    l = wijk_layer(&fx, "value: {column: x, relative: difference}\n"
                        "weight: w\n" TWO, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 32.5 - (32.5 + 20 + 90) / 3,
                           1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[2], 0.0, 1e-12); /* alone in M2 */
    vk_layer_destroy(l);
    vk_style_destroy(st);
    fixture_free(&fx);
}

/* Breaks from the wijken of an area: of d1 (32.5) and d2 (20) two equal
 * classes meet at 26.25; over all wijken, with d6's 90, at 55. */
static void
test_scope_area(void)
{
    static const char S[] = "title: T\nvalue: x\nweight: w\n"
                            "classification: {method: equal, classes: 2}\n"
                            "colors: [\"#ffffff\", \"#000000\"]\n";
    unsigned char bu[11] = {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0};
    unsigned char wk[6] = {1, 1, 0, 1, 1, 0};
    vk_area a = {.n = {11, 6, 0}, .bu = bu, .wk = wk, .nbuurten = 8};
    fixture fx;
    vk_style *st;
    vk_layer *l;
    vk_error err;

    fixture_make(&fx);
    vk_error_init(&err);
    st = vk_style_load_mem("s.yaml", S, strlen(S), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    l = vk_layer_make_wijk(st, &fx.ts, fx.bu, fx.wk, &a, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    /* Two equal classes meet half way between the values taken. */
    CU_ASSERT_EQUAL_FATAL(l->bx->k, 2);
    CU_ASSERT_DOUBLE_EQUAL(l->bx->b[1], (20 + 32.5) / 2, 1e-12);
    vk_layer_destroy(l);
    l = vk_layer_make_wijk(st, &fx.ts, fx.bu, fx.wk, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_DOUBLE_EQUAL(l->bx->b[1], (20 + 90) / 2.0, 1e-12);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    fixture_free(&fx);
}

static void
test_per_sum_over_sum(void)
{
    fixture fx;
    vk_style *st;
    vk_layer *l;

    fixture_make(&fx);
    /* corporatiewoningen per woningen: (10 + 90 + 0) / (100 + 300 + 50),
     * 22.2%; the mean of the ratios 10%, 30% and 0% would be 13.3%, and
     * weighted by w 11.1%. The weight plays no part in a ratio. */
    l = wijk_layer(&fx, "value: {column: corp, per: won}\nweight: w\n" TWO,
                   &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 100.0 / 450 * 100, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 25.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[2], 15.0, 1e-12);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    fixture_free(&fx);
}

static void
test_sum(void)
{
    fixture fx;
    vk_style *st;
    vk_layer *l;

    fixture_make(&fx);
    l = wijk_layer(&fx, "value: x\naggregate: sum\nweight: w\n" TWO, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 50.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 20.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[2], 12.0, 0);
    CU_ASSERT(isnan(l->wijk->vx[4]));
    vk_layer_destroy(l);
    vk_style_destroy(st);
    fixture_free(&fx);
}

static void
test_categories(void)
{
    fixture fx;
    vk_style *st;
    vk_layer *l;
    vk_error err;
    static const char CAT[] =
        "value: cat\nclassification: {method: categories, values: [1, 2, 3, "
        "4, 5, 6, 7, 8, 9]}\npalette: YlGn\n";
    char *text;

    fixture_make(&fx);
    /* The category of most weight: d1's b1 (3) weighs 100 by w, b2 (7)
     * 300; by residents b1 weighs 400, b2 100. */
    text = vk_xasprintf("%sweight: w\n", CAT);
    l = wijk_layer(&fx, text, &st);
    free(text);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 7, 0);
    CU_ASSERT_EQUAL(l->wijk->cls[0], 6);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    l = wijk_layer(&fx, CAT, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 3, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 1, 0);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    /* Categories are not added up. */
    vk_error_init(&err);
    text = vk_xasprintf("title: T\n%saggregate: sum\n", CAT);
    CU_ASSERT_PTR_NULL(vk_style_load_mem("c.yaml", text, strlen(text), &err));
    CU_ASSERT_STRING_EQUAL(err.what, "aggregate: sum cannot add categories; "
                                    "a wijk takes the category of most of "
                                    "its weight");
    CU_ASSERT_EQUAL(err.line, 5);
    free(text);
    fixture_free(&fx);
}

/* A persistence count is categorical: a wijk takes the count of most
 * weight. b1 is at most 4 in one of 2020 and 2022, b2 in both: d1 by w
 * (100 and 300) counts 2, by residents (400 and 100) 1. */
static void
test_persistence(void)
{
    static const char LONG[] = "id;jaar;k\nb1;2020;3\nb1;2022;5\n"
                               "b2;2020;2\nb2;2022;3\nb5;2020;9\n"
                               "b5;2022;9\n";
    static const char P[] =
        "value: {persistence: {column: k, at_most: 4, years: [2020, 2022]}}\n"
        "colors: [\"#ffffff\", \"#888888\", \"#000000\"]\n";
    vk_table_opts to = {"id", 0};
    vk_table *t[2];
    fixture fx;
    vk_style *st;
    vk_layer *l;
    vk_error err;
    char *text;

    fixture_make(&fx);
    vk_error_init(&err);
    t[0] = fx.t;
    t[1] = vk_table_read_mem("long.csv", LONG, strlen(LONG), &to, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t[1]);
    fx.ts = (vk_tableset){t, 2, NULL};
    text = vk_xasprintf("%sweight: w\n", P);
    l = wijk_layer(&fx, text, &st);
    free(text);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 2, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[1], 0, 0);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    l = wijk_layer(&fx, P, &st);
    CU_ASSERT_DOUBLE_EQUAL(l->wijk->vx[0], 1, 0);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    vk_table_destroy(t[1]);
    fixture_free(&fx);
}

static void
test_legend_counts_wijken(void)
{
    fixture fx;
    vk_style *st;
    vk_layer *l;
    vk_legend *lg;

    fixture_make(&fx);
    l = wijk_layer(&fx, "value: x\nweight: w\n" TWO, &st);
    /* d2 below 25; d1 and d6 above; d5 no data, d3 masked, d4 water. */
    lg = vk_layer_legend(l, fx.bu, NULL);
    CU_ASSERT_EQUAL_FATAL(lg->n, 5);
    CU_ASSERT_EQUAL(lg->e[0].count, 1);
    CU_ASSERT_EQUAL(lg->e[1].count, 2);
    CU_ASSERT_STRING_EQUAL(lg->e[2].label, "Geen gegevens");
    CU_ASSERT_EQUAL(lg->e[2].count, 1);
    CU_ASSERT_EQUAL(lg->e[3].count, 1);
    CU_ASSERT_TRUE(lg->e[3].hatch);
    CU_ASSERT_STRING_EQUAL(lg->e[4].label, "Water");
    CU_ASSERT_EQUAL(lg->e[4].count, 1);
    vk_legend_destroy(lg);
    /* The wijken of an area of b7 and b8: d3 alone. */
    {
        unsigned char bu[11] = {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0};
        unsigned char wk[6] = {0, 0, 1, 0, 0, 0};
        vk_area a = {.n = {11, 6, 0}, .bu = bu, .wk = wk, .nbuurten = 2};

        lg = vk_layer_legend(l, fx.bu, &a);
    }
    CU_ASSERT_EQUAL_FATAL(lg->n, 3);
    CU_ASSERT_EQUAL(lg->e[0].count + lg->e[1].count, 0);
    CU_ASSERT_EQUAL(lg->e[2].count, 1);
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(st);
    fixture_free(&fx);
}

static void
test_no_wijken(void)
{
    fixture fx;
    vk_style *st;
    vk_error err;
    vk_features *none = vk_fixture_empty("none", "EPSG:3035");
    static const char S[] = "title: T\nvalue: x\nlevel: wijk\n" TWO;

    fixture_make(&fx);
    vk_error_init(&err);
    st = vk_style_load_mem("s.yaml", S, strlen(S), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    CU_ASSERT_EQUAL(st->level, VK_MAP_LEVEL_WIJK);
    CU_ASSERT_PTR_NULL(vk_layer_make_wijk(st, &fx.ts, fx.bu, none, NULL,
                                          &err));
    CU_ASSERT_EQUAL(err.code, VK_EDATA);
    CU_ASSERT_STRING_EQUAL(err.what, "style s maps wijken (level: wijk), but "
                                    "the boundaries have no wijken");
    vk_style_destroy(st);
    vk_features_destroy(none);
    fixture_free(&fx);
}

/* ---- a file that is not the CBS kaart: pages and tiles ----------------- */

static void
write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The square of 1 km from (i, j) to (i1, j1) km off a point of Europe in
 * EPSG:3035, as WKT. */
#define BOX(i, i1, j, j1)                                                  \
    "\"POLYGON ((400" #i "000 320" #j "000,400" #i1 "000 320" #j "000,"    \
    "400" #i1 "000 320" #j1 "000,400" #i "000 320" #j1 "000,400" #i        \
    "000 320" #j "000))\""

/* Buurten a1..a8 in a 4 x 2 km grid, their own column names; wijken W1
 * (a1 a2 a4 and water a5, the west 2 x 2 km), W2 (a3 a6) and W3 (a7 a8,
 * 30 residents). corp per won: W1 (10 + 90 + 0) / (100 + 300 + 50) =
 * 22.2%, W2 20 / 80 = 25%, W3 masked; buurt by buurt 10%, 30%, 0%, 25%,
 * masked three times (a6 with 10 residents too), water. */
static const char BUURTEN[] =
    "WKT,bu_id,naam,muni,district,pop,wet\n"
    BOX(0, 1, 0, 1) ",a1,Buurt Aap,M1,W1,400,NEE\n"
    BOX(1, 2, 0, 1) ",a2,Buurt Beer,M1,W1,100,NEE\n"
    BOX(2, 3, 0, 1) ",a3,Buurt Cavia,M1,W2,500,NEE\n"
    BOX(0, 1, 1, 2) ",a4,Buurt Das,M1,W1,100,NEE\n"
    BOX(1, 2, 1, 2) ",a5,Buurt Eend,M1,W1,1000,JA\n"
    BOX(2, 3, 1, 2) ",a6,Buurt Fret,M1,W2,10,NEE\n"
    BOX(3, 4, 0, 1) ",a7,Buurt Gans,M1,W3,20,NEE\n"
    BOX(3, 4, 1, 2) ",a8,Buurt Haas,M1,W3,10,NEE\n";
static const char WIJKEN[] =
    "WKT,wijkcode,wijknaam,gemeentecode,gemeentenaam\n"
    BOX(0, 2, 0, 2) ",W1,Noorderhoek,M1,Testmeer\n"
    BOX(2, 3, 0, 2) ",W2,Zuidkant,M1,Testmeer\n"
    BOX(3, 4, 0, 2) ",W3,Oostrand,M1,Testmeer\n";
static const char CORP[] =
    "id;corp;won\na1;10;100\na2;90;300\na3;20;80\na4;0;50\na5;50;50\n"
    "a6;;\na7;1;10\na8;2;10\n";
static const char STYLE[] =
    "title: Corporatiebezit\nvalue: {column: corp, per: won}\nunit: \"%\"\n"
    "decimals: 0\nclassification: {method: fixed, breaks: [0, 15, 24, 100]}\n"
    "colors: [\"#fde0dd\", \"#fa9fb5\", \"#c51b8a\"]\n"
    "columns: {name: naam, area: muni, wijk: district, population: pop, "
    "water: wet}\n";

/* The GeoPackage (buurten and wijken in EPSG:3035), the table and the
 * style in the scratch folder. */
static void
write_inputs(void)
{
    char *cmd;

    write_text(vk_test_tmp("wk-buurten.csv"), BUURTEN);
    write_text(vk_test_tmp("wk-buurten.csvt"), "\"WKT\",\"String\",\"String\","
               "\"String\",\"String\",\"Integer\",\"String\"\n");
    write_text(vk_test_tmp("wk-wijken.csv"), WIJKEN);
    write_text(vk_test_tmp("wk-corp.csv"), CORP);
    write_text(vk_test_tmp("wk-corp.yaml"), STYLE);
    cmd = vk_xasprintf("cd '%s' && rm -f wk.gpkg && ogr2ogr -a_srs EPSG:3035 "
                       "-nln buurten wk.gpkg wk-buurten.csv && ogr2ogr "
                       "-update -a_srs EPSG:3035 -nln wijken wk.gpkg "
                       "wk-wijken.csv",
                       vk_test_tmp(""));
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(cmd), 0);
}

/* The options naming those inputs (a new string). */
static char *
inputs(void)
{
    return vk_xasprintf("--boundaries '%s' --key bu_id --table-key id "
                        "--table '%s' --style '%s'", vk_test_tmp("wk.gpkg"),
                        vk_test_tmp("wk-corp.csv"),
                        vk_test_tmp("wk-corp.yaml"));
}

/* Runs veerkracht with "<command> <inputs> <rest>" (rest freed here) and
 * asserts that it succeeds. */
static void
run_ok(const char *command, char *rest)
{
    char out[4096], errb[4096], *in = inputs();
    char *args = vk_xasprintf("%s %s %s", command, in, rest);
    int rc = vk_test_vk(args, out, sizeof out, errb, sizeof errb);

    if (rc != 0)
        fprintf(stderr, "\n  veerkracht %s: %s\n", args, errb);
    free(args);
    free(in);
    free(rest);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
}

/* Renders "render <inputs> args" and puts the text of pages (pdftotext
 * options, e.g. "-f 2 -l 2") of the PDF out into text. */
static void
page_text(char *args, const char *pages, const char *out, char *text,
          size_t cap)
{
    char *tool = vk_xasprintf("pdftotext %s", pages);

    run_ok("render", vk_xasprintf("%s --out '%s'", args, out));
    free(args);
    CU_ASSERT_EQUAL_FATAL(vk_test_poppler(tool, out, text, cap), 0);
    free(tool);
}

static void
test_page(void)
{
    static char text[65536];

    write_inputs();
    /* --level wijk: the wijken' names as labels, the legend counting
     * wijken, no buurt name. */
    page_text(vk_xstrdup("--area M1 --level wijk"), "", vk_test_tmp("wk.pdf"),
              text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "M1 \xe2\x80\x93 per wijk"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Noorderhoek"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Zuidkant"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Oostrand"));
    CU_ASSERT_PTR_NULL(strstr(text, "Buurt"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 15% (0)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "15 tot 24% (1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "24% of meer (1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minder dan 50 inwoners (1)"));
    CU_ASSERT_PTR_NULL(strstr(text, "Water ("));

    /* The table page of a set of wijken ranks the wijken: W1's 22% (by
     * the value of each of its buurten), no buurt. */
    page_text(vk_xstrdup("--area M1 --level wijk --table-page"),
              "-f 2 -l 2 -layout", vk_test_tmp("wk-table.pdf"), text,
              sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Wijken van M1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Noorderhoek"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "W1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "22%"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Zuidkant"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "25%"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Oostrand"));
    CU_ASSERT_PTR_NULL(strstr(text, "Buurt"));
    CU_ASSERT_PTR_NULL(strstr(text, "a1"));

    /* The same file by buurt: their names and counts. */
    page_text(vk_xstrdup("--area M1"), "", vk_test_tmp("wk-buurt.pdf"), text,
              sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Buurt Aap"));
    CU_ASSERT_PTR_NULL(strstr(text, "Noorderhoek"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "minder dan 15% (2)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minder dan 50 inwoners (3)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Water (1)"));
}

/* The map set of those inputs (write_inputs) by wijk or by buurt. */
static vk_mapset *
open_wk(vk_map_level level)
{
    const char *tables[1], *styles[1];
    vk_mapset_opts o = {0};
    vk_mapset *ms;
    vk_error err;

    tables[0] = vk_xstrdup(vk_test_tmp("wk-corp.csv"));
    styles[0] = vk_xstrdup(vk_test_tmp("wk-corp.yaml"));
    o.boundaries = vk_test_tmp("wk.gpkg");
    o.key = "bu_id";
    o.table_key = "id";
    o.tables = tables;
    o.ntables = 1;
    o.styles = styles;
    o.nstyles = 1;
    o.level = level;
    vk_error_init(&err);
    ms = vk_mapset_open(&o, NULL, &err);
    free((char *)tables[0]);
    free((char *)styles[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    return ms;
}

/* The colour (0xRRGGBB) of the pixel at map point (x, y) of the PNG page
 * (pdf: the PDF page, rasterised by poppler's pdftoppm at the same 100
 * dpi) of the map set by wijk (level) or by buurt, for area (a list of
 * codes); *same 1 when the eight pixels around it have that colour too. */
static unsigned
page_pixel(vk_map_level level, const char *area, double x, double y,
           int pdf, int *same)
{
    vk_page_opts po = {.format = VK_FORMAT_PNG, .dpi = 100,
                       .landscape = -1};
    vk_area *in = NULL;
    vk_mapset *ms = open_wk(level);
    vk_paint *p;
    vk_page page;
    vk_page_geom g;
    vk_mapview view;
    vk_error err;
    double px, py;
    uint8_t *rgba;
    int w, h, type;
    long ppm, cx, cy;
    unsigned rgb;
    char *png = vk_xstrdup(vk_test_tmp("wk-edge.png"));

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_area(ms, area, NULL, &in, &err), VK_OK);
    p = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, in, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->wijk, level == VK_MAP_LEVEL_WIJK);
    page = vk_layout_page(vk_mapset_boundaries(ms), p, VK_LABELS_NONE);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &po, &g, &view, &err),
                          VK_OK);
    if (pdf) {
        char *out = vk_xstrdup(vk_test_tmp("wk-edge.pdf"));

        po.format = VK_FORMAT_PDF;
        CU_ASSERT_EQUAL_FATAL(vk_layout_write(out, &page, 1, &po, &err),
                              VK_OK);
        CU_ASSERT_EQUAL_FATAL(
            vk_test_sh(vk_xasprintf("pdftoppm -r 100 -singlefile -png "
                                    "'%s' '%.*s'", out,
                                    (int)(strlen(png) - 4), png)),
            0);
        free(out);
    } else {
        CU_ASSERT_EQUAL_FATAL(vk_layout_write(png, &page, 1, &po, &err),
                              VK_OK);
    }
    rgba = vk_test_png_read(png, &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rgba);
    vk_render_to_page(&view, x, y, &px, &py);
    cx = lround(px * 100 / 72);
    cy = lround(py * 100 / 72);
    rgb = (unsigned)rgba[4 * (cy * w + cx)] << 16 |
          (unsigned)rgba[4 * (cy * w + cx) + 1] << 8 |
          rgba[4 * (cy * w + cx) + 2];
    *same = 1;
    for (long dy = -1; dy <= 1; dy++)
        for (long dx = -1; dx <= 1; dx++)
            *same &= memcmp(rgba + 4 * ((cy + dy) * w + cx + dx),
                            rgba + 4 * (cy * w + cx), 3) == 0;
    free(rgba);
    free(png);
    vk_paint_destroy(p);
    vk_area_destroy(in);
    vk_mapset_destroy(ms);
    return rgb;
}

static void
test_no_buurt_outlines(void)
{
    int same;

    write_inputs();
    /* By wijk the edge between a1 and a2 (of W1, 22.2%) half way up is all
     * W1's fill, on the PNG and the PDF; by buurt there is a white outline
     * (and two classes). */
    for (int pdf = 0; pdf < 2; pdf++) {
        CU_ASSERT_EQUAL(page_pixel(VK_MAP_LEVEL_WIJK, "M1", 4001000, 3200500,
                                   pdf, &same), 0xfa9fb5);
        CU_ASSERT_TRUE(same);
        CU_ASSERT_NOT_EQUAL(page_pixel(VK_MAP_LEVEL_BUURT, "M1", 4001000,
                                       3200500, pdf, &same), 0xfa9fb5);
    }
    /* An area of a1, a2 and a3 holds part of W1: a4, outside it, is not
     * drawn in W1's colour (the wijk is drawn buurt by buurt), a1 is. */
    CU_ASSERT_EQUAL(page_pixel(VK_MAP_LEVEL_WIJK, "a1,a2,a3", 4000500,
                               3200500, 0, &same), 0xfa9fb5);
    CU_ASSERT_NOT_EQUAL(page_pixel(VK_MAP_LEVEL_WIJK, "a1,a2,a3", 4000500,
                                   3201500, 1, &same), 0xfa9fb5);
}

/* A layer of wijken is not drawn per year: an error naming the style. */
static void
test_not_per_year(void)
{
    const char *years[1] = {"2022"};
    vk_paint *out[1];
    vk_mapset *ms;
    vk_error err;

    write_inputs();
    ms = open_wk(VK_MAP_LEVEL_WIJK);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_mapset_paint_years(ms, 0, years, 1, VK_SCOPE_STYLE,
                                          NULL, out, &err),
                    VK_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.what, "a layer of wijken (level: wijk) is "
                                     "not drawn per year");
    vk_mapset_destroy(ms);
}

/* 1 when every pixel of an RGBA tile is the same. */
static int
uniform(const uint8_t *rgba, int w, int h)
{
    for (long i = 1; i < (long)w * h; i++)
        if (memcmp(rgba + 4 * i, rgba, 4) != 0)
            return 0;
    return 1;
}

/* How many z16 tiles of layer in dir show buurten of W1 alone (a1, a2,
 * a4: IDs 1, 2, 4), more than one of them, no other ID and no empty
 * pixel; *same gets how many of those are one colour. */
static int
w1_tiles(const char *dir, const char *layer, int *same)
{
    char *cmd = vk_xasprintf("cd '%s/_ids' && ls 16/*/*.png", dir);
    char list[65536], errb[256], line[256];
    int n = 0;
    FILE *fp;

    *same = 0;
    CU_ASSERT_EQUAL_FATAL(vk_test_run(cmd, list, sizeof list, errb,
                                      sizeof errb), 0);
    free(cmd);
    fp = fmemopen(list, strlen(list), "r");
    while (fp != NULL && fgets(line, sizeof line, fp) != NULL) {
        char *ids_path, *tile_path;
        uint8_t *ids, *tile;
        int w, h, type, seen[9] = {0}, other = 0, kinds = 0;
        long ppm;

        line[strcspn(line, "\n")] = '\0';
        ids_path = vk_xasprintf("%s/_ids/%s", dir, line);
        tile_path = vk_xasprintf("%s/%s/%s", dir, layer, line);
        ids = vk_test_png_read(ids_path, &w, &h, &type, &ppm);
        for (long i = 0; ids != NULL && i < (long)w * h; i++) {
            long id = ids[4 * i + 3] == 0
                          ? 0
                          : (long)ids[4 * i] << 16 | ids[4 * i + 1] << 8 |
                                ids[4 * i + 2];

            if (id == 1 || id == 2 || id == 4)
                kinds += !seen[id]++;
            else
                other = 1;
        }
        if (ids != NULL && !other && kinds > 1) {
            tile = vk_test_png_read(tile_path, &w, &h, &type, &ppm);
            CU_ASSERT_PTR_NOT_NULL(tile);
            n++;
            *same += tile != NULL && uniform(tile, w, h);
            free(tile);
        }
        free(ids);
        free(ids_path);
        free(tile_path);
    }
    if (fp != NULL)
        fclose(fp);
    return n;
}

static void
test_tiles(void)
{
    char *dir, *values;
    int n, same;

    write_inputs();
    /* Tiles of the wijken: no line between buurten of one wijk (buurt
     * outlines are drawn from zoom 11). */
    dir = vk_xstrdup(vk_test_tmp("wk-tiles"));
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(vk_xasprintf("rm -rf '%s'", dir)), 0);
    run_ok("tiles", vk_xasprintf("--level wijk --zoom 16 --quiet --out '%s'",
                                 dir));
    n = w1_tiles(dir, "wk-corp", &same);
    CU_ASSERT(n > 0);
    CU_ASSERT_EQUAL(same, n);
    /* values.json: each buurt's wijk and the wijken' names. */
    values = vk_test_slurp(vk_test_tmp("wk-tiles/wk-corp/values.json"),
                           NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(values);
    CU_ASSERT_PTR_NOT_NULL(strstr(values, "\"wijk\":[0,0,1,0,0,1,2,2]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(values, "\"wijken\":{\"code\":[\"W1\","
                                          "\"W2\",\"W3\"],\"name\":["
                                          "\"Noorderhoek\",\"Zuidkant\","
                                          "\"Oostrand\"]}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(values, "\"v\":[\"22%\",\"22%\",\"25%\""));
    free(values);

    /* By buurt, the same tiles show the buurt outlines. */
    CU_ASSERT_EQUAL_FATAL(vk_test_sh(vk_xasprintf("rm -rf '%s'", dir)), 0);
    run_ok("tiles", vk_xasprintf("--zoom 16 --quiet --out '%s'", dir));
    CU_ASSERT_EQUAL(w1_tiles(dir, "wk-corp", &same), n);
    CU_ASSERT_EQUAL(same, 0);
    free(dir);
}

void
vk_test_register_wijk(void)
{
    static const vk_test_case tests[] = {
        {"weighted_mean", test_weighted_mean},
        {"per_sum_over_sum", test_per_sum_over_sum},
        {"scope_area", test_scope_area},
        {"sum", test_sum},
        {"categories", test_categories},
        {"persistence", test_persistence},
        {"legend_counts_wijken", test_legend_counts_wijken},
        {"no_wijken", test_no_wijken},
        {"page", test_page},
        {"no_buurt_outlines", test_no_buurt_outlines},
        {"not_per_year", test_not_per_year},
        {"tiles", test_tiles},
        {NULL, NULL},
    };

    vk_test_add_suite("wijk", NULL, NULL, tests);
}
