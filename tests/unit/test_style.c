/* SPDX-License-Identifier: MIT */
/* Tests of style files (with their error messages) and the legend model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vk/palette.h"
#include "vk_test.h"

static const char GOOD[] =
    "# a comment\n"
    "title: Kwetsbare bewoners\n"
    "subtitle: aandeel, 2022\n"
    "value:\n"
    "  column: kwetsbaar_pct\n"
    "unit: \"%\"\n"
    "decimals: 1\n"
    "classification:\n"
    "  method: quantile\n"
    "  classes: 3\n"
    "colors: [\"#fee8c8\", \"#fdbb84\", \"#e34a33\"]\n"
    "nodata:\n"
    "  color: \"#cccccc\"\n"
    "  label: Onbekend\n"
    "source: \"Bron: test\"\n";

static void
test_load_good(void)
{
    vk_error err;
    vk_style *s;

    vk_error_init(&err);
    s = vk_style_load_mem("styles/kwetsbaar.yaml", GOOD, strlen(GOOD), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->id, "kwetsbaar");
    CU_ASSERT_STRING_EQUAL(s->title, "Kwetsbare bewoners");
    CU_ASSERT_STRING_EQUAL(s->x.value.a, "kwetsbaar_pct");
    CU_ASSERT_EQUAL(s->x.value.op, VK_VALUE_COLUMN);
    CU_ASSERT_FALSE(s->bivariate);
    CU_ASSERT_DOUBLE_EQUAL(s->mask_min_inwoners, 50, 0);
    CU_ASSERT_STRING_EQUAL(s->mask_label, "Minder dan 50 inwoners");
    CU_ASSERT_STRING_EQUAL(s->unit, "%");
    CU_ASSERT_EQUAL(s->x.method, VK_METHOD_QUANTILE);
    CU_ASSERT_EQUAL(s->x.classes, 3);
    CU_ASSERT_EQUAL(s->ncolors, 3);
    CU_ASSERT_DOUBLE_EQUAL(s->colors[2].r, 0xe3 / 255.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->nodata_color.g, 0xcc / 255.0, 1e-12);
    CU_ASSERT_STRING_EQUAL(s->nodata_label, "Onbekend");
    CU_ASSERT_STRING_EQUAL(s->source, "Bron: test");
    vk_style_destroy(s);
}

/* Loads text as "x.yaml" and returns the formatted error ("" if none). */
static const char *
load_error(const char *text)
{
    static char buf[1024];
    vk_error err;
    vk_style *s;

    vk_error_init(&err);
    s = vk_style_load_mem("x.yaml", text, strlen(text), &err);
    buf[0] = '\0';
    if (s == NULL)
        vk_error_format(&err, buf, sizeof buf);
    vk_style_destroy(s);
    return buf;
}

static void
test_errors(void)
{
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification:\n  method: quantiel\n"
        "  classes: 3\ncolors: [\"#000000\"]\n"),
        "x.yaml:4:11: unknown method \"quantiel\"; expected one of equal, "
        "quantile, fisher, jenks, pretty, sd, headtails, fixed, categories");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\ncolours: []\n"),
        "x.yaml:3:1: unknown key \"colours\"; expected one of title, "
        "subtitle, order, value, unit, decimals, classification, bivariate, "
        "scope, colors, palette, labels, nodata, mask, source, date, lang, "
                  "columns, years");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 2}\n"
        "colors: [\"#000000\"]\n"),
        "x.yaml:4:1: 1 colors for 2 classes; give one colour per class");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 1}\n"
        "colors: [\"#00000\"]\n"),
        "x.yaml:4:11: \"#00000\" is not a colour; write colours as "
        "\"#rrggbb\" (quoted: # starts a comment in YAML)");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: "
        "2.5}\n"),
        "x.yaml:3:42: \"classes\" must be a whole number from 1 to 99");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: fixed, breaks: [0, "
        "x]}\n"),
        "x.yaml:3:45: \"breaks\" must be a number, not \"x\"");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: fixed, breaks: [5, "
        "1]}\n"),
        "x.yaml:3:45: \"breaks\" must increase");
    CU_ASSERT_STRING_EQUAL(load_error("title: T\n"),
                           "x.yaml:1: missing \"value\" (the indicator "
                           "column)");
    CU_ASSERT_STRING_EQUAL(load_error("- a\n- b\n"),
                           "x.yaml:1: a style must be a mapping of keys "
                           "(title, value, classification, colors, ...)");
    CU_ASSERT_STRING_EQUAL(load_error("title: [unclosed\n"),
                           "x.yaml:2:1: not valid YAML: flow sequence "
                           "without a closing bracket; compare with the "
                           "styles shipped in styles/");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 2}\n"
        "colors: [\"#000000\", \"#ff0000\"]\nlabels: [a]\n"),
        "x.yaml:5:1: 1 labels for 2 classes; give one label per class or "
        "none");
}

static void
test_load_file_missing(void)
{
    vk_error err;
    char buf[512];

    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_style_load("/nonexistent/s.yaml", &err));
    CU_ASSERT_EQUAL(err.code, VK_EIO);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "/nonexistent/s.yaml: cannot open style: No such "
                           "file or directory; the shipped styles are in "
                           "styles/; list them with veerkracht layers");
}

static void
test_format_nl(void)
{
    static const struct {
        vk_lang lang;
        double v;
        int dec;
        const char *want;
    } cases[] = {
        {VK_LANG_NL, 1234567.891, 2, "1.234.567,89"},
        {VK_LANG_NL, -12.5, 1, "-12,5"},
        {VK_LANG_NL, -0.04, 1, "0,0"},
        {VK_LANG_NL, 999, 0, "999"},
        {VK_LANG_NL, 1000, 0, "1.000"},
        {VK_LANG_NL, -1000.5, 1, "-1.000,5"},
        /* Not said is Dutch; English swaps the marks. */
        {VK_LANG_DEFAULT, 1234.5, 1, "1.234,5"},
        {VK_LANG_EN, 1234567.891, 2, "1,234,567.89"},
        {VK_LANG_EN, -1000.5, 1, "-1,000.5"},
        {VK_LANG_EN, -0.04, 1, "0.0"},
        /* Up to a thousand billion in full; beyond, in powers of ten
         * (1e70 in full was cut to 63 digits without a sign). */
        {VK_LANG_NL, 999999999999999.0, 0, "999.999.999.999.999"},
        {VK_LANG_NL, 1e70, 0, "1,0e+70"},
        {VK_LANG_EN, -2.5e20, 2, "-2.50e+20"},
    };
    char b[64];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CU_ASSERT_STRING_EQUAL(vk_format_number(cases[i].lang, cases[i].v,
                                                cases[i].dec, b, sizeof b),
                               cases[i].want);
}

/* The map's words: one table, filled in order; "lang:" in a style and
 * vk_style_set_lang (--lang) change the generated labels only. */
