/* SPDX-License-Identifier: MIT */
/* Shared parts of the QML and SLD writers: spec checks, exact number text,
 * class tests, a libxml2 writer to memory, and specs built from a style. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_priv.h"
#include "vk/writers.h"

static vk_status
bad_class(const vk_export_spec *s, const char *path, size_t i,
          const char *why, vk_error *err)
{
    VK_FAIL_AT(err, VK_EUSAGE, path, 0, "cannot export style \"%s\": class "
               "%zu %s", s->name ? s->name : "", i + 1, why);
    return VK_EUSAGE;
}

vk_status
vk_export_check(const vk_export_spec *s, const char *path, vk_error *err)
{
    if (s == NULL || s->n == 0 || s->cls == NULL) {
        VK_FAIL_AT(err, VK_EUSAGE, path, 0, "cannot export a style without "
                   "classes");
        return VK_EUSAGE;
    }
    if (s->field == NULL || s->field[0] == '\0') {
        VK_FAIL_AT(err, VK_EUSAGE, path, 0, "cannot export style \"%s\": "
                   "no value field", s->name ? s->name : "");
        return VK_EUSAGE;
    }
    if (!isfinite(s->outline_width_mm) || s->outline_width_mm < 0) {
        VK_FAIL_AT(err, VK_EUSAGE, path, 0, "cannot export style \"%s\": "
                   "outline width must be 0 or more mm",
                   s->name ? s->name : "");
        return VK_EUSAGE;
    }
    for (size_t i = 0; i < s->n; i++) {
        const vk_export_class *c = &s->cls[i];

        if (c->is_category) {
            if (!isfinite(c->value))
                return bad_class(s, path, i, "has no finite value", err);
            continue;
        }
        if (!isfinite(c->lo) || !isfinite(c->hi))
            return bad_class(s, path, i, "has a bound that is not a finite "
                             "number", err);
        if (c->lo > c->hi)
            return bad_class(s, path, i, "has its lower bound above its "
                             "upper bound", err);
    }
    return VK_OK;
}

/* The C locale for number formatting, whatever setlocale() the program
 * made: glibc printf would otherwise write "1,5" under nl_NL. Made once
 * and kept (not thread safe; the program exports from one thread). */
static locale_t
c_locale(void)
{
    static locale_t loc = (locale_t)0;

    if (loc == (locale_t)0)
        loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return loc;
}

char *
vk_export_number(double v, char *buf)
{
    locale_t c = c_locale(), old = (locale_t)0;
    const char *e;

    if (c != (locale_t)0)
        old = uselocale(c);
    /* Fewest digits that round-trip: glibc printf and strtod are correctly
     * rounded, so the first precision that reads back exactly is the
     * shortest, and 17 always does. */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, VK_EXPORT_NUM_MAX, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* %g writes 100 as "1e+02" at one digit: give whole numbers below
     * 1e17 their digits instead (more digits of the correctly rounded
     * value still read back to v). */
    e = strchr(buf, 'e');
    if (e != NULL && e[1] == '+') {
        int exp10 = atoi(e + 2);

        if (exp10 < 17)
            snprintf(buf, VK_EXPORT_NUM_MAX, "%.*g", exp10 + 1, v);
    }
    if (c != (locale_t)0)
        uselocale(old);
    return buf;
}

int
vk_export_byte(double channel)
{
    if (!(channel > 0))
        return 0;
    if (channel >= 1)
        return 255;
    return (int)lround(channel * 255.0);
}

void
vk_export_tests_of(const vk_export_spec *s, size_t i, vk_export_tests *t)
{
    const vk_export_class *c = &s->cls[i];
    int first = i == 0, last = i + 1 == s->n;

    memset(t, 0, sizeof *t);
    if (c->is_category) {
        t->is_category = 1;
        t->value = c->value;
        return;
    }
    t->lo = c->lo;
    t->hi = c->hi;
    /* The closure: [lo, hi) with the last class closed, or (lo, hi] with
     * the first closed; open ends drop the outer test of the end classes. */
    if (s->closure == VK_CLOSE_LEFT) {
        t->lo_op = ">=";
        t->hi_op = last ? "<=" : "<";
    } else {
        t->lo_op = first ? ">=" : ">";
        t->hi_op = "<=";
    }
    if (s->open_ends && first)
        t->lo_op = NULL;
    if (s->open_ends && last)
        t->hi_op = NULL;
}

