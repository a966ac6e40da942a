/* SPDX-License-Identifier: MIT */
/* The sample generator's administrative layer: buurten grouped into wijken
 * and gemeenten, their kinds, codes, names and inhabitants.
 *
 * How the grouping works: some buurten become wijk seeds, one per town
 * first (its centre buurt), then a Poisson-disc choice whose exclusion
 * radius is measured in units of the local seed spacing, so that wijken
 * hold similar numbers of buurten in town and country; the radius is found
 * by bisection to hit the wanted count. Every buurt joins the wijk seed
 * nearest along the cell adjacency graph (multi-source Dijkstra), and every
 * wijk the town nearest along the wijk adjacency graph, a town's head start
 * ("pull", twice its core radius) letting bigger towns reach further. A
 * node takes the label of its shortest-path predecessor, which is final
 * when the node is relaxed, so each label's nodes form a connected tree:
 * every wijk and gemeente is one piece. CBS codes allow 100 wijken per
 * gemeente; above that, the smallest wijken merge into a neighbour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplegen.h"

/* Short local names for the generator's types. */
typedef vk_samplegen gen;
typedef vk_samplegen_town town;
typedef vk_samplegen_buurt buurt;
typedef vk_samplegen_wijk wijk;
typedef vk_samplegen_gemeente gemeente;
typedef vk_samplegen_xy dbuf;

/* Grouping */

typedef struct heap_item {
    double d;
    int node;
} heap_item;

typedef struct heap {
    heap_item *a;
    size_t n, cap;
} heap;

static void
heap_push(heap *hp, double d, int node)
{
    size_t i;

    if (hp->n == hp->cap) {
        hp->cap = hp->cap ? 2 * hp->cap : 256;
        hp->a = vk_xreallocarray(hp->a, hp->cap, sizeof *hp->a);
    }
    i = hp->n++;
    while (i > 0 && hp->a[(i - 1) / 2].d > d) {
        hp->a[i] = hp->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    hp->a[i] = (heap_item){d, node};
}

static heap_item
heap_pop(heap *hp)
{
    heap_item top = hp->a[0], last = hp->a[--hp->n];
    size_t i = 0;

    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= hp->n)
            break;
        if (c + 1 < hp->n && hp->a[c + 1].d < hp->a[c].d)
            c++;
        if (hp->a[c].d >= last.d)
            break;
        hp->a[i] = hp->a[c];
        i = c;
    }
    if (hp->n > 0)
        hp->a[i] = last;
    return top;
}

/* A graph in compressed rows: neighbours of v are adj[off[v]..off[v+1]). */
typedef struct graph {
    size_t n;
    size_t *off;
    int *adj;
    double *wt;
} graph;

static void
graph_free(graph *gr)
{
    free(gr->off);
    free(gr->adj);
    free(gr->wt);
}

/* Multi-source Dijkstra: label[v] = index of the source it grew from,
 * dist[v] its distance. Sources keep their label; any other node takes
 * its predecessor's, so every label's nodes are connected. */
static void
grow_regions(const graph *gr, const int *src, const double *src_d, size_t nsrc,
             int *label, double *dist)
{
    heap hp = {0};
    unsigned char *fixed = vk_xcalloc(gr->n, 1);

    for (size_t v = 0; v < gr->n; v++) {
        label[v] = -1;
        dist[v] = HUGE_VAL;
    }
    for (size_t k = 0; k < nsrc; k++) {
        label[src[k]] = (int)k;
        dist[src[k]] = src_d[k];
        fixed[src[k]] = 1;
        heap_push(&hp, src_d[k], src[k]);
    }
    while (hp.n > 0) {
        heap_item it = heap_pop(&hp);
        int v = it.node;

        if (it.d > dist[v])
            continue;
        for (size_t k = gr->off[v]; k < gr->off[v + 1]; k++) {
            int u = gr->adj[k];
            double nd = it.d + gr->wt[k];

            if (!fixed[u] && nd < dist[u]) {
                dist[u] = nd;
                label[u] = label[v];
                heap_push(&hp, nd, u);
            }
        }
    }
    free(hp.a);
    free(fixed);
}

/* The buurt graph: cells sharing an edge, weighted by distance in units of
 * the local spacing, so that wijken hold similar numbers of buurten. */
