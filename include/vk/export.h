/* SPDX-License-Identifier: MIT */
/* Writes a classified layer style for other map software: a QGIS layer
 * style (.qml) and an OGC SLD 1.0.0 (GeoServer), with libxml2. */
#ifndef VK_EXPORT_H
#define VK_EXPORT_H

#include <stddef.h>

#include "vk/classify.h"
#include "vk/core.h"
#include "vk/style.h"

/* One class: a range of the field (lo, hi with the spec's closure), or,
 * when is_category is non-zero, the single value `value` (lo, hi unused). */
typedef struct vk_export_class {
    double lo, hi;
    int is_category;
    double value;
    vk_rgba color;       /* fill; alpha becomes QGIS alpha / fill-opacity */
    const char *label;   /* UTF-8 legend text; NULL: "lo – hi" or value */
} vk_export_class;

/* A classified polygon layer. Strings are UTF-8 and borrowed.
 *
 * Which values fall in range class i of n, exactly as vk_breaks_class()
 * decides for breaks b[0..n] with cls[i].lo = b[i], cls[i].hi = b[i + 1]:
 *   VK_CLOSE_LEFT:  lo <= v < hi, the last class lo <= v <= hi;
 *   VK_CLOSE_RIGHT: lo < v <= hi, the first class lo <= v <= hi;
 * and with open_ends the first class also takes everything below its hi
 * (its lower test is dropped) and the last everything above its lo, as
 * vk_classify's "all inside" does for values outside fixed breaks. A
 * category class takes v == value. Features matched by no class (NULL
 * field, or outside the closed ends) get the no-data fill when
 * nodata_label is not NULL, else are not drawn. */
typedef struct vk_export_spec {
    const char *name;        /* layer / style name, e.g. the style id */
    const char *title;       /* human title; NULL: name */
    const char *field;       /* attribute holding the value */
    vk_closure closure;
    int open_ends;
    const vk_export_class *cls;
    size_t n;
    vk_rgba nodata;
    const char *nodata_label; /* NULL: no no-data rule */
    double outline_width_mm; /* 0: no outline */
    vk_rgba outline;
    /* Water and masked buurten, drawn as the map draws them by rules after
     * the classes (so over them): the mask colour with a 45-degree hatch
     * where mask_field is from 0 to below mask_below (CBS no-data codes
     * are negative), then water over it where water_field is 'JA' in any
     * case. NULL fields: no such rule. */
    const char *water_field;
    vk_rgba water;
    const char *water_label;
    const char *mask_field;
    double mask_below;
    vk_rgba mask, hatch;
    double hatch_width_mm, hatch_spacing_mm;
    const char *mask_label;
} vk_export_spec;

/* Writes s as a QGIS 3 layer style file to path (atomically: a temporary
 * name, then rename). The renderer is QGIS's rule-based one with one rule
 * per class whose filter is the exact expression above (e.g. "v" >= 4 AND
 * "v" < 7) and an ELSE rule for no data; numbers are written with the
 * fewest digits that read back to the same double. Output is deterministic
 * (fixed rule keys, no timestamps). Returns VK_OK; VK_EUSAGE for an empty
 * or inconsistent spec (no classes, no field, a non-finite or reversed
 * bound); VK_EIO naming path when it cannot be written; VK_EINTERNAL if
 * libxml2 fails. */
vk_status vk_export_qml(const vk_export_spec *s, const char *path,
                        vk_error *err);

/* Writes s as an OGC Styled Layer Descriptor 1.0.0 (NamedLayer s->name,
 * one UserStyle, one FeatureTypeStyle) to path, atomically. Each class is
 * a Rule with an ogc:Filter (PropertyIsGreaterThanOrEqualTo,
 * PropertyIsLessThan, ... joined by ogc:And; PropertyIsEqualTo for a
 * category) and a PolygonSymbolizer (fill, fill-opacity; stroke and
 * stroke-width in pixels of 0.28 mm, the SLD standard pixel); no data is a
 * rule for the field being NULL or in no class (not an ElseFilter, which
 * QGIS 3.22 misreads). Same codes as vk_export_qml. */
vk_status vk_export_sld(const vk_export_spec *s, const char *path,
                        vk_error *err);

/* Builds the spec of a map drawn with style st and breaks br (the layer's
 * bx from vk_layer_make, so for a gemeente-scoped style the breaks of that
 * gemeente): one range class per class of br with the colour and legend
 * label veerkracht draws (vk_style_color_index, vk_legend_build), br's
 * closure, open ends as vk_breaks_class, the style's no-data colour and
 * label, and the buurt outline the renderer draws (0.25 pt, white at 80%
 * opacity). name is st->id, title st->title. field names the attribute
 * holding the value in the layer the style will be used with; NULL takes
 * the style's column, which only works when the value is that column as
 * is (no minus/per, year, relative or negate). Water buurten (the CBS
 * column "water" is JA) get the water colour and, when the style masks,
 * buurten with fewer "aantal_inwoners" the mask colour and the hatch, all
 * from the cartography table (vk_cartography) as print and tiles draw
 * them.
 * Returns a new spec that owns its classes and strings (free with
 * vk_export_spec_destroy), or NULL with VK_EUSAGE for a bivariate style,
 * breaks without classes, a style without colours, or a derived value
 * without field. */
vk_export_spec *vk_export_spec_from_style(const vk_style *st,
                                          const vk_breaks *br,
                                          const char *field, vk_error *err);
/* Frees a spec made by vk_export_spec_from_style; NULL-safe. Not for
 * specs the caller filled in. */
void vk_export_spec_destroy(vk_export_spec *s);

#endif
