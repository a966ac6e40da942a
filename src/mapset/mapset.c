/* SPDX-License-Identifier: MIT */
/* The map set: styles, boundaries and tables read once, and the painted
 * layers every output draws from. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vk/geo.h"
#include "vk/mapset.h"

struct vk_mapset {
    vk_mapset_opts in; /* what it was read from (its own copies) */
    vk_style *style[VK_MAPSET_MAX_STYLES];
    char *layer_id[VK_MAPSET_MAX_STYLES];
    size_t nstyles;
    vk_boundaries *b;
    vk_source *src;      /* kept open when reading on demand */
    struct aou_task *aou; /* the CRS check running alongside, or NULL */
    vk_table **tables;
    size_t ntables;
    vk_tableset ts;
    /* Per style, made on first use: the layer over all buurten, its
     * colours and hatch, shared by the paints of every area. */
    vk_layer *all[VK_MAPSET_MAX_STYLES];
    vk_rgba *all_fill[VK_MAPSET_MAX_STYLES];
    unsigned char *all_hatch[VK_MAPSET_MAX_STYLES];
    vk_warnings warnings; /* not yet taken */
};

/* ---- styles ---------------------------------------------------------- */

/* Loads the styles given, or those of the folder in the layers' order,
 * and gives each its layer id. */
static vk_status
load_styles(vk_mapset *ms, const vk_mapset_opts *o, vk_error *err)
{
    int n;

    if (o->no_styles)
        return VK_OK;
    n = vk_styles_load(o->styles, o->nstyles, o->styles_dir, ms->style,
                       VK_MAPSET_MAX_STYLES, err);
    if (n < 0)
        return err->code;
    ms->nstyles = (size_t)n;
    for (size_t i = 0; i < ms->nstyles; i++) {
        /* --lang and --source over the styles' own, for everything
         * that shows them (pages, legends, the viewer, exports). */
        if (o->lang != VK_LANG_DEFAULT)
            vk_style_set_lang(ms->style[i], o->lang);
        if (o->source != NULL) {
            free(ms->style[i]->source);
            ms->style[i]->source = vk_xstrdup(o->source);
        }
        if (o->level != VK_MAP_LEVEL_DEFAULT)
            ms->style[i]->level = o->level;
        ms->layer_id[i] = vk_slug_layer(ms->style[i]->id);
        for (size_t j = 0; j < i; j++)
            if (strcmp(ms->layer_id[i], ms->layer_id[j]) == 0)
                return VK_FAIL_AT(err, VK_EUSAGE, ms->style[i]->path, 0,
                                  "two styles have the layer id \"%s\" "
                                  "(file and folder names): %s and this "
                                  "one",
                                  ms->layer_id[i], ms->style[j]->path);
    }
    return VK_OK;
}

/* ---- the data -------------------------------------------------------- */

/* The tables, read by a thread of their own while the boundaries are. */
typedef struct tables_task {
    const vk_mapset_opts *o;
    vk_table **t;
    size_t n;
    vk_error err;
} tables_task;

static void *
tables_thread(void *arg)
{
    tables_task *tt = arg;
    vk_table_opts to = {tt->o->table_key ? tt->o->table_key : tt->o->key, 0};

    for (size_t i = 0; i < tt->o->ntables; i++) {
        /* A long table's key is usually bu_code, found by default. */
        if ((tt->t[i] = vk_table_read(tt->o->tables[i], &to, &tt->err)) == NULL)
            break;
        tt->n++;
    }
    return NULL;
}

static void
add_warnings(vk_warnings *to, const vk_warnings *from)
{
    for (size_t i = 0; to != NULL && i < from->n; i++)
        vk_warnings_add(to, "%s", from->msg[i]);
}

/* Reading on demand, the check that the coordinates fit the CRS's area
 * of use (PROJ's set-up takes some 15 ms) runs in a thread of its own on
 * the layer's extent as the driver knows it, while the map set reads on;
 * vk_mapset_load_area takes its verdict. */
typedef struct aou_task {
    vk_features fs; /* path, layer, CRS and extent; warnings of its own */
    vk_error err;
    pthread_t th;
} aou_task;

static void *
aou_thread(void *arg)
{
    aou_task *t = arg;

    vk_source_check_area_of_use(&t->fs, &t->err);
    return NULL;
}

static void
aou_free(aou_task *t)
{
    free(t->fs.path);
    free(t->fs.layer);
    free(t->fs.crs_wkt);
    free(t->fs.crs_name);
    free(t);
}

/* Starts the check when the driver knows the layer's extent; without a
 * thread (or an extent) vk_mapset_load_area checks the area's buurten. */
