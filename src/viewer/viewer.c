/* SPDX-License-Identifier: MIT */
/* The static viewer of a tile directory: index.html, Leaflet, layers.json,
 * buurten.json, search.json and each layer's values.json (layout in
 * vk/viewer.h). */
#include <math.h>
#include <stdarg.h>
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
vk_viewer_write_file(const char *path, const void *data, size_t n,
                  vk_error *err)
{
    vk_atomic_sweep(path);
    return vk_write_file(path, data, n, 0, err);
}

/* Writes a JSON value to path through a temporary name; steals j. */
static vk_status
write_json(const char *path, json_t *j, size_t flags, vk_error *err)
{
    vk_atomic_sweep(path);
    vk_write_json(path, j, flags, err);
    json_decref(j);
    return err->code;
}

/* The title of an axis of a bivariate style. */
static const char *
axis_title(const vk_axis *ax)
{
    return ax->title != NULL ? ax->title : ax->value.a;
}

/* What a buurt shows: its value formatted as the legend does (a number
 * in the style's language, its decimals and unit), for a bivariate layer both
 * values with their axis titles. */
static char *
format_value(const vk_style *s, const vk_layer *l, size_t i)
{
    char a[64], b[64];

    vk_format_number(s->lang, l->vx[i], s->decimals, a, sizeof a);
    if (!s->bivariate)
        return vk_xasprintf("%s%s", a, s->unit ? s->unit : "");
    vk_format_number(s->lang, l->vy[i], s->decimals, b, sizeof b);
    return vk_xasprintf("%s: %s%s; %s: %s%s", axis_title(&s->x), a,
                        s->unit ? s->unit : "", axis_title(&s->y), b,
                        s->unit ? s->unit : "");
}

/* A string as JSON (quotes included), escaped by jansson; NULL when it
 * is not valid UTF-8 (jansson would drop such a key or value). Caller
 * frees. */
static char *
json_quoted(const char *v)
{
    json_t *s = v != NULL ? json_string(v) : NULL;
    char *q = s != NULL ? json_dumps(s, JSON_ENCODE_ANY) : NULL;

    json_decref(s);
    return q;
}

/* s quoted for JSON without its quotes, "" for NULL (or invalid UTF-8:
 * then the value as a whole is checked again, see value_quoted). */
static char *
json_inner(const char *s)
{
    char *q = json_quoted(s != NULL ? s : "");

    if (q == NULL)
        return vk_xstrdup("");
    memmove(q, q + 1, strlen(q) - 2);
    q[strlen(q) - 2] = '\0';
    return q;
}

/* What values.json says of one layer, quoted once: the unit and the axis
 * titles. */
typedef struct layer_text {
    char *unit, *xtitle, *ytitle; /* inner (no quotes) */
    int plain;                    /* all of them valid UTF-8 */
} layer_text;

static void
layer_text_make(layer_text *lt, const vk_viewer_layer *vl)
{
    const vk_style *s = vl->style;
    const char *parts[3] = {s->unit, s->bivariate ? axis_title(&s->x) : NULL,
                            s->bivariate ? axis_title(&s->y) : NULL};

    lt->plain = 1;
    for (int k = 0; k < 3; k++) {
        char *q = parts[k] != NULL ? json_quoted(parts[k]) : NULL;

        lt->plain = lt->plain && (parts[k] == NULL || q != NULL);
        free(q);
    }
    lt->unit = json_inner(s->unit);
    lt->xtitle = json_inner(parts[1]);
    lt->ytitle = json_inner(parts[2]);
}

static void
layer_text_free(layer_text *lt)
{
    free(lt->unit);
    free(lt->xtitle);
    free(lt->ytitle);
}

/* Appends the strings up to NULL (no printf: values.json of the grid makes
 * millions of appends). */
static void
append_all(vk_strbuf *sb, ...)
{
    va_list ap;
    const char *p;

    va_start(ap, sb);
    while ((p = va_arg(ap, const char *)) != NULL)
        vk_strbuf_append(sb, p);
    va_end(ap);
}

/* The value of buurt i as shown, quoted, appended to sb: the numbers of
 * vk_format_number * are digits, signs, dots and commas, which JSON keeps as they are, so
 * only the unit and titles needed escaping (once, in lt). */
static void
append_value(vk_strbuf *sb, const char *sep, const vk_style *s,
             const vk_layer *l, const layer_text *lt, size_t i)
{
    char a[64], b[64];

    if (!lt->plain) { /* a unit or title not UTF-8: as jansson would */
        char *v = format_value(s, l, i), *q = json_quoted(v);

        if (q != NULL)
            append_all(sb, sep, q, (char *)NULL);
        free(q);
        free(v);
        return;
    }
    vk_format_number(s->lang, l->vx[i], s->decimals, a, sizeof a);
    if (!s->bivariate) {
        append_all(sb, sep, "\"", a, lt->unit, "\"", (char *)NULL);
        return;
    }
    vk_format_number(s->lang, l->vy[i], s->decimals, b, sizeof b);
    append_all(sb, sep, "\"", lt->xtitle, ": ", a, lt->unit, "; ",
               lt->ytitle, ": ", b, lt->unit, "\"", (char *)NULL);
}

