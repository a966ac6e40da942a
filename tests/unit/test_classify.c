/* SPDX-License-Identifier: MIT */
/* Tests of class breaks and counts against values worked out by hand from
 * R classInt's definitions (quantile type 7, seq(length.out), findCols). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

/* Breaks come from a few float operations: 1e-12 covers their rounding. */
#define TOL 1e-12

static vk_breaks *
run(const double *v, size_t n, vk_method m, int k, vk_closure c)
{
    vk_error err;

    vk_error_init(&err);
    return vk_classify(v, n, m, k, NULL, 0, c, &err);
}

static void
assert_breaks(const vk_breaks *br, const double *b, int k)
{
    CU_ASSERT_EQUAL_FATAL(br->k, k);
    for (int i = 0; i <= k; i++)
        CU_ASSERT_DOUBLE_EQUAL(br->b[i], b[i], TOL);
}

static void
assert_counts(const vk_breaks *br, const size_t *c)
{
    for (int i = 0; i < br->k; i++)
        CU_ASSERT_EQUAL(br->counts[i], c[i]);
}

static void
test_quantile_1_to_10(void)
{
    /* index = 1 + 9p for p = 0, .25, .5, .75, 1: 1, 3.25, 5.5, 7.75, 10. */
    double v[10];
    const double b[] = {1, 3.25, 5.5, 7.75, 10};
    const size_t left[] = {3, 2, 2, 3}, right[] = {3, 2, 2, 3};
    vk_breaks *br;

    for (int i = 0; i < 10; i++)
        v[i] = 10 - i; /* unsorted on purpose */
    br = run(v, 10, VK_METHOD_QUANTILE, 4, VK_CLOSE_LEFT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(br);
    assert_breaks(br, b, 4);
    assert_counts(br, left);
    CU_ASSERT_EQUAL(br->missing, 0);
    CU_ASSERT_EQUAL(br->warnings.n, 0);
    vk_breaks_destroy(br);
    br = run(v, 10, VK_METHOD_QUANTILE, 4, VK_CLOSE_RIGHT);
    assert_counts(br, right);
    vk_breaks_destroy(br);
}

static void
test_quantile_ties(void)
{
    /* n = 8, p = 1/3: index 1 + 7/3 = 3.33 between x3 = x4 = 1 -> 1;
     * p = 2/3: index 5.67 between x5 = 1 and x6 = 2 -> 1 + 2/3. The value 1
     * falls in the last class whose lower break is <= 1, the second. */
    const double v[] = {4, 1, 1, 3, 1, 1, 2, 1, NAN};
    const double b[] = {1, 1, 5.0 / 3.0, 4};
    const size_t c[] = {0, 5, 3};
    vk_breaks *br = run(v, 9, VK_METHOD_QUANTILE, 3, VK_CLOSE_LEFT);

    CU_ASSERT_PTR_NOT_NULL_FATAL(br);
    assert_breaks(br, b, 3);
    assert_counts(br, c);
    CU_ASSERT_EQUAL(br->missing, 1);
    CU_ASSERT_EQUAL(br->n, 8);
    CU_ASSERT_EQUAL_FATAL(br->warnings.n, 1);
    CU_ASSERT_STRING_EQUAL(br->warnings.msg[0], "class 1 is empty: ties in "
                           "the data give equal quantiles");
    vk_breaks_destroy(br);
}

static void
test_quantile_skewed(void)
{
    /* 1, 2, 3, 4, 100: k = 2 gives the median 3; the mean would be 22. */
    const double v[] = {100, 1, 2, 3, 4};
    const double b[] = {1, 3, 100};
    const size_t c[] = {2, 3};
    vk_breaks *br = run(v, 5, VK_METHOD_QUANTILE, 2, VK_CLOSE_LEFT);

    assert_breaks(br, b, 2);
    assert_counts(br, c);
    vk_breaks_destroy(br);
}

static void
test_equal(void)
{
    /* seq(0, 10, length.out = 6): 0, 2, 4, 6, 8, 10 (7 distinct values,
     * so not the one-class-per-value case). */
    const double v[] = {0, 1, 2, 10, 3, 3.5, 1.5};
    const double b[] = {0, 2, 4, 6, 8, 10};
    const size_t c[] = {3, 3, 0, 0, 1};
    vk_breaks *br = run(v, 7, VK_METHOD_EQUAL, 5, VK_CLOSE_LEFT);

    assert_breaks(br, b, 5);
    assert_counts(br, c);
    vk_breaks_destroy(br);
}

static void
test_equal_thirds(void)
{
    /* seq(0, 1, length.out = 4): 0, 1/3, 2/3 computed as i * (1/3), 1. */
    const double v[] = {0, 0.5, 1, 0.9};
    vk_breaks *br = run(v, 4, VK_METHOD_EQUAL, 3, VK_CLOSE_LEFT);

    CU_ASSERT_EQUAL(br->b[1], 1 * (1.0 / 3.0));
    CU_ASSERT_EQUAL(br->b[2], 2 * (1.0 / 3.0));
    CU_ASSERT_EQUAL(br->b[3], 1.0);
    vk_breaks_destroy(br);
}

static void
test_fixed_closure(void)
{
    /* A value on a break: [0,5) [5,10] on the left, [0,5] (5,10] right. */
    const double v[] = {0, 5, 10}, fx[] = {10, 0, 5};
    const size_t left[] = {1, 2}, right[] = {2, 1};
    vk_error err;
    vk_breaks *br;

    vk_error_init(&err);
    br = vk_classify(v, 3, VK_METHOD_FIXED, 0, fx, 3, VK_CLOSE_LEFT, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(br);
    CU_ASSERT_EQUAL(br->k, 2);
    CU_ASSERT_EQUAL(br->b[0], 0); /* sorted */
    CU_ASSERT_EQUAL(br->b[1], 5);
    assert_counts(br, left);
    CU_ASSERT_EQUAL(vk_breaks_class(br, 5), 1);
    CU_ASSERT_EQUAL(vk_breaks_class(br, NAN), -1);
    vk_breaks_destroy(br);
    br = vk_classify(v, 3, VK_METHOD_FIXED, 0, fx, 3, VK_CLOSE_RIGHT, &err);
    assert_counts(br, right);
    CU_ASSERT_EQUAL(vk_breaks_class(br, 5), 0);
    CU_ASSERT_EQUAL(vk_breaks_class(br, 0), 0);
    vk_breaks_destroy(br);
}

static void
test_fixed_outside(void)
{
    /* Out of range values go to the end classes, with a warning. */
    const double v[] = {-1, 5, 20}, fx[] = {0, 10};
    const size_t c[] = {3};
    vk_error err;
    vk_breaks *br;

    vk_error_init(&err);
    br = vk_classify(v, 3, VK_METHOD_FIXED, 0, fx, 2, VK_CLOSE_LEFT, &err);
    assert_counts(br, c);
    CU_ASSERT_EQUAL_FATAL(br->warnings.n, 1);
    CU_ASSERT_STRING_EQUAL(br->warnings.msg[0], "2 of 3 values lie outside "
                           "the fixed breaks 0 .. 10 and are counted in the "
                           "end classes");
    vk_breaks_destroy(br);
    br = vk_classify(v, 3, VK_METHOD_FIXED, 0, fx, 1, VK_CLOSE_LEFT, &err);
    CU_ASSERT_PTR_NULL(br);
    CU_ASSERT_STRING_EQUAL(err.what, "method fixed needs at least two "
                           "breaks");
}

static void
test_fewer_values_than_classes(void)
{
    /* classInt "unique": breaks half-way, the ends half the mean gap out:
     * gaps 1 and 2, mean 1.5, so 1 - 0.75, 1.5, 3, 4 + 0.75. */
    const double v[] = {2, 1, 2, 4};
    const double b[] = {0.25, 1.5, 3.0, 4.75};
    const size_t c[] = {1, 2, 1};
    vk_breaks *br = run(v, 4, VK_METHOD_QUANTILE, 5, VK_CLOSE_LEFT);

    assert_breaks(br, b, 3);
    assert_counts(br, c);
    CU_ASSERT_STRING_EQUAL(br->warnings.msg[0], "5 classes asked but only 3 "
                           "distinct values; each value is its own class");
    vk_breaks_destroy(br);
}

static void
test_constant_and_missing(void)
{
    const double same[] = {7, 7, NAN, 7};
    const double none[] = {NAN, NAN, NAN};
    vk_breaks *br = run(same, 4, VK_METHOD_EQUAL, 4, VK_CLOSE_LEFT);
    vk_error err;
    char buf[256];

    CU_ASSERT_EQUAL_FATAL(br->k, 1);
    CU_ASSERT_EQUAL(br->b[0], 7);
    CU_ASSERT_EQUAL(br->b[1], 7);
    CU_ASSERT_EQUAL(br->counts[0], 3);
    CU_ASSERT_EQUAL(br->missing, 1);
    CU_ASSERT_STRING_EQUAL(br->warnings.msg[0], "all 3 values are equal "
                           "(7); one class");
    vk_breaks_destroy(br);

    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_classify(none, 3, VK_METHOD_QUANTILE, 4, NULL, 0,
                                   VK_CLOSE_LEFT, &err));
    CU_ASSERT_EQUAL(err.code, VK_EDATA);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, buf, sizeof buf),
                           "all 3 values are missing; check the column name "
                           "and the join (veerkracht check)");
}

