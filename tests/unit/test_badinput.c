/* SPDX-License-Identifier: MIT */
/* The bad-input corpus: runs every case of tests/bad-inputs/cases.txt
 * through the veerkracht binary and compares its exit status and stderr
 * exactly (and parts of stdout). Binary inputs (Shapefiles, a Latin-1 DBF,
 * a file of NUL bytes) are made here, in code, before the cases run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
sh(char *cmd)
{
    char o[256], e[1024];
    int rc = vk_test_run(cmd, o, sizeof o, e, sizeof e);

    free(cmd);
    return rc;
}

static int
suite_init(void)
{
    char path[4200];
    FILE *fp;

    snprintf(gen, sizeof gen, "%s", vk_test_tmp("badinput"));
    if (sh(vk_xasprintf("rm -rf '%s' && mkdir -p '%s'", gen, gen)) != 0)
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
    if (sh(vk_xasprintf("cd '%s' && for e in shp shx dbf prj; do "
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

void
vk_test_register_badinput(void)
{
    static const vk_test_case tests[] = {
        {"corpus", test_corpus},
        {NULL, NULL},
    };

    vk_test_add_suite("badinput", suite_init, NULL, tests);
}
