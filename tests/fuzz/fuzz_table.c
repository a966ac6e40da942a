/* SPDX-License-Identifier: MIT */
/* Fuzz target: the indicator table reader (from memory), the number
 * parser on every column, long tables by year, and the join and its
 * report against three buurten. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vk/vk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Three features without geometry, codes as CBS writes them. */
static vk_features *
three_buurten(void)
{
    static const char *const codes[] = {"BU00010000", "BU00010001", "1"};
    vk_features *fs = vk_xcalloc(1, sizeof *fs);

    fs->path = vk_xstrdup("fuzz.gpkg");
    fs->layer = vk_xstrdup("buurten");
    fs->n = 3;
    fs->f = vk_xcalloc(fs->n, sizeof *fs->f);
    for (size_t i = 0; i < fs->n; i++) {
        fs->f[i].code = vk_xstrdup(codes[i]);
        fs->f[i].name = vk_xstrdup("Buurt");
        fs->f[i].inwoners = NAN;
        vk_bbox_reset(&fs->f[i].bbox);
    }
    vk_bbox_reset(&fs->extent);
    return fs;
}

static void
use_table(const vk_table *t, const vk_features *fs)
{
    size_t n = vk_table_nrows(t);
    double *v = vk_xcalloc(n ? n : 1, sizeof *v);
    vk_cell *st = vk_xcalloc(n ? n : 1, sizeof *st);
    vk_join *j;
    char *s;

    for (size_t c = 0; c < vk_table_ncols(t); c++) {
        vk_error err;

        vk_error_init(&err);
        vk_table_numeric(t, vk_table_colname(t, c), v, st, &err);
    }
    j = vk_join_make(fs, t);
    s = vk_join_report(fs, t, j);
    free(s);
    s = vk_join_low_match(fs, t, j);
    free(s);
    for (size_t c = 0; c < vk_table_ncols(t); c++) {
        vk_error err;
        double out[3];

        vk_error_init(&err);
        vk_join_column(j, t, vk_table_colname(t, c), out, NULL, &err);
    }
    vk_join_destroy(j);
    free(st);
    free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vk_table_opts opts = {NULL, 0};
    vk_features *fs = three_buurten();
    vk_table *t;
    vk_error err;

    vk_error_init(&err);
    t = vk_table_read_mem("fuzz.csv", (const char *)data, size, &opts, &err);
    if (t != NULL) {
        use_table(t, fs);
        /* A long table: the wide table of each of its years. */
        if (vk_table_year_col(t) >= 0) {
            char *years = vk_table_years(t), *save = NULL, *y;

            for (y = strtok_r(years, ", ", &save); y != NULL;
                 y = strtok_r(NULL, ", ", &save)) {
                vk_table *w;

                vk_error_init(&err);
                if ((w = vk_table_year(t, y, &err)) != NULL) {
                    use_table(w, fs);
                    vk_table_destroy(w);
                }
            }
            free(years);
        }
        vk_table_destroy(t);
    }
    vk_features_destroy(fs);
    return 0;
}
