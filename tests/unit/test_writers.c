/* SPDX-License-Identifier: MIT */
/* Tests of the writers: atomic files (temporary, commit, abort, failures)
 * and PNG encoding read back with libpng. */
#include <dirent.h>
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vk_test.h"


/* Header fields through the classic API (the simplified one hides
 * pHYs). */
static int
png_header(FILE *fp, int *color_type, long *ppm)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
                                             NULL, NULL);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    png_uint_32 x = 0, y = 0;
    int unit = 0;

    if (info == NULL || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_init_io(png, fp);
    png_read_info(png, info);
    *color_type = png_get_color_type(png, info);
    *ppm = -1;
    if (png_get_pHYs(png, info, &x, &y, &unit) && x == y &&
        unit == PNG_RESOLUTION_METER)
        *ppm = (long)x;
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

uint8_t *
vk_test_png_read(const char *path, int *w, int *h, int *color_type,
                 long *ppm)
{
    png_image img;
    uint8_t *buf;
    FILE *fp = fopen(path, "rb");
    int rc;

    if (fp == NULL)
        return NULL;
    rc = png_header(fp, color_type, ppm);
    fclose(fp);
    if (rc != 0)
        return NULL;

    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return NULL;
    img.format = PNG_FORMAT_RGBA;
    buf = vk_xmalloc(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&img);
        return NULL;
    }
    *w = (int)img.width;
    *h = (int)img.height;
    return buf;
}

/* A fresh empty scratch folder under the build tree (static buffer). */
static const char *
fresh_dir(const char *name)
{
    static char dir[4096];
    char out[256], errbuf[256], *cmd;

    snprintf(dir, sizeof dir, "%s", vk_test_tmp(name));
    cmd = vk_xasprintf("chmod -R u+w '%s' 2>/dev/null; rm -rf '%s' && "
                       "mkdir -p '%s'", dir, dir, dir);
    vk_test_run(cmd, out, sizeof out, errbuf, sizeof errbuf);
    free(cmd);
    return dir;
}

/* Entries of a folder other than . and .., names joined by spaces. */
static int
list_dir(const char *dir, char *names, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    names[0] = '\0';
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        strncat(names, e->d_name, size - strlen(names) - 2);
        strcat(names, " ");
    }
    closedir(d);
    return n;
}

/* 1 when the n bytes of needle occur in data (memmem is not POSIX). */
static int
has_bytes(const char *data, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

static int
file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

static void
test_commit_leaves_only_final(void)
{
    const char *dir = fresh_dir("writers-commit");
    char *path = vk_xasprintf("%s/map.pdf", dir), *data, names[1024];
    vk_atomic a = {0};
    vk_error err;
    struct stat st;
    mode_t old_mask = umask(022);
    size_t len;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_atomic_open(&a, path, &err), VK_OK);

    /* While writing, only the temporary exists, beside the target. */
    CU_ASSERT_PTR_NOT_NULL(a.fp);
    CU_ASSERT_STRING_EQUAL(a.path, path);
    CU_ASSERT_EQUAL(strncmp(a.tmp_path, path, strlen(path)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(a.tmp_path, ".tmp-"));
    CU_ASSERT_TRUE(file_exists(a.tmp_path));
    CU_ASSERT_FALSE(file_exists(path));
    CU_ASSERT_EQUAL(vk_atomic_write(&a, "hello", 5, &err), VK_OK);
    CU_ASSERT_EQUAL(vk_atomic_commit(&a, &err), VK_OK);

    /* Afterwards: the final file with the data, nothing else, the mode a
     * plain fopen would give, and a cleared struct. */
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 1);
    CU_ASSERT_STRING_EQUAL(names, "map.pdf ");
    data = vk_test_slurp(path, &len);
    CU_ASSERT_TRUE(data != NULL && len == 5 && memcmp(data, "hello", 5) == 0);
    CU_ASSERT_TRUE(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    CU_ASSERT_PTR_NULL(a.fp);
    CU_ASSERT_PTR_NULL(a.tmp_path);
    CU_ASSERT_EQUAL(err.code, VK_OK);
    vk_atomic_abort(&a); /* no-op after commit */
    CU_ASSERT_TRUE(file_exists(path));
    umask(old_mask);
    free(data);
    free(path);
}

static void
test_commit_replaces_existing(void)
{
    const char *dir = fresh_dir("writers-replace");
    char *path = vk_xasprintf("%s/map.png", dir), *data, names[1024];
    vk_atomic a = {0};
    vk_error err;
    FILE *fp = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("old contents", fp);
    fclose(fp);
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_atomic_open(&a, path, &err), VK_OK);
    CU_ASSERT_EQUAL(vk_atomic_write(&a, "new", 3, &err), VK_OK);

    /* The old file stays readable until the commit. */
    data = vk_test_slurp(path, NULL);
    CU_ASSERT_TRUE(data != NULL && strcmp(data, "old contents") == 0);
    free(data);
    CU_ASSERT_EQUAL(vk_atomic_commit(&a, &err), VK_OK);
    data = vk_test_slurp(path, NULL);
    CU_ASSERT_TRUE(data != NULL && strcmp(data, "new") == 0);
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 1);
    free(data);
    free(path);
}

