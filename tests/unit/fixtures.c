/* SPDX-License-Identifier: MIT */
/* Fixtures built in code, and small helpers for running the CLI. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vk_test.h"

void
vk_test_add_suite(const char *name, CU_InitializeFunc init,
                  CU_CleanupFunc cleanup, const vk_test_case *tests)
{
    CU_pSuite s = CU_add_suite(name, init, cleanup);

    for (; s != NULL && tests->name != NULL; tests++)
        CU_add_test(s, tests->name, tests->fn);
}

#define GRID_X0 100000.0
#define GRID_Y0 400000.0
#define GRID_CELL 100.0

vk_features *
vk_fixture_grid(void)
{
    vk_features *fs = vk_fixture_empty("grid", "EPSG:28992");

    free(fs->path);
    fs->path = vk_xstrdup("fixture:grid");
    for (size_t i = 0; i < 9; i++) {
        char code[16];
        int col = (int)(i % 3);
        double x0 = GRID_X0 + GRID_CELL * col;
        double y0 = GRID_Y0 + GRID_CELL * (double)(i / 3);
        const double sq[8] = {x0, y0, x0 + GRID_CELL, y0,
                              x0 + GRID_CELL, y0 + GRID_CELL,
                              x0, y0 + GRID_CELL};
        vk_feature *f;

        snprintf(code, sizeof code, "BU0001000%zu", i);
        f = vk_fixture_feature(fs, code, col < 2 ? "GM0001" : "GM0002");
        free(f->name);
        f->name = vk_xasprintf("Buurt %zu", i);
        f->wijkcode = vk_xstrdup(i < 5 ? "WK000100" : "WK000101");
        f->gemeentenaam = vk_xstrdup(col < 2 ? "Testdorp" : "Ander");
        f->inwoners = 100.0 * (double)(i + 1);
        vk_fixture_ring(fs, sq, 4);
        vk_fixture_poly_end(fs);
    }
    return fs;
}

vk_features *
vk_fixture_empty(const char *name, const char *crs)
{
    vk_features *fs = vk_xcalloc(1, sizeof *fs);

    fs->path = vk_xasprintf("test:%s", name);
    fs->layer = vk_xstrdup("buurten");
    fs->crs_wkt = vk_xstrdup(crs);
    fs->crs_name = vk_xstrdup(crs);
    vk_bbox_reset(&fs->extent);
    return fs;
}

vk_feature *
vk_fixture_feature(vk_features *fs, const char *code, const char *gm)
{
    vk_feature *f;

    fs->f = vk_xreallocarray(fs->f, fs->n + 1, sizeof *fs->f);
    f = &fs->f[fs->n++];
    memset(f, 0, sizeof *f);
    f->fid = (long)fs->n;
    f->code = vk_xstrdup(code);
    f->name = vk_xstrdup(code);
    f->gemeentecode = vk_xstrdup(gm);
    f->inwoners = NAN;
    f->poly_first = fs->g.npolys;
    vk_bbox_reset(&f->bbox);
    return f;
}

void
vk_fixture_ring(vk_features *fs, const double *xy, size_t n)
{
    vk_feature *f = &fs->f[fs->n - 1];

    for (size_t i = 0; i <= n; i++) {
        double x = xy[2 * (i % n)], y = xy[2 * (i % n) + 1];

        vk_geomset_add_point(&fs->g, x, y);
        vk_bbox_add(&f->bbox, x, y);
    }
    vk_geomset_end_ring(&fs->g);
    vk_bbox_union(&fs->extent, &f->bbox);
}

void
vk_fixture_poly_end(vk_features *fs)
{
    vk_geomset_end_poly(&fs->g);
    fs->f[fs->n - 1].poly_count++;
}

/* Writes the lon/lat points from (x0, y0) to (x1, y1), not the last, a
 * degree apart at most, the short way round: over the antimeridian when
 * that is shorter (179 to -179 through 180). */
static void
write_edge(FILE *fp, double x0, double y0, double x1, double y1)
{
    double dx = x1 - x0, dy = y1 - y0;
    int n;

    dx = dx > 180 ? dx - 360 : dx < -180 ? dx + 360 : dx;
    n = (int)ceil(fmax(fabs(dx), fabs(dy)));
    for (int i = 0; i < n; i++) {
        double x = x0 + dx * i / n;

        fprintf(fp, "[%.17g, %.17g], ",
                x > 180 ? x - 360 : x < -180 ? x + 360 : x, y0 + dy * i / n);
    }
}