static void
test_lang(void)
{
    vk_lang l = VK_LANG_DEFAULT;
    vk_error e;
    char *t;
    static const char en_style[] =
        "title: T\nvalue: v\nclassification: {method: equal, classes: 1}\n"
        "colors: [\"#000000\"]\nlang: EN\nmask: {min_inwoners: 1500}\n";
    static const char named[] =
        "title: T\nvalue: v\nclassification: {method: equal, classes: 1}\n"
        "colors: [\"#000000\"]\nnodata: {label: Leeg}\n";
    vk_style *s;

    CU_ASSERT_EQUAL(vk_lang_parse("en", &l), 0);
    CU_ASSERT_EQUAL(l, VK_LANG_EN);
    CU_ASSERT_EQUAL(vk_lang_parse("NL", &l), 0);
    CU_ASSERT_EQUAL(l, VK_LANG_NL);
    CU_ASSERT_EQUAL(vk_lang_parse("de", &l), -1);
    CU_ASSERT_EQUAL(vk_lang_parse(NULL, &l), -1);
    CU_ASSERT_STRING_EQUAL(vk_lang_code(VK_LANG_DEFAULT), "nl");
    t = vk_text_fill(VK_LANG_EN, VK_TEXT_CLASS_FROM_TO, "1", "2", "%", NULL);
    CU_ASSERT_STRING_EQUAL(t, "1 to 2%");
    free(t);
    t = vk_text_fill(VK_LANG_NL, VK_TEXT_CLASS_ABOVE_UP_TO, "1", NULL);
    CU_ASSERT_STRING_EQUAL(t, "meer dan 1 tot en met ");
    free(t);
    CU_ASSERT_STRING_EQUAL(vk_text(VK_LANG_DEFAULT, VK_TEXT_NODATA),
                           "Geen gegevens");

    vk_error_init(&e);
    s = vk_style_load_mem("en.yaml", en_style, sizeof en_style - 1, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->lang, VK_LANG_EN);
    CU_ASSERT_STRING_EQUAL(s->nodata_label, "No data");
    CU_ASSERT_STRING_EQUAL(s->mask_label, "Fewer than 1,500 residents");
    vk_style_set_lang(s, VK_LANG_NL);
    CU_ASSERT_STRING_EQUAL(s->nodata_label, "Geen gegevens");
    CU_ASSERT_STRING_EQUAL(s->mask_label, "Minder dan 1.500 inwoners");
    vk_style_destroy(s);
    s = vk_style_load_mem("named.yaml", named, sizeof named - 1, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->lang, VK_LANG_DEFAULT);
    CU_ASSERT_PTR_NULL(s->source);
    vk_style_set_lang(s, VK_LANG_EN);
    CU_ASSERT_STRING_EQUAL(s->nodata_label, "Leeg");
    CU_ASSERT_STRING_EQUAL(s->mask_label, "Fewer than 50 residents");
    vk_style_destroy(s);
}

static void
test_legend(void)
{
    const double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    vk_error err;
    vk_style *s;
    vk_breaks *br;
    vk_legend *l;

    vk_error_init(&err);
    s = vk_style_load_mem("k.yaml", GOOD, strlen(GOOD), &err);
    br = vk_classify(v, 10, VK_METHOD_EQUAL, 3, NULL, 0, VK_CLOSE_LEFT,
                     &err);
    /* Breaks 1, 4, 7, 10: three classes of 3, 3 and 4 values. */
    l = vk_legend_build(s, br, 2, 1);
    CU_ASSERT_EQUAL_FATAL(l->n, 5);
    CU_ASSERT_STRING_EQUAL(l->title, "Kwetsbare bewoners");
    CU_ASSERT_STRING_EQUAL(l->e[0].label, "minder dan 4,0%");
    CU_ASSERT_STRING_EQUAL(l->e[1].label, "4,0 tot 7,0%");
    CU_ASSERT_STRING_EQUAL(l->e[2].label, "7,0% of meer");
    CU_ASSERT_STRING_EQUAL(l->e[3].label, "Onbekend");
    CU_ASSERT_EQUAL(l->e[0].count, 3);
    CU_ASSERT_EQUAL(l->e[2].count, 4);
    CU_ASSERT_EQUAL(l->e[3].count, 2);
    CU_ASSERT_STRING_EQUAL(l->e[4].label, "Water");
    CU_ASSERT_EQUAL(l->e[4].count, 1);
    vk_legend_destroy(l);
    vk_breaks_destroy(br);

    /* Right closure words it "tot en met" / "meer dan". */
    br = vk_classify(v, 10, VK_METHOD_EQUAL, 3, NULL, 0, VK_CLOSE_RIGHT,
                     &err);
    l = vk_legend_build(s, br, 0, 0);
    CU_ASSERT_EQUAL_FATAL(l->n, 3);
    CU_ASSERT_STRING_EQUAL(l->e[0].label, "tot en met 4,0%");
    CU_ASSERT_STRING_EQUAL(l->e[1].label, "meer dan 4,0 tot en met 7,0%");
    CU_ASSERT_STRING_EQUAL(l->e[2].label, "meer dan 7,0%");
    vk_legend_destroy(l);
    vk_breaks_destroy(br);
    vk_style_destroy(s);
}

/* The 3x3 grid's buurten BU00010000..8 with a wide and a long table. */
static const char WIDE[] =
    "buurtcode;a;b;n\n"
    "BU00010000;1;10;4\n"
    "BU00010001;2;10;8\n"
    "BU00010002;3;20;.\n"
    "BU00010003;.;20;4\n"
    "BU00010004;5;0;6\n"
    "BU00010005;6;30;-99997\n"
    "BU00010006;7;30;4\n"
    "BU00010007;8;40;2\n"
    "BU00010008;9;40;2\n";
static const char LONG[] =
    "bu_code;jaar;onv\n"
    "BU00010000;2014;0,10\n"
    "BU00010000;2022;0,25\n"
    "BU00010001;2014;-0,10\n"
    "BU00010001;2022;-0,30\n"
    "BU00010002;2022;0,05\n";

typedef struct fixture {
    vk_features *fs;
    vk_table *t[2];
    vk_tableset ts;
} fixture;

static void
fixture_open(fixture *fx)
{
    vk_error err;

    vk_error_init(&err);
    fx->fs = vk_fixture_grid();
    fx->t[0] = vk_table_read_mem("wide.csv", WIDE, strlen(WIDE), NULL, &err);
    fx->t[1] = vk_table_read_mem("long.csv", LONG, strlen(LONG), NULL, &err);
    fx->ts = (vk_tableset){fx->t, 2, NULL};
    CU_ASSERT_EQUAL(err.code, VK_OK);
}

static void
fixture_close(fixture *fx)
{
    vk_table_destroy(fx->t[0]);
    vk_table_destroy(fx->t[1]);
    vk_features_destroy(fx->fs);
}

