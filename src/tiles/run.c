/* SPDX-License-Identifier: MIT */
/* The tiling run: the metatiles of the zoom range over the region (this
 * shard's share, those with features), rendered by a pool of threads; per
 * metatile one rasterisation and, per layer, compose, cut, skip empty
 * tiles, link uniform ones, encode and write; then a done marker, so a
 * rerun skips it. */
#define _DEFAULT_SOURCE /* link() under strict C11 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tiles_priv.h"

/* Metatiles are at most this many pixels a side (plus the buffer): 8 x 8
 * tiles of 256 px, 4 x 4 of 512, 2 x 2 of 1024 (512 @2x). */
#define META_MAX_PX 2048
/* Every how many mixed tiles one is also encoded as truecolour when the
 * sizes are compared. */
#define MEASURE_EVERY 16

/* One tile of a metatile, for the MBTiles batch. */
typedef struct pending {
    int z;
    long x, y;
    char id[32];
    size_t off, len; /* in the layer's batch bytes */
} pending;

typedef struct batch {
    pending *p;
    size_t n, cap;
    vk_bytes data;
} batch;

/* The uniform colours of a layer already written this run, and their
 * PNG. */
typedef struct uniform_set {
    uint32_t *v;
    vk_bytes *png;
    size_t n, cap;
} uniform_set;

typedef struct run {
    const vk_tiles_job *job;
    int meta_n, tile_px;
    vk_meta_pos *metas;
    size_t nmetas, next;
    char *done_dir;           /* DIR/.tiles-done/<key> */
    vk_mbtiles **mb;             /* per layer, or NULL */
    int *mb_fresh;            /* per layer: created by this run */
    vk_pmtiles **pm;          /* per layer, or NULL */
    pthread_mutex_t *store_lock; /* per layer: its MBTiles and PMTiles */
    size_t ndone;             /* metatiles finished or skipped, under lock */
    size_t next_archive;      /* the next layer whose archive to write */
    uniform_set *uniform;     /* per layer, under lock */
    pthread_mutex_t lock;     /* next, uniform, err, stats */
    /* Per zoom: its snapped geometry while metatiles of it are left. */
    vk_zoom_geom *zg[VK_TILES_MAX_ZOOM + 1];
    vk_zoom_geom *spare;            /* a finished zoom's, for the next */
    size_t zleft[VK_TILES_MAX_ZOOM + 1];
    size_t znext[VK_TILES_MAX_ZOOM + 1];  /* next part to snap */
    size_t zdone[VK_TILES_MAX_ZOOM + 1];  /* parts snapped */
    int zready[VK_TILES_MAX_ZOOM + 1];
    pthread_mutex_t zlock;
    pthread_cond_t zcond;                 /* a zoom became ready */
    vk_error err;
    int failed;
    vk_tiles_stats st;
} run;

typedef struct worker {
    run *r;
    int id;
    unsigned tag;             /* of its temporaries: process and thread */
    vk_meta_raster *mr;
    vk_tile_encoder *enc;
    uint8_t *rgba;            /* the tile composed last: these pixels, */
    uint8_t *index;           /* or, when have_index, these indices */
    uint32_t pal[256];        /* into this palette */
    int ncol, have_index;
    vk_bytes png, cmp;
    batch *b;                 /* per layer */
    int *colfd;               /* per layer and column of the metatile: */
    char **coldir;            /* its x folder, open and named */
    vk_strbuf marker;
    size_t measured;
    vk_tiles_stats st;
    vk_error err;
} worker;

/* The y of tile y of zoom z in the file names: y in the scheme of the
 * run. */
static long
file_y(const run *r, int z, long y)
{
    return r->job->tms ? vk_tile_flip_y(z, y) : y;
}

/* DIR/<layer>/<z>/<x>/<y>.png */
static char *
tile_path(const run *r, size_t layer, int z, long x, long y)
{
    return vk_xasprintf("%s/%s/%d/%ld/%ld.png", r->job->dir,
                        r->job->layers[layer].id, z, x, file_y(r, z, y));
}

static const vk_tilestyle *
lstyle(const run *r, size_t layer)
{
    return r->job->layers[layer].style;
}

static char *
marker_path(const run *r, const vk_meta_pos *m)
{
    return vk_xasprintf("%s/%d/%ld-%ld", r->done_dir, m->z, m->mx, m->my);
}

/* ---- the metatiles ---------------------------------------------------- */

/* A metatile and the number of buurten it meets (its work, roughly). */
typedef struct meta_work {
    vk_meta_pos m;
    size_t hits;
} meta_work;

/* Heavier first; then row by row, as listed. */
static int
cmp_work(const void *a, const void *b)
{
    const meta_work *p = a, *q = b;

    if (p->hits != q->hits)
        return p->hits < q->hits ? 1 : -1;
    if (p->m.my != q->m.my)
        return p->m.my < q->m.my ? -1 : 1;
    return (p->m.mx > q->m.mx) - (p->m.mx < q->m.mx);
}

/* The metatiles of this shard with features, zoom by zoom; within a zoom
 * those that meet the most buurten first, so the run does not end with
 * one thread on a heavy metatile while the others wait (with nine layers
 * the last metatile of zoom 12 took a tenth of a second). */