static void
aou_start(vk_mapset *ms)
{
    const vk_features *bu = ms->b->buurten;
    aou_task *t = vk_xcalloc(1, sizeof *t);

    if (!vk_source_layer_extent(ms->src, VK_LEVEL_BUURT, &t->fs.extent)) {
        free(t);
        return;
    }
    /* Copies: the set may move its levels to another CRS meanwhile. */
    t->fs.path = vk_xstrdup(bu->path);
    t->fs.layer = vk_xstrdup(bu->layer);
    vk_features_copy_crs(&t->fs, bu);
    t->fs.n = bu->n;
    vk_error_init(&t->err);
    if (pthread_create(&t->th, NULL, aou_thread, t) != 0) {
        aou_free(t);
        return;
    }
    ms->aou = t;
}

/* Waits for the check; its warnings join the set's, its error err.
 * Returns 1 when there was one to wait for. */
static int
aou_finish(vk_mapset *ms, vk_error *err)
{
    aou_task *t = ms->aou;

    if (t == NULL)
        return 0;
    pthread_join(t->th, NULL);
    add_warnings(&ms->warnings, &t->fs.warnings);
    vk_warnings_free(&t->fs.warnings);
    if (t->err.code != VK_OK && err != NULL && err->code == VK_OK)
        *err = t->err;
    aou_free(t);
    ms->aou = NULL;
    return 1;
}

/* The most attribute columns the styles and classify may ask of the
 * boundaries: two operands on each of two axes, the mask's column and the
 * wijk means' weight per style, and one. */
#define MAX_COLUMNS (6 * VK_MAPSET_MAX_STYLES + 1)

/* The column of each role: the option's (--area-field, ...), else the
 * one the styles' "columns:" name, else NULL (the CBS name). Two styles
 * that name different columns for a role the options leave open are a
 * usage error naming both. */
static vk_status
resolve_roles(const vk_mapset *ms, const vk_mapset_opts *o,
              const char *role[VK_ROLE_COUNT], vk_error *err)
{
    const char *given[VK_ROLE_COUNT] = {o->area_field, o->name_field,
                                        o->population_field, o->water_field,
                                        o->wijk_field};
    static const char *const option[VK_ROLE_COUNT] = {
        "--area-field", "--name-field", "--population-field",
        "--water-field", "--wijk-field"};

    for (int r = 0; r < VK_ROLE_COUNT; r++) {
        const vk_style *by = NULL;

        role[r] = given[r];
        for (size_t i = 0; given[r] == NULL && i < ms->nstyles; i++) {
            const char *c = ms->style[i]->role[r];

            if (c == NULL)
                continue;
            if (by != NULL && strcmp(c, role[r]) != 0) {
                VK_FAIL_AT(err, VK_EUSAGE, ms->style[i]->path, 0,
                           "columns: %s is \"%s\" here and \"%s\" in %s",
                           vk_role_key[r], c, role[r], by->path);
                vk_error_hint(err, "the boundaries are read once for all "
                              "styles: make them agree, or give %s",
                              option[r]);
                return VK_EUSAGE;
            }
            role[r] = c;
            by = ms->style[i];
        }
    }
    return VK_OK;
}

/* The source options of o: the roles (resolve_roles), and as columns to
 * keep the styles' operands of no year (a long table's, as a persistence
 * value's, are never the boundaries'), their masks' columns and o->column; cols holds them
 * (MAX_COLUMNS). */
static vk_source_opts
source_opts(const vk_mapset *ms, const vk_mapset_opts *o,
            const char *const role[VK_ROLE_COUNT], const char **cols)
{
    vk_source_opts so = {
        .layer = o->layer, .key = o->key, .crs = o->crs,
        .area_field = role[VK_ROLE_AREA], .name_field = role[VK_ROLE_NAME],
        .population_field = role[VK_ROLE_POPULATION],
        .water_field = role[VK_ROLE_WATER], .wijk_field = role[VK_ROLE_WIJK],
        .columns = cols, .crs_optional = o->crs_optional,
    };

    for (size_t i = 0; i < ms->nstyles; i++) {
        const vk_style *st = ms->style[i];
        const vk_value_spec *v[2] = {&st->x.value,
                                     st->bivariate ? &st->y.value : NULL};

        for (int k = 0; k < 2 && v[k] != NULL; k++) {
            if (v[k]->year_a == NULL && v[k]->op != VK_VALUE_PERSISTENCE)
                cols[so.ncolumns++] = v[k]->a;
            if (v[k]->b != NULL && v[k]->year_a == NULL &&
                v[k]->year_b == NULL)
                cols[so.ncolumns++] = v[k]->b;
        }
        if (st->mask_column != NULL)
            cols[so.ncolumns++] = st->mask_column;
        if (st->weight != NULL)
            cols[so.ncolumns++] = st->weight;
    }
    if (o->column != NULL)
        cols[so.ncolumns++] = o->column;
    return so;
}

/* The boundaries' attributes, their geometry to be read on demand: when
 * the dataset has all three levels as layers (nothing to dissolve) in one
 * projected CRS that is the one to draw in (nothing to transform). Returns
 * VK_OK with ms->b set, VK_OK without it when reading on demand does not
 * apply, or an error. */
