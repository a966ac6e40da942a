/* SPDX-License-Identifier: MIT */
/* veerkracht tiles: every layer as an XYZ pyramid of PNG tiles in Web
 * Mercator (and MBTiles), TileJSON per layer and the static viewer. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "vk/tiles.h"
#include "vk/viewer.h"

/* Refused above this many tiles (all zooms, before skipping empty ones):
 * about the Netherlands at z0-18. */
#define MAX_TILES 20000000ull
#define MAX_JOBS 256
/* zlib level of the tiles: on the national z12 tiles (9 layers) level 3
 * took 28% less encoding time than zlib's default 6 for 11% more bytes;
 * level 1 saved 4% more time for 7% more bytes (docs/tiles.md). */
#define ZLEVEL 3

typedef struct tiles_opts {
    int zmin, zmax, tile_size, scale, jobs, shard_i, shard_n;
    int have_bbox;
    vk_bbox bbox_lonlat;
    char *dir;
} tiles_opts;

/* Everything made from the inputs, freed by run_free. */
typedef struct tiles_run {
    vk_mapset *ms;
    size_t nstyles;
    vk_paint *paint[VK_MAPSET_MAX_STYLES];
    char *legend_json[VK_MAPSET_MAX_STYLES];
    char *mb_json[VK_MAPSET_MAX_STYLES];
    vk_tilestyle tstyle[VK_MAPSET_MAX_STYLES];
    vk_tilegeom *geom;
} tiles_run;

/* Prints "veerkracht tiles: <what> (not "<v>")" and the help hint. */
static int
usage(const char *what, const char *v)
{
    fprintf(stderr, "veerkracht tiles: %s", what);
    if (v != NULL)
        fprintf(stderr, " (not \"%s\")", v);
    fprintf(stderr, "\nsee: veerkracht tiles --help\n");
    return EXIT_USAGE;
}

/* "6-14" or "12". */
static int
parse_zoom(const char *s, int *zmin, int *zmax)
{
    char *end;
    long a, b;

    errno = 0;
    a = strtol(s, &end, 10);
    if (end == s || errno != 0)
        return -1;
    b = a;
    if (*end == '-') {
        const char *t = end + 1;

        b = strtol(t, &end, 10);
        if (end == t || errno != 0)
            return -1;
    }
    if (*end != '\0' || a < 0 || b < a || b > VK_TILES_MAX_ZOOM)
        return -1;
    *zmin = (int)a;
    *zmax = (int)b;
    return 0;
}

/* "minlon,minlat,maxlon,maxlat". */
static int
parse_bbox(const char *s, vk_bbox *out)
{
    double v[4];
    char *end;

    for (int i = 0; i < 4; i++) {
        errno = 0;
        v[i] = strtod(s, &end);
        if (end == s || errno != 0 || *end != (i < 3 ? ',' : '\0'))
            return -1;
        s = end + 1;
    }
    if (!(v[0] < v[2] && v[1] < v[3] && v[0] >= -180 && v[2] <= 180 &&
          v[1] >= -90 && v[3] <= 90))
        return -1;
    *out = (vk_bbox){v[0], v[1], v[2], v[3]};
    return 0;
}

