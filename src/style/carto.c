/* SPDX-License-Identifier: MIT */
/* The cartography every output shares: one table, read by print, tiles and
 * the QGIS/GeoServer export, so they cannot drift apart. */
#include "vk/style.h"

const vk_carto vk_cartography = {
    /* The area's buurten: thin white outlines, translucent, so that the
     * class colours meet without a hard seam. */
    .buurt_line = 0xffffff,
    .buurt_line_alpha = 0.8,
    .buurt_line_pt = 0.25,
    /* Wijk and gemeente boundaries, dark, fine to bold. */
    .wijk_line = 0x555555,
    .wijk_line_pt = 0.8,
    .gm_line = 0x222222,
    .gm_line_pt = 1.6,
    .overall_gm_line_pt = 0.3,
    .min_buurt_pt = 6.0,
    /* What lies around the area, quietly grey. */
    .surround_fill = 0xe6e6e6,
    .surround_line = 0xcfcfcf,
    .other_gm_line = 0x999999,
    .other_gm_line_pt = 0.6,
    .no_fill = 0xcccccc,
    .overview_fill = 0xcfcfcf,
    .overview_area = 0xd7301f,
    /* Masked buurten: a grey hatch over the mask colour, a pattern rather
     * than a colour so it never reads as a class. */
    .hatch_line = 0x8c8c8c,
    .hatch_line_pt = 0.4,
    .hatch_spacing_pt = 2.5,
    .hatch_period_px = 6,
    /* #b3d1ee: a pale blue that reads as water next to any palette. */
    .water = 0xb3d1ee,
    /* A style's no-data and mask colours unless it names its own. */
    .nodata = 0xd9d9d9,
    .mask = 0xffffff,
    /* Labels: buurt names, the surrounding gemeenten, water in blue. */
    .label = 0x222222,
    .neighbour_label = 0x7a7a7a,
    .water_label = 0x1f4e79,
    /* Tiles: which outlines from which zoom. */
    .wijk_minzoom = 10,
    .buurt_minzoom = 11,
    .gm_wide_minzoom = 11,
};

vk_rgba
vk_carto_rgba(unsigned rgb, double alpha)
{
    return (vk_rgba){((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                     (rgb & 0xff) / 255.0, alpha};
}