static vk_status
read_on_demand(vk_mapset *ms, const vk_mapset_opts *o,
               const char *const role[VK_ROLE_COUNT], vk_error *err)
{
    const char *cols[MAX_COLUMNS];
    vk_source_opts so = source_opts(ms, o, role, cols);
    vk_boundaries *b;

    if ((ms->src = vk_source_open(o->boundaries, &so, err)) == NULL)
        return err->code;
    if (!vk_source_has_level(ms->src, VK_LEVEL_WIJK) ||
        !vk_source_has_level(ms->src, VK_LEVEL_GEMEENTE))
        goto whole;
    b = vk_xcalloc(1, sizeof *b);
    if ((b->buurten = vk_source_read_attrs(ms->src, VK_LEVEL_BUURT, &so,
                                           err)) == NULL ||
        (b->wijken = vk_source_read_attrs(ms->src, VK_LEVEL_WIJK, NULL,
                                          err)) == NULL ||
        (b->gemeenten = vk_source_read_attrs(ms->src, VK_LEVEL_GEMEENTE, NULL,
                                             err)) == NULL) {
        vk_boundaries_destroy(b);
        /* Whatever is wrong, the whole reading says it as it always has. */
        vk_error_init(err);
        goto whole;
    }
    if (b->buurten->crs_geographic ||
        (o->crs != NULL && strcmp(o->crs, b->buurten->crs_name) != 0) ||
        strcmp(b->wijken->crs_wkt, b->buurten->crs_wkt) != 0 ||
        strcmp(b->gemeenten->crs_wkt, b->buurten->crs_wkt) != 0 ||
        b->buurten->n == 0) {
        vk_boundaries_destroy(b);
        goto whole;
    }
    ms->b = b;
    aou_start(ms);
    return VK_OK;

whole:
    vk_source_close(ms->src);
    ms->src = NULL;
    return VK_OK;
}

/* The levels the set has, buurten first, into sets; returns how many.
 * The wijken read without geometry (read_wijk_names) have none to move. */
static int
levels_of(const vk_mapset *ms, vk_features *sets[3])
{
    int n = 0;

    if (ms->b->buurten != NULL)
        sets[n++] = ms->b->buurten;
    if (ms->b->wijken != NULL && ms->b->wijken->g.poly_off != NULL)
        sets[n++] = ms->b->wijken;
    if (ms->b->gemeenten != NULL)
        sets[n++] = ms->b->gemeenten;
    return n;
}

static const char *
wijk_key(const void *ctx, size_t v)
{
    const vk_features *wk = ctx;

    return wk->f[v].code;
}

/* 1 when a style of the set maps wijken. */
static int
maps_wijken(const vk_mapset *ms)
{
    for (size_t i = 0; i < ms->nstyles; i++)
        if (ms->style[i]->level == VK_MAP_LEVEL_WIJK)
            return 1;
    return 0;
}

/* The wijken of a set read as buurten alone (tiles, whose outlines come
 * from the buurten): their codes, names and gemeenten without geometry,
 * from the dataset's wijken layer, else each wijkcode of the buurten (no
 * name) in the order first met. */
static vk_status
read_wijk_names(vk_mapset *ms, const vk_mapset_opts *o,
                const vk_source_opts *so, vk_error *err)
{
    const vk_features *bu = ms->b->buurten;
    vk_source *src = vk_source_open(o->boundaries, so, err);
    vk_features *wk;
    vk_strmap seen = {0};

    if (src == NULL)
        return err->code;
    if (vk_source_has_level(src, VK_LEVEL_WIJK)) {
        ms->b->wijken = vk_source_read_attrs(src, VK_LEVEL_WIJK, NULL, err);
        vk_source_close(src);
        return err->code;
    }
    vk_source_close(src);
    wk = vk_xcalloc(1, sizeof *wk);
    wk->path = vk_xstrdup(bu->path);
    wk->layer = vk_xstrdup("wijkcodes of the buurten");
    vk_features_copy_crs(wk, bu);
    vk_bbox_reset(&wk->extent);
    wk->f = vk_xcalloc(bu->n ? bu->n : 1, sizeof *wk->f);
    for (size_t i = 0; i < bu->n; i++) {
        const vk_feature *b = &bu->f[i];
        vk_feature *f;
        size_t k;

        if (b->wijkcode == NULL ||
            vk_strmap_get(&seen, b->wijkcode, wijk_key, wk, &k))
            continue;
        vk_strmap_add(&seen, b->wijkcode, wk->n);
        f = &wk->f[wk->n++];
        f->fid = (long)wk->n;
        f->code = vk_xstrdup(b->wijkcode);
        f->gemeentecode = vk_xstrdup(b->gemeentecode);
        f->gemeentenaam = vk_xstrdup(b->gemeentenaam);
        f->inwoners = NAN;
        vk_bbox_reset(&f->bbox);
    }
    vk_strmap_free(&seen);
    ms->b->wijken = wk;
    return VK_OK;
}

