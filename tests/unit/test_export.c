/* SPDX-License-Identifier: MIT */
/* Tests of the QML and SLD writers: files read back with libxml2 and
 * checked by XPath for breaks, closure operators, colours and UTF-8 labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vk/export.h"
#include "vk_test.h"

/* Breaks that need all 17 digits (20/3) or are not exact in binary (0.1):
 * written in shortest round-trip form they must read back bit for bit. */
#define B0 0.1
#define B1 4.0
#define B2 (20.0 / 3.0)
#define B3 100.0

static const vk_export_class RANGES[] = {
    {B0, B1, 0, 0, {0xfe / 255.0, 0xe8 / 255.0, 0xc8 / 255.0, 1},
     "minder dan 4,0%"},
    {B1, B2, 0, 0, {0xfd / 255.0, 0xbb / 255.0, 0x84 / 255.0, 1},
     "4,0 tot 6,7% \xe2\x80\x93 S\xc3\xba" "dwest"},
    {B2, B3, 0, 0, {0xe3 / 255.0, 0x4a / 255.0, 0x33 / 255.0, 1},
     "meer dan 6,7% (\xe2\x80\x98Zeer goed\xe2\x80\x99)"},
};

static const vk_export_class CATEGORIES[] = {
    {0, 0, 1, 1, {0x1b / 255.0, 0x9e / 255.0, 0x77 / 255.0, 1}, "Zeer goed"},
    {0, 0, 1, 2, {0xd9 / 255.0, 0x5f / 255.0, 0x02 / 255.0, 0.5},
     "S\xc3\xba" "dwest-Frysl\xc3\xa2n"},
    {0, 0, 1, -0.25, {0x75 / 255.0, 0x70 / 255.0, 0xb3 / 255.0, 1}, NULL},
};

static vk_export_spec
ranges_spec(vk_closure closure, int open_ends)
{
    vk_export_spec s = {0};

    s.name = "kwetsbare_bewoners";
    s.title = "Kwetsbare bewoners";
    s.field = "kwetsbaar_pct";
    s.closure = closure;
    s.open_ends = open_ends;
    s.cls = RANGES;
    s.n = 3;
    s.nodata = (vk_rgba){0xd9 / 255.0, 0xd9 / 255.0, 0xd9 / 255.0, 1};
    s.nodata_label = "Geen gegevens";
    s.outline_width_mm = 0.25 * 25.4 / 72.0;
    s.outline = (vk_rgba){1, 1, 1, 0.8};
    return s;
}

static vk_export_spec
categories_spec(void)
{
    vk_export_spec s = {0};

    s.name = "leefbaarheid";
    s.field = "lbm \"klasse\"";
    s.cls = CATEGORIES;
    s.n = 3;
    s.nodata_label = NULL;
    return s;
}

/* An XPath query on a file read back with libxml2. */
typedef struct doc {
    xmlDocPtr d;
    xmlXPathContextPtr x;
} doc;

static int
doc_open(doc *d, const char *path)
{
    d->d = xmlReadFile(path, NULL, XML_PARSE_NONET);
    d->x = d->d ? xmlXPathNewContext(d->d) : NULL;
    if (d->x == NULL)
        return -1;
    xmlXPathRegisterNs(d->x, BAD_CAST "sld",
                       BAD_CAST "http://www.opengis.net/sld");
    xmlXPathRegisterNs(d->x, BAD_CAST "ogc",
                       BAD_CAST "http://www.opengis.net/ogc");
    return 0;
}

static void
doc_close(doc *d)
{
    xmlXPathFreeContext(d->x);
    xmlFreeDoc(d->d);
}

/* The string value of an XPath expression (static buffer), or "" . */
static const char *
str(doc *d, const char *expr)
{
    static char buf[1024];
    xmlXPathObjectPtr o;
    char q[512];

    snprintf(q, sizeof q, "string(%s)", expr);
    o = xmlXPathEvalExpression(BAD_CAST q, d->x);
    buf[0] = '\0';
    if (o != NULL && o->stringval != NULL)
        snprintf(buf, sizeof buf, "%s", (const char *)o->stringval);
    xmlXPathFreeObject(o);
    return buf;
}

static double
num(doc *d, const char *expr)
{
    xmlXPathObjectPtr o;
    char q[512];
    double v;

    snprintf(q, sizeof q, "count(%s)", expr);
    o = xmlXPathEvalExpression(BAD_CAST q, d->x);
    v = o ? o->floatval : -1;
    xmlXPathFreeObject(o);
    return v;
}

