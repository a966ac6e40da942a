/* SPDX-License-Identifier: MIT */
/* Class breaks as R's classInt::classIntervals computes them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify_priv.h"

/*
 * How it works
 *
 * Each method reproduces classInt 0.4 (R) to the last bit where R's own
 * arithmetic is known, so that a map made here and one made in R, QGIS or
 * mapclassify can be compared; tests/reference/classint.R prints R's
 * numbers and the unit tests compare every method with them:
 *
 * - missing values (NaN) are dropped before anything else, and so are
 *   infinite ones (classInt drops them with a warning, as we do);
 * - nobs = the number of distinct values. One distinct value cannot be
 *   classified by classInt ("single unique value"); we make one class
 *   [v, v] and say so. When k >= nobs classInt gives every distinct value
 *   its own class with breaks half-way between them (style "unique"); so do
 *   we, with a warning, for every method that takes k. Fixed breaks are
 *   exempt: they are policy thresholds and must mean the same everywhere.
 * - equal: seq(min, max, length.out = k + 1), i.e. b[i] = min + i * d / k
 *   with the last break exactly max;
 * - quantile: quantile(x, probs = seq(0, 1, 1/k)) of type 7, where R's seq
 *   gives probs[i] = min(i * (1/k), 1);
 * - fisher: the partition with the least within-class sum of squares
 *   (fisher.c), breaks half-way between one class's maximum and the next
 *   one's minimum, the ends min and max; classInt's code reads
 *   brks <- c(pars[n, 1], (pars[i, 2] + pars[i - 1, 1]) / 2, pars[1, 2]);
 * - jenks: the same partition (classInt's R loop is FISH again), the breaks
 *   the data values ending each class, d[c(1, kclass)], and classInt forces
 *   intervalClosure = "right" so each class holds its own maximum;
 * - pretty and sd: pretty.c;
 * - headtails (Jiang 2013, classInt's code): the mean splits the values
 *   into a tail (<= mean) and a head (> mean); while the head holds at most
 *   thr (0.4) of the values and more than one value, split the head again.
 *   The breaks are min, each mean, max;
 * - fixed: the given breaks, sorted; values outside them fall in the end
 *   classes (findInterval(all.inside = TRUE)) and a warning says how many;
 * - categories (not in classInt): class i holds the values equal to the
 *   i-th listed value; other values are counted as "other".
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
    [VK_METHOD_FISHER] = "fisher",
    [VK_METHOD_JENKS] = "jenks",
    [VK_METHOD_PRETTY] = "pretty",
    [VK_METHOD_SD] = "sd",
    [VK_METHOD_HEADTAILS] = "headtails",
    [VK_METHOD_CATEGORIES] = "categories",
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
    return "equal, quantile, fisher, jenks, pretty, sd, headtails, fixed, "
           "categories";
}

int
vk_method_needs_k(vk_method m)
{
    return m != VK_METHOD_FIXED && m != VK_METHOD_HEADTAILS &&
           m != VK_METHOD_CATEGORIES;
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

double
vk_classify_r_mean(const double *x, size_t n)
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

    if (!isfinite(v))
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

/* Categories: the class of v by linear search (k is small: a legend). */
static int
category_of(const vk_breaks *br, double v)
{
    if (!isfinite(v))
        return -1;
    for (int i = 0; i < br->k; i++)
        if (br->b[i] == v)
            return i;
    return -1;
}

int
vk_breaks_class(const vk_breaks *br, double v)
{
    if (br->method == VK_METHOD_CATEGORIES)
        return category_of(br, v);
    return class_of(br->b, br->k, br->closure, v);
}