/* The boundaries, in the CRS to draw in for print. */
static vk_status
read_boundaries(vk_mapset *ms, const vk_mapset_opts *o, vk_error *err)
{
    const char *cols[MAX_COLUMNS], *role[VK_ROLE_COUNT];
    vk_source_opts so;

    if (resolve_roles(ms, o, role, err) != VK_OK)
        return err->code;
    so = source_opts(ms, o, role, cols);
    if (o->on_demand && o->levels == VK_MAPSET_ALL_LEVELS) {
        if (read_on_demand(ms, o, role, err) != VK_OK)
            return err->code;
        if (ms->b != NULL)
            return VK_OK;
    }

    if (o->levels == VK_MAPSET_BUURTEN) {
        ms->b = vk_xcalloc(1, sizeof *ms->b);
        ms->b->buurten = vk_source_read_buurten(o->boundaries, &so, err);
        if (err->code == VK_OK && maps_wijken(ms))
            read_wijk_names(ms, o, &so, err);
        return err->code;
    }
    if (vk_source_read_boundaries(o->boundaries, &so, &ms->b, err) != VK_OK)
        return err->code;
    /* Draw in --crs, else the source CRS; never in stretched lon/lat. All
     * levels in one transformation, as tiles move them to Web Mercator. */
    if (o->crs != NULL && strcmp(o->crs, ms->b->buurten->crs_name) != 0)
        return vk_mapset_to_crs(ms, o->crs, err);
    if (o->crs == NULL && ms->b->buurten->crs_geographic) {
        vk_features *sets[3];

        return vk_geo_to_picked(sets, levels_of(ms, sets), err);
    }
    return VK_OK;
}

/* A copy of the options, every string its own; the styles are those
 * loaded (a folder's, in the set's order). */
static void
keep_inputs(vk_mapset *ms, const vk_mapset_opts *o)
{
    char **tables = vk_xcalloc(o->ntables + 1, sizeof *tables);
    char **styles = vk_xcalloc(ms->nstyles + 1, sizeof *styles);

    for (size_t i = 0; i < o->ntables; i++)
        tables[i] = vk_xstrdup(o->tables[i]);
    for (size_t i = 0; i < ms->nstyles; i++)
        styles[i] = vk_xstrdup(ms->style[i]->path);
    ms->in = (vk_mapset_opts){
        .boundaries = vk_xstrdup(o->boundaries),
        .layer = vk_xstrdup(o->layer),
        .key = vk_xstrdup(o->key),
        .table_key = vk_xstrdup(o->table_key),
        .crs = vk_xstrdup(o->crs),
        .tables = (const char *const *)tables,
        .ntables = o->ntables,
        .styles = (const char *const *)styles,
        .nstyles = ms->nstyles,
        .styles_dir = vk_xstrdup(o->styles_dir),
        .levels = o->levels,
        .no_styles = o->no_styles,
        .on_demand = o->on_demand,
        .area_field = vk_xstrdup(o->area_field),
        .name_field = vk_xstrdup(o->name_field),
        .population_field = vk_xstrdup(o->population_field),
        .water_field = vk_xstrdup(o->water_field),
        .wijk_field = vk_xstrdup(o->wijk_field),
        .column = vk_xstrdup(o->column),
        .crs_optional = o->crs_optional,
        .lang = o->lang,
        .source = vk_xstrdup(o->source),
        .level = o->level,
    };
}

static void
free_inputs(vk_mapset_opts *in)
{
    for (size_t i = 0; in->tables != NULL && i < in->ntables; i++)
        free((char *)in->tables[i]);
    for (size_t i = 0; in->styles != NULL && i < in->nstyles; i++)
        free((char *)in->styles[i]);
    free((void *)in->tables);
    free((void *)in->styles);
    free((char *)in->boundaries);
    free((char *)in->layer);
    free((char *)in->key);
    free((char *)in->table_key);
    free((char *)in->crs);
    free((char *)in->styles_dir);
    free((char *)in->area_field);
    free((char *)in->name_field);
    free((char *)in->population_field);
    free((char *)in->water_field);
    free((char *)in->wijk_field);
    free((char *)in->column);
    free((char *)in->source);
}

