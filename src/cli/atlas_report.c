/* SPDX-License-Identifier: MIT */
/* What veerkracht atlas tells: a log line per task (a progress bar on a
 * terminal), atlas-report.json and the summary on stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atlas.h"

#define REPORT_NAME "atlas-report.json"
#define BAR_WIDTH 20
/* Seconds between redraws of the bar while nothing finishes. */
#define REDRAW_S 0.5
/* Failures named in the summary line; the report has all. */
#define SUMMARY_FAILURES 3

double
atlas_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

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
atlas_json_str(const char *s)
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
atlas_path(const atlas *at, const char *name)
{
    return vk_xasprintf("%s/%s", at->dir, name);
}

json_t *
atlas_task_outputs(const atlas *at, const atlas_task *t, unsigned formats)
{
    json_t *o = json_array();

    if (formats & ATLAS_PDF)
        json_array_append_new(o, json_sprintf("%s.pdf", t->slug));
    if (formats & ATLAS_PNG) {
        if (t->gm == NULL)
            json_array_append_new(o, json_sprintf("%s.png", t->slug));
        for (int s = 0; t->gm != NULL && s < at->nstyles; s++)
            json_array_append_new(o, json_sprintf("%s-%s.png", t->slug,
                                                  at->layer_id[s]));
    }
    return o;
}

