/* SPDX-License-Identifier: MIT */
/* Boundary sources: read buurten, wijken and gemeenten through OGR into flat
 * polygon arrays in the source CRS. The only module that uses GDAL and GEOS. */
#ifndef VK_SOURCE_H
#define VK_SOURCE_H

#include <stddef.h>

#include "vk/core.h"

typedef struct vk_bbox {
    double minx, miny, maxx, maxy;
} vk_bbox;

/* Polygons of a layer in one shared store. Ring r holds points
 * [ring_off[r], ring_off[r+1]) of xy (x at 2i, y at 2i+1, CRS units);
 * polygon p holds rings [poly_off[p], poly_off[p+1]), the first being the
 * shell, the others holes. Rings are closed (first point == last point). */
typedef struct vk_geomset {
    double *xy;
    size_t npts, cap_pts;
    size_t *ring_off; /* nrings + 1 entries */
    size_t nrings, cap_rings;
    size_t *poly_off; /* npolys + 1 entries */
    size_t npolys, cap_polys;
} vk_geomset;

/* One area feature (buurt, wijk or gemeente). Strings are UTF-8, owned by the
 * feature set; NULL when the source has no such column. */
typedef struct vk_feature {
    long fid;            /* OGR feature id */
    char *code;          /* key: buurtcode, wijkcode or gemeentecode */
    char *name;          /* buurtnaam, wijknaam or gemeentenaam */
    char *wijkcode;      /* parent wijk, buurten only */
    char *gemeentecode;  /* parent gemeente */
    char *gemeentenaam;
    int water;           /* 1 when the water column says JA (or yes,
                            true, 1) */
    double inwoners;     /* aantal_inwoners; NAN when unknown or nodata */
    char **attrs;        /* the kept attributes (vk_features.attr_names),
                            as text, NULL for a null field; NULL when none
                            are kept */
    size_t poly_first, poly_count; /* polygons in the set's geomset */
    vk_bbox bbox;        /* empty features have minx > maxx */
    int loaded;          /* read on demand: 1 its geometry has been read,
                            2 read and checked for validity */
} vk_feature;

typedef struct vk_features {
    char *path;          /* dataset as given by the user */
    char *layer;         /* layer name, or "dissolved from buurten" */
    char *crs_wkt;       /* WKT2 of the CRS the coordinates are in */
    char *crs_name;      /* e.g. "EPSG:28992" or the CRS name */
    int crs_geographic;  /* 1 for lon/lat */
    double crs_unit_m;   /* metres per linear unit of a projected CRS (1
                            for metres, 0.3048006096 for US survey feet);
                            0 for lon/lat or not known */
    vk_feature *f;
    size_t n;
    size_t cap;          /* room in f (vk_features_append); 0: exactly n */
    vk_geomset g;
    vk_bbox extent;
    vk_warnings warnings; /* skipped or repaired features, etc. */
    char **attr_names;   /* the attribute columns kept per feature (the
                            layer's spelling), nattrs of them */
    size_t nattrs;
} vk_features;

/* The three levels of a CBS wijk- en buurtkaart. */
typedef struct vk_boundaries {
    vk_features *buurten;
    vk_features *wijken;    /* read from a "wijken" layer or dissolved */
    vk_features *gemeenten; /* read from a "gemeenten" layer or dissolved */
} vk_boundaries;

typedef struct vk_source_opts {
    const char *layer;   /* buurten layer; NULL: "buurten" or the only layer */
    const char *key;     /* key column; NULL: buurtcode (or BU_CODE) */
    const char *crs;     /* CRS to assume when the source has none, or NULL */
    /* The columns of the buurten's roles; NULL: the CBS names. A role
     * named here must exist; a CBS name that does not is no role (no
     * gemeenten, wijken, water or residents then). */
    const char *area_field;       /* the gemeente: gemeentecode */
    const char *name_field;       /* the label: buurtnaam */
    const char *population_field; /* the mask: aantal_inwoners */
    const char *water_field;      /* water: water */
    const char *wijk_field;       /* the wijk: wijkcode */
    /* Attribute columns of the buurten to keep as text per feature
     * (vk_feature.attrs), those of them the layer has: the values a style
     * or classify may take from the boundaries. */
    const char *const *columns;
    size_t ncolumns;
    int all_columns;     /* 1: keep every attribute column (check
                            without a table reports them all) */
    int crs_optional;    /* 1: a layer without CRS is read all the same
                            (crs_wkt "", crs_name "none"): check and
                            classify need no coordinates */
} vk_source_opts;

