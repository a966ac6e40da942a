/* SPDX-License-Identifier: MIT */
/* veerkracht atlas: file names from hostile data, the atlas of the sample
 * (pages, names, report), reruns, failures, crashes and interruptions. */
#define _GNU_SOURCE /* memmem() */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "vk_test.h"

static char out[65536], err[65536];

static const char *const GEMEENTEN[][2] = {
    {"GM0981", "GM0981-s-gravenwaard"},
    {"GM0982", "GM0982-dongemunde"},
    {"GM0983", "GM0983-oud-beijerveen"},
    {"GM0984", "GM0984-kapelle-ee"},
};

/* ---- slugs ---------------------------------------------------------- */

static void
expect_slug(const char *code, const char *name, const char *want)
{
    char *s = vk_slug(code, name);

    CU_ASSERT_STRING_EQUAL(s, want);
    /* Whatever the input: [A-Za-z0-9-], no '-' at the ends, <= 60. */
    CU_ASSERT(strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789-") == strlen(s));
    CU_ASSERT(s[0] != '-' && s[strlen(s) - 1] != '-');
    CU_ASSERT(strlen(s) > 0 && strlen(s) <= 60);
    free(s);
}

static void
test_slug(void)
{
    char *s;

    /* The sample's names: apostrophe dropped, diacritics folded. */
    expect_slug("GM0981", "'s-Gravenwaard", "GM0981-s-gravenwaard");
    expect_slug("GM0982", "Dongem\xc3\xbbnde", "GM0982-dongemunde");
    expect_slug("GM0984", "Kapelle-E\xc3\xab", "GM0984-kapelle-ee");
    expect_slug("GM0363", "Amsterdam", "GM0363-amsterdam");
    /* Typographic apostrophe, NBSP, en dash, ligatures, Latin Ext-A. */
    expect_slug("GM0796", "\xe2\x80\x99s-Hertogenbosch",
                "GM0796-s-hertogenbosch");
    expect_slug("GM1", "Bergen\xc2\xa0(L.) \xe2\x80\x93 Noord",
                "GM1-bergen-l-noord");
    expect_slug("GM2", "\xc4\xb2sselmonde \xc3\x86r\xc3\xb8 Stra\xc3\x9f"
                "e \xc5\x81\xc3\xb3" "d\xc5\xba \xc3\x9e\xc3\xb3rshavn",
                "GM2-ijsselmonde-aero-strasse-lodz-thorshavn");
    /* Decomposed diacritics and other scripts vanish. */
    expect_slug("GM3", "Zu\xcc\x88id \xce\x91\xce\xb8\xce\xae\xce\xbd\xce"
                "\xb1 Oost", "GM3-zuid-oost");
    /* Hostile names never leave the folder. */
    expect_slug("GM0001", "../../etc/passwd", "GM0001-etc-passwd");
    expect_slug("../..", "..", "gemeente");
    expect_slug(".", ".", "gemeente");
    expect_slug("GM/../x", "a/b\\c", "GM-x-a-b-c");
    expect_slug("GM4", "tab\there\nnewline\x01\x1f\x7f end",
                "GM4-tab-here-newline-end");
    expect_slug("GM5", "\"quoted\" 'single' `back` $(rm -rf) ;|&*?",
                "GM5-quoted-single-back-rm-rf");
    expect_slug("GM6", "  spaces   around  ", "GM6-spaces-around");
    /* Invalid UTF-8 bytes are dropped, not passed on. */
    expect_slug("GM7", "ab\xff\xfe" "cd\xc3", "GM7-abcd");
    /* No name, no code, neither. */
    expect_slug("GM8", NULL, "GM8");
    expect_slug("GM8", "", "GM8");
    expect_slug(NULL, "Zaanstad", "zaanstad");
    expect_slug(NULL, NULL, "gemeente");
    expect_slug("", "...", "gemeente");
    /* At most 60 characters, not ending in '-'. */
    s = vk_slug("GM9", "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
                        "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa");
    CU_ASSERT_EQUAL(strlen(s), 60);
    CU_ASSERT_STRING_EQUAL(s + 48, "aaaaaaaaaa-a");
    free(s);
    s = vk_slug("GM10", "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
                         "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa");
    CU_ASSERT_EQUAL(strlen(s), 59);
    CU_ASSERT_STRING_EQUAL(s + 49, "aaaaaaaaaa");
    free(s);
    s = vk_slug_layer("Signalering_Relatief v2");
    CU_ASSERT_STRING_EQUAL(s, "signalering_relatief-v2");
    free(s);
    s = vk_slug_layer("../");
    CU_ASSERT_STRING_EQUAL(s, "layer");
    free(s);
}

/* ---- helpers -------------------------------------------------------- */

/* Runs the atlas on the sample into dir with extra options. */
static int
atlas(const char *dir, const char *extra)
{
    char *args = vk_xasprintf(
        "atlas --boundaries '%s' --table '%s' --table '%s' --styles '%s' "
        "--out '%s' %s", vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("samples/leefbaarometer.csv"), vk_test_src("styles"),
        dir, extra);
    int rc = vk_test_vk(args, out, sizeof out, err, sizeof err);

    free(args);
    return rc;
}

/* An empty scratch folder; returns its path (caller frees: the
 * vk_test_tmp buffers are reused). */
static char *
fresh_dir(const char *name)
{
    char *dir = vk_xstrdup(vk_test_tmp(name));
    char *cmd = vk_xasprintf("rm -rf '%s'", dir);
    char o[64], e[256];

    vk_test_run(cmd, o, sizeof o, e, sizeof e);
    free(cmd);
    return dir;
}

static char *
path_in(const char *dir, const char *name)
{
    return vk_xasprintf("%s/%s", dir, name);
}

/* The number of files in dir whose name contains part (NULL: all but the
 * lock file). */
static int
count_files(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d != NULL && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' &&
            (part == NULL || strstr(e->d_name, part) != NULL))
            n++;
    if (d != NULL)
        closedir(d);
    return n;
}

