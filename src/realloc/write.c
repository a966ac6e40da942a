/* SPDX-License-Identifier: MIT */
/* The reallocated table as CSV in the dialect of the input: separator,
 * decimal mark (the cells are formatted with it), byte order mark and
 * line ends; a field is quoted when it holds the separator, a quote or a
 * line end. */
#include <stdio.h>
#include <string.h>

#include "realloc_priv.h"
#include "vk/writers.h"

void
vk_realloc_sniff(const char *path, int *bom, int *crlf)
{
    FILE *fp = path ? fopen(path, "rb") : NULL;
    int c, prev = 0;
    unsigned char head[3];

    *bom = *crlf = 0;
    if (fp == NULL)
        return;
    if (fread(head, 1, 3, fp) == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        *bom = 1;
    else
        rewind(fp);
    while ((c = getc(fp)) != EOF && c != '\n')
        prev = c;
    *crlf = c == '\n' && prev == '\r';
    fclose(fp);
}

static void
put_field(vk_strbuf *sb, const char *s, char sep)
{
    if (strchr(s, sep) == NULL && strpbrk(s, "\"\r\n") == NULL) {
        vk_strbuf_append(sb, s);
        return;
    }
    vk_strbuf_append(sb, "\"");
    for (const char *p = s; *p; p++)
        vk_strbuf_appendn(sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    vk_strbuf_append(sb, "\"");
}

static void
put_row(vk_strbuf *sb, char *const *cells, size_t n, char sep,
        const char *eol)
{
    char s[2] = {sep, '\0'};

    for (size_t c = 0; c < n; c++) {
        if (c > 0)
            vk_strbuf_append(sb, s);
        put_field(sb, cells[c], sep);
    }
    vk_strbuf_append(sb, eol);
}

vk_status
vk_realloc_write(const vk_realloc *r, const char *path, vk_error *err)
{
    vk_strbuf sb = {0};
    const char *eol = r->crlf ? "\r\n" : "\n";
    vk_status st;

    if (r->bom)
        vk_strbuf_append(&sb, "\xEF\xBB\xBF");
    put_row(&sb, r->colnames, r->ncols, r->sep, eol);
    for (size_t row = 0; row < r->nrows; row++)
        put_row(&sb, r->cells + row * r->ncols, r->ncols, r->sep, eol);
    st = vk_write_file(path, sb.s ? sb.s : "", sb.len, 0, err);
    vk_strbuf_free(&sb);
    return st;
}
