/* SPDX-License-Identifier: MIT */
/* Internals shared by the writers: one wording for failed writes. */
#ifndef VK_WRITERS_PRIV_H
#define VK_WRITERS_PRIV_H

#include "vk/core.h"

/* Records VK_EIO for a failed write of path with errno errnum, saying "disk
 * full" for ENOSPC and EDQUOT. verb is what failed ("write", "close").
 * Returns VK_EIO. */
vk_status vk_writers_fail_errno(vk_error *err, const char *path,
                                const char *verb, int errnum);

#endif
