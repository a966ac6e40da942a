/* SPDX-License-Identifier: MIT */
/* The 100 m grid of the national set (--grid): square cells over the
 * populated area, as a stand-in for CBS vierkantstatistieken, written as
 * nl-grid.gpkg and two tables in the formats of the buurt tables.
 *
 * How it works:
 *  1. Every land buurt with inhabitants is rasterised on the 100 m grid of
 *     RD New (cell (i, j) spans x 100 i .. 100 i + 100, y likewise): a
 *     scanline through each row of cell centres crosses the buurt's rings,
 *     and the centres between pairs of crossings (even-odd, so holes stay
 *     out) are the buurt's cells. A cell belongs to the first buurt in
 *     code order that claims it, so shared edges never give a cell twice.
 *  2. A buurt fills m = inwoners / GRID_PER_CELL of its cells (at least 1,
 *     at most all): those nearest its centre point, the distance stretched
 *     by a little noise so the populated patch is not a perfect disc.
 *  3. Its inhabitants are spread over those cells with log-normal weights
 *     by largest remainder, so they add up exactly; the fringe third is
 *     thinner, so about half the cells have fewer than 50 (masked on the
 *     maps, as in CBS vierkantstatistieken).
 *  4. Cells are written row by row from the south-west. Attributes are the
 *     buurt's (naam, wijk, gemeente); the tables' values come from the
 *     same smooth fields as the buurt table, taken at the cell centre with
 *     the buurt's urbanity, plus per-cell noise (indicators.c).
 * The code is CBS-vierkant style: "E" x/100 "N" y/100 of the cell's south-
 * west corner, 4 digits each ("E1234N4567" spans x 123400 .. 123500). */
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"
#include "vk/source.h"

#define CELL_M 100.0
/* Inhabitants per populated cell on average: the national set's 20 million
 * people give roughly half a million cells. */
#define GRID_PER_CELL 40.0

typedef struct cellrank {
    double d;
    size_t cell;
} cellrank;

static int
cmp_rank(const void *pa, const void *pb)
{
    const cellrank *a = pa, *b = pb;

    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return a->cell < b->cell ? -1 : a->cell > b->cell;
}

static int
cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;

    return a < b ? -1 : a > b;
}

/* Claims for buurt k the unclaimed cells whose centres lie in feature k of
 * bu (step 1). */
static void
rasterise(const vk_features *bu, size_t k, int *owner, size_t nx, size_t ny,
          double x0, double y0, double **xs, size_t *cap)
{
    const vk_feature *f = &bu->f[k];
    const vk_geomset *g = &bu->g;
    size_t r0, r1;
    long j0, j1;

    if (f->poly_count == 0 || vk_bbox_empty(&f->bbox))
        return;
    r0 = g->poly_off[f->poly_first];
    r1 = g->poly_off[f->poly_first + f->poly_count];
    j0 = (long)((f->bbox.miny - y0) / CELL_M - 0.5) - 1;
    j1 = (long)((f->bbox.maxy - y0) / CELL_M - 0.5) + 1;
    j0 = j0 < 0 ? 0 : j0;
    j1 = j1 >= (long)ny ? (long)ny - 1 : j1;
    for (long j = j0; j <= j1; j++) {
        double yc = y0 + ((double)j + 0.5) * CELL_M;
        size_t n = 0;

        /* Crossings of the row of centres with every ring. */
        for (size_t r = r0; r < r1; r++) {
            for (size_t p = g->ring_off[r] + 1; p < g->ring_off[r + 1]; p++) {
                double ax = g->xy[2 * p - 2], ay = g->xy[2 * p - 1];
                double bx = g->xy[2 * p], by = g->xy[2 * p + 1];

                if ((ay <= yc && by > yc) || (by <= yc && ay > yc)) {
                    if (n == *cap) {
                        *cap = *cap ? 2 * *cap : 64;
                        *xs = vk_xreallocarray(*xs, *cap, sizeof **xs);
                    }
                    (*xs)[n++] = ax + (yc - ay) / (by - ay) * (bx - ax);
                }
            }
        }
        if (n > 1)
            qsort(*xs, n, sizeof **xs, cmp_double);
        for (size_t s = 0; s + 1 < n; s += 2) {
            /* Centres x0 + (i + 0.5) * CELL_M in [xs[s], xs[s + 1]). */
            double a = ((*xs)[s] - x0) / CELL_M - 0.5;
            double b = ((*xs)[s + 1] - x0) / CELL_M - 0.5;
            long i0 = (long)ceil(a), i1 = (long)ceil(b) - 1;

            i0 = i0 < 0 ? 0 : i0;
            i1 = i1 >= (long)nx ? (long)nx - 1 : i1;
            for (long i = i0; i <= i1; i++) {
                size_t c = (size_t)j * nx + (size_t)i;

                if (owner[c] < 0)
                    owner[c] = (int)k;
            }
        }
    }
}

