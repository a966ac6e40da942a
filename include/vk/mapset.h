/* SPDX-License-Identifier: MIT */
/* A map set: the boundaries, indicator tables and layer styles of a job,
 * read once, and per style the painted layer (values, classes, colours,
 * hatch, legend) for a scope and an area. render, atlas and tiles each
 * build one with a single call; everything it hands out is its own. */
#ifndef VK_MAPSET_H
#define VK_MAPSET_H

#include <stddef.h>

#include "vk/core.h"
#include "vk/source.h"
#include "vk/style.h"
#include "vk/table.h"

/* The most styles a set holds (a folder of styles, or --style given). */
#define VK_MAPSET_MAX_STYLES 32

/* Which levels of the boundaries a job needs. */
typedef enum vk_mapset_levels {
    VK_MAPSET_ALL_LEVELS = 0, /* buurten, wijken, gemeenten (print) */
    VK_MAPSET_BUURTEN         /* the buurten layer alone (tiles: outlines
                                 come from the buurten's codes) */
} vk_mapset_levels;

typedef struct vk_mapset_opts {
    const char *boundaries;    /* any OGR source */
    const char *layer;         /* buurten layer; NULL: "buurten" or the only
                                  one */
    const char *key;           /* key column on both sides; NULL: buurtcode */
    const char *table_key;     /* the tables' key when it differs */
    const char *crs;           /* CRS assumed when the source has none; with
                                  ALL_LEVELS also the CRS to draw in */
    const char *const *tables; /* indicator tables (CSV), in order */
    size_t ntables;
    const char *const *styles; /* style files, in the order given */
    size_t nstyles;
    const char *styles_dir; /* when no styles are given: every .yaml of
                               it, in the layers' order; NULL: "styles" */
    int no_styles;          /* a set of data alone (classify) */
    int on_demand;          /* read geometry only where pages look (one
                               area's pages: vk_mapset_load_area, then
                               vk_mapset_load_extent); falls back to
                               reading all when the dataset lacks a level
                               or its CRS is not the one to draw in */
    vk_mapset_levels levels;
    /* The buurten's column roles (vk_source_opts); NULL: the CBS names. */
    const char *area_field, *name_field, *population_field, *water_field;
    const char *wijk_field;
    const char *column; /* classify: a column that may also come from the
                           boundaries' attributes, as the styles' do */
    int crs_optional;   /* boundaries without a CRS are read all the same
                           (classify: values need no coordinates) */
    vk_lang lang;           /* the generated texts' language for every
                               style (--lang); VK_LANG_DEFAULT: each
                               style's own ("lang:", else Dutch) */
    const char *source;     /* the source line of every page (--source);
                               NULL: each style's, none when it names
                               none */
    vk_map_level level;     /* buurten or wijken for every style
                               (--level); VK_MAP_LEVEL_DEFAULT: each
                               style's own ("level:", else buurten). A
                               set with a style of wijken and only the
                               buurten level (tiles) also reads the
                               wijken' codes and names */
} vk_mapset_opts;

typedef struct vk_mapset vk_mapset;

/* Reads styles (first: their errors are the cheapest), then the boundaries
 * and, alongside, the tables. With ALL_LEVELS the boundaries are put in
 * the CRS to draw in: opts->crs when given, else the source's when it is
 * projected, else a projected one picked for the extent (never stretched
 * lon/lat). Each style gets a layer id for file and folder names (its id
 * as a slug). Returns a new set (caller destroys) or NULL with err set:
 * the codes of vk_style_load, vk_source_read_boundaries, vk_table_read
 * and vk_geo_transform; VK_EUSAGE when two styles share a layer id or a
 * folder holds more than VK_MAPSET_MAX_STYLES; VK_EDATA for a folder
 * without styles. The warnings met while reading (the boundaries', then
 * the tables') are appended to *warnings, also when it fails; NULL drops
 * them. */
vk_mapset *vk_mapset_open(const vk_mapset_opts *opts, vk_warnings *warnings,
                          vk_error *err);
