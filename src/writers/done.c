/* SPDX-License-Identifier: MIT */
/* Done markers: the one scheme by which atlas and tiles know what an
 * earlier run finished. A run's digest (inputs and options, vk_digest)
 * names a folder DIR/.<kind>-done/<digest>/; a unit of work (a metatile,
 * a gemeente's pages) gets its marker there once its files are complete.
 * A run with another digest overwrites the same files, so the markers of
 * other digests go when it starts. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vk/writers.h"

static int
remove_one(const char *path, const struct stat *st, int type,
           struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    (void)remove(path);
    return 0;
}

/* Removes a folder and everything in it, depth first, links not
 * followed; errors are ignored (what is left is only ever read as "not
 * done"). */
static void
remove_tree(const char *path)
{
    (void)nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *
vk_done_dir(const char *dir, const char *kind, const char *key, vk_error *err)
{
    char *base = vk_xasprintf("%s/.%s-done", dir, kind);
    char *mine = vk_xasprintf("%s/%s", base, key);
    DIR *d;
    struct dirent *e;

    /* Markers of other digests speak of files this run overwrites. */
    if ((d = opendir(base)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            char *p;

            if (e->d_name[0] == '.' || strcmp(e->d_name, key) == 0)
                continue;
            p = vk_xasprintf("%s/%s", base, e->d_name);
            remove_tree(p);
            free(p);
        }
        closedir(d);
    }
    free(base);
    if (vk_make_dirs(mine, err) != VK_OK) {
        free(mine);
        return NULL;
    }
    /* A marker that a killed run was writing: its temporary, in this
     * folder itself (markers in subfolders, per zoom, are their writers'
     * to sweep: shards of one digest may be writing them now). */
    if ((d = opendir(mine)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            char *p;
            struct stat st;

            if (!vk_atomic_is_temp(e->d_name, NULL))
                continue;
            p = vk_xasprintf("%s/%s", mine, e->d_name);
            if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    return mine;
}
