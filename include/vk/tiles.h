/* SPDX-License-Identifier: MIT */
/* Web tiles: XYZ/TMS tile math in EPSG:3857, the buurten prepared once for
 * every zoom and layer (spatial index, per-zoom snapping), the metatile
 * renderer, PNG8 encoding and the tile stores (folders, MBTiles). */
#ifndef VK_TILES_H
#define VK_TILES_H

#include <stddef.h>
#include <stdint.h>

#include "vk/core.h"
#include "vk/source.h"
#include "vk/style.h"

/* Half the width of the Web Mercator world in metres: pi * 6378137. */
#define VK_MERC_HALF_M 20037508.342789244
/* The highest zoom accepted: 2^22 tiles a side (cairo coordinates stay
 * within range for any Dutch gemeente). */
#define VK_TILES_MAX_ZOOM 22

/* ---- tile math (Google/OSM XYZ scheme, y counted from the top) -------- */

/* lon/lat (degrees, WGS 84) to Web Mercator metres and back. Latitudes are
 * clamped to +-85.0511 degrees, the edge of the square world. */
void vk_merc_from_lonlat(double lon_deg, double lat_deg, double *x_m,
                         double *y_m);
void vk_merc_to_lonlat(double x_m, double y_m, double *lon_deg,
                       double *lat_deg);

/* The tile holding lon/lat at zoom z, as fractional tile coordinates
 * (floor() gives the tile's x and y). */
void vk_tile_from_lonlat(double lon_deg, double lat_deg, int z, double *fx,
                         double *fy);

/* Bounds of tile z/x/y in Web Mercator metres / in lon/lat degrees. */
void vk_tile_bounds_merc(int z, long x, long y, vk_bbox *out);
void vk_tile_bounds_lonlat(int z, long x, long y, vk_bbox *out);

/* The y of a tile in the other scheme: XYZ <-> TMS (2^z - 1 - y). */
long vk_tile_flip_y(int z, long y);

/* Tiles x0..x1, y0..y1 (inclusive) of zoom z; empty when x0 > x1. */
typedef struct vk_tile_range {
    int z;
    long x0, y0, x1, y1;
} vk_tile_range;

/* The tiles at zoom z that a Web Mercator bbox touches. */
void vk_tile_range_of(const vk_bbox *merc, int z, vk_tile_range *out);

/* The number of tiles of zooms zmin..zmax over a Web Mercator bbox
 * (saturates at UINT64_MAX). */
uint64_t vk_tile_count(const vk_bbox *merc, int zmin, int zmax);

/* Which of n shards metatile (z, mx, my) belongs to: a hash of its index,
 * so every zoom is spread over all shards. 0..n-1. */
int vk_tile_shard(int z, long mx, long my, int n);

/* ---- geometry prepared for tiling ------------------------------------- */

/* The buurten in EPSG:3857 with a grid index, and the numbers of their
 * wijken and gemeenten (by code: every outline of a tile is drawn from the
 * buurten, so the wijk and gemeente layers are not needed). Borrows the
 * feature set, which must outlive it. */
typedef struct vk_tilegeom vk_tilegeom;

/* Indexes buurten (already transformed to EPSG:3857). Returns a new object
 * (caller destroys) or NULL with VK_EDATA when there are more buurten than
 * the ID raster holds (2^24 - 1). */
vk_tilegeom *vk_tilegeom_create(const vk_features *buurten, vk_error *err);
void vk_tilegeom_destroy(vk_tilegeom *g);
/* The extent of the buurten in metres (borrowed). */
const vk_bbox *vk_tilegeom_extent(const vk_tilegeom *g);

/* The buurten whose bbox meets q, ascending, into *out (grown as needed,
 * caller frees). Returns the number found. */
size_t vk_tilegeom_query(const vk_tilegeom *g, const vk_bbox *q,
                         size_t **out, size_t *cap);
/* VK_EDATA (with a hint) when the buurten span more pixels at zoom z
 * (tiles of tile_px pixels) than tiles can address: about 5e8, the whole
 * world up to zoom 20 in 256-pixel tiles, the Netherlands at any zoom. */
vk_status vk_tilegeom_check_zoom(const vk_tilegeom *g, int z, int tile_px,
                                 vk_error *err);

/* ---- one layer's colours ---------------------------------------------- */

