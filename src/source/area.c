/* SPDX-License-Identifier: MIT */
/* Areas: the buurten a map shows, as masks over the three levels. Every
 * stage asks an area whether a feature is in it; this is the one place
 * that knows how codes select buurten. */
#include <stdlib.h>
#include <string.h>

#include "source_priv.h"

enum { BU, WK, GM };

/* The features of one level with a map from code (and, for gemeenten,
 * name) to index. */
typedef struct level_index {
    const vk_features *fs;
    vk_strmap code, name;
} level_index;

static const char *
code_key(const void *ctx, size_t i)
{
    return ((const vk_features *)ctx)->f[i].code;
}

static const char *
name_key(const void *ctx, size_t i)
{
    return ((const vk_features *)ctx)->f[i].name;
}

static void
index_level(level_index *x, const vk_features *fs, int names)
{
    size_t v;

    memset(x, 0, sizeof *x);
    x->fs = fs;
    x->code.icase = x->name.icase = 1;
    for (size_t i = 0; fs != NULL && i < fs->n; i++) {
        const vk_feature *f = &fs->f[i];
        if (f->code != NULL && !vk_strmap_get(&x->code, f->code, code_key,
                                              fs, &v))
            vk_strmap_add(&x->code, f->code, i);
        if (names && f->name != NULL &&
            !vk_strmap_get(&x->name, f->name, name_key, fs, &v))
            vk_strmap_add(&x->name, f->name, i);
    }
}

static void
index_free(level_index *x)
{
    vk_strmap_free(&x->code);
    vk_strmap_free(&x->name);
}

/* Index of the feature of x with this code (or name), or -1. */
static long
find(const level_index *x, const char *s)
{
    size_t v;

    if (vk_strmap_get(&x->code, s, code_key, x->fs, &v) ||
        vk_strmap_get(&x->name, s, name_key, x->fs, &v))
        return (long)v;
    return -1;
}

long *
vk_features_parents(const vk_features *bu, const vk_features *parents,
                    int gemeente)
{
    level_index x;
    long *of = vk_xcalloc(bu != NULL && bu->n ? bu->n : 1, sizeof *of);

    index_level(&x, parents, 0);
    for (size_t i = 0; bu != NULL && i < bu->n; i++) {
        const char *c = gemeente ? bu->f[i].gemeentecode : bu->f[i].wijkcode;

        of[i] = c != NULL ? find(&x, c) : -1;
    }
    index_free(&x);
    return of;
}

static size_t
count(const vk_features *fs)
{
    return fs != NULL ? fs->n : 0;
}

static vk_area *
area_new(const vk_boundaries *b, const char *id)
{
    vk_area *a = vk_xcalloc(1, sizeof *a);

    a->id = vk_xstrdup(id);
    a->n[BU] = count(b->buurten);
    a->n[WK] = count(b->wijken);
    a->n[GM] = count(b->gemeenten);
    return a;
}

vk_area *
vk_area_all(const vk_boundaries *b)
{
    vk_area *a = area_new(b, "all");

    a->all = 1;
    a->nbuurten = a->n[BU];
    a->ngemeenten = a->n[GM];
    a->name[0] = vk_xstrdup(vk_text(VK_LANG_NL, VK_TEXT_ALL_AREAS));
    a->name[1] = vk_xstrdup(vk_text(VK_LANG_EN, VK_TEXT_ALL_AREAS));
    return a;
}

/* "A", "A en B", "A, B en C"; more than three: "N gemeenten". */
static char *
joined_names(const vk_area *a, const vk_features *gm, vk_lang lang)
{
    vk_strbuf sb = {0};
    size_t k = 0;

    if (a->ngemeenten > 3) {
        char num[32];
        vk_format_number(lang, (double)a->ngemeenten, 0, num, sizeof num);
        return vk_text_fill(lang, VK_TEXT_N_GEMEENTEN, num, NULL);
    }
    for (size_t i = 0; i < a->n[GM]; i++) {
        const vk_feature *f = &gm->f[i];
        if (!a->gm[i])
            continue;
        if (k > 0)
            vk_strbuf_appendf(&sb, "%s", k + 1 == a->ngemeenten
                                             ? vk_text(lang, VK_TEXT_AND)
                                             : ", ");
        vk_strbuf_appendf(&sb, "%s", f->name != NULL ? f->name : f->code);
        k++;
    }
    return sb.s != NULL ? sb.s : vk_xstrdup("");
}

