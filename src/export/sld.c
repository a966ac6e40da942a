/* SPDX-License-Identifier: MIT */
/* Writes a classified style as an OGC Styled Layer Descriptor 1.0.0 with
 * OGC Filter 1.0.0 rules (GeoServer, MapServer, QGIS read it). Every rule
 * whose filter matches is drawn, so the class filters are disjoint, as in
 * the QML, and the no-data rule's filter is their complement. */
#include <math.h>
#include <stdio.h>

#include "export_priv.h"

/* SLD sizes are pixels of the standard rendering pixel, 0.28 mm (SLD
 * 1.0.0 / SE 1.1 "standardized rendering pixel"). */
#define SLD_PIXEL_MM 0.28

static void
property_test(vk_xw *x, const char *element, const char *field, double v)
{
    char num[VK_EXPORT_NUM_MAX];

    vk_xw_start(x, element);
    vk_xw_element(x, "ogc:PropertyName", field);
    vk_xw_element(x, "ogc:Literal", vk_export_number(v, num));
    vk_xw_end(x);
}

static void
property_null(vk_xw *x, const char *field)
{
    vk_xw_start(x, "ogc:PropertyIsNull");
    vk_xw_element(x, "ogc:PropertyName", field);
    vk_xw_end(x);
}

/* The ogc:Filter element name of a comparison operator. */
static const char *
filter_op(const char *op)
{
    if (op[0] == '>')
        return op[1] == '=' ? "ogc:PropertyIsGreaterThanOrEqualTo"
                            : "ogc:PropertyIsGreaterThan";
    return op[1] == '=' ? "ogc:PropertyIsLessThanOrEqualTo"
                        : "ogc:PropertyIsLessThan";
}

/* The test of class i, without the enclosing ogc:Filter. */
static void
class_test(vk_xw *x, const vk_export_spec *s, size_t i)
{
    vk_export_tests t;

    vk_export_tests_of(s, i, &t);
    if (t.is_category) {
        property_test(x, "ogc:PropertyIsEqualTo", s->field, t.value);
    } else if (t.lo_op == NULL && t.hi_op == NULL) {
        /* A single open class takes every value that is there. */
        vk_xw_start(x, "ogc:Not");
        property_null(x, s->field);
        vk_xw_end(x);
    } else if (t.lo_op != NULL && t.hi_op != NULL) {
        vk_xw_start(x, "ogc:And");
        property_test(x, filter_op(t.lo_op), s->field, t.lo);
        property_test(x, filter_op(t.hi_op), s->field, t.hi);
        vk_xw_end(x);
    } else if (t.lo_op != NULL) {
        property_test(x, filter_op(t.lo_op), s->field, t.lo);
    } else {
        property_test(x, filter_op(t.hi_op), s->field, t.hi);
    }
}

static void
class_filter(vk_xw *x, const vk_export_spec *s, size_t i)
{
    vk_xw_start(x, "ogc:Filter");
    class_test(x, s, i);
    vk_xw_end(x);
}

/* No data: the field is NULL, or no class takes the value:
 *   Or(PropertyIsNull, Not(Or(class 1, class 2, ...)))
 * rather than an ElseFilter, which QGIS 3.22's SLD reader turns into a
 * rule without filter that paints every feature grey. The explicit
 * PropertyIsNull keeps NULLs in when a server evaluates the filter in SQL,
 * where NOT of a comparison with NULL is NULL, not true. */
static void
nodata_filter(vk_xw *x, const vk_export_spec *s)
{
    vk_xw_start(x, "ogc:Filter");
    vk_xw_start(x, "ogc:Or");
    property_null(x, s->field);
    vk_xw_start(x, "ogc:Not");
    if (s->n > 1)
        vk_xw_start(x, "ogc:Or");
    for (size_t i = 0; i < s->n; i++)
        class_test(x, s, i);
    if (s->n > 1)
        vk_xw_end(x);
    vk_xw_end(x); /* Not */
    vk_xw_end(x); /* Or */
    vk_xw_end(x); /* Filter */
}