int
vk_fixture_lonlat_boxes(const char *path, const double (*box)[4], size_t n,
                        long lone)
{
    FILE *fp = fopen(path, "w");

    if (fp == NULL)
        return -1;
    fputs("{\"type\": \"FeatureCollection\", \"features\": [\n", fp);
    for (size_t i = 0; i < n; i++) {
        const double *b = box[i];

        fprintf(fp, "%s{\"type\": \"Feature\", \"properties\": "
                "{\"code\": \"Z%02zu\", \"GM_CODE\": \"ZZ0%d\"}, "
                "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                "[[", i ? "," : "", i, (long)i == lone ? 2 : 1);
        write_edge(fp, b[0], b[1], b[2], b[1]);
        write_edge(fp, b[2], b[1], b[2], b[3]);
        write_edge(fp, b[2], b[3], b[0], b[3]);
        write_edge(fp, b[0], b[3], b[0], b[1]);
        fprintf(fp, "[%.17g, %.17g]]]}}\n", b[0], b[1]);
    }
    fputs("]}\n", fp);
    return fclose(fp) == 0 ? 0 : -1;
}

/* Paths come from a ring of buffers so that several can be used in one
 * call, e.g. vk_xasprintf("%s %s", vk_test_src(a), vk_test_src(b)). */
static char *
next_path_buf(void)
{
    static char bufs[8][4096];
    static unsigned next;

    return bufs[next++ % 8];
}

const char *
vk_test_src(const char *rel)
{
    char *buf = next_path_buf();

    snprintf(buf, 4096, "%s/%s", VK_SOURCE_DIR, rel);
    return buf;
}

/* The scratch folder of this process: VK_BINARY_DIR/test-tmp/<suite>.
 * CTest runs suites in parallel, one process each; a folder per suite
 * keeps one suite's scratch files from ever meeting another's, whatever
 * they are named. */
static char scratch_dir[2048];

void
vk_test_set_scratch(const char *suite)
{
    char *cmd;

    snprintf(scratch_dir, sizeof scratch_dir, "%s/test-tmp/%s",
             VK_BINARY_DIR, suite);
    cmd = vk_xasprintf("mkdir -p '%s'", scratch_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "vk_tests: cannot make %s\n", scratch_dir);
    free(cmd);
}

static const char *
scratch(void)
{
    if (scratch_dir[0] == '\0')
        vk_test_set_scratch("all");
    return scratch_dir;
}

const char *
vk_test_tmp(const char *name)
{
    char *buf = next_path_buf();

    snprintf(buf, 4096, "%s/%s", scratch(), name);
    return buf;
}

static void
read_all(FILE *fp, char *buf, size_t cap)
{
    size_t n = 0;

    if (cap == 0)
        return;
    if (fp != NULL)
        n = fread(buf, 1, cap - 1, fp);
    buf[n] = '\0';
}

int
vk_test_run(const char *cmd, char *out, size_t out_cap, char *errbuf,
            size_t err_cap)
{
    char outpath[4096], errpath[4096], *full;
    FILE *fp;
    int st;

    /* Per process (a forked test process runs commands too). */
    snprintf(outpath, sizeof outpath, "%s/run-%ld.out", scratch(),
             (long)getpid());
    snprintf(errpath, sizeof errpath, "%s/run-%ld.err", scratch(),
             (long)getpid());
    full = vk_xasprintf("(%s) >'%s' 2>'%s'", cmd, outpath, errpath);
    st = system(full);
    free(full);
    fp = fopen(outpath, "rb");
    read_all(fp, out, out_cap);
    if (fp)
        fclose(fp);
    fp = fopen(errpath, "rb");
    read_all(fp, errbuf, err_cap);
    if (fp)
        fclose(fp);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

char *
vk_test_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long size;

    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
        fclose(fp);
        return NULL;
    }
    rewind(fp);
    buf = vk_xmalloc((size_t)size + 1);
    if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
        free(buf);
        fclose(fp);
        return NULL;
    }
    buf[size] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)size;
    return buf;
}

int
vk_test_sh(char *cmd)
{
    char o[4096], e[4096];
    int rc = vk_test_run(cmd, o, sizeof o, e, sizeof e);

    free(cmd);
    return rc;
}

int
vk_test_vk(const char *args, char *out, size_t out_cap, char *errbuf,
           size_t err_cap)
{
    char *cmd = vk_xasprintf("'%s' %s", VK_EXE, args);
    int rc = vk_test_run(cmd, out, out_cap, errbuf, err_cap);

    free(cmd);
    return rc;
}

int
vk_test_poppler(const char *tool, const char *pdf, char *buf, size_t size)
{
    char e2[1024];
    char *cmd = vk_xasprintf("%s '%s'%s", tool, pdf,
                             strncmp(tool, "pdftotext", 9) == 0 ? " -" : "");
    int rc = vk_test_run(cmd, buf, size, e2, sizeof e2);

    free(cmd);
    return rc;
}

