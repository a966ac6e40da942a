/* SPDX-License-Identifier: MIT */
/* PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/
 * spec.md): one file per layer with a 127-byte header, a root directory
 * (within the first 16 KiB), JSON metadata, leaf directories when the root
 * would not fit, and the tile data. Tiles are collected as they come (from
 * any thread, under the caller's lock) into a spool file beside the
 * archive, each distinct content once; at the end the archive is written
 * in tile-id order (clustered): entries sorted by Hilbert tile id, runs of
 * consecutive ids with the same content as one entry, directories and
 * metadata gzipped. Same tiles, same bytes, whatever order they came in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiles_priv.h"

#define HEADER_LEN 127
/* Header and root directory together are at most this long (spec). */
#define ROOT_MAX 16384
/* Entries per leaf directory to start with (doubled until the root
 * fits). */
#define LEAF_FIRST 4096
/* The spool's write buffer. */
#define SPOOL_BUF (1u << 20)

/* A distinct tile content in the spool. */
typedef struct blob {
    uint64_t hash;
    uint64_t off;     /* in the spool */
    uint32_t len;
    uint64_t out;     /* offset in the data section; UINT64_MAX: not yet */
} blob;

/* A tile: its id and content. */
typedef struct tile {
    uint64_t id;
    uint32_t blob;
} tile;

struct vk_pmtiles {
    char *path;
    vk_atomic spool;
    int fd;
    uint64_t flushed;         /* spool bytes in the file */
    vk_bytes buf;             /* spool bytes after them */
    blob *b;
    size_t nb, cap_b;
    uint32_t *slot;           /* blob index + 1 by hash; 0: empty */
    size_t nslot;
    tile *t;
    size_t nt, cap_t;
    vk_bytes cmp;             /* a spooled content read back */
};

uint64_t
vk_pmtiles_tile_id(int z, uint32_t x, uint32_t y)
{
    /* The tiles of the zooms before: (4^z - 1) / 3. */
    uint64_t acc = (((uint64_t)1 << (2 * z)) - 1) / 3, d = 0;

    for (uint32_t s = z > 0 ? (uint32_t)1 << (z - 1) : 0; s > 0; s >>= 1) {
        uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;

        d += (uint64_t)s * s * ((3 * rx) ^ ry);
        /* Rotate the quadrant (n - 1 - x over the whole level, as the
         * reference does). */
        if (ry == 0) {
            uint32_t t;

            if (rx == 1) {
                x = ((uint32_t)1 << z) - 1 - x;
                y = ((uint32_t)1 << z) - 1 - y;
            }
            t = x;
            x = y;
            y = t;
        }
    }
    return acc + d;
}

/* ---- directories ------------------------------------------------------ */