/* Fills the wijk and gemeente masks, the counts, the one gemeente and the
 * names from the buurten mask. single: the name of the one feature the
 * area was given as (a wijk or buurt), or NULL. */
static void
complete(vk_area *a, const vk_boundaries *b, const char *name,
         const char *single)
{
    long *wk = vk_features_parents(b->buurten, b->wijken, 0);
    long *gm = vk_features_parents(b->buurten, b->gemeenten, 1);
    size_t *in_gm = vk_xcalloc(a->n[GM] + 1, sizeof *in_gm);
    size_t *all_gm = vk_xcalloc(a->n[GM] + 1, sizeof *all_gm);

    a->wk = vk_xcalloc(a->n[WK] + 1, 1);
    a->gm = vk_xcalloc(a->n[GM] + 1, 1);
    a->nbuurten = 0;
    for (size_t i = 0; i < a->n[BU]; i++) {
        if (gm[i] >= 0)
            all_gm[gm[i]]++;
        if (!a->bu[i])
            continue;
        a->nbuurten++;
        if (wk[i] >= 0)
            a->wk[wk[i]] = 1;
        if (gm[i] >= 0)
            in_gm[gm[i]]++;
    }
    a->ngemeenten = 0;
    for (size_t g = 0; g < a->n[GM]; g++) {
        if (in_gm[g] == 0)
            continue;
        a->gm[g] = in_gm[g] == all_gm[g] ? 2 : 1;
        a->ngemeenten++;
    }
    /* A buurt of a whole gemeente is marked 2: the overview draws those
     * gemeenten by their outline. */
    for (size_t i = 0; i < a->n[BU]; i++)
        if (a->bu[i] && gm[i] >= 0 && a->gm[gm[i]] == 2)
            a->bu[i] = 2;
    /* Exactly one whole gemeente: its code names the outputs. */
    for (size_t g = 0; g < a->n[GM] && a->ngemeenten == 1; g++)
        if (a->gm[g] == 2)
            a->gemeente = vk_xstrdup(b->gemeenten->f[g].code);
    for (int l = 0; l < 2; l++)
        a->name[l] = name != NULL     ? vk_xstrdup(name)
                     : single != NULL ? vk_xstrdup(single)
                     : a->ngemeenten > 0
                         ? joined_names(a, b->gemeenten,
                                        l ? VK_LANG_EN : VK_LANG_NL)
                         : vk_xstrdup(a->id);
    free(in_gm);
    free(all_gm);
    free(wk);
    free(gm);
}

static vk_area *
empty_error(vk_area *a, const vk_boundaries *b, const char *what,
            vk_error *err)
{
    VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
               "%s \"%s\" holds no buurt", what ? what : "area", a->id);
    vk_error_hint(err, "check the codes: gemeente (GM0363), wijk "
                       "(WK036300) or buurt codes (BU03630000) of the "
                       "boundaries, or --area-field");
    vk_area_destroy(a);
    return NULL;
}

vk_area *
vk_area_mask(const vk_boundaries *b, const unsigned char *mask,
             const char *id, const char *name, vk_error *err)
{
    vk_area *a = area_new(b, id);

    a->bu = vk_xcalloc(a->n[BU] + 1, 1);
    memcpy(a->bu, mask, a->n[BU]);
    complete(a, b, name, NULL);
    if (a->nbuurten == 0)
        return empty_error(a, b, "area", err);
    return a;
}

/* 1 when s starts with the two letters p, in any case. */
static int
is_prefix(const char *s, const char *p)
{
    return (s[0] == p[0] || s[0] == p[0] + ('a' - 'A')) &&
           (s[1] == p[1] || s[1] == p[1] + ('a' - 'A'));
}