/* Reads one layer. Column names are matched case-insensitively, with the
 * CBS 2022+ names first and the older ones (BU_CODE, BU_NAAM, WK_CODE,
 * GM_CODE, GM_NAAM, WATER, AANT_INW) as fallback. Returns a new feature set
 * owned by the caller, or NULL with err set (VK_EIO, VK_EFORMAT, VK_EDATA,
 * VK_EPROJ). */
vk_features *vk_source_read_layer(const char *path, const char *layer,
                                  const char *key, const char *crs,
                                  vk_error *err);
/* The same with every option of opts (roles, columns kept, CRS). */
vk_features *vk_source_read_buurten(const char *path,
                                    const vk_source_opts *opts,
                                    vk_error *err);

/* Reads buurten and, when present in the same dataset, the wijken and
 * gemeenten layers; otherwise dissolves them from the buurten by wijkcode and
 * gemeentecode (no such column: an empty set; a wijk or gemeente that
 * cannot be dissolved is a warning, its outline then its buurten's).
 * Returns VK_OK and fills *out (caller owns; free with
 * vk_boundaries_destroy), or an error. */
vk_status vk_source_read_boundaries(const char *path,
                                    const vk_source_opts *opts,
                                    vk_boundaries **out, vk_error *err);

/* The level of a feature set: which CBS columns it carries. */
typedef enum vk_level {
    VK_LEVEL_BUURT = 0, /* buurtcode buurtnaam wijkcode gemeentecode ... */
    VK_LEVEL_WIJK,      /* wijkcode wijknaam gemeentecode gemeentenaam ... */
    VK_LEVEL_GEMEENTE   /* gemeentecode gemeentenaam water aantal_inwoners */
} vk_level;

/* ---- reading on demand (ondemand.c) ---------------------------------- */

/* A boundary dataset kept open, to read what a job needs when it needs it:
 * every feature's attributes at once, geometry only where a page looks
 * (through the layer's spatial index), checked for validity then. */
typedef struct vk_source vk_source;

/* Opens path: its buurten layer (opts->layer, else "buurten" or the only
 * one) and the "wijken" and "gemeenten" layers when it has them. Returns a
 * new source (vk_source_close) or NULL with VK_EIO or VK_EDATA. */
vk_source *vk_source_open(const char *path, const vk_source_opts *opts,
                          vk_error *err);
void vk_source_close(vk_source *s);
/* The extent of a level's layer as the driver knows it without reading
 * the features into *out: 1, or 0 when it does not. */
int vk_source_layer_extent(vk_source *s, vk_level level, vk_bbox *out);
/* 1 when the dataset has a layer of this level (the buurten always). */
int vk_source_has_level(const vk_source *s, vk_level level);
/* The features of a level with their attributes, in the source's order,
 * without geometry (poly_count 0, bbox empty, loaded 0); the options (key,
 * roles, columns, crs assumed when the layer has none) as in
 * vk_source_read_buurten, for the buurten only. Unlike vk_source_read_layer
 * it keeps features without area: they count in the join and classification,
 * and are drawn as nothing. Returns a new set or NULL (VK_EDATA, VK_EPROJ). */
vk_features *vk_source_read_attrs(vk_source *s, vk_level level,
                                  const vk_source_opts *opts,
                                  vk_error *err);
/* Reads the geometry of the features of level (in fs, made by
 * vk_source_read_attrs of s) that the layer's spatial filter finds in box
 * (NULL: all), unless read already. Those whose envelope meets check (the
 * part a map shows; NULL: none) are checked for validity: an invalid
 * polygon is repaired and said in fs's warnings, also when it was read
 * before without the check. The others are taken as they are (beyond the
 * frame, or on a small overview map). Returns VK_OK. */
vk_status vk_source_load_box(vk_source *s, vk_level level, vk_features *fs,
                             const vk_bbox *box, const vk_bbox *check,
                             vk_error *err);
