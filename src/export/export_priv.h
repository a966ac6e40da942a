/* SPDX-License-Identifier: MIT */
/* Internals of the export module: spec checks, number and colour text, the
 * class filters, and a sticky-error wrapper around libxml2's text writer. */
#ifndef VK_EXPORT_PRIV_H
#define VK_EXPORT_PRIV_H

#include <libxml/xmlwriter.h>

#include "vk/export.h"

/* Longest text of vk_export_number: sign, 17 digits, point, "e-308". */
#define VK_EXPORT_NUM_MAX 32

/* Checks that s can be written: classes, a field, finite ordered bounds.
 * VK_EUSAGE naming the class otherwise; what says "QML" or "SLD". */
vk_status vk_export_check(const vk_export_spec *s, const char *path,
                          vk_error *err);

/* Writes finite v into buf (VK_EXPORT_NUM_MAX bytes) with the fewest
 * significant digits (at most 17) that strtod reads back to exactly v,
 * always with a '.' decimal point whatever the locale. */
char *vk_export_number(double v, char *buf);

/* 0..255 from a 0..1 channel, clamped, rounded to nearest. */
int vk_export_byte(double channel);

/* The tests of class i: a lower bound (op ">=" or ">") and/or an upper
 * bound ("<=" or "<"), or is_category with "=" value. op NULL: no test on
 * that side (open end). Follows the closure rules of vk_export_spec. */
typedef struct vk_export_tests {
    int is_category;
    double value;
    const char *lo_op, *hi_op;
    double lo, hi;
} vk_export_tests;

void vk_export_tests_of(const vk_export_spec *s, size_t i,
                        vk_export_tests *t);

/* The label of class i, or the generated "lo – hi" / value when it has
 * none, into buf. Returns the label (buf or the class's own string). */
const char *vk_export_label(const vk_export_spec *s, size_t i, char *buf,
                            size_t size);

/* libxml2 text writer into memory. Calls after a failure do nothing; the
 * failure is reported once by vk_xw_finish (cairo's sticky status). */
typedef struct vk_xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int bad;
} vk_xw;

/* Starts a UTF-8 document indented by two spaces. Returns 0 or -1. */
int vk_xw_begin(vk_xw *x);
/* Checks s for writing to path and starts the document: VK_OK, or the
 * codes of vk_export_check, VK_EINTERNAL when libxml2 cannot start. */
vk_status vk_export_begin(vk_xw *x, const vk_export_spec *s,
                          const char *path, vk_error *err);
void vk_xw_start(vk_xw *x, const char *name);
void vk_xw_end(vk_xw *x);
void vk_xw_attr(vk_xw *x, const char *name, const char *value);
/* <name>text</name>, text escaped. */
void vk_xw_element(vk_xw *x, const char *name, const char *text);
/* Raw DOCTYPE line: <!DOCTYPE name PUBLIC 'pubid' 'sysid'>. */
void vk_xw_doctype(vk_xw *x, const char *name, const char *pubid,
                   const char *sysid);
/* Ends the document, writes it to path atomically and frees x. Returns
 * VK_OK, VK_EIO naming path, or VK_EINTERNAL when libxml2 failed. */
vk_status vk_xw_finish(vk_xw *x, const char *path, vk_error *err);
/* Frees x without writing; NULL-safe fields. */
void vk_xw_discard(vk_xw *x);

#endif
