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
