/* SPDX-License-Identifier: MIT */
/* Tests of the indicator table reader, the number parser and the join. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vk_test.h"

/* The 3x3 grid BU00010000..BU00010008, shared by the join tests. */
static vk_features *grid;

static int
suite_init(void)
{
    grid = vk_fixture_grid();
    return grid == NULL;
}

static int
suite_cleanup(void)
{
    vk_features_destroy(grid);
    grid = NULL;
    return 0;
}

/* Reads csv from memory as "t.csv", with an optional key and separator. */
static vk_table *
read_csv(const char *csv, const char *key, char sep, vk_error *err)
{
    vk_table_opts opts = {key, sep};

    vk_error_init(err);
    return vk_table_read_mem("t.csv", csv, strlen(csv), &opts, err);
}

/* Reads csv expecting a failure; returns the code and writes the formatted
 * message into msg (1024 bytes). */
static vk_status
read_fails(const char *csv, const char *key, char sep, char *msg)
{
    vk_error err;
    vk_table *t = read_csv(csv, key, sep, &err);

    vk_error_format(&err, msg, 1024);
    if (t != NULL) {
        vk_table_destroy(t);
        return VK_OK;
    }
    return err.code;
}

/* Parses s; returns the state, or -1 when it is not a number. */
static int
parse(const char *s, char sep, double *v)
{
    vk_cell state;

    *v = -1.0;
    if (vk_parse_number(s, sep, v, &state) != VK_OK)
        return -1;
    return (int)state;
}

/* ---- reading ---- */

static void
test_bom_crlf(void)
{
    const char *csv = "\xEF\xBB\xBF" "buurtcode;lbm\r\n"
                      "BU00010000;3,5\r\n"
                      "BU00010001;4\r\n";
    vk_error err;
    vk_table *t = read_csv(csv, NULL, 0, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_ncols(t), 2);
    CU_ASSERT_STRING_EQUAL(vk_table_colname(t, 0), "buurtcode");
    CU_ASSERT_STRING_EQUAL(vk_table_colname(t, 1), "lbm");
    CU_ASSERT_EQUAL(vk_table_nrows(t), 2);
    CU_ASSERT_EQUAL(vk_table_sep(t), ';');
    CU_ASSERT_STRING_EQUAL(vk_table_key(t, 0), "BU00010000");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 1), "3,5");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 1, 1), "4");
    CU_ASSERT_EQUAL(vk_table_line(t, 0), 2);
    CU_ASSERT_EQUAL(vk_table_line(t, 1), 3);
    CU_ASSERT_STRING_EQUAL(vk_table_path(t), "t.csv");
    CU_ASSERT_EQUAL(vk_table_warnings(t)->n, 0);
    vk_table_destroy(t);
}

static void
test_quoted_fields(void)
{
    const char *csv = "buurtcode;naam;lbm\n"
                      "BU1;\"Noord; oost\";1\n"
                      "BU2;\"twee\nregels\";2\n"
                      "BU3;\"zei \"\"hoi\"\"\";3\n"
                      "\"BU4\";\" spaties \";4\n";
    vk_error err;
    vk_table *t = read_csv(csv, NULL, 0, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 4);
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 1), "Noord; oost");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 1, 1), "twee\nregels");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 2, 1), "zei \"hoi\"");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 3, 1), " spaties ");
    CU_ASSERT_STRING_EQUAL(vk_table_key(t, 3), "BU4");
    /* Rows start on lines 2, 3, 5 and 6: the quoted line break counts. */
    CU_ASSERT_EQUAL(vk_table_line(t, 0), 2);
    CU_ASSERT_EQUAL(vk_table_line(t, 1), 3);
    CU_ASSERT_EQUAL(vk_table_line(t, 2), 5);
    CU_ASSERT_EQUAL(vk_table_line(t, 3), 6);
    vk_table_destroy(t);
}

