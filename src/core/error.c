/* SPDX-License-Identifier: MIT */
/* The error record: set once by the detecting function, formatted by the CLI. */
#include "vk/core.h"

#include <stdio.h>
#include <string.h>

void
vk_error_init(vk_error *err)
{
    memset(err, 0, sizeof *err);
    err->feature = -1;
}

vk_status
vk_error_set(vk_error *err, vk_status code, const char *path, long line,
             long column, const char *src_file, int src_line,
             const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    /* The first error wins: later ones are consequences. */
    if (err->code != VK_OK)
        return err->code;
    err->code = code;
    if (path != NULL)
        snprintf(err->path, sizeof err->path, "%s", path);
    err->line = line;
    err->column = column;
    err->src_file = src_file;
    err->src_line = src_line;
    va_start(ap, fmt);
    vsnprintf(err->what, sizeof err->what, fmt, ap);
    va_end(ap);
    return code;
}

void
vk_error_hint(vk_error *err, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || err->hint[0] != '\0')
        return;
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof err->hint, fmt, ap);
    va_end(ap);
}

void
vk_error_feature(vk_error *err, long fid)
{
    if (err != NULL && err->feature < 0)
        err->feature = fid;
}

char *
vk_error_format(const vk_error *err, char *buf, size_t size)
{
    vk_strbuf sb = {0};

    if (size == 0)
        return buf;
    if (err->path[0] != '\0') {
        vk_strbuf_append(&sb, err->path);
        if (err->line > 0)
            vk_strbuf_appendf(&sb, ":%ld", err->line);
        if (err->line > 0 && err->column > 0)
            vk_strbuf_appendf(&sb, ":%ld", err->column);
        vk_strbuf_append(&sb, ": ");
    }
    if (err->feature >= 0)
        vk_strbuf_appendf(&sb, "feature %ld: ", err->feature);
    vk_strbuf_append(&sb, err->what[0] ? err->what : vk_strerror(err->code));
    if (err->hint[0] != '\0')
        vk_strbuf_appendf(&sb, "; %s", err->hint);
    /* Truncate to the caller's buffer. */
    snprintf(buf, size, "%s", sb.s);
    vk_strbuf_free(&sb);
    return buf;
}

const char *
vk_strerror(vk_status code)
{
    switch (code) {
    case VK_OK: return "success";
    case VK_EUSAGE: return "invalid usage";
    case VK_EIO: return "input/output error";
    case VK_EFORMAT: return "file format error";
    case VK_EDATA: return "data error";
    case VK_EPROJ: return "coordinate reference system error";
    case VK_ERENDER: return "rendering error";
    case VK_EINTERNAL: return "internal error";
    }
    return "unknown error";
}
