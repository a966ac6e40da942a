/* SPDX-License-Identifier: MIT */
/* The viewer's copy of Leaflet, taken from Debian's libjs-leaflet so the
 * page needs no network access. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vk/writers.h"
#include "viewer_priv.h"

/* Reads a whole file into a new buffer; NULL (errno set) on failure. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (fp == NULL)
        return NULL;
    for (;;) {
        size_t got;

        if (cap - n < 65536) {
            cap = cap ? 2 * cap : 262144;
            buf = vk_xreallocarray(buf, cap, 1);
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        int e = errno;

        fclose(fp);
        free(buf);
        errno = e ? e : EIO;
        return NULL;
    }
    fclose(fp);
    *len = n;
    return buf;
}

static vk_status
missing(const char *src, const char *what, vk_error *err)
{
    char *p = vk_xasprintf("%s/%s", src, what);

    VK_FAIL_AT(err, VK_EIO, p, 0, "Leaflet for the viewer not found: %s",
               strerror(errno ? errno : ENOENT));
    vk_error_hint(err, "install the Debian package libjs-leaflet (sudo "
                  "apt-get install libjs-leaflet), or set VK_LEAFLET_DIR to "
                  "a folder with leaflet.js, leaflet.css and images/");
    free(p);
    return VK_EIO;
}

/* Copies src/from_rel to dst/rel. */
static vk_status
copy_as(const char *src, const char *from_rel, const char *dst,
        const char *rel, vk_error *err)
{
    char *from = vk_xasprintf("%s/%s", src, from_rel);
    char *to = vk_xasprintf("%s/%s", dst, rel);
    size_t len = 0;
    char *data;

    errno = 0;
    if ((data = slurp(from, &len)) == NULL)
        missing(src, from_rel, err);
    else
        vk_viewer_write_file(to, data, len, err);
    free(data);
    free(from);
    free(to);
    return err->code;
}

static vk_status
copy_file(const char *src, const char *rel, const char *dst, vk_error *err)
{
    return copy_as(src, rel, dst, rel, err);
}

/* leaflet.min.js where the folder has it (Debian's does: 141 KB against
 * 431 KB, the larger part of a viewer's first view), as leaflet.js. */
static const char *
leaflet_js(const char *src)
{
    char *min = vk_xasprintf("%s/leaflet.min.js", src);
    FILE *fp = fopen(min, "rb");

    free(min);
    if (fp == NULL)
        return "leaflet.js";
    fclose(fp);
    return "leaflet.min.js";
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.png files of src/images, sorted (new strings, NULL-terminated). */
static char **
list_images(const char *src, vk_error *err)
{
    char *dir = vk_xasprintf("%s/images", src);
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;

    errno = 0;
    if ((d = opendir(dir)) == NULL) {
        missing(src, "images", err);
        free(dir);
        return NULL;
    }
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);

        if (len > 4 && strcmp(de->d_name + len - 4, ".png") == 0) {
            names = vk_xreallocarray(names, n + 2, sizeof *names);
            names[n++] = vk_xstrdup(de->d_name);
        }
    }
    closedir(d);
    free(dir);
    names = vk_xreallocarray(names, n + 1, sizeof *names);
    names[n] = NULL;
    qsort(names, n, sizeof *names, cmp_str);
    return names;
}

vk_status
vk_viewer_copy_leaflet(const char *dir, vk_error *err)
{
    const char *env = getenv("VK_LEAFLET_DIR");
    const char *src = env != NULL && env[0] ? env : VIEWER_LEAFLET_DIR;
    char *dst = vk_xasprintf("%s/leaflet", dir);
    char *img = vk_xasprintf("%s/leaflet/images", dir);
    char **names = NULL;

    /* Check the source first so a missing package leaves no half copy. */
    {
        char *js = vk_xasprintf("%s/leaflet.js", src);
        FILE *fp = fopen(js, "rb");

        free(js);
        if (fp == NULL) {
            missing(src, "leaflet.js", err);
            goto cleanup;
        }
        fclose(fp);
    }
    if ((names = list_images(src, err)) == NULL)
        goto cleanup;
    if (vk_make_dirs(dst, err) != VK_OK || vk_make_dirs(img, err) != VK_OK)
        goto cleanup;
    if (copy_as(src, leaflet_js(src), dst, "leaflet.js", err) != VK_OK ||
        copy_file(src, "leaflet.css", dst, err) != VK_OK)
        goto cleanup;
    for (size_t i = 0; names[i] != NULL; i++) {
        char *rel = vk_xasprintf("images/%s", names[i]);

        copy_file(src, rel, dst, err);
        free(rel);
        if (err->code != VK_OK)
            break;
    }

cleanup:
    for (size_t i = 0; names != NULL && names[i] != NULL; i++)
        free(names[i]);
    free(names);
    free(img);
    free(dst);
    return err->code;
}
