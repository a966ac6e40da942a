/* SPDX-License-Identifier: MIT */
/* Option parsing and --help from one table per command; error reporting. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"

static const cli_opt *
find_opt(const cli_command *cmd, const char *name, size_t len)
{
    for (const cli_opt *o = cmd->opts; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

/* The options every command takes (parsed before its table). */
static const cli_opt COMMON[] = {
    {"debug", OPT_FLAG, NULL, "show where in the code an error was raised",
     offsetof(cli_args, debug), 0},
    {"help", OPT_FLAG, NULL, "show this help", offsetof(cli_args, help), 0},
    CLI_OPT_END,
};

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
    case OPT_AFTER_TABLE:
        if (a->tables.n == 0)
            return usage_error(cmd, "--%s must follow the --table it "
                               "belongs to", o->name);
        ((const char **)(void *)base)[a->tables.n - 1] = v;
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
    for (int t = 0; t < 2; t++)
        for (const cli_opt *o = t ? COMMON : cmd->opts; o->name; o++) {
            char left[64];

            snprintf(left, sizeof left, "--%s%s%s", o->name,
                     o->metavar ? " " : "", o->metavar ? o->metavar : "");
            fprintf(fp, "  %-26s %s%s\n", left, o->help,
                    o->required ? " (required)" : "");
        }
    if (cmd->usage_extra != NULL)
        fprintf(fp, "\n%s\n", cmd->usage_extra);
}

/* Text in roff: hyphens as \-, backslashes doubled, and a line that would
 * start with a control character ('.' or '\'') protected by \&. */
static void
roff_text(FILE *fp, const char *s)
{
    int bol = 1;

    for (; *s != '\0'; s++) {
        if (bol && (*s == '.' || *s == '\''))
            fputs("\\&", fp);
        if (*s == '-')
            fputs("\\-", fp);
        else if (*s == '\\')
            fputs("\\e", fp);
        else
            fputc(*s, fp);
        bol = *s == '\n';
    }
}

/* "style export" -> "veerkracht\\-style\\-export", the page's name. */
static void
page_name(const char *cmd, int upper, FILE *fp)
{
    fputs(upper ? "VEERKRACHT" : "veerkracht", fp);
    if (cmd == NULL)
        return;
    fputs("\\-", fp);
    for (; *cmd != '\0'; cmd++)
        if (*cmd == ' ')
            fputs("\\-", fp);
        else
            fputc(upper ? (*cmd & ~0x20) : *cmd, fp);
}

void
cli_man_name(const char *cmd, FILE *fp)
{
    page_name(cmd, 0, fp);
}

void
cli_man_header(const char *cmd, const char *summary, FILE *fp)
{
    fputs(".TH ", fp);
    page_name(cmd, 1, fp);
    fputs(" 1 \"\" \"veerkracht " VK_VERSION "\" \"veerkracht manual\"\n"
          ".SH NAME\n", fp);
    page_name(cmd, 0, fp);
    fputs(" \\- ", fp);
    roff_text(fp, summary);
    fputc('\n', fp);
}

void
cli_man(const cli_command *cmd, FILE *fp)
{
    cli_man_header(cmd->name, cmd->summary, fp);
    fputs(".SH SYNOPSIS\n.B veerkracht ", fp);
    roff_text(fp, cmd->name);
    fputs("\n[\\fIoptions\\fR]\n.SH OPTIONS\n", fp);
    for (int t = 0; t < 2; t++)
        for (const cli_opt *o = t ? COMMON : cmd->opts; o->name; o++) {
            fputs(".TP\n\\fB\\-\\-", fp);
            roff_text(fp, o->name);
            fputs("\\fR", fp);
            if (o->metavar != NULL) {
                fputs(" \\fI", fp);
                roff_text(fp, o->metavar);
                fputs("\\fR", fp);
            }
            fputc('\n', fp);
            roff_text(fp, o->help);
            fputs(o->required ? " (required)\n" : "\n", fp);
        }
    if (cmd->usage_extra != NULL) {
        fputs(".SH DESCRIPTION\n.nf\n", fp);
        roff_text(fp, cmd->usage_extra);
        fputs("\n.fi\n", fp);
    }
    fputs(".SH EXIT STATUS\n0 ok, 1 input or data error, 2 usage, 3 internal "
          "error.\n.SH SEE ALSO\n.BR veerkracht (1)\n", fp);
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
        .area_field = a->area_field,
        .name_field = a->name_field,
        .population_field = a->population_field,
        .water_field = a->water_field,
        .wijk_field = a->wijk_field,
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
    if (a->level != NULL && vk_map_level_parse(a->level, &o->level) != 0) {
        fprintf(stderr, "veerkracht %s: --level is buurt or wijk, not "
                "\"%s\"\n", cmd, a->level);
        return EXIT_USAGE;
    }
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

static int
is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
cli_default_styles(char *buf, size_t size)
{
    ssize_t n;
    char *slash;

    if (is_dir("styles"))
        return NULL;
    /* Relative to the binary, so an unpacked package or a moved prefix
     * finds its own styles. */
    n = readlink("/proc/self/exe", buf, size);
    if (n > 0 && (size_t)n < size) {
        buf[n] = '\0';
        if ((slash = strrchr(buf, '/')) != NULL) {
            *slash = '\0';
            if ((size_t)snprintf(slash, size - (size_t)(slash - buf),
                                 "/../share/veerkracht/styles") <
                    size - (size_t)(slash - buf) &&
                is_dir(buf))
                return buf;
        }
    }
    snprintf(buf, size, "%s", VK_STYLES_INSTALL_DIR);
    return is_dir(buf) ? buf : NULL;
}
