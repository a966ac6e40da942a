/* SPDX-License-Identifier: MIT */
/* veerkracht atlas: every layer of every gemeente, a PDF each, and an
 * overview per layer, made by worker processes; resumable, with a report. */
#define _DEFAULT_SOURCE /* flock() */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atlas.h"

#define REPORT_NAME "atlas-report.json"
#define LOCK_NAME ".atlas.lock"
#define OVERVIEW_PREFIX "nederland-"
#define MAX_JOBS 256
/* How long to wait for another atlas writing into the same folder. */
#define LOCK_WAIT_S 30

/* ---- a set of file names ------------------------------------------- */

/* Case-insensitive, as file systems may be: "GM1-a" and "gm1-A" clash. */
typedef struct name_set {
    char **k;     /* the names, in order of adding */
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

/* ---- options -------------------------------------------------------- */

/* "pdf", "png" or "pdf,png" into a set of ATLAS_*; -1 if bad. */
static int
parse_formats(const char *s, unsigned *out)
{
    unsigned f = 0;

    while (s != NULL && *s != '\0') {
        size_t len = strcspn(s, ",");

        if (len == 3 && strncmp(s, "pdf", 3) == 0)
            f |= ATLAS_PDF;
        else if (len == 3 && strncmp(s, "png", 3) == 0)
            f |= ATLAS_PNG;
        else
            return -1;
        s += len + (s[len] == ',');
    }
    *out = f ? f : ATLAS_PDF;
    return 0;
}

/* Checks the options that need no data; returns -1 or an exit status. */
static int
check_options(const cli_args *a, atlas *at)
{
    vk_page_opts po = {VK_PAPER_A4, -1, VK_FORMAT_PDF, 300.0, NULL, 0};
    int rc;

    if ((rc = cli_label_mode("atlas", a, &at->labels)) >= 0)
        return rc;
    if (parse_formats(a->format, &at->formats) != 0) {
        fprintf(stderr, "veerkracht atlas: --format is pdf, png or pdf,png, "
                "not \"%s\"\n", a->format);
        return EXIT_USAGE;
    }
    if (a->paper != NULL && vk_paper_parse(a->paper, &po.paper) != 0) {
        fprintf(stderr, "veerkracht atlas: --paper is A4 or A3, not "
                "\"%s\"\n", a->paper);
        return EXIT_USAGE;
    }
    if (a->orientation != NULL) {
        if (strcmp(a->orientation, "portrait") == 0) {
            po.landscape = 0;
        } else if (strcmp(a->orientation, "landscape") == 0) {
            po.landscape = 1;
        } else {
            fprintf(stderr, "veerkracht atlas: --orientation is portrait "
                    "or landscape, not \"%s\"\n", a->orientation);
            return EXIT_USAGE;
        }
    }
    if (a->dpi > 0)
        po.dpi = a->dpi;
    if (po.dpi > 1200) {
        fprintf(stderr, "veerkracht atlas: --dpi %g is more than 1200\n",
                po.dpi);
        return EXIT_USAGE;
    }
    if (a->jobs > MAX_JOBS) {
        fprintf(stderr, "veerkracht atlas: --jobs %d is more than %d\n",
                a->jobs, MAX_JOBS);
        return EXIT_USAGE;
    }
    if (a->out[0] == '\0') {
        fprintf(stderr, "veerkracht atlas: --out needs a folder\n");
        return EXIT_USAGE;
    }
    at->pdf = po;
    at->png = po;
    at->png.format = VK_FORMAT_PNG;
    /* The folder without trailing slashes ("/" stays). */
    at->dir = vk_xstrdup(a->out);
    for (size_t n = strlen(at->dir); n > 1 && at->dir[n - 1] == '/'; n--)
        at->dir[n - 1] = '\0';
    return -1;
}

/* What the outputs depend on besides the contents of the input files. */
static json_t *
settings_json(const atlas *at)
{
    const cli_args *a = at->a;
    json_t *s = json_object(), *tables = json_array(),
           *styles = json_array();

    for (int i = 0; i < a->tables.n; i++)
        json_array_append_new(tables, atlas_json_str(a->tables.v[i]));
    for (int i = 0; i < at->nstyles; i++)
        json_array_append_new(styles, atlas_json_str(at->styles[i]->path));
    json_object_set_new(s, "boundaries", atlas_json_str(a->boundaries));
    json_object_set_new(s, "layer", atlas_json_str(a->layer));
    json_object_set_new(s, "key", atlas_json_str(a->key));
    json_object_set_new(s, "table_key", atlas_json_str(a->table_key));
    json_object_set_new(s, "crs", atlas_json_str(a->crs));
    json_object_set_new(s, "tables", tables);
    json_object_set_new(s, "styles", styles);
    json_object_set_new(s, "paper", json_string(at->pdf.paper == VK_PAPER_A3
                                                    ? "A3" : "A4"));
    json_object_set_new(s, "orientation", json_string(
        at->pdf.landscape < 0 ? "auto"
        : at->pdf.landscape ? "landscape" : "portrait"));
    json_object_set_new(s, "dpi", json_real(at->png.dpi));
    json_object_set_new(s, "labels", json_string(
        at->labels == VK_LABELS_NAME ? "name"
        : at->labels == VK_LABELS_CODE ? "code" : "none"));
    return s;
}

/* ---- the data, read once -------------------------------------------- */

/* Adds warnings to the run's list, printing them as render does. */
static void
take_warnings(atlas *at, const vk_warnings *w, int print)
{
    if (print)
        cli_warnings(w);
    for (size_t i = 0; i < w->n; i++)
        json_array_append_new(at->warnings, atlas_json_str(w->msg[i]));
}

/* Layer ids for file names; VK_EUSAGE when two styles share one. */
static vk_status
layer_ids(atlas *at, vk_error *err)
{
    for (int i = 0; i < at->nstyles; i++) {
        at->layer_id[i] = cli_slug_layer(at->styles[i]->id);
        for (int j = 0; j < i; j++)
            if (strcmp(at->layer_id[i], at->layer_id[j]) == 0)
                return VK_FAIL_AT(err, VK_EUSAGE, at->styles[i]->path, 0,
                                  "two styles make files named \"%s\": %s "
                                  "and this one", at->layer_id[i],
                                  at->styles[j]->path);
    }
    return VK_OK;
}

/* Each style over all buurten, its colours and hatch: the overviews use
 * them, and so do the gemeente pages unless the style's breaks are per
 * gemeente (those are made in the worker). */
static vk_status
make_layers(atlas *at, vk_error *err)
{
    const vk_features *bu = at->b->buurten;

    for (int i = 0; i < at->nstyles; i++) {
        vk_style all = *at->styles[i];
        vk_layer *l;

        all.scope_gemeente = 0;
        if ((l = vk_layer_make(&all, &at->ts, bu, NULL, err)) == NULL)
            return err->code;
        l->style = at->styles[i];
        at->layer[i] = l;
        take_warnings(at, &l->warnings, 1);
        if (at->styles[i]->scope_gemeente) {
            vk_warnings w = {0};

            vk_warnings_add(&w, "%s: breaks per gemeente on the gemeente "
                            "pages; its overview has breaks over all "
                            "buurten", at->styles[i]->id);
            take_warnings(at, &w, 0);
            vk_warnings_free(&w);
        }
        at->fill[i] = vk_xcalloc(bu->n ? bu->n : 1, sizeof *at->fill[i]);
        vk_layer_fill(l, at->fill[i]);
        at->hatch[i] = vk_xcalloc(bu->n ? bu->n : 1, 1);
        vk_layer_hatch(l, at->hatch[i]);
    }
    return VK_OK;
}

/* Marks the gemeenten of --gemeente (codes or names, comma-separated) as
 * selected; all gemeenten and the overviews without it. */
static vk_status
select_tasks(atlas *at, vk_error *err)
{
    const char *s = at->a->gemeente;

    if (s == NULL) {
        for (size_t i = 0; i < at->ntasks; i++)
            at->task[i].selected = 1;
        return VK_OK;
    }
    while (*s != '\0') {
        size_t len = strcspn(s, ",");
        char *item = vk_xstrndup(s, len), *p = item, *e;
        const vk_feature *f = NULL;

        /* Spaces around an item do not count. */
        while (*p == ' ')
            p++;
        for (e = p + strlen(p); e > p && e[-1] == ' '; e--)
            e[-1] = '\0';
        if (*p != '\0' && (f = cli_find_area(at->b, p, err)) == NULL) {
            free(item);
            return err->code;
        }
        free(item);
        if (f != NULL)
            at->task[f - at->b->gemeenten->f].selected = 1;
        s += len + (s[len] == ',');
    }
    return VK_OK;
}

/* ---- file names ----------------------------------------------------- */

/* 1 when none of the names task t would write is taken. */
static int
names_free(const atlas *at, const name_set *names, const char *slug)
{
    char buf[512];

    snprintf(buf, sizeof buf, "%s.pdf", slug);
    if (name_find(names, buf) != NULL)
        return 0;
    for (int s = 0; s < at->nstyles; s++) {
        snprintf(buf, sizeof buf, "%s-%s.png", slug, at->layer_id[s]);
        if (name_find(names, buf) != NULL)
            return 0;
    }
    return 1;
}

/* Takes the names of t in every format, whatever this run writes: names
 * must not depend on the options. */
static void
take_names(const atlas *at, name_set *names, const atlas_task *t)
{
    json_t *o = atlas_task_outputs(at, t, ATLAS_PDF | ATLAS_PNG), *v;
    size_t i;

    json_array_foreach(o, i, v)
        name_add(names, json_string_value(v));
    json_decref(o);
}

/* Gives every task its file name: the overviews "nederland-<layer>", the
 * gemeenten cli_slug(), with "-2", "-3", ... on a clash, in the order of
 * the data, so a name never depends on --gemeente or --format. */
static void
make_names(atlas *at, name_set *names)
{
    name_add(names, REPORT_NAME);
    for (size_t i = at->ngemeenten; i < at->ntasks; i++) {
        atlas_task *t = &at->task[i];

        t->slug = vk_xasprintf(OVERVIEW_PREFIX "%s", at->layer_id[t->style]);
        take_names(at, names, t);
    }
    for (size_t i = 0; i < at->ngemeenten; i++) {
        atlas_task *t = &at->task[i];
        char *base = cli_slug(t->gm->code, t->gm->name);

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
lock_dir(const atlas *at, vk_error *err)
{
    char *path = atlas_path(at, LOCK_NAME);
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
            fprintf(stderr, "atlas: waiting for another atlas writing into "
                    "this folder\n");
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
remove_stale(const atlas *at, const name_set *names)
{
    DIR *d = opendir(at->dir);
    struct dirent *e;
    int n = 0;

    while (d != NULL && (e = readdir(d)) != NULL) {
        const char *tmp = strstr(e->d_name, ".tmp-"), *mine;
        char *prefix, *path;

        if (tmp == NULL || strlen(tmp) != strlen(".tmp-XXXXXX"))
            continue;
        prefix = vk_xstrndup(e->d_name, (size_t)(tmp - e->d_name));
        mine = name_find(names, prefix);
        if (mine != NULL && strcmp(mine, prefix) == 0) {
            path = atlas_path(at, e->d_name);
            n += unlink(path) == 0;
            free(path);
        }
        free(prefix);
    }
    if (d != NULL)
        closedir(d);
    if (n > 0)
        fprintf(stderr, "atlas: removed %d temporary file%s of an "
                "interrupted run\n", n, n == 1 ? "" : "s");
}

/* ---- what is up to date --------------------------------------------- */

static int
later(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec ||
           (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* Keeps in *newest the later of it and path's mtime; -1 if path cannot be
 * examined. */
static int
add_input(const char *path, struct timespec *newest)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return -1;
    if (later(&st.st_mtim, newest))
        *newest = st.st_mtim;
    return 0;
}

/* The newest modification time of the inputs: boundaries (a Shapefile's
 * .dbf, .shx, .prj and .cpg too), tables and styles. -1 when one cannot be
 * examined (a URL, a /vsizip/ path): then nothing counts as up to date. */
static int
newest_input(const atlas *at, struct timespec *newest)
{
    const cli_args *a = at->a;
    size_t len = strlen(a->boundaries);
    int rc = add_input(a->boundaries, newest);

    if (len > 4 && vk_strcaseeq(a->boundaries + len - 4, ".shp")) {
        static const char *const side[] = {".dbf", ".shx", ".prj", ".cpg"};

        for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
            char *p = vk_xasprintf("%.*s%s", (int)(len - 4), a->boundaries,
                                   side[i]);

            (void)add_input(p, newest); /* optional ones may be missing */
            free(p);
        }
    }
    for (int i = 0; i < a->tables.n; i++)
        rc |= add_input(a->tables.v[i], newest);
    for (int i = 0; i < at->nstyles; i++)
        rc |= add_input(at->styles[i]->path, newest);
    return rc != 0 ? -1 : 0;
}

/* 1 when every output of t is a file modified after newest. */
static int
up_to_date(const atlas *at, const atlas_task *t,
           const struct timespec *newest)
{
    json_t *o = atlas_task_outputs(at, t, at->formats), *v;
    size_t i;
    int ok = 1;

    json_array_foreach(o, i, v) {
        char *path = atlas_path(at, json_string_value(v));
        struct stat st;

        ok = ok && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
             later(&st.st_mtim, newest);
        free(path);
    }
    json_decref(o);
    return ok;
}

/* 1 when the last report was made with other settings (then its outputs
 * may differ from what this run would write). */
static int
settings_changed(const atlas *at)
{
    char *path = atlas_path(at, REPORT_NAME);
    json_t *old = json_load_file(path, 0, NULL);
    int changed = 0;

    if (old != NULL) {
        json_t *s = json_object_get(old, "settings");

        changed = s == NULL || !json_equal(s, at->settings);
        json_decref(old);
    }
    free(path);
    return changed;
}

/* Marks what is complete and up to date as skipped; says how much. */
static void
mark_skipped(atlas *at)
{
    struct timespec newest = {0, 0};
    int force = at->a->force;
    size_t n = 0, sel = 0;

    if (!force && settings_changed(at)) {
        fprintf(stderr, "atlas: options or styles differ from the last "
                "run's; making everything anew\n");
        force = 1;
    }
    if (!force && newest_input(at, &newest) != 0)
        force = 1;
    for (size_t i = 0; i < at->ntasks; i++) {
        atlas_task *t = &at->task[i];

        if (!t->selected)
            continue;
        sel++;
        if (!force && up_to_date(at, t, &newest)) {
            t->status = ATLAS_SKIPPED;
            t->outputs = atlas_task_outputs(at, t, at->formats);
            t->pages = t->gm != NULL ? at->nstyles : 1;
            n++;
        }
    }
    if (n > 0)
        fprintf(stderr, "atlas: %zu of %zu up to date, skipped (--force "
                "makes them anew)\n", n, sel);
}

/* ---- the run -------------------------------------------------------- */

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

/* Catches Ctrl-C, SIGTERM and SIGHUP so that the workers can be stopped
 * and their temporaries removed; ignores SIGPIPE from dead workers. */
static void
catch_signals(struct sigaction old[4])
{
    static const int sigs[4] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 4; i++) {
        sa.sa_handler = sigs[i] == SIGPIPE ? SIG_IGN : on_signal;
        sigaction(sigs[i], &sa, &old[i]);
    }
}

static void
restore_signals(const struct sigaction old[4])
{
    static const int sigs[4] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

    for (int i = 0; i < 4; i++)
        sigaction(sigs[i], &old[i], NULL);
}

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
 * longest). Returns 0, or the signal that interrupted the run. */
static int
make_all(atlas *at, int jobs)
{
    size_t *order = vk_xcalloc(at->ntasks + 1, sizeof *order), n = 0;
    atlas_pool_ops ops = {at, atlas_run_task, atlas_task_done,
                          atlas_progress};
    struct sigaction old[4];

    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < at->ntasks; i++) {
            const atlas_task *t = &at->task[i];

            if (t->selected && t->status == ATLAS_TODO &&
                (t->gm == NULL) == (pass == 0)) {
                order[n++] = i;
                if (t->gm != NULL)
                    at->todo_gm++;
                else
                    at->todo_ov++;
            }
        }
    if (n > 0) {
        at->jobs = (size_t)jobs < n ? jobs : (int)n;
        fprintf(stderr, "atlas: making %zu gemeente%s and %zu overview%s "
                "with %d job%s\n", at->todo_gm, at->todo_gm == 1 ? "" : "n",
                at->todo_ov, at->todo_ov == 1 ? "" : "s", at->jobs,
                at->jobs == 1 ? "" : "s");
        at->tty = isatty(STDERR_FILENO);
        at->t_start = at->t_drawn = atlas_now();
        stop_signal = 0;
        catch_signals(old);
        fflush(NULL);
        atlas_pool_run(order, n, at->jobs, &ops, &stop_signal);
        restore_signals(old);
        atlas_progress_end(at);
    }
    free(order);
    /* What an interruption left undone. */
    for (size_t i = 0; stop_signal && i < at->ntasks; i++)
        if (at->task[i].selected && at->task[i].status == ATLAS_TODO) {
            at->task[i].status = ATLAS_FAILED;
            at->task[i].error = vk_xstrdup("interrupted");
        }
    return stop_signal;
}

static void
atlas_free(atlas *at)
{
    for (size_t i = 0; i < at->ntasks; i++) {
        free(at->task[i].slug);
        json_decref(at->task[i].outputs);
        json_decref(at->task[i].warnings);
        free(at->task[i].error);
    }
    free(at->task);
    for (int i = 0; i < at->nstyles; i++) {
        vk_layer_destroy(at->layer[i]);
        free(at->fill[i]);
        free(at->hatch[i]);
        free(at->layer_id[i]);
        vk_style_destroy(at->styles[i]);
    }
    cli_free_tables(at->tables, &at->ts);
    vk_boundaries_destroy(at->b);
    json_decref(at->settings);
    json_decref(at->warnings);
    free(at->dir);
}

/* Reads everything once: styles, boundaries, tables, the layers. */
static vk_status
load(atlas *at, vk_error *err)
{
    const cli_args *a = at->a;
    int n;

    /* Styles first: their errors are the cheapest to find. */
    if ((n = cli_load_styles(a, at->styles, err)) < 0)
        return err->code;
    at->nstyles = n;
    if (layer_ids(at, err) != VK_OK ||
        cli_load_boundaries(a, &at->b, err) != VK_OK)
        return err->code;
    take_warnings(at, &at->b->buurten->warnings, 0);
    if (cli_read_tables(a, at->tables, &at->ts, err) != 0)
        return err->code;
    for (size_t i = 0; i < at->ts.n; i++)
        take_warnings(at, vk_table_warnings(at->tables[i]), 0);

    /* A task per gemeente, then one per layer. */
    at->ngemeenten = at->b->gemeenten->n;
    at->ntasks = at->ngemeenten + (size_t)at->nstyles;
    at->task = vk_xcalloc(at->ntasks, sizeof *at->task);
    for (size_t i = 0; i < at->ntasks; i++) {
        if (i < at->ngemeenten)
            at->task[i].gm = &at->b->gemeenten->f[i];
        else
            at->task[i].style = (int)(i - at->ngemeenten);
    }
    if (select_tasks(at, err) != VK_OK || make_layers(at, err) != VK_OK)
        return err->code;
    return VK_OK;
}

static int
run(const cli_args *a)
{
    atlas at = {0};
    name_set names = {0};
    vk_error err;
    double t0 = atlas_now();
    int rc, lock = -1, sig, jobs = a->jobs;

    vk_error_init(&err);
    at.a = a;
    at.warnings = json_array();
    if ((rc = check_options(a, &at)) >= 0)
        goto cleanup;
    if (jobs <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);

        jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (int)cores;
    }

    /* Inputs, the folder and its lock, then what is left to do. */
    if (load(&at, &err) != VK_OK || vk_make_dirs(at.dir, &err) != VK_OK ||
        (lock = lock_dir(&at, &err)) < 0) {
        rc = cli_report("atlas", &err, a->debug);
        goto cleanup;
    }
    make_names(&at, &names);
    remove_stale(&at, &names);
    at.settings = settings_json(&at);
    mark_skipped(&at);
    /* An unfinished report first: a later run then knows which settings
     * the files of an interrupted one were made with. */
    if (atlas_report_write(&at, 0, 0, 0, &err) != VK_OK) {
        rc = cli_report("atlas", &err, a->debug);
        goto cleanup;
    }

    sig = at.interrupted = make_all(&at, jobs);
    if (sig != 0)
        remove_stale(&at, &names);
    rc = atlas_summary(&at) > 0 ? EXIT_DATA : EXIT_OK_;
    if (atlas_report_write(&at, 1, atlas_now() - t0, cpu_seconds(),
                           &err) != VK_OK)
        rc = cli_report("atlas", &err, a->debug);
    if (sig != 0)
        rc = 128 + sig;

cleanup:
    if (lock >= 0)
        close(lock);
    name_set_free(&names);
    atlas_free(&at);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    {"styles", OPT_STR, "DIR", "the layer styles, a page each (default "
     "styles)", offsetof(cli_args, styles_dir), 0},
    {"style", OPT_LIST, "FILE", "a style instead of --styles; repeat for "
     "more", offsetof(cli_args, styles_given), 0},
    {"out", OPT_STR, "DIR", "folder for the maps (created if needed)",
     offsetof(cli_args, out), 1},
    {"gemeente", OPT_STR, "GM0363,...", "only these gemeenten (codes or "
     "names); no overviews then", offsetof(cli_args, gemeente), 0},
    {"jobs", OPT_INT, "N", "worker processes (default: all cores)",
     offsetof(cli_args, jobs), 0},
    {"format", OPT_STR, "pdf,png", "pdf (default), png (a file per page) "
     "or both", offsetof(cli_args, format), 0},
    {"force", OPT_FLAG, NULL, "make every file anew, even if up to date",
     offsetof(cli_args, force), 0},
    CLI_OPT_PAGE,
    CLI_OPT_LABELS,
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_END,
};

const cli_command cmd_atlas = {
    "atlas", "draw every layer of every gemeente: a PDF each, and overviews",
    "Writes DIR/<code>-<name>.pdf per gemeente (a page per layer), with\n"
    "--format png also DIR/<code>-<name>-<layer>.png per page, and per layer\n"
    "an overview of all gemeenten, DIR/nederland-<layer>.pdf. Breaks are\n"
    "computed once over all buurten. Files are written under a temporary\n"
    "name and renamed; a rerun skips files newer than every input (--force\n"
    "makes them anew) and removes temporaries an interrupted run left.\n"
    "DIR/atlas-report.json lists outputs, warnings and failures; the exit\n"
    "status is 1 when a gemeente failed. See docs/atlas.md.", OPTS, run};
