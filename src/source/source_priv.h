/* SPDX-License-Identifier: MIT */
/* Internals shared by the source module's files. */
#ifndef VK_SOURCE_PRIV_H
#define VK_SOURCE_PRIV_H

#include "vk/source.h"

/* Builds a set of wijken or gemeenten from the buurten by dissolving them on
 * wijkcode or gemeentecode with GEOS. Returns a new set or NULL with err set. */
vk_features *vk_source_dissolve(const vk_features *buurten, vk_level level,
                                vk_error *err);

/* Appends a feature with empty geometry and copies of the strings. */
vk_feature *vk_features_append(vk_features *fs);

#endif
