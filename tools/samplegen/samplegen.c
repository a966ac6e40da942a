/* SPDX-License-Identifier: MIT */
/* veerkracht-samplegen: writes a deterministic, made-up region of gemeenten,
 * wijken and buurten (GeoPackage, Shapefile) and an indicator table.
 *
 * The pipeline: mesh.c builds the buurt cells with exactly shared, detailed
 * edges and the lake; hierarchy.c groups them into wijken and gemeenten and
 * gives codes, names and inhabitants; this file turns them into feature
 * sets, wijken and gemeenten being GEOSCoverageUnion_r of their buurten
 * (with exactly shared edges it drops the inner ones and keeps every
 * vertex), and writes all files to a temporary directory, then renames them
 * into place. indicators.c writes the table, names.c makes up the names.
 *
 * All randomness comes from xoshiro256** streams seeded from --seed and a
 * purpose, and the GeoPackage timestamps are fixed through
 * OGR_CURRENT_DATE, so two runs give byte-identical files (with the same
 * build and libraries). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "samplegen.h"
#include "vk/source.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define FIXED_DATE "2024-01-01T00:00:00.000Z"

/* Short local names for the generator's types. */
typedef vk_samplegen gen;
typedef vk_samplegen_buurt buurt;
typedef vk_samplegen_wijk wijk;
typedef vk_samplegen_gemeente gemeente;
typedef vk_samplegen_lake lake;
typedef vk_samplegen_xy dbuf;
typedef vk_samplegen_scale scale_def;

/* Helpers */


/* Feature sets */

static void
add_ring(vk_geomset *g, const double *xy, size_t n, int reverse)
{
    for (size_t k = 0; k < n; k++) {
        size_t q = reverse ? n - 1 - k : k;

        vk_geomset_add_point(g, xy[2 * q], xy[2 * q + 1]);
    }
    vk_geomset_end_ring(g);
}

static void
reverse_ring(double *xy, size_t n)
{
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        double tx = xy[2 * i], ty = xy[2 * i + 1];

        xy[2 * i] = xy[2 * j];
        xy[2 * i + 1] = xy[2 * j + 1];
        xy[2 * j] = tx;
        xy[2 * j + 1] = ty;
    }
}

vk_features *
vk_samplegen_new_features(const char *layer)
{
    vk_features *fs = vk_xcalloc(1, sizeof *fs);

    fs->layer = vk_xstrdup(layer);
    fs->crs_wkt = vk_xstrdup("EPSG:28992");
    fs->crs_name = vk_xstrdup("EPSG:28992");
    vk_bbox_reset(&fs->extent);
    return fs;
}

vk_feature *
vk_samplegen_next_feature(vk_features *fs)
{
    vk_feature *f = &fs->f[fs->n];

    memset(f, 0, sizeof *f);
    f->fid = (long)fs->n + 1;
    f->poly_first = fs->g.npolys;
    vk_bbox_reset(&f->bbox);
    fs->n++;
    return f;
}

void
vk_samplegen_finish_feature(vk_features *fs, vk_feature *f)
{
    f->poly_count = fs->g.npolys - f->poly_first;
    if (f->poly_count == 0)
        return;
    for (size_t p = fs->g.ring_off[fs->g.poly_off[f->poly_first]];
         p < fs->g.npts; p++)
        vk_bbox_add(&f->bbox, fs->g.xy[2 * p], fs->g.xy[2 * p + 1]);
    vk_bbox_union(&fs->extent, &f->bbox);
}

/* qsort has no context argument in C11: the generator being sorted. */
static const gen *sort_gen;

/* Buurt indices by buurtcode. */
static int
cmp_code_idx(const void *pa, const void *pb)
{
    return strcmp(sort_gen->b[*(const int *)pa].code,
                  sort_gen->b[*(const int *)pb].code);
}

