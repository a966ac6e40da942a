/* SPDX-License-Identifier: MIT */
/* The web outputs in one run: tiles of every layer, the viewer alongside,
 * TileJSON. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk/geo.h"
#include "vk/viewer.h"
#include "vk/web.h"
#include "vk/writers.h"

/* zlib level of the tiles: on the national z12 tiles (9 layers) level 3
 * took 28% less encoding time than zlib's default 6 for 11% more bytes;
 * level 1 saved 4% more time for 7% more bytes (docs/tiles.md). */
#define ZLEVEL 3

/* Everything made from the map set, freed by web_free: a tile layer per
 * style, or per year of a style that names years (--years or its own). */
typedef struct web {
    size_t nlayers;       /* map layers (the buurt IDs come after them) */
    vk_paint **paint;
    char **legend_json, **mb_json, **id, **name;
    vk_tilestyle *tstyle;
    vk_tiles_layer *ly;   /* nlayers + 1: and the buurt IDs */
    vk_viewer_layer *vl;
    vk_tilegeom *geom;
} web;

static void
web_free(web *w)
{
    vk_tilegeom_destroy(w->geom);
    for (size_t i = 0; i < w->nlayers; i++) {
        vk_tilestyle_free(&w->tstyle[i]);
        free(w->legend_json[i]);
        free(w->mb_json[i]);
        free(w->id[i]);
        free(w->name[i]);
        vk_paint_destroy(w->paint[i]);
    }
    free(w->paint);
    free(w->legend_json);
    free(w->mb_json);
    free(w->id);
    free(w->name);
    free(w->tstyle);
    free(w->ly);
    free(w->vl);
}

/* The years style i is tiled for: o's, else the style's own (none: one
 * layer). */
static size_t
years_of(const vk_mapset *ms, size_t i, const vk_web_opts *o,
         const char *const **years)
{
    const vk_style *st = vk_mapset_style(ms, i);

    *years = o->nyears > 0 ? o->years : (const char *const *)st->years;
    return o->nyears > 0 ? o->nyears : st->nyears;
}

/* Room for every layer the styles give. */
static void
web_alloc(web *w, const vk_mapset *ms, const vk_web_opts *o)
{
    size_t n = 0;

    for (size_t i = 0; i < vk_mapset_nstyles(ms); i++) {
        const char *const *years;
        size_t ny = years_of(ms, i, o, &years);

        n += ny > 0 ? ny : 1;
    }
    w->paint = vk_xcalloc(n + 1, sizeof *w->paint);
    w->legend_json = vk_xcalloc(n + 1, sizeof *w->legend_json);
    w->mb_json = vk_xcalloc(n + 1, sizeof *w->mb_json);
    w->id = vk_xcalloc(n + 1, sizeof *w->id);
    w->name = vk_xcalloc(n + 1, sizeof *w->name);
    w->tstyle = vk_xcalloc(n + 1, sizeof *w->tstyle);
    w->ly = vk_xcalloc(n + 1, sizeof *w->ly);
    w->vl = vk_xcalloc(n + 1, sizeof *w->vl);
}

/* Paint p as the next layer: id (owned from here), in group (the style's
 * layer id) when it is a year of a layer. */
static vk_status
add_layer(web *w, vk_paint *p, char *id, const char *group, size_t n,
          vk_error *err)
{
    size_t k = w->nlayers++;

    w->paint[k] = p;
    w->id[k] = id;
    w->name[k] = p->year != NULL ? vk_xasprintf("%s %s", p->style->title,
                                                p->year)
                                 : vk_xstrdup(p->style->title);
    if (vk_tilestyle_make(&w->tstyle[k], p->fill, p->hatch, n, err) != VK_OK)
        return err->code;
    w->legend_json[k] = vk_viewer_legend_json(p->legend);
    w->mb_json[k] = vk_xasprintf("{\"legend\":%s}", w->legend_json[k]);
    w->ly[k] = (vk_tiles_layer){w->id[k],       &w->tstyle[k],
                                w->name[k],     p->style->subtitle,
                                p->style->source, w->mb_json[k],
                                0};
    w->vl[k] = (vk_viewer_layer){p->style, p->layer, p->legend, w->id[k],
                                 group, p->year};
    return VK_OK;
}

