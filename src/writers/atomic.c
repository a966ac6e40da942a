/* SPDX-License-Identifier: MIT */
/* Atomic output files: write under a temporary name beside the target, then
 * fsync and rename, so a reader never sees half a map. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "vk/writers.h"
#include "writers_priv.h"

#define TMP_SUFFIX ".tmp-XXXXXX"

vk_status
vk_writers_fail_errno(vk_error *err, const char *path, const char *verb,
                      int errnum)
{
    int full = errnum == ENOSPC;

#ifdef EDQUOT
    full = full || errnum == EDQUOT;
#endif
    if (full) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "cannot %s: disk full (%s)", verb,
                   strerror(errnum));
        vk_error_hint(err, "free some disk space or write to another "
                           "folder");
        return VK_EIO;
    }
    VK_FAIL_AT(err, VK_EIO, path, 0, "cannot %s: %s", verb,
               strerror(errnum != 0 ? errnum : EIO));
    return VK_EIO;
}

/* The folder part of path ("." when there is none), caller frees. */
static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return vk_xstrdup(".");
    if (slash == path)
        return vk_xstrdup("/");
    return vk_xstrndup(path, (size_t)(slash - path));
}

int
vk_atomic_is_temp(const char *name, size_t *stem_len)
{
    size_t n = strlen(name), k = strlen(TMP_SUFFIX);

    /* TMP_SUFFIX's six Xs, or vk_write_small_at's six digits. */
    if (n <= k || strncmp(name + n - k, TMP_SUFFIX, k - 6) != 0)
        return 0;
    if (stem_len != NULL)
        *stem_len = n - k;
    return 1;
}

int
vk_atomic_sweep(const char *path)
{
    char *dir = dir_of(path);
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    size_t blen = strlen(base), stem;
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (!vk_atomic_is_temp(e->d_name, &stem) || stem != blen ||
            strncmp(e->d_name, base, blen) != 0)
            continue;
        {
            char *p = vk_xasprintf("%s/%s", dir, e->d_name);

            n += unlink(p) == 0;
            free(p);
        }
    }
    if (d != NULL)
        closedir(d);
    free(dir);
    return n;
}

/* The mode a plain fopen() would give: 0666 minus the umask, found once.
 * Linux tells the umask in /proc/self/status; elsewhere umask() can only
 * be read by setting it and setting it back, which must not happen per
 * file: tile threads and the viewer's write at the same time, and one
 * thread's set-back could restore another's temporary value for good. */
static pthread_once_t mode_once = PTHREAD_ONCE_INIT;
static mode_t file_mode;

static void
find_file_mode(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    unsigned mask = 0;
    int found = 0;

    while (fp != NULL && !found && fgets(line, sizeof line, fp) != NULL)
        found = sscanf(line, "Umask: %o", &mask) == 1;
    if (fp != NULL)
        fclose(fp);
    if (!found) {
        mask = umask(022);
        umask((mode_t)mask);
    }
    file_mode = 0666 & ~(mode_t)mask;
}

static mode_t
default_file_mode(void)
{
    pthread_once(&mode_once, find_file_mode);
    return file_mode;
}

static void
atomic_clear(vk_atomic *a)
{
    free(a->path);
    free(a->tmp_path);
    a->fp = NULL;
    a->path = NULL;
    a->tmp_path = NULL;
    a->no_sync = 0;
}

/* The temporary of path could not be created (errno e). */
static vk_status
fail_create(const char *path, int e, vk_error *err)
{
    char *dir = dir_of(path);

    VK_FAIL_AT(err, VK_EIO, path, 0,
               "cannot create a file in folder \"%s\": %s", dir,
               strerror(e));
    vk_error_hint(err, "check that the folder exists and is writable");
    free(dir);
    return VK_EIO;
}

/* The finished temporary tmp could not be renamed to path (errno e): it
 * goes. */
static vk_status
fail_rename(const char *path, const char *tmp, int e, vk_error *err)
{
    VK_FAIL_AT(err, VK_EIO, path, 0, "cannot move \"%s\" into place: %s",
               tmp, strerror(e));
    unlink(tmp);
    return VK_EIO;
}