/* sep, then a quoted JSON string, or null. */
static void
append_str(vk_strbuf *sb, const char *sep, const char *s)
{
    vk_strbuf_append(sb, sep);
    vk_json_append_string(sb, s);
}

/* A map of wijken: per buurt its wijk ("wijk": an index into "wijken",
 * -1 for none), and the wijken's codes and names, so that the viewer
 * names the wijk whose value it shows. */
static void
append_wijken(vk_strbuf *sb, const vk_features *bu, const vk_layer_wijken *w)
{
    const vk_features *wk = w->wijken;

    vk_strbuf_append(sb, ",\n\"wijk\":[");
    for (size_t i = 0; i < bu->n; i++) {
        if (i > 0)
            vk_strbuf_append(sb, ",");
        vk_strbuf_append_long(sb, w->of[i]);
    }
    vk_strbuf_append(sb, "],\n\"wijken\":{\"code\":[");
    for (size_t k = 0; k < wk->n; k++)
        append_str(sb, k > 0 ? "," : "", wk->f[k].code);
    vk_strbuf_append(sb, "],\"name\":[");
    for (size_t k = 0; k < wk->n; k++)
        append_str(sb, k > 0 ? "," : "", wk->f[k].name);
    vk_strbuf_append(sb, "]}");
}

/* values.json of one layer: per buurt, in the order of the tiles' IDs,
 * its class ("c": the legend entry, or VK_CLASS_NODATA, _MASKED, _WATER)
 * and the value as shown ("v", only for a buurt with a class: a masked
 * buurt's value is not to be shown), streamed: on the 100 m grid an object
 * tree of 461,304 cells per layer took most of the viewer's time. */
static char *
values_text(const vk_features *bu, const vk_viewer_layer *vl)
{
    const vk_style *s = vl->style;
    const vk_layer *l = vl->layer;
    vk_strbuf sb = {0};
    layer_text lt;

    layer_text_make(&lt, vl);
    vk_strbuf_append(&sb, "{\"c\":[");
    for (size_t i = 0; i < bu->n; i++) {
        if (i > 0)
            vk_strbuf_append(&sb, ",");
        vk_strbuf_append_long(&sb, i < l->n ? l->cls[i] : VK_CLASS_NODATA);
    }
    vk_strbuf_append(&sb, "],\n\"v\":[");
    for (size_t i = 0; i < bu->n; i++) {
        const char *sep = i > 0 ? "," : "";

        if (i < l->n && l->cls[i] >= 0)
            append_value(&sb, sep, s, l, &lt, i);
        else
            append_all(&sb, sep, "null", (char *)NULL);
    }
    vk_strbuf_append(&sb, "]");
    if (l->wijk != NULL)
        append_wijken(&sb, bu, l->wijk);
    vk_strbuf_append(&sb, "}\n");
    layer_text_free(&lt);
    return vk_strbuf_take(&sb);
}

/* One entry of layers.json's "layers". */
static json_t *
layer_json(const vk_viewer_layer *vl, const vk_viewer_opts *vo, vk_error *err)
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
    tiles = vk_xasprintf("%s/{z}/{x}/{y}.png", vl->id);
    values = vk_xasprintf("%s/values.json", vl->id);
    json_object_set_new(o, "id", json_string(vl->id));
    json_object_set_new(o, "title", str_or_null(s->title));
    json_object_set_new(o, "subtitle", str_or_null(s->subtitle));
    json_object_set_new(o, "source", str_or_null(s->source));
    if (!vo->no_dir)
        json_object_set_new(o, "tiles", json_string(tiles));
    if (vo->pmtiles) {
        char *pm = vk_xasprintf("%s.pmtiles", vl->id);

        json_object_set_new(o, "pmtiles", json_string(pm));
        free(pm);
    }
    json_object_set_new(o, "values", json_string(values));
    json_object_set_new(o, "bivariate", json_boolean(s->bivariate));
    if (vl->layer->wijk != NULL)
        json_object_set_new(o, "level", json_string("wijk"));
    json_object_set_new(o, "legend", legend);
    json_object_set_new(o, "labels",
                        json_pack("{s:o,s:o,s:o}", "nodata",
                                  str_or_null(s->nodata_label), "masked",
                                  str_or_null(s->mask_label), "water",
                                  str_or_null(vk_text(s->lang, VK_TEXT_WATER))));
    if (vl->group != NULL) {
        json_object_set_new(o, "group", json_string(vl->group));
        json_object_set_new(o, "year", json_integer(atol(vl->year)));
    }
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
    if (!o->no_dir)
        json_object_set_new(root, "ids", json_string(VK_VIEWER_IDS_LAYER
                                                     "/{z}/{x}/{y}.png"));
    else /* the ID tiles from their archive */
        json_object_set_new(root, "idsPmtiles",
                            json_string(VK_VIEWER_IDS_LAYER ".pmtiles"));
    json_object_set_new(root, "basemap",
                        o->basemap != NULL
                            ? json_pack("{s:s,s:o}", "url", o->basemap,
                                        "attribution",
                                        str_or_null(o->basemap_attribution))
                            : json_null());
    json_object_set_new(root, "layers", arr);
    for (size_t i = 0; i < n; i++) {
        json_t *l = layer_json(&layers[i], o, err);

        if (l == NULL) {
            json_decref(root);
            return NULL;
        }
        json_array_append_new(arr, l);
    }
    return root;
}

