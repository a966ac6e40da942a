/* SPDX-License-Identifier: MIT */
/* veerkracht render: one layer of one gemeente as a PDF or PNG page. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The format from --format, else from the --out extension, checked
 * against --map-only. Returns -1, or prints why not and returns
 * EXIT_USAGE. */
static int
output_format(const cli_args *a, vk_format *fmt)
{
    const char *dot = strrchr(a->out, '.');
    const char *f = a->format != NULL ? a->format : dot != NULL ? dot + 1 : "";

    if (vk_strcaseeq(f, "pdf") && !a->map_only) {
        *fmt = VK_FORMAT_PDF;
    } else if (vk_strcaseeq(f, "png")) {
        *fmt = a->map_only ? VK_FORMAT_MAP_PNG : VK_FORMAT_PNG;
    } else if ((vk_strcaseeq(f, "tif") || vk_strcaseeq(f, "tiff")) &&
               a->map_only) {
        *fmt = VK_FORMAT_MAP_TIF;
    } else if (vk_strcaseeq(f, "tif") || vk_strcaseeq(f, "tiff")) {
        fprintf(stderr, "veerkracht render: a GeoTIFF holds the map frame "
                "alone: add --map-only\n");
        return EXIT_USAGE;
    } else if (vk_strcaseeq(f, "pdf")) {
        fprintf(stderr, "veerkracht render: --map-only writes an image: "
                "use --format png or tif (GeoTIFF)\n");
        return EXIT_USAGE;
    } else if (a->format != NULL) {
        fprintf(stderr, "veerkracht render: --format is pdf, png or tif, "
                "not \"%s\"\n", a->format);
        return EXIT_USAGE;
    } else {
        fprintf(stderr, "veerkracht render: --out must end in .pdf, .png or "
                ".tif, not \"%s\" (or give --format)\n", a->out);
        return EXIT_USAGE;
    }
    return -1;
}

/* Checks the options that need no data; returns -1 or an exit status. */
static int
page_options(const cli_args *a, vk_page_opts *po)
{
    int rc = output_format(a, &po->format);

    if (rc >= 0)
        return rc;
    if ((rc = cli_page_options("render", a, &po->paper, &po->landscape,
                               &po->dpi)) >= 0)
        return rc;
    if (a->table_page && a->map_only) {
        fprintf(stderr, "veerkracht render: --table-page needs whole pages: "
                "leave out --map-only\n");
        return EXIT_USAGE;
    }
    if (a->scope != NULL && strcmp(a->scope, "all") != 0 &&
        strcmp(a->scope, "gemeente") != 0) {
        fprintf(stderr, "veerkracht render: --scope is all or gemeente, not "
                "\"%s\"\n", a->scope);
        return EXIT_USAGE;
    }
    return -1;
}

/* An error when the area's pages would show nothing: no buurt in it, or
 * no buurt with a value on any page (empty[i]: page i shows none); a
 * warning for each page without one. Returns VK_OK or VK_EDATA naming the
 * area. */
static vk_status
check_selection(vk_mapset *ms, const vk_area *area, const int *empty_page,
                size_t n, vk_error *err)
{
    const char *path = vk_mapset_boundaries(ms)->buurten->path;
    const char *name = vk_area_name(area, VK_LANG_NL);
    char *what = strcmp(name, area->id) != 0
                     ? vk_xasprintf("\"%s\" (%s)", area->id, name)
                     : vk_xasprintf("\"%s\"", area->id);
    size_t empty = 0;

    if (area->nbuurten == 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "area %s holds no buurt", what);
        vk_error_hint(err, "check --area and --area-field");
    } else {
        for (size_t i = 0; i < n; i++)
            empty += empty_page[i] != 0;
        if (empty == n) {
            VK_FAIL_AT(err, VK_EDATA, path, 0, "area %s: no buurt has a "
                       "value (all water, masked or no data)", what);
            vk_error_hint(err, "check the key (--key, --table-key) with "
                          "veerkracht check, and the style's column");
        }
        for (size_t i = 0; empty < n && i < n; i++)
            if (empty_page[i])
                fprintf(stderr, "warning: area %s: %s: no buurt has a "
                        "value (all water, masked or no data)\n", what,
                        vk_mapset_style(ms, i)->id);
    }
    free(what);
    return err->code;
}

/* The paints of one page: style i for area, one paint, or one per year
 * (small multiples) for the years of --years or of the style. */
typedef struct page_paints {
    vk_paint *p[VK_STYLE_MAX_YEARS];
    size_t n;
    vk_panel panels[VK_STYLE_MAX_YEARS];
} page_paints;

/* Paints style i into pp and makes its page; the years are ny of years,
 * else the style's own. Returns VK_OK or the error of the paint. */