vk_status
vk_atomic_open(vk_atomic *a, const char *path, vk_error *err)
{
    struct stat st;
    size_t len = path != NULL ? strlen(path) : 0;
    char *tmp;
    FILE *fp;
    int fd;

    /* A file name is needed: "" or "out/" would become a hidden temp file. */
    if (len == 0 || path[len - 1] == '/' ||
        (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        VK_FAIL_AT(err, VK_EIO, path, 0, "is a folder, not a file name");
        vk_error_hint(err, "give a file name such as map.pdf");
        return VK_EIO;
    }

    /* Create the temporary beside the target so rename() stays on one
     * file system. */
    tmp = vk_xasprintf("%s" TMP_SUFFIX, path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return fail_create(path, errno, err);
    }

    /* mkstemp makes the file private (0600); give it the usual mode. */
    (void)fchmod(fd, default_file_mode());
    fp = fdopen(fd, "wb");
    if (fp == NULL) {
        int e = errno;

        close(fd);
        unlink(tmp);
        free(tmp);
        return vk_writers_fail_errno(err, path, "open", e);
    }
    a->fp = fp;
    a->path = vk_xstrdup(path);
    a->tmp_path = tmp;
    return VK_OK;
}

vk_status
vk_atomic_write(vk_atomic *a, const void *data, size_t n, vk_error *err)
{
    if (a->fp == NULL)
        return VK_FAIL(err, VK_EINTERNAL, "write to a closed output file");
    errno = 0;
    if (n > 0 && fwrite(data, 1, n, a->fp) != n)
        return vk_writers_fail_errno(err, a->path, "write", errno);
    return VK_OK;
}

/* Makes a finished rename durable; a failure here loses nothing the user
 * can act on, so it is ignored. */
static void
sync_dir(const char *path)
{
    char *dir = dir_of(path);
    int fd = open(dir, O_RDONLY);

    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

vk_status
vk_atomic_commit(vk_atomic *a, vk_error *err)
{
    int e = 0;
    const char *verb = "write";

    if (a->fp == NULL)
        return VK_FAIL(err, VK_EINTERNAL, "commit of a closed output file");

    /* Push the data to the disk; buffered write errors (ENOSPC) show up
     * here at the latest. errno is cleared so a stale value is not
     * reported for an error flagged earlier. */
    errno = 0;
    if (fflush(a->fp) != 0 || ferror(a->fp)) {
        e = errno != 0 ? errno : EIO;
    } else if (!a->no_sync && fsync(fileno(a->fp)) != 0) {
        e = errno;
    }
    if (fclose(a->fp) != 0 && e == 0) {
        e = errno;
        verb = "close";
    }
    a->fp = NULL;
    if (e != 0) {
        unlink(a->tmp_path);
        vk_writers_fail_errno(err, a->path, verb, e);
        atomic_clear(a);
        return VK_EIO;
    }

    /* Move it into place, replacing an older file of that name. */
    if (rename(a->tmp_path, a->path) != 0) {
        fail_rename(a->path, a->tmp_path, errno, err);
        atomic_clear(a);
        return VK_EIO;
    }
    if (!a->no_sync)
        sync_dir(a->path);
    atomic_clear(a);
    return VK_OK;
}

void
vk_atomic_abort(vk_atomic *a)
{
    if (a == NULL)
        return;
    if (a->fp != NULL)
        fclose(a->fp);
    if (a->tmp_path != NULL)
        unlink(a->tmp_path);
    atomic_clear(a);
}

vk_status
vk_write_file(const char *path, const void *data, size_t n, int no_sync,
              vk_error *err)
{
    vk_atomic a = {0};

    if (vk_atomic_open(&a, path, err) != VK_OK)
        return err->code;
    a.no_sync = no_sync;
    if (vk_atomic_write(&a, data, n, err) != VK_OK) {
        vk_atomic_abort(&a);
        return err->code;
    }
    return vk_atomic_commit(&a, err);
}

vk_status
vk_write_small_at(int dirfd, const char *dir, const char *name,
                  unsigned tag, const void *data, size_t n, vk_error *err)
{
    char tmp[PATH_MAX], *path, *shown_tmp;
    const char *verb = "write";
    int fd = -1, e = 0;
    ssize_t put = 0;

    tag %= 1000000u;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%06u", name, tag) <
        sizeof tmp)
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    0666);
    else
        errno = ENAMETOOLONG;
    if (fd < 0) {
        e = errno;
        path = vk_xasprintf("%s/%s", dir, name);
        fail_create(path, e, err);
        free(path);
        return VK_EIO;
    }
    while ((size_t)put < n) {
        ssize_t k = write(fd, (const char *)data + put, n - (size_t)put);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            e = k < 0 ? errno : EIO;
            break;
        }
        put += k;
    }
    if (close(fd) != 0 && e == 0) {
        e = errno;
        verb = "close";
    }
    if (e == 0) {
        if (renameat(dirfd, tmp, dirfd, name) == 0)
            return VK_OK;
        e = errno;
        verb = NULL;
    }
    /* Names are put together only for messages. */
    path = vk_xasprintf("%s/%s", dir, name);
    shown_tmp = vk_xasprintf("%s/%s", dir, tmp);
    if (verb == NULL)
        fail_rename(path, shown_tmp, e, err); /* removes the temporary */
    else {
        unlink(shown_tmp);
        vk_writers_fail_errno(err, path, verb, e);
    }
    free(shown_tmp);
    free(path);
    return VK_EIO;
}

void
vk_json_append_string(vk_strbuf *sb, const char *v)
{
    json_t *s = v != NULL ? json_string(v) : NULL;
    char *enc = s != NULL ? json_dumps(s, JSON_ENCODE_ANY) : NULL;

    /* Appends, not printf: the viewer's tables hold millions. */
    vk_strbuf_append(sb, enc ? enc : "null");
    free(enc);
    json_decref(s);
}

vk_status
vk_write_json(const char *path, const json_t *j, size_t flags, vk_error *err)
{
    char *text = json_dumps(j, flags), *line;
    vk_status st;

    if (text == NULL)
        return VK_FAIL_AT(err, VK_EINTERNAL, path, 0, "cannot encode JSON");
    line = vk_xasprintf("%s\n", text); /* text files end in a newline */
    st = vk_write_file(path, line, strlen(line), 0, err);
    free(line);
    free(text);
    return st;
}

vk_status
vk_make_dirs(const char *path, vk_error *err)
{
    char *p = vk_xstrdup(path);
    struct stat st;

    for (char *s = p + 1;; s++) {
        char c = *s;

        if (c != '/' && c != '\0')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int e = errno;

            VK_FAIL_AT(err, VK_EIO, p, 0, "cannot create the folder: %s",
                       strerror(e));
            vk_error_hint(err, "check that its parent exists and is "
                          "writable");
            free(p);
            return VK_EIO;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return VK_FAIL_AT(err, VK_EIO, path, 0, "is not a folder");
    return VK_OK;
}