/* Checks the options that need no data; returns -1 or an exit status. */
static int
check_options(const cli_args *a, tiles_opts *o)
{
    memset(o, 0, sizeof *o);
    if (parse_zoom(a->zoom, &o->zmin, &o->zmax) != 0) {
        fprintf(stderr, "veerkracht tiles: --zoom is a zoom level or a "
                "range such as 6-14 (0 to %d), not \"%s\"\n",
                VK_TILES_MAX_ZOOM, a->zoom);
        return EXIT_USAGE;
    }
    o->tile_size = a->tile_size ? a->tile_size : 256;
    if (o->tile_size != 256 && o->tile_size != 512)
        return usage("--tile-size is 256 or 512", NULL);
    o->scale = a->scale ? a->scale : 1;
    if (o->scale != 1 && o->scale != 2)
        return usage("--scale is 1 or 2 (2 for @2x tiles)", NULL);
    o->jobs = a->jobs;
    if (o->jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        o->jobs = n > 0 ? (int)(n > MAX_JOBS ? MAX_JOBS : n) : 1;
    }
    if (o->jobs > MAX_JOBS) {
        fprintf(stderr, "veerkracht tiles: --jobs %d is more than %d\n",
                o->jobs, MAX_JOBS);
        return EXIT_USAGE;
    }
    o->shard_n = 1;
    if (a->shard != NULL) {
        char c;

        if (sscanf(a->shard, "%d/%d%c", &o->shard_i, &o->shard_n, &c) != 2 ||
            o->shard_n < 1 || o->shard_i < 0 || o->shard_i >= o->shard_n ||
            o->shard_n > 1000000)
            return usage("--shard is i/n with 0 <= i < n, e.g. 0/4 ... "
                         "3/4", a->shard);
    }
    if (a->bbox != NULL) {
        if (parse_bbox(a->bbox, &o->bbox_lonlat) != 0)
            return usage("--bbox is minlon,minlat,maxlon,maxlat in degrees, "
                         "e.g. 4.7,52.2,5.1,52.5", a->bbox);
        o->have_bbox = 1;
    }
    if (a->out[0] == '\0')
        return usage("--out needs a folder", NULL);
    o->dir = vk_xstrdup(a->out);
    for (size_t n = strlen(o->dir); n > 1 && o->dir[n - 1] == '/'; n--)
        o->dir[n - 1] = '\0';
    return -1;
}

static void
run_free(tiles_run *t)
{
    vk_tilegeom_destroy(t->geom);
    for (size_t i = 0; i < t->nstyles; i++) {
        vk_tilestyle_free(&t->tstyle[i]);
        free(t->legend_json[i]);
        free(t->mb_json[i]);
        vk_paint_destroy(t->paint[i]);
    }
    vk_mapset_destroy(t->ms);
}

/* Each style over all buurten (breaks per gemeente make no sense for one
 * seamless map), its tile colours and legend. */
static vk_status
make_layers(tiles_run *t, vk_error *err)
{
    const vk_features *bu = vk_mapset_boundaries(t->ms)->buurten;

    t->nstyles = vk_mapset_nstyles(t->ms);
    for (size_t i = 0; i < t->nstyles; i++) {
        vk_paint *p = vk_mapset_paint(t->ms, i, VK_SCOPE_ALL, NULL, err);

        cli_mapset_warnings(t->ms);
        if ((t->paint[i] = p) == NULL ||
            vk_tilestyle_make(&t->tstyle[i], p->fill, p->hatch, bu->n,
                              err) != VK_OK)
            return err->code;
        t->legend_json[i] = vk_viewer_legend_json(p->legend);
        t->mb_json[i] = vk_xasprintf("{\"legend\":%s}", t->legend_json[i]);
    }
    return VK_OK;
}

/* What the tiles depend on besides the zoom range, bbox and shard: the
 * map set's inputs and the tile options (done markers of another digest
 * are removed). */
static void
settings_key(const cli_args *a, const tiles_run *t, const tiles_opts *o,
             char key[17])
{
    vk_digest d;

    vk_digest_init(&d, "veerkracht tiles 2");
    vk_mapset_digest(t->ms, &d);
    vk_digest_int(&d, o->tile_size);
    vk_digest_int(&d, o->scale);
    vk_digest_int(&d, a->tms);
    vk_digest_hex(&d, key);
}

/* The data in Web Mercator, cut to --bbox. */
static vk_bbox
region_of(const tiles_run *t, const tiles_opts *o)
{
    vk_bbox r = *vk_tilegeom_extent(t->geom);

    if (o->have_bbox) {
        vk_bbox b;

        vk_merc_from_lonlat(o->bbox_lonlat.minx, o->bbox_lonlat.miny,
                            &b.minx, &b.miny);
        vk_merc_from_lonlat(o->bbox_lonlat.maxx, o->bbox_lonlat.maxy,
                            &b.maxx, &b.maxy);
        r.minx = r.minx > b.minx ? r.minx : b.minx;
        r.miny = r.miny > b.miny ? r.miny : b.miny;
        r.maxx = r.maxx < b.maxx ? r.maxx : b.maxx;
        r.maxy = r.maxy < b.maxy ? r.maxy : b.maxy;
    }
    return r;
}