/* Each style over all buurten (breaks per gemeente make no sense for one
 * seamless map), its tile colours and legend; a style of several years a
 * layer per year, <id>_<year>, with the same breaks. */
static vk_status
make_layers(vk_mapset *ms, const vk_web_opts *o, web *w, vk_error *err)
{
    const vk_features *bu = vk_mapset_boundaries(ms)->buurten;

    web_alloc(w, ms, o);
    for (size_t i = 0; i < vk_mapset_nstyles(ms); i++) {
        const char *id = vk_mapset_layer_id(ms, i);
        const char *const *years;
        size_t ny = years_of(ms, i, o, &years);
        vk_paint *p[VK_STYLE_MAX_YEARS];

        if (ny == 0) {
            if ((p[0] = vk_mapset_paint(ms, i, VK_SCOPE_ALL, NULL, err)) ==
                    NULL ||
                add_layer(w, p[0], vk_xstrdup(id), NULL, bu->n, err) != VK_OK)
                return err->code;
            continue;
        }
        if (vk_mapset_paint_years(ms, i, years, ny, VK_SCOPE_ALL, NULL, p,
                                  err) != VK_OK)
            return err->code;
        for (size_t y = 0; y < ny; y++) {
            if (add_layer(w, p[y], vk_xasprintf("%s_%s", id, years[y]), id,
                          bu->n, err) != VK_OK) {
                /* The paints not yet the web's. */
                for (size_t z = y + 1; z < ny; z++)
                    vk_paint_destroy(p[z]);
                return err->code;
            }
        }
    }
    /* The viewer's hover and click data, tiled with the maps. */
    w->ly[w->nlayers] = (vk_tiles_layer){VK_VIEWER_IDS_LAYER, NULL,
                                         "buurt IDs", NULL, NULL, NULL, 1};
    return VK_OK;
}

/* What the tiles depend on besides the zoom range, bbox and shard: the
 * map set's inputs and the tile options. */
static void
settings_key(const vk_mapset *ms, const vk_web_opts *o, char key[17])
{
    vk_digest d;

    vk_digest_init(&d, "veerkracht tiles 3");
    vk_mapset_digest(ms, &d);
    vk_digest_int(&d, o->tile_size);
    vk_digest_int(&d, o->scale);
    vk_digest_int(&d, o->tms);
    /* Said only when given, so that a digest without them is as before. */
    for (size_t i = 0; i < o->nyears; i++)
        vk_digest_str(&d, o->years[i]);
    vk_digest_hex(&d, key);
}

/* The data in Web Mercator, cut to the bbox. */
static vk_bbox
region_of(const vk_tilegeom *g, const vk_web_opts *o)
{
    vk_bbox r = *vk_tilegeom_extent(g);

    if (o->have_bbox) {
        vk_bbox b;

        vk_merc_from_lonlat(o->bbox_lonlat.minx, o->bbox_lonlat.miny, &b.minx,
                            &b.miny);
        vk_merc_from_lonlat(o->bbox_lonlat.maxx, o->bbox_lonlat.maxy, &b.maxx,
                            &b.maxy);
        r.minx = r.minx > b.minx ? r.minx : b.minx;
        r.miny = r.miny > b.miny ? r.miny : b.miny;
        r.maxx = r.maxx < b.maxx ? r.maxx : b.maxx;
        r.maxy = r.maxy < b.maxy ? r.maxy : b.maxy;
    }
    return r;
}

/* 1,234,567: a tile count in English digits (the CLI's language), by the
 * one number format (vk_format_number). */