/* strtod of an XPath string: the exact double written. */
static double
dbl(doc *d, const char *expr)
{
    return strtod(str(d, expr), NULL);
}

static void
write_ok(vk_status (*fn)(const vk_export_spec *, const char *, vk_error *),
         const vk_export_spec *s, const char *path)
{
    vk_error err;
    char msg[1024];

    vk_error_init(&err);
    if (fn(s, path, &err) != VK_OK)
        fprintf(stderr, "%s\n", vk_error_format(&err, msg, sizeof msg));
    CU_ASSERT_EQUAL(err.code, VK_OK);
}

static void
test_qml_ranges(void)
{
    vk_export_spec s = ranges_spec(VK_CLOSE_LEFT, 0);
    const char *path = vk_test_tmp("export-ranges.qml");
    doc d;

    write_ok(vk_export_qml, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, "/qgis/renderer-v2/@type"),
                           "RuleRenderer");
    CU_ASSERT_STRING_EQUAL(str(&d, "/qgis/layerGeometryType"), "2");
    CU_ASSERT_EQUAL(num(&d, "/qgis/renderer-v2/rules/rule"), 4);
    /* Left closure: [a, b) and the last class closed. */
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@filter"),
                           "\"kwetsbaar_pct\" >= 0.1 AND "
                           "\"kwetsbaar_pct\" < 4");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[2]/@filter"),
                           "\"kwetsbaar_pct\" >= 4 AND "
                           "\"kwetsbaar_pct\" < 6.666666666666667");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[3]/@filter"),
                           "\"kwetsbaar_pct\" >= 6.666666666666667 AND "
                           "\"kwetsbaar_pct\" <= 100");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[4]/@filter"), "ELSE");
    /* The break text reads back to the very same double. */
    CU_ASSERT(strtod("6.666666666666667", NULL) == B2);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@label"), RANGES[0].label);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[2]/@label"), RANGES[1].label);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[3]/@label"), RANGES[2].label);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[4]/@label"), "Geen gegevens");
    /* Rule i draws symbol i; colours as QGIS writes them. */
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[2]/@symbol"), "1");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='0']/layer/Option/"
                                   "Option[@name='color']/@value"),
                           "254,232,200,255");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='2']/layer/Option/"
                                   "Option[@name='color']/@value"),
                           "227,74,51,255");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='3']/layer/Option/"
                                   "Option[@name='color']/@value"),
                           "217,217,217,255");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='3']/layer/"
                                   "prop[@k='color']/@v"),
                           "217,217,217,255");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='0']/layer/Option/"
                                   "Option[@name='outline_color']/@value"),
                           "255,255,255,204");
    CU_ASSERT(dbl(&d, "//symbol[@name='0']/layer/Option/"
                      "Option[@name='outline_width']/@value") ==
              0.25 * 25.4 / 72.0);
    doc_close(&d);
}

static void
test_qml_right_closure_and_open_ends(void)
{
    vk_export_spec s = ranges_spec(VK_CLOSE_RIGHT, 0);
    const char *path = vk_test_tmp("export-right.qml");
    doc d;

    write_ok(vk_export_qml, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@filter"),
                           "\"kwetsbaar_pct\" >= 0.1 AND "
                           "\"kwetsbaar_pct\" <= 4");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[2]/@filter"),
                           "\"kwetsbaar_pct\" > 4 AND "
                           "\"kwetsbaar_pct\" <= 6.666666666666667");
    doc_close(&d);
    /* Open ends: the end classes take everything beyond them. */
    s = ranges_spec(VK_CLOSE_LEFT, 1);
    write_ok(vk_export_qml, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@filter"),
                           "\"kwetsbaar_pct\" < 4");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[3]/@filter"),
                           "\"kwetsbaar_pct\" >= 6.666666666666667");
    doc_close(&d);
    /* One open class takes every value present. */
    s.n = 1;
    write_ok(vk_export_qml, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@filter"),
                           "\"kwetsbaar_pct\" IS NOT NULL");
    doc_close(&d);
}