static void
test_abort_leaves_nothing(void)
{
    const char *dir = fresh_dir("writers-abort");
    char *path = vk_xasprintf("%s/map.pdf", dir), names[1024];
    vk_atomic a = {0}, zero = {0};
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_atomic_open(&a, path, &err), VK_OK);
    CU_ASSERT_EQUAL(vk_atomic_write(&a, "partial", 7, &err), VK_OK);
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 1);
    vk_atomic_abort(&a);
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 0);
    CU_ASSERT_PTR_NULL(a.fp);

    /* Abort is safe on NULL, a zeroed struct, and twice. */
    vk_atomic_abort(NULL);
    vk_atomic_abort(&zero);
    vk_atomic_abort(&a);
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 0);
    free(path);
}

/* The temporaries vk_atomic makes are known by their names (the sweeps
 * of atlas, tiles and done markers rest on it); other names are not. */
static void
test_temp_names(void)
{
    const char *dir = fresh_dir("writers-temp-names");
    char *path = vk_xasprintf("%s/map.pdf", dir), names[1024];
    vk_atomic a = {0};
    vk_error err;
    size_t stem = 0;

    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_atomic_open(&a, path, &err), VK_OK);
    CU_ASSERT_EQUAL_FATAL(list_dir(dir, names, sizeof names), 1);
    names[strlen(names) - 1] = '\0'; /* the trailing space */
    CU_ASSERT_TRUE(vk_atomic_is_temp(names, &stem));
    CU_ASSERT_EQUAL(stem, strlen("map.pdf"));
    vk_atomic_abort(&a);
    CU_ASSERT_TRUE(vk_atomic_is_temp("12.png.tmp-000042", &stem));
    CU_ASSERT_EQUAL(stem, strlen("12.png"));
    CU_ASSERT_TRUE(vk_atomic_is_temp("x.tmp-a1B2c3", NULL));
    CU_ASSERT_FALSE(vk_atomic_is_temp("map.pdf", &stem));
    CU_ASSERT_FALSE(vk_atomic_is_temp("map.pdf.tmp-12345", &stem));
    CU_ASSERT_FALSE(vk_atomic_is_temp("map.pdf.tmp-1234567", &stem));
    CU_ASSERT_FALSE(vk_atomic_is_temp("map.tmp-123456.pdf", &stem));
    CU_ASSERT_FALSE(vk_atomic_is_temp(".tmp-123456", &stem));
    free(path);
}