static int
pdf_pages(const char *dir, const char *name)
{
    char *pdf = path_in(dir, name), info[8192];
    const char *p;
    int rc = vk_test_poppler("pdfinfo", pdf, info, sizeof info);

    free(pdf);
    if (rc != 0 || (p = strstr(info, "Pages:")) == NULL)
        return -1;
    return atoi(p + 6);
}

static json_t *
report(const char *dir)
{
    char *path = path_in(dir, "atlas-report.json");
    json_t *r = json_load_file(path, 0, NULL);

    free(path);
    return r;
}

/* The report entry of a gemeente. */
static json_t *
entry(json_t *r, const char *code)
{
    json_t *g = json_object_get(r, "gemeenten"), *v;
    size_t i;

    json_array_foreach(g, i, v)
        if (strcmp(json_string_value(json_object_get(v, "code")), code) == 0)
            return v;
    return NULL;
}

static const char *
status_of(json_t *r, const char *code)
{
    json_t *e = entry(r, code);

    return e ? json_string_value(json_object_get(e, "status")) : "absent";
}

static json_int_t
total(json_t *r, const char *kind, const char *what)
{
    return json_integer_value(json_object_get(
        json_object_get(json_object_get(r, "totals"), kind), what));
}

/* 1 when every file of a (not dotfiles, not the report) is in b with the
 * same bytes. */
static int
same_files(const char *a, const char *b)
{
    DIR *d = opendir(a);
    struct dirent *e;
    int same = d != NULL, n = 0;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char *pa, *pb, *da, *db;
        size_t la = 0, lb = 0;

        if (e->d_name[0] == '.' || strcmp(e->d_name, "atlas-report.json") == 0)
            continue;
        pa = path_in(a, e->d_name);
        pb = path_in(b, e->d_name);
        da = vk_test_slurp(pa, &la);
        db = vk_test_slurp(pb, &lb);
        if (da == NULL || db == NULL || la != lb || memcmp(da, db, la) != 0) {
            fprintf(stderr, "\n  %s differs from %s\n", pb, pa);
            same = 0;
        }
        n++;
        free(da);
        free(db);
        free(pa);
        free(pb);
    }
    if (d != NULL)
        closedir(d);
    return same && n > 0;
}

