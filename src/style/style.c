/* SPDX-License-Identifier: MIT */
/* Reads styles/<layer>.yaml with libfyaml into a checked vk_style. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "vk/palette.h"
#include "vk/style.h"

/* Parsing state: the file name for messages and the error record. */
typedef struct ctx {
    const char *path;
    vk_error *err;
} ctx;

/* Position of a node: its scalar token, else the key that names it. */
static void
node_pos(struct fy_node *n, struct fy_node *key, long *line, long *col)
{
    struct fy_token *t = n ? fy_node_get_scalar_token(n) : NULL;
    const struct fy_mark *m;

    if (t == NULL && key != NULL)
        t = fy_node_get_scalar_token(key);
    m = t ? fy_token_start_mark(t) : NULL;
    *line = m ? m->line + 1 : 0;
    *col = m ? m->column + 1 : 0;
}

#define FAIL_NODE(c, node, key, ...)                                       \
    do {                                                                   \
        long l_, k_;                                                       \
        node_pos((node), (key), &l_, &k_);                                 \
        VK_FAIL_AT_COL((c)->err, VK_EFORMAT, (c)->path, l_, k_,            \
                       __VA_ARGS__);                                       \
    } while (0)

static const char *
scalar(ctx *c, struct fy_node *n, struct fy_node *key, const char *name)
{
    const char *s;

    if (n == NULL || !fy_node_is_scalar(n)) {
        FAIL_NODE(c, n, key, "\"%s\" must be a single value", name);
        return NULL;
    }
    s = fy_node_get_scalar0(n);
    return s ? s : "";
}

static char *
get_string(ctx *c, struct fy_node *n, struct fy_node *key, const char *name)
{
    return vk_xstrdup(scalar(c, n, key, name));
}

static int
get_number(ctx *c, struct fy_node *n, struct fy_node *key, const char *name,
           double *out)
{
    const char *s = scalar(c, n, key, name);
    char *end;

    if (s == NULL)
        return -1;
    errno = 0;
    *out = strtod(s, &end);
    /* strtod also takes nan, inf and hex: a style wants plain numbers. */
    if (*s == '\0' || *end != '\0' || errno != 0 || !isfinite(*out) ||
        strpbrk(s, "xXnNiI") != NULL) {
        FAIL_NODE(c, n, key, "\"%s\" must be a number, not \"%s\"", name, s);
        return -1;
    }
    return 0;
}

static int
get_int(ctx *c, struct fy_node *n, struct fy_node *key, const char *name,
        int lo, int hi, int *out)
{
    double v;

    if (get_number(c, n, key, name, &v) != 0)
        return -1;
    if (v != floor(v) || v < lo || v > hi) {
        FAIL_NODE(c, n, key, "\"%s\" must be a whole number from %d to %d",
                  name, lo, hi);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int
vk_color_parse(const char *s, vk_rgba *out)
{
    unsigned v[4] = {0, 0, 0, 255};
    size_t len = strlen(s);

    if (s[0] != '#' || (len != 7 && len != 9))
        return -1;
    for (size_t i = 1; i < len; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]))
            return -1;
    for (size_t i = 0; i < (len - 1) / 2; i++) {
        char hex[3] = {s[1 + 2 * i], s[2 + 2 * i], '\0'};

        v[i] = (unsigned)strtoul(hex, NULL, 16);
    }
    out->r = v[0] / 255.0;
    out->g = v[1] / 255.0;
    out->b = v[2] / 255.0;
    out->a = v[3] / 255.0;
    return 0;
}

static int
get_color(ctx *c, struct fy_node *n, struct fy_node *key, const char *name,
          vk_rgba *out)
{
    const char *s = scalar(c, n, key, name);

    if (s == NULL)
        return -1;
    if (vk_color_parse(s, out) != 0) {
        FAIL_NODE(c, n, key, "\"%s\" is not a colour", s);
        vk_error_hint(c->err, "write colours as \"#rrggbb\" (quoted: # "
                      "starts a comment in YAML)");
        return -1;
    }
    return 0;
}

/* Checks that every key of a mapping is one of the allowed ones. */
static int
check_keys(ctx *c, struct fy_node *map, const char *where,
           const char *const *allowed)
{
    struct fy_node_pair *p;
    void *it = NULL;

    while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);
        const char *name = k && fy_node_is_scalar(k)
                               ? fy_node_get_scalar0(k) : NULL;
        size_t i;

        for (i = 0; name != NULL && allowed[i] != NULL; i++)
            if (strcmp(name, allowed[i]) == 0)
                break;
        if (name == NULL || allowed[i] == NULL) {
            vk_strbuf sb = {0};

            for (i = 0; allowed[i] != NULL; i++)
                vk_strbuf_appendf(&sb, "%s%s", i ? ", " : "", allowed[i]);
            FAIL_NODE(c, k, k, "unknown key \"%s\"%s%s; expected one of %s",
                      name ? name : "?", where[0] ? " in " : "", where, sb.s);
            vk_strbuf_free(&sb);
            return -1;
        }
    }
    return 0;
}

static struct fy_node *
lookup(struct fy_node *map, const char *key, struct fy_node **key_node)
{
    struct fy_node_pair *p;
    void *it = NULL;

    *key_node = NULL;
    while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);

        if (k && fy_node_is_scalar(k) &&
            strcmp(fy_node_get_scalar0(k), key) == 0) {
            *key_node = k;
            return fy_node_pair_value(p);
        }
    }
    return NULL;
}

/* 1 for a year as a long table's cells give it: digits only. */
static int
year_ok(const char *y)
{
    return y[0] != '\0' && strspn(y, "0123456789") == strlen(y);
}