vk_mapset *
vk_mapset_open(const vk_mapset_opts *o, vk_warnings *warnings, vk_error *err)
{
    vk_mapset *ms = vk_xcalloc(1, sizeof *ms);
    tables_task tt;
    pthread_t th;
    int threaded;

    if (load_styles(ms, o, err) != VK_OK) {
        vk_mapset_destroy(ms);
        return NULL;
    }

    /* The tables are read by a thread while the boundaries are; errors
     * and warnings come in the order of a serial read. */
    ms->tables = vk_xcalloc(o->ntables + 1, sizeof *ms->tables);
    tt = (tables_task){o, ms->tables, 0, {0}};
    vk_error_init(&tt.err);
    threaded = pthread_create(&th, NULL, tables_thread, &tt) == 0;
    if (!threaded)
        tables_thread(&tt);
    read_boundaries(ms, o, err);
    if (threaded)
        pthread_join(th, NULL);
    ms->ntables = tt.n;
    /* The styles' columns the tables lack come from the buurten's own
     * attributes: a table of them, looked in last. */
    if (ms->b != NULL && ms->b->buurten != NULL &&
        ms->b->buurten->nattrs > 0 && tt.err.code == VK_OK)
        ms->tables[ms->ntables++] = vk_table_from_features(ms->b->buurten);
    ms->ts = (vk_tableset){ms->tables, ms->ntables, NULL};
    /* The levels' warnings are told now (a wijk that would not dissolve);
     * they gather new ones when geometry is read on demand (taken by
     * take_read_warnings). */
    if (ms->b != NULL) {
        vk_features *levels[3] = {ms->b->buurten, ms->b->wijken,
                                  ms->b->gemeenten};

        for (int k = 0; k < 3; k++)
            if (levels[k] != NULL) {
                add_warnings(warnings, &levels[k]->warnings);
                vk_warnings_free(&levels[k]->warnings);
            }
    }
    for (size_t i = 0; i < ms->ntables; i++)
        add_warnings(warnings, vk_table_warnings(ms->tables[i]));
    if (err->code == VK_OK && tt.err.code != VK_OK)
        *err = tt.err;
    if (err->code != VK_OK) {
        vk_mapset_destroy(ms);
        return NULL;
    }
    /* Every layer's values join the same buurten to the same tables. */
    ms->ts.joins = vk_join_cache_create(ms->b->buurten);
    keep_inputs(ms, o);
    return ms;
}

void
vk_mapset_destroy(vk_mapset *ms)
{
    if (ms == NULL)
        return;
    for (size_t i = 0; i < ms->nstyles; i++) {
        vk_layer_destroy(ms->all[i]);
        free(ms->all_fill[i]);
        free(ms->all_hatch[i]);
        free(ms->layer_id[i]);
        vk_style_destroy(ms->style[i]);
    }
    vk_join_cache_destroy(ms->ts.joins);
    for (size_t i = 0; i < ms->ntables; i++)
        vk_table_destroy(ms->tables[i]);
    free(ms->tables);
    aou_finish(ms, NULL);
    vk_boundaries_destroy(ms->b);
    vk_source_close(ms->src);
    vk_warnings_free(&ms->warnings);
    free_inputs(&ms->in);
    free(ms);
}

void
vk_mapset_take_warnings(vk_mapset *ms, vk_warnings *out)
{
    add_warnings(out, &ms->warnings);
    vk_warnings_free(&ms->warnings);
}

size_t
vk_mapset_nstyles(const vk_mapset *ms)
{
    return ms->nstyles;
}

const vk_style *
vk_mapset_style(const vk_mapset *ms, size_t i)
{
    return ms->style[i];
}

const char *
vk_mapset_layer_id(const vk_mapset *ms, size_t i)
{
    return ms->layer_id[i];
}

const vk_mapset_opts *
vk_mapset_inputs(const vk_mapset *ms)
{
    return &ms->in;
}

void
vk_mapset_digest(const vk_mapset *ms, vk_digest *d)
{
    const char *b = ms->in.boundaries;
    size_t len = strlen(b);

    /* A Shapefile is several files; the optional ones may be missing. */
    vk_digest_file_id(d, b);
    if (len > 4 && vk_strcaseeq(b + len - 4, ".shp")) {
        static const char *const side[] = {".dbf", ".shx", ".prj", ".cpg"};

        for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
            char *p = vk_xasprintf("%.*s%s", (int)(len - 4), b, side[i]);

            vk_digest_file_id(d, p);
            free(p);
        }
    }
    vk_digest_str(d, ms->in.layer);
    vk_digest_str(d, ms->in.key);
    vk_digest_str(d, ms->in.table_key);
    vk_digest_str(d, ms->in.crs);
    /* The roles only when named: the outputs of CBS data made before
     * there were role options stay up to date. */
    {
        const char *roles[5] = {ms->in.area_field, ms->in.name_field,
                                ms->in.population_field,
                                ms->in.water_field, ms->in.wijk_field};

        for (int i = 0; i < 5; i++)
            if (roles[i] != NULL) {
                vk_digest_int(d, i);
                vk_digest_str(d, roles[i]);
            }
    }
    vk_digest_int(d, (long long)ms->in.levels);
    /* Said only when given, so that a digest without them is as before. */
    if (ms->in.lang != VK_LANG_DEFAULT)
        vk_digest_str(d, vk_lang_code(ms->in.lang));
    if (ms->in.source != NULL)
        vk_digest_str(d, ms->in.source);
    if (ms->in.level != VK_MAP_LEVEL_DEFAULT)
        vk_digest_int(d, 100 + (long long)ms->in.level);
    vk_digest_int(d, (long long)ms->in.ntables);
    for (size_t i = 0; i < ms->in.ntables; i++)
        vk_digest_file_id(d, ms->in.tables[i]);
    /* Styles are small and often edited in place: by content. */
    vk_digest_int(d, (long long)ms->nstyles);
    for (size_t i = 0; i < ms->nstyles; i++) {
        vk_digest_str(d, ms->layer_id[i]);
        vk_digest_file(d, ms->style[i]->path);
    }
}

