/* SPDX-License-Identifier: MIT */
/* PNG encoding with libpng: 8-bit RGB or RGBA, pixel density, no time
 * chunk, so identical pixels give identical files. */
#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "vk/writers.h"
#include "writers_priv.h"

/* libpng's own limit on a side is 1,000,000; the page sizes we make stay
 * far below, this only guards the size arithmetic. */
#define MAX_SIDE 1000000
/* Widest palette image packed to 1, 2 or 4 bits here (a row on the
 * stack); wider ones are packed by libpng. */
#define PACK_MAX 4096

/* State shared with the libpng callbacks. */
typedef struct png_out {
    FILE *fp;
    int errnum;      /* errno of a failed write, 0 if none */
    char msg[256];   /* libpng's error message */
} png_out;

static void
on_error(png_structp png, png_const_charp msg)
{
    png_out *o = png_get_error_ptr(png);

    snprintf(o->msg, sizeof o->msg, "%s", msg);
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
    png_out *o = png_get_io_ptr(png);

    errno = 0;
    if (fwrite(data, 1, n, o->fp) != n) {
        o->errnum = errno != 0 ? errno : EIO;
        png_error(png, "write failed");
    }
}

static void
on_flush(png_structp png)
{
    png_out *o = png_get_io_ptr(png);

    errno = 0;
    if (fflush(o->fp) != 0) {
        o->errnum = errno != 0 ? errno : EIO;
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

/* The libpng calls; kept apart so that no local of this function changes
 * between setjmp and a longjmp. Returns 0 or -1 after a libpng error. */
static int
encode(png_structp png, png_infop info, const uint8_t *rgba, int width,
       int height, size_t stride, double dpi, int opaque)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;

    png_set_write_fn(png, png_get_error_ptr(png), on_write, on_flush);
    png_set_compression_level(png, 6);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        /* pHYs counts pixels per metre; one inch is 0.0254 m. */
        png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);

        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);

    /* Rows stay RGBA in memory; for an RGB file libpng drops the 4th
     * byte of each pixel. */
    if (opaque)
        png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (int y = 0; y < height; y++)
        png_write_row(png, rgba + (size_t)y * stride);
    png_write_end(png, info);
    return 0;
}

vk_status
vk_png_write_rgba(FILE *fp, const char *name, const uint8_t *rgba,
                  int width, int height, size_t stride, double dpi,
                  vk_error *err)
{
    png_out o = {.fp = fp};
    png_structp png;
    png_infop info;
    int opaque, rc;

    /* Check the request before libpng sees it. */
    if (fp == NULL || rgba == NULL || width <= 0 || height <= 0 ||
        width > MAX_SIDE || height > MAX_SIDE ||
        stride < 4 * (size_t)width || !(dpi >= 0 && dpi <= 1e6))
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "bad PNG request: %d x %d pixels, stride %zu, "
                          "%g dpi", width, height, stride, dpi);

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &o, on_error,
                                  on_warning);
    info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "cannot set up the PNG encoder");
    }

    /* An opaque image is written as RGB: a quarter smaller, same look. */
    opaque = all_opaque(rgba, width, height, stride);
    rc = encode(png, info, rgba, width, height, stride, dpi, opaque);
    png_destroy_write_struct(&png, &info);

    /* Write errors name the file; anything else from libpng is ours. */
    if (rc != 0 && o.errnum != 0)
        return vk_writers_fail_errno(err, name, "write", o.errnum);
    if (rc != 0)
        return VK_FAIL_AT(err, VK_EINTERNAL, name, 0,
                          "PNG encoding failed: %s", o.msg);

    /* Surface buffered write errors (a full disk) now, not at close. */
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return vk_writers_fail_errno(err, name, "write",
                                     errno != 0 ? errno : EIO);
    return VK_OK;
}

/* ---- encoding into memory (tiles) ------------------------------------- */

typedef struct png_mem {
    vk_bytes *out;
    char msg[256];
} png_mem;