vk_status
vk_years_parse(const char *list, char ***out, size_t *n, vk_error *err)
{
    char *copy = vk_xstrdup(list), *save = NULL;
    char **years = vk_xcalloc(VK_STYLE_MAX_YEARS, sizeof *years);
    size_t k = 0;

    for (char *y = strtok_r(copy, ", ", &save); y != NULL;
         y = strtok_r(NULL, ", ", &save)) {
        if (k == VK_STYLE_MAX_YEARS) {
            VK_FAIL(err, VK_EUSAGE, "--years names more than %d years",
                    VK_STYLE_MAX_YEARS);
            break;
        }
        if (!year_ok(y)) {
            VK_FAIL(err, VK_EUSAGE, "--years: \"%s\" is not a year", y);
            vk_error_hint(err, "give years as digits, separated by commas: "
                          "--years 2014,2016,2018");
            break;
        }
        if (k > 0 && atol(y) <= atol(years[k - 1])) {
            VK_FAIL(err, VK_EUSAGE, "--years must go up, each year once: "
                    "%s after %s", y, years[k - 1]);
            break;
        }
        years[k++] = vk_xstrdup(y);
    }
    if (err->code == VK_OK && k == 0)
        VK_FAIL(err, VK_EUSAGE, "--years names no year");
    free(copy);
    if (err->code != VK_OK) {
        vk_years_free(years, k);
        return err->code;
    }
    *out = years;
    *n = k;
    return VK_OK;
}

void
vk_years_free(char **years, size_t n)
{
    for (size_t i = 0; years != NULL && i < n; i++)
        free(years[i]);
    free(years);
}

/* A year of a long table: four digits, kept as text to match the cells. */
static char *
get_year(ctx *c, struct fy_node *n, struct fy_node *key, const char *name)
{
    const char *y = scalar(c, n, key, name);

    if (y == NULL)
        return NULL;
    if (!year_ok(y)) {
        FAIL_NODE(c, n, key, "\"%s\" must be a year such as 2022, not "
                  "\"%s\"", name, y);
        return NULL;
    }
    return vk_xstrdup(y);
}

static int
parse_change(ctx *c, vk_value_spec *v, struct fy_node *n, struct fy_node *key)
{
    struct fy_node *from, *to;

    if (n == NULL || !fy_node_is_sequence(n) ||
        fy_node_sequence_item_count(n) != 2) {
        FAIL_NODE(c, n, key, "\"change\" must be two years, [from, to]");
        return -1;
    }
    from = fy_node_sequence_get_by_index(n, 0);
    to = fy_node_sequence_get_by_index(n, 1);
    free(v->year_a);
    if ((v->year_b = get_year(c, from, key, "change")) == NULL ||
        (v->year_a = get_year(c, to, key, "change")) == NULL)
        return -1;
    v->op = VK_VALUE_MINUS;
    free(v->b);
    v->b = vk_xstrdup(v->a);
    return 0;
}

static int
parse_relative(ctx *c, vk_value_spec *v, struct fy_node *n,
               struct fy_node *key)
{
    const char *str = scalar(c, n, key, "relative");

    if (str == NULL)
        return -1;
    if (strcmp(str, "difference") == 0) {
        v->relative = VK_RELATIVE_DIFFERENCE;
    } else if (strcmp(str, "ratio") == 0) {
        v->relative = VK_RELATIVE_RATIO;
    } else {
        FAIL_NODE(c, n, key, "unknown relative \"%s\"; expected difference "
                  "or ratio", str);
        return -1;
    }
    return 0;
}

/* persistence: {column: C, at_most: T (or at_least: T), years: [Y, ...]}:
 * in how many of the years of a long table the buurt's C was at most (at
 * least) T. */
static int
parse_persistence(ctx *c, vk_value_spec *v, struct fy_node *n,
                  struct fy_node *key)
{
    static const char *const keys[] = {"column", "at_most", "at_least",
                                       "years", NULL};
    struct fy_node *k, *e, *km, *kl, *item;
    struct fy_node *most, *least;
    void *it = NULL;
    int len;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"persistence\" must be a mapping with "
                  "\"column\", \"at_most\" or \"at_least\", and "
                  "\"years\"");
        return -1;
    }
    if (check_keys(c, n, "persistence", keys) != 0)
        return -1;
    if ((e = lookup(n, "column", &k)) == NULL) {
        FAIL_NODE(c, n, key, "\"persistence\" needs \"column\"");
        return -1;
    }
    if ((v->a = get_string(c, e, k, "column")) == NULL)
        return -1;
    most = lookup(n, "at_most", &km);
    least = lookup(n, "at_least", &kl);
    if (most != NULL && least != NULL) {
        FAIL_NODE(c, kl, kl, "\"persistence\" takes \"at_most\" or "
                  "\"at_least\", not both");
        return -1;
    }
    if (most == NULL && least == NULL) {
        FAIL_NODE(c, n, key, "\"persistence\" needs \"at_most\" or "
                  "\"at_least\": the value a measurement counts at");
        return -1;
    }
    v->at_least = least != NULL;
    if (get_number(c, least ? least : most, least ? kl : km,
                   least ? "at_least" : "at_most", &v->threshold) != 0)
        return -1;
    if ((e = lookup(n, "years", &k)) == NULL) {
        FAIL_NODE(c, n, key, "\"persistence\" needs \"years\", the "
                  "measurements to count");
        return -1;
    }
    if (!fy_node_is_sequence(e) || (len = fy_node_sequence_item_count(e)) <
                                       1) {
        FAIL_NODE(c, e, k, "\"years\" must be a list of one or more years, "
                  "e.g. [2014, 2018, 2022]");
        return -1;
    }
    v->years = vk_xcalloc((size_t)len, sizeof *v->years);
    while ((item = fy_node_sequence_iterate(e, &it)) != NULL) {
        vk_value_year *y = &v->years[v->nyears];

        if ((y->year = get_year(c, item, k, "years")) == NULL)
            return -1;
        v->nyears++;
        node_pos(item, k, &y->line, &y->col);
        for (size_t i = 0; i + 1 < v->nyears; i++) {
            if (strcmp(v->years[i].year, y->year) == 0) {
                FAIL_NODE(c, item, k, "\"years\" lists %s twice", y->year);
                return -1;
            }
        }
    }
    v->op = VK_VALUE_PERSISTENCE;
    v->file = vk_xstrdup(c->path);
    return 0;
}

