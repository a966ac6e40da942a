/* SPDX-License-Identifier: MIT */
/* The sample generator's geometry: towns, seeds, Voronoi cells with exactly
 * shared, detailed edges, and the lake with its island.
 *
 * How it works
 *
 * 1. Towns. Each gemeente has a town centre with a peak of seed density
 *    (a Gaussian of radius sigma); the buitengebied has a low base density
 *    and water its own. The sample has four fixed towns; the national set
 *    24 big cities at roughly real places plus random small towns kept
 *    apart by a minimum gap.
 * 2. Seeds. Points are thrown at random over the outline's bounding box plus
 *    a margin, kept with probability density/max (rejection sampling) and
 *    only if no earlier seed lies within 0.6 times the local mean spacing
 *    (variable-radius Poisson-disc "dart throwing", Cook 1986, "Stochastic
 *    sampling in computer graphics"). The density is scaled so that the
 *    wanted number of seeds falls inside the outline; throwing stops when it
 *    has. Seeds outside only shape the region boundary.
 * 3. Cells. GEOS gives the Delaunay triangulation; the Voronoi cell of a
 *    seed is the ring of circumcentres of its triangles in angular order
 *    (the dual graph). Each circumcentre is computed and rounded to the
 *    millimetre once per triangle, so neighbouring cells share bit-identical
 *    vertices. A Voronoi edge is identified by the two seeds it separates.
 *    Cells of inside seeds are the buurten; outside pockets not connected to
 *    the convex hull are filled in and only the largest connected piece is
 *    kept, so the region is one piece without holes.
 * 4. Boundary detail. Each edge becomes a midpoint-displacement curve
 *    (Fournier, Fussell and Carpenter 1982, "Computer rendering of
 *    stochastic models") from its lexicographically first endpoint, with a
 *    random stream seeded by its two seeds: both neighbours walk the same
 *    vertices, one of them backwards. Offsets are perpendicular to the chord
 *    and the parameter along it stays monotone, so an edge never crosses
 *    itself; 30 % of the edges are nearly straight (roads, canals). A cell
 *    that GEOS finds invalid (two of its edges cross near a sharp corner)
 *    gets all its edges straightened and its neighbours rechecked; this
 *    ends because straight cells are convex.
 * 5. The lake. The rural land buurt with the most room (distance from its
 *    seed to its nearest edge) gets a lake of 0.42 times that room, a
 *    wobbly circle that is its own water buurt and, in the land buurt, a
 *    hole with exactly the same ring; an island in the lake belongs to the
 *    land buurt, which so becomes a MultiPolygon with a hole. */
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"
#include "vk/source.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Short local names for the generator's types. */
typedef vk_samplegen gen;
typedef vk_samplegen_scale scale_def;
typedef vk_samplegen_town town;
typedef vk_samplegen_edge edge;
typedef vk_samplegen_buurt buurt;
typedef vk_samplegen_lake lake;
typedef vk_samplegen_xy dbuf;

/* clang-format off */
/* Region outline of the sample, RD km: about 30 km across, south-east of
 * Utrecht, with a river along its southern side. */
static const double sample_outline[] = {
    131.2, 438.5, 133.0, 447.8, 130.6, 453.9, 134.8, 459.2, 142.3, 458.1,
    147.9, 460.0, 153.6, 457.4, 159.1, 458.6, 158.3, 451.2, 160.0, 444.7,
    156.4, 437.9, 157.8, 431.6, 150.2, 430.4, 143.9, 432.1, 137.5, 430.0,
    132.9, 432.6,
};

/* The Netherlands, roughly, RD km (no Wadden islands). */
static const double nl_outline[] = {
    112, 553, 127, 548, 156, 570, 158, 577, 163, 590, 175, 598, 196, 602,
    210, 604, 228, 607, 245, 609, 256, 600, 270, 588, 276, 576, 272, 556,
    266, 540, 258, 528, 252, 517, 260, 505, 269, 493, 262, 478, 260, 466,
    250, 455, 246, 440, 228, 436, 213, 432, 202, 427, 196, 416, 193, 408,
    204, 393, 210, 376, 206, 360, 200, 352, 203, 340, 198, 334, 203, 326,
    206, 319, 199, 308, 182, 310, 175, 314, 176, 330, 183, 342, 180, 356,
    166, 365, 158, 372, 150, 370, 140, 380, 132, 385, 124, 381, 110, 385,
    98, 383, 86, 380, 75, 374, 68, 365, 55, 360, 40, 362, 25, 365,
    12, 372, 14, 378, 19, 392, 27, 402, 40, 415, 50, 428, 56, 440,
    67, 446, 78, 458, 92, 474, 98, 490, 101, 505, 104, 520, 107, 535,
};

/* IJsselmeer with Markermeer, and the Westerschelde, RD km. */
static const double nl_ijsselmeer[] = {
    127.5, 548, 156, 569, 158, 548, 168, 535, 170, 522, 160, 505,
    150, 490, 132, 492, 130, 505, 134, 515, 142, 528, 133, 540,
};
static const double nl_westerschelde[] = {
    10, 379, 30, 385, 45, 384, 60, 379, 71, 374, 68, 369, 55, 374,
    40, 378, 28, 380, 12, 375,
};

