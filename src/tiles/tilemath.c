/* SPDX-License-Identifier: MIT */
/* Tile math of the Google/OSM XYZ scheme in Web Mercator (EPSG:3857).
 *
 * How it works: the world from -180 to 180 degrees and from -85.0511 to
 * 85.0511 degrees latitude maps onto a square of 2 * VK_MERC_HALF_M metres
 * (spherical Mercator, radius 6378137 m, x = R lon, y = R asinh(tan lat)).
 * At zoom z the square is cut into 2^z by 2^z tiles, x from the west, y from
 * the north; TMS counts y from the south instead. See
 * https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames. */
#include <math.h>
#include <stdint.h>

#include "vk/tiles.h"

#define EARTH_R_M 6378137.0
#define PI 3.14159265358979323846
#define MAX_LAT_DEG 85.05112877980659

void
vk_merc_from_lonlat(double lon_deg, double lat_deg, double *x_m, double *y_m)
{
    double lat = fmax(-MAX_LAT_DEG, fmin(MAX_LAT_DEG, lat_deg));

    *x_m = EARTH_R_M * lon_deg * PI / 180.0;
    *y_m = EARTH_R_M * asinh(tan(lat * PI / 180.0));
}

void
vk_merc_to_lonlat(double x_m, double y_m, double *lon_deg, double *lat_deg)
{
    *lon_deg = x_m / EARTH_R_M * 180.0 / PI;
    *lat_deg = atan(sinh(y_m / EARTH_R_M)) * 180.0 / PI;
}

void
vk_tile_from_lonlat(double lon_deg, double lat_deg, int z, double *fx,
                    double *fy)
{
    double x, y, n = ldexp(1.0, z);

    vk_merc_from_lonlat(lon_deg, lat_deg, &x, &y);
    *fx = (x + VK_MERC_HALF_M) / (2 * VK_MERC_HALF_M) * n;
    *fy = (VK_MERC_HALF_M - y) / (2 * VK_MERC_HALF_M) * n;
}

void
vk_tile_bounds_merc(int z, long x, long y, vk_bbox *out)
{
    double size = 2 * VK_MERC_HALF_M / ldexp(1.0, z);

    out->minx = -VK_MERC_HALF_M + (double)x * size;
    out->maxx = -VK_MERC_HALF_M + (double)(x + 1) * size;
    out->maxy = VK_MERC_HALF_M - (double)y * size;
    out->miny = VK_MERC_HALF_M - (double)(y + 1) * size;
}

void
vk_tile_bounds_lonlat(int z, long x, long y, vk_bbox *out)
{
    vk_bbox m;

    vk_tile_bounds_merc(z, x, y, &m);
    vk_merc_to_lonlat(m.minx, m.miny, &out->minx, &out->miny);
    vk_merc_to_lonlat(m.maxx, m.maxy, &out->maxx, &out->maxy);
}

long
vk_tile_flip_y(int z, long y)
{
    return (1L << z) - 1 - y;
}

/* Tile index of a coordinate along one axis, clamped to the world. */
static long
tile_index(double t, long n)
{
    double f = floor(t);

    if (!(f >= 0))
        return 0;
    if (f >= (double)n)
        return n - 1;
    return (long)f;
}

void
vk_tile_range_of(const vk_bbox *merc, int z, vk_tile_range *out)
{
    long n = 1L << z;
    double k = (double)n / (2 * VK_MERC_HALF_M);

    out->z = z;
    if (vk_bbox_empty(merc)) {
        out->x0 = out->y0 = 0;
        out->x1 = out->y1 = -1;
        return;
    }
    out->x0 = tile_index((merc->minx + VK_MERC_HALF_M) * k, n);
    out->x1 = tile_index((merc->maxx + VK_MERC_HALF_M) * k, n);
    out->y0 = tile_index((VK_MERC_HALF_M - merc->maxy) * k, n);
    out->y1 = tile_index((VK_MERC_HALF_M - merc->miny) * k, n);
}

uint64_t
vk_tile_count(const vk_bbox *merc, int zmin, int zmax)
{
    uint64_t total = 0;

    for (int z = zmin; z <= zmax; z++) {
        vk_tile_range r;
        uint64_t w, h;

        vk_tile_range_of(merc, z, &r);
        if (r.x0 > r.x1 || r.y0 > r.y1)
            continue;
        w = (uint64_t)(r.x1 - r.x0 + 1);
        h = (uint64_t)(r.y1 - r.y0 + 1);
        /* w and h are below 2^25, so w * h fits; the sum may not. */
        if (total > UINT64_MAX - w * h)
            return UINT64_MAX;
        total += w * h;
    }
    return total;
}

/* splitmix64's finaliser: every input bit moves every output bit. */
static uint64_t
mix64(uint64_t v)
{
    v ^= v >> 30;
    v *= 0xbf58476d1ce4e5b9u;
    v ^= v >> 27;
    v *= 0x94d049bb133111ebu;
    v ^= v >> 31;
    return v;
}

int
vk_tile_shard(int z, long mx, long my, int n)
{
    uint64_t key = ((uint64_t)z << 54) ^ ((uint64_t)mx << 27) ^
                   (uint64_t)my;

    if (n <= 1)
        return 0;
    return (int)(mix64(key + 0x9e3779b97f4a7c15u) % (uint64_t)n);
}