static void
buurt_graph(const gen *G, graph *gr)
{
    size_t n = 0;

    gr->n = G->nb;
    gr->off = vk_xcalloc(G->nb + 1, sizeof *gr->off);
    gr->adj = vk_xcalloc(G->cell_off[G->ns] + 1, sizeof *gr->adj);
    gr->wt = vk_xcalloc(G->cell_off[G->ns] + 1, sizeof *gr->wt);
    for (size_t b = 0; b < G->nb; b++) {
        int i = G->b[b].seed;

        gr->off[b] = n;
        for (size_t k = G->cell_off[i]; k < G->cell_off[i + 1]; k++) {
            int j = vk_samplegen_across(G, G->ce[k], i);
            double d;

            if (!G->inside[j])
                continue;
            d = hypot(G->sx[i] - G->sx[j], G->sy[i] - G->sy[j]) / 1000.0;
            gr->adj[n] = G->seed_buurt[j];
            gr->wt[n++] = d / (0.5 * (G->spacing[i] + G->spacing[j]));
        }
    }
    gr->off[G->nb] = n;
}

static size_t
pick_wijk_seeds(const gen *G, const int *order, size_t norder, size_t nforced,
                double c, int *out)
{
    size_t n = 0;

    for (size_t k = 0; k < norder; k++) {
        const buurt *p = &G->b[order[k]];
        double sp = G->spacing[p->seed];
        int ok = 1;

        for (size_t j = 0; ok && k >= nforced && j < n; j++) {
            const buurt *q = &G->b[out[j]];
            double lim = c * 0.5 * (sp + G->spacing[q->seed]);
            double dx = p->x - q->x, dy = p->y - q->y;

            ok = dx * dx + dy * dy >= lim * lim;
        }
        if (ok)
            out[n++] = order[k];
    }
    return n;
}

static vk_status
forced_seeds(const gen *G, int *order, unsigned char *used, vk_error *err)
{
    /* Each town's centre buurt seeds its gemeente's first wijk. */
    for (size_t k = 0; k < G->ntowns; k++) {
        double best = HUGE_VAL;
        int bi = -1;

        for (size_t b = 0; b < G->nb; b++) {
            double d =
                hypot(G->b[b].x - G->towns[k].x, G->b[b].y - G->towns[k].y);

            if (d < best && !used[b]) {
                best = d;
                bi = (int)b;
            }
        }
        if (bi < 0) {
            VK_FAIL(err, VK_EINTERNAL, "town %zu has no buurt", k);
            return VK_EINTERNAL;
        }
        order[k] = bi;
        used[bi] = 1;
    }
    return VK_OK;
}

static vk_status
group_buurten(gen *G, const graph *gr, vk_error *err)
{
    int *order = vk_xcalloc(G->nb, sizeof *order);
    int *picked = vk_xcalloc(G->nb, sizeof *picked);
    unsigned char *used = vk_xcalloc(G->nb, 1);
    int *label = vk_xcalloc(G->nb, sizeof *label);
    double *dist = vk_xcalloc(G->nb, sizeof *dist);
    double *zero = vk_xcalloc(G->nb, sizeof *zero);
    double lo = 0.3, hi = 8.0, best_c = 1.0;
    size_t n = G->ntowns, best_diff = (size_t)-1, nw;
    vk_rng r;
    vk_status st;

    /* Towns first, then the other buurten in random order. */
    if ((st = forced_seeds(G, order, used, err)) != VK_OK)
        goto cleanup;
    for (size_t b = 0; b < G->nb; b++)
        if (!used[b])
            order[n++] = (int)b;
    vk_rng_seed(&r, vk_hash3(G->seed, 0x77696a6bu, 0));
    for (size_t k = n - 1; k > G->ntowns; k--) {
        size_t j = G->ntowns + vk_rng_below(&r, k - G->ntowns + 1);
        int t = order[k];

        order[k] = order[j];
        order[j] = t;
    }

    /* Bisect the exclusion radius for the wanted number of wijken. */
    for (int it = 0; it < 20; it++) {
        double c = 0.5 * (lo + hi);
        size_t got = pick_wijk_seeds(G, order, n, G->ntowns, c, picked);
        size_t diff = got > (size_t)G->sc->wijken ? got - (size_t)G->sc->wijken
                                                  : (size_t)G->sc->wijken - got;

        if (diff < best_diff) {
            best_diff = diff;
            best_c = c;
        }
        if (got > (size_t)G->sc->wijken)
            lo = c;
        else
            hi = c;
    }
    nw = pick_wijk_seeds(G, order, n, G->ntowns, best_c, picked);

    /* Buurten join the nearest wijk seed along the graph. */
    grow_regions(gr, picked, zero, nw, label, dist);
    G->nw = nw;
    G->w = vk_xcalloc(nw, sizeof *G->w);
    for (size_t k = 0; k < nw; k++)
        G->w[k].seed = G->b[picked[k]].seed;
    for (size_t b = 0; b < G->nb; b++) {
        G->b[b].wijk = label[b];
        G->b[b].dist = dist[b];
    }
    st = VK_OK;
cleanup:
    free(order);
    free(picked);
    free(used);
    free(label);
    free(dist);
    free(zero);
    return st;
}

