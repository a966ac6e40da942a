/* SPDX-License-Identifier: MIT */
/* The areas of the command line and of files: --area lists, --area-file
 * (a CSV of codes, or polygons in any CRS), and the werkgebieden of atlas
 * --areas (a CSV of naam and codes). */
#include <stdlib.h>
#include <string.h>

#include "vk/geo.h"
#include "vk/mapset.h"

/* 1 when s looks like a CBS code (GM, WK or BU and a digit). */
static int
looks_like_code(const char *s)
{
    return s != NULL && strlen(s) > 2 && (s[2] >= '0' && s[2] <= '9') &&
           (strncmp(s, "GM", 2) == 0 || strncmp(s, "WK", 2) == 0 ||
            strncmp(s, "BU", 2) == 0 || strncmp(s, "gm", 2) == 0 ||
            strncmp(s, "wk", 2) == 0 || strncmp(s, "bu", 2) == 0);
}

/* 1 for a file name ending in .csv, .txt or .tsv. */
static int
is_csv(const char *path)
{
    const char *dot = strrchr(path, '.');

    return dot != NULL && (vk_strcaseeq(dot, ".csv") ||
                           vk_strcaseeq(dot, ".txt") ||
                           vk_strcaseeq(dot, ".tsv"));
}

/* The area of a CSV with a code per row (its key column: buurtcode,
 * code, else the first); the header is a code too when it looks like
 * one. */
static vk_status
codes_file(const vk_mapset *ms, const char *path, const char *name,
           vk_area **out, vk_error *err)
{
    vk_table_opts to = {NULL, 0};
    vk_table *t = vk_table_read(path, &to, err);
    const char **codes;
    size_t n = 0, key;

    if (t == NULL)
        return err->code;
    key = vk_table_key_col(t);
    codes = vk_xcalloc(vk_table_nrows(t) + 2, sizeof *codes);
    if (looks_like_code(vk_table_colname(t, key)))
        codes[n++] = vk_table_colname(t, key);
    for (size_t r = 0; r < vk_table_nrows(t); r++)
        if (vk_table_key(t, r)[0] != '\0')
            codes[n++] = vk_table_key(t, r);
    if (n == 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "no codes");
        vk_error_hint(err, "one gemeente, wijk or buurt code per row");
    } else {
        *out = vk_area_codes(vk_mapset_boundaries(ms), codes, n,
                             name, path, err);
    }
    free(codes);
    vk_table_destroy(t);
    return err->code;
}

/* The area of the buurten whose interior point lies in one of the
 * polygons of path, moved to the buurten's CRS. */
static vk_status
polygon_file(vk_mapset *ms, const char *path, const char *name,
             vk_area **out, vk_error *err)
{
    const vk_boundaries *b = vk_mapset_boundaries(ms);
    vk_features *polys = vk_source_read_polygons(path, NULL, err);
    unsigned char *mask;

    if (polys == NULL)
        return err->code;
    if (vk_geo_transform(polys, b->buurten->crs_wkt, err) != VK_OK ||
        vk_mapset_load_extent(ms, &polys->extent, err) != VK_OK) {
        vk_features_destroy(polys);
        return err->code;
    }
    mask = vk_xcalloc(b->buurten->n + 1, 1);
    if (vk_source_select_inside(polys, b->buurten, mask, err) == VK_OK)
        *out = vk_area_mask(b, mask, path, name, err);
    free(mask);
    vk_features_destroy(polys);
    return err->code;
}

vk_status
vk_mapset_area_file(vk_mapset *ms, const char *path, const char *name,
                    vk_area **out, vk_error *err)
{
    return is_csv(path) ? codes_file(ms, path, name, out, err)
                        : polygon_file(ms, path, name, out, err);
}

vk_status
vk_mapset_areas(const vk_mapset *ms, const char *path, vk_area ***out,
                size_t *nout, vk_error *err)
{
    vk_table_opts to = {"naam", 0};
    vk_table *t = vk_table_read(path, &to, err);
    vk_area **v;
    long codes;
    size_t n;

    if (t == NULL)
        return err->code;
    if ((codes = vk_table_find_col(t, "codes")) < 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 1, "no column \"codes\"");
        vk_error_hint(err, "a werkgebieden file has the columns naam and "
                           "codes (gemeente, wijk or buurt codes separated "
                           "by spaces or commas)");
        vk_table_destroy(t);
        return err->code;
    }
    n = vk_table_nrows(t);
    if (n == 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "no werkgebieden");
        vk_error_hint(err, "a row per werkgebied: its naam and codes");
        vk_table_destroy(t);
        return err->code;
    }
    v = vk_xcalloc(n + 1, sizeof *v);
    for (size_t r = 0; r < n; r++) {
        char *what = vk_xasprintf("%s:%ld", path, vk_table_line(t, r));

        v[r] = vk_area_parse(vk_mapset_boundaries(ms),
                             vk_table_text(t, r, (size_t)codes),
                             vk_table_key(t, r), what, err);
        free(what);
        if (v[r] == NULL) {
            for (size_t k = 0; k < r; k++)
                vk_area_destroy(v[k]);
            free(v);
            vk_table_destroy(t);
            return err->code;
        }
    }
    vk_table_destroy(t);
    *out = v;
    *nout = n;
    return VK_OK;
}
