/* SPDX-License-Identifier: MIT */
/* Bivariate classes: two classifications crossed into a grid. */
#include <stdlib.h>

#include "classify_priv.h"

/*
 * A bivariate map colours each area by the pair (class of x, class of y),
 * e.g. 3 x 3 cells. Each variable keeps its own breaks, computed over all
 * its non-missing values exactly as a one-variable map of it would (not
 * only over the complete pairs), so the axes of the legend mean the same as
 * the two separate maps. Cell iy * kx + ix: x varies fastest, as in
 * vk_layer's classes.
 */

int
vk_bivariate_class(const vk_breaks *x, const vk_breaks *y, double vx,
                   double vy)
{
    int ix = vk_breaks_class(x, vx), iy = vk_breaks_class(y, vy);

    if (ix < 0 || iy < 0)
        return -1;
    return iy * x->k + ix;
}

vk_bivariate *
vk_bivariate_classify(const double *vx, const double *vy, size_t n,
                      const vk_classify_opts *ox, const vk_classify_opts *oy,
                      vk_error *err)
{
    vk_bivariate *bv;
    vk_breaks *x, *y;

    if ((x = vk_classify_ex(vx, n, ox, err)) == NULL)
        return NULL;
    if ((y = vk_classify_ex(vy, n, oy, err)) == NULL) {
        vk_breaks_destroy(x);
        return NULL;
    }
    bv = vk_xcalloc(1, sizeof *bv);
    bv->x = x;
    bv->y = y;
    bv->counts = vk_xcalloc((size_t)x->k * (size_t)y->k, sizeof *bv->counts);
    for (size_t i = 0; i < n; i++) {
        int c = vk_bivariate_class(x, y, vx[i], vy[i]);

        if (c < 0)
            bv->unclassed++;
        else
            bv->counts[c]++;
    }
    return bv;
}

void
vk_bivariate_destroy(vk_bivariate *bv)
{
    if (bv == NULL)
        return;
    vk_breaks_destroy(bv->x);
    vk_breaks_destroy(bv->y);
    free(bv->counts);
    free(bv);
}
