/* SPDX-License-Identifier: MIT */
/* Checked allocation and small string helpers: out of memory aborts. */
#include "vk/core.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t size)
{
    fprintf(stderr, "veerkracht: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
vk_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p == NULL)
        oom(size);
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
    return q;
}

char *
vk_xstrdup(const char *s)
{
    return vk_xstrndup(s, strlen(s));
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
