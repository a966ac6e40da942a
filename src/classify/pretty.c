/* SPDX-License-Identifier: MIT */
/* R's pretty() and classInt's "sd" style, to the last bit. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "classify_priv.h"

/*
 * How it works
 *
 * pretty(x, n) (R 4.2, base::pretty.default calling R_pretty() in
 * src/appl/pretty.c) covers range(x) with about n + 1 equally spaced
 * "round" numbers:
 *
 * 1. cell = (max - min) / n, the wanted class width. If the range is tiny
 *    compared to the values (i_small), cell is derived from the magnitude
 *    instead; with at least two distinct values this only happens for
 *    ranges near the double rounding limit.
 * 2. base = 10^floor(log10(cell)); unit is the first of base, 2 base,
 *    5 base, 10 base that is not much smaller than cell. "Not much" is
 *    weighted by high.u.bias h = 1.5 (for 2 and 10) and u5.bias
 *    h5 = .5 + 1.5 h (for 5), which favour the larger unit: 2 base is taken
 *    when 2 base - cell < h (cell - base), and so on.
 * 3. ns = floor(min / unit), nu = ceil(max / unit), each with 1e-10 units
 *    of slack, adjusted until ns unit <= min and nu unit >= max; fewer than
 *    min.n = n %/% 3 classes are widened symmetrically.
 * 4. The ends are ns unit and nu unit, but only where they lie outside
 *    the data: an end within the 1e-10 slack stays the data value.
 *    seq.int(lo, hi, length.out = k + 1) then gives lo + i (hi - lo) / k
 *    between the exact ends, and values within 1e-14 of a class width of
 *    zero are set to 0 (so -1.1e-17 prints as 0).
 *
 * The result's class count k = nu - ns need not be n: pretty(1:87, 5)
 * gives 0, 20, .., 100 and pretty(c(0.3, 1.2), 5) 0.2, 0.4, .., 1.2, five
 * classes each, but pretty(0:7, 5) gives 0, 1, .., 7, seven.
 *
 * classInt's "sd" style standardises x with base::scale (centre: a long
 * double mean without refinement, as colMeans; scale: the square root of a
 * long double sum of squared deviations over n - 1), takes pretty() of the
 * standardised range and maps the breaks back as b * scale + centre: round
 * numbers of standard deviations around the mean.
 */

/* R's R_pretty() with pretty.default's arguments: ndiv in/out, min_n = n
 * %/% 3, shrink_sml = 0.75, h = 1.5, h5 = 2.75, f_min = 2^-20, no
 * eps_correction, return_bounds. Returns the unit. */
static double
r_pretty(double *lo, double *up, int *ndiv, int min_n)
{
    const double h = 1.5, h5 = .5 + 1.5 * h, f_min = 0x1p-20;
    const double shrink_sml = 0.75, rounding_eps = 1e-10, max_f = 1.25;
    double lo_ = *lo, up_ = *up, dx = up_ - lo_, cell, u, unit, base;
    double ns, nu, subsmall;
    int i_small, k;

    if (dx == 0 && up_ == 0) {
        cell = 1;
        i_small = 1;
    } else {
        cell = fmax(fabs(lo_), fabs(up_));
        /* U = upper bound on cell / unit. */
        u = 1 + ((h5 >= 1.5 * h + .5) ? 1 / (1 + h) : 1.5 / (1 + h5));
        u *= (*ndiv > 1 ? *ndiv : 1) * DBL_EPSILON;
        i_small = dx < cell * u * 3;
    }
    if (i_small) {
        if (cell > 10)
            cell = 9 + cell / 10;
        cell *= shrink_sml;
        if (min_n > 1)
            cell /= min_n;
    } else {
        cell = dx;
        if (isfinite(dx)) {
            if (*ndiv > 1)
                cell /= *ndiv;
        } else if (*ndiv >= 2) {
            /* up - lo overflowed although both are finite. */
            cell = up_ / *ndiv - lo_ / *ndiv;
        }
    }
    subsmall = f_min * DBL_MIN;
    if (subsmall == 0.)
        subsmall = DBL_MIN;
    if (cell < subsmall)
        cell = subsmall;
    else if (cell > DBL_MAX / max_f)
        cell = DBL_MAX / max_f;

    /* unit: 1, 2, 5 or 10 times base <= cell < 10 base. */
    base = pow(10.0, floor(log10(cell)));
    unit = base;
    if ((u = 2 * base) - cell < h * (cell - unit)) {
        unit = u;
        if ((u = 5 * base) - cell < h5 * (cell - unit)) {
            unit = u;
            if ((u = 10 * base) - cell < h * (cell - unit))
                unit = u;
        }
    }

    /* Whole units covering [lo, up]. */
    ns = floor(lo_ / unit + rounding_eps);
    nu = ceil(up_ / unit - rounding_eps);
    while (ns * unit > *lo + rounding_eps * unit)
        ns--;
    while (!isfinite(ns * unit))
        ns++;
    while (nu * unit < *up - rounding_eps * unit)
        nu++;
    while (!isfinite(nu * unit))
        nu--;

    k = (int)(0.5 + nu - ns);
    if (k < min_n) {
        k = min_n - k;
        if (lo_ == 0. && ns == 0. && up_ != 0.) {
            nu += k;
        } else if (up_ == 0. && nu == 0. && lo_ != 0.) {
            ns -= k;
        } else if (ns >= 0.) {
            nu += k / 2;
            ns -= k / 2 + k % 2;
        } else {
            ns -= k / 2;
            nu += k / 2 + k % 2;
        }
        *ndiv = min_n;
    } else {
        *ndiv = k;
    }
    /* Ends outside the data only: ensure the result covers it. */
    if (ns * unit < *lo)
        *lo = ns * unit;
    if (nu * unit > *up)
        *up = nu * unit;
    return unit;
}

int
vk_classify_pretty(double lo, double hi, int n, double **out)
{
    int k = n;
    double *s, delta;

    r_pretty(&lo, &hi, &k, n / 3);
    /* seq.int(lo, hi, length.out = k + 1): exact ends, lo + i * by. */
    s = vk_xcalloc((size_t)k + 1, sizeof *s);
    s[k] = hi;
    s[0] = lo; /* k = 0: one value, lo */
    if (k > 1) {
        double by = (hi - lo) / (double)k;

        for (int i = 1; i < k; i++)
            s[i] = lo + (double)i * by;
    }
    /* pretty.default: values within 1e-14 class widths of 0 are 0. */
    if (k > 0) {
        delta = hi / k - lo / k;
        for (int i = 0; i <= k; i++)
            if (fabs(s[i]) < 1e-14 * delta)
                s[i] = 0;
    }
    *out = s;
    return k;
}

int
vk_classify_sd(const double *x, size_t n, double min, double max, int k,
               double **out)
{
    long double sum = 0;
    double center, scale, *b;
    int kk;

    /* base::scale: centre as colMeans (no refinement pass), scale as
     * sqrt(sum(v^2) / max(1, n - 1)) with R's long double sum(). */
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    sum /= (long double)n;
    center = (double)sum;
    sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - center;

        sum += d * d;
    }
    scale = sqrt((double)sum / (n > 1 ? (double)(n - 1) : 1.0));

    /* Both steps are monotone: the extremes map to the extremes. */
    kk = vk_classify_pretty((min - center) / scale, (max - center) / scale,
                            k, &b);
    for (int i = 0; i <= kk; i++)
        b[i] = b[i] * scale + center;
    *out = b;
    return kk;
}
