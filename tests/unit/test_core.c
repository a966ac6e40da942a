/* SPDX-License-Identifier: MIT */
/* Tests of the error record, strings and warnings. */
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

static void
test_error_format(void)
{
    vk_error err;
    char buf[256];

    vk_error_init(&err);
    VK_FAIL_AT(&err, VK_EDATA, "t.csv", 17, "column \"%s\" value \"%s\" is "
               "not a number", "x", "12x");
    vk_error_hint(&err, "fix it");
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "t.csv:17: column \"x\" value \"12x\" is not a "
                           "number; fix it");
    CU_ASSERT_EQUAL(err.code, VK_EDATA);
    CU_ASSERT_PTR_NOT_NULL(err.src_file);
}

static void
test_error_first_wins(void)
{
    vk_error err;
    char buf[256];

    vk_error_init(&err);
    VK_FAIL(&err, VK_EIO, "first");
    CU_ASSERT_EQUAL(VK_FAIL(&err, VK_EDATA, "second"), VK_EIO);
    vk_error_hint(&err, "a");
    vk_error_hint(&err, "b");
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "first; a");
}

static void
test_error_column_feature(void)
{
    vk_error err;
    char buf[256];

    vk_error_init(&err);
    VK_FAIL_AT_COL(&err, VK_EFORMAT, "s.yaml", 12, 9, "bad");
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "s.yaml:12:9: bad");
    vk_error_init(&err);
    VK_FAIL_AT(&err, VK_EDATA, "b.gpkg", 0, "no area");
    vk_error_feature(&err, 42);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "b.gpkg: feature 42: no area");
    /* A tiny buffer truncates but stays terminated. */
    CU_ASSERT_EQUAL(strlen(vk_error_format(&err, buf, 5)), 4);
}

static void
test_strbuf_warnings(void)
{
    vk_strbuf sb = {0};
    vk_warnings w = {0};
    char *s;

    vk_strbuf_append(&sb, "a");
    vk_strbuf_appendf(&sb, "%d%s", 12, "b");
    vk_strbuf_appendn(&sb, "cdef", 2);
    s = vk_strbuf_take(&sb);
    CU_ASSERT_STRING_EQUAL(s, "a12bcd");
    CU_ASSERT_PTR_NULL(sb.s);
    free(s);
    for (int i = 0; i < 20; i++)
        vk_warnings_add(&w, "w%d", i);
    CU_ASSERT_EQUAL(w.n, 20);
    CU_ASSERT_STRING_EQUAL(w.msg[19], "w19");
    vk_warnings_free(&w);
    CU_ASSERT_EQUAL(w.n, 0);
    CU_ASSERT_TRUE(vk_strcaseeq("BU_CODE", "bu_code"));
    CU_ASSERT_FALSE(vk_strcaseeq("bu_code", "bu_cod"));
}

/* A column without a line (a feature's attribute, say) is no position in
 * a text file: "path: what", never "path:9: what", which would read as
 * line 9. */
static void
test_error_column_without_line(void)
{
    vk_error err;
    char buf[256];

    vk_error_init(&err);
    VK_FAIL_AT_COL(&err, VK_EFORMAT, "s.yaml", 0, 9, "bad");
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "s.yaml: bad");
}

void
vk_test_register_core(void)
{
    static const vk_test_case tests[] = {
        {"error_format", test_error_format},
        {"error_first_wins", test_error_first_wins},
        {"error_column_feature", test_error_column_feature},
        {"strbuf_warnings", test_strbuf_warnings},
        {"error_column_without_line", test_error_column_without_line},
        {NULL, NULL},
    };

    vk_test_add_suite("core", NULL, NULL, tests);
}