static char *
group(uint64_t v, char *buf, size_t size)
{
    return vk_format_number(VK_LANG_EN, (double)v, 0, buf, size);
}

/* Refuses a range of more than VK_WEB_MAX_TILES tiles, saying how to
 * narrow it. */
static vk_status
check_count(const vk_bbox *region, const vk_web_opts *o, vk_error *err)
{
    uint64_t n = vk_tile_count(region, o->minzoom, o->maxzoom);
    char b1[32], b2[32], zooms[32];
    int z = o->maxzoom;

    if (n <= VK_WEB_MAX_TILES)
        return VK_OK;
    while (z > o->minzoom &&
           vk_tile_count(region, o->minzoom, z) > VK_WEB_MAX_TILES)
        z--;
    if (o->minzoom == o->maxzoom)
        snprintf(zooms, sizeof zooms, "%d", o->minzoom);
    else
        snprintf(zooms, sizeof zooms, "%d-%d", o->minzoom, o->maxzoom);
    VK_FAIL(err, VK_EUSAGE,
            "--zoom %s over %s is %s tiles, more than the "
            "limit of %s",
            zooms, o->have_bbox ? "--bbox" : "the data",
            group(n, b1, sizeof b1), group(VK_WEB_MAX_TILES, b2, sizeof b2));
    if (vk_tile_count(region, o->minzoom, z) <= VK_WEB_MAX_TILES)
        vk_error_hint(err,
                      "narrow --zoom (e.g. --zoom %d-%d: %s tiles) or "
                      "tile a part with --bbox minlon,minlat,maxlon,maxlat",
                      o->minzoom, z,
                      group(vk_tile_count(region, o->minzoom, z), b1,
                            sizeof b1));
    else
        vk_error_hint(err, "narrow --zoom or tile a part with --bbox "
                           "minlon,minlat,maxlon,maxlat");
    return VK_EUSAGE;
}

