/* SPDX-License-Identifier: MIT */
/* Core services used by every module: the error record, checked allocation,
 * growable strings and a list of warnings. */
#ifndef VK_CORE_H
#define VK_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define VK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VK_PRINTF(f, a)
#endif

typedef enum vk_status {
    VK_OK = 0,
    VK_EUSAGE,    /* bad command line or option value */
    VK_EIO,       /* a file could not be opened, read or written */
    VK_EFORMAT,   /* a file is not in the expected format */
    VK_EDATA,     /* the file is well formed but its content is wrong */
    VK_EPROJ,     /* coordinate reference system problem */
    VK_ERENDER,   /* cairo or pango reported a failure */
    VK_EINTERNAL  /* a bug: please report it */
} vk_status;

/* One error, filled by the function that detects it; the first one wins. */
typedef struct vk_error {
    vk_status code;
    char path[512];   /* user's file concerned, "" if none */
    long line;        /* 1-based line in a text input, 0 if n/a */
    long column;      /* 1-based column in a text input, 0 if n/a */
    long feature;     /* OGR feature id, -1 if n/a */
    char what[512];   /* what went wrong, in the user's terms */
    char hint[256];   /* what to do about it, "" if nothing useful */
    const char *src_file; /* our code; shown with --debug */
    int src_line;
} vk_error;

void vk_error_init(vk_error *err);

/* Records an error unless one is already recorded; returns the recorded code.
 * path may be NULL, line/column 0 when not applicable. Single breakpoint. */
vk_status vk_error_set(vk_error *err, vk_status code, const char *path,
                       long line, long column, const char *src_file,
                       int src_line, const char *fmt, ...) VK_PRINTF(8, 9);

/* Adds a hint to the recorded error if it has none yet. */
void vk_error_hint(vk_error *err, const char *fmt, ...) VK_PRINTF(2, 3);

/* Records the feature id concerned if none is set yet. */
void vk_error_feature(vk_error *err, long fid);

#define VK_FAIL(err, code, ...) \
    vk_error_set((err), (code), NULL, 0, 0, __FILE__, __LINE__, __VA_ARGS__)
#define VK_FAIL_AT(err, code, path, line, ...) \
    vk_error_set((err), (code), (path), (line), 0, __FILE__, __LINE__, \
                 __VA_ARGS__)
#define VK_FAIL_AT_COL(err, code, path, line, col, ...) \
    vk_error_set((err), (code), (path), (line), (col), __FILE__, __LINE__, \
                 __VA_ARGS__)

/* Formats "path:line:column: what; hint" (parts omitted when unset) into buf.
 * Returns buf. */
char *vk_error_format(const vk_error *err, char *buf, size_t size);

/* A fixed text for a code. */
const char *vk_strerror(vk_status code);

/* Checked allocation: print and abort on out-of-memory or size overflow. */
void *vk_xmalloc(size_t size);
void *vk_xcalloc(size_t n, size_t size);
void *vk_xreallocarray(void *p, size_t n, size_t size);
/* Grows p (old_n elements) to n; for arrays that grow geometrically to
 * tens of megabytes: a big block gets its huge pages before the copy. */
void *vk_xgrowarray(void *p, size_t old_n, size_t n, size_t size);
char *vk_xstrdup(const char *s); /* NULL gives NULL */
char *vk_xstrndup(const char *s, size_t n);
char *vk_xasprintf(const char *fmt, ...) VK_PRINTF(1, 2);

/* Growable NUL-terminated string. Zero-initialise before use. */
typedef struct vk_strbuf {
    char *s;
    size_t len, cap;
} vk_strbuf;

void vk_strbuf_append(vk_strbuf *sb, const char *s);
void vk_strbuf_appendn(vk_strbuf *sb, const char *s, size_t n);
void vk_strbuf_appendf(vk_strbuf *sb, const char *fmt, ...) VK_PRINTF(2, 3);
/* Appends v in decimal without printf: for files of millions of numbers
 * (the viewer's tables of the 100 m grid). */
void vk_strbuf_append_long(vk_strbuf *sb, long v);
/* Returns the string (never NULL) and resets sb; the caller owns it. */
char *vk_strbuf_take(vk_strbuf *sb);
void vk_strbuf_free(vk_strbuf *sb);

/* Warnings that are not errors: kept in order, owned by the list. */
typedef struct vk_warnings {
    char **msg;
    size_t n, cap;
} vk_warnings;

void vk_warnings_add(vk_warnings *w, const char *fmt, ...) VK_PRINTF(2, 3);
void vk_warnings_free(vk_warnings *w);

