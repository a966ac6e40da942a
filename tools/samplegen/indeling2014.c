/* SPDX-License-Identifier: MIT */
/* The region's buurten of 2014 (--indeling-2014), to test reallocation
 * between CBS indelingen against a known truth.
 *
 * The 2014 indeling is made from the 2022 buurten, wijk by wijk in code
 * order (w counts the wijken of the whole region):
 *  - w % 3 == 0: the wijk's first two land buurten, when they share an
 *    edge, were one buurt in 2014 (split since): their coverage union,
 *    under the first one's code;
 *  - w % 3 == 1: the wijk's most populated land buurt at least 400 m wide
 *    was two in 2014 (merged since): cut by the vertical grid line
 *    (x a multiple of 100 m, never through a cell centre) nearest its
 *    middle, the west part under its code, the east part under buurt
 *    number 90 and the name with " Oost";
 *  - w % 150 == 2: the wijk's first buurt had another code in 2014 (buurt
 *    number 89): renamed, the same geometry;
 *  - gemeente g % 25 == 0 with at least 4 wijken: its second half of wijken
 *    was a gemeente of its own in 2014 (a herindeling since), with code
 *    number + 1000 (the next free one) and the name with "-Oost"; those
 *    buurten carry its codes (wijken numbered from 00).
 * Water buurten stay as they are.
 *
 * The truth: the 100 m population of grid.c (every inhabitant of the 2022
 * buurten in one cell, by the cell's centre), each cell with the 2014
 * values of its 2022 buurt (kwetsbaar_pct_2014 and onv_2014 of the
 * sample's tables, indicators.c): its vulnerable inhabitants (a whole
 * number per cell) and its nuisance. The tables, on 2014 and on 2022
 * buurten, sum the cells by centre (onv weighted by inhabitants); so does
 * reallocation with the cells as --population. Files: <prefix>-2014.gpkg
 * (buurten), <prefix>-indicatoren-2014.csv (aantal_inwoners,
 * aantal_kwetsbaar_2014, kwetsbaar_pct_2014), <prefix>-leefbaarometer-
 * 2014.csv (bu_code,jaar,onv), <prefix>-waarheid-2022.csv (the first on
 * the 2022 buurten) and <prefix>-100m.gpkg (the cells with
 * aantal_inwoners), written under a temporary name and renamed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"
#include "vk/writers.h"

/* A 2014 buurt: 2022 features (their union), or the part of one on one
 * side of a cut. */
typedef struct b14 {
    char code[24], wijkcode[24], gmcode[24];
    char *name;          /* owned */
    const char *gmname;  /* borrowed, or the new gemeente's */
    int first, second;   /* 2022 features; second -1: only first */
    int side;            /* 0: whole; 1: west of cut_x; 2: east */
    double cut_x;
    int water;
} b14;

typedef struct made {
    b14 *b;
    size_t n;
    int *of22;       /* 2014 buurt of each 2022 feature (the west part) */
    int *east_of22;  /* the east part of a cut 2022 feature, else -1 */
    char newgm_name[256];
} made;

static int
is_land(const vk_feature *f)
{
    return !f->water;
}

static int
touching(GEOSContextHandle_t h, const vk_features *bu, int a, int b)
{
    GEOSGeometry *ga = vk_samplegen_geomset_polygon(h, &bu->g,
                                                    bu->f[a].poly_first);
    GEOSGeometry *gb = vk_samplegen_geomset_polygon(h, &bu->g,
                                                    bu->f[b].poly_first);
    int t = ga && gb && GEOSTouches_r(h, ga, gb) == 1;

    GEOSGeom_destroy_r(h, ga);
    GEOSGeom_destroy_r(h, gb);
    return t;
}

/* The codes of 2022 feature k in 2014 (before renaming within the wijk):
 * the herindeling's when its wijk went to the new gemeente. */
static void
codes_2014(const vk_feature *f, int newgm, int wijk_shift, b14 *o)
{
    if (newgm < 0) {
        snprintf(o->code, sizeof o->code, "%s", f->code);
        snprintf(o->wijkcode, sizeof o->wijkcode, "%s", f->wijkcode);
        snprintf(o->gmcode, sizeof o->gmcode, "%s", f->gemeentecode);
        return;
    }
    /* BU gggg ww bb: the new gemeente, the wijk renumbered. */
    snprintf(o->wijkcode, sizeof o->wijkcode, "WK%04d%02d", newgm,
             atoi(f->wijkcode + 6) - wijk_shift);
    snprintf(o->code, sizeof o->code, "BU%04d%02d%s", newgm,
             atoi(f->wijkcode + 6) - wijk_shift, f->code + 8);
    snprintf(o->gmcode, sizeof o->gmcode, "GM%04d", newgm);
}

