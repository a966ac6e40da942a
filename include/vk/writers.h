/* SPDX-License-Identifier: MIT */
/* Output files: atomic writes (temporary name, then rename) and PNG encoding
 * with libpng. The only module that uses libpng. */
#ifndef VK_WRITERS_H
#define VK_WRITERS_H

#include <stdint.h>
#include <stdio.h>

#include "vk/core.h"

/* A file being written under a temporary name next to its final path.
 * Zero-initialise; fields are valid between a successful open and the
 * commit or abort, which free them and zero the struct again. */
typedef struct vk_atomic {
    FILE *fp;
    char *path;     /* final path */
    char *tmp_path; /* path.tmp-XXXXXX */
    int no_sync;    /* set after open: commit renames without fsync (bulk
                       outputs, e.g. tiles, whose completeness a later
                       run checks itself) */
} vk_atomic;

/* Opens a temporary file path.tmp-XXXXXX beside path (mkstemp, mode 0666
 * minus the umask). Fills *a on success. VK_EIO naming the folder if it
 * cannot be created, or when path is empty or a folder. */
vk_status vk_atomic_open(vk_atomic *a, const char *path, vk_error *err);
/* Writes n bytes to the temporary file. VK_EIO naming the final path on
 * failure ("disk full" for ENOSPC); the caller then aborts. */
vk_status vk_atomic_write(vk_atomic *a, const void *data, size_t n,
                          vk_error *err);
/* Flushes, fsyncs, closes and renames into place (replacing an existing
 * file); on any failure removes the temporary and reports VK_EIO naming
 * path ("disk full" for ENOSPC). Either way a is cleared afterwards. */
vk_status vk_atomic_commit(vk_atomic *a, vk_error *err);
/* Closes and removes the temporary file; clears a. NULL-safe, and a no-op
 * on a zeroed or already committed a. */
void vk_atomic_abort(vk_atomic *a);

/* 1 when the file name is a temporary of vk_atomic or vk_write_small_at
 * ("<target>.tmp-" and six characters); *stem_len (when not NULL) gets
 * the length of <target>. */
int vk_atomic_is_temp(const char *name, size_t *stem_len);

/* Removes the temporaries ("<path>.tmp-XXXXXX") that a killed writer of
 * path left beside it; for outputs that only one process writes. Returns
 * how many were removed. */
int vk_atomic_sweep(const char *path);

/* Writes n bytes as the whole of path through vk_atomic (a temporary name,
 * then rename); no_sync as in vk_atomic. Returns VK_OK or VK_EIO naming
 * path. */
vk_status vk_write_file(const char *path, const void *data, size_t n,
                        int no_sync, vk_error *err);
/* The same for many small files (tiles), each written by one owner: name
 * in the folder open as dirfd (read-only will do; dir is its name, for
 * messages), so a tile's folder is looked up once per metatile instead of
 * twice per tile. The temporary is "<name>.tmp-" and tag as 6 digits (a
 * name vk_atomic_sweep knows; tag tells the owner's threads apart), opened
 * with the usual mode and written with one write(); no sync. Four system
 * calls instead of eight. */
vk_status vk_write_small_at(int dirfd, const char *dir, const char *name,
                            unsigned tag, const void *data, size_t n,
                            vk_error *err);

struct json_t;
/* Writes j as JSON text (json_dumps with flags) and a newline as the whole
 * of path, as vk_write_file does. VK_EINTERNAL naming path when jansson
 * cannot encode it; else as vk_write_file. */
vk_status vk_write_json(const char *path, const struct json_t *j,
                        size_t flags, vk_error *err);

/* s as a JSON string, quoted and escaped by jansson, appended to sb;
 * null for NULL or text that is not UTF-8. */
void vk_json_append_string(vk_strbuf *sb, const char *s);

/* Creates the folder path and its missing parents. VK_EIO naming the
 * folder that cannot be made, or path when it is not a folder. */
vk_status vk_make_dirs(const char *path, vk_error *err);

