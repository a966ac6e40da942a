/* SPDX-License-Identifier: MIT */
/* Inside the renderer: simplified rings that keep shared edges shared. */
#ifndef VK_RENDER_PRIV_H
#define VK_RENDER_PRIV_H

#include <stddef.h>

#include "vk/source.h"

/* A growing array of points: x at 2i, y at 2i + 1. */
typedef struct vk_pointbuf {
    double *p;
    size_t n, cap;
} vk_pointbuf;

void vk_pointbuf_push(vk_pointbuf *b, double x, double y);

/* Rings of some features of a set, simplified. Feature i has rings
 * [feat_off[i], feat_off[i+1]); ring r has points [ring_off[r],
 * ring_off[r+1]) of pts, open (the first point is not repeated), the
 * feature's shells and holes as in the source. */
typedef struct vk_simple {
    vk_pointbuf pts;
    size_t *ring_off;
    size_t nrings, cap_rings;
    size_t *feat_off; /* fs->n + 1 entries */
} vk_simple;

/* Simplifies the rings of the features with sel[i] != 0 with
 * Douglas-Peucker at tolerance tol (map units), arc by arc between the
 * vertices where the neighbourhood changes, so that an edge shared by two
 * selected features gets the same points in both. Rings that shrink below
 * three points are left out. */
void vk_simple_build(vk_simple *o, const vk_features *fs,
                     const unsigned char *sel, double tol);
void vk_simple_free(vk_simple *o);

#endif
