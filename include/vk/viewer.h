/* SPDX-License-Identifier: MIT */
/* The web side of a tile directory: the legend as JSON (shared with the
 * MBTiles metadata and TileJSON), and the static viewer (index.html with
 * Leaflet, layers.json, the hover sidecars).
 *
 * Layout of a tile directory DIR written by `veerkracht tiles`:
 *   DIR/index.html               the viewer (no network access needed)
 *   DIR/leaflet/                 Leaflet copied from Debian libjs-leaflet
 *   DIR/layers.json              the layers in order, see vk_viewer_write
 *   DIR/buurten.geojson          buurten in lon/lat, simplified for the web,
 *                                properties {code, name, gemeente}
 *   DIR/<layer>/{z}/{x}/{y}.png  the pyramid (XYZ; TMS y with --tms)
 *   DIR/<layer>/tiles.json       TileJSON 3.0
 *   DIR/<layer>/values.json      {"<buurtcode>": {"v": "<value as shown>",
 *                                "c": "<legend label>"}, ...}, keys sorted;
 *                                "v" with Dutch formatting, the style's
 *                                decimals and unit ("19,2%"; bivariate:
 *                                "<x title>: <x>; <y title>: <y>"), only for
 *                                buurten with a class (not for no data,
 *                                masked or water: their "c" says which)
 *   DIR/<layer>.mbtiles          with --mbtiles
 *   DIR/<layer>.pmtiles          with --pmtiles (PMTiles v3); with --no-dir
 *                                no pyramid nor TileJSON, and the viewer
 *                                reads the layer from here */
#ifndef VK_VIEWER_H
#define VK_VIEWER_H

#include "vk/core.h"
#include "vk/source.h"
#include "vk/style.h"

/* The legend as a JSON array (UTF-8, caller frees):
 *   [{"color": "#rrggbb", "label": "...", "count": N, "hatch": false}, ...]
 * with "grid": {"cols": c, "rows": r, "x_title": ..., "y_title": ...}
 * wrapped around it for a bivariate legend:
 *   {"title": ..., "entries": [...], "grid": {...} or null}.
 * Returns NULL only when out of memory. */
char *vk_viewer_legend_json(const vk_legend *l);

/* One layer of the viewer. */
typedef struct vk_viewer_layer {
    const vk_style *style;   /* id, title, source line, unit, decimals */
    const vk_layer *layer;   /* values and classes per buurt */
    const vk_legend *legend; /* legend over all buurten */
    const char *id;          /* folder of its tiles (the map set's layer
                                id) */
} vk_viewer_layer;

typedef struct vk_viewer_opts {
    int minzoom, maxzoom;
    int tile_size;   /* CSS pixels of a tile: 256 or 512 */
    int scale;       /* 1, or 2 for @2x tiles */
    int tms;         /* 1: y counted from the bottom */
    vk_bbox bounds;  /* lon/lat of the data */
    int pmtiles;     /* DIR/<layer>.pmtiles is written */
    int no_dir;      /* no DIR/<layer>/{z}/{x}/{y}.png: the viewer reads
                        the layer's PMTiles archive */
} vk_viewer_opts;

/* Writes index.html, leaflet/, layers.json, buurten.geojson and every
 * layer's values.json into dir (which exists), each through a temporary
 * name. buurten may be in any CRS (it is copied and transformed to lon/lat
 * here). layers.json is
 *   {"minzoom":..,"maxzoom":..,"tileSize":..,"scale":..,"tms":..,
 *    "bounds":[w,s,e,n],
 *    "layers":[{"id","title","subtitle","source","tiles":"<id>/{z}/{x}/{y}.png",
 *               "pmtiles":"<id>.pmtiles" (with o->pmtiles; "tiles" only
 *               without o->no_dir),
 *               "values":"<id>/values.json","bivariate":bool,
 *               "legend": <vk_viewer_legend_json>}]}
 * with the layers in the order given; bounds are o->bounds, or the extent
 * of the buurten when o->bounds is empty (vk_bbox_reset) or all zero.
 * Leaflet is copied from $VK_LEAFLET_DIR when set, else from
 * /usr/share/javascript/leaflet (Debian libjs-leaflet); when it is missing
 * nothing is written and VK_EIO names the missing file and the package.
 * Returns VK_OK, or VK_EIO naming the file (VK_EPROJ when the buurten
 * cannot be transformed to lon/lat). */
vk_status vk_viewer_write(const char *dir, const vk_features *buurten,
                          const vk_viewer_layer *layers, size_t n,
                          const vk_viewer_opts *o, vk_error *err);

/* Writes DIR/<layer>/tiles.json: TileJSON 3.0.0 of the layer with a
 * relative tile URL, its zooms, bounds and centre from o, and its legend
 * (legend_json, from vk_viewer_legend_json). Returns VK_OK or VK_EIO
 * naming the file. */
vk_status vk_viewer_write_tilejson(const char *dir, const vk_viewer_layer *vl,
                                   const vk_viewer_opts *o,
                                   const char *legend_json, vk_error *err);

#endif
