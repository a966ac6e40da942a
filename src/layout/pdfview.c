/* SPDX-License-Identifier: MIT */
/* How a PDF opens: at its first page with the bookmarks panel shown.
 * cairo 1.16 writes the outline but no /PageMode, so the document gets an
 * incremental update (PDF 1.7, 7.5.6): a new version of its catalog with
 * /PageMode /UseOutlines and /OpenAction, a cross-reference section for
 * that one object and a trailer pointing back at cairo's. The catalog and
 * the page tree are found the way a reader finds them: trailer, then the
 * cross-reference table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "layout_priv.h"

/* Reads up to size - 1 bytes at off into buf as a string; the length. */
static size_t
read_at(int fd, long off, char *buf, size_t size)
{
    ssize_t n = off >= 0 ? pread(fd, buf, size - 1, (off_t)off) : -1;

    buf[n > 0 ? n : 0] = '\0';
    /* A NUL in binary data ends the string early; what we parse is
     * text before it. */
    return n > 0 ? (size_t)n : 0;
}

/* The number after key in s ("/Root 86 0 R" -> 86), or -1. */
static long
number_after(const char *s, const char *key)
{
    const char *p = s != NULL ? strstr(s, key) : NULL;
    char *end;
    long v;

    if (p == NULL)
        return -1;
    v = strtol(p + strlen(key), &end, 10);
    return end == p + strlen(key) ? -1 : v;
}

/* The byte offset of object num from the cross-reference table at xref
 * ("xref\n0 SIZE\n" then 20-byte entries), or -1. */
static long
object_offset(int fd, long xref, long num)
{
    char buf[64];
    char *p;
    long first, count;

    read_at(fd, xref, buf, sizeof buf);
    if (strncmp(buf, "xref", 4) != 0)
        return -1;
    first = strtol(buf + 4, &p, 10);
    count = strtol(p, &p, 10);
    if (first != 0 || num < 0 || num >= count || (p = strchr(p, '\n')) == 0)
        return -1;
    read_at(fd, xref + (p + 1 - buf) + 20 * num, buf, 21);
    return strlen(buf) == 20 && buf[17] == 'n' ? strtol(buf, NULL, 10) : -1;
}

vk_status
vk_layout_pdf_open_outline(vk_atomic *a, vk_error *err)
{
    char tail[1024], cat[2048], pages[256], *dict, *end;
    long xref, size, root, info, root_off, pages_off, first, at;
    vk_strbuf upd = {0};
    int fd;
    struct stat st;
    vk_status rc;

    if (fflush(a->fp) != 0 || fstat(fd = fileno(a->fp), &st) != 0)
        return VK_FAIL_AT(err, VK_EIO, a->path, 0,
                          "writing the PDF failed: %s", strerror(errno));
    read_at(fd, st.st_size > 512 ? (long)st.st_size - 512 : 0, tail,
            sizeof tail);
    xref = number_after(strstr(tail, "startxref"), "startxref");
    size = number_after(strstr(tail, "trailer"), "/Size ");
    root = number_after(strstr(tail, "trailer"), "/Root ");
    info = number_after(strstr(tail, "trailer"), "/Info ");
    root_off = object_offset(fd, xref, root);
    read_at(fd, root_off, cat, sizeof cat);
    pages_off = object_offset(fd, xref, number_after(cat, "/Pages "));
    read_at(fd, pages_off, pages, sizeof pages);
    first = number_after(strstr(pages, "/Kids"), "/Kids [ ");
    dict = strstr(cat, "<<");
    end = dict != NULL ? strstr(dict, ">>") : NULL;
    if (size <= 0 || root_off < 0 || first <= 0 || end == NULL ||
        strstr(cat, "/Outlines") == NULL)
        return VK_FAIL_AT(err, VK_EINTERNAL, a->path, 0,
                          "cannot read back the catalog of the PDF cairo "
                          "wrote");
    *end = '\0';
    /* The new catalog at the end of the file, its cross-reference entry,
     * and the trailer whose /Prev is cairo's table. */
    vk_strbuf_appendf(&upd, "%ld 0 obj\n%s   /PageMode /UseOutlines\n"
                      "   /OpenAction [%ld 0 R /Fit]\n>>\nendobj\n",
                      root, dict, first);
    at = (long)upd.len + (long)st.st_size;
    vk_strbuf_appendf(&upd, "xref\n%ld 1\n%010ld 00000 n \ntrailer\n"
                      "<< /Size %ld\n   /Root %ld 0 R\n", root,
                      (long)st.st_size, size, root);
    if (info > 0)
        vk_strbuf_appendf(&upd, "   /Info %ld 0 R\n", info);
    vk_strbuf_appendf(&upd, "   /Prev %ld\n>>\nstartxref\n%ld\n%%%%EOF\n",
                      xref, at);
    rc = vk_atomic_write(a, upd.s, upd.len, err);
    vk_strbuf_free(&upd);
    return rc;
}