/* The sample's gemeenten: made-up names and codes. */
static const vk_samplegen_town_def sample_towns[] = {
    {141.5, 446.0, 1.00, 1.8, 981, "'s-Gravenwaard"},
    {152.5, 436.5, 0.70, 1.2, 982, "Dongemûnde"},
    {153.5, 453.5, 0.60, 1.0, 983, "Oud-Beijerveen"},
    {135.5, 436.0, 0.50, 0.9, 984, "Kapelle-Eë"},
};

/* Big cities of the national set at roughly real places (names made up). */
static const vk_samplegen_town_def nl_cities[] = {
    {121, 487, 1.60, 3.80, 0, NULL}, {92, 437, 1.44, 3.40, 0, NULL},
    {81, 455, 1.44, 3.00, 0, NULL},  {136, 456, 1.28, 3.00, 0, NULL},
    {161, 383, 1.04, 2.70, 0, NULL}, {234, 582, 0.96, 2.55, 0, NULL},
    {133, 397, 0.88, 2.40, 0, NULL}, {143, 486, 0.72, 2.55, 0, NULL},
    {112, 400, 0.80, 2.20, 0, NULL}, {187, 428, 0.88, 2.20, 0, NULL},
    {190, 444, 0.80, 2.20, 0, NULL}, {258, 471, 0.80, 2.10, 0, NULL},
    {195, 470, 0.72, 2.20, 0, NULL}, {203, 502, 0.72, 1.95, 0, NULL},
    {182, 579, 0.64, 1.85, 0, NULL}, {176, 318, 0.72, 1.95, 0, NULL},
    {104, 488, 0.80, 1.95, 0, NULL}, {150, 411, 0.72, 1.95, 0, NULL},
    {155, 463, 0.72, 2.05, 0, NULL}, {94, 451, 0.64, 1.70, 0, NULL},
    {94, 464, 0.64, 1.70, 0, NULL},  {105, 425, 0.64, 1.70, 0, NULL},
    {112, 517, 0.64, 1.70, 0, NULL}, {85, 447, 0.64, 1.55, 0, NULL},
};

static const vk_samplegen_scale scales[] = {
    {"sample", "regio.gpkg", "indicatoren.csv", "leefbaarometer.csv", 0, 1,
     1, sample_outline,
     COUNT(sample_outline) / 2, sample_towns, COUNT(sample_towns), 150, 30,
     4, 0.04, 0.06, 45.0},
    {"national", "nl.gpkg", "nl-indicatoren.csv", "nl-leefbaarometer.csv", 1,
     0, 0, nl_outline,
     COUNT(nl_outline) / 2, nl_cities, COUNT(nl_cities), 14500, 3000, 342,
     0.05, 0.012, 25.0},
};

/* clang-format on */

const vk_samplegen_scale *
vk_samplegen_scale_find(const char *label)
{
    for (size_t k = 0; k < COUNT(scales); k++)
        if (strcmp(scales[k].label, label) == 0)
            return &scales[k];
    return NULL;
}

/* Helpers */

void
vk_samplegen_xy_push(dbuf *b, double x, double y)
{
    if (b->n + 2 > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->v = vk_xreallocarray(b->v, b->cap, sizeof *b->v);
    }
    b->v[b->n++] = x;
    b->v[b->n++] = y;
}

static double
round_mm(double v)
{
    return round(v * 1000.0) / 1000.0;
}

static int
point_in_poly(const double *xy, size_t n, double x, double y)
{
    int in = 0;

    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1];
        double xj = xy[2 * j], yj = xy[2 * j + 1];

        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

/* Twice the signed area of a closed ring of n points (xy pairs). */
double
vk_samplegen_ring_area2(const double *xy, size_t n)
{
    double a = 0;

    for (size_t i = 0; i + 1 < n; i++)
        a += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return a;
}

static void
outline_bbox(const scale_def *sc, vk_bbox *bb)
{
    vk_bbox_reset(bb);
    for (size_t i = 0; i < sc->n_outline; i++)
        vk_bbox_add(bb, sc->outline[2 * i], sc->outline[2 * i + 1]);
}

/* Northern bank of the sample's river, RD km. */
static double
river_bank(double x)
{
    return 433.6 + 0.8 * sin((x - 130.0) / 3.7) +
           0.4 * sin((x - 130.0) / 1.3 + 1.0);
}

static int
is_water(const gen *G, double x, double y)
{
    if (!G->national)
        return y < river_bank(x);
    return point_in_poly(nl_ijsselmeer, COUNT(nl_ijsselmeer) / 2, x, y) ||
           point_in_poly(nl_westerschelde, COUNT(nl_westerschelde) / 2, x, y);
}

const char *
vk_samplegen_water_name(const gen *G, double x, double y)
{
    if (!G->national)
        return "Lingestroom";
    if (point_in_poly(nl_westerschelde, COUNT(nl_westerschelde) / 2, x, y))
        return "Westerschelde";
    return y > 506 ? "IJsselmeer" : "Markermeer";
}

/* Towns */

static void
add_town(gen *G, double x, double y, double w, double sigma)
{
    G->towns = vk_xreallocarray(G->towns, G->ntowns + 1, sizeof *G->towns);
    G->towns[G->ntowns++] = (town){x, y, w, sigma, 2.0 * sigma};
}

