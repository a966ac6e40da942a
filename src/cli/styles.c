/* SPDX-License-Identifier: MIT */
/* veerkracht layers: the styles of a folder (or given) with title, value
 * and method. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* "kwetsbaar_pct", "kwetsbaar_pct - kwetsbaar_pct_2014", "onv 2022 - onv
 * 2014, relative to the gemeente", "years with lbm_klasse <= 4 of 2014,
 * 2016", ... */
static char *
describe_value(const vk_value_spec *v)
{
    vk_strbuf sb = {0};

    if (v->op == VK_VALUE_PERSISTENCE) {
        vk_strbuf_appendf(&sb, "years with %s %s %g of", v->a,
                          v->at_least ? ">=" : "<=", v->threshold);
        for (size_t i = 0; i < v->nyears; i++)
            vk_strbuf_appendf(&sb, "%s %s", i ? "," : "", v->years[i].year);
        return vk_strbuf_take(&sb);
    }
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
    vk_style *st[VK_MAPSET_MAX_STYLES];
    vk_error err;
    int n;

    vk_error_init(&err);
    if ((n = vk_styles_load(a->styles_given.v, (size_t)a->styles_given.n,
                            a->styles_dir, st, VK_MAPSET_MAX_STYLES,
                            &err)) < 0)
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
    CLI_OPT_STYLES,
    CLI_OPT_END,
};

const cli_command cmd_layers = {
    "layers", "list the layer styles with title, value and method", NULL,
    OPTS, run};
