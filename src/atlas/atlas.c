/* SPDX-License-Identifier: MIT */
/* The atlas run: every layer of every gemeente, a PDF each, and an
 * overview per layer, made by worker processes; resumable, with a
 * report. */
#define _DEFAULT_SOURCE /* flock() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atlas_priv.h"
#include "vk/writers.h"

#define LOCK_NAME ".atlas.lock"
#define OVERVIEW_PREFIX "nederland-"
/* How long to wait for another atlas writing into the same folder. */
#define LOCK_WAIT_S 30

/* ---- a set of file names ------------------------------------------- */

/* Case-insensitive, as file systems may be: "GM1-a" and "gm1-A" clash. */
typedef struct name_set {
    char **k;      /* the names, in order of adding */
    size_t n, cap;
    vk_strmap map; /* name -> index into k, ignoring case */
} name_set;

static const char *
name_key(const void *ctx, size_t i)
{
    return ((const name_set *)ctx)->k[i];
}

/* The stored name equal to k but for case, or NULL. */
static const char *
name_find(const name_set *s, const char *k)
{
    size_t i;

    return vk_strmap_get(&s->map, k, name_key, s, &i) ? s->k[i] : NULL;
}

static void
name_add(name_set *s, const char *k)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->k = vk_xreallocarray(s->k, s->cap, sizeof *s->k);
    }
    s->map.icase = 1;
    vk_strmap_add(&s->map, k, s->n);
    s->k[s->n++] = vk_xstrdup(k);
}

static void
name_set_free(name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->k[i]);
    free(s->k);
    vk_strmap_free(&s->map);
}

/* ---- settings and digest -------------------------------------------- */

static const char *
labels_name(vk_label_mode m)
{
    return m == VK_LABELS_NAME ? "name" : m == VK_LABELS_CODE ? "code"
                                                               : "none";
}

/* What the outputs depend on besides the contents of the input files, for
 * the report. */
static json_t *
settings_json(const vk_atlas *at)
{
    const vk_mapset_opts *in = vk_mapset_inputs(at->ms);
    json_t *s = json_object(), *tables = json_array(),
           *styles = json_array();

    for (size_t i = 0; i < in->ntables; i++)
        json_array_append_new(tables, vk_atlas_json_str(in->tables[i]));
    for (size_t i = 0; i < in->nstyles; i++)
        json_array_append_new(styles, vk_atlas_json_str(in->styles[i]));
    json_object_set_new(s, "boundaries", vk_atlas_json_str(in->boundaries));
    json_object_set_new(s, "layer", vk_atlas_json_str(in->layer));
    json_object_set_new(s, "key", vk_atlas_json_str(in->key));
    json_object_set_new(s, "table_key", vk_atlas_json_str(in->table_key));
    json_object_set_new(s, "crs", vk_atlas_json_str(in->crs));
    json_object_set_new(s, "tables", tables);
    json_object_set_new(s, "styles", styles);
    json_object_set_new(s, "paper", json_string(at->pdf.paper == VK_PAPER_A3
                                                    ? "A3" : "A4"));
    json_object_set_new(s, "orientation", json_string(
        at->pdf.landscape < 0 ? "auto"
        : at->pdf.landscape ? "landscape" : "portrait"));
    json_object_set_new(s, "dpi", json_real(at->png.dpi));
    json_object_set_new(s, "labels", json_string(labels_name(at->o->labels)));
    if (at->o->table_page)
        json_object_set_new(s, "table_page", json_true());
    return s;
}

/* The digest of inputs and options the done markers are kept under. The
 * formats are not in it: a marker lists the files its task made. */
static void
digest_key(const vk_atlas *at, char key[17])
{
    vk_digest d;

    vk_digest_init(&d, "veerkracht atlas 2");
    vk_mapset_digest(at->ms, &d);
    vk_digest_int(&d, at->pdf.paper);
    vk_digest_int(&d, at->pdf.landscape);
    vk_digest_double(&d, at->png.dpi);
    vk_digest_int(&d, at->o->labels);
    /* Only when asked, so that the digest of an atlas without it stays. */
    if (at->o->table_page)
        vk_digest_str(&d, "table-page");
    /* The werkgebieden by content: a row's codes edited, its PDF is made
     * anew. */
    if (at->o->areas != NULL)
        vk_digest_file(&d, at->o->areas);
    vk_digest_hex(&d, key);
}

/* ---- the data, read once -------------------------------------------- */