static void
test_quote_errors(void)
{
    char msg[1024];

    CU_ASSERT_EQUAL(read_fails("a;b\n1;x\"y\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:2:4: a quote '\"' in the wrong "
                           "place; a field with quotes, the separator or a "
                           "line break must be quoted as a whole, with '\"' "
                           "inside it doubled (\"\")");
    CU_ASSERT_EQUAL(read_fails("a;b\n1;\"x\"y\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:2:6: a quote '\"' in the wrong "
                           "place; a field with quotes, the separator or a "
                           "line break must be quoted as a whole, with '\"' "
                           "inside it doubled (\"\")");
    CU_ASSERT_EQUAL(read_fails("a;b\n1;\"open\n2;3\n", NULL, 0, msg),
                    VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:2: a quoted field is not closed "
                           "before the end of the file; look for a stray "
                           "'\"' on this line");
}

static void
test_separator_detection(void)
{
    static const struct {
        const char *csv;
        char sep;
    } cases[] = {
        {"a;b;c\n1;2;3\n", ';'},
        {"a,b,c\n1,2,3\n", ','},
        {"a\tb\tc\n1\t2\t3\n", '\t'},
        {"a;b,c\n1;2,5\n", ';'},            /* a tie: ';' wins */
        {"\"x;y;z\",b,c\n1,2,3\n", ','},    /* quoted ';' do not count */
        {"\"x,y\";b\n1;2\n", ';'},
        {"\n\na,b\n1,2\n", ','},            /* blank lines before the header */
        {"code\nBU1\n", ';'},               /* one column */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vk_error err;
        vk_table *t = read_csv(cases[i].csv, NULL, 0, &err);

        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(vk_table_sep(t), cases[i].sep);
        CU_ASSERT_EQUAL(vk_table_nrows(t), 1);
        vk_table_destroy(t);
    }
}

static void
test_separator_given(void)
{
    vk_error err;
    vk_table *t = read_csv("a|b\nBU1|2,5\n", NULL, '|', &err);
    double v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_sep(t), '|');
    CU_ASSERT_EQUAL(vk_table_ncols(t), 2);
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 1), "2,5");
    CU_ASSERT_EQUAL(vk_table_numeric(t, "b", &v, NULL, &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(v, 2.5, 0.0); /* exact: 2.5 is binary */
    vk_table_destroy(t);
}

static void
test_tab_keeps_empty_fields(void)
{
    vk_error err;
    vk_table *t = read_csv("code\tnaam\tlbm\nBU1\t\t3\nBU2\t Oost \t\n",
                           NULL, 0, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 2);
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 1), "");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 2), "3");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 1, 1), "Oost");
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 1, 2), "");
    vk_table_destroy(t);
}

static void
test_blank_lines(void)
{
    vk_error err;
    vk_table *t = read_csv("a;b\n\n1;2\n;\n   \n3;4\r\n\r\n\n", NULL, 0,
                           &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 2);
    CU_ASSERT_EQUAL(vk_table_line(t, 0), 3);
    CU_ASSERT_EQUAL(vk_table_line(t, 1), 6);
    vk_table_destroy(t);
}

static void
test_old_mac_line_ends(void)
{
    vk_error err;
    vk_table *t = read_csv("a;b\r1;2\r3;4", NULL, 0, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 2);
    CU_ASSERT_EQUAL(vk_table_line(t, 1), 3);
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 1, 1), "4");
    vk_table_destroy(t);
}

