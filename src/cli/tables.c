/* SPDX-License-Identifier: MIT */
/* --table-boundaries: a table keyed on another indeling's buurten put on
 * the buurten of --boundaries before the map set reads it, the result kept
 * beside the outputs and reused while its inputs are unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CACHE_DIR ".veerkracht-realloc"

/* DIR/.veerkracht-realloc/<table's name>-<digest of the inputs>.csv */
static char *
cache_path(const cli_args *a, int i, const char *dir)
{
    const char *table = a->tables.v[i], *base = strrchr(table, '/');
    const char *dot;
    vk_digest d;
    char hex[17];

    base = base ? base + 1 : table;
    dot = strrchr(base, '.');
    vk_digest_init(&d, "reallocate 1");
    vk_digest_file(&d, table);
    vk_digest_file_id(&d, a->table_boundaries[i]);
    vk_digest_file_id(&d, a->boundaries);
    vk_digest_str(&d, a->layer);
    vk_digest_str(&d, a->key);
    vk_digest_str(&d, a->table_key);
    return vk_xasprintf("%s/" CACHE_DIR "/%.*s-%s.csv", dir,
                        (int)(dot ? dot - base : (long)strlen(base)), base,
                        vk_digest_hex(&d, hex));
}

/* Reallocates table i onto --boundaries into path. */
static vk_status
reallocate(const cli_args *a, int i, const char *path, vk_error *err)
{
    vk_realloc_files in = {a->table_boundaries[i], a->boundaries, a->layer,
                           a->key, a->tables.v[i],
                           a->table_key ? a->table_key : a->key, NULL, NULL};
    vk_table_opts to = {in.table_key, 0};
    const char *sum[CLI_LIST_MAX];
    vk_realloc_opts o;
    vk_table *t = vk_table_read(in.table, &to, err);
    char *sums, *names, *save = NULL, *dir;
    vk_realloc *r = NULL;

    if (t == NULL)
        return err->code;
    vk_realloc_opts_init(&o);
    sums = vk_table_count_columns(t);
    names = vk_xstrdup(sums); /* sums is cut into the names */
    vk_table_destroy(t);
    o.sum = sum;
    for (char *c = strtok_r(sums, ",", &save); c && o.nsum < CLI_LIST_MAX;
         c = strtok_r(NULL, ",", &save))
        sum[o.nsum++] = c;
    dir = vk_xstrndup(path, (size_t)(strrchr(path, '/') - path));
    if (vk_make_dirs(dir, err) == VK_OK &&
        (r = vk_realloc_run(&in, &o, err)) != NULL)
        cli_warnings(vk_realloc_warnings(r));
    if (r != NULL && vk_realloc_write(r, path, err) == VK_OK)
        fprintf(stderr, "%s: reallocated from %s onto %s (--sum %s), kept "
                "in %s\n", in.table, in.from, in.to, *names ? names : "none",
                path);
    vk_realloc_destroy(r);
    free(dir);
    free(names);
    free(sums);
    return err->code;
}

int
cli_mapset_opts_realloc(const char *cmd, const cli_args *a,
                        vk_mapset_levels levels, int out_is_file,
                        vk_mapset_opts *o, cli_tables *t)
{
    const char *slash = strrchr(a->out, '/');
    char *dir = !out_is_file ? vk_xstrdup(a->out)
                : slash ? vk_xstrndup(a->out, (size_t)(slash - a->out))
                        : vk_xstrdup(".");
    vk_error err;

    vk_error_init(&err);
    memset(t, 0, sizeof *t);
    cli_mapset_opts(a, levels, o);
    for (int i = 0; i < a->tables.n; i++) {
        t->v[i] = a->tables.v[i];
        if (a->table_boundaries[i] == NULL)
            continue;
        t->own[i] = cache_path(a, i, dir);
        t->v[i] = t->own[i];
        if (access(t->own[i], R_OK) == 0) {
            fprintf(stderr, "%s: reallocated onto %s before, reused from "
                    "%s\n", a->tables.v[i], a->boundaries, t->own[i]);
            continue;
        }
        if (reallocate(a, i, t->own[i], &err) != VK_OK) {
            cli_tables_free(t);
            free(dir);
            return cli_report(cmd, &err, a->debug);
        }
    }
    free(dir);
    o->tables = t->v;
    return -1;
}

void
cli_tables_free(cli_tables *t)
{
    for (int i = 0; i < CLI_LIST_MAX; i++)
        free(t->own[i]);
    memset(t, 0, sizeof *t);
}
