// SPDX-License-Identifier: MIT
// Headless-browser test of the tile viewer in a tile directory DIR (written
// by `veerkracht tiles --atlas DIR/atlas --basemap basemap/{z}/{x}/{y}.png`):
// serves DIR over http on a free localhost port (and a stand-in basemap),
// opens index.html in Debian's Chromium through playwright-core and checks
// that tiles load (a 404 is only expected for a tile absent on disk: empty
// tiles are not written), that there are no console errors, what the first
// view transfers, the JS heap and how soon hover answers; that switching
// the layer switches the tile URLs and the legend; that hovering a buurt
// shows its name and value, and that at the deepest zoom a point two
// pixels inside a buurt's true outline (ORIGINAL: the buurten in lon/lat
// straight from the source) names that buurt; search, the URL hash, the
// buurt panel with its atlas link, keyboard use and the print stylesheet.
//
// With a fourth folder YEARS (a layer of no years, then one whose style
// names years): the year slider is there only for the layer of years,
// moving it (keyboard) requests that year's tiles and changes pixels, the
// legend keeps its labels (the same breaks), and the hash keeps the year
// so that a link reopens it.
//
// With a third folder ARCHIVES (written by `veerkracht tiles --pmtiles
// --no-dir` from the same inputs): every DIR/<layer>.pmtiles is read in
// the page by the npm package pmtiles (the format's official reader) and
// each tile's bytes must equal DIR/<layer>/{z}/{x}/{y}.png, with no tile
// more; and the viewer of ARCHIVES, which has no tile folders, shows the
// first layer from its archive with the same pixels as DIR's tiles.
//
//   node viewer.test.mjs DIR ORIGINAL.geojson [ARCHIVES [YEARS]]
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
    '.pmtiles': 'application/octet-stream',
    '.pdf': 'application/pdf',
};
// The pmtiles package's browser build, served to the page under this path.
const PMTILES_JS = '/__pmtiles.js';
const PMTILES_FILE = path.join(path.dirname(new URL(import.meta.url).pathname),
                               'node_modules', 'pmtiles', 'dist', 'pmtiles.js');
const TILE = /^\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.png$/;

const failures = [];
function check(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
}

// ---- the static server ---------------------------------------------------

// Serves the files of root; every request is logged with its status and
// size. /basemap/{z}/{x}/{y}.png answers with BASEMAP_PNG, a stand-in for
// a basemap server.
const BASEMAP_PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
    'base64');
