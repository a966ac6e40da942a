/* SPDX-License-Identifier: MIT */
/* Tests of the error record, strings and warnings. */
#include <limits.h>
#include <math.h>
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
    /* Numbers without printf, as printf writes them. */
    vk_strbuf_append_long(&sb, 0);
    vk_strbuf_append(&sb, ",");
    vk_strbuf_append_long(&sb, -3);
    vk_strbuf_append(&sb, ",");
    vk_strbuf_append_long(&sb, 461304);
    vk_strbuf_append(&sb, ",");
    vk_strbuf_append_long(&sb, LONG_MIN);
    s = vk_strbuf_take(&sb);
    {
        char want[64];

        snprintf(want, sizeof want, "0,-3,461304,%ld", LONG_MIN);
        CU_ASSERT_STRING_EQUAL(s, want);
    }
    free(s);
    for (int i = 0; i < 20; i++)
        vk_warnings_add(&w, "w%d", i);
    CU_ASSERT_EQUAL(w.n, 20);
    CU_ASSERT_STRING_EQUAL(w.msg[19], "w19");
    vk_warnings_free(&w);
    CU_ASSERT_EQUAL(w.n, 0);
    CU_ASSERT_TRUE(vk_strcaseeq("BU_CODE", "bu_code"));
    CU_ASSERT_FALSE(vk_strcaseeq("bu_code", "bu_cod"));
    /* A copy of an optional string: NULL stays NULL. */
    CU_ASSERT_PTR_NULL(vk_xstrdup(NULL));
    s = vk_xstrdup("abc");
    CU_ASSERT_STRING_EQUAL(s, "abc");
    free(s);
}

/* ---- hash tables, against a linear search ---------------------------- */

static const char *
key_at(const void *ctx, size_t i)
{
    return ((char *const *)ctx)[i];
}

static void
test_strmap(void)
{
    enum { N = 3000 };
    char *keys[N];
    vk_strmap exact = {0}, icase = {0};
    size_t v;

    /* Codes in a pattern that collides in few bits, then mixed case. */
    for (size_t i = 0; i < N; i++) {
        keys[i] = vk_xasprintf(i % 2 ? "BU%08zu" : "wk%06zuAb", i * 64);
        vk_strmap_add(&exact, keys[i], i);
    }
    icase.icase = 1;
    for (size_t i = 0; i < N; i++)
        vk_strmap_add(&icase, keys[i], i);
    CU_ASSERT_EQUAL(exact.n, N);
    /* At most half full, a power of two. */
    CU_ASSERT_TRUE(exact.cap >= 2 * N && (exact.cap & (exact.cap - 1)) == 0);
    for (size_t i = 0; i < N; i++) {
        char *up = vk_xstrdup(keys[i]);

        for (char *c = up; *c; c++)
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        v = N;
        CU_ASSERT_TRUE(vk_strmap_get(&exact, keys[i], key_at, keys, &v));
        CU_ASSERT_EQUAL(v, i);
        /* The exact map tells case apart, the other does not. */
        CU_ASSERT_EQUAL(vk_strmap_get(&exact, up, key_at, keys, &v),
                        strcmp(up, keys[i]) == 0);
        v = N;
        CU_ASSERT_TRUE(vk_strmap_get(&icase, up, key_at, keys, &v));
        CU_ASSERT_EQUAL(v, i);
        free(up);
    }
    CU_ASSERT_FALSE(vk_strmap_get(&exact, "BU0000006", key_at, keys, &v));
    CU_ASSERT_FALSE(vk_strmap_get(&exact, "", key_at, keys, &v));
    vk_strmap_free(&exact);
    vk_strmap_free(&icase);
    CU_ASSERT_FALSE(vk_strmap_get(&exact, "BU00000000", key_at, keys, &v));
    for (size_t i = 0; i < N; i++)
        free(keys[i]);
}

static void
test_pointidx(void)
{
    /* Points on a grid with repeats, -0.0 beside 0.0 and a NaN: the
     * distinct ones numbered in order of first use, as a quadratic scan
     * numbers them. */
    enum { N = 500 };
    double in[2 * N], *uniq = vk_xcalloc(2 * N, sizeof *uniq);
    size_t nu = 0, brute_n = 0, brute_id[N];
    vk_pointidx t;

    for (size_t i = 0; i < N; i++) {
        in[2 * i] = (double)((i * 7) % 23) * 0.5;
        in[2 * i + 1] = (double)((i * 3) % 11);
    }
    in[2] = -0.0;
    in[3] = 0.0;
    in[4] = 0.0;
    in[5] = 0.0;
    in[6] = NAN;
    in[7] = 1;
    in[8] = NAN;
    in[9] = 1;
    for (size_t i = 0; i < N; i++) {
        size_t j;

        for (j = 0; j < i; j++)
            if ((in[2 * j] == in[2 * i] ||
                 (isnan(in[2 * j]) && isnan(in[2 * i]))) &&
                in[2 * j + 1] == in[2 * i + 1])
                break;
        brute_id[i] = j < i ? brute_id[j] : brute_n++;
    }
    vk_pointidx_init(&t, 2 * N);
    CU_ASSERT_TRUE(t.cap >= 2 * N && (t.cap & (t.cap - 1)) == 0);
    for (size_t i = 0; i < N; i++) {
        size_t s = vk_pointidx_find(&t, uniq, in[2 * i], in[2 * i + 1]);

        if (t.slot[s] == 0) {
            uniq[2 * nu] = in[2 * i];
            uniq[2 * nu + 1] = in[2 * i + 1];
            t.slot[s] = (uint32_t)++nu;
        }
        CU_ASSERT_EQUAL(t.slot[s] - 1, brute_id[i]);
    }
    CU_ASSERT_EQUAL(nu, brute_n);
    /* -0.0 found 0.0's slot and hashes alike. */
    CU_ASSERT_EQUAL(vk_point_hash(-0.0, 0.0), vk_point_hash(0.0, -0.0));
    CU_ASSERT_EQUAL(t.slot[vk_pointidx_find(&t, uniq, 0.0, -0.0)],
                    t.slot[vk_pointidx_find(&t, uniq, -0.0, 0.0)]);
    CU_ASSERT_EQUAL(t.slot[vk_pointidx_find(&t, uniq, 99, 99)], 0);
    vk_pointidx_free(&t);
    free(uniq);
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
        {"strmap", test_strmap},
        {"pointidx", test_pointidx},
        {"error_column_without_line", test_error_column_without_line},
        {NULL, NULL},
    };

    vk_test_add_suite("core", NULL, NULL, tests);
}