const char *
vk_export_label(const vk_export_spec *s, size_t i, char *buf, size_t size)
{
    const vk_export_class *c = &s->cls[i];
    char lo[VK_EXPORT_NUM_MAX], hi[VK_EXPORT_NUM_MAX];

    if (c->label != NULL)
        return c->label;
    if (c->is_category) {
        snprintf(buf, size, "%s", vk_export_number(c->value, lo));
        return buf;
    }
    /* "lo – hi" with an en dash (UTF-8). */
    snprintf(buf, size, "%s \xe2\x80\x93 %s", vk_export_number(c->lo, lo),
             vk_export_number(c->hi, hi));
    return buf;
}

int
vk_xw_begin(vk_xw *x)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    if (x->buf == NULL)
        return -1;
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (x->w == NULL) {
        xmlBufferFree(x->buf);
        x->buf = NULL;
        return -1;
    }
    if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
        xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
        x->bad = 1;
    return 0;
}

void
vk_xw_start(vk_xw *x, const char *name)
{
    if (!x->bad && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->bad = 1;
}

void
vk_xw_end(vk_xw *x)
{
    if (!x->bad && xmlTextWriterEndElement(x->w) < 0)
        x->bad = 1;
}

void
vk_xw_attr(vk_xw *x, const char *name, const char *value)
{
    if (!x->bad && xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
                                               BAD_CAST value) < 0)
        x->bad = 1;
}

void
vk_xw_element(vk_xw *x, const char *name, const char *text)
{
    if (!x->bad && xmlTextWriterWriteElement(x->w, BAD_CAST name,
                                             BAD_CAST text) < 0)
        x->bad = 1;
}

void
vk_xw_doctype(vk_xw *x, const char *name, const char *pubid,
              const char *sysid)
{
    if (!x->bad && xmlTextWriterWriteDTD(x->w, BAD_CAST name, BAD_CAST pubid,
                                         BAD_CAST sysid, NULL) < 0)
        x->bad = 1;
}

void
vk_xw_discard(vk_xw *x)
{
    if (x->w != NULL)
        xmlFreeTextWriter(x->w);
    if (x->buf != NULL)
        xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}

vk_status
vk_xw_finish(vk_xw *x, const char *path, vk_error *err)
{
    vk_status st;

    /* End the document; freeing the writer flushes it into the buffer. */
    if (!x->bad && xmlTextWriterEndDocument(x->w) < 0)
        x->bad = 1;
    xmlFreeTextWriter(x->w);
    x->w = NULL;
    if (x->bad) {
        vk_xw_discard(x);
        VK_FAIL_AT(err, VK_EINTERNAL, path, 0, "libxml2 could not build "
                   "the style document");
        return VK_EINTERNAL;
    }
    st = vk_write_file(path, xmlBufferContent(x->buf),
                       (size_t)xmlBufferLength(x->buf), 0, err);
    vk_xw_discard(x);
    return st;
}

/* A spec that owns its strings and classes; spec comes first so that a
 * vk_export_spec pointer from vk_export_spec_from_style is one of these. */
typedef struct owned_spec {
    vk_export_spec spec;
    vk_export_class *cls;
    char **labels;
    size_t nlabels;
    char *name, *title, *field, *nodata_label;
} owned_spec;

/* The field of a style whose value is a plain column, else NULL. */
static const char *
plain_column(const vk_style *st)
{
    const vk_value_spec *v = &st->x.value;

    if (v->op != VK_VALUE_COLUMN || v->year_a != NULL ||
        v->relative != VK_RELATIVE_NONE || v->negate)
        return NULL;
    return v->a;
}