static vk_style *
style_text(const char *text)
{
    vk_error err;
    vk_style *s;
    char buf[1024];

    vk_error_init(&err);
    s = vk_style_load_mem("t.yaml", text, strlen(text), &err);
    if (s == NULL)
        fprintf(stderr, "%s\n", vk_error_format(&err, buf, sizeof buf));
    return s;
}

/* Computes the value of the x axis of the style text (which it frees)
 * for fs, or the error ("" when none). */
static const char *
compute_of(char *text, const vk_tableset *ts, const vk_features *fs,
           double *out)
{
    static char buf[1024];
    vk_style *s = style_text(text);
    vk_error err;

    free(text);
    buf[0] = '\0';
    if (s == NULL)
        return "style error";
    vk_error_init(&err);
    if (vk_value_compute(&s->x.value, ts, fs, out, &err) != VK_OK)
        vk_error_format(&err, buf, sizeof buf);
    vk_style_destroy(s);
    return buf;
}

/* Computes the value of a style's x axis for the fixture, or the error. */
static const char *
value_of(fixture *fx, const char *value_yaml, double *out)
{
    return compute_of(vk_xasprintf("title: T\nvalue: %s\nclassification: "
                                   "{method: equal, classes: 1}\ncolors: "
                                   "[\"#000000\"]\n", value_yaml),
                      &fx->ts, fx->fs, out);
}

static void
test_values(void)
{
    fixture fx;
    double v[9];

    fixture_open(&fx);
    /* a - b */
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: a, minus: b}", v), "");
    CU_ASSERT_DOUBLE_EQUAL(v[0], -9, 1e-12);
    CU_ASSERT_TRUE(isnan(v[3])); /* "." in a */
    /* a / n * 100; n = 0 or missing gives no value */
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: n, per: b}", v), "");
    CU_ASSERT_DOUBLE_EQUAL(v[0], 40, 1e-12);
    CU_ASSERT_TRUE(isnan(v[4]));  /* b = 0 */
    CU_ASSERT_TRUE(isnan(v[5]));  /* -99997: no data */
    /* Relative to the gemeente mean: GM0001 holds columns 0-1 of the grid
     * (buurten 0 1 3 4 6 7; a = 1 2 . 5 7 8, mean 23/5 = 4.6), GM0002
     * column 2 (2 5 8; a = 3 6 9, mean 6). */
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: a, relative: "
                                         "difference}", v), "");
    CU_ASSERT_DOUBLE_EQUAL(v[0], 1 - 4.6, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(v[2], 3 - 6.0, 1e-12);
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: a, relative: ratio}", v),
                           "");
    CU_ASSERT_DOUBLE_EQUAL(v[8], 9 / 6.0, 1e-12);
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: a, negate: true}", v), "");
    CU_ASSERT_DOUBLE_EQUAL(v[1], -2, 0);
    fixture_close(&fx);
}

static void
test_long_table(void)
{
    fixture fx;
    double v[9];

    fixture_open(&fx);
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: onv, year: 2022}", v),
                           "");
    CU_ASSERT_DOUBLE_EQUAL(v[1], -0.30, 1e-12);
    CU_ASSERT_TRUE(isnan(v[3]));
    /* change: [2014, 2022] is onv 2022 - onv 2014. */
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: onv, change: [2014, "
                                         "2022]}", v), "");
    CU_ASSERT_DOUBLE_EQUAL(v[0], 0.15, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(v[1], -0.20, 1e-12);
    CU_ASSERT_TRUE(isnan(v[2])); /* no 2014 row */
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "onv", v),
                           "long.csv: column \"onv\" is in a long table "
                           "(years 2014, 2022); say which year; add year: or "
                           "change: [from, to] to the style's value");
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: onv, year: 2018}", v),
                           "long.csv: has no rows for jaar 2018; the years "
                           "in it are: 2014, 2022");
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "{column: a, year: 2018}", v),
                           "wide.csv: column \"a\" has no years (no jaar "
                           "column), so year 2018 cannot be taken; give the "
                           "long table with --table, or drop year:/change: "
                           "from the style's value");
    CU_ASSERT_STRING_EQUAL(value_of(&fx, "zz", v),
                           "column \"zz\" not found; wide.csv has "
                           "buurtcode, a, b, n; long.csv has bu_code, jaar, "
                           "onv");
    fixture_close(&fx);
}