static void
list_metatiles(run *r)
{
    const vk_tiles_job *job = r->job;
    size_t cap = 0, *hits = NULL, hcap = 0, nw = 0, wcap = 0;
    meta_work *w = NULL;

    for (int z = job->minzoom; z <= job->maxzoom; z++) {
        vk_tile_range tr;
        long n = 1L << z, mn = r->meta_n;

        vk_tile_range_of(&job->region, z, &tr);
        if (tr.x0 > tr.x1 || tr.y0 > tr.y1)
            continue;
        for (long my = tr.y0 / mn; my <= tr.y1 / mn; my++)
            for (long mx = tr.x0 / mn; mx <= tr.x1 / mn; mx++) {
                vk_meta_pos m = {z, mx, my, mx * mn, my * mn, 0, 0};
                vk_bbox a, b;
                size_t nh;

                if (vk_tile_shard(z, mx, my, job->shard_n) != job->shard_i)
                    continue;
                m.nx = (int)(m.x0 + mn > n ? n - m.x0 : mn);
                m.ny = (int)(m.y0 + mn > n ? n - m.y0 : mn);
                /* Features within a pixel or so count: their outlines
                 * reach in. */
                vk_tile_bounds_merc(z, m.x0, m.y0, &a);
                vk_tile_bounds_merc(z, m.x0 + m.nx - 1, m.y0 + m.ny - 1, &b);
                vk_bbox_union(&a, &b);
                {
                    double pad = (a.maxx - a.minx) / (m.nx * r->tile_px) * 8;

                    a.minx -= pad;
                    a.miny -= pad;
                    a.maxx += pad;
                    a.maxy += pad;
                }
                if ((nh = vk_tilegeom_query(job->geom, &a, &hits, &hcap)) ==
                    0)
                    continue;
                if (nw == wcap) {
                    wcap = wcap ? 2 * wcap : 1024;
                    w = vk_xreallocarray(w, wcap, sizeof *w);
                }
                w[nw].m = m;
                w[nw++].hits = nh;
                r->zleft[z]++;
            }
        if (nw > 1) /* w is NULL before the first metatile */
            qsort(w, nw, sizeof *w, cmp_work);
        if (r->nmetas + nw > cap) {
            cap = r->nmetas + nw;
            r->metas = vk_xreallocarray(r->metas, cap, sizeof *r->metas);
        }
        for (size_t k = 0; k < nw; k++)
            r->metas[r->nmetas++] = w[k].m;
        nw = 0;
    }
    free(w);
    free(hits);
}

/* 1 when tile x, y of zoom z lies in the region of the run (--bbox). */
static int
in_region(const run *r, int z, long x, long y)
{
    vk_tile_range tr;

    vk_tile_range_of(&r->job->region, z, &tr);
    return x >= tr.x0 && x <= tr.x1 && y >= tr.y0 && y <= tr.y1;
}

/* 1 when metatile m was completed by an earlier run with the same
 * settings and every tile its marker lists is still there. */
static int
already_done(const run *r, const vk_meta_pos *m)
{
    char *path = marker_path(r, m), line[128];
    FILE *fp;
    int ok = 1;

    if (r->job->force)
        ok = 0;
    for (size_t l = 0; ok && r->mb != NULL && l < r->job->nlayers; l++)
        if (r->mb_fresh[l])
            ok = 0;
    fp = ok ? fopen(path, "r") : NULL;
    free(path);
    if (fp == NULL)
        return 0;
    while (ok && fgets(line, sizeof line, fp) != NULL) {
        long x, y;
        unsigned long mask;

        if (sscanf(line, "%ld %ld %lx", &x, &y, &mask) != 3) {
            ok = 0;
            break;
        }
        for (size_t l = 0; ok && l < r->job->nlayers; l++) {
            struct stat st;
            char *tp;

            if (!(mask >> l & 1))
                continue;
            tp = tile_path(r, l, m->z, x, y);
            ok = stat(tp, &st) == 0 && st.st_size > 0;
            free(tp);
        }
    }
    fclose(fp);
    return ok;
}

/* ---- leftovers of a killed run ---------------------------------------- */

/* The folder of a layer's uniform tiles: one per shard, so shards writing
 * into one shared folder never touch each other's files. */
static char *
uniform_dir(const vk_tiles_job *job, size_t layer)
{
    if (job->shard_n > 1)
        return vk_xasprintf("%s/%s/.uniform-%d-of-%d", job->dir,
                            job->layers[layer].id, job->shard_i,
                            job->shard_n);
    return vk_xasprintf("%s/%s/.uniform", job->dir, job->layers[layer].id);
}

/* 1 for the names of our temporaries: "<name>.tmp-XXXXXX" (vk_atomic) and
 * "<name>.lnk-<thread>" (uniform links). *stem_len gets the length of
 * <name>. */
static int
is_temporary(const char *name, size_t *stem_len)
{
    const char *t;

    if (vk_atomic_is_temp(name, stem_len))
        return 1;
    if ((t = strstr(name, ".lnk-")) == NULL)
        return 0;
    *stem_len = (size_t)(t - name);
    return 1;
}

/* Removes the temporaries in dir for which keep() says 0 (NULL: all). A
 * run killed with SIGKILL leaves them; only the owner of a metatile (or of
 * a uniform folder) writes there, so nobody else is using them. */
static void
sweep(const char *dir, int (*keep)(const char *, size_t, const void *),
      const void *ctx)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        size_t stem;

        if (!is_temporary(e->d_name, &stem) ||
            (keep != NULL && keep(e->d_name, stem, ctx)))
            continue;
        {
            char *p = vk_xasprintf("%s/%s", dir, e->d_name);

            (void)unlink(p);
            free(p);
        }
    }
    closedir(d);
}

/* What a sweep callback needs: the run, and the zoom and column of the
 * folder being swept. */
typedef struct sweep_at {
    const run *r;
    int z;
    long x;
} sweep_at;

/* 1 when metatile (mx, my) of zoom z is another shard's. */
static int
other_shard(const run *r, int z, long mx, long my)
{
    return vk_tile_shard(z, mx, my, r->job->shard_n) != r->job->shard_i;
}

