/* SPDX-License-Identifier: MIT */
/* The command line: option table, parsed arguments and the subcommands. */
#ifndef VK_CLI_H
#define VK_CLI_H

#include "vk/vk.h"

/* Every option any subcommand takes; each command lists the ones it uses. */
typedef struct cli_args {
    const char *boundaries, *table, *style, *area, *out, *paper, *crs;
    const char *layer, *key, *table_key, *field, *method, *breaks;
    const char *closure, *orientation;
    int classes;
    double dpi;
    int debug, help;
} cli_args;

typedef enum opt_kind { OPT_STR, OPT_INT, OPT_DOUBLE, OPT_FLAG } opt_kind;

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

/* Prints err to stderr as "veerkracht <cmd>: message" and returns the exit
 * status for its code. */
int cli_report(const char *cmd, const vk_error *err, int debug);
/* Prints warnings to stderr, prefixed "warning: ". */
void cli_warnings(const vk_warnings *w);

/* Reads boundaries and puts them in the CRS to draw in: --crs if given, the
 * source CRS if projected, else a local projected one. */
vk_status cli_load_boundaries(const cli_args *a, vk_boundaries **out,
                              vk_error *err);

extern const cli_command cmd_check, cmd_classify, cmd_render;

#endif