function serve(root, log) {
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        const rel = decodeURIComponent(url.pathname);
        const file = url.pathname === PMTILES_JS ? PMTILES_FILE
            : path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel);
        let status = 200;

        if (file === PMTILES_FILE) {
            // the reader, from node_modules
        } else if (/^\/basemap\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
            log.push({ path: url.pathname, status, bytes: BASEMAP_PNG.length });
            res.writeHead(200, { 'Content-Type': 'image/png' });
            res.end(BASEMAP_PNG);
            return;
        } else if (!file.startsWith(root + path.sep) && file !== root) {
            status = 403;
        } else if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
            status = 404;
        }
        log.push({ path: url.pathname, status,
                   bytes: status === 200 ? fs.statSync(file).size : 0 });
        if (status !== 200) {
            res.writeHead(status, { 'Content-Type': 'text/plain' });
            res.end(`${status}\n`);
            return;
        }
        const type = TYPES[path.extname(file)] || 'application/octet-stream';
        // Byte ranges, as a static server gives them (PMTiles readers ask
        // for them).
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
        if (range) {
            const size = fs.statSync(file).size;
            const start = Number(range[1]);
            const end = Math.min(range[2] === '' ? size - 1 : Number(range[2]), size - 1);
            if (start >= size) {
                res.writeHead(416, { 'Content-Range': `bytes */${size}` });
                res.end();
                return;
            }
            res.writeHead(206, {
                'Content-Type': type,
                'Content-Range': `bytes ${start}-${end}/${size}`,
                'Content-Length': end - start + 1,
                'Cache-Control': 'no-store',
            });
            fs.createReadStream(file, { start, end }).pipe(res);
            return;
        }
        res.writeHead(200, {
            'Content-Type': type,
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

// ---- points just inside the true outlines ---------------------------------

// Web Mercator world pixels at Leaflet zoom z (256 * 2^z across), as
// Leaflet's EPSG:3857 projects them, and back.
const R_M = 6378137;
function toWorldPx([lon, lat], z) {
    const s = 256 * 2 ** z, x = R_M * lon * Math.PI / 180;
    const y = R_M * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
    return [s * (0.5 + x / (2 * Math.PI * R_M)), s * (0.5 - y / (2 * Math.PI * R_M))];
}
function fromWorldPx([px, py], z) {
    const s = 256 * 2 ** z;
    const x = (px / s - 0.5) * 2 * Math.PI * R_M, y = (0.5 - py / s) * 2 * Math.PI * R_M;
    return [x / R_M * 180 / Math.PI, (2 * Math.atan(Math.exp(y / R_M)) - Math.PI / 2) * 180 / Math.PI];
}

// Points two pixels inside the outline of each buurt of the original
// geometry, at Leaflet zoom z: at every convex corner that stands out
// (3 px or more above the chord between the outline's points 8 px before
// and after it, where a coarser simplification would cut it off), the
// point on the corner's bisector two pixels from both its edges, kept when
// it is inside the polygon and no other part of the outline is nearer
// than two pixels. The viewer's ID tiles are rasterised from the buurten
// snapped to a quarter pixel, so each of these points must name its
// buurt.
// Returns [{code, name, lon, lat}].
function edgePoints(original, z) {
    const INSET = 2, SPAN = 8, BUMP = 3, pts = [];
    for (const f of original.features) {
        if (!f.geometry) continue;
        const code = f.properties.buurtcode, name = f.properties.buurtnaam;
        const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates]
            : f.geometry.coordinates;
        // The largest polygon: the viewer's label and hover are about it.
        let poly = null, best = -1;
        for (const p of polys) {
            const r = p[0].map((c) => toWorldPx(c, z));
            let a = 0;
            for (let i = 1; i < r.length; i++) a += r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1];
            if (Math.abs(a) > best) { best = Math.abs(a); poly = p.map((ring) => ring.map((c) => toWorldPx(c, z))); }
        }
        const ring = poly[0], n = ring.length - 1;
        let area = 0;
        for (let i = 1; i <= n; i++) area += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
        const len = (i, k) => Math.hypot(ring[i][0] - ring[k][0], ring[i][1] - ring[k][1]);
        for (let i = 0; i < n; i++) {
            const v = ring[i];
            let a = i, b = i, da = 0, db = 0;
            while (da < SPAN && (a - 1 + n) % n !== i) { da += len(a, (a - 1 + n) % n); a = (a - 1 + n) % n; }
            while (db < SPAN && (b + 1) % n !== i) { db += len(b, (b + 1) % n); b = (b + 1) % n; }
            const [ax, ay] = ring[a], [bx, by] = ring[b];
            const cross = (bx - ax) * (v[1] - ay) - (by - ay) * (v[0] - ax);
            const chord = Math.hypot(bx - ax, by - ay);
            // Convex: v lies outside the chord (its side depends on the ring's turn).
            if (chord === 0 || Math.sign(cross) * Math.sign(area) >= 0 ||
                Math.abs(cross) / chord < BUMP) continue;
            const p = ring[(i - 1 + n) % n], q = ring[(i + 1) % n];
            const u = [p[0] - v[0], p[1] - v[1]], w = [q[0] - v[0], q[1] - v[1]];
            const lu = Math.hypot(...u), lw = Math.hypot(...w);
            if (lu === 0 || lw === 0) continue;
            const bis = [u[0] / lu + w[0] / lw, u[1] / lu + w[1] / lw], lb = Math.hypot(...bis);
            const half = Math.acos(Math.max(-1, Math.min(1, (u[0] * w[0] + u[1] * w[1]) / (lu * lw)))) / 2;
            if (lb < 1e-9 || half < 1e-6) continue;
            const t = INSET / Math.sin(half);
            const x = v[0] + bis[0] / lb * t, y = v[1] + bis[1] / lb * t;
            const d = edgeDistance(poly, x, y);
            if (!inside(poly, x, y) || d < INSET - 0.01 || d > INSET + 0.5) continue;
            const [lon, lat] = fromWorldPx([x, y], z);
            pts.push({ code, name, lon, lat });
        }
    }
    return pts;
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

// Tile requests logged since index `from`, for layer id (the ID tiles
// only when asked for by name).
function tileRequests(log, from, id) {
    return log.slice(from).filter((r) => {
        const m = TILE.exec(r.path);
        return m && (id === undefined ? m[1] !== '_ids' && m[1] !== 'basemap'
                                      : m[1] === id);
    });
}

// A request that failed and is not a tile absent on disk.
function failed(root, log) {
    return log.filter((r) => r.status !== 200 && r.status !== 206 &&
        !(TILE.test(r.path) && !fs.existsSync(path.join(root, r.path))));
}

// Moves the map to [lat, lon] at Leaflet zoom z and returns the page
// coordinates of that point (unrounded).
async function pointOnPage(page, lat, lon, z) {
    return page.evaluate(([la, lo, zz]) => {
        const map = window.vkViewer.state.map;
        map.setView([la, lo], zz, { animate: false });
        const c = map.layerPointToContainerPoint(
            map.project([la, lo], zz).subtract(map.getPixelOrigin()));
        const r = map.getContainer().getBoundingClientRect();
        return { x: r.left + c.x, y: r.top + c.y };
    }, [lat, lon, z]);
}

async function hoverShows(page, x, y, text, timeout = 3000) {
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForFunction((t) => document.getElementById('info').textContent.includes(t),
                               text, { timeout }).catch(() => {});
    return page.textContent('#info');
}

async function main() {
    const dir = process.argv[2], origPath = process.argv[3], archives = process.argv[4];
    const yearsDir = process.argv[5];
    if (!dir || !fs.existsSync(path.join(dir, 'index.html')) ||
        !origPath || !fs.existsSync(origPath)) {
        console.error(`usage: node viewer.test.mjs DIR ORIGINAL.geojson (a tile directory with index.html, the buurten in lon/lat); got ${dir} ${origPath}`);
        return 2;
    }
    const root = fs.realpathSync(dir);
    const cfg = JSON.parse(fs.readFileSync(path.join(root, 'layers.json'), 'utf8'));
    const table = JSON.parse(fs.readFileSync(path.join(root, 'buurten.json'), 'utf8'));
    const original = JSON.parse(fs.readFileSync(origPath, 'utf8'));
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

        // Load the page; hover as soon as it is ready: how long until the
        // buurt under the mouse is named, counted from the navigation.
        const feature = original.features.find((f) => f.properties.buurtcode === 'BU09810001');
        const [lon, lat] = interiorPoint(feature);
        // In the page, from the navigation: when the name shows.
        await page.addInitScript((name) => {
            const poll = setInterval(() => {
                const i = document.getElementById('info');
                if (i && i.textContent.includes(name)) {
                    window.vkHoverMs = performance.now();
                    clearInterval(poll);
                }
            }, 2);
        }, feature.properties.buurtnaam);
        await page.goto(base + 'index.html', { waitUntil: 'commit' });
        await page.waitForSelector('body[data-ready="1"]');
        const at0 = await page.evaluate(([la, lo]) => {
            const map = window.vkViewer.state.map;
            const c = map.latLngToContainerPoint([la, lo]);
            const r = map.getContainer().getBoundingClientRect();
            return { x: r.left + c.x, y: r.top + c.y };
        }, [lat, lon]);
        const firstInfo = await hoverShows(page, at0.x, at0.y, feature.properties.buurtnaam, 5000);
        const hoverMs = Math.round(await page.evaluate(() => window.vkHoverMs));
        const beforeHover = log.slice();
        // The time depends on the machine's load (ctest runs suites side by
        // side), so it is reported, not asserted; bench/viewer.sh holds the
        // national figure.  What makes hover fast is asserted instead: it
        // answers from what is on screen, never from a file of all buurten.
        check(firstInfo.includes(feature.properties.buurtnaam),
              `hover names ${feature.properties.buurtcode} (${hoverMs} ms after the page was opened)`);
        const hoverFiles = beforeHover.filter((r) => r.status === 200).map((r) => r.path);
        const notOnScreen = hoverFiles.filter((p) => /geojson$/.test(p));
        const hoverBytes = beforeHover.filter((r) => r.status === 200).reduce((a, r) => a + r.bytes, 0);
        check(notOnScreen.length === 0 && hoverBytes < 1e6,
              `hover needed ${(hoverBytes / 1e6).toFixed(2)} MB in ${hoverFiles.length} files, no GeoJSON of all buurten ${JSON.stringify(notOnScreen)}`);
        await page.waitForLoadState('networkidle');
        const firstView = log.filter((r) => r.status === 200).reduce((a, r) => a + r.bytes, 0);
        check(firstView < 2e6, `the first view transferred ${(firstView / 1e6).toFixed(2)} MB (under 2 MB)`);
        const cdp = await page.context().newCDPSession(page);
        const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        check(heap < 100e6, `JS heap ${(heap / 1e6).toFixed(1)} MB (under 100 MB)`);
        const first = cfg.layers[0], second = cfg.layers[1];
        check(cfg.layers.length >= 2, `layers.json has ${cfg.layers.length} layers`);

        // Tiles of the first layer load; a 404 only for a tile absent on disk.
        const t1 = tileRequests(log, 0);
        check(t1.length > 0 && t1.every((r) => TILE.exec(r.path)[1] === first.id),
              `${t1.length} tile requests, all for the first layer ${first.id}`);
        check(t1.some((r) => r.status === 200), `tiles of ${first.id} load (${t1.filter((r) => r.status === 200).length} with 200)`);
        check(failed(root, log).length === 0, `no failed requests other than absent tiles ${JSON.stringify(failed(root, log).slice(0, 5))}`);
        const zooms = new Set(t1.map((r) => Number(TILE.exec(r.path)[2])));
        check([...zooms].every((z) => z >= cfg.minzoom && z <= cfg.maxzoom),
              `tile zooms ${[...zooms]} within ${cfg.minzoom}-${cfg.maxzoom}`);
        // The basemap (a stand-in here) under the maps, with its credit.
        check(log.some((r) => r.path.startsWith('/basemap/')), 'basemap tiles are requested');
        check((await page.textContent('.leaflet-control-attribution')).includes(cfg.basemap.attribution),
              `the basemap's credit "${cfg.basemap.attribution}" is shown`);

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
        const mine2 = srcs.filter((s) => !s.startsWith('basemap/'));
        check(mine2.length > 0 && mine2.every((s) => s.startsWith(second.id + '/')),
              `tile images in the page are ${second.id}'s (${mine2.length})`);
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
        const op = await page.$eval(`.leaflet-tile-pane .leaflet-layer img[src^="${second.id}/"]`,
                                    (e) => getComputedStyle(e.closest('.leaflet-layer')).opacity);
        check(Math.abs(Number(op) - 0.6) < 0.01, `transparency 40 gives tile opacity ${op}`);

        // Hovering a known buurt shows its name and value.
        const idx = table.code.indexOf(feature.properties.buurtcode);
        const values = JSON.parse(fs.readFileSync(path.join(root, second.values), 'utf8'));
        const pt = await pointOnPage(page, lat, lon, cfg.maxzoom - 1);
        const info = await hoverShows(page, pt.x, pt.y, feature.properties.buurtnaam);
        check(info.includes(feature.properties.buurtnaam), `hovering ${feature.properties.buurtcode} shows "${feature.properties.buurtnaam}" (info: ${info})`);
        const c2 = values.c[idx];
        const want = values.v[idx] !== null ? values.v[idx]
            : c2 === -3 ? second.labels.water : c2 === -2 ? second.labels.masked : second.labels.nodata;
        check(info.includes(want), `and its ${second.id} value "${want}"`);
        // The hover outline: pixels of the outline colour in the overlay.
        const outlined = await page.evaluate(() => {
            let n = 0;
            for (const c of document.querySelectorAll('canvas.hover-tile')) {
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let k = 0; k < d.length; k += 4)
                    n += d[k] === 34 && d[k + 1] === 34 && d[k + 2] === 34 && d[k + 3] === 255;
            }
            return n;
        });
        check(outlined > 50, `the hovered buurt is outlined (${outlined} outline pixels)`);

        // At the deepest zoom, a point two pixels inside a buurt's true
        // outline is that buurt: under the mouse (the buurt the first hover
        // test used), and for every such point of the sample by the
        // viewer's own lookup in the ID tiles, one view centred on each.
        const zDeep = cfg.maxzoom + Math.round(Math.log2((cfg.tileSize || 256) / 256));
        const edge = edgePoints(original, zDeep);
        check(edge.length > 500, `${edge.length} points two pixels inside buurt outlines at zoom ${zDeep}`);
        const hoverCode = feature.properties.buurtcode;
        const mine = edge.filter((p) => p.code === hoverCode);
        const wrongHover = [];
        for (const p of mine) {
            const at = await pointOnPage(page, p.lat, p.lon, zDeep);
            const text = await hoverShows(page, at.x, at.y, p.code, 2000);
            if (!text.includes(p.code)) wrongHover.push(`${p.lon.toFixed(6)},${p.lat.toFixed(6)}: ${text}`);
        }
        check(mine.length >= 5 && wrongHover.length === 0,
              `hovering ${mine.length} points two pixels inside ${hoverCode}'s edges at zoom ${zDeep} names it ${JSON.stringify(wrongHover.slice(0, 3))}`);
        const hits = await page.evaluate(async ([pts, z]) => {
            const v = window.vkViewer, map = v.state.map, out = [];
            for (const p of pts) {
                map.setView([p.lat, p.lon], z, { animate: false });
                const n = await v.idAt(p.lat, p.lon);
                out.push(n ? v.state.table.code[n - 1] : 'no buurt');
            }
            return out;
        }, [edge, zDeep]);
        const wrong = edge.map((p, i) => ({ p, got: hits[i] })).filter((h) => h.got !== h.p.code);
        check(wrong.length === 0,
              `all ${edge.length} points two pixels inside an edge are their own buurt at zoom ${zDeep}; ${wrong.length} are not ${JSON.stringify(wrong.slice(0, 5).map((h) => `${h.p.code} ${h.p.lon.toFixed(6)},${h.p.lat.toFixed(6)} -> ${h.got}`))}`);

        // A click opens the buurt's panel: every layer's value and class,
        // and its gemeente's atlas PDF.
        const cp = await pointOnPage(page, lat, lon, cfg.maxzoom - 1);
        await page.mouse.click(cp.x, cp.y);
        await page.waitForFunction(() => !document.getElementById('buurt').hidden &&
            !document.getElementById('buurt-body').textContent.includes('\u2026'));
        const rows = await page.$$eval('#buurt tr', (trs) => trs.map((t) => [t.getAttribute('data-layer'), t.textContent]));
        check(rows.length === cfg.layers.length && rows.every((r, i) => r[0] === cfg.layers[i].id),
              `the panel has a row per layer (${rows.length})`);
        const wantRows = cfg.layers.map((l) => {
            const v = JSON.parse(fs.readFileSync(path.join(root, l.values), 'utf8'));
            const c = v.c[idx];
            return v.v[idx] !== null ? v.v[idx] : c === -3 ? l.labels.water : c === -2 ? l.labels.masked : l.labels.nodata;
        });
        check(rows.every((r, i) => r[1].includes(wantRows[i])),
              `each row shows that layer's value of ${hoverCode} ${JSON.stringify(rows.map((r) => r[1]).slice(0, 3))}`);
        const gm = table.gemeenten[table.gemeente[idx]];
        const href = await page.getAttribute('#buurt a.atlas', 'href');
        check(gm.atlas !== null && href === gm.atlas, `the panel links to the atlas PDF ${href}`);
        const pdf = await page.evaluate((h) => fetch(h).then((r) => r.arrayBuffer())
            .then((b) => String.fromCharCode(...new Uint8Array(b.slice(0, 5)))), href);
        check(pdf === '%PDF-', `the atlas link serves a PDF (${pdf})`);
        const hashNow = await page.evaluate(() => location.hash);
        check(hashNow.includes(`layer=${second.id}`) && hashNow.includes(`buurt=${hoverCode}`) &&
              hashNow.includes(`z=${cfg.maxzoom - 1}`),
              `the URL hash keeps layer, zoom and buurt (${hashNow})`);

        // A link reopens the same view: layer, zoom, centre, buurt.
        const view = await page.evaluate(() => {
            const m = window.vkViewer.state.map, c = m.getCenter();
            return { z: m.getZoom(), lat: c.lat, lng: c.lng };
        });
        const page2 = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        page2.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
        await page2.goto(base + 'index.html' + hashNow);
        await page2.waitForSelector('body[data-ready="1"]');
        const view2 = await page2.evaluate(() => {
            const m = window.vkViewer.state.map, c = m.getCenter();
            return { z: m.getZoom(), lat: c.lat, lng: c.lng, layer: document.body.getAttribute('data-layer'),
                     title: document.getElementById('title').textContent };
        });
        check(view2.layer === second.id && view2.z === view.z &&
              Math.abs(view2.lat - view.lat) < 1e-4 && Math.abs(view2.lng - view.lng) < 1e-4,
              `the link reopens ${second.id} at zoom ${view2.z}, ${view2.lat.toFixed(5)},${view2.lng.toFixed(5)}`);
        await page2.waitForFunction((name) => !document.getElementById('buurt').hidden &&
            document.getElementById('buurt-body').textContent.includes(name), feature.properties.buurtnaam)
            .catch(() => {});
        check((await page2.textContent('#buurt-body')).includes(feature.properties.buurtnaam),
              'and with its buurt panel open');
        await page2.close();

        // Search: a buurt by name, a gemeente by code; Enter zooms to the
        // first result.
        await page.fill('#search', '');
        await page.type('#search', 'hooghag');
        const res = await page.$$eval('#results button', (b) => b.map((x) => x.textContent));
        check(res.length >= 1 && res[0].includes('Hooghage') && res[0].includes('BU09810001'),
              `searching "hooghag" lists Hooghage first (${JSON.stringify(res.slice(0, 3))})`);
        await page.evaluate(() => window.vkViewer.state.map.setView([52.5, 5.0], 10, { animate: false }));
        await page.press('#search', 'Enter');
        await page.waitForFunction(() => location.hash.includes('buurt=BU09810001'));
        const inView = await page.evaluate(([la, lo]) => window.vkViewer.state.map.getBounds().contains([la, lo]),
                                           [lat, lon]);
        check(inView, 'Enter zooms to Hooghage');
        const gm2 = table.gemeenten[1];
        await page.fill('#search', gm2.code);
        const res2 = await page.$$eval('#results button', (b) => b.map((x) => x.textContent));
        check(res2.length >= 1 && res2[0].includes(gm2.name) && res2[0].includes('gemeente'),
              `searching ${gm2.code} lists ${gm2.name} first (${JSON.stringify(res2.slice(0, 2))})`);
        await page.click('#results button');
        await page.waitForTimeout(200);
        const gmIn = await page.evaluate(([codes, gms, k]) => {
            const b = window.vkViewer.state.map.getBounds();
            return window.vkViewer.state.boxes.then((bb) => bb.every((x, i) =>
                gms[i] !== k || !x || b.contains([[x[1], x[0]], [x[3], x[2]]])));
        }, [table.code, table.gemeente, 1]);
        check(gmIn, `choosing ${gm2.name} shows all its buurten`);

        // Keyboard: Tab reaches the search box, the layer switch and the
        // transparency slider; arrow keys switch the layer; Enter on the
        // map opens the buurt at its centre; Escape-free close button.
        await page.focus('body');
        const reached = new Set();
        for (let k = 0; k < 40; k++) {
            await page.keyboard.press('Tab');
            reached.add(await page.evaluate(() => {
                const a = document.activeElement;
                return a.id || (a.name ? `${a.tagName}:${a.name}` : a.tagName);
            }));
        }
        check(['map', 'search', 'INPUT:kaartlaag', 'opacity'].every((x) => reached.has(x)),
              `Tab reaches the map, search, layers and transparency (${[...reached].join(' ')})`);
        await page.focus(`#layers input[value="${second.id}"]`);
        await page.keyboard.press('ArrowDown');
        const third = cfg.layers[2];
        check((await page.getAttribute('body', 'data-layer')) === third.id,
              `ArrowDown on the layer switch shows ${third.id}`);
        await page.evaluate(([la, lo, z]) => window.vkViewer.state.map.setView([la, lo], z, { animate: false }),
                            [lat, lon, cfg.maxzoom - 1]);
        await page.focus('#map');
        await page.keyboard.press('Enter');
        await page.waitForFunction((name) => !document.getElementById('buurt').hidden &&
            document.getElementById('buurt-body').textContent.includes(name), feature.properties.buurtnaam)
            .catch(() => {});
        check((await page.textContent('#buurt-body')).includes(feature.properties.buurtnaam),
              'Enter on the map opens the buurt at its centre');
        await page.focus('#close');
        await page.keyboard.press('Enter');
        check(await page.evaluate(() => document.getElementById('buurt').hidden &&
                                  document.activeElement.id === 'map' && !location.hash.includes('buurt=')),
              'Enter on the close button closes the panel and returns to the map');

        // Printing: the map and the legend, without the controls.
        await page.emulateMedia({ media: 'print' });
        const printed = await page.evaluate(() => ({
            controls: getComputedStyle(document.querySelector('#panel .controls')).display,
            legend: getComputedStyle(document.getElementById('legend')).display,
            zoom: getComputedStyle(document.querySelector('.leaflet-control-zoom')).display,
            map: document.getElementById('map').getBoundingClientRect().width,
        }));
        check(printed.controls === 'none' && printed.zoom === 'none' && printed.legend !== 'none' &&
              printed.map > 500, `the print stylesheet keeps map and legend, hides controls ${JSON.stringify(printed)}`);
        await page.emulateMedia({ media: 'screen' });
        await page.waitForLoadState('networkidle');

        if (archives) await checkArchives(browser, page, root, cfg, archives);
        if (yearsDir) await checkYears(browser, yearsDir);

        check(consoleErrors.length === 0, `no console errors ${JSON.stringify(consoleErrors.slice(0, 5))}`);
        const bad2 = failed(root, log);
        check(bad2.length === 0, `no 404 for files on disk over the whole run (${log.length} requests) ${JSON.stringify(bad2.slice(0, 3))}`);
    } finally {
        await browser.close();
        server.close();
    }
    console.log(failures.length === 0 ? 'browser test passed' : `browser test: ${failures.length} failed`);
    return failures.length === 0 ? 0 : 1;
}

