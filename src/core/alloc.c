/* SPDX-License-Identifier: MIT */
/* Checked allocation and small string helpers: out of memory aborts. */
#define _DEFAULT_SOURCE /* madvise() and MADV_HUGEPAGE under strict C11 */
#include "vk/core.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void
oom(size_t size)
{
    fprintf(stderr, "veerkracht: out of memory allocating %zu bytes\n", size);
    abort();
}

/* Blocks of this size or more ask for transparent huge pages. */
#define HUGE_MIN ((size_t)4 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

/* Asks the kernel to back the whole 2 MiB pages inside a big block with
 * huge pages (Linux, THP in "madvise" mode, the usual default). A block
 * of tens of megabytes written once (the snapped geometry of a zoom, the
 * points read from a GeoPackage, a metatile raster) otherwise costs a
 * page fault per 4 KiB, and on a virtual machine a fault costs
 * microseconds: 0.8 s of CPU in a one-layer national tile run. Advice
 * only: without THP nothing changes. */
static void
advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE /* Linux */
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);

    if (size >= HUGE_MIN && e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void *
vk_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p == NULL)
        oom(size);
    advise_huge(p, size);
    return p;
}

void *
vk_xcalloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom(n * size);
    advise_huge(p, n * size);
    return p;
}

void *
vk_xreallocarray(void *p, size_t n, size_t size)
{
    void *q;

    if (size != 0 && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    q = realloc(p, n * size != 0 ? n * size : 1);
    if (q == NULL)
        oom(n * size);
    if (q != p) /* grown in place, the block keeps its advice */
        advise_huge(q, n * size);
    return q;
}

void *
vk_xgrowarray(void *p, size_t old_n, size_t n, size_t size)
{
    void *q;

    if (size != 0 && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    if (p == NULL || n * size < HUGE_MIN || old_n >= n)
        return vk_xreallocarray(p, n, size);
    /* A new block, advised before the copy touches it: realloc would
     * fault it in 4 KiB pages as it copies. */
    q = vk_xmalloc(n * size);
    memcpy(q, p, old_n * size);
    free(p);
    return q;
}

char *
vk_xstrdup(const char *s)
{
    return s != NULL ? vk_xstrndup(s, strlen(s)) : NULL;
}

char *
vk_xstrndup(const char *s, size_t n)
{
    char *d;
    size_t len = strnlen(s, n);

    d = vk_xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *
vk_xasprintf(const char *fmt, ...)
{
    vk_strbuf sb = {0};
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return vk_xstrdup("");
    sb.cap = (size_t)len + 1;
    sb.s = vk_xmalloc(sb.cap);
    va_start(ap, fmt);
    vsnprintf(sb.s, sb.cap, fmt, ap);
    va_end(ap);
    return sb.s;
}

int
vk_strcaseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

static int
cmp_keyed(const void *a, const void *b)
{
    const vk_keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c != 0)
        return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void
vk_keyed_sort(vk_keyed *k, size_t n)
{
    qsort(k, n, sizeof *k, cmp_keyed);
}
