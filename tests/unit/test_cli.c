/* SPDX-License-Identifier: MIT */
/* End-to-end tests of the veerkracht command: help, usage errors, the
 * classify JSON contract, check on the samples and render output. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

static char out[65536], err[8192];

static int
vk(const char *args)
{
    char *cmd = vk_xasprintf("'%s' %s", VK_EXE, args);
    int rc = vk_test_run(cmd, out, sizeof out, err, sizeof err);

    free(cmd);
    return rc;
}

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static void
test_help(void)
{
    static const char *const cmds[] = {"check", "classify", "render"};

    CU_ASSERT_EQUAL(vk("--help"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "commands:"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char args[64];

        snprintf(args, sizeof args, "%s --help", cmds[i]);
        CU_ASSERT_EQUAL(vk(args), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: veerkracht"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "--help"));
    }
}

static void
test_usage_errors(void)
{
    CU_ASSERT_EQUAL(vk(""), 2);
    CU_ASSERT_EQUAL(vk("frobnicate"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht: unknown command \"frobnicate\""
                           "\n\nusage: veerkracht <command> [options]\n\n"
                           "Veerkrachtkaarten: maps of Dutch buurten from "
                           "CBS boundaries and indicator tables.\n\n"
                           "commands:\n  check      report how the table's "
                           "rows join to the buurten\n  classify   print "
                           "class breaks of a column as JSON\n  render     "
                           "draw one layer of one gemeente as PDF or PNG\n\n"
                           "veerkracht <command> --help shows the options "
                           "of one command.\n");
    CU_ASSERT_EQUAL(vk("classify --table x.csv --field a"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: missing --method\n"
                           "see: veerkracht classify --help\n");
    CU_ASSERT_EQUAL(vk("classify --tabel x.csv"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: unknown option "
                           "\"--tabel\"\nsee: veerkracht classify --help\n");
    CU_ASSERT_EQUAL(vk("classify --table x.csv --field a --method "
                       "quantiel --classes 3"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht classify: unknown method "
                           "\"quantiel\"; expected one of equal, quantile, "
                           "fixed\n");
    CU_ASSERT_EQUAL(vk("render --boundaries a --table b --style c --area d "
                       "--out map.svg"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht render: --out must end in .pdf "
                           "or .png, not \"map.svg\"\n");
}

static void
test_classify_json(void)
{
    const char *csv = vk_test_tmp("cls.csv");
    char args[8192];

    write_file(csv, "\xef\xbb\xbf" "buurtcode;v\r\nBU1;1\r\nBU2;2\r\nBU3;3\r\n"
               "BU4;4\r\nBU5;5\r\nBU6;6\r\nBU7;7\r\nBU8;8\r\nBU9;9\r\n"
               "BU10;10\r\nBU11;\r\nBU12;-99997\r\n");
    snprintf(args, sizeof args, "classify --table '%s' --field v --method "
             "quantile --classes 4", csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"v\", \"method\": "
                           "\"quantile\", \"classes\": 4, \"breaks\": [1.0, "
                           "3.25, 5.5, 7.75, 10.0], \"counts\": [3, 2, 2, 3], "
                           "\"missing\": 2, \"closure\": \"left\"}\n");
    snprintf(args, sizeof args, "classify --table '%s' --field v --method "
             "fixed --breaks 0,5,10 --closure right", csv);
    CU_ASSERT_EQUAL(vk(args), 0);
    CU_ASSERT_STRING_EQUAL(out, "{\"field\": \"v\", \"method\": \"fixed\", "
                           "\"classes\": 2, \"breaks\": [0.0, 5.0, 10.0], "
                           "\"counts\": [5, 5], \"missing\": 2, \"closure\": "
                           "\"right\"}\n");
    snprintf(args, sizeof args, "classify --table '%s' --field w --method "
             "equal --classes 3", csv);
    CU_ASSERT_EQUAL(vk(args), 1);
    {
        char expect[8192];

        snprintf(expect, sizeof expect, "veerkracht classify: %s: column "
                 "\"w\" not found; the table has: buurtcode, v\n", csv);
        CU_ASSERT_STRING_EQUAL(err, expect);
    }
}

static void
test_classify_bad_number(void)
{
    const char *csv = vk_test_tmp("bad.csv");
    char args[8192], expect[8192];

    write_file(csv, "buurtcode;x\nBU1;1,5\nBU2;12x\n");
    snprintf(args, sizeof args, "classify --table '%s' --field x --method "
             "equal --classes 2", csv);
    CU_ASSERT_EQUAL(vk(args), 1);
    snprintf(expect, sizeof expect, "veerkracht classify: %s:3: column "
             "\"x\" value \"12x\" is not a number; ", csv);
    CU_ASSERT_NSTRING_EQUAL(err, expect, strlen(expect));
}

void
vk_test_register_cli(void)
{
    static const vk_test_case tests[] = {
        {"help", test_help},
        {"usage_errors", test_usage_errors},
        {"classify_json", test_classify_json},
        {"classify_bad_number", test_classify_bad_number},
        {NULL, NULL},
    };

    vk_test_add_suite("cli", NULL, NULL, tests);
}
