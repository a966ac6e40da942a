/* SPDX-License-Identifier: MIT */
/* MBTiles 1.3 (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/
 * spec.md) with SQLite: metadata(name, value), and the tiles as a view over
 * map (which tile shows which image) and images (each distinct image
 * once), so uniform tiles share one blob. Rows are in TMS order (y from
 * the south), as the spec says. The only file that uses SQLite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tiles_priv.h"

struct vk_mbtiles {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *put_map, *put_image, *put_meta;
};

static const char *const SCHEMA =
    "CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, "
    "value TEXT);"
    "CREATE TABLE IF NOT EXISTS map (zoom_level INTEGER, tile_column "
    "INTEGER, tile_row INTEGER, tile_id TEXT, PRIMARY KEY (zoom_level, "
    "tile_column, tile_row));"
    "CREATE TABLE IF NOT EXISTS images (tile_id TEXT PRIMARY KEY, "
    "tile_data BLOB);"
    "CREATE VIEW IF NOT EXISTS tiles AS SELECT map.zoom_level AS "
    "zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row, "
    "images.tile_data AS tile_data FROM map JOIN images ON "
    "images.tile_id = map.tile_id;";

static vk_status
db_fail(vk_mbtiles *m, vk_error *err, const char *what)
{
    VK_FAIL_AT(err, VK_EIO, m->path, 0, "%s: %s", what,
               m->db ? sqlite3_errmsg(m->db) : "out of memory");
    vk_error_hint(err, "check the folder is writable with free space, or "
                       "delete the file and run again");
    return VK_EIO;
}

vk_mbtiles *
vk_mbtiles_open(const char *path, int *existed, vk_error *err)
{
    vk_mbtiles *m = vk_xcalloc(1, sizeof *m);
    FILE *fp = fopen(path, "rb");

    *existed = fp != NULL;
    if (fp != NULL)
        fclose(fp);
    m->path = vk_xstrdup(path);
    if (sqlite3_open_v2(path, &m->db, SQLITE_OPEN_READWRITE |
                        SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        db_fail(m, err, "cannot open as MBTiles");
        vk_mbtiles_close(m, NULL);
        return NULL;
    }
    /* WAL and no fsync per commit: a crash loses at most the last
     * metatiles, whose done markers are written after their commit. */
    if (sqlite3_exec(m->db, "PRAGMA journal_mode=WAL; PRAGMA "
                     "synchronous=NORMAL;", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(m->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO map VALUES "
                           "(?, ?, ?, ?)", -1, &m->put_map, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO images VALUES "
                           "(?, ?)", -1, &m->put_image, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO metadata VALUES "
                           "(?, ?)", -1, &m->put_meta, NULL) != SQLITE_OK) {
        db_fail(m, err, "cannot set up the MBTiles tables");
        vk_mbtiles_close(m, NULL);
        return NULL;
    }
    return m;
}

vk_status
vk_mbtiles_meta(vk_mbtiles *m, const char *name, const char *value, vk_error *err)
{
    sqlite3_reset(m->put_meta);
    sqlite3_bind_text(m->put_meta, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->put_meta, 2, value, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->put_meta) != SQLITE_DONE)
        return db_fail(m, err, "cannot write the metadata");
    return VK_OK;
}