/* Buurten in code order; order[] receives the buurt index per feature. */
static vk_features *
buurt_features(const gen *G, int *order)
{
    vk_features *fs = vk_samplegen_new_features("buurten");
    const lake *lk = &G->lk;
    dbuf ring = {0};

    for (size_t b = 0; b < G->nb; b++)
        order[b] = (int)b;
    sort_gen = G;
    qsort(order, G->nb, sizeof *order, cmp_code_idx);
    fs->f = vk_xcalloc(G->nb, sizeof *fs->f);
    for (size_t k = 0; k < G->nb; k++) {
        int b = order[k];
        const buurt *p = &G->b[b];
        const wijk *w = &G->w[p->wijk];
        const gemeente *gm = &G->g[w->gemeente];
        vk_feature *f = vk_samplegen_next_feature(fs);

        f->code = vk_xstrdup(p->code);
        f->name = vk_xstrdup(p->name);
        f->wijkcode = vk_xstrdup(w->code);
        f->gemeentecode = vk_xstrdup(gm->code);
        f->gemeentenaam = vk_xstrdup(gm->name);
        f->water = p->kind == VK_SG_WATER || p->kind == VK_SG_LAKE;
        f->inwoners = (double)p->inwoners;

        /* Shell first, then holes; the lake's rings are shared. */
        if (b == lk->self) {
            add_ring(&fs->g, lk->shell.v, lk->shell.n / 2, 0);
            add_ring(&fs->g, lk->island.v, lk->island.n / 2, 1);
            vk_geomset_end_poly(&fs->g);
        } else {
            vk_samplegen_cell_ring(G, p->seed, &ring);
            add_ring(&fs->g, ring.v, ring.n / 2, 0);
            if (b == lk->host)
                add_ring(&fs->g, lk->shell.v, lk->shell.n / 2, 1);
            vk_geomset_end_poly(&fs->g);
            if (b == lk->host) {
                add_ring(&fs->g, lk->island.v, lk->island.n / 2, 0);
                vk_geomset_end_poly(&fs->g);
            }
        }
        vk_samplegen_finish_feature(fs, f);
    }
    free(ring.v);
    return fs;
}

GEOSGeometry *
vk_samplegen_geomset_polygon(GEOSContextHandle_t h, const vk_geomset *g, size_t p)
{
    size_t r0 = g->poly_off[p], r1 = g->poly_off[p + 1];
    GEOSGeometry *holes[8], *shell;
    unsigned nh = 0;

    shell = vk_samplegen_geos_ring(h, &g->xy[2 * g->ring_off[r0]],
                                   g->ring_off[r0 + 1] - g->ring_off[r0], 0);
    for (size_t r = r0 + 1; r < r1 && nh < COUNT(holes); r++)
        holes[nh++] =
            vk_samplegen_geos_ring(h, &g->xy[2 * g->ring_off[r]],
                                   g->ring_off[r + 1] - g->ring_off[r], 0);
    return GEOSGeom_createPolygon_r(h, shell, holes, nh);
}

static void
add_geos_ring(GEOSContextHandle_t h, vk_geomset *g, const GEOSGeometry *ring,
              int shell, dbuf *tmp)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    double a;

    GEOSCoordSeq_getSize_r(h, seq, &n);
    tmp->n = 0;
    for (unsigned k = 0; k < n; k++)
        vk_samplegen_xy_push(tmp, 0, 0);
    GEOSCoordSeq_copyToBuffer_r(h, seq, tmp->v, 0, 0);

    /* Shells counter-clockwise, holes clockwise. */
    a = vk_samplegen_ring_area2(tmp->v, n);
    if ((shell && a < 0) || (!shell && a > 0))
        reverse_ring(tmp->v, n);
    add_ring(g, tmp->v, n, 0);
}

void
vk_samplegen_add_geos(GEOSContextHandle_t h, vk_features *fs,
                      const GEOSGeometry *u)
{
    dbuf tmp = {0};
    int ng, single;

    /* Polygon or MultiPolygon: each part with its holes. */
    single = GEOSGeomTypeId_r(h, u) == GEOS_POLYGON;
    ng = single ? 1 : GEOSGetNumGeometries_r(h, u);
    for (int p = 0; p < ng; p++) {
        const GEOSGeometry *poly = single ? u : GEOSGetGeometryN_r(h, u, p);
        int nh = GEOSGetNumInteriorRings_r(h, poly);

        if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON ||
            GEOSisEmpty_r(h, poly))
            continue;
        add_geos_ring(h, &fs->g, GEOSGetExteriorRing_r(h, poly), 1, &tmp);
        for (int r = 0; r < nh; r++)
            add_geos_ring(h, &fs->g, GEOSGetInteriorRingN_r(h, poly, r), 0,
                          &tmp);
        vk_geomset_end_poly(&fs->g);
    }
    free(tmp.v);
}