/* ---- the atlas ------------------------------------------------------ */

static void
write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static void
test_hostile_data(void)
{
    /* Gemeenten of the 3x3 grid by column: two codes that fold to the
     * same slug, names that try to leave the folder. */
    static const char *const code[3] = {"GM/../1", "GM 1", "GM2"};
    static const char *const name[3] = {"../../etc/passwd",
                                        "../../etc/passwd",
                                        "Nieuw\tEn 'Quoted' \"Naam\""};
    char *dir = fresh_dir("atlas-hostile");
    char *gpkg = vk_xstrdup(vk_test_tmp("hostile.gpkg"));
    char *csv = vk_xstrdup(vk_test_tmp("hostile.csv"));
    char *style = vk_xstrdup(vk_test_tmp("hostile.yaml"));
    vk_features *fs = vk_fixture_grid();
    char *args;
    json_t *r;
    vk_error e;

    vk_error_init(&e);
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].gemeentecode);
        free(fs->f[i].gemeentenaam);
        fs->f[i].gemeentecode = vk_xstrdup(code[i % 3]);
        fs->f[i].gemeentenaam = vk_xstrdup(name[i % 3]);
    }
    unlink(gpkg);
    CU_ASSERT_EQUAL_FATAL(vk_source_write_layer(gpkg, "GPKG", "buurten", fs,
                                                VK_LEVEL_BUURT, &e), VK_OK);
    vk_features_destroy(fs);
    write_text(csv, "buurtcode;v\nBU00010000;1\nBU00010001;2\nBU00010002;3\n"
               "BU00010003;4\nBU00010004;5\nBU00010005;6\nBU00010006;7\n"
               "BU00010007;8\nBU00010008;9\n");
    write_text(style, "title: Test\nvalue:\n  column: v\nclassification:\n"
               "  method: equal\n  classes: 3\ncolors: [\"#eeeeee\", "
               "\"#999999\", \"#333333\"]\n");

    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --style '%s' "
                        "--out '%s' --jobs 2", gpkg, csv, style, dir);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 0);
    free(args);
    /* Everything inside the folder, under folded names, the clash
     * resolved in the order of the data. */
    CU_ASSERT_EQUAL(count_files(dir, NULL), 3 + 1 + 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM-1-etc-passwd.pdf"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM-1-etc-passwd-2.pdf"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM2-nieuw-en-quoted-naam.pdf"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "nederland-hostile.pdf"), 1);
    r = report(dir);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(
                               entry(r, "GM 1"), "outputs"), 0)),
                           "GM-1-etc-passwd.pdf");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(
                               entry(r, "GM/../1"), "outputs"), 0)),
                           "GM-1-etc-passwd-2.pdf");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
                               entry(r, "GM2"), "name")),
                           name[2]);
    json_decref(r);
    free(style);
    free(csv);
    free(gpkg);
    free(dir);
}