static void
test_quantile7(void)
{
    const double x[] = {1, 2, 3, 4};

    /* index 1 + 3 * 0.1 = 1.3 -> 0.7 * 1 + 0.3 * 2. */
    CU_ASSERT_DOUBLE_EQUAL(vk_quantile7(x, 4, 0.1), 1.3, TOL);
    CU_ASSERT_EQUAL(vk_quantile7(x, 4, 0), 1);
    CU_ASSERT_EQUAL(vk_quantile7(x, 4, 1), 4);
    CU_ASSERT_EQUAL(vk_quantile7(x, 1, 0.5), 1);
}

static void
test_method_names(void)
{
    vk_method m;

    CU_ASSERT_EQUAL(vk_method_parse("quantile", &m), 0);
    CU_ASSERT_EQUAL(m, VK_METHOD_QUANTILE);
    CU_ASSERT_EQUAL(vk_method_parse("quantiel", &m), -1);
    CU_ASSERT_STRING_EQUAL(vk_method_name(VK_METHOD_FIXED), "fixed");
}

void
vk_test_register_classify(void)
{
    static const vk_test_case tests[] = {
        {"quantile_1_to_10", test_quantile_1_to_10},
        {"quantile_ties", test_quantile_ties},
        {"quantile_skewed", test_quantile_skewed},
        {"equal", test_equal},
        {"equal_thirds", test_equal_thirds},
        {"fixed_closure", test_fixed_closure},
        {"fixed_outside", test_fixed_outside},
        {"fewer_values_than_classes", test_fewer_values_than_classes},
        {"constant_and_missing", test_constant_and_missing},
        {"quantile7", test_quantile7},
        {"method_names", test_method_names},
        {NULL, NULL},
    };

    vk_test_add_suite("classify", NULL, NULL, tests);
}