/* Adds the coverage union of buurt features sel[0..n) of bf to fs. */
vk_status
vk_samplegen_union_into(const gen *G, const vk_features *bf, const int *sel, size_t n,
           vk_features *fs, vk_error *err)
{
    GEOSContextHandle_t h = G->geos;
    size_t np = 0, k = 0;
    GEOSGeometry **parts, *coll, *u;

    for (size_t i = 0; i < n; i++)
        np += bf->f[sel[i]].poly_count;
    parts = vk_xcalloc(np, sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        const vk_feature *f = &bf->f[sel[i]];

        for (size_t p = 0; p < f->poly_count; p++)
            parts[k++] =
                vk_samplegen_geomset_polygon(h, &bf->g, f->poly_first + p);
    }
    coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
                                       (unsigned)np);
    free(parts);
    u = coll != NULL ? GEOSCoverageUnion_r(h, coll) : NULL;
    GEOSGeom_destroy_r(h, coll);
    if (u == NULL) {
        VK_FAIL(err, VK_EINTERNAL, "GEOS coverage union failed");
        return VK_EINTERNAL;
    }

    vk_samplegen_add_geos(h, fs, u);
    GEOSGeom_destroy_r(h, u);
    return VK_OK;
}

/* Wijken (level 1) or gemeenten (level 2) from the buurt features, which
 * are in code order, so each unit's buurten are consecutive. */
static vk_features *
unit_features(const gen *G, const vk_features *bf, const int *order, int level,
              vk_error *err)
{
    vk_features *fs = vk_samplegen_new_features(level == 1 ? "wijken" : "gemeenten");
    int *sel = vk_xcalloc(bf->n, sizeof *sel);
    size_t start = 0;

    fs->f = vk_xcalloc(bf->n, sizeof *fs->f);
    while (start < bf->n) {
        const char *key =
            level == 1 ? bf->f[start].wijkcode : bf->f[start].gemeentecode;
        const wijk *w = &G->w[G->b[order[start]].wijk];
        const gemeente *gm = &G->g[w->gemeente];
        vk_feature *f = vk_samplegen_next_feature(fs);
        size_t end = start, n = 0;
        double inw = 0;
        int all_water = 1;

        while (end < bf->n && strcmp(level == 1 ? bf->f[end].wijkcode
                                                : bf->f[end].gemeentecode,
                                     key) == 0) {
            sel[n++] = (int)end;
            inw += bf->f[end].inwoners;
            all_water &= bf->f[end].water;
            end++;
        }
        f->code = vk_xstrdup(key);
        f->name = vk_xstrdup(level == 1 ? w->name : gm->name);
        f->gemeentecode = vk_xstrdup(gm->code);
        f->gemeentenaam = vk_xstrdup(gm->name);
        f->water = all_water;
        f->inwoners = inw;
        if (vk_samplegen_union_into(G, bf, sel, n, fs, err) != VK_OK) {
            free(sel);
            vk_features_destroy(fs);
            return NULL;
        }
        vk_samplegen_finish_feature(fs, f);
        start = end;
    }
    free(sel);
    return fs;
}

/* Output */

typedef struct outputs {
    const char *dir;
    char *tmp;
    char *gpkg, *csv, *shp;
    int grid;      /* --grid: also the 100 m grid files */
    size_t ncells; /* cells written */
    double t_grid; /* seconds spent on the grid */
} outputs;

/* The files of --grid (national scale only). */
static const char *const grid_files[] = {
    "nl-grid.gpkg", "nl-grid-indicatoren.csv", "nl-grid-leefbaarometer.csv"};

static char *
join(const char *dir, const char *name)
{
    return vk_xasprintf("%s/%s", dir, name);
}

static const char *const shp_exts[] = {"shp", "shx", "dbf", "prj", "cpg"};

