/* SPDX-License-Identifier: MIT */
/* veerkracht tiles: every layer as an XYZ pyramid of PNG tiles in Web
 * Mercator (and MBTiles), TileJSON per layer and the static viewer. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "vk/web.h"

#define MAX_JOBS 256

typedef struct tiles_opts {
    vk_web_opts web;
    char *dir;  /* --out without trailing slashes (web.dir) */
    char **years; /* --years (web.years) */
    size_t nyears;
} tiles_opts;

static void
tiles_opts_free(tiles_opts *o)
{
    free(o->dir);
    vk_years_free(o->years, o->nyears);
}

/* --years into o->web; returns -1 or an exit status. */
static int
years_option(const cli_args *a, tiles_opts *o)
{
    vk_error err;

    if (a->years == NULL)
        return -1;
    vk_error_init(&err);
    if (vk_years_parse(a->years, &o->years, &o->nyears, &err) != VK_OK)
        return cli_report("tiles", &err, a->debug);
    o->web.years = (const char *const *)o->years;
    o->web.nyears = o->nyears;
    return -1;
}

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
    vk_web_opts *w = &o->web;

    memset(o, 0, sizeof *o);
    if (parse_zoom(a->zoom, &w->minzoom, &w->maxzoom) != 0) {
        fprintf(stderr, "veerkracht tiles: --zoom is a zoom level or a "
                "range such as 6-14 (0 to %d), not \"%s\"\n",
                VK_TILES_MAX_ZOOM, a->zoom);
        return EXIT_USAGE;
    }
    w->tile_size = a->tile_size ? a->tile_size : 256;
    if (w->tile_size != 256 && w->tile_size != 512)
        return usage("--tile-size is 256 or 512", NULL);
    if (a->basemap != NULL &&
        (strstr(a->basemap, "{z}") == NULL || strstr(a->basemap, "{x}") ==
         NULL || strstr(a->basemap, "{y}") == NULL))
        return usage("--basemap is a tile URL with {z}, {x} and {y}, e.g. "
                     "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                     a->basemap);
    if (a->basemap_attribution != NULL && a->basemap == NULL)
        return usage("--basemap-attribution needs --basemap", NULL);
    w->basemap = a->basemap;
    w->basemap_attribution = a->basemap_attribution;
    w->atlas_dir = a->atlas;
    w->scale = a->scale ? a->scale : 1;
    if (w->scale != 1 && w->scale != 2)
        return usage("--scale is 1 or 2 (2 for @2x tiles)", NULL);
    w->jobs = a->jobs;
    if (w->jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        w->jobs = n > 0 ? (int)(n > MAX_JOBS ? MAX_JOBS : n) : 1;
    }
    if (w->jobs > MAX_JOBS) {
        fprintf(stderr, "veerkracht tiles: --jobs %d is more than %d\n",
                w->jobs, MAX_JOBS);
        return EXIT_USAGE;
    }
    w->shard_n = 1;
    if (a->shard != NULL) {
        char c;

        if (sscanf(a->shard, "%d/%d%c", &w->shard_i, &w->shard_n, &c) != 2 ||
            w->shard_n < 1 || w->shard_i < 0 || w->shard_i >= w->shard_n ||
            w->shard_n > 1000000)
            return usage("--shard is i/n with 0 <= i < n, e.g. 0/4 ... "
                         "3/4", a->shard);
    }
    if (a->bbox != NULL) {
        if (parse_bbox(a->bbox, &w->bbox_lonlat) != 0)
            return usage("--bbox is minlon,minlat,maxlon,maxlat in degrees, "
                         "e.g. 4.7,52.2,5.1,52.5", a->bbox);
        w->have_bbox = 1;
    }
    if (a->out[0] == '\0')
        return usage("--out needs a folder", NULL);
    o->dir = vk_xstrdup(a->out);
    for (size_t n = strlen(o->dir); n > 1 && o->dir[n - 1] == '/'; n--)
        o->dir[n - 1] = '\0';
    w->dir = o->dir;
    w->tms = a->tms;
    w->mbtiles = a->mbtiles;
    w->pmtiles = a->pmtiles;
    w->no_dir = a->no_dir;
    if (w->pmtiles && w->shard_n > 1) {
        free(o->dir);
        return usage("--pmtiles makes one archive of every tile of a layer, "
                     "so it cannot be split with --shard", NULL);
    }
    if (w->no_dir && !w->pmtiles && !w->mbtiles) {
        free(o->dir);
        return usage("--no-dir writes no tile folders, so it needs "
                     "--pmtiles or --mbtiles", NULL);
    }
    w->force = a->force;
    w->measure_rgba = a->measure;
    return -1;
}


