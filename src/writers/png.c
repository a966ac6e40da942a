/* SPDX-License-Identifier: MIT */
/* PNG encoding with libpng: 8-bit RGB or RGBA, pixel density, no time
 * chunk, so identical pixels give identical files; palette images (tiles)
 * are filtered and deflated here and framed by libpng. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vk/writers.h"
#include "writers_priv.h"

/* libpng's own limit on a side is 1,000,000; the page sizes we make stay
 * far below, this only guards the size arithmetic. */
#define MAX_SIDE 1000000
/* Bytes of compressed image data per IDAT chunk (tiles need one). */
#define IDAT_MAX (1u << 20)

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
    vk_bytes_append(b, data, n);
}

void
vk_bytes_append(vk_bytes *b, const void *data, size_t n)
{
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

/* The smallest PNG bit depth for npal palette entries. */
static int
index_depth(int npal)
{
    return npal <= 2 ? 1 : npal <= 4 ? 2 : npal <= 16 ? 4 : 8;
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

#ifdef __SSE2__
        /* 32 indices (each < 16) a step: in each 16-bit lane s0 | s1 << 8,
         * (lane << 4 | lane >> 8) has s0 << 4 | s1 in its low byte; the
         * low bytes are packed into 16. */
        const __m128i lo = _mm_set1_epi16(0x00ff);

        for (; b + 16 <= full; b += 16, x += 32) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(src + x));
            __m128i c = _mm_loadu_si128(
                (const __m128i *)(const void *)(src + x + 16));

            a = _mm_and_si128(
                _mm_or_si128(_mm_slli_epi16(a, 4), _mm_srli_epi16(a, 8)), lo);
            c = _mm_and_si128(
                _mm_or_si128(_mm_slli_epi16(c, 4), _mm_srli_epi16(c, 8)), lo);
            _mm_storeu_si128((__m128i *)(void *)(row + b),
                             _mm_packus_epi16(a, c));
        }
#endif

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

/* What to encode: RGBA rows of 4 bytes per pixel, or an indexed image
 * whose data is already compressed (pal and idat given). */
typedef struct png_req {
    const uint8_t *px;
    int width, height;
    size_t stride;
    const uint8_t *pal; /* npal RGBA entries, or NULL: truecolour */
    int npal, zlevel;
    double dpi;         /* > 0: a pHYs chunk */
    int opaque;         /* truecolour without alpha */
    /* indexed: the image data, filtered and compressed (see
     * vk_png_encode_indexed), which libpng frames as IDAT */
    const uint8_t *idat;
    size_t idat_len;
} png_req;

/* The libpng calls; kept apart so that no local of this function changes
 * between setjmp and a longjmp. Returns 0 or -1 after a libpng error. */