const vk_boundaries *
vk_mapset_boundaries(const vk_mapset *ms)
{
    return ms->b;
}

const vk_tableset *
vk_mapset_tables(const vk_mapset *ms)
{
    return &ms->ts;
}

vk_status
vk_mapset_to_crs(vk_mapset *ms, const char *crs, vk_error *err)
{
    vk_features *sets[3];

    return vk_geo_transform_sets(sets, levels_of(ms, sets), crs, err);
}

/* Moves what reading geometry on demand said (repaired polygons, the CRS
 * check) from the levels to the set's warnings, so they are told. */
static void
take_read_warnings(vk_mapset *ms)
{
    vk_features *levels[3] = {ms->b->buurten, ms->b->wijken,
                              ms->b->gemeenten};

    for (int i = 0; i < 3; i++)
        if (levels[i] != NULL) {
            add_warnings(&ms->warnings, &levels[i]->warnings);
            vk_warnings_free(&levels[i]->warnings);
        }
}

/* How far beyond a page's extent geometry is read: features whose
 * outline only comes near the frame are drawn as when everything is read,
 * whatever the driver's spatial filter counts as meeting the box. */
#define LOAD_MARGIN 0.25
/* Drawn features are checked for validity: those within this much of the
 * frame (the renderer culls at 2 pt beyond a frame of some 500 pt). */
#define CHECK_MARGIN 0.02

vk_status
vk_mapset_load_area(vk_mapset *ms, const vk_area *area, vk_error *err)
{
    const vk_features *bu;
    size_t *which, n = 0;

    if (ms->src == NULL)
        return VK_OK;
    bu = ms->b->buurten;
    /* All gemeenten for the overview, too small a map for their validity
     * to show (those of the frame are checked with it), then the area's
     * buurten. */
    if (vk_source_load_box(ms->src, VK_LEVEL_GEMEENTE, ms->b->gemeenten,
                           NULL, NULL, err) != VK_OK)
        return err->code;
    which = vk_xcalloc(bu->n ? bu->n : 1, sizeof *which);
    for (size_t i = 0; i < bu->n; i++)
        if (vk_area_has_buurt(area, i))
            which[n++] = i;
    vk_source_load_features(ms->src, VK_LEVEL_BUURT, ms->b->buurten, which,
                            n, err);
    free(which);
    /* A CRS that does not fit the data: from the layer's extent, checked
     * alongside, or else from the area's coordinates. */
    if (!aou_finish(ms, err))
        vk_source_check_area_of_use(ms->b->buurten, err);
    take_read_warnings(ms);
    return err->code;
}

/* 1 when a page of area (NULL: everything) draws buurten outside it. */
static int
surrounding_buurten(const vk_boundaries *b, const vk_area *area)
{
    if (area == NULL || area->all || b->gemeenten == NULL ||
        b->gemeenten->n == 0)
        return 1;
    for (size_t g = 0; g < b->gemeenten->n; g++)
        if (vk_area_has_gemeente(area, g) && !vk_area_whole_gemeente(area, g))
            return 1;
    return 0;
}

vk_status
vk_mapset_load_extent(vk_mapset *ms, const vk_bbox *extent,
                      const vk_area *area, vk_error *err)
{
    double w = extent->maxx - extent->minx, h = extent->maxy - extent->miny;
    vk_bbox box = {extent->minx - w * LOAD_MARGIN,
                   extent->miny - h * LOAD_MARGIN,
                   extent->maxx + w * LOAD_MARGIN,
                   extent->maxy + h * LOAD_MARGIN};
    /* What the frame shows, with the renderer's culling pad (a few points
     * on a page hundreds wide) and then some: checked for validity. */
    vk_bbox shown = {extent->minx - w * CHECK_MARGIN,
                     extent->miny - h * CHECK_MARGIN,
                     extent->maxx + w * CHECK_MARGIN,
                     extent->maxy + h * CHECK_MARGIN};

    if (ms->src == NULL)
        return VK_OK;
    /* The buurten around an area are drawn as their gemeenten: read
     * them only for everything, or around a gemeente in part. */
    if ((surrounding_buurten(ms->b, area) &&
         vk_source_load_box(ms->src, VK_LEVEL_BUURT, ms->b->buurten, &box,
                            &shown, err) != VK_OK) ||
        vk_source_load_box(ms->src, VK_LEVEL_WIJK, ms->b->wijken, &box,
                           &shown, err) != VK_OK ||
        vk_source_load_box(ms->src, VK_LEVEL_GEMEENTE, ms->b->gemeenten,
                           &box, &shown, err) != VK_OK)
        return err->code;
    take_read_warnings(ms);
    return VK_OK;
}

