/* SPDX-License-Identifier: MIT */
/* The exact Fisher-Jenks optimum in O(k n log n). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "classify_priv.h"

/*
 * How it works
 *
 * Fisher (1958, "On grouping for maximum homogeneity", JASA 53:789) showed
 * that the best grouping of ordered values into k classes, the one with the
 * least total within-class sum of squared deviations (SSE), consists of
 * runs of consecutive sorted values and can be found by dynamic
 * programming. With x sorted and D(j, i) the least SSE of the first i values
 * in j classes:
 *
 *     D(1, i) = SSE(0, i)
 *     D(j, i) = min over s in [j - 1, i - 1] of D(j - 1, s) + SSE(s, i)
 *
 * where SSE(s, i) is the SSE of x[s..i-1] and s is where the last class
 * starts. Hartigan's FISH routine (Clustering Algorithms, 1975, pp. 130-142;
 * the Fortran in classInt) and classInt's "jenks" R loop evaluate every s
 * for every i: O(k n^2), 2.5e11 steps for a 500,000-cell grid.
 *
 * SSE satisfies the quadrangle (Monge) inequality, so the best start s*(i)
 * does not decrease with i. Wang & Song (2011, "Ckmeans.1d.dp: optimal
 * k-means clustering in one dimension by dynamic programming", The R
 * Journal 3(2):29-33) use this to narrow the search, and later versions of
 * Ckmeans.1d.dp fill each row by divide and conquer, as we do. For each j
 * we compute the middle i of a range first, scanning s over the allowed
 * window, then recurse on the left half with s <= s*(mid) and on the right
 * half with s >= s*(mid): every level of the recursion scans O(n) starts in
 * total, so a row costs O(n log n) and the whole table O(k n log n).
 * SSE(s, i) comes in O(1) from prefix sums of y = x - c and y^2:
 *
 *     SSE(s, i) = (S2[i] - S2[s]) - (S1[i] - S1[s])^2 / (i - s)
 *
 * with c the mean of x, so that a large common offset (values around
 * 450,000) does not cancel away the digits, in long double with
 * compensated (Neumaier) summation: the error of a prefix is a few units in
 * the last place of a 64-bit mantissa, far below double resolution.
 *
 * Ties. Several partitions can reach the same SSE (1, 2, 3 into two
 * classes: {1}{2, 3} and {1, 2}{3}). FISH scans s from i - 1 down and keeps
 * a candidate when it is <= the best so far, so it ends with the smallest
 * s: the last class as large as possible, and so on back through the
 * table. We take the same smallest s among candidates within 1e-13 times
 * the total SSE of the minimum (rounding noise, not a real difference); the
 * smallest optimal s is also monotone in i, so the divide and conquer finds
 * the same choice as the full scan. FISH itself compares doubles summed in
 * another order, so on data where distinct partitions tie exactly its
 * rounding can, rarely, prefer another of them; docs/classification.md
 * says what we measured.
 *
 * Memory: the starts s*(j, i) for backtracking, k n 32-bit integers (14 MB
 * for 500,000 values and 7 classes), and two rows of D.
 */

typedef struct prefix {
    long double *s1, *s2; /* n + 1 sums of y and y^2, y = x - c */
} prefix;

/* Relative width of a tie between two candidate SSEs. */
#define TIE_EPS 1e-13L

/* Prefix sums with Neumaier's compensated summation. */
static void
prefix_init(prefix *p, const double *x, size_t n)
{
    long double c = 0, t1 = 0, e1 = 0, t2 = 0, e2 = 0;

    for (size_t i = 0; i < n; i++)
        c += x[i];
    c /= (long double)n;
    p->s1 = vk_xcalloc(n + 1, sizeof *p->s1);
    p->s2 = vk_xcalloc(n + 1, sizeof *p->s2);
    for (size_t i = 0; i < n; i++) {
        long double y = (long double)x[i] - c, y2 = y * y, t;

        t = t1 + y;
        e1 += fabsl(t1) >= fabsl(y) ? (t1 - t) + y : (y - t) + t1;
        t1 = t;
        t = t2 + y2;
        e2 += t2 >= y2 ? (t2 - t) + y2 : (y2 - t) + t2;
        t2 = t;
        p->s1[i + 1] = t1 + e1;
        p->s2[i + 1] = t2 + e2;
    }
}