static void
test_ragged_row(void)
{
    char msg[1024];

    CU_ASSERT_EQUAL(read_fails("a;b;c\n1;2;3\n4;5\n", NULL, 0, msg),
                    VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:3: row has 2 fields, the header has "
                           "3; check the separator (\";\" detected) or "
                           "quoting");
    CU_ASSERT_EQUAL(read_fails("a,b\n1,5,2\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:2: row has 3 fields, the header has "
                           "2; check the separator (\",\" detected) or "
                           "quoting");
    CU_ASSERT_EQUAL(read_fails("a\tb\n1\n", NULL, '\t', msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:2: row has 1 fields, the header has "
                           "2; check the separator (tab given) or quoting");
}

static void
test_empty_and_header_only(void)
{
    char msg[1024];
    vk_error err;
    vk_table *t;

    CU_ASSERT_EQUAL(read_fails("", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv: is empty; expected a header line "
                           "with column names");
    CU_ASSERT_EQUAL(read_fails("\xEF\xBB\xBF\r\n \n", NULL, 0, msg),
                    VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv: is empty; expected a header line "
                           "with column names");
    CU_ASSERT_EQUAL(read_fails(";;\n;;\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv: is empty; expected a header line "
                           "with column names");

    t = read_csv("buurtcode;lbm\n", NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 0);
    CU_ASSERT_EQUAL(vk_table_ncols(t), 2);
    vk_table_destroy(t);
    t = read_csv("buurtcode;lbm", NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 0);
    CU_ASSERT_STRING_EQUAL(vk_table_colname(t, 1), "lbm");
    vk_table_destroy(t);
}

static void
test_header_errors(void)
{
    static const char nul[] = "a;b\n1;\0\n";
    char msg[1024];
    vk_error err;

    CU_ASSERT_EQUAL(read_fails("a; ;b\n1;2;3\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:1: column 2 has no name in the "
                           "header; name every column, or delete the empty "
                           "one (a separator at the end of the line adds "
                           "one)");
    CU_ASSERT_EQUAL(read_fails("a;b; a\n1;2;3\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:1: column \"a\" appears twice in the "
                           "header (columns 1 and 3); give every column its "
                           "own name");
    CU_ASSERT_EQUAL(read_fails("a\xff;b\n1;2\n", NULL, 0, msg), VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:1: does not look like a CSV text "
                           "file; the header is not UTF-8 text; save the "
                           "table as \"CSV UTF-8\"");

    /* NUL bytes: UTF-16 or a binary file. */
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_table_read_mem("t.csv", nul, sizeof nul - 1, NULL,
                                         &err));
    CU_ASSERT_EQUAL(err.code, VK_EFORMAT);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "t.csv:2: does not look like a CSV text file; it "
                           "contains NUL bytes; save the table as \"CSV "
                           "UTF-8\", not as UTF-16 text or a workbook");
}

static void
test_header_names_trimmed(void)
{
    vk_error err;
    vk_table *t = read_csv(" buurtcode ; Lbm\nBU1;1\n", NULL, 0, &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(vk_table_colname(t, 0), "buurtcode");
    CU_ASSERT_STRING_EQUAL(vk_table_colname(t, 1), "Lbm");
    CU_ASSERT_EQUAL(vk_table_find_col(t, "Lbm"), 1);
    CU_ASSERT_EQUAL(vk_table_find_col(t, "lbm"), 1);
    CU_ASSERT_EQUAL(vk_table_find_col(t, "LBM"), 1);
    CU_ASSERT_EQUAL(vk_table_find_col(t, "nope"), -1);
    vk_table_destroy(t);
}

static void
test_key_column(void)
{
    static const struct {
        const char *csv, *key;
        size_t col;
    } cases[] = {
        {"naam;buurtcode;x\nA;BU1;1\n", NULL, 1},
        {"naam;BU_CODE;x\nA;BU1;1\n", NULL, 1},
        {"naam;Bu_Code;code\nA;BU1;1\n", NULL, 1},
        {"naam;x;code\nA;1;BU1\n", NULL, 2},
        {"gwb;naam;x\nBU1;A;1\n", NULL, 0},
        {"naam;gwb;buurtcode\nA;BU1;1\n", "gwb", 1},
        {"naam;GWB;buurtcode\nA;BU1;1\n", "gwb", 1},
    };
    char msg[1024];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vk_error err;
        vk_table *t = read_csv(cases[i].csv, cases[i].key, 0, &err);

        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(vk_table_key_col(t), cases[i].col);
        CU_ASSERT_STRING_EQUAL(vk_table_key(t, 0), "BU1");
        vk_table_destroy(t);
    }
    CU_ASSERT_EQUAL(read_fails("a;b\n1;2\n", "gwb", 0, msg), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:1: key column \"gwb\" not found; the "
                           "table has: a, b");
}

static void
test_key_trimmed_and_required(void)
{
    char msg[1024];
    vk_error err;
    vk_table *t = read_csv("buurtcode;x\n  BU1 ;1\n\" BU2\";2\n", NULL, 0,
                           &err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(vk_table_key(t, 0), "BU1");
    CU_ASSERT_STRING_EQUAL(vk_table_key(t, 1), "BU2");
    CU_ASSERT_EQUAL(vk_table_find_col(t, "x"), 1);
    vk_table_destroy(t);

    CU_ASSERT_EQUAL(read_fails("buurtcode;x\nBU1;1\n ;2\n", NULL, 0, msg),
                    VK_EDATA);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:3: the key column \"buurtcode\" is "
                           "empty; every row needs a key; fill it in or "
                           "delete the row");
}

static void
test_duplicate_keys(void)
{
    char msg[1024];
    vk_error err;
    vk_table *t = read_csv("buurtcode;x\nBU1;1\nBU2;2\nBU1;1\n", NULL, 0,
                           &err);
    const vk_warnings *w;

    /* An identical row is dropped with a warning. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 2);
    w = vk_table_warnings(t);
    CU_ASSERT_EQUAL_FATAL(w->n, 1);
    CU_ASSERT_STRING_EQUAL(w->msg[0], "t.csv:4: duplicate row for key "
                           "\"BU1\" (same as line 2) ignored");
    vk_table_destroy(t);

    /* A conflicting one is an error. */
    CU_ASSERT_EQUAL(read_fails("buurtcode;x\nBU1;1\nBU2;2\nBU1;1,5\n", NULL,
                               0, msg), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(msg, "t.csv:4: key \"BU1\" also on line 2 with "
                           "different values; keep one row per key");
}

static void
test_read_file(void)
{
    const char *csv = "buurtcode;lbm\nBU00010000;1,5\n";
    char *path = vk_xstrdup(vk_test_tmp("table.csv")), *expect, msg[1024];
    vk_error err;
    vk_table *t;
    FILE *fp;

    /* A real file reads like memory and keeps its path. */
    fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(csv, fp);
    fclose(fp);
    vk_error_init(&err);
    t = vk_table_read(path, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(vk_table_path(t), path);
    CU_ASSERT_EQUAL(vk_table_nrows(t), 1);
    CU_ASSERT_STRING_EQUAL(vk_table_text(t, 0, 1), "1,5");
    vk_table_destroy(t);
    remove(path);

    /* A missing one names the path. */
    vk_error_init(&err);
    CU_ASSERT_PTR_NULL(vk_table_read(path, NULL, &err));
    CU_ASSERT_EQUAL(err.code, VK_EIO);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    expect = vk_xasprintf("%s: cannot open the table: No such file or "
                          "directory", path);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg), expect);
    free(expect);
    free(path);
}

/* ---- numbers ---- */

static void
test_number_values(void)
{
    static const struct {
        const char *s;
        char sep;
        double v;
    } cases[] = {
        {"3,5", ';', 3.5},
        {"3.5", ';', 3.5},
        {"3.5", ',', 3.5},
        {" 12 ", ';', 12.0},
        {"\t-4,25 ", ';', -4.25},
        {"+7", ';', 7.0},
        {",5", ';', 0.5},
        {".5", ',', 0.5},
        {"5,", ';', 5.0},
        {"007", ';', 7.0},
        {"-0", ';', 0.0},
        {"3,5", '\t', 3.5},
        {"3,5", 0, 3.5},
        {"1.234,5", ';', 1234.5},
        {"1,234.5", ';', 1234.5},
        {"1.234.567,25", ';', 1234567.25},
        {"1,234,567.5", '\t', 1234567.5},
        {"-12.345,678", ';', -12345.678},
        {"-99989", ';', -99989.0},
        {"0,1", ';', 0.1},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v;

        CU_ASSERT_EQUAL(parse(cases[i].s, cases[i].sep, &v), VK_CELL_VALUE);
        /* strtod rounds correctly: the same literal gives the same double */
        CU_ASSERT_DOUBLE_EQUAL(v, cases[i].v, 0.0);
    }
}

static void
test_number_missing_and_nodata(void)
{
    static const char *const missing[] = {"", " ", ".", " . ", "-", "x",
                                          "?"};
    static const char *const nodata[] = {"-99997", "-99995", "-99990",
                                         "-99997,0", " -99999 ",
                                         "-1.000.000,0"};
    double v;

    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        CU_ASSERT_EQUAL(parse(missing[i], ';', &v), VK_CELL_MISSING);
        CU_ASSERT(isnan(v));
    }
    for (size_t i = 0; i < sizeof nodata / sizeof nodata[0]; i++) {
        CU_ASSERT_EQUAL(parse(nodata[i], ';', &v), VK_CELL_NODATA);
        CU_ASSERT(isnan(v));
    }
    CU_ASSERT_EQUAL(parse(NULL, ';', &v), VK_CELL_MISSING);
}

static void
test_number_rejected(void)
{
    static const struct {
        const char *s;
        char sep;
    } cases[] = {
        {"NaN", ';'}, {"nan", ';'}, {"inf", ';'}, {"-inf", ';'},
        {"Infinity", ';'}, {"0x1F", ';'}, {"12x", ';'}, {"x12", ';'},
        {"1e5", ';'}, {"1E5", ','}, {"1,5e3", ';'},
        {"1,091", ','},          /* a comma in a ','-file is never decimal */
        {"1,234.5", ','},
        {"1.234.567", ';'},      /* grouping only with a decimal mark */
        {"1,234,567", ';'},
        {"12.34,5", ';'},        /* groups of three */
        {"1.2345,6", ';'},
        {"1234.567,8", ';'},
        {".234,5", ';'},
        {"1,2.3,4", ';'},        /* two decimal marks */
        {"1..2", ';'}, {"..", ';'}, {"+", ';'}, {"-.", ';'}, {"+,", ';'},
        {"--1", ';'}, {"1-", ';'}, {"1 234", ';'}, {"X", ';'},
        {"\xc2\xa0" "1", ';'},
    };
    char longnum[200];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v;

        CU_ASSERT_EQUAL(parse(cases[i].s, cases[i].sep, &v), -1);
        if (parse(cases[i].s, cases[i].sep, &v) != -1)
            fprintf(stderr, "\n  accepted \"%s\"\n", cases[i].s);
    }

    /* More than 120 characters is not a number anyone wrote. */
    memset(longnum, '7', sizeof longnum - 1);
    longnum[sizeof longnum - 1] = '\0';
    {
        double v;

        CU_ASSERT_EQUAL(parse(longnum, ';', &v), -1);
    }
}

static void
test_numeric_column(void)
{
    vk_error err;
    vk_table *t = read_csv("buurtcode;naam;lbm\n"
                           "BU1;A;3,5\nBU2;B;.\nBU3;C;\nBU4;D;-99997\n"
                           "BU5;E;1.234,5\n", NULL, 0, &err);
    double v[5];
    vk_cell st[5];

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_numeric(t, "lbm", v, st, &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(v[0], 3.5, 0.0);
    CU_ASSERT_EQUAL(st[0], VK_CELL_VALUE);
    CU_ASSERT(isnan(v[1]));
    CU_ASSERT_EQUAL(st[1], VK_CELL_MISSING);
    CU_ASSERT(isnan(v[2]));
    CU_ASSERT_EQUAL(st[2], VK_CELL_MISSING);
    CU_ASSERT(isnan(v[3]));
    CU_ASSERT_EQUAL(st[3], VK_CELL_NODATA);
    CU_ASSERT_DOUBLE_EQUAL(v[4], 1234.5, 0.0);
    /* states may be NULL */
    CU_ASSERT_EQUAL(vk_table_numeric(t, "LBM", v, NULL, &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(v[0], 3.5, 0.0);
    vk_table_destroy(t);
}

static void
test_numeric_errors(void)
{
    char msg[1024];
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm\nBU1;1\nBU2;12x\n", NULL, 0,
                           &err);
    double v[2];

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_table_numeric(t, "lbm", v, NULL, &err), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(err.path, "t.csv");
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "t.csv:3: column \"lbm\" value \"12x\" is not a "
                           "number; use a decimal comma or point, leave the "
                           "cell empty or \".\" when missing");

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_table_numeric(t, "kwetsbaar", v, NULL, &err),
                    VK_EDATA);
    CU_ASSERT_EQUAL(err.line, 0);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "t.csv: column \"kwetsbaar\" not found; the table "
                           "has: buurtcode, lbm");
    vk_table_destroy(t);

    /* In a ','-file a quoted "1,091" is not a number. */
    t = read_csv("buurtcode,lbm\nBU1,\"1,091\"\n", NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(vk_table_numeric(t, "lbm", v, NULL, &err), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "t.csv:2: column \"lbm\" value \"1,091\" is not a "
                           "number; use a decimal comma or point, leave the "
                           "cell empty or \".\" when missing");
    vk_table_destroy(t);
}

/* ---- join ---- */

static void
test_join_exact(void)
{
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm\n"
                           "BU00010000;1\nBU00010001;2\nBU00010002;3\n"
                           "BU00010004;5\nBU00010005;6\nBU00010006;7\n"
                           "BU00010007;8\nBU99990000;9\n", NULL, 0, &err);
    vk_join *j;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(j->nfeatures, 9);
    CU_ASSERT_EQUAL(j->nrows, 8);
    CU_ASSERT_EQUAL(j->nmatched, 7);
    CU_ASSERT_EQUAL(j->nmatched_loose, 0);
    CU_ASSERT_EQUAL(j->row_of_feature[0], 0);
    CU_ASSERT_EQUAL(j->row_of_feature[3], -1);
    CU_ASSERT_EQUAL(j->row_of_feature[4], 3);
    CU_ASSERT_EQUAL(j->row_of_feature[8], -1);
    CU_ASSERT_EQUAL_FATAL(j->nrows_unmatched, 1);
    CU_ASSERT_EQUAL(j->rows_unmatched[0], 7);
    CU_ASSERT_EQUAL_FATAL(j->nfeatures_unmatched, 2);
    CU_ASSERT_EQUAL(j->features_unmatched[0], 3);
    CU_ASSERT_EQUAL(j->features_unmatched[1], 8);
    CU_ASSERT_EQUAL(j->nfeatures_dupcode, 0);
    vk_join_destroy(j);
    vk_table_destroy(t);
}

/* The cache makes a table's join once, the same as vk_join_make, keeps it
 * per table, and declines another feature set. */
static void
test_join_cache(void)
{
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm\nBU00010000;1\nBU00010004;5\n",
                           NULL, 0, &err);
    vk_table *u = read_csv("buurtcode;x\nBU00010001;1\n", NULL, 0, &err);
    vk_join_cache *c = vk_join_cache_create(grid);
    const vk_join *a, *b;
    vk_features other = *grid;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    a = vk_join_cache_get(c, grid, t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_EQUAL(a->nmatched, 2);
    CU_ASSERT_EQUAL(a->row_of_feature[0], 0);
    CU_ASSERT_EQUAL(a->row_of_feature[4], 1);
    CU_ASSERT_EQUAL(a->row_of_feature[1], -1);
    CU_ASSERT_PTR_EQUAL(vk_join_cache_get(c, grid, t), a);
    b = vk_join_cache_get(c, grid, u);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NOT_EQUAL(b, a);
    CU_ASSERT_EQUAL(b->row_of_feature[1], 0);
    CU_ASSERT_PTR_NULL(vk_join_cache_get(c, &other, t));
    CU_ASSERT_PTR_NULL(vk_join_cache_get(NULL, grid, t));
    vk_join_cache_destroy(c);
    vk_table_destroy(t);
    vk_table_destroy(u);
}

/*
 * The grid codes BU00010000..BU00010008 have the loose form BU10000..BU10008
 * (prefix, digits without leading zeros): "BU10004", "bu010005" and the bare
 * "10006" each name one feature. "BU10001" loses to the exact row of
 * BU00010001; "BU10007" and "10007" claim the same feature, so neither wins;
 * "BU7" and "WK00010008" name none.
 */
static void
test_join_loose(void)
{
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm\n"
                           "BU00010001;1\nBU10004;2\nbu010005;3\n10006;4\n"
                           "BU10001;5\nBU10007;6\n10007;7\nBU7;8\n"
                           "WK00010008;9\n", NULL, 0, &err);
    vk_join *j;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(j->nmatched, 4);
    CU_ASSERT_EQUAL(j->nmatched_loose, 3);
    CU_ASSERT_EQUAL(j->row_of_feature[1], 0);
    CU_ASSERT_EQUAL(j->row_of_feature[4], 1);
    CU_ASSERT_EQUAL(j->row_of_feature[5], 2);
    CU_ASSERT_EQUAL(j->row_of_feature[6], 3);
    CU_ASSERT_EQUAL(j->row_of_feature[7], -1);
    CU_ASSERT_EQUAL_FATAL(j->nrows_unmatched, 5);
    CU_ASSERT_EQUAL(j->rows_unmatched[0], 4);
    CU_ASSERT_EQUAL(j->rows_unmatched[1], 5);
    CU_ASSERT_EQUAL(j->rows_unmatched[2], 6);
    CU_ASSERT_EQUAL(j->rows_unmatched[3], 7);
    CU_ASSERT_EQUAL(j->rows_unmatched[4], 8);
    CU_ASSERT_EQUAL(j->nfeatures_unmatched, 5);
    vk_join_destroy(j);
    vk_table_destroy(t);
}