static int
gm_used(const vk_samplegen *G, int number)
{
    for (size_t g = 0; g < G->ng; g++)
        if (G->g[g].number == number)
            return 1;
    return 0;
}

static b14 *
add_b14(made *m, const vk_feature *f, int k, int newgm, int shift,
        const char *gmname)
{
    b14 *o = &m->b[m->n++];

    memset(o, 0, sizeof *o);
    codes_2014(f, newgm, shift, o);
    o->name = vk_xstrdup(f->name);
    o->gmname = gmname;
    o->first = k;
    o->second = -1;
    o->water = f->water;
    return o;
}

/* One wijk, features [s, e) of bu, number w in the region. */
static void
make_wijk(const vk_samplegen *G, const vk_features *bu, size_t s, size_t e,
          size_t w, int newgm, int shift, const char *gmname, made *m)
{
    int a = -1, b = -1, big = -1, merge = 0;
    size_t base = m->n;

    for (size_t k = s; k < e; k++)
        if (is_land(&bu->f[k])) {
            if (a < 0)
                a = (int)k;
            else if (b < 0)
                b = (int)k;
            if (bu->f[k].bbox.maxx - bu->f[k].bbox.minx >= 400 &&
                bu->f[k].poly_count == 1 &&
                (big < 0 || bu->f[k].inwoners > bu->f[big].inwoners))
                big = (int)k;
        }
    if (w % 3 == 0 && a >= 0 && b >= 0 &&
        bu->f[a].poly_count == 1 && bu->f[b].poly_count == 1 &&
        touching(G->geos, bu, a, b))
        merge = 1;
    for (size_t k = s; k < e; k++) {
        const vk_feature *f = &bu->f[k];
        b14 *o;

        if (merge && (int)k == b) {
            m->b[m->of22[a]].second = b;
            m->of22[k] = m->of22[a];
            continue;
        }
        m->of22[k] = (int)m->n;
        o = add_b14(m, f, (int)k, newgm, shift, gmname);
        if (w % 3 == 1 && (int)k == big) {
            double mid = 0.5 * (f->bbox.minx + f->bbox.maxx);
            b14 *east;

            o->side = 1;
            o->cut_x = 100.0 * round(mid / 100.0);
            m->east_of22[k] = (int)m->n;
            east = add_b14(m, f, (int)k, newgm, shift, gmname);
            east->side = 2;
            east->cut_x = o->cut_x;
            memcpy(east->code + 8, "90", 3);
            free(east->name);
            east->name = vk_xasprintf("%s Oost", f->name);
        }
    }
    if (w % 150 == 2 && m->n > base)
        memcpy(m->b[base].code + 8, "89", 3);
}

static void
make_indeling(const vk_samplegen *G, const vk_features *bu, made *m)
{
    size_t w = 0, g = 0, s = 0;

    m->b = vk_xcalloc(2 * bu->n + 1, sizeof *m->b);
    m->of22 = vk_xcalloc(bu->n + 1, sizeof *m->of22);
    m->east_of22 = vk_xcalloc(bu->n + 1, sizeof *m->east_of22);
    for (size_t k = 0; k < bu->n; k++)
        m->east_of22[k] = -1;
    while (s < bu->n) {
        const char *gm = bu->f[s].gemeentecode;
        size_t e = s, nw = 0, wi = 0;
        int newgm = -1;

        while (e < bu->n && strcmp(bu->f[e].gemeentecode, gm) == 0) {
            nw += e == s || strcmp(bu->f[e].wijkcode,
                                   bu->f[e - 1].wijkcode) != 0;
            e++;
        }
        if (g % 25 == 0 && nw >= 4) {
            int number = atoi(gm + 2) + 1000;

            while (number > 9999 || gm_used(G, number))
                number = number > 9999 ? 1 : number + 1;
            newgm = number;
            snprintf(m->newgm_name, sizeof m->newgm_name, "%s-Oost",
                     bu->f[s].gemeentenaam);
        }
        for (size_t a = s; a < e;) {
            size_t b = a;
            int second = newgm >= 0 && wi >= nw / 2;

            while (b < e && strcmp(bu->f[b].wijkcode, bu->f[a].wijkcode) == 0)
                b++;
            make_wijk(G, bu, a, b, w, second ? newgm : -1,
                      second ? atoi(bu->f[a].wijkcode + 6) - (int)wi +
                                   (int)(nw / 2)
                             : 0,
                      second ? m->newgm_name : bu->f[a].gemeentenaam, m);
            a = b;
            w++;
            wi++;
        }
        s = e;
        g++;
    }
}