/* 1,234,567 */
static char *
group(uint64_t v, char *buf, size_t size)
{
    char raw[32];
    size_t n, j = 0;

    snprintf(raw, sizeof raw, "%llu", (unsigned long long)v);
    n = strlen(raw);
    for (size_t i = 0; i < n && j + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = raw[i];
    }
    buf[j] = '\0';
    return buf;
}

/* Refuses a range of more than MAX_TILES tiles, saying how to narrow it. */
static vk_status
check_count(const vk_bbox *region, const tiles_opts *o, const cli_args *a,
            vk_error *err)
{
    uint64_t n = vk_tile_count(region, o->zmin, o->zmax);
    char b1[32], b2[32];
    int z = o->zmax;

    if (n <= MAX_TILES)
        return VK_OK;
    while (z > o->zmin && vk_tile_count(region, o->zmin, z) > MAX_TILES)
        z--;
    VK_FAIL(err, VK_EUSAGE, "--zoom %s over %s is %s tiles, more than the "
            "limit of %s", a->zoom, o->have_bbox ? "--bbox" : "the data",
            group(n, b1, sizeof b1), group(MAX_TILES, b2, sizeof b2));
    if (vk_tile_count(region, o->zmin, z) <= MAX_TILES)
        vk_error_hint(err, "narrow --zoom (e.g. --zoom %d-%d: %s tiles) or "
                      "tile a part with --bbox minlon,minlat,maxlon,maxlat",
                      o->zmin, z,
                      group(vk_tile_count(region, o->zmin, z), b1,
                            sizeof b1));
    else
        vk_error_hint(err, "narrow --zoom or tile a part with --bbox "
                      "minlon,minlat,maxlon,maxlat");
    return VK_EUSAGE;
}

/* Wall seconds of the phases of a run, for the summary. */
typedef struct phases {
    double read, project, tiling, viewer, total;
} phases;

static void
print_stats(const vk_tiles_stats *s, const phases *ph, const tiles_opts *o)
{
    size_t rendered = s->metatiles - s->metatiles_skipped;

    fprintf(stderr, "tiles: %zu metatiles (%zu already done), %zu tiles "
            "written (%zu uniform, linked), %zu empty skipped; "
            "%zu PNG8, %zu truecolour; %.1f s with %d threads",
            s->metatiles, s->metatiles_skipped, s->tiles_written,
            s->tiles_uniform, s->tiles_empty, s->png8, s->rgb, ph->total,
            o->jobs);
    if (rendered > 0 && ph->total > 0)
        fprintf(stderr, ", %.0f tiles/s", s->tiles_written / ph->total);
    fprintf(stderr, "\ntiles: reading and classifying %.2f s, projecting "
            "%.2f s, tiling %.2f s", ph->read, ph->project, ph->tiling);
    if (rendered > 0 && ph->tiling > 0)
        fprintf(stderr, " (%.0f tiles/s)", s->tiles_written / ph->tiling);
    if (ph->viewer >= 0)
        fprintf(stderr, ", viewer %.2f s alongside the tiling\n",
                ph->viewer);
    else
        fprintf(stderr, "; the viewer and tiles.json are shard 0's\n");
    fprintf(stderr, "tiles: thread time: %.1f s rasterising and "
            "composing, %.1f s encoding and writing\n", s->render_s,
            s->encode_s);
    if (s->sample_rgba_bytes > 0)
        fprintf(stderr, "tiles: sampled size, PNG as written / truecolour "
                "PNG: %.3f (%llu / %llu bytes)\n",
                (double)s->sample_png_bytes / (double)s->sample_rgba_bytes,
                (unsigned long long)s->sample_png_bytes,
                (unsigned long long)s->sample_rgba_bytes);
}

static double
wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The viewer, written by its own thread while the tiles are made: it
 * only reads the buurten and the layers, and writes files of its own
 * (index.html, leaflet/, layers.json, buurten.geojson, <layer>/values.json),
 * none of which the tile run touches. */