/* The error for a code that selects nothing. */
static void
not_found(const vk_boundaries *b, const char *code, const char *what,
          vk_error *err)
{
    const vk_features *g = b->gemeenten;
    vk_strbuf sb = {0};

    if (is_prefix(code, "WK") || is_prefix(code, "BU")) {
        VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
                   "%s%s%s \"%s\" not found", what ? what : "",
                   what ? ": " : "", is_prefix(code, "WK") ? "wijk" : "buurt",
                   code);
        vk_error_hint(err, "a wijk code is WK and six digits, a buurt code "
                           "BU and eight, as in the boundaries' %s",
                      is_prefix(code, "WK") ? "wijkcode"
                                                   : "buurtcode");
        return;
    }
    if (g == NULL || g->n == 0) {
        VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
                   "area \"%s\": the boundaries have no gemeente column "
                   "(gemeentecode)", code);
        vk_error_hint(err, "map them all with --area all, or name the "
                      "column that groups them with --area-field");
        return;
    }
    for (size_t i = 0; i < g->n && i < 20; i++)
        vk_strbuf_appendf(&sb, "%s%s (%s)", i ? ", " : "", g->f[i].code,
                          g->f[i].name ? g->f[i].name : "?");
    if (g->n > 20)
        vk_strbuf_appendf(&sb, ", ... (%zu in all)", g->n);
    VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
               "gemeente \"%s\" not found", code);
    vk_error_hint(err, "the gemeenten are: %s", sb.s ? sb.s : "none");
    vk_strbuf_free(&sb);
}

/* Selects what code names into a->bu; the name of a single wijk or buurt
 * into *single. Returns 0, or -1 when it names nothing. */
static int
select_code(vk_area *a, const vk_boundaries *b, level_index x[3],
            const char *code, const char **single)
{
    const vk_features *bu = b->buurten;
    long i;

    if ((i = find(&x[GM], code)) >= 0) {
        const char *gc = b->gemeenten->f[i].code;
        for (size_t k = 0; k < bu->n; k++)
            if (bu->f[k].gemeentecode != NULL &&
                vk_strcaseeq(bu->f[k].gemeentecode, gc))
                a->bu[k] = 1;
        *single = NULL;
        return 0;
    }
    if ((i = find(&x[WK], code)) >= 0) {
        const char *wc = b->wijken->f[i].code;
        for (size_t k = 0; k < bu->n; k++)
            if (bu->f[k].wijkcode != NULL &&
                vk_strcaseeq(bu->f[k].wijkcode, wc))
                a->bu[k] = 1;
        *single = b->wijken->f[i].name;
        return 0;
    }
    /* Boundaries without a wijken or gemeenten layer: the buurten's own
     * codes. */
    for (size_t k = 0; k < bu->n; k++) {
        const vk_feature *f = &bu->f[k];
        if ((f->wijkcode != NULL && vk_strcaseeq(f->wijkcode, code)) ||
            (f->gemeentecode != NULL &&
             vk_strcaseeq(f->gemeentecode, code))) {
            a->bu[k] = 1;
            i = 0;
        }
    }
    if (i == 0) {
        *single = NULL;
        return 0;
    }
    if ((i = find(&x[BU], code)) >= 0) {
        /* Repeated keys: every buurt with the code. */
        for (size_t k = 0; k < bu->n; k++)
            if (bu->f[k].code != NULL && vk_strcaseeq(bu->f[k].code, code))
                a->bu[k] = 1;
        *single = bu->f[i].name;
        return 0;
    }
    return -1;
}