static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x > y) - (x < y);
}

/* Wijken join the town nearest along the wijk graph; a town's pull (a
 * negative start distance) lets bigger towns reach further. */
static void
group_wijken(gen *G, const graph *bg)
{
    graph wg = {0};
    long *pairs = vk_xcalloc(bg->off[bg->n] + 1, sizeof *pairs);
    size_t np = 0, n = 0;
    int *src = vk_xcalloc(G->ntowns, sizeof *src);
    double *src_d = vk_xcalloc(G->ntowns, sizeof *src_d);
    int *label = vk_xcalloc(G->nw, sizeof *label);
    double *dist = vk_xcalloc(G->nw, sizeof *dist);

    /* Wijk adjacency from buurt adjacency, sorted and without repeats. */
    for (size_t b = 0; b < bg->n; b++) {
        for (size_t k = bg->off[b]; k < bg->off[b + 1]; k++) {
            int wa = G->b[b].wijk, wb = G->b[bg->adj[k]].wijk;

            if (wa != wb)
                pairs[np++] = (long)wa * (long)G->nw + wb;
        }
    }
    qsort(pairs, np, sizeof *pairs, cmp_long);
    wg.n = G->nw;
    wg.off = vk_xcalloc(G->nw + 1, sizeof *wg.off);
    wg.adj = vk_xcalloc(np + 1, sizeof *wg.adj);
    wg.wt = vk_xcalloc(np + 1, sizeof *wg.wt);
    for (size_t k = 0; k < np; k++) {
        int wa = (int)(pairs[k] / (long)G->nw);
        int wb = (int)(pairs[k] % (long)G->nw);

        if (k > 0 && pairs[k] == pairs[k - 1])
            continue;
        wg.off[wa + 1]++;
        wg.adj[n] = wb;
        wg.wt[n++] = hypot(G->sx[G->w[wa].seed] - G->sx[G->w[wb].seed],
                           G->sy[G->w[wa].seed] - G->sy[G->w[wb].seed]) /
                     1000.0;
    }
    for (size_t v = 0; v < G->nw; v++)
        wg.off[v + 1] += wg.off[v];

    /* Wijk k < ntowns grew from town k's centre buurt. */
    for (size_t k = 0; k < G->ntowns; k++) {
        src[k] = (int)k;
        src_d[k] = -G->towns[k].pull;
    }
    grow_regions(&wg, src, src_d, G->ntowns, label, dist);
    for (size_t k = 0; k < G->nw; k++) {
        G->w[k].gemeente = label[k];
        G->w[k].dist = dist[k];
    }
    graph_free(&wg);
    free(pairs);
    free(src);
    free(src_d);
    free(label);
    free(dist);
}

/* CBS codes allow 100 wijken per gemeente: while a gemeente has more, its
 * smallest wijk merges into its smallest neighbouring wijk of the same
 * gemeente (a union of two adjacent connected sets stays connected). Town
 * wijken are never the ones dissolved. Empty wijken are then dropped. */
