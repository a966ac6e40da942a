/* SPDX-License-Identifier: MIT */
/* Faults from outside: runs killed part-way and resumed, a full disk, an
 * output folder that cannot be written, paths with spaces and quotes.
 * Everything through the veerkracht binary. */
#include <dirent.h>
#include <fnmatch.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vk_test.h"

static char out[65536], err[65536];

/* The number of temporaries (*.tmp-*) anywhere under dir. */
static int
count_tmp(const char *dir)
{
    char *cmd = vk_xasprintf("find '%s' -name '*.tmp-*' | wc -l", dir);
    char o[64], e[256];
    int n = -1;

    if (vk_test_run(cmd, o, sizeof o, e, sizeof e) == 0)
        n = atoi(o);
    free(cmd);
    return n;
}

/* 1 for the name of a temporary: "<name>.tmp-XXXXXX" (atomic writes,
 * MBTiles' sorted copy) or "<name>.lnk-<thread>" (uniform tile links). */
static int
is_temporary(const char *name)
{
    return strstr(name, ".tmp-") != NULL || strstr(name, ".lnk-") != NULL;
}

/* The number of files under dir, at any depth, whose name matches glob
 * and is not a temporary: how far a run has got. */
static long
count_outputs(const char *dir, const char *glob)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    long n = 0;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char *p;
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        p = vk_xasprintf("%s/%s", dir, e->d_name);
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                n += count_outputs(p, glob);
            else if (fnmatch(glob, e->d_name, 0) == 0 &&
                     !is_temporary(e->d_name))
                n++;
        }
        free(p);
    }
    if (d != NULL)
        closedir(d);
    return n;
}

/* Runs `veerkracht <args> --out <dir>` (its output appended to log) and
 * kills it with SIGKILL once dir holds at least `at` outputs matching
 * glob, looking every 2 ms; *seen gets the number there after it ended.
 * Returns 137 (128 + SIGKILL) when it was killed, its exit status when it
 * ended first, -1 if it could not run. */
static int
run_until(const char *args, const char *dir, const char *log,
          const char *glob, long at, long *seen)
{
    char *cmd = vk_xasprintf("exec '%s' %s --out '%s' >>'%s' 2>&1", VK_EXE,
                             args, dir, log);
    pid_t pid = fork();
    int st = 0;

    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    free(cmd);
    if (pid < 0)
        return -1;
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);

        if (w == pid)
            break;
        if (w < 0)
            return -1;
        if (count_outputs(dir, glob) >= at) {
            kill(pid, SIGKILL);
            if (waitpid(pid, &st, 0) != pid)
                return -1;
            break;
        }
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    *seen = count_outputs(dir, glob);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