/* Keeps the temporaries of tiles of metatiles of other shards. */
static int
keep_other_tile(const char *name, size_t stem, const void *ctx)
{
    const sweep_at *at = ctx;
    char *end;
    long y = strtol(name, &end, 10);

    if (end != name + stem - 4 || strncmp(end, ".png", 4) != 0)
        return 1;
    if (at->r->job->tms)
        y = vk_tile_flip_y(at->z, y);
    return other_shard(at->r, at->z, at->x / at->r->meta_n,
                       y / at->r->meta_n);
}

/* Keeps the temporaries of other shards' markers ("<mx>-<my>"). */
static int
keep_other_marker(const char *name, size_t stem, const void *ctx)
{
    const sweep_at *at = ctx;
    long mx, my;
    int used = 0;

    if (sscanf(name, "%ld-%ld%n", &mx, &my, &used) != 2 ||
        (size_t)used != stem)
        return 1;
    return other_shard(at->r, at->z, mx, my);
}

/* Removes what a killed run left in the metatiles of this shard: tile
 * and marker temporaries. Once, before any work, one pass over the
 * folders (only the owner of a metatile ever writes into it). */
static void
sweep_leftovers(const run *r)
{
    const vk_tiles_job *job = r->job;

    for (int z = job->minzoom; z <= job->maxzoom; z++) {
        sweep_at at = {r, z, 0};
        char *dir = vk_xasprintf("%s/%d", r->done_dir, z);

        sweep(dir, keep_other_marker, &at);
        free(dir);
        for (size_t l = 0; !job->no_dir && l < job->nlayers; l++) {
            char *zdir = vk_xasprintf("%s/%s/%d", job->dir,
                                      job->layers[l].id, z);
            DIR *d = opendir(zdir);
            struct dirent *e;

            while (d != NULL && (e = readdir(d)) != NULL) {
                char *end;

                at.x = strtol(e->d_name, &end, 10);
                if (end == e->d_name || *end != '\0')
                    continue;
                dir = vk_xasprintf("%s/%s", zdir, e->d_name);
                sweep(dir, keep_other_tile, &at);
                free(dir);
            }
            if (d != NULL)
                closedir(d);
            free(zdir);
        }
    }
}

/* ---- writing ---------------------------------------------------------- */

/* The x folder of column x (of metatile m) of layer l, opened (and
 * made) on first use in the metatile, so that a tile's file is made and
 * renamed by its name alone: two path lookups a tile fewer. -1 with err
 * set when it cannot be made or opened. */
static int
column_dir(worker *w, size_t l, const vk_meta_pos *m, long x, const char **dir,
           vk_error *err)
{
    const run *r = w->r;
    size_t k = l * (size_t)r->meta_n + (size_t)(x - m->x0);

    if (w->colfd[k] < 0) {
        const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
        char *d = vk_xasprintf("%s/%s/%d/%ld", r->job->dir,
                               r->job->layers[l].id, m->z, x);
        int fd = open(d, flags);

        if (fd < 0 && errno == ENOENT) {
            if (vk_make_dirs(d, err) != VK_OK) {
                free(d);
                return -1;
            }
            fd = open(d, flags);
        }
        if (fd < 0) {
            VK_FAIL_AT(err, VK_EIO, d, 0, "cannot open the folder: %s",
                       strerror(errno));
            vk_error_hint(err, "it must be a readable folder: move what "
                          "stands in its place, or give another --out");
            free(d);
            return -1;
        }
        w->colfd[k] = fd;
        w->coldir[k] = d;
    }
    *dir = w->coldir[k];
    return w->colfd[k];
}

/* Closes the column folders of the metatile done. */
static void
close_columns(worker *w)
{
    size_t n = w->r->job->nlayers * (size_t)w->r->meta_n;

    for (size_t k = 0; k < n; k++)
        if (w->colfd[k] >= 0) {
            close(w->colfd[k]);
            w->colfd[k] = -1;
            free(w->coldir[k]);
            w->coldir[k] = NULL;
        }
}

/* Encodes the tile composed last (see worker) into w->png. */
static vk_status
encode_tile(worker *w, size_t layer, int *indexed, vk_error *err)
{
    if (w->have_index) {
        *indexed = 1;
        return vk_tile_encode_indexed(w->enc, w->index, w->pal, w->ncol,
                                   &w->png, err);
    }
    if (w->r->job->layers[layer].ids) { /* IDs are never quantised */
        *indexed = 0;
        return vk_tile_encode_rgba(w->enc, w->rgba, &w->png, err);
    }
    return vk_tile_encode(w->enc, w->rgba, lstyle(w->r, layer), &w->png,
                       indexed, err);
}

/* The first pixel of the tile composed last, RGBA bytes in memory
 * order. */
static uint32_t
first_colour(const worker *w)
{
    uint32_t v;

    if (w->have_index)
        return w->pal[0];
    memcpy(&v, w->rgba, 4);
    return v;
}

/* The PNG of a uniform tile of colour v into w->png: encoded once per
 * run and layer (under the lock) and, with the folders, written as the
 * layer's one file of that colour, DIR/<layer>/.uniform/<rrggbbaa>.png,
 * before any thread links to it. */
static vk_status
uniform_png(worker *w, size_t layer, uint32_t v, vk_error *err)
{
    run *r = w->r;
    uniform_set *u = &r->uniform[layer];
    vk_status st = VK_OK;
    size_t i;
    int indexed;

    pthread_mutex_lock(&r->lock);
    for (i = 0; i < u->n && u->v[i] != v; i++)
        ;
    if (i < u->n) {
        w->png.len = 0;
        vk_bytes_append(&w->png, u->png[i].data, u->png[i].len);
    } else {
        st = encode_tile(w, layer, &indexed, err);
        if (st == VK_OK && !r->job->no_dir) {
            const uint8_t *c = (const uint8_t *)&v;
            char *udir = uniform_dir(r->job, layer);
            char *canon = vk_xasprintf("%s/%02x%02x%02x%02x.png", udir, c[0],
                                       c[1], c[2], c[3]);

            st = vk_write_file(canon, w->png.data, w->png.len, 1, err);
            free(canon);
            free(udir);
        }
        if (st == VK_OK) {
            if (u->n == u->cap) {
                u->cap = u->cap ? 2 * u->cap : 16;
                u->v = vk_xreallocarray(u->v, u->cap, sizeof *u->v);
                u->png = vk_xreallocarray(u->png, u->cap, sizeof *u->png);
            }
            u->v[u->n] = v;
            u->png[u->n] = (vk_bytes){0};
            vk_bytes_append(&u->png[u->n++], w->png.data, w->png.len);
        }
    }
    pthread_mutex_unlock(&r->lock);
    return st;
}

