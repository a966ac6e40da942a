/* SPDX-License-Identifier: MIT */
/* The static viewer of a tile directory: index.html, Leaflet, layers.json,
 * buurten.geojson and each layer's values.json (layout in vk/viewer.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "viewer_priv.h"

/* Numbers in layers.json: 6 decimals are ~0.1 m in lon/lat. */
#define JSON_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | \
                    JSON_REAL_PRECISION(10))

static json_t *
str_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

static json_t *
round6(double v)
{
    return json_real(round(v * 1e6) / 1e6);
}

vk_status
viewer_write_file(const char *path, const void *data, size_t n,
                  vk_error *err)
{
    vk_atomic_sweep(path);
    return vk_write_file(path, data, n, 0, err);
}

/* Writes a JSON value to path through a temporary name; steals j. */
static vk_status
write_json(const char *path, json_t *j, size_t flags, vk_error *err)
{
    char *text = json_dumps(j, flags);

    json_decref(j);
    if (text == NULL) {
        VK_FAIL_AT(err, VK_EINTERNAL, path, 0, "cannot encode JSON");
        return VK_EINTERNAL;
    }
    {
        /* Text files end in a newline. */
        char *line = vk_xasprintf("%s\n", text);

        viewer_write_file(path, line, strlen(line), err);
        free(line);
    }
    free(text);
    return err->code;
}

/* The title of an axis of a bivariate style. */
static const char *
axis_title(const vk_axis *ax)
{
    return ax->title != NULL ? ax->title : ax->value.a;
}

/* What a buurt shows: its value formatted as the legend does (Dutch
 * number, the style's decimals and unit), for a bivariate layer both
 * values with their axis titles. */
static char *
format_value(const vk_style *s, const vk_layer *l, size_t i)
{
    char a[64], b[64];

    vk_format_nl(l->vx[i], s->decimals, a, sizeof a);
    if (!s->bivariate)
        return vk_xasprintf("%s%s", a, s->unit ? s->unit : "");
    vk_format_nl(l->vy[i], s->decimals, b, sizeof b);
    return vk_xasprintf("%s: %s%s; %s: %s%s", axis_title(&s->x), a,
                        s->unit ? s->unit : "", axis_title(&s->y), b,
                        s->unit ? s->unit : "");
}

/* {"<buurtcode>": {"v": "<value as shown>", "c": "<legend label>"}}: "v"
 * only for a buurt with a class (never for masked buurten, whose value is
 * not to be shown), "c" the label of its legend entry (the no-data, mask
 * or water label otherwise). Keys sorted. */
static json_t *
values_json(const vk_features *bu, const vk_viewer_layer *vl)
{
    const vk_style *s = vl->style;
    const vk_layer *l = vl->layer;
    json_t *root = json_object();

    for (size_t i = 0; i < bu->n && i < l->n; i++) {
        json_t *o;
        const char *label;
        int c = l->cls[i];

        if (bu->f[i].code == NULL)
            continue;
        o = json_object();
        if (c >= 0) {
            char *v = format_value(s, l, i);

            json_object_set_new(o, "v", json_string(v));
            free(v);
            label = (size_t)c < vl->legend->n ? vl->legend->e[c].label : NULL;
        } else {
            label = c == VK_CLASS_WATER    ? "Water"
                    : c == VK_CLASS_MASKED ? s->mask_label
                                           : s->nodata_label;
        }
        json_object_set_new(o, "c", str_or_null(label));
        json_object_set_new(root, bu->f[i].code, o);
    }
    return root;
}

/* One entry of layers.json's "layers". */
static json_t *
layer_json(const vk_viewer_layer *vl, vk_error *err)
{
    const vk_style *s = vl->style;
    json_t *o = json_object(), *legend;
    char *lj = vk_viewer_legend_json(vl->legend), *tiles, *values;

    legend = lj != NULL ? json_loads(lj, 0, NULL) : NULL;
    free(lj);
    if (legend == NULL) {
        VK_FAIL(err, VK_EINTERNAL, "cannot encode the legend of %s", s->id);
        json_decref(o);
        return NULL;
    }
    tiles = vk_xasprintf("%s/{z}/{x}/{y}.png", s->id);
    values = vk_xasprintf("%s/values.json", s->id);
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "title", str_or_null(s->title));
    json_object_set_new(o, "subtitle", str_or_null(s->subtitle));
    json_object_set_new(o, "source", str_or_null(s->source));
    json_object_set_new(o, "tiles", json_string(tiles));
    json_object_set_new(o, "values", json_string(values));
    json_object_set_new(o, "bivariate", json_boolean(s->bivariate));
    json_object_set_new(o, "legend", legend);
    free(tiles);
    free(values);
    return o;
}

