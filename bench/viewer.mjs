// SPDX-License-Identifier: MIT
// Benchmark (not a test): what the tile viewer of a tile folder DIR costs a
// browser. Serves DIR on localhost, opens index.html in headless Chromium
// (playwright-core from tests/browser/node_modules) and reports:
//  - the bytes of the first view (every response until the network is idle);
//  - when hovering the map's centre names a buurt, in ms from the
//    navigation (the mouse is put there as soon as the page is ready);
//  - the JS heap after load and after hovering 200 points across the view.
//   node bench/viewer.mjs DIR
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const dir = fs.realpathSync(process.argv[2]);
const log = [];
const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(dir, rel.endsWith('/') ? rel + 'index.html' : rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        log.push({ rel, bytes: 0 });
        res.writeHead(404);
        res.end();
        return;
    }
    log.push({ rel, bytes: fs.statSync(file).size });
    res.writeHead(200);
    fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.VK_CHROMIUM || '/usr/bin/chromium',
                                        chromiumSandbox: false });
try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
        const poll = setInterval(() => {
            const i = document.getElementById('info');
            if (i && /BU|E\d+N\d+/.test(i.textContent)) {
                window.benchHoverMs = performance.now();
                clearInterval(poll);
            }
        }, 2);
    });
    await page.goto(base + 'index.html', { waitUntil: 'commit' });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
    const box = await page.$eval('#map', (m) => { const r = m.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });
    // Near the centre, where a buurt is likely; a few tries 10 px apart.
    for (let k = 0; k < 20; k++) {
        await page.mouse.move(box[0] + box[2] / 2 + 10 * k, box[1] + box[3] / 2, { steps: 1 });
        const ok = await page.waitForFunction(() => window.benchHoverMs, null, { timeout: 300 })
            .then(() => true, () => false);
        if (ok) break;
    }
    const hoverMs = await page.evaluate(() => window.benchHoverMs);
    await page.waitForLoadState('networkidle');
    const first = log.reduce((a, r) => a + r.bytes, 0);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap0 = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    for (let k = 0; k < 200; k++)
        await page.mouse.move(box[0] + 20 + (k * 37) % (box[2] - 40),
                              box[1] + 20 + (k * 53) % (box[3] - 40));
    await page.waitForLoadState('networkidle');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap1 = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const largest = [...log].sort((a, b) => b.bytes - a.bytes).slice(0, 3)
        .map((r) => `${r.rel} ${(r.bytes / 1e6).toFixed(2)} MB`).join(', ');
    console.log(`viewer: first view ${(first / 1e6).toFixed(2)} MB in ${log.length} requests (largest: ${largest})`);
    console.log(`viewer: hover names a buurt ${hoverMs === undefined ? 'never' : Math.round(hoverMs) + ' ms'} after the navigation`);
    console.log(`viewer: JS heap ${(heap0 / 1e6).toFixed(1)} MB after load, ${(heap1 / 1e6).toFixed(1)} MB after 200 hovers`);
} finally {
    await browser.close();
    server.close();
}
