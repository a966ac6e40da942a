/* SPDX-License-Identifier: MIT */
/* Everything the CLI uses, in pipeline order. */
#ifndef VK_VK_H
#define VK_VK_H

#include "vk/core.h"
#include "vk/source.h"
#include "vk/table.h"
#include "vk/classify.h"
#include "vk/style.h"
#include "vk/geo.h"
#include "vk/mapset.h"
#include "vk/realloc.h"
#include "vk/render.h"
#include "vk/layout.h"
#include "vk/writers.h"

#endif
