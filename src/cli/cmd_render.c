/* SPDX-License-Identifier: MIT */
/* veerkracht render: one layer of one gemeente as a PDF or PNG page. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Finds the gemeente by code or name; lists the choices when absent. */
static const vk_feature *
find_area(const vk_boundaries *b, const char *area, vk_error *err)
{
    const vk_features *g = b->gemeenten;
    vk_strbuf sb = {0};

    for (size_t i = 0; i < g->n; i++)
        if (vk_strcaseeq(g->f[i].code, area) ||
            (g->f[i].name != NULL && vk_strcaseeq(g->f[i].name, area)))
            return &g->f[i];
    for (size_t i = 0; i < g->n && i < 20; i++)
        vk_strbuf_appendf(&sb, "%s%s (%s)", i ? ", " : "", g->f[i].code,
                          g->f[i].name ? g->f[i].name : "?");
    if (g->n > 20)
        vk_strbuf_appendf(&sb, ", ... (%zu in all)", g->n);
    VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
               "gemeente \"%s\" not found", area);
    vk_error_hint(err, "the gemeenten are: %s", sb.s ? sb.s : "none");
    vk_strbuf_free(&sb);
    return NULL;
}

static int
output_format(const char *out, vk_format *fmt)
{
    const char *dot = strrchr(out, '.');

    if (dot != NULL && vk_strcaseeq(dot, ".pdf"))
        *fmt = VK_FORMAT_PDF;
    else if (dot != NULL && vk_strcaseeq(dot, ".png"))
        *fmt = VK_FORMAT_PNG;
    else
        return -1;
    return 0;
}

/* Values of the style's column per buurt (water left out). */
static double *
buurt_values(const cli_args *a, const vk_boundaries *b, const vk_style *s,
             vk_error *err)
{
    double *v = cli_buurt_values(a, b->buurten, s->column, err);

    /* Name the style that asked for the column. */
    if (v == NULL)
        vk_error_hint(err, "the column is named by \"value\" in %s",
                      s->path);
    return v;
}

static vk_breaks *
classify(const vk_style *s, const double *v, size_t n, vk_error *err)
{
    vk_breaks *br = vk_classify(v, n, s->method, s->classes, s->breaks,
                                s->nbreaks, s->closure, err);

    if (br == NULL)
        vk_error_hint(err, "column \"%s\" of style %s", s->column, s->path);
    else
        cli_warnings(&br->warnings);
    return br;
}

/* Legend counts are the buurten of the area: what the page shows. */
static vk_legend *
area_legend(const vk_style *s, const vk_breaks *br, const vk_features *fs,
            const double *v, const char *area)
{
    vk_breaks local = *br;
    size_t *counts = vk_xcalloc((size_t)br->k, sizeof *counts);
    size_t nodata = 0, water = 0;
    vk_legend *l;

    for (size_t i = 0; i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];
        int c;

        if (f->gemeentecode == NULL || strcmp(f->gemeentecode, area) != 0)
            continue;
        if (f->water) {
            water++;
            continue;
        }
        c = vk_breaks_class(br, v[i]);
        if (c < 0)
            nodata++;
        else
            counts[c]++;
    }
    local.counts = counts;
    l = vk_legend_build(s, &local, nodata, water);
    free(counts);
    return l;
}

static int
run(const cli_args *a)
{
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 300.0};
    vk_boundaries *b = NULL;
    vk_style *s = NULL;
    vk_breaks *br = NULL;
    vk_legend *legend = NULL;
    vk_rgba *fill = NULL;
    double *v = NULL;
    const vk_feature *area;
    char *subtitle = NULL;
    vk_error err;
    int rc = EXIT_OK_;

    vk_error_init(&err);
    if (output_format(a->out, &po.format) != 0) {
        fprintf(stderr, "veerkracht render: --out must end in .pdf or .png, "
                "not \"%s\"\n", a->out);
        return EXIT_USAGE;
    }
    if (a->paper != NULL && vk_paper_parse(a->paper, &po.paper) != 0) {
        fprintf(stderr, "veerkracht render: --paper is A4 or A3, not "
                "\"%s\"\n", a->paper);
        return EXIT_USAGE;
    }
    if (a->orientation != NULL) {
        if (strcmp(a->orientation, "portrait") == 0) {
            po.landscape = 0;
        } else if (strcmp(a->orientation, "landscape") == 0) {
            po.landscape = 1;
        } else {
            fprintf(stderr, "veerkracht render: --orientation is portrait "
                    "or landscape, not \"%s\"\n", a->orientation);
            return EXIT_USAGE;
        }
    }
    if (a->dpi > 0)
        po.dpi = a->dpi;
    if (po.dpi > 1200) {
        fprintf(stderr, "veerkracht render: --dpi %g is more than 1200\n",
                po.dpi);
        return EXIT_USAGE;
    }

    /* Style first: its errors are the cheapest to find. */
    if ((s = vk_style_load(a->style, &err)) == NULL ||
        cli_load_boundaries(a, &b, &err) != VK_OK ||
        (area = find_area(b, a->area, &err)) == NULL ||
        (v = buurt_values(a, b, s, &err)) == NULL ||
        (br = classify(s, v, b->buurten->n, &err)) == NULL) {
        rc = cli_report("render", &err, a->debug);
        goto cleanup;
    }

    /* Colours per buurt, the legend and the page. */
    fill = vk_xcalloc(b->buurten->n, sizeof *fill);
    vk_style_fill(s, br, b->buurten, v, fill);
    legend = area_legend(s, br, b->buurten, v, area->code);
    subtitle = s->subtitle
                   ? vk_xasprintf("%s \xe2\x80\x93 %s", area->name ? area->name
                                                      : area->code,
                                  s->subtitle)
                   : vk_xstrdup(area->name ? area->name : area->code);
    {
        vk_page page = {b, fill, area->code, s->title, subtitle, legend,
                        s->source ? s->source
                                  : "Bron: CBS Wijk- en buurtkaart; "
                                    "bewerking veerkracht"};

        if (vk_layout_write(a->out, &page, 1, &po, &err) != VK_OK)
            rc = cli_report("render", &err, a->debug);
    }

cleanup:
    free(subtitle);
    vk_legend_destroy(legend);
    free(fill);
    vk_breaks_destroy(br);
    free(v);
    vk_boundaries_destroy(b);
    vk_style_destroy(s);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLE,
    {"style", OPT_STR, "FILE", "layer style, e.g. styles/kwetsbare_"
     "bewoners.yaml", offsetof(cli_args, style), 1},
    {"area", OPT_STR, "GM0xxx", "gemeente to map (code or name)",
     offsetof(cli_args, area), 1},
    {"out", OPT_STR, "FILE", "map.pdf (vector) or map.png",
     offsetof(cli_args, out), 1},
    {"dpi", OPT_DOUBLE, "N", "PNG resolution (default 300)",
     offsetof(cli_args, dpi), 0},
    {"paper", OPT_STR, "A4|A3", "paper size (default A4)",
     offsetof(cli_args, paper), 0},
    {"orientation", OPT_STR, "portrait|landscape", "default: from the "
     "gemeente's shape", offsetof(cli_args, orientation), 0},
    {"crs", OPT_STR, "CRS", "draw in this CRS (default: the source's; "
     "assumed when the source has none)", offsetof(cli_args, crs), 0},
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_END,
};

const cli_command cmd_render = {
    "render", "draw one layer of one gemeente as PDF or PNG",
    "Class breaks are computed over all buurten of the boundaries, so maps "
    "of\ndifferent gemeenten are comparable; the legend counts the "
    "gemeente's buurten.", OPTS, run};