static vk_status
paint_page(vk_mapset *ms, size_t i, vk_scope scope, const vk_area *area,
           char *const *years, size_t ny, vk_label_mode labels,
           page_paints *pp, vk_page *page, vk_error *err)
{
    const vk_style *st = vk_mapset_style(ms, i);
    const vk_boundaries *b = vk_mapset_boundaries(ms);

    if (ny == 0 && st->nyears > 0) {
        years = st->years;
        ny = st->nyears;
    }
    if (ny == 0) {
        if ((pp->p[0] = vk_mapset_paint(ms, i, scope, area, err)) == NULL)
            return err->code;
        pp->n = 1;
        *page = vk_layout_page(b, pp->p[0], labels);
        return VK_OK;
    }
    if (vk_mapset_paint_years(ms, i, (const char *const *)years, ny, scope,
                              area, pp->p, err) != VK_OK)
        return err->code;
    pp->n = ny;
    *page = vk_layout_page_years(b, pp->p, ny, pp->panels);
    return VK_OK;
}

/* 1 when no paint of the page has a buurt with a class. */
static int
page_empty(const page_paints *pp)
{
    for (size_t y = 0; y < pp->n; y++)
        if (!pp->p[y]->no_class)
            return 0;
    return 1;
}

/* The table of the pages: a column per page, a page of several years
 * by its last year's paint. Returns a new table or NULL with err set. */
static vk_tablepage *
make_table(vk_mapset *ms, const page_paints *pp, size_t n, vk_error *err)
{
    vk_paint *last[VK_MAPSET_MAX_STYLES];

    for (size_t i = 0; i < n; i++)
        last[i] = pp[i].p[pp[i].n - 1];
    return vk_tablepage_make(vk_mapset_boundaries(ms), last, n, err);
}

/* What the pages show: their geometry is read on demand once the layout
 * knows the extent. */
typedef struct shown {
    vk_mapset *ms;
    const vk_area *area;
} shown;

static vk_status
load_extent(void *ctx, const vk_bbox *extent, vk_error *err)
{
    const shown *s = ctx;

    return vk_mapset_load_extent(s->ms, extent, s->area, err);
}

/* --years: parsed, and only for a page (not --map-only). Returns -1 or
 * an exit status. */
static int
years_options(const cli_args *a, vk_format fmt, char ***years, size_t *n)
{
    vk_error err;

    if (a->years == NULL)
        return -1;
    if (fmt == VK_FORMAT_MAP_PNG || fmt == VK_FORMAT_MAP_TIF) {
        fprintf(stderr, "veerkracht render: --years draws a page of maps; "
                "leave out --map-only\n");
        return EXIT_USAGE;
    }
    vk_error_init(&err);
    if (vk_years_parse(a->years, years, n, &err) != VK_OK)
        return cli_report("render", &err, a->debug);
    return -1;
}

static int
run(const cli_args *a)
{
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 300.0, NULL, 0,
                       NULL, NULL, 1};
    page_paints *pp;
    int empty[VK_MAPSET_MAX_STYLES];
    vk_page pages[VK_MAPSET_MAX_STYLES];
    vk_tablepage *table = NULL;
    char **years = NULL;
    size_t nyears = 0;
    vk_scope scope = VK_SCOPE_STYLE;
    vk_mapset_opts mo;
    vk_mapset *ms = NULL;
    vk_area *area = NULL;
    shown seen;
    vk_label_mode labels;
    vk_error err;
    cli_tables tb;
    size_t n = 0;
    int rc;

    vk_error_init(&err);
    if ((a->area == NULL) == (a->area_file == NULL)) {
        fprintf(stderr, "veerkracht render: give --area or --area-file "
                "(one of the two)\n");
        return EXIT_USAGE;
    }
    if ((rc = page_options(a, &po)) >= 0 ||
        (rc = cli_label_mode("render", a, &labels)) >= 0 ||
        (rc = years_options(a, po.format, &years, &nyears)) >= 0)
        return rc;
    pp = vk_xcalloc(VK_MAPSET_MAX_STYLES, sizeof *pp);
    /* --scope overrides the styles' own. */
    if (a->scope != NULL)
        scope = strcmp(a->scope, "gemeente") == 0 ? VK_SCOPE_AREA
                                                  : VK_SCOPE_ALL;

    /* One area's pages: the geometry is read where they look. */
    if ((rc = cli_mapset_opts_realloc("render", a, VK_MAPSET_ALL_LEVELS, 1,
                                      &mo, &tb)) >= 0) {
        vk_years_free(years, nyears);
        free(pp);
        return rc;
    }
    mo.on_demand = 1;
    if ((rc = cli_text_options("render", a, &mo)) >= 0) {
        cli_tables_free(&tb);
        vk_years_free(years, nyears);
        free(pp);
        return rc;
    }
    if ((ms = cli_mapset_open(&mo, NULL, &err)) == NULL) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }
    n = vk_mapset_nstyles(ms);
    if (po.format != VK_FORMAT_PDF && n > 1) {
        fprintf(stderr, "veerkracht render: an image holds one map; give one "
                "--style, or write a .pdf\n");
        rc = EXIT_USAGE;
        goto cleanup;
    }
    if ((a->area_file != NULL
             ? vk_mapset_area_file(ms, a->area_file, a->area_name, &area,
                                   &err)
             : vk_mapset_area(ms, a->area, a->area_name, &area, &err)) !=
            VK_OK ||
        vk_mapset_load_area(ms, area, &err) != VK_OK) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }

    /* A page per style, in one file; a style of several years (--years,
     * or its own) is a page of small multiples. */
    for (size_t i = 0; i < n; i++) {
        vk_status st = paint_page(ms, i, scope, area, years, nyears, labels,
                                  &pp[i], &pages[i], &err);

        cli_mapset_warnings(ms);
        if (st != VK_OK) {
            rc = cli_report("render", &err, a->debug);
            goto cleanup;
        }
        empty[i] = page_empty(&pp[i]);
    }
    if (check_selection(ms, area, empty, n, &err) != VK_OK) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }
    if (a->table_page && (table = make_table(ms, pp, n, &err)) == NULL) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }
    rc = EXIT_OK_;
    seen = (shown){ms, area};
    po.load = load_extent;
    po.load_ctx = &seen;
    if (vk_layout_write_doc(a->out, pages, n, table, &po, NULL, &err) !=
            VK_OK ||
        (table != NULL && po.format == VK_FORMAT_PNG &&
         vk_layout_write_table_pngs(a->out, table, &po, NULL, &err) !=
             VK_OK))
        rc = cli_report("render", &err, a->debug);
    /* What reading the page's geometry said (repaired polygons). */
    cli_mapset_warnings(ms);