static void
on_mem_error(png_structp png, png_const_charp msg)
{
    png_mem *m = png_get_error_ptr(png);

    snprintf(m->msg, sizeof m->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void
on_mem_write(png_structp png, png_bytep data, size_t n)
{
    png_mem *m = png_get_io_ptr(png);
    vk_bytes *b = m->out;

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
on_mem_flush(png_structp png)
{
    (void)png;
}

/* Packs width indices of src into row at depth bits each (1, 2 or 4; per
 * = 8 / depth a byte), leftmost pixel in the high bits as PNG wants. A
 * loop per depth with constant shifts. */
static void
pack_row(uint8_t *row, const uint8_t *src, int width, int depth, int per)
{
    int full = width / per, x = 0;

    if (depth == 4)
        for (int b = 0; b < full; b++, x += 2)
            row[b] = (uint8_t)(src[x] << 4 | src[x + 1]);
    else if (depth == 2)
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

/* The libpng calls of a memory encode; rows of 1 (indexed) or 4 (RGBA)
 * bytes per pixel. pal NULL: truecolour. Returns 0 or -1. */
static int
encode_mem(png_structp png, png_infop info, const uint8_t *px, int width,
           int height, size_t stride, const uint8_t *pal, int npal,
           int zlevel, int opaque)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;

    png_set_write_fn(png, png_get_error_ptr(png), on_mem_write,
                     on_mem_flush);
    png_set_compression_level(png, zlevel);
    if (pal != NULL) {
        png_color colors[256];
        png_byte alpha[256];
        int depth = npal <= 2 ? 1 : npal <= 4 ? 2 : npal <= 16 ? 4 : 8;
        int ntrans = 0;

        for (int i = 0; i < npal; i++) {
            colors[i].red = pal[4 * i];
            colors[i].green = pal[4 * i + 1];
            colors[i].blue = pal[4 * i + 2];
            alpha[i] = pal[4 * i + 3];
            if (alpha[i] != 255)
                ntrans = i + 1; /* tRNS may stop after the last one */
        }
        /* Palette images compress best unfiltered (PNG spec 12.8). */
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height,
                     depth, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_set_PLTE(png, info, colors, npal);
        if (ntrans > 0)
            png_set_tRNS(png, info, alpha, ntrans, NULL);
        png_write_info(png, info);
        if (depth < 8 && width <= PACK_MAX) {
            /* Rows packed here: libpng's own packing (png_set_packing)
             * took a sixth of a tile's encoding time. */
            uint8_t row[PACK_MAX];
            int per = 8 / depth;

            for (int y = 0; y < height; y++) {
                pack_row(row, px + (size_t)y * stride, width, depth, per);
                png_write_row(png, row);
            }
            png_write_end(png, info);
            return 0;
        }
        if (depth < 8)
            png_set_packing(png);
    } else {
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                     opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        if (opaque)
            png_set_filler(png, 0, PNG_FILLER_AFTER);
    }
    for (int y = 0; y < height; y++)
        png_write_row(png, px + (size_t)y * stride);
    png_write_end(png, info);
    return 0;
}

static vk_status
encode_to_mem(vk_bytes *out, const uint8_t *px, int width, int height,
              size_t stride, const uint8_t *pal, int npal, int zlevel,
              vk_error *err)
{
    png_mem m = {.out = out};
    png_structp png;
    png_infop info;
    int rc, opaque = 0;

    if (px == NULL || width <= 0 || height <= 0 || width > MAX_SIDE ||
        height > MAX_SIDE || zlevel < 0 || zlevel > 9 ||
        stride < (pal ? 1 : 4) * (size_t)width ||
        (pal != NULL && (npal < 1 || npal > 256)))
        return VK_FAIL(err, VK_EINTERNAL, "bad PNG request: %d x %d "
                       "pixels, stride %zu, %d colours", width, height,
                       stride, npal);
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &m, on_mem_error,
                                  on_warning);
    info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return VK_FAIL(err, VK_EINTERNAL, "cannot set up the PNG encoder");
    }
    if (pal == NULL)
        opaque = all_opaque(px, width, height, stride);
    rc = encode_mem(png, info, px, width, height, stride, pal, npal, zlevel,
                    opaque);
    png_destroy_write_struct(&png, &info);
    if (rc != 0)
        return VK_FAIL(err, VK_EINTERNAL, "PNG encoding failed: %s", m.msg);
    return VK_OK;
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