/* Done markers (done.c), the one up-to-date scheme of atlas and tiles:
 * the folder DIR/.<kind>-done/<key> for a run whose digest is key
 * (vk_digest_hex), made when missing; the markers of other digests are
 * removed, as this run overwrites their files, and so are temporaries a
 * killed run left in the folder itself (not in its subfolders). Returns a
 * new path (caller frees) or NULL with VK_EIO naming the folder. */
char *vk_done_dir(const char *dir, const char *kind, const char *key,
                  vk_error *err);

/* One run per output folder (lock.c): a run that writes into DIR holds
 * the lock DIR/.veerkracht.lock (DIR/.veerkracht-<part>.lock when part is
 * not NULL, e.g. one per shard) with its pid written in it, and removes it
 * when done. DIR is made when missing. Another run holding it: with wait,
 * blocks until it is let go; without, VK_EIO naming DIR and the holder's
 * pid. A lock file left by a dead run blocks nothing (the kernel lets go of
 * a dead process's locks). Returns a new lock (release it) or NULL. */
typedef struct vk_run_lock vk_run_lock;
vk_run_lock *vk_run_lock_take(const char *dir, const char *part, int wait,
                              vk_error *err);
/* Lets go and removes the lock file, and the folder when the lock made it
 * and it is empty (a run refused before writing leaves nothing). NULL-safe.
 */
void vk_run_lock_release(vk_run_lock *l);
/* The lock file's path (caller frees). */
char *vk_run_lock_path(const char *dir, const char *part);

/* Writes 8-bit RGBA (straight alpha, rows top-down, stride bytes apart) as
 * PNG to fp and flushes fp, with the pixel density in dots per inch as a
 * pHYs chunk (0: none). Colour type RGB when every alpha is 255, else RGBA.
 * Deterministic: no time chunk, zlib level 6, default filters. name is the
 * file named in errors. Returns VK_OK, VK_EIO (write failed; "disk full"
 * for ENOSPC) or VK_EINTERNAL (bad size or stride, libpng failure). */
vk_status vk_png_write_rgba(FILE *fp, const char *name, const uint8_t *rgba,
                            int width, int height, size_t stride, double dpi,
                            vk_error *err);

/* A growable byte buffer. Zero-initialise; free data when done. */
typedef struct vk_bytes {
    uint8_t *data;
    size_t len, cap;
} vk_bytes;
/* Appends n bytes to b, its capacity doubled as needed (png.c). */
void vk_bytes_append(vk_bytes *b, const void *data, size_t n);

/* What an indexed encoder keeps from image to image (its zlib stream and
 * buffers): one per thread. */
typedef struct vk_png_enc vk_png_enc;
vk_png_enc *vk_png_enc_create(void);
void vk_png_enc_destroy(vk_png_enc *e);

/* Encodes an indexed image as PNG into out (appended): index holds one
 * palette index per pixel (rows stride bytes apart), palette npal entries
 * of straight RGBA (a tRNS chunk only when some alpha is below 255). The
 * bit depth is the smallest that holds npal (1, 2, 4 or 8); rows use the
 * Up filter and zlib's run-length strategy at level zlevel (0-9), which
 * suits flat maps; libpng writes the chunks. enc may be NULL (one is made
 * for the call). No time chunk, so output is deterministic. Returns VK_OK
 * or VK_EINTERNAL (bad request, zlib or libpng failure). */
vk_status vk_png_encode_indexed(vk_png_enc *enc, vk_bytes *out,
                                const uint8_t *index, int width, int height,
                                size_t stride, const uint8_t *palette_rgba,
                                int npal, int zlevel, vk_error *err);

/* Encodes 8-bit RGBA (straight alpha) as PNG into out (appended): RGB when
 * every alpha is 255, else RGBA; libpng's default filters at zlevel;
 * otherwise as vk_png_encode_indexed. */
vk_status vk_png_encode_rgba_mem(vk_bytes *out, const uint8_t *rgba,
                                 int width, int height, size_t stride,
                                 int zlevel, vk_error *err);

/* n bytes of data gzipped (zlib, level 9, no name, time 0: deterministic)
 * into out, replacing what it held (gzip.c). VK_OK or VK_EINTERNAL. */
vk_status vk_gzip(const void *data, size_t n, vk_bytes *out, vk_error *err);

#endif