static void
test_open_missing_folder(void)
{
    const char *dir = fresh_dir("writers-missing");
    char *path = vk_xasprintf("%s/no-such-folder/map.pdf", dir);
    char msg[2048];
    vk_atomic a = {0};
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_atomic_open(&a, path, &err), VK_EIO);
    CU_ASSERT_EQUAL(err.code, VK_EIO);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    vk_error_format(&err, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no-such-folder\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, strerror(ENOENT)));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "exists and is writable"));
    CU_ASSERT_PTR_NULL(a.fp); /* out-parameter untouched on failure */
    CU_ASSERT_PTR_NULL(a.tmp_path);
    free(path);
}

static void
test_open_unwritable_folder(void)
{
    const char *dir = fresh_dir("writers-unwritable");
    char *plain = vk_xasprintf("%s/plain-file", dir);
    char *path = vk_xasprintf("%s/map.pdf", plain), msg[2048];
    vk_atomic a = {0};
    vk_error err;
    FILE *fp = fopen(plain, "wb");

    /* A regular file used as a folder fails even for root, who ignores
     * permission bits. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fclose(fp);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_atomic_open(&a, path, &err), VK_EIO);
    vk_error_format(&err, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "plain-file\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, strerror(ENOTDIR)));
    free(path);

    /* A read-only folder, where permissions count. */
    if (geteuid() != 0) {
        char *ro = vk_xasprintf("%s/read-only", dir);

        CU_ASSERT_EQUAL_FATAL(mkdir(ro, 0555), 0);
        path = vk_xasprintf("%s/map.pdf", ro);
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_atomic_open(&a, path, &err), VK_EIO);
        vk_error_format(&err, msg, sizeof msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "read-only\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, strerror(EACCES)));
        free(path);
        free(ro);
    }
    free(plain);
}

static void
test_open_folder_as_file(void)
{
    const char *dir = fresh_dir("writers-isdir");
    char *slash = vk_xasprintf("%s/", dir);
    vk_atomic a = {0};
    vk_error err;

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_atomic_open(&a, dir, &err), VK_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "folder"));
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_atomic_open(&a, slash, &err), VK_EIO);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_atomic_open(&a, "", &err), VK_EIO);
    CU_ASSERT_PTR_NULL(a.fp);
    free(slash);
}

static void
test_commit_disk_full(void)
{
    const char *dir = fresh_dir("writers-full");
    char *path = vk_xasprintf("%s/map.pdf", dir), names[1024], msg[2048];
    vk_atomic a = {0};
    vk_error err;
    FILE *full = fopen("/dev/full", "wb");

    if (full == NULL) {
        fprintf(stderr, "\n  (no /dev/full: disk-full test skipped)\n");
        free(path);
        return;
    }
    /* Point the open temporary's stream at /dev/full, which fails every
     * write with ENOSPC, as a full disk does at the first flush. */
    vk_error_init(&err);
    CU_ASSERT_EQUAL_FATAL(vk_atomic_open(&a, path, &err), VK_OK);
    fclose(a.fp);
    a.fp = full;
    CU_ASSERT_EQUAL(vk_atomic_write(&a, "0123456789", 10, &err), VK_OK);
    CU_ASSERT_EQUAL(vk_atomic_commit(&a, &err), VK_EIO);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "disk full"));
    vk_error_format(&err, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "map.pdf"));
    CU_ASSERT_EQUAL(list_dir(dir, names, sizeof names), 0);
    CU_ASSERT_PTR_NULL(a.fp);
    free(path);
}

/* A w x h RGBA test image with a padded stride; pixel (x, y) encodes its
 * position so any mix-up shows. */
static uint8_t *
test_image(int w, int h, size_t stride, int alpha_at_1_1)
{
    uint8_t *p = vk_xcalloc((size_t)h, stride);

    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *q = p + (size_t)y * stride + 4 * (size_t)x;

            q[0] = (uint8_t)(30 * x);
            q[1] = (uint8_t)(40 * y);
            q[2] = (uint8_t)(7 * x + 11 * y);
            q[3] = 255;
        }
    if (alpha_at_1_1)
        p[stride + 4 + 3] = 128;
    /* Padding bytes must not leak into the file. */
    for (int y = 0; y < h; y++)
        memset(p + (size_t)y * stride + 4 * (size_t)w, 0xAB,
               stride - 4 * (size_t)w);
    return p;
}