static void
remove_tmp(const gen *G, outputs *o)
{
    char *p;

    if (o->tmp == NULL)
        return;
    p = join(o->tmp, G->sc->gpkg);
    remove(p);
    free(p);
    p = join(o->tmp, G->sc->csv);
    remove(p);
    free(p);
    p = join(o->tmp, G->sc->lbm);
    remove(p);
    free(p);
    for (size_t k = 0; k < COUNT(shp_exts); k++) {
        p = vk_xasprintf("%s/buurten.%s", o->tmp, shp_exts[k]);
        remove(p);
        free(p);
    }
    for (size_t k = 0; k < COUNT(grid_files); k++) {
        p = join(o->tmp, grid_files[k]);
        remove(p);
        free(p);
    }
    rmdir(o->tmp);
}

static vk_status
move_out(const char *tmp_dir, const char *dir, const char *name, vk_error *err)
{
    char *from = join(tmp_dir, name), *to = join(dir, name);
    int bad = rename(from, to) != 0;

    if (bad)
        VK_FAIL_AT(err, VK_EIO, to, 0, "cannot rename %s into place: %s", from,
                   strerror(errno));
    free(from);
    free(to);
    return bad ? VK_EIO : VK_OK;
}

/* The --grid files into o->tmp: cells as buurten with the wijken and
 * gemeenten of fs, and the two tables for the cells. */
static vk_status
write_grid(const gen *G, outputs *o, const vk_features *const fs[3],
           const int *order, vk_error *err)
{
    double t0 = vk_now_s();
    vk_features *cells = NULL;
    vk_samplegen_row *rows = NULL;
    char *gpkg = join(o->tmp, grid_files[0]);
    char *csv = join(o->tmp, grid_files[1]);
    char *lbm = join(o->tmp, grid_files[2]);
    vk_status st;

    st = vk_samplegen_grid(G, fs[0], order, &cells, &rows, NULL, err);
    if (st == VK_OK)
        st = vk_source_write_layer(gpkg, "GPKG", "buurten", cells,
                                   VK_LEVEL_BUURT, err);
    if (st == VK_OK)
        st = vk_source_write_layer(gpkg, "GPKG", "wijken", fs[1],
                                   VK_LEVEL_WIJK, err);
    if (st == VK_OK)
        st = vk_source_write_layer(gpkg, "GPKG", "gemeenten", fs[2],
                                   VK_LEVEL_GEMEENTE, err);
    if (st == VK_OK)
        st = vk_samplegen_write_indicators(csv, rows, cells->n, 0, G->seed,
                                           NULL, err);
    if (st == VK_OK)
        st = vk_samplegen_write_lbm_long(lbm, rows, cells->n, G->seed, err);
    if (cells != NULL)
        o->ncells = cells->n;
    o->t_grid = vk_now_s() - t0;
    free(rows);
    vk_features_destroy(cells);
    free(lbm);
    free(csv);
    free(gpkg);
    return st;
}