static void
prefix_free(prefix *p)
{
    free(p->s1);
    free(p->s2);
}

/* SSE of y[s..i-1], s < i. */
static long double
sse(const prefix *p, size_t s, size_t i)
{
    long double d1 = p->s1[i] - p->s1[s];
    long double v = (p->s2[i] - p->s2[s]) - d1 * d1 / (long double)(i - s);

    return v > 0 ? v : 0;
}

/* One row of the table: cur[i] = min over s of prev[s] + SSE(s, i) for i in
 * [ilo, ihi], the best s known to lie in [slo, shi]. */
typedef struct row {
    const prefix *p;
    const long double *prev;
    long double *cur;
    uint32_t *arg;
    long double tie; /* absolute tie width */
} row;

static void
fill_row(const row *r, size_t ilo, size_t ihi, size_t slo, size_t shi)
{
    while (ilo <= ihi) {
        size_t mid = ilo + (ihi - ilo) / 2, best = slo;
        size_t hi = shi < mid - 1 ? shi : mid - 1;
        long double bv = INFINITY;

        /* The smallest s within the tie width of the minimum. */
        for (size_t s = slo; s <= hi; s++) {
            long double v = r->prev[s] + sse(r->p, s, mid);

            if (v < bv - r->tie) {
                bv = v;
                best = s;
            }
        }
        r->cur[mid] = bv;
        r->arg[mid] = (uint32_t)best;
        /* Left half recursively, right half by looping (depth log n). */
        if (mid > ilo)
            fill_row(r, ilo, mid - 1, slo, best);
        ilo = mid + 1;
        slo = best;
    }
}

vk_status
vk_classify_optimal(const double *sorted, size_t n, int k, size_t *end,
                    vk_error *err)
{
    prefix p;
    long double *prev, *cur, *tmp;
    uint32_t *arg;
    size_t kk = (size_t)k;
    row r;

    if (k < 1 || (size_t)k > n) {
        VK_FAIL(err, VK_EUSAGE, "cannot make %d classes of %zu values", k,
                n);
        return err->code;
    }
    if (n >= UINT32_MAX) {
        VK_FAIL(err, VK_EUSAGE, "too many values (%zu) for the optimal "
                "classification", n);
        return err->code;
    }
    prefix_init(&p, sorted, n);
    prev = vk_xcalloc(n + 1, sizeof *prev);
    cur = vk_xcalloc(n + 1, sizeof *cur);
    arg = vk_xcalloc(kk * (n + 1), sizeof *arg);

    /* Ties are judged against the total SSE, the largest value in play. */
    r.p = &p;
    r.tie = TIE_EPS * sse(&p, 0, n);
    for (size_t i = 1; i <= n; i++)
        prev[i] = sse(&p, 0, i);

    /* j classes over the first i values need j <= i, and leave at least
     * one value for each of the k - j classes after them. */
    for (size_t j = 2; j <= kk; j++) {
        r.prev = prev;
        r.cur = cur;
        r.arg = arg + (j - 1) * (n + 1);
        fill_row(&r, j, n - (kk - j), j - 1, n - (kk - j) - 1);
        tmp = prev;
        prev = cur;
        cur = tmp;
    }

    /* Back from the last class: each start is the previous class's end. */
    end[kk - 1] = n;
    for (size_t j = kk - 1; j >= 1; j--)
        end[j - 1] = arg[j * (n + 1) + end[j]];
    free(arg);
    free(cur);
    free(prev);
    prefix_free(&p);
    return VK_OK;
}
