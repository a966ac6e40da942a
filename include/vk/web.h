/* SPDX-License-Identifier: MIT */
/* The web outputs of a map set in one run: every layer painted over all
 * buurten as an XYZ pyramid (and MBTiles), with the viewer written
 * alongside by a thread of its own and TileJSON per layer. */
#ifndef VK_WEB_H
#define VK_WEB_H

#include "vk/mapset.h"
#include "vk/tiles.h"

typedef struct vk_web_opts {
    const char *dir; /* output folder (made when missing) */
    int minzoom, maxzoom;
    int tile_size, scale; /* 256 or 512; 1 or 2 */
    int tms, mbtiles, force;
    int pmtiles, no_dir;  /* as in vk_tiles_job */
    int jobs;             /* threads, >= 1 */
    int shard_i, shard_n; /* shard i of n (n >= 1); shard 0 writes the
                             viewer and TileJSON */
    int have_bbox;
    vk_bbox bbox_lonlat; /* only this part, with have_bbox */
    int measure_rgba;    /* also encode every 16th tile as RGBA */
    /* Metatiles done of total, as vk_tiles_job's; may be NULL. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    const char *basemap, *basemap_attribution; /* the viewer's, or NULL */
    const char *atlas_dir; /* the viewer links each buurt to its
                              gemeente's PDF there, or NULL */
    /* --years: every style tiled per year (else a style's own years:),
     * a layer <id>_<year> each with the same breaks; NULL for none. */
    const char *const *years;
    size_t nyears;
} vk_web_opts;

typedef struct vk_web_stats {
    vk_tiles_stats tiles;
    double classify_s, project_s, tiling_s;
    double viewer_s; /* alongside the tiling; < 0: not this shard */
} vk_web_stats;

/* Makes the web outputs of ms (opened with VK_MAPSET_BUURTEN): paints each
 * style over all buurten (warnings to the set's; a style of years, o's or
 * its own, as a layer per year, vk_mapset_paint_years), moves the
 * boundaries to
 * EPSG:3857, refuses a range of more than VK_WEB_MAX_TILES tiles or
 * buurten too wide for the zoom, then tiles (vk_tiles_run, done markers
 * under the digest of the set's inputs and the tile options) while the
 * viewer is written, and writes DIR/<layer>/tiles.json. Returns VK_OK and
 * fills *st, or the codes of vk_mapset_paint, vk_geo_transform_sets,
 * vk_tiles_run and vk_viewer_write; VK_EUSAGE for a range too large or a
 * bbox that misses the data. */
vk_status vk_web_make(vk_mapset *ms, const vk_web_opts *o, vk_web_stats *st,
                      vk_error *err);

/* Refused above this many tiles (all zooms, before skipping empty ones):
 * about the Netherlands at z0-18. */
#define VK_WEB_MAX_TILES 20000000ull

#endif
