/* SPDX-License-Identifier: MIT */
/* Internals of the viewer module: the embedded page, the GeoJSON of the
 * buurten and the copy of Leaflet. */
#ifndef VK_VIEWER_PRIV_H
#define VK_VIEWER_PRIV_H

#include <stddef.h>

#include "vk/viewer.h"
#include "vk/writers.h"

/* src/viewer/index.html, embedded at build time by cmake/embed.cmake
 * (generated index_html.c in the build tree). */
extern const unsigned char vk_viewer_index_html[];
extern const size_t vk_viewer_index_html_len;


/* Writes dir/buurten.geojson: a copy of buurten simplified (Douglas-
 * Peucker, tolerance tol_m metres on the ground, in degrees of latitude
 * for a lon/lat source) and transformed to lon/lat, coordinates with 5
 * decimals (~1 m), properties code, name, gemeente. The lon/lat extent of
 * the buurten goes to *extent, its east beyond 180 degrees when they lie
 * across the antimeridian (vk_geo_lonlat_extent). VK_EIO, VK_EPROJ. */
/* vk_write_file, after removing what a killed run left of path: the
 * viewer's files are written by one process (an unsharded run, or shard
 * 0). */
vk_status vk_viewer_write_file(const char *path, const void *data, size_t n,
                            vk_error *err);
vk_status vk_viewer_write_geojson(const char *dir, const vk_features *buurten,
                               double tol_m, vk_bbox *extent, vk_error *err);

/* Copies leaflet.js, leaflet.css and images/ (*.png) from the folder in
 * $VK_LEAFLET_DIR, or VIEWER_LEAFLET_DIR, to dir/leaflet/. VK_EIO naming
 * the missing file and the package libjs-leaflet. */
vk_status vk_viewer_copy_leaflet(const char *dir, vk_error *err);

#define VIEWER_LEAFLET_DIR "/usr/share/javascript/leaflet"


#endif
