/* SPDX-License-Identifier: MIT */
/* The overlay of two feature sets in one CRS: for every feature of the one,
 * the features of the other it overlaps and the area they share (GEOS), as
 * the reallocation between two indelingen needs. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <geos_c.h>

#include "source_priv.h"

enum { OVERLAY_THREADS_MAX = 16, OVERLAY_CHUNK = 32 };
/* A feature of a covered this far is covered wholly: in a coverage the
 * features of b left share no area with it (the areas of the parts add
 * up to the whole but for the last bits). */
#define FULL (1 - 1e-12)

typedef struct overlay_job {
    const vk_features *a, *b;
    double *area_a, *area_b;
    size_t *idx_b;     /* idx_b[j] == j: the items of the trees */
    pthread_mutex_t lock;
    size_t next;       /* the next feature of a to take, under lock */
    int failed;        /* a GEOS failure no fallback mended, under lock */
    long failed_a, failed_b;
} overlay_job;

typedef struct overlay_part {
    overlay_job *job;
    vk_overlap *o;
    size_t n, cap;
} overlay_part;

/* Feature f of fs as one GEOS (multi)polygon, or NULL when it has none. */
static GEOSGeometry *
feature_to_geos(GEOSContextHandle_t h, const vk_features *fs, size_t i)
{
    const vk_feature *f = &fs->f[i];
    GEOSGeometry **parts, *g;
    size_t n = 0;

    if (f->poly_count == 0)
        return NULL;
    if (f->poly_count == 1)
        return vk_source_poly_to_geos(h, &fs->g, f->poly_first);
    /* A ring too degenerate for GEOS is left out (it has no area). */
    parts = vk_xcalloc(f->poly_count, sizeof *parts);
    for (size_t p = 0; p < f->poly_count; p++)
        if ((parts[n] = vk_source_poly_to_geos(h, &fs->g,
                                               f->poly_first + p)) != NULL)
            n++;
    g = n ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
                                        (unsigned)n)
          : NULL;
    free(parts);
    return g;
}

/* 1 when features i of a and j of b have the same rings, point for point
 * (the same buurt in both indelingen): their overlap is the whole of
 * either, exactly. */
static int
same_geometry(const vk_features *a, size_t i, const vk_features *b, size_t j)
{
    const vk_feature *fa = &a->f[i], *fb = &b->f[j];

    if (fa->poly_count != fb->poly_count)
        return 0;
    for (size_t p = 0; p < fa->poly_count; p++) {
        size_t pa = fa->poly_first + p, pb = fb->poly_first + p;
        size_t ra = a->g.poly_off[pa], rb = b->g.poly_off[pb];
        size_t nr = a->g.poly_off[pa + 1] - ra;

        if (b->g.poly_off[pb + 1] - rb != nr)
            return 0;
        for (size_t r = 0; r < nr; r++) {
            size_t s = a->g.ring_off[ra + r], t = b->g.ring_off[rb + r];
            size_t n = a->g.ring_off[ra + r + 1] - s;

            if (b->g.ring_off[rb + r + 1] - t != n ||
                memcmp(a->g.xy + 2 * s, b->g.xy + 2 * t,
                       2 * n * sizeof(double)) != 0)
                return 0;
        }
    }
    return 1;
}

static void
part_add(overlay_part *p, size_t a, size_t b, double area)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->o = vk_xreallocarray(p->o, p->cap, sizeof *p->o);
    }
    p->o[p->n++] = (vk_overlap){a, b, area};
}

static int
bbox_within(const vk_bbox *in, const vk_bbox *out)
{
    return in->minx >= out->minx && in->maxx <= out->maxx &&
           in->miny >= out->miny && in->maxy <= out->maxy;
}

/* The area feature ga (prepared pa, envelope ea) shares with gb (envelope
 * eb), or -1 when GEOS fails even on a grid of a hundredth of a
 * millimetre. Containment is tested only where the envelopes allow it. */
static double
shared_area(GEOSContextHandle_t h, const GEOSPreparedGeometry *pa,
            const GEOSGeometry *ga, const GEOSGeometry *gb, const vk_bbox *ea,
            const vk_bbox *eb, double area_a, double area_b)
{
    GEOSGeometry *x;
    double area = 0;

    if (bbox_within(eb, ea) && GEOSPreparedContains_r(h, pa, gb) == 1)
        return area_b;
    if (bbox_within(ea, eb) && GEOSPreparedCoveredBy_r(h, pa, gb) == 1)
        return area_a;
    x = GEOSIntersection_r(h, ga, gb);
    if (x == NULL)
        x = GEOSIntersectionPrec_r(h, ga, gb, 1e-5);
    if (x == NULL)
        return -1;
    if (GEOSArea_r(h, x, &area) != 1)
        area = -1;
    GEOSGeom_destroy_r(h, x);
    return area;
}

