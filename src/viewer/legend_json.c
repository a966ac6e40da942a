/* SPDX-License-Identifier: MIT */
/* The legend model as JSON: one encoding for layers.json, TileJSON and the
 * MBTiles metadata. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>

#include "vk/viewer.h"

static json_t *
color_hex(const vk_rgba *c)
{
    char buf[8];

    snprintf(buf, sizeof buf, "#%02x%02x%02x",
             (unsigned)lround(c->r * 255.0), (unsigned)lround(c->g * 255.0),
             (unsigned)lround(c->b * 255.0));
    return json_string(buf);
}

static json_t *
nullable_string(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

char *
vk_viewer_legend_json(const vk_legend *l)
{
    json_t *root = json_object(), *entries = json_array();
    char *out;

    if (root == NULL || entries == NULL) {
        json_decref(root);
        json_decref(entries);
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++) {
        const vk_legend_entry *e = &l->e[i];
        json_t *o = json_object();

        json_object_set_new(o, "color", color_hex(&e->color));
        json_object_set_new(o, "label", nullable_string(e->label));
        json_object_set_new(o, "count", json_integer((json_int_t)e->count));
        json_object_set_new(o, "hatch", json_boolean(e->hatch));
        json_array_append_new(entries, o);
    }
    json_object_set_new(root, "title", nullable_string(l->title));
    json_object_set_new(root, "entries", entries);
    if (l->grid_cols > 0) {
        json_t *g = json_object();

        json_object_set_new(g, "cols", json_integer(l->grid_cols));
        json_object_set_new(g, "rows", json_integer(l->grid_rows));
        json_object_set_new(g, "x_title", nullable_string(l->x_title));
        json_object_set_new(g, "y_title", nullable_string(l->y_title));
        json_object_set_new(root, "grid", g);
    } else {
        json_object_set_new(root, "grid", json_null());
    }
    out = json_dumps(root, JSON_COMPACT |
                               JSON_PRESERVE_ORDER);
    json_decref(root);
    return out;
}