static void
cap_wijken(gen *G, const graph *bg)
{
    size_t *count = vk_xcalloc(G->nw, sizeof *count);
    int *per_gm = vk_xcalloc(G->ntowns, sizeof *per_gm);
    int *remap = vk_xcalloc(G->nw, sizeof *remap);
    size_t n = 0;

    for (size_t b = 0; b < G->nb; b++)
        count[G->b[b].wijk]++;
    for (size_t w = 0; w < G->nw; w++)
        per_gm[G->w[w].gemeente]++;
    for (size_t k = 0; k < G->ntowns; k++) {
        while (per_gm[k] > 100) {
            int wa = -1, wb = -1;

            for (size_t b = 0; b < G->nb; b++) {
                int x = G->b[b].wijk;

                if (G->w[x].gemeente != (int)k || x < (int)G->ntowns)
                    continue;
                for (size_t e = bg->off[b]; e < bg->off[b + 1]; e++) {
                    int y = G->b[bg->adj[e]].wijk;

                    if (y == x || G->w[y].gemeente != (int)k)
                        continue;
                    if (wa < 0 || count[x] < count[wa] ||
                        (count[x] == count[wa] && count[y] < count[wb])) {
                        wa = x;
                        wb = y;
                    }
                }
            }
            if (wa < 0)
                break;
            for (size_t b = 0; b < G->nb; b++)
                if (G->b[b].wijk == wa)
                    G->b[b].wijk = wb;
            count[wb] += count[wa];
            count[wa] = 0;
            per_gm[k]--;
        }
    }

    /* Drop the emptied wijken. */
    for (size_t w = 0; w < G->nw; w++) {
        remap[w] = count[w] > 0 ? (int)n : -1;
        if (count[w] > 0)
            G->w[n++] = G->w[w];
    }
    G->nw = n;
    for (size_t b = 0; b < G->nb; b++)
        G->b[b].wijk = remap[G->b[b].wijk];
    free(count);
    free(per_gm);
    free(remap);
}

/* The grouping in order */

vk_status
vk_samplegen_group(gen *G, vk_error *err)
{
    graph bg = {0};
    vk_status st;

    buurt_graph(G, &bg);
    st = group_buurten(G, &bg, err);
    if (st == VK_OK) {
        group_wijken(G, &bg);
        cap_wijken(G, &bg);
    }
    graph_free(&bg);
    return st;
}

/* Kinds */

/* The sample shows at least three bedrijventerreinen: the least urban town
 * buurten become one if chance gave fewer. */
static void
ensure_industry(gen *G)
{
    size_t n = 0;

    for (size_t b = 0; b < G->nb; b++)
        n += G->b[b].kind == VK_SG_INDUSTRY;
    while (!G->national && n < 3) {
        int best = -1;

        for (size_t b = 0; b < G->nb; b++)
            if (G->b[b].kind == VK_SG_URBAN &&
                (best < 0 || G->b[b].urban < G->b[best].urban))
                best = (int)b;
        if (best < 0)
            return;
        G->b[best].kind = VK_SG_INDUSTRY;
        n++;
    }
}

void
vk_samplegen_classify(gen *G)
{
    vk_rng r;

    vk_rng_seed(&r, vk_hash3(G->seed, 0x6b696e64u, 0));
    for (size_t b = 0; b < G->nb; b++) {
        buurt *p = &G->b[b];
        double u = 0, ring = 0;

        /* Urbanity and the ring just outside a centre, from the towns. */
        for (size_t k = 0; k < G->ntowns; k++) {
            const town *t = &G->towns[k];
            double rr = hypot(p->x - t->x, p->y - t->y) / t->sigma;
            double uk = exp(-0.5 * rr * rr);
            double rk = exp(-0.5 * pow((rr - 1.5) / 0.6, 2)) *
                        (t->w < 0.8 ? t->w / 0.8 : 1.0);

            u = uk > u ? uk : u;
            ring = rk > ring ? rk : ring;
        }
        p->urban = u;
        p->ring = ring;
        if (G->water[p->seed])
            p->kind = VK_SG_WATER;
        else if (u > 0.6)
            p->kind = VK_SG_CENTRE;
        else if (u > 0.14)
            p->kind = u < 0.45 && vk_rng_unit(&r) < 0.09 ? VK_SG_INDUSTRY
                                                         : VK_SG_URBAN;
        else
            p->kind = VK_SG_RURAL;
    }
    ensure_industry(G);
}

/* Codes, names and inhabitants */

/* qsort has no context argument in C11: the generator being sorted. */
static const gen *sort_gen;

/* Buurten by gemeente, wijk distance, then distance within the wijk; the
 * lake (infinite distance) comes last in its wijk. */
