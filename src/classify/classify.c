/* SPDX-License-Identifier: MIT */
/* Class breaks as R's classInt::classIntervals computes them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vk/classify.h"

/*
 * How it works
 *
 * Each method reproduces classInt 0.4 (R) to the last bit where R's own
 * arithmetic is known, so that a map made here and one made in R, QGIS or
 * mapclassify can be compared:
 *
 * - missing values (NaN) are dropped before anything else;
 * - nobs = the number of distinct values. One distinct value cannot be
 *   classified by classInt ("single unique value"); we make one class
 *   [v, v] and say so. When k >= nobs classInt gives every distinct value
 *   its own class with breaks half-way between them (style "unique"); so do
 *   we, with a warning. Fixed breaks are exempt: they are policy thresholds
 *   and must mean the same everywhere.
 * - equal: seq(min, max, length.out = k + 1), i.e. b[i] = min + i * d / k
 *   with the last break exactly max;
 * - quantile: quantile(x, probs = seq(0, 1, 1/k)) of type 7, where R's seq
 *   gives probs[i] = min(i * (1/k), 1);
 * - fixed: the given breaks, sorted; values outside them fall in the end
 *   classes (findInterval(all.inside = TRUE)) and a warning says how many.
 *
 * Counting follows classInt::findCols: with left closure a value belongs
 * to the last class i whose lower break b[i] <= v (so [b[i], b[i+1]) and the
 * last class is closed on both ends); with right closure to class
 * max(1, #{b < v}), i.e. (b[i], b[i+1]] with the first class closed.
 */

static const char *const METHOD_NAMES[VK_METHOD_COUNT_] = {
    [VK_METHOD_EQUAL] = "equal",
    [VK_METHOD_QUANTILE] = "quantile",
    [VK_METHOD_FIXED] = "fixed",
};

const char *
vk_method_name(vk_method m)
{
    return (unsigned)m < VK_METHOD_COUNT_ ? METHOD_NAMES[m] : "?";
}

int
vk_method_parse(const char *name, vk_method *out)
{
    for (int i = 0; i < VK_METHOD_COUNT_; i++) {
        if (strcmp(name, METHOD_NAMES[i]) == 0) {
            *out = (vk_method)i;
            return 0;
        }
    }
    return -1;
}