/* The same, checked, for the n features of fs with these indices. */
vk_status vk_source_load_features(vk_source *s, vk_level level,
                                  vk_features *fs, const size_t *which,
                                  size_t n, vk_error *err);
/* VK_EPROJ naming the file when the geometry read of fs lies outside its
 * CRS's area of use (lon/lat given as RD New, a wrong .prj); a warning
 * when it reaches well beyond. */
vk_status vk_source_check_area_of_use(vk_features *fs, vk_error *err);


/* Writes fs as a new layer with the CBS 2022+ column names of its level
 * (water as "JA"/"NEE", aantal_inwoners as integer, NAN as -99997) and
 * MultiPolygon geometry in fs->crs_wkt. driver is "GPKG" (the dataset is
 * created or, if it exists, the layer is added) or "ESRI Shapefile" (path is
 * the .shp; a .cpg saying UTF-8 and a .prj are written). Returns VK_OK or
 * VK_EIO naming the path. */
vk_status vk_source_write_layer(const char *path, const char *driver,
                                const char *layer, const vk_features *fs,
                                vk_level level, vk_error *err);

/* Writes 8-bit RGBA rows (straight alpha, stride bytes apart; the alpha is
 * left out) as a deflate-compressed RGB GeoTIFF with geotransform gt (GDAL
 * order) in crs_wkt and dpi as its resolution, through a temporary name
 * beside path then renamed. Deterministic (no time tag, no .aux.xml).
 * Returns VK_OK or VK_EIO naming path. */
vk_status vk_geotiff_write(const char *path, const unsigned char *rgba, int w,
                           int h, size_t stride, const double gt[6],
                           const char *crs_wkt, double dpi, vk_error *err);

void vk_features_destroy(vk_features *fs);
void vk_boundaries_destroy(vk_boundaries *b);

/* Metres per linear unit of the projected CRS crs (WKT, EPSG code or
 * anything OGR reads), as OGR's OSRGetLinearUnits gives it; 0 for a
 * geographic CRS or one OGR cannot read. The one place the unit is read:
 * the readers and geo's transformations fill crs_unit_m with it. */
double vk_crs_unit_m(const char *crs);
/* Metres on the ground per map unit of fs, the factor every distance in
 * metres (scale, scale bar, tolerances) is converted with: crs_unit_m, or
 * 1 when it is not known (metres assumed). */
double vk_features_unit_m(const vk_features *fs);
/* ---- lon/lat and the antimeridian (lonlat.c) ----------------------------
 * Lon/lat sets are read whole: a ring across the antimeridian continuous
 * (179 .. 181 degrees), the set in the window of longitudes from the
 * middle of its widest gap (Fiji at 177 .. 183), or, when it leaves none
 * (the world), split at 180 degrees. */

/* The middle of the widest run of 1-degree bins of longitude (x *
 * deg_per_unit) that no polygon of fs covers, into *cut (-180 .. 180):
 * 1, or 0 when every bin is covered. */
int vk_features_lon_gap(const vk_features *fs, double deg_per_unit,
                        double *cut);
/* lon moved by whole turns into [cut, cut + 360). */
double vk_lon_from(double lon, double cut);
/* Splits the features of lon/lat fs that reach past +-180 degrees there
 * (GDAL's WRAPDATELINE; the cut edge with a point every degree), for a CRS
 * whose edge is the antimeridian (Web Mercator). */
void vk_features_wrap_dateline(vk_features *fs);

/* dst's CRS fields (WKT, name, lon/lat, unit) become copies of src's. */
void vk_features_copy_crs(vk_features *dst, const vk_features *src);

/* A point inside feature i (GEOS point-on-surface of its largest polygon),
 * for labels and tests. Returns VK_OK, or VK_EDATA for an empty feature. */
vk_status vk_features_interior_point(const vk_features *fs, size_t i,
                                     double *x, double *y, vk_error *err);

/* Index of the feature with this code, or -1. Linear scan. */
long vk_features_find(const vk_features *fs, const char *code);

/* Appends a point / closes a ring / closes a polygon in a geomset; used by
 * readers and the transformer. */
