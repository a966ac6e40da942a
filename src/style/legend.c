/* SPDX-License-Identifier: MIT */
/* The legend model: Dutch class labels from breaks, colours and counts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk/style.h"

char *
vk_format_nl(double v, int dec, char *buf, size_t size)
{
    char tmp[64], *dot, *p = tmp;
    size_t intlen, o = 0;

    snprintf(tmp, sizeof tmp, "%.*f", dec, v);
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
    /* Integer part with a thousands dot every three digits. */
    for (size_t i = 0; i < intlen && o + 1 < size; i++) {
        if (i > 0 && (intlen - i) % 3 == 0 && o + 1 < size)
            buf[o++] = '.';
        if (o + 1 < size)
            buf[o++] = p[i];
    }
    if (dot != NULL) {
        if (o + 1 < size)
            buf[o++] = ',';
        for (const char *q = dot + 1; *q && o + 1 < size; q++)
            buf[o++] = *q;
    }
    if (size > 0)
        buf[o] = '\0';
    return buf;
}

size_t
vk_style_color_index(const vk_style *s, int c, int k)
{
    size_t kk = s->ncolors;

    if (kk == 0)
        return 0;
    if ((size_t)k == kk)
        return (size_t)c;
    if (k <= 1)
        return (kk - 1) / 2;
    /* Fewer classes than colours (degenerate data): spread over the ramp. */
    return (size_t)lround((double)c * (double)(kk - 1) / (double)(k - 1));
}

/* A label for class c: "minder dan 10%", "10 tot 20%", "20% of meer" with
 * left closure, "tot en met 10%", "meer dan 10 tot en met 20%", "meer dan
 * 20%" with right closure. */
static char *
class_label(const vk_style *s, const vk_breaks *br, int c)
{
    char lo[64], hi[64];
    const char *u = s->unit;
    int k = br->k;

    vk_format_nl(br->b[c], s->decimals, lo, sizeof lo);
    /* A category is its value. */
    if (br->method == VK_METHOD_CATEGORIES)
        return vk_xasprintf("%s%s", lo, u);
    vk_format_nl(br->b[c + 1], s->decimals, hi, sizeof hi);
    if (k == 1 || strcmp(lo, hi) == 0)
        return strcmp(lo, hi) == 0 ? vk_xasprintf("%s%s", lo, u)
                                   : vk_xasprintf("%s tot en met %s%s", lo,
                                                  hi, u);
    if (br->closure == VK_CLOSE_LEFT) {
        if (c == 0)
            return vk_xasprintf("minder dan %s%s", hi, u);
        if (c == k - 1)
            return vk_xasprintf("%s%s of meer", lo, u);
        return vk_xasprintf("%s tot %s%s", lo, hi, u);
    }
    if (c == 0)
        return vk_xasprintf("tot en met %s%s", hi, u);
    if (c == k - 1)
        return vk_xasprintf("meer dan %s%s", lo, u);
    return vk_xasprintf("meer dan %s tot en met %s%s", lo, hi, u);
}

vk_legend *
vk_legend_build(const vk_style *s, const vk_breaks *br, size_t nodata_count,
                size_t water_count)
{
    vk_legend *l = vk_xcalloc(1, sizeof *l);
    int k = br->k;

    l->title = vk_xstrdup(s->title);
    l->e = vk_xcalloc((size_t)k + 2, sizeof *l->e);
    for (int c = 0; c < k; c++) {
        vk_legend_entry *e = &l->e[l->n++];

        e->color = s->colors[vk_style_color_index(s, c, k)];
        e->label = (s->nlabels == (size_t)k) ? vk_xstrdup(s->labels[c])
                                             : class_label(s, br, c);
        e->count = br->counts[c];
    }
    if (nodata_count > 0) {
        vk_legend_entry *e = &l->e[l->n++];

        e->color = s->nodata_color;
        e->label = vk_xstrdup(s->nodata_label);
        e->count = nodata_count;
    }
    if (water_count > 0) {
        vk_legend_entry *e = &l->e[l->n++];

        e->color = vk_style_water_color();
        e->label = vk_xstrdup("Water");
        e->count = water_count;
    }
    return l;
}

void
vk_legend_destroy(vk_legend *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->e[i].label);
    free(l->e);
    free(l->title);
    free(l->x_title);
    free(l->y_title);
    free(l);
}

vk_rgba
vk_style_water_color(void)
{
    return vk_carto_rgba(vk_cartography.water, 1.0);
}
