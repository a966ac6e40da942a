/* SPDX-License-Identifier: MIT */
/* veerkracht atlas: the options, Ctrl-C, and what the run tells on stderr
 * (a log line per gemeente, or a progress bar on a terminal). */
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "vk/atlas.h"

/* "pdf", "png" or "pdf,png" into a set of VK_ATLAS_*; -1 if bad. */
static int
parse_formats(const char *s, unsigned *out)
{
    unsigned f = 0;

    while (s != NULL && *s != '\0') {
        size_t len = strcspn(s, ",");

        if (len == 3 && strncmp(s, "pdf", 3) == 0)
            f |= VK_ATLAS_PDF;
        else if (len == 3 && strncmp(s, "png", 3) == 0)
            f |= VK_ATLAS_PNG;
        else
            return -1;
        s += len + (s[len] == ',');
    }
    *out = f ? f : VK_ATLAS_PDF;
    return 0;
}

/* Checks the options that need no data; returns -1 or an exit status. */
static int
check_options(const cli_args *a, vk_atlas_opts *o)
{
    int rc;

    memset(o, 0, sizeof *o);
    o->landscape = -1;
    if ((rc = cli_label_mode("atlas", a, &o->labels)) >= 0)
        return rc;
    if (parse_formats(a->format, &o->formats) != 0) {
        fprintf(stderr, "veerkracht atlas: --format is pdf, png or pdf,png, "
                "not \"%s\"\n", a->format);
        return EXIT_USAGE;
    }
    if ((rc = cli_page_options("atlas", a, &o->paper, &o->landscape,
                               &o->dpi)) >= 0)
        return rc;
    if (a->jobs > VK_ATLAS_MAX_JOBS) {
        fprintf(stderr, "veerkracht atlas: --jobs %d is more than %d\n",
                a->jobs, VK_ATLAS_MAX_JOBS);
        return EXIT_USAGE;
    }
    if (a->out[0] == '\0') {
        fprintf(stderr, "veerkracht atlas: --out needs a folder\n");
        return EXIT_USAGE;
    }
    o->dir = a->out;
    if (a->areas != NULL && a->gemeente != NULL) {
        fprintf(stderr, "veerkracht atlas: --areas and --gemeente: give "
                "one of the two\n");
        return EXIT_USAGE;
    }
    o->gemeenten = a->gemeente;
    o->areas = a->areas;
    o->jobs = a->jobs;
    o->force = a->force;
    o->table_page = a->table_page;
    return -1;
}

/* ---- what the run tells --------------------------------------------- */

typedef struct teller {
    cli_progress prog;
    vk_atlas_progress last;
    int have;
    const char *areas; /* what an area is: "gemeenten", "werkgebieden" */
} teller;

static void
draw(teller *tl)
{
    const vk_atlas_progress *p = &tl->last;
    char what[96];

    if (p->todo_ov > 0)
        snprintf(what, sizeof what, "maps (%zu/%zu gemeenten, %zu/%zu "
                 "overviews)", p->done_gm, p->todo_gm, p->done_ov,
                 p->todo_ov);
    else
        snprintf(what, sizeof what, "%s", tl->areas);
    cli_progress_show(&tl->prog, p->done_gm + p->done_ov,
                      p->todo_gm + p->todo_ov, what, p->left_s);
}

/* A line per task in a log (not with --quiet); on a terminal only
 * failures and notes, above the progress line. */
static void
on_log(void *ctx, const char *line, int task_ok)
{
    teller *tl = ctx;

    if (task_ok && tl->prog.mode != CLI_PROGRESS_LINES)
        return;
    cli_progress_clear(&tl->prog);
    fprintf(stderr, "%s\n", line);
    if (tl->have)
        draw(tl);
    fflush(stderr);
}

static void
on_progress(void *ctx, const vk_atlas_progress *p)
{
    teller *tl = ctx;

    tl->last = *p;
    tl->have = 1;
    draw(tl);
}

/* ---- signals ---------------------------------------------------------- */

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

/* Ctrl-C, SIGTERM and SIGHUP are caught so that the workers can be
 * stopped and their temporaries removed; SIGPIPE from dead workers is
 * ignored. */
static const int caught_signals[4] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void
catch_signals(struct sigaction old[4])
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 4; i++) {
        sa.sa_handler = caught_signals[i] == SIGPIPE ? SIG_IGN : on_signal;
        sigaction(caught_signals[i], &sa, &old[i]);
    }
}