/* The features of the 2014 buurten. */
static vk_features *
features_2014(const vk_samplegen *G, const vk_features *bu, const made *m,
              vk_error *err)
{
    GEOSContextHandle_t h = G->geos;
    vk_features *fs = vk_samplegen_new_features("buurten");

    fs->f = vk_xcalloc(m->n + 1, sizeof *fs->f);
    for (size_t i = 0; i < m->n; i++) {
        const b14 *o = &m->b[i];
        vk_feature *f = vk_samplegen_next_feature(fs);
        int sel[2] = {o->first, o->second};

        f->code = vk_xstrdup(o->code);
        f->name = vk_xstrdup(o->name);
        f->wijkcode = vk_xstrdup(o->wijkcode);
        f->gemeentecode = vk_xstrdup(o->gmcode);
        f->gemeentenaam = vk_xstrdup(o->gmname);
        f->water = o->water;
        f->inwoners = NAN;
        if (o->side == 0) {
            if (vk_samplegen_union_into(G, bu, sel, o->second >= 0 ? 2 : 1,
                                        fs, err) != VK_OK) {
                vk_features_destroy(fs);
                return NULL;
            }
        } else {
            const vk_feature *src = &bu->f[o->first];
            GEOSGeometry *g = vk_samplegen_geomset_polygon(
                h, &bu->g, src->poly_first);
            GEOSGeometry *box = GEOSGeom_createRectangle_r(
                h, src->bbox.minx - 1, src->bbox.miny - 1, o->cut_x,
                src->bbox.maxy + 1);
            GEOSGeometry *west = GEOSIntersection_r(h, g, box), *part;

            /* The east part is what the west leaves: one cut line. */
            part = o->side == 1 ? west : GEOSDifference_r(h, g, west);
            if (part == NULL) {
                VK_FAIL(err, VK_EINTERNAL, "GEOS cannot cut buurt %s",
                        src->code);
                vk_features_destroy(fs);
                return NULL;
            }
            vk_samplegen_add_geos(h, fs, part);
            if (part != west)
                GEOSGeom_destroy_r(h, part);
            GEOSGeom_destroy_r(h, west);
            GEOSGeom_destroy_r(h, box);
            GEOSGeom_destroy_r(h, g);
        }
        vk_samplegen_finish_feature(fs, f);
    }
    return fs;
}

typedef struct tally {
    long inw, kw;  /* inhabitants, vulnerable ones */
    double onv;    /* inhabitants times onv_2014 */
} tally;

/* A table on the land buurten of fs: code, name, inhabitants, vulnerable
 * ones and their share, as the sample's indicator table is written (BOM,
 * CRLF, ';', decimal comma). */
static vk_status
write_table(const char *path, const vk_features *fs, const tally *t,
            vk_error *err)
{
    vk_strbuf sb = {0};
    vk_status st;

    vk_strbuf_append(&sb, "\xEF\xBB\xBF" "buurtcode;buurtnaam;"
                     "aantal_inwoners;aantal_kwetsbaar_2014;"
                     "kwetsbaar_pct_2014\r\n");
    for (size_t i = 0; i < fs->n; i++) {
        const char *q = strchr(fs->f[i].name, ';') ? "\"" : "";

        if (fs->f[i].water)
            continue;
        vk_strbuf_appendf(&sb, "%s;%s%s%s;%ld;%ld;", fs->f[i].code, q,
                          fs->f[i].name, q, t[i].inw, t[i].kw);
        if (t[i].inw > 0) {
            long pm = lround(1000.0 * (double)t[i].kw / (double)t[i].inw);

            vk_strbuf_appendf(&sb, "%ld,%ld\r\n", pm / 10, pm % 10);
        } else {
            vk_strbuf_append(&sb, ".\r\n");
        }
    }
    st = vk_write_file(path, sb.s, sb.len, 0, err);
    vk_strbuf_free(&sb);
    return st;
}

/* The Leefbaarometer of 2014 on the 2014 buurten: bu_code,jaar,onv as the
 * open data has it, for buurten of 50 inhabitants or more. */
static vk_status
write_lbm(const char *path, const vk_features *fs, const tally *t,
          vk_error *err)
{
    vk_strbuf sb = {0};
    vk_status st;

    vk_strbuf_append(&sb, "bu_code,jaar,onv\n");
    for (size_t i = 0; i < fs->n; i++) {
        long v;

        if (fs->f[i].water || t[i].inw < 50)
            continue;
        v = lround(1000.0 * t[i].onv / (double)t[i].inw);
        vk_strbuf_appendf(&sb, "%s,2014,%s%ld.%03ld\n", fs->f[i].code,
                          v < 0 ? "-" : "", labs(v) / 1000, labs(v) % 1000);
    }
    st = vk_write_file(path, sb.s, sb.len, 0, err);
    vk_strbuf_free(&sb);
    return st;
}