/* A uniform tile of colour v (its PNG in w->png, its file written by
 * uniform_png): hard linked under the tile's name via a temporary link
 * and a rename; a copy where the file system has no hard links. */
static vk_status
write_uniform(worker *w, size_t layer, uint32_t v, const char *path,
              vk_error *err)
{
    const uint8_t *c = (const uint8_t *)&v;
    char *udir = uniform_dir(w->r->job, layer);
    char *canon = vk_xasprintf("%s/%02x%02x%02x%02x.png", udir, c[0], c[1],
                               c[2], c[3]);
    char *tmp = vk_xasprintf("%s.lnk-%d", path, w->id);
    vk_status st = VK_OK;

    unlink(tmp);
    if (link(canon, tmp) == 0) {
        if (rename(tmp, path) != 0) {
            VK_FAIL_AT(err, VK_EIO, path, 0, "cannot move \"%s\" into "
                       "place: %s", tmp, strerror(errno));
            unlink(tmp);
            st = VK_EIO;
        }
    } else {
        st = vk_write_file(path, w->png.data, w->png.len, 1, err);
    }
    free(canon);
    free(udir);
    free(tmp);
    return st;
}

static void
batch_add(batch *b, int z, long x, long y, const char *id, const vk_bytes *png)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->p = vk_xreallocarray(b->p, b->cap, sizeof *b->p);
    }
    b->p[b->n++] = (pending){z, x, y, "", b->data.len, png->len};
    snprintf(b->p[b->n - 1].id, sizeof b->p[0].id, "%s", id);
    vk_bytes_append(&b->data, png->data, png->len);
}

/* 1 when tiles go to an archive (MBTiles or PMTiles) besides or instead
 * of the folders. */
static int
archiving(const run *r)
{
    return r->mb != NULL || r->pm != NULL;
}

/* Stores the metatile's tiles of each layer in its archives: the MBTiles
 * in one transaction (unless mbtiles is 0: tiles read back from the
 * folders of a finished metatile, which the MBTiles holds already), the
 * PMTiles collection. */
static vk_status
flush_batches(worker *w, int mbtiles, vk_error *err)
{
    run *r = w->r;

    for (size_t l = 0; archiving(r) && l < r->job->nlayers; l++) {
        batch *b = &w->b[l];
        vk_status st = VK_OK;
        int mb = mbtiles && r->mb != NULL;

        if (b->n == 0)
            continue;
        pthread_mutex_lock(&r->store_lock[l]);
        if (mb)
            st = vk_mbtiles_begin(r->mb[l], err);
        for (size_t i = 0; mb && st == VK_OK && i < b->n; i++)
            st = vk_mbtiles_put(r->mb[l], b->p[i].z, b->p[i].x, b->p[i].y,
                             b->p[i].id, b->data.data + b->p[i].off,
                             b->p[i].len, err);
        if (mb && st == VK_OK)
            st = vk_mbtiles_commit(r->mb[l], err);
        for (size_t i = 0; r->pm != NULL && st == VK_OK && i < b->n; i++)
            st = vk_pmtiles_put(r->pm[l], b->p[i].z, b->p[i].x, b->p[i].y,
                                b->data.data + b->p[i].off, b->p[i].len,
                                err);
        pthread_mutex_unlock(&r->store_lock[l]);
        b->n = 0;
        b->data.len = 0;
        if (st != VK_OK)
            return st;
    }
    return VK_OK;
}

/* The tile of one layer composed last (see worker): skip, link or
 * write, and keep it for the archives. */
static vk_status
put_tile(worker *w, size_t layer, const vk_meta_pos *m, long x, long y,
         int kind, int *written, vk_error *err)
{
    run *r = w->r;
    vk_status st = VK_OK;
    char id[32];
    double t0;
    int indexed;

    if (kind == TILE_EMPTY) {
        w->st.tiles_empty++;
        return VK_OK;
    }
    t0 = vk_now_s();
    /* A buurt's ID tiles are written, not linked: one canonical file per
     * buurt would make the uniform set as long as the buurten. */
    if (kind == TILE_UNIFORM && r->job->layers[layer].ids)
        kind = TILE_MIXED;
    if (kind == TILE_UNIFORM) {
        uint32_t v = first_colour(w);
        const uint8_t *c = (const uint8_t *)&v;

        st = uniform_png(w, layer, v, err);
        if (st == VK_OK && !r->job->no_dir) {
            char *path = tile_path(r, layer, m->z, x, y);
            const char *dir;

            /* The folder is made if missing (links go by their whole
             * name). */
            st = column_dir(w, layer, m, x, &dir, err) < 0
                     ? VK_EIO
                     : write_uniform(w, layer, v, path, err);
            free(path);
        }
        w->st.tiles_uniform++;
        snprintf(id, sizeof id, "u%02x%02x%02x%02x", c[0], c[1], c[2], c[3]);
    } else {
        st = encode_tile(w, layer, &indexed, err);
        if (st == VK_OK) {
            if (indexed)
                w->st.png8++;
            else
                w->st.rgb++;
            w->st.bytes += w->png.len;
            if (!w->have_index && r->job->measure_rgba &&
                w->measured++ % MEASURE_EVERY == 0 &&
                vk_tile_encode_rgba(w->enc, w->rgba, &w->cmp, err) == VK_OK) {
                w->st.sample_png_bytes += w->png.len;
                w->st.sample_rgba_bytes += w->cmp.len;
            }
        }
        if (st == VK_OK && !r->job->no_dir) {
            /* The metatile's owner is the tile's only writer. */
            const char *dir;
            int fd = column_dir(w, layer, m, x, &dir, err);
            char name[32];

            snprintf(name, sizeof name, "%ld.png", file_y(r, m->z, y));
            st = fd < 0 ? VK_EIO
                        : vk_write_small_at(fd, dir, name, w->tag,
                                            w->png.data, w->png.len, err);
        }
        snprintf(id, sizeof id, "%d/%ld/%ld", m->z, x, y);
    }
    if (st == VK_OK && archiving(r))
        batch_add(&w->b[layer], m->z, x, y, id, &w->png);
    w->st.encode_s += vk_now_s() - t0;
    if (st == VK_OK) {
        w->st.tiles_written++;
        *written = 1;
    }
    return st;
}