void vk_mapset_destroy(vk_mapset *ms);

/* Moves the warnings gathered since the last call (classifying layers,
 * reading geometry on demand: repaired polygons, the CRS check) to
 * the end of out, in the order they arose. */
void vk_mapset_take_warnings(vk_mapset *ms, vk_warnings *out);

/* The styles, in the set's order, and their layer ids (borrowed). */
size_t vk_mapset_nstyles(const vk_mapset *ms);
const vk_style *vk_mapset_style(const vk_mapset *ms, size_t i);
const char *vk_mapset_layer_id(const vk_mapset *ms, size_t i);

/* What the set was read from: a copy of the options it was opened with,
 * its styles those loaded, in the set's order (borrowed). */
const vk_mapset_opts *vk_mapset_inputs(const vk_mapset *ms);

/* Adds what the outputs of the set depend on to d: the boundaries (a
 * Shapefile's .dbf, .shx, .prj and .cpg too) and the tables by identity
 * (path, size, modification time), the styles by content, the layer, keys
 * and CRS. The caller adds its own options. */
void vk_mapset_digest(const vk_mapset *ms, vk_digest *d);

/* The boundaries in the CRS to draw in (borrowed, as long as ms lives). */
const vk_boundaries *vk_mapset_boundaries(const vk_mapset *ms);
/* The tables (borrowed). */
const vk_tableset *vk_mapset_tables(const vk_mapset *ms);

/* Moves the boundaries to crs (all levels held), e.g. to EPSG:3857 for
 * tiles once the layers are classified. Returns VK_OK or the codes of
 * vk_geo_transform_sets. */
vk_status vk_mapset_to_crs(vk_mapset *ms, const char *crs, vk_error *err);

/* Reading on demand: the geometry of every gemeente (the overview) and
 * of area's buurten (all buurten when NULL), so that a page can be laid
 * out; then, for each page's extent, what lies in and near it: its wijken
 * and gemeenten, and its buurten unless the page shows an area (passed
 * again) whose surroundings are drawn as gemeenten (no gemeente of it in
 * part; the area's own buurten are read already). Both do nothing when
 * everything was read. Returns VK_OK, or VK_EPROJ when the coordinates
 * lie outside the CRS's area of use. */
vk_status vk_mapset_load_area(vk_mapset *ms, const vk_area *area,
                              vk_error *err);
vk_status vk_mapset_load_extent(vk_mapset *ms, const vk_bbox *extent,
                                const vk_area *area, vk_error *err);

/* The word of --area for the whole dataset. */
#define VK_MAPSET_AREA_ALL "all"
/* The area of --area: a list of gemeente codes or names, wijk and buurt
 * codes (vk_area_parse), or VK_MAPSET_AREA_ALL; name for its titles (NULL:
 * made from its gemeenten). A new area into *out (vk_area_destroy), or
 * VK_EDATA naming the code that selects nothing or the empty area. */
vk_status vk_mapset_area(const vk_mapset *ms, const char *list,
                         const char *name, vk_area **out, vk_error *err);
/* The area of --area-file: a CSV of codes (one per row, the first column;
 * a header optional), or any OGR polygon file in any CRS (the buurten
 * whose interior point lies in one of its polygons). As vk_mapset_area;
 * VK_EIO for a file that cannot be read. */
vk_status vk_mapset_area_file(vk_mapset *ms, const char *path,
                              const char *name, vk_area **out,
                              vk_error *err);
/* One row of a werkgebieden file: its name, line and area, or why it has
 * none. */
typedef struct vk_werkgebied {
    char *naam;
    long line;
    vk_area *area;  /* NULL when its codes select nothing */
    char *error;    /* then why: "FILE:LINE: buurt "X" not found; ..." */
} vk_werkgebied;

/* The werkgebieden of path, a CSV with the columns naam and codes (codes
 * separated by spaces, commas or semicolons), a row each in the file's
 * order: *out an array of *n (vk_werkgebieden_free). A row whose codes
 * select nothing has no area and says why: one bad row does not stop the
 * others. VK_EDATA for a file without the column codes or without rows;
 * VK_EIO, VK_EFORMAT as vk_table_read. */
