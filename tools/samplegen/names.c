/* SPDX-License-Identifier: MIT */
/* Made-up but Dutch-looking names for buurten, wijken and gemeenten, with
 * diacritics and apostrophes, unique within their scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* clang-format off */
static const char *const directions[8] = {
    "Noord", "Noordoost", "Oost", "Zuidoost",
    "Zuid", "Zuidwest", "West", "Noordwest",
};

static const char *const centre_names[] = {
    "Centrum", "Binnenstad", "Oude Stad", "Stationskwartier",
    "Marktkwartier", "Havenkwartier", "Kerkbuurt", "'t Hof",
    "Vestingkwartier", "Oude Haven", "De Brink", "Kloosterkwartier",
    "Raadhuiskwartier", "Citadel", "Begijnhof", "Lange Gracht",
    "Waaggebied", "Kaaikant",
};

static const char *const urban_names[] = {
    "De Hoef", "Molenkwartier", "'t Zand", "Crèmeriebuurt", "Bloemenbuurt",
    "Vogelbuurt", "Schildersbuurt", "Componistenbuurt", "Rivierenbuurt",
    "Bomenbuurt", "Zeeheldenbuurt", "Professorenbuurt", "Poëtenbuurt",
    "De Weide", "Het Rietveld", "Rozengaarde", "De Kamp", "Oranjewijk",
    "Parkwijk", "De Bongerd", "Sterrenwijk", "Ter Weyde", "De Maten",
    "Het Kasteel", "'t Veld", "De Kûle", "Bèrgske", "Hoogeland",
    "Mariënburg", "Kruidenwijk", "Villapark", "Lage Weide", "Hogewaard",
    "Waterrijk", "De Gaarde", "Blauwe Hoek", "'t Gein", "Ezelsveld",
    "Paterswei", "Ruïnekwartier", "'s-Heerenhof", "De Pôle", "Tuindorp",
    "Dichtersbuurt", "Sportpark", "Vissersbuurt", "Nieuw Wëerd",
};

static const char *const compound_head[] = {
    "Wester", "Ooster", "Noorder", "Zuider", "Hoog", "Laag", "Linden",
    "Eiken", "Wilgen", "Beuken", "Berken", "Molen", "Kerk", "Brug",
    "Sluis", "Dijk", "Meer", "Veen", "Zand", "Rozen", "Klaver", "Zonne",
    "Vlinder", "Hazel", "Esdoorn", "Walnoot", "Kastanje", "Ganzen",
};

static const char *const compound_tail[] = {
    "hof", "veld", "kamp", "hoek", "wijk", "weide", "gaarde", "park",
    "hout", "horst", "akker", "dreef", "rijk", "buurt", "kwartier", "zoom",
    "waard", "hage", "laan", "stede",
};

static const char *const industry_heads[] = {
    "Bedrijventerrein", "Industrieterrein", "Bedrijvenpark",
    "Haven- en industrieterrein",
};

static const char *const industry_names[] = {
    "De Linge", "Hoogveld", "De Wetering", "'t Schouw", "Kanaalzône",
    "Vossenberg", "De Hurk", "Het Eiland", "Molenaarsgraaf", "De Beitel",
    "Kazerneterrein", "Spoorzone", "De Ambacht", "Ekkersrijt",
};

static const char *const water_names[] = {
    "Havenkom", "Oude Arm", "De Kolk", "Strang", "Zandwinplas", "De Wiel",
    "Vaargeul", "Kribvak", "Zwaaikom", "Spui",
};

static const char *const hamlet_head[] = {
    "Ame", "Bra", "Dor", "Eë", "Gel", "Hae", "Heu", "Kes", "Lie", "Mee",
    "Oph", "Rum", "Tie", "Wa", "Zoe", "Ech", "Hel", "Ker", "Bëe", "Lö",
    "Ûl", "Sme", "Vo", "Ste", "Dre", "Bun", "Haa", "Ros", "Wë",
};

static const char *const hamlet_tail[] = {
    "kel", "den", "ft", "mert", "len", "st", "sel", "wijk", "loo",
    "hout", "rode", "dam", "broek", "rijp", "hem", "sum", "lo", "wolde",
    "veen", "waarde", "dijk", "horst", "gen", "beek", "meer",
};