int
vk_test_kill_resume(const char *name, const char *args, const char *exclude,
                    const char *glob, int kills)
{
    char *clean = vk_xstrdup(vk_test_tmp(name));
    char *dir = vk_xasprintf("%s-killed", clean);
    char *log = vk_xasprintf("%s-killed.log", clean);
    char *cmd;
    long total = 0;
    int rc, failed = 0, killed = 0;
    vk_strbuf said = {0};

    /* The reference: one uninterrupted run, and how many outputs it
     * makes. */
    vk_test_sh(vk_xasprintf("rm -rf '%s' '%s' '%s'", clean, dir, log));
    cmd = vk_xasprintf("%s --out '%s'", args, clean);
    rc = vk_test_vk(cmd, out, sizeof out, err, sizeof err);
    free(cmd);
    total = count_outputs(clean, glob);
    if (rc != 0 || total < 2 * (kills + 1)) {
        fprintf(stderr, "\n  %s: the clean run failed (%d, %ld outputs): %s",
                name, rc, total, err);
        failed = 1;
    }

    /* kills runs into dir, each resuming the one before and killed when
     * the folder holds k / (kills + 1) of the outputs: at points of the
     * work fixed by the data, not by a clock, so a loaded machine (CTest
     * runs suites in parallel) changes nothing but the speed. Each kill
     * lands in the middle of writing: a run cannot write a fifth of them
     * in the 2 ms between looks. */
    for (int k = 1; k <= kills && !failed; k++) {
        long at = total * k / (kills + 1), seen = 0;

        rc = run_until(args, dir, log, glob, at, &seen);
        /* 137 = 128 + SIGKILL; 0 if the run ended before (not expected). */
        killed += rc == 137;
        vk_strbuf_appendf(&said, "%s%ld", k > 1 ? ", " : "", seen);
        if (rc != 137 && rc != 0) {
            fprintf(stderr, "\n  %s: run %d, to be killed at %ld of %ld "
                    "outputs, exited with %d (see %s)", name, k, at, total,
                    rc, log);
            failed = 1;
        }
    }
    if (!failed && killed == 0) {
        fprintf(stderr, "\n  %s: no run was killed (see %s)", name, log);
        failed = 1;
    }
    fprintf(stderr, "\n  %s: %d runs killed, with %s of %ld outputs\n",
            name, killed, said.s ? said.s : "none", total);
    vk_strbuf_free(&said);

    /* The rerun finishes with the same bytes and no temporaries. */
    cmd = vk_xasprintf("%s --out '%s'", args, dir);
    rc = vk_test_vk(cmd, out, sizeof out, err, sizeof err);
    free(cmd);
    if (!failed && rc != 0) {
        fprintf(stderr, "\n  %s: the resumed run failed (%d): %s", name, rc,
                err);
        failed = 1;
    }
    if (!failed && count_tmp(dir) != 0) {
        fprintf(stderr, "\n  %s: temporaries left in %s", name, dir);
        failed = 1;
    }
    cmd = vk_xasprintf("diff -r %s%s%s '%s' '%s'", exclude ? "-x '" : "",
                       exclude ? exclude : "", exclude ? "'" : "", clean,
                       dir);
    if (!failed && vk_test_run(cmd, out, sizeof out, err, sizeof err) != 0) {
        fprintf(stderr, "\n  %s: outputs differ:\n%s", name, out);
        failed = 1;
    }
    free(cmd);
    free(log);
    free(dir);
    free(clean);
    return failed ? -1 : 0;
}

/* ---- killed runs ---------------------------------------------------- */

static void
test_atlas_killed_and_resumed(void)
{
    char *args = vk_xasprintf(
        "atlas --boundaries '%s' --table '%s' --table '%s' --styles '%s' "
        "--jobs 2 --format pdf,png --dpi 30",
        vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("samples/leefbaarometer.csv"), vk_test_src("styles"));

    /* Four kills, at a fifth, two, three and four fifths of the maps and
     * overviews (PDF and PNG), each run resuming the one before. */
    CU_ASSERT_EQUAL(vk_test_kill_resume("faults-atlas", args,
                                        "atlas-report.json", "*.p[dn][fg]",
                                        4), 0);
    free(args);
}

/* A tile run (two layers, two threads) killed part-way resumes to the
 * same tiles, markers, MBTiles and viewer files, with no temporaries left:
 * a metatile's leftovers go before it is drawn again. */
static void
test_tiles_killed_and_resumed(void)
{
    char *args = vk_xasprintf(
        "tiles --boundaries '%s' --table '%s' --table '%s' --style '%s' "
        "--style '%s' --zoom 9-13 --jobs 2 --mbtiles",
        vk_test_src("samples/regio.gpkg"),
        vk_test_src("samples/indicatoren.csv"),
        vk_test_src("samples/leefbaarometer.csv"),
        vk_test_src("styles/kwetsbare_bewoners.yaml"),
        vk_test_src("styles/focuskaart.yaml"));

    /* Killed at a fifth, two, three and four fifths of the PNG files. */
    CU_ASSERT_EQUAL(vk_test_kill_resume("faults-tiles", args, NULL, "*.png",
                                        4), 0);
    free(args);
}

/* ---- a full disk ---------------------------------------------------- */

/* Mounts a 64 KiB tmpfs on dir; 0 on success. */
static int
mount_small(const char *dir, const char *opts)
{
    vk_test_sh(vk_xasprintf("umount '%s' 2>/dev/null; rm -rf '%s'", dir, dir));
    if (mkdir(dir, 0777) != 0)
        return -1;
    return vk_test_sh(vk_xasprintf("mount -t tmpfs -o %s tmpfs '%s'", opts,
                                   dir));
}

