// Browser tests of the Dateline web map, run with `node --test` (see tests/e2e/README.md).
//
// Environment:
//   DATELINE_URL          base URL of a running `dateline serve` (e.g. http://127.0.0.1:38211)
//   DATELINE_E2E_EXPECT   path of a JSON file describing the seeded store:
//     {
//       "total": 296,                 // events with a location (what the map can show)
//       "undated": 23,                // of those, how many have no date
//       "by_type": {"FIGHT": 20, …},  // located events per PLOVER type (dated + undated)
//       "xss_event_id": "…",          // id of an event whose sentence holds the HTML below
//       "xss_text": ["<script>…"],    // optional: substrings the popup must show as text
//       "xss_place": "rue …, Lyon"    // optional: the place the popup must name
//     }
//   CI=true               a missing Chromium or missing setup fails instead of skipping
//
// The page is driven as a person would: real mouse drags on the timeline brush, clicks on
// checkboxes and list rows. window.datelineApp.settled() is used only to wait for the page's
// requests to finish.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, BASE, launch, missingSetup, runOrSkip } from './harness.mjs';

const DEFAULT_XSS_TEXT = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>'];

function missingSetupHere() {
  const problem = missingSetup('the Rust test harness starts the server and sets it');
  if (problem) return problem;
  if (!process.env.DATELINE_E2E_EXPECT) return 'DATELINE_E2E_EXPECT is not set';
  return null;
}

runOrSkip('web map in Chromium', missingSetupHere(), suite);

