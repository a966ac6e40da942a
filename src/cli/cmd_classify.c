/* SPDX-License-Identifier: MIT */
/* veerkracht classify: class breaks of one column as JSON (the contract
 * scripts rely on). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

/* Parses "a,b,c" into a new array; plain decimal numbers only. */
static double *
parse_breaks(const char *s, size_t *n, vk_error *err)
{
    double *b = vk_xcalloc(strlen(s) + 1, sizeof *b);
    const char *p = s;

    *n = 0;
    for (;;) {
        char *end;
        size_t len = strcspn(p, ",");
        char *item = vk_xstrndup(p, len);

        errno = 0;
        b[*n] = strtod(item, &end);
        if (len == 0 || *end != '\0' || errno != 0 || !isfinite(b[*n]) ||
            strpbrk(item, "xXnNiI") != NULL) {
            VK_FAIL(err, VK_EUSAGE, "--breaks: \"%s\" is not a number", item);
            vk_error_hint(err, "write breaks as 0,10.5,20 (decimal point, "
                          "comma between)");
            free(item);
            free(b);
            return NULL;
        }
        free(item);
        (*n)++;
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    return b;
}

/* The values to classify: the column per buurt (with --boundaries, as
 * render classifies them) or per table row. Returns a new array of *n
 * values, NULL on error. */
static double *
load_values(const cli_args *a, size_t *n, vk_error *err)
{
    vk_table_opts to = {a->table_key ? a->table_key : a->key, 0};
    vk_table *t;
    double *v = NULL;

    if (a->boundaries != NULL) {
        vk_mapset_opts mo;
        vk_mapset *ms;

        cli_mapset_opts(a, VK_MAPSET_BUURTEN, &mo);
        mo.tables = &a->table;
        mo.ntables = a->table != NULL;
        mo.no_styles = 1;
        /* The values need no coordinates; they may be the buurten's
         * own. */
        mo.crs_optional = 1;
        mo.column = a->field;
        if ((ms = cli_mapset_open(&mo, NULL, err)) == NULL)
            return NULL;
        *n = vk_mapset_boundaries(ms)->buurten->n;
        v = vk_xcalloc(*n ? *n : 1, sizeof *v);
        if (vk_mapset_column(ms, a->field, v, err) != VK_OK) {
            free(v);
            v = NULL;
        }
        cli_mapset_warnings(ms);
        vk_mapset_destroy(ms);
        return v;
    }
    if (a->table == NULL) {
        VK_FAIL(err, VK_EUSAGE, "classify needs --table, or --boundaries "
                "whose buurten have the column");
        return NULL;
    }
    if ((t = vk_table_read(a->table, &to, err)) == NULL)
        return NULL;
    cli_warnings(vk_table_warnings(t));
    *n = vk_table_nrows(t);
    v = vk_xcalloc(*n ? *n : 1, sizeof *v);
    if (vk_table_numeric(t, a->field, v, NULL, err) != VK_OK) {
        free(v);
        v = NULL;
    }
    vk_table_destroy(t);
    return v;
}

/* The fewest significant digits (15..17) that print every break so that it
 * reads back as the same double: 3.2, not 3.2000000000000002. */
static int
round_trip_precision(const vk_breaks *br)
{
    /* Categories have k values, not k + 1 breaks. */
    int nb = br->method == VK_METHOD_CATEGORIES ? br->k : br->k + 1;

    for (int p = 15; p < 17; p++) {
        int ok = 1;

        for (int i = 0; ok && i < nb; i++) {
            char buf[64];

            snprintf(buf, sizeof buf, "%.*g", p, br->b[i]);
            ok = strtod(buf, NULL) == br->b[i];
        }
        if (ok)
            return p;
    }
    return 17;
}

static int
run(const cli_args *a)
{
    vk_error err;
    vk_method m;
    vk_closure closure = VK_CLOSE_LEFT;
    double *fixed = NULL, *v;
    size_t nfixed = 0, n = 0;
    vk_breaks *br;
    json_t *o, *breaks, *counts;
    char *text;

    vk_error_init(&err);
    if (vk_method_parse(a->method, &m) != 0) {
        fprintf(stderr, "veerkracht classify: unknown method \"%s\"; "
                "expected one of %s\n", a->method, vk_method_list());
        return EXIT_USAGE;
    }
    if (a->closure != NULL) {
        if (strcmp(a->closure, "right") == 0) {
            closure = VK_CLOSE_RIGHT;
        } else if (strcmp(a->closure, "left") != 0) {
            fprintf(stderr, "veerkracht classify: --closure is left or "
                    "right, not \"%s\"\n", a->closure);
            return EXIT_USAGE;
        }
    }
    if ((m == VK_METHOD_FIXED || m == VK_METHOD_CATEGORIES) &&
        a->breaks == NULL) {
        fprintf(stderr, "veerkracht classify: method %s needs --breaks "
                "a,b,...\n", a->method);
        return EXIT_USAGE;
    }
    if (vk_method_needs_k(m) && a->classes < 1) {
        fprintf(stderr, "veerkracht classify: method %s needs --classes N "
                "(N >= 1)\n", a->method);
        return EXIT_USAGE;
    }
    if (a->breaks != NULL &&
        (fixed = parse_breaks(a->breaks, &nfixed, &err)) == NULL)
        return cli_report("classify", &err, a->debug);

    v = load_values(a, &n, &err);
    if (v == NULL) {
        free(fixed);
        return cli_report("classify", &err, a->debug);
    }
    br = vk_classify(v, n, m, a->classes, fixed, nfixed, closure, &err);
    free(v);
    free(fixed);
    if (br == NULL)
        return cli_report("classify", &err, a->debug);
    cli_warnings(&br->warnings);

    /* The contract: field, method, classes, breaks, counts, missing.
     * classes is the k computed (pretty, sd and headtails choose it), the
     * closure the one used (jenks: right); categories list their values
     * and count the values that are none of them as "other". */
    breaks = json_array();
    counts = json_array();
    for (int i = 0; i < br->k + (m != VK_METHOD_CATEGORIES); i++)
        json_array_append_new(breaks, json_real(br->b[i]));
    for (int i = 0; i < br->k; i++)
        json_array_append_new(counts, json_integer((json_int_t)br->counts[i]));
    o = json_object();
    json_object_set_new(o, "field", json_string(a->field));
    json_object_set_new(o, "method", json_string(vk_method_name(m)));
    json_object_set_new(o, "classes", json_integer(br->k));
    json_object_set_new(o, m == VK_METHOD_CATEGORIES ? "categories"
                                                     : "breaks", breaks);
    json_object_set_new(o, "counts", counts);
    if (m == VK_METHOD_CATEGORIES)
        json_object_set_new(o, "other", json_integer((json_int_t)br->other));
    json_object_set_new(o, "missing", json_integer((json_int_t)br->missing));
    json_object_set_new(o, "closure", json_string(
                            br->closure == VK_CLOSE_LEFT ? "left" : "right"));
    text = json_dumps(o, JSON_PRESERVE_ORDER |
                             JSON_REAL_PRECISION(round_trip_precision(br)));
    puts(text);
    free(text);
    json_decref(o);
    vk_breaks_destroy(br);
    return EXIT_OK_;
}

static const cli_opt OPTS[] = {
    {"table", OPT_STR, "FILE", "indicator table (CSV); without it the "
     "column of the --boundaries' buurten", offsetof(cli_args, table), 0},
    {"field", OPT_STR, "COLUMN", "column to classify",
     offsetof(cli_args, field), 1},
    {"method", OPT_STR, "M", "equal, quantile, fisher, jenks, pretty, sd, "
     "headtails, fixed or categories", offsetof(cli_args, method), 1},
    {"classes", OPT_INT, "N", "number of classes (not for headtails, fixed, "
     "categories; about N for pretty, sd)", offsetof(cli_args, classes), 0},
    {"breaks", OPT_STR, "a,b,...", "breaks for fixed, values for "
     "categories", offsetof(cli_args, breaks), 0},
    {"closure", OPT_STR, "left|right", "interval closure, as classInt "
     "(default left)", offsetof(cli_args, closure), 0},
    CLI_OPT_KEYS,
    CLI_OPT_BOUNDARIES(0),
    CLI_OPT_LAYER,
    CLI_OPT_CRS_ASSUME,
    CLI_OPT_END,
};

const cli_command cmd_classify = {
    "classify", "print class breaks of a column as JSON",
    "Output: {\"field\":..,\"method\":..,\"classes\":k,\"breaks\":[k+1 "
    "numbers],\"counts\":[k],\"missing\":m,\"closure\":..}\n"
    "k is the number of classes made: pretty and sd give about --classes,\n"
    "headtails as many as the data need. categories gives \"categories\":[k]\n"
    "instead of breaks and \"other\": values that are none of them.\n"
    "Breaks follow R classInt (quantile type 7, fisher, jenks, pretty, sd,\n"
    "headtails); see docs/classification.md.\n"
    "With --boundaries the values are those of the buurten, as render uses\n"
    "them: buurten without a value and water buurten count as missing.",
    OPTS, run};