vk_area *
vk_area_codes(const vk_boundaries *b, const char *const *codes, size_t n,
              const char *name, const char *what, vk_error *err)
{
    vk_strbuf id = {0};
    level_index x[3];
    const char *single = NULL;
    size_t given = 0;
    vk_area *a;

    for (size_t i = 0; n > 1 && i < n; i++)
        if (vk_strcaseeq(codes[i], "all")) {
            VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
                       "%s%sall stands alone", what ? what : "",
                       what ? ": " : "");
            vk_error_hint(err, "all maps every buurt; leave out the other "
                               "codes, or all");
            return NULL;
        }
    if (n == 1 && vk_strcaseeq(codes[0], "all")) {
        a = vk_area_all(b);
        for (int l = 0; name != NULL && l < 2; l++) {
            free(a->name[l]);
            a->name[l] = vk_xstrdup(name);
        }
        return a;
    }
    for (size_t i = 0; i < n; i++)
        vk_strbuf_appendf(&id, "%s%s", i ? "," : "", codes[i]);
    a = area_new(b, id.s != NULL ? id.s : "");
    vk_strbuf_free(&id);
    a->bu = vk_xcalloc(a->n[BU] + 1, 1);
    index_level(&x[BU], b->buurten, 0);
    index_level(&x[WK], b->wijken, 0);
    index_level(&x[GM], b->gemeenten, 1);
    for (size_t i = 0; i < n; i++) {
        const char *s = NULL;
        if (select_code(a, b, x, codes[i], &s) != 0) {
            not_found(b, codes[i], what, err);
            for (int l = 0; l < 3; l++)
                index_free(&x[l]);
            vk_area_destroy(a);
            return NULL;
        }
        single = s;
        given++;
    }
    for (int l = 0; l < 3; l++)
        index_free(&x[l]);
    complete(a, b, name, given == 1 ? single : NULL);
    if (a->nbuurten == 0)
        return empty_error(a, b, what, err);
    return a;
}

/* The parts of list: split at commas and semicolons, each trimmed; a part
 * that is no gemeente name and holds spaces split at them. */
static size_t
split(const char *list, const level_index *gm, char ***out)
{
    char *copy = vk_xstrdup(list), *save = NULL;
    char **v = NULL;
    size_t n = 0, cap = 0;

    for (char *p = strtok_r(copy, ",;", &save); p != NULL;
         p = strtok_r(NULL, ",;", &save)) {
        char *e;
        while (*p == ' ' || *p == '\t')
            p++;
        e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
                         e[-1] == '\n'))
            *--e = '\0';
        if (*p == '\0')
            continue;
        if (strchr(p, ' ') != NULL && find(gm, p) < 0) {
            char *s2 = NULL;
            for (char *q = strtok_r(p, " \t", &s2); q != NULL;
                 q = strtok_r(NULL, " \t", &s2)) {
                if (n == cap)
                    v = vk_xreallocarray(v, cap = cap ? 2 * cap : 8, sizeof *v);
                v[n++] = vk_xstrdup(q);
            }
            continue;
        }
        if (n == cap)
            v = vk_xreallocarray(v, cap = cap ? 2 * cap : 8, sizeof *v);
        v[n++] = vk_xstrdup(p);
    }
    free(copy);
    *out = v;
    return n;
}

vk_area *
vk_area_parse(const vk_boundaries *b, const char *list, const char *name,
              const char *what, vk_error *err)
{
    level_index gm;
    char **codes;
    size_t n;
    vk_area *a;

    index_level(&gm, b->gemeenten, 1);
    n = split(list, &gm, &codes);
    index_free(&gm);
    if (n == 0) {
        VK_FAIL_AT(err, VK_EDATA, b->buurten->path, 0,
                   "%s \"%s\" names no area", what ? what : "codes",
                   list);
        vk_error_hint(err, "give gemeente, wijk or buurt codes separated "
                           "by commas, or all");
        free(codes);
        return NULL;
    }
    a = vk_area_codes(b, (const char *const *)codes, n, name, what, err);
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    return a;
}