static void
test_sample(void)
{
    char *dir = fresh_dir("atlas-a");
    json_t *r, *e, *o;

    CU_ASSERT_EQUAL_FATAL(atlas(dir, "--jobs 2"), 0);
    /* A PDF per gemeente, named by its slug, a page per layer. */
    for (size_t i = 0; i < 4; i++) {
        char name[64];

        snprintf(name, sizeof name, "%s.pdf", GEMEENTEN[i][1]);
        CU_ASSERT_EQUAL(pdf_pages(dir, name), 10);
    }
    /* An overview per layer. */
    CU_ASSERT_EQUAL(count_files(dir, "nederland-"), 10);
    CU_ASSERT_EQUAL(pdf_pages(dir, "nederland-leefbaarheid.pdf"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "nederland-signalering_relatief.pdf"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "nederland-structureel_zwak.pdf"), 1);
    CU_ASSERT_EQUAL(count_files(dir, NULL), 4 + 10 + 1);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp-"), 0);
    /* A log line per gemeente with its time, and the summary. */
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: GM0981 s-gravenwaard: 10 "
                                       "pages, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 4 gemeenten: 4 written, 0 "
                                       "skipped, 0 failed\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 10 overviews: 10 written, 0 "
                                       "skipped, 0 failed\n"));

    /* The report. */
    r = report(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(json_is_true(json_object_get(r, "complete")));
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "gemeenten")), 4);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "overviews")), 10);
    e = entry(r, "GM0982");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "name")),
                           "Dongem\xc3\xbbnde");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "status")),
                           "ok");
    o = json_object_get(e, "outputs");
    CU_ASSERT_EQUAL(json_array_size(o), 1);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(o, 0)),
                           "GM0982-dongemunde.pdf");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(e, "pages")), 10);
    CU_ASSERT(json_real_value(json_object_get(e, "seconds")) > 0);
    CU_ASSERT(json_is_null(json_object_get(e, "error")));
    CU_ASSERT_EQUAL(total(r, "gemeenten", "written"), 4);
    CU_ASSERT_EQUAL(total(r, "overviews", "written"), 10);
    CU_ASSERT_EQUAL(total(r, "gemeenten", "failed"), 0);
    json_decref(r);
    free(dir);
}

/* Runs after test_sample, on its folder. */
static void
test_rerun_and_force(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("atlas-a"));
    char *pdf = path_in(dir, "GM0983-oud-beijerveen.pdf");
    char *before, *after;
    size_t lb = 0, la = 0;
    struct stat s0, s1;
    json_t *r;

    CU_ASSERT_EQUAL_FATAL(stat(pdf, &s0), 0);
    before = vk_test_slurp(pdf, &lb);

    /* Everything is up to date: nothing is written. */
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 4 gemeenten: 0 written, 4 "
                                       "skipped, 0 failed\n"));
    CU_ASSERT_EQUAL(stat(pdf, &s1), 0);
    CU_ASSERT(s1.st_mtim.tv_sec == s0.st_mtim.tv_sec &&
              s1.st_mtim.tv_nsec == s0.st_mtim.tv_nsec);
    r = report(dir);
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0981"), "skipped");
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0984"), "skipped");
    CU_ASSERT_EQUAL(total(r, "gemeenten", "skipped"), 4);
    CU_ASSERT_EQUAL(total(r, "overviews", "skipped"), 10);
    /* A skipped gemeente still lists its files. */
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(
                               entry(r, "GM0981"), "outputs"), 0)),
                           "GM0981-s-gravenwaard.pdf");
    json_decref(r);

    /* --force writes everything again, with the same bytes. */
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --force"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 4 gemeenten: 4 written, 0 "
                                       "skipped, 0 failed\n"));
    CU_ASSERT_EQUAL(stat(pdf, &s1), 0);
    CU_ASSERT(s1.st_mtim.tv_sec != s0.st_mtim.tv_sec ||
              s1.st_mtim.tv_nsec != s0.st_mtim.tv_nsec);
    after = vk_test_slurp(pdf, &la);
    CU_ASSERT_PTR_NOT_NULL_FATAL(before);
    CU_ASSERT_PTR_NOT_NULL_FATAL(after);
    CU_ASSERT(la == lb && memcmp(before, after, la) == 0);
    r = report(dir);
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0983"), "ok");
    json_decref(r);

    /* Other settings make the files anew without --force: every option
     * that shapes a page is in the digest the done markers are kept
     * under (paper, and labels, which a page shows on the map). */
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --gemeente GM0983 --paper A3"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 1 gemeente: 1 written"));
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --gemeente GM0983 --paper A3"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 1 gemeente: 0 written, 1 "
                                       "skipped"));
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --gemeente GM0983 --paper A3 "
                               "--labels code"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 1 gemeente: 1 written"));

    /* A done marker a killed run was writing leaves a temporary beside
     * the markers: the next run removes it. */
    {
        char *cmd = vk_xasprintf(
            "d=$(ls -d '%s'/.atlas-done/*/ | head -1) && "
            "touch \"$d/GM0983-oud-beijerveen.tmp-123456\"", dir);
        char *left = vk_xasprintf("ls '%s'/.atlas-done/*/*.tmp-* 2>/dev/null "
                                  "| grep -q .", dir);

        CU_ASSERT_EQUAL(vk_test_sh(cmd), 0);
        CU_ASSERT_EQUAL(vk_test_sh(vk_xstrdup(left)), 0);
        CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --gemeente GM0983 --paper A3 "
                                   "--labels code"), 0);
        CU_ASSERT_NOT_EQUAL(vk_test_sh(left), 0);
    }
    free(before);
    free(after);
    free(pdf);
    free(dir);
}

