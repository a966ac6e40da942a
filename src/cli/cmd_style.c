/* SPDX-License-Identifier: MIT */
/* veerkracht style export: a classified style as QGIS QML or OGC SLD, with
 * the breaks and colours veerkracht draws. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk/export.h"

#include "cli.h"

/* The style painted as render paints it: breaks over all buurten, or
 * over the gemeente's for a style scoped per gemeente (--area). */
static vk_paint *
classified(const cli_args *a, vk_mapset *ms, vk_error *err)
{
    const vk_style *s = vk_mapset_style(ms, 0);
    vk_area *area = NULL;
    vk_paint *p;

    if (s->scope_gemeente && a->area == NULL) {
        VK_FAIL(err, VK_EUSAGE, "style %s has scope gemeente: its breaks "
                "depend on the gemeente", s->id);
        vk_error_hint(err, "name it with --area");
        return NULL;
    }
    if (a->area != NULL &&
        vk_mapset_area(ms, a->area, NULL, &area, err) != VK_OK)
        return NULL;
    p = vk_mapset_paint(ms, 0, VK_SCOPE_STYLE, area, err);
    /* The export reads the breaks alone, not the area. */
    if (p != NULL)
        p->area = NULL;
    vk_area_destroy(area);
    cli_mapset_warnings(ms);
    return p;
}

/* The spec of the style, on the columns the buurten's roles have. */
static vk_export_spec *
export_spec(const cli_args *a, const vk_style *s, const vk_breaks *br,
            vk_error *err)
{
    vk_export_spec *spec = vk_export_spec_from_style(s, br, a->field, err);

    if (spec != NULL && a->water_field != NULL)
        spec->water_field = a->water_field;
    if (spec != NULL && spec->mask_field != NULL &&
        a->population_field != NULL && s->mask_column == NULL)
        spec->mask_field = a->population_field;
    return spec;
}

static int
run(const cli_args *a)
{
    vk_export_spec *spec = NULL;
    vk_mapset_opts mo;
    vk_mapset *ms = NULL;
    vk_paint *p = NULL;
    const vk_style *s;
    vk_error err;
    int qml, usage, rc = EXIT_OK_;

    vk_error_init(&err);
    if (strcmp(a->format, "qml") != 0 && strcmp(a->format, "sld") != 0) {
        fprintf(stderr, "veerkracht style export: --format is qml or sld, "
                "not \"%s\"\n", a->format);
        return EXIT_USAGE;
    }
    qml = strcmp(a->format, "qml") == 0;
    cli_mapset_opts(a, VK_MAPSET_ALL_LEVELS, &mo);
    mo.styles = &a->style;
    mo.nstyles = 1;
    mo.on_demand = 1; /* the classes need no geometry */
    if ((usage = cli_text_options("style export", a, &mo)) >= 0)
        return usage;
    if ((ms = cli_mapset_open(&mo, NULL, &err)) == NULL ||
        (p = classified(a, ms, &err)) == NULL ||
        (spec = export_spec(a, s = p->style, p->layer->bx, &err)) ==
            NULL ||
        (qml ? vk_export_qml(spec, a->out, &err)
             : vk_export_sld(spec, a->out, &err)) != VK_OK)
        rc = cli_report("style export", &err, a->debug);
    else
        printf("%s: %s of %s, %d classes on field \"%s\"\n", a->out,
               qml ? "QGIS style" : "SLD", s->id, p->layer->bx->k,
               a->field ? a->field : s->x.value.a);
    vk_export_spec_destroy(spec);
    vk_paint_destroy(p);
    vk_mapset_destroy(ms);
    return rc;
}

static const cli_opt OPTS[] = {
    {"style", OPT_STR, "FILE", "the layer style", offsetof(cli_args, style),
     1},
    {"format", OPT_STR, "qml|sld", "QGIS layer style or OGC SLD 1.0",
     offsetof(cli_args, format), 1},
    {"out", OPT_STR, "FILE", "file to write", offsetof(cli_args, out), 1},
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    {"field", OPT_STR, "NAME", "attribute that holds the value in your "
     "layer (default: the style's column; needed for derived values)",
     offsetof(cli_args, field), 0},
    {"area", OPT_STR, "GM0xxx", "gemeente, for a style with scope gemeente",
     offsetof(cli_args, area), 0},
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_CRS_ASSUME,
    CLI_OPT_LANG,
    CLI_OPT_END,
};

const cli_command cmd_style_export = {
    "style export", "write a classified style as QGIS QML or SLD",
    "The breaks are those veerkracht computes for these boundaries and\n"
    "tables, so the layer opens in QGIS or GeoServer with the same classes\n"
    "and colours. Classes are exact rules (left closure: a <= v < b).",
    OPTS, run};
