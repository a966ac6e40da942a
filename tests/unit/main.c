/* SPDX-License-Identifier: MIT */
/* Test runner: registers every suite and runs the ones named on the command
 * line (all when none), with CUnit's basic interface. */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "vk_test.h"


int
main(int argc, char **argv)
{
    static void (*const all[])(void) = {
        vk_test_register_core,     vk_test_register_table,
        vk_test_register_classify, vk_test_register_style,
        vk_test_register_source,   vk_test_register_geo,
        vk_test_register_writers,  vk_test_register_render,
        vk_test_register_layout,   vk_test_register_labels,
        vk_test_register_cli,
        vk_test_register_palette,  vk_test_register_export,
        vk_test_register_atlas,
        vk_test_register_viewer,
        vk_test_register_tiles,
        vk_test_register_badinput,
        vk_test_register_faults,
        vk_test_register_mapset,
        vk_test_register_realloc,
        vk_test_register_years,
    };
    unsigned failures;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 3;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        all[i]();
    /* Scratch files go in a folder per suite (CTest runs one suite a
     * process, several at once). */
    vk_test_set_scratch(argc == 2 && CU_get_suite(argv[1]) != NULL ? argv[1]
                                                                : "all");
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (argc < 2) {
        CU_basic_run_tests();
    } else {
        for (int a = 1; a < argc; a++) {
            CU_pSuite s = CU_get_suite(argv[a]);

            if (s == NULL) {
                fprintf(stderr, "vk_tests: no suite \"%s\"\n", argv[a]);
                CU_cleanup_registry();
                return 2;
            }
            CU_basic_run_suite(s);
        }
    }
    failures = CU_get_number_of_failures() +
               CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failures == 0 ? 0 : 1;
}