/* Steps 2 and 3 for buurt k with cells cells[0..n): writes inhabitants
 * into pop[]. */
static void
populate(const vk_samplegen_buurt *p, size_t k, const size_t *cells, size_t n,
         size_t nx, double x0, double y0, uint64_t seed, long *pop)
{
    size_t m;
    cellrank *rk;
    double *w, sum = 0;
    long left;
    vk_rng r;

    if (n == 0 || p->inwoners <= 0)
        return;
    m = (size_t)lround((double)p->inwoners / GRID_PER_CELL);
    m = m < 1 ? 1 : m > n ? n : m;
    vk_rng_seed(&r, vk_hash3(seed, 0x67726964u, (uint64_t)k));
    rk = vk_xcalloc(n, sizeof *rk);
    for (size_t q = 0; q < n; q++) {
        double cx = x0 + ((double)(cells[q] % nx) + 0.5) * CELL_M;
        double cy = y0 + ((double)(cells[q] / nx) + 0.5) * CELL_M;

        rk[q].d = hypot(cx - p->x * 1000.0, cy - p->y * 1000.0) *
                  (1.0 + 0.35 * vk_rng_unit(&r));
        rk[q].cell = cells[q];
    }
    qsort(rk, n, sizeof *rk, cmp_rank);
    /* Log-normal weights; the farthest third of the patch (the fringe)
     * about a quarter as dense as the core. */
    w = vk_xcalloc(m, sizeof *w);
    for (size_t q = 0; q < m; q++) {
        w[q] = exp(0.4 * vk_rng_normal(&r)) *
               (q * 3 >= m * 2 ? 0.3 : 1.3);
        sum += w[q];
    }
    /* Largest remainder: floors first, then one more for the largest
     * fractions (ties to the nearer cell). */
    left = p->inwoners;
    {
        cellrank *frac = vk_xcalloc(m, sizeof *frac);

        for (size_t q = 0; q < m; q++) {
            double share = (double)p->inwoners * w[q] / sum;
            long fl = (long)floor(share);

            pop[rk[q].cell] = fl;
            left -= fl;
            frac[q].d = -(share - (double)fl);
            frac[q].cell = q;
        }
        qsort(frac, m, sizeof *frac, cmp_rank);
        for (size_t q = 0; q < m && left > 0; q++, left--)
            pop[rk[frac[q].cell].cell]++;
        free(frac);
    }
    free(w);
    free(rk);
}