/* Writes img with vk_png_write_rgba, reads it back and compares. */
static void
png_roundtrip(const char *name, int alpha, double dpi, int want_type,
              long want_ppm)
{
    const int w = 7, h = 5;
    const size_t stride = 4 * 7 + 12;
    uint8_t *img = test_image(w, h, stride, alpha), *back;
    const char *path = vk_test_tmp(name);
    char *keep = vk_xstrdup(path), *bytes;
    int rw = 0, rh = 0, type = -1, same = 1;
    long ppm = 0;
    size_t len = 0;
    vk_error err;
    FILE *fp = fopen(keep, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_png_write_rgba(fp, keep, img, w, h, stride, dpi,
                                      &err), VK_OK);
    fclose(fp);

    back = vk_test_png_read(keep, &rw, &rh, &type, &ppm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_EQUAL(rw, w);
    CU_ASSERT_EQUAL(rh, h);
    CU_ASSERT_EQUAL(type, want_type);
    CU_ASSERT_EQUAL(ppm, want_ppm);
    for (int y = 0; y < h; y++)
        if (memcmp(back + (size_t)y * 4 * w, img + (size_t)y * stride,
                   4 * (size_t)w) != 0)
            same = 0;
    CU_ASSERT_TRUE(same);

    /* No time chunk: the same pixels give the same bytes. */
    bytes = vk_test_slurp(keep, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bytes);
    CU_ASSERT_FALSE(has_bytes(bytes, len, "tIME", 4));
    CU_ASSERT_TRUE(want_ppm < 0 || has_bytes(bytes, len, "pHYs", 4));
    free(bytes);
    free(back);
    free(img);
    free(keep);
}

static void
test_png_rgb_when_opaque(void)
{
    /* 150 dpi is 150 / 0.0254 = 5905.51 pixels per metre, rounded. */
    png_roundtrip("writers-rgb.png", 0, 150, PNG_COLOR_TYPE_RGB, 5906);
    /* 72 dpi: 2834.65 -> 2835; 0 dpi: no pHYs chunk. */
    png_roundtrip("writers-72.png", 0, 72, PNG_COLOR_TYPE_RGB, 2835);
    png_roundtrip("writers-nodpi.png", 0, 0, PNG_COLOR_TYPE_RGB, -1);
}

static void
test_png_rgba_with_alpha(void)
{
    png_roundtrip("writers-rgba.png", 1, 300, PNG_COLOR_TYPE_RGB_ALPHA,
                  11811);
}

static void
test_png_deterministic(void)
{
    const size_t stride = 4 * 16;
    uint8_t *img = test_image(16, 9, stride, 0);
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    vk_error err;

    for (int i = 0; i < 2; i++) {
        FILE *fp = fopen(vk_test_tmp("writers-det.png"), "wb");

        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_write_rgba(fp, "det.png", img, 16, 9, stride,
                                          96, &err), VK_OK);
        fclose(fp);
        if (i == 0)
            a = vk_test_slurp(vk_test_tmp("writers-det.png"), &la);
        else
            b = vk_test_slurp(vk_test_tmp("writers-det.png"), &lb);
    }
    CU_ASSERT_TRUE(a != NULL && b != NULL && la == lb &&
                   memcmp(a, b, la) == 0);
    free(a);
    free(b);
    free(img);
}

