/* SPDX-License-Identifier: MIT */
/* Option parsing and --help from one table per command; error reporting. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt *
find_opt(const cli_command *cmd, const char *name, size_t len)
{
    for (const cli_opt *o = cmd->opts; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static int usage_error(const cli_command *cmd, const char *fmt, ...)
    VK_PRINTF(2, 3);

static int
usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "veerkracht %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nsee: veerkracht %s --help\n", cmd->name);
    return EXIT_USAGE;
}

static int
set_value(const cli_command *cmd, const cli_opt *o, const char *v,
          cli_args *a)
{
    char *base = (char *)a + o->offset, *end;

    switch (o->kind) {
    case OPT_STR:
        *(const char **)(void *)base = v;
        return -1;
    case OPT_LIST: {
        cli_list *l = (cli_list *)(void *)base;

        if (l->n == CLI_LIST_MAX)
            return usage_error(cmd, "--%s given more than %d times", o->name,
                               CLI_LIST_MAX);
        l->v[l->n++] = v;
        return -1;
    }
    case OPT_INT: {
        long n;

        errno = 0;
        n = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 ||
            n > 1000000)
            return usage_error(cmd, "--%s needs a whole number", o->name);
        *(int *)(void *)base = (int)n;
        return -1;
    }
    case OPT_DOUBLE: {
        double d;

        errno = 0;
        d = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || errno != 0 || !isfinite(d) ||
            d <= 0)
            return usage_error(cmd, "--%s needs a positive number", o->name);
        *(double *)(void *)base = d;
        return -1;
    }
    case OPT_FLAG:
        *(int *)(void *)base = 1;
        return -1;
    }
    return -1;
}

int
cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *eq;
        const cli_opt *o;
        size_t len;
        int rc;

        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            a->help = 1;
            return -1;
        }
        if (strcmp(arg, "--debug") == 0) {
            a->debug = 1;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0)
            return usage_error(cmd, "unexpected argument \"%s\"", arg);
        eq = strchr(arg + 2, '=');
        len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        o = find_opt(cmd, arg + 2, len);
        if (o == NULL)
            return usage_error(cmd, "unknown option \"%s\"", arg);
        if (o->kind == OPT_FLAG) {
            rc = set_value(cmd, o, "", a);
        } else if (eq != NULL) {
            rc = set_value(cmd, o, eq + 1, a);
        } else if (i + 1 < argc) {
            rc = set_value(cmd, o, argv[++i], a);
        } else {
            return usage_error(cmd, "option \"%s\" needs a value", arg);
        }
        if (rc >= 0)
            return rc;
    }
    /* Required options last, so --help always works. */
    for (const cli_opt *o = cmd->opts; o->name != NULL; o++) {
        const char *base = (const char *)a + o->offset;

        if (o->required && o->kind == OPT_STR &&
            *(const char *const *)(const void *)base == NULL)
            return usage_error(cmd, "missing --%s", o->name);
        if (o->required && o->kind == OPT_INT &&
            *(const int *)(const void *)base == 0)
            return usage_error(cmd, "missing --%s", o->name);
        if (o->required && o->kind == OPT_LIST &&
            ((const cli_list *)(const void *)base)->n == 0)
            return usage_error(cmd, "missing --%s", o->name);
    }
    /* The first --table also serves the single-table commands. */
    if (a->table == NULL && a->tables.n > 0)
        a->table = a->tables.v[0];
    return -1;
}

void
cli_help(const cli_command *cmd, FILE *fp)
{
    fprintf(fp, "usage: veerkracht %s [options]\n\n%s\n\noptions:\n",
            cmd->name, cmd->summary);
    for (const cli_opt *o = cmd->opts; o->name != NULL; o++) {
        char left[64];

        snprintf(left, sizeof left, "--%s%s%s", o->name,
                 o->metavar ? " " : "", o->metavar ? o->metavar : "");
        fprintf(fp, "  %-26s %s%s\n", left, o->help,
                o->required ? " (required)" : "");
    }
    fprintf(fp, "  %-26s %s\n  %-26s %s\n", "--debug",
            "show where in the code an error was raised", "--help",
            "show this help");
    if (cmd->usage_extra != NULL)
        fprintf(fp, "\n%s\n", cmd->usage_extra);
}

int
cli_report(const char *cmd, const vk_error *err, int debug)
{
    char msg[1600];

    fprintf(stderr, "veerkracht %s: %s\n", cmd,
            vk_error_format(err, msg, sizeof msg));
    if (debug && err->src_file != NULL)
        fprintf(stderr, "  (raised at %s:%d)\n", err->src_file,
                err->src_line);
    switch (err->code) {
    case VK_OK:
        return EXIT_OK_;
    case VK_EUSAGE:
        return EXIT_USAGE;
    case VK_EIO:
    case VK_EFORMAT:
    case VK_EDATA:
    case VK_EPROJ:
        return EXIT_DATA;
    case VK_ERENDER:
    case VK_EINTERNAL:
        break;
    }
    return EXIT_INTERNAL;
}

void
cli_warnings(const vk_warnings *w)
{
    for (size_t i = 0; i < w->n; i++)
        fprintf(stderr, "warning: %s\n", w->msg[i]);
}