/* The key of map other than name, or NULL. */
static struct fy_node *
other_key(struct fy_node *map, const char *name)
{
    struct fy_node_pair *p;
    void *it = NULL;

    while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);

        if (k == NULL || !fy_node_is_scalar(k) ||
            strcmp(fy_node_get_scalar0(k), name) != 0)
            return k;
    }
    return NULL;
}

/* value: a column name, or a mapping: column, then at most one of minus
 * (a - b), per (a / b * 100), year or change (long tables), and relative,
 * negate; or persistence alone. */
static int
parse_value(ctx *c, vk_value_spec *v, struct fy_node *n, struct fy_node *key)
{
    static const char *const keys[] = {"column", "minus", "per", "year",
                                       "change", "relative", "negate",
                                       "persistence", NULL};
    struct fy_node *k, *e;
    int ops = 0;

    if (n != NULL && fy_node_is_scalar(n)) {
        v->a = get_string(c, n, key, "value");
        return v->a ? 0 : -1;
    }
    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"value\" must be a column name or a mapping "
                  "with \"column\"");
        return -1;
    }
    if (check_keys(c, n, "value", keys) != 0)
        return -1;
    if ((e = lookup(n, "persistence", &k)) != NULL) {
        struct fy_node *o = other_key(n, "persistence");

        if (o != NULL) {
            FAIL_NODE(c, o, o, "\"persistence\" stands alone in \"value\": "
                      "no %s beside it", fy_node_get_scalar0(o));
            return -1;
        }
        return parse_persistence(c, v, e, k);
    }
    if ((e = lookup(n, "column", &k)) == NULL) {
        FAIL_NODE(c, n, key, "\"value\" needs \"column\"");
        return -1;
    }
    if ((v->a = get_string(c, e, k, "column")) == NULL)
        return -1;
    if ((e = lookup(n, "minus", &k)) != NULL) {
        ops++;
        v->op = VK_VALUE_MINUS;
        if ((v->b = get_string(c, e, k, "minus")) == NULL)
            return -1;
    }
    if ((e = lookup(n, "per", &k)) != NULL) {
        ops++;
        v->op = VK_VALUE_PER;
        free(v->b);
        if ((v->b = get_string(c, e, k, "per")) == NULL)
            return -1;
    }
    if ((e = lookup(n, "year", &k)) != NULL) {
        ops++;
        if ((v->year_a = get_year(c, e, k, "year")) == NULL)
            return -1;
    }
    if ((e = lookup(n, "change", &k)) != NULL) {
        ops++;
        if (parse_change(c, v, e, k) != 0)
            return -1;
    }
    if (ops > 1) {
        FAIL_NODE(c, n, key, "\"value\" takes one of minus, per, year and "
                  "change");
        return -1;
    }
    if ((e = lookup(n, "relative", &k)) != NULL &&
        parse_relative(c, v, e, k) != 0)
        return -1;
    if ((e = lookup(n, "negate", &k)) != NULL) {
        const char *str = scalar(c, e, k, "negate");

        if (str == NULL)
            return -1;
        if (strcmp(str, "true") != 0 && strcmp(str, "false") != 0) {
            FAIL_NODE(c, e, k, "\"negate\" must be true or false");
            return -1;
        }
        v->negate = strcmp(str, "true") == 0;
    }
    return 0;
}

static int
parse_breaks(ctx *c, vk_axis *s, struct fy_node *n, struct fy_node *key)
{
    struct fy_node *item;
    void *it = NULL;
    int len;

    if (n == NULL || !fy_node_is_sequence(n)) {
        FAIL_NODE(c, n, key, "\"breaks\" must be a list of numbers");
        return -1;
    }
    len = fy_node_sequence_item_count(n);
    s->breaks = vk_xcalloc((size_t)(len > 0 ? len : 1), sizeof *s->breaks);
    while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
        if (get_number(c, item, key, "breaks", &s->breaks[s->nbreaks]) != 0)
            return -1;
        if (s->nbreaks > 0 && s->breaks[s->nbreaks] <=
                                  s->breaks[s->nbreaks - 1]) {
            FAIL_NODE(c, item, key, "\"breaks\" must increase");
            return -1;
        }
        s->nbreaks++;
    }
    return 0;
}

/* values: the category values of method categories, distinct, in the
 * order of the colours and labels. */
static int
parse_values(ctx *c, vk_axis *s, struct fy_node *n, struct fy_node *key)
{
    struct fy_node *item;
    void *it = NULL;
    int len;

    if (n == NULL || !fy_node_is_sequence(n)) {
        FAIL_NODE(c, n, key, "\"values\" must be a list of numbers");
        return -1;
    }
    len = fy_node_sequence_item_count(n);
    free(s->breaks);
    s->nbreaks = 0;
    s->breaks = vk_xcalloc((size_t)(len > 0 ? len : 1), sizeof *s->breaks);
    while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
        if (get_number(c, item, key, "values", &s->breaks[s->nbreaks]) != 0)
            return -1;
        for (size_t i = 0; i < s->nbreaks; i++) {
            if (s->breaks[i] == s->breaks[s->nbreaks]) {
                FAIL_NODE(c, item, key, "\"values\" lists %g twice",
                          s->breaks[i]);
                return -1;
            }
        }
        s->nbreaks++;
    }
    return 0;
}