static vk_status
make_towns(gen *G, vk_error *err)
{
    vk_rng r;
    vk_bbox bb;
    double gap = 6.0;
    long tries = 0;

    /* The fixed towns; the sample's move a little with the seed. */
    vk_rng_seed(&r, vk_hash3(G->seed, 0x746f776eu, 0));
    for (size_t i = 0; i < G->sc->ntowns; i++) {
        const vk_samplegen_town_def *t = &G->sc->towns[i];
        double jx = G->national ? 0 : vk_rng_range(&r, -0.3, 0.3);
        double jy = G->national ? 0 : vk_rng_range(&r, -0.3, 0.3);

        add_town(G, t->x + jx, t->y + jy, t->w, t->sigma);
    }

    /* Then small towns on land, spread by a minimum gap. */
    outline_bbox(G->sc, &bb);
    while (G->ntowns < (size_t)G->sc->gemeenten) {
        double x = vk_rng_range(&r, bb.minx, bb.maxx);
        double y = vk_rng_range(&r, bb.miny, bb.maxy);
        double u = vk_rng_unit(&r);
        int ok = point_in_poly(G->sc->outline, G->sc->n_outline, x, y) &&
                 !is_water(G, x, y);

        for (size_t k = 0; ok && k < G->ntowns; k++)
            ok = hypot(x - G->towns[k].x, y - G->towns[k].y) >= gap;
        if (ok) {
            double w = 0.2 + 0.5 * u * u;

            add_town(G, x, y, w, 1.0 + 1.6 * w);
        } else if (++tries % 20000 == 0) {
            gap *= 0.9;
        }
        if (tries > 10000000) {
            VK_FAIL(err, VK_EINTERNAL, "cannot place %d towns",
                    G->sc->gemeenten);
            return VK_EINTERNAL;
        }
    }
    return VK_OK;
}

/* Seeds */

/* Relative seed density at (x, y) km. */
static double
rel_density(const gen *G, double x, double y)
{
    double d = G->sc->rural;

    if (is_water(G, x, y))
        return G->sc->water;
    for (size_t k = 0; k < G->ntowns; k++) {
        const town *t = &G->towns[k];
        double dx = (x - t->x) / t->sigma, dy = (y - t->y) / t->sigma;
        double r2 = dx * dx + dy * dy;

        if (r2 < 30.0)
            d += t->w * exp(-0.5 * r2);
    }
    return d;
}

static double
spacing_km(const gen *G, double d)
{
    return 1.0 / sqrt(G->dscale * d);
}

/* Scales the density so that the outline holds the wanted seed count. */
static void
scale_density(gen *G)
{
    vk_bbox bb;
    const int n = G->national ? 400 : 200;
    double sum = 0, dx, dy;

    outline_bbox(G->sc, &bb);
    dx = (bb.maxx - bb.minx) / n;
    dy = (bb.maxy - bb.miny) / n;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double x = bb.minx + (i + 0.5) * dx, y = bb.miny + (j + 0.5) * dy;

            if (point_in_poly(G->sc->outline, G->sc->n_outline, x, y))
                sum += rel_density(G, x, y) * dx * dy;
        }
    }
    G->dscale = (double)G->sc->buurten / sum;
}

typedef struct seed_grid {
    double x0, y0, cell;
    long nx, ny;
    int *head, *next;
} seed_grid;

static int
grid_free_at(const seed_grid *sg, const double *kx, const double *ky, double x,
             double y, double r)
{
    long cx = (long)((x - sg->x0) / sg->cell);
    long cy = (long)((y - sg->y0) / sg->cell);
    long k = (long)ceil(r / sg->cell);

    for (long i = cx - k; i <= cx + k; i++) {
        if (i < 0 || i >= sg->nx)
            continue;
        for (long j = cy - k; j <= cy + k; j++) {
            if (j < 0 || j >= sg->ny)
                continue;
            for (int s = sg->head[i * sg->ny + j]; s >= 0; s = sg->next[s])
                if (hypot(kx[s] - x, ky[s] - y) < r)
                    return 0;
        }
    }
    return 1;
}