// The tiles of layer id in root's folders: [[z, x, y], ...].
function folderTiles(root, id) {
    const tiles = [];
    for (const z of fs.readdirSync(path.join(root, id)).filter((s) => /^\d+$/.test(s)))
        for (const x of fs.readdirSync(path.join(root, id, z)).filter((s) => /^\d+$/.test(s)))
            for (const y of fs.readdirSync(path.join(root, id, z, x)).filter((s) => /^\d+\.png$/.test(s)))
                tiles.push([Number(z), Number(x), parseInt(y, 10)]);
    return tiles;
}

// A hash of an image's pixels (drawn on a canvas), in the page.
const PIXELS = `(img) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
    return c.width + 'x' + c.height + ':' + h;
}`;

// The PMTiles archives of DIR (written with the folders) read by the
// pmtiles package in the page, and the viewer of ARCHIVES (no folders).
async function checkArchives(browser, page, root, cfg, archives) {
    if (cfg.tms) {
        check(false, 'the PMTiles check needs XYZ folders (no --tms)');
        return;
    }
    await page.addScriptTag({ url: PMTILES_JS });
    // The layers and the ID tiles the viewer hovers with.
    for (const layer of cfg.layers.concat([{ id: '_ids' }])) {
        const tiles = folderTiles(root, layer.id);
        const res = await page.evaluate(async ([id, list]) => {
            const pm = new pmtiles.PMTiles(`${id}.pmtiles`);
            const h = await pm.getHeader();
            let same = 0;
            const bad = [];
            await Promise.all(list.map(async ([z, x, y]) => {
                const got = await pm.getZxy(z, x, y);
                const want = new Uint8Array(await (await fetch(`${id}/${z}/${x}/${y}.png`)).arrayBuffer());
                const g = got ? new Uint8Array(got.data) : null;
                if (g && g.length === want.length && g.every((b, i) => b === want[i])) same++;
                else bad.push(`${z}/${x}/${y}`);
            }));
            return { same, bad: bad.slice(0, 5), addressed: h.numAddressedTiles,
                     type: h.tileType, minZoom: h.minZoom, maxZoom: h.maxZoom };
        }, [layer.id, tiles]);
        check(tiles.length > 0 && res.same === tiles.length && res.addressed === tiles.length &&
              res.type === 2 && res.minZoom === cfg.minzoom && res.maxZoom === cfg.maxzoom,
              `${layer.id}.pmtiles read by the pmtiles package: ${res.same} of ${tiles.length} tiles the same bytes as the folder's, ${res.addressed} tiles in it ${JSON.stringify(res.bad)}`);
    }

    // The viewer of ARCHIVES: no tile folder, the first layer from its
    // archive, with the pixels of DIR's tiles.
    const acfg = JSON.parse(fs.readFileSync(path.join(archives, 'layers.json'), 'utf8'));
    const first = acfg.layers[0];
    check(!fs.existsSync(path.join(archives, first.id, String(acfg.minzoom))) &&
          first.tiles === undefined && first.pmtiles === `${first.id}.pmtiles`,
          `${archives}: no tile folders, layers.json names ${first.pmtiles}`);
    const alog = [];
    const aserver = await serve(fs.realpathSync(archives), alog);
    try {
        const apage = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        const errors = [];
        apage.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
        apage.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await apage.goto(`http://127.0.0.1:${aserver.address().port}/index.html`);
        await apage.waitForSelector('body[data-ready="1"]');
        await apage.waitForLoadState('networkidle');
        await apage.waitForTimeout(500);
        const shown = await apage.evaluate(`(() => {
            const px = ${PIXELS}, out = [], t = window.vkViewer.state.tiles._tiles;
            for (const k in t) {
                const e = t[k].el, c = t[k].coords;
                if (e.complete && e.naturalWidth > 0) out.push([c.z, c.x, c.y, px(e)]);
            }
            return out;
        })()`);
        const want = await page.evaluate(`(async (list, id) => {
            const px = ${PIXELS}, out = [];
            for (const [z, x, y] of list) {
                const img = new Image();
                img.src = id + '/' + z + '/' + x + '/' + y + '.png';
                await img.decode();
                out.push(px(img));
            }
            return out;
        })(${JSON.stringify(shown)}, ${JSON.stringify(first.id)})`);
        const differ = shown.filter((s, i) => s[3] !== want[i]);
        check(shown.length > 0 && differ.length === 0,
              `the viewer without tile folders shows ${shown.length} tiles of ${first.id} from its archive, pixels as the folder's ${JSON.stringify(differ.slice(0, 3))}`);
        // Hovering reads the ID tiles from _ids.pmtiles: the buurt under
        // the mouse is named.
        const box = await apage.evaluate(() => {
            const r = window.vkViewer.state.map.getContainer().getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        });
        await apage.mouse.move(5, 5);
        await apage.mouse.move(box.x, box.y, { steps: 3 });
        await apage.waitForFunction(() => /BU\d{8}/.test(document.getElementById('info').textContent),
                                    null, { timeout: 5000 }).catch(() => {});
        const ainfo = await apage.textContent('#info');
        check(/BU\d{8}/.test(ainfo) && alog.some((r) => r.path === '/_ids.pmtiles'),
              `hovering the archive viewer names a buurt from _ids.pmtiles (info: ${ainfo})`);
        const ranged = alog.filter((r) => r.path === `/${first.pmtiles}`);
        check(ranged.length > 0 && alog.every((r) => r.status === 200 || r.status === 206),
              `it read ${first.pmtiles} in ${ranged.length} range requests, no failed request`);
        check(errors.length === 0, `no console errors in the archive viewer ${JSON.stringify(errors.slice(0, 3))}`);
        await apage.close();
    } finally {
        aserver.close();
    }
}