typedef struct query_ctx {
    size_t *hits;
    size_t n, cap;
} query_ctx;

static void
on_hit(void *item, void *data)
{
    query_ctx *q = data;

    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 16;
        q->hits = vk_xreallocarray(q->hits, q->cap, sizeof *q->hits);
    }
    q->hits[q->n++] = *(const size_t *)item;
}

static int
cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;

    return (a > b) - (a < b);
}

/* Hits with the largest envelope overlap first, ties by index: the old
 * buurten that hold most of a new one are met first, and neighbours that
 * only touch it are left when it is covered. */
typedef struct ranked {
    double overlap;
    size_t j;
} ranked;

static int
cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;

    if (a->overlap != b->overlap)
        return a->overlap < b->overlap ? 1 : -1;
    return (a->j > b->j) - (a->j < b->j);
}

static double
bbox_overlap(const vk_bbox *a, const vk_bbox *b)
{
    double w = fmin(a->maxx, b->maxx) - fmax(a->minx, b->minx);
    double h = fmin(a->maxy, b->maxy) - fmax(a->miny, b->miny);

    return w > 0 && h > 0 ? w * h : 0;
}

static GEOSGeometry *
envelope(GEOSContextHandle_t h, const vk_bbox *bb)
{
    return GEOSGeom_createRectangle_r(h, bb->minx, bb->miny, bb->maxx,
                                      bb->maxy);
}

/* The overlaps of feature i of a, appended to p. */
static void
overlay_one(GEOSContextHandle_t h, GEOSSTRtree *tree, overlay_part *p,
            size_t i, query_ctx *q)
{
    overlay_job *job = p->job;
    const vk_features *a = job->a, *b = job->b;
    GEOSGeometry *ga, *env;
    const GEOSPreparedGeometry *pa;
    double covered = 0;
    ranked *rk;

    if (a->f[i].poly_count == 0 || vk_bbox_empty(&a->f[i].bbox))
        return;
    q->n = 0;
    env = envelope(h, &a->f[i].bbox);
    GEOSSTRtree_query_r(h, tree, env, on_hit, q);
    GEOSGeom_destroy_r(h, env);
    if (q->n == 0)
        return;
    qsort(q->hits, q->n, sizeof *q->hits, cmp_size);
    /* The same feature in b: in a coverage (buurten do not overlap) no
     * other one shares area with it. */
    for (size_t k = 0; k < q->n; k++) {
        size_t j = q->hits[k];

        if (memcmp(&a->f[i].bbox, &b->f[j].bbox, sizeof(vk_bbox)) == 0 &&
            same_geometry(a, i, b, j)) {
            part_add(p, i, j, job->area_a[i]);
            return;
        }
    }
    rk = vk_xcalloc(q->n, sizeof *rk);
    for (size_t k = 0; k < q->n; k++)
        rk[k] = (ranked){bbox_overlap(&a->f[i].bbox, &b->f[q->hits[k]].bbox),
                         q->hits[k]};
    qsort(rk, q->n, sizeof *rk, cmp_ranked);
    if ((ga = feature_to_geos(h, a, i)) == NULL) {
        free(rk);
        return;
    }
    pa = GEOSPrepare_r(h, ga);
    for (size_t k = 0; k < q->n && covered < job->area_a[i] * FULL; k++) {
        size_t j = rk[k].j;
        GEOSGeometry *gb = feature_to_geos(h, b, j);
        double area = gb == NULL ? 0
                      : shared_area(h, pa, ga, gb, &a->f[i].bbox,
                                    &b->f[j].bbox, job->area_a[i],
                                    job->area_b[j]);

        if (gb != NULL)
            GEOSGeom_destroy_r(h, gb);
        if (area < 0) {
            pthread_mutex_lock(&job->lock);
            if (!job->failed) {
                job->failed = 1;
                job->failed_a = a->f[i].fid;
                job->failed_b = b->f[j].fid;
            }
            pthread_mutex_unlock(&job->lock);
        } else if (area > 0) {
            part_add(p, i, j, area);
            covered += area;
        }
    }
    GEOSPreparedGeom_destroy_r(h, pa);
    GEOSGeom_destroy_r(h, ga);
    free(rk);
}

static void
feature_areas(GEOSContextHandle_t h, const vk_features *fs, double *area,
              size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        GEOSGeometry *g = feature_to_geos(h, fs, i);

        area[i] = 0;
        if (g != NULL && GEOSArea_r(h, g, &area[i]) != 1)
            area[i] = 0;
        if (g != NULL)
            GEOSGeom_destroy_r(h, g);
    }
}

