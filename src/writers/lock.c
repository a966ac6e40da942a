/* SPDX-License-Identifier: MIT */
/* One run per output folder: a run holds an flock on DIR/.veerkracht.lock
 * (its pid written in it) while it writes; a second run is refused with
 * that pid, or waits. The kernel drops the lock when the holder dies, so
 * a lock file left by a killed run blocks nobody. */
#define _DEFAULT_SOURCE /* flock */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vk/writers.h"
#include "writers_priv.h"

struct vk_run_lock {
    int fd;
    char *path;
    char *made; /* the folder, when the lock made it; else NULL */
};

/* The pid written in the lock file, or 0 when there is none (yet). */
static long
holder_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

/* Waits a few milliseconds for the holder to write its pid (it does so
 * right after taking the lock). */
static long
read_holder(int fd)
{
    long pid = 0;

    for (int i = 0; i < 50 && (pid = holder_pid(fd)) <= 0; i++) {
        struct timespec ts = {0, 2000000};

        nanosleep(&ts, NULL);
    }
    return pid;
}

char *
vk_run_lock_path(const char *dir, const char *part)
{
    if (part != NULL)
        return vk_xasprintf("%s/.veerkracht-%s.lock", dir, part);
    return vk_xasprintf("%s/.veerkracht.lock", dir);
}

vk_run_lock *
vk_run_lock_take(const char *dir, const char *part, int wait, vk_error *err)
{
    char *path;
    int fd = -1, made;
    struct stat ds;

    made = stat(dir, &ds) != 0;
    if (vk_make_dirs(dir, err) != VK_OK)
        return NULL;
    path = vk_run_lock_path(dir, part);
    for (;;) {
        struct stat a, b;

        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        /* The run we waited for made the folder and removed it empty. */
        if (fd < 0 && errno == ENOENT && vk_make_dirs(dir, err) == VK_OK)
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            vk_writers_fail_errno(err, path, "open the lock file", errno);
            vk_error_hint(err, "the output folder must be writable");
            free(path);
            return NULL;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            long pid;

            if (errno != EWOULDBLOCK && errno != EINTR) {
                vk_writers_fail_errno(err, path, "lock", errno);
                close(fd);
                free(path);
                return NULL;
            }
            if (!wait) {
                pid = read_holder(fd);
                VK_FAIL_AT(err, VK_EIO, dir, 0, "another veerkracht run "
                           "(pid %ld) is writing into this folder", pid);
                vk_error_hint(err, "let it finish, or give --wait to start "
                              "when it has, or write to another --out");
                close(fd);
                free(path);
                return NULL;
            }
            if (flock(fd, LOCK_EX) != 0) {
                if (errno == EINTR) {
                    close(fd);
                    continue;
                }
                vk_writers_fail_errno(err, path, "lock", errno);
                close(fd);
                free(path);
                return NULL;
            }
        }
        /* The holder before us removes the file as it lets go: the lock
         * is only ours if we hold it on the file that is there now. */
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            break;
        close(fd);
    }
    {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());

        if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
            vk_writers_fail_errno(err, path, "write the lock file", errno);
            close(fd);
            free(path);
            return NULL;
        }
    }
    {
        vk_run_lock *l = vk_xmalloc(sizeof *l);

        l->fd = fd;
        l->path = path;
        l->made = made ? vk_xstrdup(dir) : NULL;
        return l;
    }
}

void
vk_run_lock_release(vk_run_lock *l)
{
    if (l == NULL)
        return;
    /* Removed while still held, so no run locks a file that is going. */
    (void)unlink(l->path);
    /* A run refused before it wrote anything leaves no folder behind. */
    if (l->made != NULL)
        (void)rmdir(l->made);
    close(l->fd);
    free(l->path);
    free(l->made);
    free(l);
}