typedef struct viewer_task {
    const char *dir;
    const vk_features *buurten;
    const vk_viewer_layer *layers;
    size_t n;
    vk_viewer_opts opts;
    vk_error err;
    double seconds;
} viewer_task;

static double wall_now(void);

static void *
viewer_thread(void *arg)
{
    viewer_task *v = arg;
    double t0 = wall_now();

    vk_viewer_write(v->dir, v->buurten, v->layers, v->n, &v->opts, &v->err);
    v->seconds = wall_now() - t0;
    return NULL;
}

/* Reads, classifies and projects the data; tiles while the viewer is
 * written alongside; writes the TileJSON. */
static vk_status
tiles(const cli_args *a, const tiles_opts *o, tiles_run *t, vk_error *err)
{
    vk_tiles_layer ly[VK_MAPSET_MAX_STYLES];
    vk_viewer_layer vl[VK_MAPSET_MAX_STYLES];
    vk_mapset_opts mo;
    const vk_features *bu;
    vk_tiles_job job;
    vk_tiles_stats st = {0};
    viewer_task vt;
    pthread_t vth;
    int viewer, vstarted;
    phases ph = {0};
    vk_bbox region;
    char key[17];
    double t0 = wall_now(), t1;
    vk_status rc;

    cli_mapset_opts(a, VK_MAPSET_BUURTEN, &mo);
    if ((t->ms = cli_mapset_open(&mo, NULL, err)) == NULL ||
        make_layers(t, err) != VK_OK)
        return err->code;
    ph.read = wall_now() - t0;

    /* Projected once for every zoom and layer. */
    if (vk_mapset_to_crs(t->ms, "EPSG:3857", err) != VK_OK)
        return err->code;
    bu = vk_mapset_boundaries(t->ms)->buurten;
    if ((t->geom = vk_tilegeom_create(bu, err)) == NULL ||
        vk_tilegeom_check_zoom(t->geom, o->zmax, o->tile_size * o->scale,
                               err) != VK_OK)
        return err->code;
    ph.project = wall_now() - t0 - ph.read;
    region = region_of(t, o);
    if (vk_bbox_empty(&region))
        return VK_FAIL(err, VK_EUSAGE, "--bbox %s does not meet the data",
                       a->bbox);
    if (check_count(&region, o, a, err) != VK_OK)
        return err->code;
    if (vk_make_dirs(o->dir, err) != VK_OK)
        return err->code;

    for (size_t i = 0; i < t->nstyles; i++) {
        const vk_style *sty = t->paint[i]->style;

        ly[i] = (vk_tiles_layer){vk_mapset_layer_id(t->ms, i), &t->tstyle[i],
                                 sty->title, sty->subtitle, sty->source,
                                 t->mb_json[i]};
        vl[i] = (vk_viewer_layer){sty, t->paint[i]->layer,
                                  t->paint[i]->legend,
                                  vk_mapset_layer_id(t->ms, i)};
    }
    vt = (viewer_task){o->dir, bu, vl, t->nstyles,
                       {o->zmin, o->zmax, o->tile_size, o->scale, a->tms,
                        {0, 0, 0, 0}}, {0}, 0};
    vk_error_init(&vt.err);
    vk_merc_to_lonlat(region.minx, region.miny, &vt.opts.bounds.minx,
                      &vt.opts.bounds.miny);
    vk_merc_to_lonlat(region.maxx, region.maxy, &vt.opts.bounds.maxx,
                      &vt.opts.bounds.maxy);
    /* The viewer and tiles.json are written by one shard only (0): the
     * same files from several machines into a shared folder would race,
     * and each writer clears what a killed run of it left. Without a
     * thread the viewer is written after the tiles. */
    viewer = o->shard_i == 0;
    vstarted = viewer && pthread_create(&vth, NULL, viewer_thread, &vt) == 0;

    settings_key(a, t, o, key);
    t1 = wall_now();
    job = (vk_tiles_job){
        .dir = o->dir, .geom = t->geom, .layers = ly,
        .nlayers = t->nstyles, .minzoom = o->zmin,
        .maxzoom = o->zmax, .tile_size = o->tile_size, .scale = o->scale,
        .tms = a->tms, .mbtiles = a->mbtiles, .force = a->force,
        .jobs = o->jobs, .shard_i = o->shard_i, .shard_n = o->shard_n,
        .region = region, .settings_key = key, .zlevel = ZLEVEL,
        .measure_rgba = a->measure};
    rc = vk_tiles_run(&job, &st, err);
    ph.tiling = wall_now() - t1;
    if (vstarted)
        pthread_join(vth, NULL);
    else if (viewer)
        viewer_thread(&vt);
    if (rc != VK_OK)
        return rc;
    if (vt.err.code != VK_OK) {
        *err = vt.err;
        return err->code;
    }
    for (size_t i = 0; viewer && i < t->nstyles; i++)
        if (vk_viewer_write_tilejson(o->dir, &vl[i], &vt.opts,
                                     t->legend_json[i], err) != VK_OK)
            return err->code;
    ph.viewer = viewer ? vt.seconds : -1;
    ph.total = wall_now() - t0;
    print_stats(&st, &ph, o);
    return VK_OK;
}

