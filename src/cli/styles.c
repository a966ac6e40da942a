/* SPDX-License-Identifier: MIT */
/* Sets of layer styles: --style given one by one, or a --styles folder;
 * and the `layers` command that lists them. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
cmp_style(const void *a, const void *b)
{
    const vk_style *x = *(vk_style *const *)a, *y = *(vk_style *const *)b;

    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of dir, sorted, as new strings. */
static int
list_dir(const char *dir, char **names, vk_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (d == NULL) {
        VK_FAIL_AT(err, VK_EIO, dir, 0, "cannot open the styles folder: %s",
                   strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);

        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        if (n == CLI_LIST_MAX) {
            VK_FAIL_AT(err, VK_EUSAGE, dir, 0, "holds more than %d styles",
                       CLI_LIST_MAX);
            break;
        }
        names[n++] = vk_xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (err->code == VK_OK && n == 0)
        VK_FAIL_AT(err, VK_EDATA, dir, 0, "has no .yaml styles");
    if (err->code != VK_OK) {
        while (n > 0)
            free(names[--n]);
        return -1;
    }
    qsort(names, (size_t)n, sizeof *names, cmp_name);
    return n;
}

int
cli_load_styles(const cli_args *a, vk_style **out, vk_error *err)
{
    char *names[CLI_LIST_MAX];
    int n = 0, loaded = 0;

    if (a->styles_given.n > 0) {
        for (int i = 0; i < a->styles_given.n; i++)
            names[n++] = vk_xstrdup(a->styles_given.v[i]);
    } else if ((n = list_dir(a->styles_dir ? a->styles_dir : "styles",
                             names, err)) < 0) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (err->code == VK_OK &&
            (out[loaded] = vk_style_load(names[i], err)) != NULL)
            loaded++;
        free(names[i]);
    }
    if (err->code != VK_OK) {
        while (loaded > 0)
            vk_style_destroy(out[--loaded]);
        return -1;
    }
    /* A folder is shown in the layers' own order; given ones as given. */
    if (a->styles_given.n == 0)
        qsort(out, (size_t)loaded, sizeof *out, cmp_style);
    return loaded;
}

/* "kwetsbaar_pct", "kwetsbaar_pct - kwetsbaar_pct_2014", "onv 2022 - onv
 * 2014, relative to the gemeente", ... */
static char *
describe_value(const vk_value_spec *v)
{
    vk_strbuf sb = {0};

    vk_strbuf_appendf(&sb, "%s%s%s%s", v->negate ? "-(" : "", v->a,
                      v->year_a ? " " : "", v->year_a ? v->year_a : "");
    if (v->op == VK_VALUE_MINUS)
        vk_strbuf_appendf(&sb, " - %s%s%s", v->b, v->year_b ? " " : "",
                          v->year_b ? v->year_b : "");
    else if (v->op == VK_VALUE_PER)
        vk_strbuf_appendf(&sb, " / %s * 100", v->b);
    if (v->negate)
        vk_strbuf_append(&sb, ")");
    if (v->relative == VK_RELATIVE_DIFFERENCE)
        vk_strbuf_append(&sb, " minus gemeente mean");
    else if (v->relative == VK_RELATIVE_RATIO)
        vk_strbuf_append(&sb, " / gemeente mean");
    return vk_strbuf_take(&sb);
}

static char *
describe_axis(const vk_axis *ax)
{
    char *val = describe_value(&ax->value);
    char *d = vk_xasprintf("%s [%s %d]", val, vk_method_name(ax->method),
                           ax->classes);

    free(val);
    return d;
}

static int
run(const cli_args *a)
{
    vk_style *st[CLI_LIST_MAX];
    vk_error err;
    int n;

    vk_error_init(&err);
    if ((n = cli_load_styles(a, st, &err)) < 0)
        return cli_report("layers", &err, a->debug);
    printf("%-24s %-34s %s\n", "layer", "title", "value [method classes]");
    for (int i = 0; i < n; i++) {
        char *x = describe_axis(&st[i]->x);

        if (st[i]->bivariate) {
            char *y = describe_axis(&st[i]->y);
            char *both = vk_xasprintf("x: %s; y: %s", x, y);

            free(x);
            free(y);
            x = both;
        }
        printf("%-24s %-34s %s%s\n", st[i]->id, st[i]->title, x,
               st[i]->scope_gemeente ? " (per gemeente)" : "");
        free(x);
        vk_style_destroy(st[i]);
    }
    return EXIT_OK_;
}

static const cli_opt OPTS[] = {
    {"styles", OPT_STR, "DIR", "folder of layer styles (default: styles)",
     offsetof(cli_args, styles_dir), 0},
    {"style", OPT_LIST, "FILE", "a style; repeat for more",
     offsetof(cli_args, styles_given), 0},
    CLI_OPT_END,
};

const cli_command cmd_layers = {
    "layers", "list the layer styles with title, value and method", NULL,
    OPTS, run};
