/* SPDX-License-Identifier: MIT */
/* The print atlas: every layer of every gemeente of a map set, a PDF each
 * (and PNGs), and an overview per layer, made by worker processes;
 * resumable (done markers under the digest of inputs and options), with
 * atlas-report.json. Never prints: what it has to say goes to events. */
#ifndef VK_ATLAS_H
#define VK_ATLAS_H

#include <signal.h>
#include <stddef.h>

#include "vk/layout.h"
#include "vk/mapset.h"

/* Output formats, a set. */
enum { VK_ATLAS_PDF = 1, VK_ATLAS_PNG = 2 };

/* The most worker processes. */
#define VK_ATLAS_MAX_JOBS 256

/* Where a run stands, for a progress display. */
typedef struct vk_atlas_progress {
    size_t todo_gm, done_gm, todo_ov, done_ov; /* gemeenten, overviews */
    double elapsed_s;
    double left_s; /* estimated; < 0 while estimating */
} vk_atlas_progress;

/* What a run tells, as it happens; any callback may be NULL. */
typedef struct vk_atlas_events {
    void *ctx;
    /* A line for the log, without "\n": a task finished (task_ok 1), or
     * failed, or a note about the run (task_ok 0). Control characters of
     * names and paths are replaced by '?'. */
    void (*log)(void *ctx, const char *line, int task_ok);
    /* Progress, after each task and about twice a second meanwhile. */
    void (*progress)(void *ctx, const vk_atlas_progress *p);
} vk_atlas_events;

typedef struct vk_atlas_opts {
    const char *dir;  /* output folder (made when missing) */
    unsigned formats; /* VK_ATLAS_PDF | VK_ATLAS_PNG; 0: PDF */
    vk_paper paper;
    int landscape;         /* -1: from each gemeente's shape */
    double dpi;            /* PNG */
    vk_label_mode labels;  /* on the gemeente pages; none on overviews */
    const char *gemeenten; /* "GM0363,Utrecht,..." or NULL for all (and
                              the overviews) */
    const char *areas;     /* a CSV of werkgebieden (naam, codes;
                              vk_mapset_areas): a PDF per row instead of
                              per gemeente, no overviews; NULL: none */
    int jobs;              /* worker processes; <= 0: one per core */
    int force;             /* make every file anew */
    int table_page;        /* after a gemeente's maps, the table of its
                              buurten (vk_tablepage); PNG: a file per
                              table page, <slug>-tabel-<k>.png */
    /* Set (by a signal handler) to stop: workers end, their temporaries
     * go, the report says interrupted. May be NULL. */
    volatile sig_atomic_t *stop;
    /* The warnings of reading the map set (vk_mapset_open), for the
     * report; may be NULL. */
    const vk_warnings *read_warnings;
} vk_atlas_opts;

typedef struct vk_atlas_result {
    size_t failed;   /* gemeenten and overviews not made */
    int interrupted; /* the value *stop had, or 0 */
} vk_atlas_result;

/* Makes the atlas of ms into opts->dir: DIR/<code>-<name>.pdf per
 * gemeente (a page per layer), with VK_ATLAS_PNG also
 * DIR/<code>-<name>-<layer>.png per page, per layer an overview
 * DIR/nederland-<layer>.pdf, DIR/atlas-report.json, and done markers in
 * DIR/.atlas-done/<digest>/. Files are written under a temporary name and
 * renamed; a rerun with the same digest skips what is done and still
 * there. One failing gemeente does not stop the others. Returns VK_OK
 * and fills *res (failures are counted there, not errors), or an error
 * before anything was made: VK_EDATA for an unknown gemeente, VK_EIO for
 * the folder, its lock or the report. */
vk_status vk_atlas_run(vk_mapset *ms, const vk_atlas_opts *opts,
                       const vk_atlas_events *ev, vk_atlas_result *res,
                       vk_error *err);

#endif