static const char *const hamlet_prefix[] = {
    "Groot-", "Klein-", "Oud-", "Nieuw-", "Hoog-", "Laag-", "Neder-",
    "Over-", "Ter ", "'s-", "Sint-", "Kapelle-", "Achter-",
};

static const char *const gemeente_tail[] = {
    " aan de Linge", " aan den IJssel", " aan de Maas", "-Eë",
    " en Heuvelrûge", "-Mûnde", " Binnen", "wâld",
};

/* clang-format on */

int
vk_samplegen_names_has(const vk_samplegen_names *used, const char *name)
{
    for (size_t i = 0; i < used->n; i++)
        if (strcmp(used->s[i], name) == 0)
            return 1;
    return 0;
}

void
vk_samplegen_names_add(vk_samplegen_names *used, const char *name)
{
    if (used->n == used->cap) {
        used->cap = used->cap ? 2 * used->cap : 32;
        used->s = vk_xreallocarray(used->s, used->cap, sizeof *used->s);
    }
    used->s[used->n++] = vk_xstrdup(name);
}

void
vk_samplegen_names_free(vk_samplegen_names *used)
{
    for (size_t i = 0; i < used->n; i++)
        free(used->s[i]);
    free(used->s);
    *used = (vk_samplegen_names){0};
}

int
vk_samplegen_direction(double dx, double dy)
{
    /* Angle clockwise from north, in eighths of a turn. */
    double a = atan2(dx, dy) / 6.283185307179586 * 8.0;
    int d = (int)floor(a + 0.5);

    return ((d % 8) + 8) % 8;
}

const char *
vk_samplegen_direction_name(int dir)
{
    return directions[((dir % 8) + 8) % 8];
}

static const char *
pick(vk_rng *r, const char *const *list, size_t n)
{
    return list[vk_rng_below(r, n)];
}

/* "Beukenhorst", sometimes "De Beukenhorst". */
static char *
compound(vk_rng *r)
{
    const char *h = pick(r, compound_head, COUNT(compound_head));
    const char *t = pick(r, compound_tail, COUNT(compound_tail));

    return vk_xasprintf("%s%s%s", vk_rng_unit(r) < 0.12 ? "De " : "", h, t);
}

/* A place-name stem: "Kesmert", "Ameloo". */
static char *
stem(vk_rng *r)
{
    const char *h = pick(r, hamlet_head, COUNT(hamlet_head));
    const char *t = pick(r, hamlet_tail, COUNT(hamlet_tail));

    return vk_xasprintf("%s%s", h, t);
}

/* A hamlet: "Kesmert", "Groot-Heurne", "'s-Ameloo". */
static char *
hamlet(vk_rng *r)
{
    const char *p = vk_rng_unit(r) < 0.3
                        ? pick(r, hamlet_prefix, COUNT(hamlet_prefix))
                        : "";
    char *s = stem(r);
    char *out = vk_xasprintf("%s%s", p, s);

    free(s);
    return out;
}

/* Takes ownership of name: returns it if new, else frees it and NULL. */
static char *
take_if_new(vk_samplegen_names *used, char *name)
{
    if (vk_samplegen_names_has(used, name)) {
        free(name);
        return NULL;
    }
    vk_samplegen_names_add(used, name);
    return name;
}

/* Last resort: "<base> <direction>", then "<base> 2", "<base> 3", ... */
static char *
make_unique(vk_samplegen_names *used, const char *base, int dir)
{
    char *s = take_if_new(
        used, vk_xasprintf("%s %s", base, vk_samplegen_direction_name(dir)));

    for (int k = 2; s == NULL; k++)
        s = take_if_new(used, vk_xasprintf("%s %d", base, k));
    return s;
}