static void
restore_signals(const struct sigaction old[4])
{
    for (int i = 0; i < 4; i++)
        sigaction(caught_signals[i], &old[i], NULL);
}

static int
run(const cli_args *a)
{
    vk_atlas_opts o;
    vk_atlas_result res = {0, 0};
    teller tl;
    vk_atlas_events ev = {&tl, on_log, on_progress};
    vk_run_lock *lock = NULL;
    struct sigaction old[4];
    vk_mapset_opts mo;
    cli_tables tb;
    vk_warnings read = {0};
    vk_mapset *ms;
    vk_error err;
    int rc;

    vk_error_init(&err);
    if ((rc = check_options(a, &o)) >= 0)
        return rc;
    memset(&tl, 0, sizeof tl);
    tl.areas = a->areas != NULL ? "werkgebieden" : "gemeenten";
    cli_progress_init(&tl.prog, "atlas", a->quiet);
    if ((rc = cli_run_lock("atlas", o.dir, NULL, a, &lock)) >= 0)
        return rc;
    if ((rc = cli_mapset_opts_realloc("atlas", a, VK_MAPSET_ALL_LEVELS, 0,
                                      &mo, &tb)) >= 0) {
        vk_run_lock_release(lock);
        return rc;
    }
    if ((rc = cli_text_options("atlas", a, &mo)) >= 0) {
        cli_tables_free(&tb);
        vk_run_lock_release(lock);
        return rc;
    }
    if ((ms = cli_mapset_open(&mo, &read, &err)) == NULL) {
        vk_warnings_free(&read);
        cli_tables_free(&tb);
        vk_run_lock_release(lock);
        return cli_report("atlas", &err, a->debug);
    }
    o.read_warnings = &read;
    stop_signal = 0;
    o.stop = &stop_signal;
    catch_signals(old);
    rc = vk_atlas_run(ms, &o, &ev, &res, &err);
    restore_signals(old);
    vk_run_lock_release(lock);
    cli_progress_clear(&tl.prog);
    fflush(stderr);
    if (rc != VK_OK)
        rc = cli_report("atlas", &err, a->debug);
    else
        rc = res.failed > 0 ? EXIT_DATA : EXIT_OK_;
    if (res.interrupted != 0)
        rc = 128 + res.interrupted;
    vk_mapset_destroy(ms);
    vk_warnings_free(&read);
    cli_tables_free(&tb);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    CLI_OPT_TABLE_BOUNDARIES,
    CLI_OPT_STYLES,
    {"out", OPT_STR, "DIR", "folder for the maps (created if needed)",
     offsetof(cli_args, out), 1},
    {"gemeente", OPT_STR, "GM0363,...", "only these gemeenten (codes or "
     "names); no overviews then", offsetof(cli_args, gemeente), 0},
    {"areas", OPT_STR, "FILE", "a PDF per werkgebied instead of per "
     "gemeente: a CSV with columns naam and codes (gemeente, wijk or buurt "
     "codes separated by spaces or commas); no overviews then",
     offsetof(cli_args, areas), 0},
    {"jobs", OPT_INT, "N", "worker processes (default: all cores)",
     offsetof(cli_args, jobs), 0},
    {"format", OPT_STR, "pdf,png", "pdf (default), png (a file per page) "
     "or both", offsetof(cli_args, format), 0},
    {"force", OPT_FLAG, NULL, "make every file anew, even if up to date",
     offsetof(cli_args, force), 0},
    {"table-page", OPT_FLAG, NULL, "after each gemeente's maps, a table of "
     "its buurten: each layer's value and class colour, the focuskaart's "
     "buurten first", offsetof(cli_args, table_page), 0},
    CLI_OPT_PAGE,
    CLI_OPT_LABELS,
    CLI_OPT_LANG,
    CLI_OPT_LEVEL,
    CLI_OPT_SOURCE,
    CLI_OPT_BATCH,
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
    "name and renamed; a rerun with the same inputs and options skips what\n"
    "is done (--force makes it anew) and removes temporaries an interrupted\n"
    "run left. DIR/atlas-report.json lists outputs, warnings and failures;\n"
    "the exit status is 1 when a gemeente failed. See docs/atlas.md.", OPTS,
    run};