static void
test_select(void)
{
    char *dir = fresh_dir("atlas-sel");
    json_t *r;

    /* Codes or names; no overviews for a part of the gemeenten. */
    CU_ASSERT_EQUAL_FATAL(atlas(dir, "--gemeente 'GM0981, Oud-Beijerveen'"),
                          0);
    CU_ASSERT_EQUAL(count_files(dir, NULL), 2 + 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0981-s-gravenwaard.pdf"), 10);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0983-oud-beijerveen.pdf"), 10);
    r = report(dir);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "gemeenten")), 2);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "overviews")), 0);
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0982"), "absent");
    json_decref(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 2 gemeenten: 2 written, 0 "
                                       "skipped, 0 failed\n"));
    CU_ASSERT_PTR_NULL(strstr(err, "overviews:"));

    /* An unknown gemeente is an error before anything is made. */
    CU_ASSERT_EQUAL(atlas(dir, "--gemeente GM0981,GM9999"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "gemeente \"GM9999\" not found"));
    CU_ASSERT_EQUAL(atlas(dir, "--format svg"), 2);
    CU_ASSERT_STRING_EQUAL(err, "veerkracht atlas: --format is pdf, png or "
                                "pdf,png, not \"svg\"\n");
    free(dir);
}

/* Checks the pages and files the report gives the gemeente code. */
static void
report_counts(json_t *r, const char *code, json_int_t pages, size_t files)
{
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(entry(r, code),
                                                       "pages")),
                    pages);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(entry(r, code),
                                                    "outputs")),
                    files);
}

/* --table-page: each gemeente's PDF ends in its table pages (as many as
 * the PNGs of them), with a bookmark "Tabel"; the report counts them, also
 * when a rerun skips the gemeente; without the option the digest is the
 * old one and the PDF has its maps alone. */
