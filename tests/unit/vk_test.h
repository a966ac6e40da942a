/* SPDX-License-Identifier: MIT */
/* Shared declarations of the CUnit suites and their fixtures. */
#ifndef VK_TEST_H
#define VK_TEST_H

#include "vk/mapset.h"
#include <stdint.h>

#include <CUnit/CUnit.h>

#include "vk/vk.h"

/* Each suite file defines one of these; main.c calls them. */
void vk_test_register_core(void);
void vk_test_register_table(void);
void vk_test_register_classify(void);
void vk_test_register_style(void);
void vk_test_register_source(void);
void vk_test_register_geo(void);
void vk_test_register_writers(void);
void vk_test_register_render(void);
void vk_test_register_layout(void);
void vk_test_register_labels(void);
void vk_test_register_cli(void);
void vk_test_register_palette(void);
void vk_test_register_export(void);
void vk_test_register_atlas(void);
void vk_test_register_viewer(void);
void vk_test_register_tiles(void);
void vk_test_register_badinput(void);
void vk_test_register_faults(void);
void vk_test_register_mapset(void);
void vk_test_register_realloc(void);
void vk_test_register_years(void);

/* Adds a suite with tests; tests is a NULL-terminated list of name/func. */
typedef struct vk_test_case {
    const char *name;
    CU_TestFunc fn;
} vk_test_case;
void vk_test_add_suite(const char *name, CU_InitializeFunc init,
                       CU_CleanupFunc cleanup, const vk_test_case *tests);

/* Fixtures built in code (fixtures.c). */

/* A 3x3 grid of 100 m squares as buurten in EPSG:28992, codes
 * BU00010000..BU00010008 (row-major from the south-west), names "Buurt 0" ..
 * "Buurt 8", wijk WK000100 (cells 0-4) and WK000101 (5-8), gemeente GM0001
 * "Testdorp" for columns 0-1 and GM0002 "Ander" for column 2. The square of
 * cell i spans x 100*(i%3) .. +100, y 100*(i/3) .. +100, offset by
 * (100000, 400000). Caller frees with vk_features_destroy. */
vk_features *vk_fixture_grid(void);

/* Feature sets built by hand. An empty one ("test:<name>", layer buurten,
 * in crs); a feature appended to it with this code (also its name) in
 * gemeente gm, inwoners unknown, no geometry yet (the pointer is valid
 * until the next append); a ring of n points (closed here) added to the
 * last feature, with the bboxes; and its polygon closed. */
vk_features *vk_fixture_empty(const char *name, const char *crs);
vk_feature *vk_fixture_feature(vk_features *fs, const char *code,
                               const char *gm);
void vk_fixture_ring(vk_features *fs, const double *xy, size_t n);
void vk_fixture_poly_end(vk_features *fs);

/* The area of gemeente gm of b (buurten and wijken by their gemeentecode,
 * gemeenten by their code), possibly empty, as code that predates areas
 * named a gemeente; the buurten alone with _fs. Freed at exit. */
const vk_area *vk_test_area(const vk_boundaries *b, const char *gm);
const vk_area *vk_test_area_fs(const vk_features *bu, const char *gm);
/* vk_mapset_area of list (NULL with err set), freed at exit. */
const vk_area *vk_test_mapset_area(const vk_mapset *ms, const char *list,
                                   vk_error *err);

/* Writes a GeoJSON file (EPSG:4326) of n lon/lat boxes {w, s, e, n}, each
 * a feature with the ring w s, e s, e n, w n, a point every degree at
 * most (e < w: east across the antimeridian, as 179, 180, -179),
 * properties "code" Z00, Z01, ... and "GM_CODE" ZZ01, or ZZ02 for box
 * lone (-1: none). Returns 0 or -1. */
int vk_fixture_lonlat_boxes(const char *path, const double (*box)[4],
                            size_t n, long lone);

/* Path of a file in the source tree / a scratch path in the build tree,
 * in the folder of the running suite (static buffers reused after eight
 * calls). */
const char *vk_test_src(const char *rel);
const char *vk_test_tmp(const char *name);

/* Makes VK_BINARY_DIR/test-tmp/<suite> the scratch folder of this process
 * (main.c, from the suite it runs; "all" when it runs every suite). */
void vk_test_set_scratch(const char *suite);

/* Runs a command line through /bin/sh, capturing stdout and stderr (each
 * truncated to cap bytes, NUL-terminated). Returns the exit status, or -1. */
int vk_test_run(const char *cmd, char *out, size_t out_cap, char *errbuf,
                size_t err_cap);

/* Runs cmd (malloc'd; freed here) through /bin/sh, its output discarded;
 * returns the exit status, or -1. */
int vk_test_sh(char *cmd);

/* Runs the veerkracht binary with args (shell-quoted by the caller) as
 * vk_test_run does. */
int vk_test_vk(const char *args, char *out, size_t out_cap, char *errbuf,
               size_t err_cap);

/* Runs a poppler tool ("pdfinfo", "pdftotext -layout", ...) on a PDF into
 * buf; returns its exit status. */
int vk_test_poppler(const char *tool, const char *pdf, char *buf,
                    size_t size);

/* Reads a PNG back: returns malloc'd 8-bit RGBA rows (w * 4 bytes each), or
 * NULL. *color_type is the file's IHDR colour type, *ppm the pHYs pixels
 * per metre (-1 without pHYs). In test_writers.c. */
uint8_t *vk_test_png_read(const char *path, int *w, int *h, int *color_type,
                          long *ppm);

/* Kill-and-resume check of a command that writes a folder (in
 * test_faults.c): runs `veerkracht <args> --out <tmp>/<name>` once
 * uninterrupted and counts its outputs (files matching glob, e.g.
 * "*.png", at any depth), then `kills` times into <name>-killed, run k
 * killed with SIGKILL as soon as that folder holds k / (kills + 1) of
 * them (points of the work, not of a clock), each resuming the last, then
 * once more to the end. Returns 0 when at least one run was killed, the
 * last run succeeds, leaves no *.tmp-* file and its folder equals the
 * clean one byte for byte (diff -r; exclude, if not NULL, is a file name
 * pattern left out, e.g. a report with timings); else -1, saying why on
 * stderr. For an atlas, or tiles. */
int vk_test_kill_resume(const char *name, const char *args,
                        const char *exclude, const char *glob, int kills);

/* The print scale and the scale bar of a page from its pdftotext text:
 * *denom from "Schaal 1:25.000", *bar_m from the bar's label on a line of
 * its own ("2 km" or "500 m"). Returns 0, or -1 when either is missing. */
int vk_test_scale_text(const char *text, double *denom, double *bar_m);

/* Half the length of the scale bar of a page drawn as rgba (w x h), in
 * pixels with a fraction, or 0 when no bar is found. The bar is four
 * segments, dark-white-dark-white, in a thin dark outline, in the lowest
 * fifth of the page: on a row through it the first two long dark runs
 * (the segments, not text or the outline) end half the bar apart; their
 * right ends have no outline to blur them. */
double vk_test_bar_half_px(const uint8_t *rgba, int w, int h);

/* Reads a whole file; returns malloc'd data (NUL-terminated) or NULL. */
char *vk_test_slurp(const char *path, size_t *len);

#endif