/* One class per distinct value, breaks half-way (classInt "unique"). */
static void
unique_breaks(vk_breaks *br, const double *u, size_t nu)
{
    double *d = vk_xcalloc(nu, sizeof *d), md;

    for (size_t i = 0; i + 1 < nu; i++)
        d[i] = u[i + 1] - u[i];
    md = vk_classify_r_mean(d, nu - 1);
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

/* fisher and jenks: the optimal partition, then classInt's breaks. */
static vk_status
optimal_breaks(vk_breaks *br, const double *x, size_t n, vk_error *err)
{
    int k = br->k;
    size_t *end = vk_xcalloc((size_t)k, sizeof *end);

    if (vk_classify_optimal(x, n, k, end, err) != VK_OK) {
        free(end);
        return err->code;
    }
    br->b = vk_xcalloc((size_t)k + 1, sizeof *br->b);
    br->b[0] = x[0];
    for (int c = 0; c + 1 < k; c++) {
        /* Class c ends at x[end[c] - 1], class c + 1 starts at x[end[c]]. */
        if (br->method == VK_METHOD_FISHER)
            br->b[c + 1] = (x[end[c] - 1] + x[end[c]]) / 2;
        else
            br->b[c + 1] = x[end[c] - 1];
    }
    br->b[k] = x[n - 1];
    if (br->method == VK_METHOD_JENKS)
        br->closure = VK_CLOSE_RIGHT;
    free(end);
    return VK_OK;
}

/* pretty and sd choose their own number of classes. x is sorted, xo the
 * same values in input order (R's sums run in that order). */
static void
pretty_breaks(vk_breaks *br, const double *x, const double *xo, size_t n)
{
    int asked = br->k;

    if (br->method == VK_METHOD_PRETTY)
        br->k = vk_classify_pretty(x[0], x[n - 1], asked, &br->b);
    else
        br->k = vk_classify_sd(xo, n, x[0], x[n - 1], asked, &br->b);
    if (br->k < 1) {
        /* A range of a few units in the last place: pretty() gives one
         * value and no class. Keep one class [min, max]. */
        br->k = 1;
        br->b = vk_xreallocarray(br->b, 2, sizeof *br->b);
        br->b[0] = x[0];
        br->b[1] = x[n - 1];
    }
    if (br->k != asked)
        vk_warnings_add(&br->warnings, "%s breaks give %d classes (%d "
                        "asked)", vk_method_name(br->method), br->k, asked);
}

/* classInt's headtails loop, at most 100 splits, over x sorted and xo, the
 * same values in input order (the order of R's sums). */
static void
headtails_breaks(vk_breaks *br, const double *x, const double *xo, size_t n,
                 double thr)
{
    double *b = vk_xcalloc(103, sizeof *b);
    double *head = vk_xcalloc(n, sizeof *head);
    size_t nb = 0, nh = n;

    thr = thr == 0 ? VK_HEADTAILS_THR : thr;
    memcpy(head, xo, n * sizeof *head);
    b[nb++] = x[0];
    for (int it = 0; it < 100; it++) {
        /* head <- head[head > mu], keeping the order. */
        size_t ntot = nh;
        double mu = vk_classify_r_mean(head, nh);

        b[nb++] = mu;
        nh = 0;
        for (size_t i = 0; i < ntot; i++)
            if (head[i] > mu)
                head[nh++] = head[i];
        if (!((double)nh / (double)ntot <= thr && nh > 1))
            break;
    }
    free(head);
    b[nb++] = x[n - 1];
    /* sort(unique(breaks)): the means rise and stay below max. */
    qsort(b, nb, sizeof *b, cmp_double);
    br->k = 0;
    for (size_t i = 1; i < nb; i++)
        if (b[i] != b[br->k])
            b[++br->k] = b[i];
    br->b = b;
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

static vk_status
category_breaks(vk_breaks *br, const double *cats, size_t ncats,
                vk_error *err)
{
    if (cats == NULL || ncats < 1) {
        VK_FAIL(err, VK_EUSAGE, "method categories needs the category "
                "values");
        vk_error_hint(err, "list them with --breaks a,b,... or breaks: in "
                      "the style");
        return err->code;
    }
    if (ncats > 65535) {
        VK_FAIL(err, VK_EUSAGE, "%zu categories are too many for a map",
                ncats);
        return err->code;
    }
    for (size_t i = 0; i < ncats; i++) {
        if (!isfinite(cats[i])) {
            VK_FAIL(err, VK_EUSAGE, "category %zu is not a finite number",
                    i + 1);
            return err->code;
        }
        for (size_t j = 0; j < i; j++) {
            if (cats[j] == cats[i]) {
                VK_FAIL(err, VK_EUSAGE, "category %g is listed twice "
                        "(%zu and %zu)", cats[i], j + 1, i + 1);
                return err->code;
            }
        }
    }
    br->k = (int)ncats;
    br->b = vk_xcalloc(ncats + 1, sizeof *br->b);
    memcpy(br->b, cats, ncats * sizeof *cats);
    br->b[ncats] = NAN;
    return VK_OK;
}

/* The breaks of a method that computes them from the data: x sorted, xo in
 * input order, u[0..nu-1] the distinct values; degenerate data first. */
static vk_status
k_breaks(vk_breaks *br, const double *x, const double *xo, size_t nx,
         const double *u, size_t nu, double thr, vk_error *err)
{
    vk_method m = br->method;
    int k = br->k;

    if (nu == 1) {
        vk_warnings_add(&br->warnings, "all %zu values are equal (%g); one "
                        "class", nx, u[0]);
        br->k = 1;
        br->b = vk_xcalloc(2, sizeof *br->b);
        br->b[0] = br->b[1] = u[0];
    } else if (m == VK_METHOD_HEADTAILS) {
        headtails_breaks(br, x, xo, nx, thr);
    } else if ((size_t)k >= nu) {
        vk_warnings_add(&br->warnings, "%d classes asked but only %zu "
                        "distinct values; each value is its own class", k,
                        nu);
        unique_breaks(br, u, nu);
    } else if (m == VK_METHOD_EQUAL) {
        equal_breaks(br, x[0], x[nx - 1]);
    } else if (m == VK_METHOD_QUANTILE) {
        quantile_breaks(br, x, nx);
    } else if (m == VK_METHOD_FISHER || m == VK_METHOD_JENKS) {
        return optimal_breaks(br, x, nx, err);
    } else {
        pretty_breaks(br, x, xo, nx);
    }
    return VK_OK;
}

/* Drops missing and infinite values: returns the rest in input order, a
 * new array of *nx values. */
static double *
finite_values(const double *values, size_t n, size_t *nx, size_t *ninf)
{
    double *x = vk_xcalloc(n ? n : 1, sizeof *x);

    *nx = *ninf = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(values[i]))
            x[(*nx)++] = values[i];
        else
            *ninf += isinf(values[i]) != 0;
    }
    return x;
}