static int
encode(png_structp png, png_infop info, const png_req *im)
{
    const int depth = im->pal == NULL ? 8 : index_depth(im->npal);

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

    if (im->idat != NULL) {
        /* libpng writes the chunks (lengths, CRCs), the data is ours. */
        for (size_t off = 0; off < im->idat_len;) {
            size_t n = im->idat_len - off < IDAT_MAX ? im->idat_len - off
                                                      : IDAT_MAX;

            png_write_chunk(png, (png_const_bytep) "IDAT", im->idat + off, n);
            off += n;
        }
        png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
        return 0;
    }
    /* Rows stay RGBA in memory; for an RGB file libpng drops the 4th byte
     * of each pixel. */
    if (im->opaque)
        png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (int y = 0; y < im->height; y++)
        png_write_row(png, im->px + (size_t)y * im->stride);
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
    png_req im = {rgba, width, height, stride, NULL, 0, 6, dpi, 0, NULL, 0};

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

/* Indexed images are filtered and compressed here and framed by libpng:
 * the rows with the Up filter (a row that repeats the one above is zeros)
 * and one zlib stream with the run-length strategy, kept from image to
 * image. Palette images compress best unfiltered (PNG spec 12.8) as a
 * rule; map tiles (flat areas, a few colours) are the exception: on the
 * national tiles of one layer, 2 % smaller and a third less time than
 * unfiltered at level 3. libpng's own row path called zlib per row,
 * checked every index against the palette and filtered byte by byte: a
 * quarter more time per tile for the same stream. */
struct vk_png_enc {
    z_stream zs;
    int zlevel;        /* zs made for this level; -1: no zs yet */
    uint8_t *filt;     /* the filtered rows, each after its filter byte */
    size_t filt_cap;
    uint8_t *row[2];   /* rows packed below 8 bits: this one, the last */
    size_t row_cap;
    vk_bytes idat;     /* the zlib stream */
};

vk_png_enc *
vk_png_enc_create(void)
{
    vk_png_enc *e = vk_xcalloc(1, sizeof *e);

    e->zlevel = -1;
    return e;
}

void
vk_png_enc_destroy(vk_png_enc *e)
{
    if (e == NULL)
        return;
    if (e->zlevel >= 0)
        deflateEnd(&e->zs);
    free(e->filt);
    free(e->row[0]);
    free(e->row[1]);
    free(e->idat.data);
    free(e);
}

/* out = cur - above, bytewise (the Up filter). */
static void
up_filter(uint8_t *out, const uint8_t *cur, const uint8_t *above, size_t n)
{
    size_t x = 0;

#ifdef __SSE2__
    for (; x + 16 <= n; x += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(cur + x));
        __m128i b =
            _mm_loadu_si128((const __m128i *)(const void *)(above + x));

        _mm_storeu_si128((__m128i *)(void *)(out + x), _mm_sub_epi8(a, b));
    }
#endif
    for (; x < n; x++)
        out[x] = (uint8_t)(cur[x] - above[x]);
}

/* The rows of index at depth bits a pixel, packed and filtered into
 * e->filt (the first row unfiltered: there is no row above). Returns
 * the number of bytes. */
static size_t
filter_rows(vk_png_enc *e, const uint8_t *index, int width, int height,
            size_t stride, int depth)
{
    size_t rb = ((size_t)width * (size_t)depth + 7) / 8;
    size_t n = (rb + 1) * (size_t)height;
    const uint8_t *above = NULL;

    if (n > e->filt_cap) {
        free(e->filt);
        e->filt = vk_xmalloc(n);
        e->filt_cap = n;
    }
    if (depth < 8 && rb > e->row_cap) {
        for (int k = 0; k < 2; k++) {
            free(e->row[k]);
            e->row[k] = vk_xmalloc(rb);
        }
        e->row_cap = rb;
    }
    for (int y = 0; y < height; y++) {
        const uint8_t *cur = index + (size_t)y * stride;
        uint8_t *o = e->filt + (size_t)y * (rb + 1);

        if (depth < 8) {
            pack_row(e->row[y & 1], cur, width, depth, 8 / depth);
            cur = e->row[y & 1];
        }
        if (above == NULL) {
            o[0] = PNG_FILTER_VALUE_NONE;
            memcpy(o + 1, cur, rb);
        } else {
            o[0] = PNG_FILTER_VALUE_UP;
            up_filter(o + 1, cur, above, rb);
        }
        above = cur;
    }
    return n;
}

/* Compresses n bytes of e->filt into e->idat as one zlib stream. Returns
 * 0, or -1 with zlib's message in msg. */