/* The snapped geometry of zoom z. The first thread to need it starts
 * it; every thread needing it before it is ready snaps parts of it, so a
 * new zoom does not keep the other threads waiting (with few metatiles
 * per zoom, that wait was a large part of a run). The one finishing the
 * last part compacts it and wakes the others. */
static const vk_zoom_geom *
zoom_get(run *r, int z)
{
    const vk_zoom_geom *zg;

    pthread_mutex_lock(&r->zlock);
    if (r->zg[z] == NULL) {
        r->zg[z] = vk_zoom_geom_begin(r->job->geom, z, r->tile_px, r->spare);
        r->spare = NULL;
    }
    while (!r->zready[z]) {
        vk_zoom_geom *b = r->zg[z];
        size_t part;

        if (r->znext[z] == vk_zoom_geom_nparts(b)) {
            pthread_cond_wait(&r->zcond, &r->zlock);
            continue;
        }
        part = r->znext[z]++;
        pthread_mutex_unlock(&r->zlock);
        vk_zoom_geom_part(b, part);
        pthread_mutex_lock(&r->zlock);
        if (++r->zdone[z] == vk_zoom_geom_nparts(b)) {
            vk_zoom_geom_finish(b);
            r->zready[z] = 1;
            pthread_cond_broadcast(&r->zcond);
        }
    }
    zg = r->zg[z];
    pthread_mutex_unlock(&r->zlock);
    return zg;
}

/* A metatile of zoom z is finished: after the last one, its geometry
 * goes, so memory stays at about one zoom's worth. */
static void
zoom_done(run *r, int z)
{
    pthread_mutex_lock(&r->zlock);
    if (--r->zleft[z] == 0) {
        vk_zoom_geom_destroy(r->spare);
        r->spare = r->zg[z];
        r->zg[z] = NULL;
        r->zready[z] = 0;
        r->znext[z] = r->zdone[z] = 0;
    }
    pthread_mutex_unlock(&r->zlock);
}

/* Composes tile (tx, ty) of layer l of the metatile drawn last: straight
 * to palette indices (have_index), unless the tile needs pixels (over 256
 * colours, or the size test); buurt IDs exactly. Returns TILE_*. */
static int
compose(worker *w, size_t l, int tx, int ty)
{
    const vk_tiles_layer *ly = &w->r->job->layers[l];
    int kind = -1;

    w->have_index = 0;
    if (ly->ids)
        return vk_meta_raster_compose_ids(w->mr, tx, ty, w->index, w->pal,
                                          &w->ncol, w->rgba,
                                          &w->have_index);
    if (!w->r->job->measure_rgba)
        kind = vk_meta_raster_compose_indexed(w->mr, ly->style, tx, ty,
                                              w->index, w->pal, &w->ncol);
    if (kind >= 0) {
        w->have_index = 1;
        return kind;
    }
    return vk_meta_raster_compose(w->mr, ly->style, tx, ty, w->rgba);
}

static vk_status
do_metatile(worker *w, const vk_meta_pos *m, vk_error *err)
{
    run *r = w->r;
    double t0 = vk_now_s();
    char *mpath;
    vk_status st;

    vk_meta_raster_draw(w->mr, m, zoom_get(r, m->z));
    w->st.render_s += vk_now_s() - t0;
    w->marker.len = 0;
    if (w->marker.s != NULL)
        w->marker.s[0] = '\0';
    for (int ty = 0; ty < m->ny; ty++)
        for (int tx = 0; tx < m->nx; tx++) {
            long x = m->x0 + tx, y = m->y0 + ty;
            unsigned long mask = 0;

            if (!in_region(r, m->z, x, y))
                continue;
            if (vk_meta_raster_tile_blank(w->mr, tx, ty)) {
                w->st.tiles_empty += r->job->nlayers;
                continue;
            }
            for (size_t l = 0; l < r->job->nlayers; l++) {
                int kind, written = 0;

                t0 = vk_now_s();
                kind = compose(w, l, tx, ty);
                w->st.render_s += vk_now_s() - t0;
                if ((st = put_tile(w, l, m, x, y, kind, &written, err)) !=
                    VK_OK)
                    return st;
                if (written)
                    mask |= 1ul << l;
            }
            if (mask != 0)
                vk_strbuf_appendf(&w->marker, "%ld %ld %lx\n", x, y, mask);
        }
    if ((st = flush_batches(w, 1, err)) != VK_OK)
        return st;
    /* Without the folders no marker: a rerun makes the tiles again. */
    if (r->job->no_dir)
        return VK_OK;

    /* The marker last: its presence means every tile above is in place. */
    mpath = marker_path(r, m);
    st = vk_write_file(mpath, w->marker.s, w->marker.len, 1, err);
    free(mpath);
    return st;
}