static vk_status
check_opts(const vk_classify_opts *o, vk_error *err)
{
    if ((unsigned)o->method >= VK_METHOD_COUNT_) {
        VK_FAIL(err, VK_EUSAGE, "unknown classification method %d",
                (int)o->method);
        return err->code;
    }
    if (vk_method_needs_k(o->method) && o->k < 1) {
        VK_FAIL(err, VK_EUSAGE, "the number of classes must be at least 1, "
                "not %d", o->k);
        return err->code;
    }
    if (o->method == VK_METHOD_HEADTAILS && !(o->thr >= 0 && o->thr <= 1)) {
        VK_FAIL(err, VK_EUSAGE, "the headtails threshold must lie in 0 .. "
                "1, not %g", o->thr);
        return err->code;
    }
    return VK_OK;
}

vk_breaks *
vk_classify_ex(const double *values, size_t n, const vk_classify_opts *o,
               vk_error *err)
{
    vk_breaks *br;
    vk_status st;
    double *xo, *x, *u;
    size_t nx, nu = 0, ninf;

    if (check_opts(o, err) != VK_OK)
        return NULL;

    /* Drop missing values and sort the rest. */
    xo = finite_values(values, n, &nx, &ninf);
    if (nx == 0) {
        free(xo);
        VK_FAIL(err, VK_EDATA, "all %zu values are missing", n);
        vk_error_hint(err, "check the column name and the join (veerkracht "
                      "check)");
        return NULL;
    }

    br = vk_xcalloc(1, sizeof *br);
    br->method = o->method;
    br->closure = o->closure;
    br->n = nx;
    br->missing = n - nx;
    br->k = o->k;
    if (ninf > 0)
        vk_warnings_add(&br->warnings, "%zu infinite values are counted as "
                        "missing", ninf);

    x = vk_xcalloc(nx, sizeof *x);
    memcpy(x, xo, nx * sizeof *x);
    qsort(x, nx, sizeof *x, cmp_double);

    /* Distinct values, in place at the front of a copy. */
    u = vk_xcalloc(nx, sizeof *u);
    for (size_t i = 0; i < nx; i++)
        if (nu == 0 || x[i] != u[nu - 1])
            u[nu++] = x[i];

    if (o->method == VK_METHOD_FIXED)
        st = fixed_breaks(br, o->breaks, o->nbreaks, x, nx, err);
    else if (o->method == VK_METHOD_CATEGORIES)
        st = category_breaks(br, o->cats, o->ncats, err);
    else
        st = k_breaks(br, x, xo, nx, u, nu, o->thr, err);
    free(u);
    free(xo);
    if (st != VK_OK) {
        free(x);
        vk_breaks_destroy(br);
        return NULL;
    }

    /* Count every value into its class. */
    br->counts = vk_xcalloc((size_t)br->k, sizeof *br->counts);
    for (size_t i = 0; i < nx; i++) {
        int c = vk_breaks_class(br, x[i]);

        if (c >= 0)
            br->counts[c]++;
        else
            br->other++;
    }
    if (br->other > 0)
        vk_warnings_add(&br->warnings, "%zu of %zu values are none of the "
                        "categories", br->other, nx);
    for (int c = 0; c < br->k && o->method == VK_METHOD_QUANTILE; c++) {
        if (br->counts[c] == 0) {
            vk_warnings_add(&br->warnings, "class %d is empty: ties in the "
                            "data give equal quantiles", c + 1);
        }
    }
    free(x);
    return br;
}

vk_breaks *
vk_classify(const double *values, size_t n, vk_method m, int k,
            const double *fixed, size_t nfixed, vk_closure closure,
            vk_error *err)
{
    vk_classify_opts o = {0};

    o.method = m;
    o.k = k;
    o.closure = closure;
    if (m == VK_METHOD_CATEGORIES) {
        o.cats = fixed;
        o.ncats = nfixed;
    } else {
        o.breaks = fixed;
        o.nbreaks = nfixed;
    }
    return vk_classify_ex(values, n, &o, err);
}

vk_breaks *
vk_breaks_copy(const vk_breaks *br)
{
    vk_breaks *c = vk_xcalloc(1, sizeof *c);
    size_t nb = (size_t)br->k + 1;

    *c = *br;
    c->b = vk_xcalloc(nb, sizeof *c->b);
    memcpy(c->b, br->b, nb * sizeof *c->b);
    c->counts = vk_xcalloc((size_t)br->k, sizeof *c->counts);
    memcpy(c->counts, br->counts, (size_t)br->k * sizeof *c->counts);
    /* The warnings were told with the original. */
    c->warnings = (vk_warnings){0};
    return c;
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
