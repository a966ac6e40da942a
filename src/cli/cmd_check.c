/* SPDX-License-Identifier: MIT */
/* veerkracht check: how the indicator table joins to the boundaries. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The table is keyed on another indeling: the command that puts it on
 * these buurten, with the count columns guessed (sums). */
static void
hint_reallocate(const cli_args *a, const char *sums)
{
    const char *dot = strrchr(a->table, '.');
    int stem = dot && !strchr(dot, '/') ? (int)(dot - a->table)
                                        : (int)strlen(a->table);

    printf("\nThe table's codes are buurtcodes of another indeling (another "
           "year's buurten).\nReallocate it onto these buurten with the "
           "buurten of its year, then check the result:\n"
           "  veerkracht reallocate --from BUURTEN_OF_THE_TABLES_YEAR.gpkg "
           "--to %s --table %s%s%s --out %.*s-herverdeeld.csv\n",
           a->boundaries, a->table, *sums ? " --sum " : "", sums, stem,
           a->table);
}

static int
run(const cli_args *a)
{
    vk_table_opts to = {a->table_key ? a->table_key : a->key, 0};
    vk_source_opts so = {
        .layer = a->layer, .key = a->key, .crs = a->crs,
        .area_field = a->area_field, .name_field = a->name_field,
        .population_field = a->population_field,
        .water_field = a->water_field, .wijk_field = a->wijk_field,
        .crs_optional = 1,
        /* Without a table: the boundaries' own columns are reported. */
        .all_columns = a->table == NULL,
    };
    vk_boundaries *b = NULL;
    vk_table *t = NULL;
    vk_join *j = NULL;
    vk_error err;
    char *report;
    int rc = EXIT_OK_;

    vk_error_init(&err);
    if (vk_source_read_boundaries(a->boundaries, &so, &b, &err) != VK_OK)
        return cli_report("check", &err, a->debug);
    if (a->table == NULL)
        t = vk_table_from_features(b->buurten);
    else if ((t = vk_table_read(a->table, &to, &err)) == NULL) {
        vk_boundaries_destroy(b);
        return cli_report("check", &err, a->debug);
    }
    cli_warnings(&b->buurten->warnings);
    cli_warnings(&b->wijken->warnings);
    cli_warnings(&b->gemeenten->warnings);

    /* A long table joins one year at a time: report the latest. */
    if (vk_table_year_col(t) >= 0) {
        char *years = vk_table_years(t);
        const char *last = strrchr(years, ' ');
        vk_table *y;

        last = last ? last + 1 : years;
        printf("long table: column \"%s\", years %s; the join below is of "
               "%s\n", vk_table_colname(t, (size_t)vk_table_year_col(t)),
               years, last);
        y = vk_table_year(t, last, &err);
        free(years);
        vk_table_destroy(t);
        if ((t = y) == NULL) {
            vk_boundaries_destroy(b);
            return cli_report("check", &err, a->debug);
        }
    }
    j = vk_join_make(b->buurten, t);
    report = vk_join_report(b->buurten, t, j);
    fputs(report, stdout);
    free(report);
    if ((report = vk_join_low_match(b->buurten, t, j)) != NULL)
        fprintf(stderr, "warning: %s\n", report);
    free(report);
    if ((report = vk_join_other_indeling(b->buurten, t, j)) != NULL)
        hint_reallocate(a, report);
    free(report);
    /* Nothing joined at all is a data error: wrong key or wrong file. */
    if (j->nmatched == 0 && vk_table_nrows(t) > 0)
        rc = EXIT_DATA;
    vk_join_destroy(j);
    vk_table_destroy(t);
    vk_boundaries_destroy(b);
    return rc;
}

static const cli_opt OPTS[] = {
    CLI_OPT_BOUNDARIES(1),
    {"table", OPT_STR, "FILE", "indicator table (CSV); without it, the "
     "boundaries' own columns are reported", offsetof(cli_args, table), 0},
    CLI_OPT_LAYER, CLI_OPT_KEYS, CLI_OPT_CRS_ASSUME, CLI_OPT_END,
};

const cli_command cmd_check = {
    "check", "report how the table's rows join to the buurten",
    "Exit status 1 when no row joins (wrong key column or file). Without\n"
    "--table the report is of the boundaries alone: features, keys used\n"
    "twice, features without area, and per column the missing and no-data\n"
    "values.", OPTS, run};