static void
css(vk_xw *x, const char *name, const char *value)
{
    vk_xw_start(x, "CssParameter");
    vk_xw_attr(x, "name", name);
    if (!x->bad && xmlTextWriterWriteString(x->w, BAD_CAST value) < 0)
        x->bad = 1;
    vk_xw_end(x);
}

static void
hex_color(vk_rgba c, char *buf, size_t size)
{
    snprintf(buf, size, "#%02x%02x%02x", vk_export_byte(c.r),
             vk_export_byte(c.g), vk_export_byte(c.b));
}

/* Opacity 0..1 as a short decimal: the 8-bit alpha QGIS would keep,
 * divided by 255 and given with three decimals at most. */
static void
opacity(double a, char *buf)
{
    double v = round(vk_export_byte(a) / 255.0 * 1000.0) / 1000.0;

    vk_export_number(v, buf);
}

static void
polygon_symbolizer(vk_xw *x, vk_rgba fill, const vk_export_spec *s)
{
    char color[16], num[VK_EXPORT_NUM_MAX];

    vk_xw_start(x, "PolygonSymbolizer");
    vk_xw_start(x, "Fill");
    hex_color(fill, color, sizeof color);
    css(x, "fill", color);
    opacity(fill.a, num);
    css(x, "fill-opacity", num);
    vk_xw_end(x);
    if (s->outline_width_mm > 0) {
        /* Width in standard pixels, to a thousandth. */
        double px = round(s->outline_width_mm / SLD_PIXEL_MM * 1000.0) /
                    1000.0;

        vk_xw_start(x, "Stroke");
        hex_color(s->outline, color, sizeof color);
        css(x, "stroke", color);
        opacity(s->outline.a, num);
        css(x, "stroke-opacity", num);
        css(x, "stroke-width", vk_export_number(px, num));
        css(x, "stroke-linejoin", "bevel");
        vk_xw_end(x);
    }
    vk_xw_end(x);
}

static void
write_rule(vk_xw *x, const vk_export_spec *s, size_t i)
{
    char name[32], label[96];

    snprintf(name, sizeof name, "class_%zu", i + 1);
    vk_xw_start(x, "Rule");
    vk_xw_element(x, "Name", name);
    vk_xw_element(x, "Title", vk_export_label(s, i, label, sizeof label));
    class_filter(x, s, i);
    polygon_symbolizer(x, s->cls[i].color, s);
    vk_xw_end(x);
}

/* Water over the classes and the mask, as the map draws it (the CBS
 * column says JA in any case). */
static void
write_water_rule(vk_xw *x, const vk_export_spec *s)
{
    vk_xw_start(x, "Rule");
    vk_xw_element(x, "Name", "water");
    vk_xw_element(x, "Title", s->water_label);
    vk_xw_start(x, "ogc:Filter");
    vk_xw_start(x, "ogc:PropertyIsEqualTo");
    vk_xw_attr(x, "matchCase", "false");
    vk_xw_element(x, "ogc:PropertyName", s->water_field);
    vk_xw_element(x, "ogc:Literal", "JA");
    vk_xw_end(x);
    vk_xw_end(x);
    polygon_symbolizer(x, s->water, s);
    vk_xw_end(x);
}

/* field op literal, inside a filter. */
static void
compare(vk_xw *x, const char *op, const char *field, const char *literal)
{
    vk_xw_start(x, op);
    vk_xw_element(x, "ogc:PropertyName", field);
    vk_xw_element(x, "ogc:Literal", literal);
    vk_xw_end(x);
}

/* Masked buurten: the mask colour, then lines at 45 degrees (GeoServer's
 * shape://slash mark as a graphic fill, one line per spacing); drawn
 * before water, which covers it where a water buurt has no inwoners. */
