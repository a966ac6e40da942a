/* SPDX-License-Identifier: MIT */
/* Gzip in memory (zlib), for the directories and metadata of PMTiles
 * archives. */
#include <string.h>

#include <zlib.h>

#include "vk/writers.h"

vk_status
vk_gzip(const void *data, size_t n, vk_bytes *out, vk_error *err)
{
    z_stream z;
    uLong bound;
    int rc;

    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper; zlib writes its header with no
     * name and a zero time, so the bytes are deterministic. */
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return VK_FAIL(err, VK_EINTERNAL, "zlib cannot start a gzip stream");
    bound = deflateBound(&z, (uLong)n) + 32;
    out->len = 0;
    if (out->cap < bound) {
        out->data = vk_xreallocarray(out->data, bound, 1);
        out->cap = bound;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)n;
    z.next_out = out->data;
    z.avail_out = (uInt)bound;
    rc = deflate(&z, Z_FINISH);
    out->len = bound - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return VK_FAIL(err, VK_EINTERNAL, "zlib cannot gzip %zu bytes", n);
    return VK_OK;
}
