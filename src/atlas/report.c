/* SPDX-License-Identifier: MIT */
/* What the atlas tells: a log line per task and the progress (to the
 * caller's events), atlas-report.json and the summary lines. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atlas_priv.h"
#include "vk/writers.h"

/* Failures named in the summary line; the report has all. */
#define SUMMARY_FAILURES 3


/* Length of the valid UTF-8 sequence at s, 0 if it is not one. */
static size_t
utf8_len(const unsigned char *s)
{
    unsigned long cp, min;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xe0) == 0xc0)
        n = 2, cp = s[0] & 0x1fu, min = 0x80;
    else if ((s[0] & 0xf0) == 0xe0)
        n = 3, cp = s[0] & 0x0fu, min = 0x800;
    else if ((s[0] & 0xf8) == 0xf0)
        n = 4, cp = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    /* Stops at the terminating NUL, which is no continuation byte. */
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    if (cp < min || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
        return 0;
    return n;
}

json_t *
vk_atlas_json_str(const char *s)
{
    vk_strbuf sb = {0};
    json_t *j;

    if (s == NULL)
        return json_null();
    /* Not UTF-8 (names from data): each bad byte becomes '?'. */
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0';) {
        size_t n = utf8_len(p);

        vk_strbuf_appendn(&sb, n ? (const char *)p : "?", n ? n : 1);
        p += n ? n : 1;
    }
    j = json_string(sb.s != NULL ? sb.s : "");
    vk_strbuf_free(&sb);
    return j;
}

char *
vk_atlas_path(const vk_atlas *at, const char *name)
{
    return vk_xasprintf("%s/%s", at->dir, name);
}

json_t *
vk_atlas_task_outputs(const vk_atlas *at, const vk_atlas_task *t,
                      unsigned formats)
{
    json_t *o = json_array();

    if (formats & VK_ATLAS_PDF)
        json_array_append_new(o, json_sprintf("%s.pdf", t->slug));
    if (formats & VK_ATLAS_PNG) {
        if (t->overview)
            json_array_append_new(o, json_sprintf("%s.png", t->slug));
        for (size_t s = 0; !t->overview && s < at->nstyles; s++)
            json_array_append_new(
                o, json_sprintf("%s-%s.png", t->slug,
                                vk_mapset_layer_id(at->ms, s)));
    }
    return o;
}