static void
write_mask_rule(vk_xw *x, const vk_export_spec *s)
{
    char num[VK_EXPORT_NUM_MAX], color[16];

    vk_xw_start(x, "Rule");
    vk_xw_element(x, "Name", "mask");
    vk_xw_element(x, "Title", s->mask_label);
    /* From 0 up: CBS no-data codes (-99997) are no count of inwoners. */
    vk_xw_start(x, "ogc:Filter");
    vk_xw_start(x, "ogc:And");
    compare(x, "ogc:PropertyIsGreaterThanOrEqualTo", s->mask_field, "0");
    compare(x, "ogc:PropertyIsLessThan", s->mask_field,
            vk_export_number(s->mask_below, num));
    vk_xw_end(x);
    vk_xw_end(x);
    polygon_symbolizer(x, s->mask, s);
    vk_xw_start(x, "PolygonSymbolizer");
    vk_xw_start(x, "Fill");
    vk_xw_start(x, "GraphicFill");
    vk_xw_start(x, "Graphic");
    vk_xw_start(x, "Mark");
    vk_xw_element(x, "WellKnownName", "shape://slash");
    vk_xw_start(x, "Stroke");
    hex_color(s->hatch, color, sizeof color);
    css(x, "stroke", color);
    css(x, "stroke-width",
        vk_export_number(round(s->hatch_width_mm / SLD_PIXEL_MM * 1000.0) /
                             1000.0,
                         num));
    vk_xw_end(x); /* Stroke */
    vk_xw_end(x); /* Mark */
    vk_xw_element(x, "Size",
                  vk_export_number(round(s->hatch_spacing_mm / SLD_PIXEL_MM *
                                         1000.0) / 1000.0,
                                   num));
    vk_xw_end(x); /* Graphic */
    vk_xw_end(x); /* GraphicFill */
    vk_xw_end(x); /* Fill */
    vk_xw_end(x); /* PolygonSymbolizer */
    vk_xw_end(x); /* Rule */
}

static void
write_nodata_rule(vk_xw *x, const vk_export_spec *s)
{
    vk_xw_start(x, "Rule");
    vk_xw_element(x, "Name", "nodata");
    vk_xw_element(x, "Title", s->nodata_label);
    nodata_filter(x, s);
    polygon_symbolizer(x, s->nodata, s);
    vk_xw_end(x);
}

vk_status
vk_export_sld(const vk_export_spec *s, const char *path, vk_error *err)
{
    vk_xw x;
    const char *name;

    if (vk_export_begin(&x, s, path, err) != VK_OK)
        return err->code;
    name = s->name != NULL ? s->name : s->field;
    vk_xw_start(&x, "StyledLayerDescriptor");
    vk_xw_attr(&x, "version", "1.0.0");
    vk_xw_attr(&x, "xmlns", "http://www.opengis.net/sld");
    vk_xw_attr(&x, "xmlns:ogc", "http://www.opengis.net/ogc");
    vk_xw_attr(&x, "xmlns:xlink", "http://www.w3.org/1999/xlink");
    vk_xw_attr(&x, "xmlns:xsi",
               "http://www.w3.org/2001/XMLSchema-instance");
    vk_xw_attr(&x, "xsi:schemaLocation", "http://www.opengis.net/sld "
               "http://schemas.opengis.net/sld/1.0.0/"
               "StyledLayerDescriptor.xsd");
    vk_xw_start(&x, "NamedLayer");
    vk_xw_element(&x, "Name", name);
    vk_xw_start(&x, "UserStyle");
    vk_xw_element(&x, "Name", name);
    vk_xw_element(&x, "Title", s->title != NULL ? s->title : name);
    vk_xw_start(&x, "FeatureTypeStyle");
    for (size_t i = 0; i < s->n; i++)
        write_rule(&x, s, i);
    /* The mask, then water over it: a water buurt has no inwoners. */
    if (s->mask_field != NULL)
        write_mask_rule(&x, s);
    if (s->water_field != NULL)
        write_water_rule(&x, s);
    if (s->nodata_label != NULL)
        write_nodata_rule(&x, s);
    vk_xw_end(&x); /* FeatureTypeStyle */
    vk_xw_end(&x); /* UserStyle */
    vk_xw_end(&x); /* NamedLayer */
    vk_xw_end(&x); /* StyledLayerDescriptor */
    return vk_xw_finish(&x, path, err);
}
