/* SPDX-License-Identifier: MIT */
/* Internals of the viewer module: the embedded page, the table of the
 * buurten, the atlas links and the copy of Leaflet. */
#ifndef VK_VIEWER_PRIV_H
#define VK_VIEWER_PRIV_H

#include <stddef.h>

#include "vk/viewer.h"
#include "vk/writers.h"

/* src/viewer/index.html, embedded at build time by cmake/embed.cmake
 * (generated index_html.c in the build tree). */
extern const unsigned char vk_viewer_index_html[];
extern const size_t vk_viewer_index_html_len;


/* vk_write_file, after removing what a killed run left of path: the
 * viewer's files are written by one process (an unsharded run, or shard
 * 0). */
vk_status vk_viewer_write_file(const char *path, const void *data, size_t n,
                            vk_error *err);

/* The atlas PDF of each gemeente, from an atlas folder's report. */
typedef struct viewer_atlas {
    char **code, **href; /* gemeentecode, URL relative to the tile folder */
    size_t n;
    vk_strmap map;       /* code -> index */
} viewer_atlas;

/* Reads atlas_dir/atlas-report.json: each gemeente's PDF as a URL
 * relative to dir (percent-encoded). VK_EIO naming the report. */
vk_status vk_viewer_atlas_read(viewer_atlas *at, const char *dir,
                               const char *atlas_dir, vk_error *err);
const char *vk_viewer_atlas_key(const void *ctx, size_t i);
void vk_viewer_atlas_free(viewer_atlas *at);

/* Writes dir/buurten.json and dir/search.json (vk/viewer.h); the boxes
 * from a copy of buurten simplified (Douglas-Peucker, tol_m metres on the
 * ground) and transformed to lon/lat, 5 decimals (~1 m). The lon/lat
 * extent of the buurten goes to *extent, its east past 180 degrees when
 * they lie across the antimeridian (vk_geo_lonlat_extent). atlas may be
 * NULL. VK_EIO, VK_EPROJ. */
vk_status vk_viewer_write_buurten(const char *dir, const vk_features *buurten,
                                  double tol_m, const viewer_atlas *atlas,
                                  vk_bbox *extent, vk_error *err);


/* Copies leaflet.js, leaflet.css and images/ (*.png) from the folder in
 * $VK_LEAFLET_DIR, or VIEWER_LEAFLET_DIR, to dir/leaflet/. VK_EIO naming
 * the missing file and the package libjs-leaflet. */
vk_status vk_viewer_copy_leaflet(const char *dir, vk_error *err);

#define VIEWER_LEAFLET_DIR "/usr/share/javascript/leaflet"


#endif
