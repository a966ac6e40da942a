/* SPDX-License-Identifier: MIT */
/* The bad-input corpus: runs every case of tests/bad-inputs/cases.txt
 * through the veerkracht binary and compares its exit status and stderr
 * exactly (and parts of stdout). Binary inputs (Shapefiles, a Latin-1 DBF,
 * a file of NUL bytes) are made here, in code, before the cases run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vk_test.h"

static char out[65536], err[65536];
static char gen[4096];

/* Writes the 3x3 grid in driver's format; feature 2 gets a Latin-1 name
 * when latin1 is set (GDAL writes the bytes as they are). */
static int
write_grid(const char *path, const char *driver, int latin1)
{
    vk_features *fs = vk_fixture_grid();
    vk_error e;
    vk_status st;

    vk_error_init(&e);
    if (latin1) {
        free(fs->f[2].name);
        fs->f[2].name = vk_xstrdup("Caf\xe9 Zuid");
    }
    st = vk_source_write_layer(path, driver, "buurten", fs, VK_LEVEL_BUURT,
                               &e);
    vk_features_destroy(fs);
    return st == VK_OK ? 0 : -1;
}

static int
suite_init(void)
{
    char path[4200];
    FILE *fp;

    snprintf(gen, sizeof gen, "%s", vk_test_tmp("badinput"));
    if (vk_test_sh(vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", gen,
                                gen)) != 0)
        return -1;

    /* The grid as GeoPackage; as Shapefile without .prj. */
    snprintf(path, sizeof path, "%s/grid.gpkg", gen);
    if (write_grid(path, "GPKG", 0) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/noprj.shp", gen);
    if (write_grid(path, "ESRI Shapefile", 0) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/noprj.prj", gen);
    unlink(path);

    /* A Latin-1 DBF: with a .cpg saying so, and without .cpg or code
     * page byte (offset 29 of the DBF header), as old tools write it. */
    snprintf(path, sizeof path, "%s/latin1-cpg.shp", gen);
    if (write_grid(path, "ESRI Shapefile", 1) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/latin1-cpg.cpg", gen);
    if ((fp = fopen(path, "wb")) == NULL)
        return -1;
    fputs("ISO-8859-1\n", fp);
    fclose(fp);
    if (vk_test_sh(vk_xasprintf("cd '%s' && for e in shp shx dbf prj; do "
                        "cp latin1-cpg.$e latin1-nocpg.$e; done", gen)) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/latin1-nocpg.dbf", gen);
    if ((fp = fopen(path, "r+b")) == NULL)
        return -1;
    fseek(fp, 29, SEEK_SET);
    fputc(0, fp);
    fclose(fp);

    /* A binary file given as a table. */
    snprintf(path, sizeof path, "%s/binary.csv", gen);
    if ((fp = fopen(path, "wb")) == NULL)
        return -1;
    for (int i = 0; i < 64; i++)
        fputc(i * 37 & 0xff, fp);
    fclose(fp);
    return 0;
}

/* Replaces $IN (the corpus folder), $GEN (the generated inputs) and $ROOT
 * (the source tree). */
static char *
expand(const char *s)
{
    vk_strbuf sb = {0};

    while (*s) {
        if (strncmp(s, "$IN", 3) == 0) {
            vk_strbuf_append(&sb, VK_SOURCE_DIR "/tests/bad-inputs");
            s += 3;
        } else if (strncmp(s, "$ROOT", 5) == 0) {
            vk_strbuf_append(&sb, VK_SOURCE_DIR);
            s += 5;
        } else if (strncmp(s, "$GEN", 4) == 0) {
            vk_strbuf_append(&sb, gen);
            s += 4;
        } else {
            vk_strbuf_appendn(&sb, s, 1);
            s++;
        }
    }
    return vk_strbuf_take(&sb);
}

typedef struct bad_case {
    char name[128];
    char *args;
    int exit;
    vk_strbuf err;   /* the whole expected stderr */
    char *out_has[8];
    int nout;
    long line;
} bad_case;

static void
case_free(bad_case *c)
{
    free(c->args);
    vk_strbuf_free(&c->err);
    for (int i = 0; i < c->nout; i++)
        free(c->out_has[i]);
    memset(c, 0, sizeof *c);
}

/* Runs one case; returns 1 when it behaves as expected, else says why. */
static int
run_case(const bad_case *c)
{
    int rc = vk_test_vk(c->args, out, sizeof out, err, sizeof err);
    const char *want = c->err.s ? c->err.s : "";
    int ok = 1;

    if (rc != c->exit) {
        fprintf(stderr, "\n  case %s (cases.txt:%ld): exit %d, expected "
                "%d\n", c->name, c->line, rc, c->exit);
        ok = 0;
    }
    if (strcmp(err, want) != 0) {
        fprintf(stderr, "\n  case %s (cases.txt:%ld): stderr\n%s  expected"
                "\n%s", c->name, c->line, err, want);
        ok = 0;
    }
    for (int i = 0; i < c->nout; i++) {
        if (strstr(out, c->out_has[i]) == NULL) {
            fprintf(stderr, "\n  case %s (cases.txt:%ld): stdout lacks "
                    "\"%s\":\n%s", c->name, c->line, c->out_has[i], out);
            ok = 0;
        }
    }
    return ok;
}

static void
test_corpus(void)
{
    FILE *fp = fopen(VK_SOURCE_DIR "/tests/bad-inputs/cases.txt", "rb");
    char line[4096];
    bad_case c = {0};
    int ncases = 0, nfailed = 0;
    long lineno = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    for (;;) {
        char *l = fgets(line, sizeof line, fp);
        size_t n;

        /* A "case" line or the end finishes the case before. */
        if ((l == NULL || strncmp(line, "case ", 5) == 0) &&
            c.name[0] != '\0') {
            ncases++;
            nfailed += !run_case(&c);
            case_free(&c);
        }
        if (l == NULL)
            break;
        lineno++;
        n = strlen(line);
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strncmp(line, "case ", 5) == 0) {
            snprintf(c.name, sizeof c.name, "%.120s", line + 5);
            c.line = lineno;
        } else if (strncmp(line, "run ", 4) == 0) {
            c.args = expand(line + 4);
        } else if (strncmp(line, "exit ", 5) == 0) {
            c.exit = atoi(line + 5);
        } else if (strncmp(line, "err ", 4) == 0) {
            char *e = expand(line + 4);

            vk_strbuf_appendf(&c.err, "%s\n", e);
            free(e);
        } else if (strncmp(line, "out-has ", 8) == 0 && c.nout < 8) {
            c.out_has[c.nout++] = expand(line + 8);
        } else {
            fprintf(stderr, "\n  cases.txt:%ld: cannot parse \"%s\"\n",
                    lineno, line);
            nfailed++;
        }
    }
    fclose(fp);
    CU_ASSERT(ncases >= 30);
    CU_ASSERT_EQUAL(nfailed, 0);
}

/* ---- every message documented --------------------------------------- */

static const char *const MSG_CALLS[] = {
    "VK_FAIL", "VK_FAIL_AT", "VK_FAIL_AT_COL", "FAIL_NODE",
    "vk_warnings_add", "usage_error", "fprintf", NULL,
};

/* Index just past the ')' matching the '(' at s[i], skipping literals. */
static size_t
call_end(const char *s, size_t i)
{
    int depth = 0;

    for (; s[i] != '\0'; i++) {
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];

            while (s[i] != '\0' && s[i] != q)
                i += s[i] == '\\' && s[i + 1] != '\0' ? 2 : 1;
            if (s[i] == '\0')
                break;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return i;
}

/* Checks one constant piece of a format: when it has 4 or more visible
 * characters it must occur in docs. */
static int
check_piece(const char *docs, const char *piece, size_t n, const char *where)
{
    char buf[1024];
    size_t vis = 0;

    while (n > 0 && isspace((unsigned char)*piece))
        piece++, n--;
    while (n > 0 && isspace((unsigned char)piece[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++)
        vis += !isspace((unsigned char)piece[i]);
    if (vis < 4 || n >= sizeof buf)
        return 0;
    memcpy(buf, piece, n);
    buf[n] = '\0';
    if (strstr(docs, buf) != NULL)
        return 0;
    if (strcmp(where, "self-test") != 0)
        fprintf(stderr, "\n  %s: \"%s\" is not in docs/errors.md", where,
                buf);
    return 1;
}

/* Splits the unescaped format fmt at its conversions and checks the
 * pieces between them. */
static int
check_format(const char *docs, const char *fmt, const char *where)
{
    const char *start = fmt, *p = fmt;
    int missing = 0;

    while (*p != '\0') {
        if (*p == '%' && p[1] == '%') {
            p += 2;
            continue;
        }
        if (*p != '%') {
            p++;
            continue;
        }
        missing += check_piece(docs, start, (size_t)(p - start), where);
        p++;
        p += strspn(p, "-+ #0123456789.*");
        p += strspn(p, "hlzjt");
        if (*p != '\0')
            p++;
        start = p;
    }
    return missing + check_piece(docs, start, (size_t)(p - start), where);
}

/* Checks the string literals of one call (adjacent ones joined). */
static int
check_call(const char *docs, const char *s, size_t from, size_t to,
           const char *where)
{
    vk_strbuf lit = {0};
    int missing = 0, in_group = 0;

    for (size_t i = from; i < to; i++) {
        if (s[i] == '"') {
            for (i++; i < to && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 1 < to) {
                    char c = s[++i];

                    if (c == 'n' || c == 't')
                        continue;
                    vk_strbuf_appendn(&lit, &c, 1);
                } else {
                    vk_strbuf_appendn(&lit, s + i, 1);
                }
            }
            in_group = 1;
        } else if (!isspace((unsigned char)s[i]) && in_group) {
            missing += check_format(docs, lit.s ? lit.s : "", where);
            vk_strbuf_free(&lit);
            lit = (vk_strbuf){0};
            in_group = 0;
        }
    }
    if (in_group)
        missing += check_format(docs, lit.s ? lit.s : "", where);
    vk_strbuf_free(&lit);
    return missing;
}

static int
is_ident(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The messages of one source file that docs lacks; *ncalls counts calls. */
static int
check_source(const char *docs, const char *path, const char *rel,
             int *ncalls)
{
    char *s = vk_test_slurp(path, NULL);
    int missing = 0, cli = strstr(rel, "src/cli/") == rel;

    if (s == NULL)
        return 1;
    for (size_t i = 0; s[i] != '\0'; i++) {
        size_t n = 0, j, line_start, e;
        const char *const *c;
        char where[512];

        if ((i > 0 && is_ident(s[i - 1])) || !is_ident(s[i]))
            continue;
        for (c = MSG_CALLS; *c != NULL; c++)
            if (strncmp(s + i, *c, strlen(*c)) == 0 &&
                !is_ident(s[i + strlen(*c)]))
                break;
        if (*c == NULL)
            continue;
        n = strlen(*c);
        for (j = i + n; s[j] == ' ' || s[j] == '\n'; j++)
            ;
        if (s[j] != '(')
            continue;
        for (line_start = i; line_start > 0 && s[line_start - 1] != '\n';
             line_start--)
            ;
        while (s[line_start] == ' ')
            line_start++;
        if (s[line_start] == '#')
            continue;
        /* fprintf counts only to stderr, and only in the CLI. */
        if (strcmp(*c, "fprintf") == 0 &&
            (!cli || strncmp(s + j + 1, "stderr", 6) != 0))
            continue;
        e = call_end(s, j);
        {
            long line = 1;

            for (size_t k = 0; k < i; k++)
                line += s[k] == '\n';
            snprintf(where, sizeof where, "%s:%ld", rel, line);
        }
        (*ncalls)++;
        missing += check_call(docs, s, j, e, where);
        i = e > i ? e - 1 : i;
    }
    free(s);
    return missing;
}

static int
check_tree(const char *docs, const char *dir, const char *rel, int *ncalls)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int missing = 0;

    if (d == NULL)
        return 1;
    while ((e = readdir(d)) != NULL) {
        char *path, *r;
        size_t n = strlen(e->d_name);
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        path = vk_xasprintf("%s/%s", dir, e->d_name);
        r = vk_xasprintf("%s/%s", rel, e->d_name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            missing += check_tree(docs, path, r, ncalls);
        else if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0)
            missing += check_source(docs, path, r, ncalls);
        free(r);
        free(path);
    }
    closedir(d);
    return missing;
}

static void
test_errors_documented(void)
{
    char *docs = vk_test_slurp(VK_SOURCE_DIR "/docs/errors.md", NULL);
    int ncalls = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(docs);
    /* Every constant piece of every error, warning and usage message in
     * src/ occurs in docs/errors.md. */
    CU_ASSERT_EQUAL(check_tree(docs, VK_SOURCE_DIR "/src", "src", &ncalls),
                    0);
    CU_ASSERT(ncalls > 200);
    /* The check can fail: a message that is not documented. */
    CU_ASSERT_EQUAL(check_format(docs, "the frobnicator %s is out of "
                                 "tune", "self-test"), 2);
    free(docs);
}

void
vk_test_register_badinput(void)
{
    static const vk_test_case tests[] = {
        {"corpus", test_corpus},
        {"errors_documented", test_errors_documented},
        {NULL, NULL},
    };

    vk_test_add_suite("badinput", suite_init, NULL, tests);
}