static char *
render_args(const char *outpath)
{
    return vk_xasprintf("render --boundaries '%s' --table '%s' --style '%s' "
                        "--area GM0981 --out '%s'",
                        vk_test_src("samples/regio.gpkg"),
                        vk_test_src("samples/indicatoren.csv"),
                        vk_test_src("styles/corporatiebezit.yaml"), outpath);
}

/* Renders into dir (PNG and PDF) expecting the disk-full message and
 * nothing left behind. prefix runs before the command (a ulimit). */
static void
expect_full(const char *dir, const char *prefix, const char *msg)
{
    static const char *const ext[] = {"png", "pdf"};

    for (int i = 0; i < 2; i++) {
        char *target = vk_xasprintf("%s/kaart.%s", dir, ext[i]);
        char *args = render_args(target);
        char *cmd = vk_xasprintf("%s '%s' %s", prefix, VK_EXE, args);
        char *want = vk_xasprintf("veerkracht render: %s: %s\n", target,
                                  msg);
        struct stat st;

        CU_ASSERT_EQUAL(vk_test_run(cmd, out, sizeof out, err, sizeof err),
                        1);
        CU_ASSERT_STRING_EQUAL(err, want);
        CU_ASSERT_NOT_EQUAL(stat(target, &st), 0);
        CU_ASSERT_EQUAL(count_tmp(dir), 0);
        free(want);
        free(cmd);
        free(args);
        free(target);
    }
}

static void
test_disk_full_tmpfs(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("faults-full"));

    if (mount_small(dir, "size=64k") != 0) {
        fprintf(stderr, "\n  skipped: cannot mount a tmpfs here (not root "
                "or no CAP_SYS_ADMIN); disk_full_rlimit covers it\n");
        free(dir);
        return;
    }
    expect_full(dir, "", "cannot write: disk full (No space left on "
                "device); free some disk space or write to another folder");
    vk_test_sh(vk_xasprintf("umount '%s'", dir));
    free(dir);
}

static void
test_disk_full_rlimit(void)
{
    char *dir = vk_xstrdup(vk_test_tmp("faults-fsize"));

    /* A file size limit of 20 blocks; SIGXFSZ ignored (kept across exec)
     * so that write() fails with EFBIG instead of killing the process. */
    vk_test_sh(vk_xasprintf("rm -rf '%s'; mkdir -p '%s'", dir, dir));
    expect_full(dir, "trap '' XFSZ; ulimit -f 20;",
                "cannot write: File too large");
    free(dir);
}

/* ---- unwritable output ---------------------------------------------- */

static void
test_unwritable_out(void)
{
    char *file = vk_xstrdup(vk_test_tmp("faults-a-file"));
    char *ro = vk_xstrdup(vk_test_tmp("faults-ro"));
    char *target = vk_xasprintf("%s/kaart.pdf", file);
    char *args = render_args(target);
    char *want;
    FILE *fp = fopen(file, "wb");

    /* Root ignores permissions: a folder that is a regular file. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fclose(fp);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 1);
    want = vk_xasprintf("veerkracht render: %s: cannot create a file in "
                        "folder \"%s\": Not a directory; check that the "
                        "folder exists and is writable\n", target, file);
    CU_ASSERT_STRING_EQUAL(err, want);
    free(want);
    free(args);
    free(target);

    /* An atlas into it fails before drawing anything. */
    args = vk_xasprintf("atlas --boundaries '%s' --table '%s' --table '%s' "
                        "--styles '%s' --out '%s/atlas'",
                        vk_test_src("samples/regio.gpkg"),
                        vk_test_src("samples/indicatoren.csv"),
                        vk_test_src("samples/leefbaarometer.csv"),
                        vk_test_src("styles"), file);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 1);
    want = vk_xasprintf("veerkracht atlas: %s/atlas: cannot create the "
                        "folder: Not a directory; check that its parent "
                        "exists and is writable\n", file);
    CU_ASSERT_STRING_EQUAL(err, want);
    free(want);
    free(args);

    /* A read-only file system, when we may mount one. */
    if (mount_small(ro, "ro,size=64k") == 0) {
        target = vk_xasprintf("%s/kaart.png", ro);
        args = render_args(target);
        CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err),
                        1);
        want = vk_xasprintf("veerkracht render: %s: cannot create a file "
                            "in folder \"%s\": Read-only file system; check "
                            "that the folder exists and is writable\n",
                            target, ro);
        CU_ASSERT_STRING_EQUAL(err, want);
        free(want);
        free(args);
        free(target);
        vk_test_sh(vk_xasprintf("umount '%s'", ro));
    } else {
        fprintf(stderr, "\n  read-only part skipped: cannot mount a tmpfs "
                "here\n");
    }
    free(ro);
    free(file);
}

