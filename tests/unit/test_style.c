/* SPDX-License-Identifier: MIT */
/* Tests of style files (with their error messages) and the legend model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    CU_ASSERT_STRING_EQUAL(s->column, "kwetsbaar_pct");
    CU_ASSERT_STRING_EQUAL(s->unit, "%");
    CU_ASSERT_EQUAL(s->method, VK_METHOD_QUANTILE);
    CU_ASSERT_EQUAL(s->classes, 3);
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
        "quantile, fixed");
    CU_ASSERT_STRING_EQUAL(load_error(
        "title: T\nvalue: a\ncolours: []\n"),
        "x.yaml:3:1: unknown key \"colours\"; expected one of title, "
        "subtitle, value, unit, decimals, classification, colors, labels, "
        "nodata, source");
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
    char b[64];

    CU_ASSERT_STRING_EQUAL(vk_format_nl(1234567.891, 2, b, sizeof b),
                           "1.234.567,89");
    CU_ASSERT_STRING_EQUAL(vk_format_nl(-12.5, 1, b, sizeof b), "-12,5");
    CU_ASSERT_STRING_EQUAL(vk_format_nl(-0.04, 1, b, sizeof b), "0,0");
    CU_ASSERT_STRING_EQUAL(vk_format_nl(999, 0, b, sizeof b), "999");
    CU_ASSERT_STRING_EQUAL(vk_format_nl(1000, 0, b, sizeof b), "1.000");
    CU_ASSERT_STRING_EQUAL(vk_format_nl(-1000.5, 1, b, sizeof b),
                           "-1.000,5");
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

static void
test_fill(void)
{
    const double v[9] = {1, 2, 3, NAN, 5, 6, 7, 8, 9};
    vk_features *fs = vk_fixture_grid();
    vk_rgba out[9];
    vk_error err;
    vk_style *s;
    vk_breaks *br;

    vk_error_init(&err);
    s = vk_style_load_mem("k.yaml", GOOD, strlen(GOOD), &err);
    br = vk_classify(v, 9, VK_METHOD_EQUAL, 3, NULL, 0, VK_CLOSE_LEFT, &err);
    fs->f[8].water = 1;
    vk_style_fill(s, br, fs, v, out);
    CU_ASSERT_DOUBLE_EQUAL(out[0].r, s->colors[0].r, 0);
    CU_ASSERT_DOUBLE_EQUAL(out[3].g, s->nodata_color.g, 0);
    CU_ASSERT_DOUBLE_EQUAL(out[7].b, s->colors[2].b, 0);
    CU_ASSERT_DOUBLE_EQUAL(out[8].b, vk_style_water_color().b, 0);
    vk_breaks_destroy(br);
    vk_style_destroy(s);
    vk_features_destroy(fs);
}

void
vk_test_register_style(void)
{
    static const vk_test_case tests[] = {
        {"load_good", test_load_good},
        {"errors", test_errors},
        {"load_file_missing", test_load_file_missing},
        {"format_nl", test_format_nl},
        {"legend", test_legend},
        {"fill", test_fill},
        {NULL, NULL},
    };

    vk_test_add_suite("style", NULL, NULL, tests);
}
