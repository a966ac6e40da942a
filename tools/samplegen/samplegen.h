/* SPDX-License-Identifier: MIT */
/* Internals shared by the sample generator's files: the generator state,
 * the seeded random generator, place names and the indicator table. */
#ifndef VK_SAMPLEGEN_H
#define VK_SAMPLEGEN_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "vk/core.h"
#include "vk/source.h"

/* xoshiro256** seeded through splitmix64 (Blackman and Vigna,
 * https://prng.di.unimi.it/). Never rand(): output must not depend on the
 * C library, and one generator per purpose keeps the streams independent. */
typedef struct vk_rng {
    uint64_t s[4];
} vk_rng;

static inline uint64_t
vk_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A well-mixed 64-bit value from three inputs (seed, purpose, index). */
static inline uint64_t
vk_hash3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t s = a;
    uint64_t h = vk_splitmix64(&s);

    s = h ^ b;
    h = vk_splitmix64(&s);
    s = h ^ c;
    return vk_splitmix64(&s);
}

static inline void
vk_rng_seed(vk_rng *r, uint64_t seed)
{
    uint64_t s = seed;

    for (int i = 0; i < 4; i++)
        r->s[i] = vk_splitmix64(&s);
}

static inline uint64_t
vk_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t
vk_rng_next(vk_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = vk_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = vk_rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1), 53 bits. */
static inline double
vk_rng_unit(vk_rng *r)
{
    return (double)(vk_rng_next(r) >> 11) * 0x1.0p-53;
}

static inline double
vk_rng_range(vk_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * vk_rng_unit(r);
}

/* Uniform integer in [0, n), n > 0. The bias (n / 2^64) does not matter. */
static inline size_t
vk_rng_below(vk_rng *r, size_t n)
{
    return (size_t)(vk_rng_next(r) % (uint64_t)n);
}