static void
test_layer_mask_legend(void)
{
    static const char text[] =
        "title: T\nvalue: a\nunit: \"%\"\ndecimals: 0\n"
        "classification: {method: fixed, breaks: [0, 5, 10]}\n"
        "colors: [\"#ff0000\", \"#00ff00\"]\n"
        "mask: {min_inwoners: 250, label: Te weinig bewoners}\n";
    vk_style *s = style_text(text);
    fixture fx;
    vk_layer *l;
    vk_legend *lg;
    vk_rgba fill[9];
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    fixture_open(&fx);
    /* Buurten 0 and 1 have 100 and 200 inhabitants: masked; 8 is water;
     * 3 has no value. */
    fx.fs->f[8].water = 1;
    vk_error_init(&err);
    l = vk_layer_make(s, &fx.ts, fx.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->cls[0], VK_CLASS_MASKED);
    CU_ASSERT_EQUAL(l->cls[1], VK_CLASS_MASKED);
    CU_ASSERT_EQUAL(l->cls[2], 0);
    CU_ASSERT_EQUAL(l->cls[3], VK_CLASS_NODATA);
    CU_ASSERT_EQUAL(l->cls[4], 1); /* 5: [5, 10] */
    CU_ASSERT_EQUAL(l->cls[8], VK_CLASS_WATER);
    /* Masked buurten take no part in the classification. */
    CU_ASSERT_EQUAL(l->bx->n, 5);
    vk_layer_fill(l, fill);
    CU_ASSERT_DOUBLE_EQUAL(fill[0].r, s->mask_color.r, 0);
    CU_ASSERT_DOUBLE_EQUAL(fill[4].g, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(fill[8].b, vk_style_water_color().b, 0);
    lg = vk_layer_legend(l, fx.fs, vk_test_area_fs(fx.fs, "GM0001"));
    /* GM0001: buurten 0 1 3 4 6 7: 2 masked, 1 no data, 4 7 6 in [5,10]. */
    CU_ASSERT_EQUAL_FATAL(lg->n, 4);
    CU_ASSERT_STRING_EQUAL(lg->e[0].label, "minder dan 5%");
    CU_ASSERT_EQUAL(lg->e[0].count, 0);
    CU_ASSERT_STRING_EQUAL(lg->e[1].label, "5% of meer");
    CU_ASSERT_EQUAL(lg->e[1].count, 3);
    CU_ASSERT_STRING_EQUAL(lg->e[2].label, "Geen gegevens");
    CU_ASSERT_EQUAL(lg->e[2].count, 1);
    CU_ASSERT_STRING_EQUAL(lg->e[3].label, "Te weinig bewoners");
    CU_ASSERT_EQUAL(lg->e[3].count, 2);
    vk_legend_destroy(lg);
    /* All buurten: water comes last, after the mask. */
    lg = vk_layer_legend(l, fx.fs, NULL);
    CU_ASSERT_STRING_EQUAL(lg->e[lg->n - 1].label, "Water");
    CU_ASSERT_STRING_EQUAL(lg->e[lg->n - 2].label, "Te weinig bewoners");
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    fixture_close(&fx);
}

static void
test_bivariate(void)
{
    static const char text[] =
        "title: Focus\n"
        "mask: {min_inwoners: 0}\n"
        "bivariate:\n"
        "  x:\n"
        "    title: A\n"
        "    value: a\n"
        "    classification: {method: fixed, breaks: [0, 5, 10]}\n"
        "  y:\n"
        "    title: B\n"
        "    value: b\n"
        "    classification: {method: fixed, breaks: [0, 25, 50]}\n"
        "colors: [\"#000001\", \"#000002\", \"#000003\", \"#000004\"]\n";
    vk_style *s = style_text(text);
    fixture fx;
    vk_layer *l;
    vk_legend *lg;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_TRUE(s->bivariate);
    fixture_open(&fx);
    vk_error_init(&err);
    l = vk_layer_make(s, &fx.ts, fx.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    /* cell = iy * 2 + ix: a=1,b=10 -> 0; a=6,b=30 -> 3; a=3,b=20 -> 0;
     * a=5,b=0 -> 1. */
    CU_ASSERT_EQUAL(l->cls[0], 0);
    CU_ASSERT_EQUAL(l->cls[5], 3);
    CU_ASSERT_EQUAL(l->cls[4], 1);
    CU_ASSERT_EQUAL(l->cls[7], 3);
    lg = vk_layer_legend(l, fx.fs, NULL);
    CU_ASSERT_EQUAL(lg->grid_cols, 2);
    CU_ASSERT_EQUAL(lg->grid_rows, 2);
    CU_ASSERT_STRING_EQUAL(lg->x_title, "A");
    CU_ASSERT_STRING_EQUAL(lg->e[1].label, "A: hoog, B: laag");
    CU_ASSERT_DOUBLE_EQUAL(lg->e[3].color.b, 4 / 255.0, 1e-12);
    /* Counts: cells 0 (buurten 0 1 2), 1 (4), 3 (5 6 7 8); 3 no data. */
    CU_ASSERT_EQUAL(lg->e[0].count, 3);
    CU_ASSERT_EQUAL(lg->e[1].count, 1);
    CU_ASSERT_EQUAL(lg->e[2].count, 0);
    CU_ASSERT_EQUAL(lg->e[3].count, 4);
    CU_ASSERT_STRING_EQUAL(lg->e[4].label, "Geen gegevens");
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    fixture_close(&fx);
}

static void
test_scope_gemeente(void)
{
    static const char text[] =
        "title: T\nvalue: a\nscope: gemeente\nmask: {min_inwoners: 0}\n"
        "classification: {method: equal, classes: 2}\n"
        "colors: [\"#000000\", \"#ffffff\"]\n";
    vk_style *s = style_text(text);
    fixture fx;
    vk_layer *l;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    fixture_open(&fx);
    vk_error_init(&err);
    /* GM0002 holds a = 3, 6, 9: equal breaks 3, 6, 9. */
    l = vk_layer_make(s, &fx.ts, fx.fs, vk_test_area_fs(fx.fs, "GM0002"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->bx->n, 3);
    CU_ASSERT_DOUBLE_EQUAL(l->bx->b[0], 3, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->bx->b[1], 6, 0);
    CU_ASSERT_DOUBLE_EQUAL(l->bx->b[2], 9, 0);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    fixture_close(&fx);
}

static void
test_new_errors(void)
{
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: {column: a, minus: b, per: c}\n"),
        "x.yaml:2:1: \"value\" takes one of minus, per, year and change");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: {column: a, change: [2014]}\n"),
        "x.yaml:2:20: \"change\" must be two years, [from, to]");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: {column: a, year: twintig}\n"),
        "x.yaml:2:26: \"year\" must be a year such as 2022, not "
        "\"twintig\"");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: {column: a, relative: mean}\n"),
        "x.yaml:2:30: unknown relative \"mean\"; expected difference or "
        "ratio");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 2}\n"
        "scope: land\n"),
        "x.yaml:4:8: unknown scope \"land\"; expected all or gemeente");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nbivariate: {x: {}}\n"),
        "x.yaml:2:1: a bivariate style has \"value\" and \"classification\" "
        "under \"x\" and \"y\"");
    CU_ASSERT_STRING_EQUAL(load_error("title: T\nbivariate: [x, y]\n"),
        "x.yaml:2:1: \"bivariate\" must be a mapping with \"x\" and "
        "\"y\"");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nbivariate: {x: {value: a}}\n"),
        "x.yaml:2:13: \"x\" needs \"classification\"");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 2}\n"
        "colors: [\"#000000\", \"#000000\"]\nmask: {min_inwoners: -1}\n"),
        "x.yaml:5:22: \"min_inwoners\" must be 0 (no mask) or more");
}

/* Smallest CIEDE2000 between a and b as seen with deficiency kind. */
static double
cvd_delta(vk_rgba a, vk_rgba b, vk_cvd kind)
{
    double la[3], lb[3];

    vk_rgba_to_lab(vk_cvd_simulate(a, kind), la);
    vk_rgba_to_lab(vk_cvd_simulate(b, kind), lb);
    return vk_delta_e2000(la, lb);
}

/* Smallest difference between cells of a bivariate grid that share an
 * edge. */
static double
grid_min_delta_e(const vk_style *s, vk_cvd kind)
{
    int kx = s->x.classes, ky = s->y.classes;
    double m = INFINITY;

    for (int iy = 0; iy < ky; iy++) {
        for (int ix = 0; ix < kx; ix++) {
            vk_rgba c = s->colors[iy * kx + ix];

            if (ix + 1 < kx)
                m = fmin(m, cvd_delta(c, s->colors[iy * kx + ix + 1], kind));
            if (iy + 1 < ky)
                m = fmin(m, cvd_delta(c, s->colors[(iy + 1) * kx + ix],
                                      kind));
        }
    }
    return m;
}

