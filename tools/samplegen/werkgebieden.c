/* SPDX-License-Identifier: MIT */
/* The werkgebieden of three made-up corporaties over the generated
 * region, for atlas --areas: one spans two gemeenten, one holds a set of
 * buurten of one gemeente, one a single wijk. */
#include <stdio.h>
#include <string.h>

#include "samplegen.h"

/* The code of the k-th feature of fs in code order (k from 0), or NULL. */
static const char *
kth_code(const vk_features *fs, size_t k, const char *gm)
{
    const char *best = NULL, *prev = NULL;

    for (size_t r = 0; r <= k; r++) {
        best = NULL;
        for (size_t i = 0; i < fs->n; i++) {
            const char *c = fs->f[i].code;
            if (c == NULL || (gm != NULL && (fs->f[i].gemeentecode == NULL ||
                                             strcmp(fs->f[i].gemeentecode,
                                                    gm) != 0)))
                continue;
            if ((prev == NULL || strcmp(c, prev) > 0) &&
                (best == NULL || strcmp(c, best) < 0))
                best = c;
        }
        prev = best;
    }
    return best;
}

vk_status
vk_samplegen_write_werkgebieden(const vk_features *const fs[3],
                                const char *path, vk_error *err)
{
    const char *g0 = kth_code(fs[2], 0, NULL), *g1 = kth_code(fs[2], 1, NULL);
    const char *g2 = kth_code(fs[2], fs[2]->n > 2 ? 2 : 0, NULL);
    const char *wk = kth_code(fs[1], 0, g0);
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return VK_FAIL_AT(err, VK_EIO, path, 0, "cannot write");
    fprintf(f, "naam,codes\n");
    fprintf(f, "Woonstichting Waardwonen,%s %s\n", g0, g1);
    /* Every other buurt of the third gemeente, ten of them. */
    fprintf(f, "Beijerveen Wonen,\"");
    for (size_t k = 0, n = 0; n < 10; k += 2, n++) {
        const char *c = kth_code(fs[0], k, g2);
        if (c == NULL)
            break;
        fprintf(f, "%s%s", n ? " " : "", c);
    }
    fprintf(f, "\"\n");
    fprintf(f, "Centrumwonen,%s\n", wk);
    if (fclose(f) != 0)
        return VK_FAIL_AT(err, VK_EIO, path, 0, "cannot write");
    return VK_OK;
}
