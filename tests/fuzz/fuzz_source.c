/* SPDX-License-Identifier: MIT */
/* Fuzz target: the vector source through GDAL's in-memory files. The first
 * byte picks the form: even, the rest is a GeoJSON file; odd, the rest is a
 * Shapefile set, its .shp, .shx, .dbf and .prj joined by the separator
 * "\n--VKFUZZ--\n" (as MapServer's shape fuzzer does). Bit 1 passes --crs
 * EPSG:28992 for sources without a CRS. Then the boundaries are read with
 * wijken and gemeenten dissolved, as veerkracht check does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "vk/vk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n--VKFUZZ--\n"

static void
put(const char *path, const uint8_t *data, size_t size)
{
    /* VSIFileFromMemBuffer does not copy: hand it its own copy. */
    GByte *copy = CPLMalloc(size ? size : 1);

    memcpy(copy, data, size);
    VSIFCloseL(VSIFileFromMemBuffer(path, copy, (vsi_l_offset)size, TRUE));
}

static const uint8_t *
find_sep(const uint8_t *p, const uint8_t *end)
{
    size_t n = strlen(SEP);

    for (; p + n <= end; p++)
        if (memcmp(p, SEP, n) == 0)
            return p;
    return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const shp[] = {"/vsimem/fuzz/b.shp",
                                      "/vsimem/fuzz/b.shx",
                                      "/vsimem/fuzz/b.dbf",
                                      "/vsimem/fuzz/b.prj"};
    vk_source_opts opts = {0};
    vk_boundaries *b = NULL;
    const char *path;
    vk_error err;

    if (size < 1)
        return 0;
    GDALAllRegister();
    if (data[0] & 2)
        opts.crs = "EPSG:28992";
    if ((data[0] & 1) == 0) {
        path = "/vsimem/fuzz/b.geojson";
        put(path, data + 1, size - 1);
    } else {
        const uint8_t *p = data + 1, *end = data + size;

        for (int i = 0; i < 4 && p != NULL; i++) {
            const uint8_t *s = find_sep(p, end);

            put(shp[i], p, (size_t)((s ? s : end) - p));
            p = s ? s + strlen(SEP) : NULL;
        }
        path = shp[0];
    }
    vk_error_init(&err);
    if (vk_source_read_boundaries(path, &opts, &b, &err) == VK_OK)
        vk_boundaries_destroy(b);
    VSIRmdirRecursive("/vsimem/fuzz");
    return 0;
}