static void
test_default_styles_cvd(void)
{
    /* Every shipped style, for normal vision and the three dichromacies
     * (Machado 2009, CIEDE2000; docs/palettes.md): neighbouring classes,
     * mirrored classes of a diverging ramp, cells that share an edge in a
     * bivariate grid, and no-data and water against every class, stay at
     * least 5 apart. The mask is hatched, not coloured. */
    static const char *const ids[] = {
        "leefbaarheid", "overlast_onveiligheid", "ontwikkeling_overlast",
        "kwetsbare_bewoners", "ontwikkeling_kwetsbaar", "corporatiebezit",
        "signalering", "signalering_relatief", "focuskaart",
        "structureel_zwak"};
    const double min_de = 5.0;

    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char rel[128];
        vk_error err;
        vk_style *s;

        snprintf(rel, sizeof rel, "styles/%s.yaml", ids[i]);
        vk_error_init(&err);
        s = vk_style_load(vk_test_src(rel), &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        for (int k = VK_CVD_NONE; k <= VK_CVD_TRITAN; k++) {
            double worst = s->bivariate
                               ? grid_min_delta_e(s, (vk_cvd)k)
                               : fmin(vk_palette_min_delta_e(s->colors,
                                                             s->ncolors,
                                                             (vk_cvd)k),
                                      vk_palette_min_delta_e_mirror(
                                          s->colors, s->ncolors, (vk_cvd)k));

            for (size_t c = 0; c < s->ncolors; c++) {
                worst = fmin(worst, cvd_delta(s->colors[c], s->nodata_color,
                                              (vk_cvd)k));
                worst = fmin(worst, cvd_delta(s->colors[c],
                                              vk_style_water_color(),
                                              (vk_cvd)k));
            }
            if (worst < min_de)
                fprintf(stderr, "%s: deficiency %d: min delta E %.2f\n",
                        ids[i], k, worst);
            CU_ASSERT_TRUE(worst >= min_de);
        }
        vk_style_destroy(s);
    }
}

static void
test_palette_key(void)
{
    vk_style *s = style_text("title: T\nvalue: a\nclassification: {method: "
                             "equal, classes: 5}\npalette: {name: OrRd, "
                             "reverse: true}\n");

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->ncolors, 5);
    /* OrRd-5 reversed starts with its darkest, #b30000. */
    CU_ASSERT_DOUBLE_EQUAL(s->colors[0].r, 0xb3 / 255.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->colors[4].b, 0xd9 / 255.0, 1e-12);
    vk_style_destroy(s);
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 12}\n"
        "palette: OrRd\n"),
        "x.yaml:4:10: sequential palette \"OrRd\" has 3 to 9 classes, not "
        "12");
    {
        const char *want = "x.yaml:4:10: unknown palette \"OrRed\" (did you "
                           "mean \"OrRd\"?); sequential: Blues, BuGn,";

        CU_ASSERT_NSTRING_EQUAL(load_error(
            "title: T\nvalue: a\nclassification: {method: equal, classes: "
            "5}\npalette: OrRed\n"), want, strlen(want));
    }
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: equal, classes: 2}\n"
        "palette: OrRd\ncolors: [\"#000000\", \"#000000\"]\n"),
        "x.yaml:5:1: give \"colors\" or \"palette\", not both");
}

static void
test_categories_headtails(void)
{
    static const char cats[] =
        "title: T\nvalue: a\ndecimals: 0\nmask: {min_inwoners: 0}\n"
        "classification: {method: categories, values: [9, 1, 5]}\n"
        "colors: [\"#000009\", \"#000001\", \"#000005\"]\n";
    vk_style *s = style_text(cats);
    fixture fx;
    vk_layer *l;
    vk_legend *lg;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->x.classes, 3);
    fixture_open(&fx);
    vk_error_init(&err);
    l = vk_layer_make(s, &fx.ts, fx.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    /* Classes in the listed order: a = 9 is class 0, 1 class 1, 5 class 2;
     * a = 2 is no category at all, so no data. */
    CU_ASSERT_EQUAL(l->cls[8], 0);
    CU_ASSERT_EQUAL(l->cls[0], 1);
    CU_ASSERT_EQUAL(l->cls[4], 2);
    CU_ASSERT_EQUAL(l->cls[1], VK_CLASS_NODATA);
    lg = vk_layer_legend(l, fx.fs, NULL);
    CU_ASSERT_STRING_EQUAL(lg->e[0].label, "9");
    CU_ASSERT_STRING_EQUAL(lg->e[2].label, "5");
    CU_ASSERT_EQUAL(lg->e[1].count, 1);
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    fixture_close(&fx);

    /* headtails finds its own classes: "classes" may be left out. */
    s = style_text("title: T\nvalue: a\nclassification: {method: "
                   "headtails}\ncolors: [\"#000000\", \"#111111\", "
                   "\"#222222\"]\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->x.method, VK_METHOD_HEADTAILS);
    CU_ASSERT_EQUAL(s->x.classes, 3);
    vk_style_destroy(s);
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: categories}\n"),
        "x.yaml:3:1: method categories needs \"values\", the list of "
        "category values");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\nclassification: {method: categories, values: "
        "[1, 2, 1]}\n"),
        "x.yaml:3:53: \"values\" lists 1 twice");
}

static void
test_every_error(void)
{
#define C "classification: {method: equal, classes: 2}\n"
#define K "colors: [\"#000000\", \"#ffffff\"]\n"
    static const char *const cases[][2] = {
        {"title: T\nbivariate: {x: {value: a, classification: {method: "
         "equal, classes: 2}}}\n",
         "x.yaml:2:1: \"bivariate\" needs \"x\" and \"y\""},
        {"title: T\nvalue: a\nclassification: {method: fixed, breaks: 3}\n",
         "x.yaml:3:41: \"breaks\" must be a list of numbers"},
        {"title: T\nvalue: a\nclassification: equal\n",
         "x.yaml:3:17: \"classification\" must be a mapping with "
         "\"method\" and \"classes\" or \"breaks\""},
        {"title: T\nvalue: a\nclassification: {classes: 2}\n",
         "x.yaml:3:1: \"classification\" needs \"method\"; one of equal, "
         "quantile, fisher, jenks, pretty, sd, headtails, fixed, "
         "categories"},
        {"title: T\nvalue: a\n" C "colors: \"#000000\"\n",
         "x.yaml:4:10: \"colors\" must be a list of \"#rrggbb\""},
        {"title: T\nvalue: a\n" C K "labels: a\n",
         "x.yaml:5:9: \"labels\" must be a list of texts"},
        {"title: T\nvalue: a\n" C K "mask: 50\n",
         "x.yaml:5:7: \"mask\" must be a mapping with \"min_inwoners\", "
         "\"color\" and \"label\""},
        {"title: T\nvalue: {column: a, negate: yes}\n" C K,
         "x.yaml:2:28: \"negate\" must be true or false"},
        {"title: T\nvalue: a\n" C K "nodata: grey\n",
         "x.yaml:5:9: \"nodata\" must be a mapping with \"color\" and "
         "\"label\""},
        {"title: T\nvalue: a\n" C "palette: {reverse: true}\n",
         "x.yaml:4:1: \"palette\" needs \"name\""},
        {"title: T\nvalue: a\n" C "palette: {name: OrRd, reverse: 1}\n",
         "x.yaml:4:32: \"reverse\" must be true or false"},
        {"title: T\nvalue: [a, b]\n",
         "x.yaml:2:1: \"value\" must be a column name or a mapping with "
         "\"column\""},
        {"title: T\nvalue: {minus: b}\n",
         "x.yaml:2:1: \"value\" needs \"column\""},
        {"title: T\nvalue: a\nclassification: {method: categories, "
         "values: 3}\n",
         "x.yaml:3:46: \"values\" must be a list of numbers"},
        {"title: T\nvalue: a\nclassification: {method: fixed}\n",
         "x.yaml:3:1: method fixed needs \"breaks\" with at least two "
         "numbers"},
        {"title: T\nvalue: a\nclassification: {method: equal, classes: 2, "
         "closure: middle}\n",
         "x.yaml:3:54: unknown closure \"middle\"; expected left or right"},
        {"value: a\n", "x.yaml:1: missing \"title\""},
        {"title: T\nvalue: a\n", "x.yaml:1: missing \"classification\""},
        {"title: T\nvalue: a\n" C,
         "x.yaml:1: missing \"colors\" (or \"palette\")"},
        {"title: [T]\nvalue: a\n",
         "x.yaml:1:1: \"title\" must be a single value"},
    };
#undef C
#undef K

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = load_error(cases[i][0]);

        if (strcmp(got, cases[i][1]) != 0)
            fprintf(stderr, "case %zu: %s\n", i, got);
        CU_ASSERT_STRING_EQUAL(got, cases[i][1]);
    }
}