static int
compress_rows(vk_png_enc *e, size_t n, int zlevel, char *msg, size_t size)
{
    const uint8_t *in = e->filt;
    int rc;

    if (e->zlevel != zlevel) {
        if (e->zlevel >= 0)
            deflateEnd(&e->zs);
        memset(&e->zs, 0, sizeof e->zs);
        e->zlevel = -1;
        if ((rc = deflateInit2(&e->zs, zlevel, Z_DEFLATED, 15, 8, Z_RLE)) !=
            Z_OK) {
            snprintf(msg, size, "zlib: cannot start (%d)", rc);
            return -1;
        }
        e->zlevel = zlevel;
    } else if (deflateReset(&e->zs) != Z_OK) {
        snprintf(msg, size, "zlib: cannot restart");
        return -1;
    }
    e->idat.len = 0;
    do {
        /* zlib counts in unsigned int: big images go in pieces. */
        uInt piece = n > UINT_MAX ? UINT_MAX : (uInt)n;
        size_t room = deflateBound(&e->zs, piece) + 64;

        if (e->idat.len + room > e->idat.cap) {
            e->idat.cap = e->idat.len + room;
            e->idat.data = vk_xreallocarray(e->idat.data, e->idat.cap, 1);
        }
        e->zs.next_in = (Bytef *)(uintptr_t)in;
        e->zs.avail_in = piece;
        in += piece;
        n -= piece;
        do {
            size_t avail = e->idat.cap - e->idat.len;

            if (avail == 0) {
                e->idat.cap *= 2;
                e->idat.data =
                    vk_xreallocarray(e->idat.data, e->idat.cap, 1);
                avail = e->idat.cap - e->idat.len;
            }
            e->zs.next_out = e->idat.data + e->idat.len;
            e->zs.avail_out = avail > UINT_MAX ? UINT_MAX : (uInt)avail;
            rc = deflate(&e->zs, n == 0 ? Z_FINISH : Z_NO_FLUSH);
            e->idat.len = (size_t)(e->zs.next_out - e->idat.data);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                snprintf(msg, size, "zlib: %s",
                         e->zs.msg ? e->zs.msg : "deflate failed");
                return -1;
            }
        } while (e->zs.avail_in > 0 || (n == 0 && rc != Z_STREAM_END));
    } while (n > 0);
    return 0;
}

static vk_status
check_request(const uint8_t *px, int width, int height, size_t stride,
              size_t bpp, int npal, int zlevel, vk_error *err)
{
    if (px == NULL || width <= 0 || height <= 0 || width > MAX_SIDE ||
        height > MAX_SIDE || zlevel < 0 || zlevel > 9 ||
        stride < bpp * (size_t)width || (bpp == 1 && (npal < 1 || npal > 256)))
        return VK_FAIL(err, VK_EINTERNAL, "bad PNG request: %d x %d "
                       "pixels, stride %zu, %d colours", width, height,
                       stride, npal);
    return VK_OK;
}

vk_status
vk_png_encode_indexed(vk_png_enc *enc, vk_bytes *out, const uint8_t *index,
                      int width, int height, size_t stride,
                      const uint8_t *palette_rgba, int npal, int zlevel,
                      vk_error *err)
{
    vk_png_enc *e = enc != NULL ? enc : vk_png_enc_create();
    png_job j = {.out = out};
    png_req im = {index, width, height, stride, palette_rgba, npal, zlevel,
                  0, 0, NULL, 0};
    const int depth = index_depth(npal);
    vk_status st = VK_OK;

    if (palette_rgba == NULL)
        st = VK_FAIL(err, VK_EINTERNAL, "indexed PNG without a palette");
    else
        st = check_request(index, width, height, stride, 1, npal, zlevel,
                           err);
    if (st == VK_OK &&
        compress_rows(e, filter_rows(e, index, width, height, stride, depth),
                      zlevel, j.msg, sizeof j.msg) != 0)
        st = VK_FAIL(err, VK_EINTERNAL, "PNG encoding failed: %s", j.msg);
    if (st == VK_OK) {
        im.idat = e->idat.data;
        im.idat_len = e->idat.len;
        st = encode_png(&j, NULL, &im, err);
    }
    if (enc == NULL)
        vk_png_enc_destroy(e);
    return st;
}

vk_status
vk_png_encode_rgba_mem(vk_bytes *out, const uint8_t *rgba, int width,
                       int height, size_t stride, int zlevel, vk_error *err)
{
    png_job j = {.out = out};
    png_req im = {rgba, width, height, stride, NULL, 0, zlevel, 0, 0,
                  NULL, 0};

    if (check_request(rgba, width, height, stride, 4, 0, zlevel, err) !=
        VK_OK)
        return err->code;
    return encode_png(&j, NULL, &im, err);
}