vk_status vk_mapset_areas(const vk_mapset *ms, const char *path,
                          vk_werkgebied **out, size_t *n, vk_error *err);
/* Frees w[0..n) and w; the areas too unless taken (set to NULL). */
void vk_werkgebieden_free(vk_werkgebied *w, size_t n);

/* The values of a column per buurt from the first table that has it (the
 * boundaries' own attributes last; joined on the key) into out (a value per
 * buurt), NAN where there is none and for water buurten, which are never
 * classified; a warning when few rows join. Returns VK_OK, or the codes of
 * vk_join_column (VK_EDATA: no such column), VK_EUSAGE without a table or a
 * column of the boundaries. */
vk_status vk_mapset_column(vk_mapset *ms, const char *column, double *out,
                           vk_error *err);

/* Where a layer's class breaks come from. */
typedef enum vk_scope {
    VK_SCOPE_STYLE = 0, /* as the style says (its scope: key) */
    VK_SCOPE_ALL,       /* all buurten: maps of different gemeenten compare */
    VK_SCOPE_AREA       /* the area's buurten alone */
} vk_scope;

/* A style painted for an area: what a page or a tile layer shows. */
typedef struct vk_paint {
    const vk_style *style;      /* the set's */
    const vk_layer *layer;      /* values, breaks, class per buurt */
    const vk_rgba *fill;        /* colour per buurt */
    const unsigned char *hatch; /* 1 per masked buurt */
    const vk_area *area;        /* the caller's (lives as long as it
                                   does), NULL for all */
    vk_legend *legend;          /* the area's buurten counted */
    char *subtitle;             /* "<area name> – <style subtitle>" */
    const char *source;         /* the source line, or NULL for none */
    int scope_area;             /* breaks from the area's buurten alone */
    int no_class;               /* no buurt of the area has a class (all
                                   water, masked or without a value) */
    const char *year;           /* vk_mapset_paint_years: the year shown;
                                   else NULL */
    vk_legend *legend_years;    /* vk_mapset_paint_years: the one legend of
                                   all the years (no counts), on the first
                                   year's paint; else NULL */
    int wijk;                   /* a map of wijken (layer->wijk): drawn
                                   without buurt outlines, labelled and
                                   counted by wijk */
} vk_paint;

/* Paints style i for area (an area of vk_mapset_boundaries, or NULL for
 * all), of buurten or of wijken as its level says: breaks as scope says
 * (VK_SCOPE_AREA and a style scoped per gemeente take the area's buurten
 * (wijken), of one gemeente or more; without an area they take all), the
 * legend counting the area's buurten (or wijken). Breaks over all buurten are classified
 * once per style and shared by every paint of it (the set keeps them);
 * their warnings, and those of a layer made for an area, go to the set's
 * warnings. Returns a new paint (free with vk_paint_destroy) or NULL with
 * err set (the codes of vk_layer_make). Not for two threads at once. */
vk_paint *vk_mapset_paint(vk_mapset *ms, size_t i, vk_scope scope,
                          const vk_area *area, vk_error *err);

/* Style i painted for each of nyears years of a long table (the value's
 * year replaced, vk_layers_make_years) with the same breaks for every
 * year, classified once over the values of all the years pooled (from
 * the buurten scope and area say, as vk_mapset_paint); the years may be
 * the style's own (style->years). Writes nyears new paints to out (free
 * each with vk_paint_destroy), each with its year, its own legend (that
 * year's counts), the first also legend_years. Returns VK_OK, VK_EUSAGE without years,
 * or the codes of vk_layers_make_years: VK_EDATA naming the year and the
 * years the table has when it has no rows of a year. Not for two threads
 * at once. */
vk_status vk_mapset_paint_years(vk_mapset *ms, size_t i,
                                const char *const *years, size_t nyears,
                                vk_scope scope, const vk_area *area,
                                vk_paint **out, vk_error *err);
void vk_paint_destroy(vk_paint *p);

#endif