/* ---- persistence ---------------------------------------------------- */

/* Tracts with numeric codes, and a long table in another shape than the
 * Leefbaarometer's: key GEOID written as a decimal number (as a
 * spreadsheet exports it), a "year" column, a score with a decimal point.
 * Tract 363 is exactly at 2 once; 365 has a year the styles do not ask;
 * 366 lacks 2012; 367's 2012 cell is blank; 368 is water; 369 has no
 * rows; 370 has CBS no-data in 2012. */
static const char TRACTS[] =
    "GEOID,year,score\n"
    "363.0,2010,1.5\n"
    "363.0,2012,2.0\n"
    "363.0,2015,3.5\n"
    "364.0,2010,0.5\n"
    "364.0,2012,1\n"
    "364.0,2015,1.99\n"
    "365.0,2010,2.01\n"
    "365.0,2012,5\n"
    "365.0,2015,9\n"
    "365.0,2020,0.1\n"
    "366.0,2010,1\n"
    "366.0,2015,1\n"
    "367.0,2010,1\n"
    "367.0,2012,\n"
    "367.0,2015,3\n"
    "368.0,2010,1\n"
    "368.0,2012,1\n"
    "368.0,2015,1\n"
    "370.0,2010,1\n"
    "370.0,2012,-99997\n"
    "370.0,2015,1\n";

typedef struct tracts {
    vk_features *fs;
    vk_table *t;
    vk_tableset ts;
} tracts;

/* 363-365 in county C1, 366-370 in C2; no residents (no mask). */
static void
tracts_open(tracts *tr)
{
    vk_error err;

    tr->fs = vk_fixture_empty("tracts", "EPSG:3857");
    for (int code = 363; code <= 370; code++) {
        char c[8];

        snprintf(c, sizeof c, "%d", code);
        vk_fixture_feature(tr->fs, c, code <= 365 ? "C1" : "C2");
    }
    tr->fs->f[5].water = 1;
    vk_error_init(&err);
    tr->t = vk_table_read_mem("tracts.csv", TRACTS, strlen(TRACTS), NULL,
                              &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tr->t);
    tr->ts = (vk_tableset){&tr->t, 1, NULL};
}

static void
tracts_close(tracts *tr)
{
    vk_table_destroy(tr->t);
    vk_features_destroy(tr->fs);
}

/* A persistence style over score: "persistence: " then p. */
static char *
persistence_style(const char *p, const char *rest)
{
    return vk_xasprintf("title: Tracts\nvalue: {persistence: %s}\n%s", p,
                        rest);
}

/* The persistence values of p for the tracts into v[8], or the error. */
static const char *
persistence_of(tracts *tr, const char *p, double *v)
{
    return compute_of(persistence_style(p, "palette: Blues\n"), &tr->ts,
                      tr->fs, v);
}

static void
test_persistence_counts(void)
{
    tracts tr;
    double v[8];

    tracts_open(&tr);
    /* At most 2 in 2010, 2012 and 2015: 363 1.5 2.0 (= 2 counts) 3.5;
     * 364 all three; 365 none (its 0.1 of 2020 is not asked). */
    CU_ASSERT_STRING_EQUAL(persistence_of(&tr, "{column: score, at_most: 2, "
                                               "years: [2010, 2012, 2015]}",
                                          v), "");
    CU_ASSERT_EQUAL(v[0], 2);
    CU_ASSERT_EQUAL(v[1], 3);
    CU_ASSERT_EQUAL(v[2], 0);
    /* A missing measurement (no row, a blank cell, CBS no-data), water
     * and a tract without rows: no value, never a count over fewer
     * years. */
    for (int i = 3; i < 8; i++)
        CU_ASSERT_TRUE(isnan(v[i]));
    /* At least 2: 363 2.0 and 3.5; 364 none; 365 all three. */
    CU_ASSERT_STRING_EQUAL(persistence_of(&tr, "{column: score, at_least: "
                                               "2, years: [2010, 2012, "
                                               "2015]}", v), "");
    CU_ASSERT_EQUAL(v[0], 2);
    CU_ASSERT_EQUAL(v[1], 0);
    CU_ASSERT_EQUAL(v[2], 3);
    CU_ASSERT_TRUE(isnan(v[3]));
    /* Only the years asked: without 2012, 366 and 367 and 370 count. */
    CU_ASSERT_STRING_EQUAL(persistence_of(&tr, "{column: score, at_most: "
                                               "1.5, years: [2015, 2010]}",
                                          v), "");
    CU_ASSERT_EQUAL(v[0], 1);
    CU_ASSERT_EQUAL(v[1], 1);
    CU_ASSERT_EQUAL(v[2], 0);
    CU_ASSERT_EQUAL(v[3], 2);
    CU_ASSERT_EQUAL(v[4], 1);
    CU_ASSERT_TRUE(isnan(v[5]));
    CU_ASSERT_TRUE(isnan(v[6]));
    CU_ASSERT_EQUAL(v[7], 2);
    /* A year no table has is named where the style names it. */
    CU_ASSERT_STRING_EQUAL(persistence_of(&tr, "{column: score, at_most: 2, "
                                               "years: [2010, 2011]}", v),
                           "t.yaml:2:64: persistence: year 2011 is not in "
                           "the tables; column \"score\" has the years "
                           "2010, 2012, 2015, 2020 (tracts.csv); name years "
                           "the long table has, or give the table of 2011 "
                           "with --table");
    CU_ASSERT_STRING_EQUAL(persistence_of(&tr, "{column: scores, at_most: "
                                               "2, years: [2010, 2012]}", v),
                           "column \"scores\" not found; tracts.csv has "
                           "GEOID, year, score");
    tracts_close(&tr);
}

