// /akun: the account's own page, and an API token made there and used.

import { after, before, test } from 'node:test';
import {
  ACCOUNTS,
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  getJson,
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

/** The value of the row headed `name` in /akun's first table. */
async function profile(page, name) {
  return (await page.locator('main table').first().locator('tr', { has: page.locator(`th:text-is("${name}")`) }).locator('td').textContent()).trim();
}

test("/akun shows the operator's name, role and kab/kota", async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  try {
    await signIn(page, 'operator');
    assert.equal((await page.textContent('h1')).trim(), 'Akun saya');
    assert.equal(await profile(page, 'Nama pengguna'), ACCOUNTS.operator.username);
    assert.equal(await profile(page, 'Peran'), 'Operator Pemda');
    assert.ok((await profile(page, 'Wilayah kewenangan')).startsWith(ACCOUNTS.operator.scope), 'scope shown');
    // This very session is listed.
    assert.ok((await page.locator('main table').nth(1).locator('tbody tr').count()) >= 1, 'no session listed');
  } finally {
    await closePage(page);
  }
});

test('an API token made on /akun is shown once, works, and stops working when revoked', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  const name = `e2e-${Date.now()}`;
  try {
    await signIn(page, 'operator');
    await page.fill('#token_name', name);
    await page.fill('#token_days', '7');
    await Promise.all([page.waitForURL((u) => u.pathname === '/akun/token'), page.click('form[action="/akun/token"] button[type=submit]')]);
    const token = (await page.textContent('#rahasia')).trim();
    assert.match(token, /^ptk_[A-Za-z0-9_-]{20,}$/);
    await assertAccessible(page, 'the new token page');
    await assertNoHorizontalScroll(page, 'the new token page at 360 px');

    const me = await getJson('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(me.body.username, ACCOUNTS.operator.username);
    assert.equal(me.body.via, 'token');
    assert.equal(me.body.read_only, true);

    // Listed on /akun by name and prefix, never in full.
    await page.goto(url('/akun'));
    const row = page.locator('main tbody tr', { hasText: name });
    assert.equal(await row.count(), 1);
    assert.ok(!(await page.content()).includes(token), 'the full token is on /akun');
    await screenshot(page, 'alur__akun-token__360');
    await Promise.all([page.waitForURL((u) => u.pathname === '/akun'), row.locator('button').click()]);
    assert.ok((await page.locator('main tbody tr', { hasText: name }).textContent()).includes('dicabut'));
    const revoked = await getJson('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.status, 401);
  } finally {
    await closePage(page);
  }
});
