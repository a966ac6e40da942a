/* SPDX-License-Identifier: MIT */
/* Fuzz target: style files (YAML through libfyaml and our validation). */
#include <stdint.h>
#include <stdlib.h>

#include "vk/vk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vk_error err;
    vk_style *s;

    vk_error_init(&err);
    s = vk_style_load_mem("fuzz.yaml", (const char *)data, size, &err);
    vk_style_destroy(s);
    return 0;
}