vk_status
vk_mbtiles_begin(vk_mbtiles *m, vk_error *err)
{
    if (sqlite3_exec(m->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(m, err, "cannot start a transaction");
    return VK_OK;
}

vk_status
vk_mbtiles_commit(vk_mbtiles *m, vk_error *err)
{
    if (sqlite3_exec(m->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(m, err, "cannot commit tiles");
    return VK_OK;
}

vk_status
vk_mbtiles_put(vk_mbtiles *m, int z, long x, long y, const char *id,
            const void *png, size_t len, vk_error *err)
{
    sqlite3_reset(m->put_image);
    sqlite3_bind_text(m->put_image, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(m->put_image, 2, png, (int)len, SQLITE_TRANSIENT);
    if (sqlite3_step(m->put_image) != SQLITE_DONE)
        return db_fail(m, err, "cannot store a tile image");
    sqlite3_reset(m->put_map);
    sqlite3_bind_int(m->put_map, 1, z);
    sqlite3_bind_int64(m->put_map, 2, x);
    sqlite3_bind_int64(m->put_map, 3, vk_tile_flip_y(z, y));
    sqlite3_bind_text(m->put_map, 4, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->put_map) != SQLITE_DONE)
        return db_fail(m, err, "cannot store a tile");
    return VK_OK;
}

/* Copies the tiles into a new file in key order, in one transaction, so
 * that the same tiles give the same bytes whatever order the threads (or
 * an interrupted and resumed run) stored them in; then that file replaces
 * the working one. Returns 0, or -1 with the temporary removed. */
static int
rebuild_sorted(vk_mbtiles *m)
{
    char *tmp = malloc(strlen(m->path) + 16), *sql;
    int ok;

    if (tmp == NULL)
        return -1;
    sprintf(tmp, "%s.tmp-sorted", m->path);
    (void)unlink(tmp);
    sql = sqlite3_mprintf(
        "ATTACH %Q AS sorted;"
        "BEGIN;"
        "CREATE TABLE sorted.metadata (name TEXT PRIMARY KEY, value TEXT);"
        "CREATE TABLE sorted.map (zoom_level INTEGER, tile_column INTEGER, "
        "tile_row INTEGER, tile_id TEXT, PRIMARY KEY (zoom_level, "
        "tile_column, tile_row));"
        "CREATE TABLE sorted.images (tile_id TEXT PRIMARY KEY, tile_data "
        "BLOB);"
        "CREATE VIEW sorted.tiles AS SELECT map.zoom_level AS zoom_level, "
        "map.tile_column AS tile_column, map.tile_row AS tile_row, "
        "images.tile_data AS tile_data FROM map JOIN images ON "
        "images.tile_id = map.tile_id;"
        "INSERT INTO sorted.metadata SELECT * FROM main.metadata ORDER BY "
        "name;"
        "INSERT INTO sorted.map SELECT * FROM main.map ORDER BY zoom_level, "
        "tile_column, tile_row;"
        "INSERT INTO sorted.images SELECT * FROM main.images ORDER BY "
        "tile_id;"
        "COMMIT;"
        "DETACH sorted;",
        tmp);
    ok = sql != NULL &&
         sqlite3_exec(m->db, "PRAGMA journal_mode=DELETE", NULL, NULL,
                      NULL) == SQLITE_OK &&
         sqlite3_exec(m->db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    if (!ok) {
        sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_exec(m->db, "DETACH sorted", NULL, NULL, NULL);
    }
    sqlite3_close(m->db);
    m->db = NULL;
    if (ok)
        ok = rename(tmp, m->path) == 0;
    if (!ok)
        (void)unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

vk_status
vk_mbtiles_close(vk_mbtiles *m, vk_error *err)
{
    vk_status st = VK_OK;

    if (m == NULL)
        return VK_OK;
    sqlite3_finalize(m->put_map);
    sqlite3_finalize(m->put_image);
    sqlite3_finalize(m->put_meta);
    /* After a run that worked: one file, its rows in key order (the WAL
     * is checkpointed and dropped on the way). After a failure the
     * working file stays for the rerun to continue. */
    if (m->db != NULL && err != NULL && rebuild_sorted(m) != 0)
        st = VK_FAIL_AT(err, VK_EIO, m->path, 0, "cannot write the sorted "
                        "MBTiles file beside it");
    if (st != VK_OK)
        vk_error_hint(err, "check the folder is writable with free space");
    sqlite3_close(m->db);
    free(m->path);
    free(m);
    return st;
}