static void
test_table_page(void)
{
    char *dir = fresh_dir("atlas-table");
    char *pdf = path_in(dir, "GM0981-s-gravenwaard.pdf");
    char *text = vk_xmalloc(65536), *raw;
    size_t len = 0;
    /* A map page per style of the folder, whatever their number. */
    int maps = count_files(vk_test_src("styles"), ".yaml"), ntable;
    json_t *r;

    CU_ASSERT_EQUAL_FATAL(atlas(dir, "--gemeente GM0981 --table-page "
                                     "--format pdf,png --dpi 20"), 0);
    ntable = count_files(dir, "-tabel-");
    CU_ASSERT(ntable >= 2);
    CU_ASSERT_EQUAL(count_files(dir, "GM0981-s-gravenwaard-tabel-1.png"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0981-s-gravenwaard.pdf"), maps + ntable);
    r = report(dir);
    report_counts(r, "GM0981", maps + ntable, (size_t)(1 + maps + ntable));
    CU_ASSERT(json_is_true(json_object_get(json_object_get(r, "settings"),
                                           "table_page")));
    json_decref(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "GM0981 s-gravenwaard: "));
    {
        char *tool = vk_xasprintf("pdftotext -f %d -l %d", maps + 1,
                                  maps + 1);

        CU_ASSERT_EQUAL(vk_test_poppler(tool, pdf, text, 65536), 0);
        free(tool);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Buurten van 's-Gravenwaard"));
    raw = vk_test_slurp(pdf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    CU_ASSERT_PTR_NOT_NULL(memmem(raw, len, "/Title (Tabel)", 14));
    free(raw);

    /* A rerun skips it and still counts its pages and files. */
    CU_ASSERT_EQUAL(atlas(dir, "--gemeente GM0981 --table-page "
                               "--format pdf,png --dpi 20"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 gemeente: 0 written, 1 skipped"));
    r = report(dir);
    report_counts(r, "GM0981", maps + ntable, (size_t)(1 + maps + ntable));
    json_decref(r);

    /* Without it: another digest, the maps alone. */
    CU_ASSERT_EQUAL(atlas(dir, "--gemeente GM0981"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 gemeente: 1 written"));
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0981-s-gravenwaard.pdf"), maps);
    free(text);
    free(pdf);
    free(dir);
}

static void
test_failing_gemeente(void)
{
    char *dir = fresh_dir("atlas-fail");
    char *blocker = path_in(dir, "GM0982-dongemunde.pdf");
    json_t *r, *e;

    /* A folder where GM0982's PDF should go: that gemeente fails. */
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(blocker, 0777), 0);
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --gemeente "
                               "GM0981,GM0982,GM0983,GM0984"), 1);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0981-s-gravenwaard.pdf"), 10);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0983-oud-beijerveen.pdf"), 10);
    CU_ASSERT_EQUAL(pdf_pages(dir, "GM0984-kapelle-ee.pdf"), 10);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp-"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 4 gemeenten: 3 written, 0 "
                                       "skipped, 1 failed (GM0982: "));
    r = report(dir);
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0982"), "failed");
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0981"), "ok");
    e = entry(r, "GM0982");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_PTR_NOT_NULL(strstr(json_string_value(json_object_get(
                                      e, "error")), "GM0982-dongemunde.pdf"));
    CU_ASSERT_EQUAL(json_array_size(json_object_get(e, "outputs")), 0);
    CU_ASSERT_EQUAL(total(r, "gemeenten", "failed"), 1);
    json_decref(r);

    /* Fixed, a rerun makes only what is missing. */
    CU_ASSERT_EQUAL(rmdir(blocker), 0);
    CU_ASSERT_EQUAL(atlas(dir, "--gemeente GM0981,GM0982,GM0983,GM0984"),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "atlas: 4 gemeenten: 1 written, 3 "
                                       "skipped, 0 failed\n"));
    free(blocker);
    free(dir);
}

static void
test_worker_crash(void)
{
    char *dir = fresh_dir("atlas-crash");
    json_t *r;
    const char *msg;
    char *args = vk_xasprintf(
        "atlas --boundaries '%s' --table '%s' --table '%s' --out '%s' "
        "--styles '%s' --jobs 2 --gemeente GM0981,GM0982,GM0983,GM0984",
        vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("samples/leefbaarometer.csv"), dir,
        vk_test_src("styles"));
    char *cmd = vk_xasprintf("VK_ATLAS_TEST_CRASH=GM0982 '%s' %s", VK_EXE,
                             args);

    /* The worker dies on GM0982; another takes over the rest. */
    CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, err, sizeof err), 1);
    r = report(dir);
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0982"), "failed");
    msg = json_string_value(json_object_get(entry(r, "GM0982"), "error"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "worker killed by signal 9"));
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0981"), "ok");
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0983"), "ok");
    CU_ASSERT_STRING_EQUAL(status_of(r, "GM0984"), "ok");
    CU_ASSERT_EQUAL(count_files(dir, ".pdf"), 3);
    json_decref(r);
    free(cmd);
    free(args);
    free(dir);
}