/* Adds warnings to the run's list, logging them when log is set. */
static void
take_warnings(vk_atlas *at, const vk_warnings *w, int log)
{
    for (size_t i = 0; w != NULL && i < w->n; i++) {
        if (log)
            vk_atlas_log(at, 0, "warning: %s", w->msg[i]);
        json_array_append_new(at->warnings, vk_atlas_json_str(w->msg[i]));
    }
}

/* Each style over all buurten: the overviews use them, and so do the
 * gemeente pages unless the style's breaks are per gemeente (those are
 * made in the worker). Made before the workers fork, so they share them. */
static vk_status
make_overviews(vk_atlas *at, vk_error *err)
{
    for (size_t i = 0; i < at->nstyles; i++) {
        const vk_style *st = vk_mapset_style(at->ms, i);
        vk_warnings w = {0};

        at->overview[i] = vk_mapset_paint(at->ms, i, VK_SCOPE_ALL, NULL,
                                          err);
        vk_mapset_take_warnings(at->ms, &w);
        if (at->overview[i] != NULL && st->scope_gemeente &&
            at->o->areas == NULL)
            vk_warnings_add(&w, "%s: breaks per gemeente on the gemeente "
                            "pages; its overview has breaks over all "
                            "buurten", st->id);
        take_warnings(at, &w, 1);
        vk_warnings_free(&w);
        if (at->overview[i] == NULL)
            return err->code;
    }
    return VK_OK;
}

/* Marks the gemeenten of opts->gemeenten (codes or names, comma-
 * separated) as selected; all gemeenten and the overviews without it. */
static vk_status
select_tasks(vk_atlas *at, vk_error *err)
{
    const char *s = at->o->gemeenten;

    if (s == NULL) {
        for (size_t i = 0; i < at->ntasks; i++)
            at->task[i].selected = 1;
        return VK_OK;
    }
    while (*s != '\0') {
        size_t len = strcspn(s, ",");
        char *item = vk_xstrndup(s, len), *p = item, *e;
        vk_area *a = NULL;

        /* Spaces around an item do not count. */
        while (*p == ' ')
            p++;
        for (e = p + strlen(p); e > p && e[-1] == ' '; e--)
            e[-1] = '\0';
        if (*p != '\0' && vk_mapset_area(at->ms, p, NULL, &a, err) != VK_OK) {
            free(item);
            return err->code;
        }
        if (a != NULL && a->gemeente == NULL) {
            VK_FAIL(err, VK_EUSAGE, "--gemeente \"%s\" is no gemeente", p);
            vk_error_hint(err, "the atlas makes a PDF per gemeente; for "
                               "wijken, buurten or werkgebieden use "
                               "--areas FILE");
            vk_area_destroy(a);
            free(item);
            return err->code;
        }
        for (size_t i = 0; a != NULL && i < at->ngemeenten; i++)
            if (strcmp(at->task[i].code, a->gemeente) == 0)
                at->task[i].selected = 1;
        vk_area_destroy(a);
        free(item);
        s += len + (s[len] == ',');
    }
    return VK_OK;
}

/* ---- file names ----------------------------------------------------- */

/* 1 when none of the names a task with this slug would write is taken. */
static int
names_free(const vk_atlas *at, const name_set *names, const char *slug)
{
    char buf[512];

    snprintf(buf, sizeof buf, "%s.pdf", slug);
    if (name_find(names, buf) != NULL)
        return 0;
    for (size_t s = 0; s < at->nstyles; s++) {
        snprintf(buf, sizeof buf, "%s-%s.png", slug,
                 vk_mapset_layer_id(at->ms, s));
        if (name_find(names, buf) != NULL)
            return 0;
    }
    return 1;
}

/* Takes the names of t in every format, whatever this run writes: names
 * must not depend on the options. */
static void
take_names(const vk_atlas *at, name_set *names, const vk_atlas_task *t)
{
    json_t *o = vk_atlas_task_outputs(at, t, VK_ATLAS_PDF | VK_ATLAS_PNG);
    json_t *v;
    size_t i;

    json_array_foreach(o, i, v)
        name_add(names, json_string_value(v));
    json_decref(o);
}

/* Gives every task its file name: the overviews "nederland-<layer>", the
 * gemeenten vk_slug(), with "-2", "-3", ... on a clash, in the order of
 * the data, so a name never depends on the selection or the formats. */
