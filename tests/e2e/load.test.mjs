// Load test of the Dateline web map against a large store, run with `node --test`.
//
// Environment:
//   DATELINE_URL   base URL of a running `dateline serve` holding many events (e.g. 100,000 made
//                  by `dateline synth --events 100000`)
//   CI=true        a missing Chromium or missing setup fails instead of skipping
//
// Opens the page at the world view and at one city, records every request and checks that the
// page never fetches more than it shows: no response over 2,000 features or 5 MB, the count
// equals the API's numberMatched, and the first useful render comes in under 5 s.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, BASE, launch, missingSetup, runOrSkip } from './harness.mjs';

const MAX_FEATURES = 2000;
/** When the map draws server clusters, the items it fetches are one list page. */
const LIST_PAGE = 500;
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FIRST_RENDER_MS = 5000;

runOrSkip(
  'web map under load in Chromium',
  missingSetup('a `dateline serve` with a large store'),
  suite,
);

function suite() {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
  });

  /** Records every finished request of the page: url, status, body bytes, features. */
  function recorder(page) {
    const reqs = [];
    const pending = [];
    page.on('requestfinished', (r) => pending.push((async () => {
      const resp = await r.response();
      let bytes = 0;
      try { bytes = (await r.sizes()).responseBodySize; } catch {}
      let features = null;
      if (resp && /\/collections\/events\/items|\/clusters/.test(r.url())) {
        try { features = ((await resp.json()).features || []).length; } catch {}
      }
      reqs.push({ url: r.url(), status: resp ? resp.status() : 0, bytes, features });
    })()));
    page.on('requestfailed', (r) => reqs.push({ url: r.url(), status: 0, bytes: 0, failed: (r.failure() || {}).errorText }));
    return { reqs, done: () => Promise.all(pending) };
  }

  /** Waits until #count shows a number (other than prev) and the map has drawn something. */
  const useful = (page, prev = null) =>
    page.waitForFunction((prev) => {
      const c = document.querySelector('#count');
      const pane = document.querySelector('#map .leaflet-marker-pane');
      return c && c.dataset.count && !Number.isNaN(Number(c.dataset.count)) && c.dataset.count !== prev &&
        pane && pane.children.length > 0;
    }, prev, { polling: 'raf', timeout: 30000 });

  const settle = async (page) => {
    await page.evaluate(() => window.datelineApp.settled(30000));
    await page.waitForTimeout(200);
    await page.evaluate(() => window.datelineApp.settled(30000));
  };

  function checkResponses(reqs, where, mode) {
    for (const r of reqs) {
      assert.ok(r.status >= 200 && r.status < 400, `${where}: ${r.url} answered ${r.status || r.failed}`);
      assert.ok(r.bytes <= MAX_BYTES, `${where}: ${r.url} is ${r.bytes} bytes (> 5 MB)`);
      if (r.features !== null) assert.ok(r.features <= MAX_FEATURES, `${where}: ${r.url} returned ${r.features} features`);
      if (mode === 'server' && r.url.includes('/collections/events/items?')) {
        assert.ok(r.features <= LIST_PAGE, `${where}: drawn from clusters, yet ${r.url} returned ${r.features} features`);
      }
    }
  }

  test('web map with a large store: fast first render, never fetches more than it shows', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const rec = recorder(page);

    const t0 = Date.now();
    await page.goto(BASE + '/');
    await useful(page);
    const firstRender = Date.now() - t0;
    await settle(page);
    await rec.done();
    const shownWorld = await page.$eval('#count', (e) => e.dataset.count);
    const items = rec.reqs.filter((r) => r.url.includes('/collections/events/items?'));
    assert.ok(items.length >= 1, 'the page asked for items');
    const q = new URL(items[items.length - 1].url).searchParams;
    q.delete('limit');
    q.delete('offset');
    q.set('limit', '1');
    const api = await (await fetch(BASE + '/collections/events/items?' + q)).json();
    assert.equal(Number(shownWorld), api.numberMatched, 'count shown = numberMatched for the world view');
    const worldMode = (await page.evaluate(() => window.datelineApp.stats())).mode;
    assert.equal(worldMode, 'server', 'the world view of a large store is drawn from server clusters');
    checkResponses(rec.reqs, 'world view', worldMode);
    const bytes = rec.reqs.reduce((n, r) => n + r.bytes, 0);
    const largest = rec.reqs.reduce((a, r) => (r.bytes > a.bytes ? r : a), { bytes: 0, url: '' });
    t.diagnostic(`world view: first useful render ${firstRender} ms, ${rec.reqs.length} requests, ${bytes} bytes; ` +
      `largest ${largest.bytes} bytes (${largest.url.replace(BASE, '')})`);
    assert.ok(firstRender < MAX_FIRST_RENDER_MS, `first useful render took ${firstRender} ms`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'load-world.png') });

    // The list holds one page; "more" pages the next one in from the server, in order.
    const rows = () => page.$$eval('#list-items button.row', (bs) => bs.map((b) => b.dataset.id));
    const before = await rows();
    assert.equal(before.length, LIST_PAGE, 'the list shows one page of the clustered view');
    rec.reqs.length = 0;
    const sent = [];
    page.on('request', (r) => sent.push(r.url().replace(BASE, '')));
    await page.click('#list-more');
    // The wait is long: in CI the whole suite runs beside this test, the load test's wrk
    // among it, and the server's answer can queue behind that (its own timeout is 30 s).
    await page
      .waitForFunction((n) => document.querySelectorAll('#list-items button.row').length > n, before.length, { timeout: 45000 })
      .catch(async (e) => {
        // Say what the page showed and asked for, so that a failure can be read.
        const note = await page.$eval('#note', (n) => (n.hidden ? '' : n.textContent)).catch(() => '?');
        const asked = rec.reqs.map((r) => `${r.status || r.failed} ${r.url.replace(BASE, '')}`).join('; ');
        throw new Error(`${e.message}; note: ${note}; sent since the click: ${sent.join('; ')}; finished: ${asked}; errors: ${errors.join('; ')}`);
      });
    await settle(page);
    await rec.done();
    const after = await rows();
    assert.equal(after.length, 2 * LIST_PAGE, 'one more page');
    assert.deepEqual(after.slice(0, LIST_PAGE), before, 'the first page stays as it was');
    assert.equal(new Set(after).size, after.length, 'no event twice in the list');
    const more = rec.reqs.filter((r) => r.url.includes('/collections/events/items?'));
    assert.equal(more.length, 1, 'one request for the next page');
    assert.equal(new URL(more[0].url).searchParams.get('offset'), String(LIST_PAGE));
    checkResponses(rec.reqs, 'list page', 'server');

    // "More" clicked while the view's events are being replaced (a pan, slow answers): the
    // click is not lost, and the page it brings is of the new view, after its first page.
    const slow = '**/collections/events/items?**';
    await page.route(slow, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    // A view that surely differs from the world view (whose bounds may be clamped at the
    // poles, where a small pan changes nothing) and still holds too many events to draw.
    await page.evaluate(() => { window.datelineApp.map.setView([30, 10], 3, { animate: false }); });
    await page.waitForFunction(() => document.body.dataset.state === 'loading', null, { timeout: 20000 });
    await page.click('#list-more');
    await settle(page);
    await page.unroute(slow);
    const panned = await rows();
    assert.equal(panned.length, 2 * LIST_PAGE, 'a click during the load brings the next page once the view is drawn');
    assert.equal(new Set(panned).size, panned.length, 'no event twice after the pan');
    assert.equal((await page.evaluate(() => window.datelineApp.stats())).returned, 2 * LIST_PAGE);
    const shownPanned = await page.$eval('#count', (e) => e.dataset.count);

    // One city: the view changes, the page fetches again within the same bounds.
    rec.reqs.length = 0;
    await page.evaluate(() => { location.hash = '#map=9/48.85/2.35'; });
    await useful(page, shownPanned);
    await settle(page);
    await rec.done();
    checkResponses(rec.reqs, 'city view', (await page.evaluate(() => window.datelineApp.stats())).mode);
    assert.ok(Number(await page.$eval('#count', (e) => e.dataset.count)) >= 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'load-city.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
