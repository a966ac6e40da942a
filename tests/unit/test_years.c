/* SPDX-License-Identifier: MIT */
/* Tests of a layer over the years of a long table: the same breaks for
 * every year (classified over the values of all the years pooled), and the
 * page of small multiples read back from the PDF. The data are made here:
 * six vakken in UTM zone 31N, keyed "vak", a long table with a "year"
 * column and a "groen" value, years 2001, 2003 and 2005. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

#define NVAK 6
#define NYEAR 3

static const char *const YEARS[NYEAR] = {"2001", "2003", "2005"};
/* groen per vak (rows) and year (columns): the years differ so much that
 * one year's own quantiles are not the pooled ones. */
static const double GROEN[NVAK][NYEAR] = {
    {1.0, 2.5, 7.0}, {2.0, 3.5, 8.5}, {3.0, 4.0, 9.0},
    {4.5, 6.0, 9.5}, {5.0, 6.5, 10.0}, {5.5, 7.5, 12.0}};

/* The vakken: two rows of three 500 m squares in gemeente "Z1". */
/* A new file dir/name to write, its path in path (512 bytes). */
static FILE *
create(const char *dir, const char *name, char *path)
{
    FILE *fp;

    snprintf(path, 512, "%s/%s", dir, name);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    return fp;
}

static const char *
write_vakken(const char *dir)
{
    static char path[512];
    FILE *fp = create(dir, "vakken.geojson", path);

    fprintf(fp, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32631\"}},"
                "\"features\":[");
    for (int i = 0; i < NVAK; i++) {
        double x = 600000 + 500 * (i % 3), y = 5800000 + 500 * (i / 3);

        fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"vak\":"
                "\"V%02d\",\"naam\":\"Vak %d\",\"gem\":\"Z1\"},"
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],"
                "[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}",
                i ? "," : "", i, i, x, y, x + 500, y, x + 500, y + 500, x,
                y + 500, x, y);
    }
    fprintf(fp, "]}\n");
    fclose(fp);
    return path;
}

/* The long table, rows by year then vak. */
static const char *
write_groen(const char *dir)
{
    static char path[512];
    FILE *fp = create(dir, "groen.csv", path);

    fprintf(fp, "vak;year;groen\n");
    for (int y = 0; y < NYEAR; y++)
        for (int i = 0; i < NVAK; i++)
            fprintf(fp, "V%02d;%s;%.1f\n", i, YEARS[y], GROEN[i][y]);
    fclose(fp);
    return path;
}

static const char *
write_style(const char *dir, const char *method)
{
    static char path[512], name[64];
    FILE *fp;

    snprintf(name, sizeof name, "groen_%s.yaml", method);
    fp = create(dir, name, path);
    fprintf(fp, "title: Groen per meting\n"
                "value: groen\n"
                "years: [2001, 2003, 2005]\n"
                "decimals: 2\n"
                "classification: {method: %s, classes: 3}\n"
                "colors: [\"#e5f5e0\", \"#a1d99b\", \"#31a354\"]\n"
                "source: \"Bron: proefvakken\"\n", method);
    fclose(fp);
    return path;
}