vk_status
vk_mapset_area(const vk_mapset *ms, const char *list, const char *name,
               vk_area **out, vk_error *err)
{
    vk_area *a = vk_area_parse(ms->b, list, name, "--area", err);

    if (a == NULL)
        return err->code;
    *out = a;
    return VK_OK;
}

vk_status
vk_mapset_column(vk_mapset *ms, const char *column, double *out, vk_error *err)
{
    const vk_features *fs = ms->b->buurten;
    const vk_table *t;
    const vk_join *j;
    char *low;

    if (ms->ntables == 0)
        return VK_FAIL(err, VK_EUSAGE, "no table to take \"%s\" from, and "
                       "the boundaries have no such column", column);
    /* The first table that has the column (the boundaries' last), else
     * the first, whose error lists its columns. */
    t = ms->tables[0];
    for (size_t i = 0; i < ms->ntables; i++)
        if (vk_table_find_col(ms->tables[i], column) >= 0) {
            t = ms->tables[i];
            break;
        }
    j = vk_join_cache_get(ms->ts.joins, fs, t);
    /* Few rows joining: most likely boundaries of another year. */
    if ((low = vk_join_low_match(fs, t, j)) != NULL)
        vk_warnings_add(&ms->warnings, "%s", low);
    free(low);
    if (vk_join_column(j, t, column, out, NULL, err) == VK_OK)
        for (size_t i = 0; i < fs->n; i++)
            if (fs->f[i].water)
                out[i] = NAN;
    return err->code;
}

/* ---- painted layers -------------------------------------------------- */

/* A layer's colour and hatch per buurt, into new arrays. */
static void
paint_colours(const vk_layer *l, size_t n, vk_rgba **fill,
              unsigned char **hatch)
{
    *fill = vk_xcalloc(n ? n : 1, sizeof **fill);
    vk_layer_fill(l, *fill);
    *hatch = vk_xcalloc(n ? n : 1, 1);
    vk_layer_hatch(l, *hatch);
}

/* Style st's layer, of buurten or of wijken as its level says, with
 * breaks from area's (all when NULL). */
static vk_layer *
make_layer(const vk_mapset *ms, const vk_style *st, const vk_area *area,
           vk_error *err)
{
    if (st->level == VK_MAP_LEVEL_WIJK)
        return vk_layer_make_wijk(st, &ms->ts, ms->b->buurten, ms->b->wijken,
                                  area, err);
    return vk_layer_make(st, &ms->ts, ms->b->buurten, area, err);
}

/* The layer of style i over all buurten, made once. */
static vk_status
layer_all(vk_mapset *ms, size_t i, vk_error *err)
{
    vk_layer *l;

    if (ms->all[i] != NULL)
        return VK_OK;
    l = make_layer(ms, ms->style[i], NULL, err);
    if (l == NULL)
        return err->code;
    add_warnings(&ms->warnings, &l->warnings);
    ms->all[i] = l;
    paint_colours(l, ms->b->buurten->n, &ms->all_fill[i], &ms->all_hatch[i]);
    return VK_OK;
}

/* 1 when no buurt of area (all when NULL) has a class. */
static int
no_class(const vk_layer *l, const vk_features *bu, const vk_area *area)
{
    for (size_t i = 0; i < bu->n; i++)
        if (vk_area_has_buurt(area, i) && l->cls[i] >= 0)
            return 0;
    return 1;
}

/* "<area> – <subtitle> – per wijk": a map of wijken says so. */
static void
per_wijk_subtitle(char **subtitle, vk_lang lang)
{
    char *t = vk_xasprintf("%s \xe2\x80\x93 %s", *subtitle,
                           vk_text(lang, VK_TEXT_PER_WIJK));

    free(*subtitle);
    *subtitle = t;
}

/* What a paint owns besides what it shows. */
typedef struct owned_paint {
    vk_paint p;
    vk_layer *layer;
    vk_rgba *fill;
    unsigned char *hatch;
    char *year;
} owned_paint;

/* The area a paint shows: NULL for all buurten. */
static const vk_area *
area_in(const vk_area *area)
{
    return area != NULL && !area->all ? area : NULL;
}

/* Whether a paint of style st for area in (area_in) takes its breaks
 * from the area's buurten alone. */
static int
own_breaks(const vk_style *st, vk_scope scope, const vk_area *in)
{
    return in != NULL && (scope == VK_SCOPE_AREA ||
                          (scope == VK_SCOPE_STYLE && st->scope_gemeente));
}

/* What o shows besides its layer, colours and hatch: the style, area
 * (area_in), legend of the area, subtitle and source. */