static vk_status
read_fail(vk_error *err, const char *path, int errnum)
{
    VK_FAIL_AT(err, VK_EIO, path, 0, "cannot read the tile back for the "
               "PMTiles archive: %s", strerror(errnum));
    vk_error_hint(err, "run again with --force to make every tile anew");
    return VK_EIO;
}

/* The tiles of metatile m, finished by an earlier run, read back from
 * the folders (as its marker lists them) into the PMTiles collections. */
static vk_status
read_back(worker *w, const vk_meta_pos *m, vk_error *err)
{
    run *r = w->r;
    char *path = marker_path(r, m), line[128];
    FILE *fp = fopen(path, "r");
    vk_status st = VK_OK;

    if (fp == NULL) {
        st = read_fail(err, path, errno);
        free(path);
        return st;
    }
    free(path);
    while (st == VK_OK && fgets(line, sizeof line, fp) != NULL) {
        long x, y;
        unsigned long mask;

        if (sscanf(line, "%ld %ld %lx", &x, &y, &mask) != 3)
            break; /* already_done read it whole */
        for (size_t l = 0; st == VK_OK && l < r->job->nlayers; l++) {
            FILE *tf;
            char *tp;
            uint8_t buf[65536];
            size_t n;

            if (!(mask >> l & 1))
                continue;
            tp = tile_path(r, l, m->z, x, y);
            if ((tf = fopen(tp, "rb")) == NULL) {
                st = read_fail(err, tp, errno);
                free(tp);
                break;
            }
            w->png.len = 0;
            while ((n = fread(buf, 1, sizeof buf, tf)) > 0)
                vk_bytes_append(&w->png, buf, n);
            if (ferror(tf))
                st = read_fail(err, tp, EIO);
            fclose(tf);
            free(tp);
            if (st == VK_OK)
                batch_add(&w->b[l], m->z, x, y, "", &w->png);
        }
    }
    fclose(fp);
    if (st == VK_OK)
        st = flush_batches(w, 0, err);
    return st;
}

/* A metatile is finished or skipped: progress, under the lock. */
static void
tell_progress(run *r)
{
    pthread_mutex_lock(&r->lock);
    r->ndone++;
    if (r->job->progress != NULL)
        r->job->progress(r->job->progress_ctx, r->ndone, r->nmetas);
    pthread_mutex_unlock(&r->lock);
}

static void
stats_add(vk_tiles_stats *a, const vk_tiles_stats *b)
{
    a->metatiles += b->metatiles;
    a->metatiles_skipped += b->metatiles_skipped;
    a->tiles_written += b->tiles_written;
    a->tiles_uniform += b->tiles_uniform;
    a->tiles_empty += b->tiles_empty;
    a->png8 += b->png8;
    a->rgb += b->rgb;
    a->bytes += b->bytes;
    a->sample_png_bytes += b->sample_png_bytes;
    a->sample_rgba_bytes += b->sample_rgba_bytes;
    a->render_s += b->render_s;
    a->encode_s += b->encode_s;
}

static void *
work(void *arg)
{
    worker *w = arg;
    run *r = w->r;
    size_t tp = (size_t)r->tile_px;
    size_t ncol = r->job->nlayers * (size_t)r->meta_n;

    w->mr = vk_meta_raster_create(r->job->geom, r->meta_n, r->tile_px,
                               r->job->scale);
    w->enc = vk_tile_encoder_create(r->tile_px, r->job->zlevel);
    w->rgba = vk_xmalloc(tp * tp * 4);
    w->index = vk_xmalloc(tp * tp);
    w->b = vk_xcalloc(r->job->nlayers, sizeof *w->b);
    vk_error_init(&w->err);
    w->colfd = vk_xmalloc(ncol * sizeof *w->colfd);
    w->coldir = vk_xcalloc(ncol, sizeof *w->coldir);
    for (size_t k = 0; k < ncol; k++)
        w->colfd[k] = -1;
    for (;;) {
        size_t i;
        const vk_meta_pos *m;
        vk_status st;

        pthread_mutex_lock(&r->lock);
        i = r->failed ? r->nmetas : r->next++;
        pthread_mutex_unlock(&r->lock);
        if (i >= r->nmetas)
            break;
        m = &r->metas[i];
        w->st.metatiles++;
        if (already_done(r, m)) {
            w->st.metatiles_skipped++;
            zoom_done(r, m->z);
            st = r->pm != NULL ? read_back(w, m, &w->err) : VK_OK;
        } else {
            st = do_metatile(w, m, &w->err);
            close_columns(w);
            zoom_done(r, m->z);
        }
        if (st != VK_OK) {
            pthread_mutex_lock(&r->lock);
            if (!r->failed) {
                r->failed = 1;
                r->err = w->err;
            }
            pthread_mutex_unlock(&r->lock);
            break;
        }
        tell_progress(r);
    }
    pthread_mutex_lock(&r->lock);
    stats_add(&r->st, &w->st);
    pthread_mutex_unlock(&r->lock);
    for (size_t l = 0; l < r->job->nlayers; l++) {
        free(w->b[l].p);
        free(w->b[l].data.data);
    }
    free(w->b);
    free(w->colfd);
    free(w->coldir);
    free(w->rgba);
    free(w->index);
    free(w->png.data);
    free(w->cmp.data);
    vk_strbuf_free(&w->marker);
    vk_tile_encoder_destroy(w->enc);
    vk_meta_raster_destroy(w->mr);
    return NULL;
}

/* ---- setup ------------------------------------------------------------ */