/* Starts the atlas in the background, waits for its first finished file,
 * sends sig to it and waits for it; stdout gets its exit status. */
static int
interrupt(const char *dir, const char *sig)
{
    char *args = vk_xasprintf(
        "atlas --boundaries '%s' --table '%s' --table '%s' --styles '%s' "
        "--out '%s' --jobs 2 --format pdf,png --dpi 40",
        vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("samples/leefbaarometer.csv"), vk_test_src("styles"),
        dir);
    char *cmd = vk_xasprintf(
        "'%s' %s & pid=$!; i=0; "
        "while [ $i -lt 200 ] && ! ls '%s' 2>/dev/null | grep -q 'png$'; "
        "do sleep 0.02; i=$((i+1)); done; kill -%s $pid; wait $pid; "
        "echo $?", VK_EXE, args, dir, sig);
    int rc = vk_test_run(cmd, out, sizeof out, err, sizeof err);

    free(cmd);
    free(args);
    return rc;
}

static void
test_killed_and_resumed(void)
{
    char *clean = fresh_dir("atlas-clean");
    char *dir = fresh_dir("atlas-killed");
    int tmps;

    CU_ASSERT_EQUAL_FATAL(atlas(clean, "--jobs 2 --format pdf,png --dpi 40"),
                          0);
    CU_ASSERT_EQUAL(count_files(clean, ".png"), 4 * 10 + 10);
    CU_ASSERT_EQUAL(count_files(clean, ".pdf"), 4 + 10);

    /* kill -9: no handler runs; the workers go with the parent and leave
     * their temporaries, never a half file under a final name. */
    CU_ASSERT_EQUAL_FATAL(interrupt(dir, "KILL"), 0);
    CU_ASSERT_STRING_EQUAL(out, "137\n");
    CU_ASSERT(count_files(dir, ".pdf") + count_files(dir, ".png") > 0);
    tmps = count_files(dir, ".tmp-");

    /* The rerun removes them and finishes the rest. */
    CU_ASSERT_EQUAL(atlas(dir, "--jobs 2 --format pdf,png --dpi 40"), 0);
    if (tmps > 0)
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "temporary file"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, " skipped, 0 failed\n"));
    CU_ASSERT_EQUAL(count_files(dir, ".tmp-"), 0);
    CU_ASSERT(same_files(clean, dir));
    CU_ASSERT(same_files(dir, clean));
    free(clean);
    free(dir);
}

static void
test_terminated(void)
{
    char *dir = fresh_dir("atlas-term");
    json_t *r;

    /* SIGTERM (as Ctrl-C): the workers stop, temporaries are removed, the
     * report says what was not done. 143 = 128 + SIGTERM; 0 if the run
     * ended before the signal came. */
    CU_ASSERT_EQUAL_FATAL(interrupt(dir, "TERM"), 0);
    CU_ASSERT(strcmp(out, "143\n") == 0 || strcmp(out, "0\n") == 0);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp-"), 0);
    r = report(dir);
    CU_ASSERT(json_is_true(json_object_get(r, "complete")));
    CU_ASSERT_EQUAL(json_is_true(json_object_get(r, "interrupted")),
                    strcmp(out, "143\n") == 0);
    if (strcmp(out, "143\n") == 0)
        CU_ASSERT(total(r, "gemeenten", "failed") +
                      total(r, "overviews", "failed") > 0);
    json_decref(r);
    free(dir);
}

void
vk_test_register_atlas(void)
{
    static const vk_test_case tests[] = {
        {"slug", test_slug},
        {"hostile_data", test_hostile_data},
        {"sample", test_sample},
        {"rerun_and_force", test_rerun_and_force},
        {"select", test_select},
        {"table_page", test_table_page},
        {"failing_gemeente", test_failing_gemeente},
        {"worker_crash", test_worker_crash},
        {"killed_and_resumed", test_killed_and_resumed},
        {"terminated", test_terminated},
        {NULL, NULL},
    };

    vk_test_add_suite("atlas", NULL, NULL, tests);
}