/* The simplification tolerance of the boxes search zooms to: half a CSS
 * pixel on the ground at the deepest zoom of the tiles, at the middle
 * latitude of o->bounds (the equator when there are none: a coarser
 * tolerance), and at least 1 m. A pixel of a 256-px tile is 2 pi R / 256 /
 * 2^z metres along the equator (156,543 m at z0), times cos(latitude) on
 * the ground; at z12 in the Netherlands about 23.5 m, so 11.8 m. */
static double
box_tolerance_m(const vk_viewer_opts *o)
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
    viewer_atlas atlas;
    json_t *j;

    /* Leaflet first: without it the page is useless. */
    if (vk_viewer_copy_leaflet(dir, err) != VK_OK)
        return err->code;
    if (o->atlas_dir != NULL &&
        vk_viewer_atlas_read(&atlas, dir, o->atlas_dir, err) != VK_OK)
        return err->code;

    /* The buurten, and their extent when none is given. */
    vk_bbox_reset(&extent);
    vk_viewer_write_buurten(dir, buurten, box_tolerance_m(o),
                            o->atlas_dir != NULL ? &atlas : NULL, &extent,
                            err);
    if (o->atlas_dir != NULL)
        vk_viewer_atlas_free(&atlas);
    if (err->code != VK_OK)
        return err->code;
    b = vk_bbox_empty(&o->bounds) ||
                (o->bounds.minx == 0 && o->bounds.maxx == 0)
            ? extent
            : o->bounds;

    /* Each layer's values. */
    for (size_t i = 0; i < n && err->code == VK_OK; i++) {
        char *ldir = vk_xasprintf("%s/%s", dir, layers[i].id);

        path = vk_xasprintf("%s/values.json", ldir);
        if (vk_make_dirs(ldir, err) == VK_OK) {
            char *text = values_text(buurten, &layers[i]);

            vk_viewer_write_file(path, text, strlen(text), err);
            free(text);
        }
        free(ldir);
        free(path);
        path = NULL;
    }
    if (err->code != VK_OK)
        return err->code;

    /* The layer list, then the page that reads it. */
    if ((j = layers_json(layers, n, o, &b, err)) == NULL)
        return err->code;
    path = vk_xasprintf("%s/layers.json", dir);
    write_json(path, j, JSON_FLAGS, err);
    free(path);
    if (err->code != VK_OK)
        return err->code;
    path = vk_xasprintf("%s/index.html", dir);
    vk_viewer_write_file(path, vk_viewer_index_html, vk_viewer_index_html_len,
                      err);
    free(path);
    return err->code;
}

vk_status
vk_viewer_write_tilejson(const char *dir, const vk_viewer_layer *vl,
                         const vk_viewer_opts *o, const char *legend_json,
                         vk_error *err)
{
    const vk_style *s = vl->style;
    json_t *j = json_object(), *legend;
    const vk_bbox *b = &o->bounds;
    char *path = vk_xasprintf("%s/%s/tiles.json", dir, vl->id);
    double cx = (b->minx + b->maxx) / 2;
    vk_status st;

    legend = legend_json != NULL ? json_loads(legend_json, 0, NULL) : NULL;
    json_object_set_new(j, "tilejson", json_string("3.0.0"));
    json_object_set_new(j, "name", json_string(s->title));
    if (s->subtitle != NULL)
        json_object_set_new(j, "description", json_string(s->subtitle));
    if (s->source != NULL)
        json_object_set_new(j, "attribution", json_string(s->source));
    json_object_set_new(j, "scheme", json_string(o->tms ? "tms" : "xyz"));
    json_object_set_new(j, "tiles", json_pack("[s]", "{z}/{x}/{y}.png"));
    json_object_set_new(j, "minzoom", json_integer(o->minzoom));
    json_object_set_new(j, "maxzoom", json_integer(o->maxzoom));
    /* Bounds across the antimeridian (east past 180) as GeoJSON has them,
     * west > east; the centre the data's, within -180..180. */
    cx = cx > 180 ? cx - 360 : cx;
    json_object_set_new(j, "bounds",
                        json_pack("[f,f,f,f]", b->minx, b->miny,
                                  b->maxx > 180 ? b->maxx - 360 : b->maxx,
                                  b->maxy));
    json_object_set_new(j, "center", json_pack("[f,f,i]", cx,
                                               (b->miny + b->maxy) / 2,
                                               (o->minzoom + o->maxzoom) / 2));
    json_object_set_new(j, "tileSize", json_integer(o->tile_size));
    json_object_set_new(j, "legend", legend ? legend : json_null());
    vk_atomic_sweep(path); /* what a killed run left */
    st = vk_write_json(path, j, JSON_INDENT(2) | JSON_ENSURE_ASCII, err);
    json_decref(j);
    free(path);
    return st;
}
