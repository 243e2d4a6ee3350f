// /admin/pengguna and /admin/audit as an administrator: an account made in the browser, its first
// sign-in with the temporary password, the forced password change, and the trail of all that.

import { after, before, test } from 'node:test';
import {
  ACCOUNTS,
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  launch,
  newPage,
  screenshot,
  sessionOf,
  signIn,
  url,
} from './lib.mjs';

let browser;
let admin;
before(async () => {
  browser = await launch();
  admin = await sessionOf(browser, 'admin');
});
after(async () => {
  await browser?.close();
});

test('/admin/pengguna lists the accounts with their roles and scopes', async () => {
  const page = await newPage(browser, { storageState: admin });
  try {
    await page.goto(url('/admin/pengguna'));
    assert.equal((await page.textContent('h1')).trim(), 'Pengguna');
    const op = page.locator('main tbody tr', { has: page.locator(`a:text-is("${ACCOUNTS.operator.username}")`) });
    assert.equal(await op.count(), 1, 'the operator is listed');
    const cells = (await op.locator('td').allTextContents()).map((t) => t.trim());
    assert.equal(cells[2], 'Operator Pemda');
    assert.ok(cells[3].startsWith(ACCOUNTS.operator.scope), `scope ${cells[3]}`);
    assert.equal(cells[4], 'aktif');
    // The edit page of the operator opens from the list and passes axe too.
    await Promise.all([page.waitForURL(/\/admin\/pengguna\/\d+$/), op.locator('a').click()]);
    assert.equal(await page.inputValue('#scope'), ACCOUNTS.operator.scope);
    assert.equal(await page.inputValue('#role'), 'pemda_operator');
    await assertAccessible(page, 'the edit page of an account');
    await screenshot(page, 'alur__pengguna-ubah__1280');
  } finally {
    await closePage(page);
  }
});

test('an account made on /admin/pengguna signs in with its temporary password and must change it', async () => {
  const username = `petugas${Date.now() % 1_000_000}`;
  const newPassword = 'Lumba-lumba berenang di Teluk Balikpapan';
  const page = await newPage(browser, { storageState: admin, width: 360, height: 740 });
  let temporary;
  try {
    await page.goto(url('/admin/pengguna'));
    await page.fill('#username', username);
    await page.fill('#full_name', 'Petugas Uji Ujung ke Ujung');
    await page.selectOption('#role', 'pemda_operator');
    await page.fill('#scope', '64.01.04');
    await page.fill('#institution', 'Disnakertrans Kab. Paser');
    await Promise.all([
      page.waitForResponse((r) => r.url() === url('/admin/pengguna') && r.request().method() === 'POST'),
      page.click('form[action="/admin/pengguna"] button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    assert.equal((await page.textContent('h1')).trim(), 'Akun dibuat');
    temporary = (await page.textContent('#rahasia')).trim();
    assert.ok(temporary.length >= 10, 'a temporary password is shown');
    await assertAccessible(page, 'the account-created page');
    await assertNoHorizontalScroll(page, 'the account-created page at 360 px');
    await screenshot(page, 'alur__pengguna-dibuat__360');

    // A user name already taken is refused with a message naming it.
    await page.goto(url('/admin/pengguna'));
    await page.fill('#username', username);
    await page.fill('#full_name', 'Orang Lain');
    await page.fill('#scope', 'nasional');
    await page.click('form[action="/admin/pengguna"] button[type=submit]');
    await page.waitForLoadState('load');
    const err = (await page.textContent('main [role=alert]')).trim();
    assert.ok(err.includes(username), `the refusal names the user name: ${err}`);
    await assertAccessible(page, '/admin/pengguna with an error');
  } finally {
    await closePage(page);
  }

  // The new user, in a browser of their own.
  const user = await newPage(browser, { width: 360, height: 740 });
  try {
    await user.goto(url('/masuk'));
    await user.fill('#username', username);
    await user.fill('#password', temporary);
    await Promise.all([user.waitForURL((u) => u.pathname === '/akun'), user.click('main form button[type=submit]')]);
    const alerts = await user.locator('main [role=alert]').allTextContents();
    assert.ok(alerts.some((a) => a.includes('Ganti kata sandi sementara')), `alerts: ${alerts}`);
    // No API token before the temporary password is changed.
    await user.fill('#token_name', 'terlalu-cepat');
    const [refused] = await Promise.all([
      user.waitForResponse((r) => r.url() === url('/akun/token')),
      user.click('form[action="/akun/token"] button[type=submit]'),
    ]);
    assert.equal(refused.status(), 403);

    await user.goto(url('/akun'));
    await user.fill('#current', temporary);
    await user.fill('#new', newPassword);
    await Promise.all([user.waitForURL((u) => u.pathname === '/masuk'), user.click('form[action="/akun/sandi"] button[type=submit]')]);
    await signIn(user, { username, password: newPassword }, { next: '/akun?pesan=sandi' });
    assert.equal((await user.textContent('main [role=status]')).trim(), 'Kata sandi telah diganti.');
    assert.equal(await user.locator('main [role=alert]').count(), 0, 'still asked to change the password');
  } finally {
    await closePage(user);
  }

  // The trail has it all, newest first.
  const trail = await newPage(browser, { storageState: admin });
  try {
    await trail.goto(url(`/admin/audit?object=${encodeURIComponent(`user:${username}`)}`));
    const actions = (await trail.locator('main tbody tr td:nth-child(5)').allTextContents()).map((t) => t.trim());
    for (const a of ['user.create', 'login.ok', 'user.password_change']) {
      assert.ok(actions.includes(a), `${a} missing from the trail of user:${username}: ${actions}`);
    }
    const create = trail.locator('main tbody tr', { has: trail.locator('td:text-is("user.create")') });
    assert.equal((await create.locator('td:nth-child(3)').textContent()).trim(), ACCOUNTS.admin.username, 'the actor');
    assert.ok(!(await trail.content()).includes(temporary), 'the temporary password is in the trail');
    assert.ok(!(await trail.content()).includes(newPassword), 'the password is in the trail');
    await assertAccessible(trail, '/admin/audit filtered');
    await assertNoHorizontalScroll(trail, '/admin/audit filtered');
    await screenshot(trail, 'alur__audit-pengguna__1280');
  } finally {
    await closePage(trail);
  }
});

test('/admin/audit filters by action and shows a sound hash chain', async () => {
  const page = await newPage(browser, { storageState: admin });
  try {
    await page.goto(url('/admin/audit'));
    await page.fill('#action', 'login.');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('action') === 'login.'), page.click('form.filters button[type=submit]')]);
    const actions = (await page.locator('main tbody tr td:nth-child(5)').allTextContents()).map((t) => t.trim());
    assert.ok(actions.length > 0, 'no sign-in in the trail');
    assert.ok(actions.every((a) => a.startsWith('login.')), `unfiltered rows: ${actions}`);
    const chain = await page.locator('main p', { hasText: 'Rantai hash' }).textContent();
    assert.match(chain, /Rantai hash: utuh \(\d+ entri\)/, `chain status: ${chain}`);
    // The CSV link keeps the filter.
    const href = await page.getAttribute('main a[href^="/admin/audit.csv"]', 'href');
    assert.ok(href.includes('action=login.'), `CSV link ${href}`);
  } finally {
    await closePage(page);
  }
});
