/* SPDX-License-Identifier: MIT */
/* PNG encoding with libpng: 8-bit RGB or RGBA, pixel density, no time
 * chunk, so identical pixels give identical files. */
#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "vk/writers.h"
#include "writers_priv.h"

/* libpng's own limit on a side is 1,000,000; the page sizes we make stay
 * far below, this only guards the size arithmetic. */
#define MAX_SIDE 1000000
/* Widest palette image packed to 1, 2 or 4 bits here (a row on the
 * stack); wider ones are packed by libpng. */
#define PACK_MAX 4096

/* State shared with the libpng callbacks: the output is a file or
 * memory. */
typedef struct png_job {
    FILE *fp;        /* the file, or NULL for */
    vk_bytes *out;   /* memory */
    int errnum;      /* errno of a failed file write, 0 if none */
    char msg[256];   /* libpng's error message */
} png_job;

static void
on_error(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);

    snprintf(j->msg, sizeof j->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
    /* Library code never prints; warnings of libpng carry nothing the user
     * can act on for data we produced ourselves. */
    (void)png;
    (void)msg;
}

static void
on_write(png_structp png, png_bytep data, size_t n)
{
    png_job *j = png_get_io_ptr(png);
    vk_bytes *b = j->out;

    if (j->fp != NULL) {
        errno = 0;
        if (fwrite(data, 1, n, j->fp) != n) {
            j->errnum = errno != 0 ? errno : EIO;
            png_error(png, "write failed");
        }
        return;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;

        while (cap < b->len + n)
            cap *= 2;
        b->data = vk_xreallocarray(b->data, cap, 1);
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void
on_flush(png_structp png)
{
    png_job *j = png_get_io_ptr(png);

    errno = 0;
    if (j->fp != NULL && fflush(j->fp) != 0) {
        j->errnum = errno != 0 ? errno : EIO;
        png_error(png, "write failed");
    }
}

/* 1 when every pixel is opaque, so the alpha channel can be left out. */
static int
all_opaque(const uint8_t *rgba, int width, int height, size_t stride)
{
    for (int y = 0; y < height; y++) {
        const uint8_t *row = rgba + (size_t)y * stride;

        for (int x = 0; x < width; x++)
            if (row[4 * (size_t)x + 3] != 255)
                return 0;
    }
    return 1;
}

static int
little_endian(void)
{
    const uint16_t one = 1;
    uint8_t b;

    memcpy(&b, &one, 1);
    return b == 1;
}

/* Packs width indices of src into row at depth bits each (1, 2 or 4; per
 * = 8 / depth a byte), leftmost pixel in the high bits as PNG wants. A
 * loop per depth with constant shifts. */
static void
pack_row(uint8_t *row, const uint8_t *src, int width, int depth, int per)
{
    int full = width / per, x = 0;

    if (depth == 4) {
        int b = 0;

        /* Eight indices (each < 16) at a time, on little-endian machines:
         * with s0..s7 in one word, (w << 4 | w >> 8) holds s0 << 4 | s1
         * in byte 0, s2 << 4 | s3 in byte 2, and so on; the even bytes
         * are gathered into four. A sixth of a nine-layer run's encoding
         * time went to the byte loop. */
        if (little_endian())
            for (; b + 4 <= full; b += 4, x += 8) {
                uint64_t w, u;
                uint32_t o;

                memcpy(&w, src + x, 8);
                u = (w << 4 | w >> 8) & 0x00ff00ff00ff00ffull;
                u = (u | u >> 8) & 0x0000ffff0000ffffull;
                u = (u | u >> 16) & 0x00000000ffffffffull;
                o = (uint32_t)u;
                memcpy(row + b, &o, 4);
            }
        for (; b < full; b++, x += 2)
            row[b] = (uint8_t)(src[x] << 4 | src[x + 1]);
    } else if (depth == 2)
        for (int b = 0; b < full; b++, x += 4)
            row[b] = (uint8_t)(src[x] << 6 | src[x + 1] << 4 |
                               src[x + 2] << 2 | src[x + 3]);
    else
        for (int b = 0; b < full; b++, x += 8)
            row[b] = (uint8_t)(src[x] << 7 | src[x + 1] << 6 |
                               src[x + 2] << 5 | src[x + 3] << 4 |
                               src[x + 4] << 3 | src[x + 5] << 2 |
                               src[x + 6] << 1 | src[x + 7]);
    if (x < width) { /* the last, partial byte */
        uint8_t v = 0;

        for (int k = 0; x + k < width; k++)
            v |= (uint8_t)(src[x + k] << (8 - depth * (k + 1)));
        row[full] = v;
    }
}

/* What to encode: rows of 1 (indexed, pal given) or 4 (RGBA) bytes per
 * pixel. */
typedef struct png_req {
    const uint8_t *px;
    int width, height;
    size_t stride;
    const uint8_t *pal; /* npal RGBA entries, or NULL: truecolour */
    int npal, zlevel;
    double dpi;         /* > 0: a pHYs chunk */
    int opaque;         /* truecolour without alpha */
    int up_rle;         /* indexed: Up filter and zlib's Z_RLE */
} png_req;

/* The libpng calls; kept apart so that no local of this function changes
 * between setjmp and a longjmp. Returns 0 or -1 after a libpng error. */
static int
encode(png_structp png, png_infop info, const png_req *im)
{
    const int depth = im->pal == NULL ? 8
                      : im->npal <= 2  ? 1
                      : im->npal <= 4  ? 2
                      : im->npal <= 16 ? 4
                                       : 8;

    if (setjmp(png_jmpbuf(png)))
        return -1;

    png_set_write_fn(png, png_get_error_ptr(png), on_write, on_flush);
    png_set_compression_level(png, im->zlevel);
    if (im->pal != NULL) {
        png_color colors[256];
        png_byte alpha[256];
        int ntrans = 0;

        for (int i = 0; i < im->npal; i++) {
            colors[i].red = im->pal[4 * i];
            colors[i].green = im->pal[4 * i + 1];
            colors[i].blue = im->pal[4 * i + 2];
            alpha[i] = im->pal[4 * i + 3];
            if (alpha[i] != 255)
                ntrans = i + 1; /* tRNS may stop after the last one */
        }
        /* Palette images compress best unfiltered (PNG spec 12.8), as a
         * rule. Map tiles (flat areas, a few colours) are the exception:
         * with the Up filter a row that repeats the one above is zeros,
         * which zlib's run-length strategy packs at once. On the national
         * tiles of one layer: 2 % smaller and a third less time than
         * unfiltered at level 3 (0.23 against 0.35 s for 1,611 tiles). */
        png_set_filter(png, PNG_FILTER_TYPE_BASE,
                       im->up_rle ? PNG_FILTER_UP : PNG_FILTER_NONE);
        if (im->up_rle)
            png_set_compression_strategy(png, Z_RLE);
#ifdef PNG_WRITE_CHECK_FOR_INVALID_INDEX_SUPPORTED
        /* Every index is below npal by construction (the caller built the
         * palette from the pixels); libpng's check of each row for a
         * higher one was a sixth of a tile's encoding time. */
        png_set_check_for_invalid_index(png, 0);
#endif
        png_set_IHDR(png, info, (png_uint_32)im->width,
                     (png_uint_32)im->height, depth, PNG_COLOR_TYPE_PALETTE,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_set_PLTE(png, info, colors, im->npal);
        if (ntrans > 0)
            png_set_tRNS(png, info, alpha, ntrans, NULL);
    } else {
        png_set_IHDR(png, info, (png_uint_32)im->width,
                     (png_uint_32)im->height, 8,
                     im->opaque ? PNG_COLOR_TYPE_RGB
                                : PNG_COLOR_TYPE_RGB_ALPHA,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
    }
    if (im->dpi > 0) {
        /* pHYs counts pixels per metre; one inch is 0.0254 m. */
        png_uint_32 ppm = (png_uint_32)lround(im->dpi / 0.0254);

        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);

    if (depth < 8 && im->width <= PACK_MAX) {
        /* Rows packed here: libpng's own packing (png_set_packing) took a
         * sixth of a tile's encoding time. */
        uint8_t row[PACK_MAX];

        for (int y = 0; y < im->height; y++) {
            pack_row(row, im->px + (size_t)y * im->stride, im->width, depth,
                     8 / depth);
            png_write_row(png, row);
        }
    } else {
        if (depth < 8)
            png_set_packing(png);
        /* Rows stay RGBA in memory; for an RGB file libpng drops the 4th
         * byte of each pixel. */
        if (im->pal == NULL && im->opaque)
            png_set_filler(png, 0, PNG_FILLER_AFTER);
        for (int y = 0; y < im->height; y++)
            png_write_row(png, im->px + (size_t)y * im->stride);
    }
    png_write_end(png, info);
    return 0;
}

/* Encodes im into j's file or memory; errors name name (may be NULL). */
static vk_status
encode_png(png_job *j, const char *name, png_req *im, vk_error *err)
{
    png_structp png;
    png_infop info;
    int rc;

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, j, on_error,
                                  on_warning);
    info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "cannot set up the PNG encoder");
    }
    /* An opaque image is written as RGB: a quarter smaller, same look. */
    if (im->pal == NULL)
        im->opaque = all_opaque(im->px, im->width, im->height, im->stride);
    rc = encode(png, info, im);
    png_destroy_write_struct(&png, &info);

    /* Write errors name the file; anything else from libpng is ours. */
    if (rc != 0 && j->errnum != 0)
        return vk_writers_fail_errno(err, name, "write", j->errnum);
    if (rc != 0)
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "PNG encoding failed: %s", j->msg);
    return VK_OK;
}