static int
cmp_buurt_idx(const void *pa, const void *pb)
{
    const gen *G = sort_gen;
    const buurt *a = &G->b[*(const int *)pa], *b = &G->b[*(const int *)pb];
    const wijk *wa = &G->w[a->wijk], *wb = &G->w[b->wijk];

    if (wa->gemeente != wb->gemeente)
        return wa->gemeente < wb->gemeente ? -1 : 1;
    if (a->wijk != b->wijk) {
        if (wa->dist != wb->dist)
            return wa->dist < wb->dist ? -1 : 1;
        return a->wijk < b->wijk ? -1 : 1;
    }
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    return (*(const int *)pa > *(const int *)pb) -
           (*(const int *)pa < *(const int *)pb);
}

/* Gemeente order and codes: the sample's are fixed; national ones run
 * north to south with random gaps, like the historic CBS numbering. */
static void
number_gemeenten(gen *G)
{
    vk_rng r;
    int *order = vk_xcalloc(G->ntowns, sizeof *order);
    size_t left = G->ntowns;

    vk_rng_seed(&r, vk_hash3(G->seed, 0x67656du, 0));
    G->ng = G->ntowns;
    G->g = vk_xcalloc(G->ng, sizeof *G->g);
    for (size_t k = 0; k < G->ng; k++)
        order[k] = (int)k;
    if (G->national) {
        /* Sort towns by y descending (insertion sort: 342 items). */
        for (size_t k = 1; k < G->ng; k++) {
            int v = order[k];
            size_t j = k;

            while (j > 0 && G->towns[order[j - 1]].y < G->towns[v].y) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = v;
        }
    }
    for (size_t k = 0, code = 1; k < G->ng; k++) {
        gemeente *gm = &G->g[k];

        gm->town = order[k];
        if (!G->national) {
            gm->number = G->sc->towns[k].number;
        } else {
            /* Selection sampling (Knuth's Algorithm S) from 1..1999. */
            while (vk_rng_unit(&r) * (double)(2000 - code) >= (double)left)
                code++;
            gm->number = (int)code++;
            left--;
        }
        snprintf(gm->code, sizeof gm->code, "GM%04d", gm->number);
    }
    free(order);
}

vk_status
vk_samplegen_number(gen *G, vk_error *err)
{
    int *town_gm = vk_xcalloc(G->ntowns, sizeof *town_gm);
    int *idx = vk_xcalloc(G->nb, sizeof *idx);
    int prev_w = -1, prev_g = -1, wnum = 0, bnum = 0;

    number_gemeenten(G);
    for (size_t k = 0; k < G->ng; k++)
        town_gm[G->g[k].town] = (int)k;
    for (size_t k = 0; k < G->nw; k++)
        G->w[k].gemeente = town_gm[G->w[k].gemeente];

    /* Buurten in code order; wijken numbered by distance from wijk 00. */
    for (size_t b = 0; b < G->nb; b++)
        idx[b] = (int)b;
    sort_gen = G;
    qsort(idx, G->nb, sizeof *idx, cmp_buurt_idx);
    for (size_t k = 0; k < G->nb; k++) {
        buurt *p = &G->b[idx[k]];
        wijk *w = &G->w[p->wijk];
        gemeente *gm = &G->g[w->gemeente];

        if (w->gemeente != prev_g) {
            prev_g = w->gemeente;
            wnum = 0;
        }
        if (p->wijk != prev_w) {
            prev_w = p->wijk;
            w->number = wnum++;
            gm->nwijken++;
            bnum = 0;
            snprintf(w->code, sizeof w->code, "WK%04d%02d", gm->number,
                     w->number);
        }
        p->number = bnum++;
        w->nbuurten++;
        if (w->number > 99 || p->number > 99) {
            free(town_gm);
            free(idx);
            VK_FAIL(err, VK_EINTERNAL,
                    "%s: more than 100 wijken (%d) or buurten in wijk %s (%d)",
                    gm->code, w->number + 1, w->code, p->number + 1);
            return VK_EINTERNAL;
        }
        snprintf(p->code, sizeof p->code, "BU%04d%02d%02d", gm->number,
                 w->number, p->number);
    }
    free(town_gm);
    free(idx);
    return VK_OK;
}

static vk_samplegen_kind
wijk_kind(const gen *G, size_t w)
{
    int n[VK_SG_LAKE + 1] = {0};
    int best = VK_SG_RURAL;

    for (size_t b = 0; b < G->nb; b++)
        if (G->b[b].wijk == (int)w)
            n[G->b[b].kind]++;
    n[VK_SG_URBAN] += n[VK_SG_CENTRE];
    n[VK_SG_WATER] += n[VK_SG_LAKE];
    if (n[VK_SG_WATER] == G->w[w].nbuurten)
        return VK_SG_WATER;
    n[VK_SG_WATER] = 0;
    for (int k = VK_SG_RURAL; k <= VK_SG_INDUSTRY; k++)
        if (n[k] > n[best])
            best = k;
    return (vk_samplegen_kind)best;
}