static void
test_png_errors(void)
{
    const size_t stride = 4 * 64;
    uint8_t *img = test_image(64, 64, stride, 0);
    vk_error err;
    FILE *fp = fopen("/dev/full", "wb");

    /* A full disk is reported naming the file, at the latest when the
     * writer flushes. */
    if (fp != NULL) {
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_write_rgba(fp, "out/map.png", img, 64, 64,
                                          stride, 300, &err), VK_EIO);
        CU_ASSERT_STRING_EQUAL(err.path, "out/map.png");
        CU_ASSERT_PTR_NOT_NULL(strstr(err.what, "disk full"));
        fclose(fp);
    }

    /* Sizes and strides that cannot be right are refused before libpng. */
    fp = fopen(vk_test_tmp("writers-bad.png"), "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_png_write_rgba(fp, "bad.png", img, 0, 64, stride, 72,
                                      &err), VK_EINTERNAL);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_png_write_rgba(fp, "bad.png", img, 64, 64, 10, 72,
                                      &err), VK_EINTERNAL);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_png_write_rgba(fp, "bad.png", img, 64, 64, stride,
                                      -1, &err), VK_EINTERNAL);
    fclose(fp);
    free(img);
}

/* An index image of w x h (rows stride apart) below npal: bands of rows
 * that repeat the row above (the Up filter's zeros), runs and noise. */
static uint8_t *
index_image(int w, int h, size_t stride, int npal, uint32_t seed)
{
    uint8_t *px = vk_xcalloc(stride * (size_t)h, 1);

    for (int y = 0; y < h; y++) {
        uint8_t *row = px + (size_t)y * stride;

        if (y % 4 == 3) {
            memcpy(row, row - stride, (size_t)w);
            continue;
        }
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            row[x] = (uint8_t)(y % 4 == 1 ? (int)((seed >> 16) % 32768u) % npal
                                          : (x / 5 + y) % npal);
        }
    }
    return px;
}

/* Decodes a PNG in memory to RGBA and checks it against index and pal;
 * returns the bit depth from IHDR (-1 when it does not decode or
 * differs) and the number of IDAT chunks in *nidat. */
static int
indexed_matches(const vk_bytes *png, const uint8_t *index, int w, int h,
                size_t stride, const uint8_t *pal, int *nidat)
{
    png_image img;
    uint8_t *rgba;
    int depth, same = 1;

    *nidat = 0;
    for (size_t off = 8; off + 8 <= png->len;) {
        const uint8_t *c = png->data + off;
        size_t n = (size_t)c[0] << 24 | (size_t)c[1] << 16 |
                   (size_t)c[2] << 8 | c[3];

        *nidat += memcmp(c + 4, "IDAT", 4) == 0;
        off += n + 12;
    }
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (png->len < 29 ||
        !png_image_begin_read_from_memory(&img, png->data, png->len))
        return -1;
    depth = png->data[24];
    img.format = PNG_FORMAT_RGBA;
    rgba = vk_xmalloc(PNG_IMAGE_SIZE(img));
    if ((int)img.width != w || (int)img.height != h ||
        !png_image_finish_read(&img, NULL, rgba, 0, NULL)) {
        png_image_free(&img);
        free(rgba);
        return -1;
    }
    for (int y = 0; y < h && same; y++)
        for (int x = 0; x < w && same; x++)
            same = memcmp(rgba + 4 * ((size_t)y * (size_t)w + (size_t)x),
                          pal + 4 * index[(size_t)y * stride + (size_t)x],
                          4) == 0;
    free(rgba);
    return same ? depth : -1;
}