static void
test_qml_categories(void)
{
    vk_export_spec s = categories_spec();
    const char *path = vk_test_tmp("export-cats.qml");
    doc d;

    write_ok(vk_export_qml, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    /* No no-data rule when nodata_label is NULL; quotes in the field are
     * doubled as in QgsExpression::quotedColumnRef. */
    CU_ASSERT_EQUAL(num(&d, "//rule"), 3);
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@filter"),
                           "\"lbm \"\"klasse\"\"\" = 1");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[3]/@filter"),
                           "\"lbm \"\"klasse\"\"\" = -0.25");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[1]/@label"), "Zeer goed");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[2]/@label"),
                           "S\xc3\xba" "dwest-Frysl\xc3\xa2n");
    CU_ASSERT_STRING_EQUAL(str(&d, "//rule[3]/@label"), "-0.25");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='1']/layer/Option/"
                                   "Option[@name='color']/@value"),
                           "217,95,2,128");
    CU_ASSERT_STRING_EQUAL(str(&d, "//symbol[@name='1']/layer/Option/"
                                   "Option[@name='outline_style']/@value"),
                           "no");
    doc_close(&d);
}

#define SLD_RULE "/sld:StyledLayerDescriptor/sld:NamedLayer/sld:UserStyle/" \
                 "sld:FeatureTypeStyle/sld:Rule"

static void
test_sld_ranges(void)
{
    vk_export_spec s = ranges_spec(VK_CLOSE_LEFT, 0);
    const char *path = vk_test_tmp("export-ranges.sld");
    doc d;

    write_ok(vk_export_sld, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, "/sld:StyledLayerDescriptor/@version"),
                           "1.0.0");
    CU_ASSERT_STRING_EQUAL(str(&d, "//sld:NamedLayer/sld:Name"),
                           "kwetsbare_bewoners");
    CU_ASSERT_STRING_EQUAL(str(&d, "//sld:UserStyle/sld:Title"),
                           "Kwetsbare bewoners");
    CU_ASSERT_EQUAL(num(&d, SLD_RULE), 4);
    /* Class 1: >= 0.1 and < 4, exact doubles. */
    CU_ASSERT(dbl(&d, SLD_RULE "[1]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsGreaterThanOrEqualTo/ogc:Literal") ==
              B0);
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[1]/ogc:Filter/ogc:And/"
                                   "ogc:PropertyIsGreaterThanOrEqualTo/"
                                   "ogc:PropertyName"), "kwetsbaar_pct");
    CU_ASSERT(dbl(&d, SLD_RULE "[1]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsLessThan/ogc:Literal") == B1);
    CU_ASSERT(dbl(&d, SLD_RULE "[2]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsLessThan/ogc:Literal") == B2);
    /* The last class is closed above. */
    CU_ASSERT_EQUAL(num(&d, SLD_RULE "[3]/ogc:Filter/ogc:And/"
                            "ogc:PropertyIsLessThan"), 0);
    CU_ASSERT(dbl(&d, SLD_RULE "[3]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsLessThanOrEqualTo/ogc:Literal") == B3);
    CU_ASSERT(dbl(&d, SLD_RULE "[3]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsGreaterThanOrEqualTo/ogc:Literal") ==
              B2);
    /* Labels, colours, no data. */
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[2]/sld:Title"),
                           RANGES[1].label);
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[3]/sld:Title"),
                           RANGES[2].label);
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[1]/sld:PolygonSymbolizer/"
                                   "sld:Fill/sld:CssParameter[@name='fill']"),
                           "#fee8c8");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[3]/sld:PolygonSymbolizer/"
                                   "sld:Fill/sld:CssParameter[@name='fill']"),
                           "#e34a33");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[1]/sld:PolygonSymbolizer/"
                                   "sld:Stroke/"
                                   "sld:CssParameter[@name='stroke-opacity']"),
                           "0.8");
    /* 0.0882 mm / 0.28 mm per pixel = 0.315 px. */
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[1]/sld:PolygonSymbolizer/"
                                   "sld:Stroke/"
                                   "sld:CssParameter[@name='stroke-width']"),
                           "0.315");
    /* No data: NULL, or in none of the three classes. */
    CU_ASSERT_EQUAL(num(&d, SLD_RULE "[4]/ogc:Filter/ogc:Or/"
                            "ogc:PropertyIsNull/ogc:PropertyName"), 1);
    CU_ASSERT_EQUAL(num(&d, SLD_RULE "[4]/ogc:Filter/ogc:Or/ogc:Not/ogc:Or/"
                            "ogc:And"), 3);
    CU_ASSERT(dbl(&d, SLD_RULE "[4]/ogc:Filter/ogc:Or/ogc:Not/ogc:Or/"
                      "ogc:And[3]/ogc:PropertyIsLessThanOrEqualTo/"
                      "ogc:Literal") == B3);
    CU_ASSERT_EQUAL(num(&d, "//sld:ElseFilter"), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[4]/sld:Title"),
                           "Geen gegevens");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[4]/sld:PolygonSymbolizer/"
                                   "sld:Fill/sld:CssParameter[@name='fill']"),
                           "#d9d9d9");
    doc_close(&d);
    /* Right closure: the first class closed below, then > lo. */
    s = ranges_spec(VK_CLOSE_RIGHT, 0);
    write_ok(vk_export_sld, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_EQUAL(num(&d, SLD_RULE "[1]/ogc:Filter/ogc:And/"
                            "ogc:PropertyIsGreaterThanOrEqualTo"), 1);
    CU_ASSERT(dbl(&d, SLD_RULE "[2]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsGreaterThan/ogc:Literal") == B1);
    CU_ASSERT(dbl(&d, SLD_RULE "[2]/ogc:Filter/ogc:And/"
                      "ogc:PropertyIsLessThanOrEqualTo/ogc:Literal") == B2);
    doc_close(&d);
}