/* The layer: categories 0 to the number of years, labelled in the
 * style's language, counted per area. */
static void
test_persistence_layer(void)
{
    char *text = persistence_style("{column: score, at_most: 2, years: "
                                   "[2010, 2012, 2015]}",
                                   "colors: [\"#fee6ce\", \"#fdae6b\", "
                                   "\"#e6550d\", \"#a63603\"]\n");
    static const char *const nl[] = {
        "in 0 van 3 metingen", "in 1 van 3 metingen", "in 2 van 3 metingen",
        "in 3 van 3 metingen", "Geen gegevens", "Water"};
    static const char *const en[] = {
        "in 0 of 3 measurements", "in 1 of 3 measurements",
        "in 2 of 3 measurements", "in 3 of 3 measurements", "No data",
        "Water"};
    static const size_t all[] = {1, 0, 1, 1, 4, 1};
    vk_style *s = style_text(text);
    vk_legend *lg;
    vk_layer *l;
    vk_error err;
    tracts tr;

    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->x.value.op, VK_VALUE_PERSISTENCE);
    CU_ASSERT_STRING_EQUAL(s->x.value.a, "score");
    CU_ASSERT_EQUAL_FATAL(s->x.value.nyears, 3);
    CU_ASSERT_STRING_EQUAL(s->x.value.years[2].year, "2015");
    CU_ASSERT_EQUAL(s->x.value.threshold, 2);
    CU_ASSERT_FALSE(s->x.value.at_least);
    CU_ASSERT_EQUAL(s->x.method, VK_METHOD_CATEGORIES);
    CU_ASSERT_EQUAL(s->x.classes, 4);
    CU_ASSERT_EQUAL(s->decimals, 0); /* a count, as the viewer shows it */
    CU_ASSERT_EQUAL_FATAL(s->x.nbreaks, 4);
    CU_ASSERT_EQUAL(s->x.breaks[0], 0);
    CU_ASSERT_EQUAL(s->x.breaks[3], 3);
    tracts_open(&tr);
    vk_error_init(&err);
    l = vk_layer_make(s, &tr.ts, tr.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->cls[0], 2);
    CU_ASSERT_EQUAL(l->cls[1], 3);
    CU_ASSERT_EQUAL(l->cls[2], 0);
    CU_ASSERT_EQUAL(l->cls[3], VK_CLASS_NODATA);
    CU_ASSERT_EQUAL(l->cls[5], VK_CLASS_WATER);
    lg = vk_layer_legend(l, tr.fs, NULL);
    CU_ASSERT_EQUAL_FATAL(lg->n, 6);
    for (size_t i = 0; i < 6; i++) {
        CU_ASSERT_STRING_EQUAL(lg->e[i].label, nl[i]);
        CU_ASSERT_EQUAL(lg->e[i].count, all[i]);
    }
    /* Class 3 (three times at most 2) in the darkest colour. */
    CU_ASSERT_DOUBLE_EQUAL(lg->e[3].color.r, 0xa6 / 255.0, 1e-12);
    vk_legend_destroy(lg);
    /* County C1 alone: 363-365, one in each class but 1. */
    lg = vk_layer_legend(l, tr.fs, vk_test_area_fs(tr.fs, "C1"));
    CU_ASSERT_EQUAL_FATAL(lg->n, 4);
    CU_ASSERT_EQUAL(lg->e[0].count, 1);
    CU_ASSERT_EQUAL(lg->e[1].count, 0);
    CU_ASSERT_EQUAL(lg->e[2].count, 1);
    CU_ASSERT_EQUAL(lg->e[3].count, 1);
    vk_legend_destroy(lg);
    /* In English (--lang en). */
    vk_style_set_lang(s, VK_LANG_EN);
    lg = vk_layer_legend(l, tr.fs, NULL);
    CU_ASSERT_EQUAL_FATAL(lg->n, 6);
    for (size_t i = 0; i < 6; i++)
        CU_ASSERT_STRING_EQUAL(lg->e[i].label, en[i]);
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);

    /* The style's own labels win; lang: en in the file does the same. */
    text = persistence_style("{column: score, at_least: 2, years: [2010, "
                             "2015]}",
                             "palette: Oranges\nlabels: [never, once, "
                             "twice]\n");
    s = style_text(text);
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->ncolors, 3);
    l = vk_layer_make(s, &tr.ts, tr.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    lg = vk_layer_legend(l, tr.fs, NULL);
    /* Without 2012 366, 367 and 370 have all their years. */
    CU_ASSERT_STRING_EQUAL(lg->e[0].label, "never");
    CU_ASSERT_EQUAL(lg->e[0].count, 3); /* 364, 366, 370 */
    CU_ASSERT_STRING_EQUAL(lg->e[1].label, "once");
    CU_ASSERT_EQUAL(lg->e[1].count, 2); /* 363: 1.5, 3.5; 367: 1, 3 */
    CU_ASSERT_EQUAL(lg->e[2].count, 1); /* 365: 2.01, 9 */
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    text = persistence_style("{column: score, at_least: 2, years: [2010]}",
                             "palette: Oranges\nlang: en\n");
    CU_ASSERT_STRING_EQUAL(load_error(text), "x.yaml:3:10: sequential "
                           "palette \"Oranges\" has 3 to 9 classes, not 2");
    free(text);
    text = persistence_style("{column: score, at_least: 2, years: [2010]}",
                             "colors: [\"#ffffff\", \"#000000\"]\nlang: "
                             "en\n");
    s = style_text(text);
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    l = vk_layer_make(s, &tr.ts, tr.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    lg = vk_layer_legend(l, tr.fs, NULL);
    CU_ASSERT_STRING_EQUAL(lg->e[0].label, "in 0 of 1 measurements");
    CU_ASSERT_STRING_EQUAL(lg->e[1].label, "in 1 of 1 measurements");
    vk_legend_destroy(lg);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    tracts_close(&tr);
}

/* Every mistake in a persistence value, at its line and column. */
static void
test_persistence_errors(void)
{
#define P(x) "title: T\nvalue:\n  persistence: " x "\npalette: Blues\n"
    static const char *const cases[][2] = {
        {P("{column: a, at_most: 4, years: [2014], jaren: [2016]}"),
         "x.yaml:3:55: unknown key \"jaren\" in persistence; expected one "
         "of column, at_most, at_least, years"},
        {P("{column: a, at_most: 4, at_least: 6, years: [2014]}"),
         "x.yaml:3:40: \"persistence\" takes \"at_most\" or \"at_least\", "
         "not both"},
        {P("{column: a, years: [2014]}"),
         "x.yaml:3:3: \"persistence\" needs \"at_most\" or \"at_least\": "
         "the value a measurement counts at"},
        {P("{column: a, at_most: 4, years: []}"),
         "x.yaml:3:40: \"years\" must be a list of one or more years, e.g. "
         "[2014, 2018, 2022]"},
        {P("{column: a, at_most: 4, years: 2014}"),
         "x.yaml:3:47: \"years\" must be a list of one or more years, e.g. "
         "[2014, 2018, 2022]"},
        {P("{column: a, at_most: 4}"),
         "x.yaml:3:3: \"persistence\" needs \"years\", the measurements to "
         "count"},
        {P("{column: a, at_most: 4, years: [2014, 2016, 2014]}"),
         "x.yaml:3:60: \"years\" lists 2014 twice"},
        {P("{column: a, at_most: 4, years: [2014, x16]}"),
         "x.yaml:3:54: \"years\" must be a year such as 2022, not \"x16\""},
        {P("{at_most: 4, years: [2014]}"),
         "x.yaml:3:3: \"persistence\" needs \"column\""},
        {P("{column: a, at_most: vier, years: [2014]}"),
         "x.yaml:3:37: \"at_most\" must be a number, not \"vier\""},
        {P("lbm_klasse"),
         "x.yaml:3:16: \"persistence\" must be a mapping with \"column\", "
         "\"at_most\" or \"at_least\", and \"years\""},
        {"title: T\nvalue: {negate: true, persistence: {column: a, "
         "at_most: 4, years: [2014]}}\npalette: Blues\n",
         "x.yaml:2:9: \"persistence\" stands alone in \"value\": no negate "
         "beside it"},
        {"title: T\nvalue: {persistence: {column: a, at_most: 4, years: "
         "[2014, 2016]}}\nclassification: {method: equal, classes: 3}\n"
         "palette: Blues\n",
         "x.yaml:3:1: a persistence value has its classes, 0 to 2 "
         "measurements; drop \"classification\""},
        {"title: T\nvalue: {persistence: {column: a, at_most: 4, years: "
         "[2014, 2016]}}\ncolors: [\"#000000\", \"#ffffff\"]\n",
         "x.yaml:3:1: 2 colors for 3 classes; give one colour per class"},
    };
#undef P

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = load_error(cases[i][0]);

        if (strcmp(got, cases[i][1]) != 0)
            fprintf(stderr, "\n  case %zu: %s", i, got);
        CU_ASSERT_STRING_EQUAL(got, cases[i][1]);
    }
}