static void
paint_finish(vk_mapset *ms, owned_paint *o, const vk_style *st,
             const vk_area *in, int own)
{
    const vk_features *bu = ms->b->buurten;
    const char *where = in == NULL ? vk_text(st->lang, VK_TEXT_ALL_AREAS)
                                   : vk_area_name(in, st->lang);

    o->p.style = st;
    o->p.area = in;
    o->p.scope_area = own;
    o->p.legend = vk_layer_legend(o->p.layer, bu, in);
    o->p.subtitle = st->subtitle != NULL ? vk_xasprintf("%s \xe2\x80\x93 %s",
                                                        where, st->subtitle)
                                         : vk_xstrdup(where);
    o->p.wijk = o->p.layer->wijk != NULL;
    if (o->p.wijk)
        per_wijk_subtitle(&o->p.subtitle, st->lang);
    o->p.source = st->source;
    o->p.no_class = no_class(o->p.layer, bu, in);
}

/* o shows layer l, its own. */
static void
paint_own_layer(vk_mapset *ms, owned_paint *o, vk_layer *l)
{
    add_warnings(&ms->warnings, &l->warnings);
    o->layer = l;
    paint_colours(l, ms->b->buurten->n, &o->fill, &o->hatch);
    o->p.layer = l;
    o->p.fill = o->fill;
    o->p.hatch = o->hatch;
}

vk_paint *
vk_mapset_paint(vk_mapset *ms, size_t i, vk_scope scope, const vk_area *area,
                vk_error *err)
{
    const vk_style *st = ms->style[i];
    const vk_area *in = area_in(area);
    owned_paint *o = vk_xcalloc(1, sizeof *o);
    int own = own_breaks(st, scope, in);

    /* Breaks of the area's own buurten are this paint's; over all
     * buurten they are the set's, made once. */
    if (own) {
        /* Per gemeente: the breaks of the gemeenten the area touches,
         * whole (pooled for an area of several). */
        vk_area *gm = vk_area_of_gemeenten(ms->b, in);
        vk_layer *l = make_layer(ms, st, gm, err);

        vk_area_destroy(gm);
        if (l == NULL) {
            free(o);
            return NULL;
        }
        paint_own_layer(ms, o, l);
    } else {
        if (layer_all(ms, i, err) != VK_OK) {
            free(o);
            return NULL;
        }
        o->p.layer = ms->all[i];
        o->p.fill = ms->all_fill[i];
        o->p.hatch = ms->all_hatch[i];
    }
    paint_finish(ms, o, st, in, own);
    return &o->p;
}

vk_status
vk_mapset_paint_years(vk_mapset *ms, size_t i, const char *const *years,
                      size_t nyears, vk_scope scope, const vk_area *area,
                      vk_paint **out, vk_error *err)
{
    const vk_style *st = ms->style[i];
    const vk_features *bu = ms->b->buurten;
    const vk_area *in = area_in(area);
    vk_layer *l[VK_STYLE_MAX_YEARS];
    int own = own_breaks(st, scope, in);

    if (st->level == VK_MAP_LEVEL_WIJK) {
        VK_FAIL_AT(err, VK_EUSAGE, st->path, 0, "a layer of wijken (level: "
                   "wijk) is not drawn per year");
        vk_error_hint(err, "leave this style out of --years, or map it with "
                      "--level buurt");
        return VK_EUSAGE;
    }
    if (years == NULL || nyears == 0) {
        VK_FAIL_AT(err, VK_EUSAGE, st->path, 0, "no years to draw the "
                   "layer for");
        vk_error_hint(err, "give the years with --years or the style's "
                      "years: [2014, 2016, ...]");
        return VK_EUSAGE;
    }
    {
        vk_area *gm = own ? vk_area_of_gemeenten(ms->b, in) : NULL;
        vk_status rc = vk_layers_make_years(st, &ms->ts, bu, gm, years,
                                            nyears, l, err);

        vk_area_destroy(gm);
        if (rc != VK_OK)
            return err->code;
    }
    for (size_t y = 0; y < nyears; y++) {
        owned_paint *o = vk_xcalloc(1, sizeof *o);

        paint_own_layer(ms, o, l[y]);
        paint_finish(ms, o, st, in, own);
        o->year = vk_xstrdup(years[y]);
        o->p.year = o->year;
        /* One legend of all the years, on the first paint. */
        o->p.legend_years = y == 0 ? vk_layers_legend(l, nyears, bu, in)
                                   : NULL;
        out[y] = &o->p;
    }
    return VK_OK;
}

void
vk_paint_destroy(vk_paint *p)
{
    owned_paint *o = (owned_paint *)p;

    if (o == NULL)
        return;
    vk_legend_destroy(o->p.legend);
    vk_legend_destroy(o->p.legend_years);
    free(o->year);
    free(o->p.subtitle);
    vk_layer_destroy(o->layer);
    free(o->fill);
    free(o->hatch);
    free(o);
}