/* ---- odd paths ------------------------------------------------------ */

static void
test_paths_with_spaces_and_quotes(void)
{
    /* Shell-quoted below as '...'; the name has ' " $ and spaces. */
    const char *name = "map's \"odd\" $HOME dir";
    char *dir = vk_xasprintf("%s/%s", vk_test_tmp("faults-odd"), name);
    char *qdir = vk_xstrdup(vk_test_tmp("faults-odd"));
    char *cmd, *target, *csv;
    struct stat st;

    vk_test_sh(vk_xasprintf("rm -rf '%s'", qdir));
    CU_ASSERT_EQUAL_FATAL(mkdir(qdir, 0777), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
    csv = vk_xasprintf("%s/indicatoren (kopie) 'x'.csv", dir);
    target = vk_xasprintf("%s/kaart \"1\" 'a'.png", dir);
    {
        /* Copy through C: no quoting of the odd name at all. */
        size_t len = 0;
        char *data = vk_test_slurp(vk_test_src("samples/indicatoren.csv"),
                                   &len);
        FILE *fp = fopen(csv, "wb");

        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        fwrite(data, 1, len, fp);
        fclose(fp);
        free(data);
    }
    /* Passed to the shell in double quotes with \ before " $ and `. */
    {
        vk_strbuf a = {0}, b = {0};

        for (const char *p = csv; *p; p++) {
            if (strchr("\"$`\\", *p))
                vk_strbuf_append(&a, "\\");
            vk_strbuf_appendn(&a, p, 1);
        }
        for (const char *p = target; *p; p++) {
            if (strchr("\"$`\\", *p))
                vk_strbuf_append(&b, "\\");
            vk_strbuf_appendn(&b, p, 1);
        }
        cmd = vk_xasprintf("render --boundaries '%s' --table \"%s\" "
                           "--style '%s' --area GM0981 --dpi 40 --out \"%s\"",
                           vk_test_src("samples/regio.gpkg"), a.s,
                           vk_test_src("styles/corporatiebezit.yaml"), b.s);
        vk_strbuf_free(&a);
        vk_strbuf_free(&b);
    }
    CU_ASSERT_EQUAL(vk_test_vk(cmd, out, sizeof out, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_EQUAL(stat(target, &st), 0);
    CU_ASSERT_EQUAL(count_tmp(qdir), 0);
    free(cmd);
    free(target);
    free(csv);
    free(qdir);
    free(dir);
}

/* ---- file names from data ------------------------------------------- */

/* Whatever the data: [A-Za-z0-9-], 1..60 long, no '-' at the ends, so
 * never "", ".", "..", a '/' or a control character. */
static void
expect_safe(const char *code, const char *name)
{
    char *s = vk_slug(code, name);
    size_t n = strlen(s);

    CU_ASSERT(n > 0 && n <= 60);
    CU_ASSERT(strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789-") == n);
    CU_ASSERT(s[0] != '-' && s[n - 1] != '-');
    free(s);
}

static void
test_slug_hostile(void)
{
    char big[20000], ctl[40];
    char *s;

    /* Every control character, every ASCII symbol, separators only. */
    for (int i = 1; i < 32; i++)
        ctl[i - 1] = (char)i;
    ctl[31] = '\0';
    expect_safe(ctl, ctl);
    expect_safe("!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~", " \t\r\n/\\.");
    expect_safe("/", "/");
    expect_safe("..", "../..");
    expect_safe("-", "--");
    /* Very long: 20000 bytes of 2-byte letters, of separators, of bytes
     * that are not UTF-8. */
    for (size_t i = 0; i + 2 < sizeof big; i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    big[sizeof big - 2] = '\0';
    expect_safe(big, big);
    s = vk_slug("GM1", big);
    CU_ASSERT_EQUAL(strlen(s), 60);
    CU_ASSERT_EQUAL(strncmp(s, "GM1-eeee", 8), 0);
    free(s);
    memset(big, '/', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_safe(big, big);
    memset(big, 0xff, sizeof big - 1);
    expect_safe(big, big);
    /* Quotes and spaces become one '-'. */
    s = vk_slug("GM2", "De \"Kern\" 'oud'  en   nieuw");
    CU_ASSERT_STRING_EQUAL(s, "GM2-de-kern-oud-en-nieuw");
    free(s);
    /* Windows device names get the code in front, so a gemeente named
     * CON is "GM3-con.pdf"; without a code "-x" is added, for layers too:
     * no file is named con, nul, com1 or lpt9 (with any extension). */
    s = vk_slug("GM3", "CON");
    CU_ASSERT_STRING_EQUAL(s, "GM3-con");
    free(s);
    s = vk_slug("", "CON");
    CU_ASSERT_STRING_EQUAL(s, "con-x");
    free(s);
    s = vk_slug(NULL, "Lpt9");
    CU_ASSERT_STRING_EQUAL(s, "lpt9-x");
    free(s);
    s = vk_slug_layer("nul");
    CU_ASSERT_STRING_EQUAL(s, "nul-x");
    free(s);
    s = vk_slug_layer("com10");
    CU_ASSERT_STRING_EQUAL(s, "com10");
    free(s);
    s = vk_slug_layer("../../x y");
    CU_ASSERT_STRING_EQUAL(s, "x-y");
    free(s);
}

/* ---- limits ----------------------------------------------------------- */

/* Writes a GeoPackage of two buurten: a wavy ring of nv vertices and a
 * small square, in one wijk when same_wijk, else in different gemeenten. */
static int
write_big(const char *path, size_t nv, int same_wijk)
{
    vk_features *fs = vk_fixture_grid();
    vk_geomset g = {0};
    vk_error e;
    vk_status st;

    vk_error_init(&e);
    fs->n = 2;
    free(fs->f[1].wijkcode);
    free(fs->f[1].gemeentecode);
    fs->f[1].wijkcode = vk_xstrdup(same_wijk ? "WK000100" : "WK000200");
    fs->f[1].gemeentecode = vk_xstrdup(same_wijk ? "GM0001" : "GM0002");
    for (size_t i = 0; i < nv; i++) {
        double a = 6.283185307179586 * (double)i / (double)nv;
        double r = 5000 * (1 + 0.05 * sin(50 * a));

        vk_geomset_add_point(&g, 150000 + r * cos(a), 450000 + r * sin(a));
    }
    vk_geomset_add_point(&g, g.xy[0], g.xy[1]);
    vk_geomset_end_ring(&g);
    vk_geomset_end_poly(&g);
    vk_geomset_add_point(&g, 160000, 450000);
    vk_geomset_add_point(&g, 160100, 450000);
    vk_geomset_add_point(&g, 160100, 450100);
    vk_geomset_add_point(&g, 160000, 450000);
    vk_geomset_end_ring(&g);
    vk_geomset_end_poly(&g);
    fs->f[0].poly_first = 0;
    fs->f[1].poly_first = 1;
    vk_geomset_free(&fs->g);
    fs->g = g;
    unlink(path);
    st = vk_source_write_layer(path, "GPKG", "buurten", fs, VK_LEVEL_BUURT,
                               &e);
    fs->n = 9; /* the fixture frees all nine */
    vk_features_destroy(fs);
    return st == VK_OK ? 0 : -1;
}

/* Runs veerkracht in a child and returns the peak RSS in MB of what it
 * ran (RUSAGE_CHILDREN of a fresh process counts only that command). */
static long
peak_rss_mb(const char *args, int *rc)
{
    int fd[2];
    pid_t pid;
    long mb = -1;

    if (pipe(fd) != 0)
        return -1;
    if ((pid = fork()) == 0) {
        struct rusage ru;
        char o[256], e[4096];
        long v;

        close(fd[0]);
        v = vk_test_vk(args, o, sizeof o, e, sizeof e);
        getrusage(RUSAGE_CHILDREN, &ru);
        v = v * 1000000 + ru.ru_maxrss / 1024;
        if (write(fd[1], &v, sizeof v) != sizeof v)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (pid > 0) {
        long v;

        if (read(fd[0], &v, sizeof v) == sizeof v) {
            *rc = (int)(v / 1000000);
            mb = v % 1000000;
        }
        waitpid(pid, NULL, 0);
    }
    close(fd[0]);
    return mb;
}

static void
test_million_vertices(void)
{
    char *gpkg = vk_xstrdup(vk_test_tmp("faults-1m.gpkg"));
    char *csv = vk_xstrdup(vk_test_tmp("faults-1m.csv"));
    char *args;
    long mb;
    int rc = -1;
    FILE *fp = fopen(csv, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("buurtcode;v\nBU00010000;1\nBU00010001;2\n", fp);
    fclose(fp);

    /* A buurt of a million vertices, alone in its wijk and gemeente:
     * read, checked and dissolved without a union. Before, GEOS's union
     * of it took 1.2 GB and 33 s; now 125 MB and 0.4 s (600 MB allows
     * for ASan's shadow memory). */
    CU_ASSERT_EQUAL_FATAL(write_big(gpkg, 1000000, 0), 0);
    args = vk_xasprintf("check --boundaries '%s' --table '%s'", gpkg, csv);
    mb = peak_rss_mb(args, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(mb > 0 && mb < 600);
    fprintf(stderr, "\n  1e6-vertex buurt: check peak RSS %ld MB\n", mb);
    free(args);

    /* Two million and one in a wijk with another buurt: refused before
     * the union, saying the size and what to do. */
    CU_ASSERT_EQUAL_FATAL(write_big(gpkg, 2000001, 1), 0);
    args = vk_xasprintf("check --boundaries '%s' --table '%s'", gpkg, csv);
    CU_ASSERT_EQUAL(vk_test_vk(args, out, sizeof out, err, sizeof err), 1);
    {
        char *want = vk_xasprintf(
            "veerkracht check: %s: the buurten of wijk \"WK000100\" have "
            "2000006 vertices, too many to dissolve (at most 2000000); add "
            "wijken and gemeenten layers to the file, or simplify the "
            "buurten (e.g. ogr2ogr -simplify 0.5)\n", gpkg);

        CU_ASSERT_STRING_EQUAL(err, want);
        free(want);
    }
    free(args);
    unlink(gpkg);
    free(csv);
    free(gpkg);
}

static void
test_million_rows(void)
{
    char *csv = vk_xstrdup(vk_test_tmp("faults-rows.csv"));
    char *args;
    FILE *fp = fopen(csv, "wb");
    long mb;
    int rc = -1;

    /* 10^6 rows, 19 MB: read, parsed and classified in about 1.4 s and
     * 140 MB (RelWithDebInfo). */
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("buurtcode;v\n", fp);
    for (long i = 0; i < 1000000; i++)
        fprintf(fp, "BU%08ld;%ld,%ld\n", i, i % 1000, i % 7);
    fclose(fp);
    args = vk_xasprintf("classify --table '%s' --field v --method quantile "
                        "--classes 4", csv);
    mb = peak_rss_mb(args, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(mb > 0 && mb < 800);
    fprintf(stderr, "  1e6-row table: classify peak RSS %ld MB\n", mb);
    free(args);
    unlink(csv);
    free(csv);
}

void
vk_test_register_faults(void)
{
    static const vk_test_case tests[] = {
        {"million_vertices", test_million_vertices},
        {"million_rows", test_million_rows},
        {"atlas_killed_and_resumed", test_atlas_killed_and_resumed},
        {"tiles_killed_and_resumed", test_tiles_killed_and_resumed},
        {"disk_full_tmpfs", test_disk_full_tmpfs},
        {"disk_full_rlimit", test_disk_full_rlimit},
        {"unwritable_out", test_unwritable_out},
        {"paths_with_spaces_and_quotes", test_paths_with_spaces_and_quotes},
        {"slug_hostile", test_slug_hostile},
        {NULL, NULL},
    };

    vk_test_add_suite("faults", NULL, NULL, tests);
}
