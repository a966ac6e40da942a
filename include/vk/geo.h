/* SPDX-License-Identifier: MIT */
/* Coordinate transformations with PROJ. The only module that uses PROJ. */
#ifndef VK_GEO_H
#define VK_GEO_H

#include "vk/core.h"
#include "vk/source.h"

/* Transforms every coordinate of fs in place to target_crs (anything
 * proj_create accepts: "EPSG:28992", WKT, PROJ string), updating bboxes,
 * extent and the CRS fields. Lon/lat features reaching past 180 degrees
 * (read whole across the antimeridian) are first split there
 * (vk_features_wrap_dateline); lon/lat going to "EPSG:3857" is held
 * within its latitudes (+-85.0511 degrees: the poles on its edge). Returns
 * VK_OK or VK_EPROJ. */
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

/* The lon/lat extent of fs (in lon/lat or EPSG:3857) over the narrowest
 * range of longitudes that holds its polygons: for data across the
 * antimeridian minx < 180 < maxx (179 .. 181 for rings from 179 to -179
 * degrees, split there), else the extent as it is. Returns 1, or 0 (out
 * untouched) when fs is empty or in another CRS. */
int vk_geo_lonlat_extent(const vk_features *fs, vk_bbox *out);

/* Picks a CRS to draw lon/lat data of this extent in (as
 * vk_geo_lonlat_extent gives it: maxx may pass 180): RD New when it lies
 * in the Netherlands; the UTM zone of its centre when it is at most a
 * zone (6 degrees) wide; else an equal-area projection centred on it, to
 * whole degrees: Equal Earth when it spans more than 180 degrees of
 * longitude or 120 of latitude (the world; "EPSG:8857" when centred on
 * Greenwich, else "+proj=eqearth +lon_0=L +datum=WGS84 +units=m
 * +type=crs"), else Lambert azimuthal equal-area ("+proj=laea +lat_0=B
 * +lon_0=L +datum=WGS84 +units=m +type=crs", a continent). Returns a new
 * string (caller frees). */
char *vk_geo_pick_projected(const vk_bbox *lonlat);

/* Transforms the sets (lon/lat, as vk_geo_transform_sets does) to the CRS
 * picked for the extent of sets[0], centred on them: features across the
 * antimeridian stay whole, without a seam. A failure names that CRS as
 * the one veerkracht picked, not the source's as wrong. Sets in another
 * CRS are left as they are. Returns VK_OK or VK_EPROJ. */
vk_status vk_geo_to_picked(vk_features **sets, int nsets, vk_error *err);

#endif