/* One thread: its own GEOS context and tree on b's envelopes (a GEOS
 * tree is built on its first query, so it is not shared), then chunks of
 * a's features. */
static void *
overlay_worker(void *arg)
{
    overlay_part *p = arg;
    overlay_job *job = p->job;
    GEOSContextHandle_t h = vk_source_geos_init();
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    GEOSGeometry **envs = vk_xcalloc(job->b->n ? job->b->n : 1,
                                     sizeof *envs);
    query_ctx q = {0};

    for (size_t j = 0; j < job->b->n; j++) {
        if (job->b->f[j].poly_count == 0 || vk_bbox_empty(&job->b->f[j].bbox))
            continue;
        envs[j] = envelope(h, &job->b->f[j].bbox);
        GEOSSTRtree_insert_r(h, tree, envs[j], &job->idx_b[j]);
    }
    for (;;) {
        size_t from, to;

        pthread_mutex_lock(&job->lock);
        from = job->next;
        to = from + OVERLAY_CHUNK < job->a->n ? from + OVERLAY_CHUNK
                                              : job->a->n;
        job->next = to;
        pthread_mutex_unlock(&job->lock);
        if (from >= to)
            break;
        for (size_t i = from; i < to; i++)
            overlay_one(h, tree, p, i, &q);
    }
    GEOSSTRtree_destroy_r(h, tree);
    for (size_t j = 0; j < job->b->n; j++)
        if (envs[j] != NULL)
            GEOSGeom_destroy_r(h, envs[j]);
    free(envs);
    free(q.hits);
    GEOS_finish_r(h);
    return NULL;
}

static int
cmp_overlap(const void *x, const void *y)
{
    const vk_overlap *a = x, *b = y;

    if (a->a != b->a)
        return (a->a > b->a) - (a->a < b->a);
    return (a->b > b->b) - (a->b < b->b);
}

vk_status
vk_source_overlaps(const vk_features *a, const vk_features *b, int nthreads,
                   vk_overlaps *out, vk_error *err)
{
    overlay_job job = {.a = a, .b = b};
    overlay_part parts[OVERLAY_THREADS_MAX];
    pthread_t th[OVERLAY_THREADS_MAX];
    int started = 0;
    GEOSContextHandle_t h = vk_source_geos_init();
    size_t n = 0;

    if (nthreads <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = c < 1 ? 1 : (int)c;
    }
    if (nthreads > OVERLAY_THREADS_MAX)
        nthreads = OVERLAY_THREADS_MAX;
    job.area_a = vk_xcalloc(a->n ? a->n : 1, sizeof *job.area_a);
    job.area_b = vk_xcalloc(b->n ? b->n : 1, sizeof *job.area_b);
    job.idx_b = vk_xcalloc(b->n ? b->n : 1, sizeof *job.idx_b);
    for (size_t j = 0; j < b->n; j++)
        job.idx_b[j] = j;
    feature_areas(h, a, job.area_a, 0, a->n);
    feature_areas(h, b, job.area_b, 0, b->n);
    GEOS_finish_r(h);
    pthread_mutex_init(&job.lock, NULL);
    memset(parts, 0, sizeof parts);
    for (int t = 0; t < nthreads; t++) {
        parts[t].job = &job;
        if (t > 0 && pthread_create(&th[t], NULL, overlay_worker,
                                    &parts[t]) == 0)
            started = t;
        else if (t > 0)
            break;
    }
    overlay_worker(&parts[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&job.lock);
    free(job.idx_b);

    memset(out, 0, sizeof *out);
    for (int t = 0; t < nthreads; t++)
        n += parts[t].n;
    out->o = vk_xcalloc(n ? n : 1, sizeof *out->o);
    for (int t = 0; t < nthreads; t++) {
        if (parts[t].n)
            memcpy(out->o + out->n, parts[t].o, parts[t].n * sizeof *out->o);
        out->n += parts[t].n;
        free(parts[t].o);
    }
    qsort(out->o, out->n, sizeof *out->o, cmp_overlap);
    out->area_a = job.area_a;
    out->area_b = job.area_b;
    if (job.failed) {
        vk_overlaps_free(out);
        VK_FAIL(err, VK_EDATA, "%s: feature %ld: GEOS cannot intersect it "
                "with feature %ld of %s", a->path, job.failed_a,
                job.failed_b, b->path);
        vk_error_hint(err, "repair the boundaries (ogr2ogr -makevalid) and "
                      "run again");
        return VK_EDATA;
    }
    return VK_OK;
}

void
vk_overlaps_free(vk_overlaps *o)
{
    if (o == NULL)
        return;
    free(o->o);
    free(o->area_a);
    free(o->area_b);
    memset(o, 0, sizeof *o);
}