static vk_status
make_layout(run *r, vk_error *err)
{
    const vk_tiles_job *job = r->job;

    for (size_t l = 0; !job->no_dir && l < job->nlayers; l++) {
        char *d = uniform_dir(job, l);
        vk_status st = vk_make_dirs(d, err);

        /* This run (shard) alone writes there. */
        if (st == VK_OK)
            sweep(d, NULL, NULL);
        free(d);
        for (int z = job->minzoom; st == VK_OK && z <= job->maxzoom; z++) {
            d = vk_xasprintf("%s/%s/%d", job->dir, job->layers[l].id, z);
            st = vk_make_dirs(d, err);
            free(d);
        }
        if (st != VK_OK)
            return st;
    }
    for (int z = job->minzoom; z <= job->maxzoom; z++) {
        char *d = vk_xasprintf("%s/%d", r->done_dir, z);
        vk_status st = vk_make_dirs(d, err);

        free(d);
        if (st != VK_OK)
            return st;
    }
    return VK_OK;
}

/* Opens the archives of every layer: DIR/<layer>.mbtiles,
 * DIR/<layer>.pmtiles. */
static vk_status
open_stores(run *r, vk_error *err)
{
    const vk_tiles_job *job = r->job;
    size_t n = job->nlayers;

    r->store_lock = vk_xcalloc(n, sizeof *r->store_lock);
    for (size_t l = 0; l < n; l++)
        pthread_mutex_init(&r->store_lock[l], NULL);
    if (job->mbtiles) {
        r->mb = vk_xcalloc(n, sizeof *r->mb);
        r->mb_fresh = vk_xcalloc(n, sizeof *r->mb_fresh);
    }
    if (job->pmtiles)
        r->pm = vk_xcalloc(n, sizeof *r->pm);
    for (size_t l = 0; l < n; l++) {
        char *p;

        if (r->mb != NULL) {
            int existed = 0;

            p = vk_xasprintf("%s/%s.mbtiles", job->dir, job->layers[l].id);
            r->mb[l] = vk_mbtiles_open(p, &existed, err);
            free(p);
            if (r->mb[l] == NULL)
                return err->code;
            r->mb_fresh[l] = !existed;
        }
        if (r->pm != NULL) {
            p = vk_xasprintf("%s/%s.pmtiles", job->dir, job->layers[l].id);
            r->pm[l] = vk_pmtiles_create(p, err);
            free(p);
            if (r->pm[l] == NULL)
                return err->code;
        }
    }
    return VK_OK;
}

/* What the archives say of the run's extent: lon/lat bounds, centre and
 * the middle zoom. */
static void
extent_of(const vk_tiles_job *job, vk_bbox *ll, double *clon, double *clat,
          int *cz)
{
    vk_merc_to_lonlat(job->region.minx, job->region.miny, &ll->minx,
                      &ll->miny);
    vk_merc_to_lonlat(job->region.maxx, job->region.maxy, &ll->maxx,
                      &ll->maxy);
    *clon = (ll->minx + ll->maxx) / 2;
    *clat = (ll->miny + ll->maxy) / 2;
    *cz = job->minzoom + (job->maxzoom - job->minzoom) / 2;
}

/* The metadata rows of MBTiles 1.3; bounds and center in lon/lat. */
static vk_status
write_metadata(run *r, size_t l, vk_error *err)
{
    const vk_tiles_job *job = r->job;
    const vk_tiles_layer *ly = &job->layers[l];
    vk_mbtiles *m = r->mb[l];
    vk_bbox ll;
    double clon, clat;
    char buf[256];
    int cz;
    vk_status st = VK_OK;

    extent_of(job, &ll, &clon, &clat, &cz);
    st = vk_mbtiles_begin(m, err);
#define META(k, v) \
    if (st == VK_OK && (v) != NULL) \
        st = vk_mbtiles_meta(m, (k), (v), err)
    META("name", ly->name ? ly->name : ly->id);
    META("format", "png");
    META("type", "overlay");
    META("version", "1.3");
    META("scheme", "tms");
    snprintf(buf, sizeof buf, "%.6f,%.6f,%.6f,%.6f", ll.minx, ll.miny,
             ll.maxx, ll.maxy);
    META("bounds", buf);
    snprintf(buf, sizeof buf, "%.6f,%.6f,%d", clon, clat, cz);
    META("center", buf);
    snprintf(buf, sizeof buf, "%d", job->minzoom);
    META("minzoom", buf);
    snprintf(buf, sizeof buf, "%d", job->maxzoom);
    META("maxzoom", buf);
    META("description", ly->description);
    META("attribution", ly->attribution);
    META("json", ly->legend_json);
#undef META
    if (st == VK_OK)
        st = vk_mbtiles_commit(m, err);
    return st;
}

/* Writes the PMTiles archive of layer l: the metadata are those of the
 * MBTiles (name, format, type, description, attribution, and the keys of
 * legend_json, e.g. the legend). */
static vk_status
finish_pmtiles(run *r, size_t l, vk_error *err)
{
    const vk_tiles_layer *ly = &r->job->layers[l];
    vk_pmtiles_info info = {r->job->minzoom, r->job->maxzoom, 0,
                            {0, 0, 0, 0}, 0, 0, NULL};
    vk_strbuf b = {0};
    vk_status st;

    extent_of(r->job, &info.bounds, &info.center_lon, &info.center_lat,
              &info.center_zoom);
    vk_strbuf_append(&b, "{\"name\":");
    vk_json_append_string(&b, ly->name ? ly->name : ly->id);
    vk_strbuf_append(&b, ",\"format\":\"png\",\"type\":\"overlay\"");
    if (ly->description != NULL) {
        vk_strbuf_append(&b, ",\"description\":");
        vk_json_append_string(&b, ly->description);
    }
    if (ly->attribution != NULL) {
        vk_strbuf_append(&b, ",\"attribution\":");
        vk_json_append_string(&b, ly->attribution);
    }
    /* legend_json is an object: its keys join these. */
    if (ly->legend_json != NULL && ly->legend_json[0] == '{' &&
        ly->legend_json[1] != '}') {
        vk_strbuf_append(&b, ",");
        vk_strbuf_append(&b, ly->legend_json + 1);
    } else {
        vk_strbuf_append(&b, "}");
    }
    info.metadata_json = b.s;
    st = vk_pmtiles_finish(r->pm[l], &info, err);
    vk_strbuf_free(&b);
    return st;
}