static void
test_join_duplicate_feature_codes(void)
{
    vk_features *fs = vk_fixture_grid();
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm\nBU00010004;1\n", NULL, 0, &err);
    vk_join *j;

    char *report;

    /* Feature 6 repeats feature 4's code: both get the row, as a GIS
     * joins them, and the report says the key is shared. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    free(fs->f[6].code);
    fs->f[6].code = vk_xstrdup("BU00010004");
    j = vk_join_make(fs, t);
    CU_ASSERT_EQUAL(j->nmatched, 2);
    CU_ASSERT_EQUAL(j->row_of_feature[4], 0);
    CU_ASSERT_EQUAL(j->row_of_feature[6], 0);
    CU_ASSERT_EQUAL_FATAL(j->nfeatures_dupcode, 1);
    CU_ASSERT_EQUAL(j->features_dupcode[0], 6);
    CU_ASSERT_EQUAL(j->nfeatures_unmatched, 7);
    CU_ASSERT_EQUAL(j->nrows_unmatched, 0);
    report = vk_join_report(fs, t, j);
    CU_ASSERT_PTR_NOT_NULL(strstr(report, "keys used by more than one "
                                  "feature (each joined and counted): 1\n"
                                  "  key \"BU00010004\" used by 2 "
                                  "features\n"));
    free(report);
    vk_join_destroy(j);
    vk_table_destroy(t);
    vk_features_destroy(fs);
}

static void
test_join_column(void)
{
    vk_error err;
    vk_table *t = read_csv("buurtcode;lbm;naam\n"
                           "BU00010000;1,5;a\nBU10001;.;b\n"
                           "BU00010002;-99997;c\nBU00010003;4;d\n", NULL, 0,
                           &err);
    double out[9];
    vk_cell st[9];
    char msg[1024];
    vk_join *j;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    CU_ASSERT_EQUAL(vk_join_column(j, t, "lbm", out, st, &err), VK_OK);
    CU_ASSERT_DOUBLE_EQUAL(out[0], 1.5, 0.0);
    CU_ASSERT_EQUAL(st[0], VK_CELL_VALUE);
    CU_ASSERT(isnan(out[1]));
    CU_ASSERT_EQUAL(st[1], VK_CELL_MISSING);
    CU_ASSERT(isnan(out[2]));
    CU_ASSERT_EQUAL(st[2], VK_CELL_NODATA);
    CU_ASSERT_DOUBLE_EQUAL(out[3], 4.0, 0.0);
    CU_ASSERT(isnan(out[8]));
    CU_ASSERT_EQUAL(st[8], VK_CELL_MISSING);
    CU_ASSERT_EQUAL(vk_join_column(j, t, "lbm", out, NULL, &err), VK_OK);

    vk_error_init(&err);
    CU_ASSERT_EQUAL(vk_join_column(j, t, "naam", out, NULL, &err), VK_EDATA);
    CU_ASSERT_STRING_EQUAL(vk_error_format(&err, msg, sizeof msg),
                           "t.csv:2: column \"naam\" value \"a\" is not a "
                           "number; use a decimal comma or point, leave the "
                           "cell empty or \".\" when missing");
    vk_join_destroy(j);
    vk_table_destroy(t);
}

static void
test_join_report(void)
{
    static const char *const expect =
        "boundaries: fixture:grid (layer buurten): 9 features\n"
        "table: t.csv: 6 rows, 4 columns, separator ';', key column "
        "\"buurtcode\"\n"
        "matched: 5 features (1 after restoring leading zeros: \"BU10002\" "
        "-> BU00010002)\n"
        "rows with no feature: 1\n"
        "  line 8: BU99999999\n"
        "features with no row: 4\n"
        "  BU00010005 Buurt 5\n"
        "  BU00010006 Buurt 6\n"
        "  BU00010007 Buurt 7\n"
        "  BU00010008 Buurt 8\n"
        "columns:\n"
        "  column                 type      values  missing  nodata\n"
        "  buurtcode              key            6        0       -\n"
        "  naam                   text           6        0       -\n"
        "  lbm                    numeric        4        1       1\n"
        "  pct                    numeric        4        1       0\n"
        "    error: t.csv:5: value \"12x\" is not a number\n"
        "warnings: 1\n"
        "  t.csv:7: duplicate row for key \"BU00010004\" (same as line 6) "
        "ignored\n";
    vk_error err;
    vk_table *t = read_csv("buurtcode;naam;lbm;pct\n"
                           "BU00010000;A;1,5;10\n"
                           "BU00010001;B;.;20\n"
                           "BU10002;C;-99997;x\n"
                           "BU00010003;D;2;12x\n"
                           "BU00010004;E;3;40\n"
                           "BU00010004;E;3;40\n"
                           "BU99999999;Z;4;50\n", NULL, 0, &err);
    vk_join *j;
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    text = vk_join_report(grid, t, j);
    CU_ASSERT_STRING_EQUAL(text, expect);
    if (strcmp(text, expect) != 0)
        fprintf(stderr, "\n--- got:\n%s--- expected:\n%s", text, expect);
    free(text);
    vk_join_destroy(j);
    vk_table_destroy(t);
}

static void
test_join_report_lists(void)
{
    vk_strbuf sb = {0};
    vk_error err;
    vk_table *t;
    vk_join *j;
    char *text;

    /* 60 unknown keys: 50 listed, then a count. */
    vk_strbuf_append(&sb, "code,v\n");
    for (int i = 0; i < 60; i++)
        vk_strbuf_appendf(&sb, "XX%02d,%d\n", i, i);
    t = read_csv(sb.s, NULL, 0, &err);
    vk_strbuf_free(&sb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    text = vk_join_report(grid, t, j);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "separator ',', key column "
                                  "\"code\"\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "rows with no feature: 60\n"
                                  "  line 2: XX00\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  line 51: XX49\n"
                                  "  ... and 10 more\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "XX50"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "matched: 0 features\n"));
    free(text);
    vk_join_destroy(j);
    vk_table_destroy(t);

    /* A header-only table says so. */
    t = read_csv("buurtcode\tlbm\n", NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    j = vk_join_make(grid, t);
    text = vk_join_report(grid, t, j);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "table: t.csv: 0 rows, 2 columns, "
                                  "separator tab, key column \"buurtcode\"\n"
                                  "  the table has a header line but no "
                                  "rows\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "features with no row: 9\n"));
    free(text);
    vk_join_destroy(j);
    vk_table_destroy(t);
}

/* Every digit group after the first has three digits, inner ones too: a
 * misplaced separator is a typo, not a number. */
static void
test_number_inner_groups(void)
{
    double v;

    CU_ASSERT_EQUAL(parse("1.234.567,8", ';', &v), VK_CELL_VALUE);
    CU_ASSERT_DOUBLE_EQUAL(v, 1234567.8, 1e-9);
    CU_ASSERT_EQUAL(parse("1,234,567.8", ';', &v), VK_CELL_VALUE);
    CU_ASSERT_DOUBLE_EQUAL(v, 1234567.8, 1e-9);
    CU_ASSERT_EQUAL(parse("1.23.456,7", ';', &v), -1);
    CU_ASSERT_EQUAL(parse("1,2345,678.9", ';', &v), -1);
    CU_ASSERT_EQUAL(parse("12,34,567.8", ';', &v), -1);
}

void
vk_test_register_table(void)
{
    static const vk_test_case tests[] = {
        {"bom_crlf", test_bom_crlf},
        {"quoted_fields", test_quoted_fields},
        {"quote_errors", test_quote_errors},
        {"separator_detection", test_separator_detection},
        {"separator_given", test_separator_given},
        {"tab_keeps_empty_fields", test_tab_keeps_empty_fields},
        {"blank_lines", test_blank_lines},
        {"old_mac_line_ends", test_old_mac_line_ends},
        {"ragged_row", test_ragged_row},
        {"empty_and_header_only", test_empty_and_header_only},
        {"header_errors", test_header_errors},
        {"header_names_trimmed", test_header_names_trimmed},
        {"key_column", test_key_column},
        {"key_trimmed_and_required", test_key_trimmed_and_required},
        {"duplicate_keys", test_duplicate_keys},
        {"read_file", test_read_file},
        {"number_values", test_number_values},
        {"number_missing_and_nodata", test_number_missing_and_nodata},
        {"number_rejected", test_number_rejected},
        {"numeric_column", test_numeric_column},
        {"numeric_errors", test_numeric_errors},
        {"join_exact", test_join_exact},
        {"join_loose", test_join_loose},
        {"join_cache", test_join_cache},
        {"join_duplicate_feature_codes", test_join_duplicate_feature_codes},
        {"join_column", test_join_column},
        {"join_report", test_join_report},
        {"join_report_lists", test_join_report_lists},
        {"number_inner_groups", test_number_inner_groups},
        {NULL, NULL},
    };

    vk_test_add_suite("table", suite_init, suite_cleanup, tests);
}
