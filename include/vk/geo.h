/* SPDX-License-Identifier: MIT */
/* Coordinate transformations with PROJ. The only module that uses PROJ. */
#ifndef VK_GEO_H
#define VK_GEO_H

#include "vk/core.h"
#include "vk/source.h"

/* Transforms every coordinate of fs in place to target_crs (anything
 * proj_create accepts: "EPSG:28992", WKT, PROJ string), updating bboxes,
 * extent and the CRS fields. Returns VK_OK or VK_EPROJ. */
vk_status vk_geo_transform(vk_features *fs, const char *target_crs,
                           vk_error *err);

/* Transforms several feature sets (buurten, wijken, gemeenten) to
 * target_crs as vk_geo_transform does, each distinct point once: the levels
 * share most of their vertices, and equal points stay equal. Many points
 * in a projected CRS go through a 1 km grid of PROJ control points with
 * bilinear interpolation (under 3 cm from RD New to Web Mercator, below a
 * pixel even at zoom 22); few points, or lon/lat, through PROJ each. Sets
 * in different CRSs are transformed one by one. */
vk_status vk_geo_transform_sets(vk_features **sets, int nsets,
                                const char *target_crs, vk_error *err);

/* Picks a CRS to draw a geographic (lon/lat) set in: RD New when the extent
 * lies in the Netherlands, else the UTM zone of its centre. Returns a
 * constant string like "EPSG:28992" or "EPSG:32631". */
const char *vk_geo_pick_projected(const vk_bbox *lonlat);

#endif