vk_status
vk_png_write_rgba(FILE *fp, const char *name, const uint8_t *rgba,
                  int width, int height, size_t stride, double dpi,
                  vk_error *err)
{
    png_job j = {.fp = fp};
    png_req im = {rgba, width, height, stride, NULL, 0, 6, dpi, 0, 0};

    /* Check the request before libpng sees it. */
    if (fp == NULL || rgba == NULL || width <= 0 || height <= 0 ||
        width > MAX_SIDE || height > MAX_SIDE ||
        stride < 4 * (size_t)width || !(dpi >= 0 && dpi <= 1e6))
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "bad PNG request: %d x %d pixels, stride %zu, "
                          "%g dpi", width, height, stride, dpi);
    if (encode_png(&j, name, &im, err) != VK_OK)
        return err->code;

    /* Surface buffered write errors (a full disk) now, not at close. */
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return vk_writers_fail_errno(err, name, "write",
                                     errno != 0 ? errno : EIO);
    return VK_OK;
}

/* ---- encoding into memory (tiles) ------------------------------------- */

static vk_status
encode_to_mem(vk_bytes *out, const uint8_t *px, int width, int height,
              size_t stride, const uint8_t *pal, int npal, int zlevel,
              vk_error *err)
{
    png_job j = {.out = out};
    png_req im = {px, width, height, stride, pal, npal, zlevel, 0, 0,
                  pal != NULL};

    if (px == NULL || width <= 0 || height <= 0 || width > MAX_SIDE ||
        height > MAX_SIDE || zlevel < 0 || zlevel > 9 ||
        stride < (pal ? 1 : 4) * (size_t)width ||
        (pal != NULL && (npal < 1 || npal > 256)))
        return VK_FAIL(err, VK_EINTERNAL, "bad PNG request: %d x %d "
                       "pixels, stride %zu, %d colours", width, height,
                       stride, npal);
    return encode_png(&j, NULL, &im, err);
}

vk_status
vk_png_encode_indexed(vk_bytes *out, const uint8_t *index, int width,
                      int height, size_t stride, const uint8_t *palette_rgba,
                      int npal, int zlevel, vk_error *err)
{
    if (palette_rgba == NULL)
        return VK_FAIL(err, VK_EINTERNAL, "indexed PNG without a palette");
    return encode_to_mem(out, index, width, height, stride, palette_rgba,
                         npal, zlevel, err);
}

vk_status
vk_png_encode_rgba_mem(vk_bytes *out, const uint8_t *rgba, int width,
                       int height, size_t stride, int zlevel, vk_error *err)
{
    return encode_to_mem(out, rgba, width, height, stride, NULL, 0, zlevel,
                         err);
}