vk_export_spec *
vk_export_spec_from_style(const vk_style *st, const vk_breaks *br,
                          const char *field, vk_error *err)
{
    const char *id = st->id ? st->id : "veerkracht";
    owned_spec *o;
    vk_legend *leg;
    size_t k;

    if (st->bivariate) {
        VK_FAIL_AT(err, VK_EUSAGE, st->path, 0, "cannot export bivariate "
                   "style \"%s\" as QML or SLD", id);
        vk_error_hint(err, "export a one-variable style");
        return NULL;
    }
    if (br == NULL || br->k < 1 || st->ncolors == 0) {
        VK_FAIL_AT(err, VK_EUSAGE, st->path, 0, "cannot export style \"%s\" "
                   "without classes and colours", id);
        return NULL;
    }
    if (field == NULL)
        field = plain_column(st);
    if (field == NULL || field[0] == '\0') {
        VK_FAIL_AT(err, VK_EUSAGE, st->path, 0, "style \"%s\" maps a "
                   "computed value, not a column of the data", id);
        vk_error_hint(err, "name the field that holds the computed value "
                      "in the layer the style is for (--field)");
        return NULL;
    }
    k = (size_t)br->k;
    o = vk_xcalloc(1, sizeof *o);
    o->cls = vk_xcalloc(k, sizeof *o->cls);
    o->labels = vk_xcalloc(k, sizeof *o->labels);
    o->nlabels = k;
    o->name = vk_xstrdup(id);
    o->title = vk_xstrdup(st->title ? st->title : id);
    o->field = vk_xstrdup(field);
    o->nodata_label =
        vk_xstrdup(st->nodata_label ? st->nodata_label
                                    : vk_text(st->lang, VK_TEXT_NODATA));
    /* Colours and labels exactly as the map and its legend have them. */
    leg = vk_legend_build(st, br, 0, 0);
    for (size_t c = 0; c < k; c++) {
        o->cls[c].lo = br->b[c];
        o->cls[c].hi = br->b[c + 1];
        o->cls[c].color = st->colors[vk_style_color_index(st, (int)c,
                                                          br->k)];
        o->labels[c] = vk_xstrdup(leg->e[c].label);
        o->cls[c].label = o->labels[c];
    }
    vk_legend_destroy(leg);
    o->spec.name = o->name;
    o->spec.title = o->title;
    o->spec.field = o->field;
    o->spec.closure = br->closure;
    o->spec.open_ends = 1; /* vk_breaks_class clamps to the end classes */
    o->spec.cls = o->cls;
    o->spec.n = k;
    o->spec.nodata = st->nodata_color;
    o->spec.nodata_label = o->nodata_label;
    /* Water and the mask as the map draws them. */
    o->spec.water_field = st->role[VK_ROLE_WATER] != NULL
                              ? st->role[VK_ROLE_WATER]
                              : "water";
    o->spec.water = vk_style_water_color();
    o->spec.water_label = vk_text(st->lang, VK_TEXT_WATER);
    if (st->mask_min_inwoners > 0) {
        o->spec.mask_field = st->mask_column != NULL ? st->mask_column
                             : st->role[VK_ROLE_POPULATION] != NULL
                                 ? st->role[VK_ROLE_POPULATION]
                                 : "aantal_inwoners";
        o->spec.mask_below = st->mask_min_inwoners;
        o->spec.mask = st->mask_color;
        o->spec.hatch = vk_carto_rgba(vk_cartography.hatch_line, 1.0);
        o->spec.hatch_width_mm = vk_cartography.hatch_line_pt * 25.4 / 72.0;
        o->spec.hatch_spacing_mm =
            vk_cartography.hatch_spacing_pt * 25.4 / 72.0;
        o->spec.mask_label = st->mask_label;
    }
    /* The buurt outline render draws (0.25 pt white at 80% opacity). */
    o->spec.outline_width_mm = vk_cartography.buurt_line_pt * 25.4 / 72.0;
    o->spec.outline = vk_carto_rgba(vk_cartography.buurt_line,
                                    vk_cartography.buurt_line_alpha);
    return &o->spec;
}

void
vk_export_spec_destroy(vk_export_spec *s)
{
    owned_spec *o = (owned_spec *)s;

    if (o == NULL)
        return;
    for (size_t i = 0; i < o->nlabels; i++)
        free(o->labels[i]);
    free(o->labels);
    free(o->cls);
    free(o->name);
    free(o->title);
    free(o->field);
    free(o->nodata_label);
    free(o);
}

vk_status
vk_export_begin(vk_xw *x, const vk_export_spec *s, const char *path,
                vk_error *err)
{
    if (vk_export_check(s, path, err) != VK_OK)
        return err->code;
    if (vk_xw_begin(x) != 0)
        return VK_FAIL_AT(err, VK_EINTERNAL, path, 0, "libxml2 could not "
                          "start a document");
    return VK_OK;
}