static void
put_varint(vk_bytes *b, uint64_t v)
{
    if (b->len + 10 > b->cap) {
        b->cap = b->cap ? 2 * b->cap + 10 : 256;
        b->data = vk_xreallocarray(b->data, b->cap, 1);
    }
    while (v >= 0x80) {
        b->data[b->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (uint8_t)v;
}

void
vk_pmtiles_encode_dir(const vk_pm_entry *e, size_t n, vk_bytes *out)
{
    uint64_t last = 0;

    out->len = 0;
    put_varint(out, n);
    for (size_t i = 0; i < n; i++) {
        put_varint(out, e[i].tile_id - last);
        last = e[i].tile_id;
    }
    for (size_t i = 0; i < n; i++)
        put_varint(out, e[i].run_length);
    for (size_t i = 0; i < n; i++)
        put_varint(out, e[i].length);
    for (size_t i = 0; i < n; i++)
        put_varint(out, i > 0 && e[i].offset == e[i - 1].offset +
                                                  e[i - 1].length
                            ? 0
                            : e[i].offset + 1);
}

/* ---- collecting ------------------------------------------------------- */

vk_pmtiles *
vk_pmtiles_create(const char *path, vk_error *err)
{
    vk_pmtiles *p = vk_xcalloc(1, sizeof *p);

    /* What a killed run left beside it. */
    vk_atomic_sweep(path);
    if (vk_atomic_open(&p->spool, path, err) != VK_OK) {
        free(p);
        return NULL;
    }
    p->path = vk_xstrdup(path);
    p->fd = fileno(p->spool.fp);
    return p;
}

void
vk_pmtiles_destroy(vk_pmtiles *p)
{
    if (p == NULL)
        return;
    vk_atomic_abort(&p->spool);
    free(p->path);
    free(p->buf.data);
    free(p->cmp.data);
    free(p->b);
    free(p->slot);
    free(p->t);
    free(p);
}

static vk_status
spool_flush(vk_pmtiles *p, vk_error *err)
{
    size_t done = 0;

    while (done < p->buf.len) {
        ssize_t n = pwrite(p->fd, p->buf.data + done, p->buf.len - done,
                           (off_t)(p->flushed + done));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return VK_FAIL_AT(err, VK_EIO, p->path, 0, "cannot write the "
                              "tiles beside it: %s", strerror(errno ? errno
                                                                   : EIO));
        done += (size_t)n;
    }
    p->flushed += p->buf.len;
    p->buf.len = 0;
    return VK_OK;
}

/* The content of blob k into p->cmp. */
static vk_status
spool_read(vk_pmtiles *p, const blob *k, uint8_t *dst, vk_error *err)
{
    size_t done = 0;

    if (k->off >= p->flushed) {
        memcpy(dst, p->buf.data + (k->off - p->flushed), k->len);
        return VK_OK;
    }
    while (done < k->len) {
        ssize_t n = pread(p->fd, dst + done, k->len - done,
                          (off_t)(k->off + done));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return VK_FAIL_AT(err, VK_EIO, p->path, 0, "cannot read back "
                              "the tiles beside it: %s",
                              strerror(n < 0 ? errno : EIO));
        done += (size_t)n;
    }
    return VK_OK;
}

static void
grow_slots(vk_pmtiles *p)
{
    size_t n = p->nslot ? 2 * p->nslot : 1024;
    uint32_t *s = vk_xcalloc(n, sizeof *s);

    for (size_t i = 0; i < p->nb; i++) {
        size_t h = (size_t)p->b[i].hash & (n - 1);

        while (s[h] != 0)
            h = (h + 1) & (n - 1);
        s[h] = (uint32_t)i + 1;
    }
    free(p->slot);
    p->slot = s;
    p->nslot = n;
}

/* The blob with these bytes: found, or added to the spool. -1 with err
 * set when the spool cannot be written or read. */
static long long
blob_of(vk_pmtiles *p, const void *data, size_t len, vk_error *err)
{
    vk_digest d;
    size_t h;

    vk_digest_init(&d, "");
    vk_digest_bytes(&d, data, len);
    if (2 * (p->nb + 1) > p->nslot)
        grow_slots(p);
    for (h = (size_t)d.h & (p->nslot - 1); p->slot[h] != 0;
         h = (h + 1) & (p->nslot - 1)) {
        blob *k = &p->b[p->slot[h] - 1];

        if (k->hash != d.h || k->len != len)
            continue;
        if (p->cmp.cap < len) {
            p->cmp.data = vk_xreallocarray(p->cmp.data, len, 1);
            p->cmp.cap = len;
        }
        if (spool_read(p, k, p->cmp.data, err) != VK_OK)
            return -1;
        if (memcmp(p->cmp.data, data, len) == 0)
            return p->slot[h] - 1;
    }
    if (p->buf.len + len > SPOOL_BUF && spool_flush(p, err) != VK_OK)
        return -1;
    if (p->nb == p->cap_b) {
        p->cap_b = p->cap_b ? 2 * p->cap_b : 1024;
        p->b = vk_xreallocarray(p->b, p->cap_b, sizeof *p->b);
    }
    p->b[p->nb] = (blob){d.h, p->flushed + p->buf.len, (uint32_t)len,
                         UINT64_MAX};
    vk_bytes_append(&p->buf, data, len);
    p->slot[h] = (uint32_t)++p->nb;
    return (long long)p->nb - 1;
}

vk_status
vk_pmtiles_put(vk_pmtiles *p, int z, long x, long y, const void *data,
               size_t len, vk_error *err)
{
    long long k;

    if (len == 0 || len > UINT32_MAX)
        return VK_FAIL_AT(err, VK_EINTERNAL, p->path, 0, "a tile of %zu "
                          "bytes cannot be stored", len);
    if ((k = blob_of(p, data, len, err)) < 0)
        return err->code;
    if (p->nt == p->cap_t) {
        p->cap_t = p->cap_t ? 2 * p->cap_t : 1024;
        p->t = vk_xreallocarray(p->t, p->cap_t, sizeof *p->t);
    }
    p->t[p->nt++] = (tile){vk_pmtiles_tile_id(z, (uint32_t)x, (uint32_t)y),
                           (uint32_t)k};
    return VK_OK;
}

/* ---- the archive ------------------------------------------------------ */

static int
cmp_tile(const void *a, const void *b)
{
    const tile *p = a, *q = b;

    if (p->id != q->id)
        return p->id < q->id ? -1 : 1;
    return (p->blob > q->blob) - (p->blob < q->blob);
}

static void
le(uint8_t *dst, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = (uint8_t)(v >> (8 * i));
}

/* Degrees as the header's signed 32-bit integers (1e-7 degree). */
static uint32_t
e7(double deg)
{
    double v = deg * 1e7;

    return (uint32_t)(int32_t)(v < 0 ? v - 0.5 : v + 0.5);
}

/* The directories: the root alone when it fits in the first 16 KiB (with
 * the header), else leaves of LEAF_FIRST entries, doubled until the root
 * of them fits. */
static vk_status
make_dirs(const vk_pm_entry *e, size_t n, vk_bytes *root, vk_bytes *leaves,
          vk_error *err)
{
    vk_bytes raw = {0}, z = {0};
    vk_pm_entry *r = NULL;
    vk_status st;

    vk_pmtiles_encode_dir(e, n, &raw);
    if ((st = vk_gzip(raw.data, raw.len, root, err)) != VK_OK ||
        HEADER_LEN + root->len <= ROOT_MAX) {
        free(raw.data);
        return st;
    }
    for (size_t leaf = LEAF_FIRST;; leaf *= 2) {
        size_t nr = 0;

        r = vk_xreallocarray(r, n / leaf + 1, sizeof *r);
        leaves->len = 0;
        for (size_t i = 0; i < n; i += leaf) {
            size_t k = n - i < leaf ? n - i : leaf;

            vk_pmtiles_encode_dir(e + i, k, &raw);
            if ((st = vk_gzip(raw.data, raw.len, &z, err)) != VK_OK)
                break;
            r[nr++] = (vk_pm_entry){e[i].tile_id, leaves->len,
                                    (uint32_t)z.len, 0};
            vk_bytes_append(leaves, z.data, z.len);
        }
        if (st == VK_OK) {
            vk_pmtiles_encode_dir(r, nr, &raw);
            st = vk_gzip(raw.data, raw.len, root, err);
        }
        if (st != VK_OK || HEADER_LEN + root->len <= ROOT_MAX)
            break;
    }
    free(r);
    free(raw.data);
    free(z.data);
    return st;
}

vk_status
vk_pmtiles_finish(vk_pmtiles *p, const vk_pmtiles_info *info, vk_error *err)
{
    vk_pm_entry *e = NULL;
    size_t ne = 0, nt = 0;
    uint64_t data_len = 0, ncontents = 0;
    vk_bytes root = {0}, leaves = {0}, meta = {0};
    uint8_t h[HEADER_LEN];
    vk_atomic out = {0};
    const char *json = info->metadata_json ? info->metadata_json : "{}";
    vk_status st;

    if ((st = spool_flush(p, err)) != VK_OK)
        return st;
    if (p->nt > 1)
        qsort(p->t, p->nt, sizeof *p->t, cmp_tile);
    /* Contents in the order of their first tile (clustered); runs of
     * consecutive ids with one content as one entry. */
    e = vk_xreallocarray(NULL, p->nt ? p->nt : 1, sizeof *e);
    for (size_t i = 0; i < p->nt; i++) {
        blob *k = &p->b[p->t[i].blob];

        if (i > 0 && p->t[i].id == p->t[i - 1].id)
            continue; /* the same tile twice: once */
        nt++;
        if (ne > 0 && p->t[i].id == e[ne - 1].tile_id + e[ne - 1].run_length &&
            e[ne - 1].offset == k->out && e[ne - 1].length == k->len) {
            e[ne - 1].run_length++;
            continue;
        }
        if (k->out == UINT64_MAX) {
            k->out = data_len;
            data_len += k->len;
            ncontents++;
        }
        e[ne++] = (vk_pm_entry){p->t[i].id, k->out, k->len, 1};
    }
    if (ne == 0) {
        free(e);
        return VK_FAIL_AT(err, VK_EDATA, p->path, 0, "no tile to store: "
                          "the zooms and area hold no buurt");
    }
    if ((st = make_dirs(e, ne, &root, &leaves, err)) != VK_OK ||
        (st = vk_gzip(json, strlen(json), &meta, err)) != VK_OK)
        goto done;

    memset(h, 0, sizeof h);
    memcpy(h, "PMTiles", 7);
    h[7] = 3;
    le(h + 8, HEADER_LEN, 8);
    le(h + 16, root.len, 8);
    le(h + 24, HEADER_LEN + root.len, 8);
    le(h + 32, meta.len, 8);
    le(h + 40, HEADER_LEN + root.len + meta.len, 8);
    le(h + 48, leaves.len, 8);
    le(h + 56, HEADER_LEN + root.len + meta.len + leaves.len, 8);
    le(h + 64, data_len, 8);
    le(h + 72, nt, 8);
    le(h + 80, ne, 8);
    le(h + 88, ncontents, 8);
    h[96] = 1; /* clustered */
    h[97] = 2; /* internal compression: gzip */
    h[98] = 1; /* tile compression: none */
    h[99] = 2; /* PNG */
    h[100] = (uint8_t)info->minzoom;
    h[101] = (uint8_t)info->maxzoom;
    le(h + 102, e7(info->bounds.minx), 4);
    le(h + 106, e7(info->bounds.miny), 4);
    le(h + 110, e7(info->bounds.maxx), 4);
    le(h + 114, e7(info->bounds.maxy), 4);
    h[118] = (uint8_t)info->center_zoom;
    le(h + 119, e7(info->center_lon), 4);
    le(h + 123, e7(info->center_lat), 4);

    if ((st = vk_atomic_open(&out, p->path, err)) != VK_OK)
        goto done;
    st = vk_atomic_write(&out, h, sizeof h, err);
    if (st == VK_OK)
        st = vk_atomic_write(&out, root.data, root.len, err);
    if (st == VK_OK)
        st = vk_atomic_write(&out, meta.data, meta.len, err);
    if (st == VK_OK && leaves.len > 0)
        st = vk_atomic_write(&out, leaves.data, leaves.len, err);
    free(e);
    e = NULL;
    /* The contents in the order given them above: a walk over the tiles
     * in id order meets each content first where its offset was given. */
    {
        uint64_t at = 0;

        for (size_t i = 0; st == VK_OK && i < p->nt; i++) {
            blob *k = &p->b[p->t[i].blob];

            if (k->out != at)
                continue; /* stored before */
            if (p->cmp.cap < k->len) {
                p->cmp.data = vk_xreallocarray(p->cmp.data, k->len, 1);
                p->cmp.cap = k->len;
            }
            st = spool_read(p, k, p->cmp.data, err);
            if (st == VK_OK)
                st = vk_atomic_write(&out, p->cmp.data, k->len, err);
            at += k->len;
        }
    }
    if (st == VK_OK)
        st = vk_atomic_commit(&out, err);
    else
        vk_atomic_abort(&out);

done:
    free(e);
    free(root.data);
    free(leaves.data);
    free(meta.data);
    return st;
}