static int
run(const cli_args *a)
{
    tiles_opts o;
    tiles_run t;
    vk_error err;
    int rc;

    if ((rc = check_options(a, &o)) >= 0)
        return rc;
    memset(&t, 0, sizeof t);
    vk_error_init(&err);
    rc = tiles(a, &o, &t, &err) == VK_OK ? EXIT_OK_
                                          : cli_report("tiles", &err,
                                                       a->debug);
    run_free(&t);
    free(o.dir);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    {"styles", OPT_STR, "DIR", "folder of layer styles (default: styles)",
     offsetof(cli_args, styles_dir), 0},
    {"style", OPT_LIST, "FILE", "a style; repeat for more (instead of "
     "--styles)", offsetof(cli_args, styles_given), 0},
    {"zoom", OPT_STR, "Z|ZMIN-ZMAX", "zoom levels, e.g. 6-14",
     offsetof(cli_args, zoom), 1},
    {"out", OPT_STR, "DIR", "tile folder: DIR/<layer>/{z}/{x}/{y}.png",
     offsetof(cli_args, out), 1},
    {"tile-size", OPT_INT, "256|512", "tile size in CSS pixels (default "
     "256)", offsetof(cli_args, tile_size), 0},
    {"scale", OPT_INT, "1|2", "pixels per CSS pixel: 2 for @2x tiles "
     "(default 1)", offsetof(cli_args, scale), 0},
    {"mbtiles", OPT_FLAG, NULL, "also write DIR/<layer>.mbtiles",
     offsetof(cli_args, mbtiles), 0},
    {"tms", OPT_FLAG, NULL, "y counted from the south (TMS) in file names",
     offsetof(cli_args, tms), 0},
    {"bbox", OPT_STR, "W,S,E,N", "only this lon/lat box, e.g. "
     "4.7,52.2,5.1,52.5", offsetof(cli_args, bbox), 0},
    {"jobs", OPT_INT, "N", "threads (default: all cores)",
     offsetof(cli_args, jobs), 0},
    {"shard", OPT_STR, "I/N", "render shard I of N (0 <= I < N): N "
     "machines make disjoint parts of the same pyramid",
     offsetof(cli_args, shard), 0},
    {"force", OPT_FLAG, NULL, "redo tiles an earlier run finished",
     offsetof(cli_args, force), 0},
    {"measure-png", OPT_FLAG, NULL, "also encode every 16th tile as "
     "truecolour PNG and report the size ratio",
     offsetof(cli_args, measure), 0},
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_CRS_ASSUME,
    CLI_OPT_END,
};

const cli_command cmd_tiles = {
    "tiles", "web map tiles of every layer (XYZ PNG, MBTiles, TileJSON) "
    "and a viewer",
    "A rerun skips metatiles finished before (with the same inputs and "
    "options) and restores missing tiles; --force redoes everything. "
    "Empty tiles are not written; identical uniform tiles are hard links.",
    OPTS, run};
