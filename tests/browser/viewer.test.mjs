// SPDX-License-Identifier: MIT
// Headless-browser test of the tile viewer in a tile directory DIR (written
// by `veerkracht tiles`): serves DIR over http on a free localhost port,
// opens index.html in Debian's Chromium through playwright-core and checks
// that tiles load (a 404 is only expected for a tile absent on disk: empty
// tiles are not written), that there are no console errors, that switching
// the layer switches the tile URLs and the legend, and that hovering a buurt
// shows its name and value.
//
//   node viewer.test.mjs DIR
//
// Environment: VK_CHROMIUM (default /usr/bin/chromium).
// Exit status: 0 passed, 1 failed, 2 usage or setup problem.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';

import { chromium } from 'playwright-core';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.geojson': 'application/geo+json',
    '.png': 'image/png',
    '.map': 'application/json',
};
const TILE = /^\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.png$/;

const failures = [];
function check(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
}

// ---- the static server ---------------------------------------------------

// Serves the files of root; every request is logged with its status.
function serve(root, log) {
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        const rel = decodeURIComponent(url.pathname);
        const file = path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel);
        let status = 200;

        if (!file.startsWith(root + path.sep) && file !== root) {
            status = 403;
        } else if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
            status = 404;
        }
        log.push({ path: url.pathname, status });
        if (status !== 200) {
            res.writeHead(status, { 'Content-Type': 'text/plain' });
            res.end(`${status}\n`);
            return;
        }
        res.writeHead(200, {
            'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
            'Cache-Control': 'no-store',
        });
        fs.createReadStream(file).pipe(res);
    });
    return new Promise((resolve, reject) => {
        server.on('error', reject);
        // Port 0: the system picks a free one.
        server.listen(0, '127.0.0.1', () => resolve(server));
    });
}

// ---- geometry: a point well inside a buurt ----------------------------

function inside(rings, x, y) {
    let inn = false;
    for (const ring of rings) {
        for (let i = 1; i < ring.length; i++) {
            const [ax, ay] = ring[i - 1], [bx, by] = ring[i];
            if ((ay <= y && by > y) || (by <= y && ay > y)) {
                if (ax + (y - ay) / (by - ay) * (bx - ax) > x) inn = !inn;
            }
        }
    }
    return inn;
}

function edgeDistance(rings, x, y) {
    let best = Infinity;
    for (const ring of rings) {
        for (let i = 1; i < ring.length; i++) {
            const [ax, ay] = ring[i - 1], [bx, by] = ring[i];
            const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
            t = Math.max(0, Math.min(1, t));
            best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
        }
    }
    return best;
}

// The sampled point of the feature's largest polygon farthest from its
// edges: [lon, lat].
function interiorPoint(feature) {
    const polys = feature.geometry.coordinates;
    let poly = polys[0], area = -1;
    for (const p of polys) {
        let a = 0;
        const r = p[0];
        for (let i = 1; i < r.length; i++)
            a += r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1];
        if (Math.abs(a) > area) { area = Math.abs(a); poly = p; }
    }
    const xs = poly[0].map((c) => c[0]), ys = poly[0].map((c) => c[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs),
                              Math.min(...ys), Math.max(...ys)];
    let best = null, bestD = -1;
    for (let i = 1; i < 40; i++) {
        for (let j = 1; j < 40; j++) {
            const x = x0 + (x1 - x0) * i / 40, y = y0 + (y1 - y0) * j / 40;
            if (!inside(poly, x, y)) continue;
            const d = edgeDistance(poly, x, y);
            if (d > bestD) { bestD = d; best = [x, y]; }
        }
    }
    return best;
}

// ---- the test ------------------------------------------------------------

// The labels of a legend shown for layer (from layers.json).
function legendLabels(layer) {
    return layer.legend.entries.map((e) => e.label);
}

async function legendShows(page, layer) {
    const shown = await page.evaluate(() => {
        const box = document.getElementById('legend');
        const titles = [...box.querySelectorAll('[title]')].map((e) => e.title);
        return { text: box.textContent, titles };
    });
    return legendLabels(layer).every((l) => shown.text.includes(l) ||
        shown.titles.some((t) => t.startsWith(l)));
}

// Tile requests logged since index `from`, for layer id.
function tileRequests(log, from, id) {
    return log.slice(from).filter((r) => {
        const m = TILE.exec(r.path);
        return m && (id === undefined || m[1] === id);
    });
}