static vk_status
make_seeds(gen *G, vk_error *err)
{
    vk_rng r;
    vk_bbox bb;
    seed_grid sg;
    double dmax = G->sc->water > G->sc->rural ? G->sc->water : G->sc->rural;
    double margin, *kx = NULL, *ky = NULL;
    size_t cap = 0, inside = 0;
    long tries = 0, max_tries = 4000L * G->sc->buurten;

    vk_rng_seed(&r, vk_hash3(G->seed, 0x73656564u, 0));
    scale_density(G);
    for (size_t k = 0; k < G->ntowns; k++) {
        double d = rel_density(G, G->towns[k].x, G->towns[k].y);

        dmax = d > dmax ? d : dmax;
    }
    outline_bbox(G->sc, &bb);
    margin = 2.5 * spacing_km(G, G->sc->water < G->sc->rural ? G->sc->water
                                                             : G->sc->rural);
    bb.minx -= margin;
    bb.miny -= margin;
    bb.maxx += margin;
    bb.maxy += margin;

    /* A grid of cells the size of the smallest exclusion radius. */
    sg.x0 = bb.minx;
    sg.y0 = bb.miny;
    sg.cell = 0.6 * spacing_km(G, dmax);
    sg.nx = (long)ceil((bb.maxx - bb.minx) / sg.cell) + 1;
    sg.ny = (long)ceil((bb.maxy - bb.miny) / sg.cell) + 1;
    sg.head = vk_xmalloc((size_t)(sg.nx * sg.ny) * sizeof *sg.head);
    memset(sg.head, 0xff, (size_t)(sg.nx * sg.ny) * sizeof *sg.head);
    sg.next = NULL;

    /* Throw darts until the outline holds the wanted count. */
    while (inside < (size_t)G->sc->buurten) {
        double x = vk_rng_range(&r, bb.minx, bb.maxx);
        double y = vk_rng_range(&r, bb.miny, bb.maxy);
        double d = rel_density(G, x, y);
        long cell;

        if (++tries > max_tries) {
            free(sg.head);
            free(sg.next);
            free(kx);
            free(ky);
            VK_FAIL(err, VK_EINTERNAL, "seed placement does not converge");
            return VK_EINTERNAL;
        }
        if (vk_rng_unit(&r) * dmax > d ||
            !grid_free_at(&sg, kx, ky, x, y, 0.6 * spacing_km(G, d)))
            continue;
        if (G->ns == cap) {
            cap = cap ? 2 * cap : 1024;
            kx = vk_xreallocarray(kx, cap, sizeof *kx);
            ky = vk_xreallocarray(ky, cap, sizeof *ky);
            sg.next = vk_xreallocarray(sg.next, cap, sizeof *sg.next);
            G->inside = vk_xreallocarray(G->inside, cap, 1);
        }
        kx[G->ns] = x;
        ky[G->ns] = y;
        G->inside[G->ns] = (unsigned char)point_in_poly(G->sc->outline,
                                                        G->sc->n_outline, x, y);
        inside += G->inside[G->ns];
        cell = (long)((x - sg.x0) / sg.cell) * sg.ny +
               (long)((y - sg.y0) / sg.cell);
        sg.next[G->ns] = sg.head[cell];
        sg.head[cell] = (int)G->ns;
        G->ns++;
    }

    /* Keep seeds in RD metres, rounded to the centimetre. */
    G->sx = vk_xcalloc(G->ns, sizeof *G->sx);
    G->sy = vk_xcalloc(G->ns, sizeof *G->sy);
    G->water = vk_xcalloc(G->ns, 1);
    G->spacing = vk_xcalloc(G->ns, sizeof *G->spacing);
    for (size_t i = 0; i < G->ns; i++) {
        G->sx[i] = round(kx[i] * 1e5) / 100.0;
        G->sy[i] = round(ky[i] * 1e5) / 100.0;
        G->water[i] = (unsigned char)is_water(G, kx[i], ky[i]);
        G->spacing[i] = spacing_km(G, rel_density(G, kx[i], ky[i]));
    }
    free(sg.head);
    free(sg.next);
    free(kx);
    free(ky);
    return VK_OK;
}

/* Delaunay triangles and fans */

typedef struct pt_map {
    uint64_t *kx, *ky;
    int *val;
    size_t mask;
} pt_map;

static uint64_t
bits_of(double v)
{
    uint64_t u;

    memcpy(&u, &v, sizeof u);
    return u;
}

static void
pt_map_put(pt_map *m, double x, double y, int val)
{
    uint64_t bx = bits_of(x), by = bits_of(y);
    size_t h = (size_t)vk_hash3(0, bx, by) & m->mask;

    while (m->val[h] >= 0)
        h = (h + 1) & m->mask;
    m->kx[h] = bx;
    m->ky[h] = by;
    m->val[h] = val;
}

static int
pt_map_get(const pt_map *m, double x, double y)
{
    uint64_t bx = bits_of(x), by = bits_of(y);
    size_t h = (size_t)vk_hash3(0, bx, by) & m->mask;

    for (; m->val[h] >= 0; h = (h + 1) & m->mask)
        if (m->kx[h] == bx && m->ky[h] == by)
            return m->val[h];
    return -1;
}

static void
circumcentre(const gen *G, const int *v, double *out)
{
    double x0 = G->sx[v[0]], y0 = G->sy[v[0]];
    double bx = G->sx[v[1]] - x0, by = G->sy[v[1]] - y0;
    double cx = G->sx[v[2]] - x0, cy = G->sy[v[2]] - y0;
    double d = 2.0 * (bx * cy - by * cx);
    double b2 = bx * bx + by * by, c2 = cx * cx + cy * cy;

    out[0] = round_mm(x0 + (cy * b2 - by * c2) / d);
    out[1] = round_mm(y0 + (bx * c2 - cx * b2) / d);
}

static vk_status
triangulate(gen *G, vk_error *err)
{
    GEOSContextHandle_t h = G->geos;
    GEOSGeometry **pts = vk_xcalloc(G->ns, sizeof *pts);
    GEOSGeometry *mp, *tri;
    pt_map m;
    size_t size = 1;
    int nt;

    /* Seed coordinates find their index back through a hash map. */
    while (size < 2 * G->ns)
        size *= 2;
    m.mask = size - 1;
    m.kx = vk_xcalloc(size, sizeof *m.kx);
    m.ky = vk_xcalloc(size, sizeof *m.ky);
    m.val = vk_xmalloc(size * sizeof *m.val);
    memset(m.val, 0xff, size * sizeof *m.val);
    for (size_t i = 0; i < G->ns; i++) {
        pts[i] = GEOSGeom_createPointFromXY_r(h, G->sx[i], G->sy[i]);
        pt_map_put(&m, G->sx[i], G->sy[i], (int)i);
    }
    mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)G->ns);
    free(pts);
    tri = mp != NULL ? GEOSDelaunayTriangulation_r(h, mp, 0.0, 0) : NULL;
    GEOSGeom_destroy_r(h, mp);
    nt = tri != NULL ? GEOSGetNumGeometries_r(h, tri) : -1;
    if (nt <= 0) {
        free(m.kx);
        free(m.ky);
        free(m.val);
        GEOSGeom_destroy_r(h, tri);
        VK_FAIL(err, VK_EINTERNAL, "GEOS Delaunay triangulation failed");
        return VK_EINTERNAL;
    }

    /* Triangles as seed triples, counter-clockwise. */
    G->nt = (size_t)nt;
    G->tv = vk_xcalloc(3 * G->nt, sizeof *G->tv);
    G->cc = vk_xcalloc(2 * G->nt, sizeof *G->cc);
    for (int t = 0; t < nt; t++) {
        const GEOSGeometry *ring =
            GEOSGetExteriorRing_r(h, GEOSGetGeometryN_r(h, tri, t));
        const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
        int *v = &G->tv[3 * t];

        for (unsigned k = 0; k < 3; k++) {
            double x, y;

            GEOSCoordSeq_getXY_r(h, seq, k, &x, &y);
            v[k] = pt_map_get(&m, x, y);
        }
        if ((G->sx[v[1]] - G->sx[v[0]]) * (G->sy[v[2]] - G->sy[v[0]]) -
                (G->sy[v[1]] - G->sy[v[0]]) * (G->sx[v[2]] - G->sx[v[0]]) <
            0) {
            int tmp = v[1];

            v[1] = v[2];
            v[2] = tmp;
        }
        circumcentre(G, v, &G->cc[2 * t]);
    }
    GEOSGeom_destroy_r(h, tri);
    free(m.kx);
    free(m.ky);
    free(m.val);
    return VK_OK;
}

