/* SPDX-License-Identifier: MIT */
/* The areas of the command line and of files: --area lists, --area-file
 * (a CSV of codes, or polygons in any CRS), and the werkgebieden of atlas
 * --areas (a CSV of naam and codes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk/geo.h"
#include "vk/mapset.h"

/* 1 for a file name ending in .csv, .txt or .tsv. */
static int
is_csv(const char *path)
{
    const char *dot = strrchr(path, '.');

    return dot != NULL && (vk_strcaseeq(dot, ".csv") ||
                           vk_strcaseeq(dot, ".txt") ||
                           vk_strcaseeq(dot, ".tsv"));
}

/* 1 when text selects something in b (a code or gemeente name). */
static int
resolves(const vk_mapset *ms, const char *text)
{
    vk_error e;
    vk_area *a;

    vk_error_init(&e);
    a = vk_area_parse(vk_mapset_boundaries(ms), text, NULL, NULL, &e);
    vk_area_destroy(a);
    return a != NULL;
}

/* The area of a CSV with codes in its key column (buurtcode, code, else
 * the first), a cell holding one or more (split as --area is); the header
 * is a code too when it selects something. Errors are the file's. */
static vk_status
codes_file(const vk_mapset *ms, const char *path, const char *name,
           vk_area **out, vk_error *err)
{
    vk_table_opts to = {NULL, 0};
    vk_table *t = vk_table_read(path, &to, err);
    vk_strbuf sb = {0};
    size_t key;

    if (t == NULL)
        return err->code;
    key = vk_table_key_col(t);
    if (resolves(ms, vk_table_colname(t, key)))
        vk_strbuf_appendf(&sb, "%s;", vk_table_colname(t, key));
    for (size_t r = 0; r < vk_table_nrows(t); r++)
        if (vk_table_key(t, r)[0] != '\0')
            vk_strbuf_appendf(&sb, "%s;", vk_table_key(t, r));
    if (sb.len == 0) {
        VK_FAIL_AT(err, VK_EDATA, path, 0, "no codes");
        vk_error_hint(err, "one gemeente, wijk or buurt code per row");
    } else if ((*out = vk_area_parse(vk_mapset_boundaries(ms), sb.s, name,
                                     NULL, err)) == NULL) {
        snprintf(err->path, sizeof err->path, "%s", path);
    }
    vk_strbuf_free(&sb);
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

    if (polys == NULL) {
        err->hint[0] = '\0'; /* the reader's speaks of --boundaries */
        vk_error_hint(err, err->code == VK_EPROJ
                               ? "give the polygons a CRS (a .prj beside a "
                                 "Shapefile)"
                               : "check the file given with --area-file");
        return err->code;
    }
    if (vk_geo_transform(polys, b->buurten->crs_wkt, err) != VK_OK ||
        vk_mapset_load_extent(ms, &polys->extent, NULL, err) != VK_OK) {
        vk_features_destroy(polys);
        return err->code;
    }
    mask = vk_xcalloc(b->buurten->n + 1, 1);
    vk_source_select_inside(polys, b->buurten, mask);
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
vk_mapset_areas(const vk_mapset *ms, const char *path, vk_werkgebied **out,
                size_t *nout, vk_error *err)
{
    vk_table_opts to = {"naam", 0};
    vk_table *t = vk_table_read(path, &to, err);
    vk_werkgebied *v;
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
        vk_error e;

        vk_error_init(&e);
        v[r].naam = vk_xstrdup(vk_table_key(t, r));
        v[r].line = vk_table_line(t, r);
        v[r].area = vk_area_parse(vk_mapset_boundaries(ms),
                                  vk_table_text(t, r, (size_t)codes),
                                  v[r].naam, NULL, &e);
        if (v[r].area == NULL) {
            char msg[1600];

            /* The row's own place, not the boundaries'. */
            snprintf(e.path, sizeof e.path, "%s", path);
            e.line = v[r].line;
            v[r].error = vk_xstrdup(vk_error_format(&e, msg, sizeof msg));
        }
    }
    vk_table_destroy(t);
    *out = v;
    *nout = n;
    return VK_OK;
}

void
vk_werkgebieden_free(vk_werkgebied *w, size_t n)
{
    for (size_t i = 0; w != NULL && i < n; i++) {
        free(w[i].naam);
        free(w[i].error);
        vk_area_destroy(w[i].area);
    }
    free(w);
}
