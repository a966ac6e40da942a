/* SPDX-License-Identifier: MIT */
/* veerkracht reallocate: a table of one indeling's buurten on those of
 * another. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Splits a comma-separated list of columns in place into names. */
static size_t
split_cols(char *s, const char **names, size_t max)
{
    size_t n = 0;
    char *save = NULL;

    for (char *c = s ? strtok_r(s, ",", &save) : NULL; c && n < max;
         c = strtok_r(NULL, ",", &save))
        names[n++] = c;
    return n;
}

static int
min_coverage(const cli_args *a, double *out)
{
    char *end;

    if (a->min_coverage == NULL)
        return -1;
    errno = 0;
    *out = strtod(a->min_coverage, &end);
    if (*a->min_coverage == '\0' || *end != '\0' || errno != 0 ||
        !(*out >= 0 && *out <= 1)) {
        fprintf(stderr, "veerkracht reallocate: --min-coverage needs a "
                        "number from 0 to 1, e.g. 0.9\n");
        return EXIT_USAGE;
    }
    return -1;
}

static int
run(const cli_args *a)
{
    vk_realloc_files in = {a->from, a->to, a->layer, a->key, a->table,
                           a->table_key ? a->table_key : a->key,
                           a->population,
                           a->population_column};
    vk_realloc_opts o;
    const char *sum[CLI_LIST_MAX], *mean[CLI_LIST_MAX];
    char *sums = vk_xstrdup(a->sum), *means = vk_xstrdup(a->mean);
    vk_realloc *r = NULL;
    vk_error err;
    int rc;

    vk_error_init(&err);
    vk_realloc_opts_init(&o);
    if ((rc = min_coverage(a, &o.min_coverage)) >= 0)
        goto done;
    o.sum = sum;
    o.nsum = split_cols(sums, sum, CLI_LIST_MAX);
    o.mean = mean;
    o.nmean = split_cols(means, mean, CLI_LIST_MAX);
    o.weight_column = a->weight_column;
    o.threads = a->jobs;
    r = vk_realloc_run(&in, &o, &err);
    if (r == NULL || vk_realloc_write(r, a->out, &err) != VK_OK) {
        if (r != NULL)
            cli_warnings(vk_realloc_warnings(r));
        rc = cli_report("reallocate", &err, a->debug);
    } else {
        char *report = vk_realloc_report(r);

        cli_warnings(vk_realloc_warnings(r));
        fputs(report, stdout);
        printf("written: %s\n", a->out);
        free(report);
        rc = EXIT_OK_;
    }
done:
    vk_realloc_destroy(r);
    free(sums);
    free(means);
    return rc;
}

static const cli_opt OPTS[] = {
    {"from", OPT_STR, "FILE", "the buurten the table is keyed on (the old "
     "indeling): GeoPackage, Shapefile, ...", offsetof(cli_args, from), 1},
    {"to", OPT_STR, "FILE", "the buurten to reallocate to (the new "
     "indeling)", offsetof(cli_args, to), 1},
    {"table", OPT_STR, "FILE", "indicator table (CSV) keyed on the codes "
     "of --from; a long table (jaar column) year by year",
     offsetof(cli_args, table), 1},
    {"out", OPT_STR, "FILE", "the table keyed on the codes of --to, in the "
     "input's CSV dialect, with a column dekking",
     offsetof(cli_args, out), 1},
    {"sum", OPT_STR, "COLS", "count columns (comma-separated), split by "
     "share of overlap", offsetof(cli_args, sum), 0},
    {"mean", OPT_STR, "COLS", "rate and score columns, weighted means "
     "(numeric columns named in neither are means too)",
     offsetof(cli_args, mean), 0},
    {"weight-column", OPT_STR, "COLUMN", "weigh the means also by this "
     "column of the old buurt (e.g. inwoners)",
     offsetof(cli_args, weight_column), 0},
    {"population", OPT_STR, "FILE", "weights by population: 100 m grid "
     "cells or address points with an inhabitants column (default: area "
     "of overlap)", offsetof(cli_args, population), 0},
    {"population-column", OPT_STR, "COLUMN", "the inhabitants column of "
     "--population (default: aantal_inwoners, inwoners)",
     offsetof(cli_args, population_column), 0},
    {"min-coverage", OPT_STR, "0..1", "a new buurt covered less by old "
     "buurten with data gets no value (default 0.9)",
     offsetof(cli_args, min_coverage), 0},
    CLI_OPT_LAYER, CLI_OPT_KEYS,
    {"jobs", OPT_INT, "N", "threads for the overlay (default: all cores)",
     offsetof(cli_args, jobs), 0},
    CLI_OPT_END,
};

const cli_command cmd_reallocate = {
    "reallocate",
    "put a table of another year's buurten on these buurten",
    "Counts (--sum) are split by share of overlap, each old buurt's parts "
    "rounded by largest remainder so they add up to its value exactly; "
    "other numbers are weighted means; a new buurt within one old buurt "
    "keeps its values as written. Prints the report: coverage and sources "
    "per new buurt, those left without value, totals before and after.",
    OPTS, run};