/* Vertex of triangle t after / before seed i, counter-clockwise. */
static int
tri_next(const gen *G, int t, int i)
{
    const int *v = &G->tv[3 * t];

    return v[0] == i ? v[1] : v[1] == i ? v[2] : v[0];
}

static int
tri_prev(const gen *G, int t, int i)
{
    const int *v = &G->tv[3 * t];

    return v[0] == i ? v[2] : v[1] == i ? v[0] : v[1];
}

typedef struct angled {
    double a;
    int t;
} angled;

static int
cmp_angled(const void *pa, const void *pb)
{
    const angled *a = pa, *b = pb;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->t > b->t) - (a->t < b->t);
}

static void
make_fans(gen *G)
{
    size_t *fill = vk_xcalloc(G->ns + 1, sizeof *fill);
    angled *tmp = NULL;
    size_t cap = 0;

    /* Triangles per seed, then each fan sorted by angle around the seed. */
    G->fan_off = vk_xcalloc(G->ns + 1, sizeof *G->fan_off);
    for (size_t k = 0; k < 3 * G->nt; k++)
        G->fan_off[G->tv[k] + 1]++;
    for (size_t i = 0; i < G->ns; i++)
        G->fan_off[i + 1] += G->fan_off[i];
    G->fan = vk_xcalloc(3 * G->nt, sizeof *G->fan);
    for (size_t k = 0; k < 3 * G->nt; k++) {
        int i = G->tv[k];

        G->fan[G->fan_off[i] + fill[i]++] = (int)(k / 3);
    }
    G->closed = vk_xcalloc(G->ns, 1);
    for (size_t i = 0; i < G->ns; i++) {
        size_t n = G->fan_off[i + 1] - G->fan_off[i];
        int *f = &G->fan[G->fan_off[i]];

        if (n > cap) {
            cap = 2 * n;
            tmp = vk_xreallocarray(tmp, cap, sizeof *tmp);
        }
        for (size_t k = 0; k < n; k++) {
            const int *v = &G->tv[3 * f[k]];
            double cx = (G->sx[v[0]] + G->sx[v[1]] + G->sx[v[2]]) / 3;
            double cy = (G->sy[v[0]] + G->sy[v[1]] + G->sy[v[2]]) / 3;

            tmp[k].a = atan2(cy - G->sy[i], cx - G->sx[i]);
            tmp[k].t = f[k];
        }
        qsort(tmp, n, sizeof *tmp, cmp_angled);
        G->closed[i] = n >= 3;
        for (size_t k = 0; k < n; k++) {
            f[k] = tmp[k].t;
            if (k > 0 &&
                tri_prev(G, f[k - 1], (int)i) != tri_next(G, f[k], (int)i))
                G->closed[i] = 0;
        }
        if (n >= 3 &&
            tri_prev(G, f[n - 1], (int)i) != tri_next(G, f[0], (int)i))
            G->closed[i] = 0;
    }
    free(tmp);
    free(fill);
}

/* One region without holes */

/* Marks in comp[] (value id) the seeds reachable from start whose inside
 * flag equals want, through Delaunay edges. Returns how many. */
static size_t
flood(const gen *G, int start, int want, int *comp, int id, int *stack)
{
    size_t top = 0, n = 0;

    comp[start] = id;
    stack[top++] = start;
    while (top > 0) {
        int i = stack[--top];

        n++;
        for (size_t k = G->fan_off[i]; k < G->fan_off[i + 1]; k++) {
            int nb[2] = {tri_next(G, G->fan[k], i), tri_prev(G, G->fan[k], i)};

            for (int q = 0; q < 2; q++) {
                int j = nb[q];

                if (comp[j] < 0 && G->inside[j] == want) {
                    comp[j] = id;
                    stack[top++] = j;
                }
            }
        }
    }
    return n;
}

