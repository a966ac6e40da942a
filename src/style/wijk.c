/* SPDX-License-Identifier: MIT */
/* A style applied to the wijken (level: wijk): each wijk's value
 * aggregated from its buurten, the wijken classified, and every buurt
 * given its wijk's value and class. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "style_priv.h"

/* 1 when buurt i takes part in its wijk's value: in a wijk, not water. */
static int
takes_part(const vk_layer_wijken *wl, const vk_features *fs, size_t i)
{
    return wl->of[i] >= 0 && !fs->f[i].water;
}

/* A categories axis: each wijk takes the category its buurten' weight
 * falls in most (ties: the one listed first); no weight, no category. */
static vk_status
category_mode(const vk_axis *ax, const vk_tableset *ts, const vk_features *fs,
              const vk_layer_wijken *wl, const double *weight, double *out,
              vk_error *err)
{
    size_t nc = ax->nbreaks;
    double *v = vk_xcalloc(fs->n ? fs->n : 1, sizeof *v);
    double *tot = vk_xcalloc(wl->n * nc + 1, sizeof *tot);

    /* The buurten' values as a map of buurten has them. */
    if (vk_value_compute(&ax->value, ts, fs, v, err) != VK_OK) {
        free(v);
        free(tot);
        return err->code;
    }
    for (size_t i = 0; i < fs->n; i++) {
        if (!takes_part(wl, fs, i) || isnan(v[i]) || !(weight[i] > 0))
            continue;
        for (size_t c = 0; c < nc; c++)
            if (ax->breaks[c] == v[i]) {
                tot[(size_t)wl->of[i] * nc + c] += weight[i];
                break;
            }
    }
    for (size_t k = 0; k < wl->n; k++) {
        long best = -1;

        for (size_t c = 0; c < nc; c++)
            if (tot[k * nc + c] > 0 &&
                (best < 0 || tot[k * nc + c] > tot[k * nc + (size_t)best]))
                best = (long)c;
        out[k] = best < 0 ? NAN : ax->breaks[best];
    }
    free(v);
    free(tot);
    return VK_OK;
}

/* The sums of one wijk: numerator, denominator (per) or subtrahend
 * (minus), weight, and the buurten that took part. */
typedef struct sums {
    double a, b, w;
    size_t n;
} sums;

/* The value of axis ax per wijk into out (wl->n). */
static vk_status
aggregate_axis(const vk_style *s, const vk_axis *ax, const vk_tableset *ts,
               const vk_features *fs, const vk_layer_wijken *wl,
               const double *weight, double *out, vk_error *err)
{
    const vk_value_spec *v = &ax->value;
    size_t n = fs->n ? fs->n : 1;
    double *a, *b = NULL;
    sums *sm;
    int per = v->op == VK_VALUE_PER;
    /* Any other value (a count over years) is aggregated as the buurten
     * have it, negated and relative already. */
    int whole = v->op != VK_VALUE_COLUMN && v->op != VK_VALUE_MINUS && !per;

    if (ax->method == VK_METHOD_CATEGORIES)
        return category_mode(ax, ts, fs, wl, weight, out, err);
    a = vk_xcalloc(n, sizeof *a);
    if ((whole ? vk_value_compute(v, ts, fs, a, err)
               : vk_layer_operand(ts, fs, v->a, v->year_a, a, err)) != VK_OK)
        goto fail;
    if (v->op == VK_VALUE_MINUS || per) {
        b = vk_xcalloc(n, sizeof *b);
        if (vk_layer_operand(ts, fs, v->b, v->year_b ? v->year_b : v->year_a,
                             b, err) != VK_OK)
            goto fail;
    }
    sm = vk_xcalloc(wl->n ? wl->n : 1, sizeof *sm);
    for (size_t i = 0; i < fs->n; i++) {
        /* A ratio is the sum of numerators over that of denominators; a
         * sum counts every buurt once; a mean weighs each buurt. */
        double w = per || s->aggregate == VK_AGGREGATE_SUM ? 1 : weight[i];
        sums *k;

        if (!takes_part(wl, fs, i) || isnan(a[i]) ||
            (b != NULL && isnan(b[i])) || !(w > 0))
            continue;
        k = &sm[wl->of[i]];
        k->a += w * a[i];
        k->b += b != NULL ? w * b[i] : 0;
        k->w += w;
        k->n++;
    }
    for (size_t k = 0; k < wl->n; k++) {
        double x = NAN;

        if (sm[k].n > 0 && per)
            x = sm[k].b != 0 ? sm[k].a / sm[k].b * 100.0 : NAN;
        else if (sm[k].n > 0 && s->aggregate == VK_AGGREGATE_SUM)
            x = sm[k].a - sm[k].b;
        else if (sm[k].n > 0)
            x = (sm[k].a - sm[k].b) / sm[k].w;
        out[k] = v->negate && !whole ? -x : x;
    }
    free(sm);
    free(a);
    free(b);
    if (v->relative != VK_RELATIVE_NONE && !whole) {
        /* Each wijk's gemeente: its own, else that of its buurten (a
         * wijken layer without gemeentecode). */
        const char **gm = vk_xcalloc(wl->n ? wl->n : 1, sizeof *gm);

        for (size_t k = 0; k < wl->n; k++)
            gm[k] = wl->wijken->f[k].gemeentecode;
        for (size_t i = 0; i < fs->n; i++)
            if (wl->of[i] >= 0 && gm[wl->of[i]] == NULL)
                gm[wl->of[i]] = fs->f[i].gemeentecode;
        vk_layer_relative_by(v->relative, gm, wl->n, out);
        free(gm);
    }
    return VK_OK;

fail:
    free(a);
    free(b);
    return err->code;
}

