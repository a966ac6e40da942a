/* SPDX-License-Identifier: MIT */
/* The legend model: class labels from breaks (in the style's language),
 * colours and counts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk/style.h"

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

/* A label for class c, in the style's language: "minder dan 10%", "10 tot
 * 20%", "20% of meer" with left closure, "tot en met 10%", "meer dan 10
 * tot en met 20%", "meer dan 20%" with right closure; "in 2 van 5
 * metingen" for a persistence value. */
static char *
class_label(const vk_style *s, const vk_breaks *br, int c)
{
    char lo[64], hi[64];
    const char *u = s->unit;
    vk_lang lang = s->lang;
    int k = br->k;

    /* A persistence class is its count of the measurements. */
    if (s->x.value.op == VK_VALUE_PERSISTENCE && !s->bivariate) {
        vk_format_number(lang, br->b[c], 0, lo, sizeof lo);
        vk_format_number(lang, (double)s->x.value.nyears, 0, hi, sizeof hi);
        return vk_text_fill(lang, VK_TEXT_PERSISTENCE, lo, hi, NULL);
    }
    vk_format_number(lang, br->b[c], s->decimals, lo, sizeof lo);
    /* A category is its value. */
    if (br->method == VK_METHOD_CATEGORIES)
        return vk_xasprintf("%s%s", lo, u);
    vk_format_number(lang, br->b[c + 1], s->decimals, hi, sizeof hi);
    if (strcmp(lo, hi) == 0)
        return vk_xasprintf("%s%s", lo, u);
    if (k == 1)
        return vk_text_fill(lang, VK_TEXT_CLASS_RANGE, lo, hi, u, NULL);
    if (br->closure == VK_CLOSE_LEFT) {
        if (c == 0)
            return vk_text_fill(lang, VK_TEXT_CLASS_BELOW, hi, u, NULL);
        if (c == k - 1)
            return vk_text_fill(lang, VK_TEXT_CLASS_AT_LEAST, lo, u, NULL);
        return vk_text_fill(lang, VK_TEXT_CLASS_FROM_TO, lo, hi, u, NULL);
    }
    if (c == 0)
        return vk_text_fill(lang, VK_TEXT_CLASS_UP_TO, hi, u, NULL);
    if (c == k - 1)
        return vk_text_fill(lang, VK_TEXT_CLASS_ABOVE, lo, u, NULL);
    return vk_text_fill(lang, VK_TEXT_CLASS_ABOVE_UP_TO, lo, hi, u, NULL);
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
        e->label = vk_xstrdup(vk_text(s->lang, VK_TEXT_WATER));
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