static void
clean_region(gen *G)
{
    int *comp = vk_xmalloc(G->ns * sizeof *comp);
    int *stack = vk_xmalloc(G->ns * sizeof *stack);
    size_t best = 0;
    int best_id = -1, id = 0;

    /* Hull seeds have open cells: they cannot be buurten. */
    for (size_t i = 0; i < G->ns; i++)
        if (!G->closed[i])
            G->inside[i] = 0;

    /* Outside pockets not connected to the hull become land. */
    memset(comp, 0xff, G->ns * sizeof *comp);
    for (size_t i = 0; i < G->ns; i++)
        if (!G->closed[i] && comp[i] < 0)
            flood(G, (int)i, 0, comp, 0, stack);
    for (size_t i = 0; i < G->ns; i++)
        if (!G->inside[i] && comp[i] < 0)
            G->inside[i] = 1;

    /* Keep the largest connected piece of land. */
    memset(comp, 0xff, G->ns * sizeof *comp);
    for (size_t i = 0; i < G->ns; i++) {
        if (G->inside[i] && comp[i] < 0) {
            size_t n = flood(G, (int)i, 1, comp, id, stack);

            if (n > best) {
                best = n;
                best_id = id;
            }
            id++;
        }
    }
    for (size_t i = 0; i < G->ns; i++)
        if (G->inside[i] && comp[i] != best_id)
            G->inside[i] = 0;
    free(comp);
    free(stack);
}

/* Voronoi edges and cells */

static int
edge_find_or_add(gen *G, int i, int j, const double *p, const double *q)
{
    int s0 = i < j ? i : j, s1 = i < j ? j : i;
    uint64_t key = ((uint64_t)(unsigned)s0 << 32) | (unsigned)s1;
    size_t h = (size_t)vk_hash3(1, key, 0) & G->emask;
    edge *e;
    int p_first;

    for (; G->eval[h] >= 0; h = (h + 1) & G->emask)
        if (G->ekey[h] == key)
            return G->eval[h];
    if (G->ne == G->cap_e) {
        G->cap_e = G->cap_e ? 2 * G->cap_e : 1024;
        G->e = vk_xreallocarray(G->e, G->cap_e, sizeof *G->e);
    }
    G->ekey[h] = key;
    G->eval[h] = (int)G->ne;
    e = &G->e[G->ne];
    memset(e, 0, sizeof *e);
    e->s0 = s0;
    e->s1 = s1;
    p_first = p[0] < q[0] || (p[0] == q[0] && p[1] < q[1]);
    e->ax = p_first ? p[0] : q[0];
    e->ay = p_first ? p[1] : q[1];
    e->bx = p_first ? q[0] : p[0];
    e->by = p_first ? q[1] : p[1];
    return (int)G->ne++;
}

static void
make_cells(gen *G)
{
    size_t size = 1, cap = 0, n = 0;

    while (size < 8 * G->ns)
        size *= 2;
    G->emask = size - 1;
    G->ekey = vk_xcalloc(size, sizeof *G->ekey);
    G->eval = vk_xmalloc(size * sizeof *G->eval);
    memset(G->eval, 0xff, size * sizeof *G->eval);
    G->cell_off = vk_xcalloc(G->ns + 1, sizeof *G->cell_off);

    /* Walk each inside fan: consecutive circumcentres bound one edge. */
    for (size_t i = 0; i < G->ns; i++) {
        size_t f0 = G->fan_off[i], nf = G->fan_off[i + 1] - f0;

        G->cell_off[i] = n;
        if (!G->inside[i])
            continue;
        for (size_t k = 0; k < nf; k++) {
            int t = G->fan[f0 + k], u = G->fan[f0 + (k + 1) % nf];
            const double *p = &G->cc[2 * t], *q = &G->cc[2 * u];
            int e;

            /* Circumcentres that round together leave no edge. */
            if (p[0] == q[0] && p[1] == q[1])
                continue;
            e = edge_find_or_add(G, (int)i, tri_prev(G, t, (int)i), p, q);
            if (n == cap) {
                cap = cap ? 2 * cap : 4096;
                G->ce = vk_xreallocarray(G->ce, cap, sizeof *G->ce);
            }
            G->ce[n++] = (p[0] == G->e[e].ax && p[1] == G->e[e].ay) ? e : ~e;
        }
    }
    G->cell_off[G->ns] = n;
}

/* The seed across edge entry c of cell i. */
int
vk_samplegen_across(const gen *G, int c, int i)
{
    const edge *e = &G->e[c < 0 ? ~c : c];

    return e->s0 == i ? e->s1 : e->s0;
}

static void
make_buurten(gen *G)
{
    /* One buurt per inside seed, in seed order. */
    G->seed_buurt = vk_xmalloc(G->ns * sizeof *G->seed_buurt);
    G->cap_b = G->ns + 1;
    G->b = vk_xcalloc(G->cap_b, sizeof *G->b);
    for (size_t i = 0; i < G->ns; i++) {
        G->seed_buurt[i] = -1;
        if (!G->inside[i])
            continue;
        G->seed_buurt[i] = (int)G->nb;
        G->b[G->nb].seed = (int)i;
        G->b[G->nb].x = G->sx[i] / 1000.0;
        G->b[G->nb].y = G->sy[i] / 1000.0;
        G->nb++;
    }
}

/* The lake */

static double
seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay;
    double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);

    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(px - ax - t * dx, py - ay - t * dy);
}

