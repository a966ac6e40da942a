/* SPDX-License-Identifier: MIT */
/* Done markers: the one scheme by which atlas and tiles know what an
 * earlier run finished. A run's digest (inputs and options, vk_digest)
 * names a folder DIR/.<kind>-done/<digest>/; a unit of work (a metatile,
 * a gemeente's pages) gets its marker there once its files are complete.
 * A run with another digest overwrites the same files, so the markers of
 * other digests go when it starts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vk/writers.h"

/* Removes a folder and everything in it; errors are ignored (what is left
 * is only ever read as "not done"). */
static void
remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char *p;
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        p = vk_xasprintf("%s/%s", path, e->d_name);
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
        free(p);
    }
    if (d != NULL)
        closedir(d);
    rmdir(path);
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

            if (strstr(e->d_name, ".tmp-") == NULL)
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