/* An index with a string key, to group items by key. */
typedef struct vk_keyed {
    const char *key;
    size_t idx;
} vk_keyed;

/* Sorts by key, then index (a stable grouping). */
void vk_keyed_sort(vk_keyed *k, size_t n);

/* Seconds on a monotonic clock (clock.c), for timings. */
double vk_now_s(void);

/* Case-insensitive ASCII comparison. */
int vk_strcaseeq(const char *a, const char *b);

/* ---- the map's own words (text.c) ----------------------------------- */

/* The language of the texts veerkracht writes on a map (generated legend
 * labels, no data, water, the mask, scale, date and projection) and of its
 * numbers. VK_LANG_DEFAULT is "not said": Dutch. */
typedef enum vk_lang {
    VK_LANG_DEFAULT = 0,
    VK_LANG_NL,
    VK_LANG_EN
} vk_lang;

/* The texts, each in every language in one table (text.c). A "%s" in a
 * text is filled by vk_text_fill. */
typedef enum vk_text_id {
    VK_TEXT_NODATA,          /* "Geen gegevens" */
    VK_TEXT_WATER,           /* "Water" */
    VK_TEXT_MASK,            /* "Minder dan %s inwoners" */
    VK_TEXT_CLASS_BELOW,     /* "minder dan %s%s": hi, unit */
    VK_TEXT_CLASS_FROM_TO,   /* "%s tot %s%s": lo, hi, unit */
    VK_TEXT_CLASS_AT_LEAST,  /* "%s%s of meer": lo, unit */
    VK_TEXT_CLASS_UP_TO,     /* "tot en met %s%s": hi, unit */
    VK_TEXT_CLASS_ABOVE,     /* "meer dan %s%s": lo, unit */
    VK_TEXT_CLASS_ABOVE_UP_TO, /* "meer dan %s tot en met %s%s" */
    VK_TEXT_CLASS_RANGE,     /* "%s tot en met %s%s": one class */
    VK_TEXT_LOW,             /* bivariate levels: "laag" */
    VK_TEXT_MIDDLE,          /* "midden" */
    VK_TEXT_HIGH,            /* "hoog" */
    VK_TEXT_PERSISTENCE,     /* "in %s van %s metingen": count, years */
    VK_TEXT_ALL_AREAS,       /* subtitle of a map of all: "Alle gemeenten" */
    VK_TEXT_ALL_AREAS_IN,    /* the same in a sentence: "alle gemeenten" */
    VK_TEXT_SCALE,           /* "Schaal 1:%s" */
    VK_TEXT_DATE,            /* "Gegevens: %s" */
    VK_TEXT_PROJECTION,      /* "Projectie: %s" */
    VK_TEXT_AND,             /* " en ": the last of a list of names */
    VK_TEXT_N_GEMEENTEN,     /* "%s gemeenten": an area's name */
    VK_TEXT_TABLE_BUURTEN,   /* table page title: "Buurten van %s" */
    VK_TEXT_TABLE_WIJKEN,    /* of a wijk-level set: "Wijken van %s" */
    VK_TEXT_TABLE_FOCUS,     /* its subtitle: the order by the focuskaart */
    VK_TEXT_TABLE_BY_NAME,   /* its subtitle without one: "op naam" */
    VK_TEXT_TABLE_NAME,      /* column titles: "Naam", */
    VK_TEXT_TABLE_CODE,      /* "Code" */
    VK_TEXT_TABLE_BOOKMARK,  /* the PDF bookmark of its first page: "Tabel" */
    VK_TEXT_PER_WIJK,        /* a map of wijken: "per wijk" */
    VK_TEXT_COUNT
} vk_text_id;

/* "nl" or "en" (any case): 0 and *out set, or -1. */
int vk_lang_parse(const char *s, vk_lang *out);
/* "nl" or "en" (VK_LANG_DEFAULT is "nl"). */
const char *vk_lang_code(vk_lang lang);
/* Text id in lang, borrowed. */
const char *vk_text(vk_lang lang, vk_text_id id);
/* Text id in lang with each "%s" replaced by the next of the strings
 * that follow (NULL-terminated; too few leave "" for the rest). Caller
 * frees. */
char *vk_text_fill(vk_lang lang, vk_text_id id, ...);
/* v rounded to dec decimals in lang's digits: Dutch "1.234.567,89" (a
 * thousands dot, a decimal comma), English "1,234,567.89"; no "-0".
 * Returns buf (cut to size). */
char *vk_format_number(vk_lang lang, double v, int dec, char *buf,
                       size_t size);

