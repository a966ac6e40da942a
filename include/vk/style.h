/* SPDX-License-Identifier: MIT */
/* Map layer styles (styles/<layer>.yaml, read with libfyaml) and the legend
 * model shared by print and web. */
#ifndef VK_STYLE_H
#define VK_STYLE_H

#include <stddef.h>

#include "vk/classify.h"
#include "vk/core.h"
#include "vk/source.h"
#include "vk/table.h"

typedef struct vk_rgba {
    double r, g, b, a; /* 0..1 */
} vk_rgba;

/* How a value is compared with its gemeente (the mean of the gemeente's
 * buurten with a value, unweighted). */
typedef enum vk_relative {
    VK_RELATIVE_NONE = 0,
    VK_RELATIVE_DIFFERENCE, /* value minus the gemeente mean */
    VK_RELATIVE_RATIO       /* value divided by the gemeente mean */
} vk_relative;

typedef enum vk_value_op {
    VK_VALUE_COLUMN = 0, /* a */
    VK_VALUE_MINUS,      /* a - b */
    VK_VALUE_PER,        /* a / b * 100 */
    VK_VALUE_PERSISTENCE /* in how many of the years a was at most (at
                            least) the threshold */
} vk_value_op;

/* A year of a persistence value and where the style names it (for the
 * error when no table has it). */
typedef struct vk_value_year {
    char *year;
    long line, col;
} vk_value_year;

/* How a buurt's value is made from table columns. */
typedef struct vk_value_spec {
    vk_value_op op;
    char *a, *b;           /* column names; b NULL for VK_VALUE_COLUMN */
    char *year_a, *year_b; /* long tables: the year of a and of b, or NULL */
    vk_relative relative;
    int negate;            /* multiply by -1 (more overlast = -onv) */
    /* VK_VALUE_PERSISTENCE: a of a long table in each of the years; a
     * buurt counts the years with a <= threshold (at_least: >=). */
    vk_value_year *years;
    size_t nyears;
    double threshold;
    int at_least;
    char *file;            /* the style file, for the years' errors */
} vk_value_spec;

/* One classified dimension: its value and how it is cut into classes. */
typedef struct vk_axis {
    vk_value_spec value;
    char *title;       /* axis title of a bivariate map, may be NULL */
    vk_method method;
    vk_closure closure;
    int classes;
    double *breaks;    /* fixed breaks, nbreaks entries */
    size_t nbreaks;
} vk_axis;

/* What a layer maps (level:, --level): each buurt, or each wijk with
 * values aggregated from its buurten. VK_MAP_LEVEL_DEFAULT is "not said":
 * a style's own, else buurten. */
typedef enum vk_map_level {
    VK_MAP_LEVEL_DEFAULT = 0,
    VK_MAP_LEVEL_BUURT,
    VK_MAP_LEVEL_WIJK
} vk_map_level;
/* "buurt" or "wijk" into *out: 0, or -1 for anything else. */
int vk_map_level_parse(const char *s, vk_map_level *out);

/* How a wijk's value is made from its buurten' (aggregate:). */
typedef enum vk_aggregate {
    VK_AGGREGATE_MEAN = 0, /* weighted by the style's weight: column */
    VK_AGGREGATE_SUM
} vk_aggregate;

/* The column roles of the boundaries a style may name ("columns:" with
 * these keys), as the options --area-field, --name-field, ... do. */
typedef enum vk_role {
    VK_ROLE_AREA,       /* the gemeente: gemeentecode */
    VK_ROLE_NAME,       /* labels: buurtnaam */
    VK_ROLE_POPULATION, /* the mask's residents: aantal_inwoners */
    VK_ROLE_WATER,      /* water: water */
    VK_ROLE_WIJK,       /* the wijk: wijkcode */
    VK_ROLE_COUNT
} vk_role;
/* "area", "name", "population", "water", "wijk". */
extern const char *const vk_role_key[VK_ROLE_COUNT];