static vk_status
write_outputs(gen *G, outputs *o, const vk_features *const fs[3],
              const vk_samplegen_row *rows, const int *order,
              vk_strbuf *report, vk_error *err)
{
    static const char *const layers[3] = {"buurten", "wijken", "gemeenten"};
    char tmpl[4096];
    vk_status st = VK_OK;

    /* Everything goes to a fresh directory next to the targets first. */
    if (mkdir(o->dir, 0777) != 0 && errno != EEXIST) {
        VK_FAIL_AT(err, VK_EIO, o->dir, 0, "cannot create directory: %s",
                   strerror(errno));
        return VK_EIO;
    }
    snprintf(tmpl, sizeof tmpl, "%s/.samplegen.tmp-XXXXXX", o->dir);
    if (mkdtemp(tmpl) == NULL) {
        VK_FAIL_AT(err, VK_EIO, o->dir, 0,
                   "cannot create a temporary directory: %s", strerror(errno));
        return VK_EIO;
    }
    o->tmp = vk_xstrdup(tmpl);
    o->gpkg = join(o->tmp, G->sc->gpkg);
    o->csv = join(o->tmp, G->sc->csv);
    o->shp = join(o->tmp, "buurten.shp");
    for (int l = 0; l < 3 && st == VK_OK; l++)
        st = vk_source_write_layer(o->gpkg, "GPKG", layers[l], fs[l],
                                   (vk_level)l, err);
    if (st == VK_OK && G->sc->shapefile)
        st = vk_source_write_layer(o->shp, "ESRI Shapefile", "buurten", fs[0],
                                   VK_LEVEL_BUURT, err);
    if (st == VK_OK)
        st = vk_samplegen_write_indicators(o->csv, rows, fs[0]->n, G->sc->gaps,
                                           G->seed, report, err);
    if (st == VK_OK) {
        char *lbm = join(o->tmp, G->sc->lbm);

        st = vk_samplegen_write_lbm_long(lbm, rows, fs[0]->n, G->seed, err);
        free(lbm);
    }
    if (st == VK_OK && o->grid)
        st = write_grid(G, o, fs, order, err);

    /* Then rename into place, each file atomically. */
    if (st == VK_OK)
        st = move_out(o->tmp, o->dir, G->sc->gpkg, err);
    for (size_t k = 0; st == VK_OK && G->sc->shapefile && k < COUNT(shp_exts);
         k++) {
        char name[32];

        snprintf(name, sizeof name, "buurten.%s", shp_exts[k]);
        st = move_out(o->tmp, o->dir, name, err);
    }
    if (st == VK_OK)
        st = move_out(o->tmp, o->dir, G->sc->csv, err);
    if (st == VK_OK)
        st = move_out(o->tmp, o->dir, G->sc->lbm, err);
    for (size_t k = 0; st == VK_OK && o->grid && k < COUNT(grid_files); k++)
        st = move_out(o->tmp, o->dir, grid_files[k], err);
    remove_tmp(G, o);
    return st;
}

/* Main */

static void
gen_free(gen *G)
{
    for (size_t k = 0; k < G->ne; k++)
        free(G->e[k].pts);
    for (size_t b = 0; b < G->nb; b++)
        free(G->b[b].name);
    for (size_t k = 0; k < G->nw; k++)
        free(G->w[k].name);
    for (size_t k = 0; k < G->ng; k++) {
        free(G->g[k].name);
        vk_samplegen_names_free(&G->g[k].buurt_names);
        vk_samplegen_names_free(&G->g[k].wijk_names);
    }
    free(G->towns);
    free(G->sx);
    free(G->sy);
    free(G->inside);
    free(G->water);
    free(G->spacing);
    free(G->tv);
    free(G->cc);
    free(G->fan_off);
    free(G->fan);
    free(G->closed);
    free(G->e);
    free(G->ekey);
    free(G->eval);
    free(G->cell_off);
    free(G->ce);
    free(G->b);
    free(G->seed_buurt);
    free(G->w);
    free(G->g);
    free(G->lk.shell.v);
    free(G->lk.island.v);
    if (G->geos != NULL)
        GEOS_finish_r(G->geos);
}

/* The sample's quoted buurtnaam: a land buurt of the second gemeente. */
static void
name_with_semicolon(gen *G, const vk_features *bf, const int *order)
{
    for (size_t k = 0; !G->national && k < bf->n; k++) {
        buurt *p = &G->b[order[k]];

        if (G->w[p->wijk].gemeente == 1 && p->number == 1 &&
            p->kind != VK_SG_WATER && p->kind != VK_SG_LAKE &&
            p->inwoners >= 50) {
            free(p->name);
            p->name = vk_xstrdup("Kerkepad; Hoge Brug");
            free(bf->f[k].name);
            bf->f[k].name = vk_xstrdup(p->name);
            return;
        }
    }
}

static vk_status
generate(gen *G, vk_error *err)
{
    vk_status st;

    if ((st = vk_samplegen_build_mesh(G, err)) != VK_OK ||
        (st = vk_samplegen_group(G, err)) != VK_OK)
        return st;
    vk_samplegen_classify(G);
    vk_samplegen_add_lake(G);
    if ((st = vk_samplegen_add_detail(G, err)) != VK_OK ||
        (st = vk_samplegen_number(G, err)) != VK_OK)
        return st;
    vk_samplegen_name(G);
    vk_samplegen_populate(G);
    return VK_OK;
}

