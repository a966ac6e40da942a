/* SPDX-License-Identifier: MIT */
/* Whether a table that joins badly is keyed on the buurten of another CBS
 * indeling (another year's), and which of its columns look like counts:
 * what `check` needs to propose the reallocate command. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "table_priv.h"

/* A CBS buurtcode: BU and eight digits (gemeente 4, wijk 2, buurt 2). */
static int
is_buurtcode(const char *s)
{
    if (s == NULL || strlen(s) != 10 || toupper((unsigned char)s[0]) != 'B' ||
        toupper((unsigned char)s[1]) != 'U')
        return 0;
    for (int i = 2; i < 10; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Column names that say "a number of": split them, do not average. */
static int
count_name(const char *name)
{
    static const char *const yes[] = {"aantal", "inwoners", "woningen",
                                      "huishoudens", "bewoners"};
    static const char *const no[] = {"pct", "perc", "per_", "klasse",
                                     "dichtheid", "gemiddeld", "_gem"};
    char low[128];
    size_t n = strlen(name);
    int hit = 0;

    if (n >= sizeof low)
        return 0;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        hit |= strstr(low, yes[i]) != NULL;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strstr(low, no[i]) != NULL)
            return 0;
    return hit;
}

int
vk_table_numeric_col(const vk_table *t, size_t col, int whole)
{
    for (size_t row = 0; row < vk_table_nrows(t); row++) {
        double v;
        vk_cell st;

        if (vk_parse_number(vk_table_text(t, row, col), vk_table_sep(t), &v,
                            &st) != VK_OK ||
            (whole && st == VK_CELL_VALUE && v != (double)(long long)v))
            return 0;
    }
    return 1;
}

char *
vk_join_other_indeling(const vk_features *fs, const vk_table *t,
                       const vk_join *j)
{
    size_t nbu = 0, nfbu = 0, n = j->nrows_unmatched;

    /* A few rows without buurt are gaps; a twentieth is another year. */
    if (n < 5 || 20 * n < vk_table_nrows(t))
        return NULL;
    /* Buurtcodes on both sides (a herindeling renames whole gemeenten, so
     * the gemeente parts need not agree). */
    for (size_t i = 0; i < n; i++)
        nbu += is_buurtcode(vk_table_key(t, j->rows_unmatched[i]));
    for (size_t i = 0; i < fs->n; i++)
        nfbu += is_buurtcode(fs->f[i].code);
    if (5 * nbu < 4 * n || 5 * nfbu < 4 * fs->n)
        return NULL;
    return vk_table_count_columns(t);
}

char *
vk_table_count_columns(const vk_table *t)
{
    vk_strbuf sb = {0};

    for (size_t c = 0; c < vk_table_ncols(t); c++)
        if (c != vk_table_key_col(t) && count_name(vk_table_colname(t, c)) &&
            vk_table_numeric_col(t, c, 1))
            vk_strbuf_appendf(&sb, "%s%s", sb.len ? "," : "",
                              vk_table_colname(t, c));
    return sb.s ? vk_strbuf_take(&sb) : vk_xstrdup("");
}
