/* SPDX-License-Identifier: MIT */
/* Growable strings and the warning list. */
#include "vk/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
reserve(vk_strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;

    if (need <= sb->cap)
        return;
    sb->cap = sb->cap ? sb->cap : 64;
    while (sb->cap < need)
        sb->cap *= 2;
    sb->s = vk_xreallocarray(sb->s, sb->cap, 1);
}

void
vk_strbuf_appendn(vk_strbuf *sb, const char *s, size_t n)
{
    reserve(sb, n);
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void
vk_strbuf_append(vk_strbuf *sb, const char *s)
{
    vk_strbuf_appendn(sb, s, strlen(s));
}

void
vk_strbuf_appendf(vk_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len <= 0)
        return;
    reserve(sb, (size_t)len);
    va_start(ap, fmt);
    vsnprintf(sb->s + sb->len, (size_t)len + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)len;
}

char *
vk_strbuf_take(vk_strbuf *sb)
{
    char *s = sb->s ? sb->s : vk_xstrdup("");

    sb->s = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void
vk_strbuf_free(vk_strbuf *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

void
vk_warnings_add(vk_warnings *w, const char *fmt, ...)
{
    va_list ap;
    vk_strbuf sb = {0};
    int len;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    sb.cap = (size_t)len + 1;
    sb.s = vk_xmalloc(sb.cap);
    va_start(ap, fmt);
    vsnprintf(sb.s, sb.cap, fmt, ap);
    va_end(ap);
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 8;
        w->msg = vk_xreallocarray(w->msg, w->cap, sizeof *w->msg);
    }
    w->msg[w->n++] = sb.s;
}

void
vk_warnings_free(vk_warnings *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->msg[i]);
    free(w->msg);
    w->msg = NULL;
    w->n = w->cap = 0;
}

void
vk_strbuf_append_long(vk_strbuf *sb, long v)
{
    char tmp[24];
    size_t k = sizeof tmp;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        tmp[--k] = '-';
    vk_strbuf_appendn(sb, tmp + k, sizeof tmp - k);
}
