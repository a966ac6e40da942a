/* SPDX-License-Identifier: MIT */
/* The hash tables every module shares: strings to indexes, and the
 * distinct points of a coordinate array. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vk/core.h"

/* ---- strings -------------------------------------------------------- */

/* FNV-1a with a final fold of the high bits into the low ones, which pick
 * the slot; with icase, of the ASCII-lowercased bytes. */
static size_t
hash_str(const char *s, int icase)
{
    uint64_t h = VK_FNV64_BASIS;

    for (; *s; s++) {
        h ^= icase ? (unsigned char)tolower((unsigned char)*s)
                   : (unsigned char)*s;
        h *= VK_FNV64_PRIME;
    }
    h ^= h >> 32;
    return (size_t)h;
}

static int
same_key(const vk_strmap *m, const char *a, const char *b)
{
    return m->icase ? vk_strcaseeq(a, b) : strcmp(a, b) == 0;
}

int
vk_strmap_get(const vk_strmap *m, const char *key, vk_strmap_keyfn keyfn,
              const void *ctx, size_t *value)
{
    size_t h, mask;

    if (m->cap == 0)
        return 0;
    h = hash_str(key, m->icase);
    mask = m->cap - 1;
    for (size_t i = h & mask; m->slot[i].value1 != 0; i = (i + 1) & mask) {
        const struct vk_strmap_slot *s = &m->slot[i];

        if (s->hash == h && same_key(m, keyfn(ctx, s->value1 - 1), key)) {
            *value = s->value1 - 1;
            return 1;
        }
    }
    return 0;
}

static void
put_slot(vk_strmap *m, size_t hash, size_t value1)
{
    size_t mask = m->cap - 1, i = hash & mask;

    while (m->slot[i].value1 != 0)
        i = (i + 1) & mask;
    m->slot[i].hash = hash;
    m->slot[i].value1 = value1;
}

void
vk_strmap_reserve(vk_strmap *m, size_t n)
{
    vk_strmap old = *m;
    size_t cap = m->cap ? m->cap : 64;

    /* Keep the map at most half full so probe runs stay short. */
    while (cap / 2 < n)
        cap *= 2;
    if (cap == m->cap)
        return;
    m->cap = cap;
    m->slot = vk_xcalloc(m->cap, sizeof *m->slot);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].value1 != 0)
            put_slot(m, old.slot[i].hash, old.slot[i].value1);
    free(old.slot);
}

void
vk_strmap_add(vk_strmap *m, const char *key, size_t value)
{
    if (2 * (m->n + 1) > m->cap)
        vk_strmap_reserve(m, m->n + 1);
    put_slot(m, hash_str(key, m->icase), value + 1);
    m->n++;
}

void
vk_strmap_free(vk_strmap *m)
{
    free(m->slot);
    m->slot = NULL;
    m->cap = m->n = 0;
}

/* ---- points --------------------------------------------------------- */

/* The bits of a coordinate, +0.0 added so that -0.0 and 0.0 are one. */
static uint64_t
coord_bits(double v)
{
    uint64_t b;

    v += 0.0;
    memcpy(&b, &v, sizeof b);
    return b;
}

size_t
vk_point_hash(double x, double y)
{
    uint64_t a = coord_bits(x), b = coord_bits(y), h;

    /* Both coordinates mixed by multiplications and xor-shifts with
     * splitmix64's constants: every bit of either moves the slot. */
    h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6));
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return (size_t)h;
}

void
vk_pointidx_init(vk_pointidx *t, size_t min_slots)
{
    for (t->cap = 16; t->cap < min_slots; t->cap *= 2)
        ;
    t->slot = vk_xcalloc(t->cap, sizeof *t->slot);
}

size_t
vk_pointidx_find(const vk_pointidx *t, const double *xy, double x, double y)
{
    uint64_t bx = coord_bits(x), by = coord_bits(y);
    size_t i = vk_point_hash(x, y) & (t->cap - 1);

    /* Equal means the same bits (after -0.0 became 0.0), so that a NaN
     * finds itself and probing always ends at its own slot. */
    while (t->slot[i] != 0 &&
           (coord_bits(xy[2 * (size_t)(t->slot[i] - 1)]) != bx ||
            coord_bits(xy[2 * (size_t)(t->slot[i] - 1) + 1]) != by))
        i = (i + 1) & (t->cap - 1);
    return i;
}

void
vk_pointidx_free(vk_pointidx *t)
{
    free(t->slot);
    t->slot = NULL;
    t->cap = 0;
}
