/* SPDX-License-Identifier: MIT */
/* The map frame as a GeoTIFF: GDAL encodes it in memory, the atomic writer
 * puts it in place, so a failed or interrupted run leaves no half file. */
#include <stdio.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "vk/source.h"
#include "vk/writers.h"

static vk_status
encode(const unsigned char *rgba, int w, int h, size_t stride,
       const double gt[6], const char *crs_wkt, double dpi,
       const char *mem_path, const char *path, vk_error *err)
{
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDriverH tiff = GDALGetDriverByName("GTiff");
    char *opts[] = {"COMPRESS=DEFLATE", "PREDICTOR=2", "PHOTOMETRIC=RGB",
                    NULL};
    GDALDatasetH ds, out;
    char res[32];
    double g[6];

    if (mem == NULL || tiff == NULL)
        return VK_FAIL_AT(err, VK_EIO, path, 0,
                          "this GDAL has no GTiff driver");
    ds = GDALCreate(mem, "", w, h, 3, GDT_Byte, NULL);
    if (ds == NULL)
        return VK_FAIL_AT(err, VK_EIO, path, 0, "cannot make the image: %s",
                          CPLGetLastErrorMsg());
    for (int b = 0; b < 3; b++) {
        if (GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Write, 0, 0, w, h,
                         (void *)(rgba + b), w, h, GDT_Byte, 4,
                         (int)stride) != CE_None) {
            GDALClose(ds);
            return VK_FAIL_AT(err, VK_EIO, path, 0,
                              "cannot fill the image: %s",
                              CPLGetLastErrorMsg());
        }
    }
    for (int i = 0; i < 6; i++)
        g[i] = gt[i];
    GDALSetGeoTransform(ds, g);
    if (crs_wkt != NULL)
        GDALSetProjection(ds, crs_wkt);
    snprintf(res, sizeof res, "%g", dpi);
    GDALSetMetadataItem(ds, "TIFFTAG_XRESOLUTION", res, NULL);
    GDALSetMetadataItem(ds, "TIFFTAG_YRESOLUTION", res, NULL);
    GDALSetMetadataItem(ds, "TIFFTAG_RESOLUTIONUNIT", "2", NULL);
    out = GDALCreateCopy(tiff, mem_path, ds, FALSE, opts, NULL, NULL);
    GDALClose(ds);
    if (out == NULL)
        return VK_FAIL_AT(err, VK_EIO, path, 0, "GDAL cannot write it: %s",
                          CPLGetLastErrorMsg());
    GDALClose(out);
    return VK_OK;
}

vk_status
vk_geotiff_write(const char *path, const unsigned char *rgba, int w, int h,
                 size_t stride, const double gt[6], const char *crs_wkt,
                 double dpi, vk_error *err)
{
    char mem_path[64];
    vsi_l_offset len = 0;
    GByte *buf;
    vk_status st;

    GDALAllRegister();
    snprintf(mem_path, sizeof mem_path, "/vsimem/veerkracht-%p.tif",
             (const void *)rgba);
    /* No .aux.xml beside the file, and no message printed by GDAL. */
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    st = encode(rgba, w, h, stride, gt, crs_wkt, dpi, mem_path, path, err);
    CPLPopErrorHandler();
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", NULL);
    buf = VSIGetMemFileBuffer(mem_path, &len, TRUE);
    if (st == VK_OK && buf == NULL)
        st = VK_FAIL_AT(err, VK_EIO, path, 0, "GDAL wrote no GeoTIFF");
    if (st == VK_OK)
        st = vk_write_file(path, buf, (size_t)len, 0, err);
    CPLFree(buf);
    VSIUnlink(mem_path);
    return st;
}