static int
parse_classification(ctx *c, vk_axis *s, struct fy_node *n,
                     struct fy_node *key)
{
    static const char *const keys[] = {"method", "classes", "closure",
                                       "breaks", "values", NULL};
    struct fy_node *k, *v;
    const char *str;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"classification\" must be a mapping with "
                  "\"method\" and \"classes\" or \"breaks\"");
        return -1;
    }
    if (check_keys(c, n, "classification", keys) != 0)
        return -1;
    v = lookup(n, "method", &k);
    if (v == NULL) {
        FAIL_NODE(c, n, key, "\"classification\" needs \"method\"");
        vk_error_hint(c->err, "one of %s", vk_method_list());
        return -1;
    }
    if ((str = scalar(c, v, k, "method")) == NULL)
        return -1;
    if (vk_method_parse(str, &s->method) != 0) {
        FAIL_NODE(c, v, k, "unknown method \"%s\"; expected one of %s", str,
                  vk_method_list());
        return -1;
    }
    if ((v = lookup(n, "closure", &k)) != NULL) {
        if ((str = scalar(c, v, k, "closure")) == NULL)
            return -1;
        if (strcmp(str, "left") == 0) {
            s->closure = VK_CLOSE_LEFT;
        } else if (strcmp(str, "right") == 0) {
            s->closure = VK_CLOSE_RIGHT;
        } else {
            FAIL_NODE(c, v, k, "unknown closure \"%s\"; expected left or "
                      "right", str);
            return -1;
        }
    }
    if ((v = lookup(n, "breaks", &k)) != NULL &&
        parse_breaks(c, s, v, k) != 0)
        return -1;
    if ((v = lookup(n, "classes", &k)) != NULL &&
        get_int(c, v, k, "classes", 1, 99, &s->classes) != 0)
        return -1;
    if ((v = lookup(n, "values", &k)) != NULL &&
        parse_values(c, s, v, k) != 0)
        return -1;
    if (s->method == VK_METHOD_CATEGORIES) {
        if (s->nbreaks < 1 || lookup(n, "values", &k) == NULL) {
            FAIL_NODE(c, n, key, "method categories needs \"values\", the "
                      "list of category values");
            return -1;
        }
        s->classes = (int)s->nbreaks;
    } else if (s->method == VK_METHOD_FIXED) {
        if (s->nbreaks < 2) {
            FAIL_NODE(c, n, key, "method fixed needs \"breaks\" with at "
                      "least two numbers");
            return -1;
        }
        s->classes = (int)s->nbreaks - 1;
    } else if (s->classes == 0 && vk_method_needs_k(s->method)) {
        FAIL_NODE(c, n, key, "method %s needs \"classes\"",
                  vk_method_name(s->method));
        return -1;
    }
    return 0;
}

static int
parse_colors(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    struct fy_node *item;
    void *it = NULL;
    int len;

    if (n == NULL || !fy_node_is_sequence(n)) {
        FAIL_NODE(c, n, key, "\"colors\" must be a list of \"#rrggbb\"");
        return -1;
    }
    len = fy_node_sequence_item_count(n);
    s->colors = vk_xcalloc((size_t)(len > 0 ? len : 1), sizeof *s->colors);
    while ((item = fy_node_sequence_iterate(n, &it)) != NULL)
        if (get_color(c, item, key, "colors", &s->colors[s->ncolors++]) != 0)
            return -1;
    return 0;
}

static int
parse_labels(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    struct fy_node *item;
    void *it = NULL;
    int len;

    if (n == NULL || !fy_node_is_sequence(n)) {
        FAIL_NODE(c, n, key, "\"labels\" must be a list of texts");
        return -1;
    }
    len = fy_node_sequence_item_count(n);
    s->labels = vk_xcalloc((size_t)(len > 0 ? len : 1), sizeof *s->labels);
    while ((item = fy_node_sequence_iterate(n, &it)) != NULL)
        if ((s->labels[s->nlabels++] = get_string(c, item, key, "labels")) ==
            NULL)
            return -1;
    return 0;
}

static int
parse_nodata(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    static const char *const keys[] = {"color", "label", NULL};
    struct fy_node *k, *v;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"nodata\" must be a mapping with \"color\" "
                  "and \"label\"");
        return -1;
    }
    if (check_keys(c, n, "nodata", keys) != 0)
        return -1;
    if ((v = lookup(n, "color", &k)) != NULL &&
        get_color(c, v, k, "color", &s->nodata_color) != 0)
        return -1;
    if ((v = lookup(n, "label", &k)) != NULL) {
        free(s->nodata_label);
        if ((s->nodata_label = get_string(c, v, k, "label")) == NULL)
            return -1;
    }
    return 0;
}

static int
parse_mask(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    static const char *const keys[] = {"min_inwoners", "color", "label",
                                       "column", NULL};
    struct fy_node *k, *v;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"mask\" must be a mapping with "
                  "\"min_inwoners\", \"color\" and \"label\"");
        return -1;
    }
    if (check_keys(c, n, "mask", keys) != 0)
        return -1;
    if ((v = lookup(n, "min_inwoners", &k)) != NULL &&
        get_number(c, v, k, "min_inwoners", &s->mask_min_inwoners) != 0)
        return -1;
    if (s->mask_min_inwoners < 0) {
        FAIL_NODE(c, v, k, "\"min_inwoners\" must be 0 (no mask) or more");
        return -1;
    }
    if ((v = lookup(n, "color", &k)) != NULL &&
        get_color(c, v, k, "color", &s->mask_color) != 0)
        return -1;
    if ((v = lookup(n, "label", &k)) != NULL) {
        free(s->mask_label);
        if ((s->mask_label = get_string(c, v, k, "label")) == NULL)
            return -1;
    }
    if ((v = lookup(n, "column", &k)) != NULL) {
        free(s->mask_column);
        if ((s->mask_column = get_string(c, v, k, "column")) == NULL)
            return -1;
    }
    return 0;
}

const char *const vk_role_key[VK_ROLE_COUNT] = {"area", "name", "population",
                                                "water", "wijk"};

