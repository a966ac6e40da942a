/* SPDX-License-Identifier: MIT */
/* One task of veerkracht atlas, in a worker: a gemeente's pages (PDF, PNGs)
 * or a layer's overview of all gemeenten, reported as one JSON line. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atlas_priv.h"

/* The pages of one task and what they own. */
typedef struct page_set {
    vk_page page[VK_MAPSET_MAX_STYLES];
    vk_paint *paint[VK_MAPSET_MAX_STYLES]; /* a gemeente's */
    int n;
    vk_tablepage *table; /* a gemeente's, with --table-page */
    size_t written;      /* PDF pages, else PNGs */
} page_set;

static void
page_set_free(page_set *ps)
{
    for (int i = 0; i < ps->n; i++)
        vk_paint_destroy(ps->paint[i]);
    vk_tablepage_destroy(ps->table);
    ps->table = NULL;
    ps->n = 0;
}

/* Adds the page of style s: for gemeente gm, or the overview (gm NULL). A
 * gemeente's paint shares the overview's breaks unless the style's are
 * per gemeente. */
static vk_status
add_page(const vk_atlas *at, size_t s, const vk_area *gm, page_set *ps,
         json_t *warnings, vk_error *err)
{
    const vk_paint *p = at->overview[s];
    int i = ps->n;
    vk_warnings w = {0};

    ps->paint[i] = NULL;
    if (gm != NULL) {
        ps->paint[i] = vk_mapset_paint(at->ms, s, VK_SCOPE_STYLE, gm, err);
        vk_mapset_take_warnings(at->ms, &w);
        for (size_t k = 0; k < w.n; k++)
            json_array_append_new(warnings, vk_atlas_json_str(w.msg[k]));
        vk_warnings_free(&w);
        if (ps->paint[i] == NULL)
            return err->code;
        p = ps->paint[i];
        if (p->no_class) {
            char *msg = vk_xasprintf("%s: no buurt has a value (all water, "
                                     "masked or no data)", p->style->id);

            json_array_append_new(warnings, vk_atlas_json_str(msg));
            free(msg);
        }
    }
    ps->n++;
    /* Thousands of buurt names on one overview would be noise. */
    ps->page[i] = vk_layout_page(vk_mapset_boundaries(at->ms), p,
                                 gm != NULL ? at->o->labels
                                            : VK_LABELS_NONE);
    return VK_OK;
}

/* Writes pages as the file name (taking the name) into the folder and
 * lists it among the outputs when written. */
static vk_status
write_one(const vk_atlas *at, char *name, const vk_page *pages, size_t n,
          const vk_tablepage *table, const vk_page_opts *po, json_t *outputs,
          size_t *written, vk_error *err)
{
    char *path = vk_atlas_path(at, name);
    vk_status rc = vk_layout_write_doc(path, pages, n, table, po, written,
                                       err);

    if (rc == VK_OK)
        json_array_append_new(outputs, json_string(name));
    free(path);
    free(name);
    return rc;
}

/* Writes the pages: one PDF of all, and/or a PNG each. */
static vk_status
write_pages(const vk_atlas *at, const vk_atlas_task *t, page_set *ps,
            json_t *outputs, vk_error *err)
{
    /* The map of a PNG is the map of its PDF page. */
    vk_page_opts po = at->png;

    po.set = ps->page;
    po.nset = (size_t)ps->n;
    if ((at->formats & VK_ATLAS_PDF) &&
        write_one(at, vk_xasprintf("%s.pdf", t->slug), ps->page,
                  (size_t)ps->n, ps->table, &at->pdf, outputs, &ps->written,
                  err) != VK_OK)
        return err->code;
    for (int i = 0; (at->formats & VK_ATLAS_PNG) && i < ps->n; i++) {
        size_t s = !t->overview ? (size_t)i : t->style;
        char *name = !t->overview
                         ? vk_xasprintf("%s-%s.png", t->slug,
                                        vk_mapset_layer_id(at->ms, s))
                         : vk_xasprintf("%s.png", t->slug);

        if (write_one(at, name, &ps->page[i], 1, NULL, &po, outputs, NULL,
                      err) != VK_OK)
            return err->code;
    }
    if (!(at->formats & VK_ATLAS_PDF))
        ps->written = (size_t)ps->n;
    /* The table's pages, a PNG each, named as render names them. */
    if ((at->formats & VK_ATLAS_PNG) && ps->table != NULL) {
        char *png = vk_xasprintf("%s.png", t->slug);
        char *path = vk_atlas_path(at, png);
        size_t n = 0;

        vk_layout_write_table_pngs(path, ps->table, &po, &n, err);
        for (size_t k = 0; k < n; k++) {
            char *name = vk_layout_table_png_name(png, k);

            json_array_append_new(outputs, json_string(name));
            free(name);
        }
        free(path);
        free(png);
        if (err->code != VK_OK)
            return err->code;
        if (!(at->formats & VK_ATLAS_PDF))
            ps->written += n;
    }
    return VK_OK;
}

char *
vk_atlas_run_task(void *ctx, size_t ti)
{
    const vk_atlas *at = ctx;
    const vk_atlas_task *t = &at->task[ti];
    double t0 = vk_now_s();
    json_t *res = json_object(), *outputs = json_array(),
           *warnings = json_array();
    page_set ps;
    vk_error err;
    vk_status rc = VK_OK;
    char *line;

    vk_error_init(&err);
    ps.n = 0;
    ps.table = NULL;
    ps.written = 0;
    /* Test hook: the worker doing this gemeente dies as in a crash
     * (tests/unit/test_atlas.c). */
    if (t->area != NULL && getenv("VK_ATLAS_TEST_CRASH") != NULL &&
        strcmp(getenv("VK_ATLAS_TEST_CRASH"), t->area->id) == 0)
        raise(SIGKILL);
    /* A gemeente: a page per layer; an overview: its layer's page. */
    if (!t->overview) {
        for (size_t s = 0; rc == VK_OK && s < at->nstyles; s++)
            rc = add_page(at, s, t->area, &ps, warnings, &err);
    } else {
        rc = add_page(at, t->style, NULL, &ps, warnings, &err);
    }
    if (rc == VK_OK && !t->overview && at->o->table_page &&
        (ps.table = vk_tablepage_make(vk_mapset_boundaries(at->ms),
                                      ps.paint, (size_t)ps.n, &err)) == NULL)
        rc = err.code;
    if (rc == VK_OK)
        rc = write_pages(at, t, &ps, outputs, &err);
    json_object_set_new(res, "ok", json_boolean(rc == VK_OK));
    json_object_set_new(res, "seconds", json_real(vk_now_s() - t0));
    json_object_set_new(res, "pages", json_integer((json_int_t)ps.written));
    json_object_set_new(res, "outputs", outputs);
    json_object_set_new(res, "warnings", warnings);
    if (rc != VK_OK) {
        char msg[1600];

        json_object_set_new(res, "error", vk_atlas_json_str(
                                              vk_error_format(&err, msg,
                                                              sizeof msg)));
    }
    page_set_free(&ps);
    /* One line: jansson escapes newlines inside strings. */
    line = json_dumps(res, JSON_COMPACT);
    json_decref(res);
    /* jansson allocates with malloc (not replaced here): free() works. */
    return line != NULL ? line : vk_xstrdup("{\"ok\":false,\"error\":"
                                            "\"no memory for the result\"}");
}