static char *
candidate(vk_rng *r, vk_samplegen_kind kind, int dir, const char *water)
{
    double u = vk_rng_unit(r);

    switch (kind) {
    case VK_SG_CENTRE:
        if (u < 0.75)
            return vk_xstrdup(pick(r, centre_names, COUNT(centre_names)));
        return compound(r);
    case VK_SG_URBAN:
        if (u < 0.5)
            return vk_xstrdup(pick(r, urban_names, COUNT(urban_names)));
        return compound(r);
    case VK_SG_INDUSTRY: {
        const char *h = pick(r, industry_heads, COUNT(industry_heads));

        if (u < 0.6)
            return vk_xasprintf("%s %s", h,
                                pick(r, industry_names, COUNT(industry_names)));
        return vk_xasprintf("%s %s", h, vk_samplegen_direction_name(dir));
    }
    case VK_SG_LAKE:
        return vk_xstrdup(water);
    case VK_SG_WATER:
        if (u < 0.35)
            return vk_xstrdup(water);
        if (u < 0.7)
            return vk_xasprintf("%s %s", water,
                                vk_samplegen_direction_name(dir));
        return vk_xstrdup(pick(r, water_names, COUNT(water_names)));
    case VK_SG_RURAL:
    default:
        break;
    }
    if (u < 0.35)
        return vk_xasprintf("Buitengebied %s",
                            vk_samplegen_direction_name(dir));
    if (u < 0.6) {
        char *h = hamlet(r);
        char *s = vk_xasprintf("Verspreide huizen %s", h);

        free(h);
        return s;
    }
    return hamlet(r);
}

char *
vk_samplegen_buurt_name(vk_samplegen_names *used, vk_rng *r,
                        vk_samplegen_kind kind, int dir, const char *water_name)
{
    char *base;
    char *s;

    /* A few draws usually find a free name; otherwise qualify one. */
    for (int tries = 0; tries < 24; tries++) {
        s = take_if_new(used, candidate(r, kind, dir, water_name));
        if (s != NULL)
            return s;
    }
    base = candidate(r, kind, dir, water_name);
    s = make_unique(used, base, dir);
    free(base);
    return s;
}

static char *
wijk_candidate(vk_rng *r, vk_samplegen_kind kind, int centre, int dir,
               const char *water)
{
    double u = vk_rng_unit(r);

    if (centre)
        return vk_xstrdup(u < 0.6    ? "Centrum"
                          : u < 0.85 ? "Binnenstad"
                                     : "Oude Kern");
    switch (kind) {
    case VK_SG_WATER:
    case VK_SG_LAKE:
        return candidate(r, VK_SG_WATER, dir, water);
    case VK_SG_RURAL: {
        char *h;
        char *s;

        if (u < 0.5)
            return vk_xasprintf("Buitengebied %s",
                                vk_samplegen_direction_name(dir));
        h = hamlet(r);
        s = u < 0.65 ? vk_xasprintf("%s en omgeving", h) : vk_xstrdup(h);
        free(h);
        return s;
    }
    case VK_SG_INDUSTRY:
        return candidate(r, VK_SG_INDUSTRY, dir, water);
    default:
        break;
    }
    if (u < 0.35)
        return vk_xstrdup(vk_samplegen_direction_name(dir));
    if (u < 0.65)
        return vk_xstrdup(pick(r, urban_names, COUNT(urban_names)));
    return compound(r);
}

char *
vk_samplegen_wijk_name(vk_samplegen_names *used, vk_rng *r,
                       vk_samplegen_kind kind, int centre, int dir, int number,
                       const char *water_name)
{
    char *s = NULL;
    char *base;

    for (int tries = 0; tries < 24 && s == NULL; tries++) {
        base = wijk_candidate(r, kind, centre, dir, water_name);
        s = take_if_new(used, base);
    }
    if (s == NULL) {
        base = wijk_candidate(r, kind, centre, dir, water_name);
        s = make_unique(used, base, dir);
        free(base);
    }
    /* CBS style "Wijk 03 Lindehorst"; uniqueness holds with the number. */
    if (number >= 0) {
        char *numbered = vk_xasprintf("Wijk %02d %s", number, s);

        free(s);
        s = numbered;
    }
    return s;
}

char *
vk_samplegen_gemeente_name(vk_samplegen_names *used, vk_rng *r)
{
    for (;;) {
        char *h = hamlet(r);
        double u = vk_rng_unit(r);
        char *s, *t;

        /* Mostly a single place name, sometimes with a river, a region or
         * a second place ("Kesmert-Ameloo"). */
        if (u < 0.12) {
            s = vk_xasprintf("%s%s", h,
                             pick(r, gemeente_tail, COUNT(gemeente_tail)));
        } else if (u < 0.2) {
            t = stem(r);
            s = vk_xasprintf("%s-%s", h, t);
            free(t);
        } else {
            s = vk_xstrdup(h);
        }
        free(h);
        if ((s = take_if_new(used, s)) != NULL)
            return s;
    }
}
