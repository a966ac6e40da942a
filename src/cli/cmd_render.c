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

/* One page: a style applied to the buurten, its colours and legend. */
typedef struct page_data {
    vk_layer *layer;
    vk_rgba *fill;
    unsigned char *hatch;
    vk_legend *legend;
    char *subtitle;
} page_data;

static void
page_free(page_data *p)
{
    vk_layer_destroy(p->layer);
    free(p->fill);
    free(p->hatch);
    vk_legend_destroy(p->legend);
    free(p->subtitle);
}

static vk_status
make_page(const cli_args *a, const vk_style *s, const vk_tableset *ts,
          const vk_boundaries *b, const vk_feature *area, page_data *p,
          vk_error *err)
{
    vk_style scoped = *s;

    /* --scope overrides the style's scope. */
    if (a->scope != NULL)
        scoped.scope_gemeente = strcmp(a->scope, "gemeente") == 0;
    p->layer = vk_layer_make(&scoped, ts, b->buurten, area->code, err);
    if (p->layer == NULL)
        return err->code;
    p->layer->style = s;
    cli_warnings(&p->layer->warnings);
    p->fill = vk_xcalloc(b->buurten->n, sizeof *p->fill);
    vk_layer_fill(p->layer, p->fill);
    p->hatch = vk_xcalloc(b->buurten->n, 1);
    vk_layer_hatch(p->layer, p->hatch);
    p->legend = vk_layer_legend(p->layer, b->buurten, area->code);
    p->subtitle = s->subtitle
                      ? vk_xasprintf("%s \xe2\x80\x93 %s",
                                     area->name ? area->name : area->code,
                                     s->subtitle)
                      : vk_xstrdup(area->name ? area->name : area->code);
    return VK_OK;
}

/* Checks the options that need no data; returns -1 or an exit status. */
static int
page_options(const cli_args *a, vk_page_opts *po)
{
    int rc = output_format(a, &po->format);

    if (rc >= 0)
        return rc;
    if (a->paper != NULL && vk_paper_parse(a->paper, &po->paper) != 0) {
        fprintf(stderr, "veerkracht render: --paper is A4 or A3, not "
                "\"%s\"\n", a->paper);
        return EXIT_USAGE;
    }
    if (a->orientation != NULL) {
        if (strcmp(a->orientation, "portrait") == 0) {
            po->landscape = 0;
        } else if (strcmp(a->orientation, "landscape") == 0) {
            po->landscape = 1;
        } else {
            fprintf(stderr, "veerkracht render: --orientation is portrait "
                    "or landscape, not \"%s\"\n", a->orientation);
            return EXIT_USAGE;
        }
    }
    if (a->scope != NULL && strcmp(a->scope, "all") != 0 &&
        strcmp(a->scope, "gemeente") != 0) {
        fprintf(stderr, "veerkracht render: --scope is all or gemeente, not "
                "\"%s\"\n", a->scope);
        return EXIT_USAGE;
    }
    if (a->dpi > 0)
        po->dpi = a->dpi;
    if (po->dpi > 1200) {
        fprintf(stderr, "veerkracht render: --dpi %g is more than 1200\n",
                po->dpi);
        return EXIT_USAGE;
    }
    return -1;
}

static int
run(const cli_args *a)
{
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 300.0, NULL, 0};
    vk_style *styles[CLI_LIST_MAX];
    vk_table *tables[CLI_LIST_MAX];
    vk_tableset ts = {tables, 0, NULL};
    page_data pd[CLI_LIST_MAX] = {{0}};
    vk_page pages[CLI_LIST_MAX];
    vk_boundaries *b = NULL;
    const vk_feature *area;
    vk_label_mode labels;
    vk_error err;
    int rc, nstyles = 0;

    vk_error_init(&err);
    if ((rc = page_options(a, &po)) >= 0 ||
        (rc = cli_label_mode("render", a, &labels)) >= 0)
        return rc;

    /* Styles first: their errors are the cheapest to find. */
    if ((nstyles = cli_load_styles(a, styles, &err)) < 0) {
        nstyles = 0;
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }
    if (po.format != VK_FORMAT_PDF && nstyles > 1) {
        fprintf(stderr, "veerkracht render: an image holds one map; give one "
                "--style, or write a .pdf\n");
        rc = EXIT_USAGE;
        goto cleanup;
    }
    if (cli_load_boundaries(a, &b, &err) != VK_OK ||
        (area = cli_find_area(b, a->area, &err)) == NULL ||
        cli_read_tables(a, tables, &ts, &err) != 0) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }

    /* A page per style, in one file. */
    for (int i = 0; i < nstyles; i++) {
        if (make_page(a, styles[i], &ts, b, area, &pd[i], &err) != VK_OK) {
            rc = cli_report("render", &err, a->debug);
            goto cleanup;
        }
        pages[i] = (vk_page){b, pd[i].fill, pd[i].hatch, area->code,
                             styles[i]->title, pd[i].subtitle, pd[i].legend,
                             styles[i]->source
                                 ? styles[i]->source
                                 : "Bron: CBS Wijk- en buurtkaart; "
                                   "bewerking veerkracht",
                             styles[i]->date, labels};
    }
    rc = EXIT_OK_;
    if (vk_layout_write(a->out, pages, (size_t)nstyles, &po, &err) != VK_OK)
        rc = cli_report("render", &err, a->debug);

cleanup:
    for (int i = 0; i < nstyles; i++) {
        page_free(&pd[i]);
        vk_style_destroy(styles[i]);
    }
    cli_free_tables(tables, &ts);
    vk_boundaries_destroy(b);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    {"style", OPT_LIST, "FILE", "layer style, e.g. styles/kwetsbare_"
     "bewoners.yaml; repeat for a page per style (PDF)",
     offsetof(cli_args, styles_given), 0},
    {"styles", OPT_STR, "DIR", "all styles of a folder, a page each (when "
     "no --style is given; default styles)", offsetof(cli_args, styles_dir),
     0},
    {"scope", OPT_STR, "all|gemeente", "breaks over all buurten (default) "
     "or the gemeente's own", offsetof(cli_args, scope), 0},
    {"area", OPT_STR, "GM0xxx", "gemeente to map (code or name)",
     offsetof(cli_args, area), 1},
    {"out", OPT_STR, "FILE", "map.pdf (vector), map.png, or map.tif with "
     "--map-only", offsetof(cli_args, out), 1},
    {"format", OPT_STR, "pdf|png|tif", "output format (default: from the "
     "--out extension)", offsetof(cli_args, format), 0},
    {"map-only", OPT_FLAG, NULL, "the map frame alone, as PNG or as a "
     "georeferenced GeoTIFF (--format tif) for a GIS",
     offsetof(cli_args, map_only), 0},
    CLI_OPT_PAGE,
    CLI_OPT_LABELS,
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_END,
};

const cli_command cmd_render = {
    "render", "draw one layer of one gemeente as PDF or PNG",
    "Class breaks are computed over all buurten of the boundaries, so maps "
    "of\ndifferent gemeenten are comparable (--scope gemeente: per gemeente);"
    "\nthe legend counts the gemeente's buurten. With several styles (or a\n"
    "--styles folder) a PDF gets a page per style.", OPTS, run};