void
vk_area_gemeenten(const vk_boundaries *b, vk_area ***out)
{
    const vk_features *gm = b->gemeenten, *bu = b->buurten;
    size_t ng = count(gm);
    vk_area **v = vk_xcalloc(ng + 1, sizeof *v);
    long *gof = vk_features_parents(bu, gm, 1);
    long *wof = vk_features_parents(bu, b->wijken, 0);

    for (size_t g = 0; g < ng; g++) {
        const vk_feature *f = &gm->f[g];
        vk_area *a = v[g] = area_new(b, f->code != NULL ? f->code : "");
        a->bu = vk_xcalloc(a->n[BU] + 1, 1);
        a->wk = vk_xcalloc(a->n[WK] + 1, 1);
        a->gm = vk_xcalloc(a->n[GM] + 1, 1);
        a->gm[g] = 2;
        a->ngemeenten = 1;
        a->gemeente = vk_xstrdup(a->id);
        for (int l = 0; l < 2; l++)
            a->name[l] = vk_xstrdup(f->name != NULL ? f->name : a->id);
    }
    for (size_t i = 0; i < count(bu); i++) {
        if (gof[i] < 0)
            continue;
        v[gof[i]]->bu[i] = 2;
        v[gof[i]]->nbuurten++;
        if (wof[i] >= 0)
            v[gof[i]]->wk[wof[i]] = 1;
    }
    free(gof);
    free(wof);
    *out = v;
}

vk_area *
vk_area_of_gemeenten(const vk_boundaries *b, const vk_area *a)
{
    long *gm;
    unsigned char *m;
    vk_area *out;
    vk_error e;

    if (a == NULL || a->all || a->gemeente != NULL || a->ngemeenten == 0)
        return vk_area_copy(a);
    gm = vk_features_parents(b->buurten, b->gemeenten, 1);
    m = vk_xcalloc(a->n[BU] + 1, 1);
    for (size_t i = 0; i < a->n[BU]; i++)
        m[i] = a->bu[i] || (gm[i] >= 0 && a->gm[gm[i]]);
    free(gm);
    vk_error_init(&e);
    out = vk_area_mask(b, m, a->id, NULL, &e);
    free(m);
    return out;
}

static unsigned char *
dup_mask(const unsigned char *m, size_t n)
{
    unsigned char *c;

    if (m == NULL)
        return NULL;
    c = vk_xmalloc(n + 1);
    memcpy(c, m, n);
    return c;
}

vk_area *
vk_area_copy(const vk_area *a)
{
    vk_area *c;

    if (a == NULL)
        return NULL;
    c = vk_xcalloc(1, sizeof *c);
    *c = *a;
    c->id = vk_xstrdup(a->id);
    c->name[0] = vk_xstrdup(a->name[0]);
    c->name[1] = vk_xstrdup(a->name[1]);
    c->gemeente = a->gemeente != NULL ? vk_xstrdup(a->gemeente) : NULL;
    c->bu = dup_mask(a->bu, a->n[BU]);
    c->wk = dup_mask(a->wk, a->n[WK]);
    c->gm = dup_mask(a->gm, a->n[GM]);
    return c;
}

void
vk_area_destroy(vk_area *a)
{
    if (a == NULL)
        return;
    free(a->id);
    free(a->name[0]);
    free(a->name[1]);
    free(a->gemeente);
    free(a->bu);
    free(a->wk);
    free(a->gm);
    free(a);
}

const char *
vk_area_name(const vk_area *a, vk_lang lang)
{
    return a->name[lang == VK_LANG_EN];
}

int
vk_area_has_buurt(const vk_area *a, size_t i)
{
    return a == NULL || a->all || (i < a->n[BU] && a->bu[i]);
}

int
vk_area_has_wijk(const vk_area *a, size_t i)
{
    return a == NULL || a->all || (i < a->n[WK] && a->wk[i]);
}

int
vk_area_has_gemeente(const vk_area *a, size_t i)
{
    return a == NULL || a->all || (i < a->n[GM] && a->gm[i]);
}

int
vk_area_whole_gemeente(const vk_area *a, size_t i)
{
    return a == NULL || a->all || (i < a->n[GM] && a->gm[i] == 2);
}

int
vk_area_in_whole_gemeente(const vk_area *a, size_t i)
{
    return a == NULL || a->all || (i < a->n[BU] && a->bu[i] == 2);
}

int
vk_area_same(const vk_area *a, const vk_area *b)
{
    int all_a = a == NULL || a->all, all_b = b == NULL || b->all;

    if (all_a || all_b)
        return all_a == all_b;
    return strcmp(a->id, b->id) == 0 && a->n[BU] == b->n[BU] &&
           memcmp(a->bu, b->bu, a->n[BU]) == 0;
}