static void
make_names(vk_atlas *at, name_set *names)
{
    name_add(names, VK_ATLAS_REPORT_NAME);
    for (size_t i = at->ngemeenten; i < at->ntasks; i++) {
        vk_atlas_task *t = &at->task[i];

        t->slug = vk_xasprintf(OVERVIEW_PREFIX "%s",
                               vk_mapset_layer_id(at->ms, t->style));
        take_names(at, names, t);
    }
    for (size_t i = 0; i < at->ngemeenten; i++) {
        vk_atlas_task *t = &at->task[i];
        char *base = vk_slug(t->code, t->name);

        t->slug = vk_xstrdup(base);
        for (int k = 2; !names_free(at, names, t->slug); k++) {
            free(t->slug);
            t->slug = vk_xasprintf("%s-%d", base, k);
        }
        free(base);
        take_names(at, names, t);
    }
}

/* ---- the output folder ---------------------------------------------- */

/* Locks the folder against another atlas writing into it, waiting a while
 * for one to end. The lock belongs to the open file, which the workers
 * share: it holds until the last of them is gone. Returns the fd or -1. */
static int
lock_dir(const vk_atlas *at, vk_error *err)
{
    char *path = vk_atlas_path(at, LOCK_NAME);
    int fd = open(path, O_RDWR | O_CREAT, 0666);

    if (fd < 0) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot create the lock file: %s",
                   strerror(errno));
        free(path);
        return -1;
    }
    for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; tries++) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            VK_FAIL_AT(err, VK_EIO, path, 0, "cannot lock: %s",
                       strerror(errno));
            break;
        }
        if (tries == 0)
            vk_atlas_log(at, 0, "atlas: waiting for another atlas writing "
                         "into this folder");
        if (tries == LOCK_WAIT_S * 10) {
            VK_FAIL_AT(err, VK_EIO, at->dir, 0, "another veerkracht atlas "
                       "is writing into this folder");
            vk_error_hint(err, "wait for it to finish, or use another --out");
            break;
        }
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    free(path);
    if (err->code != VK_OK) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Removes temporaries ("<output>.tmp-XXXXXX") that an interrupted run left
 * of our outputs; with the lock held, none can be in use. */
static void
remove_stale(const vk_atlas *at, const name_set *names)
{
    DIR *d = opendir(at->dir);
    struct dirent *e;
    int n = 0;

    while (d != NULL && (e = readdir(d)) != NULL) {
        const char *mine;
        char *prefix, *path;
        size_t stem;

        if (!vk_atomic_is_temp(e->d_name, &stem))
            continue;
        prefix = vk_xstrndup(e->d_name, stem);
        mine = name_find(names, prefix);
        if (mine != NULL && strcmp(mine, prefix) == 0) {
            path = vk_atlas_path(at, e->d_name);
            n += unlink(path) == 0;
            free(path);
        }
        free(prefix);
    }
    if (d != NULL)
        closedir(d);
    if (n > 0)
        vk_atlas_log(at, 0, "atlas: removed %d temporary file%s of an "
                     "interrupted run", n, n == 1 ? "" : "s");
}

/* ---- what is up to date --------------------------------------------- */

/* The whole of a small text file, or NULL. */
static char *
read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    vk_strbuf sb = {0};
    char buf[1024];
    size_t n;

    if (fp == NULL)
        return NULL;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        vk_strbuf_appendn(&sb, buf, n);
    fclose(fp);
    return vk_strbuf_take(&sb);
}

/* 1 when t's marker under this run's digest lists every output it is to
 * make now and each of them is a file. */
static int
up_to_date(const vk_atlas *at, const vk_atlas_task *t)
{
    char *path = vk_xasprintf("%s/%s", at->done_dir, t->slug);
    char *listed = read_text(path);
    json_t *o = vk_atlas_task_outputs(at, t, at->formats), *v;
    size_t i;
    int ok = listed != NULL;

    json_array_foreach(o, i, v) {
        const char *name = json_string_value(v);
        char *line = vk_xasprintf("\n%s\n", name), *file;
        struct stat st;

        /* The marker is "name\n" lines; a leading "\n" finds the first. */
        ok = ok && (strncmp(listed, line + 1, strlen(line + 1)) == 0 ||
                    strstr(listed, line) != NULL);
        file = vk_atlas_path(at, name);
        ok = ok && stat(file, &st) == 0 && S_ISREG(st.st_mode);
        free(file);
        free(line);
    }
    json_decref(o);
    free(listed);
    free(path);
    return ok;
}

/* A task with table pages done before: its outputs and pages as its
 * marker lists them (how many table pages there are depends on the
 * data). */