static json_t *
layers_json(const vk_viewer_layer *layers, size_t n, const vk_viewer_opts *o,
            const vk_bbox *b, vk_error *err)
{
    json_t *root = json_object(), *arr = json_array(), *bounds = json_array();

    json_object_set_new(root, "minzoom", json_integer(o->minzoom));
    json_object_set_new(root, "maxzoom", json_integer(o->maxzoom));
    json_object_set_new(root, "tileSize",
                        json_integer(o->tile_size > 0 ? o->tile_size : 256));
    json_object_set_new(root, "scale",
                        json_integer(o->scale > 0 ? o->scale : 1));
    json_object_set_new(root, "tms", json_boolean(o->tms));
    json_array_append_new(bounds, round6(b->minx));
    json_array_append_new(bounds, round6(b->miny));
    json_array_append_new(bounds, round6(b->maxx));
    json_array_append_new(bounds, round6(b->maxy));
    json_object_set_new(root, "bounds", bounds);
    json_object_set_new(root, "layers", arr);
    for (size_t i = 0; i < n; i++) {
        json_t *l = layer_json(&layers[i], err);

        if (l == NULL) {
            json_decref(root);
            return NULL;
        }
        json_array_append_new(arr, l);
    }
    return root;
}

/* The simplification tolerance of buurten.geojson: half a CSS pixel on
 * the ground at the deepest zoom of the tiles, at the middle latitude of
 * o->bounds (the equator when there are none: a coarser tolerance), and at
 * least 1 m. A pixel of a 256-px tile is 2 pi R / 256 / 2^z metres along
 * the equator (156,543 m at z0), times cos(latitude) on the ground; at
 * z12 in the Netherlands about 23.5 m, so 11.8 m. Finer detail cannot
 * show at the viewer's zooms, and the file stays small (hover only). */
static double
hover_tolerance_m(const vk_viewer_opts *o)
{
    const double pi = 3.14159265358979323846, r_m = 6378137.0;
    int tile = o->tile_size > 0 ? o->tile_size : 256;
    double lat = 0, px_m, tol;

    if (!vk_bbox_empty(&o->bounds) &&
        !(o->bounds.minx == 0 && o->bounds.maxx == 0))
        lat = (o->bounds.miny + o->bounds.maxy) / 2;
    px_m = 2 * pi * r_m / tile / ldexp(1.0, o->maxzoom) * cos(lat * pi / 180);
    tol = px_m / 2;
    return tol < 1 ? 1 : tol;
}

vk_status
vk_viewer_write(const char *dir, const vk_features *buurten,
                const vk_viewer_layer *layers, size_t n,
                const vk_viewer_opts *o, vk_error *err)
{
    vk_bbox extent, b;
    char *path = NULL;
    json_t *j;

    /* Leaflet first: without it the page is useless. */
    if (viewer_copy_leaflet(dir, err) != VK_OK)
        return err->code;

    /* The buurten for hovering, and their extent when none is given. */
    vk_bbox_reset(&extent);
    if (viewer_write_geojson(dir, buurten, hover_tolerance_m(o), &extent,
                             err) != VK_OK)
        return err->code;
    b = vk_bbox_empty(&o->bounds) ||
                (o->bounds.minx == 0 && o->bounds.maxx == 0)
            ? extent
            : o->bounds;

    /* Each layer's values. */
    for (size_t i = 0; i < n; i++) {
        char *ldir = vk_xasprintf("%s/%s", dir, layers[i].style->id);

        path = vk_xasprintf("%s/values.json", ldir);
        if (vk_make_dirs(ldir, err) == VK_OK)
            write_json(path, values_json(buurten, &layers[i]),
                       JSON_COMPACT | JSON_SORT_KEYS, err);
        free(ldir);
        free(path);
        path = NULL;
        if (err->code != VK_OK)
            return err->code;
    }

    /* The layer list, then the page that reads it. */
    if ((j = layers_json(layers, n, o, &b, err)) == NULL)
        return err->code;
    path = vk_xasprintf("%s/layers.json", dir);
    write_json(path, j, JSON_FLAGS, err);
    free(path);
    if (err->code != VK_OK)
        return err->code;
    path = vk_xasprintf("%s/index.html", dir);
    viewer_write_file(path, vk_viewer_index_html, vk_viewer_index_html_len,
                      err);
    free(path);
    return err->code;
}
