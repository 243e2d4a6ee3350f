// /pekerja: the public checks a NIK and sees it masked; an operator of Kab. Paser finds workers
// by name in the region, opens one and sees the full NIK and the coverage history; a bad NIK is
// refused with its reason.

import { after, before, test } from 'node:test';
import {
  assert,
  assertAccessible,
  closePage,
  launch,
  newPage,
  screenshot,
  sessionOf,
  url,
} from './lib.mjs';

let browser;
let operator;
before(async () => {
  browser = await launch();
  operator = await sessionOf(browser, 'operator');
});
after(async () => {
  await browser?.close();
});

/** Submits the form holding `button` and waits for the page it leads to. */
async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
}

test('an operator finds a Paser worker by name and opens the full record; the public sees it masked', async () => {
  const page = await newPage(browser, { storageState: operator });
  let nik;
  try {
    await page.goto(url('/pekerja'));
    await page.fill('#wilayah', '64.01');
    await page.fill('#nama', 'Pekerja Paser');
    await submit(page, 'form:has(input[name=cari][value=nama]) button[type=submit]');
    const rows = page.locator('table.workers tbody tr');
    assert.ok((await rows.count()) > 0, 'workers are found');
    const first = rows.first();
    assert.ok((await first.locator('td:nth-child(2)').textContent()).startsWith('Pekerja Paser'));
    nik = (await first.locator('a.nik').textContent()).trim();
    assert.match(nik, /^6401\d{12}$/, 'the operator of the region sees the full NIK');
    await assertAccessible(page, '/pekerja results');
    await submit(page, 'table.workers tbody tr:first-child a.nik');
    assert.equal(new URL(page.url()).pathname, `/pekerja/${nik}`);
    assert.ok((await page.textContent('main')).includes(nik));
    assert.ok((await page.locator('table.periods tbody tr').count()) > 0, 'the coverage history');
    await screenshot(page, 'alur__pekerja-lengkap__1280');
  } finally {
    await closePage(page);
  }

  const pub = await newPage(browser, { width: 360, height: 740 });
  try {
    await pub.goto(url('/pekerja'));
    await pub.fill('#nik', nik);
    await submit(pub, 'form:has(input[name=cari][value=nik]) button[type=submit]');
    const main = await pub.textContent('main');
    const masked = `${nik.slice(0, 4)}••••••••${nik.slice(12)}`;
    assert.ok(main.includes(masked), `masked ${masked} in ${main.slice(0, 600)}`);
    assert.ok(!main.includes(nik), 'the full NIK is not shown to the public');
    await pub.fill('#nik', '6401 0101');
    await submit(pub, 'form:has(input[name=cari][value=nik]) button[type=submit]');
    assert.ok((await pub.textContent('[role=alert]')).includes('NIK harus 16 digit'));
    await assertAccessible(pub, '/pekerja with an error');
    await screenshot(pub, 'alur__pekerja-tersamar__360');
  } finally {
    await closePage(pub);
  }
});
