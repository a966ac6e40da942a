/* SPDX-License-Identifier: MIT */
/* Placeholder until the viewer lands: writes nothing. */
#include "vk/viewer.h"

vk_status
vk_viewer_write(const char *dir, const vk_features *buurten,
                const vk_viewer_layer *layers, size_t n,
                const vk_viewer_opts *o, vk_error *err)
{
    (void)dir;
    (void)buurten;
    (void)layers;
    (void)n;
    (void)o;
    (void)err;
    return VK_OK;
}