/* columns: {area: STATEFP, name: NAME, ...}: the boundaries' roles. */
static int
parse_columns(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    static const char *const keys[] = {"area", "name", "population",
                                       "water", "wijk", NULL};
    struct fy_node *k, *v;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"columns\" must be a mapping of roles to "
                  "the boundaries' columns, e.g. {area: STATEFP, name: "
                  "NAME}");
        return -1;
    }
    if (check_keys(c, n, "columns", keys) != 0)
        return -1;
    for (int r = 0; r < VK_ROLE_COUNT; r++)
        if ((v = lookup(n, vk_role_key[r], &k)) != NULL &&
            (s->role[r] = get_string(c, v, k, vk_role_key[r])) == NULL)
            return -1;
    return 0;
}

/* The classes of a persistence value: one per count, 0 to the number of
 * years, as categories; map holds the value. */
static int
persistence_classes(ctx *c, vk_axis *ax, struct fy_node *map)
{
    struct fy_node *k;

    if (lookup(map, "classification", &k) != NULL) {
        FAIL_NODE(c, k, k, "a persistence value has its classes, 0 to %zu "
                  "measurements; drop \"classification\"",
                  ax->value.nyears);
        return -1;
    }
    ax->method = VK_METHOD_CATEGORIES;
    ax->nbreaks = ax->value.nyears + 1;
    ax->breaks = vk_xcalloc(ax->nbreaks, sizeof *ax->breaks);
    for (size_t i = 0; i < ax->nbreaks; i++)
        ax->breaks[i] = (double)i;
    ax->classes = (int)ax->nbreaks;
    return 0;
}

/* An axis of a bivariate map: title, value, classification. */
static int
parse_axis(ctx *c, vk_axis *ax, struct fy_node *n, struct fy_node *key,
           const char *name)
{
    static const char *const keys[] = {"title", "value", "classification",
                                       NULL};
    struct fy_node *k, *v;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"%s\" must be a mapping with \"title\", "
                  "\"value\" and \"classification\"", name);
        return -1;
    }
    if (check_keys(c, n, name, keys) != 0)
        return -1;
    if ((v = lookup(n, "title", &k)) != NULL &&
        (ax->title = get_string(c, v, k, "title")) == NULL)
        return -1;
    if ((v = lookup(n, "value", &k)) == NULL) {
        FAIL_NODE(c, n, key, "\"%s\" needs \"value\"", name);
        return -1;
    }
    if (parse_value(c, &ax->value, v, k) != 0)
        return -1;
    if (ax->value.op == VK_VALUE_PERSISTENCE)
        return persistence_classes(c, ax, n);
    if ((v = lookup(n, "classification", &k)) == NULL) {
        FAIL_NODE(c, n, key, "\"%s\" needs \"classification\"", name);
        return -1;
    }
    return parse_classification(c, ax, v, k);
}

static int
parse_bivariate(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    static const char *const keys[] = {"x", "y", NULL};
    struct fy_node *k, *v;

    if (n == NULL || !fy_node_is_mapping(n)) {
        FAIL_NODE(c, n, key, "\"bivariate\" must be a mapping with \"x\" "
                  "and \"y\"");
        return -1;
    }
    if (check_keys(c, n, "bivariate", keys) != 0)
        return -1;
    if ((v = lookup(n, "x", &k)) == NULL ||
        parse_axis(c, &s->x, v, k, "x") != 0 ||
        (v = lookup(n, "y", &k)) == NULL ||
        parse_axis(c, &s->y, v, k, "y") != 0) {
        if (c->err->code == VK_OK)
            FAIL_NODE(c, n, key, "\"bivariate\" needs \"x\" and \"y\"");
        return -1;
    }
    s->bivariate = 1;
    return 0;
}

/* The value and its classes: top-level value + classification, or a
 * bivariate block. */
static int
parse_classes(ctx *c, vk_style *s, struct fy_node *root)
{
    struct fy_node *k, *v, *kb, *bv = lookup(root, "bivariate", &kb);

    if (bv != NULL) {
        if (lookup(root, "value", &k) != NULL ||
            lookup(root, "classification", &k) != NULL) {
            FAIL_NODE(c, k, k, "a bivariate style has \"value\" and "
                      "\"classification\" under \"x\" and \"y\"");
            return -1;
        }
        return parse_bivariate(c, s, bv, kb);
    }
    if ((v = lookup(root, "value", &k)) == NULL) {
        VK_FAIL_AT(c->err, VK_EFORMAT, c->path, 1, "missing \"value\" (the "
                   "indicator column)");
        return -1;
    }
    if (parse_value(c, &s->x.value, v, k) != 0)
        return -1;
    /* A count has no decimals (the viewer shows the value), unless the
     * style's decimals: says otherwise. */
    if (s->x.value.op == VK_VALUE_PERSISTENCE) {
        s->decimals = 0;
        return persistence_classes(c, &s->x, root);
    }
    if ((v = lookup(root, "classification", &k)) == NULL) {
        VK_FAIL_AT(c->err, VK_EFORMAT, c->path, 1,
                   "missing \"classification\"");
        return -1;
    }
    return parse_classification(c, &s->x, v, k);
}

static int
parse_scope(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    const char *str = scalar(c, n, key, "scope");

    if (str == NULL)
        return -1;
    if (strcmp(str, "all") != 0 && strcmp(str, "gemeente") != 0) {
        FAIL_NODE(c, n, key, "unknown scope \"%s\"; expected all or "
                  "gemeente", str);
        return -1;
    }
    s->scope_gemeente = strcmp(str, "gemeente") == 0;
    return 0;
}

/* palette: a ColorBrewer (or bivariate) name, or {name: .., reverse: ..},
 * giving the n colours of the classes. */