/* The map set of the vakken, the table and the style of method. */
static vk_mapset *
open_vakken(const char *method)
{
    const char *dir = vk_test_tmp("vakken");
    const char *tables[1], *styles[1];
    vk_mapset_opts o = {0};
    vk_mapset *ms;
    vk_error err;

    CU_ASSERT_EQUAL_FATAL(vk_test_sh(vk_xasprintf("mkdir -p '%s'", dir)), 0);
    o.boundaries = write_vakken(dir);
    tables[0] = write_groen(dir);
    styles[0] = write_style(dir, method);
    o.tables = tables;
    o.ntables = 1;
    o.styles = styles;
    o.nstyles = 1;
    o.key = "vak";
    o.table_key = "vak";
    o.area_field = "gem";
    o.name_field = "naam";
    vk_error_init(&err);
    ms = vk_mapset_open(&o, NULL, &err);
    CU_ASSERT_EQUAL(err.code, VK_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    return ms;
}

/* The breaks of the values of the years pooled, as the classify module
 * makes them; with pooled 0, those of year 0 alone. */
static vk_breaks *
expected_breaks(vk_method m, int pooled)
{
    double v[NVAK * NYEAR];
    size_t n = 0;
    vk_error err;

    for (int y = 0; y < (pooled ? NYEAR : 1); y++)
        for (int i = 0; i < NVAK; i++)
            v[n++] = GROEN[i][y];
    vk_error_init(&err);
    return vk_classify(v, n, m, 3, NULL, 0, VK_CLOSE_LEFT, &err);
}

static void
check_same_breaks(const char *method, vk_method m)
{
    vk_mapset *ms = open_vakken(method);
    vk_breaks *want = expected_breaks(m, 1), *one = expected_breaks(m, 0);
    vk_paint *p[NYEAR];
    vk_error err;
    int differ = 0;

    vk_error_init(&err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_paint_years(ms, 0, YEARS, NYEAR,
                                                VK_SCOPE_STYLE, NULL, p,
                                                &err), VK_OK);
    /* The test means something: year 2001 alone would cut elsewhere. */
    for (int c = 0; c <= want->k; c++)
        differ += want->b[c] != one->b[c];
    CU_ASSERT_TRUE(differ > 0);
    for (int y = 0; y < NYEAR; y++) {
        const vk_breaks *got = p[y]->layer->bx;

        CU_ASSERT_STRING_EQUAL(p[y]->year, YEARS[y]);
        CU_ASSERT_EQUAL_FATAL(got->k, want->k);
        for (int c = 0; c <= want->k; c++)
            CU_ASSERT_EQUAL(got->b[c], want->b[c]);
        /* Each year's own values, classed by those breaks. */
        for (int i = 0; i < NVAK; i++) {
            const vk_features *bu = vk_mapset_boundaries(ms)->buurten;
            char code[8];
            size_t f;

            snprintf(code, sizeof code, "V%02d", i);
            for (f = 0; f < bu->n; f++)
                if (strcmp(bu->f[f].code, code) == 0)
                    break;
            CU_ASSERT_EQUAL_FATAL(f < bu->n, 1);
            CU_ASSERT_EQUAL(p[y]->layer->vx[f], GROEN[i][y]);
            CU_ASSERT_EQUAL(p[y]->layer->cls[f],
                            vk_breaks_class(want, GROEN[i][y]));
        }
    }
    /* The legend of the years: every class, no counts drawn, the counts
     * summed over the years. */
    CU_ASSERT_EQUAL(p[0]->legend_years->no_counts, 1);
    CU_ASSERT_EQUAL((int)p[0]->legend_years->n, want->k);
    for (int c = 0; c < want->k; c++)
        CU_ASSERT_EQUAL(p[0]->legend_years->e[c].count, want->counts[c]);
    for (int y = 0; y < NYEAR; y++)
        vk_paint_destroy(p[y]);
    vk_breaks_destroy(want);
    vk_breaks_destroy(one);
    vk_mapset_destroy(ms);
}

static void
test_quantile_pooled(void)
{
    check_same_breaks("quantile", VK_METHOD_QUANTILE);
}

static void
test_jenks_pooled(void)
{
    check_same_breaks("jenks", VK_METHOD_JENKS);
}

/* A year the table lacks: an error naming it and the years it has. */
static void
test_missing_year(void)
{
    static const char *const years[] = {"2001", "2002"};
    vk_mapset *ms = open_vakken("quantile");
    vk_paint *p[2] = {NULL, NULL};
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_mapset_paint_years(ms, 0, years, 2, VK_SCOPE_ALL,
                                          NULL, p, &err), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(err.what, "has no rows for year 2002");
    CU_ASSERT_STRING_EQUAL(err.hint, "the years in it are: 2001, 2003, 2005");
    CU_ASSERT_PTR_NULL(p[0]);
    vk_mapset_destroy(ms);
}

/* Occurrences of word in text as a word of its own (not inside a
 * longer run of letters, digits, ',' or '.'). */
static int
count_word(const char *text, const char *word)
{
    size_t len = strlen(word);
    int n = 0;

    for (const char *s = strstr(text, word); s != NULL;
         s = strstr(s + 1, word)) {
        char before = s > text ? s[-1] : ' ', after = s[len];

        if ((before == ' ' || before == '\n') &&
            (after == ' ' || after == '\n' || after == '\0'))
            n++;
    }
    return n;
}

/* The page: one map per year, each year's title once, the legend once
 * with the pooled breaks' labels and no counts, one page; the maps share
 * extent and scale. */
static void
test_small_multiples_pdf(void)
{
    vk_mapset *ms = open_vakken("quantile");
    const char *pdf = vk_test_tmp("groen-jaren.pdf");
    vk_breaks *want = expected_breaks(VK_METHOD_QUANTILE, 1);
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 0, NULL, 0,
                       NULL, NULL, 0};
    vk_panel panels[NYEAR];
    vk_paint *p[NYEAR];
    vk_legend *lg;
    vk_page page;
    vk_page_geom g;
    vk_mapview view;
    vk_error err;
    static char text[65536];

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_mapset_paint_years(ms, 0, YEARS, NYEAR,
                                                VK_SCOPE_ALL, NULL, p, &err),
                          VK_OK);
    page = vk_layout_page_years(vk_mapset_boundaries(ms), p, NYEAR, panels);
    CU_ASSERT_EQUAL(page.npanels, NYEAR);
    CU_ASSERT_EQUAL_FATAL(vk_layout_geometry(&page, &po, &g, &view, &err),
                          VK_OK);
    CU_ASSERT_TRUE(g.panel_cols * g.panel_rows >= NYEAR);
    CU_ASSERT_TRUE((g.panel_cols - 1) * g.panel_rows < NYEAR);
    /* Map 0's view; every map's frame the same size, apart, in the map
     * box. */
    {
        vk_box m0 = vk_layout_panel(&g, 0, NULL);

        CU_ASSERT_DOUBLE_EQUAL(view.x_pt, m0.x_pt, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(view.y_pt, m0.y_pt, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(view.w_pt, m0.w_pt, 1e-9);
        for (size_t j = 1; j < NYEAR; j++) {
            vk_box t, m = vk_layout_panel(&g, j, &t);

            CU_ASSERT_DOUBLE_EQUAL(m.w_pt, m0.w_pt, 1e-9);
            CU_ASSERT_DOUBLE_EQUAL(m.h_pt, m0.h_pt, 1e-9);
            CU_ASSERT_TRUE(m.x_pt != m0.x_pt || m.y_pt != m0.y_pt);
            CU_ASSERT_TRUE(t.y_pt + t.h_pt <= m.y_pt + 1e-9);
            CU_ASSERT_TRUE(m.x_pt + m.w_pt <= g.map.x_pt + g.map.w_pt + 1e-9);
            CU_ASSERT_TRUE(m.y_pt + m.h_pt <= g.map.y_pt + g.map.h_pt + 1e-9);
        }
    }
    CU_ASSERT_EQUAL_FATAL(vk_layout_write(pdf, &page, 1, &po, &err), VK_OK);
    CU_ASSERT_EQUAL(vk_test_poppler("pdfinfo", pdf, text, sizeof text), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Pages:           1\n"));
    CU_ASSERT_EQUAL(vk_test_poppler("pdftotext -layout", pdf, text,
                                    sizeof text), 0);
    for (int y = 0; y < NYEAR; y++)
        CU_ASSERT_EQUAL(count_word(text, YEARS[y]), 1);
    /* The legend's labels as the style labels the pooled breaks: each
     * once, without a count after it. */
    lg = vk_legend_build(vk_mapset_style(ms, 0), want, 0, 0);
    CU_ASSERT_EQUAL_FATAL((int)lg->n, 3);
    for (size_t c = 0; c < lg->n; c++) {
        const char *at = strstr(text, lg->e[c].label);

        CU_ASSERT_EQUAL(count_word(text, lg->e[c].label), 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        CU_ASSERT_NOT_EQUAL(at[strlen(lg->e[c].label) + 1], '(');
    }
    /* The page's title and the legend's. */
    CU_ASSERT_EQUAL(count_word(text, "Groen per meting"), 2);
    CU_ASSERT_PTR_NULL(strstr(text, "("));
    vk_legend_destroy(lg);
    for (int y = 0; y < NYEAR; y++)
        vk_paint_destroy(p[y]);
    vk_breaks_destroy(want);
    vk_mapset_destroy(ms);
}

/* The style's years: a value of no year reads the last; errors at the
 * line and column. */
static void
test_style_years(void)
{
    static const char base[] = "title: T\nclassification: {method: "
                               "quantile, classes: 2}\ncolors: "
                               "[\"#000000\", \"#ffffff\"]\n";
    struct {
        const char *extra, *error;
    } bad[] = {
        {"value: a\nyears: [2014, 2014]\n",
         "y.yaml:5:15: \"years\" must go up, each year once: 2014 after "
         "2014"},
        {"value: a\nyears: [2016, 2014]\n",
         "y.yaml:5:15: \"years\" must go up, each year once: 2014 after "
         "2016"},
        {"value: a\nyears: [20x4]\n",
         "y.yaml:5:9: \"years\" must be a year such as 2022, not \"20x4\""},
        {"value: a\nyears: []\n",
         "y.yaml:5:1: \"years\" must be a list of 1 to 32 years, such as "
         "[2014, 2016, 2018]"},
    };
    char *text = vk_xasprintf("%svalue: a\nyears: [2014, 2018]\n", base);
    vk_style *st;
    vk_error err;

    vk_error_init(&err);
    st = vk_style_load_mem("y.yaml", text, strlen(text), &err);
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    CU_ASSERT_EQUAL(st->nyears, 2);
    CU_ASSERT_STRING_EQUAL(st->years[1], "2018");
    CU_ASSERT_PTR_NOT_NULL_FATAL(st->x.value.year_a);
    CU_ASSERT_STRING_EQUAL(st->x.value.year_a, "2018");
    vk_style_destroy(st);
    /* A year of its own stays the single map's. */
    text = vk_xasprintf("%svalue: {column: a, year: 2016}\nyears: [2014, "
                        "2018]\n", base);
    st = vk_style_load_mem("y.yaml", text, strlen(text), &err);
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    CU_ASSERT_STRING_EQUAL(st->x.value.year_a, "2016");
    vk_style_destroy(st);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[512];

        text = vk_xasprintf("%s%s", base, bad[i].extra);
        vk_error_init(&err);
        CU_ASSERT_PTR_NULL(vk_style_load_mem("y.yaml", text, strlen(text),
                                             &err));
        CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                               bad[i].error);
        free(text);
    }
}

/* A persistence value counts its own years: neither years: nor a paint
 * per year goes with it. */
static void
test_persistence_not_per_year(void)
{
    static const char pers[] =
        "title: P\nvalue: {persistence: {column: groen, at_most: 4, "
        "years: [2001, 2003]}}\ncolors: [\"#000000\", \"#777777\", "
        "\"#ffffff\"]\n";
    char *text = vk_xasprintf("%syears: [2001, 2003]\n", pers);
    vk_mapset *ms = open_vakken("quantile");
    vk_tableset ts;
    const vk_table *t[1];
    vk_layer *l[2];
    vk_style *st;
    vk_error err;
    char msg[512];

    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_style_load_mem("p.yaml", text, strlen(text), &err));
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "p.yaml:4:1: \"years\" does not go with a "
                           "persistence value, which counts its own years");
    free(text);
    vk_error_init(&err);
    st = vk_style_load_mem("p.yaml", pers, strlen(pers), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    t[0] = vk_mapset_tables(ms)->t[0];
    ts = (vk_tableset){(vk_table *const *)t, 1, NULL};
    CU_ASSERT_EQUAL(vk_layers_make_years(st, &ts,
                                         vk_mapset_boundaries(ms)->buurten,
                                         NULL, YEARS, 2, l, &err),
                    VK_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.what, "a persistence value counts its own "
                                     "years: it is not drawn per year");
    vk_style_destroy(st);
    vk_mapset_destroy(ms);
}