void vk_geomset_add_point(vk_geomset *g, double x, double y);
/* Appends n points and returns them (x, y interleaved) to be filled. */
double *vk_geomset_add_points(vk_geomset *g, size_t n);
/* Room for npts points in all, allocated but not touched: a reader that
 * knows a bound spares the copies of growing (and, on a virtual machine,
 * the faults of memory touched once and given back). */
void vk_geomset_reserve(vk_geomset *g, size_t npts);
void vk_geomset_end_ring(vk_geomset *g);
void vk_geomset_end_poly(vk_geomset *g);
void vk_geomset_free(vk_geomset *g);

static inline int
vk_bbox_empty(const vk_bbox *b)
{
    return b->minx > b->maxx;
}

void vk_bbox_reset(vk_bbox *b);

/* Inline: it runs once per point of every layer read or projected. */
static inline void
vk_bbox_add(vk_bbox *b, double x, double y)
{
    if (x < b->minx) b->minx = x;
    if (x > b->maxx) b->maxx = x;
    if (y < b->miny) b->miny = y;
    if (y > b->maxy) b->maxy = y;
}

void vk_bbox_union(vk_bbox *b, const vk_bbox *o);
/* The bbox of feature f of fs, from its points. */
void vk_feature_bbox(const vk_features *fs, vk_feature *f);


/* ---- overlay (overlay.c) ------------------------------------------------ */

/* Feature a of one set shares area with feature b of another. */
typedef struct vk_overlap {
    size_t a, b;
    double area; /* of their intersection, in CRS units squared */
} vk_overlap;

typedef struct vk_overlaps {
    vk_overlap *o;   /* sorted by a, then b */
    size_t n;
    double *area_a;  /* each feature's own area, per set */
    double *area_b;
} vk_overlaps;

/* The overlay of two feature sets in the same CRS: every pair of a
 * feature of a and one of b whose interiors meet, with the area of their
 * intersection (GEOS overlay; neighbours that share an edge share no
 * area). An STRtree on b's envelopes; identical features are recognised
 * point for point and share exactly their area, as does a feature that
 * contains or lies within the other. nthreads 0: one per core. Fills *out
 * (vk_overlaps_free) and returns VK_OK, or VK_EDATA naming both features
 * when GEOS cannot intersect them. */
vk_status vk_source_overlaps(const vk_features *a, const vk_features *b,
                             int nthreads, vk_overlaps *out, vk_error *err);
void vk_overlaps_free(vk_overlaps *o);


/* A finer layer as counted points (points.c): every feature with a
 * positive number in column (NULL: aantal_inwoners, AANT_INW, inwoners or
 * population) as a feature of one point (a polygon's centroid) whose
 * inwoners is that number; layer NULL: "buurten" or the only one. For
 * population weights from 100 m grid cells or address points. Returns a
 * new set or NULL (VK_EIO; VK_EDATA without the column). */
vk_features *vk_source_read_points(const char *path, const char *layer,
                                   const char *column, const char *crs,
                                   vk_error *err);

/* ---- areas (area.c) ----------------------------------------------------
 * What a map shows: a selection of the buurten of one vk_boundaries (a
 * gemeente, several, wijken, a set of buurten, a werkgebied, or all of
 * them), with masks over its three levels. Every stage asks the area
 * whether a buurt, wijk or gemeente is in it (vk_area_has_*), never
 * compares codes itself. */
typedef struct vk_area {
    char *id;          /* the selection as given, normalised, for messages,
                          bookmarks and file names: "GM0981",
                          "GM0981,GM0982", "WK098100", "all", or the
                          werkgebied's name */
    char *name[2];     /* for titles, Dutch and English (vk_area_name):
                          --area-name; a single gemeente's, wijk's or
                          buurt's name; the gemeente names joined ("A en
                          B", "A, B en C"); "N gemeenten" */
    char *gemeente;    /* the code of the one gemeente when the area is
                          exactly one whole gemeente (atlas file names,
                          the viewer's links), else NULL */
    int all;           /* every buurt: the masks below are NULL */
    size_t nbuurten;   /* buurten in the area */
    size_t ngemeenten; /* gemeenten with a buurt in it */
    size_t n[3];       /* the lengths of bu, wk, gm */
    unsigned char *bu; /* per buurt: 1 in the area, 2 in it with the
                          whole of its gemeente */
    unsigned char *wk; /* per wijk: 1 when one of its buurten is in it */
    unsigned char *gm; /* per gemeente: 1 when one of its buurten is in it,
                          2 when all of them are */
} vk_area;