vk_status
vk_samplegen_write_2014(const vk_samplegen *G, const vk_features *bu,
                        const vk_samplegen_row *rows22, const int *order,
                        const char *dir, const char *prefix, vk_error *err)
{
    made m = {0};
    vk_features *b14s = NULL, *cells = NULL;
    vk_samplegen_row *rows = NULL;
    int *owner = NULL;
    tally *t14 = NULL, *t22 = NULL;
    char *gpkg = vk_xasprintf("%s/%s-2014.gpkg", dir, prefix);
    char *grid = vk_xasprintf("%s/%s-100m.gpkg", dir, prefix);
    char *tmp_gpkg = vk_xasprintf("%s/.%s-2014.tmp.gpkg", dir, prefix);
    char *tmp_grid = vk_xasprintf("%s/.%s-100m.tmp.gpkg", dir, prefix);
    char *csv14 = vk_xasprintf("%s/%s-indicatoren-2014.csv", dir, prefix);
    char *csv22 = vk_xasprintf("%s/%s-waarheid-2022.csv", dir, prefix);
    char *lbm14 = vk_xasprintf("%s/%s-leefbaarometer-2014.csv", dir, prefix);
    double *onv14 = vk_xcalloc(bu->n + 1, sizeof *onv14);
    double *kw14 = vk_xcalloc(bu->n + 1, sizeof *kw14);
    vk_status st;

    for (size_t k = 0; k < bu->n; k++)
        vk_samplegen_values_2014(&rows22[k], G->seed, &onv14[k], &kw14[k]);

    make_indeling(G, bu, &m);
    b14s = features_2014(G, bu, &m, err);
    st = b14s ? vk_samplegen_grid(G, bu, order, &cells, &rows, &owner, err)
              : err->code;
    if (st == VK_OK) {
        t14 = vk_xcalloc(m.n + 1, sizeof *t14);
        t22 = vk_xcalloc(bu->n + 1, sizeof *t22);
        for (size_t c = 0; c < cells->n; c++) {
            double cx = 0.5 * (cells->f[c].bbox.minx + cells->f[c].bbox.maxx);
            long inw = lround(cells->f[c].inwoners);
            int k = owner[c];
            long kw = lround((double)inw * kw14[k] / 100.0);
            int i = m.east_of22[k] >= 0 && cx > m.b[m.of22[k]].cut_x
                        ? m.east_of22[k] : m.of22[k];

            t22[k].inw += inw;
            t22[k].kw += kw;
            t14[i].inw += inw;
            t14[i].kw += kw;
            t14[i].onv += (double)inw * onv14[k];
        }
        remove(tmp_gpkg);
        remove(tmp_grid);
        st = vk_source_write_layer(tmp_gpkg, "GPKG", "buurten", b14s,
                                   VK_LEVEL_BUURT, err);
    }
    if (st == VK_OK)
        st = vk_source_write_layer(tmp_grid, "GPKG", "bevolking", cells,
                                   VK_LEVEL_BUURT, err);
    if (st == VK_OK)
        st = write_table(csv14, b14s, t14, err);
    if (st == VK_OK)
        st = write_table(csv22, bu, t22, err);
    if (st == VK_OK)
        st = write_lbm(lbm14, b14s, t14, err);
    if (st == VK_OK && (rename(tmp_gpkg, gpkg) != 0 ||
                        rename(tmp_grid, grid) != 0))
        st = VK_FAIL_AT(err, VK_EIO, gpkg, 0, "cannot rename into place");
    if (st == VK_OK)
        printf("indeling 2014: %zu buurten (2022: %zu) in %s; tables %s, %s "
               "and %s; 100 m population in %s\n", b14s->n, bu->n, gpkg,
               csv14, lbm14, csv22, grid);
    remove(tmp_gpkg);
    remove(tmp_grid);
    for (size_t i = 0; i < m.n; i++)
        free(m.b[i].name);
    free(m.b);
    free(m.of22);
    free(m.east_of22);
    free(t14);
    free(t22);
    free(owner);
    free(rows);
    vk_features_destroy(cells);
    vk_features_destroy(b14s);
    free(gpkg);
    free(grid);
    free(tmp_gpkg);
    free(tmp_grid);
    free(csv14);
    free(csv22);
    free(lbm14);
    free(onv14);
    free(kw14);
    return st;
}