/* A layer's look per buurt, compact: buurt i has colour slot[i] in colors
 * (8-bit straight RGBA, 0xAABBGGRR in memory order r, g, b, a), hatched
 * when hatch[slot] is set. Slot 0 is reserved for "no feature". */
typedef struct vk_tilestyle {
    uint8_t *slot;          /* per buurt */
    uint8_t rgba[256][4];
    uint32_t premul[256];   /* the same as premultiplied ARGB words, as
                               tiles are composed (slot 0: 0) */
    uint8_t hatch[256];
    int nslots;
    int no_buurt_lines;     /* a map of wijken: the outlines between
                               buurten of one wijk are not drawn (set by
                               the caller after vk_tilestyle_make) */
} vk_tilestyle;

/* Builds the slots from a colour per buurt and an optional hatch flag per
 * buurt (NULL: none). VK_EDATA when more than 255 distinct colours. */
vk_status vk_tilestyle_make(vk_tilestyle *ts, const vk_rgba *fill,
                            const unsigned char *hatch, size_t n,
                            vk_error *err);
void vk_tilestyle_free(vk_tilestyle *ts);

/* ---- the tiling run --------------------------------------------------- */

typedef struct vk_tiles_layer {
    const char *id;          /* folder and file name: DIR/<id>/...,
                                DIR/<id>.mbtiles, DIR/<id>.pmtiles */
    const vk_tilestyle *style;
    const char *name, *description, *attribution; /* archive metadata */
    const char *legend_json; /* MBTiles "json": {"legend": ...}, an object
                                whose keys the PMTiles metadata also get;
                                may be NULL */
    int ids;                 /* 1: not a map but the buurt IDs, index + 1
                                as 24-bit RGB (style unused): what the
                                viewer hovers and clicks */
} vk_tiles_layer;

typedef struct vk_tiles_job {
    const char *dir;         /* exists */
    const vk_tilegeom *geom;
    const vk_tiles_layer *layers;
    size_t nlayers;
    int minzoom, maxzoom;
    int tile_size;           /* 256 or 512 CSS pixels */
    int scale;               /* 1 or 2 (@2x): tiles are tile_size*scale px */
    int tms, mbtiles, force;
    int pmtiles;             /* also DIR/<id>.pmtiles (PMTiles v3) */
    int no_dir;              /* no DIR/<id>/{z}/{x}/{y}.png (nor done
                                markers): the archives only */
    int jobs;                /* threads, >= 1 */
    int shard_i, shard_n;    /* this run renders shard i of n (n >= 1) */
    vk_bbox region;          /* Web Mercator bbox to tile */
    const char *settings_key; /* what the tiles depend on; done markers of
                                 another key are removed at the start */
    int zlevel;              /* zlib level 0-9 */
    int measure_rgba;        /* also encode every 16th tile as RGBA PNG */
    /* Called (from any worker thread, one call at a time) after each
     * metatile finished or skipped: done of total. May be NULL. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} vk_tiles_job;

typedef struct vk_tiles_stats {
    size_t metatiles;        /* of this run (shard) with features */
    size_t metatiles_skipped;/* complete from an earlier run */
    size_t tiles_written;    /* files written, all layers */
    size_t tiles_uniform;    /* of those: links to a uniform tile */
    size_t tiles_empty;      /* not written: nothing to show */
    size_t png8, rgb;        /* encodings used */
    uint64_t bytes;          /* of the encoded mixed tiles */
    uint64_t sample_png_bytes, sample_rgba_bytes; /* measure_rgba */
    double render_s, encode_s;   /* summed over threads */
    double archive_s;        /* writing the PMTiles archives at the end */
} vk_tiles_stats;

/* Renders every layer's tiles of the job: DIR/<id>/{z}/{x}/{y}.png (TMS y
 * with tms), hard links for uniform tiles to DIR/<id>/.uniform/<rgba>.png,
 * DIR/<id>.mbtiles with mbtiles, DIR/<id>.pmtiles with pmtiles (the tiles
 * of metatiles an earlier run finished read back from the folders), done
 * markers in DIR/.tiles-done/<key>/ (none with no_dir).
 * Returns VK_OK and fills *st, or VK_EIO naming a file, VK_ERENDER,
 * VK_EINTERNAL. */
vk_status vk_tiles_run(const vk_tiles_job *job, vk_tiles_stats *st,
                       vk_error *err);

#endif
