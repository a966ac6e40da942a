/* SPDX-License-Identifier: MIT */
/* Writes a classified style as a QGIS 3 layer style file (.qml).
 *
 * Why a rule-based renderer: QGIS's graduated renderer takes a value into
 * the first range with lower <= v <= upper, so it can only do right
 * closure (a, b], and its categorized renderer matches values by their
 * text. A rule per class with the exact filter ("v" >= 4 AND "v" < 7)
 * reproduces either closure, open ends and categories bit for bit, and the
 * ELSE rule draws what no class takes (NULL) in the no-data colour. The
 * rules are disjoint, so each feature is drawn once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_priv.h"

/* The QGIS version written into the file; 3.22 (LTR) reads it, as does
 * every later 3.x. */
#define QML_VERSION "3.22.0"

/* "field" with " doubled, as QgsExpression::quotedColumnRef. */
static void
append_field(vk_strbuf *sb, const char *field)
{
    vk_strbuf_append(sb, "\"");
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            vk_strbuf_append(sb, "\"\"");
        else
            vk_strbuf_appendn(sb, p, 1);
    }
    vk_strbuf_append(sb, "\"");
}

static void
append_test(vk_strbuf *sb, const char *field, const char *op, double v)
{
    char num[VK_EXPORT_NUM_MAX];

    append_field(sb, field);
    vk_strbuf_appendf(sb, " %s %s", op, vk_export_number(v, num));
}

/* The QGIS expression selecting class i. Caller frees. */
static char *
class_filter(const vk_export_spec *s, size_t i)
{
    vk_export_tests t;
    vk_strbuf sb = {0};

    vk_export_tests_of(s, i, &t);
    if (t.is_category) {
        append_test(&sb, s->field, "=", t.value);
    } else if (t.lo_op == NULL && t.hi_op == NULL) {
        append_field(&sb, s->field);
        vk_strbuf_append(&sb, " IS NOT NULL");
    } else {
        if (t.lo_op != NULL)
            append_test(&sb, s->field, t.lo_op, t.lo);
        if (t.lo_op != NULL && t.hi_op != NULL)
            vk_strbuf_append(&sb, " AND ");
        if (t.hi_op != NULL)
            append_test(&sb, s->field, t.hi_op, t.hi);
    }
    return vk_strbuf_take(&sb);
}

/* A colour as QGIS writes it: "r,g,b,a" in 0..255. */
static char *
qgis_color(vk_rgba c, char *buf, size_t size)
{
    snprintf(buf, size, "%d,%d,%d,%d", vk_export_byte(c.r),
             vk_export_byte(c.g), vk_export_byte(c.b), vk_export_byte(c.a));
    return buf;
}

/* One simple-fill symbol layer property, in both forms QGIS 3 reads: the
 * <Option> map (3.16+) and the older <prop k v> list. */
typedef struct prop {
    const char *k;
    const char *v;
} prop;

/* The properties of a symbol layer, in both forms QGIS 3 reads. */
static void
write_props(vk_xw *x, const prop *props, size_t np)
{
    vk_xw_start(x, "Option");
    vk_xw_attr(x, "type", "Map");
    for (size_t i = 0; i < np; i++) {
        vk_xw_start(x, "Option");
        vk_xw_attr(x, "type", "QString");
        vk_xw_attr(x, "name", props[i].k);
        vk_xw_attr(x, "value", props[i].v);
        vk_xw_end(x);
    }
    vk_xw_end(x);
    for (size_t i = 0; i < np; i++) {
        vk_xw_start(x, "prop");
        vk_xw_attr(x, "k", props[i].k);
        vk_xw_attr(x, "v", props[i].v);
        vk_xw_end(x);
    }
}

static void
start_symbol(vk_xw *x, const char *type, const char *name)
{
    vk_xw_start(x, "symbol");
    vk_xw_attr(x, "type", type);
    vk_xw_attr(x, "name", name);
    vk_xw_attr(x, "alpha", "1");
    vk_xw_attr(x, "clip_to_extent", "1");
    vk_xw_attr(x, "force_rhr", "0");
}

static void
start_layer(vk_xw *x, const char *cls)
{
    vk_xw_start(x, "layer");
    vk_xw_attr(x, "class", cls);
    vk_xw_attr(x, "pass", "0");
    vk_xw_attr(x, "locked", "0");
    vk_xw_attr(x, "enabled", "1");
}

/* The hatch of masked buurten over their fill: lines at 45 degrees, as
 * the map draws them. */
static void
write_hatch_layer(vk_xw *x, const vk_export_spec *s)
{
    char color[32], dist[VK_EXPORT_NUM_MAX], width[VK_EXPORT_NUM_MAX];
    prop fill[] = {
        {"angle", "45"},
        {"distance", vk_export_number(s->hatch_spacing_mm, dist)},
        {"distance_unit", "MM"},
        {"offset", "0"},
    };
    prop line[] = {
        {"capstyle", "flat"},
        {"line_color", qgis_color(s->hatch, color, sizeof color)},
        {"line_style", "solid"},
        {"line_width", vk_export_number(s->hatch_width_mm, width)},
        {"line_width_unit", "MM"},
    };

    start_layer(x, "LinePatternFill");
    write_props(x, fill, sizeof fill / sizeof fill[0]);
    start_symbol(x, "line", "@hatch@1");
    start_layer(x, "SimpleLine");
    write_props(x, line, sizeof line / sizeof line[0]);
    vk_xw_end(x); /* layer */
    vk_xw_end(x); /* symbol */
    vk_xw_end(x); /* layer */
}

