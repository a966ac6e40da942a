/* SPDX-License-Identifier: MIT */
/* Internals of the tiles module: the grid index, the metatile renderer,
 * the tile encoder and the MBTiles store, shared by its files. */
#ifndef VK_TILES_PRIV_H
#define VK_TILES_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "vk/tiles.h"
#include "vk/writers.h"

/* A uniform grid over the buurten's extent; cell c lists those whose
 * bbox meets it: item[cell_off[c] .. cell_off[c+1]). */
typedef struct vk_tile_grid {
    const vk_features *fs;
    vk_bbox ext;
    int cols, rows;
    double cell_w, cell_h;
    size_t *cell_off;
    uint32_t *item;
} vk_tile_grid;

struct vk_tilegeom {
    const vk_features *bu;       /* the buurten */
    vk_tile_grid grid;
    uint32_t *wijk_of;           /* per buurt + 1 (index 0: outside): a
                                    number per distinct wijkcode */
    uint32_t *gm_of;             /* the same per gemeentecode */
};

/* (x * a + 127) / 255, rounded, for 8-bit x and a. */
static inline uint32_t
mul255(uint32_t x, uint32_t a)
{
    uint32_t v = x * a + 128;

    return (v + (v >> 8)) >> 8;
}

/* ---- raster.c: one metatile, ID raster and outline overlay ------------ */

/* Metatile mx, my of zoom z covers tiles x0..x0+nx-1, y0..y0+ny-1; its
 * rasters are (nx * tile_px + 2 * buf) pixels wide. */
typedef struct vk_meta_pos {
    int z;
    long mx, my, x0, y0;
    int nx, ny;
} vk_meta_pos;

typedef struct vk_meta_raster vk_meta_raster;

/* A level's geometry snapped to the quarter-pixel grid of one zoom, with
 * repeated points and degenerate rings dropped: the zoom's simplification,
 * made once and shared by its metatiles. Feature i has rings
 * feat_ring[i] .. feat_ring[i+1]-1; ring r has the points ring_off[r] ..
 * ring_off[r+1]-1 of q (x, y in quarter pixels from the origin (ox, oy),
 * open: the first point is not repeated). */
typedef struct vk_snapped {
    int32_t *q;        /* less the origin: */
    int64_t ox, oy;    /* quarter pixels of the world's top-left */
    size_t *ring_off, *feat_ring;
} vk_snapped;

/* Pixels across the buurten may span at most, at the highest zoom, so
 * that their snapped coordinates fit 32 bits (with room to spare): the
 * Netherlands at zoom 22 in 512-pixel tiles span 1.6e7. */
#define ZOOM_MAX_SPAN_PX 500000000.0

/* Parts a zoom's geometry is snapped in, by several threads at once. */
#define ZOOM_PARTS 16

/* Features [f0, f1) of the buurten, their input starting at point pbase
 * and ring rbase; np, nr: what snapping kept. */
typedef struct vk_zoom_part {
    size_t f0, f1, pbase, rbase, np, nr;
} vk_zoom_part;

typedef struct vk_zoom_geom {
    int z;
    vk_snapped sn;
    const vk_features *fs;
    double inv_res;
    vk_zoom_part part[ZOOM_PARTS];
    size_t nparts;
} vk_zoom_geom;

/* Builds a zoom's geometry in steps, so threads can share the work:
 * begin allocates (or takes the arrays of spare, a finished zoom's
 * geometry, then gone: every zoom needs the same room, and memory
 * written before costs no page faults), vk_zoom_geom_part(zg, c) for every
 * c < vk_zoom_geom_nparts(zg), in any order and in parallel, then finish
 * (after all parts) compacts. The result does not depend on who did
 * which part. */
vk_zoom_geom *vk_zoom_geom_begin(const vk_tilegeom *g, int z, int tile_px,
                           vk_zoom_geom *spare);
size_t vk_zoom_geom_nparts(const vk_zoom_geom *zg);
void vk_zoom_geom_part(vk_zoom_geom *zg, size_t part);
void vk_zoom_geom_finish(vk_zoom_geom *zg);
void vk_zoom_geom_destroy(vk_zoom_geom *zg);

/* A renderer owned by one thread, sized for metatiles of meta_n tiles of
 * tile_px pixels. */
vk_meta_raster *vk_meta_raster_create(const vk_tilegeom *g, int meta_n,
                                int tile_px, int scale);
void vk_meta_raster_destroy(vk_meta_raster *r);
/* Draws the ID raster and the overlay of metatile m from zg (of m's
 * zoom). */
void vk_meta_raster_draw(vk_meta_raster *r, const vk_meta_pos *m,
                      const vk_zoom_geom *zg);

/* What a composed tile holds. */
enum { TILE_EMPTY = 0, TILE_UNIFORM = 1, TILE_MIXED = 2 };

/* 1 when tile (tx, ty) of the metatile drawn last has no feature and no
 * overlay pixel: empty in every layer. */
int vk_meta_raster_tile_blank(vk_meta_raster *r, int tx, int ty);
/* Composes tile (tx, ty) of the metatile drawn last in style st into rgba
 * (tile_px * tile_px * 4 bytes, straight alpha). Returns TILE_*. */
int vk_meta_raster_compose(vk_meta_raster *r, const vk_tilestyle *st,
                        int tx, int ty, uint8_t *rgba);
/* The same tile as palette indices: index (tile_px * tile_px bytes) and
 * pal (*ncol colours as RGBA bytes in memory order, numbered in order of
 * first use, row by row), exactly the palette and indices the encoder
 * makes from meta_raster_compose's pixels. Returns TILE_*, or -1 when the
 * tile has more than 256 colours: then use meta_raster_compose. */