static size_t
npoints_of(const vk_features *fs)
{
    return fs->g.npts;
}

static void
usage(FILE *fp)
{
    fprintf(fp,
            "usage: veerkracht-samplegen --out DIR [--scale sample|national]"
            " [--seed N] [--grid] [--indeling-2014]\n"
            "  --out DIR     directory to write to (created if absent)\n"
            "  --scale S     sample: regio.gpkg, buurten.shp, indicatoren.csv,"
            " leefbaarometer.csv"
            " (default)\n"
            "                national: nl.gpkg, nl-indicatoren.csv,"
            " nl-leefbaarometer.csv\n"
            "  --seed N      random seed (default 1); same seed, same bytes\n"
            "  --grid        national only: also nl-grid.gpkg (100 m cells"
            " over the\n"
            "                populated area as layer buurten, code E1234N4567,"
            " with the\n"
            "                wijken and gemeenten), nl-grid-indicatoren.csv,"
            "\n                nl-grid-leefbaarometer.csv\n"
            "  --indeling-2014  also the buurten of 2014 (split, merged, one\n"
            "                code renamed, a herindeling) and tables on 2014\n"
            "                and 2022 buurten from the 100 m population:\n"
            "                PREFIX-2014.gpkg, PREFIX-indicatoren-2014.csv,\n"
            "                PREFIX-waarheid-2022.csv, PREFIX-100m.gpkg\n"
            "                (PREFIX regio or nl)\n");
}

static int
parse_args(int argc, char **argv, const char **dir, const scale_def **sc,
           uint64_t *seed, int *grid, int *y2014)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--grid") == 0) {
            *grid = 1;
            continue;
        }
        if (strcmp(a, "--indeling-2014") == 0) {
            *y2014 = 1;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "veerkracht-samplegen: %s needs a value\n", a);
            return 0;
        }
        if (strcmp(a, "--out") == 0) {
            *dir = v;
        } else if (strcmp(a, "--scale") == 0) {
            *sc = vk_samplegen_scale_find(v);
            if (*sc == NULL) {
                fprintf(stderr,
                        "veerkracht-samplegen: --scale %s: use "
                        "sample or national\n",
                        v);
                return 0;
            }
        } else if (strcmp(a, "--seed") == 0) {
            char *end;

            errno = 0;
            *seed = strtoull(v, &end, 10);
            if (errno != 0 || *end != '\0' || end == v) {
                fprintf(stderr,
                        "veerkracht-samplegen: --seed %s: not a "
                        "number\n",
                        v);
                return 0;
            }
        } else {
            fprintf(stderr, "veerkracht-samplegen: unknown option %s\n", a);
            return 0;
        }
        i++;
    }
    if (*dir == NULL) {
        fprintf(stderr, "veerkracht-samplegen: --out DIR is required\n");
        return 0;
    }
    if (*grid && !(*sc)->national) {
        fprintf(stderr, "veerkracht-samplegen: --grid needs --scale "
                        "national\n");
        return 0;
    }
    return 1;
}

static void
print_summary(const gen *G, const vk_features *const fs[3], double t_gen,
              double t_all, const vk_strbuf *report)
{
    size_t water = 0, lt50 = 0, zero = 0;

    for (size_t b = 0; b < G->nb; b++) {
        water += G->b[b].kind == VK_SG_WATER || G->b[b].kind == VK_SG_LAKE;
        zero += G->b[b].inwoners == 0 && G->b[b].kind != VK_SG_WATER &&
                G->b[b].kind != VK_SG_LAKE;
        lt50 += G->b[b].inwoners > 0 && G->b[b].inwoners < 50;
    }
    printf("scale %s, seed %llu\n", G->sc->label, (unsigned long long)G->seed);
    printf("gemeenten %zu, wijken %zu, buurten %zu (water %zu, land with 0 "
           "inhabitants %zu, with 1-49 %zu)\n",
           fs[2]->n, fs[1]->n, fs[0]->n, water, zero, lt50);
    printf("vertices: buurten %zu, wijken %zu, gemeenten %zu; cells "
           "straightened %d\n",
           npoints_of(fs[0]), npoints_of(fs[1]), npoints_of(fs[2]), G->repairs);
    if (G->lk.host >= 0)
        printf("lake: %s (water, polygon with a hole) inside %s "
               "(multipolygon: land with a hole, and the island)\n",
               G->b[G->lk.self].code, G->b[G->lk.host].code);
    printf("time: generate %.2f s, total %.2f s\n", t_gen, t_all);
    if (report->len > 0)
        printf("deliberate gaps in the indicator table:\n%s", report->s);
}