// The pixel hashes of the tiles the viewer shows, by z/x/y.
async function shownTiles(page) {
    return page.evaluate(`(() => {
        const px = ${PIXELS}, out = {}, t = window.vkViewer.state.tiles._tiles;
        for (const k in t) {
            const e = t[k].el, c = t[k].coords;
            if (e.complete && e.naturalWidth > 0) out[c.z + '/' + c.x + '/' + c.y] = px(e);
        }
        return out;
    })()`);
}

// The year slider of a layer of several years (YEARS: tiles of a layer of
// no years, then one of years).
async function checkYears(browser, yearsDir) {
    const root = fs.realpathSync(yearsDir);
    const cfg = JSON.parse(fs.readFileSync(path.join(root, 'layers.json'), 'utf8'));
    const plain = cfg.layers.find((l) => l.group === undefined);
    const years = cfg.layers.filter((l) => l.group !== undefined);
    const group = years.length > 0 ? years[0].group : '';
    check(plain !== undefined && years.length >= 2 &&
          years.every((l, i) => l.group === group && l.id === `${group}_${l.year}` &&
                      (i === 0 || l.year > years[i - 1].year)),
          `${yearsDir}: a layer of no years and ${years.length} layers of ${group}, one per year ${JSON.stringify(years.map((l) => l.id))}`);
    if (plain === undefined || years.length < 2) return;
    const first = years[0], last = years[years.length - 1];
    check(legendLabels(first).join() === legendLabels(last).join(),
          `the years of ${group} have the same legend labels (the same breaks)`);
    const log = [];
    const server = await serve(root, log);
    const base = `http://127.0.0.1:${server.address().port}/`;
    const errors = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
        await page.goto(base + 'index.html');
        await page.waitForSelector('body[data-ready="1"]');
        const slider = async () => page.evaluate(() => ({
            hidden: document.getElementById('year-box').hidden,
            value: document.getElementById('year').value,
            text: document.getElementById('year-out').textContent,
            label: document.querySelector('label[for="year"]').textContent,
            layer: document.body.getAttribute('data-layer'),
            hash: location.hash,
        }));
        let s = await slider();
        check(s.layer === plain.id && s.hidden && !s.hash.includes('year='),
              `${plain.id} (no years): no year slider, no year in the hash ${JSON.stringify(s)}`);
        const radios = await page.$$eval('#layers input', (r) => r.map((e) => e.value));
        check(radios.length === 2 && radios.includes(plain.id) && radios.includes(group),
              `the layer switch has one entry for the years of ${group} ${JSON.stringify(radios)}`);

        // The layer of years: at its last year, the slider labelled and shown.
        await page.check(`#layers input[value="${group}"]`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        s = await slider();
        check(!s.hidden && s.layer === last.id && s.text === String(last.year) &&
              s.value === String(years.length - 1) && s.label === 'Jaar' &&
              s.hash.includes(`layer=${group}`) && s.hash.includes(`year=${last.year}`),
              `${group}: the slider "Jaar" shows ${last.year}, the hash keeps it ${JSON.stringify(s)}`);
        const before = await shownTiles(page);

        // Moving the slider by keyboard to the first year.
        const mark = log.length;
        await page.focus('#year');
        await page.keyboard.press('Home');
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        s = await slider();
        const req = tileRequests(log, mark);
        check(s.layer === first.id && s.text === String(first.year) && s.value === '0' &&
              s.hash.includes(`year=${first.year}`),
              `Home on the slider shows ${first.year} ${JSON.stringify(s)}`);
        check(req.length > 0 && req.every((r) => TILE.exec(r.path)[1] === first.id),
              `it requests ${req.length} tiles, all of ${first.id}`);
        const after = await shownTiles(page);
        const common = Object.keys(after).filter((k) => k in before);
        const changed = common.filter((k) => after[k] !== before[k]);
        check(common.length > 0 && changed.length > 0,
              `the pixels change: ${changed.length} of ${common.length} tiles differ between ${last.year} and ${first.year}`);
        check(await legendShows(page, first), `the legend shows the labels of ${first.id}`);

        // A link reopens the year.
        const page2 = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        page2.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
        await page2.goto(base + 'index.html' + s.hash);
        await page2.waitForSelector('body[data-ready="1"]');
        const s2 = await page2.evaluate(() => ({
            layer: document.body.getAttribute('data-layer'),
            hidden: document.getElementById('year-box').hidden,
            value: document.getElementById('year').value,
            text: document.getElementById('year-out').textContent,
        }));
        check(s2.layer === first.id && !s2.hidden && s2.value === '0' && s2.text === String(first.year),
              `the link ${s.hash} reopens ${first.id} with the slider at ${first.year} ${JSON.stringify(s2)}`);
        await page2.close();

        // Back to the layer of no years: the slider goes, the year too.
        await page.check(`#layers input[value="${plain.id}"]`);
        s = await slider();
        check(s.hidden && s.layer === plain.id && !s.hash.includes('year='),
              `back on ${plain.id}: no slider, no year in the hash ${JSON.stringify(s)}`);
        check(errors.length === 0, `no page errors with the year slider ${JSON.stringify(errors.slice(0, 3))}`);
        await page.close();
    } finally {
        server.close();
    }
}

main().then((rc) => process.exit(rc), (e) => {
    console.error(`browser test: ${e.stack || e}`);
    process.exit(1);
});