static void
test_sld_categories(void)
{
    vk_export_spec s = categories_spec();
    const char *path = vk_test_tmp("export-cats.sld");
    doc d;

    write_ok(vk_export_sld, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    CU_ASSERT_EQUAL(num(&d, SLD_RULE), 3);
    CU_ASSERT_EQUAL(num(&d, "//ogc:PropertyIsNull"), 0);
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[1]/ogc:Filter/"
                                   "ogc:PropertyIsEqualTo/ogc:PropertyName"),
                           "lbm \"klasse\"");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[2]/ogc:Filter/"
                                   "ogc:PropertyIsEqualTo/ogc:Literal"), "2");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[2]/sld:Title"),
                           "S\xc3\xba" "dwest-Frysl\xc3\xa2n");
    CU_ASSERT_STRING_EQUAL(str(&d, SLD_RULE "[2]/sld:PolygonSymbolizer/"
                                   "sld:Fill/"
                                   "sld:CssParameter[@name='fill-opacity']"),
                           "0.502");
    CU_ASSERT_EQUAL(num(&d, "//sld:Stroke"), 0);
    doc_close(&d);
}

static void
test_numbers_round_trip(void)
{
    /* Fewest digits that read back exactly, whole numbers without an
     * exponent below 1e17 (QGIS and GeoServer read both forms). */
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {100, "100"},
        {1e16, "10000000000000000"},
        {2.5e20, "2.5e+20"},
        {1e-7, "1e-07"},
        {0.1 + 0.2, "0.30000000000000004"},
        {-0.25, "-0.25"},
        {123456.5, "123456.5"},
        {1.0 / 3.0, "0.3333333333333333"},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    vk_export_class cls[N];
    vk_export_spec s = categories_spec();
    const char *path = vk_test_tmp("export-numbers.sld");
    char q[128];
    doc d;

    memset(cls, 0, sizeof cls);
    for (int i = 0; i < N; i++) {
        cls[i].is_category = 1;
        cls[i].value = cases[i].v;
        cls[i].label = "x";
    }
    s.cls = cls;
    s.n = N;
    write_ok(vk_export_sld, &s, path);
    CU_ASSERT_EQUAL_FATAL(doc_open(&d, path), 0);
    for (int i = 0; i < N; i++) {
        snprintf(q, sizeof q, SLD_RULE "[%d]//ogc:Literal", i + 1);
        CU_ASSERT_STRING_EQUAL(str(&d, q), cases[i].text);
        CU_ASSERT(dbl(&d, q) == cases[i].v);
    }
    doc_close(&d);
}