int
main(int argc, char **argv)
{
    const char *dir = NULL;
    const scale_def *sc = vk_samplegen_scale_find("sample");
    uint64_t seed = 1;
    gen G = {0};
    vk_error err;
    vk_features *fs[3] = {NULL, NULL, NULL};
    vk_samplegen_row *rows = NULL;
    int *order = NULL;
    outputs o = {0};
    vk_strbuf report = {0};
    int y2014 = 0;
    double t0 = vk_now_s(), t_gen;
    vk_status st;
    char msg[1400];

    if (!parse_args(argc, argv, &dir, &sc, &seed, &o.grid, &y2014)) {
        usage(stderr);
        return 2;
    }
    /* Fixed GeoPackage timestamps (read by GDAL from the environment). */
    setenv("OGR_CURRENT_DATE", FIXED_DATE, 1);
    vk_error_init(&err);
    G.sc = sc;
    G.national = sc->national;
    G.seed = seed;
    G.geos = GEOS_init_r();
    G.lk.host = G.lk.self = -1;

    /* Geometry, hierarchy and attributes. */
    st = generate(&G, &err);
    if (st == VK_OK) {
        order = vk_xcalloc(G.nb, sizeof *order);
        fs[0] = buurt_features(&G, order);
        name_with_semicolon(&G, fs[0], order);
        fs[1] = unit_features(&G, fs[0], order, 1, &err);
        fs[2] = fs[1] != NULL ? unit_features(&G, fs[0], order, 2, &err) : NULL;
        st = fs[2] != NULL ? VK_OK : err.code;
    }
    t_gen = vk_now_s() - t0;

    /* Indicator rows in buurtcode order, then all files. */
    if (st == VK_OK) {
        rows = vk_xcalloc(G.nb, sizeof *rows);
        for (size_t k = 0; k < G.nb; k++) {
            const buurt *p = &G.b[order[k]];

            rows[k] = (vk_samplegen_row){p->code,
                                         p->name,
                                         p->kind == VK_SG_WATER ||
                                             p->kind == VK_SG_LAKE,
                                         p->kind == VK_SG_INDUSTRY,
                                         p->inwoners,
                                         p->x,
                                         p->y,
                                         p->urban,
                                         p->ring};
        }
        o.dir = dir;
        st = write_outputs(&G, &o, (const vk_features *const *)fs, rows,
                           order, &report, &err);
    }
    if (st == VK_OK) {
        char *wg = vk_xasprintf("%s/%s", dir, G.national
                                                  ? "nl-werkgebieden.csv"
                                                  : "werkgebieden.csv");
        st = vk_samplegen_write_werkgebieden((const vk_features *const *)fs,
                                             wg, &err);
        free(wg);
    }
    if (st == VK_OK && y2014)
        st = vk_samplegen_write_2014(&G, fs[0], rows, order, dir,
                                     G.national ? "nl" : "regio", &err);
    if (st == VK_OK)
        print_summary(&G, (const vk_features *const *)fs, t_gen, vk_now_s() - t0,
                      &report);
    if (st == VK_OK && o.grid)
        printf("grid: %zu populated 100 m cells in %s, %.2f s\n", o.ncells,
               grid_files[0], o.t_grid);
    else if (st != VK_OK)
        fprintf(stderr, "veerkracht-samplegen: %s\n",
                vk_error_format(&err, msg, sizeof msg));

    free(o.tmp);
    free(o.gpkg);
    free(o.csv);
    free(o.shp);
    vk_strbuf_free(&report);
    free(rows);
    free(order);
    for (int l = 0; l < 3; l++)
        vk_features_destroy(fs[l]);
    gen_free(&G);
    return st == VK_OK ? 0 : st == VK_EINTERNAL ? 3 : 1;
}