/* Writes the PMTiles archives of the layers, a layer at a time per
 * thread. */
static void *
archive_work(void *arg)
{
    run *r = arg;
    vk_error e;

    vk_error_init(&e);
    for (;;) {
        size_t l;

        pthread_mutex_lock(&r->lock);
        l = r->failed ? r->job->nlayers : r->next_archive++;
        pthread_mutex_unlock(&r->lock);
        if (l >= r->job->nlayers)
            break;
        if (finish_pmtiles(r, l, &e) != VK_OK) {
            pthread_mutex_lock(&r->lock);
            if (!r->failed) {
                r->failed = 1;
                r->err = e;
            }
            pthread_mutex_unlock(&r->lock);
            break;
        }
    }
    return NULL;
}

/* After the tiles: the archives, on the run's threads. */
static void
write_archives(run *r, int nth)
{
    pthread_t *th = vk_xcalloc((size_t)nth, sizeof *th);
    double t0 = vk_now_s();
    int started = 0;

    for (int i = 0; i < nth; i++) {
        if (pthread_create(&th[i], NULL, archive_work, r) != 0)
            break;
        started++;
    }
    if (started == 0)
        archive_work(r);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    r->st.archive_s = vk_now_s() - t0;
}

static void
run_free(run *r, vk_error *err)
{
    for (size_t l = 0; r->mb != NULL && l < r->job->nlayers; l++)
        if (vk_mbtiles_close(r->mb[l], err->code == VK_OK ? err : NULL) !=
            VK_OK)
            r->failed = 1;
    for (size_t l = 0; r->pm != NULL && l < r->job->nlayers; l++)
        vk_pmtiles_destroy(r->pm[l]);
    for (size_t l = 0; r->store_lock != NULL && l < r->job->nlayers; l++)
        pthread_mutex_destroy(&r->store_lock[l]);
    for (size_t l = 0; r->uniform != NULL && l < r->job->nlayers; l++) {
        for (size_t i = 0; i < r->uniform[l].n; i++)
            free(r->uniform[l].png[i].data);
        free(r->uniform[l].png);
        free(r->uniform[l].v);
    }
    free(r->uniform);
    free(r->mb);
    free(r->mb_fresh);
    free(r->pm);
    free(r->store_lock);
    for (int z = 0; z <= VK_TILES_MAX_ZOOM; z++)
        vk_zoom_geom_destroy(r->zg[z]);
    vk_zoom_geom_destroy(r->spare);
    free(r->metas);
    free(r->done_dir);
    pthread_mutex_destroy(&r->lock);
    pthread_mutex_destroy(&r->zlock);
    pthread_cond_destroy(&r->zcond);
}

vk_status
vk_tiles_run(const vk_tiles_job *job, vk_tiles_stats *st, vk_error *err)
{
    run r;
    pthread_t *th;
    worker *w;
    int nth = job->jobs < 1 ? 1 : job->jobs, started = 0;
    vk_status rc = VK_OK;

    if ((job->tile_size != 256 && job->tile_size != 512) ||
        (job->scale != 1 && job->scale != 2))
        return VK_FAIL(err, VK_EUSAGE, "tile size %d at scale %d: tiles "
                       "are 256 or 512 pixels at scale 1 or 2",
                       job->tile_size, job->scale);
    memset(&r, 0, sizeof r);
    r.job = job;
    r.tile_px = job->tile_size * job->scale;
    r.meta_n = META_MAX_PX / r.tile_px < 1 ? 1 : META_MAX_PX / r.tile_px;
    r.uniform = vk_xcalloc(job->nlayers, sizeof *r.uniform);
    pthread_mutex_init(&r.lock, NULL);
    pthread_mutex_init(&r.zlock, NULL);
    pthread_cond_init(&r.zcond, NULL);
    vk_error_init(&r.err);

    if (vk_tilegeom_check_zoom(job->geom, job->maxzoom, r.tile_px, err) !=
        VK_OK) {
        run_free(&r, err);
        return err->code;
    }
    /* The one up-to-date scheme: markers under the run's digest, those of
     * other digests gone. */
    if ((r.done_dir = vk_done_dir(job->dir, "tiles", job->settings_key,
                                  err)) == NULL ||
        make_layout(&r, err) != VK_OK || open_stores(&r, err) != VK_OK) {
        rc = err->code;
        run_free(&r, err);
        return rc;
    }
    for (size_t l = 0; r.mb != NULL && l < job->nlayers; l++)
        if (write_metadata(&r, l, err) != VK_OK) {
            rc = err->code;
            run_free(&r, err);
            return rc;
        }
    sweep_leftovers(&r);
    list_metatiles(&r);

    th = vk_xcalloc((size_t)nth, sizeof *th);
    w = vk_xcalloc((size_t)nth, sizeof *w);
    for (int i = 0; i < nth; i++) {
        w[i].r = &r;
        w[i].id = i;
        w[i].tag = (unsigned)getpid() * 64u + (unsigned)i;
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0)
            break;
        started++;
    }
    if (started == 0)
        work(&w[0]); /* no thread could start: do it here */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    free(w);
    if (!r.failed && r.pm != NULL)
        write_archives(&r, nth);

    if (r.failed) {
        *err = r.err;
        rc = err->code;
    }
    run_free(&r, err);
    if (rc == VK_OK && err->code != VK_OK)
        rc = err->code;
    if (rc == VK_OK)
        *st = r.st;
    return rc;
}
