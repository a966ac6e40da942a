/* SPDX-License-Identifier: MIT */
/* One task of veerkracht atlas, in a worker: a gemeente's pages (PDF, PNGs)
 * or a layer's overview of all gemeenten, reported as one JSON line. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atlas.h"

#define DEFAULT_SOURCE "Bron: CBS Wijk- en buurtkaart; bewerking veerkracht"

/* The pages of one task and what they own. */
typedef struct page_set {
    vk_page page[CLI_LIST_MAX];
    vk_layer *own[CLI_LIST_MAX];   /* per-gemeente layers */
    vk_rgba *fill[CLI_LIST_MAX];   /* their colours */
    unsigned char *hatch[CLI_LIST_MAX];
    vk_legend *legend[CLI_LIST_MAX];
    char *subtitle[CLI_LIST_MAX];
    int n;
} page_set;

static void
page_set_free(page_set *ps)
{
    for (int i = 0; i < ps->n; i++) {
        vk_layer_destroy(ps->own[i]);
        free(ps->fill[i]);
        free(ps->hatch[i]);
        vk_legend_destroy(ps->legend[i]);
        free(ps->subtitle[i]);
    }
    ps->n = 0;
}

static void
warn(json_t *warnings, const char *fmt, ...) VK_PRINTF(2, 3);

static void
warn(json_t *warnings, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(warnings, atlas_json_str(buf));
}

/* 1 when no buurt of area (all when NULL) has a class: every one is water,
 * masked or without a value. */
static int
no_class(const vk_layer *l, const vk_features *bu, const char *area)
{
    for (size_t i = 0; i < bu->n; i++)
        if ((area == NULL || (bu->f[i].gemeentecode != NULL &&
                              strcmp(bu->f[i].gemeentecode, area) == 0)) &&
            l->cls[i] >= 0)
            return 0;
    return 1;
}

/* Adds page i of style s: for gemeente gm (NULL: all buurten). A style
 * whose breaks are per gemeente gets its own layer here. */
static vk_status
add_page(const atlas *at, int s, const vk_feature *gm, page_set *ps,
         json_t *warnings, vk_error *err)
{
    const vk_style *st = at->styles[s];
    const vk_features *bu = at->b->buurten;
    const char *area = gm != NULL ? gm->code : NULL;
    const char *where = gm == NULL ? "Alle gemeenten"
                        : gm->name != NULL ? gm->name : gm->code;
    const vk_layer *l = at->layer[s];
    const vk_rgba *fill = at->fill[s];
    const unsigned char *hatch = at->hatch[s];
    int i = ps->n++;

    ps->own[i] = NULL;
    ps->fill[i] = NULL;
    ps->hatch[i] = NULL;
    ps->legend[i] = NULL;
    ps->subtitle[i] = NULL;
    if (gm != NULL && st->scope_gemeente) {
        vk_layer *own = vk_layer_make(st, &at->ts, bu, area, err);

        if (own == NULL)
            return err->code;
        ps->own[i] = own;
        for (size_t w = 0; w < own->warnings.n; w++)
            warn(warnings, "%s", own->warnings.msg[w]);
        ps->fill[i] = vk_xcalloc(bu->n ? bu->n : 1, sizeof *ps->fill[i]);
        vk_layer_fill(own, ps->fill[i]);
        ps->hatch[i] = vk_xcalloc(bu->n ? bu->n : 1, 1);
        vk_layer_hatch(own, ps->hatch[i]);
        l = own;
        fill = ps->fill[i];
        hatch = ps->hatch[i];
    }
    if (gm != NULL && no_class(l, bu, area))
        warn(warnings, "%s: no buurt has a value (all water, masked or no "
             "data)", st->id);
    ps->legend[i] = vk_layer_legend(l, bu, area);
    ps->subtitle[i] = st->subtitle != NULL
                          ? vk_xasprintf("%s \xe2\x80\x93 %s", where,
                                         st->subtitle)
                          : vk_xstrdup(where);
    ps->page[i] = (vk_page){
        .b = at->b,
        .fill = fill,
        .hatch = hatch,
        .area = area,
        .title = st->title,
        .subtitle = ps->subtitle[i],
        .legend = ps->legend[i],
        .source = st->source != NULL ? st->source : DEFAULT_SOURCE,
        .date = st->date,
        /* Thousands of buurt names on one overview would be noise. */
        .labels = gm != NULL ? at->labels : VK_LABELS_NONE,
    };
    return VK_OK;
}

/* Writes the pages: one PDF of all, and/or a PNG each. */
static vk_status
write_pages(const atlas *at, const atlas_task *t, const page_set *ps,
            json_t *outputs, vk_error *err)
{
    if (at->formats & ATLAS_PDF) {
        char *name = vk_xasprintf("%s.pdf", t->slug);
        char *path = atlas_path(at, name);
        vk_status rc = vk_layout_write(path, ps->page, (size_t)ps->n,
                                       &at->pdf, err);

        if (rc == VK_OK)
            json_array_append_new(outputs, json_string(name));
        free(path);
        free(name);
        if (rc != VK_OK)
            return rc;
    }
    for (int i = 0; (at->formats & ATLAS_PNG) && i < ps->n; i++) {
        int s = t->gm != NULL ? i : t->style;
        char *name = t->gm != NULL
                         ? vk_xasprintf("%s-%s.png", t->slug,
                                        at->layer_id[s])
                         : vk_xasprintf("%s.png", t->slug);
        char *path = atlas_path(at, name);
        vk_page_opts po = at->png;
        vk_status rc;

        /* The map of the PNG is the map of its PDF page. */
        po.set = ps->page;
        po.nset = (size_t)ps->n;
        rc = vk_layout_write(path, &ps->page[i], 1, &po, err);

        if (rc == VK_OK)
            json_array_append_new(outputs, json_string(name));
        free(path);
        free(name);
        if (rc != VK_OK)
            return rc;
    }
    return VK_OK;
}

char *
atlas_run_task(void *ctx, size_t ti)
{
    const atlas *at = ctx;
    const atlas_task *t = &at->task[ti];
    double t0 = atlas_now();
    json_t *res = json_object(), *outputs = json_array(),
           *warnings = json_array();
    page_set ps;
    vk_error err;
    vk_status rc = VK_OK;
    char *line;

    vk_error_init(&err);
    ps.n = 0;
    /* Test hook: the worker doing this gemeente dies as in a crash
     * (tests/unit/test_atlas.c). */
    if (t->gm != NULL && getenv("VK_ATLAS_TEST_CRASH") != NULL &&
        strcmp(getenv("VK_ATLAS_TEST_CRASH"), t->gm->code) == 0)
        raise(SIGKILL);
    /* A gemeente: a page per layer; an overview: its layer's page. */
    if (t->gm != NULL) {
        for (int s = 0; rc == VK_OK && s < at->nstyles; s++)
            rc = add_page(at, s, t->gm, &ps, warnings, &err);
    } else {
        rc = add_page(at, t->style, NULL, &ps, warnings, &err);
    }
    if (rc == VK_OK)
        rc = write_pages(at, t, &ps, outputs, &err);
    json_object_set_new(res, "ok", json_boolean(rc == VK_OK));
    json_object_set_new(res, "seconds", json_real(atlas_now() - t0));
    json_object_set_new(res, "pages", json_integer(ps.n));
    json_object_set_new(res, "outputs", outputs);
    json_object_set_new(res, "warnings", warnings);
    if (rc != VK_OK) {
        char msg[1600];

        json_object_set_new(res, "error", atlas_json_str(
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