/* The viewer, written by its own thread while the tiles are made: it
 * only reads the buurten and the layers, and writes files of its own
 * (index.html, leaflet/, layers.json, buurten.json, search.json,
 * <layer>/values.json),
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

static void *
viewer_thread(void *arg)
{
    viewer_task *v = arg;
    double t0 = vk_now_s();

    vk_viewer_write(v->dir, v->buurten, v->layers, v->n, &v->opts, &v->err);
    v->seconds = vk_now_s() - t0;
    return NULL;
}

/* Tiles while the viewer is written alongside; then the TileJSON. */
static vk_status
tile_and_view(vk_mapset *ms, web *w, const vk_web_opts *o,
              const vk_bbox *region, vk_web_stats *st, vk_error *err)
{
    const vk_features *bu = vk_mapset_boundaries(ms)->buurten;
    viewer_task vt;
    pthread_t vth;
    vk_tiles_job job;
    int viewer, vstarted;
    char key[17];
    double t1;
    vk_status rc;
    vk_bbox ll;

    vt = (viewer_task){o->dir,
                       bu,
                       w->vl,
                       w->nlayers,
                       {.minzoom = o->minzoom,
                        .maxzoom = o->maxzoom,
                        .tile_size = o->tile_size,
                        .scale = o->scale,
                        .tms = o->tms,
                        .basemap = o->basemap,
                        .basemap_attribution = o->basemap_attribution,
                        .atlas_dir = o->atlas_dir,
                        .pmtiles = o->pmtiles,
                        .no_dir = o->no_dir},
                       {0},
                       0};
    vk_error_init(&vt.err);
    vk_merc_to_lonlat(region->minx, region->miny, &vt.opts.bounds.minx,
                      &vt.opts.bounds.miny);
    vk_merc_to_lonlat(region->maxx, region->maxy, &vt.opts.bounds.maxx,
                      &vt.opts.bounds.maxy);
    /* Buurten across the antimeridian: east of west, past 180 degrees, so
     * the viewer centres on them rather than on the other side of the
     * world. */
    if (!o->have_bbox && vk_geo_lonlat_extent(bu, &ll) && ll.maxx > 180) {
        vt.opts.bounds.minx = ll.minx;
        vt.opts.bounds.maxx = ll.maxx;
    }
    /* The viewer and tiles.json are written by one shard only (0): the
     * same files from several machines into a shared folder would race,
     * and each writer clears what a killed run of it left. Without a
     * thread the viewer is written after the tiles. */
    viewer = o->shard_i == 0;
    vstarted = viewer && pthread_create(&vth, NULL, viewer_thread, &vt) == 0;

    settings_key(ms, o, key);
    t1 = vk_now_s();
    job = (vk_tiles_job){.dir = o->dir,
                         .geom = w->geom,
                         .layers = w->ly,
                         .nlayers = w->nlayers + 1,
                         .minzoom = o->minzoom,
                         .maxzoom = o->maxzoom,
                         .tile_size = o->tile_size,
                         .scale = o->scale,
                         .tms = o->tms,
                         .mbtiles = o->mbtiles,
                         .pmtiles = o->pmtiles,
                         .no_dir = o->no_dir,
                         .progress = o->progress,
                         .progress_ctx = o->progress_ctx,
                         .force = o->force,
                         .jobs = o->jobs,
                         .shard_i = o->shard_i,
                         .shard_n = o->shard_n,
                         .region = *region,
                         .settings_key = key,
                         .zlevel = ZLEVEL,
                         .measure_rgba = o->measure_rgba};
    rc = vk_tiles_run(&job, &st->tiles, err);
    st->tiling_s = vk_now_s() - t1;
    if (vstarted)
        pthread_join(vth, NULL);
    else if (viewer)
        viewer_thread(&vt);
    st->viewer_s = viewer ? vt.seconds : -1;
    if (rc != VK_OK)
        return rc;
    if (vt.err.code != VK_OK) {
        *err = vt.err;
        return err->code;
    }
    /* TileJSON names the pyramid: none without one (the archives carry
     * the same in their metadata). */
    for (size_t i = 0; viewer && !o->no_dir && i < w->nlayers; i++)
        if (vk_viewer_write_tilejson(o->dir, &w->vl[i], &vt.opts,
                                     w->legend_json[i], err) != VK_OK)
            return err->code;
    return VK_OK;
}

vk_status
vk_web_make(vk_mapset *ms, const vk_web_opts *o, vk_web_stats *st,
            vk_error *err)
{
    double t0 = vk_now_s();
    vk_bbox region;
    web w;

    memset(&w, 0, sizeof w);
    memset(st, 0, sizeof *st);
    st->viewer_s = -1;
    if (make_layers(ms, o, &w, err) != VK_OK)
        goto done;
    st->classify_s = vk_now_s() - t0;

    /* Projected once for every zoom and layer. */
    if (vk_mapset_to_crs(ms, "EPSG:3857", err) != VK_OK ||
        (w.geom = vk_tilegeom_create(vk_mapset_boundaries(ms)->buurten, err)) ==
            NULL ||
        vk_tilegeom_check_zoom(w.geom, o->maxzoom, o->tile_size * o->scale,
                               err) != VK_OK)
        goto done;
    st->project_s = vk_now_s() - t0 - st->classify_s;
    region = region_of(w.geom, o);
    if (vk_bbox_empty(&region)) {
        char box[128];

        snprintf(box, sizeof box, "%g,%g,%g,%g", o->bbox_lonlat.minx,
                 o->bbox_lonlat.miny, o->bbox_lonlat.maxx, o->bbox_lonlat.maxy);
        VK_FAIL(err, VK_EUSAGE, "--bbox %s does not meet the data", box);
        goto done;
    }
    if (check_count(&region, o, err) == VK_OK &&
        vk_make_dirs(o->dir, err) == VK_OK)
        tile_and_view(ms, &w, o, &region, st, err);

done:
    web_free(&w);
    return err->code;
}
