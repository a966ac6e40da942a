/* SPDX-License-Identifier: MIT */
/* The command line: option table, parsed arguments and the subcommands. */
#ifndef VK_CLI_H
#define VK_CLI_H

#include "vk/vk.h"

/* Every option any subcommand takes; each command lists the ones it uses. */
#define CLI_LIST_MAX VK_MAPSET_MAX_STYLES

typedef struct cli_list {
    const char *v[CLI_LIST_MAX];
    int n;
} cli_list;

typedef struct cli_args {
    cli_list tables, styles_given; /* repeatable --table, --style */
    const char *styles_dir, *scope;
    const char *boundaries, *table, *style, *area, *out, *paper, *crs;
    const char *layer, *key, *table_key, *field, *method, *breaks;
    const char *area_field, *name_field, *population_field; /* roles */
    const char *water_field, *wijk_field;
    const char *closure, *orientation, *format;
    const char *labels;  /* render, atlas: name, code or none */
    const char *gemeente; /* atlas: codes or names, comma-separated */
    const char *area_file, *area_name; /* render: a werkgebied */
    const char *areas;    /* atlas: a CSV of werkgebieden */
    const char *lang, *source; /* the map's texts: language, source line */
    const char *years;   /* render, tiles: the years of a long table */
    const char *level;    /* render, atlas, tiles: buurt or wijk */
    int classes;
    int jobs, force;      /* atlas, tiles */
    int map_only;         /* render: the map frame alone */
    int table_page;       /* render, atlas: the table of the buurten */
    const char *zoom, *shard, *bbox;            /* tiles */
    const char *basemap, *basemap_attribution, *atlas; /* tiles: viewer */
    int tile_size, scale, mbtiles, tms, measure; /* tiles */
    int pmtiles, no_dir;                         /* tiles */
    int quiet, wait;                             /* atlas, tiles */
    double dpi;
    /* reallocate */
    const char *from, *to, *sum, *mean, *weight_column, *min_coverage;
    const char *population, *population_column;
    /* render, atlas, tiles: per --table, the --table-boundaries after it */
    const char *table_boundaries[CLI_LIST_MAX];
    int debug, help;
} cli_args;

typedef enum opt_kind {
    OPT_STR,
    OPT_LIST, /* repeatable: appends to a cli_list */
    OPT_INT,
    OPT_DOUBLE,
    OPT_FLAG,
    OPT_AFTER_TABLE /* belongs to the --table before it: an array of
                       CLI_LIST_MAX, one entry per --table */
} opt_kind;

typedef struct cli_opt {
    const char *name;    /* without the leading -- */
    opt_kind kind;
    const char *metavar; /* shown in --help */
    const char *help;
    size_t offset;       /* into cli_args */
    int required;
} cli_opt;

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage_extra; /* a paragraph after the options, or NULL */
    const cli_opt *opts;     /* terminated by a NULL name */
    int (*run)(const cli_args *a);
} cli_command;

/* Exit statuses. */
enum { EXIT_OK_ = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* Parses argv (after the command name) into a; prints a usage error and
 * returns EXIT_USAGE on a bad option, -1 to go on. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a);
void cli_help(const cli_command *cmd, FILE *fp);
/* The manual page of cmd in roff, from the same table as --help; the
 * header and NAME section of any page (cmd NULL: veerkracht(1)). */
void cli_man(const cli_command *cmd, FILE *fp);
void cli_man_header(const char *cmd, const char *summary, FILE *fp);
/* The page name of cmd in roff: veerkracht\-style\-export. */
void cli_man_name(const char *cmd, FILE *fp);

/* The styles folder when neither --style nor --styles is given: NULL
 * (./styles) when ./styles is a folder, else the installed styles beside
 * the binary (BIN/../share/veerkracht/styles), else those of the install
 * prefix, written into buf. */
const char *cli_default_styles(char *buf, size_t size);

/* Prints err to stderr as "veerkracht <cmd>: message" and returns the exit
 * status for its code. */
int cli_report(const char *cmd, const vk_error *err, int debug);
/* Prints warnings to stderr, prefixed "warning: ". */
void cli_warnings(const vk_warnings *w);

/* The map set options of the command line: boundaries, layer, keys,
 * --crs, every --table, the --style files or the --styles folder. Borrows
 * from a. */
void cli_mapset_opts(const cli_args *a, vk_mapset_levels levels,
                     vk_mapset_opts *o);
/* The --table paths as the map set reads them: those with
 * --table-boundaries replaced by their reallocation (tables.c). */
typedef struct cli_tables {
    const char *v[CLI_LIST_MAX];
    char *own[CLI_LIST_MAX];
} cli_tables;