static void
marked_table(const vk_atlas *at, vk_atlas_task *t)
{
    char *path = vk_xasprintf("%s/%s", at->done_dir, t->slug);
    char *listed = read_text(path), *line, *save = NULL;

    if (listed != NULL) {
        json_array_clear(t->outputs);
        for (line = strtok_r(listed, "\n", &save); line != NULL;
             line = strtok_r(NULL, "\n", &save)) {
            if (strncmp(line, VK_ATLAS_MARK_PAGES,
                        strlen(VK_ATLAS_MARK_PAGES)) == 0)
                t->pages = atoi(line + strlen(VK_ATLAS_MARK_PAGES));
            else
                json_array_append_new(t->outputs, json_string(line));
        }
    }
    free(listed);
    free(path);
}

/* Marks what is complete and up to date as skipped; says how much. */
static void
mark_skipped(vk_atlas *at)
{
    size_t n = 0, sel = 0;

    for (size_t i = 0; i < at->ntasks; i++) {
        vk_atlas_task *t = &at->task[i];

        if (!t->selected)
            continue;
        sel++;
        if (t->status == VK_ATLAS_TODO && !at->o->force &&
            up_to_date(at, t)) {
            t->status = VK_ATLAS_SKIPPED;
            t->outputs = vk_atlas_task_outputs(at, t, at->formats);
            t->pages = !t->overview ? (int)at->nstyles : 1;
            if (!t->overview && at->o->table_page)
                marked_table(at, t);
            n++;
        }
    }
    if (n > 0)
        vk_atlas_log(at, 0, "atlas: %zu of %zu up to date, skipped "
                     "(--force makes them anew)", n, sel);
}

/* ---- the run -------------------------------------------------------- */

static double
cpu_seconds(void)
{
    struct rusage self, kids;

    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
                    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
                    kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) * 1e-6;
}

/* Runs the selected tasks that are not skipped, overviews first (they take
 * longest). Returns 0, or the value of *stop that interrupted the run. */
static int
make_all(vk_atlas *at, int jobs, volatile sig_atomic_t *stop)
{
    size_t *order = vk_xcalloc(at->ntasks + 1, sizeof *order), n = 0;
    vk_atlas_pool_ops ops = {at, vk_atlas_run_task, vk_atlas_task_done,
                             vk_atlas_tick};

    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < at->ntasks; i++) {
            const vk_atlas_task *t = &at->task[i];

            if (t->selected && t->status == VK_ATLAS_TODO &&
                t->overview == (pass == 0)) {
                order[n++] = i;
                if (!t->overview)
                    at->todo_gm++;
                else
                    at->todo_ov++;
            }
        }
    if (n > 0) {
        at->jobs = (size_t)jobs < n ? jobs : (int)n;
        vk_atlas_log(at, 0, "atlas: making %zu %s and %zu overview%s "
                     "with %d job%s", at->todo_gm,
                     vk_atlas_area_word(at, at->todo_gm), at->todo_ov,
                     at->todo_ov == 1 ? "" : "s", at->jobs,
                     at->jobs == 1 ? "" : "s");
        at->t_start = vk_now_s();
        fflush(NULL);
        vk_atlas_pool_run(order, n, at->jobs, &ops, stop);
    }
    free(order);
    /* What an interruption left undone. */
    for (size_t i = 0; *stop && i < at->ntasks; i++)
        if (at->task[i].selected && at->task[i].status == VK_ATLAS_TODO) {
            at->task[i].status = VK_ATLAS_FAILED;
            at->task[i].error = vk_xstrdup("interrupted");
        }
    return *stop;
}

static void
atlas_free(vk_atlas *at)
{
    for (size_t i = 0; i < at->ntasks; i++) {
        vk_area_destroy(at->task[i].area);
        free(at->task[i].slug);
        json_decref(at->task[i].outputs);
        json_decref(at->task[i].warnings);
        free(at->task[i].error);
    }
    free(at->task);
    vk_werkgebieden_free(at->werkgebieden, at->o->areas ? at->ngemeenten : 0);
    for (size_t i = 0; i < at->nstyles; i++)
        vk_paint_destroy(at->overview[i]);
    json_decref(at->settings);
    json_decref(at->warnings);
    free(at->done_dir);
    free(at->dir);
}