static void
test_png_indexed_roundtrip(void)
{
    /* Widths around the packing steps (32 indices a step at 4 bits, 8
     * a word) and one wider than a tile; palettes for each bit depth. */
    static const int widths[] = {1, 7, 31, 33, 256, 4099};
    static const struct {
        int npal, depth;
    } pals[] = {{2, 1}, {3, 2}, {16, 4}, {17, 8}, {256, 8}};
    vk_png_enc *enc = vk_png_enc_create();
    uint8_t pal[256 * 4];
    vk_error err;

    for (int i = 0; i < 256; i++) {
        pal[4 * i] = (uint8_t)(i * 37);
        pal[4 * i + 1] = (uint8_t)(255 - i);
        pal[4 * i + 2] = (uint8_t)(i * 11);
        pal[4 * i + 3] = (uint8_t)(i % 3 == 0 ? 255 : i % 3 == 1 ? 0 : 128);
    }
    for (size_t p = 0; p < sizeof pals / sizeof pals[0]; p++)
        for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
            const int w = widths[k], h = 9;
            const size_t stride = (size_t)w + 5;
            uint8_t *idx = index_image(w, h, stride, pals[p].npal,
                                       (uint32_t)(p * 7 + k));
            vk_bytes a = {0}, b = {0};
            int nidat = 0;

            vk_error_init(&err);
            CU_ASSERT_EQUAL(vk_png_encode_indexed(enc, &a, idx, w, h, stride,
                                                  pal, pals[p].npal, 3,
                                                  &err), VK_OK);
            CU_ASSERT_EQUAL(indexed_matches(&a, idx, w, h, stride, pal,
                                            &nidat), pals[p].depth);
            CU_ASSERT_EQUAL(nidat, 1);
            /* A kept encoder and a fresh one give the same bytes. */
            CU_ASSERT_EQUAL(vk_png_encode_indexed(NULL, &b, idx, w, h,
                                                  stride, pal, pals[p].npal,
                                                  3, &err), VK_OK);
            CU_ASSERT_TRUE(a.len == b.len &&
                           memcmp(a.data, b.data, a.len) == 0);
            free(a.data);
            free(b.data);
            free(idx);
        }

    /* Noise of 1.5 MB does not compress: its data goes in two IDAT
     * chunks of at most 1 MiB. */
    {
        const int w = 1500, h = 1000;
        uint8_t *idx = vk_xmalloc((size_t)w * (size_t)h);
        uint32_t seed = 1;
        vk_bytes a = {0};
        int nidat = 0;

        for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
            seed = seed * 1103515245u + 12345u;
            idx[i] = (uint8_t)(seed >> 23);
        }
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_encode_indexed(enc, &a, idx, w, h, (size_t)w,
                                              pal, 256, 1, &err), VK_OK);
        CU_ASSERT_EQUAL(indexed_matches(&a, idx, w, h, (size_t)w, pal,
                                        &nidat), 8);
        CU_ASSERT_EQUAL(nidat, 2);
        free(a.data);
        free(idx);
    }

    /* Requests that cannot be right are refused. */
    {
        uint8_t idx[4] = {0};
        vk_bytes a = {0};

        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_encode_indexed(enc, &a, idx, 2, 2, 1, pal, 4,
                                              3, &err), VK_EINTERNAL);
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_encode_indexed(enc, &a, idx, 2, 2, 2, NULL, 4,
                                              3, &err), VK_EINTERNAL);
        vk_error_init(&err);
        CU_ASSERT_EQUAL(vk_png_encode_indexed(enc, &a, idx, 2, 2, 2, pal, 0,
                                              3, &err), VK_EINTERNAL);
        free(a.data);
    }
    vk_png_enc_destroy(enc);
}

void
vk_test_register_writers(void)
{
    static const vk_test_case tests[] = {
        {"atomic commit leaves only the final file",
         test_commit_leaves_only_final},
        {"atomic commit replaces an existing file",
         test_commit_replaces_existing},
        {"atomic abort leaves nothing", test_abort_leaves_nothing},
        {"atomic temporaries known by name", test_temp_names},
        {"atomic open in a missing folder names it",
         test_open_missing_folder},
        {"atomic open in an unwritable folder names it",
         test_open_unwritable_folder},
        {"atomic open refuses a folder as file name",
         test_open_folder_as_file},
        {"atomic commit on a full disk says so", test_commit_disk_full},
        {"png opaque is RGB with pHYs", test_png_rgb_when_opaque},
        {"png with alpha is RGBA", test_png_rgba_with_alpha},
        {"png output is deterministic", test_png_deterministic},
        {"png write errors", test_png_errors},
        {"png indexed round trip at 1, 2, 4 and 8 bits",
         test_png_indexed_roundtrip},
        {NULL, NULL},
    };

    vk_test_add_suite("writers", NULL, NULL, tests);
}