/* cli_mapset_opts, with every --table that has --table-boundaries OLD put
 * on the buurten of --boundaries (veerkracht reallocate, the count
 * columns guessed as check guesses them): made in .veerkracht-realloc/
 * beside the outputs (in --out, or beside it when out_is_file) or reused
 * from there when the inputs are unchanged. t holds the paths while the
 * map set lives (cli_tables_free). Returns -1, or prints the error and
 * returns the exit status. */
int cli_mapset_opts_realloc(const char *cmd, const cli_args *a,
                            vk_mapset_levels levels, int out_is_file,
                            vk_mapset_opts *o, cli_tables *t);
void cli_tables_free(cli_tables *t);

/* Opens the map set, printing the warnings of the reading (also when it
 * fails) and appending them to keep when it is not NULL. */
vk_mapset *cli_mapset_open(const vk_mapset_opts *o, vk_warnings *keep,
                           vk_error *err);
/* Prints the map set's warnings since the last call. */
void cli_mapset_warnings(vk_mapset *ms);

/* --lang, --source and --level into o (render, atlas, tiles, style
 * export, which has no --level);
 * returns -1, or prints a usage error for cmd and returns EXIT_USAGE. */
int cli_text_options(const char *cmd, const cli_args *a, vk_mapset_opts *o);

/* The --labels mode of a (default: names) into *out; returns -1, or
 * prints a usage error for cmd and returns EXIT_USAGE. */
int cli_label_mode(const char *cmd, const cli_args *a, vk_label_mode *out);

/* --paper, --orientation and --dpi (render, atlas) into the outputs,
 * which keep their value when an option is not given; returns -1, or
 * prints a usage error for cmd and returns EXIT_USAGE. */
int cli_page_options(const char *cmd, const cli_args *a, vk_paper *paper,
                     int *landscape, double *dpi);

/* Options shared by several commands, one definition each. */
#define CLI_OPT_BOUNDARIES(required)                                       \
    {"boundaries", OPT_STR, "FILE", "buurten (and wijken, gemeenten): "    \
     "GeoPackage, Shapefile, ...", offsetof(cli_args, boundaries), required}
#define CLI_OPT_TABLE                                                      \
    {"table", OPT_STR, "FILE", "indicator table (CSV)",                    \
     offsetof(cli_args, table), 1}
#define CLI_OPT_TABLES                                                     \
    {"table", OPT_LIST, "FILE", "indicator table (CSV); repeat for more, " \
     "e.g. a long Leefbaarometer table; columns no table has are taken "   \
     "from the buurten's own", offsetof(cli_args, tables), 0}
/* The layer styles: the --style files in order, else every .yaml of the
 * --styles folder in the layers' order. */
#define CLI_OPT_STYLES                                                     \
    {"style", OPT_LIST, "FILE", "a layer style, e.g. styles/kwetsbare_"     \
     "bewoners.yaml; repeat for more (a page or layer each)",             \
     offsetof(cli_args, styles_given), 0},                                 \
    {"styles", OPT_STR, "DIR", "every style of a folder, when no --style " \
     "is given (default: ./styles, else the installed ones in "            \
     VK_STYLES_INSTALL_DIR ")", offsetof(cli_args, styles_dir), 0}
#define CLI_OPT_LAYER                                                      \
    {"layer", OPT_STR, "NAME", "buurten layer (default: buurten)",         \
     offsetof(cli_args, layer), 0}
/* The key, and the columns of the buurten's roles (docs/real-data.md,
 * "Other boundary files"). */
#define CLI_OPT_KEYS                                                       \
    {"key", OPT_STR, "COLUMN", "key column on both sides (default: "       \
     "buurtcode)", offsetof(cli_args, key), 0},                            \
    {"table-key", OPT_STR, "COLUMN", "key column of the table, if it "     \
     "differs", offsetof(cli_args, table_key), 0},                         \
    {"area-field", OPT_STR, "COLUMN", "the buurten's gemeente, what "      \
     "--area picks (default: gemeentecode)",                              \
     offsetof(cli_args, area_field), 0},                                   \
    {"name-field", OPT_STR, "COLUMN", "the buurten's names, for labels "   \
     "(default: buurtnaam)", offsetof(cli_args, name_field), 0},           \
    {"population-field", OPT_STR, "COLUMN", "residents, for a style's "    \
     "mask (default: aantal_inwoners)",                                   \
     offsetof(cli_args, population_field), 0},                             \
    {"water-field", OPT_STR, "COLUMN", "JA (yes, true, 1) for water "     \
     "(default: water)", offsetof(cli_args, water_field), 0},              \
    {"wijk-field", OPT_STR, "COLUMN", "the buurten's wijk, for wijk lines " \
     "(default: wijkcode)", offsetof(cli_args, wijk_field), 0}