int vk_meta_raster_compose_indexed(vk_meta_raster *r, const vk_tilestyle *st,
                                int tx, int ty, uint8_t *index,
                                uint32_t *pal, int *ncol);

/* Tile (tx, ty) of the metatile drawn last as buurt IDs (the viewer's
 * hover and click data): buurt index + 1 as 24-bit RGB, opaque, 0 where
 * there is none (transparent). Into index and pal (as compose_indexed)
 * when the tile has at most 256 of them (*indexed = 1), else into rgba
 * (*indexed = 0), always exact. Returns TILE_* (uniform: one buurt). */
int vk_meta_raster_compose_ids(vk_meta_raster *r, int tx, int ty,
                               uint8_t *index, uint32_t *pal, int *ncol,
                               uint8_t *rgba, int *indexed);

/* ---- encode.c: PNG8 when possible ------------------------------------- */

typedef struct vk_tile_encoder vk_tile_encoder;
vk_tile_encoder *vk_tile_encoder_create(int tile_px, int zlevel);
void vk_tile_encoder_destroy(vk_tile_encoder *e);
/* Encodes rgba (tile_px square, straight alpha) as PNG into out (reset
 * first): exact palette when it has <= 256 colours, else quantised with
 * libimagequant (keeping the fill colours of st exact) when that reaches
 * the quality floor, else truecolour. *indexed tells which. */
vk_status vk_tile_encode(vk_tile_encoder *e, const uint8_t *rgba,
                      const vk_tilestyle *st, vk_bytes *out, int *indexed,
                      vk_error *err);
/* Encodes a tile given as palette indices (meta_raster_compose_indexed)
 * as PNG8 into out (reset first). */
vk_status vk_tile_encode_indexed(vk_tile_encoder *e, const uint8_t *index,
                              const uint32_t *pal, int ncol, vk_bytes *out,
                              vk_error *err);
/* The same pixels as plain RGBA PNG (for the size comparison). */
vk_status vk_tile_encode_rgba(vk_tile_encoder *e, const uint8_t *rgba,
                           vk_bytes *out, vk_error *err);

/* ---- mbtiles.c -------------------------------------------------------- */

typedef struct vk_mbtiles vk_mbtiles;

/* Opens (creating) path as MBTiles 1.3 with deduplicated images: tables
 * map(zoom_level, tile_column, tile_row, tile_id) and images(tile_id,
 * tile_data), view tiles. *existed tells whether the file was there. */
vk_mbtiles *vk_mbtiles_open(const char *path, int *existed, vk_error *err);
/* Sets a metadata row (replacing). */
vk_status vk_mbtiles_meta(vk_mbtiles *m, const char *name, const char *value,
                       vk_error *err);
vk_status vk_mbtiles_begin(vk_mbtiles *m, vk_error *err);
vk_status vk_mbtiles_commit(vk_mbtiles *m, vk_error *err);
/* Stores tile z/x/y (XYZ y; stored as TMS row) with image id: an image
 * already stored under id is shared. */
vk_status vk_mbtiles_put(vk_mbtiles *m, int z, long x, long y, const char *id,
                      const void *png, size_t len, vk_error *err);
/* Checkpoints and closes; NULL-safe. */
vk_status vk_mbtiles_close(vk_mbtiles *m, vk_error *err);

/* ---- pmtiles.c -------------------------------------------------------- */

/* A PMTiles v3 archive being collected: tiles are put in any order (one
 * caller at a time), each distinct content stored once in a spool file
 * beside path; vk_pmtiles_finish writes the archive (temporary name, then
 * rename). */
typedef struct vk_pmtiles vk_pmtiles;

/* A directory entry, as the spec has it. */
typedef struct vk_pm_entry {
    uint64_t tile_id, offset;
    uint32_t length, run_length; /* run_length 0: a leaf directory */
} vk_pm_entry;

/* What the header and metadata say. */
typedef struct vk_pmtiles_info {
    int minzoom, maxzoom, center_zoom;
    vk_bbox bounds;                 /* lon/lat */
    double center_lon, center_lat;
    const char *metadata_json;      /* NULL: {} */
} vk_pmtiles_info;

/* The Hilbert tile id of z/x/y (XYZ): the tiles of the zooms before,
 * then the tile's place on the zoom's Hilbert curve. */
uint64_t vk_pmtiles_tile_id(int z, uint32_t x, uint32_t y);
/* Serialises n entries (ascending tile ids) into out (replaced): count,
 * tile id deltas, run lengths, lengths, offsets (0: right after the
 * previous entry's content, else offset + 1), all varints. */
void vk_pmtiles_encode_dir(const vk_pm_entry *e, size_t n, vk_bytes *out);

/* Starts collecting for path; removes temporaries a killed run left
 * beside it. NULL with VK_EIO when the spool cannot be made. */
vk_pmtiles *vk_pmtiles_create(const char *path, vk_error *err);
/* Adds tile z/x/y (XYZ) with len > 0 bytes. VK_EIO when the spool cannot
 * be written. */
vk_status vk_pmtiles_put(vk_pmtiles *p, int z, long x, long y,
                         const void *data, size_t len, vk_error *err);
/* Writes the archive: header, root directory, metadata, leaf directories,
 * the contents in tile-id order. VK_EDATA when no tile was put, VK_EIO
 * naming path. */
vk_status vk_pmtiles_finish(vk_pmtiles *p, const vk_pmtiles_info *info,
                            vk_error *err);
/* Removes the spool; NULL-safe. */
void vk_pmtiles_destroy(vk_pmtiles *p);

#endif