static int
parse_palette(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key,
              size_t ncolors)
{
    static const char *const keys[] = {"name", "reverse", NULL};
    struct fy_node *k = key, *v = n;
    const char *name;
    int reverse = 0, rc;
    char why[512];

    if (n != NULL && fy_node_is_mapping(n)) {
        if (check_keys(c, n, "palette", keys) != 0)
            return -1;
        if ((v = lookup(n, "name", &k)) == NULL) {
            FAIL_NODE(c, n, key, "\"palette\" needs \"name\"");
            return -1;
        }
        {
            struct fy_node *kr, *r = lookup(n, "reverse", &kr);
            const char *str = r ? scalar(c, r, kr, "reverse") : "false";

            if (str == NULL)
                return -1;
            if (strcmp(str, "true") != 0 && strcmp(str, "false") != 0) {
                FAIL_NODE(c, r, kr, "\"reverse\" must be true or false");
                return -1;
            }
            reverse = strcmp(str, "true") == 0;
        }
    }
    if ((name = scalar(c, v, k, "palette")) == NULL)
        return -1;
    s->colors = vk_xcalloc(ncolors, sizeof *s->colors);
    s->ncolors = ncolors;
    if (s->bivariate && s->x.classes == 3 && s->y.classes == 3 &&
        vk_palette_kind(name) == VK_PALETTE_BIVARIATE)
        rc = vk_palette_bivariate(name, reverse, s->colors);
    else
        rc = s->bivariate ? -1 : vk_palette_get(name, (int)ncolors, reverse,
                                                s->colors);
    if (rc != 0) {
        if (s->bivariate)
            snprintf(why, sizeof why, "a bivariate map of %d x %d classes "
                     "needs \"colors\" or a 3 x 3 bivariate palette, not "
                     "\"%s\"", s->x.classes, s->y.classes, name);
        else
            vk_palette_explain(name, (int)ncolors, why, sizeof why);
        FAIL_NODE(c, v, k, "%s", why);
        return -1;
    }
    return 0;
}

/* The value's year when a style names years: a value of no year (no
 * year: or change:) on any axis takes the last one, so that the style's
 * single map shows the latest year. */
static void
default_year(vk_style *s)
{
    if (s->x.value.year_a == NULL &&
        (!s->bivariate || s->y.value.year_a == NULL))
        s->x.value.year_a = vk_xstrdup(s->years[s->nyears - 1]);
}

/* years: [2014, 2016, ...]: one or more years, going up, each once. */
static int
parse_years(ctx *c, vk_style *s, struct fy_node *n, struct fy_node *key)
{
    size_t count;

    if (!fy_node_is_sequence(n) ||
        (count = (size_t)fy_node_sequence_item_count(n)) == 0 ||
        count > VK_STYLE_MAX_YEARS) {
        FAIL_NODE(c, n, key, "\"years\" must be a list of 1 to %d years, "
                  "such as [2014, 2016, 2018]", VK_STYLE_MAX_YEARS);
        return -1;
    }
    s->years = vk_xcalloc(count, sizeof *s->years);
    for (size_t i = 0; i < count; i++) {
        struct fy_node *e = fy_node_sequence_get_by_index(n, (int)i);

        if ((s->years[i] = get_year(c, e, key, "years")) == NULL)
            return -1;
        s->nyears++;
        if (i > 0 && atol(s->years[i]) <= atol(s->years[i - 1])) {
            FAIL_NODE(c, e, key, "\"years\" must go up, each year once: "
                      "%s after %s", s->years[i], s->years[i - 1]);
            return -1;
        }
    }
    if (s->x.value.op == VK_VALUE_PERSISTENCE ||
        (s->bivariate && s->y.value.op == VK_VALUE_PERSISTENCE)) {
        FAIL_NODE(c, n, key, "\"years\" does not go with a persistence "
                  "value, which counts its own years");
        return -1;
    }
    default_year(s);
    return 0;
}

/* Fills s from the document root; returns 0 or -1 with the error set. */
static int
parse_root(ctx *c, vk_style *s, struct fy_node *root)
{
    static const char *const keys[] =
        {"title",    "subtitle",       "order",     "value", "unit",
         "decimals", "classification", "bivariate", "scope", "colors",
         "palette",  "labels",         "nodata",    "mask",  "source",
         "date",     "lang",           "columns",   "years", NULL};
    struct fy_node *k, *v;
    size_t nclasses;

    if (root == NULL || !fy_node_is_mapping(root)) {
        VK_FAIL_AT(c->err, VK_EFORMAT, c->path, 1, "a style must be a "
                   "mapping of keys (title, value, classification, colors, "
                   "...)");
        return -1;
    }
    if (check_keys(c, root, "", keys) != 0)
        return -1;
    if ((v = lookup(root, "title", &k)) == NULL) {
        VK_FAIL_AT(c->err, VK_EFORMAT, c->path, 1, "missing \"title\"");
        return -1;
    }
    if ((s->title = get_string(c, v, k, "title")) == NULL)
        return -1;
    if ((v = lookup(root, "subtitle", &k)) != NULL &&
        (s->subtitle = get_string(c, v, k, "subtitle")) == NULL)
        return -1;
    if ((v = lookup(root, "order", &k)) != NULL &&
        get_int(c, v, k, "order", 0, 999, &s->order) != 0)
        return -1;
    if (parse_classes(c, s, root) != 0)
        return -1;
    if ((v = lookup(root, "scope", &k)) != NULL &&
        parse_scope(c, s, v, k) != 0)
        return -1;
    if ((v = lookup(root, "unit", &k)) != NULL) {
        free(s->unit);
        if ((s->unit = get_string(c, v, k, "unit")) == NULL)
            return -1;
    }
    if ((v = lookup(root, "decimals", &k)) != NULL &&
        get_int(c, v, k, "decimals", 0, 6, &s->decimals) != 0)
        return -1;

    /* One colour (and label) per class, or per cell of a bivariate grid.
     * A method that finds its own number of classes (headtails) without
     * "classes" may have as many as there are colours. */
    if (!s->bivariate && s->x.classes == 0 &&
        (v = lookup(root, "colors", &k)) != NULL && fy_node_is_sequence(v))
        s->x.classes = fy_node_sequence_item_count(v);
    nclasses = (size_t)s->x.classes *
               (size_t)(s->bivariate ? s->y.classes : 1);
    if ((v = lookup(root, "palette", &k)) != NULL) {
        struct fy_node *kc;

        if (lookup(root, "colors", &kc) != NULL) {
            FAIL_NODE(c, kc, kc, "give \"colors\" or \"palette\", not "
                      "both");
            return -1;
        }
        if (parse_palette(c, s, v, k, nclasses) != 0)
            return -1;
    } else if ((v = lookup(root, "colors", &k)) == NULL) {
        VK_FAIL_AT(c->err, VK_EFORMAT, c->path, 1, "missing \"colors\" (or "
                   "\"palette\")");
        return -1;
    } else if (parse_colors(c, s, v, k) != 0) {
        return -1;
    }
    if (s->ncolors != nclasses) {
        FAIL_NODE(c, v, k, "%zu colors for %zu classes; give one colour per "
                  "class", s->ncolors, nclasses);
        return -1;
    }
    if ((v = lookup(root, "labels", &k)) != NULL) {
        if (parse_labels(c, s, v, k) != 0)
            return -1;
        if (s->nlabels != nclasses) {
            FAIL_NODE(c, v, k, "%zu labels for %zu classes; give one label "
                      "per class or none", s->nlabels, nclasses);
            return -1;
        }
    }
    if ((v = lookup(root, "nodata", &k)) != NULL &&
        parse_nodata(c, s, v, k) != 0)
        return -1;
    if ((v = lookup(root, "mask", &k)) != NULL &&
        parse_mask(c, s, v, k) != 0)
        return -1;
    if ((v = lookup(root, "source", &k)) != NULL &&
        (s->source = get_string(c, v, k, "source")) == NULL)
        return -1;
    if ((v = lookup(root, "columns", &k)) != NULL &&
        parse_columns(c, s, v, k) != 0)
        return -1;
    if ((v = lookup(root, "date", &k)) != NULL &&
        (s->date = get_string(c, v, k, "date")) == NULL)
        return -1;
    if ((v = lookup(root, "lang", &k)) != NULL) {
        char *l = get_string(c, v, k, "lang");
        int bad = l != NULL && vk_lang_parse(l, &s->lang) != 0;

        if (bad)
            FAIL_NODE(c, v, k, "\"lang\" is nl or en, not \"%s\"", l);
        free(l);
        if (l == NULL || bad)
            return -1;
    }
    if ((v = lookup(root, "years", &k)) != NULL &&
        parse_years(c, s, v, k) != 0)
        return -1;
    return 0;
}