void
vk_atlas_log(const vk_atlas *at, int task_ok, const char *fmt, ...)
{
    va_list ap;
    char *line;
    int len;

    if (at->ev == NULL || at->ev->log == NULL)
        return;
    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    line = vk_xmalloc((size_t)len + 1);
    va_start(ap, fmt);
    vsnprintf(line, (size_t)len + 1, fmt, ap);
    va_end(ap);
    /* Control characters from data (names, paths) become '?'. */
    for (char *c = line; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    at->ev->log(at->ev->ctx, line, task_ok);
    free(line);
}

/* "GM0363 amsterdam", "nederland leefbaarheid": the slug, first '-' a
 * space, into a new string. */
static char *
task_label(const vk_atlas_task *t)
{
    const char *dash = strchr(t->slug, '-');

    if (!t->overview && t->code == NULL)
        return vk_xstrdup(t->name);
    if (dash == NULL)
        return vk_xstrdup(t->slug);
    return vk_xasprintf("%.*s %s", (int)(dash - t->slug), t->slug, dash + 1);
}

const char *
vk_atlas_area_word(const vk_atlas *at, size_t n)
{
    if (at->o->areas != NULL)
        return n == 1 ? "werkgebied" : "werkgebieden";
    return n == 1 ? "gemeente" : "gemeenten";
}

void
vk_atlas_tick(void *ctx)
{
    const vk_atlas *at = ctx;
    size_t todo = at->todo_gm + at->todo_ov, done = at->done_gm + at->done_ov;
    vk_atlas_progress p = {at->todo_gm, at->done_gm, at->todo_ov,
                           at->done_ov, vk_now_s() - at->t_start, -1};

    if (at->ev == NULL || at->ev->progress == NULL)
        return;
    /* Time left: what remains at the mean time of its kind so far (an
     * overview takes much longer than a gemeente), over the jobs; before
     * any gemeente is done, at the pace so far. */
    if (done > 0) {
        p.left_s = p.elapsed_s * (double)(todo - done) / (double)done;
        if (at->done_gm > 0)
            p.left_s = (at->worked_gm_s / (double)at->done_gm *
                            (double)(at->todo_gm - at->done_gm) +
                        (at->done_ov ? at->worked_ov_s / (double)at->done_ov
                                     : 0) *
                            (double)(at->todo_ov - at->done_ov)) /
                       (double)(at->jobs > 0 ? at->jobs : 1);
    }
    at->ev->progress(at->ev->ctx, &p);
}

/* Takes the worker's result line into t; 0, or -1 when it is garbled. */
static int
take_result(vk_atlas_task *t, const char *line)
{
    json_t *r = json_loads(line, 0, NULL), *v;

    if (!json_is_object(r)) {
        json_decref(r);
        return -1;
    }
    t->status = json_is_true(json_object_get(r, "ok")) ? VK_ATLAS_OK
                                                        : VK_ATLAS_FAILED;
    t->seconds = json_number_value(json_object_get(r, "seconds"));
    t->pages = (int)json_integer_value(json_object_get(r, "pages"));
    if (json_is_array(v = json_object_get(r, "outputs")))
        t->outputs = json_incref(v);
    if (json_is_array(v = json_object_get(r, "warnings")))
        t->warnings = json_incref(v);
    if (json_is_string(v = json_object_get(r, "error")))
        t->error = vk_xstrdup(json_string_value(v));
    else if (t->status == VK_ATLAS_FAILED)
        t->error = vk_xstrdup("failed without a message");
    json_decref(r);
    return 0;
}

/* Marks task t done under the run's digest: its marker lists the files
 * it made, so a later run knows them complete. A marker that cannot be
 * written only means the task is made again next time. */
static void
mark_done(const vk_atlas *at, const vk_atlas_task *t)
{
    char *path = vk_xasprintf("%s/%s", at->done_dir, t->slug);
    vk_strbuf sb = {0};
    json_t *v;
    size_t i;
    vk_error err;

    json_array_foreach(t->outputs, i, v)
        vk_strbuf_appendf(&sb, "%s\n", json_string_value(v));
    if (!t->overview && at->o->table_page)
        vk_strbuf_appendf(&sb, VK_ATLAS_MARK_PAGES "%d\n", t->pages);
    vk_error_init(&err);
    (void)vk_write_file(path, sb.s != NULL ? sb.s : "", sb.len, 1, &err);
    vk_strbuf_free(&sb);
    free(path);
}

void
vk_atlas_task_done(void *ctx, size_t i, const char *line, const char *why)
{
    vk_atlas *at = ctx;
    vk_atlas_task *t = &at->task[i];
    char *label;

    if (line == NULL || take_result(t, line) != 0) {
        t->status = VK_ATLAS_FAILED;
        t->error = vk_xstrdup(line == NULL ? why : "garbled worker result");
    }
    if (!t->overview) {
        at->done_gm++;
        at->worked_gm_s += t->seconds;
    } else {
        at->done_ov++;
        at->worked_ov_s += t->seconds;
    }
    if (t->status == VK_ATLAS_OK && t->outputs != NULL)
        mark_done(at, t);

    /* A line per task. */
    label = task_label(t);
    if (t->status == VK_ATLAS_OK) {
        size_t nout = json_array_size(t->outputs);
        char kinds[64] = "";

        if ((at->formats & VK_ATLAS_PNG) && (at->formats & VK_ATLAS_PDF))
            snprintf(kinds, sizeof kinds, " (PDF and %zu PNG)",
                     nout ? nout - 1 : 0);
        else if (at->formats & VK_ATLAS_PNG)
            snprintf(kinds, sizeof kinds, " (PNG)");
        vk_atlas_log(at, 1, "atlas: %s: %d page%s%s, %.2f s", label,
                     t->pages, t->pages == 1 ? "" : "s", kinds, t->seconds);
    } else {
        vk_atlas_log(at, 0, "atlas: %s: failed: %s", label, t->error);
    }
    free(label);
    vk_atlas_tick(at);
}

static const char *
status_name(vk_atlas_status s)
{
    switch (s) {
    case VK_ATLAS_OK: return "ok";
    case VK_ATLAS_SKIPPED: return "skipped";
    case VK_ATLAS_FAILED: return "failed";
    case VK_ATLAS_TODO: break;
    }
    return "failed";
}

/* The report entry of task t. */
static json_t *
task_json(const vk_atlas *at, const vk_atlas_task *t)
{
    json_t *o = json_object();

    if (!t->overview) {
        if (t->code != NULL)
            json_object_set_new(o, "code", vk_atlas_json_str(t->code));
        json_object_set_new(o, "name", vk_atlas_json_str(t->name));
    } else {
        json_object_set_new(o, "layer",
                            vk_atlas_json_str(
                                vk_mapset_style(at->ms, t->style)->id));
    }
    json_object_set_new(o, "status", json_string(status_name(t->status)));
    json_object_set_new(o, "outputs", t->outputs != NULL
                                          ? json_incref(t->outputs)
                                          : json_array());
    json_object_set_new(o, "pages", json_integer(t->pages));
    json_object_set_new(o, "seconds",
                        json_real(round(t->seconds * 1000) / 1000));
    json_object_set_new(o, "warnings", t->warnings != NULL
                                           ? json_incref(t->warnings)
                                           : json_array());
    json_object_set_new(o, "error", vk_atlas_json_str(t->error));
    return o;
}

/* {"total", "written", "skipped", "failed"} of the gemeenten (overviews
 * 0) or the overviews (1). */
static json_t *
totals(const vk_atlas *at, int overviews, size_t *failed)
{
    size_t n[4] = {0};

    for (size_t i = 0; i < at->ntasks; i++) {
        const vk_atlas_task *t = &at->task[i];

        if (t->selected && t->overview == overviews)
            n[t->status]++;
    }
    if (failed != NULL)
        *failed = n[VK_ATLAS_FAILED] + n[VK_ATLAS_TODO];
    return json_pack("{s:I, s:I, s:I, s:I}", "total",
                     (json_int_t)(n[0] + n[1] + n[2] + n[3]), "written",
                     (json_int_t)n[VK_ATLAS_OK], "skipped",
                     (json_int_t)n[VK_ATLAS_SKIPPED], "failed",
                     (json_int_t)(n[VK_ATLAS_FAILED] + n[VK_ATLAS_TODO]));
}

vk_status
vk_atlas_report_write(const vk_atlas *at, int complete, double wall_s,
                      double cpu_s, vk_error *err)
{
    json_t *r = json_object(), *gm = json_array(), *ov = json_array();
    char *path = vk_atlas_path(at, VK_ATLAS_REPORT_NAME);
    vk_status rc;

    /* complete: the final report (else the one written at the start);
     * interrupted: it ends early, the rest failed as "interrupted". */
    json_object_set_new(r, "complete", json_boolean(complete));
    if (complete)
        json_object_set_new(r, "interrupted",
                            json_boolean(at->interrupted != 0));
    json_object_set_new(r, "settings", json_incref(at->settings));
    for (size_t i = 0; complete && i < at->ntasks; i++)
        if (at->task[i].selected)
            json_array_append_new(!at->task[i].overview ? gm : ov,
                                  task_json(at, &at->task[i]));
    if (complete) {
        json_object_set_new(r, "gemeenten", gm);
        json_object_set_new(r, "overviews", ov);
        json_object_set_new(r, "warnings", json_incref(at->warnings));
        json_object_set_new(r, "totals", json_pack(
            "{s:o, s:o, s:f, s:f}", "gemeenten", totals(at, 0, NULL),
            "overviews", totals(at, 1, NULL), "seconds",
            round(wall_s * 1000) / 1000, "cpu_seconds",
            round(cpu_s * 1000) / 1000));
    } else {
        json_decref(gm);
        json_decref(ov);
    }
    rc = vk_write_json(path, r, JSON_INDENT(2) | JSON_REAL_PRECISION(10),
                       err);
    json_decref(r);
    free(path);
    return rc;
}

/* "4 gemeenten: 3 written, 0 skipped, 1 failed (GM0982: ...)". */
static size_t
summary_line(const vk_atlas *at, int overviews)
{
    size_t n[4] = {0}, named = 0, failed, all;
    vk_strbuf sb = {0};

    for (size_t i = 0; i < at->ntasks; i++)
        if (at->task[i].selected && at->task[i].overview == overviews)
            n[at->task[i].status]++;
    failed = n[VK_ATLAS_FAILED] + n[VK_ATLAS_TODO];
    all = n[0] + n[1] + n[2] + n[3];
    vk_strbuf_appendf(&sb, "atlas: %zu %s: %zu written, %zu skipped, %zu "
                      "failed", all,
                      overviews ? (all == 1 ? "overview" : "overviews")
                                : vk_atlas_area_word(at, all),
                      n[VK_ATLAS_OK], n[VK_ATLAS_SKIPPED], failed);
    for (size_t i = 0; i < at->ntasks && named < SUMMARY_FAILURES; i++) {
        const vk_atlas_task *t = &at->task[i];

        if (!t->selected || t->overview != overviews ||
            (t->status != VK_ATLAS_FAILED && t->status != VK_ATLAS_TODO))
            continue;
        vk_strbuf_appendf(&sb, "%s%s: %s", named++ ? "; " : " (",
                          !t->overview ? (t->code != NULL ? t->code : t->name)
                                : vk_mapset_layer_id(at->ms, t->style),
                          t->error ? t->error : "not done");
    }
    if (named > 0)
        vk_strbuf_appendf(&sb, "%s)", failed > named ? "; ..." : "");
    vk_atlas_log(at, 0, "%s", sb.s);
    vk_strbuf_free(&sb);
    return failed;
}

size_t
vk_atlas_summary(const vk_atlas *at)
{
    size_t failed = summary_line(at, 0), nwarn = 0;
    int overviews = 0;

    for (size_t i = 0; i < at->ntasks; i++) {
        overviews |= at->task[i].selected && at->task[i].overview;
        nwarn += at->task[i].selected ? json_array_size(at->task[i].warnings)
                                      : 0;
    }
    if (overviews)
        failed += summary_line(at, 1);
    if (nwarn > 0)
        vk_atlas_log(at, 0, "atlas: report in %s/%s (%zu warning%s)",
                     at->dir, VK_ATLAS_REPORT_NAME, nwarn, nwarn == 1 ? "" : "s");
    else
        vk_atlas_log(at, 0, "atlas: report in %s/%s", at->dir, VK_ATLAS_REPORT_NAME);
    return failed;
}