vk_status
vk_samplegen_grid(const vk_samplegen *G, const vk_features *bu,
                  const int *order, vk_features **cells_out,
                  vk_samplegen_row **rows_out, int **owner_out,
                  vk_error *err)
{
    double x0 = floor(bu->extent.minx / CELL_M) * CELL_M;
    double y0 = floor(bu->extent.miny / CELL_M) * CELL_M;
    size_t nx = (size_t)ceil((bu->extent.maxx - x0) / CELL_M);
    size_t ny = (size_t)ceil((bu->extent.maxy - y0) / CELL_M);
    size_t ncell = nx * ny, nout = 0, *off, *list, *fill;
    int *owner;
    long *pop;
    double *xs = NULL;
    size_t cap = 0;
    vk_features *fs;
    vk_samplegen_row *rows;

    if (nx == 0 || ny == 0 || ncell / nx != ny || ncell > (size_t)1 << 28) {
        VK_FAIL(err, VK_EINTERNAL, "grid of %zu x %zu cells is too large",
                nx, ny);
        return VK_EINTERNAL;
    }
    owner = vk_xcalloc(ncell, sizeof *owner);
    pop = vk_xcalloc(ncell, sizeof *pop);
    memset(owner, 0xff, ncell * sizeof *owner);

    /* 1. Claim cells, buurten in code order. */
    for (size_t k = 0; k < bu->n; k++) {
        const vk_samplegen_buurt *p = &G->b[order[k]];

        if (p->kind == VK_SG_WATER || p->kind == VK_SG_LAKE ||
            p->inwoners <= 0)
            continue;
        rasterise(bu, k, owner, nx, ny, x0, y0, &xs, &cap);
    }
    free(xs);

    /* Cells per buurt (counting sort), then 2. and 3. per buurt. */
    off = vk_xcalloc(bu->n + 1, sizeof *off);
    for (size_t c = 0; c < ncell; c++)
        if (owner[c] >= 0)
            off[owner[c] + 1]++;
    for (size_t k = 0; k < bu->n; k++)
        off[k + 1] += off[k];
    list = vk_xcalloc(off[bu->n] ? off[bu->n] : 1, sizeof *list);
    fill = vk_xcalloc(bu->n ? bu->n : 1, sizeof *fill);
    for (size_t c = 0; c < ncell; c++)
        if (owner[c] >= 0) {
            size_t k = (size_t)owner[c];

            list[off[k] + fill[k]++] = c;
        }
    for (size_t k = 0; k < bu->n; k++)
        populate(&G->b[order[k]], k, list + off[k], off[k + 1] - off[k], nx,
                 x0, y0, G->seed, pop);
    free(fill);
    free(list);
    free(off);

    /* 4. The populated cells, row by row from the south-west. */
    for (size_t c = 0; c < ncell; c++)
        nout += pop[c] > 0;
    fs = vk_xcalloc(1, sizeof *fs);
    fs->layer = vk_xstrdup("buurten");
    fs->crs_wkt = vk_xstrdup(bu->crs_wkt);
    fs->crs_name = vk_xstrdup(bu->crs_name);
    vk_bbox_reset(&fs->extent);
    fs->f = vk_xcalloc(nout ? nout : 1, sizeof *fs->f);
    rows = vk_xcalloc(nout ? nout : 1, sizeof *rows);
    if (owner_out != NULL)
        *owner_out = vk_xcalloc(nout ? nout : 1, sizeof **owner_out);
    for (size_t c = 0; c < ncell; c++) {
        const vk_feature *b;
        const vk_samplegen_buurt *p;
        vk_feature *f;
        double cx, cy;
        long ix = (long)(c % nx), iy = (long)(c / nx);

        if (pop[c] <= 0)
            continue;
        b = &bu->f[owner[c]];
        p = &G->b[order[owner[c]]];
        f = &fs->f[fs->n];
        cx = x0 + (double)ix * CELL_M;
        cy = y0 + (double)iy * CELL_M;
        f->fid = (long)fs->n + 1;
        f->code = vk_xasprintf("E%04ldN%04ld", lround(cx / CELL_M),
                               lround(cy / CELL_M));
        f->name = vk_xstrdup(b->name);
        f->wijkcode = vk_xstrdup(b->wijkcode);
        f->gemeentecode = vk_xstrdup(b->gemeentecode);
        f->gemeentenaam = vk_xstrdup(b->gemeentenaam);
        f->water = 0;
        f->inwoners = (double)pop[c];
        f->poly_first = fs->g.npolys;
        f->poly_count = 1;
        /* Counter-clockwise square, closed. */
        vk_geomset_add_point(&fs->g, cx, cy);
        vk_geomset_add_point(&fs->g, cx + CELL_M, cy);
        vk_geomset_add_point(&fs->g, cx + CELL_M, cy + CELL_M);
        vk_geomset_add_point(&fs->g, cx, cy + CELL_M);
        vk_geomset_add_point(&fs->g, cx, cy);
        vk_geomset_end_ring(&fs->g);
        vk_geomset_end_poly(&fs->g);
        f->bbox = (vk_bbox){cx, cy, cx + CELL_M, cy + CELL_M};
        vk_bbox_union(&fs->extent, &f->bbox);
        rows[fs->n] = (vk_samplegen_row){f->code, f->name, 0,
                                         p->kind == VK_SG_INDUSTRY, pop[c],
                                         (cx + CELL_M / 2) / 1000.0,
                                         (cy + CELL_M / 2) / 1000.0,
                                         p->urban, p->ring};
        if (owner_out != NULL)
            (*owner_out)[fs->n] = owner[c];
        fs->n++;
    }
    free(pop);
    free(owner);
    *cells_out = fs;
    *rows_out = rows;
    return VK_OK;
}