cleanup:
    vk_tablepage_destroy(table);
    for (size_t i = 0; i < n; i++)
        for (size_t y = 0; y < pp[i].n; y++)
            vk_paint_destroy(pp[i].p[y]);
    free(pp);
    vk_years_free(years, nyears);
    vk_area_destroy(area);
    vk_mapset_destroy(ms);
    cli_tables_free(&tb);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    CLI_OPT_TABLE_BOUNDARIES,
    CLI_OPT_STYLES,
    {"scope", OPT_STR, "all|gemeente", "breaks over all buurten (default) "
     "or the gemeente's own", offsetof(cli_args, scope), 0},
    {"area", OPT_STR, "CODES", "what to map: gemeente codes or names, wijk "
     "(WK...) and buurt codes (BU...), comma-separated, mixed; or all",
     offsetof(cli_args, area), 0},
    {"area-file", OPT_STR, "FILE", "a werkgebied instead of --area: a CSV "
     "of codes (one per row), or polygons (GeoPackage, Shapefile, GeoJSON; "
     "the buurten whose interior point lies inside)",
     offsetof(cli_args, area_file), 0},
    {"area-name", OPT_STR, "TEXT", "the area's name in titles (default: "
     "its gemeenten' names)", offsetof(cli_args, area_name), 0},
    {"out", OPT_STR, "FILE", "map.pdf (vector), map.png, or map.tif with "
     "--map-only", offsetof(cli_args, out), 1},
    {"format", OPT_STR, "pdf|png|tif", "output format (default: from the "
     "--out extension)", offsetof(cli_args, format), 0},
    {"map-only", OPT_FLAG, NULL, "the map frame alone, as PNG or as a "
     "georeferenced GeoTIFF (--format tif) for a GIS",
     offsetof(cli_args, map_only), 0},
    CLI_OPT_YEARS("a page of small multiples, a map per year of a long "
                  "table, with the same breaks (default: the style's "
                  "years:)"),
    {"table-page", OPT_FLAG, NULL, "after the maps, a table of the area's "
     "buurten: each layer's value and class colour, the focuskaart's "
     "buurten first (PNG: FILE-tabel-1.png, ...)",
     offsetof(cli_args, table_page), 0},
    CLI_OPT_PAGE,
    CLI_OPT_LABELS,
    CLI_OPT_LANG,
    CLI_OPT_LEVEL,
    CLI_OPT_SOURCE,
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_END,
};

const cli_command cmd_render = {
    "render", "draw the layers of an area as PDF or PNG",
    "Class breaks are computed over all buurten of the boundaries, so maps "
    "of\ndifferent gemeenten are comparable (--scope gemeente: per gemeente);"
    "\nthe legend counts the area's buurten (its wijken with --level wijk).\n"
    "With several styles (or a --styles folder) a PDF gets a page per\n"
    "style. A style that names years (years: or --years) is drawn as small\n"
    "multiples: a map per year on one page, one legend.", OPTS, run};
