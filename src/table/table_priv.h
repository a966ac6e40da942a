/* SPDX-License-Identifier: MIT */
/* Internals shared by the table reader, the number parser and the join: the
 * private table lookups. */
#ifndef VK_TABLE_PRIV_H
#define VK_TABLE_PRIV_H

#include <stddef.h>

#include "vk/table.h"

/* Row index of the row whose key is exactly key, or -1. */
long vk_table_row_of_key(const vk_table *t, const char *key);

#endif