/* Standard normal deviate (Box-Muller). */
static inline double
vk_rng_normal(vk_rng *r)
{
    double u = 1.0 - vk_rng_unit(r);
    double v = vk_rng_unit(r);

    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* What a buurt is, which decides its name, inhabitants and indicators. */
typedef enum vk_samplegen_kind {
    VK_SG_RURAL = 0, /* buitengebied: large, few inhabitants */
    VK_SG_URBAN,     /* residential town buurt */
    VK_SG_CENTRE,    /* town centre: small, dense */
    VK_SG_INDUSTRY,  /* bedrijventerrein: (almost) no inhabitants */
    VK_SG_WATER,     /* river or lake shore: water = JA */
    VK_SG_LAKE       /* the lake inside a land buurt: water = JA */
} vk_samplegen_kind;

/* Names already given in one scope (a gemeente's buurten, its wijken, or all
 * gemeenten); the strings are owned by the set. Zero-initialise. */
typedef struct vk_samplegen_names {
    char **s;
    size_t n, cap;
} vk_samplegen_names;

int vk_samplegen_names_has(const vk_samplegen_names *used, const char *name);
/* Records a copy of name. */
void vk_samplegen_names_add(vk_samplegen_names *used, const char *name);
void vk_samplegen_names_free(vk_samplegen_names *used);

/* Compass direction 0..7 (0 = Noord, clockwise) of (dx, dy) and its Dutch
 * name ("Noord", "Noordoost", ...). */
int vk_samplegen_direction(double dx, double dy);
const char *vk_samplegen_direction_name(int dir);

/* A buurt name not yet in used, for a buurt of this kind lying in compass
 * direction dir from its town centre; water names start with water_name.
 * Records and returns it; the caller owns the returned copy. */
char *vk_samplegen_buurt_name(vk_samplegen_names *used, vk_rng *r,
                              vk_samplegen_kind kind, int dir,
                              const char *water_name);

/* A wijk name not yet in used. centre: the wijk around the town centre.
 * number >= 0 gives the CBS style "Wijk 03 Lindehorst". Caller owns it. */
char *vk_samplegen_wijk_name(vk_samplegen_names *used, vk_rng *r,
                             vk_samplegen_kind kind, int centre, int dir,
                             int number, const char *water_name);

/* A made-up gemeente name not yet in used. Caller owns it. */
char *vk_samplegen_gemeente_name(vk_samplegen_names *used, vk_rng *r);

/* One buurt as the indicator table sees it; strings are borrowed. */
typedef struct vk_samplegen_row {
    const char *code;  /* buurtcode */
    const char *name;  /* buurtnaam */
    int water;         /* no indicator row for water buurten */
    int industry;      /* bedrijventerrein */
    long inwoners;     /* aantal_inwoners */
    double x_km, y_km; /* a point inside the buurt, RD kilometres */
    double urban;      /* 0 buitengebied .. 1 town centre */
    double ring;       /* 0..1: lies in the ring just outside a centre */
} vk_samplegen_row;

/* Writes the indicator table (UTF-8 with BOM, CRLF, ';', decimal comma) for
 * the buurten b[0..n) in that order. gaps: add the deliberate join problems
 * documented in indicators.c. Appends one line per deliberate gap to report.
 * Returns VK_OK or VK_EIO naming path. */
vk_status vk_samplegen_write_indicators(const char *path,
                                        const vk_samplegen_row *b, size_t n,
                                        int gaps, uint64_t seed,
                                        vk_strbuf *report, vk_error *err);

/* Writes a long table in the shape of the Leefbaarometer open data:
 * "bu_code,jaar,lbm,lbm_klasse,onv" with ',' and a decimal point, one row
 * per land buurt with at least 50 inhabitants and year (2014, 2016, 2018,
 * 2020, 2022); the 2014 onv and the 2022 values equal the wide table's,
 * the years between are interpolated with a little noise, lbm moves with
 * onv and lbm_klasse is the class of the year's lbm (the wide table's
 * thresholds). Returns VK_OK or VK_EIO. */
vk_status vk_samplegen_write_lbm_long(const char *path,
                                      const vk_samplegen_row *b, size_t n,
                                      uint64_t seed, vk_error *err);

/* The 2014 values of a buurt's row as the tables have them: onv_2014 and
 * kwetsbaar_pct_2014. */
void vk_samplegen_values_2014(const vk_samplegen_row *b, uint64_t seed,
                              double *onv14, double *kw14);

/* A town with a fixed place: the sample's gemeenten, the national set's big
 * cities. */
typedef struct vk_samplegen_town_def {
    double x, y;      /* centre, RD km */
    double w;         /* peak relative seed density */
    double sigma;     /* radius of the dense core, km */
    int number;       /* gemeentecode digits; 0: drawn at random */
    const char *name; /* gemeentenaam; NULL: made up */
} vk_samplegen_town_def;

/* What to generate: the sample region or the national benchmark set. */
typedef struct vk_samplegen_scale {
    const char *label;      /* "sample" or "national" */
    const char *gpkg, *csv; /* output file names */
    const char *lbm;        /* the long Leefbaarometer-shaped table */
    int national;
    int shapefile;         /* also write buurten.shp */
    int gaps;              /* deliberate gaps in the indicator table */
    const double *outline; /* region, RD km, x/y pairs */
    size_t n_outline;
    const vk_samplegen_town_def *towns; /* placed first */
    size_t ntowns;
    int buurten, wijken, gemeenten; /* wanted counts */
    double rural, water;            /* relative seed densities */
    double seg_m; /* boundary detail: target segment length, m */
} vk_samplegen_scale;

/* A town: a peak of seed density and the centre of one gemeente. */
typedef struct vk_samplegen_town {
    double x, y;  /* centre, RD km */
    double w;     /* peak relative seed density */
    double sigma; /* radius of the dense core, km */
    double pull;  /* head start of its gemeente when grouping, km */
} vk_samplegen_town;

/* A Voronoi edge with its boundary detail. */
typedef struct vk_samplegen_edge {
    int s0, s1;            /* seeds on either side, s0 < s1 */
    double ax, ay, bx, by; /* endpoints, a before b in (x, y) order, m */
    int straight;          /* no boundary detail (after a repair) */
    double *pts;           /* xy from a to b, both included */
    size_t npts;
} vk_samplegen_edge;

typedef struct vk_samplegen_buurt {
    int seed; /* Voronoi seed; -1 for the lake */
    int wijk;
    vk_samplegen_kind kind;
    double dist;  /* grouping distance from its wijk's seed */
    double x, y;  /* a point inside, RD km */
    double urban; /* 0 buitengebied .. 1 town centre */
    double ring;  /* 0..1: just outside a town centre */
    double area;  /* km2 */
    long inwoners;
    int number; /* within the wijk */
    char code[32];
    char *name;
} vk_samplegen_buurt;

typedef struct vk_samplegen_wijk {
    int seed;     /* the buurt seed it grew from */
    int gemeente; /* town index while grouping, then gemeente index */
    double dist;  /* grouping distance from the gemeente's first wijk */
    int number;
    int nbuurten;
    char code[32];
    char *name;
} vk_samplegen_wijk;

typedef struct vk_samplegen_gemeente {
    int town;
    int number; /* the four digits of the code */
    char code[32];
    char *name;
    int nwijken;
    vk_samplegen_names buurt_names, wijk_names;
} vk_samplegen_gemeente;

/* A growable array of x/y pairs. Zero-initialise. */
typedef struct vk_samplegen_xy {
    double *v;
    size_t n, cap; /* doubles, not points */
} vk_samplegen_xy;

/* The lake: rings closed and counter-clockwise, RD metres. */
typedef struct vk_samplegen_lake {
    int host; /* buurt index of the land buurt around it, -1: none */
    int self; /* buurt index of the lake */
    vk_samplegen_xy shell, island;
} vk_samplegen_lake;

/* The whole generator state; owned by main(). */
typedef struct vk_samplegen {
    const vk_samplegen_scale *sc;
    int national;
    uint64_t seed;
    GEOSContextHandle_t geos;

    vk_samplegen_town *towns;
    size_t ntowns;
    double dscale; /* seeds per km2 per unit of relative density */

    /* Seeds, RD metres, and what they are. */
    size_t ns;
    double *sx, *sy;
    unsigned char *inside, *water;
    double *spacing; /* local mean seed spacing, km */

    /* Delaunay triangles (counter-clockwise) and rounded circumcentres. */
    size_t nt;
    int *tv;
    double *cc;
    size_t *fan_off; /* triangles around each seed, in angular order */
    int *fan;
    unsigned char *closed;

    /* Voronoi edges; the cycle of a cell holds e, or ~e when reversed. */
    vk_samplegen_edge *e;
    size_t ne, cap_e;
    uint64_t *ekey;
    int *eval;
    size_t emask;
    size_t *cell_off;
    int *ce;

    vk_samplegen_buurt *b;
    size_t nb, cap_b;
    int *seed_buurt; /* buurt of an inside seed, else -1 */
    vk_samplegen_wijk *w;
    size_t nw;
    vk_samplegen_gemeente *g;
    size_t ng;
    vk_samplegen_lake lk;

    int repairs; /* cells whose edges were straightened */
} vk_samplegen;

/* mesh.c: the scale called label ("sample", "national"), or NULL. */
const vk_samplegen_scale *vk_samplegen_scale_find(const char *label);

/* mesh.c: towns, seeds, Delaunay triangles, Voronoi cells and one buurt per
 * cell of the region. Returns VK_OK or VK_EINTERNAL. */
vk_status vk_samplegen_build_mesh(vk_samplegen *G, vk_error *err);

/* mesh.c: the lake and its island in the roomiest rural buurt. */
void vk_samplegen_add_lake(vk_samplegen *G);

/* mesh.c: boundary detail on every edge, straightening the edges of
 * invalid cells until all are valid. Returns VK_OK or VK_EINTERNAL. */
vk_status vk_samplegen_add_detail(vk_samplegen *G, vk_error *err);

/* mesh.c: the closed counter-clockwise ring of seed i's cell, into out. */
void vk_samplegen_cell_ring(const vk_samplegen *G, int i, vk_samplegen_xy *out);

/* mesh.c: area of buurt b in km2, from its final geometry. */
double vk_samplegen_buurt_area(const vk_samplegen *G, int b,
                               vk_samplegen_xy *tmp);

/* mesh.c: the seed across edge entry c (e or ~e) of seed i's cell. */
int vk_samplegen_across(const vk_samplegen *G, int c, int i);

/* mesh.c: name of the water at (x, y) RD km. */
const char *vk_samplegen_water_name(const vk_samplegen *G, double x, double y);

/* mesh.c: a GEOS linear ring from n points, optionally reversed. */
GEOSGeometry *vk_samplegen_geos_ring(GEOSContextHandle_t h, const double *xy,
                                     size_t n, int reverse);

void vk_samplegen_xy_push(vk_samplegen_xy *b, double x, double y);

/* Twice the signed area of a closed ring of n points (positive: CCW). */
double vk_samplegen_ring_area2(const double *xy, size_t n);

/* hierarchy.c: buurten into wijken, wijken into gemeenten (towns), at most
 * 100 wijken per gemeente. Returns VK_OK or VK_EINTERNAL. */
vk_status vk_samplegen_group(vk_samplegen *G, vk_error *err);

/* hierarchy.c: urbanity, ring weight and kind of every buurt. */
void vk_samplegen_classify(vk_samplegen *G);

/* hierarchy.c: gemeente, wijk and buurt numbers and codes. Returns VK_OK or
 * VK_EINTERNAL when the codes run out. */
vk_status vk_samplegen_number(vk_samplegen *G, vk_error *err);

/* hierarchy.c: names for gemeenten, wijken and buurten. */
void vk_samplegen_name(vk_samplegen *G);

/* hierarchy.c: aantal_inwoners of every buurt. */
void vk_samplegen_populate(vk_samplegen *G);

/* grid.c: the 100 m cells of the populated area of the buurten bu (in code
 * order; order[k] is the buurt index of feature k), as a buurten layer
 * (code "E1234N4567", the containing buurt's names and codes, water 0, the
 * buurt's inhabitants spread over its cells) and one table row per cell
 * (strings borrowed from the cells), and (owner not NULL) the feature of
 * bu each cell lies in. Caller owns them. VK_EINTERNAL when the grid would
 * be too large. */
vk_status vk_samplegen_grid(const vk_samplegen *G, const vk_features *bu,
                            const int *order, vk_features **cells,
                            vk_samplegen_row **rows, int **owner,
                            vk_error *err);

/* samplegen.c: feature sets as the generator builds them. An empty set in
 * RD New; the next feature of a set whose f has room (its fid the count);
 * its polygons closed and bboxes set. */
vk_features *vk_samplegen_new_features(const char *layer);
vk_feature *vk_samplegen_next_feature(vk_features *fs);
void vk_samplegen_finish_feature(vk_features *fs, vk_feature *f);
/* samplegen.c: polygon p of g in GEOS; the polygons of a polygonal GEOS
 * geometry added to fs (shells counter-clockwise); the coverage union of
 * features sel[0..n) of bf added to fs. */
GEOSGeometry *vk_samplegen_geomset_polygon(GEOSContextHandle_t h,
                                           const vk_geomset *g, size_t p);
void vk_samplegen_add_geos(GEOSContextHandle_t h, vk_features *fs,
                           const GEOSGeometry *u);
vk_status vk_samplegen_union_into(const vk_samplegen *G,
                                  const vk_features *bf, const int *sel,
                                  size_t n, vk_features *fs, vk_error *err);

/* werkgebieden.c: path, a CSV (naam,codes) of three corporaties'
 * werkgebieden over fs (buurten, wijken, gemeenten): the first two
 * gemeenten, ten buurten of the third, the first wijk of the first. */
vk_status vk_samplegen_write_werkgebieden(const vk_features *const fs[3],
                                          const char *path, vk_error *err);

/* indeling2014.c: the region's buurten of 2014 (--indeling-2014), made from
 * those of 2022 (bu, in code order, with their table rows; order as for
 * vk_samplegen_grid): some split or merged since, one code renamed, and a
 * gemeente that was two (a herindeling); tables on them and one on bu
 * from the same 100 m population (the truth), and that population, into
 * dir/<prefix>-*. */
vk_status vk_samplegen_write_2014(const vk_samplegen *G,
                                  const vk_features *bu,
                                  const vk_samplegen_row *rows,
                                  const int *order, const char *dir,
                                  const char *prefix, vk_error *err);

#endif