/* A closed counter-clockwise wobbly circle, rounded to the millimetre. */
static void
blob(dbuf *out, vk_rng *r, double cx, double cy, double radius, int n,
     double wobble)
{
    double ph[3], amp[3] = {0.55, 0.3, 0.15};
    int harm[3] = {2, 3, 5};

    for (int k = 0; k < 3; k++)
        ph[k] = vk_rng_range(r, 0, 6.283185307179586);
    out->n = 0;
    for (int i = 0; i < n; i++) {
        double a = 6.283185307179586 * i / n, f = 1;

        for (int k = 0; k < 3; k++)
            f += wobble * amp[k] * sin(harm[k] * a + ph[k]);
        vk_samplegen_xy_push(out, round_mm(cx + radius * f * cos(a)),
                             round_mm(cy + radius * f * sin(a)));
    }
    vk_samplegen_xy_push(out, out->v[0], out->v[1]);
}

void
vk_samplegen_add_lake(gen *G)
{
    double best = 0;
    int host = -1;
    vk_rng r;

    /* The rural land buurt with the widest room, away from borders/water. */
    G->lk.host = -1;
    for (size_t b = 0; b < G->nb; b++) {
        int i = G->b[b].seed, ok = G->b[b].kind == VK_SG_RURAL;
        double room = HUGE_VAL;

        for (size_t k = G->cell_off[i]; ok && k < G->cell_off[i + 1]; k++) {
            const edge *e = &G->e[G->ce[k] < 0 ? ~G->ce[k] : G->ce[k]];
            int j = vk_samplegen_across(G, G->ce[k], i);
            double d = seg_dist(G->sx[i], G->sy[i], e->ax, e->ay, e->bx, e->by);

            ok = G->inside[j] && !G->water[j];
            room = d < room ? d : room;
        }
        if (ok && room > best) {
            best = room;
            host = (int)b;
        }
    }
    if (host < 0)
        return;

    /* Lake of 0.42 x the room: wobble and boundary detail stay clear. */
    vk_rng_seed(&r, vk_hash3(G->seed, 0x6c616b65u, 0));
    {
        const buurt *h = &G->b[host];
        double cx = G->sx[h->seed], cy = G->sy[h->seed];
        double rl = 0.42 * best, a = vk_rng_range(&r, 0, 6.283185307179586);
        buurt lb = *h;

        blob(&G->lk.shell, &r, cx, cy, rl, 72, 0.15);
        blob(&G->lk.island, &r, cx + 0.3 * rl * cos(a), cy + 0.3 * rl * sin(a),
             0.22 * rl, 28, 0.15);
        lb.seed = -1;
        lb.kind = VK_SG_LAKE;
        lb.dist = HUGE_VAL;
        lb.x = cx / 1000.0;
        lb.y = cy / 1000.0;
        if (G->nb == G->cap_b) {
            G->cap_b = 2 * G->cap_b + 1;
            G->b = vk_xreallocarray(G->b, G->cap_b, sizeof *G->b);
        }
        G->lk.host = host;
        G->lk.self = (int)G->nb;
        G->b[G->nb++] = lb;
    }
}

/* Boundary detail and validity */

static void
wiggle(const gen *G, edge *e)
{
    double t[257], o[257];
    double dx = e->bx - e->ax, dy = e->by - e->ay, len = hypot(dx, dy);
    double nx = -dy / len, ny = dx / len;
    vk_rng r;
    int road, depth, n;
    double amp;

    /* Seeded by the edge's seeds: the same curve for both neighbours. */
    vk_rng_seed(&r,
                vk_hash3(G->seed, 0x65646765u,
                         ((uint64_t)(unsigned)e->s0 << 32) | (unsigned)e->s1));
    road = vk_rng_unit(&r) < 0.3;
    amp = road ? 0.012 : 0.055;
    depth = (int)floor(log2(len / G->sc->seg_m) + 0.5);
    depth -= road ? 2 : 0;
    depth = depth < 0 || e->straight ? 0 : depth > 8 ? 8 : depth;
    n = 1 << depth;

    /* Midpoint displacement; offsets shrink as (length)^0.7. */
    t[0] = 0;
    t[n] = 1;
    o[0] = o[n] = 0;
    for (int step = n; step > 1; step /= 2) {
        for (int a = 0; a < n; a += step) {
            int m = a + step / 2, b = a + step;
            double frac = (double)step / n;

            t[m] = 0.5 * (t[a] + t[b]) +
                   (t[b] - t[a]) * vk_rng_range(&r, -0.1, 0.1);
            o[m] = 0.5 * (o[a] + o[b]) +
                   amp * len * pow(frac, 0.7) * vk_rng_range(&r, -1, 1);
        }
    }
    e->pts = vk_xreallocarray(e->pts, 2 * (size_t)(n + 1), sizeof *e->pts);
    e->npts = 0;
    for (int k = 0; k <= n; k++) {
        double x = k == 0   ? e->ax
                   : k == n ? e->bx
                            : round_mm(e->ax + t[k] * dx + o[k] * nx);
        double y = k == 0   ? e->ay
                   : k == n ? e->by
                            : round_mm(e->ay + t[k] * dy + o[k] * ny);

        if (e->npts > 0 && x == e->pts[2 * e->npts - 2] &&
            y == e->pts[2 * e->npts - 1])
            continue;
        e->pts[2 * e->npts] = x;
        e->pts[2 * e->npts + 1] = y;
        e->npts++;
    }
}