/* The mask takes buurten with fewer inhabitants than the minimum; one
 * with exactly the minimum is shown. */
static void
test_mask_at_minimum(void)
{
    static const char text[] =
        "title: T\nvalue: a\ndecimals: 0\n"
        "classification: {method: fixed, breaks: [0, 5, 10]}\n"
        "colors: [\"#ff0000\", \"#00ff00\"]\n"
        "mask: {min_inwoners: 200}\n";
    vk_style *s = style_text(text);
    fixture fx;
    vk_layer *l;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    fixture_open(&fx);
    vk_error_init(&err);
    l = vk_layer_make(s, &fx.ts, fx.fs, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    /* Buurt 0 has 100 inhabitants, buurt 1 200 (and a = 2). */
    CU_ASSERT_EQUAL(l->cls[0], VK_CLASS_MASKED);
    CU_ASSERT_EQUAL(l->cls[1], 0);
    vk_layer_destroy(l);
    vk_style_destroy(s);
    fixture_close(&fx);
}

/* Fewer classes than colours (degenerate data) spread over the ramp to
 * the nearest colour: class c of k takes round(c (n - 1) / (k - 1)) of n.
 * For 4 classes of 6 colours: 0, 5/3, 10/3, 5 round to 0, 2, 3, 5. */
static void
test_colour_index_rounds(void)
{
    vk_style s;
    static const size_t want[] = {0, 2, 3, 5};

    memset(&s, 0, sizeof s);
    s.ncolors = 6;
    for (int c = 0; c < 4; c++)
        CU_ASSERT_EQUAL(vk_style_color_index(&s, c, 4), want[c]);
    /* As many classes as colours: each its own; one class: the middle. */
    CU_ASSERT_EQUAL(vk_style_color_index(&s, 4, 6), 4);
    CU_ASSERT_EQUAL(vk_style_color_index(&s, 0, 1), 2);
}

/* A style without "decimals" shows one (docs/style-format.md). */
static void
test_default_decimals(void)
{
    static const char text[] =
        "title: T\nvalue: a\n"
        "classification: {method: fixed, breaks: [0, 2.5, 10]}\n"
        "colors: [\"#ff0000\", \"#00ff00\"]\n";
    vk_style *s = style_text(text);
    const double v[] = {1, 3};
    vk_breaks *br;
    vk_legend *l;
    vk_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->decimals, 1);
    vk_error_init(&err);
    br = vk_classify(v, 2, VK_METHOD_FIXED, 0, s->x.breaks, s->x.nbreaks,
                     VK_CLOSE_LEFT, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(br);
    l = vk_legend_build(s, br, 0, 0);
    CU_ASSERT_STRING_EQUAL(l->e[0].label, "minder dan 2,5");
    CU_ASSERT_STRING_EQUAL(l->e[1].label, "2,5 of meer");
    vk_legend_destroy(l);
    vk_breaks_destroy(br);
    vk_style_destroy(s);
}

void
vk_test_register_style(void)
{
    static const vk_test_case tests[] = {
        {"load_good", test_load_good},
        {"errors", test_errors},
        {"load_file_missing", test_load_file_missing},
        {"format_nl", test_format_nl},
        {"lang", test_lang},
        {"legend", test_legend},
        {"values", test_values},
        {"long_table", test_long_table},
        {"layer_mask_legend", test_layer_mask_legend},
        {"bivariate", test_bivariate},
        {"scope_gemeente", test_scope_gemeente},
        {"new_errors", test_new_errors},
        {"default_styles_cvd", test_default_styles_cvd},
        {"palette_key", test_palette_key},
        {"categories_headtails", test_categories_headtails},
        {"every_error", test_every_error},
        {"mask_at_minimum", test_mask_at_minimum},
        {"colour_index_rounds", test_colour_index_rounds},
        {"default_decimals", test_default_decimals},
        {"persistence_counts", test_persistence_counts},
        {"persistence_layer", test_persistence_layer},
        {"persistence_errors", test_persistence_errors},
        {NULL, NULL},
    };

    vk_test_add_suite("style", NULL, NULL, tests);
}