#define CLI_OPT_CRS_ASSUME                                                 \
    {"crs", OPT_STR, "CRS", "CRS to assume when the boundaries have none", \
     offsetof(cli_args, crs), 0}
#define CLI_OPT_LABELS                                                     \
    {"labels", OPT_STR, "name|code|none", "buurt labels on the map "      \
     "(default name): buurtnaam, buurtcode or none",                      \
     offsetof(cli_args, labels), 0}
/* Options of a printed page (render and atlas). */
#define CLI_OPT_PAGE                                                       \
    {"paper", OPT_STR, "A4|A3", "paper size (default A4)",                 \
     offsetof(cli_args, paper), 0},                                        \
    {"orientation", OPT_STR, "portrait|landscape", "default: from the "    \
     "gemeente's shape", offsetof(cli_args, orientation), 0},              \
    {"dpi", OPT_DOUBLE, "N", "PNG resolution (default 300)",               \
     offsetof(cli_args, dpi), 0},                                          \
    {"crs", OPT_STR, "CRS", "draw in this CRS (default: the source's; "    \
     "assumed when the source has none)", offsetof(cli_args, crs), 0}
#define CLI_OPT_TABLE_BOUNDARIES                                           \
    {"table-boundaries", OPT_AFTER_TABLE, "FILE", "the buurten the "     \
     "--table before it is keyed on (another year's): reallocated onto "  \
     "--boundaries, kept in .veerkracht-realloc beside the outputs",      \
     offsetof(cli_args, table_boundaries), 0}
/* The language of the texts veerkracht writes on a map; the source line. */
#define CLI_OPT_LANG                                                       \
    {"lang", OPT_STR, "nl|en", "language of the generated texts (legend, " \
     "no data, scale, date, projection) and numbers (default: the "       \
     "style's lang:, else nl)", offsetof(cli_args, lang), 0}
#define CLI_OPT_SOURCE                                                     \
    {"source", OPT_STR, "TEXT", "source line of every map, over the "     \
     "styles' source: (default: the style's; none without)",              \
     offsetof(cli_args, source), 0}
#define CLI_OPT_YEARS(help)                                                \
    {"years", OPT_STR, "Y,Y,...", help, offsetof(cli_args, years), 0}
/* What every layer maps: buurten or wijken. */
#define CLI_OPT_LEVEL                                                      \
    {"level", OPT_STR, "buurt|wijk", "map buurten, or wijken with values " \
     "aggregated from their buurten, for every layer (default: the "     \
     "style's level:, else buurt)", offsetof(cli_args, level), 0}
/* Options of the batch commands (atlas, tiles). */
#define CLI_OPT_BATCH                                                      \
    {"quiet", OPT_FLAG, NULL, "no progress on stderr (warnings and "       \
     "errors only)", offsetof(cli_args, quiet), 0},                        \
    {"wait", OPT_FLAG, NULL, "when another run is writing into --out, "    \
     "wait for it to finish instead of stopping",                          \
     offsetof(cli_args, wait), 0}
#define CLI_OPT_END {NULL, OPT_STR, NULL, NULL, 0, 0}

/* ---- batch.c: what atlas and tiles share ----------------------------- */

/* Progress on stderr: on a terminal one line redrawn in place (a bar,
 * done/total, the rate, the time left); elsewhere a plain line every 10 s
 * and one at the end; with --quiet nothing. */
enum { CLI_PROGRESS_QUIET, CLI_PROGRESS_TTY, CLI_PROGRESS_LINES };
typedef struct cli_progress {
    const char *cmd;
    int mode;
    double t0, t_first, t_drawn;
    size_t first_done, done;
    int have, shown, ended;
} cli_progress;

void cli_progress_init(cli_progress *p, const char *cmd, int quiet);
/* done of total, what they are ("metatiles"); left_s the caller's
 * estimate of the time left, < 0 to estimate it from the rate. On a
 * terminal draws every half second, or a tenth when done changed, and at
 * the end. */
void cli_progress_show(cli_progress *p, size_t done, size_t total,
                       const char *what, double left_s);
/* Clears the line on a terminal (before another line is printed, and at
 * the end). */
void cli_progress_clear(cli_progress *p);

/* Takes the run lock of the output folder dir (part as in
 * vk_run_lock_take); with --wait waits for another run to finish, saying
 * so. Returns -1 with *out set, or prints the error and returns the exit
 * status. */
int cli_run_lock(const char *cmd, const char *dir, const char *part,
                 const cli_args *a, vk_run_lock **out);

extern const cli_command cmd_check, cmd_classify, cmd_render, cmd_layers,
    cmd_style_export, cmd_atlas;
extern const cli_command cmd_tiles;
extern const cli_command cmd_reallocate;

#endif