const char *
vk_method_list(void)
{
    return "equal, quantile, fixed";
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

double
vk_quantile7(const double *sorted, size_t n, double p)
{
    double index, h, qs;
    size_t lo, hi;

    if (n == 0)
        return NAN;
    /* R: index <- 1 + (n - 1) * probs, 1-based. */
    index = 1.0 + (double)(n - 1) * p;
    lo = (size_t)floor(index);
    hi = (size_t)ceil(index);
    qs = sorted[lo - 1];
    if (index > (double)lo && sorted[hi - 1] != qs) {
        h = index - (double)lo;
        qs = (1 - h) * qs + h * sorted[hi - 1];
    }
    return qs;
}

/* R's mean(): a long double sum with one refinement pass. */
static double
r_mean(const double *x, size_t n)
{
    long double s = 0, t = 0;

    for (size_t i = 0; i < n; i++)
        s += x[i];
    s /= (long double)n;
    for (size_t i = 0; i < n; i++)
        t += x[i] - s;
    s += t / (long double)n;
    return (double)s;
}

static int
class_of(const double *b, int k, vk_closure closure, double v)
{
    int lo, hi;

    if (isnan(v))
        return -1;
    if (closure == VK_CLOSE_LEFT) {
        /* Last i in 0..k with b[i] <= v, then all.inside clamping. */
        lo = -1;
        hi = k;
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;

            if (b[mid] <= v)
                lo = mid;
            else
                hi = mid - 1;
        }
        if (lo < 0)
            return 0;
        return lo >= k ? k - 1 : lo;
    }
    /* Right closure: number of breaks strictly below v, at least 1. */
    lo = 0;
    hi = k + 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;

        if (b[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < 1)
        lo = 1;
    return lo > k ? k - 1 : lo - 1;
}

int
vk_breaks_class(const vk_breaks *br, double v)
{
    return class_of(br->b, br->k, br->closure, v);
}

/* One class per distinct value, breaks half-way (classInt "unique"). */
static void
unique_breaks(vk_breaks *br, const double *u, size_t nu)
{
    double *d = vk_xcalloc(nu, sizeof *d), md;

    for (size_t i = 0; i + 1 < nu; i++)
        d[i] = u[i + 1] - u[i];
    md = r_mean(d, nu - 1);
    br->k = (int)nu;
    br->b = vk_xcalloc(nu + 1, sizeof *br->b);
    br->b[0] = u[0] - md / 2;
    for (size_t i = 0; i + 1 < nu; i++)
        br->b[i + 1] = u[i] + d[i] / 2;
    br->b[nu] = u[nu - 1] + md / 2;
    free(d);
}

static void
equal_breaks(vk_breaks *br, double min, double max)
{
    int k = br->k;

    br->b = vk_xcalloc((size_t)k + 1, sizeof *br->b);
    br->b[0] = min;
    for (int i = 1; i < k; i++)
        br->b[i] = min + (double)i * ((max - min) / (double)k);
    br->b[k] = max;
}

static void
quantile_breaks(vk_breaks *br, const double *sorted, size_t n)
{
    int k = br->k;
    double by = 1.0 / (double)k;

    br->b = vk_xcalloc((size_t)k + 1, sizeof *br->b);
    for (int i = 0; i <= k; i++) {
        double p = (double)i * by;

        br->b[i] = vk_quantile7(sorted, n, p > 1.0 ? 1.0 : p);
    }
}

static vk_status
fixed_breaks(vk_breaks *br, const double *fixed, size_t nfixed,
             const double *sorted, size_t n, vk_error *err)
{
    size_t outside = 0;

    if (fixed == NULL || nfixed < 2) {
        VK_FAIL(err, VK_EUSAGE, "method fixed needs at least two breaks");
        vk_error_hint(err, "give them with --breaks a,b,... or breaks: in "
                      "the style");
        return err->code;
    }
    for (size_t i = 0; i < nfixed; i++) {
        if (!isfinite(fixed[i])) {
            VK_FAIL(err, VK_EUSAGE, "fixed break %zu is not a finite number",
                    i + 1);
            return err->code;
        }
    }
    br->k = (int)(nfixed - 1);
    br->b = vk_xcalloc(nfixed, sizeof *br->b);
    memcpy(br->b, fixed, nfixed * sizeof *fixed);
    qsort(br->b, nfixed, sizeof *br->b, cmp_double);
    for (size_t i = 0; i < n; i++)
        outside += sorted[i] < br->b[0] || sorted[i] > br->b[br->k];
    if (outside > 0)
        vk_warnings_add(&br->warnings, "%zu of %zu values lie outside the "
                        "fixed breaks %g .. %g and are counted in the end "
                        "classes", outside, n, br->b[0], br->b[br->k]);
    return VK_OK;
}

vk_breaks *
vk_classify(const double *values, size_t n, vk_method m, int k,
            const double *fixed, size_t nfixed, vk_closure closure,
            vk_error *err)
{
    vk_breaks *br;
    double *x;
    size_t nx = 0, nu = 0;

    if (m != VK_METHOD_FIXED && k < 1) {
        VK_FAIL(err, VK_EUSAGE, "the number of classes must be at least 1, "
                "not %d", k);
        return NULL;
    }

    /* Drop missing values and sort the rest. */
    x = vk_xcalloc(n ? n : 1, sizeof *x);
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i]))
            x[nx++] = values[i];
    if (nx == 0) {
        free(x);
        VK_FAIL(err, VK_EDATA, "all %zu values are missing", n);
        vk_error_hint(err, "check the column name and the join (veerkracht "
                      "check)");
        return NULL;
    }
    qsort(x, nx, sizeof *x, cmp_double);

    br = vk_xcalloc(1, sizeof *br);
    br->method = m;
    br->closure = closure;
    br->n = nx;
    br->missing = n - nx;
    br->k = k;

    /* Distinct values, in place at the front of a copy. */
    double *u = vk_xcalloc(nx, sizeof *u);
    for (size_t i = 0; i < nx; i++)
        if (nu == 0 || x[i] != u[nu - 1])
            u[nu++] = x[i];

    if (m == VK_METHOD_FIXED) {
        if (fixed_breaks(br, fixed, nfixed, x, nx, err) != VK_OK) {
            free(u);
            free(x);
            vk_breaks_destroy(br);
            return NULL;
        }
    } else if (nu == 1) {
        vk_warnings_add(&br->warnings, "all %zu values are equal (%g); one "
                        "class", nx, u[0]);
        br->k = 1;
        br->b = vk_xcalloc(2, sizeof *br->b);
        br->b[0] = br->b[1] = u[0];
    } else if ((size_t)k >= nu) {
        vk_warnings_add(&br->warnings, "%d classes asked but only %zu "
                        "distinct values; each value is its own class", k,
                        nu);
        unique_breaks(br, u, nu);
    } else if (m == VK_METHOD_EQUAL) {
        equal_breaks(br, x[0], x[nx - 1]);
    } else {
        quantile_breaks(br, x, nx);
    }
    free(u);

    /* Count every value into its class. */
    br->counts = vk_xcalloc((size_t)br->k, sizeof *br->counts);
    for (size_t i = 0; i < nx; i++)
        br->counts[class_of(br->b, br->k, closure, x[i])]++;
    for (int c = 0; c < br->k && m == VK_METHOD_QUANTILE; c++) {
        if (br->counts[c] == 0) {
            vk_warnings_add(&br->warnings, "class %d is empty: ties in the "
                            "data give equal quantiles", c + 1);
        }
    }
    free(x);
    return br;
}

void
vk_breaks_destroy(vk_breaks *br)
{
    if (br == NULL)
        return;
    free(br->b);
    free(br->counts);
    vk_warnings_free(&br->warnings);
    free(br);
}
