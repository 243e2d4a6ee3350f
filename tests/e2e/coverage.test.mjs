// The dashboard (/) and the region pages (/wilayah/…): the figures a reader sees are the API's,
// the map and the search lead to a region's page, the children table sorts, the breadcrumbs go
// back up, and the table's CSV download carries the same numbers.

import { after, before, test } from 'node:test';
import {
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  getJson,
  launch,
  newPage,
  parseAmount,
  screenshot,
  url,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The JSON body of a successful GET. */
async function api(path) {
  const { status, body } = await getJson(path);
  assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}

/** A percentage as the pages write it: two decimals, a decimal comma, " %". */
function percent(value) {
  return `${value.toFixed(2).replace('.', ',')} %`;
}

/** The headline of a coverage page: the percentage, protected workers and the target. */
async function headline(page) {
  const big = (await page.textContent('.headline .big')).replace('Cakupan UCJ', '').replace('UCJ coverage', '');
  const strong = await page.locator('.headline .vs strong').allTextContents();
  return { pct: big.trim(), protected: parseAmount(strong[0]), target: parseAmount(strong[1]) };
}

test('the dashboard shows the national figures of the API, and its map opens a kab/kota', async () => {
  const dash = await api('/api/v1/dashboard');
  const page = await newPage(browser);
  try {
    await page.goto(url(`/?tanggal=${dash.date}`));
    const seen = await headline(page);
    assert.equal(seen.protected, dash.coverage.protected);
    assert.equal(seen.target, dash.coverage.target.workers);
    assert.equal(seen.pct, percent(dash.coverage.coverage_pct));
    // The ten best kab/kota as the API ranks them, in order, with their coverage.
    const best = page.locator('section[aria-labelledby=terbaik] tbody tr');
    const names = await best.locator('th a').allTextContents();
    assert.deepEqual(
      names,
      dash.best.map((r) => r.name),
    );
    const pcts = await best.locator('td:nth-child(3)').allTextContents();
    assert.deepEqual(
      pcts,
      dash.best.map((r) => percent(r.coverage_pct)),
    );
    // Every kab/kota of the map is a link to its page; a click opens it.
    assert.equal(await page.locator('svg.ucj-map a').count(), dash.regencies.length);
    const paser = dash.regencies.find((r) => r.code === '64.01');
    const link = page.locator('svg.ucj-map a[href="/wilayah/64.01"]');
    assert.equal((await link.locator('title').textContent()).trim(), `Kabupaten Paser: ${percent(paser.coverage_pct)}`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/wilayah/64.01'), link.click()]);
    assert.equal((await page.textContent('h1')).includes('Kabupaten Paser'), true);
    const summary = await api('/api/v1/regions/64.01/summary');
    const there = await headline(page);
    assert.equal(there.protected, summary.coverage.protected);
    assert.equal(there.pct, percent(summary.coverage.coverage_pct));
    await screenshot(page, 'alur__peta-ke-paser__1280');
  } finally {
    await closePage(page);
  }
});

test('a province page sorts its kab/kota as the API does and downloads the same numbers', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  try {
    await page.goto(url('/wilayah/64'));
    const rows = page.locator('table.children tbody tr');
    const codesBefore = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(codesBefore, [...codesBefore].sort(), 'code order first');

    // "Cakupan" sorts by coverage, highest first; the header says so to screen readers.
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('urut') === 'cakupan'),
      page.click('table.children thead a:text-is("Cakupan")'),
    ]);
    assert.equal(await page.getAttribute('table.children th[aria-sort]', 'aria-sort'), 'descending');
    const sorted = await api('/api/v1/regions/64/summary?sort=coverage&order=desc');
    const codes = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(
      codes,
      sorted.children.map((c) => c.code),
    );
    const protectedSeen = (await rows.locator('td:nth-child(5)').allTextContents()).map(parseAmount);
    assert.deepEqual(
      protectedSeen,
      sorted.children.map((c) => c.protected),
    );
    await assertNoHorizontalScroll(page, '/wilayah/64 sorted at 360 px');
    await assertAccessible(page, '/wilayah/64 sorted');

    // The CSV behind "Unduh tabel ini" has Paser's protected workers.
    const href = await page.getAttribute('.exports a:text-is("CSV")', 'href');
    const csv = await (await page.request.get(url(href))).text();
    const paser = sorted.children.find((c) => c.code === '64.01');
    const line = csv.split('\n').find((l) => l.includes('64.01'));
    assert.ok(line, `no 64.01 line in ${csv.slice(0, 400)}`);
    assert.ok(
      line.replaceAll('.', '').includes(String(paser.protected)),
      `${paser.protected} in ${line}`,
    );
    await screenshot(page, 'alur__urut-cakupan__360');
  } finally {
    await closePage(page);
  }
});

test('the search box finds a region by name, and the breadcrumbs lead back up', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(url('/'));
    await page.fill('#cari-wilayah', 'paser');
    await Promise.all([page.waitForURL((u) => u.pathname === '/wilayah'), page.press('#cari-wilayah', 'Enter')]);
    const hit = page.locator('ul.hits a', { hasText: 'Kabupaten Paser' }).first();
    await Promise.all([page.waitForURL((u) => u.pathname === '/wilayah/64.01'), hit.click()]);
    // Down to a district from the children table, then up again by the breadcrumbs.
    const district = page.locator('table.children tbody th a').first();
    const districtName = (await district.textContent()).trim();
    await Promise.all([page.waitForURL((u) => /^\/wilayah\/64\.01\.\d\d$/.test(u.pathname)), district.click()]);
    assert.ok((await page.textContent('h1')).includes(districtName));
    const crumbs = await page.locator('nav.crumbs li').allTextContents();
    assert.deepEqual(crumbs.slice(0, 3), ['Indonesia', 'Kalimantan Timur', 'Kabupaten Paser']);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/wilayah/64'),
      page.click('nav.crumbs a:text-is("Kalimantan Timur")'),
    ]);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('nav.crumbs a:text-is("Indonesia")')]);
  } finally {
    await closePage(page);
  }
});