async function main() {
    const dir = process.argv[2];
    if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
        console.error(`usage: node viewer.test.mjs DIR (a tile directory with index.html); got ${dir}`);
        return 2;
    }
    const root = fs.realpathSync(dir);
    const cfg = JSON.parse(fs.readFileSync(path.join(root, 'layers.json'), 'utf8'));
    const geo = JSON.parse(fs.readFileSync(path.join(root, 'buurten.geojson'), 'utf8'));
    const exe = process.env.VK_CHROMIUM || '/usr/bin/chromium';
    if (!fs.existsSync(exe)) {
        console.error(`${exe}: Chromium not found; install the Debian package chromium or set VK_CHROMIUM`);
        return 2;
    }

    const log = [];
    const server = await serve(root, log);
    const base = `http://127.0.0.1:${server.address().port}/`;
    const browser = await chromium.launch({ executablePath: exe, chromiumSandbox: false });
    const consoleErrors = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        page.setDefaultTimeout(15000);
        page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
        page.on('console', (m) => {
            if (m.type() !== 'error') return;
            // A tile left out because it is empty is an expected 404.
            const url = m.location().url || '';
            const p = url.startsWith(base) ? '/' + url.slice(base.length) : '';
            if (TILE.test(p) && !fs.existsSync(path.join(root, p))) return;
            consoleErrors.push(`console: ${m.text()} ${url}`);
        });

        // Load the page and wait for it to read layers.json and the buurten.
        await page.goto(base + 'index.html');
        await page.waitForSelector('body[data-ready="1"]');
        await page.waitForLoadState('networkidle');
        const first = cfg.layers[0], second = cfg.layers[1];
        check(cfg.layers.length >= 2, `layers.json has ${cfg.layers.length} layers`);

        // Tiles of the first layer load; a 404 only for a tile absent on disk.
        const t1 = tileRequests(log, 0);
        check(t1.length > 0 && t1.every((r) => TILE.exec(r.path)[1] === first.id),
              `${t1.length} tile requests, all for the first layer ${first.id}`);
        check(t1.some((r) => r.status === 200), `tiles of ${first.id} load (${t1.filter((r) => r.status === 200).length} with 200)`);
        const bad = log.filter((r) => r.status !== 200 &&
            !(TILE.test(r.path) && !fs.existsSync(path.join(root, r.path))));
        check(bad.length === 0, `no failed requests other than absent tiles ${JSON.stringify(bad.slice(0, 5))}`);
        const zooms = new Set(t1.map((r) => Number(TILE.exec(r.path)[2])));
        check([...zooms].every((z) => z >= cfg.minzoom && z <= cfg.maxzoom),
              `tile zooms ${[...zooms]} within ${cfg.minzoom}-${cfg.maxzoom}`);

        // The legend and title are the first layer's.
        check(await legendShows(page, first), `legend shows the labels of ${first.id}`);
        check((await page.textContent('#title')) === first.title, `title is "${first.title}"`);

        // Switching the layer switches the tile URLs and the legend.
        const mark = log.length;
        await page.check(`#layers input[value="${second.id}"]`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        const t2 = tileRequests(log, mark);
        check(t2.length > 0 && t2.every((r) => TILE.exec(r.path)[1] === second.id),
              `after the switch ${t2.length} tile requests, all for ${second.id}`);
        const srcs = await page.$$eval('.leaflet-tile-pane img', (imgs) => imgs.map((i) => i.getAttribute('src')));
        check(srcs.length > 0 && srcs.every((s) => s.startsWith(second.id + '/')),
              `tile images in the page are ${second.id}'s (${srcs.length})`);
        check(await legendShows(page, second), `legend shows the labels of ${second.id}`);
        check(!(await legendShows(page, first)) || legendLabels(first).join() === legendLabels(second).join(),
              `legend no longer shows ${first.id}'s labels`);
        // A bivariate layer's legend is a grid.
        const bi = cfg.layers.find((l) => l.legend.grid);
        if (bi) {
            await page.check(`#layers input[value="${bi.id}"]`);
            const cells = await page.$$eval('#legend .bigrid .cell', (c) => c.length);
            check(cells === bi.legend.grid.cols * bi.legend.grid.rows,
                  `${bi.id}: ${cells} legend cells in a grid`);
            check(await legendShows(page, bi), `legend shows the labels of ${bi.id}`);
            await page.check(`#layers input[value="${second.id}"]`);
        }

        // The opacity slider sets the tiles' opacity.
        await page.$eval('#opacity', (e) => { e.value = '40'; e.dispatchEvent(new Event('input')); });
        const op = await page.$eval('.leaflet-tile-pane .leaflet-layer', (e) => getComputedStyle(e).opacity);
        check(Math.abs(Number(op) - 0.6) < 0.01, `transparency 40 gives tile opacity ${op}`);

        // Hovering a known buurt shows its name and value.
        const feature = geo.features.find((f) => f.properties.code === 'BU09810001' && f.geometry) ||
                        geo.features.find((f) => f.geometry);
        const [lon, lat] = interiorPoint(feature);
        const values = JSON.parse(fs.readFileSync(path.join(root, second.values), 'utf8'));
        const pt = await page.evaluate(([la, lo, z]) => {
            const map = window.vkViewer.state.map;
            map.setView([la, lo], z, { animate: false });
            const p = map.latLngToContainerPoint([la, lo]);
            const r = map.getContainer().getBoundingClientRect();
            return { x: r.left + p.x, y: r.top + p.y };
        }, [lat, lon, cfg.maxzoom - 1]);
        await page.mouse.move(5, 5);
        await page.mouse.move(pt.x, pt.y, { steps: 3 });
        await page.waitForFunction((name) => document.getElementById('info').textContent.includes(name),
                                   feature.properties.name).catch(() => {});
        const info = await page.textContent('#info');
        check(info.includes(feature.properties.name), `hovering ${feature.properties.code} shows "${feature.properties.name}" (info: ${info})`);
        const v = values[feature.properties.code];
        const want = v ? (v.v !== undefined ? v.v : v.c) : 'Geen gegevens';
        check(info.includes(want), `and its ${second.id} value "${want}"`);
        await page.waitForLoadState('networkidle');

        check(consoleErrors.length === 0, `no console errors ${JSON.stringify(consoleErrors.slice(0, 5))}`);
        const bad2 = log.filter((r) => r.status !== 200 &&
            !(TILE.test(r.path) && !fs.existsSync(path.join(root, r.path))));
        check(bad2.length === 0, `no 404 for files on disk over the whole run (${log.length} requests)`);
    } finally {
        await browser.close();
        server.close();
    }
    console.log(failures.length === 0 ? 'browser test passed' : `browser test: ${failures.length} failed`);
    return failures.length === 0 ? 0 : 1;
}

main().then((rc) => process.exit(rc), (e) => {
    console.error(`browser test: ${e.stack || e}`);
    process.exit(1);
});