/* Splits a libfyaml diagnostic "<input>:LINE:COL: error: TEXT" into its
 * position and text; returns the text. */
static const char *
diag_position(const char *msg, long *line, long *col)
{
    const char *e = strstr(msg, ": error: ");
    const char *p;

    *line = *col = 0;
    if (e == NULL)
        return msg;
    /* Walk back over ":LINE:COL" just before ": error: ". */
    p = e;
    while (p > msg && p[-1] >= '0' && p[-1] <= '9')
        p--;
    if (p > msg && p[-1] == ':') {
        const char *q = p - 1;

        while (q > msg && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q < p - 1 && q > msg && q[-1] == ':') {
            *line = strtol(q, NULL, 10);
            *col = strtol(p, NULL, 10);
        }
    }
    return e + strlen(": error: ");
}

/* Keeps the first libfyaml diagnostic for the error message. */
static void
diag_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    vk_strbuf *sb = user;

    (void)diag;
    if (sb->len == 0)
        vk_strbuf_appendn(sb, buf, len);
}

static char *
style_id(const char *name)
{
    const char *base = strrchr(name, '/');
    const char *dot;

    base = base ? base + 1 : name;
    dot = strrchr(base, '.');
    return vk_xstrndup(base, dot && dot != base ? (size_t)(dot - base)
                                                : strlen(base));
}

static vk_style *
style_new(const char *name)
{
    vk_style *s = vk_xcalloc(1, sizeof *s);

    s->path = vk_xstrdup(name);
    s->id = style_id(name);
    s->unit = vk_xstrdup("");
    s->decimals = 1;
    s->nodata_color = vk_carto_rgba(vk_cartography.nodata, 1.0);
    /* The Leefbaarometer publishes no scores below 50 residents. */
    s->mask_min_inwoners = 50;
    s->mask_color = vk_carto_rgba(vk_cartography.mask, 1.0);
    return s;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
    size_t k;
    unsigned long c;

    if (s[0] < 0x80)
        return 1;
    k = s[0] >= 0xf0 && s[0] <= 0xf4   ? 4
        : s[0] >= 0xe0 && s[0] <= 0xef ? 3
        : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
                                       : 0;
    if (k == 0 || k > n)
        return 0;
    c = s[0] & (0x7f >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c < 0xe000))
        return 0;
    return k;
}

/* A style is UTF-8 text without NUL bytes. Checked before libfyaml sees
 * it: libfyaml 0.8 loops forever on a directive line ("%...") with an
 * invalid byte (tests/crashers/style/). */