/* Each wijk's residents for the mask (the summed known residents of its
 * buurten that are not water; NAN when none is known), and the wijken
 * that are water alone, masked or without a value get their code in cls;
 * the others 0 (to classify). */
static void
wijk_codes(const vk_style *s, const vk_features *fs, vk_layer_wijken *wl,
           const double *pop, const vk_layer *per)
{
    size_t *land = vk_xcalloc(wl->n ? wl->n : 1, sizeof *land);
    size_t *all = vk_xcalloc(wl->n ? wl->n : 1, sizeof *all);

    for (size_t k = 0; k < wl->n; k++)
        wl->inwoners[k] = NAN;
    for (size_t i = 0; i < fs->n; i++) {
        long k = wl->of[i];

        if (k < 0)
            continue;
        all[k]++;
        if (fs->f[i].water)
            continue;
        land[k]++;
        if (pop != NULL && !isnan(pop[i]))
            wl->inwoners[k] =
                isnan(wl->inwoners[k]) ? pop[i] : wl->inwoners[k] + pop[i];
    }
    for (size_t k = 0; k < wl->n; k++)
        per->cls[k] = vk_layer_code(s, all[k] > 0 && land[k] == 0,
                                    wl->inwoners[k], per->vx[k],
                                    per->vy != NULL ? per->vy[k] : 0);
    free(land);
    free(all);
}

/* The layer over the buurten: each its wijk's value and class. Takes the
 * breaks, warnings and per-wijk arrays of per (destroyed). */
static vk_layer *
spread(const vk_style *s, const vk_features *fs, vk_layer_wijken *wl,
       vk_layer *per)
{
    vk_layer *l = vk_xcalloc(1, sizeof *l);
    size_t n = fs->n ? fs->n : 1;

    l->style = s;
    l->n = fs->n;
    l->cls = vk_xcalloc(n, sizeof *l->cls);
    l->vx = vk_xcalloc(n, sizeof *l->vx);
    if (s->bivariate)
        l->vy = vk_xcalloc(n, sizeof *l->vy);
    for (size_t i = 0; i < fs->n; i++) {
        long k = wl->of[i];

        if (fs->f[i].water || k < 0) {
            l->cls[i] = fs->f[i].water ? VK_CLASS_WATER : VK_CLASS_NODATA;
            l->vx[i] = NAN;
            if (l->vy != NULL)
                l->vy[i] = NAN;
            continue;
        }
        l->cls[i] = per->cls[k];
        l->vx[i] = per->vx[k];
        if (l->vy != NULL)
            l->vy[i] = per->vy[k];
    }
    l->bx = per->bx;
    l->by = per->by;
    l->warnings = per->warnings;
    wl->vx = per->vx;
    wl->vy = per->vy;
    wl->cls = per->cls;
    memset(per, 0, sizeof *per);
    vk_layer_destroy(per);
    l->wijk = wl;
    return l;
}

vk_layer *
vk_layer_make_wijk(const vk_style *s, const vk_tableset *ts,
                   const vk_features *fs, const vk_features *wk,
                   const vk_area *scope_area, vk_error *err)
{
    vk_layer_wijken *wl;
    vk_layer *per;
    double *weight, *pop = NULL;
    size_t nw;

    if (wk == NULL || wk->n == 0) {
        VK_FAIL_AT(err, VK_EDATA, fs->path, 0, "style %s maps wijken "
                   "(level: wijk), but the boundaries have no wijken",
                   s->id);
        vk_error_hint(err, "give a wijken layer or the buurten' wijk column "
                      "(wijkcode, --wijk-field or columns: {wijk: ...}), "
                      "or map buurten with --level buurt");
        return NULL;
    }
    if ((weight = vk_layer_per_buurt(ts, fs, s->weight, err)) == NULL) {
        vk_error_hint(err, "the weight of the wijk means is named in %s",
                      s->path);
        return NULL;
    }
    if (s->mask_min_inwoners > 0 &&
        (pop = vk_layer_per_buurt(ts, fs, s->mask_column, err)) == NULL) {
        vk_error_hint(err, "the mask's column is named in %s", s->path);
        free(weight);
        return NULL;
    }
    nw = wk->n;
    wl = vk_xcalloc(1, sizeof *wl);
    wl->wijken = wk;
    wl->n = nw;
    wl->of = vk_features_parents(fs, wk, 0);
    wl->inwoners = vk_xcalloc(nw, sizeof *wl->inwoners);
    per = vk_xcalloc(1, sizeof *per);
    per->style = s;
    per->n = nw;
    per->cls = vk_xcalloc(nw, sizeof *per->cls);
    per->vx = vk_xcalloc(nw, sizeof *per->vx);
    if (s->bivariate)
        per->vy = vk_xcalloc(nw, sizeof *per->vy);
    if (aggregate_axis(s, &s->x, ts, fs, wl, weight, per->vx, err) !=
            VK_OK ||
        (s->bivariate &&
         aggregate_axis(s, &s->y, ts, fs, wl, weight, per->vy, err) !=
             VK_OK))
        vk_error_hint(err, "the value is defined in %s", s->path);
    else
        wijk_codes(s, fs, wl, pop, per);
    free(weight);
    free(pop);
    if (err->code != VK_OK ||
        vk_layer_classify(per, wk, scope_area, 1, err) != VK_OK) {
        vk_layer_destroy(per);
        vk_layer_wijken_free(wl);
        return NULL;
    }
    return spread(s, fs, wl, per);
}

void
vk_layer_wijken_free(vk_layer_wijken *w)
{
    if (w == NULL)
        return;
    free(w->of);
    free(w->vx);
    free(w->vy);
    free(w->cls);
    free(w->inwoners);
    free(w);
}