void
vk_samplegen_name(gen *G)
{
    vk_samplegen_names gnames = {0};
    vk_rng r;

    vk_rng_seed(&r, vk_hash3(G->seed, 0x6e616d65u, 0));
    for (size_t k = 0; k < G->ng; k++) {
        G->g[k].name = G->national ? vk_samplegen_gemeente_name(&gnames, &r)
                                   : vk_xstrdup(G->sc->towns[k].name);
    }
    vk_samplegen_names_free(&gnames);

    /* Wijken: some gemeenten use the CBS "Wijk 03 ..." style. */
    for (size_t k = 0; k < G->nw; k++) {
        wijk *w = &G->w[k];
        gemeente *gm = &G->g[w->gemeente];
        const town *t = &G->towns[gm->town];
        double x = G->sx[w->seed] / 1000.0, y = G->sy[w->seed] / 1000.0;
        int numbered =
            G->national
                ? vk_hash3(G->seed, 0x6e756du, (uint64_t)gm->number) % 10 < 3
                : w->gemeente == 2;

        w->name = vk_samplegen_wijk_name(
            &gm->wijk_names, &r, wijk_kind(G, k), w->number == 0,
            vk_samplegen_direction(x - t->x, y - t->y),
            numbered ? w->number : -1, vk_samplegen_water_name(G, x, y));
    }

    /* Buurten, in code order within each gemeente. */
    for (size_t b = 0; b < G->nb; b++) {
        buurt *p = &G->b[b];
        gemeente *gm = &G->g[G->w[p->wijk].gemeente];
        const town *t = &G->towns[gm->town];

        p->name = vk_samplegen_buurt_name(
            &gm->buurt_names, &r, p->kind,
            vk_samplegen_direction(p->x - t->x, p->y - t->y),
            p->kind == VK_SG_LAKE ? "Zilverplas"
                                  : vk_samplegen_water_name(G, p->x, p->y));
    }
}

void
vk_samplegen_populate(gen *G)
{
    vk_rng r;
    dbuf ring = {0};
    int zero_left = G->national ? 0 : 2, tiny_left = G->national ? 0 : 2;

    vk_rng_seed(&r, vk_hash3(G->seed, 0x706f70u, 0));
    for (size_t b = 0; b < G->nb; b++) {
        buurt *p = &G->b[b];
        double dens, noise = exp(0.35 * vk_rng_normal(&r));

        /* Town buurten hold a few thousand people whatever their size;
         * the buitengebied has about 55 per km2. */
        p->area = vk_samplegen_buurt_area(G, (int)b, &ring);
        switch (p->kind) {
        case VK_SG_CENTRE:
            dens = 1900 * exp(0.35 * vk_rng_normal(&r));
            dens = (dens < 1000 ? 1000 : dens > 4000 ? 4000 : dens) / p->area;
            break;
        case VK_SG_URBAN:
            dens = 2100 * exp(0.45 * vk_rng_normal(&r)) * (0.5 + p->urban);
            dens = (dens < 600 ? 600 : dens > 5200 ? 5200 : dens) / p->area;
            break;
        case VK_SG_RURAL:
            dens = 55 * noise;
            break;
        default:
            dens = 0;
            break;
        }
        p->inwoners = lround(p->area * dens);
        if (p->kind == VK_SG_INDUSTRY) {
            /* Bedrijventerreinen: a caretaker or two, or nobody. */
            if (zero_left > 0 || (G->national && vk_rng_unit(&r) < 0.4)) {
                p->inwoners = 0;
                zero_left -= zero_left > 0;
            } else {
                p->inwoners = 5 + (long)vk_rng_below(&r, 36);
            }
        } else if (p->kind == VK_SG_RURAL && tiny_left > 0 &&
                   vk_rng_unit(&r) < 0.08) {
            /* A few hamlets below 50 inhabitants, on purpose. */
            p->inwoners = 12 + (long)vk_rng_below(&r, 34);
            tiny_left--;
        }
    }
    free(ring.v);
}
