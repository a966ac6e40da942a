/* SPDX-License-Identifier: MIT */
/* Seconds on a monotonic clock, for the timings commands report. */
#include <time.h>

#include "vk/core.h"

double
vk_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
