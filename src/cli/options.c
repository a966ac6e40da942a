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

void
cli_mapset_opts(const cli_args *a, vk_mapset_levels levels,
                vk_mapset_opts *o)
{
    *o = (vk_mapset_opts){
        .boundaries = a->boundaries,
        .layer = a->layer,
        .key = a->key,
        .table_key = a->table_key,
        .crs = a->crs,
        .tables = a->tables.v,
        .ntables = (size_t)a->tables.n,
        .styles = a->styles_given.v,
        .nstyles = (size_t)a->styles_given.n,
        .styles_dir = a->styles_dir,
        .levels = levels,
    };
}

vk_mapset *
cli_mapset_open(const vk_mapset_opts *o, vk_warnings *keep, vk_error *err)
{
    vk_warnings w = {0};
    vk_mapset *ms = vk_mapset_open(o, &w, err);

    cli_warnings(&w);
    for (size_t i = 0; keep != NULL && i < w.n; i++)
        vk_warnings_add(keep, "%s", w.msg[i]);
    vk_warnings_free(&w);
    return ms;
}

void
cli_mapset_warnings(vk_mapset *ms)
{
    vk_warnings w = {0};

    vk_mapset_take_warnings(ms, &w);
    cli_warnings(&w);
    vk_warnings_free(&w);
}

int
cli_page_options(const char *cmd, const cli_args *a, vk_paper *paper,
                 int *landscape, double *dpi)
{
    if (a->paper != NULL && vk_paper_parse(a->paper, paper) != 0) {
        fprintf(stderr, "veerkracht %s: --paper is A4 or A3, not \"%s\"\n",
                cmd, a->paper);
        return EXIT_USAGE;
    }
    if (a->orientation != NULL) {
        if (strcmp(a->orientation, "portrait") == 0) {
            *landscape = 0;
        } else if (strcmp(a->orientation, "landscape") == 0) {
            *landscape = 1;
        } else {
            fprintf(stderr, "veerkracht %s: --orientation is portrait or "
                    "landscape, not \"%s\"\n", cmd, a->orientation);
            return EXIT_USAGE;
        }
    }
    if (a->dpi > 0)
        *dpi = a->dpi;
    if (*dpi > 1200) {
        fprintf(stderr, "veerkracht %s: --dpi %g is more than 1200\n", cmd,
                *dpi);
        return EXIT_USAGE;
    }
    return -1;
}

int
cli_text_options(const char *cmd, const cli_args *a, vk_mapset_opts *o)
{
    if (a->lang != NULL && vk_lang_parse(a->lang, &o->lang) != 0) {
        fprintf(stderr, "veerkracht %s: --lang is nl or en, not \"%s\"\n", cmd,
                a->lang);
        return EXIT_USAGE;
    }
    o->source = a->source;
    return -1;
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
