/* SPDX-License-Identifier: MIT */
/* A plain main for the fuzz targets: runs LLVMFuzzerTestOneInput on every
 * file named on the command line or found in a folder named there (not
 * recursively; dotfiles skipped), so the targets build and replay their
 * seeds and tests/crashers/ in every build. With VK_FUZZ=ON libFuzzer
 * provides main instead. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one file; returns 0, or 1 when it cannot be read. */
static int
replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (fp == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    do {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            if ((buf = realloc(buf, cap)) == NULL)
                abort();
        }
        n = fread(buf + len, 1, cap - len, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int
main(int argc, char **argv)
{
    int failed = 0, count = 0;

    for (int a = 1; a < argc; a++) {
        struct stat st;
        DIR *d;
        struct dirent *e;

        if (stat(argv[a], &st) != 0) {
            /* An absent crashers folder is an empty one. */
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= replay_file(argv[a]);
            count++;
            continue;
        }
        if ((d = opendir(argv[a])) == NULL)
            return 1;
        while ((e = readdir(d)) != NULL) {
            char path[4096];

            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
            failed |= replay_file(path);
            count++;
        }
        closedir(d);
    }
    printf("replay: %d inputs\n", count);
    return failed;
}