/* The state of a run: options, a task per gemeente, then one per layer. */
static vk_status
prepare(vk_atlas *at, vk_error *err)
{
    const vk_atlas_opts *o = at->o;
    const vk_boundaries *b = vk_mapset_boundaries(at->ms);
    vk_area **areas = NULL;

    at->formats = o->formats ? o->formats : VK_ATLAS_PDF;
    at->pdf = (vk_page_opts){o->paper, o->landscape, VK_FORMAT_PDF,
                             o->dpi > 0 ? o->dpi : 300.0, NULL, 0, NULL,
                             NULL, 0};
    at->png = at->pdf;
    at->png.format = VK_FORMAT_PNG;
    /* The folder without trailing slashes ("/" stays). */
    at->dir = vk_xstrdup(o->dir);
    for (size_t n = strlen(at->dir); n > 1 && at->dir[n - 1] == '/'; n--)
        at->dir[n - 1] = '\0';
    at->nstyles = vk_mapset_nstyles(at->ms);
    /* A task per werkgebied of --areas, or per gemeente and then an
     * overview per layer. */
    if (o->areas != NULL) {
        if (vk_mapset_areas(at->ms, o->areas, &at->werkgebieden,
                            &at->ngemeenten, err) != VK_OK)
            return err->code;
        at->ntasks = at->ngemeenten;
    } else {
        vk_area_gemeenten(b, &areas);
        at->ngemeenten = b->gemeenten != NULL ? b->gemeenten->n : 0;
        at->ntasks = at->ngemeenten + at->nstyles;
    }
    at->task = vk_xcalloc(at->ntasks ? at->ntasks : 1, sizeof *at->task);
    for (size_t i = 0; i < at->ntasks; i++) {
        vk_atlas_task *t = &at->task[i];
        vk_werkgebied *w = at->werkgebieden ? &at->werkgebieden[i] : NULL;

        if (i >= at->ngemeenten) {
            t->overview = 1;
            t->style = i - at->ngemeenten;
        } else if (w != NULL) {
            /* A row whose codes select nothing fails alone, reported
             * with the others at the end. */
            t->area = w->area;
            w->area = NULL;
            t->name = w->naam;
            if (t->area == NULL) {
                t->status = VK_ATLAS_FAILED;
                t->error = vk_xstrdup(w->error);
            }
        } else {
            t->area = areas[i];
            t->code = t->area->id;
            t->name = b->gemeenten->f[i].name;
        }
    }
    free(areas);
    /* The reading's warnings were told when it read. */
    take_warnings(at, o->read_warnings, 0);
    /* The overviews' paints also classify every layer over all buurten
     * once, before the workers fork. */
    if (select_tasks(at, err) != VK_OK || make_overviews(at, err) != VK_OK)
        return err->code;
    return VK_OK;
}

vk_status
vk_atlas_run(vk_mapset *ms, const vk_atlas_opts *opts,
             const vk_atlas_events *ev, vk_atlas_result *res, vk_error *err)
{
    vk_atlas at;
    name_set names = {0};
    volatile sig_atomic_t no_stop = 0;
    double t0 = vk_now_s();
    int lock = -1, jobs = opts->jobs;
    char key[17];

    memset(&at, 0, sizeof at);
    at.ms = ms;
    at.o = opts;
    at.ev = ev;
    at.warnings = json_array();
    if (jobs <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);

        jobs = cores < 1 ? 1 : cores > VK_ATLAS_MAX_JOBS ? VK_ATLAS_MAX_JOBS
                                                         : (int)cores;
    }

    /* The tasks, the folder and its lock, then what is left to do. */
    if (prepare(&at, err) != VK_OK || vk_make_dirs(at.dir, err) != VK_OK ||
        (lock = lock_dir(&at, err)) < 0)
        goto cleanup;
    digest_key(&at, key);
    if ((at.done_dir = vk_done_dir(at.dir, "atlas", key, err)) == NULL)
        goto cleanup;
    make_names(&at, &names);
    remove_stale(&at, &names);
    at.settings = settings_json(&at);
    mark_skipped(&at);
    /* An unfinished report first: a later run then knows which settings
     * the files of an interrupted one were made with. */
    if (vk_atlas_report_write(&at, 0, 0, 0, err) != VK_OK)
        goto cleanup;

    at.interrupted = make_all(&at, jobs, opts->stop ? opts->stop : &no_stop);
    if (at.interrupted != 0)
        remove_stale(&at, &names);
    res->failed = vk_atlas_summary(&at);
    res->interrupted = at.interrupted;
    vk_atlas_report_write(&at, 1, vk_now_s() - t0, cpu_seconds(), err);

cleanup:
    if (lock >= 0)
        close(lock);
    name_set_free(&names);
    atlas_free(&at);
    return err->code;
}