function suite() {
  const expect = JSON.parse(fs.readFileSync(process.env.DATELINE_E2E_EXPECT, 'utf8'));
  const xssText = expect.xss_text || DEFAULT_XSS_TEXT;
  // A view showing the whole world whatever the window size (zoom 1 = 512 px wide).
  const WORLD = '#map=1/15/0';
  let browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
  });

  /** Open the page; collects page errors in page.errors. */
  async function open(hash = WORLD, viewport = { width: 1400, height: 900 }) {
    const page = await browser.newPage({ viewport });
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') page.errors.push('console: ' + m.text());
    });
    await page.goto(BASE + '/' + hash);
    await page.waitForFunction(() => window.datelineApp && document.querySelector('#count').dataset.count !== '');
    await settle(page);
    return page;
  }

  async function settle(page) {
    await page.evaluate(() => window.datelineApp.settled());
    await page.waitForTimeout(50);
    await page.evaluate(() => window.datelineApp.settled());
  }

  /** The count the page reports (numberMatched for the view). */
  const shown = (page) => page.$eval('#count', (e) => Number(e.dataset.count));

  /** What is drawn: single markers + the counts on client and server clusters. */
  const drawn = (page) =>
    page.evaluate(() => {
      const pane = document.querySelector('#map .leaflet-marker-pane');
      let n = pane.querySelectorAll('.dl-marker').length;
      for (const c of pane.querySelectorAll('.dl-cluster, .dl-server-cluster')) n += Number(c.dataset.count);
      return n;
    });

  const CSS_escape = (s) => String(s).replace(/["\\]/g, '\\$&');
  const hashParams = (page) => new URLSearchParams(new URL(page.url()).hash.slice(1));

  async function onlyType(page, type) {
    await page.click('#types-none');
    await page.check('#type-' + type);
    await settle(page);
  }

  /** Drag across the timeline from fraction a to b of its width, with the real mouse. */
  async function brush(page, a, b) {
    const box = await page.locator('#tl-svg .tl-brush .overlay').boundingBox();
    assert.ok(box && box.width > 50, 'timeline brush area is drawn');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * a, y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width * (a + ((b - a) * i) / 8), y);
    await page.mouse.up();
    await settle(page);
  }

  /** Drag across the timeline between two page x coordinates. */
  async function brushPx(page, x0, x1) {
    const box = await page.locator('#tl-svg .tl-brush .overlay').boundingBox();
    assert.ok(box && box.width > 50, 'timeline brush area is drawn');
    await brush(page, (x0 - box.x) / box.width, (x1 - box.x) / box.width);
  }

  /** Located events (undated included) the server exports for a "a/b" range. */
  async function locatedInRange(dt) {
    const u = new URL(BASE + '/export.geojson');
    u.searchParams.set('datetime', dt);
    u.searchParams.set('undated', 'true');
    const fc = await (await fetch(u)).json();
    return fc.features.filter((f) => f.geometry).length;
  }

  /**
   * The timeline bar holding the most located, dated events (from the server's export), with
   * its start day and its left and right edges on the page. The seed's dates may bunch at the
   * ends of the axis, so no fixed fraction of the axis is assumed to hold any.
   */
  async function busiestBar(page) {
    const all = await (await fetch(BASE + '/export.geojson')).json();
    const days = all.features.filter((f) => f.geometry && f.properties.date).map((f) => String(f.properties.date).slice(0, 10));
    const bars = (await page.$$eval('#tl-svg .tl-bars rect', (rs) => rs.map((r) => {
      const b = r.getBoundingClientRect();
      return { start: (r.querySelector('title') || {}).textContent.slice(0, 10), left: b.left, right: b.right, n: 0 };
    }))).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    assert.ok(bars.length >= 2, 'the timeline has several bars');
    for (const d of days) {
      // An event falls in the last bar that starts on or before its day.
      let i = bars.length - 1;
      while (i >= 0 && bars[i].start > d) i--;
      if (i >= 0) bars[i].n++;
    }
    const best = bars.reduce((a, b) => (b.n > a.n ? b : a));
    assert.ok(best.n > 0, 'some timeline bar holds located, dated events');
    return best;
  }

  const mostCommonType = Object.entries(expect.by_type).sort((x, y) => y[1] - x[1])[0][0];

  describe('web map in Chromium', () => {
    let page;
    before(async () => {
      page = await open();
    });
    after(async () => {
      if (page) await page.close();
    });

    test('markers or clusters show every dated located event', async () => {
      const want = expect.total - expect.undated;
      assert.equal(await shown(page), want, 'count in the top bar');
      assert.equal(await drawn(page), want, 'markers + cluster counts on the map');
      const countries = await page.$$eval('#map canvas', (c) => c.length);
      assert.ok(countries >= 1, 'the offline basemap is drawn');
    });

    test('the undated toggle adds the undated events', async () => {
      await page.check('#f-undated');
      await settle(page);
      assert.equal(await shown(page), expect.total);
      assert.equal(await drawn(page), expect.total);
      assert.equal(hashParams(page).get('undated'), '1');
    });

    test('a type filter changes the count', async () => {
      await onlyType(page, mostCommonType);
      assert.equal(await shown(page), expect.by_type[mostCommonType]);
      assert.equal(await drawn(page), expect.by_type[mostCommonType]);
      assert.equal(hashParams(page).get('type'), mostCommonType);
      await page.click('#types-all');
      await settle(page);
      assert.equal(await shown(page), expect.total);
    });

    test('brushing the timeline filters the map', async () => {
      // 30–60 % of the axis: whatever the seed holds there, possibly no dated event at all
      // (then only the undated ones are left). The count must be what the server exports for
      // the range, and every counted event must be drawn.
      await brush(page, 0.3, 0.6);
      const n = await shown(page);
      const dt = hashParams(page).get('datetime');
      assert.match(dt || '', /^\d{4}-\d\d-\d\d\/\d{4}-\d\d-\d\d$/, 'range in the URL');
      assert.ok(n < expect.total, `brushed count ${n} is below the total ${expect.total}`);
      assert.ok(n >= expect.undated, 'undated events stay shown');
      assert.equal(n, await locatedInRange(dt), 'count = located events the server has for the range');
      assert.equal(await drawn(page), n, 'markers + cluster counts on the map');
      assert.equal(await page.inputValue('#tl-from'), dt.split('/')[0]);
      // Dragging the selection itself moves the range.
      await brush(page, 0.45, 0.55);
      const moved = hashParams(page).get('datetime');
      assert.notEqual(moved, dt, 'moving the brush moves the range');
      assert.equal(await drawn(page), await shown(page), 'drawn after moving the brush');

      // A range that does hold dated events: clear the brush, then drag over the bar of the
      // timeline that holds the most located events.
      await page.click('#tl-clear');
      await settle(page);
      assert.equal(hashParams(page).get('datetime'), null, '"All dates" clears the range');
      const bar = await busiestBar(page);
      await brushPx(page, bar.left - 1, bar.right + 1);
      const dt2 = hashParams(page).get('datetime');
      assert.ok(dt2 && dt2.startsWith(bar.start + '/'), `range ${dt2} starts at the bar ${bar.start}`);
      const n2 = await shown(page);
      assert.ok(n2 > expect.undated, `the bar of ${bar.start} holds dated events (${n2} shown)`);
      assert.ok(n2 < expect.total, `brushed count ${n2} is below the total ${expect.total}`);
      assert.equal(n2, await locatedInRange(dt2), 'count = located events the server has for the range');
      assert.equal(await drawn(page), n2, 'markers + cluster counts on the map');
    });

    test('the GeoJSON download holds exactly the filtered events', async () => {
      await onlyType(page, mostCommonType);
      const count = await shown(page);
      const listIds = (await page.$$eval('#list-items button.row', (rows) => rows.map((r) => r.dataset.id))).sort();
      assert.equal(listIds.length, count, 'list rows = count');

      const href = await page.$eval('#dl-geojson', (a) => a.href);
      const u = new URL(href);
      assert.equal(u.searchParams.get('type'), mostCommonType);
      assert.equal(u.searchParams.get('datetime'), hashParams(page).get('datetime'));
      assert.equal(u.searchParams.get('undated'), 'true');
      assert.equal(u.searchParams.get('bbox'), null, 'no bbox unless asked');
      const all = await (await fetch(href)).json();
      assert.equal(all.type, 'FeatureCollection');
      for (const f of all.features) assert.equal(f.properties.type, mostCommonType);
      const located = all.features.filter((f) => f.geometry).map((f) => String(f.id)).sort();
      assert.deepEqual(located, listIds, 'exported located events = events on the map');

      // Limited to the view: exactly the map's events.
      await page.check('#f-limitview');
      const href2 = await page.$eval('#dl-geojson', (a) => a.href);
      assert.ok(new URL(href2).searchParams.get('bbox'), 'bbox when limited to the view');
      const res = await fetch(href2);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') || '', /attachment/);
      const inView = (await res.json()).features.map((f) => String(f.id)).sort();
      assert.deepEqual(inView, listIds);
      const csv = await fetch(await page.$eval('#dl-csv', (a) => a.href));
      assert.equal(csv.status, 200);
      await page.uncheck('#f-limitview');
    });

    test('a copied URL reopens the same state', async () => {
      const url = page.url();
      const state = async (p) => ({
        count: await shown(p),
        types: await p.$$eval('#type-groups input[name="type"]:checked', (c) => c.map((x) => x.value)),
        from: await p.inputValue('#tl-from'),
        to: await p.inputValue('#tl-to'),
        undated: await p.isChecked('#f-undated'),
        map: hashParams(p).get('map'),
        brushed: await p.$eval('#tl-svg .tl-brush .selection', (s) => s.style.display !== 'none' && Number(s.getAttribute('width')) > 0),
      });
      const before = await state(page);
      assert.ok(before.from && before.brushed);
      const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await other.goto(url);
      await other.waitForFunction(() => window.datelineApp && document.querySelector('#count').dataset.count !== '');
      await settle(other);
      assert.deepEqual(await state(other), before);
      await other.close();
    });

    test('no script error on the page', () => {
      assert.deepEqual(page.errors, []);
    });
  });

  test('article HTML is shown as text, never run', async () => {
    let page = await open(WORLD + '&undated=1');
    const rowSel = `#list-items button.row[data-id="${CSS_escape(expect.xss_event_id)}"]`;
    let row = page.locator(rowSel);
    if ((await row.count()) === 0) {
      // More events than the list holds for the world: open the map where the event is.
      const all = await (await fetch(BASE + '/export.geojson')).json();
      const f = all.features.find((x) => String(x.id) === String(expect.xss_event_id));
      assert.ok(f && f.geometry, 'the XSS event is exported with a location');
      const [lon, lat] = f.geometry.coordinates;
      await page.close();
      page = await open(`#map=12/${lat}/${lon}&undated=1`);
      row = page.locator(rowSel);
    }
    assert.equal(await row.count(), 1, 'the event is listed');
    await row.click();
    const popup = page.locator('.leaflet-popup .dl-popup');
    await popup.waitFor({ timeout: 10000 });
    await settle(page);
    const text = await popup.textContent();
    for (const s of xssText) assert.ok(text.includes(s), `popup shows ${JSON.stringify(s)} as text`);
    if (expect.xss_place) assert.ok(text.includes(expect.xss_place), `popup names the place ${JSON.stringify(expect.xss_place)}: ${text}`);
    assert.equal(await page.locator('.leaflet-popup img, .leaflet-popup script').count(), 0);
    assert.equal(await page.locator('#list-items img, #list-items script').count(), 0);
    assert.ok(await page.locator('.leaflet-popup mark.hl-trigger').count() >= 1, 'trigger highlighted');
    for (const a of await page.$$eval('.leaflet-popup .dl-popup a', (as) => as.map((x) => x.getAttribute('href')))) {
      assert.match(a, /^https?:/, 'only http(s) links');
    }
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('screenshots (desktop and phone)', async () => {
    const page = await open('');
    await page.screenshot({ path: path.join(ARTIFACTS, 'map.png') });
    assert.ok(fs.statSync(path.join(ARTIFACTS, 'map.png')).size > 10000);
    await page.close();

    const phone = await open('', { width: 390, height: 844 });
    assert.equal(await phone.isVisible('#filters'), false, 'filters start closed on a phone');
    await phone.click('#toggle-filters');
    assert.equal(await phone.isVisible('#filters'), true, 'the filter button opens them');
    await phone.click('#toggle-filters');
    assert.ok((await shown(phone)) > 0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'map-phone.png') });
    assert.deepEqual(phone.errors, []);
    await phone.close();
  });
}