/* Prints s with control characters (from data: names, paths) as '?'. */
static void
put_clean(FILE *fp, const char *s)
{
    for (; s != NULL && *s != '\0'; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

/* "GM0363 amsterdam", "nederland leefbaarheid": the slug, first '-' a
 * space. */
static void
put_label(FILE *fp, const atlas_task *t)
{
    const char *dash = strchr(t->slug, '-');

    if (dash == NULL) {
        fputs(t->slug, fp);
        return;
    }
    fprintf(fp, "%.*s %s", (int)(dash - t->slug), t->slug, dash + 1);
}

static void
clear_bar(const atlas *at)
{
    if (at->tty)
        fputs("\r\033[K", stderr);
}

void
atlas_progress_end(atlas *at)
{
    clear_bar(at);
    fflush(stderr);
}

static void
put_duration(FILE *fp, double s)
{
    long t = (long)ceil(s);

    if (t >= 3600)
        fprintf(fp, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        fprintf(fp, "%ld:%02ld", t / 60, t % 60);
}

static void
draw_bar(atlas *at)
{
    size_t todo = at->todo_gm + at->todo_ov, done = at->done_gm + at->done_ov;
    int fill = todo ? (int)(BAR_WIDTH * done / todo) : BAR_WIDTH;
    double elapsed = atlas_now() - at->t_start;

    fputs("\r[", stderr);
    for (int i = 0; i < BAR_WIDTH; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu gemeenten", at->done_gm, at->todo_gm);
    if (at->todo_ov > 0)
        fprintf(stderr, ", %zu/%zu overviews", at->done_ov, at->todo_ov);
    /* Time left: what remains at the mean time of its kind so far (an
     * overview takes much longer than a gemeente), over the jobs; before
     * any gemeente is done, at the pace so far. */
    if (done == 0) {
        fputs(", estimating", stderr);
    } else {
        double left = elapsed * (double)(todo - done) / (double)done;

        if (at->done_gm > 0)
            left = (at->worked_gm_s / (double)at->done_gm *
                        (double)(at->todo_gm - at->done_gm) +
                    (at->done_ov ? at->worked_ov_s / (double)at->done_ov
                                 : 0) *
                        (double)(at->todo_ov - at->done_ov)) /
                   (double)(at->jobs > 0 ? at->jobs : 1);
        fputs(", ", stderr);
        put_duration(stderr, left);
        fputs(" left", stderr);
    }
    fputs("\033[K", stderr);
    fflush(stderr);
    at->t_drawn = atlas_now();
}

void
atlas_progress(void *ctx)
{
    atlas *at = ctx;

    if (at->tty && atlas_now() - at->t_drawn >= REDRAW_S)
        draw_bar(at);
}

/* Takes the worker's result line into t; 0, or -1 when it is garbled. */
static int
take_result(atlas_task *t, const char *line)
{
    json_t *r = json_loads(line, 0, NULL), *v;

    if (!json_is_object(r)) {
        json_decref(r);
        return -1;
    }
    t->status = json_is_true(json_object_get(r, "ok")) ? ATLAS_OK
                                                        : ATLAS_FAILED;
    t->seconds = json_number_value(json_object_get(r, "seconds"));
    t->pages = (int)json_integer_value(json_object_get(r, "pages"));
    if (json_is_array(v = json_object_get(r, "outputs")))
        t->outputs = json_incref(v);
    if (json_is_array(v = json_object_get(r, "warnings")))
        t->warnings = json_incref(v);
    if (json_is_string(v = json_object_get(r, "error")))
        t->error = vk_xstrdup(json_string_value(v));
    else if (t->status == ATLAS_FAILED)
        t->error = vk_xstrdup("failed without a message");
    json_decref(r);
    return 0;
}

void
atlas_task_done(void *ctx, size_t i, const char *line, const char *why)
{
    atlas *at = ctx;
    atlas_task *t = &at->task[i];

    if (line == NULL || take_result(t, line) != 0) {
        t->status = ATLAS_FAILED;
        t->error = vk_xstrdup(line == NULL ? why : "garbled worker result");
    }
    if (t->gm != NULL) {
        at->done_gm++;
        at->worked_gm_s += t->seconds;
    } else {
        at->done_ov++;
        at->worked_ov_s += t->seconds;
    }

    /* A line per task in a log; on a terminal only failures, above the
     * bar. */
    if (at->tty && t->status == ATLAS_OK) {
        draw_bar(at);
        return;
    }
    clear_bar(at);
    fputs("atlas: ", stderr);
    put_label(stderr, t);
    if (t->status == ATLAS_OK) {
        size_t nout = json_array_size(t->outputs);

        fprintf(stderr, ": %d page%s", t->pages, t->pages == 1 ? "" : "s");
        if ((at->formats & ATLAS_PNG) && (at->formats & ATLAS_PDF))
            fprintf(stderr, " (PDF and %zu PNG)", nout ? nout - 1 : 0);
        else if (at->formats & ATLAS_PNG)
            fputs(" (PNG)", stderr);
        fprintf(stderr, ", %.2f s\n", t->seconds);
    } else {
        fputs(": failed: ", stderr);
        put_clean(stderr, t->error);
        fputc('\n', stderr);
    }
    if (at->tty)
        draw_bar(at);
    fflush(stderr);
}

static const char *
status_name(atlas_status s)
{
    switch (s) {
    case ATLAS_OK: return "ok";
    case ATLAS_SKIPPED: return "skipped";
    case ATLAS_FAILED: return "failed";
    case ATLAS_TODO: break;
    }
    return "failed";
}

/* The report entry of task t. */
static json_t *
task_json(const atlas *at, const atlas_task *t)
{
    json_t *o = json_object();

    if (t->gm != NULL) {
        json_object_set_new(o, "code", atlas_json_str(t->gm->code));
        json_object_set_new(o, "name", atlas_json_str(t->gm->name));
    } else {
        json_object_set_new(o, "layer",
                            atlas_json_str(at->styles[t->style]->id));
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
    json_object_set_new(o, "error", atlas_json_str(t->error));
    return o;
}

/* {"total", "written", "skipped", "failed"} of the gemeenten (overviews
 * 0) or the overviews (1). */
static json_t *
totals(const atlas *at, int overviews, size_t *failed)
{
    size_t n[4] = {0};

    for (size_t i = 0; i < at->ntasks; i++) {
        const atlas_task *t = &at->task[i];

        if (t->selected && (t->gm == NULL) == overviews)
            n[t->status]++;
    }
    if (failed != NULL)
        *failed = n[ATLAS_FAILED] + n[ATLAS_TODO];
    return json_pack("{s:I, s:I, s:I, s:I}", "total",
                     (json_int_t)(n[0] + n[1] + n[2] + n[3]), "written",
                     (json_int_t)n[ATLAS_OK], "skipped",
                     (json_int_t)n[ATLAS_SKIPPED], "failed",
                     (json_int_t)(n[ATLAS_FAILED] + n[ATLAS_TODO]));
}

vk_status
atlas_report_write(const atlas *at, int complete, double wall_s,
                   double cpu_s, vk_error *err)
{
    json_t *r = json_object(), *gm = json_array(), *ov = json_array();
    char *path = atlas_path(at, REPORT_NAME);
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
            json_array_append_new(at->task[i].gm ? gm : ov,
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
summary_line(const atlas *at, int overviews)
{
    size_t n[4] = {0}, named = 0, failed, all;

    for (size_t i = 0; i < at->ntasks; i++)
        if (at->task[i].selected && (at->task[i].gm == NULL) == overviews)
            n[at->task[i].status]++;
    failed = n[ATLAS_FAILED] + n[ATLAS_TODO];
    all = n[0] + n[1] + n[2] + n[3];
    fprintf(stderr, "atlas: %zu %s: %zu written, %zu skipped, %zu failed",
            all, overviews ? (all == 1 ? "overview" : "overviews")
                           : (all == 1 ? "gemeente" : "gemeenten"),
            n[ATLAS_OK], n[ATLAS_SKIPPED], failed);
    for (size_t i = 0; i < at->ntasks && named < SUMMARY_FAILURES; i++) {
        const atlas_task *t = &at->task[i];

        if (!t->selected || (t->gm == NULL) != overviews ||
            (t->status != ATLAS_FAILED && t->status != ATLAS_TODO))
            continue;
        fputs(named++ ? "; " : " (", stderr);
        put_clean(stderr, t->gm ? t->gm->code : at->layer_id[t->style]);
        fputs(": ", stderr);
        put_clean(stderr, t->error ? t->error : "not done");
    }
    if (named > 0)
        fprintf(stderr, "%s)", failed > named ? "; ..." : "");
    fputc('\n', stderr);
    return failed;
}

size_t
atlas_summary(const atlas *at)
{
    size_t failed = summary_line(at, 0), nwarn = 0;
    int overviews = 0;

    for (size_t i = 0; i < at->ntasks; i++) {
        overviews |= at->task[i].selected && at->task[i].gm == NULL;
        nwarn += at->task[i].selected ? json_array_size(at->task[i].warnings)
                                      : 0;
    }
    if (overviews)
        failed += summary_line(at, 1);
    fprintf(stderr, "atlas: report in ");
    put_clean(stderr, at->dir);
    fprintf(stderr, "/%s", REPORT_NAME);
    if (nwarn > 0)
        fprintf(stderr, " (%zu warning%s)", nwarn, nwarn == 1 ? "" : "s");
    fputc('\n', stderr);
    return failed;
}
