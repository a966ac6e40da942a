/* SPDX-License-Identifier: MIT */
/* File names from data: gemeentecode and name folded to a safe ASCII slug
 * that can never leave the output folder. */
#include <stdlib.h>
#include <string.h>

#include "vk/core.h"

#define SLUG_MAX 60

/* What a code point becomes in a slug. */
enum { CH_KEEP, CH_DROP, CH_SEP };

/* ASCII for U+00C0..U+017F, one letter each; '?' marks the few that fold
 * to two letters or are no letter (see fold()). */
static const char LATIN1[] = "AAAAAA?CEEEEIIII" "DNOOOOO?OUUUUY??"
                             "aaaaaa?ceeeeiiii" "dnooooo?ouuuuy?y";
static const char LATIN_EXT_A[] = "AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"
                                  "GgGgHhHhIiIiIiIi" "Ii??JjKkkLlLlLlL"
                                  "lLlNnNnNnnNnOoOo" "Oo??RrRrRrSsSsSs"
                                  "SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

/* Decodes one UTF-8 sequence at s; returns its length (1 for a stray or
 * malformed byte, which then reads as U+FFFD). */
static size_t
utf8_next(const unsigned char *s, unsigned long *cp)
{
    size_t n, i;
    unsigned long c = s[0], min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0) {
        n = 2, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        c = c << 6 | (s[i] & 0x3f);
    }
    /* Overlong forms and surrogates are malformed too. */
    *cp = c < min || (c >= 0xd800 && c < 0xe000) || c > 0x10ffff ? 0xfffd
                                                                 : c;
    return n;
}

/* How code point cp enters a slug: CH_KEEP with its ASCII letters in out
 * (at most 2 and a NUL), CH_DROP (apostrophes, combining accents, letters
 * of other scripts) or CH_SEP (spaces, punctuation, controls). */
static int
fold(unsigned long cp, int keep_underscore, char out[3])
{
    static const struct { unsigned long cp; const char *s; } two[] = {
        {0xc6, "AE"}, {0xe6, "ae"}, {0xde, "TH"}, {0xfe, "th"},
        {0xdf, "ss"}, {0x132, "IJ"}, {0x133, "ij"}, {0x152, "OE"},
        {0x153, "oe"},
    };

    out[0] = out[1] = out[2] = '\0';
    if (cp < 0x80) {
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 'A' && cp <= 'Z') || (cp == '_' && keep_underscore)) {
            out[0] = (char)cp;
            return CH_KEEP;
        }
        /* "'s-Hertogenbosch" reads as s-hertogenbosch, not s--... */
        return cp == '\'' || cp == '`' ? CH_DROP : CH_SEP;
    }
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
        if (two[i].cp == cp) {
            memcpy(out, two[i].s, 2);
            return CH_KEEP;
        }
    if (cp >= 0xc0 && cp <= 0xff && LATIN1[cp - 0xc0] != '?') {
        out[0] = LATIN1[cp - 0xc0];
        return CH_KEEP;
    }
    if (cp >= 0x100 && cp <= 0x17f && LATIN_EXT_A[cp - 0x100] != '?') {
        out[0] = LATIN_EXT_A[cp - 0x100];
        return CH_KEEP;
    }
    /* Typographic apostrophes, the acute accent and combining marks (a
     * decomposed "e\u0308") vanish; spaces, dashes and symbols separate. */
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x2bc || cp == 0xb4 ||
        (cp >= 0x300 && cp <= 0x36f))
        return CH_DROP;
    if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7 ||
        (cp >= 0x2000 && cp <= 0x206f) || cp == 0x3000)
        return CH_SEP;
    return CH_DROP;
}

/* Appends the slug of s to sb: kept letters (lowercased when lower), a
 * single '-' for each run of separators between them, none at the ends. */
static void
slug_part(vk_strbuf *sb, const char *s, int lower, int keep_underscore)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t start = sb->len;
    int sep = 0;

    while (p != NULL && *p != '\0') {
        unsigned long cp;
        char out[3];
        int what;

        p += utf8_next(p, &cp);
        what = fold(cp, keep_underscore, out);
        if (what == CH_SEP) {
            sep = sb->len > start;
            continue;
        }
        if (what == CH_DROP)
            continue;
        if (sep)
            vk_strbuf_append(sb, "-");
        sep = 0;
        for (int i = 0; out[i] != '\0'; i++) {
            char c = out[i];

            if (lower && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            vk_strbuf_appendn(sb, &c, 1);
        }
    }
}

/* 1 when s (a slug: lowercase, no '.') is a Windows device name, which no
 * file there can be called, with any extension: con, prn, aux, nul,
 * com1-9, lpt1-9. */
static int
device_name(const char *s)
{
    static const char *const names[] = {"con", "prn", "aux", "nul", NULL};

    for (size_t i = 0; names[i] != NULL; i++)
        if (strcmp(s, names[i]) == 0)
            return 1;
    return (strncmp(s, "com", 3) == 0 || strncmp(s, "lpt", 3) == 0) &&
           s[3] >= '1' && s[3] <= '9' && s[4] == '\0';
}

/* Cuts sb to SLUG_MAX characters without a trailing '-'; a Windows device
 * name gets "-x" so the file can be copied to any system. */
static char *
finish(vk_strbuf *sb, const char *fallback)
{
    if (sb->len == 0)
        vk_strbuf_append(sb, fallback);
    if (device_name(sb->s))
        vk_strbuf_append(sb, "-x");
    if (sb->len > SLUG_MAX) {
        sb->len = SLUG_MAX;
        while (sb->len > 1 && sb->s[sb->len - 1] == '-')
            sb->len--;
        sb->s[sb->len] = '\0';
    }
    return vk_strbuf_take(sb);
}

char *
vk_slug(const char *code, const char *name)
{
    vk_strbuf sb = {0};
    size_t code_len;

    slug_part(&sb, code, 0, 0);
    code_len = sb.len;
    if (code_len > 0)
        vk_strbuf_append(&sb, "-");
    slug_part(&sb, name, 1, 0);
    /* No name left: the code alone, without the '-'. */
    if (code_len > 0 && sb.len == code_len + 1) {
        sb.len = code_len;
        sb.s[sb.len] = '\0';
    }
    return finish(&sb, "gemeente");
}

char *
vk_slug_layer(const char *id)
{
    vk_strbuf sb = {0};

    slug_part(&sb, id, 1, 1);
    return finish(&sb, "layer");
}