typedef struct vk_style {
    char *path;        /* file it came from */
    char *id;          /* file name without .yaml */
    int order;         /* position in a set of layers (0 if not given) */
    char *title;       /* Dutch map title */
    char *subtitle;    /* optional, may be NULL */
    char *unit;        /* "%" or "" */
    int decimals;      /* digits in legend labels */
    vk_axis x;         /* the value (the x axis of a bivariate map) */
    vk_axis y;         /* the y axis of a bivariate map */
    int bivariate;
    int scope_gemeente; /* breaks per gemeente instead of over all */
    vk_rgba *colors;   /* one per class; bivariate: x.classes * y.classes,
                          index iy * x.classes + ix from the bottom left */
    size_t ncolors;
    char **labels;     /* optional label per class, NULL if generated */
    size_t nlabels;
    vk_rgba nodata_color;
    char *nodata_label; /* the style's, else "Geen gegevens" in lang */
    double mask_min_inwoners; /* fewer residents: masked; 0 = no mask */
    char *mask_column; /* the residents from this column (the tables, then
                          the boundaries' attributes); NULL: the
                          boundaries' residents (aantal_inwoners or
                          --population-field) */
    vk_rgba mask_color;
    char *mask_label;  /* the style's, else "Minder dan N inwoners" */
    int nodata_label_given, mask_label_given; /* by the style file */
    char *role[VK_ROLE_COUNT]; /* "columns:": the boundaries' column of
                                  each role, or NULL (the CBS name, or the
                                  option's) */
    vk_lang lang;      /* of the generated texts: "lang:", else default */
    vk_map_level level; /* BUURT (default) or WIJK: "level:", --level */
    vk_aggregate aggregate; /* wijk level: "aggregate:", mean by default */
    char *weight;      /* wijk level: the weight of a mean ("weight:"),
                          looked up as mask_column; NULL: the boundaries'
                          residents */
    char *source;      /* "Bron: ..." line; NULL: none */
    char *date;        /* the date of the data, e.g. "2022" or
                          "1 januari 2023"; may be NULL */
    char **years;      /* "years:": the years of a long table the layer is
                          drawn for, ascending (small multiples, the
                          viewer's year slider); NULL: none */
    size_t nyears;
} vk_style;

/* The most years a style or --years names. */
#define VK_STYLE_MAX_YEARS 32

/* Parses --years, "2014,2016,2018" (commas or spaces): 1 to
 * VK_STYLE_MAX_YEARS years of digits, going up, each once, into a new
 * array *out of *n (free with vk_years_free). Returns VK_OK or VK_EUSAGE
 * naming the year at fault. */
vk_status vk_years_parse(const char *list, char ***out, size_t *n,
                         vk_error *err);
void vk_years_free(char **years, size_t n);

/* Loads and validates a style file. Errors name file:line:column and the key
 * (VK_EIO, VK_EFORMAT). Returns a new style (caller owns) or NULL. */
vk_style *vk_style_load(const char *path, vk_error *err);
/* As vk_style_load from memory; name is used in messages and for the id. */
vk_style *vk_style_load_mem(const char *name, const char *text, size_t len,
                            vk_error *err);
void vk_style_destroy(vk_style *s);
/* Puts the generated texts of s (the no-data and mask labels it does not
 * name; legends and pages read s->lang) in lang, as --lang does. */
void vk_style_set_lang(vk_style *s, vk_lang lang);

/* Loads a set of styles: the npaths files given, in that order, or else
 * every *.yaml of dir (NULL: "styles") sorted by their order: key, then
 * id. At most max. Returns the number loaded into out (caller destroys
 * each), or -1 with err set: the codes of vk_style_load; VK_EIO for a
 * folder that cannot be opened, VK_EDATA for one without styles,
 * VK_EUSAGE for more than max. */
int vk_styles_load(const char *const *paths, size_t npaths, const char *dir,
                   vk_style **out, size_t max, vk_error *err);

/* Parses "#rrggbb" or "#rrggbbaa". Returns 0 on success, -1 otherwise. */
int vk_color_parse(const char *s, vk_rgba *out);

/* Index into s->colors for class c of k computed classes: c itself when k
 * equals the number of colours, else spread evenly over the colour ramp
 * (degenerate data gives fewer classes than the style asks). */
size_t vk_style_color_index(const vk_style *s, int c, int k);

/* One legend entry: colour, Dutch label and the number of buurten in it. */
typedef struct vk_legend_entry {
    vk_rgba color;
    char *label;
    size_t count;
    int hatch;      /* 1: drawn with the grey hatch of masked buurten */
} vk_legend_entry;