/* The index in parents (wijken, or gemeenten when gemeente is 1) of each
 * buurt of bu's wijk or gemeente, matched by code without case; -1 for
 * none. A new array of bu->n. The one way a buurt finds its wijk. */
long *vk_features_parents(const vk_features *bu, const vk_features *parents,
                          int gemeente);

/* Every buurt of b. */
vk_area *vk_area_all(const vk_boundaries *b);
/* The area of a list of codes of b, mixed: gemeente codes or names, wijk
 * codes, buurt codes (case-insensitive), or "all" alone. name NULL: made
 * from what is selected. what names the list in errors ("--area", a
 * file:line). Returns a new area, or NULL with VK_EDATA naming the first
 * code that matches nothing (with what the codes look like), or the area
 * when it holds no buurt. */
vk_area *vk_area_codes(const vk_boundaries *b, const char *const *codes,
                       size_t n, const char *name, const char *what,
                       vk_error *err);
/* As vk_area_codes from one text, codes separated by commas or
 * semicolons, or by spaces where a part is no gemeente name
 * ("GM0981,GM0982", "WK098100 BU09810001", "Den Haag"). */
vk_area *vk_area_parse(const vk_boundaries *b, const char *list,
                       const char *name, const char *what, vk_error *err);
/* The area of the buurten in mask (one byte per buurt of b, 1 in it), with
 * id and name as given (name NULL: from the gemeenten). NULL with VK_EDATA
 * naming id when the mask holds no buurt. */
vk_area *vk_area_mask(const vk_boundaries *b, const unsigned char *mask,
                      const char *id, const char *name, vk_error *err);
/* The polygons of the first layer of path (any OGR source; crs assumed
 * when it has none), a feature each: a werkgebied drawn as polygons.
 * NULL with VK_EIO, VK_EPROJ or VK_EDATA (no polygons). */
vk_features *vk_source_read_polygons(const char *path, const char *crs,
                                     vk_error *err);
/* mask[i] = 1 for each buurt of bu (with geometry) whose interior point
 * lies in one of the polygons of polys (same CRS), else 0. */
void vk_source_select_inside(const vk_features *polys,
                             const vk_features *bu, unsigned char *mask);
/* An area per gemeente of b, in b's order, each exactly that gemeente
 * (id its code, name its name), made in one pass; *out an array of
 * b->gemeenten->n (vk_area_destroy each, free the array). */
void vk_area_gemeenten(const vk_boundaries *b, vk_area ***out);
/* The buurten of the gemeenten a touches, whole (a copy of a when it is
 * one whole gemeente, all, or has no gemeenten): where breaks "per
 * gemeente" come from for an area of a wijk or of several gemeenten. */
vk_area *vk_area_of_gemeenten(const vk_boundaries *b, const vk_area *a);
/* A copy of a (NULL for NULL), for caches that outlive it. */
vk_area *vk_area_copy(const vk_area *a);
void vk_area_destroy(vk_area *a);

/* The area's name in lang (borrowed). */
const char *vk_area_name(const vk_area *a, vk_lang lang);
/* 1 when buurt (wijk, gemeente) i of the area's boundaries is in a; all
 * are when a is NULL or all. vk_area_has_gemeente is 1 for a gemeente
 * with any buurt in a; vk_area_whole_gemeente only when all its buurten
 * are. */
int vk_area_has_buurt(const vk_area *a, size_t i);
int vk_area_has_wijk(const vk_area *a, size_t i);
int vk_area_has_gemeente(const vk_area *a, size_t i);
int vk_area_whole_gemeente(const vk_area *a, size_t i);
/* 1 when buurt i is in a with the whole of its gemeente. */
int vk_area_in_whole_gemeente(const vk_area *a, size_t i);
/* 1 when a and b select the same buurten under the same id (NULL and
 * all are the same). */
int vk_area_same(const vk_area *a, const vk_area *b);

#endif