/* The closed ring of cell i, counter-clockwise, into out. */
void
vk_samplegen_cell_ring(const gen *G, int i, dbuf *out)
{
    out->n = 0;
    for (size_t k = G->cell_off[i]; k < G->cell_off[i + 1]; k++) {
        int c = G->ce[k];
        const edge *e = &G->e[c < 0 ? ~c : c];

        /* Each edge without its last point: the next edge starts there. */
        for (size_t p = 0; p + 1 < e->npts; p++) {
            size_t q = c < 0 ? e->npts - 1 - p : p;

            vk_samplegen_xy_push(out, e->pts[2 * q], e->pts[2 * q + 1]);
        }
    }
    vk_samplegen_xy_push(out, out->v[0], out->v[1]);
}

GEOSGeometry *
vk_samplegen_geos_ring(GEOSContextHandle_t h, const double *xy, size_t n,
                       int reverse)
{
    GEOSCoordSequence *seq =
        GEOSCoordSeq_copyFromBuffer_r(h, xy, (unsigned)n, 0, 0);

    if (reverse) {
        for (unsigned k = 0; k < n; k++)
            GEOSCoordSeq_setXY_r(h, seq, k, xy[2 * (n - 1 - k)],
                                 xy[2 * (n - 1 - k) + 1]);
    }
    return GEOSGeom_createLinearRing_r(h, seq);
}

/* Builds buurt b's geometry from a given cell ring (NULL for the lake). */
static GEOSGeometry *
buurt_geos(const gen *G, int b, const dbuf *ring)
{
    GEOSContextHandle_t h = G->geos;
    const lake *lk = &G->lk;
    GEOSGeometry *hole, *parts[2];

    if (b == lk->self) {
        hole = vk_samplegen_geos_ring(h, lk->island.v, lk->island.n / 2, 1);
        return GEOSGeom_createPolygon_r(
            h, vk_samplegen_geos_ring(h, lk->shell.v, lk->shell.n / 2, 0),
            &hole, 1);
    }
    if (b != lk->host)
        return GEOSGeom_createPolygon_r(
            h, vk_samplegen_geos_ring(h, ring->v, ring->n / 2, 0), NULL, 0);
    hole = vk_samplegen_geos_ring(h, lk->shell.v, lk->shell.n / 2, 1);
    parts[0] = GEOSGeom_createPolygon_r(
        h, vk_samplegen_geos_ring(h, ring->v, ring->n / 2, 0), &hole, 1);
    parts[1] = GEOSGeom_createPolygon_r(
        h, vk_samplegen_geos_ring(h, lk->island.v, lk->island.n / 2, 0), NULL,
        0);
    return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, 2);
}

vk_status
vk_samplegen_add_detail(gen *G, vk_error *err)
{
    unsigned char *dirty = vk_xcalloc(G->ns, 1);
    dbuf ring = {0};
    size_t bad;

    for (size_t k = 0; k < G->ne; k++)
        wiggle(G, &G->e[k]);
    for (size_t b = 0; b < G->nb; b++)
        if (G->b[b].seed >= 0)
            dirty[G->b[b].seed] = 1;

    /* Straighten the edges of invalid cells until all are valid. */
    do {
        bad = 0;
        for (size_t b = 0; b < G->nb; b++) {
            int i = G->b[b].seed;
            GEOSGeometry *g;
            char valid;

            if (i < 0 || !dirty[i])
                continue;
            dirty[i] = 0;
            vk_samplegen_cell_ring(G, i, &ring);
            g = buurt_geos(G, (int)b, &ring);
            valid = g != NULL ? GEOSisValid_r(G->geos, g) : 0;
            GEOSGeom_destroy_r(G->geos, g);
            if (valid == 1)
                continue;
            bad++;
            G->repairs++;
            for (size_t k = G->cell_off[i]; k < G->cell_off[i + 1]; k++) {
                edge *e = &G->e[G->ce[k] < 0 ? ~G->ce[k] : G->ce[k]];

                if (e->straight) {
                    continue;
                }
                e->straight = 1;
                wiggle(G, e);
                dirty[e->s0] = G->inside[e->s0];
                dirty[e->s1] = G->inside[e->s1];
            }
            if (G->repairs > (int)(2 * G->nb)) {
                free(dirty);
                free(ring.v);
                VK_FAIL(err, VK_EINTERNAL,
                        "buurt %zu stays invalid with straight edges", b);
                return VK_EINTERNAL;
            }
        }
    } while (bad > 0);
    free(dirty);
    free(ring.v);
    return VK_OK;
}

/* Area in km2 from the final geometry. */
double
vk_samplegen_buurt_area(const gen *G, int b, dbuf *ring)
{
    double a;
    const lake *lk = &G->lk;

    if (b == lk->self)
        return (vk_samplegen_ring_area2(lk->shell.v, lk->shell.n / 2) -
                vk_samplegen_ring_area2(lk->island.v, lk->island.n / 2)) /
               2e6;
    vk_samplegen_cell_ring(G, G->b[b].seed, ring);
    a = vk_samplegen_ring_area2(ring->v, ring->n / 2);
    if (b == lk->host)
        a += vk_samplegen_ring_area2(lk->island.v, lk->island.n / 2) -
             vk_samplegen_ring_area2(lk->shell.v, lk->shell.n / 2);
    return a / 2e6;
}

/* The mesh in order */

vk_status
vk_samplegen_build_mesh(gen *G, vk_error *err)
{
    vk_status st;

    if ((st = make_towns(G, err)) != VK_OK ||
        (st = make_seeds(G, err)) != VK_OK ||
        (st = triangulate(G, err)) != VK_OK)
        return st;
    make_fans(G);
    clean_region(G);
    make_cells(G);
    make_buurten(G);
    return VK_OK;
}