typedef struct vk_legend {
    char *title;
    vk_legend_entry *e;
    size_t n;
    /* A bivariate legend without cell labels: the first grid_cols *
     * grid_rows entries form a square grid (entry iy * grid_cols + ix, from
     * the bottom left), the rest (no data, masked, water) follow as a
     * list. 0 for a list. */
    int grid_cols, grid_rows;
    char *x_title, *y_title;
    int no_counts;    /* 1: drawn without counts (the legend of several
                         years, vk_layers_legend) */
} vk_legend;

/* Builds the legend from a style and computed breaks: one entry per class
 * with the count in br (labels from the style, else from the breaks with
 * Dutch number formatting), then the no-data entry with nodata_count and
 * "Water" with water_count, each only if non-zero. Caller owns the result. */
vk_legend *vk_legend_build(const vk_style *s, const vk_breaks *br,
                           size_t nodata_count, size_t water_count);
void vk_legend_destroy(vk_legend *l);

/* The look of the map that does not depend on the layer (carto.c): one
 * table read by print (render, layout), tiles and the export. Colours are
 * 0xRRGGBB; widths in points on paper (tiles draw one or two CSS pixels). */
typedef struct vk_carto {
    unsigned buurt_line;        /* the area's buurt outlines */
    double buurt_line_alpha, buurt_line_pt;
    unsigned wijk_line;         /* the area's wijk boundaries */
    double wijk_line_pt;
    unsigned gm_line;           /* the area's gemeente boundary */
    double gm_line_pt;
    double overall_gm_line_pt;  /* gemeente lines on a small-scale map */
    double min_buurt_pt;        /* buurt outlines need buurten this big on
                                   average */
    unsigned surround_fill, surround_line; /* outside the area */
    unsigned other_gm_line;     /* other gemeenten' boundaries */
    double other_gm_line_pt;
    unsigned no_fill;           /* a buurt drawn without a layer */
    unsigned overview_fill, overview_area;
    unsigned hatch_line;        /* the hatch of masked buurten */
    double hatch_line_pt, hatch_spacing_pt;
    int hatch_period_px;        /* in tiles, CSS pixels */
    unsigned water;             /* water buurten */
    unsigned nodata, mask;      /* a style's defaults */
    unsigned label, neighbour_label, water_label;
    int wijk_minzoom, buurt_minzoom, gm_wide_minzoom; /* tiles */
} vk_carto;

extern const vk_carto vk_cartography;

/* rgb (0xRRGGBB) with alpha as a colour. */
vk_rgba vk_carto_rgba(unsigned rgb, double alpha);

/* The colour of water buurten. */
vk_rgba vk_style_water_color(void);

/* What a buurt shows when it has no class. */
enum {
    VK_CLASS_NODATA = -1, /* no value (missing, CBS no-data, no row) */
    VK_CLASS_MASKED = -2, /* fewer residents than the style's mask */
    VK_CLASS_WATER = -3   /* a water buurt */
};

/* A style applied to the buurten: their values, the breaks and each
 * buurt's class (0.. for a class, iy * x.classes + ix for bivariate, else a
 * VK_CLASS_* code). */
typedef struct vk_layer {
    const vk_style *style; /* borrowed */
    size_t n;              /* buurten */
    double *vx, *vy;       /* values; vy for bivariate only */
    vk_breaks *bx, *by;
    int *cls;
    vk_warnings warnings;  /* from the classification and the values */
    struct vk_layer_wijken *wijk; /* a map of wijken: their own values and
                                     classes (vk_layer_make_wijk); NULL
                                     for a map of buurten */
} vk_layer;

/* A layer of wijken: values and classes per wijk. The layer's arrays per
 * buurt hold those of the buurt's wijk (a water buurt stays
 * VK_CLASS_WATER, a buurt of no wijk VK_CLASS_NODATA), so fills, hatch
 * and tiles work per buurt as ever; outlines, labels and legend counts
 * use the wijken. */
typedef struct vk_layer_wijken {
    const vk_features *wijken; /* borrowed, as long as the layer */
    size_t n;                  /* wijken */
    long *of;                  /* per buurt: index of its wijk, or -1 */
    double *vx, *vy;           /* per wijk; vy for bivariate only */
    int *cls;                  /* per wijk: a class or a VK_CLASS_* code */
    double *inwoners;          /* per wijk: the mask's residents summed
                                  (NAN when no buurt knows them) */
} vk_layer_wijken;