static vk_status
to_crs(vk_boundaries *b, const char *crs, vk_error *err)
{
    vk_features *sets[3] = {b->buurten, b->wijken, b->gemeenten};

    for (int i = 0; i < 3; i++)
        if (vk_geo_transform(sets[i], crs, err) != VK_OK)
            return err->code;
    return VK_OK;
}

vk_status
cli_load_boundaries(const cli_args *a, vk_boundaries **out, vk_error *err)
{
    vk_source_opts so = {a->layer, a->key, a->crs};
    vk_boundaries *b = NULL;

    if (vk_source_read_boundaries(a->boundaries, &so, &b, err) != VK_OK)
        return err->code;
    cli_warnings(&b->buurten->warnings);
    /* Draw in --crs, else the source CRS; never in stretched lon/lat. */
    if (a->crs != NULL && strcmp(a->crs, b->buurten->crs_name) != 0) {
        if (to_crs(b, a->crs, err) != VK_OK) {
            vk_boundaries_destroy(b);
            return err->code;
        }
    } else if (a->crs == NULL && b->buurten->crs_geographic) {
        if (to_crs(b, vk_geo_pick_projected(&b->buurten->extent), err) !=
            VK_OK) {
            vk_boundaries_destroy(b);
            return err->code;
        }
    }
    *out = b;
    return VK_OK;
}

double *
cli_buurt_values(const cli_args *a, const vk_features *fs, const char *column,
                 vk_error *err)
{
    vk_table_opts to = {a->table_key ? a->table_key : a->key, 0};
    vk_table *t = vk_table_read(a->table, &to, err);
    double *v;
    vk_join *j;

    if (t == NULL)
        return NULL;
    cli_warnings(vk_table_warnings(t));
    j = vk_join_make(fs, t);
    {
        /* Few rows joining: most likely boundaries of another year. */
        char *low = vk_join_low_match(fs, t, j);

        if (low != NULL)
            fprintf(stderr, "warning: %s\n", low);
        free(low);
    }
    v = vk_xcalloc(fs->n ? fs->n : 1, sizeof *v);
    if (vk_join_column(j, t, column, v, NULL, err) != VK_OK) {
        free(v);
        v = NULL;
    }
    for (size_t i = 0; v != NULL && i < fs->n; i++)
        if (fs->f[i].water)
            v[i] = NAN;
    vk_join_destroy(j);
    vk_table_destroy(t);
    return v;
}

const vk_feature *
cli_find_area(const vk_boundaries *b, const char *area, vk_error *err)
{
    const vk_features *g = b->gemeenten;
    vk_strbuf sb = {0};

    for (size_t i = 0; i < g->n; i++)
        if (vk_strcaseeq(g->f[i].code, area) ||
            (g->f[i].name != NULL && vk_strcaseeq(g->f[i].name, area)))
            return &g->f[i];
    for (size_t i = 0; i < g->n && i < 20; i++)
        vk_strbuf_appendf(&sb, "%s%s (%s)", i ? ", " : "", g->f[i].code,
                          g->f[i].name ? g->f[i].name : "?");
    if (g->n > 20)
        vk_strbuf_appendf(&sb, ", ... (%zu in all)", g->n);
    VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
               "gemeente \"%s\" not found", area);
    vk_error_hint(err, "the gemeenten are: %s", sb.s ? sb.s : "none");
    vk_strbuf_free(&sb);
    return NULL;
}

int
cli_label_mode(const char *cmd, const cli_args *a, vk_label_mode *out)
{
    if (a->labels == NULL || strcmp(a->labels, "name") == 0)
        *out = VK_LABELS_NAME;
    else if (strcmp(a->labels, "code") == 0)
        *out = VK_LABELS_CODE;
    else if (strcmp(a->labels, "none") == 0)
        *out = VK_LABELS_NONE;
    else {
        fprintf(stderr, "veerkracht %s: --labels is name, code or none, "
                "not \"%s\"\n", cmd, a->labels);
        return EXIT_USAGE;
    }
    return -1;
}

/* Reads every --table, printing each one's warnings when print is set
 * (as soon as it is read, so they come before a later table's error). */
static int
load_tables(const cli_args *a, vk_table **tables, vk_tableset *ts, int print,
            vk_error *err)
{
    vk_table_opts to = {a->table_key ? a->table_key : a->key, 0};

    ts->t = tables;
    ts->n = 0;
    for (int i = 0; i < a->tables.n; i++) {
        /* A long table's key is usually bu_code, found by default. */
        if ((tables[i] = vk_table_read(a->tables.v[i], &to, err)) == NULL) {
            cli_free_tables(tables, ts);
            return -1;
        }
        if (print)
            cli_warnings(vk_table_warnings(tables[i]));
        ts->n++;
    }
    return 0;
}

int
cli_read_tables(const cli_args *a, vk_table **tables, vk_tableset *ts,
                vk_error *err)
{
    return load_tables(a, tables, ts, 1, err);
}

int
cli_load_tables(const cli_args *a, vk_table **tables, vk_tableset *ts,
                vk_error *err)
{
    return load_tables(a, tables, ts, 0, err);
}

void
cli_table_warnings(const vk_tableset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        cli_warnings(vk_table_warnings(ts->t[i]));
}

void
cli_free_tables(vk_table **tables, vk_tableset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        vk_table_destroy(tables[i]);
    ts->n = 0;
}
