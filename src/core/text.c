/* SPDX-License-Identifier: MIT */
/* The words veerkracht writes on a map, in every language in one table,
 * and its numbers in each language's digits. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vk/core.h"

/* Columns: Dutch (the default), English. */
static const char *const TEXTS[VK_TEXT_COUNT][2] = {
    [VK_TEXT_NODATA] = {"Geen gegevens", "No data"},
    [VK_TEXT_WATER] = {"Water", "Water"},
    [VK_TEXT_MASK] = {"Minder dan %s inwoners", "Fewer than %s residents"},
    [VK_TEXT_CLASS_BELOW] = {"minder dan %s%s", "less than %s%s"},
    [VK_TEXT_CLASS_FROM_TO] = {"%s tot %s%s", "%s to %s%s"},
    [VK_TEXT_CLASS_AT_LEAST] = {"%s%s of meer", "%s%s or more"},
    [VK_TEXT_CLASS_UP_TO] = {"tot en met %s%s", "up to %s%s"},
    [VK_TEXT_CLASS_ABOVE] = {"meer dan %s%s", "more than %s%s"},
    [VK_TEXT_CLASS_ABOVE_UP_TO] = {"meer dan %s tot en met %s%s",
                                   "more than %s up to %s%s"},
    [VK_TEXT_CLASS_RANGE] = {"%s tot en met %s%s", "%s to %s%s"},
    [VK_TEXT_LOW] = {"laag", "low"},
    [VK_TEXT_MIDDLE] = {"midden", "middle"},
    [VK_TEXT_HIGH] = {"hoog", "high"},
    [VK_TEXT_PERSISTENCE] = {"in %s van %s metingen",
                             "in %s of %s measurements"},
    [VK_TEXT_ALL_AREAS] = {"Alle gemeenten", "All municipalities"},
    [VK_TEXT_ALL_AREAS_IN] = {"alle gemeenten", "all municipalities"},
    [VK_TEXT_SCALE] = {"Schaal 1:%s", "Scale 1:%s"},
    [VK_TEXT_DATE] = {"Gegevens: %s", "Data: %s"},
    [VK_TEXT_PROJECTION] = {"Projectie: %s", "Projection: %s"},
    [VK_TEXT_PER_WIJK] = {"per wijk", "per district"},
    [VK_TEXT_AND] = {" en ", " and "},
    [VK_TEXT_N_GEMEENTEN] = {"%s gemeenten", "%s municipalities"},
    [VK_TEXT_TABLE_BUURTEN] = {"Buurten van %s", "Neighbourhoods of %s"},
    [VK_TEXT_TABLE_WIJKEN] = {"Wijken van %s", "Districts of %s"},
    [VK_TEXT_TABLE_FOCUS] = {"Gesorteerd op de focuskaart (hoog en hoog "
                             "eerst), dan op naam",
                             "Sorted by the focus map (high and high "
                             "first), then by name"},
    [VK_TEXT_TABLE_BY_NAME] = {"Gesorteerd op naam", "Sorted by name"},
    [VK_TEXT_TABLE_NAME] = {"Naam", "Name"},
    [VK_TEXT_TABLE_CODE] = {"Code", "Code"},
    [VK_TEXT_TABLE_BOOKMARK] = {"Tabel", "Table"},
};

/* Each language's code and digits: thousands separator, decimal mark. */
static const struct {
    const char *code;
    char thousands, decimal;
} LANGS[2] = {{"nl", '.', ','}, {"en", ',', '.'}};

static size_t
column(vk_lang lang)
{
    return lang == VK_LANG_EN ? 1 : 0;
}

int
vk_lang_parse(const char *s, vk_lang *out)
{
    for (size_t i = 0; s != NULL && i < sizeof LANGS / sizeof LANGS[0]; i++)
        if (vk_strcaseeq(s, LANGS[i].code)) {
            *out = i == 1 ? VK_LANG_EN : VK_LANG_NL;
            return 0;
        }
    return -1;
}

const char *
vk_lang_code(vk_lang lang)
{
    return LANGS[column(lang)].code;
}

const char *
vk_text(vk_lang lang, vk_text_id id)
{
    return TEXTS[id][column(lang)];
}

char *
vk_text_fill(vk_lang lang, vk_text_id id, ...)
{
    const char *t = vk_text(lang, id), *arg = "";
    vk_strbuf sb = {0};
    int more = 1;
    va_list ap;

    va_start(ap, id);
    for (const char *p; (p = strstr(t, "%s")) != NULL; t = p + 2) {
        if (more && (arg = va_arg(ap, const char *)) == NULL)
            more = 0;
        vk_strbuf_appendn(&sb, t, (size_t)(p - t));
        vk_strbuf_append(&sb, more ? arg : "");
    }
    va_end(ap);
    vk_strbuf_append(&sb, t);
    return vk_strbuf_take(&sb);
}

char *
vk_format_number(vk_lang lang, double v, int dec, char *buf, size_t size)
{
    char tmp[400], *dot, *p = tmp;
    size_t intlen, o = 0;
    char th = LANGS[column(lang)].thousands, dm = LANGS[column(lang)].decimal;

    /* Beyond a thousand billion (no indicator is) in powers of ten, not
     * 1e70's 71 digits cut to a caller's buffer without a sign of it. */
    if (fabs(v) >= 1e15 && isfinite(v)) {
        snprintf(tmp, sizeof tmp, "%.*e", dec > 0 ? dec : 1, v);
        if ((dot = strchr(tmp, '.')) != NULL)
            *dot = dm;
        snprintf(buf, size, "%s", tmp);
        return buf;
    }
    snprintf(tmp, sizeof tmp, "%.*f", dec < 0 ? 0 : dec > 20 ? 20 : dec, v);
    /* No "-0,0": a value that rounds to zero has no sign. */
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
        p++;
    if (*p == '-') {
        if (o + 1 < size)
            buf[o++] = '-';
        p++;
    }
    dot = strchr(p, '.');
    intlen = dot ? (size_t)(dot - p) : strlen(p);
    /* Integer part with a separator every three digits. */
    for (size_t i = 0; i < intlen && o + 1 < size; i++) {
        if (i > 0 && (intlen - i) % 3 == 0 && o + 1 < size)
            buf[o++] = th;
        if (o + 1 < size)
            buf[o++] = p[i];
    }
    if (dot != NULL) {
        if (o + 1 < size)
            buf[o++] = dm;
        for (const char *q = dot + 1; *q && o + 1 < size; q++)
            buf[o++] = *q;
    }
    if (size > 0)
        buf[o] = '\0';
    return buf;
}