/* --years as the CLI gives it. */
static void
test_years_parse(void)
{
    char **y = NULL;
    size_t n = 0;
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_years_parse("2014,2016, 2022", &y, &n, &err),
                          VK_OK);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(y[0], "2014");
    CU_ASSERT_STRING_EQUAL(y[2], "2022");
    vk_years_free(y, n);
    CU_ASSERT_EQUAL(vk_years_parse("2016,2014", &y, &n, &err), VK_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.what, "--years must go up, each year once: "
                                     "2014 after 2016");
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_years_parse("2014,twintig", &y, &n, &err), VK_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.what, "--years: \"twintig\" is not a year");
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_years_parse(",", &y, &n, &err), VK_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.what, "--years names no year");
}

/* The command: --years over the style's years:, a PNG of the page, and
 * what it refuses. */
static void
test_render_years(void)
{
    const char *dir = vk_test_tmp("vakken");
    vk_mapset *ms = open_vakken("quantile"); /* writes the files */
    char *base = vk_xasprintf("render --boundaries '%s/vakken.geojson' "
                              "--key vak --area-field gem --table "
                              "'%s/groen.csv' --table-key vak --style "
                              "'%s/groen_quantile.yaml' --area Z1",
                              dir, dir, dir);
    char *args, out[256], err[2048];
    static char text[65536];
    const char *pdf = vk_test_tmp("groen-2003-2005.pdf");
    int w, h, type;
    long ppm;
    uint8_t *px;

    vk_mapset_destroy(ms);
    /* Two years of the three: two maps. */
    args = vk_xasprintf("%s --years 2003,2005 --out '%s'", base, pdf);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 0);
    free(args);
    CU_ASSERT_EQUAL(vk_test_poppler("pdftotext -layout", pdf, text,
                                    sizeof text), 0);
    CU_ASSERT_EQUAL(count_word(text, "2001"), 0);
    CU_ASSERT_EQUAL(count_word(text, "2003"), 1);
    CU_ASSERT_EQUAL(count_word(text, "2005"), 1);
    /* The style's years as a PNG of the page. */
    args = vk_xasprintf("%s --dpi 36 --out '%s'", base,
                        vk_test_tmp("groen.png"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 0);
    free(args);
    px = vk_test_png_read(vk_test_tmp("groen.png"), &w, &h, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL(px);
    free(px);
    /* A year the table lacks: exit 1 naming it and the years it has. */
    args = vk_xasprintf("%s --years 2001,2002 --out '%s'", base, pdf);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 1);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "groen.csv: has no rows for year "
                                       "2002; the years in it are: 2001, "
                                       "2003, 2005"));
    /* Usage: years out of order, the map frame alone. */
    args = vk_xasprintf("%s --years 2005,2003 --out '%s'", base, pdf);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 2);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--years must go up, each year "
                                       "once: 2003 after 2005"));
    args = vk_xasprintf("%s --years 2003 --map-only --out '%s'", base,
                        vk_test_tmp("groen-kaart.png"));
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 2);
    free(args);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--years draws a page of maps; "
                                       "leave out --map-only"));
    free(base);
}

void
vk_test_register_years(void)
{
    static const vk_test_case tests[] = {
        {"quantile breaks of the years pooled, the same for each",
         test_quantile_pooled},
        {"jenks breaks of the years pooled, the same for each",
         test_jenks_pooled},
        {"a year the table lacks is named with the years it has",
         test_missing_year},
        {"small multiples: a map per year, one legend, one page",
         test_small_multiples_pdf},
        {"a style's years: and its errors", test_style_years},
        {"--years parsed, its errors", test_years_parse},
        {"a persistence value is not drawn per year",
         test_persistence_not_per_year},
        {"render --years: pages, PNG, refusals", test_render_years},
        {NULL, NULL},
    };

    vk_test_add_suite("years", NULL, NULL, tests);
}