int
vk_test_scale_text(const char *text, double *denom, double *bar_m)
{
    const char *at = strstr(text, "Schaal 1:");
    long num = 0;

    *denom = *bar_m = 0;
    if (at == NULL)
        return -1;
    for (at += 9; (*at >= '0' && *at <= '9') || *at == '.'; at++)
        if (*at != '.')
            num = num * 10 + (*at - '0');
    *denom = (double)num;
    /* The label: a line of digits, a space and "km" or "m". */
    for (at = text; at != NULL && *bar_m == 0; at = strchr(at, '\n')) {
        char *end;
        double v;

        at += *at == '\n';
        if (*at < '0' || *at > '9')
            continue;
        v = strtod(at, &end);
        if (strncmp(end, " km\n", 4) == 0)
            *bar_m = v * 1000;
        else if (strncmp(end, " m\n", 3) == 0)
            *bar_m = v;
    }
    return *denom > 0 && *bar_m > 0 ? 0 : -1;
}

/* Right edge, in pixels with a fraction, of a dark run whose last full
 * pixel is x: the pixel after it is partly covered (anti-aliasing). */
static double
edge_after(const uint8_t *row, int x)
{
    double cov = (255.0 - row[4 * (x + 1)]) / (255.0 - 0x33);

    return x + 1 + (cov > 0 ? (cov < 1 ? cov : 1) : 0);
}

double
vk_test_bar_half_px(const uint8_t *rgba, int w, int h)
{
    double best_half = 0;
    int best = 0;

    for (int y = h * 4 / 5; y < h; y++) {
        const uint8_t *row = rgba + 4 * (size_t)y * (size_t)w;
        int ends[2], nlong = 0, run = 0, dark = 0;

        for (int x = 1; x + 1 < w; x++) {
            int d = row[4 * x] == 0x33 && row[4 * x + 1] == 0x33 &&
                    row[4 * x + 2] == 0x33;

            dark += d;
            run = d ? run + 1 : 0;
            /* A run of 20 pixels is a segment (text strokes are thinner). */
            if (d && run >= 20 && nlong < 2 && !(row[4 * (x + 1)] == 0x33))
                ends[nlong++] = x;
        }
        if (nlong == 2 && dark > best) {
            best = dark;
            best_half = edge_after(row, ends[1]) - edge_after(row, ends[0]);
        }
    }
    return best_half;
}

/* ---- areas of one gemeente, freed at exit --------------------------- */

typedef struct test_areas {
    vk_area **a;
    size_t n, cap;
} test_areas;

static test_areas made_areas;

static void
free_test_areas(void)
{
    for (size_t i = 0; i < made_areas.n; i++)
        vk_area_destroy(made_areas.a[i]);
    free(made_areas.a);
    memset(&made_areas, 0, sizeof made_areas);
}

/* a, freed at exit. */
static const vk_area *
keep_area(vk_area *a)
{
    if (made_areas.cap == 0)
        atexit(free_test_areas);
    if (made_areas.n == made_areas.cap)
        made_areas.a = vk_xreallocarray(made_areas.a,
                                        made_areas.cap = made_areas.cap * 2 + 8,
                                        sizeof *made_areas.a);
    made_areas.a[made_areas.n++] = a;
    return a;
}

static unsigned char *
gm_mask(const vk_features *fs, const char *gm, int own_code, size_t *n)
{
    unsigned char *m = vk_xcalloc((fs ? fs->n : 0) + 1, 1);

    *n = 0;
    for (size_t i = 0; fs != NULL && i < fs->n; i++) {
        const char *c = own_code ? fs->f[i].code : fs->f[i].gemeentecode;
        m[i] = c != NULL && strcmp(c, gm) == 0 ? (own_code ? 2 : 1) : 0;
        *n += m[i] != 0;
    }
    return m;
}

const vk_area *
vk_test_area(const vk_boundaries *b, const char *gm)
{
    vk_area *a = vk_xcalloc(1, sizeof *a);
    size_t k;

    a->id = vk_xstrdup(gm);
    a->name[0] = vk_xstrdup(gm);
    a->name[1] = vk_xstrdup(gm);
    a->gemeente = vk_xstrdup(gm);
    a->n[0] = b->buurten ? b->buurten->n : 0;
    a->n[1] = b->wijken ? b->wijken->n : 0;
    a->n[2] = b->gemeenten ? b->gemeenten->n : 0;
    a->bu = gm_mask(b->buurten, gm, 0, &a->nbuurten);
    a->wk = gm_mask(b->wijken, gm, 0, &k);
    a->gm = gm_mask(b->gemeenten, gm, 1, &a->ngemeenten);
    /* Its buurten are in it with their whole gemeente. */
    for (size_t i = 0; a->ngemeenten > 0 && i < a->n[0]; i++)
        a->bu[i] *= 2;
    return keep_area(a);
}

const vk_area *
vk_test_area_fs(const vk_features *bu, const char *gm)
{
    vk_boundaries b = {(vk_features *)bu, NULL, NULL};

    return vk_test_area(&b, gm);
}

const vk_area *
vk_test_mapset_area(const vk_mapset *ms, const char *list, vk_error *err)
{
    vk_area *a = NULL;

    if (vk_mapset_area(ms, list, NULL, &a, err) != VK_OK)
        return NULL;
    return keep_area(a);
}