/* Values of a spec for every feature of fs from the tables: the column (of
 * the given year for a long table), minus or per another one, relative to
 * the gemeente mean, negated, as the spec says; for a persistence value
 * the number of its years in which the column was at most (at least) the
 * threshold, NAN when any of those years has no value. NAN where a value
 * is missing and for water buurten. Errors name the column and the tables
 * (VK_EDATA); a persistence year no long table of the column has, the
 * style's file, line and column where it is named. */
vk_status vk_value_compute(const vk_value_spec *v, const vk_tableset *ts,
                           const vk_features *fs, double *out,
                           vk_error *err);

/* Computes values and classes of style s for the buurten fs. Breaks come
 * from the buurten of scope_area (an area of fs's boundaries), or from all
 * buurten when it is NULL (the caller decides; the style's scope: key says
 * what it asks for). Water and masked buurten never take part. Returns a new layer
 * (caller owns; it borrows s) or NULL with err set. */
vk_layer *vk_layer_make(const vk_style *s, const vk_tableset *ts,
                        const vk_features *fs, const vk_area *scope_area,
                        vk_error *err);
void vk_layer_destroy(vk_layer *l);

/* The layers of s for each of nyears years of a long table (the value's
 * year replaced: year:, or the later year of change:; a style whose values
 * have no year reads x's value of each year), with the same breaks for
 * every year: classified once over the values of all the years pooled (a
 * buurt once per year), from the buurten of scope_area or all. Fixed
 * breaks and categories are the same anyway. Writes nyears new layers to
 * out (caller destroys each; each owns a copy of the breaks; the breaks'
 * warnings are the first layer's). Returns VK_OK, or the codes of
 * vk_layer_make (VK_EDATA naming the year and the years the table has
 * when it has no rows of a year); VK_EUSAGE for 0 or more than
 * VK_STYLE_MAX_YEARS years. */
vk_status vk_layers_make_years(const vk_style *s, const vk_tableset *ts,
                               const vk_features *fs, const vk_area *scope_area,
                               const char *const *years, size_t nyears,
                               vk_layer **out, vk_error *err);

/* As vk_layer_make, for the wijken of wk (the buurten' wijk:
 * vk_feature.wijkcode, matched to the wijken's codes): a wijk's value
 * from its buurten that are not water and have one (aggregate: mean,
 * weighted by the style's weight: column or the residents; sum); a per
 * value as the sum of the numerators over that of the denominators, a
 * minus (change) value as the aggregate of each operand, then the
 * difference; negate and relative (to the mean of the gemeente's wijken)
 * after that; a categories axis takes the category with the most weight.
 * The mask compares the wijk's summed residents; a wijk of water buurten
 * alone is water. Breaks from the wijken of scope_area (an area of the
 * boundaries of fs and wk: its wijken with a buurt in it; all when NULL).
 * Returns a new layer (l->wijk set) or NULL with err set (VK_EDATA: no
 * wijken, or a column not found). */
vk_layer *vk_layer_make_wijk(const vk_style *s, const vk_tableset *ts,
                             const vk_features *fs, const vk_features *wk,
                             const vk_area *scope_area, vk_error *err);

/* The colour of every buurt. */
void vk_layer_fill(const vk_layer *l, vk_rgba *out);

/* 1 for every buurt drawn hatched (the masked ones), else 0: a pattern,
 * not a colour, so the mask never looks like a class. */
void vk_layer_hatch(const vk_layer *l, unsigned char *out);

/* The value of feature i as a table shows it, in the style's language:
 * the number with the style's decimals and unit, as its legend writes
 * numbers ("12,3%"); a bivariate layer's cell as its x and y levels
 * ("hoog/midden"). NULL for a feature without a class (no data, masked,
 * water). Caller frees. */
char *vk_layer_value_text(const vk_layer *l, size_t i);

/* The legend of the buurten of fs in area (all when NULL): classes with
 * their counts, then no data, masked and water entries when present. A
 * layer of wijken counts the wijken of area instead. */
vk_legend *vk_layer_legend(const vk_layer *l, const vk_features *fs,
                           const vk_area *area);
/* One legend for the layers of several years (vk_layers_make_years, the
 * same breaks): every entry any of them has, drawn without counts
 * (no_counts; the counts it holds are summed over the years). */
vk_legend *vk_layers_legend(vk_layer *const *l, size_t n,
                            const vk_features *fs, const vk_area *area);

#endif