/* ---- file names from data (slug.c) ---------------------------------- */

/* The file name (without extension) of a gemeente's output: code, '-' and
 * name folded to ASCII (diacritics of Latin-1 and Latin Extended-A to
 * their letter, apostrophes dropped, every other run of characters one
 * '-', the name lowercased), at most 60 characters of [A-Za-z0-9-] that
 * neither start nor end with '-'; "gemeente" when nothing is left. Either
 * argument may be NULL. Returns a new string (caller frees). */
char *vk_slug(const char *code, const char *name);
/* The same for a layer id, lowercased, keeping '_' ("layer" when empty). */
char *vk_slug_layer(const char *id);

/* ---- up to date (digest.c) ----------------------------------------- */

/* FNV-1a, 64 bits: the digest and the string hash tables (hash.c). */
#define VK_FNV64_BASIS 14695981039346656037u
#define VK_FNV64_PRIME 1099511628211u

/* A 64-bit FNV-1a digest of what outputs depend on: the identity of the
 * input files (path, size, modification time), the contents of small ones
 * (styles) and the options. Outputs made under one digest are up to date
 * for a run with the same digest; any change to an input or an option
 * gives another. vk_digest_init starts one for a kind of output. */
typedef struct vk_digest {
    uint64_t h;
} vk_digest;

void vk_digest_init(vk_digest *d, const char *what);
void vk_digest_bytes(vk_digest *d, const void *p, size_t n);
void vk_digest_str(vk_digest *d, const char *s);   /* NULL allowed */
void vk_digest_int(vk_digest *d, long long v);
void vk_digest_double(vk_digest *d, double v);
/* A file's path, size and modification time (the path alone when it
 * cannot be examined: a URL, a /vsizip/ path). */
void vk_digest_file_id(vk_digest *d, const char *path);
/* A file's path and contents. */
void vk_digest_file(vk_digest *d, const char *path);
/* The digest as 16 hex digits into buf; returns buf. */
char *vk_digest_hex(const vk_digest *d, char buf[17]);

/* ---- hash tables (hash.c) ------------------------------------------- */

/* Gives the key string of a stored value; the map keeps no strings itself,
 * so keys may live in a buffer that moves (a table's string pool) or in
 * the caller's array. */
typedef const char *(*vk_strmap_keyfn)(const void *ctx, size_t value);

/* An open-addressing hash map from strings to size_t values (linear
 * probing, power-of-two capacity, at most half full). Zero-initialise
 * before use; set icase before the first add for keys that are equal
 * regardless of ASCII case (file names on a case-insensitive disk). Each
 * slot keeps the key's hash, so growing never calls keyfn and most failed
 * probes skip the string comparison. */
typedef struct vk_strmap {
    struct vk_strmap_slot {
        size_t hash;
        size_t value1; /* value + 1; 0 marks an empty slot */
    } *slot;
    size_t cap, n;
    int icase;
} vk_strmap;

/* Looks key up; returns 1 and sets *value when found, else 0. keyfn(ctx, v)
 * gives the key of a stored value v. */
int vk_strmap_get(const vk_strmap *m, const char *key, vk_strmap_keyfn keyfn,
                  const void *ctx, size_t *value);
/* Adds key -> value; the caller has checked that key is not present yet.
 * key is only hashed, not kept. */
void vk_strmap_add(vk_strmap *m, const char *key, size_t value);
/* Makes room for n keys in all, so that adding them never rehashes. */
void vk_strmap_reserve(vk_strmap *m, size_t n);
void vk_strmap_free(vk_strmap *m);

/* A hash of a point; -0.0 and 0.0 hash alike. */
size_t vk_point_hash(double x, double y);

/* The distinct points of a coordinate array xy (x at 2i, y at 2i + 1)
 * that the caller owns and may grow: slot[s] holds a point's index + 1,
 * 0 an empty slot. Points are equal when their coordinates have the same
 * bits once -0.0 is taken as 0.0. The caller fills slots and keeps at
 * least one empty. */
typedef struct vk_pointidx {
    uint32_t *slot;
    size_t cap; /* a power of two */
} vk_pointidx;

/* An empty table of at least min_slots slots (a power of two, >= 16). */
void vk_pointidx_init(vk_pointidx *t, size_t min_slots);
/* The slot of the point (x, y) in t over xy: the one holding an equal
 * point, else the empty slot where it belongs (slot[s] == 0). */
size_t vk_pointidx_find(const vk_pointidx *t, const double *xy, double x,
                        double y);
void vk_pointidx_free(vk_pointidx *t);

#endif