static void
write_fill_symbol(vk_xw *x, int index, vk_rgba fill, const vk_export_spec *s,
                  int hatched)
{
    char name[16], color[32], outline[32], width[VK_EXPORT_NUM_MAX];
    int has_outline = s->outline_width_mm > 0;
    prop props[] = {
        {"color", qgis_color(fill, color, sizeof color)},
        {"joinstyle", "bevel"},
        {"outline_color", qgis_color(s->outline, outline, sizeof outline)},
        {"outline_style", has_outline ? "solid" : "no"},
        {"outline_width", vk_export_number(s->outline_width_mm, width)},
        {"outline_width_unit", "MM"},
        {"style", "solid"},
    };
    size_t np = sizeof props / sizeof props[0];

    snprintf(name, sizeof name, "%d", index);
    start_symbol(x, "fill", name);
    start_layer(x, "SimpleFill");
    write_props(x, props, np);
    vk_xw_end(x); /* layer */
    if (hatched)
        write_hatch_layer(x, s);
    vk_xw_end(x); /* symbol */
}

static void
write_rule(vk_xw *x, const char *key, int symbol, const char *label,
           const char *filter)
{
    char sym[16];

    snprintf(sym, sizeof sym, "%d", symbol);
    vk_xw_start(x, "rule");
    vk_xw_attr(x, "key", key);
    vk_xw_attr(x, "symbol", sym);
    vk_xw_attr(x, "label", label);
    vk_xw_attr(x, "filter", filter);
    vk_xw_end(x);
}

static void
write_rules(vk_xw *x, const vk_export_spec *s)
{
    char key[48], label[96];

    /* Fixed keys keep the output deterministic (QGIS would make UUIDs). */
    vk_xw_start(x, "rules");
    vk_xw_attr(x, "key", "{veerkracht-root}");
    for (size_t i = 0; i < s->n; i++) {
        char *filter = class_filter(s, i);

        snprintf(key, sizeof key, "{veerkracht-class-%zu}", i + 1);
        write_rule(x, key, (int)i, vk_export_label(s, i, label, sizeof label),
                   filter);
        free(filter);
    }
    /* The mask, then water, after the classes: QGIS draws every rule that
     * matches, in order, so each covers what came before, as the map
     * draws water over any class and the mask over a class (a water buurt
     * with no inwoners is water, no CBS no-data code is masked). ELSE
     * takes what no rule does. */
    if (s->mask_field != NULL) {
        char *filter;
        vk_strbuf sb = {0};

        append_test(&sb, s->mask_field, ">=", 0);
        vk_strbuf_append(&sb, " AND ");
        append_test(&sb, s->mask_field, "<", s->mask_below);
        filter = vk_strbuf_take(&sb);
        write_rule(x, "{veerkracht-mask}", (int)s->n + 2, s->mask_label,
                   filter);
        free(filter);
    }
    if (s->water_field != NULL) {
        vk_strbuf sb = {0};

        vk_strbuf_append(&sb, "upper(");
        append_field(&sb, s->water_field);
        vk_strbuf_append(&sb, ") = 'JA'");
        write_rule(x, "{veerkracht-water}", (int)s->n + 1, s->water_label,
                   sb.s);
        vk_strbuf_free(&sb);
    }
    if (s->nodata_label != NULL)
        write_rule(x, "{veerkracht-nodata}", (int)s->n, s->nodata_label,
                   "ELSE");
    vk_xw_end(x);
}

vk_status
vk_export_qml(const vk_export_spec *s, const char *path, vk_error *err)
{
    vk_xw x;

    if (vk_export_begin(&x, s, path, err) != VK_OK)
        return err->code;
    vk_xw_doctype(&x, "qgis", "http://mrcc.com/qgis.dtd", "SYSTEM");
    vk_xw_start(&x, "qgis");
    vk_xw_attr(&x, "version", QML_VERSION);
    vk_xw_attr(&x, "styleCategories", "Symbology");
    vk_xw_start(&x, "renderer-v2");
    vk_xw_attr(&x, "type", "RuleRenderer");
    vk_xw_attr(&x, "symbollevels", "0");
    vk_xw_attr(&x, "enableorderby", "0");
    vk_xw_attr(&x, "forceraster", "0");
    vk_xw_attr(&x, "referencescale", "-1");
    write_rules(&x, s);
    /* Symbols: one per class, then no data, water and the mask. */
    vk_xw_start(&x, "symbols");
    for (size_t i = 0; i < s->n; i++)
        write_fill_symbol(&x, (int)i, s->cls[i].color, s, 0);
    if (s->nodata_label != NULL)
        write_fill_symbol(&x, (int)s->n, s->nodata, s, 0);
    if (s->water_field != NULL)
        write_fill_symbol(&x, (int)s->n + 1, s->water, s, 0);
    if (s->mask_field != NULL)
        write_fill_symbol(&x, (int)s->n + 2, s->mask, s, 1);
    vk_xw_end(&x); /* symbols */
    vk_xw_end(&x); /* renderer-v2 */
    /* 2 = polygon: QGIS refuses the style for point or line layers. */
    vk_xw_element(&x, "layerGeometryType", "2");
    vk_xw_end(&x); /* qgis */
    return vk_xw_finish(&x, path, err);
}