static void
test_deterministic_utf8(void)
{
    vk_export_spec s = ranges_spec(VK_CLOSE_LEFT, 0);
    const char *a = vk_test_tmp("export-det-a.qml");
    const char *b = vk_test_tmp("export-det-b.qml");
    char *da, *db;
    size_t la, lb;

    write_ok(vk_export_qml, &s, a);
    write_ok(vk_export_qml, &s, b);
    da = vk_test_slurp(a, &la);
    db = vk_test_slurp(b, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(da);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    /* Declared UTF-8, labels as raw UTF-8 (not character references). */
    CU_ASSERT(strncmp(da, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                      38) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(da, "S\xc3\xba" "dwest"));
    CU_ASSERT_PTR_NOT_NULL(strstr(da, "<!DOCTYPE qgis"));
    free(da);
    free(db);
}

static void
test_errors(void)
{
    vk_export_spec s = ranges_spec(VK_CLOSE_LEFT, 0);
    vk_export_class bad[2];
    const char *missing = "/nonexistent-veerkracht-dir/x.qml";
    vk_error err;

    /* A path that cannot be written: VK_EIO naming it. */
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_export_qml(&s, missing, &err), VK_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.path, "/nonexistent-veerkracht-dir"));
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_export_sld(&s, "/nonexistent-veerkracht-dir/x.sld",
                                  &err), VK_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.path, "/nonexistent-veerkracht-dir"));
    /* Inconsistent specs. */
    vk_error_init(&err);
    s.n = 0;
    CU_ASSERT_EQUAL(vk_export_qml(&s, vk_test_tmp("export-bad.qml"), &err),
                    VK_EUSAGE);
    memcpy(bad, RANGES, sizeof bad);
    bad[1].hi = 1; /* below its lo */
    s.cls = bad;
    s.n = 2;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_export_sld(&s, vk_test_tmp("export-bad.sld"), &err),
                    VK_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "class 2"));
    bad[1].hi = NAN;
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_export_qml(&s, vk_test_tmp("export-bad.qml"), &err),
                    VK_EUSAGE);
    s = ranges_spec(VK_CLOSE_LEFT, 0);
    s.field = "";
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_export_qml(&s, vk_test_tmp("export-bad.qml"), &err),
                    VK_EUSAGE);
}

static const char STYLE[] =
    "title: Kwetsbare bewoners\n"
    "value:\n"
    "  column: kwetsbaar_pct\n"
    "unit: \"%\"\n"
    "decimals: 1\n"
    "classification:\n"
    "  method: fixed\n"
    "  breaks: [0, 4, 7, 100]\n"
    "colors: [\"#fee8c8\", \"#fdbb84\", \"#e34a33\"]\n";

static void
test_spec_from_style(void)
{
    const double v[] = {1, 5, 8, NAN};
    const double fixed[] = {0, 4, 7, 100};
    vk_error err;
    vk_style *st;
    vk_breaks *br;
    vk_export_spec *s;

    vk_error_init(&err);
    st = vk_style_load_mem("kwetsbaar.yaml", STYLE, strlen(STYLE), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    br = vk_classify(v, 4, VK_METHOD_FIXED, 0, fixed, 4, VK_CLOSE_LEFT,
                     &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(br);
    s = vk_export_spec_from_style(st, br, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->field, "kwetsbaar_pct");
    CU_ASSERT_STRING_EQUAL(s->title, "Kwetsbare bewoners");
    CU_ASSERT_EQUAL(s->n, 3);
    CU_ASSERT_EQUAL(s->open_ends, 1);
    CU_ASSERT_DOUBLE_EQUAL(s->cls[1].lo, 4, 0);
    CU_ASSERT_DOUBLE_EQUAL(s->cls[1].hi, 7, 0);
    CU_ASSERT_DOUBLE_EQUAL(s->cls[2].color.r, 0xe3 / 255.0, 0);
    /* The legend's own Dutch labels. */
    CU_ASSERT_STRING_EQUAL(s->cls[0].label, "minder dan 4,0%");
    CU_ASSERT_STRING_EQUAL(s->cls[1].label, "4,0 tot 7,0%");
    CU_ASSERT_STRING_EQUAL(s->cls[2].label, "7,0% of meer");
    CU_ASSERT_PTR_NOT_NULL(s->nodata_label);
    write_ok(vk_export_sld, s, vk_test_tmp("export-style.sld"));
    vk_export_spec_destroy(s);
    vk_export_spec_destroy(NULL);
    /* An explicit field overrides the column. */
    s = vk_export_spec_from_style(st, br, "waarde", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->field, "waarde");
    vk_export_spec_destroy(s);
    vk_breaks_destroy(br);
    vk_style_destroy(st);
}

void
vk_test_register_export(void)
{
    static const vk_test_case tests[] = {
        {"qml ranges: exact filters, labels, colours", test_qml_ranges},
        {"qml right closure and open ends",
         test_qml_right_closure_and_open_ends},
        {"qml categories", test_qml_categories},
        {"sld ranges: filters, labels, colours, else",
         test_sld_ranges},
        {"sld categories", test_sld_categories},
        {"numbers round-trip with fewest digits", test_numbers_round_trip},
        {"output is deterministic UTF-8", test_deterministic_utf8},
        {"errors: unwritable path, bad spec", test_errors},
        {"spec from a style and breaks", test_spec_from_style},
        {NULL, NULL},
    };

    vk_test_add_suite("export", NULL, NULL, tests);
}
