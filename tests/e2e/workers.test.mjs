// /pekerja and /pekerja/{nik}: an operator finds a worker of their kab/kota by name and sees the
// full record, the same as the API gives; the public sees the same worker masked; a bad NIK is
// refused with its reason in Bahasa Indonesia.

import { after, before, test } from 'node:test';
import {
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  launch,
  newPage,
  screenshot,
  signIn,
  url,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// The demo loads Kab. Paser's 2023 lists, whose workers are named "Pekerja Paser N".
const NAME = 'Pekerja Paser 1';

test('an operator finds a worker by name in their kab/kota and sees the full record, as the API does', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  try {
    await signIn(page, 'operator', { next: '/pekerja' });
    await page.fill('#wilayah', '64.01');
    await page.fill('#nama', NAME);
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('form', { has: page.locator('#nama') }).locator('button[type=submit]').click(),
    ]);
    const rows = page.locator('#hasil table tbody tr');
    assert.ok((await rows.count()) >= 1, 'no worker found');
    await assertAccessible(page, 'name search results');
    await assertNoHorizontalScroll(page, 'name search results at 360 px');
    await screenshot(page, 'pekerja-hasil-operator-360');

    const link = rows.first().locator('a.nik');
    const nik = (await link.textContent()).trim();
    assert.match(nik, /^\d{16}$/, 'the operator sees the full NIK in their scope');
    await Promise.all([page.waitForURL(/\/pekerja\/\d{16}/), link.click()]);
    assert.equal((await page.textContent('dd.nik')).trim(), nik);

    // The API, asked with the same session, answers the same worker in full.
    const api = await page.request.get(url(`/api/v1/workers/${nik}`));
    assert.equal(api.status(), 200);
    const worker = await api.json();
    assert.equal(worker.view, 'full');
    assert.equal((await page.textContent('h1')).trim(), worker.name);
    assert.equal(await page.locator('table.periods tbody tr').count(), worker.periods.length, 'one history row per period');
    await assertAccessible(page, 'the worker page (full)');
    await assertNoHorizontalScroll(page, 'the worker page at 360 px');
    await screenshot(page, 'pekerja-lengkap-operator-360');

    // The public sees the same worker masked, and the API agrees.
    const pub = await newPage(browser, { width: 360, height: 740 });
    try {
      await pub.goto(url(`/pekerja/${nik}`));
      const shown = (await pub.textContent('dd.nik')).trim();
      const masked = await (await fetch(url(`/api/v1/workers/${nik}`))).json();
      assert.equal(masked.view, 'masked');
      assert.equal(shown, masked.nik);
      assert.ok(!shown.includes(nik.slice(4, 12)), `public page shows the NIK's middle digits: ${shown}`);
      assert.equal((await pub.textContent('h1')).trim(), masked.name);
      assert.notEqual(masked.name, worker.name, 'the name is masked for the public');
      await assertAccessible(pub, 'the worker page (masked)');
      await screenshot(pub, 'pekerja-tersamar-publik-360');
    } finally {
      await closePage(pub);
    }
  } finally {
    await closePage(page);
  }
});

test('the public NIK check refuses a NIK of the wrong length with its reason', async () => {
  const page = await newPage(browser, { width: 1280, height: 800 });
  try {
    await page.goto(url('/pekerja'));
    await page.fill('#nik', '64010412');
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('form', { has: page.locator('#nik') }).locator('button[type=submit]').click(),
    ]);
    const text = await page.textContent('main');
    assert.ok(text.includes('64010412'), 'the message names the value');
    assert.match(text, /16 (angka|digit)/, `the message gives the reason: ${text}`);
    await assertAccessible(page, 'the NIK check with an error');
  } finally {
    await closePage(page);
  }
});