static vk_status
check_text(const char *name, const char *text, size_t len, vk_error *err)
{
    const unsigned char *p = (const unsigned char *)text;
    long line = 1, col = 1;

    for (size_t i = 0; i < len;) {
        size_t k = p[i] == 0 ? 0 : utf8_len(p + i, len - i);

        if (k == 0) {
            VK_FAIL_AT_COL(err, VK_EFORMAT, name, line, col,
                           p[i] == 0 ? "a NUL byte: this is not a text file"
                                     : "byte 0x%02x is not UTF-8 text",
                           p[i]);
            vk_error_hint(err, "save the style as UTF-8 text");
            return err->code;
        }
        if (p[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += k;
    }
    return VK_OK;
}

vk_style *
vk_style_load_mem(const char *name, const char *text, size_t len,
                  vk_error *err)
{
    struct fy_diag_cfg dcfg;
    struct fy_parse_cfg pcfg = {0};
    struct fy_document *doc;
    struct fy_diag *diag;
    vk_strbuf diag_text = {0};
    vk_style *s = style_new(name);
    ctx c = {name, err};

    if (check_text(name, text, len, err) != VK_OK) {
        vk_style_destroy(s);
        return NULL;
    }
    /* Parse with diagnostics captured instead of printed. */
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_output;
    dcfg.user = &diag_text;
    dcfg.colorize = false;
    dcfg.show_source = false;
    dcfg.show_position = false;
    dcfg.show_type = false;
    dcfg.show_module = false;
    diag = fy_diag_create(&dcfg);
    pcfg.flags = FYPCF_QUIET;
    pcfg.diag = diag;
    doc = fy_document_build_from_string(&pcfg, text, len);
    if (doc == NULL) {
        char *msg = vk_strbuf_take(&diag_text);
        size_t ml = strlen(msg);
        const char *what;
        long line, col;

        while (ml > 0 && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
            msg[--ml] = '\0';
        what = diag_position(msg, &line, &col);
        VK_FAIL_AT_COL(err, VK_EFORMAT, name, line, col,
                       "not valid YAML: %s", what[0] ? what : "parse error");
        vk_error_hint(err, "compare with the styles shipped in styles/");
        free(msg);
        fy_diag_destroy(diag);
        vk_style_destroy(s);
        return NULL;
    }
    if (parse_root(&c, s, fy_document_root(doc)) != 0) {
        vk_style_destroy(s);
        s = NULL;
    } else {
        s->nodata_label_given = s->nodata_label != NULL;
        s->mask_label_given = s->mask_label != NULL;
        vk_style_set_lang(s, s->lang);
    }
    fy_document_destroy(doc);
    fy_diag_destroy(diag);
    vk_strbuf_free(&diag_text);
    return s;
}

void
vk_style_set_lang(vk_style *s, vk_lang lang)
{
    s->lang = lang;
    if (!s->nodata_label_given) {
        free(s->nodata_label);
        s->nodata_label = vk_xstrdup(vk_text(lang, VK_TEXT_NODATA));
    }
    if (!s->mask_label_given) {
        char n[32];

        free(s->mask_label);
        s->mask_label =
            vk_text_fill(lang, VK_TEXT_MASK,
                         vk_format_number(lang, s->mask_min_inwoners, 0, n,
                                          sizeof n),
                         NULL);
    }
}

vk_style *
vk_style_load(const char *path, vk_error *err)
{
    FILE *fp = fopen(path, "rb");
    vk_strbuf sb = {0};
    char buf[8192];
    size_t n;
    vk_style *s;

    if (fp == NULL) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot open style: %s",
                   strerror(errno));
        vk_error_hint(err, "the shipped styles are in styles/; list them "
                      "with veerkracht layers");
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        vk_strbuf_appendn(&sb, buf, n);
    fclose(fp);
    s = vk_style_load_mem(path, sb.s ? sb.s : "", sb.len, err);
    vk_strbuf_free(&sb);
    return s;
}

static void
axis_free(vk_axis *ax)
{
    free(ax->value.a);
    free(ax->value.b);
    free(ax->value.year_a);
    free(ax->value.year_b);
    for (size_t i = 0; i < ax->value.nyears; i++)
        free(ax->value.years[i].year);
    free(ax->value.years);
    free(ax->value.file);
    free(ax->title);
    free(ax->breaks);
}

void
vk_style_destroy(vk_style *s)
{
    if (s == NULL)
        return;
    vk_years_free(s->years, s->nyears);
    for (size_t i = 0; i < s->nlabels; i++)
        free(s->labels[i]);
    free(s->labels);
    free(s->path);
    free(s->id);
    free(s->title);
    free(s->subtitle);
    free(s->unit);
    axis_free(&s->x);
    axis_free(&s->y);
    free(s->colors);
    free(s->nodata_label);
    free(s->mask_label);
    free(s->mask_column);
    for (int r = 0; r < VK_ROLE_COUNT; r++)
        free(s->role[r]);
    free(s->source);
    free(s->date);
    free(s);
}

/* ---- a set of styles ------------------------------------------------ */

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

/* The *.yaml files of dir, sorted, as new strings; -1 with err set. */
static int
list_dir(const char *dir, char **names, size_t max, vk_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    if (d == NULL) {
        VK_FAIL_AT(err, VK_EIO, dir, 0, "cannot open the styles folder: %s",
                   strerror(errno));
        vk_error_hint(err, "give --styles DIR or --style FILE; without "
                      "them veerkracht reads ./styles, else the styles of "
                      "its installation (cmake --install)");
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);

        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        if (n == max) {
            VK_FAIL_AT(err, VK_EUSAGE, dir, 0, "holds more than %zu styles",
                       max);
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
    qsort(names, n, sizeof *names, cmp_name);
    return (int)n;
}

int
vk_styles_load(const char *const *paths, size_t npaths, const char *dir,
               vk_style **out, size_t max, vk_error *err)
{
    char **names = vk_xcalloc(max + 1, sizeof *names);
    int n = 0, loaded = 0;

    if (npaths > max) {
        free(names);
        VK_FAIL(err, VK_EUSAGE, "more than %zu styles given", max);
        return -1;
    }
    if (npaths > 0) {
        for (size_t i = 0; i < npaths; i++)
            names[n++] = vk_xstrdup(paths[i]);
    } else if ((n = list_dir(dir != NULL ? dir : "styles", names, max,
                             err)) < 0) {
        free(names);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (err->code == VK_OK &&
            (out[loaded] = vk_style_load(names[i], err)) != NULL)
            loaded++;
        free(names[i]);
    }
    free(names);
    if (err->code != VK_OK) {
        while (loaded > 0)
            vk_style_destroy(out[--loaded]);
        return -1;
    }
    /* A folder is shown in the layers' own order; given ones as given. */
    if (npaths == 0)
        qsort(out, (size_t)loaded, sizeof *out, cmp_style);
    return loaded;
}
