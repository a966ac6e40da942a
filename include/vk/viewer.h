/* SPDX-License-Identifier: MIT */
/* The web side of a tile directory: the legend as JSON (shared with the
 * MBTiles metadata and TileJSON), and the static viewer (index.html with
 * Leaflet, layers.json, the table of the buurten and their values).
 *
 * Layout of a tile directory DIR written by `veerkracht tiles`:
 *   DIR/index.html               the viewer (no network access needed)
 *   DIR/leaflet/                 Leaflet copied from Debian libjs-leaflet
 *   DIR/layers.json              the layers in order, see vk_viewer_write
 *   DIR/<layer>/{z}/{x}/{y}.png  the pyramid (XYZ; TMS y with --tms)
 *   DIR/<layer>/tiles.json       TileJSON 3.0
 *   DIR/_ids/{z}/{x}/{y}.png     the buurt under each pixel (hover, click):
 *                                buurt index + 1 as 24-bit RGB, opaque;
 *                                transparent where there is none
 *   DIR/buurten.json             per buurt index: {"code": [...], "name":
 *                                [...], "gemeente": [k or null], "gemeenten":
 *                                [{"code", "name", "atlas": URL or null}]}
 *   DIR/search.json              {"bbox": [[w,s,e,n] or null per buurt]}
 *   DIR/<layer>/values.json      per buurt index: {"c": [class], "v":
 *                                [value as shown or null]}; "c" the legend
 *                                entry, or VK_CLASS_NODATA (-1), _MASKED
 *                                (-2), _WATER (-3);
 *                                "v" with Dutch formatting, the style's
 *                                decimals and unit ("19,2%"; bivariate:
 *                                "<x title>: <x>; <y title>: <y>"), only for
 *                                buurten with a class
 *   DIR/<layer>.mbtiles          with --mbtiles
 *   DIR/<layer>.pmtiles          with --pmtiles (PMTiles v3); with --no-dir
 *                                no pyramid nor TileJSON, and the viewer
 *                                reads the layers (and _ids) from here */
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
                                id; <id>_<year> for a year of a layer) */
    const char *group;       /* a year of a layer: the layer's id, whose
                                years the viewer's slider steps through;
                                else NULL */
    const char *year;        /* with group: the year shown (digits) */
} vk_viewer_layer;

/* The layer of the buurt ID tiles, beside the maps' layers. */
#define VK_VIEWER_IDS_LAYER "_ids"

typedef struct vk_viewer_opts {
    int minzoom, maxzoom;
    int tile_size;   /* CSS pixels of a tile: 256 or 512 */
    int scale;       /* 1, or 2 for @2x tiles */
    int tms;         /* 1: y counted from the bottom */
    vk_bbox bounds;  /* lon/lat of the data; across the antimeridian
                        maxx runs on past 180 (vk_geo_lonlat_extent) */
    const char *basemap, *basemap_attribution; /* a tile URL under the
                                                  maps, or NULL (none) */
    const char *atlas_dir; /* an atlas folder whose PDFs a buurt links to,
                              or NULL */
    int pmtiles;     /* DIR/<layer>.pmtiles is written */
    int no_dir;      /* no DIR/<layer>/{z}/{x}/{y}.png: the viewer reads
                        the layer's PMTiles archive */
} vk_viewer_opts;

/* Writes index.html, leaflet/, layers.json, buurten.json, search.json and
 * every layer's values.json into dir (which exists), each through a
 * temporary name. buurten may be in any CRS (boxes are transformed to
 * lon/lat here); their order is that of the ID tiles. layers.json is
 *   {"minzoom":..,"maxzoom":..,"tileSize":..,"scale":..,"tms":..,
 *    "bounds":[w,s,e,n], "ids":"_ids/{z}/{x}/{y}.png",
 *    "basemap": {"url","attribution"} or null,
 *    "layers":[{"id","title","subtitle","source","tiles":"<id>/{z}/{x}/{y}.png",
 *               "pmtiles":"<id>.pmtiles" (with o->pmtiles; "tiles" only
 *               without o->no_dir),
 *               "values":"<id>/values.json","bivariate":bool,
 *               "legend": <vk_viewer_legend_json>,
 *               "labels": {"nodata","masked","water"},
 *               "group":"<layer id>","year":2014 (a year of a layer
 *               whose style names years: one entry per year, in order,
 *               ids <layer id>_<year>, the same breaks)}]}
 * with the layers in the order given; bounds are o->bounds, or the extent
 * of the buurten when o->bounds is empty (vk_bbox_reset) or all zero, e
 * past 180 for buurten across the antimeridian (178 .. 182: the viewer
 * centres on 180, the data's middle).
 * Leaflet is copied from $VK_LEAFLET_DIR when set, else from
 * /usr/share/javascript/leaflet (Debian libjs-leaflet); when it is missing
 * nothing is written and VK_EIO names the missing file and the package.
 * With o->atlas_dir, its atlas-report.json gives each gemeente's PDF
 * (VK_EIO when it cannot be read). Returns VK_OK, or VK_EIO naming the
 * file (VK_EPROJ when the buurten cannot be transformed to lon/lat). */
vk_status vk_viewer_write(const char *dir, const vk_features *buurten,
                          const vk_viewer_layer *layers, size_t n,
                          const vk_viewer_opts *o, vk_error *err);

/* Writes DIR/<layer>/tiles.json: TileJSON 3.0.0 of the layer with a
 * relative tile URL, its zooms, bounds and centre from o (across the
 * antimeridian bounds west > east, the centre within -180..180), and its legend
 * (legend_json, from vk_viewer_legend_json). Returns VK_OK or VK_EIO
 * naming the file. */
vk_status vk_viewer_write_tilejson(const char *dir, const vk_viewer_layer *vl,
                                   const vk_viewer_opts *o,
                                   const char *legend_json, vk_error *err);

#endif