static void
print_stats(const vk_web_stats *ws, double read_s, double total_s,
            const tiles_opts *o)
{
    const vk_tiles_stats *s = &ws->tiles;
    size_t rendered = s->metatiles - s->metatiles_skipped;

    fprintf(stderr, "tiles: %zu metatiles (%zu already done), %zu tiles "
            "%s (%zu uniform, %s), %zu empty skipped; "
            "%zu PNG8, %zu truecolour; %.1f s with %d threads",
            s->metatiles, s->metatiles_skipped, s->tiles_written,
            o->web.no_dir ? "stored" : "written", s->tiles_uniform,
            o->web.no_dir ? "shared" : "linked", s->tiles_empty, s->png8,
            s->rgb, total_s, o->web.jobs);
    if (rendered > 0 && total_s > 0)
        fprintf(stderr, ", %.0f tiles/s", s->tiles_written / total_s);
    fprintf(stderr, "\ntiles: reading and classifying %.2f s, projecting "
            "%.2f s, tiling %.2f s", read_s + ws->classify_s, ws->project_s,
            ws->tiling_s);
    if (rendered > 0 && ws->tiling_s > 0)
        fprintf(stderr, " (%.0f tiles/s)", s->tiles_written / ws->tiling_s);
    if (ws->viewer_s >= 0)
        fprintf(stderr, ", viewer %.2f s alongside the tiling\n",
                ws->viewer_s);
    else
        fprintf(stderr, "; the viewer and tiles.json are shard 0's\n");
    fprintf(stderr, "tiles: thread time: %.1f s rasterising and "
            "composing, %.1f s encoding and writing", s->render_s,
            s->encode_s);
    if (o->web.pmtiles)
        fprintf(stderr, "; the PMTiles archives %.2f s at the end",
                s->archive_s);
    fputc('\n', stderr);
    if (s->sample_rgba_bytes > 0)
        fprintf(stderr, "tiles: sampled size, PNG as written / truecolour "
                "PNG: %.3f (%llu / %llu bytes)\n",
                (double)s->sample_png_bytes / (double)s->sample_rgba_bytes,
                (unsigned long long)s->sample_png_bytes,
                (unsigned long long)s->sample_rgba_bytes);
}

static void
on_progress(void *ctx, size_t done, size_t total)
{
    cli_progress_show(ctx, done, total, "metatiles", -1);
}

static int
run(const cli_args *a)
{
    tiles_opts o;
    cli_progress prog;
    vk_run_lock *lock = NULL;
    char part[64];
    vk_mapset_opts mo;
    cli_tables tb;
    vk_mapset *ms;
    vk_web_stats st;
    vk_error err;
    double t0 = vk_now_s(), read_s;
    int rc;

    if ((rc = check_options(a, &o)) >= 0)
        return rc;
    if ((rc = years_option(a, &o)) >= 0) {
        tiles_opts_free(&o);
        return rc;
    }
    /* Shards may write into one folder at once: a lock each. */
    snprintf(part, sizeof part, "shard-%d-of-%d", o.web.shard_i,
             o.web.shard_n);
    if ((rc = cli_run_lock("tiles", o.dir, o.web.shard_n > 1 ? part : NULL,
                           a, &lock)) >= 0) {
        tiles_opts_free(&o);
        return rc;
    }
    cli_progress_init(&prog, "tiles", a->quiet);
    o.web.progress = on_progress;
    o.web.progress_ctx = &prog;
    vk_error_init(&err);
    /* The buurten layer alone: a tile's outlines are drawn where the
     * wijkcode or gemeentecode of neighbouring buurten differ. */
    if ((rc = cli_mapset_opts_realloc("tiles", a, VK_MAPSET_BUURTEN, 0, &mo,
                                      &tb)) >= 0) {
        tiles_opts_free(&o);
        return rc;
    }
    if ((rc = cli_text_options("tiles", a, &mo)) >= 0) {
        cli_tables_free(&tb);
        tiles_opts_free(&o);
        return rc;
    }
    if ((ms = cli_mapset_open(&mo, NULL, &err)) == NULL) {
        vk_run_lock_release(lock);
        tiles_opts_free(&o);
        cli_tables_free(&tb);
        return cli_report("tiles", &err, a->debug);
    }
    read_s = vk_now_s() - t0;
    rc = vk_web_make(ms, &o.web, &st, &err);
    vk_run_lock_release(lock);
    cli_progress_clear(&prog);
    cli_mapset_warnings(ms);
    if (rc == VK_OK)
        print_stats(&st, read_s, vk_now_s() - t0, &o);
    else
        rc = cli_report("tiles", &err, a->debug);
    vk_mapset_destroy(ms);
    cli_tables_free(&tb);
    tiles_opts_free(&o);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    CLI_OPT_TABLES,
    CLI_OPT_TABLE_BOUNDARIES,
    CLI_OPT_STYLES,
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
    {"pmtiles", OPT_FLAG, NULL, "also write DIR/<layer>.pmtiles (PMTiles "
     "v3)", offsetof(cli_args, pmtiles), 0},
    {"no-dir", OPT_FLAG, NULL, "no DIR/<layer>/{z}/{x}/{y}.png: only the "
     "archives (with --pmtiles or --mbtiles)", offsetof(cli_args, no_dir),
     0},
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
    {"basemap", OPT_STR, "URL", "the viewer's background tiles, e.g. "
     "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default none: the "
     "viewer needs no network)", offsetof(cli_args, basemap), 0},
    {"basemap-attribution", OPT_STR, "TEXT", "credit line of --basemap, "
     "e.g. \"© OpenStreetMap\"", offsetof(cli_args, basemap_attribution), 0},
    {"atlas", OPT_STR, "DIR", "an atlas folder (veerkracht atlas --out "
     "DIR): a clicked buurt links to its gemeente's PDF there",
     offsetof(cli_args, atlas), 0},
    CLI_OPT_YEARS("a layer per year of a long table for every style, "
                  "<layer>_<year>, with the same breaks, and the viewer's "
                  "year slider (default: a style's years:)"),
    CLI_OPT_BATCH,
    CLI_OPT_LAYER,
    CLI_OPT_KEYS,
    CLI_OPT_CRS_ASSUME,
    CLI_OPT_LANG,
    CLI_OPT_SOURCE,
    CLI_OPT_END,
};

const cli_command cmd_tiles = {
    "tiles", "web map tiles of every layer (XYZ PNG, MBTiles, TileJSON) "
    "and a viewer",
    "A rerun skips metatiles finished before (with the same inputs and "
    "options) and restores missing tiles; --force redoes everything. "
    "Empty tiles are not written; identical uniform tiles are hard links.",
    OPTS, run};
