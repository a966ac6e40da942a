/* SPDX-License-Identifier: MIT */
/* Internals shared by the table reader, the number parser and the join: the
 * string-keyed hash map and the private table lookups. */
#ifndef VK_TABLE_PRIV_H
#define VK_TABLE_PRIV_H

#include <stddef.h>

#include "vk/table.h"

/* Gives the key string of a stored value; the map keeps no strings itself,
 * so keys may live in a buffer that moves (the table's string pool). */
typedef const char *(*vk_strmap_keyfn)(const void *ctx, size_t value);

/* An open-addressing hash map from strings to size_t values (linear
 * probing, power-of-two capacity, at most half full). Zero-initialise
 * before use. Each slot keeps the key's hash, so growing never calls keyfn
 * and most failed probes skip the string comparison. */
typedef struct vk_strmap {
    struct vk_strmap_slot {
        size_t hash;
        size_t value1; /* value + 1; 0 marks an empty slot */
    } *slot;
    size_t cap, n;
} vk_strmap;

/* Looks key up; returns 1 and sets *value when found, else 0. keyfn(ctx, v)
 * gives the key of a stored value v. */
int vk_strmap_get(const vk_strmap *m, const char *key, vk_strmap_keyfn keyfn,
                  const void *ctx, size_t *value);

/* Adds key -> value; the caller has checked that key is not present yet.
 * key is only hashed, not kept. */
void vk_strmap_add(vk_strmap *m, const char *key, size_t value);

/* Makes room for n keys in all, so that adding them never rehashes. */
void vk_strmap_reserve(vk_strmap *m, size_t n);

void vk_strmap_free(vk_strmap *m);

/* Row index of the row whose key is exactly key, or -1. */
long vk_table_row_of_key(const vk_table *t, const char *key);

#endif
