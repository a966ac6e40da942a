/* SPDX-License-Identifier: MIT */
/* The digest that says whether outputs are up to date: FNV-1a over the
 * inputs' identities and contents and the options that shape them. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vk/core.h"

void
vk_digest_init(vk_digest *d, const char *what)
{
    d->h = VK_FNV64_BASIS;
    vk_digest_str(d, what);
}

void
vk_digest_bytes(vk_digest *d, const void *p, size_t n)
{
    const unsigned char *s = p;

    for (size_t i = 0; i < n; i++)
        d->h = (d->h ^ s[i]) * VK_FNV64_PRIME;
}

void
vk_digest_str(vk_digest *d, const char *s)
{
    /* The terminating NUL separates one string from the next; NULL is a
     * value of its own. */
    if (s == NULL)
        vk_digest_bytes(d, "\xff(null)", 8);
    else
        vk_digest_bytes(d, s, strlen(s) + 1);
}

void
vk_digest_int(vk_digest *d, long long v)
{
    vk_digest_bytes(d, &v, sizeof v);
}

void
vk_digest_double(vk_digest *d, double v)
{
    v += 0.0; /* -0.0 is 0.0 */
    vk_digest_bytes(d, &v, sizeof v);
}

void
vk_digest_file_id(vk_digest *d, const char *path)
{
    struct stat st;

    vk_digest_str(d, path);
    if (path != NULL && stat(path, &st) == 0) {
        long long v[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
                          (long long)st.st_mtim.tv_nsec};

        vk_digest_bytes(d, v, sizeof v);
    }
}

void
vk_digest_file(vk_digest *d, const char *path)
{
    FILE *fp = path != NULL ? fopen(path, "rb") : NULL;
    char buf[4096];
    size_t len;

    vk_digest_str(d, path);
    if (fp == NULL)
        return;
    while ((len = fread(buf, 1, sizeof buf, fp)) > 0)
        vk_digest_bytes(d, buf, len);
    fclose(fp);
}

char *
vk_digest_hex(const vk_digest *d, char buf[17])
{
    snprintf(buf, 17, "%016llx", (unsigned long long)d->h);
    return buf;
}
